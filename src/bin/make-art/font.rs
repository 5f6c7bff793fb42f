//! BioDental Pixel, the game's typeface: glyphs drawn in `glyphs.txt`,
//! traced into outlines and written as a TrueType font
//! (`assets/fonts/biodental-pixel.ttf`).
//!
//! One font pixel is 100 units and the em is 11 pixels (9 above the
//! baseline, 2 below), so the type is crisp at 11, 22, 33… pixels.

use std::collections::{BTreeMap, HashMap};

use crate::canvas::{Canvas, hex};
use crate::palette::*;

const GLYPHS: &str = include_str!("glyphs.txt");

/// Font units per font pixel.
const UNIT: i32 = 100;
const ASCENT_PX: i32 = 9;
const DESCENT_PX: i32 = 2;
const UNITS_PER_EM: i32 = (ASCENT_PX + DESCENT_PX) * UNIT;
/// Rows of the glyph grid (0 at the top).
const ROWS: i32 = ASCENT_PX + DESCENT_PX;

/// A glyph: ink pixels as (column, row) with rows from the top, and its width.
#[derive(Clone, Debug, Default)]
pub struct Glyph {
    pub width: i32,
    pub ink: Vec<(i32, i32)>,
}

impl Glyph {
    fn from_rows(top: i32, rows: &[&str]) -> Glyph {
        let width = rows
            .iter()
            .map(|r| r.chars().count() as i32)
            .max()
            .unwrap_or(0);
        let mut ink = Vec::new();
        for (dy, row) in rows.iter().enumerate() {
            for (dx, c) in row.chars().enumerate() {
                if c == '#' {
                    ink.push((dx as i32, top + dy as i32));
                }
            }
        }
        Glyph { width, ink }
    }

    fn with(&self, marks: &[(i32, i32)]) -> Glyph {
        let mut g = self.clone();
        g.ink.extend_from_slice(marks);
        g.ink.sort();
        g.ink.dedup();
        g
    }

    /// Places `other` to the right of this glyph, `gap` pixels apart.
    fn beside(&self, other: &Glyph, gap: i32) -> Glyph {
        let shift = self.width + gap;
        let mut g = self.clone();
        g.ink.extend(other.ink.iter().map(|(x, y)| (x + shift, *y)));
        g.width = shift + other.width;
        g
    }
}

/// Every glyph of the font, by character.
pub fn glyphs() -> BTreeMap<char, Glyph> {
    let mut out = BTreeMap::new();
    let mut lines = GLYPHS.lines().peekable();
    while let Some(line) = lines.next() {
        if line.starts_with("//") || line.trim().is_empty() {
            continue;
        }
        let (name, top) = line
            .rsplit_once(' ')
            .expect("glyph header is '<char> <top row>'");
        let top: i32 = top.parse().expect("top row is a number");
        let ch = if name == "space" {
            ' '
        } else {
            name.chars().next().expect("a character")
        };
        let mut rows = Vec::new();
        while let Some(row) = lines.peek() {
            if row.trim().is_empty() {
                break;
            }
            rows.push(*row);
            lines.next();
        }
        let glyph = Glyph::from_rows(top, &rows);
        let glyph = if ch == ' ' {
            Glyph {
                width: glyph.width,
                ink: Vec::new(),
            }
        } else {
            glyph
        };
        assert!(out.insert(ch, glyph).is_none(), "glyph {ch:?} drawn twice");
    }
    compose(&mut out);
    out
}

