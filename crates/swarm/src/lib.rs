//! The flocking simulation, apart from Bevy's ECS: positions and velocities
//! in flat arrays (structure of arrays), neighbours from a uniform grid
//! rebuilt by a counting sort every step, steering by mode, and walls read
//! from the room's IntGrid. Stepping is deterministic: the same seed and the
//! same inputs give the same positions, bit for bit (a fixed order of work,
//! no hashing of addresses, and noise from a hash of seed, step and index).
//!
//! Speed (see the game's `benches/swarm.rs`): the grid is sorted in bands of three rows
//! so that a nanobot's candidates are one contiguous run, compared four at
//! a time in SIMD lanes (glam's `Vec4`); the steering runs four nanobots at
//! a time, one per lane (so square roots and divisions overlap instead of
//! each waiting for the last); each nanobot's next cell is noted as it
//! moves; and the integration stays out of the wall test when a nanobot
//! does not leave its cell.
//!
//! The crate knows nothing of the engine or the rooms: the game turns its
//! LDtk rooms into [`Walls`] and its nanobots into entities.

mod flock;
mod grid;
mod mode;
mod quad;
mod swarm;
mod walls;

pub use flock::{Flock, FlockSpec};
pub use grid::Search;
pub use mode::{SwarmMode, SwarmShape};
pub use swarm::{Repellers, Swarm, splitmix};
pub use walls::Walls;

/// Nanobots closer than this are neighbours (px): they align and keep apart.
pub const NEIGHBOUR_RADIUS: f32 = 10.0;
/// The neighbour grid's cells (px): a nanobot looks at the cells next to
/// its own, so at least the neighbour radius.
pub(crate) const GRID_CELL: f32 = NEIGHBOUR_RADIUS;
/// Closer than this, a nanobot pushes hard away from another (px).
pub const PERSONAL_SPACE: f32 = 3.5;
/// How far ahead (s) a nanobot looks for walls.
pub(crate) const WALL_LOOKAHEAD: f32 = 0.2;
/// Recalibration takes this long (s): the flock flickers back to teal.
pub const RECALIBRATION: f32 = 10.0;
/// Closer than this to a repeller (Mira walking through), calm nanobots part (px).
pub(crate) const FLEE_RADIUS: f32 = 18.0;
/// Within this distance of its goal a nanobot slows down (px).
pub(crate) const ARRIVAL: f32 = 12.0;

/// How fast malfunctioning nanobots circle their target (rad/s).
pub(crate) const SPIN_MALFUNCTION: f32 = 4.0;
