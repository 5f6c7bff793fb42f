//! Flocks: what each mode makes a nanobot do, and one flock's settings.

use glam::Vec2;

use crate::{RECALIBRATION, SwarmMode, SwarmShape};

/// How a mode steers: speed, how fast it turns, and the weight of each urge.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Behaviour {
    pub(crate) max_speed: f32,
    /// How quickly the velocity follows the wanted one (1/s).
    pub(crate) response: f32,
    pub(crate) separation: f32,
    pub(crate) alignment: f32,
    pub(crate) cohesion: f32,
    /// Random kicks (px/s²).
    pub(crate) jitter: f32,
    /// How fast the shape turns (rad/s).
    pub(crate) spin: f32,
}

pub(crate) fn behaviour(mode: SwarmMode) -> Behaviour {
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
