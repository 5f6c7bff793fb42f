//! The dream tileset (`levels/tilesets/dream.png`): Leo's nightmare, the
//! world Mira enters through the VR rig.
//!
//! Where the clinic is clean white and teal, the dream is the inside of a
//! frightened child's mouth: gum-pink ground that seems to breathe, walls of
//! teeth over gums, a violet dark beyond, the endless waiting room's props
//! grown wrong, and the "fears" Leo's mind made of the dentist's. The
//! nanobots' malfunction glows a sick red; the gold of a nightlight marks
//! what is safe.
//!
//! The sheet is 8 tiles by 6 of 16×16 pixels, and unlike the clinic sheet it
//! is laid out by hand: [`LAYOUT`] fixes every tile's place, its index being
//! `row * 8 + column`. Levels and the game use those indices, so a tile never
//! moves. Big sprites cover a block of tiles and are named by their top-left
//! one. `make-art --catalog` prints every name and index.

use crate::canvas::{CLEAR, Canvas, Rgba, Rng, mix, with_alpha};
use crate::palette::*;

const T: i32 = 16;
/// Tiles in a row of the sheet.
pub const COLUMNS: i32 = 8;
/// Rows of tiles in the sheet.
pub const ROWS: i32 = 6;

/// Every picture of the sheet: name, column, row, and size in tiles.
pub const LAYOUT: &[(&str, i32, i32, i32, i32)] = &[
    // Row 0: ground and walls, opaque and seamless.
    ("floor_a", 0, 0, 1, 1),
    ("floor_b", 1, 0, 1, 1),
    ("floor_c", 2, 0, 1, 1),
    ("void", 3, 0, 1, 1),
    ("wall_top", 4, 0, 1, 1),
    ("wall_face_upper", 5, 0, 1, 1),
    ("wall_face_lower", 6, 0, 1, 1),
    ("path", 7, 0, 1, 1),
    // Row 1: decor over the floor (the core floor is opaque).
    ("chair", 0, 1, 1, 1),
    ("ticket", 1, 1, 1, 1),
    ("brush_trunk", 2, 1, 1, 1),
    ("brush_head", 3, 1, 1, 1),
    ("mirror_top", 4, 1, 1, 1),
    ("mirror_bottom", 5, 1, 1, 1),
    ("crack", 6, 1, 1, 1),
    ("core_floor", 7, 1, 1, 1),
    // Rows 2-3: the fears, 2×2 tiles each.
    ("fear_clock", 0, 2, 2, 2),
    ("fear_drill", 2, 2, 2, 2),
    ("fear_mouth", 4, 2, 2, 2),
    ("fear_mirror", 6, 2, 2, 2),
    // Rows 4-5: the swarm core, the checkpoint, the seals, HUD icons.
    ("core", 0, 4, 2, 2),
    ("nightlight", 2, 4, 1, 1),
    ("seal", 3, 4, 1, 1),
    ("seal_open", 4, 4, 1, 1),
    ("calm_icon", 5, 4, 1, 1),
    ("energy_icon", 6, 4, 1, 1),
];

pub fn sheet() -> Canvas {
    let mut out = Canvas::new(COLUMNS * T, ROWS * T);
    // The toothbrush and the standing mirror are each drawn whole, then cut
    // into their two tiles, so that outline and crack run on across the cut.
    let brush = toothbrush();
    let mirror = standing_mirror();
    for &(name, col, row, w, h) in LAYOUT {
        let art = match name {
            "floor_a" => floor(1),
            "floor_b" => floor(2),
            "floor_c" => glowing_floor(),
            "void" => void(),
            "wall_top" => wall_top(),
            "wall_face_upper" => teeth(),
            "wall_face_lower" => gums(),
            "path" => path(),
            "chair" => chair(),
            "ticket" => ticket(),
            "brush_trunk" => half(&brush, 1),
            "brush_head" => half(&brush, 0),
            "mirror_top" => half(&mirror, 0),
            "mirror_bottom" => half(&mirror, 1),
            "crack" => crack(),
            "core_floor" => core_floor(),
            "fear_clock" => fear_clock(),
            "fear_drill" => fear_drill(),
            "fear_mouth" => fear_mouth(),
            "fear_mirror" => fear_mirror(),
            "core" => core(),
            "nightlight" => nightlight(),
            "seal" => seal(false),
            "seal_open" => seal(true),
            "calm_icon" => calm_icon(),
            "energy_icon" => energy_icon(),
            other => panic!("no drawing for dream tile {other}"),
        };
        assert!(
            art.w == w * T && art.h == h * T,
            "dream tile {name} has the wrong size"
        );
        out.blit(&art, col * T, row * T);
    }
    out
}

