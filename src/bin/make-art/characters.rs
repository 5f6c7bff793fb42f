//! Character sprites: Mira, Leo, Samantha, Jasper, AIDA, the traditional
//! dentists, two patients and Leo's teacher.
//!
//! Humans are composed in "letter space" from a head (one per character, since
//! hair and face make the person) and a body (adult or child build), then
//! shaded and coloured with the character's own palette. Symmetric views are
//! drawn as a left half and mirrored, so they stay symmetric.
//!
//! Sheet layout (`levels/tilesets/characters.png`), cells of 16×32, one row a
//! character in the order of [`ROSTER`], columns:
//! `0-1` idle down, `2-5` walk down, `6-7` idle up, `8-11` walk up,
//! `12-13` idle right, `14-17` walk right (left is right, flipped).

use crate::canvas::{Canvas, Rgba, hex};
use crate::palette::*;

pub const CELL_W: i32 = 16;
pub const CELL_H: i32 = 32;
pub const COLUMNS: i32 = 18;

type Grid = Vec<Vec<char>>;

fn blank() -> Grid {
    vec![vec!['.'; CELL_W as usize]; CELL_H as usize]
}

/// Stamps rows onto the grid at `top`; `.` is transparent, `x` erases.
fn stamp(g: &mut Grid, top: i32, left: i32, rows: &[String]) {
    for (dy, row) in rows.iter().enumerate() {
        for (dx, ch) in row.chars().enumerate() {
            let (x, y) = (left + dx as i32, top + dy as i32);
            if x < 0 || y < 0 || x >= CELL_W || y >= CELL_H || ch == '.' {
                continue;
            }
            g[y as usize][x as usize] = if ch == 'x' { '.' } else { ch };
        }
    }
}

/// A symmetric block from its left halves (8 characters each).
fn mirrored(halves: &[&str]) -> Vec<String> {
    halves
        .iter()
        .map(|h| {
            assert_eq!(h.chars().count(), 8, "half row {h:?} must be 8 wide");
            let right: String = h.chars().rev().collect();
            format!("{h}{right}")
        })
        .collect()
}

fn full(rows: &[&str]) -> Vec<String> {
    rows.iter()
        .map(|r| {
            assert_eq!(r.chars().count(), 16, "row {r:?} must be 16 wide");
            r.to_string()
        })
        .collect()
}

#[derive(Clone, Copy, PartialEq)]
pub enum Facing {
    Down,
    Up,
    Right,
}

/// Who is on the sheet, in row order. The game's `CharacterSprite` rows follow it.
pub const ROSTER: [Who; 10] = [
    Who::Mira,
    Who::Leo,
    Who::Samantha,
    Who::Jasper,
    Who::Aida,
    Who::Halloran,
    Who::Okafor,
    Who::Ines,
    Who::Theo,
    Who::Lindqvist,
];

#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Who {
    Mira,
    Leo,
    Samantha,
    Jasper,
    Aida,
    Halloran,
    Okafor,
    Ines,
    Theo,
    Lindqvist,
}

struct Look {
    hair: (Rgba, Rgba),
    skin: (Rgba, Rgba),
    coat: (Rgba, Rgba),
    top: (Rgba, Rgba),
    bottom: (Rgba, Rgba),
    shoes: Rgba,
    accent: Rgba,
    metal: (Rgba, Rgba),
    child: bool,
}

