//! The flocking simulation, apart from Bevy's ECS: positions and velocities
//! in flat arrays (structure of arrays), neighbours from a uniform grid
//! rebuilt by a counting sort every step, steering by mode, and walls read
//! from the room's IntGrid. Stepping is deterministic: the same seed and the
//! same inputs give the same positions, bit for bit (a fixed order of work,
//! no hashing of addresses, and noise from a hash of seed, step and index).
//!
//! Speed (see `benches/swarm.rs`): the grid is sorted in bands of three rows
//! so that a nanobot's candidates are one contiguous run, compared four at
//! a time in SIMD lanes (glam's `Vec4`); the steering runs four nanobots at
//! a time, one per lane (so square roots and divisions overlap instead of
//! each waiting for the last); each nanobot's next cell is noted as it
//! moves; and the integration stays out of the wall test when a nanobot
//! does not leave its cell.

use std::f32::consts::TAU;

use std::ops::{Add, AddAssign, Mul, Sub, SubAssign};

use bevy::math::{BVec4A, Mat4, Vec2, Vec4};
use rand::{RngExt, SeedableRng, rngs::StdRng};

use crate::model::vocab::{SwarmMode, SwarmShape};
use crate::world::RoomMap;

/// Nanobots closer than this are neighbours (px): they align and keep apart.
pub const NEIGHBOUR_RADIUS: f32 = 10.0;
/// The neighbour grid's cells (px): a nanobot looks at the cells next to
/// its own, so at least the neighbour radius.
const GRID_CELL: f32 = NEIGHBOUR_RADIUS;
/// Closer than this, a nanobot pushes hard away from another (px).
pub const PERSONAL_SPACE: f32 = 3.5;
/// How far ahead (s) a nanobot looks for walls.
const WALL_LOOKAHEAD: f32 = 0.2;
/// Recalibration takes this long (s): the flock flickers back to teal.
pub const RECALIBRATION: f32 = 10.0;
/// Closer than this to a repeller (Mira walking through), calm nanobots part (px).
const FLEE_RADIUS: f32 = 18.0;
/// Within this distance of its goal a nanobot slows down (px).
const ARRIVAL: f32 = 12.0;

/// How fast malfunctioning nanobots circle their target (rad/s).
const SPIN_MALFUNCTION: f32 = 4.0;

/// How a mode steers: speed, how fast it turns, and the weight of each urge.
#[derive(Clone, Copy, Debug)]
struct Behaviour {
    max_speed: f32,
    /// How quickly the velocity follows the wanted one (1/s).
    response: f32,
    separation: f32,
    alignment: f32,
    cohesion: f32,
    /// Random kicks (px/s²).
    jitter: f32,
    /// How fast the shape turns (rad/s).
    spin: f32,
}

fn behaviour(mode: SwarmMode) -> Behaviour {
    match mode {
        SwarmMode::Calm => Behaviour {
            max_speed: 34.0,
            response: 2.5,
            separation: 900.0,
            alignment: 0.6,
            cohesion: 0.0,
            jitter: 12.0,
            spin: 0.35,
        },
        SwarmMode::Treatment => Behaviour {
            max_speed: 62.0,
            response: 4.0,
            separation: 700.0,
            alignment: 1.4,
            cohesion: 0.0,
            jitter: 8.0,
            spin: 0.6,
        },
        SwarmMode::Malfunction => Behaviour {
            max_speed: 120.0,
            response: 3.0,
            separation: 500.0,
            alignment: 0.2,
            cohesion: 0.8,
            jitter: 900.0,
            spin: 4.0,
        },
        SwarmMode::Recalibrating => Behaviour {
            max_speed: 50.0,
            response: 2.0,
            separation: 900.0,
            alignment: 0.5,
            cohesion: 0.0,
            jitter: 300.0,
            spin: 0.35,
        },
    }
}

/// One swarm: where it lives, what it does, and what it goes for.
#[derive(Clone, Debug, PartialEq)]
pub struct Flock {
    pub mode: SwarmMode,
    pub shape: SwarmShape,
    /// The centre of its shape (the emitter).
    pub home: Vec2,
    pub radius: f32,
    /// Whom it treats or, malfunctioning, chases (a patient's head).
    pub target: Option<Vec2>,
    /// How long it has been in this mode (s).
    pub mode_time: f32,
    /// Its nanobots: indices `first..first + count`.
    pub first: u32,
    pub count: u32,
}