/// `(name, index)` for every picture, by its top-left tile.
pub fn catalog() -> Vec<(&'static str, usize)> {
    LAYOUT
        .iter()
        .map(|&(name, col, row, _, _)| (name, (row * COLUMNS + col) as usize))
        .collect()
}

// ---------------------------------------------------------------------------
// Helpers

fn tile(fill: Rgba) -> Canvas {
    let mut c = Canvas::new(T, T);
    c.fill(0, 0, T, T, fill);
    c
}

/// The top (`part` 0) or bottom (1) tile of a 16×32 picture.
fn half(tall: &Canvas, part: i32) -> Canvas {
    let mut c = Canvas::new(T, T);
    c.blit_rect(tall, 0, part * T, T, T, 0, 0);
    c
}

/// Every drawn pixel of a canvas: the shape of a vein or a crack.
fn pixels(c: &Canvas) -> Vec<(i32, i32)> {
    let mut out = Vec::new();
    for y in 0..c.h {
        for x in 0..c.w {
            if c.get(x, y)[3] > 0 {
                out.push((x, y));
            }
        }
    }
    out
}

/// A soft light around `shape`: the pixels `d` steps away (in the
/// eight-neighbourhood) take `colour` at `alphas[d - 1]`. With `wrap` the
/// distance is measured around the tile's edges, so a seamless tile stays
/// seamless.
fn glow(c: &mut Canvas, shape: &[(i32, i32)], colour: Rgba, alphas: &[u8], wrap: bool) {
    for y in 0..c.h {
        for x in 0..c.w {
            let d = shape
                .iter()
                .map(|&(sx, sy)| {
                    let (mut dx, mut dy) = ((x - sx).abs(), (y - sy).abs());
                    if wrap {
                        dx = dx.min(c.w - dx);
                        dy = dy.min(c.h - dy);
                    }
                    dx.max(dy)
                })
                .min()
                .unwrap_or(i32::MAX);
            if d >= 1 && d as usize <= alphas.len() {
                c.set(x, y, with_alpha(colour, alphas[d as usize - 1]));
            }
        }
    }
}

/// A round light fading out from its centre, for glows under a sprite.
fn halo(c: &mut Canvas, cx: f32, cy: f32, r: f32, colour: Rgba, peak: u8) {
    for y in 0..c.h {
        for x in 0..c.w {
            let d = ((x as f32 + 0.5 - cx).powi(2) + (y as f32 + 0.5 - cy).powi(2)).sqrt() / r;
            if d < 1.0 {
                // In three steps, not a smooth ramp: it stays pixel art.
                let step = ((1.0 - d) * 3.0).ceil() / 3.0;
                c.set(x, y, with_alpha(colour, (peak as f32 * step) as u8));
            }
        }
    }
}

/// A picture drawn from rows of characters, one colour per character
/// (`.` is transparent).
fn stamp(c: &mut Canvas, x: i32, y: i32, rows: &[&str], colours: &[(char, Rgba)]) {
    for (dy, row) in rows.iter().enumerate() {
        for (dx, ch) in row.chars().enumerate() {
            if let Some(&(_, col)) = colours.iter().find(|(k, _)| *k == ch) {
                c.set(x + dx as i32, y + dy as i32, col);
            }
        }
    }
}

/// Lays `body` over a canvas of `under` (a glow behind the sprite).
fn over(mut under: Canvas, body: &Canvas) -> Canvas {
    under.blit(body, 0, 0);
    under
}

// ---------------------------------------------------------------------------
// Ground and walls

/// The dream floor: soft mauve cushions with rounded corners, like gum
/// tissue that breathes, a few pores and pale flecks in each.
fn floor(seed: u64) -> Canvas {
    let grout = MAUVE_3;
    let mut c = tile(MAUVE);
    // The cushion's rounded edges: lit on the top-left, shaded bottom-right.
    c.hline(1, 0, 13, mix(MAUVE, GUM, 0.45));
    c.vline(0, 1, 13, mix(MAUVE, GUM, 0.3));
    c.hline(1, 14, 14, MAUVE_2);
    c.vline(14, 1, 13, MAUVE_2);
    c.hline(0, 15, T, grout);
    c.vline(15, 0, T, grout);
    for (x, y) in [(0, 0), (14, 0), (0, 14), (14, 14)] {
        c.set(x, y, mix(MAUVE_2, grout, 0.5));
    }
    // A faint swelling in the middle.
    c.ellipse(4, 3, 7, 6, mix(MAUVE, GUM, 0.18));
    let mut r = Rng::new(seed * 31 + 7);
    for _ in 0..4 {
        let (x, y) = (2 + r.below(11) as i32, 2 + r.below(11) as i32);
        c.set(x, y, mix(MAUVE, MAUVE_3, 0.55));
        if r.chance(0.5) {
            c.set(x + 1, y, mix(MAUVE, MAUVE_3, 0.3));
        }
    }
    for _ in 0..2 {
        let (x, y) = (2 + r.below(11) as i32, 2 + r.below(11) as i32);
        c.set(x, y, mix(MAUVE, GUM, 0.7));
    }
    c
}