fn look(who: Who) -> Look {
    let light_skin = (hex("#f4cda6"), hex("#d9a57f"));
    match who {
        // Lab coat over a teal shirt, the glowing BioDental badge.
        Who::Mira => Look {
            hair: (hex("#2c3246"), hex("#1c2030")),
            skin: (hex("#f0c8a0"), hex("#d29f7a")),
            coat: (WHITE, SILVER),
            top: (TEAL, TEAL_DEEP),
            bottom: (hex("#34406a"), hex("#242d4d")),
            shoes: hex("#2a2430"),
            accent: GLOW,
            metal: (SILVER, STEEL),
            child: false,
        },
        // Small, a yellow T-shirt, blue shorts, red trainers.
        Who::Leo => Look {
            hair: (hex("#7a4a2a"), hex("#57331d")),
            skin: light_skin,
            coat: (hex("#f4c542"), hex("#cf9a2a")),
            top: (hex("#f4c542"), hex("#cf9a2a")),
            bottom: (hex("#3d74c4"), hex("#2b5493")),
            shoes: hex("#e04848"),
            accent: hex("#f08a8a"),
            metal: (SILVER, STEEL),
            child: true,
        },
        // A coral cardigan, long auburn hair.
        Who::Samantha => Look {
            hair: (hex("#b0482c"), hex("#7f301d")),
            skin: (hex("#eab48c"), hex("#c98f69")),
            coat: (hex("#ee7468"), hex("#c24f52")),
            top: (CREAM, CREAM_2),
            bottom: (hex("#2f6372"), hex("#214652")),
            shoes: hex("#5a3a30"),
            accent: GLOW,
            metal: (SILVER, STEEL),
            child: false,
        },
        // Old-fashioned cream whites and a head mirror.
        Who::Halloran => Look {
            hair: (hex("#c3c7cf"), hex("#8f95a1")),
            skin: (hex("#f1c6a6"), hex("#cf9c7c")),
            coat: (CREAM, CREAM_2),
            top: (CREAM, CREAM_2),
            bottom: (hex("#5c6070"), hex("#434653")),
            shoes: hex("#3a2b24"),
            accent: hex("#7b8fa8"),
            metal: (hex("#e8edf3"), hex("#8d99a8")),
            child: false,
        },
        Who::Okafor => Look {
            hair: (hex("#2b2322"), hex("#1a1413")),
            skin: (hex("#8e5b3c"), hex("#6c412a")),
            coat: (CREAM, CREAM_2),
            top: (CREAM, CREAM_2),
            bottom: (hex("#394a5e"), hex("#283646")),
            shoes: hex("#2c2020"),
            accent: hex("#7b8fa8"),
            metal: (hex("#e8edf3"), hex("#8d99a8")),
            child: false,
        },
        // An elderly patient in a lilac cardigan.
        Who::Ines => Look {
            hair: (hex("#eceef4"), hex("#b9bdca")),
            skin: (hex("#dba47c"), hex("#b98260")),
            coat: (hex("#a487cf"), hex("#7b60a8")),
            top: (hex("#a487cf"), hex("#7b60a8")),
            bottom: (hex("#56506b"), hex("#3e3a50")),
            shoes: hex("#3b2f35"),
            accent: GLOW,
            metal: (SILVER, STEEL),
            child: false,
        },
        // A teenager in an orange hoodie, waiting for a check-up.
        Who::Theo => Look {
            hair: (hex("#241c1b"), hex("#140f0f")),
            skin: (hex("#c98c60"), hex("#a46c47")),
            coat: (hex("#ec8442"), hex("#c25f2a")),
            top: (hex("#ec8442"), hex("#c25f2a")),
            bottom: (hex("#3f5a8a"), hex("#2c4066")),
            shoes: WHITE,
            accent: GLOW,
            metal: (SILVER, STEEL),
            child: false,
        },
        // Leo's teacher: a fair bun, dark-rimmed glasses, a moss cardigan.
        Who::Lindqvist => Look {
            hair: (hex("#ecd08a"), hex("#c6a45c")),
            skin: (hex("#f3d0b4"), hex("#d6a98a")),
            coat: (hex("#6f9a5c"), hex("#4f7742")),
            top: (CREAM, CREAM_2),
            bottom: (hex("#3b4768"), hex("#29324c")),
            shoes: hex("#3a2b2b"),
            accent: GLOW,
            metal: (hex("#3a3f4a"), hex("#262a33")),
            child: false,
        },
        Who::Jasper | Who::Aida => unreachable!("robots are drawn, not dressed"),
    }
}

// ---------------------------------------------------------------------------
// Heads: 10 rows each. Letters: o outline, h hair, s skin, e eye, m mouth,
// k blush, g metal (head mirror / glasses).

