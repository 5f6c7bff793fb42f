//! Furniture and objects (`levels/tilesets/props.png`), placed in LDtk as
//! `Prop` entities so that they sort by depth with the characters.
//!
//! Every prop sits in its own rectangle on a 16-pixel grid; [`PROPS`] lists
//! them with their rectangles, in the order they are packed. Append only.

use crate::canvas::{Canvas, Rgba, Rng, hex, mix, with_alpha};
use crate::palette::*;

/// Name, width and height in pixels (multiples of 16).
pub const PROPS: &[(&str, i32, i32)] = &[
    ("plant_tall", 16, 32),
    ("plant_small", 16, 16),
    ("reception_desk", 48, 32),
    ("waiting_chairs", 48, 32),
    ("office_desk", 32, 32),
    ("bookshelf", 32, 32),
    ("sofa", 48, 32),
    ("vr_pod", 32, 32),
    ("beanbag", 16, 16),
    ("treatment_chair", 32, 32),
    ("nanobot_bay", 32, 48),
    ("cabinet", 32, 32),
    ("vitals_monitor", 16, 32),
    ("water_cooler", 16, 32),
    ("lockers", 32, 32),
    ("bench", 32, 16),
    ("lamp_post", 16, 48),
    ("tree", 32, 48),
    ("protest_sign", 16, 32),
    ("protest_banner", 48, 32),
    ("fountain", 48, 48),
    ("hologram_table", 32, 32),
    ("coffee_table", 32, 16),
    ("armchair", 16, 32),
    ("medical_cart", 16, 32),
    ("vending_machine", 16, 32),
    ("pamphlet_table", 32, 32),
    ("planter", 32, 16),
    ("pupil_desk", 32, 32),
    ("pupil_desk_b", 32, 32),
    ("audience_chairs", 48, 32),
    ("audience_chairs_b", 48, 32),
    ("teacher_board", 48, 32),
];

/// Width of the packed sheet in pixels.
pub const SHEET_W: i32 = 256;

/// Where each prop lands on the sheet: simple shelf packing, row by row.
pub fn layout() -> Vec<(&'static str, i32, i32, i32, i32)> {
    let (mut x, mut y, mut shelf) = (0, 0, 0);
    let mut out = Vec::new();
    for &(name, w, h) in PROPS {
        if x + w > SHEET_W {
            x = 0;
            y += shelf;
            shelf = 0;
        }
        out.push((name, x, y, w, h));
        x += w;
        shelf = shelf.max(h);
    }
    out
}

fn draw(name: &str, w: i32, h: i32) -> Canvas {
    let mut c = Canvas::new(w, h);
    match name {
        "plant_tall" => plant(&mut c, true),
        "plant_small" => plant(&mut c, false),
        "reception_desk" => reception_desk(&mut c),
        "waiting_chairs" => waiting_chairs(&mut c),
        "office_desk" => office_desk(&mut c),
        "bookshelf" => bookshelf(&mut c),
        "sofa" => sofa(&mut c),
        "vr_pod" => vr_pod(&mut c),
        "beanbag" => beanbag(&mut c),
        "treatment_chair" => treatment_chair(&mut c),
        "nanobot_bay" => nanobot_bay(&mut c),
        "cabinet" => cabinet(&mut c),
        "vitals_monitor" => vitals_monitor(&mut c),
        "water_cooler" => water_cooler(&mut c),
        "lockers" => lockers(&mut c),
        "bench" => bench(&mut c),
        "lamp_post" => lamp_post(&mut c),
        "tree" => tree(&mut c),
        "protest_sign" => protest_sign(&mut c),
        "protest_banner" => protest_banner(&mut c),
        "fountain" => fountain(&mut c),
        "hologram_table" => hologram_table(&mut c),
        "coffee_table" => coffee_table(&mut c),
        "armchair" => armchair(&mut c),
        "medical_cart" => medical_cart(&mut c),
        "vending_machine" => vending_machine(&mut c),
        "pamphlet_table" => pamphlet_table(&mut c),
        "planter" => planter(&mut c),
        "pupil_desk" => pupil_desk(&mut c, [("#7a4a2a", "#e05a5a"), ("#1f1a1a", "#3f8fd8")]),
        "pupil_desk_b" => pupil_desk(&mut c, [("#e0b45a", "#5fbf7a"), ("#5a3320", "#f0a040")]),
        "audience_chairs" => audience(
            &mut c,
            [
                Some(("#c3c7cf", "#8a6cb8")),
                Some(("#2b2322", "#d0703c")),
                Some(("#b0482c", "#3f7fb0")),
            ],
        ),
        "audience_chairs_b" => audience(
            &mut c,
            [
                Some(("#4a3526", "#4f8f6a")),
                None,
                Some(("#e8d8b0", "#b84a5a")),
            ],
        ),
        "teacher_board" => teacher_board(&mut c),
        other => panic!("no drawing for prop {other}"),
    }
    c.outline(INK);
    c
}