fn glowing_floor() -> Canvas {
    let mut c = floor(3);
    halo(&mut c, 7.5, 7.5, 6.5, LILAC, 120);
    c.fill(7, 7, 2, 2, mix(LILAC, ENAMEL, 0.4));
    c
}

/// The dark beyond the dream: deep indigo, a haze and two faint stars.
fn void() -> Canvas {
    let mut c = tile(ABYSS);
    let mut r = Rng::new(404);
    for _ in 0..18 {
        let (x, y) = (r.below(16) as i32, r.below(16) as i32);
        c.set(x, y, ABYSS_2);
    }
    c.set(11, 4, mix(ABYSS, LILAC, 0.4));
    for (x, y) in [(10, 4), (12, 4), (11, 3), (11, 5)] {
        c.set(x, y, mix(ABYSS, LILAC, 0.12));
    }
    c.set(4, 11, mix(ABYSS, LILAC, 0.25));
    c
}

/// The top of a wall seen from above: dark violet blocks with a lit rim,
/// heavier than the floor so that it reads as solid.
fn wall_top() -> Canvas {
    let mut c = tile(DUSK_2);
    c.hline(0, 0, T, DUSK);
    c.vline(0, 0, T, mix(DUSK, DUSK_2, 0.5));
    c.hline(0, 15, T, DUSK_3);
    c.vline(15, 1, 15, DUSK_3);
    c.hline(1, 1, 14, mix(DUSK, DUSK_2, 0.6));
    c.set(5, 6, mix(DUSK_2, DUSK_3, 0.6));
    c.set(10, 10, mix(DUSK_2, DUSK_3, 0.6));
    c.set(11, 10, mix(DUSK_2, DUSK_3, 0.4));
    c
}

/// The upper wall face: a row of big teeth, two to a tile, one a little
/// taller than the other, in the shadow of the wall top.
fn teeth() -> Canvas {
    let gap = mix(DUSK_3, INK, 0.4);
    let mut c = tile(gap);
    for (x0, top) in [(1, 3), (9, 2)] {
        c.fill(x0, top + 2, 7, 14 - top, ENAMEL);
        c.hline(x0 + 1, top + 1, 5, ENAMEL);
        c.hline(x0 + 2, top, 3, ENAMEL);
        // Shading: the right side turns away, the neck yellows into the gum.
        c.vline(x0 + 5, top + 1, 15 - top, ENAMEL_2);
        c.vline(x0 + 6, top + 2, 14 - top, ENAMEL_3);
        c.set(x0 + 4, top, ENAMEL_2);
        c.fill(x0, 13, 6, 3, ENAMEL_2);
        c.hline(x0, 15, 7, ENAMEL_3);
        c.vline(x0 + 1, top + 2, 4, mix(ENAMEL, hex_white(), 0.6));
    }
    // The shadow of the wall top.
    for (y, k) in [(0, 0.5), (1, 0.3), (2, 0.15)] {
        for x in 0..T {
            let p = c.get(x, y);
            c.put(x, y, mix(p, INK, k));
        }
    }
    c
}

/// The lower wall face: gums under the teeth, wet at the top, darkening
/// where they meet the floor.
fn gums() -> Canvas {
    let mut c = tile(GUM_2);
    // The gum line curves up between the teeth and down around each root.
    for x in 0..T {
        let between = matches!(x % 8, 0 | 1 | 7);
        c.set(x, 0, if between { GUM } else { ENAMEL_3 });
        c.set(x, 1, GUM);
    }
    c.hline(0, 2, T, mix(GUM, GUM_2, 0.5));
    c.fill(0, 9, T, 3, mix(GUM_2, GUM_3, 0.5));
    c.fill(0, 12, T, 2, GUM_3);
    c.hline(0, 14, T, GUM_4);
    c.hline(0, 15, T, mix(GUM_4, INK, 0.35));
    // Glossy spots and little vessels.
    for (x, y) in [(3, 4), (12, 5), (7, 7)] {
        c.set(x, y, mix(GUM, ENAMEL, 0.4));
    }
    for (x, y) in [(5, 10), (6, 11), (13, 9), (14, 10), (1, 7)] {
        c.set(x, y, mix(GUM_3, FAULT_DARK, 0.5));
    }
    c
}

