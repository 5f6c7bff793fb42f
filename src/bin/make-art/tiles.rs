//! The clinic tileset (`levels/tilesets/clinic.png`): 16×16 tiles, 16 a row.
//!
//! Floors for every room, wall faces and wall tops, doors, and transparent
//! decals that go on a layer above the floor. Tiles are added in a fixed
//! order and their index never changes once levels use it: add new tiles at
//! the end. `make-art --catalog` prints every tile's name and index.

use crate::canvas::{Canvas, Rgba, Rng, hex, mix, with_alpha};
use crate::palette::*;

pub const T: i32 = 16;
pub const COLUMNS: i32 = 16;

/// Tiles placed first-fit on a grid 16 tiles wide. Placement depends only
/// on the order of the calls before it, so appending never moves a tile.
pub struct Sheet {
    cells: Vec<Option<(String, Canvas)>>,
}

impl Sheet {
    fn free(&self, i: usize) -> bool {
        self.cells.get(i).is_none_or(|c| c.is_none())
    }

    fn put(&mut self, i: usize, name: String, c: Canvas) {
        if self.cells.len() <= i {
            self.cells.resize(i + 1, None);
        }
        self.cells[i] = Some((name, c));
    }

    /// First free index at or after `from` where a `w`×`h` block fits.
    fn find(&self, w: i32, h: i32, from: usize) -> usize {
        let mut i = from;
        loop {
            let col = i as i32 % COLUMNS;
            let fits = col + w <= COLUMNS
                && (0..h).all(|ty| (0..w).all(|tx| self.free(i + (ty * COLUMNS + tx) as usize)));
            if fits {
                return i;
            }
            i += 1;
        }
    }

    fn add(&mut self, name: impl Into<String>, c: Canvas) {
        assert!(c.w == T && c.h == T);
        let i = self.find(1, 1, 0);
        self.put(i, name.into(), c);
    }

    /// Adds a picture of `w`×`h` tiles as a block, named `name_x_y`.
    fn add_block(&mut self, name: &str, big: &Canvas) {
        let (w, h) = (big.w / T, big.h / T);
        let at = self.find(w, h, 0);
        for ty in 0..h {
            for tx in 0..w {
                let mut c = Canvas::new(T, T);
                c.blit_rect(big, tx * T, ty * T, T, T, 0, 0);
                self.put(
                    at + (ty * COLUMNS + tx) as usize,
                    format!("{name}_{tx}_{ty}"),
                    c,
                );
            }
        }
    }

    /// Starts the next additions on a fresh row (for a tidy sheet).
    fn new_row(&mut self) {
        let used = self.cells.len() as i32;
        let next = (used + COLUMNS - 1) / COLUMNS * COLUMNS;
        // Reserve the rest of the row so that single tiles go below it.
        for i in used..next {
            self.put(i as usize, "blank".into(), Canvas::new(T, T));
        }
    }

    pub fn canvas(&self) -> Canvas {
        let rows = (self.cells.len() as i32 + COLUMNS - 1) / COLUMNS;
        let mut out = Canvas::new(COLUMNS * T, rows * T);
        for (i, cell) in self.cells.iter().enumerate() {
            if let Some((_, c)) = cell {
                let i = i as i32;
                out.blit(c, (i % COLUMNS) * T, (i / COLUMNS) * T);
            }
        }
        out
    }
}

fn tile(fill: Rgba) -> Canvas {
    let mut c = Canvas::new(T, T);
    c.fill(0, 0, T, T, fill);
    c
}

