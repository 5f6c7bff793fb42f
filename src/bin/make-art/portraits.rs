//! Dialogue portraits: head and shoulders of everyone on the character
//! sheet, 16×16, in five moods (the columns: neutral, happy, worried, sad,
//! determined; one row a character in [`characters::ROSTER`] order). Humans
//! are their idle sprite with the face redrawn; the robots get new eyes.

use crate::canvas::{Canvas, Rgba, hex};
use crate::characters::{self, ROSTER, Who};
use crate::palette::*;

pub const SIZE: i32 = 16;
const MOODS: [Mood; 5] = [
    Mood::Neutral,
    Mood::Happy,
    Mood::Worried,
    Mood::Sad,
    Mood::Determined,
];

#[derive(Clone, Copy, PartialEq)]
enum Mood {
    Neutral,
    Happy,
    Worried,
    Sad,
    Determined,
}

const MOUTH: Rgba = [122, 59, 59, 255];
const TEAR: Rgba = [159, 232, 255, 255];
const BLUSH: Rgba = [242, 154, 154, 255];

/// The whole sheet.
pub fn sheet() -> Canvas {
    let mut out = Canvas::new(SIZE * MOODS.len() as i32, SIZE * ROSTER.len() as i32);
    for (row, who) in ROSTER.iter().enumerate() {
        for (col, mood) in MOODS.iter().enumerate() {
            out.blit(&portrait(*who, *mood), col as i32 * SIZE, row as i32 * SIZE);
        }
    }
    out
}

fn portrait(who: Who, mood: Mood) -> Canvas {
    match who {
        Who::Jasper => jasper(mood),
        Who::Aida => aida(mood),
        _ => human(who, mood),
    }
}

/// Where a face's features are on a sprite frame.
struct Face {
    /// The top pixel of each eye.
    eyes: [(i32, i32); 2],
    /// The mouth's pixels.
    mouth: Vec<(i32, i32)>,
    skin: Rgba,
}

fn find_face(frame: &Canvas, who: Who) -> Face {
    let skin = characters::skin(who);
    let mut eyes: Vec<(i32, i32)> = Vec::new();
    let mut mouth = Vec::new();
    let (eye_colour, mouth_colour) = (INK, characters::mouth(who));
    // The face is the skin-coloured part of the head: eyes are ink pixels
    // with skin on both sides, the mouth is the skin shade below them.
    for y in 0..14 {
        for x in 1..15 {
            let c = frame.get(x, y);
            let skin_left = frame.get(x - 1, y) == skin.0 || frame.get(x - 1, y) == skin.1;
            let skin_right = frame.get(x + 1, y) == skin.0 || frame.get(x + 1, y) == skin.1;
            if c == eye_colour && skin_left && skin_right && !eyes.iter().any(|e| e.0 == x) {
                eyes.push((x, y));
            }
        }
    }
    eyes.sort();
    let (left, right) = (eyes[0], *eyes.last().unwrap_or(&eyes[0]));
    for y in left.1 + 1..left.1 + 5 {
        for x in left.0..=right.0 {
            if frame.get(x, y) == mouth_colour {
                mouth.push((x, y));
            }
        }
    }
    Face {
        eyes: [left, right],
        mouth,
        skin: skin.0,
    }
}

fn human(who: Who, mood: Mood) -> Canvas {
    let sprite = characters::idle_down(who);
    // Head and shoulders: from a row above the hair.
    let top = (0..32)
        .find(|y| (0..16).any(|x| sprite.get(x, *y)[3] > 0))
        .unwrap_or(0)
        - 1;
    let mut c = Canvas::new(SIZE, SIZE);
    c.blit_rect(&sprite, 0, top, SIZE, SIZE, 0, 0);
    let face = find_face(&c, who);
    let [l, r] = face.eyes;
    let mouth_y = face.mouth.first().map(|m| m.1).unwrap_or(l.1 + 2);
    let mid = (l.0 + r.0) / 2;
    let paint_if_skin = |c: &mut Canvas, x: i32, y: i32, colour: Rgba| {
        let here = c.get(x, y);
        if here == face.skin || here == characters::skin(who).1 {
            c.put(x, y, colour);
        }
    };
    // Every mood draws its own mouth.
    for (x, y) in &face.mouth {
        c.put(*x, *y, face.skin);
    }
    match mood {
        Mood::Neutral => {
            c.hline(mid, mouth_y, 2, MOUTH);
        }
        Mood::Happy => {
            // A wide smile and rosy cheeks.
            c.hline(mid - 1, mouth_y, 4, MOUTH);
            paint_if_skin(&mut c, l.0 - 1, mouth_y, BLUSH);
            paint_if_skin(&mut c, r.0 + 1, mouth_y, BLUSH);
        }
        Mood::Worried => {
            // Brows raised in the middle, a small tight mouth, a bead of sweat.
            paint_if_skin(&mut c, l.0 + 1, l.1 - 2, INK);
            paint_if_skin(&mut c, r.0 - 1, r.1 - 2, INK);
            paint_if_skin(&mut c, l.0, l.1 - 1, INK);
            paint_if_skin(&mut c, r.0, r.1 - 1, INK);
            c.put(mid, mouth_y, MOUTH);
            c.put(mid + 1, mouth_y, MOUTH);
            paint_if_skin(&mut c, r.0 + 2, r.1 - 1, TEAR);
        }
        Mood::Sad => {
            // Eyes half closed, a tear.
            c.put(l.0, l.1, face.skin);
            c.put(r.0, r.1, face.skin);
            paint_if_skin(&mut c, l.0 + 1, l.1 - 1, INK);
            paint_if_skin(&mut c, r.0 - 1, r.1 - 1, INK);
            c.put(mid, mouth_y, MOUTH);
            c.put(mid + 1, mouth_y, MOUTH);
            paint_if_skin(&mut c, l.0, l.1 + 2, TEAR);
        }
        Mood::Determined => {
            // Brows down towards the nose, a firm line of a mouth.
            paint_if_skin(&mut c, l.0 - 1, l.1 - 2, INK);
            paint_if_skin(&mut c, l.0, l.1 - 1, INK);
            paint_if_skin(&mut c, r.0 + 1, r.1 - 2, INK);
            paint_if_skin(&mut c, r.0, r.1 - 1, INK);
            c.hline(mid - 1, mouth_y, 4, MOUTH);
            c.put(mid - 1, mouth_y, face.skin);
        }
    }
    c
}