/// A pathway: floor with a soft gold line down its middle, to lead the eye.
fn path() -> Canvas {
    let mut c = floor(1);
    for y in 0..T {
        for x in 0..T {
            let p = c.get(x, y);
            c.put(x, y, mix(p, NIGHTLIGHT, 0.1));
        }
    }
    c.hline(0, 6, T, with_alpha(NIGHTLIGHT, 70));
    c.hline(0, 7, T, with_alpha(NIGHTLIGHT, 220));
    c.hline(0, 8, T, with_alpha(NIGHTLIGHT_2, 190));
    c.hline(0, 9, T, with_alpha(NIGHTLIGHT_2, 70));
    for x in [3, 11] {
        c.set(x, 7, mix(NIGHTLIGHT, ENAMEL, 0.6));
    }
    c
}

/// A near-white that keeps the enamel warm.
fn hex_white() -> Rgba {
    mix(ENAMEL, WHITE, 0.5)
}

// ---------------------------------------------------------------------------
// Decor

/// A waiting-room chair, pale moulded plastic, its back too tall.
fn chair() -> Canvas {
    let plastic = mix(LILAC, ENAMEL, 0.65);
    let shade = mix(LILAC, DUSK, 0.25);
    let mut c = Canvas::new(T, T);
    // Legs.
    c.vline(3, 11, 4, DUSK_2);
    c.vline(12, 11, 4, DUSK_2);
    // The back, narrow, rounded and too tall.
    c.fill(5, 2, 6, 7, plastic);
    c.hline(6, 1, 4, plastic);
    c.vline(10, 2, 7, shade);
    c.vline(6, 2, 5, mix(plastic, ENAMEL, 0.7));
    // The seat, seen from above, then its front edge.
    c.fill(2, 8, 12, 2, mix(plastic, ENAMEL, 0.5));
    c.fill(2, 10, 12, 2, shade);
    c.hline(2, 10, 12, mix(plastic, shade, 0.5));
    c.outline(INK);
    c
}

/// A ticket post: a red number display that never reaches Leo's turn.
fn ticket() -> Canvas {
    let mut c = Canvas::new(T, T);
    c.ellipse(4, 12, 8, 3, DUSK_2);
    c.fill(7, 8, 2, 6, DUSK);
    c.vline(8, 8, 6, DUSK_2);
    c.fill(2, 1, 12, 8, DUSK_2);
    c.fill(3, 2, 10, 6, FAULT_DEEP);
    // "99", three by five pixels a digit.
    let nine = ["###", "#.#", "###", "..#", "###"];
    stamp(&mut c, 4, 2, &nine, &[('#', FAULT)]);
    stamp(&mut c, 9, 2, &nine, &[('#', FAULT)]);
    // A paper ticket hanging from the display.
    c.fill(10, 9, 3, 3, ENAMEL);
    c.set(12, 11, ENAMEL_3);
    c.outline(INK);
    // The digits glow.
    c.hline(3, 7, 10, with_alpha(FAULT, 60));
    c
}

/// The giant toothbrush, 16×32: its handle grows from the floor like a
/// trunk, the bristles spread at the top like a crown.
fn toothbrush() -> Canvas {
    let mut c = Canvas::new(T, 2 * T);
    // Roots of gum where it grows out of the floor.
    c.line((6, 27), (3, 30), 1, GUM_3);
    c.line((9, 27), (12, 30), 1, GUM_3);
    c.fill(5, 27, 6, 3, GUM_2);
    c.hline(5, 27, 6, GUM);
    // The handle: a wide grip, then a narrow neck up to the head.
    c.fill(5, 17, 5, 10, TEAL);
    c.fill(6, 12, 3, 5, TEAL);
    c.fill(5, 1, 4, 11, TEAL);
    c.vline(9, 17, 10, TEAL_DEEP);
    c.vline(8, 1, 16, TEAL_DEEP);
    c.vline(5, 17, 10, mix(TEAL, GLOW, 0.5));
    c.vline(5, 2, 9, mix(TEAL, GLOW, 0.5));
    // The rubber grip.
    c.fill(6, 19, 3, 6, ENAMEL_2);
    c.vline(6, 19, 6, ENAMEL);
    // Bristle tufts sticking out, white and teal in turn.
    for (i, y) in [1, 4, 7, 10].into_iter().enumerate() {
        let (tuft, tip) = if i % 2 == 0 {
            (ENAMEL, hex_white())
        } else {
            (GLOW, mix(GLOW, ENAMEL, 0.5))
        };
        let len = [5, 6, 6, 5][i];
        c.fill(9, y, len, 2, tuft);
        c.vline(9 + len - 1, y, 2, tip);
        c.hline(9, y + 1, len - 1, mix(tuft, DUSK, 0.2));
    }
    c.outline(INK);
    // A few soap bubbles drifting off.
    for (x, y) in [(2, 3), (1, 8)] {
        c.set(x, y, with_alpha(ENAMEL, 170));
    }
    c
}