fn head(who: Who, facing: Facing) -> Vec<String> {
    use Facing::*;
    match (who, facing) {
        (Who::Mira, Down) => mirrored(&[
            "......oo", ".....ohh", "....oohh", "...ohhhh", "..ohhhhh", "..ohhhsh", "..ohssss",
            "..ohsess", "..ohsess", "...osssm",
        ]),
        (Who::Mira, Up) => mirrored(&[
            "......oo", ".....ohh", "....oohh", "...ohhhh", "..ohhhhh", "..ohhhhh", "..ohhhhh",
            "..ohhhhh", "..ohhhhh", "...ohhhh",
        ]),
        (Who::Mira, Right) => full(&[
            "...oooo.........",
            "..ohhhho........",
            "..ohhhhoooo.....",
            "...ohhhhhhhoo...",
            "..ohhhhhhhhhho..",
            "..ohhhhhhhhsso..",
            "..ohhhhhhssssso.",
            "..ohhhhhsssseso.",
            "...ohhhssssseso.",
            "....ohsssssmso..",
        ]),
        (Who::Leo, Down) => mirrored(&[
            "....o.oo", "...ohohh", "..ohhhhh", "..ohhhhh", "..ohhhhh", "..ohshsh", "..osssss",
            "..ossess", "..oksess", "...osssm",
        ]),
        (Who::Leo, Up) => mirrored(&[
            "....o.oo", "...ohohh", "..ohhhhh", "..ohhhhh", "..ohhhhh", "..ohhhhh", "..ohhhhh",
            "..ohhhhh", "..ohhhhh", "...ohhhh",
        ]),
        (Who::Leo, Right) => full(&[
            "......o.o.......",
            "....oohohoo.....",
            "...ohhhhhhhoo...",
            "..ohhhhhhhhhho..",
            "..ohhhhhhhhhhho.",
            "..ohhhhhhhshsho.",
            "..ohhhhhssssso..",
            "..ohhhhssssesso.",
            "...ohhhsksseso..",
            "....ohsssssmso..",
        ]),
        (Who::Samantha, Down) => mirrored(&[
            "........", "....oooo", "...ohhhh", "..ohhhhh", ".ohhhhhh", ".ohhhssh", ".ohhssss",
            ".ohhsess", ".ohhsess", ".ohhosss",
        ]),
        (Who::Samantha, Up) => mirrored(&[
            "........", "....oooo", "...ohhhh", "..ohhhhh", ".ohhhhhh", ".ohhhhhh", ".ohhhhhh",
            ".ohhhhhh", ".ohhhhhh", ".ohhhhhh",
        ]),
        (Who::Samantha, Right) => full(&[
            "................",
            "....oooooo......",
            "...ohhhhhhoo....",
            "..ohhhhhhhhhho..",
            ".ohhhhhhhhhhhho.",
            ".ohhhhhhhhhsso..",
            ".ohhhhhhhssssso.",
            ".ohhhhhhsssseso.",
            ".ohhhhhhssssseso",
            ".ohhhhhohssssmo.",
        ]),
        (Who::Halloran, Down) => mirrored(&[
            "........", "........", "....oooo", "...oshhh", "..ohhssg", "..ohsssg", "..ohssss",
            "..ohsess", "..ohsess", "...osssm",
        ]),
        (Who::Halloran, Up) => mirrored(&[
            "........", "........", "....oooo", "...ohhhh", "..ohhhhh", "..ohhhgh", "..ohhhhh",
            "..ohhhhh", "..ohhhhh", "...ohhhh",
        ]),
        (Who::Halloran, Right) => full(&[
            "................",
            "................",
            "....ooooooo.....",
            "...ohhhhsssoo...",
            "..ohhhhsssggo...",
            "..ohhhhssgGGgo..",
            "..ohhhssssggsso.",
            "..ohhsssssssesoo",
            "...ohssssssseso.",
            "....osssssssmo..",
        ]),
        (Who::Okafor, Down) => mirrored(&[
            "........", "....oooo", "...ohhhh", "..ohhhhh", "..ohgggg", "..ohssss", "..ohssss",
            "..ohsess", "..ohsess", "...osssm",
        ]),
        (Who::Okafor, Up) => mirrored(&[
            "........", "....oooo", "...ohhhh", "..ohhhhh", "..ohgggg", "..ohhhhh", "..ohhhhh",
            "..ohhhhh", "..ohhhhh", "...ohhhh",
        ]),
        (Who::Okafor, Right) => full(&[
            "................",
            "....ooooooo.....",
            "...ohhhhhhhoo...",
            "..ohhhhhhhhhho..",
            "..ohgggggggggo..",
            "..ohhhhhhhssso..",
            "..ohhhhhsssssso.",
            "..ohhhhssssseso.",
            "...ohhhssssseso.",
            "....ohsssssmso..",
        ]),
        (Who::Ines, Down) => mirrored(&[
            "........", "......oo", ".....ohh", "...oohhh", "..ohhhhh", "..ohhsss", "..ohssss",
            "..ohsess", "..ohsess", "...osssm",
        ]),
        (Who::Ines, Up) => mirrored(&[
            "........", "......oo", ".....ohh", "...oohhh", "..ohhhhh", "..ohhhhh", "..ohhhhh",
            "..ohhhhh", "..ohhhhh", "...ohhhh",
        ]),
        (Who::Ines, Right) => full(&[
            "................",
            "..ooo...........",
            ".ohhhoooooo.....",
            ".ohhhhhhhhhoo...",
            "..ohhhhhhhhhho..",
            "..ohhhhhhhssso..",
            "..ohhhhhsssssso.",
            "..ohhhhssssseso.",
            "...ohhhssssseso.",
            "....ohsssssmso..",
        ]),
        (Who::Theo, Down) => mirrored(&[
            "........", "....oooo", "...ohhhh", "..ohhhhh", "..ohhhhh", "..ohhhhh", "..ohssss",
            "..ohsess", "..ohsess", "...osssm",
        ]),
        (Who::Theo, Up) => mirrored(&[
            "........", "....oooo", "...ohhhh", "..ohhhhh", "..ohhhhh", "..ohhhhh", "..ohhhhh",
            "..ohhhhh", "..ohhhhh", "...ohhhh",
        ]),
        (Who::Theo, Right) => full(&[
            "................",
            "....ooooooo.....",
            "...ohhhhhhhoo...",
            "..ohhhhhhhhhho..",
            "..ohhhhhhhhhhho.",
            "..ohhhhhhhhhsso.",
            "..ohhhhhhssssso.",
            "..ohhhhhsssseso.",
            "...ohhhhssssesoo",
            "....ohsssssmso..",
        ]),
        (Who::Lindqvist, Down) => mirrored(&[
            "......oo", ".....ohh", "....oohh", "...ohhhh", "..ohhhhh", "..ohhhss", "..ohssss",
            "..oggegg", "..ohsess", "...osssm",
        ]),
        (Who::Lindqvist, Up) => mirrored(&[
            "......oo", ".....ohh", "....oohh", "...ohhhh", "..ohhhhh", "..ohhhhh", "..ohhhhh",
            "..ogghhh", "..ohhhhh", "...ohhhh",
        ]),
        (Who::Lindqvist, Right) => full(&[
            ".oo.............",
            "ohhoooooo.......",
            "ohhhhhhhhoo.....",
            ".ohhhhhhhhhho...",
            "..ohhhhhhhhhho..",
            "..ohhhhhhhhsso..",
            "..ohhhhhhssssso.",
            "..ohhhhhsggeggo.",
            "...ohhhhssssso..",
            "....ohsssssmso..",
        ]),
        (Who::Jasper | Who::Aida, _) => unreachable!(),
    }
}