/// Accented letters, double quotes and the ellipsis, built from other glyphs.
fn compose(g: &mut BTreeMap<char, Glyph>) {
    // Marks as offsets from the glyph's centre column; rows from the mark's top.
    let acute: &[(i32, i32)] = &[(1, 0), (0, 1)];
    let grave: &[(i32, i32)] = &[(-1, 0), (0, 1)];
    let circumflex: &[(i32, i32)] = &[(0, 0), (-1, 1), (1, 1)];
    let diaeresis: &[(i32, i32)] = &[(-1, 1), (1, 1)];
    let tilde: &[(i32, i32)] = &[(-1, 1), (0, 0), (1, 1), (2, 0)];
    let accented: &[(char, char, &[(i32, i32)])] = &[
        ('á', 'a', acute),
        ('à', 'a', grave),
        ('â', 'a', circumflex),
        ('ä', 'a', diaeresis),
        ('é', 'e', acute),
        ('è', 'e', grave),
        ('ê', 'e', circumflex),
        ('ë', 'e', diaeresis),
        ('ó', 'o', acute),
        ('ò', 'o', grave),
        ('ô', 'o', circumflex),
        ('ö', 'o', diaeresis),
        ('ú', 'u', acute),
        ('ù', 'u', grave),
        ('û', 'u', circumflex),
        ('ü', 'u', diaeresis),
        ('ñ', 'n', tilde),
        ('Á', 'A', acute),
        ('À', 'A', grave),
        ('É', 'E', acute),
        ('È', 'E', grave),
        ('Ê', 'E', circumflex),
        ('Ó', 'O', acute),
        ('Ö', 'O', diaeresis),
        ('Ü', 'U', diaeresis),
        ('Ñ', 'N', tilde),
    ];
    for (ch, base, mark) in accented {
        let b = g[base].clone();
        // Lower case marks sit just over the x-height, capitals' in the top rows.
        let top = if base.is_lowercase() { 2 } else { 0 };
        let centre = b.width / 2;
        let marks: Vec<(i32, i32)> = mark
            .iter()
            .map(|(dx, dy)| (centre + dx, top + dy))
            .collect();
        g.insert(*ch, b.with(&marks));
    }
    for (ch, base) in [('ç', 'c'), ('Ç', 'C')] {
        let b = g[&base].clone();
        let c = b.width / 2;
        g.insert(ch, b.with(&[(c, 9), (c - 1, 10)]));
    }
    let dot = g[&'.'].clone();
    g.insert('…', dot.beside(&dot, 1).beside(&dot, 1));
    let (open, close) = (g[&'‘'].clone(), g[&'’'].clone());
    g.insert('“', open.beside(&open, 1));
    g.insert('”', close.beside(&close, 1));
}

/// Every character the font draws, as a sorted string (for the game's
/// check that dialogue only uses drawable characters).
pub fn charset() -> String {
    glyphs().keys().collect()
}

// ---------------------------------------------------------------------------
// Outlines

/// Traces the ink of a glyph into closed contours in font units, clockwise
/// around ink (y up), so holes come out counter-clockwise.
fn contours(glyph: &Glyph) -> Vec<Vec<(i32, i32)>> {
    let ink: std::collections::HashSet<(i32, i32)> = glyph.ink.iter().copied().collect();
    // Pixel (col, row) covers x in [col, col+1], y in [ASCENT-1-row, ASCENT-row].
    let y_of = |row: i32| ASCENT_PX - 1 - row;
    let filled = |x: i32, y: i32| ink.contains(&(x, ASCENT_PX - 1 - y));
    // Directed edges with ink on their right.
    let mut edges: HashMap<(i32, i32), Vec<(i32, i32)>> = HashMap::new();
    for &(col, row) in &glyph.ink {
        let (x, y) = (col, y_of(row));
        if !filled(x, y + 1) {
            edges.entry((x, y + 1)).or_default().push((x + 1, y + 1));
        }
        if !filled(x + 1, y) {
            edges.entry((x + 1, y + 1)).or_default().push((x + 1, y));
        }
        if !filled(x, y - 1) {
            edges.entry((x + 1, y)).or_default().push((x, y));
        }
        if !filled(x - 1, y) {
            edges.entry((x, y)).or_default().push((x, y + 1));
        }
    }
    let mut out = Vec::new();
    // Start each loop from the lowest remaining point, for a stable order.
    while let Some(start) = edges
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, _)| *k)
        .min()
    {
        let mut path = vec![start];
        let mut at = start;
        let mut dir = (0, 0);
        loop {
            let nexts = edges.get_mut(&at).expect("a traced edge continues");
            // Where two ink pixels touch at a corner, turn right to keep them apart.
            let pick = if nexts.len() > 1 {
                let right = (dir.1, -dir.0);
                nexts
                    .iter()
                    .position(|n| (n.0 - at.0, n.1 - at.1) == right)
                    .unwrap_or(0)
            } else {
                0
            };
            let next = nexts.swap_remove(pick);
            dir = (next.0 - at.0, next.1 - at.1);
            at = next;
            if at == start {
                break;
            }
            path.push(at);
        }
        out.push(simplify(path));
    }
    out.into_iter()
        .map(|c| c.into_iter().map(|(x, y)| (x * UNIT, y * UNIT)).collect())
        .collect()
}