/// A tall standing mirror, 16×32: violet frame, pale glass, a crack, and
/// something faint standing in the reflection.
fn standing_mirror() -> Canvas {
    let glass = mix(LILAC, ENAMEL, 0.6);
    let mut c = Canvas::new(T, 2 * T);
    // Splayed feet.
    c.line((4, 27), (2, 30), 1, DUSK_2);
    c.line((11, 27), (13, 30), 1, DUSK_2);
    // Frame with an arched top.
    c.fill(2, 4, 12, 24, DUSK);
    c.ellipse(2, 0, 12, 10, DUSK);
    c.vline(12, 5, 22, DUSK_2);
    c.hline(2, 27, 12, DUSK_2);
    c.ellipse(4, 2, 8, 8, glass);
    c.fill(4, 6, 8, 19, glass);
    c.vline(11, 6, 19, mix(glass, LILAC, 0.6));
    // A gem on the crest.
    c.set(7, 1, FAULT);
    c.set(8, 1, FAULT_DARK);
    // The shape in the glass: a small head and shoulders that isn't Mira.
    let ghost = mix(glass, DUSK, 0.22);
    c.ellipse(6, 14, 4, 4, ghost);
    c.fill(5, 18, 6, 7, ghost);
    // Shine.
    c.line((5, 8), (7, 6), 1, hex_white());
    c.set(5, 10, hex_white());
    // The crack, dark with a bright edge.
    for (a, b) in [((10, 4), (8, 10)), ((8, 10), (10, 16)), ((10, 16), (7, 23))] {
        c.line(a, b, 1, INK_SOFT);
    }
    c.line((8, 10), (5, 12), 1, INK_SOFT);
    c.set(9, 7, hex_white());
    c.set(10, 14, hex_white());
    c.outline(INK);
    c
}

/// A crack in the floor, transparent but for the crack and its red glow.
fn crack() -> Canvas {
    let mut shape = Canvas::new(T, T);
    let pts = [(1, 12), (4, 10), (6, 11), (9, 7), (11, 7), (14, 3)];
    for w in pts.windows(2) {
        shape.line(w[0], w[1], 1, FAULT);
    }
    shape.line((9, 7), (10, 11), 1, FAULT);
    shape.line((4, 10), (3, 7), 1, FAULT);
    let px = pixels(&shape);
    let mut c = Canvas::new(T, T);
    glow(&mut c, &px, FAULT, &[110, 45], false);
    for &(x, y) in &px {
        c.set(x, y, FAULT_DEEP);
    }
    // The hot light inside the crack.
    for (x, y) in [(5, 10), (9, 7), (10, 7), (12, 5)] {
        c.set(x, y, mix(FAULT, NIGHTLIGHT, 0.45));
    }
    c
}

/// The floor of the swarm core's arena: dark violet run through with red
/// veins that meet their neighbours' at every edge.
fn core_floor() -> Canvas {
    let mut c = tile(DUSK_3);
    let mut r = Rng::new(777);
    for _ in 0..14 {
        let (x, y) = (r.below(16) as i32, r.below(16) as i32);
        c.set(x, y, mix(DUSK_3, DUSK_2, 0.6));
    }
    let mut shape = Canvas::new(T, T);
    // One vein runs from the top edge out of the right one, and comes in
    // again on the left to leave by the bottom, where the tile below picks
    // it up: across many tiles it zigzags on diagonally. A short one stays
    // inside.
    let long = [(3, 0), (5, 3), (9, 6), (10, 9), (13, 10), (15, 12)];
    let end = [(0, 12), (2, 13), (3, 15)];
    for v in [&long[..], &end[..]] {
        for w in v.windows(2) {
            shape.line(w[0], w[1], 1, FAULT);
        }
    }
    shape.line((9, 6), (12, 3), 1, FAULT);
    shape.line((5, 10), (7, 12), 1, FAULT);
    let px = pixels(&shape);
    glow(&mut c, &px, FAULT_DARK, &[90, 30], true);
    for &(x, y) in &px {
        c.set(x, y, mix(FAULT, FAULT_DARK, 0.6));
    }
    for (x, y) in [(9, 6), (10, 7)] {
        c.set(x, y, FAULT);
    }
    c
}

// ---------------------------------------------------------------------------
// The fears: 32×32, outlined, floating or standing in front of the player.