// ---------------------------------------------------------------------------
// Bodies. Letters: c outer layer (coat, cardigan, hoodie), t top underneath,
// a accent (badge), s hands, b legs/bottom, f shoes.

/// Torso of an adult, 8 rows from the collar down, for `facing`; `swing`
/// -1/0/1 moves the hands for the walk cycle.
fn adult_torso(facing: Facing, swing: i32) -> Vec<String> {
    match facing {
        Facing::Down => {
            let mut rows = mirrored(&[
                "...oooot", "..occcct", ".occcCct", ".occcCcc", ".occcCcc", ".occcCcc", ".osccCcc",
                "..occccc",
            ]);
            // The badge over the heart (viewer's right).
            rows[3].replace_range(10..11, "a");
            swing_hands(&mut rows, swing);
            rows
        }
        Facing::Up => {
            let mut rows = mirrored(&[
                "...ooooo", "..occccc", ".occcccc", ".occcccC", ".occcccC", ".occcccC", ".osccccC",
                "..occccC",
            ]);
            swing_hands(&mut rows, swing);
            rows
        }
        Facing::Right => {
            let (r5, r6) = match swing {
                1 => ("....occcCccco...", "....occcccsco..."),
                -1 => ("....occCcccco...", "....ocsccccco..."),
                _ => ("....occcCccco...", "....occcsccco..."),
            };
            full(&[
                ".....oooooo.....",
                "....occccctto...",
                "....occcCcctco..",
                "....occcCcccco..",
                "....occcCcccco..",
                r5,
                r6,
                "....occccccco...",
            ])
        }
    }
}