impl Flock {
    /// How far a recalibrating flock has come back to teal, 0..=1.
    pub fn recalibrated(&self) -> f32 {
        match self.mode {
            SwarmMode::Recalibrating => (self.mode_time / RECALIBRATION).clamp(0.0, 1.0),
            SwarmMode::Malfunction => 0.0,
            _ => 1.0,
        }
    }

    /// How it behaves now: a recalibrating flock that has come all the way
    /// back is calm (its mode stays as the story set it).
    pub fn effective_mode(&self) -> SwarmMode {
        if self.mode == SwarmMode::Recalibrating && self.mode_time >= RECALIBRATION {
            SwarmMode::Calm
        } else {
            self.mode
        }
    }

    /// Its nanobots' indices in the swarm.
    pub fn indices(&self) -> std::ops::Range<usize> {
        self.first as usize..(self.first + self.count) as usize
    }

    pub fn set_mode(&mut self, mode: SwarmMode) {
        if self.mode != mode {
            self.mode = mode;
            self.mode_time = 0.0;
        }
    }
}

/// What to spawn: a flock, and how many nanobots it starts with.
#[derive(Clone, Debug, PartialEq)]
pub struct FlockSpec {
    pub mode: SwarmMode,
    pub shape: SwarmShape,
    pub home: Vec2,
    pub radius: f32,
    pub target: Option<Vec2>,
    pub count: u32,
}

/// The room's walls as the nanobots see them: solid cells (everything
/// outside the room is solid), and for each open cell next to walls, the
/// way out of them.
#[derive(Clone, Debug, Default)]
pub struct Walls {
    pub size: Vec2,
    cell: f32,
    inv_cell: f32,
    cols: i32,
    rows: i32,
    /// Row-major from the bottom row (game space, y up).
    solid: Vec<bool>,
    /// Unit-ish push away from neighbouring solid cells, per cell.
    push: Vec<Vec2>,
}

impl Walls {
    /// An open rectangle of `size` px: walls only beyond its edges.
    pub fn open(size: Vec2, cell: f32) -> Walls {
        let cols = (size.x / cell).ceil().max(1.0) as i32;
        let rows = (size.y / cell).ceil().max(1.0) as i32;
        Walls::build(size, cell, cols, rows, |_, _| false)
    }

    /// The walls of an LDtk room (its Collision IntGrid).
    pub fn of_room(room: &RoomMap) -> Walls {
        if room.cols == 0 || room.cell <= 0.0 {
            return Walls::open(room.size, 16.0);
        }
        let rows = room.rows as i32;
        Walls::build(room.size, room.cell, room.cols as i32, rows, |cx, cy| {
            // RoomMap counts rows from the top.
            room.solid_cell(cx as i64, (rows - 1 - cy) as i64)
        })
    }

    fn build(
        size: Vec2,
        cell: f32,
        cols: i32,
        rows: i32,
        solid_at: impl Fn(i32, i32) -> bool,
    ) -> Walls {
        let mut solid = Vec::with_capacity((cols * rows) as usize);
        for cy in 0..rows {
            for cx in 0..cols {
                solid.push(solid_at(cx, cy));
            }
        }
        let mut walls = Walls {
            size,
            cell,
            inv_cell: 1.0 / cell,
            cols,
            rows,
            solid,
            push: Vec::new(),
        };
        walls.push = (0..rows)
            .flat_map(|cy| (0..cols).map(move |cx| (cx, cy)))
            .map(|(cx, cy)| {
                let mut away = Vec2::ZERO;
                for dy in -1..=1 {
                    for dx in -1..=1 {
                        if (dx, dy) != (0, 0) && walls.solid_cell(cx + dx, cy + dy) {
                            away -= Vec2::new(dx as f32, dy as f32);
                        }
                    }
                }
                away.normalize_or_zero()
            })
            .collect();
        walls
    }

    fn solid_cell(&self, cx: i32, cy: i32) -> bool {
        if cx < 0 || cy < 0 || cx >= self.cols || cy >= self.rows {
            return true;
        }
        self.solid[(cy * self.cols + cx) as usize]
    }

    fn cell_of(&self, p: Vec2) -> (i32, i32) {
        (
            (p.x / self.cell).floor() as i32,
            (p.y / self.cell).floor() as i32,
        )
    }

