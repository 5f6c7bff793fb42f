//! The neighbour grid, sorted in bands, and the sums of what is near four
//! nanobots at once.

use glam::{Mat4, Vec2, Vec4};

use crate::quad::Quad;
use crate::{GRID_CELL, NEIGHBOUR_RADIUS, PERSONAL_SPACE};

/// The uniform neighbour grid: cells as wide as the [`NEIGHBOUR_RADIUS`],
/// so a nanobot's neighbours are in the 3 × 3 cells around its own.
///
/// Sorted in bands (a stable counting sort, so the order is deterministic):
/// band `r` holds the nanobots of rows `r - 1`, `r` and `r + 1`, column by
/// column, so that the 3 × 3 cells around a cell of row `r` are one
/// contiguous run of band `r`, scanned in a single loop, four candidates at
/// a time. Every nanobot is stored three times; that costs less than three
/// runs a nanobot. (Half-size cells, 5 × 5 scanned, measured slower: more
/// runs to scan, four times the cells to count.)
#[derive(Clone, Debug, Default)]
pub(crate) struct Grid {
    pub(crate) cols: i32,
    pub(crate) rows: i32,
    inv_cell: f32,
    /// Where each band cell's nanobots start in the sorted arrays;
    /// `cols * rows + 1` long.
    pub(crate) start: Vec<u32>,
    /// The cell of each nanobot (by index): column and row.
    cell: Vec<(i32, i32)>,
    /// How many nanobots each cell holds, as noted by [`Grid::place`], and
    /// whether every nanobot has been placed since the last rebuild.
    pub(crate) count: Vec<u32>,
    pub(crate) placed: bool,
    /// Positions and velocities in band order, one array per coordinate
    /// (so that four candidates are compared at once, in SIMD lanes), with
    /// [`LANES`] entries of padding at the end.
    pub(crate) xs: Vec<f32>,
    pub(crate) ys: Vec<f32>,
    pub(crate) vxs: Vec<f32>,
    pub(crate) vys: Vec<f32>,
}

impl Grid {
    pub(crate) fn new(size: Vec2) -> Grid {
        let cols = (size.x / GRID_CELL).ceil().max(1.0) as i32;
        let rows = (size.y / GRID_CELL).ceil().max(1.0) as i32;
        Grid {
            cols,
            rows,
            inv_cell: 1.0 / GRID_CELL,
            ..Default::default()
        }
    }

    /// A grid of one cell: every nanobot is every other's candidate (the
    /// all-pairs reference).
    pub(crate) fn single() -> Grid {
        Grid {
            cols: 1,
            rows: 1,
            inv_cell: 0.0,
            ..Default::default()
        }
    }

    /// The cell of a point, clamped to the grid. Positions are never
    /// negative here, so a cast is the floor (and much cheaper than
    /// `floor`, a library call on baseline x86-64).
    #[inline(always)]
    pub(crate) fn cell_of(&self, p: Vec2) -> (i32, i32) {
        (
            ((p.x * self.inv_cell) as i32).clamp(0, self.cols - 1),
            ((p.y * self.inv_cell) as i32).clamp(0, self.rows - 1),
        )
    }

    /// What the nanobots within the radius of `p` add up to, lane by lane:
    /// the 3 × 3 cells around its own, one run of its row's band.
    #[inline(always)]
    pub(crate) fn near(&self, p: Vec2) -> Lanes {
        let (cx, cy) = self.cell_of(p);
        let band = cy * self.cols;
        let lo = self.start[(band + (cx - 1).max(0)) as usize] as usize;
        let hi = self.start[(band + (cx + 1).min(self.cols - 1) + 1) as usize] as usize;
        let mut lanes = Lanes::new(p);
        lanes.scan(self, lo, hi);
        lanes
    }

    /// Notes that nanobot `i` is now at `p`, for the next rebuild (the
    /// step computes each new cell as it moves a nanobot, while its
    /// position is at hand).
    #[inline(always)]
    pub(crate) fn place(&mut self, i: usize, p: Vec2) {
        let (cx, cy) = self.cell_of(p);
        self.cell[i] = (cx, cy);
        self.count[(cy * self.cols + cx) as usize] += 1;
    }