/// Jasper's visor: eyes and a mouth of light.
fn jasper(mood: Mood) -> Canvas {
    let sprite = characters::idle_down(Who::Jasper);
    let mut c = Canvas::new(SIZE, SIZE);
    // The body's top (the antenna's glowing tip) sits three rows into the portrait.
    let top = 13 - 3 - 1;
    c.blit_rect(&sprite, 0, top, SIZE, SIZE, 0, 0);
    // Visor: x 4..13, y 4..9 of the portrait.
    let (vx, vy) = (4, 13 - top + 3);
    c.fill(vx, vy, 9, 5, hex("#123846"));
    let eyes = [6, 10];
    match mood {
        Mood::Neutral => {
            for x in eyes {
                c.fill(x, vy + 1, 1, 2, GLOW);
            }
            c.hline(7, vy + 4, 3, TEAL);
        }
        Mood::Happy => {
            for x in eyes {
                c.set(x - 1, vy + 2, GLOW);
                c.set(x, vy + 1, GLOW);
                c.set(x + 1, vy + 2, GLOW);
            }
            c.set(6, vy + 3, TEAL);
            c.hline(7, vy + 4, 3, TEAL);
            c.set(10, vy + 3, TEAL);
        }
        Mood::Worried => {
            for x in eyes {
                c.set(x, vy + 2, GLOW);
            }
            c.set(7, vy + 4, TEAL);
            c.set(8, vy + 3, TEAL);
            c.set(9, vy + 4, TEAL);
            c.set(13, vy - 1, TEAR);
        }
        Mood::Sad => {
            for x in eyes {
                c.hline(x - 1, vy + 2, 2, GLOW);
            }
            c.hline(7, vy + 3, 3, TEAL);
            c.set(6, vy + 4, TEAL);
            c.set(10, vy + 4, TEAL);
        }
        Mood::Determined => {
            c.set(5, vy + 1, GLOW);
            c.fill(6, vy + 2, 1, 1, GLOW);
            c.set(11, vy + 1, GLOW);
            c.fill(10, vy + 2, 1, 1, GLOW);
            c.hline(7, vy + 4, 3, TEAL);
        }
    }
    c
}

/// AIDA's holographic face on her kiosk screen.
fn aida(mood: Mood) -> Canvas {
    let sprite = characters::idle_down(Who::Aida);
    let mut c = Canvas::new(SIZE, SIZE);
    let top = 2;
    c.blit_rect(&sprite, 0, top, SIZE, SIZE, 0, 0);
    // Screen: x 4..12, y 7..14 of the sprite.
    let sy = 7 - top;
    c.fill(4, sy, 8, 7, hex("#12465a"));
    c.ellipse(5, sy, 6, 6, crate::canvas::with_alpha(GLOW, 90));
    let eyes = [6, 9];
    let mouth_y = sy + 4;
    match mood {
        Mood::Neutral => {
            for x in eyes {
                c.set(x, sy + 2, GLOW);
            }
            c.hline(6, mouth_y, 4, TEAL);
        }
        Mood::Happy => {
            for x in eyes {
                c.set(x, sy + 2, GLOW);
            }
            c.set(5, mouth_y - 1, TEAL);
            c.hline(6, mouth_y, 4, TEAL);
            c.set(10, mouth_y - 1, TEAL);
        }
        Mood::Worried => {
            for x in eyes {
                c.set(x, sy + 2, GLOW);
            }
            c.set(5, sy + 1, TEAL);
            c.set(10, sy + 1, TEAL);
            c.set(6, mouth_y, TEAL);
            c.set(7, mouth_y - 1, TEAL);
            c.set(8, mouth_y, TEAL);
            c.set(9, mouth_y - 1, TEAL);
        }
        Mood::Sad => {
            for x in eyes {
                c.set(x, sy + 3, GLOW);
            }
            c.hline(7, mouth_y - 1, 2, TEAL);
            c.set(6, mouth_y, TEAL);
            c.set(9, mouth_y, TEAL);
        }
        Mood::Determined => {
            c.hline(5, sy + 2, 2, GLOW);
            c.hline(9, sy + 2, 2, GLOW);
            c.hline(6, mouth_y, 4, GLOW);
        }
    }
    // A scanline, as on the sprite.
    c.hline(4, sy + 5, 8, crate::canvas::with_alpha(WHITE, 50));
    c
}