pub fn sheet() -> Canvas {
    let items = layout();
    let height = items
        .iter()
        .map(|(_, _, y, _, h)| y + h)
        .max()
        .unwrap_or(16);
    let mut out = Canvas::new(SHEET_W, height);
    for (name, x, y, w, h) in items {
        // One pixel of margin inside each cell for the outline.
        let art = draw(name, w, h);
        out.blit(&art, x, y);
    }
    out
}

// ---------------------------------------------------------------------------
// Helpers

/// A box seen in three-quarter view: a lighter top face of depth `top`,
/// then the front face.
fn block(c: &mut Canvas, x: i32, y: i32, w: i32, h: i32, top: i32, face: Rgba, lid: Rgba) {
    c.fill(x, y, w, h, face);
    c.fill(x, y, w, top, lid);
    c.hline(x, y + top, w, mix(face, INK, 0.25));
    c.vline(x + w - 1, y + top + 1, h - top - 1, mix(face, INK, 0.15));
}

fn leaves(c: &mut Canvas, x: i32, y: i32, w: i32, h: i32, seed: u64) {
    let mut r = Rng::new(seed);
    c.ellipse(x, y, w, h, LEAF_2);
    c.ellipse(x + 1, y + 1, w - 3, h - 3, LEAF);
    for _ in 0..(w * h / 6) {
        let px = x + r.below(w as u32) as i32;
        let py = y + r.below(h as u32) as i32;
        if c.get(px, py)[3] > 0 {
            c.set(
                px,
                py,
                if r.chance(0.5) {
                    LEAF_3
                } else {
                    hex("#8fdc9f")
                },
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Props

fn plant(c: &mut Canvas, tall: bool) {
    let h = c.h;
    // A white pot with a teal band.
    c.fill(4, h - 7, 8, 6, WHITE);
    c.fill(9, h - 7, 3, 6, SILVER);
    c.hline(4, h - 5, 8, TEAL);
    if tall {
        leaves(c, 1, 2, 14, 12, 21);
        leaves(c, 3, 10, 10, 10, 22);
        c.vline(7, 18, h - 25, LEAF_3);
    } else {
        leaves(c, 2, 1, 12, 9, 23);
    }
}

fn reception_desk(c: &mut Canvas) {
    block(c, 1, 8, 46, 23, 6, WHITE, PEARL);
    c.hline(1, 20, 46, TEAL);
    c.hline(1, 21, 46, with_alpha(GLOW, 180));
    // A slim monitor and a holo-badge on the counter.
    c.fill(8, 2, 10, 7, INK_SOFT);
    c.fill(9, 3, 8, 5, hex("#12465a"));
    c.hline(10, 4, 5, GLOW);
    c.fill(12, 9, 2, 1, STEEL);
    c.fill(32, 5, 6, 3, with_alpha(GLOW, 140));
}

fn waiting_chairs(c: &mut Canvas) {
    // Three moulded chairs on a shared rail.
    c.fill(1, 24, 46, 2, STEEL);
    for i in 0..3 {
        let x = 1 + i * 16;
        c.fill(x + 1, 6, 14, 10, hex("#5fc9c2"));
        c.fill(x + 1, 6, 14, 2, hex("#8ce0da"));
        c.fill(x, 15, 16, 8, hex("#3fb3ad"));
        c.hline(x, 15, 16, hex("#8ce0da"));
        c.vline(x + 3, 23, 5, STEEL);
        c.vline(x + 12, 23, 5, STEEL);
    }
}

fn office_desk(c: &mut Canvas) {
    block(c, 1, 12, 30, 19, 7, WOOD_2, WOOD);
    c.fill(3, 21, 26, 1, WOOD_3);
    // A paper notebook and a mug: Mira still writes by hand.
    c.fill(4, 13, 7, 4, CREAM);
    c.hline(5, 14, 5, STEEL);
    c.fill(23, 13, 3, 3, WHITE);
    c.set(26, 14, WHITE);
    // A thin holo-screen.
    c.fill(13, 3, 10, 8, with_alpha(GLOW, 90));
    c.hline(14, 5, 6, GLOW);
    c.hline(14, 7, 8, TEAL);
    c.vline(18, 11, 2, STEEL);
}

fn bookshelf(c: &mut Canvas) {
    block(c, 1, 1, 30, 30, 3, WOOD_2, WOOD);
    let mut r = Rng::new(31);
    for shelf in 0..3 {
        let y = 5 + shelf * 9;
        c.fill(3, y, 26, 7, WOOD_3);
        let mut x = 3;
        while x < 28 {
            let bw = 2 + r.below(2) as i32;
            let bh = 5 + r.below(3) as i32;
            let col = [RUG, TEAL_DEEP, AMBER, CREAM, hex("#6c8fd0"), LEAF_2][r.below(6) as usize];
            c.fill(x, y + 7 - bh, bw, bh, col);
            x += bw + if r.chance(0.2) { 1 } else { 0 };
        }
        c.hline(2, y + 7, 28, WOOD);
    }
}

fn sofa(c: &mut Canvas) {
    let fabric = hex("#6f7fb8");
    let light = hex("#8f9fd6");
    c.fill(2, 6, 44, 12, fabric);
    c.hline(2, 6, 44, light);
    c.fill(1, 16, 46, 12, mix(fabric, INK, 0.15));
    c.fill(3, 16, 20, 5, light);
    c.fill(25, 16, 20, 5, light);
    c.fill(1, 10, 4, 18, light);
    c.fill(43, 10, 4, 18, fabric);
    c.fill(4, 28, 2, 3, WOOD_3);
    c.fill(42, 28, 2, 3, WOOD_3);
}

fn vr_pod(c: &mut Canvas) {
    // A reclining pod under a glowing halo.
    c.ellipse(1, 14, 30, 17, NIGHT_3);
    c.ellipse(3, 15, 26, 13, hex("#3b4a8c"));
    c.ellipse(8, 14, 16, 10, WHITE);
    c.ellipse(10, 16, 12, 6, PEARL);
    c.ellipse(4, 1, 24, 10, with_alpha(VIOLET, 200));
    c.ellipse(7, 3, 18, 6, with_alpha(NIGHT, 255));
    c.hline(8, 5, 16, with_alpha(GLOW, 220));
    c.vline(5, 6, 10, STEEL);
    c.vline(26, 6, 10, STEEL);
}

fn beanbag(c: &mut Canvas) {
    c.ellipse(1, 3, 14, 12, hex("#e4874f"));
    c.ellipse(3, 4, 9, 6, hex("#f2a56f"));
}

fn treatment_chair(c: &mut Canvas) {
    // A modern dental chair in profile: head to the left, feet to the right.
    c.ellipse(7, 27, 18, 5, STEEL);
    c.fill(14, 19, 5, 9, SILVER);
    c.fill(17, 19, 2, 9, STEEL);
    // Backrest, seat and leg rest as one reclined white cushion.
    c.line((4, 7), (9, 17), 4, WHITE);
    c.fill(9, 15, 15, 5, WHITE);
    c.line((23, 16), (28, 22), 4, WHITE);
    c.ellipse(1, 3, 8, 6, WHITE);
    c.hline(10, 19, 14, PEARL);
    c.line((5, 11), (9, 18), 1, TEAL);
    c.hline(10, 17, 13, TEAL);
    // Armrest.
    c.fill(11, 12, 8, 2, PEARL);
    // The overhead lamp on its arm.
    c.vline(27, 3, 13, SILVER);
    c.hline(18, 2, 10, SILVER);
    c.fill(15, 1, 6, 4, GRAPHITE);
    c.fill(16, 4, 4, 1, GLOW);
}

fn nanobot_bay(c: &mut Canvas) {
    // A glass cylinder full of swimming bioluminescent nanobots.
    c.fill(3, 40, 26, 7, GRAPHITE);
    c.hline(3, 40, 26, SLATE);
    c.fill(5, 2, 22, 4, GRAPHITE);
    c.fill(6, 6, 20, 34, with_alpha(hex("#0e4050"), 235));
    c.fill(7, 6, 3, 34, with_alpha(GLASS, 120));
    let mut r = Rng::new(41);
    for _ in 0..26 {
        let (x, y) = (8 + r.below(17) as i32, 8 + r.below(30) as i32);
        c.set(x, y, if r.chance(0.3) { WHITE } else { GLOW });
    }
    c.hline(6, 41, 20, GLOW);
    c.fill(10, 43, 4, 2, TEAL);
    c.fill(18, 43, 4, 2, with_alpha(PINK_GLOW, 220));
}

fn cabinet(c: &mut Canvas) {
    block(c, 1, 4, 30, 27, 4, WHITE, PEARL);
    c.vline(16, 9, 21, SILVER);
    c.fill(13, 16, 1, 4, STEEL);
    c.fill(18, 16, 1, 4, STEEL);
    // A glass top shelf with jars.
    c.fill(3, 1, 26, 4, with_alpha(GLASS, 200));
    c.fill(6, 1, 3, 3, with_alpha(TEAL, 220));
    c.fill(12, 0, 3, 4, WHITE);
    c.fill(21, 1, 4, 3, with_alpha(PINK_GLOW, 200));
}

fn vitals_monitor(c: &mut Canvas) {
    c.fill(7, 16, 2, 13, STEEL);
    c.fill(4, 28, 8, 3, SLATE);
    c.fill(2, 3, 12, 12, INK_SOFT);
    c.fill(3, 4, 10, 9, hex("#0d2f3a"));
    // A heartbeat line.
    for (x, y) in [
        (3, 9),
        (4, 9),
        (5, 9),
        (6, 7),
        (7, 11),
        (8, 6),
        (9, 9),
        (10, 9),
        (11, 9),
        (12, 9),
    ] {
        c.set(x, y, GLOW);
    }
}

fn water_cooler(c: &mut Canvas) {
    c.fill(3, 13, 10, 18, WHITE);
    c.fill(10, 13, 3, 18, SILVER);
    c.fill(4, 2, 8, 11, with_alpha(SKY, 200));
    c.fill(5, 3, 2, 8, with_alpha(WHITE, 160));
    c.fill(6, 17, 4, 2, TEAL);
}

fn lockers(c: &mut Canvas) {
    for i in 0..3 {
        let x = 1 + i * 10;
        c.fill(
            x,
            1,
            10,
            30,
            if i % 2 == 0 {
                hex("#b9cad6")
            } else {
                hex("#aabdcc")
            },
        );
        c.vline(x + 9, 1, 30, STEEL);
        for y in [5, 7, 9] {
            c.hline(x + 3, y, 4, STEEL);
        }
        c.fill(x + 6, 16, 1, 3, GRAPHITE);
    }
    c.hline(1, 1, 30, PEARL);
}

fn bench(c: &mut Canvas) {
    c.fill(1, 3, 30, 4, WOOD);
    c.hline(1, 3, 30, hex("#d9a577"));
    c.fill(1, 8, 30, 3, WOOD_2);
    c.fill(3, 11, 2, 4, GRAPHITE);
    c.fill(27, 11, 2, 4, GRAPHITE);
}

fn lamp_post(c: &mut Canvas) {
    c.fill(7, 8, 2, 37, GRAPHITE);
    c.fill(5, 43, 6, 4, SLATE);
    c.fill(3, 2, 10, 6, SLATE);
    c.fill(4, 7, 8, 2, with_alpha(GLOW, 240));
    c.ellipse(1, 0, 14, 4, GRAPHITE);
}

fn tree(c: &mut Canvas) {
    c.fill(14, 30, 4, 14, WOOD_3);
    c.fill(8, 42, 16, 5, STONE_2);
    c.hline(8, 42, 16, STONE);
    leaves(c, 1, 1, 30, 22, 51);
    leaves(c, 4, 14, 24, 18, 52);
}

fn protest_sign(c: &mut Canvas) {
    c.fill(7, 12, 2, 19, WOOD_2);
    c.fill(1, 1, 14, 12, CREAM);
    c.hline(1, 1, 14, WHITE);
    // A tooth cradled by a hand-drawn heart.
    c.fill(5, 3, 6, 4, WHITE);
    c.fill(5, 7, 2, 3, WHITE);
    c.fill(9, 7, 2, 3, WHITE);
    c.set(3, 4, RED);
    c.set(12, 4, RED);
    c.set(4, 9, RED);
    c.set(11, 9, RED);
    c.set(7, 11, RED);
    c.set(8, 11, RED);
}

fn protest_banner(c: &mut Canvas) {
    c.fill(2, 4, 2, 27, WOOD_2);
    c.fill(44, 4, 2, 27, WOOD_2);
    c.fill(4, 5, 40, 14, CREAM);
    c.hline(4, 5, 40, WHITE);
    c.hline(4, 18, 40, CREAM_2);
    // Hand-painted strokes, readable as words from afar, and a red heart.
    for (x, w) in [(7, 6), (15, 4), (21, 7), (30, 5)] {
        c.fill(x, 8, w, 2, RED_DARK);
    }
    for (x, w) in [(9, 9), (20, 6), (28, 8)] {
        c.fill(x, 12, w, 2, INK_SOFT);
    }
    c.fill(38, 9, 2, 2, RED);
    c.fill(40, 9, 2, 2, RED);
    c.fill(39, 11, 2, 1, RED);
}

fn fountain(c: &mut Canvas) {
    c.ellipse(1, 14, 46, 32, STONE_2);
    c.ellipse(3, 16, 42, 26, STONE);
    c.ellipse(6, 19, 36, 20, hex("#5fb8d6"));
    c.ellipse(9, 21, 30, 15, hex("#86d3ea"));
    // The central column with a glowing tooth sculpture.
    c.fill(21, 10, 6, 19, STONE);
    c.fill(18, 2, 12, 8, WHITE);
    c.fill(18, 10, 4, 4, WHITE);
    c.fill(26, 10, 4, 4, WHITE);
    c.hline(18, 2, 12, with_alpha(GLOW, 200));
    for (x, y) in [(12, 27), (34, 26), (16, 33), (30, 34)] {
        c.set(x, y, WHITE);
    }
}

fn hologram_table(c: &mut Canvas) {
    c.ellipse(4, 20, 24, 10, SLATE);
    c.ellipse(6, 21, 20, 6, GRAPHITE);
    c.fill(13, 26, 6, 5, STEEL);
    // A rotating holographic tooth.
    c.fill(11, 4, 10, 8, with_alpha(GLOW, 120));
    c.fill(11, 12, 3, 5, with_alpha(GLOW, 120));
    c.fill(18, 12, 3, 5, with_alpha(GLOW, 120));
    c.hline(11, 4, 10, with_alpha(WHITE, 160));
    c.fill(9, 21, 14, 2, with_alpha(GLOW, 180));
}

fn coffee_table(c: &mut Canvas) {
    block(c, 2, 2, 28, 10, 5, WOOD_2, WOOD);
    c.fill(6, 3, 6, 3, CREAM);
    c.fill(20, 3, 3, 3, WHITE);
}

fn armchair(c: &mut Canvas) {
    let fabric = hex("#6f7fb8");
    c.fill(2, 8, 12, 10, fabric);
    c.hline(2, 8, 12, hex("#8f9fd6"));
    c.fill(1, 16, 14, 12, mix(fabric, INK, 0.15));
    c.fill(3, 16, 10, 4, hex("#8f9fd6"));
    c.fill(3, 28, 2, 3, WOOD_3);
    c.fill(11, 28, 2, 3, WOOD_3);
}

fn medical_cart(c: &mut Canvas) {
    c.fill(2, 10, 12, 17, WHITE);
    c.fill(11, 10, 3, 17, SILVER);
    c.hline(2, 15, 12, SILVER);
    c.hline(2, 21, 12, SILVER);
    c.fill(3, 5, 4, 5, with_alpha(TEAL, 220));
    c.fill(9, 6, 3, 4, PEARL);
    c.fill(3, 27, 2, 3, GRAPHITE);
    c.fill(11, 27, 2, 3, GRAPHITE);
}

fn vending_machine(c: &mut Canvas) {
    c.fill(1, 1, 14, 30, hex("#2c7d8c"));
    c.fill(3, 3, 8, 18, with_alpha(GLASS, 220));
    for y in [6, 11, 16] {
        c.hline(3, y, 8, STEEL);
        c.set(5, y - 1, AMBER);
        c.set(8, y - 1, PINK_GLOW);
    }
    c.fill(12, 5, 2, 6, with_alpha(GLOW, 220));
    c.fill(3, 24, 8, 4, INK_SOFT);
}

fn pamphlet_table(c: &mut Canvas) {
    block(c, 1, 12, 30, 12, 6, hex("#c8b48a"), CREAM);
    c.fill(4, 24, 2, 7, WOOD_3);
    c.fill(26, 24, 2, 7, WOOD_3);
    // Paper pamphlets and an old hand mirror: the traditional way.
    c.fill(5, 13, 5, 4, WHITE);
    c.fill(12, 13, 5, 4, hex("#f4d9d9"));
    c.fill(20, 12, 4, 4, SILVER);
    c.set(25, 15, STEEL);
    // A hand-lettered card on a stand.
    c.fill(9, 2, 14, 9, CREAM);
    c.hline(11, 5, 10, RED_DARK);
    c.hline(11, 7, 7, INK_SOFT);
}

fn planter(c: &mut Canvas) {
    block(c, 1, 6, 30, 9, 3, STONE_2, STONE);
    leaves(c, 2, 0, 12, 9, 61);
    leaves(c, 15, 1, 14, 8, 62);
}

/// The back of a seated person at `x` (head on top): hair and shirt colours.
fn seated_back(c: &mut Canvas, x: i32, y: i32, w: i32, (hair, shirt): (&str, &str)) {
    let (hair, shirt) = (hex(hair), hex(shirt));
    c.fill(x, y + 7, w, 9, shirt);
    c.hline(x + 1, y + 7, w - 2, mix(shirt, WHITE, 0.25));
    c.fill(x + 1, y + 14, w - 2, 2, mix(shirt, INK, 0.25));
    c.ellipse(x + w / 2 - 4, y, 8, 8, hair);
    c.hline(x + w / 2 - 2, y + 1, 3, mix(hair, WHITE, 0.3));
}

/// A double school desk seen from behind, two pupils at it facing the
/// board: their heads and shoulders, the desk's lid and its legs.
fn pupil_desk(c: &mut Canvas, pupils: [(&str, &str); 2]) {
    block(c, 1, 3, 30, 10, 5, WOOD_2, WOOD);
    c.fill(5, 4, 5, 3, WHITE);
    c.fill(20, 4, 4, 3, hex("#f4d9d9"));
    c.fill(3, 13, 2, 4, STEEL);
    c.fill(27, 13, 2, 4, STEEL);
    seated_back(c, 3, 11, 11, pupils[0]);
    seated_back(c, 18, 11, 11, pupils[1]);
    // The chairs under them.
    for x in [4, 19] {
        c.fill(x, 27, 9, 2, hex("#3f8f9a"));
        c.vline(x + 1, 29, 3, STEEL);
        c.vline(x + 7, 29, 3, STEEL);
    }
}

/// A row of three folding chairs in the school hall, people on them seen
/// from behind (an empty chair where there is none).
fn audience(c: &mut Canvas, people: [Option<(&str, &str)>; 3]) {
    for (i, who) in people.into_iter().enumerate() {
        let x = 1 + i as i32 * 16;
        c.fill(x + 1, 10, 13, 11, hex("#5d6b8a"));
        c.hline(x + 1, 10, 13, hex("#7d8bab"));
        c.fill(x + 1, 21, 13, 3, hex("#46526e"));
        c.vline(x + 2, 24, 7, GRAPHITE);
        c.vline(x + 12, 24, 7, GRAPHITE);
        if let Some(look) = who {
            seated_back(c, x + 1, 4, 13, look);
        }
    }
}

/// A whiteboard on an easel: Leo's drawing of the swarm and the rule.
fn teacher_board(c: &mut Canvas) {
    c.line((8, 30), (14, 18), 1, WOOD_3);
    c.line((40, 30), (34, 18), 1, WOOD_3);
    c.fill(3, 2, 42, 20, WHITE);
    c.frame(3, 2, 42, 20, STEEL, WHITE);
    // A tooth, a few teal dots round it and a red heart: Leo's poster.
    c.ellipse(8, 6, 9, 10, ENAMEL);
    c.fill(9, 13, 3, 4, ENAMEL_2);
    c.fill(14, 13, 3, 4, ENAMEL_2);
    for (x, y) in [(19, 6), (21, 10), (18, 13), (23, 7)] {
        c.fill(x, y, 2, 2, TEAL);
    }
    c.fill(36, 6, 3, 3, RED);
    c.fill(39, 6, 3, 3, RED);
    c.fill(37, 9, 4, 2, RED);
    c.set(38, 11, RED);
    c.hline(26, 14, 14, INK_SOFT);
    c.hline(26, 17, 10, TEAL_DEEP);
    c.fill(6, 22, 36, 2, STEEL);
}