/// Moves the hands one pixel up or down for the walk cycle.
fn swing_hands(rows: &mut [String], swing: i32) {
    if swing == 0 {
        return;
    }
    // Row 6 holds the hands at columns 2 and 13; shorten one arm, lengthen the other.
    let (up, down) = if swing > 0 { (2, 13) } else { (13, 2) };
    rows[6].replace_range(up..up + 1, "c");
    rows[7].replace_range(down..down + 1, "s");
}

/// Legs of an adult from the hem down, `step` -1/0/1 puts one foot forward
/// (one row lower, so the sprite may reach the bottom row of the cell).
fn adult_legs(facing: Facing, step: i32) -> Vec<String> {
    match facing {
        Facing::Down | Facing::Up => match step {
            1 => full(&[
                "..oooobbbboooo..",
                "....obboobbo....",
                "....obboOffo....",
                "....obbooooo....",
                "....offo........",
                "....oooo........",
            ]),
            -1 => full(&[
                "..oooobbbboooo..",
                "....obboobbo....",
                "....offoObbo....",
                "....ooooobbo....",
                "........offo....",
                "........oooo....",
            ]),
            _ => full(&[
                "..oooobbbboooo..",
                "....obboobbo....",
                "....obboobbo....",
                "....offoOffo....",
                "....oooooooo....",
            ]),
        },
        Facing::Right => match step {
            1 => full(&[
                "....oobbbbboo...",
                "....obboobbbo...",
                "...obbo..obbo...",
                "...offo..offfo..",
                "...oooo..ooooo..",
            ]),
            -1 => full(&[
                "....oobbbbboo...",
                ".....obbbbbo....",
                ".....obbobbo....",
                ".....offofffo...",
                ".....oooooooo...",
            ]),
            _ => full(&[
                "....oobbbbboo...",
                ".....obbbbo.....",
                ".....obbbbo.....",
                ".....offfffo....",
                ".....ooooooo....",
            ]),
        },
    }
}

fn child_torso(facing: Facing, swing: i32) -> Vec<String> {
    match facing {
        Facing::Down | Facing::Up => {
            let mut rows = mirrored(&["...ooooo", "..occccc", "..occccc", "..oscccc"]);
            if swing != 0 {
                let (up, down) = if swing > 0 { (3, 12) } else { (12, 3) };
                rows[3].replace_range(up..up + 1, "c");
                rows[2].replace_range(down..down + 1, "c");
            }
            rows
        }
        Facing::Right => full(&[
            ".....oooooo.....",
            "....occcccco....",
            "....occCccco....",
            if swing > 0 {
                "....occccsco...."
            } else {
                "....occcscco...."
            },
        ]),
    }
}

fn child_legs(facing: Facing, step: i32) -> Vec<String> {
    match facing {
        Facing::Down | Facing::Up => match step {
            1 => full(&[
                "...oobbbbbboo...",
                "....obboobbo....",
                "....ossooffo....",
                "....ossooooo....",
                "....offo........",
                "....oooo........",
            ]),
            -1 => full(&[
                "...oobbbbbboo...",
                "....obboobbo....",
                "....offoosso....",
                "....ooooosso....",
                "........offo....",
                "........oooo....",
            ]),
            _ => full(&[
                "...oobbbbbboo...",
                "....obboobbo....",
                "....ossoosso....",
                "....offooffo....",
                "....oooooooo....",
            ]),
        },
        Facing::Right => match step {
            1 => full(&[
                "....oobbbbboo...",
                "....obboobbo....",
                "...osso..osso...",
                "...offo..offfo..",
                "...oooo..ooooo..",
            ]),
            -1 => full(&[
                "....oobbbbboo...",
                ".....obbbbbo....",
                ".....ossosso....",
                ".....offofffo...",
                ".....oooooooo...",
            ]),
            _ => full(&[
                "....oobbbbboo...",
                ".....obbbbo.....",
                "......osso......",
                ".....offffo.....",
                ".....oooooo.....",
            ]),
        },
    }
}