/// The endless wait: a wall clock with a frown, alarm bells for horns and
/// far too many hands.
fn fear_clock() -> Canvas {
    let mut c = Canvas::new(32, 32);
    // Alarm bells and the striker between them.
    c.ellipse(2, 1, 9, 8, GUM_3);
    c.ellipse(21, 1, 9, 8, GUM_3);
    c.ellipse(3, 2, 5, 4, GUM_2);
    c.ellipse(22, 2, 5, 4, GUM_2);
    // Rim and face.
    c.ellipse(3, 3, 26, 26, DUSK);
    c.ellipse(4, 4, 24, 24, DUSK_2);
    c.ellipse(6, 6, 20, 20, ENAMEL_2);
    c.ellipse(6, 6, 19, 18, ENAMEL);
    // Hour marks.
    for (x, y) in [
        (15, 7),
        (16, 7),
        (24, 15),
        (24, 16),
        (15, 24),
        (16, 24),
        (7, 15),
        (7, 16),
    ] {
        c.set(x, y, DUSK);
    }
    // A frowning face: heavy brows, red eyes, a downturned mouth.
    c.line((9, 10), (13, 12), 1, INK);
    c.line((22, 10), (18, 12), 1, INK);
    c.fill(11, 13, 2, 2, FAULT);
    c.fill(19, 13, 2, 2, FAULT);
    for (x, y) in [
        (12, 22),
        (13, 21),
        (14, 20),
        (15, 20),
        (16, 20),
        (17, 20),
        (18, 21),
        (19, 22),
    ] {
        c.set(x, y, INK);
    }
    // Too many hands.
    let hub = (16, 16);
    for (end, col) in [
        ((16, 8), INK_SOFT),
        ((24, 17), INK_SOFT),
        ((8, 18), INK_SOFT),
        ((22, 23), DUSK_2),
        ((10, 23), DUSK_2),
        ((23, 11), FAULT_DARK),
    ] {
        c.line(hub, end, 1, col);
    }
    c.fill(15, 15, 2, 2, FAULT_DARK);
    // Little feet.
    c.fill(8, 27, 3, 2, DUSK_2);
    c.fill(21, 27, 3, 2, DUSK_2);
    c.outline(INK);
    c
}

/// The drill: a dental handpiece on a tall jointed stalk, its bit glowing.
fn fear_drill() -> Canvas {
    let metal = mix(LILAC, ENAMEL, 0.55);
    let metal_shade = mix(LILAC, DUSK, 0.3);
    let mut c = Canvas::new(32, 32);
    // Base.
    c.ellipse(9, 25, 16, 6, DUSK_2);
    c.ellipse(11, 25, 12, 3, DUSK);
    // The stalk: a gooseneck from the base up behind the handpiece.
    for (a, b) in [
        ((17, 27), (20, 19)),
        ((20, 19), (24, 12)),
        ((24, 12), (23, 8)),
    ] {
        c.line(a, b, 3, metal_shade);
    }
    for (x, y) in [(18, 24), (20, 19), (22, 15), (24, 11)] {
        c.fill(x, y, 3, 1, DUSK_2);
    }
    // The handpiece, lying across the top.
    c.fill(9, 5, 17, 5, metal);
    c.hline(9, 5, 17, hex_white());
    c.hline(9, 9, 17, metal_shade);
    c.fill(24, 4, 4, 7, metal_shade);
    // The head, and its bit pointing down.
    c.ellipse(3, 3, 8, 9, metal);
    c.ellipse(4, 4, 4, 4, hex_white());
    c.fill(6, 12, 2, 5, mix(FAULT, ENAMEL, 0.2));
    c.set(6, 17, FAULT);
    // One red eye watching.
    c.fill(16, 6, 3, 2, FAULT);
    c.outline(INK);
    let mut under = Canvas::new(32, 32);
    halo(&mut under, 7.0, 16.0, 7.0, FAULT, 140);
    let mut out = over(under, &c);
    // Sparks off the bit.
    for (x, y) in [(3, 18), (10, 19), (4, 21), (9, 15)] {
        out.set(x, y, mix(FAULT, NIGHTLIGHT, 0.5));
    }
    out
}