    fn inside(&self, p: Vec2) -> bool {
        p.x >= 0.0 && p.y >= 0.0 && p.x < self.size.x && p.y < self.size.y
    }

    /// The index of the cell of a point inside the room (a cast is the
    /// floor for positive values, and cheaper).
    #[inline(always)]
    fn index_inside(&self, p: Vec2) -> usize {
        let cx = ((p.x * self.inv_cell) as i32).min(self.cols - 1);
        let cy = ((p.y * self.inv_cell) as i32).min(self.rows - 1);
        (cy * self.cols + cx) as usize
    }

    /// Whether a point is inside a wall or outside the room.
    #[inline]
    pub fn solid(&self, p: Vec2) -> bool {
        !self.inside(p) || self.solid[self.index_inside(p)]
    }

    /// Moves `p` at `v` for `dt`, one axis at a time: a nanobot never
    /// enters a solid cell, it slides along it and bounces off softly.
    /// Returns the new position and velocity.
    #[inline]
    fn slide(&self, p: Vec2, v: Vec2, dt: f32) -> (Vec2, Vec2) {
        // Most steps stay inside one open cell: nothing to hit.
        let to = p + v * dt;
        if self.inside(to) && self.index_inside(to) == self.index_inside(p) {
            return (to, v);
        }
        let (mut next, mut v_out) = (p, v);
        let try_x = Vec2::new(p.x + v.x * dt, p.y);
        if self.solid(try_x) {
            v_out.x = -v.x * 0.5;
        } else {
            next.x = try_x.x;
        }
        let try_y = Vec2::new(next.x, p.y + v.y * dt);
        if self.solid(try_y) {
            v_out.y = -v.y * 0.5;
        } else {
            next.y = try_y.y;
        }
        (next, v_out)
    }

    /// The way away from walls near `p` (zero in open space).
    #[inline]
    fn push_at(&self, p: Vec2) -> Vec2 {
        if !self.inside(p) {
            // Outside: back towards the middle of the room.
            return (self.size / 2.0 - p).normalize_or_zero();
        }
        self.push[self.index_inside(p)]
    }

    /// The open point nearest `p` among the centres of nearby cells (for
    /// spawning: an emitter's disc may overlap a wall).
    pub fn nearest_open(&self, p: Vec2) -> Option<Vec2> {
        if !self.solid(p) {
            return Some(p);
        }
        let (cx, cy) = self.cell_of(p);
        let mut best: Option<(f32, Vec2)> = None;
        for r in 1i32..6 {
            for dy in -r..=r {
                for dx in -r..=r {
                    if dx.abs() != r && dy.abs() != r {
                        continue;
                    }
                    if self.solid_cell(cx + dx, cy + dy) {
                        continue;
                    }
                    let c = Vec2::new((cx + dx) as f32 + 0.5, (cy + dy) as f32 + 0.5) * self.cell;
                    let d = c.distance_squared(p);
                    if best.is_none_or(|(bd, _)| d < bd) {
                        best = Some((d, c));
                    }
                }
            }
            if best.is_some() {
                break;
            }
        }
        best.map(|(_, c)| c)
    }
}

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
struct Grid {
    cols: i32,
    rows: i32,
    inv_cell: f32,
    /// Where each band cell's nanobots start in the sorted arrays;
    /// `cols * rows + 1` long.
    start: Vec<u32>,
    /// The cell of each nanobot (by index): column and row.
    cell: Vec<(i32, i32)>,
    /// How many nanobots each cell holds, as noted by [`Grid::place`], and
    /// whether every nanobot has been placed since the last rebuild.
    count: Vec<u32>,
    placed: bool,
    /// Positions and velocities in band order, one array per coordinate
    /// (so that four candidates are compared at once, in SIMD lanes), with
    /// [`LANES`] entries of padding at the end.
    xs: Vec<f32>,
    ys: Vec<f32>,
    vxs: Vec<f32>,
    vys: Vec<f32>,
}

