//! Title logo and small effect sprites.

use crate::canvas::{Canvas, hex, with_alpha};
use crate::palette::*;

/// The BioDental mark: a tooth made of light, circled by nanobots (32×32).
pub fn logo() -> Canvas {
    let mut c = Canvas::new(32, 32);
    c.ellipse(1, 1, 30, 30, with_alpha(TEAL, 70));
    c.ellipse(3, 3, 26, 26, with_alpha(TEAL_DARK, 200));
    // Tooth.
    c.fill(9, 7, 14, 10, WHITE);
    c.fill(10, 6, 5, 1, WHITE);
    c.fill(17, 6, 5, 1, WHITE);
    c.fill(9, 17, 5, 8, WHITE);
    c.fill(18, 17, 5, 8, WHITE);
    c.fill(10, 25, 3, 1, WHITE);
    c.fill(19, 25, 3, 1, WHITE);
    c.fill(19, 8, 4, 9, PEARL);
    c.fill(20, 17, 3, 8, PEARL);
    // Heart of light.
    c.fill(14, 10, 2, 2, PINK_GLOW);
    c.fill(17, 10, 2, 2, PINK_GLOW);
    c.fill(15, 12, 3, 1, PINK_GLOW);
    c.set(16, 13, PINK_GLOW);
    c.outline(INK);
    // Orbiting nanobots.
    for (x, y) in [(4, 10), (27, 8), (26, 24), (6, 25), (16, 2)] {
        c.set(x, y, GLOW);
        c.set(x + 1, y, with_alpha(GLOW, 120));
    }
    c
}

/// The top-wall sliding doors opening: 32×32 frames, shut to open, of the
/// doorway only (the frame around it stays the wall tiles' own, so one set
/// of frames serves every door style).
pub fn doors() -> Canvas {
    let mut c = Canvas::new(32 * 4, 32);
    for open in 0..4 {
        let door = crate::tiles::sliding_door(STEEL, open);
        // The doorway: inside the frame's sides and below its lintel.
        c.blit_rect(&door, 2, 3, 28, 29, open * 32 + 2, 3);
    }
    c
}

/// Effect sprites, 16×16 each, in a row: character shadow, interaction
/// marker (two frames), glow dot, spark.
pub fn fx() -> Canvas {
    let mut c = Canvas::new(16 * 5, 16);
    // Soft shadow under feet.
    c.ellipse(2, 10, 12, 5, with_alpha(hex("#0c1020"), 70));
    c.ellipse(4, 11, 8, 3, with_alpha(hex("#0c1020"), 60));
    // "Talk" marker: a speech bubble, frame 0 and a raised frame 1.
    for (i, lift) in [(1, 0), (2, 1)] {
        let x = i * 16;
        let y = 3 - lift;
        c.fill(x + 3, y, 10, 7, WHITE);
        c.fill(x + 2, y + 1, 12, 5, WHITE);
        c.fill(x + 5, y + 7, 2, 2, WHITE);
        for dx in [5, 8, 11] {
            c.set(x + dx - 1, y + 3, TEAL_DEEP);
        }
    }
    // Glow dot and spark.
    c.ellipse(48 + 4, 4, 8, 8, with_alpha(GLOW, 90));
    c.ellipse(48 + 6, 6, 4, 4, GLOW);
    c.set(64 + 7, 3, GLOW);
    c.set(64 + 7, 12, GLOW);
    c.set(64 + 3, 7, GLOW);
    c.set(64 + 12, 7, GLOW);
    c.fill(64 + 6, 6, 3, 3, WHITE);
    c
}