/// The whisper: a floating mouth, lips parted over teeth, breathing words
/// Leo cannot quite hear.
fn fear_mouth() -> Canvas {
    let mut c = Canvas::new(32, 32);
    // The lips.
    c.ellipse(4, 7, 24, 10, GUM_2);
    c.ellipse(5, 12, 22, 11, GUM_3);
    c.ellipse(7, 16, 18, 6, GUM_2);
    c.hline(11, 19, 10, GUM);
    // The cupid's bow.
    c.put(15, 7, CLEAR);
    c.put(16, 7, CLEAR);
    c.hline(9, 8, 5, GUM);
    c.hline(18, 8, 5, GUM);
    // The open mouth, teeth above and below.
    c.ellipse(7, 11, 18, 7, ABYSS);
    for x in [9, 12, 15, 18, 21] {
        c.fill(x, 11, 3, 3, ENAMEL);
        c.vline(x + 2, 11, 3, ENAMEL_3);
    }
    for x in [11, 14, 17] {
        c.fill(x, 16, 3, 2, ENAMEL_2);
        c.vline(x + 2, 16, 2, ENAMEL_3);
    }
    c.outline(INK);
    // The whispers curling off, and a shadow on the floor below.
    for (x, y) in [
        (29, 9),
        (30, 8),
        (30, 10),
        (1, 12),
        (2, 11),
        (2, 13),
        (29, 15),
        (30, 16),
    ] {
        c.set(x, y, with_alpha(LILAC, 150));
    }
    c.ellipse(9, 27, 14, 3, with_alpha(ABYSS, 120));
    c
}

/// The mirror: a cracked hand mirror showing a face gone wrong.
fn fear_mirror() -> Canvas {
    let glass = mix(LILAC, ENAMEL, 0.55);
    let mut c = Canvas::new(32, 32);
    // Handle.
    c.fill(14, 22, 4, 7, DUSK);
    c.vline(17, 22, 7, DUSK_2);
    c.ellipse(13, 27, 6, 4, DUSK_2);
    // Frame and glass.
    c.ellipse(5, 1, 22, 23, DUSK);
    c.ellipse(6, 2, 20, 21, mix(DUSK, LILAC, 0.3));
    c.ellipse(8, 4, 16, 17, glass);
    c.ellipse(16, 8, 8, 13, mix(glass, LILAC, 0.5));
    // The face: one eye too big, one too small, a wavering mouth.
    c.ellipse(10, 7, 6, 6, ABYSS);
    c.fill(12, 9, 2, 2, FAULT);
    c.fill(19, 10, 2, 2, ABYSS);
    for (x, y) in [
        (11, 16),
        (12, 15),
        (13, 16),
        (14, 17),
        (15, 16),
        (16, 15),
        (17, 16),
        (18, 17),
        (19, 16),
        (20, 15),
    ] {
        c.set(x, y, INK_SOFT);
    }
    // The crack.
    for (a, b) in [
        ((21, 4), (18, 9)),
        ((18, 9), (20, 13)),
        ((20, 13), (15, 19)),
        ((18, 9), (23, 11)),
    ] {
        c.line(a, b, 1, INK_SOFT);
    }
    c.set(19, 11, hex_white());
    c.set(17, 17, hex_white());
    // Shine, and a gem where the handle meets the frame.
    c.line((10, 14), (13, 5), 1, with_alpha(hex_white(), 160));
    c.fill(15, 22, 2, 2, FAULT);
    c.outline(INK);
    c
}

// ---------------------------------------------------------------------------
// The core, the checkpoint, the seals and the icons

/// The swarm core: a lumpy knot of dark red nanobot matter split by glowing
/// cracks, white-hot at the centre, in a red-violet haze.
fn core() -> Canvas {
    let mut c = Canvas::new(32, 32);
    // Lumps around the sphere, then the sphere.
    for (x, y, w, h) in [
        (2, 11, 7, 7),
        (23, 7, 7, 6),
        (20, 23, 7, 6),
        (8, 2, 7, 6),
        (5, 22, 6, 6),
    ] {
        c.ellipse(x, y, w, h, FAULT_DEEP);
    }
    c.ellipse(4, 4, 24, 24, FAULT_DEEP);
    c.ellipse(7, 6, 19, 19, mix(FAULT_DEEP, FAULT_DARK, 0.45));
    c.ellipse(10, 9, 12, 12, FAULT_DARK);
    // Nanobot grain.
    let mut r = Rng::new(909);
    for _ in 0..60 {
        let (x, y) = (3 + r.below(26) as i32, 3 + r.below(26) as i32);
        if c.get(x, y)[3] > 0 {
            let tone = if r.chance(0.5) {
                mix(FAULT_DEEP, INK, 0.4)
            } else {
                mix(FAULT_DARK, FAULT, 0.4)
            };
            c.set(x, y, tone);
        }
    }
    // Cracks from the heart outwards, red shading into violet.
    let crack = mix(FAULT, LILAC, 0.35);
    for (a, b, col) in [
        ((16, 16), (9, 8), crack),
        ((16, 16), (25, 10), FAULT),
        ((16, 16), (22, 25), crack),
        ((16, 16), (6, 20), FAULT),
        ((9, 8), (6, 11), crack),
        ((22, 25), (25, 22), FAULT),
        ((16, 16), (17, 5), crack),
    ] {
        c.line(a, b, 1, col);
    }
    c.ellipse(12, 12, 8, 8, FAULT);
    c.ellipse(14, 14, 4, 4, mix(FAULT, ENAMEL, 0.6));
    c.fill(15, 15, 2, 2, ENAMEL);
    c.outline(INK);
    let mut under = Canvas::new(32, 32);
    halo(&mut under, 16.0, 16.0, 16.0, mix(FAULT, DUSK, 0.4), 110);
    over(under, &c)
}