impl Grid {
    fn new(size: Vec2) -> Grid {
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
    fn single() -> Grid {
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
    fn cell_of(&self, p: Vec2) -> (i32, i32) {
        (
            ((p.x * self.inv_cell) as i32).clamp(0, self.cols - 1),
            ((p.y * self.inv_cell) as i32).clamp(0, self.rows - 1),
        )
    }

    /// What the nanobots within the radius of `p` add up to, lane by lane:
    /// the 3 × 3 cells around its own, one run of its row's band.
    #[inline(always)]
    fn near(&self, p: Vec2) -> Lanes {
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
    fn place(&mut self, i: usize, p: Vec2) {
        let (cx, cy) = self.cell_of(p);
        self.cell[i] = (cx, cy);
        self.count[(cy * self.cols + cx) as usize] += 1;
    }

    /// Sorts a snapshot of the nanobots into bands. Their cells are the
    /// ones [`Grid::place`] noted during the last step, unless not every
    /// nanobot was placed (the first step, or nanobots added since).
    fn rebuild(&mut self, pos: &[Vec2], vel: &[Vec2]) {
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
struct Near {
    count: Vec4,
    /// The sums of the offsets from each neighbour and of their velocities.
    offset: Quad,
    velocity: Quad,
    /// The push away from those too close.
    push: Quad,
}

impl Near {
    /// Adds up each nanobot's lanes (a transposition: four sums at once).
    #[inline(always)]
    fn of(l: &[Lanes; 4]) -> Near {
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
struct Lanes {
    px: Vec4,
    py: Vec4,
    count: Vec4,
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
    fn scan(&mut self, grid: &Grid, lo: usize, hi: usize) {
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

/// Positions of people the calm nanobots part around (Mira walking through).
pub type Repellers = Vec<Vec2>;

/// Every nanobot of one room.
#[derive(Clone, Debug, Default)]
pub struct Swarm {
    pub pos: Vec<Vec2>,
    pub vel: Vec<Vec2>,
    /// Which flock each nanobot belongs to.
    pub flock: Vec<u16>,
    /// Each nanobot's place in its flock's shape: an angle (turns) and a
    /// distance from the centre (0..=1).
    slot: Vec<Vec2>,
    /// The direction of each nanobot's slot angle, as a unit vector.
    slot_dir: Vec<Vec2>,
    pub flocks: Vec<Flock>,
    pub repellers: Repellers,
    pub walls: Walls,
    grid: Grid,
    /// The one-cell grid of the all-pairs reference (kept between steps).
    single: Grid,
    seed: u64,
    /// A hash of the seed and the step, for this step's noise.
    step_hash: u64,
    /// Steps taken.
    pub steps: u64,
    /// Simulated time (s).
    pub time: f32,
}

impl Swarm {
    pub fn new(walls: Walls, seed: u64) -> Swarm {
        Swarm {
            grid: Grid::new(walls.size),
            walls,
            seed,
            ..Default::default()
        }
    }

    pub fn len(&self) -> usize {
        self.pos.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pos.is_empty()
    }

    /// Adds a flock, its nanobots scattered over its disc (on open ground),
    /// reproducibly from the swarm's seed and the flock's number.
    pub fn add_flock(&mut self, spec: &FlockSpec) -> usize {
        let index = self.flocks.len();
        let mut rng = StdRng::seed_from_u64(self.seed ^ (index as u64).wrapping_mul(0x9E37_79B9));
        let first = self.pos.len() as u32;
        for k in 0..spec.count {
            let turn = (k as f32 + rng.random::<f32>() * 0.5) / spec.count.max(1) as f32;
            let reach = match spec.shape {
                // Even over the disc.
                SwarmShape::Cloud => rng.random::<f32>().sqrt(),
                SwarmShape::Ring => 0.8 + 0.2 * rng.random::<f32>(),
                SwarmShape::Flower => 0.6 + 0.4 * rng.random::<f32>(),
            };
            // Where its shape wants it (at the swarm's start).
            let dir = Vec2::from_angle(turn * TAU);
            let start = spec.home
                + shape_point(spec.shape, Quad::splat(dir), Vec4::splat(reach)).lane(0)
                    * spec.radius;
            let p = self
                .walls
                .nearest_open(start)
                .or_else(|| self.walls.nearest_open(spec.home))
                .unwrap_or(self.walls.size / 2.0);
            // A little apart from anyone spawned on the same spot.
            let offset = Vec2::new(rng.random::<f32>() - 0.5, rng.random::<f32>() - 0.5);
            let p = if self.walls.solid(p + offset) {
                p
            } else {
                p + offset
            };
            self.pos.push(p);
            self.vel.push(Vec2::ZERO);
            self.flock.push(index as u16);
            self.slot.push(Vec2::new(turn, reach));
            self.slot_dir.push(dir);
        }
        self.flocks.push(Flock {
            mode: spec.mode,
            shape: spec.shape,
            home: spec.home,
            radius: spec.radius,
            target: spec.target,
            mode_time: 0.0,
            first,
            count: spec.count,
        });
        index
    }

    /// Where four nanobots want to be now. `spin` is their flock's turn so
    /// far, as a rotation (computed once per flock and step: no
    /// trigonometry per nanobot in the calm modes).
    #[inline(always)]
    fn goals(&self, ids: [usize; 4], flock: &Flock, spin: Vec2) -> Quad {
        let reach = lanes(|k| self.slot[ids[k]].y);
        let dir = Quad::splat(spin).rotate(Quad::from_fn(|k| self.slot_dir[ids[k]]));
        match flock.mode {
            SwarmMode::Calm | SwarmMode::Recalibrating => {
                Quad::splat(flock.home) + shape_point(flock.shape, dir, reach) * flock.radius
            }
            SwarmMode::Treatment => {
                // A conveyor of streams: out to the patient, a swirl, back home.
                let home = Quad::splat(flock.home);
                let Some(target) = flock.target else {
                    return home + dir * (flock.radius * 0.5);
                };
                let turn = lanes(|k| self.slot[ids[k]].x);
                let phase = (turn + Vec4::splat(self.time * 0.09)).fract();
                let out = Quad::splat(target) + dir.rotate(dir) * (Vec4::splat(6.0) + reach * 8.0);
                let back = home + dir * (flock.radius * 0.4);
                Quad::select(phase.cmplt(Vec4::splat(0.6)), out, back)
            }
            SwarmMode::Malfunction => {
                // Darting round the target's head, close and fast, each at
                // its own pace.
                let centre = flock.target.unwrap_or(flock.home);
                Quad::from_fn(|k| {
                    let (turn, reach) = (self.slot[ids[k]].x, self.slot[ids[k]].y);
                    let angle = turn * TAU + self.time * SPIN_MALFUNCTION * (1.0 + reach);
                    centre + Vec2::from_angle(angle) * (8.0 + 18.0 * reach)
                })
            }
        }
    }

    /// One fixed step of `dt` seconds.
    pub fn step(&mut self, dt: f32) {
        self.step_by(dt, Search::Grid);
    }

    /// One step, finding neighbours the given way (the all-pairs search is
    /// the benchmark's reference; the game always uses the grid).
    pub fn step_by(&mut self, dt: f32, search: Search) {
        let n = self.pos.len();
        if n == 0 {
            self.steps += 1;
            self.time += dt;
            return;
        }
        self.step_hash = splitmix(self.seed ^ splitmix(self.steps));
        let behaviours: Vec<(Behaviour, Vec2)> = self
            .flocks
            .iter()
            .map(|f| {
                let b = behaviour(f.effective_mode());
                (b, Vec2::from_angle(self.time * b.spin))
            })
            .collect();
        // The all-pairs reference searches a grid of one cell instead.
        if search == Search::AllPairs {
            std::mem::swap(&mut self.grid, &mut self.single);
            if self.grid.cols != 1 {
                self.grid = Grid::single();
            }
        }
        // A snapshot of positions and velocities, sorted by cell: every
        // nanobot steers by where the others were at the start of the step.
        self.grid.rebuild(&self.pos, &self.vel);
        // Flock by flock (its settings stay in registers), four nanobots at
        // a time in their own order: a flock's are close together, so their
        // data streams through the cache.
        for (f, &(b, spin)) in behaviours.iter().enumerate() {
            let mut flock = self.flocks[f].clone();
            flock.mode = flock.effective_mode();
            let end = flock.indices().end;
            for at in flock.indices().step_by(4) {
                // A last, short group repeats its last nanobot in the
                // spare lanes (computed, never written back).
                let live = (end - at).min(4);
                let ids = std::array::from_fn(|k| at + k.min(live - 1));
                self.advance(ids, live, &flock, &b, spin, dt);
            }
        }
        // The flocks' nanobots are all the nanobots: every one was placed.
        self.grid.placed = true;
        if search == Search::AllPairs {
            std::mem::swap(&mut self.grid, &mut self.single);
        }
        for f in &mut self.flocks {
            f.mode_time += dt;
        }
        self.steps += 1;
        self.time += dt;
    }

    /// Moves the nanobots `ids` of `flock` on by one step (the first `live`
    /// of them; the rest are spare lanes). The steering runs in SIMD lanes,
    /// one nanobot per lane: four independent chains of arithmetic instead
    /// of one long one.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn advance(
        &mut self,
        ids: [usize; 4],
        live: usize,
        flock: &Flock,
        b: &Behaviour,
        spin: Vec2,
        dt: f32,
    ) {
        let p = Quad::from_fn(|k| self.pos[ids[k]]);
        let v = Quad::from_fn(|k| self.vel[ids[k]]);
        let at = |k| self.grid.near(p.lane(k));
        let near = Near::of(&[at(0), at(1), at(2), at(3)]);
        let a = self.steer(ids, p, v, &near, flock, b, spin);
        let v = v + a * dt;
        let max_speed = Vec4::splat(b.max_speed);
        let v = v * (max_speed / v.length_squared().max(max_speed * max_speed).sqrt());
        for (k, &i) in ids.iter().enumerate().take(live) {
            let (p, v) = self.walls.slide(p.lane(k), v.lane(k), dt);
            (self.pos[i], self.vel[i]) = (p, v);
            self.grid.place(i, p);
        }
    }

    /// The acceleration of the nanobots `ids` at `p` moving at `v`, given
    /// what is near each.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn steer(
        &self,
        ids: [usize; 4],
        p: Quad,
        v: Quad,
        near: &Near,
        flock: &Flock,
        b: &Behaviour,
        spin: Vec2,
    ) -> Quad {
        let to_goal = self.goals(ids, flock, spin) - p;
        // Arrive: full speed far away, slowing within a few pixels.
        let wanted = to_goal
            * (Vec4::splat(b.max_speed)
                / to_goal
                    .length_squared()
                    .max(Vec4::splat(ARRIVAL * ARRIVAL))
                    .sqrt());
        let mut a = (wanted - v) * b.response + near.push * b.separation;
        // The neighbours' mean velocity and centre (with none, the sums are
        // zero: no pull).
        let share = Vec4::ONE / near.count.max(Vec4::ONE);
        let offset = near.offset * share;
        let velocity = near.velocity * share;
        a += (velocity - v * near.count.min(Vec4::ONE)) * b.alignment;
        // Towards the neighbours' centre: minus the mean offset from them.
        a -= offset * b.cohesion;
        // Walls: about to fly into one, brake and turn away from it.
        let ahead = p + v * WALL_LOOKAHEAD;
        a += Quad::from_fn(|k| {
            if self.walls.solid(ahead.lane(k)) {
                self.walls.push_at(p.lane(k)) * (b.max_speed * 6.0)
                    - v.lane(k) * (1.0 / WALL_LOOKAHEAD)
            } else {
                Vec2::ZERO
            }
        });
        // People walking through: all but malfunctioning nanobots make way.
        if flock.mode != SwarmMode::Malfunction {
            for r in &self.repellers {
                let d = p - Quad::splat(*r);
                let d2 = d.length_squared();
                let close = d2.cmplt(Vec4::splat(FLEE_RADIUS * FLEE_RADIUS)) & d2.cmpgt(Vec4::ZERO);
                let len = d2.sqrt();
                let strength = (Vec4::splat(FLEE_RADIUS) - len) * 60.0 / len.max(Vec4::splat(1e-6));
                a += d * Vec4::select(close, strength, Vec4::ZERO);
            }
        }
        let jitter = match flock.mode {
            SwarmMode::Recalibrating => b.jitter * (1.0 - flock.recalibrated()),
            _ => b.jitter,
        };
        if jitter > 0.0 {
            a += Quad::from_fn(|k| noise(self.step_hash, ids[k])) * jitter;
        }
        a
    }

    /// How many neighbours each nanobot has on average (for the benchmark's
    /// report of density).
    pub fn mean_neighbours(&self) -> f32 {
        if self.pos.is_empty() {
            return 0.0;
        }
        let mut grid = Grid::new(self.walls.size);
        grid.rebuild(&self.pos, &self.vel);
        let total: f32 = self
            .pos
            .iter()
            .map(|p| grid.near(*p).count.element_sum())
            .sum();
        total / self.pos.len() as f32
    }
}

/// Points of a flock's shape in directions `dir` (unit vectors) and reaches
/// `reach` (0..=1), relative to its centre, in units of its radius.
#[inline(always)]
fn shape_point(shape: SwarmShape, dir: Quad, reach: Vec4) -> Quad {
    match shape {
        SwarmShape::Cloud | SwarmShape::Ring => dir * reach,
        SwarmShape::Flower => {
            // Six soft petals: cos 3θ from cos θ, without trigonometry.
            let c = dir.x;
            let petal = c * c * c * 4.0 - c * 3.0;
            dir * (reach * (Vec4::splat(0.3) + petal * petal * 0.7))
        }
    }
}

/// Four nanobots' numbers, one in each SIMD lane (spelled out:
/// `array::from_fn` and `map` are not always inlined).
#[inline(always)]
fn lanes(mut f: impl FnMut(usize) -> f32) -> Vec4 {
    Vec4::new(f(0), f(1), f(2), f(3))
}

/// Four nanobots' 2D vectors, the x and the y of each in a SIMD lane.
#[derive(Clone, Copy, Debug)]
struct Quad {
    x: Vec4,
    y: Vec4,
}

impl Quad {
    #[inline(always)]
    fn splat(v: Vec2) -> Quad {
        Quad {
            x: Vec4::splat(v.x),
            y: Vec4::splat(v.y),
        }
    }

    #[inline(always)]
    fn from_fn(mut f: impl FnMut(usize) -> Vec2) -> Quad {
        let v = [f(0), f(1), f(2), f(3)];
        Quad {
            x: Vec4::new(v[0].x, v[1].x, v[2].x, v[3].x),
            y: Vec4::new(v[0].y, v[1].y, v[2].y, v[3].y),
        }
    }

    #[inline(always)]
    fn lane(self, k: usize) -> Vec2 {
        Vec2::new(self.x[k], self.y[k])
    }

    #[inline(always)]
    fn length_squared(self) -> Vec4 {
        self.x * self.x + self.y * self.y
    }

    /// Each rotated by the rotation (unit complex number) in its lane of `by`.
    #[inline(always)]
    fn rotate(self, by: Quad) -> Quad {
        Quad {
            x: self.x * by.x - self.y * by.y,
            y: self.y * by.x + self.x * by.y,
        }
    }

    #[inline(always)]
    fn select(mask: BVec4A, yes: Quad, no: Quad) -> Quad {
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

/// Deterministic noise in -1..1 per nanobot, from the step's hash.
#[inline]
fn noise(step_hash: u64, i: usize) -> Vec2 {
    // A 32-bit integer hash (two multiply-xorshift rounds) of the index.
    let mut h = (i as u32) ^ (step_hash as u32);
    h = (h ^ (h >> 16)).wrapping_mul(0x7FEB_352D);
    h = (h ^ (h >> 15)).wrapping_mul(0x846C_A68B);
    h ^= h >> 16;
    let x = (h & 0xFFFF) as f32 * (1.0 / 32767.5) - 1.0;
    let y = (h >> 16) as f32 * (1.0 / 32767.5) - 1.0;
    Vec2::new(x, y)
}

/// A well-mixed 64-bit hash (SplitMix64's finaliser).
pub fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// The cells the step notes as it moves the nanobots sort them exactly
    /// as counting afresh does.
    #[test]
    fn the_cells_noted_during_a_step_are_the_cells_counted_afresh() {
        let mut sim = Swarm::new(Walls::open(Vec2::new(200.0, 150.0), 16.0), 9);
        for (home, mode) in [
            (Vec2::new(50.0, 50.0), SwarmMode::Calm),
            (Vec2::new(140.0, 90.0), SwarmMode::Malfunction),
        ] {
            sim.add_flock(&FlockSpec {
                mode,
                shape: SwarmShape::Cloud,
                home,
                radius: 40.0,
                target: Some(Vec2::new(100.0, 75.0)),
                count: 203,
            });
        }
        for _ in 0..30 {
            sim.step(1.0 / 64.0);
            let mut noted = sim.grid.clone();
            noted.rebuild(&sim.pos, &sim.vel);
            let mut fresh = Grid::new(sim.walls.size);
            fresh.rebuild(&sim.pos, &sim.vel);
            assert_eq!(noted.start, fresh.start);
            assert_eq!(noted.xs, fresh.xs);
            assert_eq!(noted.vys, fresh.vys);
        }
    }
}
