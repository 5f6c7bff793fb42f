//! A tiny RGBA pixel canvas: the only drawing surface the art generator needs.

/// One pixel, straight (not premultiplied) RGBA.
pub type Rgba = [u8; 4];

pub const CLEAR: Rgba = [0, 0, 0, 0];

/// `#rrggbb` to an opaque colour. Panics on a malformed literal: every call
/// site is a constant in this generator, so a typo should stop the build of
/// the art at once.
pub const fn hex(s: &str) -> Rgba {
    let b = s.as_bytes();
    assert!(b.len() == 7 && b[0] == b'#', "colour literals are #rrggbb");
    [
        nibble(b[1]) * 16 + nibble(b[2]),
        nibble(b[3]) * 16 + nibble(b[4]),
        nibble(b[5]) * 16 + nibble(b[6]),
        255,
    ]
}

const fn nibble(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => panic!("not a hex digit"),
    }
}

/// Linear blend of two colours, `t` in 0..=1 (alpha of `a` is kept).
pub fn mix(a: Rgba, b: Rgba, t: f32) -> Rgba {
    let l = |x: u8, y: u8| {
        (x as f32 + (y as f32 - x as f32) * t)
            .round()
            .clamp(0.0, 255.0) as u8
    };
    [l(a[0], b[0]), l(a[1], b[1]), l(a[2], b[2]), a[3]]
}

pub fn with_alpha(c: Rgba, a: u8) -> Rgba {
    [c[0], c[1], c[2], a]
}

#[derive(Clone)]
pub struct Canvas {
    pub w: i32,
    pub h: i32,
    px: Vec<Rgba>,
}

impl Canvas {
    pub fn new(w: i32, h: i32) -> Self {
        Self {
            w,
            h,
            px: vec![CLEAR; (w * h) as usize],
        }
    }

    pub fn get(&self, x: i32, y: i32) -> Rgba {
        if x < 0 || y < 0 || x >= self.w || y >= self.h {
            CLEAR
        } else {
            self.px[(y * self.w + x) as usize]
        }
    }

    /// Writes one pixel, blending over what is there when `c` is translucent.
    pub fn set(&mut self, x: i32, y: i32, c: Rgba) {
        if x < 0 || y < 0 || x >= self.w || y >= self.h {
            return;
        }
        let i = (y * self.w + x) as usize;
        self.px[i] = if c[3] == 255 || self.px[i][3] == 0 {
            c
        } else if c[3] == 0 {
            self.px[i]
        } else {
            let t = c[3] as f32 / 255.0;
            let mut out = mix(self.px[i], c, t);
            out[3] = (self.px[i][3] as f32 + (255.0 - self.px[i][3] as f32) * t).round() as u8;
            out
        };
    }

    /// Replaces a pixel without blending (used to punch holes).
    pub fn put(&mut self, x: i32, y: i32, c: Rgba) {
        if x >= 0 && y >= 0 && x < self.w && y < self.h {
            self.px[(y * self.w + x) as usize] = c;
        }
    }

    pub fn fill(&mut self, x: i32, y: i32, w: i32, h: i32, c: Rgba) {
        for yy in y..y + h {
            for xx in x..x + w {
                self.set(xx, yy, c);
            }
        }
    }

    pub fn hline(&mut self, x: i32, y: i32, w: i32, c: Rgba) {
        self.fill(x, y, w, 1, c);
    }

    pub fn vline(&mut self, x: i32, y: i32, h: i32, c: Rgba) {
        self.fill(x, y, 1, h, c);
    }

    /// Outlined rectangle: border colour `edge`, interior `inside`.
    pub fn frame(&mut self, x: i32, y: i32, w: i32, h: i32, edge: Rgba, inside: Rgba) {
        self.fill(x, y, w, h, edge);
        self.fill(x + 1, y + 1, w - 2, h - 2, inside);
    }

    /// A straight line `thick` pixels wide (square brush).
    pub fn line(&mut self, (x0, y0): (i32, i32), (x1, y1): (i32, i32), thick: i32, c: Rgba) {
        let steps = (x1 - x0).abs().max((y1 - y0).abs()).max(1);
        for i in 0..=steps {
            let x = x0 as f32 + (x1 - x0) as f32 * i as f32 / steps as f32;
            let y = y0 as f32 + (y1 - y0) as f32 * i as f32 / steps as f32;
            self.fill(x.round() as i32, y.round() as i32, thick, thick, c);
        }
    }

    /// Filled ellipse inscribed in the given box.
    pub fn ellipse(&mut self, x: i32, y: i32, w: i32, h: i32, c: Rgba) {
        let (cx, cy) = (x as f32 + w as f32 / 2.0, y as f32 + h as f32 / 2.0);
        let (rx, ry) = (w as f32 / 2.0, h as f32 / 2.0);
        for yy in y..y + h {
            for xx in x..x + w {
                let dx = (xx as f32 + 0.5 - cx) / rx;
                let dy = (yy as f32 + 0.5 - cy) / ry;
                if dx * dx + dy * dy <= 1.0 {
                    self.set(xx, yy, c);
                }
            }
        }
    }

    pub fn blit(&mut self, src: &Canvas, dx: i32, dy: i32) {
        self.blit_rect(src, 0, 0, src.w, src.h, dx, dy);
    }

    pub fn blit_rect(&mut self, src: &Canvas, sx: i32, sy: i32, w: i32, h: i32, dx: i32, dy: i32) {
        for y in 0..h {
            for x in 0..w {
                let c = src.get(sx + x, sy + y);
                if c[3] > 0 {
                    self.set(dx + x, dy + y, c);
                }
            }
        }
    }

    /// Adds a one-pixel outline of colour `c` around every opaque shape,
    /// on the transparent pixels next to it (four-neighbourhood).
    pub fn outline(&mut self, c: Rgba) {
        let before = self.clone();
        for y in 0..self.h {
            for x in 0..self.w {
                if before.get(x, y)[3] != 0 {
                    continue;
                }
                let near = [(1, 0), (-1, 0), (0, 1), (0, -1)]
                    .iter()
                    .any(|(ox, oy)| before.get(x + ox, y + oy)[3] > 128);
                if near {
                    self.put(x, y, c);
                }
            }
        }
    }

    pub fn to_png(&self) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, self.w as u32, self.h as u32);
            enc.set_color(png::ColorType::Rgba);
            enc.set_depth(png::BitDepth::Eight);
            let mut writer = enc.write_header().expect("PNG header into memory");
            let data: Vec<u8> = self.px.iter().flatten().copied().collect();
            writer
                .write_image_data(&data)
                .expect("PNG data into memory");
        }
        out
    }

    /// The same picture scaled up by `k` (for previews only).
    pub fn scaled(&self, k: i32) -> Canvas {
        let mut out = Canvas::new(self.w * k, self.h * k);
        for y in 0..out.h {
            for x in 0..out.w {
                out.put(x, y, self.get(x / k, y / k));
            }
        }
        out
    }
}

/// SplitMix64: a fixed, dependency-free generator so that the art is the same
/// on every machine and with every version of every crate.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: u32) -> u32 {
        (self.next_u64() % n as u64) as u32
    }

    pub fn chance(&mut self, p: f32) -> bool {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32 <= p
    }
}
