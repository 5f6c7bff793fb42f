//! The flocking simulation, apart from Bevy's ECS: positions and velocities
//! in flat arrays (structure of arrays), neighbours from a uniform grid
//! rebuilt by a counting sort every step, steering by mode, and walls read
//! from the room's IntGrid. Stepping is deterministic: the same seed and the
//! same inputs give the same positions, bit for bit (a fixed order of work,
//! no hashing of addresses, and noise from a hash of seed, step and index).
//!
//! Speed (see `benches/swarm.rs`): neighbours are compared four at a time
//! in SIMD lanes (glam's `Vec4`), square roots and divisions in the
//! steering are bit-trick estimates refined by a Newton step, and the
//! integration stays out of the wall test when a nanobot does not leave
//! its cell.

use std::f32::consts::TAU;

use bevy::math::{Vec2, Vec4, Vec4Swizzles};
use rand::{Rng, SeedableRng, rngs::StdRng};

use crate::world::RoomMap;
use crate::world::vocab::{SwarmMode, SwarmShape};

/// Nanobots closer than this are neighbours (px): they align and keep apart.
pub const NEIGHBOUR_RADIUS: f32 = 10.0;
/// The neighbour grid's cells (px), and how many cells either side of its
/// own a nanobot looks at: together at least the neighbour radius.
const GRID_CELL: f32 = NEIGHBOUR_RADIUS;
const GRID_REACH: i32 = 1;
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
/// nanobots sorted by cell (a stable counting sort, so the order is
/// deterministic). Half-size cells (5×5 scanned) hold fewer candidates but
/// measured slower: more runs to scan and four times the cells to count.
#[derive(Clone, Debug, Default)]
struct Grid {
    cols: i32,
    rows: i32,
    inv_cell: f32,
    /// Where each cell's nanobots start in the sorted arrays; `cols * rows + 1` long.
    start: Vec<u32>,
    /// The cell of each nanobot (by index).
    cell: Vec<u32>,
    /// Positions and velocities in sorted order, one array per coordinate
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

    /// What the nanobots within the radius of `p` add up to: the cells
    /// within [`GRID_REACH`] of its own, where a row of cells is one
    /// contiguous run of the sorted arrays, read four candidates at a time.
    #[inline]
    fn near(&self, p: Vec2) -> Near {
        let (cx, cy) = self.cell_of(p);
        let x0 = (cx - GRID_REACH).max(0);
        let x1 = (cx + GRID_REACH).min(self.cols - 1);
        let mut lanes = Lanes::new(p);
        for y in (cy - GRID_REACH).max(0)..=(cy + GRID_REACH).min(self.rows - 1) {
            let row = y * self.cols;
            let lo = self.start[(row + x0) as usize] as usize;
            let hi = self.start[(row + x1 + 1) as usize] as usize;
            lanes.scan(self, lo, hi);
        }
        lanes.sum()
    }