/// One frame of a human: `phase` 0..4 of the walk cycle, or `None` when
/// idle (with `breath` 0/1 for the idle animation).
fn human(who: Who, facing: Facing, walk: Option<usize>, breath: usize) -> Grid {
    let lk = look(who);
    let mut g = blank();
    // Walk cycle: contact, pass, contact (other foot), pass.
    let (step, bob) = match walk {
        Some(0) => (1, 0),
        Some(1) => (0, -1),
        Some(2) => (-1, 0),
        Some(3) => (0, -1),
        _ => (0, 0),
    };
    let swing = step;
    let (torso, legs) = if lk.child {
        (child_torso(facing, swing), child_legs(facing, step))
    } else {
        (adult_torso(facing, swing), adult_legs(facing, step))
    };
    // Feet stand on row 30; everything above sits on the legs.
    let legs_top = 30 - (legs.len() as i32 - 1).min(4);
    let torso_top = legs_top - torso.len() as i32;
    // Idle breathing: the head dips by a pixel every other beat.
    let head_top = torso_top - 10 + bob + breath as i32;
    stamp(&mut g, legs_top, 0, &legs);
    stamp(&mut g, torso_top + bob, 0, &torso);
    stamp(&mut g, head_top, 0, &head(who, facing));
    if matches!(facing, Facing::Down | Facing::Up) {
        // Hair that falls over the shoulders (Samantha).
        if who == Who::Samantha {
            let hair = mirrored(&[".ohhh...", ".ohho...", "..oo...."]);
            stamp(&mut g, torso_top + bob, 0, &hair);
        }
    }
    g
}

// ---------------------------------------------------------------------------
// Robots.

/// Jasper: a round, friendly therapy robot that hovers; a visor for a face.
fn jasper(facing: Facing, frame: usize) -> Canvas {
    let mut c = Canvas::new(CELL_W, CELL_H);
    // Hovering: the body bobs over a fixed shadow.
    let bob = [0, -1, -1, 0][frame % 4];
    let top = 13 + bob;
    let body = WHITE;
    let shade = SILVER;
    // Antenna with a glowing tip.
    c.set(8, top - 3, GLOW);
    c.vline(8, top - 2, 2, STEEL);
    // Round body.
    c.ellipse(2, top, 13, 13, body);
    c.ellipse(9, top + 3, 6, 9, shade);
    c.ellipse(3, top + 1, 10, 10, body);
    // Little arms.
    c.fill(1, top + 8, 2, 3, PEARL);
    c.fill(14, top + 8, 2, 3, SILVER);
    match facing {
        Facing::Down => {
            // Visor with two kind eyes; blink on the last frame.
            c.fill(4, top + 3, 9, 5, hex("#123846"));
            if frame % 4 != 3 {
                c.fill(6, top + 4, 1, 2, GLOW);
                c.fill(10, top + 4, 1, 2, GLOW);
            } else {
                c.hline(6, top + 5, 1, GLOW);
                c.hline(10, top + 5, 1, GLOW);
            }
            c.hline(7, top + 7, 3, TEAL);
            // Heart light on the chest.
            c.set(8, top + 9, PINK_GLOW);
        }
        Facing::Up => {
            c.fill(5, top + 4, 7, 2, PEARL);
            c.set(8, top + 9, TEAL);
        }
        Facing::Right => {
            c.fill(9, top + 3, 5, 5, hex("#123846"));
            if frame % 4 != 3 {
                c.fill(11, top + 4, 1, 2, GLOW);
            }
            c.set(12, top + 7, TEAL);
        }
    }
    c.outline(INK);
    // Soft hover glow under the body.
    c.hline(5, 29, 7, crate::canvas::with_alpha(GLOW, 120));
    c.hline(6, 30, 5, crate::canvas::with_alpha(GLOW, 70));
    c
}