/// The nightlight: a little gold star on a stand. Where it shines, Mira can
/// catch her breath (a checkpoint).
fn nightlight() -> Canvas {
    let mut c = Canvas::new(T, T);
    c.ellipse(4, 12, 8, 3, ENAMEL_3);
    c.fill(7, 10, 2, 3, ENAMEL_2);
    let star = [
        ".....#.....",
        "....#h#....",
        "....#h#....",
        "###hhh#####",
        ".##hh#####.",
        "..#######..",
        "..####ss#..",
        ".####.#ss#.",
        ".##.....s#.",
    ];
    stamp(
        &mut c,
        2,
        1,
        &star,
        &[
            ('#', NIGHTLIGHT),
            ('h', mix(NIGHTLIGHT, ENAMEL, 0.6)),
            ('s', NIGHTLIGHT_2),
        ],
    );
    c.outline(INK);
    let mut under = Canvas::new(T, T);
    halo(&mut under, 7.5, 6.0, 7.0, NIGHTLIGHT, 80);
    over(under, &c)
}

/// A sealed gate: a violet energy lattice, see-through. Open, only a few
/// sparks are left.
fn seal(open: bool) -> Canvas {
    let mut c = Canvas::new(T, T);
    if !open {
        c.fill(0, 0, T, T, with_alpha(DUSK, 100));
    }
    for y in 0..T {
        for x in 0..T {
            if (x + y) % 8 == 0 || (x - y + 16) % 8 == 0 {
                c.set(x, y, with_alpha(LILAC, if open { 30 } else { 150 }));
            }
        }
    }
    let sparks: &[(i32, i32)] = if open {
        &[(4, 4), (12, 12), (9, 2)]
    } else {
        &[(4, 4), (12, 12), (8, 8), (0, 8)]
    };
    for &(x, y) in sparks {
        c.set(x, y, with_alpha(mix(LILAC, ENAMEL, 0.6), 230));
    }
    if open {
        for (x, y) in [(3, 4), (5, 4), (4, 3), (4, 5)] {
            c.set(x, y, with_alpha(LILAC, 90));
        }
    }
    c
}

/// Calm, for the HUD: a soft teal heart with a leaf sprouting from it.
fn calm_icon() -> Canvas {
    let mut c = Canvas::new(T, T);
    let heart = [
        ".###.###.",
        "#hh######",
        "#h#######",
        "########s",
        ".######s.",
        "..####s..",
        "...##s...",
        "....s....",
    ];
    stamp(
        &mut c,
        3,
        5,
        &heart,
        &[('#', mix(TEAL, MINT, 0.35)), ('h', MINT), ('s', TEAL_DEEP)],
    );
    c.set(8, 4, LEAF_2);
    c.fill(9, 2, 3, 2, mix(TEAL, LEAF, 0.5));
    c.set(9, 2, MINT_3);
    c.outline(INK);
    c
}

/// Energy, for the HUD: a cyan lightning bolt inside a faint atom orbit.
fn energy_icon() -> Canvas {
    let mut body = Canvas::new(T, T);
    let bolt = [
        "....###", "...h##.", "..h##..", ".h#####", "...##s.", "..##s..", ".##s...", ".#s....",
        "#s.....",
    ];
    stamp(
        &mut body,
        4,
        2,
        &bolt,
        &[('#', GLOW), ('h', GLASS), ('s', TEAL)],
    );
    body.outline(INK);
    // The orbit: the rim of one ellipse left outside a smaller one.
    let mut outer = Canvas::new(T, T);
    outer.ellipse(0, 4, 16, 8, SKY);
    let mut inner = Canvas::new(T, T);
    inner.ellipse(1, 5, 14, 6, SKY);
    let mut c = Canvas::new(T, T);
    for (x, y) in pixels(&outer) {
        if inner.get(x, y)[3] == 0 {
            c.set(x, y, with_alpha(SKY, 130));
        }
    }
    c.blit(&body, 0, 0);
    c
}
