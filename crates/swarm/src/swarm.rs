//! Every nanobot of one room: spawning flocks and stepping them.

use std::f32::consts::TAU;

use glam::{Vec2, Vec4};
use rand::{RngExt, SeedableRng, rngs::StdRng};

use crate::flock::{Behaviour, behaviour};
use crate::grid::{Grid, Near, Search};
use crate::quad::{Quad, lanes};
use crate::{ARRIVAL, FLEE_RADIUS, SPIN_MALFUNCTION, WALL_LOOKAHEAD};
use crate::{Flock, FlockSpec, SwarmMode, SwarmShape, Walls};

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