    fn rebuild(&mut self, pos: &[Vec2], vel: &[Vec2]) {
        let cells = (self.cols * self.rows) as usize;
        let n = pos.len();
        self.start.clear();
        self.start.resize(cells + 1, 0);
        self.cell.clear();
        // Count per cell, then running totals: `start[c]` is where cell c ends.
        for p in pos {
            let (cx, cy) = self.cell_of(*p);
            let c = (cy * self.cols + cx) as u32;
            self.cell.push(c);
            self.start[c as usize] += 1;
        }
        for c in 1..cells {
            self.start[c] += self.start[c - 1];
        }
        self.start[cells] = n as u32;
        if self.xs.len() != n + LANES {
            for a in [&mut self.xs, &mut self.ys, &mut self.vxs, &mut self.vys] {
                a.clear();
                // Far away: the padding is never anyone's neighbour.
                a.resize(n + LANES, FAR);
            }
        }
        // Fill each cell from its end, last nanobot first (so each cell
        // keeps index order); `start[c]` ends where cell c begins.
        for (i, &c) in self.cell.iter().enumerate().rev() {
            let slot = &mut self.start[c as usize];
            *slot -= 1;
            let k = *slot as usize;
            (self.xs[k], self.ys[k]) = (pos[i].x, pos[i].y);
            (self.vxs[k], self.vys[k]) = (vel[i].x, vel[i].y);
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

/// What a nanobot's neighbours add up to.
#[derive(Default)]
struct Near {
    count: f32,
    /// The sum of the offsets from each neighbour (x, y) and of their
    /// velocities (z, w).
    sum: Vec4,
    push: Vec2,
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
            // Inverse-distance push, only inside personal space: neighbours
            // further away are flown with, not away from.
            let close = Vec4::select(real & d2.cmplt(space2), Vec4::ONE, Vec4::ZERO);
            let w = close / d2.max(Vec4::splat(0.01));
            self.count += inside;
            self.dx += dx * inside;
            self.dy += dy * inside;
            self.vx += Vec4::from_slice(&grid.vxs[k..k + LANES]) * inside;
            self.vy += Vec4::from_slice(&grid.vys[k..k + LANES]) * inside;
            self.push_x += dx * w;
            self.push_y += dy * w;
            k += LANES;
            first += Vec4::splat(LANES as f32);
        }
    }

    fn sum(&self) -> Near {
        Near {
            count: self.count.element_sum(),
            sum: Vec4::new(
                self.dx.element_sum(),
                self.dy.element_sum(),
                self.vx.element_sum(),
                self.vy.element_sum(),
            ),
            push: Vec2::new(self.push_x.element_sum(), self.push_y.element_sum()),
        }
    }
}

impl Near {
    /// The mean velocity of the neighbours, and the offset of the nanobot
    /// from their centre.
    fn means(&self) -> Option<(Vec2, Vec2)> {
        (self.count > 0.0).then(|| {
            let m = self.sum * recip(self.count);
            (m.zw(), m.xy())
        })
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
            let start = spec.home + shape_point(spec.shape, dir, reach) * spec.radius;
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

    /// Where nanobot `i` wants to be now. `spin` is its flock's turn so far,
    /// as a rotation (computed once per flock and step: no trigonometry per
    /// nanobot in the calm modes).
    #[inline]
    fn goal(&self, i: usize, flock: &Flock, spin: Vec2) -> Vec2 {
        let reach = self.slot[i].y;
        let dir = spin.rotate(self.slot_dir[i]);
        match flock.mode {
            SwarmMode::Calm | SwarmMode::Recalibrating => {
                flock.home + shape_point(flock.shape, dir, reach) * flock.radius
            }
            SwarmMode::Treatment => {
                // A conveyor of streams: out to the patient, a swirl, back home.
                let Some(target) = flock.target else {
                    return flock.home + dir * flock.radius * 0.5;
                };
                let phase = (self.slot[i].x + self.time * 0.09).fract();
                if phase < 0.6 {
                    target + dir.rotate(dir) * (6.0 + 8.0 * reach)
                } else {
                    flock.home + dir * flock.radius * 0.4
                }
            }
            SwarmMode::Malfunction => {
                // Darting round the target's head, close and fast, each at
                // its own pace.
                let centre = flock.target.unwrap_or(flock.home);
                let turn = self.slot[i].x * TAU + self.time * SPIN_MALFUNCTION * (1.0 + reach);
                centre + Vec2::from_angle(turn) * (8.0 + 18.0 * reach)
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
        // A snapshot of positions and velocities, sorted by cell: every
        // nanobot steers by where the others were at the start of the step.
        self.grid.rebuild(&self.pos, &self.vel);
        // Flock by flock (its settings stay in registers), nanobots in their
        // own order: a flock's are close together, so their data streams
        // through the cache.
        for (f, &(b, spin)) in behaviours.iter().enumerate() {
            let mut flock = self.flocks[f].clone();
            flock.mode = flock.effective_mode();
            let range = flock.first as usize..(flock.first + flock.count) as usize;
            match search {
                Search::Grid => {
                    for i in range {
                        self.advance(i, &flock, &b, spin, dt, |grid, p| grid.near(p));
                    }
                }
                Search::AllPairs => {
                    for i in range {
                        self.advance(i, &flock, &b, spin, dt, |grid, p| {
                            let mut lanes = Lanes::new(p);
                            lanes.scan(grid, 0, n);
                            lanes.sum()
                        });
                    }
                }
            }
        }
        for f in &mut self.flocks {
            f.mode_time += dt;
        }
        self.steps += 1;
        self.time += dt;
    }

    /// Moves nanobot `i` of `flock` on by one step, with its neighbours as
    /// `near` finds them.
    #[inline(always)]
    fn advance(
        &mut self,
        i: usize,
        flock: &Flock,
        b: &Behaviour,
        spin: Vec2,
        dt: f32,
        near: impl Fn(&Grid, Vec2) -> Near,
    ) {
        let (p, v) = (self.pos[i], self.vel[i]);
        let near = near(&self.grid, p);
        let a = self.steer(i, p, v, &near, flock, b, spin);
        let v = v + a * dt;
        let v = v * (b.max_speed * rsqrt(v.length_squared().max(b.max_speed * b.max_speed)));
        (self.pos[i], self.vel[i]) = self.walls.slide(p, v, dt);
    }

    /// The acceleration of nanobot `i` at `p` moving at `v`, given what is near.
    #[inline(always)]
    fn steer(
        &self,
        i: usize,
        p: Vec2,
        v: Vec2,
        near: &Near,
        flock: &Flock,
        b: &Behaviour,
        spin: Vec2,
    ) -> Vec2 {
        let to_goal = self.goal(i, flock, spin) - p;
        // Arrive: full speed far away, slowing within a few pixels (without
        // a branch: which side of the line a nanobot is, is a coin toss).
        let wanted =
            to_goal * (b.max_speed * rsqrt(to_goal.length_squared().max(ARRIVAL * ARRIVAL)));
        let mut a = (wanted - v) * b.response + near.push * b.separation;
        if let Some((velocity, offset)) = near.means() {
            a += (velocity - v) * b.alignment;
            // Towards the neighbours' centre: minus the mean offset from them.
            a -= offset * b.cohesion;
        }
        // Walls: about to fly into one, brake and turn away from it.
        if self.walls.solid(p + v * WALL_LOOKAHEAD) {
            a += self.walls.push_at(p) * (b.max_speed * 6.0) - v * (1.0 / WALL_LOOKAHEAD);
        }
        // People walking through: all but malfunctioning nanobots make way.
        if flock.mode != SwarmMode::Malfunction {
            for r in &self.repellers {
                let d = p - *r;
                let d2 = d.length_squared();
                if d2 < FLEE_RADIUS * FLEE_RADIUS {
                    a += d.normalize_or_zero() * (FLEE_RADIUS - d2.sqrt()) * 60.0;
                }
            }
        }
        let jitter = match flock.mode {
            SwarmMode::Recalibrating => b.jitter * (1.0 - flock.recalibrated()),
            _ => b.jitter,
        };
        if jitter > 0.0 {
            a += noise(self.step_hash, i) * jitter;
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
        let total: f32 = self.pos.iter().map(|p| grid.near(*p).count).sum();
        total / self.pos.len() as f32
    }
}

/// A point of a flock's shape in direction `dir` (a unit vector) and reach
/// `reach` (0..=1), relative to its centre, in units of its radius.
#[inline]
fn shape_point(shape: SwarmShape, dir: Vec2, reach: f32) -> Vec2 {
    match shape {
        SwarmShape::Cloud | SwarmShape::Ring => dir * reach,
        SwarmShape::Flower => {
            // Six soft petals: cos 3θ from cos θ, without trigonometry.
            let c = dir.x;
            let petal = 4.0 * c * c * c - 3.0 * c;
            dir * reach * (0.3 + 0.7 * petal * petal)
        }
    }
}

/// 1/x for positive x, to about 0.2 %: an integer estimate refined by one
/// Newton step. A division per neighbour candidate was the step's largest
/// cost; this is exact bit operations and multiplications, so it stays
/// deterministic everywhere.
#[inline(always)]
fn recip(x: f32) -> f32 {
    let y = f32::from_bits(0x7EF3_11C7_u32.wrapping_sub(x.to_bits()));
    y * (2.0 - x * y)
}

/// 1/√x for positive x, to about 0.2 %: the same kind of estimate and
/// Newton step as [`recip`] (a square root and a division per nanobot and
/// step were a long chain of waiting).
#[inline(always)]
fn rsqrt(x: f32) -> f32 {
    let y = f32::from_bits(0x5F37_5A86_u32.wrapping_sub(x.to_bits() >> 1));
    y * (1.5 - 0.5 * x * y * y)
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
