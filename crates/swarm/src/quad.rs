//! Four nanobots at once: 2D vectors with a nanobot in each SIMD lane.

use std::ops::{Add, AddAssign, Mul, Sub, SubAssign};

use glam::{BVec4A, Vec2, Vec4};

/// Four nanobots' numbers, one in each SIMD lane (spelled out:
/// `array::from_fn` and `map` are not always inlined).
#[inline(always)]
pub(crate) fn lanes(mut f: impl FnMut(usize) -> f32) -> Vec4 {
    Vec4::new(f(0), f(1), f(2), f(3))
}

/// Four nanobots' 2D vectors, the x and the y of each in a SIMD lane.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Quad {
    pub(crate) x: Vec4,
    pub(crate) y: Vec4,
}

impl Quad {
    #[inline(always)]
    pub(crate) fn splat(v: Vec2) -> Quad {
        Quad {
            x: Vec4::splat(v.x),
            y: Vec4::splat(v.y),
        }
    }

    #[inline(always)]
    pub(crate) fn from_fn(mut f: impl FnMut(usize) -> Vec2) -> Quad {
        let v = [f(0), f(1), f(2), f(3)];
        Quad {
            x: Vec4::new(v[0].x, v[1].x, v[2].x, v[3].x),
            y: Vec4::new(v[0].y, v[1].y, v[2].y, v[3].y),
        }
    }

    #[inline(always)]
    pub(crate) fn lane(self, k: usize) -> Vec2 {
        Vec2::new(self.x[k], self.y[k])
    }

    #[inline(always)]
    pub(crate) fn length_squared(self) -> Vec4 {
        self.x * self.x + self.y * self.y
    }

    /// Each rotated by the rotation (unit complex number) in its lane of `by`.
    #[inline(always)]
    pub(crate) fn rotate(self, by: Quad) -> Quad {
        Quad {
            x: self.x * by.x - self.y * by.y,
            y: self.y * by.x + self.x * by.y,
        }
    }

    #[inline(always)]
    pub(crate) fn select(mask: BVec4A, yes: Quad, no: Quad) -> Quad {
        Quad {
            x: Vec4::select(mask, yes.x, no.x),
            y: Vec4::select(mask, yes.y, no.y),
        }
    }
}

impl Add for Quad {
    type Output = Quad;
    #[inline(always)]
    fn add(self, o: Quad) -> Quad {
        Quad {
            x: self.x + o.x,
            y: self.y + o.y,
        }
    }
}

impl Sub for Quad {
    type Output = Quad;
    #[inline(always)]
    fn sub(self, o: Quad) -> Quad {
        Quad {
            x: self.x - o.x,
            y: self.y - o.y,
        }
    }
}

impl AddAssign for Quad {
    #[inline(always)]
    fn add_assign(&mut self, o: Quad) {
        *self = *self + o;
    }
}

impl SubAssign for Quad {
    #[inline(always)]
    fn sub_assign(&mut self, o: Quad) {
        *self = *self - o;
    }
}

impl Mul<Vec4> for Quad {
    type Output = Quad;
    #[inline(always)]
    fn mul(self, s: Vec4) -> Quad {
        Quad {
            x: self.x * s,
            y: self.y * s,
        }
    }
}

impl Mul<f32> for Quad {
    type Output = Quad;
    #[inline(always)]
    fn mul(self, s: f32) -> Quad {
        self * Vec4::splat(s)
    }
}