/// AIDA, the AI health assistant: a slim kiosk with a holographic face.
fn aida(frame: usize) -> Canvas {
    let mut c = Canvas::new(CELL_W, CELL_H);
    // Pillar.
    c.fill(4, 14, 8, 16, PEARL);
    c.fill(9, 14, 3, 16, SILVER);
    c.fill(3, 28, 10, 3, STEEL);
    // Screen.
    c.fill(3, 6, 10, 9, hex("#0d2f3a"));
    c.fill(4, 7, 8, 7, hex("#12465a"));
    // Holographic face: soft circle, eyes, smile; a scanline sweeps down.
    c.ellipse(5, 7, 6, 6, crate::canvas::with_alpha(GLOW, 90));
    c.set(6, 9, GLOW);
    c.set(9, 9, GLOW);
    c.hline(6, 11, 4, TEAL);
    let scan = 7 + (frame as i32 * 2) % 7;
    c.hline(4, scan, 8, crate::canvas::with_alpha(WHITE, 70));
    // Status light.
    c.set(7, 17, if frame.is_multiple_of(2) { GLOW } else { TEAL });
    c.set(8, 17, if frame.is_multiple_of(2) { GLOW } else { TEAL });
    c.outline(INK);
    c
}

// ---------------------------------------------------------------------------

/// Makes the right-hand rim of every part one shade darker (light comes from
/// the top left) and turns letters into colours.
fn paint(g: &Grid, who: Who) -> Canvas {
    let lk = look(who);
    let mut c = Canvas::new(CELL_W, CELL_H);
    for y in 0..CELL_H {
        for x in 0..CELL_W {
            let ch = g[y as usize][x as usize];
            let right = if x + 1 < CELL_W {
                g[y as usize][x as usize + 1]
            } else {
                '.'
            };
            let below = if y + 1 < CELL_H {
                g[y as usize + 1][x as usize]
            } else {
                '.'
            };
            let rim = right == 'o' || right == '.' || (below == 'o' && !matches!(ch, 's' | 'h'));
            // Lower case takes the shade on a rim; upper case is always shade.
            let shade = rim || ch.is_ascii_uppercase();
            let pick = |pair: (Rgba, Rgba)| if shade { pair.1 } else { pair.0 };
            let color = match ch.to_ascii_lowercase() {
                '.' => continue,
                'o' => INK,
                'h' => pick(lk.hair),
                's' => pick(lk.skin),
                'e' => INK,
                'm' => lk.skin.1,
                'k' => hex("#f29a9a"),
                'g' => pick(lk.metal),
                'c' => pick(lk.coat),
                't' => pick(lk.top),
                'a' => lk.accent,
                'b' => pick(lk.bottom),
                'f' => lk.shoes,
                other => panic!("unknown letter {other:?} in {who:?}"),
            };
            c.put(x, y, color);
        }
    }
    c
}

fn frame(who: Who, facing: Facing, walk: Option<usize>, idle: usize) -> Canvas {
    match who {
        Who::Jasper => jasper(facing, walk.unwrap_or(idle * 2)),
        Who::Aida => aida(walk.unwrap_or(idle)),
        _ => paint(&human(who, facing, walk, idle), who),
    }
}

/// The whole sheet.
pub fn sheet() -> Canvas {
    let mut out = Canvas::new(CELL_W * COLUMNS, CELL_H * ROSTER.len() as i32);
    for (row, who) in ROSTER.iter().enumerate() {
        let y = row as i32 * CELL_H;
        let mut col = 0;
        for facing in [Facing::Down, Facing::Up, Facing::Right] {
            for idle in 0..2 {
                out.blit(&frame(*who, facing, None, idle), col * CELL_W, y);
                col += 1;
            }
            for walk in 0..4 {
                out.blit(&frame(*who, facing, Some(walk), 0), col * CELL_W, y);
                col += 1;
            }
        }
    }
    out
}

/// The idle, facing-down frame of `who` (portraits start from it).
pub fn idle_down(who: Who) -> Canvas {
    frame(who, Facing::Down, None, 0)
}

/// Skin colours (light, shade) of a human.
pub fn skin(who: Who) -> (Rgba, Rgba) {
    look(who).skin
}

/// The colour a human's mouth is drawn in.
pub fn mouth(who: Who) -> Rgba {
    look(who).skin.1
}