    /// Sorts a snapshot of the nanobots into bands. Their cells are the
    /// ones [`Grid::place`] noted during the last step, unless not every
    /// nanobot was placed (the first step, or nanobots added since).
    pub(crate) fn rebuild(&mut self, pos: &[Vec2], vel: &[Vec2]) {
        let (cols, cells) = (self.cols as usize, (self.cols * self.rows) as usize);
        let n = pos.len();
        if !self.placed || self.cell.len() != n || self.count.len() != cells {
            self.cell.clear();
            self.cell.resize(n, (0, 0));
            self.count.clear();
            self.count.resize(cells, 0);
            for (i, p) in pos.iter().enumerate() {
                self.place(i, *p);
            }
        }
        // Running totals of what each band cell holds (its cell and the
        // ones above and below): `start[c]` is where band cell c ends.
        self.start.clear();
        self.start.reserve(cells + 1);
        let mut total = 0;
        for c in 0..cells {
            let above = if c >= cols { self.count[c - cols] } else { 0 };
            let below = self.count.get(c + cols).copied().unwrap_or(0);
            total += above + self.count[c] + below;
            self.start.push(total);
        }
        self.start.push(total);
        self.count.fill(0);
        self.placed = false;
        let len = total as usize + LANES;
        if self.xs.len() != len {
            for a in [&mut self.xs, &mut self.ys, &mut self.vxs, &mut self.vys] {
                a.clear();
                // Far away: the padding is never anyone's neighbour.
                a.resize(len, FAR);
            }
        }
        // Fill each band cell from its end, last nanobot first; `start[c]`
        // ends where band cell c begins. (Local slices: the compiler knows
        // they do not overlap, so it keeps their addresses in registers.)
        let (cols, rows) = (self.cols, self.rows);
        let (start, xs, ys) = (&mut self.start[..], &mut self.xs[..], &mut self.ys[..]);
        let (vxs, vys) = (&mut self.vxs[..], &mut self.vys[..]);
        for (i, &(cx, cy)) in self.cell.iter().enumerate().rev() {
            for band in (cy - 1).max(0)..=(cy + 1).min(rows - 1) {
                let slot = &mut start[(band * cols + cx) as usize];
                *slot -= 1;
                let k = *slot as usize;
                (xs[k], ys[k]) = (pos[i].x, pos[i].y);
                (vxs[k], vys[k]) = (vel[i].x, vel[i].y);
            }
        }
    }
}

/// How a step finds each nanobot's neighbours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Search {
    /// The uniform grid: the cells around the nanobot's own.
    Grid,
    /// Every other nanobot (quadratic; the benchmark's reference).
    AllPairs,
}

/// What four nanobots' neighbours add up to, a nanobot in each lane.
pub(crate) struct Near {
    pub(crate) count: Vec4,
    /// The sums of the offsets from each neighbour and of their velocities.
    pub(crate) offset: Quad,
    pub(crate) velocity: Quad,
    /// The push away from those too close.
    pub(crate) push: Quad,
}

impl Near {
    /// Adds up each nanobot's lanes (a transposition: four sums at once).
    #[inline(always)]
    pub(crate) fn of(l: &[Lanes; 4]) -> Near {
        let sum = |f: fn(&Lanes) -> Vec4| {
            let t = Mat4::from_cols(f(&l[0]), f(&l[1]), f(&l[2]), f(&l[3])).transpose();
            t.x_axis + t.y_axis + t.z_axis + t.w_axis
        };
        Near {
            count: sum(|l| l.count),
            offset: Quad {
                x: sum(|l| l.dx),
                y: sum(|l| l.dy),
            },
            velocity: Quad {
                x: sum(|l| l.vx),
                y: sum(|l| l.vy),
            },
            push: Quad {
                x: sum(|l| l.push_x),
                y: sum(|l| l.push_y),
            },
        }
    }
}

/// Candidates compared at once (glam's `Vec4` is one SIMD register).
const LANES: usize = 4;
/// Where the padding after the last nanobot lies: nobody's neighbour.
const FAR: f32 = 1.0e9;

