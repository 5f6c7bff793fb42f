//! The nanobots of the room Mira is in, as the features share them: the
//! simulation (the `biodental-swarm` crate), the entity of each nanobot,
//! and how fast the swarms' time runs. The `swarm` feature fills a room's
//! swarms from its emitters, steps them and draws every nanobot; the dream
//! sets its own in their place.

use bevy::prelude::*;
use biodental_swarm::Swarm;

use super::room::map::EmitterSpec;

/// Nanobots fly above everyone (y-sorted sprites live below z 30) and above
/// the room's light (the surge's darkness), so that they glow in the dark.
pub const NANOBOT_Z: f32 = 33.0;

/// How fast the swarms' time runs (1: as the clock; the dream slows it
/// while Mira and Leo breathe together).
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct Pace(pub f32);

impl Default for Pace {
    fn default() -> Self {
        Pace(1.0)
    }
}

/// One nanobot: its index in the room's [`Swarm`].
#[derive(Component, Debug, Clone, Copy)]
pub struct Nanobot(pub u32);

/// The swarms of the room Mira is in. Nanobots added to the simulation are
/// drawn as they come; a simulation set in its place (with [`Swarms::set`])
/// is drawn afresh.
#[derive(Resource, Debug, Default)]
pub struct Swarms {
    pub sim: Swarm,
    /// The room they belong to (its level iid).
    pub room: Option<String>,
    /// The emitters they came from, one per flock (none in the dream).
    pub emitters: Vec<EmitterSpec>,
    /// How many simulations were set so far: the nanobots on screen belong
    /// to the last.
    generation: u64,
}

impl Swarms {
    /// Puts `sim` in place of the swarms there were: their nanobots go,
    /// the new ones are drawn.
    pub fn set(&mut self, sim: Swarm, room: Option<String>, emitters: Vec<EmitterSpec>) {
        self.sim = sim;
        self.room = room;
        self.emitters = emitters;
        self.generation += 1;
    }

    /// Puts `sim` in place of the swarms, in the same room.
    pub fn set_sim(&mut self, sim: Swarm) {
        self.sim = sim;
        self.generation += 1;
    }

    /// Which simulation is the current one (see [`Swarms::set`]).
    pub(crate) fn generation(&self) -> u64 {
        self.generation
    }
}