/// Drops points in the middle of straight runs.
fn simplify(path: Vec<(i32, i32)>) -> Vec<(i32, i32)> {
    let n = path.len();
    (0..n)
        .filter(|&i| {
            let (a, b, c) = (path[(i + n - 1) % n], path[i], path[(i + 1) % n]);
            (b.0 - a.0) * (c.1 - b.1) != (b.1 - a.1) * (c.0 - b.0)
        })
        .map(|i| path[i])
        .collect()
}

// ---------------------------------------------------------------------------
// TrueType

struct Out(Vec<u8>);

impl Out {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u16(&mut self, v: u16) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }
    fn i16(&mut self, v: i16) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }
    fn i64(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }
    fn tag(&mut self, t: &[u8; 4]) {
        self.0.extend_from_slice(t);
    }
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// The whole font file.
pub fn ttf() -> Vec<u8> {
    let glyphs = glyphs();
    // Glyph 0 is .notdef: a hollow box.
    let mut order: Vec<(Option<char>, Glyph)> = vec![(None, notdef())];
    order.extend(glyphs.iter().map(|(c, g)| (Some(*c), g.clone())));

    let mut glyf = Out(Vec::new());
    let mut loca = Vec::new();
    let mut hmtx = Out(Vec::new());
    let (mut x_min, mut y_min, mut x_max, mut y_max) = (i32::MAX, i32::MAX, i32::MIN, i32::MIN);
    let (mut max_points, mut max_contours, mut max_advance) = (0usize, 0usize, 0i32);
    let mut min_rsb = i32::MAX;
    for (_, g) in &order {
        loca.push(glyf.0.len() as u32);
        let advance = (g.width + 1) * UNIT;
        max_advance = max_advance.max(advance);
        let cs = contours(g);
        if cs.is_empty() {
            hmtx.u16(advance as u16);
            hmtx.i16(0);
            continue;
        }
        let pts: Vec<(i32, i32)> = cs.iter().flatten().copied().collect();
        let gx0 = pts.iter().map(|p| p.0).min().unwrap();
        let gx1 = pts.iter().map(|p| p.0).max().unwrap();
        let gy0 = pts.iter().map(|p| p.1).min().unwrap();
        let gy1 = pts.iter().map(|p| p.1).max().unwrap();
        (x_min, y_min, x_max, y_max) = (
            x_min.min(gx0),
            y_min.min(gy0),
            x_max.max(gx1),
            y_max.max(gy1),
        );
        max_points = max_points.max(pts.len());
        max_contours = max_contours.max(cs.len());
        min_rsb = min_rsb.min(advance - gx1);
        hmtx.u16(advance as u16);
        hmtx.i16(gx0 as i16);
        glyf.i16(cs.len() as i16);
        for v in [gx0, gy0, gx1, gy1] {
            glyf.i16(v as i16);
        }
        let mut end = 0usize;
        for c in &cs {
            end += c.len();
            glyf.u16((end - 1) as u16);
        }
        glyf.u16(0); // no instructions
        for _ in &pts {
            glyf.u8(0x01); // on-curve, 16-bit deltas
        }
        let mut prev = (0, 0);
        for p in &pts {
            glyf.i16((p.0 - prev.0) as i16);
            prev.0 = p.0;
        }
        for p in &pts {
            glyf.i16((p.1 - prev.1) as i16);
            prev.1 = p.1;
        }
        while !glyf.0.len().is_multiple_of(4) {
            glyf.u8(0);
        }
    }
    loca.push(glyf.0.len() as u32);
    let mut loca_t = Out(Vec::new());
    for o in &loca {
        loca_t.u32(*o);
    }

    let num_glyphs = order.len() as u16;
    let mut head = Out(Vec::new());
    head.u32(0x0001_0000);
    head.u32(0x0001_0000); // font revision 1.0
    head.u32(0); // checksum adjustment, patched below
    head.u32(0x5F0F_3CF5);
    head.u16(0b1011); // baseline at y=0, lsb at x=0, integer scaling
    head.u16(UNITS_PER_EM as u16);
    head.i64(0); // created: a fixed date keeps the file reproducible
    head.i64(0); // modified
    for v in [x_min, y_min, x_max, y_max] {
        head.i16(v as i16);
    }
    head.u16(0); // regular
    head.u16(8); // smallest readable size in pixels
    head.i16(2);
    head.i16(1); // long loca offsets
    head.i16(0);

    let mut hhea = Out(Vec::new());
    hhea.u32(0x0001_0000);
    hhea.i16((ASCENT_PX * UNIT) as i16);
    hhea.i16((-DESCENT_PX * UNIT) as i16);
    hhea.i16(0);
    hhea.u16(max_advance as u16);
    hhea.i16(0); // min left side bearing
    hhea.i16(min_rsb as i16);
    hhea.i16(x_max as i16);
    hhea.i16(1);
    hhea.i16(0);
    hhea.i16(0);
    for _ in 0..4 {
        hhea.i16(0);
    }
    hhea.i16(0);
    hhea.u16(num_glyphs);

    let mut maxp = Out(Vec::new());
    maxp.u32(0x0001_0000);
    maxp.u16(num_glyphs);
    maxp.u16(max_points as u16);
    maxp.u16(max_contours as u16);
    maxp.u16(0);
    maxp.u16(0);
    maxp.u16(2);
    for _ in 0..8 {
        maxp.u16(0);
    }

    let chars: Vec<char> = glyphs.keys().copied().collect();
    let mut os2 = Out(Vec::new());
    os2.u16(4);
    os2.i16((5 * UNIT) as i16); // average width
    os2.u16(400);
    os2.u16(5);
    os2.u16(0); // installable
    for v in [650, 700, 0, 140, 650, 700, 0, 480] {
        os2.i16(v); // sub- and superscript size and offset
    }
    os2.i16(UNIT as i16); // strikeout size
    os2.i16((3 * UNIT) as i16); // strikeout position
    os2.i16(0);
    for _ in 0..10 {
        os2.u8(0); // panose
    }
    os2.u32(0b11); // Basic Latin, Latin-1 Supplement
    os2.u32(0);
    os2.u32(0);
    os2.u32(0);
    os2.tag(b"BIOD");
    os2.u16(0x40); // regular
    os2.u16(*chars.first().unwrap() as u16);
    os2.u16(chars.iter().map(|c| *c as u32).max().unwrap().min(0xFFFF) as u16);
    os2.i16((ASCENT_PX * UNIT) as i16);
    os2.i16((-DESCENT_PX * UNIT) as i16);
    os2.i16(0);
    os2.u16((ASCENT_PX * UNIT) as u16);
    os2.u16((DESCENT_PX * UNIT) as u16);
    os2.u32(1); // Latin 1 code page
    os2.u32(0);
    os2.i16((5 * UNIT) as i16); // x-height
    os2.i16((7 * UNIT) as i16); // cap height
    os2.u16(0);
    os2.u16(32);
    os2.u16(2);

    // cmap: one format 4 segment per character, then the closing segment.
    let mut segs: Vec<(u16, u16)> = chars
        .iter()
        .enumerate()
        .map(|(i, c)| (*c as u16, (i + 1) as u16))
        .collect();
    segs.sort();
    let seg_count = segs.len() + 1;
    let mut sub = Out(Vec::new());
    let pow = 1usize << (usize::BITS - 1 - seg_count.leading_zeros());
    sub.u16(4);
    sub.u16((16 + seg_count * 8) as u16);
    sub.u16(0);
    sub.u16((seg_count * 2) as u16);
    sub.u16((pow * 2) as u16);
    sub.u16(pow.trailing_zeros() as u16);
    sub.u16((seg_count * 2 - pow * 2) as u16);
    for (code, _) in &segs {
        sub.u16(*code);
    }
    sub.u16(0xFFFF);
    sub.u16(0);
    for (code, _) in &segs {
        sub.u16(*code);
    }
    sub.u16(0xFFFF);
    for (code, glyph) in &segs {
        sub.u16(glyph.wrapping_sub(*code));
    }
    sub.u16(1);
    for _ in 0..seg_count {
        sub.u16(0);
    }
    let mut cmap = Out(Vec::new());
    cmap.u16(0);
    cmap.u16(1);
    cmap.u16(3);
    cmap.u16(1);
    cmap.u32(12);
    cmap.0.extend(sub.0);

    let names = [
        (1, "BioDental Pixel"),
        (2, "Regular"),
        (3, "BioDental Pixel Regular"),
        (4, "BioDental Pixel"),
        (5, "Version 1.000"),
        (6, "BioDentalPixel-Regular"),
    ];
    let mut name = Out(Vec::new());
    let strings: Vec<Vec<u8>> = names
        .iter()
        .map(|(_, s)| s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect())
        .collect();
    name.u16(0);
    name.u16(names.len() as u16);
    name.u16((6 + 12 * names.len()) as u16);
    let mut offset = 0u16;
    for ((id, _), bytes) in names.iter().zip(&strings) {
        name.u16(3);
        name.u16(1);
        name.u16(0x0409);
        name.u16(*id);
        name.u16(bytes.len() as u16);
        name.u16(offset);
        offset += bytes.len() as u16;
    }
    for bytes in &strings {
        name.0.extend_from_slice(bytes);
    }

    let mut post = Out(Vec::new());
    post.u32(0x0003_0000);
    post.u32(0);
    post.i16(-UNIT as i16);
    post.i16(UNIT as i16);
    for _ in 0..5 {
        post.u32(0);
    }

    let tables: Vec<(&[u8; 4], Vec<u8>)> = vec![
        (b"OS/2", os2.0),
        (b"cmap", cmap.0),
        (b"glyf", glyf.0),
        (b"head", head.0),
        (b"hhea", hhea.0),
        (b"hmtx", hmtx.0),
        (b"loca", loca_t.0),
        (b"maxp", maxp.0),
        (b"name", name.0),
        (b"post", post.0),
    ];
    let mut font = Out(Vec::new());
    let n = tables.len();
    let pow = 1usize << (usize::BITS - 1 - n.leading_zeros());
    font.u32(0x0001_0000);
    font.u16(n as u16);
    font.u16((pow * 16) as u16);
    font.u16(pow.trailing_zeros() as u16);
    font.u16((n * 16 - pow * 16) as u16);
    let mut offset = 12 + 16 * n;
    let mut head_offset = 0;
    for (tag, data) in &tables {
        font.tag(tag);
        font.u32(checksum(data));
        font.u32(offset as u32);
        font.u32(data.len() as u32);
        if *tag == b"head" {
            head_offset = offset;
        }
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, data) in &tables {
        font.0.extend_from_slice(data);
        while !font.0.len().is_multiple_of(4) {
            font.u8(0);
        }
    }
    let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&font.0));
    font.0[head_offset + 8..head_offset + 12].copy_from_slice(&adjust.to_be_bytes());
    font.0
}

fn notdef() -> Glyph {
    let mut ink = Vec::new();
    for y in 2..=8 {
        for x in 0..5 {
            if y == 2 || y == 8 || x == 0 || x == 4 {
                ink.push((x, y));
            }
        }
    }
    Glyph { width: 5, ink }
}

/// A picture of every glyph, for looking at the typeface.
pub fn specimen() -> Canvas {
    let glyphs = glyphs();
    let per_row = 32;
    let cell = 8;
    let rows = glyphs.len().div_ceil(per_row) as i32;
    let mut c = Canvas::new(per_row as i32 * cell + 4, rows * (ROWS + 3) + 4);
    c.fill(0, 0, c.w, c.h, NIGHT);
    for (i, g) in glyphs.values().enumerate() {
        let (ox, oy) = (
            2 + (i % per_row) as i32 * cell,
            2 + (i / per_row) as i32 * (ROWS + 3),
        );
        c.hline(ox, oy + ASCENT_PX, g.width.max(1), hex("#27336a"));
        for (x, y) in &g.ink {
            c.set(ox + x, oy + y, WHITE);
        }
    }
    c
}