/// Running sums of what neighbours add up to, four candidates at a time.
pub(crate) struct Lanes {
    px: Vec4,
    py: Vec4,
    pub(crate) count: Vec4,
    dx: Vec4,
    dy: Vec4,
    vx: Vec4,
    vy: Vec4,
    push_x: Vec4,
    push_y: Vec4,
}

impl Lanes {
    fn new(p: Vec2) -> Lanes {
        Lanes {
            px: Vec4::splat(p.x),
            py: Vec4::splat(p.y),
            count: Vec4::ZERO,
            dx: Vec4::ZERO,
            dy: Vec4::ZERO,
            vx: Vec4::ZERO,
            vy: Vec4::ZERO,
            push_x: Vec4::ZERO,
            push_y: Vec4::ZERO,
        }
    }

    /// Adds the candidates `lo..hi` of `grid` that are within the radius
    /// (and are not the nanobot itself, at distance 0), without branches.
    #[inline(always)]
    pub(crate) fn scan(&mut self, grid: &Grid, lo: usize, hi: usize) {
        let r2 = Vec4::splat(NEIGHBOUR_RADIUS * NEIGHBOUR_RADIUS);
        let space2 = Vec4::splat(PERSONAL_SPACE * PERSONAL_SPACE);
        let end = Vec4::splat((hi - lo) as f32);
        let mut k = lo;
        let mut first = Vec4::new(0.0, 1.0, 2.0, 3.0);
        while k < hi {
            let x = Vec4::from_slice(&grid.xs[k..k + LANES]);
            let y = Vec4::from_slice(&grid.ys[k..k + LANES]);
            let dx = self.px - x;
            let dy = self.py - y;
            let d2 = dx * dx + dy * dy;
            // Lanes past the run belong to the next cell, or are padding.
            let real = first.cmplt(end) & d2.cmpgt(Vec4::ZERO);
            let inside = Vec4::select(real & d2.cmplt(r2), Vec4::ONE, Vec4::ZERO);
            self.count += inside;
            self.dx += dx * inside;
            self.dy += dy * inside;
            self.vx += Vec4::from_slice(&grid.vxs[k..k + LANES]) * inside;
            self.vy += Vec4::from_slice(&grid.vys[k..k + LANES]) * inside;
            // Inverse-distance push, only inside personal space: neighbours
            // further away are flown with, not away from. (Rarely is anyone
            // that close: the division is skipped when nobody is.)
            let close = real & d2.cmplt(space2);
            if close.any() {
                let w = Vec4::select(close, Vec4::ONE / d2.max(Vec4::splat(0.01)), Vec4::ZERO);
                self.push_x += dx * w;
                self.push_y += dy * w;
            }
            k += LANES;
            first += Vec4::splat(LANES as f32);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng, rngs::StdRng};

    /// The banded grid finds exactly the neighbours a search of every
    /// pair finds, in the corners and along the edges too, in narrow rooms
    /// as in wide ones.
    #[test]
    fn the_grid_finds_the_neighbours_all_pairs_find() {
        let mut rng = StdRng::seed_from_u64(3);
        for size in [
            Vec2::new(5.0, 5.0),
            Vec2::new(12.0, 300.0),
            Vec2::new(300.0, 25.0),
            Vec2::new(123.0, 77.0),
        ] {
            let n = 400;
            let pos: Vec<Vec2> = (0..n)
                .map(|_| Vec2::new(rng.random::<f32>(), rng.random::<f32>()) * (size - 0.01))
                .collect();
            let vel: Vec<Vec2> = (0..n).map(|i| Vec2::new(i as f32, 1.0)).collect();
            let mut grid = Grid::new(size);
            grid.rebuild(&pos, &vel);
            for p in &pos {
                let found = grid.near(*p);
                let inside: Vec<usize> = (0..n)
                    .filter(|&j| {
                        let d2 = pos[j].distance_squared(*p);
                        d2 > 0.0 && d2 < NEIGHBOUR_RADIUS * NEIGHBOUR_RADIUS
                    })
                    .collect();
                assert_eq!(found.count.element_sum(), inside.len() as f32, "{size} {p}");
                let vx: f32 = inside.iter().map(|&j| j as f32).sum();
                assert!((found.vx.element_sum() - vx).abs() < 1e-2, "{size} {p}");
            }
        }
    }
}