/// A floor darkened towards its top edge: the shade a wall casts.
fn shadowed(c: &Canvas) -> Canvas {
    let mut out = c.clone();
    let shade = hex("#1b2436");
    for (y, k) in [(0, 0.38), (1, 0.28), (2, 0.2), (3, 0.12), (4, 0.06)] {
        for x in 0..T {
            let p = out.get(x, y);
            out.put(x, y, mix(p, shade, k));
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Floors

fn clinic_floor(seed: u64, base: Rgba, grout: Rgba) -> Canvas {
    let mut c = tile(base);
    c.hline(0, 15, 16, grout);
    c.vline(15, 0, 16, grout);
    c.hline(0, 0, 15, mix(base, WHITE, 0.6));
    let mut r = Rng::new(seed);
    for _ in 0..3 {
        let (x, y) = (1 + r.below(13) as i32, 1 + r.below(13) as i32);
        c.set(x, y, mix(base, grout, 0.5));
    }
    c
}

fn carpet(seed: u64) -> Canvas {
    let base = hex("#b7d3d6");
    let dark = hex("#a3c4c9");
    let mut c = tile(base);
    let mut r = Rng::new(seed);
    for y in 0..T {
        for x in 0..T {
            if (x + y) % 4 == 0 && (x / 2 + y / 2) % 2 == 0 {
                c.set(x, y, dark);
            } else if r.chance(0.05) {
                c.set(x, y, mix(base, WHITE, 0.35));
            }
        }
    }
    c
}

fn wood(seed: u64) -> Canvas {
    let mut c = tile(WOOD);
    let mut r = Rng::new(seed);
    for plank in 0..4 {
        let y0 = plank * 4;
        let tone = match r.below(3) {
            0 => WOOD,
            1 => mix(WOOD, WOOD_2, 0.35),
            _ => mix(WOOD, hex("#d9a577"), 0.5),
        };
        c.fill(0, y0, T, 3, tone);
        c.hline(0, y0 + 3, T, WOOD_3);
        // Grain and a plank joint.
        let gx = r.below(12) as i32;
        c.hline(gx, y0 + 1, 3, mix(tone, WOOD_2, 0.6));
        let joint = r.below(16) as i32;
        c.vline(joint, y0, 3, mix(WOOD_2, WOOD_3, 0.4));
    }
    c
}

fn vr_floor(node: bool) -> Canvas {
    let mut c = tile(NIGHT);
    c.hline(0, 0, T, NIGHT_3);
    c.vline(0, 0, T, NIGHT_3);
    c.set(0, 0, TEAL_DEEP);
    if node {
        c.fill(7, 7, 2, 2, with_alpha(VIOLET, 150));
        c.set(7, 7, with_alpha(GLOW, 160));
    }
    c
}

fn mint_floor(seed: u64) -> Canvas {
    let mut c = clinic_floor(seed, MINT, MINT_2);
    c.set(7, 7, MINT_3);
    c
}

fn corridor(stripe: bool) -> Canvas {
    let mut c = clinic_floor(77, hex("#dde5ea"), hex("#cbd6dd"));
    if stripe {
        c.hline(0, 7, T, TEAL);
        c.hline(0, 8, T, TEAL_DEEP);
    }
    c
}

fn pavers(seed: u64) -> Canvas {
    let mut c = tile(STONE);
    let mut r = Rng::new(seed);
    for row in 0..2 {
        let y0 = row * 8;
        let off = if row == 0 { 0 } else { 4 };
        for k in 0..3 {
            let x0 = k * 8 - off;
            let tone =
                [STONE, mix(STONE, STONE_2, 0.3), mix(STONE, WHITE, 0.15)][r.below(3) as usize];
            c.fill(x0, y0, 8, 8, tone);
            c.hline(x0, y0 + 7, 8, STONE_2);
            c.vline(x0 + 7, y0, 8, STONE_2);
            c.hline(x0, y0, 7, mix(tone, WHITE, 0.3));
        }
    }
    c
}

fn grass(seed: u64) -> Canvas {
    let mut c = tile(GRASS);
    let mut r = Rng::new(seed);
    for _ in 0..14 {
        let (x, y) = (r.below(16) as i32, r.below(15) as i32);
        c.set(x, y, GRASS_2);
        c.set(x, y + 1, if r.chance(0.5) { GRASS_3 } else { GRASS_2 });
    }
    for _ in 0..3 {
        c.set(r.below(16) as i32, r.below(16) as i32, hex("#b5e38f"));
    }
    c
}

// ---------------------------------------------------------------------------
// Walls

/// Colours of one room's walls.
#[derive(Clone, Copy)]
struct WallStyle {
    upper: Rgba,
    upper_line: Rgba,
    lower: Rgba,
    strip: Rgba,
    base: Rgba,
    base_dark: Rgba,
}

const CLINIC: WallStyle = WallStyle {
    upper: WHITE,
    upper_line: PEARL,
    lower: hex("#eef3f6"),
    strip: TEAL,
    base: SILVER,
    base_dark: STEEL,
};
const OFFICE: WallStyle = WallStyle {
    upper: CREAM,
    upper_line: CREAM_2,
    lower: WOOD,
    strip: WOOD_2,
    base: WOOD_2,
    base_dark: WOOD_3,
};
const VR: WallStyle = WallStyle {
    upper: NIGHT_2,
    upper_line: NIGHT_3,
    lower: NIGHT,
    strip: VIOLET,
    base: NIGHT_3,
    base_dark: NIGHT_2,
};
const TREAT: WallStyle = WallStyle {
    upper: MINT,
    upper_line: MINT_2,
    lower: MINT_2,
    strip: TEAL,
    base: MINT_3,
    base_dark: TEAL_DEEP,
};

fn face_upper(s: WallStyle) -> Canvas {
    let mut c = tile(s.upper);
    // The shadow under the wall top.
    c.hline(0, 0, T, mix(s.upper, INK, 0.35));
    c.hline(0, 1, T, mix(s.upper, INK, 0.15));
    c.vline(15, 2, 14, s.upper_line);
    c
}

fn face_lower(s: WallStyle) -> Canvas {
    let mut c = tile(s.lower);
    c.vline(15, 0, 11, mix(s.lower, s.upper_line, 0.5));
    // The glowing strip, then the skirting board.
    c.hline(0, 5, T, s.strip);
    c.hline(0, 6, T, mix(s.strip, INK, 0.3));
    c.fill(0, 11, T, 4, s.base);
    c.hline(0, 11, T, mix(s.base, WHITE, 0.3));
    c.hline(0, 15, T, s.base_dark);
    c
}

fn window(s: WallStyle) -> Canvas {
    let mut c = face_upper(s);
    c.frame(2, 3, 12, 12, STEEL, GLASS);
    c.fill(3, 4, 10, 5, SKY);
    c.vline(8, 4, 10, STEEL);
    // Reflections.
    c.set(4, 10, WHITE);
    c.set(5, 9, WHITE);
    c.set(10, 11, with_alpha(WHITE, 160));
    c
}

fn wall_screen(s: WallStyle) -> Canvas {
    let mut c = face_upper(s);
    c.frame(1, 4, 14, 10, INK_SOFT, hex("#0d2f3a"));
    c.hline(3, 6, 6, GLOW);
    c.hline(3, 8, 9, TEAL);
    c.hline(3, 10, 4, TEAL);
    c.fill(10, 9, 3, 3, with_alpha(PINK_GLOW, 200));
    c
}

fn poster(s: WallStyle) -> Canvas {
    let mut c = face_upper(s);
    c.frame(3, 3, 10, 12, STEEL, WHITE);
    // A tooth with a glowing heart: the BioDental promise.
    c.fill(5, 5, 6, 4, PEARL);
    c.fill(5, 9, 2, 3, PEARL);
    c.fill(9, 9, 2, 3, PEARL);
    c.set(7, 7, PINK_GLOW);
    c.set(8, 7, PINK_GLOW);
    c.hline(4, 13, 8, TEAL);
    c
}

fn light_panel(s: WallStyle) -> Canvas {
    let mut c = face_upper(s);
    c.fill(3, 6, 10, 3, with_alpha(GLOW, 230));
    c.hline(2, 5, 12, with_alpha(GLOW, 90));
    c.hline(2, 9, 12, with_alpha(GLOW, 90));
    c
}

fn vent(s: WallStyle) -> Canvas {
    let mut c = face_lower(s);
    c.frame(4, 7, 8, 4, s.base_dark, s.base);
    c.hline(5, 8, 6, s.base_dark);
    c
}

/// A wall top seen from above. `mask` bits: 1 north, 2 east, 4 south, 8
/// west, set when that neighbour is also a wall top.
fn cap(mask: u8, top: Rgba, rim: Rgba, edge: Rgba) -> Canvas {
    let mut c = tile(top);
    // Subtle panel texture.
    c.set(5, 6, mix(top, rim, 0.4));
    c.set(11, 10, mix(top, rim, 0.4));
    if mask & 1 == 0 {
        c.hline(0, 0, T, edge);
        c.hline(0, 1, T, rim);
    }
    if mask & 4 == 0 {
        c.hline(0, 15, T, edge);
        c.hline(0, 14, T, rim);
    }
    if mask & 8 == 0 {
        c.vline(0, 0, T, edge);
        c.vline(1, 0, T, rim);
    }
    if mask & 2 == 0 {
        c.vline(15, 0, T, edge);
        c.vline(14, 0, T, rim);
    }
    // Restore corners where both sides continue.
    c
}

/// Sliding glass doors, two tiles wide and two tall, `open` 0 (shut) to 3
/// (the leaves hidden in the wall). Shut, they are part of the wall tiles;
/// the opening frames animate over them in the game (`assets/sprites/doors.png`).
pub fn sliding_door(frame: Rgba, open: i32) -> Canvas {
    let shift = open * 4;
    let mut c = Canvas::new(32, 32);
    c.fill(0, 0, 32, 32, frame);
    if open == 0 {
        c.fill(2, 3, 28, 29, hex("#20465a"));
    } else {
        // The dim room beyond, its floor catching the light.
        c.fill(2, 3, 28, 29, hex("#0d1a2a"));
        c.fill(2, 24, 28, 8, hex("#1b3147"));
        c.hline(2, 24, 28, hex("#24405a"));
    }
    // Two glass leaves parting from the middle, clipped by the frame.
    let (left_end, right_start) = (15 - shift, 17 + shift);
    if left_end > 3 {
        c.fill(3, 4, left_end - 3, 28, with_alpha(GLASS_2, 220));
        c.vline(left_end, 4, 28, STEEL);
        c.fill(12 - shift, 16, 1, 6, SILVER);
    }
    if right_start < 29 {
        c.fill(
            right_start,
            4,
            29 - right_start,
            28,
            with_alpha(GLASS_2, 220),
        );
        c.vline(right_start - 1, 4, 28, STEEL);
        c.fill(19 + shift, 16, 1, 6, SILVER);
    }
    for (x, y) in [(5, 8), (6, 7)] {
        if x - shift >= 3 {
            c.set(x - shift, y, WHITE);
        }
    }
    for (x, y) in [(19, 10), (20, 9), (21, 8)] {
        if x + shift < 29 {
            c.set(x + shift, y, WHITE);
        }
    }
    // The light above.
    c.fill(6, 1, 20, 1, GLOW);
    c
}

fn threshold(dir: u8) -> Canvas {
    let mut c = tile(hex("#3a4a5c"));
    c.frame(0, 0, 16, 16, hex("#2c3a4a"), hex("#3a4a5c"));
    let glow = with_alpha(GLOW, 220);
    // A chevron pointing the way out: drawn pointing up, then turned.
    for (x, y) in [(4, 9), (5, 8), (6, 7), (7, 6), (8, 5)] {
        for (a, b) in [(x, y), (15 - x, y)] {
            let (px, py) = match dir {
                0 => (a, b),      // up
                1 => (a, 15 - b), // down
                2 => (b, a),      // left
                _ => (15 - b, a), // right
            };
            c.set(px, py, glow);
        }
    }
    c
}

fn hedge(seed: u64) -> Canvas {
    let mut c = tile(LEAF_2);
    let mut r = Rng::new(seed);
    for _ in 0..40 {
        let (x, y) = (r.below(16) as i32, r.below(16) as i32);
        c.set(x, y, if r.chance(0.5) { LEAF } else { LEAF_3 });
    }
    c.hline(0, 0, T, LEAF);
    c.hline(0, 15, T, LEAF_3);
    c
}

fn hedge_front(seed: u64) -> Canvas {
    let mut c = hedge(seed);
    c.fill(0, 10, T, 6, LEAF_3);
    c.hline(0, 10, T, LEAF_2);
    c.fill(0, 14, T, 2, hex("#16402f"));
    c
}

fn facade_glass() -> Canvas {
    let mut c = tile(GLASS_2);
    c.fill(1, 1, 14, 14, GLASS);
    c.vline(0, 0, T, SILVER);
    c.hline(0, 0, T, SILVER);
    c.set(3, 10, WHITE);
    c.set(4, 9, WHITE);
    c.set(5, 8, WHITE);
    c.hline(1, 14, 14, mix(GLASS, SKY, 0.5));
    c
}

/// The glowing BIODENTAL sign over the entrance, three tiles wide.
fn sign() -> Canvas {
    let mut c = Canvas::new(48, 16);
    c.fill(0, 3, 48, 10, hex("#0e3440"));
    c.hline(0, 3, 48, TEAL_DEEP);
    c.hline(0, 12, 48, TEAL_DEEP);
    // 3×5 pixel letters.
    let glyph = |ch: char| -> [&'static str; 5] {
        match ch {
            'B' => ["##.", "#.#", "##.", "#.#", "##."],
            'I' => ["###", ".#.", ".#.", ".#.", "###"],
            'O' => ["###", "#.#", "#.#", "#.#", "###"],
            'D' => ["##.", "#.#", "#.#", "#.#", "##."],
            'E' => ["###", "#..", "##.", "#..", "###"],
            'N' => ["#.#", "###", "###", "#.#", "#.#"],
            'T' => ["###", ".#.", ".#.", ".#.", ".#."],
            'A' => [".#.", "#.#", "###", "#.#", "#.#"],
            'L' => ["#..", "#..", "#..", "#..", "###"],
            _ => ["...", "...", "...", "...", "..."],
        }
    };
    let text = "BIODENTAL";
    let mut x = 6;
    for ch in text.chars() {
        for (dy, row) in glyph(ch).iter().enumerate() {
            for (dx, p) in row.chars().enumerate() {
                if p == '#' {
                    c.set(x + dx as i32, 5 + dy as i32, GLOW);
                }
            }
        }
        x += 4;
    }
    c
}

// ---------------------------------------------------------------------------
// Decals: transparent, for the layer above the floor.

fn guide_line(kind: u8) -> Canvas {
    let mut c = Canvas::new(T, T);
    let g = with_alpha(TEAL, 200);
    let h = with_alpha(GLOW, 120);
    match kind {
        0 => {
            c.hline(0, 7, T, g);
            c.hline(0, 8, T, h);
        }
        1 => {
            c.vline(7, 0, T, g);
            c.vline(8, 0, T, h);
        }
        _ => {
            c.fill(6, 6, 4, 4, h);
            c.fill(7, 7, 2, 2, GLOW);
        }
    }
    c
}

fn rug(part: (i32, i32)) -> Canvas {
    let mut c = tile(RUG);
    let (px, py) = part;
    // Border on the rug's outer sides.
    if py == 0 {
        c.fill(0, 0, T, 2, RUG_2);
        c.hline(0, 3, T, CREAM_2);
    }
    if py == 2 {
        c.fill(0, 14, T, 2, RUG_2);
        c.hline(0, 12, T, CREAM_2);
    }
    if px == 0 {
        c.fill(0, 0, 2, T, RUG_2);
        c.vline(3, 0, T, CREAM_2);
    }
    if px == 2 {
        c.fill(14, 0, 2, T, RUG_2);
        c.vline(12, 0, T, CREAM_2);
    }
    if (px, py) == (1, 1) {
        c.fill(6, 6, 4, 4, CREAM_2);
        c.fill(7, 7, 2, 2, RUG_2);
    }
    c
}

fn emblem() -> Canvas {
    // A 2×2 floor emblem: a tooth in a glowing ring.
    let mut c = Canvas::new(32, 32);
    c.ellipse(1, 1, 30, 30, with_alpha(TEAL, 170));
    c.ellipse(3, 3, 26, 26, with_alpha(WHITE, 0));
    let mut inner = Canvas::new(32, 32);
    inner.ellipse(3, 3, 26, 26, PEARL);
    c.blit(&inner, 0, 0);
    c.fill(10, 9, 12, 8, WHITE);
    c.fill(10, 17, 4, 7, WHITE);
    c.fill(18, 17, 4, 7, WHITE);
    c.fill(15, 12, 2, 2, PINK_GLOW);
    c
}

fn vr_ring() -> Canvas {
    let mut c = Canvas::new(32, 32);
    c.ellipse(0, 4, 32, 24, with_alpha(VIOLET, 110));
    c.ellipse(3, 7, 26, 18, with_alpha(NIGHT, 255));
    c.ellipse(5, 9, 22, 14, with_alpha(GLOW, 60));
    c
}

fn crack(seed: u64) -> Canvas {
    let mut c = Canvas::new(T, T);
    let mut r = Rng::new(seed);
    let (mut x, mut y) = (2, 3 + r.below(6) as i32);
    while x < 14 {
        c.set(x, y, with_alpha(STONE_3, 200));
        x += 1;
        y = (y + r.below(3) as i32 - 1).clamp(1, 14);
    }
    c
}

fn drain() -> Canvas {
    let mut c = Canvas::new(T, T);
    c.frame(4, 4, 8, 8, STONE_3, GRAPHITE);
    for y in [6, 8] {
        c.hline(5, y, 6, STONE_3);
    }
    c
}

fn wall_clock() -> Canvas {
    let mut c = Canvas::new(T, T);
    c.ellipse(3, 2, 10, 10, INK_SOFT);
    c.ellipse(4, 3, 8, 8, WHITE);
    c.vline(8, 4, 3, INK);
    c.hline(8, 7, 3, INK);
    c
}

fn diploma() -> Canvas {
    let mut c = Canvas::new(T, T);
    c.frame(3, 3, 10, 8, WOOD_3, CREAM);
    c.hline(5, 5, 6, STEEL);
    c.hline(5, 7, 4, STEEL);
    c.set(10, 8, RED);
    c
}

fn family_photo() -> Canvas {
    let mut c = Canvas::new(T, T);
    c.frame(2, 3, 12, 9, WOOD_2, SKY);
    c.fill(3, 8, 10, 3, GRASS);
    c.fill(5, 5, 2, 4, RUG);
    c.fill(9, 6, 2, 3, AMBER);
    c
}

fn kids_drawing() -> Canvas {
    let mut c = Canvas::new(T, T);
    c.fill(3, 3, 10, 9, WHITE);
    c.ellipse(4, 4, 4, 4, AMBER);
    c.fill(8, 8, 3, 3, PINK_GLOW);
    c.hline(3, 11, 10, GRASS);
    c.set(8, 2, RED);
    c
}

fn whiteboard() -> Canvas {
    let mut c = Canvas::new(T, T);
    c.frame(1, 3, 14, 10, STEEL, WHITE);
    c.hline(3, 5, 7, SKY);
    c.hline(3, 7, 9, RED);
    c.hline(3, 9, 5, TEAL);
    c
}

fn emergency_light() -> Canvas {
    let mut c = Canvas::new(T, T);
    c.frame(4, 5, 8, 5, GRAPHITE, RED_DARK);
    c.fill(6, 6, 4, 3, RED);
    c
}

// ---------------------------------------------------------------------------

pub fn build() -> Sheet {
    let mut s = Sheet { cells: Vec::new() };

    // Row 0: floors.
    s.add("clinic_floor", clinic_floor(1, PEARL, hex("#d2dde4")));
    s.add("clinic_floor_b", clinic_floor(2, PEARL, hex("#d2dde4")));
    s.add("lobby_carpet", carpet(3));
    s.add("lobby_carpet_b", carpet(4));
    s.add("office_wood", wood(5));
    s.add("office_wood_b", wood(6));
    s.add("vr_floor", vr_floor(false));
    s.add("vr_floor_node", vr_floor(true));
    s.add("treatment_floor", mint_floor(7));
    s.add("treatment_floor_b", mint_floor(8));
    s.add("corridor_floor", corridor(false));
    s.add("corridor_stripe", corridor(true));
    s.add("plaza_pavers", pavers(9));
    s.add("plaza_pavers_b", pavers(10));
    s.add("grass", grass(11));
    s.add("grass_b", grass(12));

    // Row 1: the same floors in the shade of a wall above them.
    let floors: Vec<(String, Canvas)> = s.cells.iter().flatten().cloned().collect();
    for (name, c) in floors {
        s.add(format!("{name}_shade"), shadowed(&c));
    }

    // Rows 2-3: wall faces per style: upper, lower, window, screen, poster, light, vent.
    for (name, st) in [
        ("clinic", CLINIC),
        ("office", OFFICE),
        ("vr", VR),
        ("treatment", TREAT),
    ] {
        s.add(format!("{name}_face_upper"), face_upper(st));
        s.add(format!("{name}_face_lower"), face_lower(st));
        s.add(format!("{name}_face_window"), window(st));
        s.add(format!("{name}_face_screen"), wall_screen(st));
    }
    for (name, st) in [
        ("clinic", CLINIC),
        ("office", OFFICE),
        ("vr", VR),
        ("treatment", TREAT),
    ] {
        s.add(format!("{name}_face_poster"), poster(st));
        s.add(format!("{name}_face_light"), light_panel(st));
        s.add(format!("{name}_face_vent"), vent(st));
        s.add(format!("{name}_face_blank"), face_upper(st));
    }

    // Rows 4-5: wall tops (interior slate), one per neighbour mask.
    for mask in 0..16u8 {
        s.add(format!("cap_{mask}"), cap(mask, GRAPHITE, SLATE, INK));
    }
    // Rows 6-7: wall tops of the VR room.
    for mask in 0..16u8 {
        s.add(
            format!("vr_cap_{mask}"),
            cap(mask, NIGHT_2, VIOLET_DARK, INK),
        );
    }

    // Row 8-9: doors (2×2), thresholds, hedges, facade.
    s.add_block("glass_door", &sliding_door(STEEL, 0));
    s.add_block("vr_door", &sliding_door(VIOLET_DARK, 0));
    for (dir, name) in [
        "threshold_up",
        "threshold_down",
        "threshold_left",
        "threshold_right",
    ]
    .into_iter()
    .enumerate()
    {
        s.add(name, threshold(dir as u8));
    }
    s.add("hedge", hedge(13));
    s.add("hedge_front", hedge_front(14));
    s.add("facade_glass", facade_glass());
    s.add("facade_lower", face_lower(CLINIC));
    s.add_block("sign", &sign());
    s.add("guide_h", guide_line(0));
    s.add("guide_v", guide_line(1));
    s.add("guide_node", guide_line(2));
    s.add("crack", crack(15));
    s.add("crack_b", crack(16));
    s.add("drain", drain());
    s.add("wall_clock", wall_clock());
    s.add("diploma", diploma());
    s.add("family_photo", family_photo());
    s.add("kids_drawing", kids_drawing());
    s.add("whiteboard", whiteboard());
    s.add("emergency_light", emergency_light());
    s.add("office_face_shelf", {
        let mut c = face_upper(OFFICE);
        c.fill(1, 9, 14, 2, WOOD_3);
        c.fill(2, 5, 2, 4, RUG);
        c.fill(4, 6, 2, 3, TEAL);
        c.fill(6, 4, 2, 5, AMBER);
        c.fill(10, 6, 4, 3, LEAF_2);
        c
    });
    s.new_row();

    // Rug (3×3), floor emblem (2×2), VR ring (2×2).
    let mut big_rug = Canvas::new(48, 48);
    for py in 0..3 {
        for px in 0..3 {
            big_rug.blit(&rug((px, py)), px * T, py * T);
        }
    }
    s.add_block("rug", &big_rug);
    s.add_block("emblem", &emblem());
    s.add_block("vr_ring", &vr_ring());
    s
}

pub fn sheet() -> Canvas {
    build().canvas()
}

/// `(name, index)` for every tile, for level tools and the designers' README.
pub fn catalog() -> Vec<(String, usize)> {
    build()
        .cells
        .iter()
        .enumerate()
        .filter_map(|(i, cell)| cell.as_ref().map(|(n, _)| (n.clone(), i)))
        .filter(|(n, _)| n != "blank")
        .collect()
}
