//! The player's preferences that features follow: how fast and how big
//! conversations are written, flashing, the nanobots' colours, the dream
//! battle's difficulty. The settings menu changes them and keeps them
//! between runs.

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

/// Letters per second of the typewriter; the player's text speed.
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct TextSpeed(pub f32);

impl TextSpeed {
    /// The speeds players choose from, with their names.
    pub const CHOICES: [(&'static str, f32); 4] = [
        ("Slow", 25.0),
        ("Normal", 45.0),
        ("Fast", 90.0),
        ("Instant", 10_000.0),
    ];

    pub fn label(self) -> &'static str {
        Self::CHOICES
            .iter()
            .min_by(|a, b| (a.1 - self.0).abs().total_cmp(&(b.1 - self.0).abs()))
            .map(|c| c.0)
            .unwrap_or("Normal")
    }

    /// The next speed in [`TextSpeed::CHOICES`], round and round.
    pub fn next(self) -> TextSpeed {
        let i = Self::CHOICES
            .iter()
            .position(|c| c.0 == self.label())
            .unwrap_or(1);
        TextSpeed(Self::CHOICES[(i + 1) % Self::CHOICES.len()].1)
    }
}

impl Default for TextSpeed {
    /// About as fast as people read aloud.
    fn default() -> Self {
        TextSpeed(45.0)
    }
}

/// How big conversations are written: the pixel font at two or three
/// times its size.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TextSize {
    #[default]
    Normal,
    Large,
}

impl TextSize {
    pub fn label(self) -> &'static str {
        match self {
            TextSize::Normal => "normal",
            TextSize::Large => "large",
        }
    }

    pub fn next(self) -> TextSize {
        match self {
            TextSize::Normal => TextSize::Large,
            TextSize::Large => TextSize::Normal,
        }
    }

    /// How much larger than the interface's body text.
    pub fn scale(self) -> f32 {
        match self {
            TextSize::Normal => 1.0,
            TextSize::Large => 1.5,
        }
    }
}

/// The nanobots' colours: the game's own (teal calm, cyan treating, red
/// malfunctioning), or a palette that people with any common colour
/// blindness tell apart (blue, white, orange). Either way the modes also
/// move differently: calm ones orbit slowly, treating ones stream, broken
/// ones dart and swarm.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SwarmPalette {
    #[default]
    Standard,
    ColourBlindSafe,
}

impl SwarmPalette {
    pub fn label(self) -> &'static str {
        match self {
            SwarmPalette::Standard => "standard",
            SwarmPalette::ColourBlindSafe => "colour-blind safe",
        }
    }

    pub fn next(self) -> SwarmPalette {
        match self {
            SwarmPalette::Standard => SwarmPalette::ColourBlindSafe,
            SwarmPalette::ColourBlindSafe => SwarmPalette::Standard,
        }
    }
}

/// How the dreamscape battle plays: as designed, easier (fears and swarms
/// drain Leo's calm half as fast, the pulse costs less), or skipped (the
/// dream's scenes play one after the other, for players who want the
/// story without the challenge).
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DreamBattle {
    #[default]
    Standard,
    Easier,
    Skip,
}

impl DreamBattle {
    pub fn label(self) -> &'static str {
        match self {
            DreamBattle::Standard => "standard",
            DreamBattle::Easier => "easier",
            DreamBattle::Skip => "skip",
        }
    }

    /// The next choice, round and round.
    pub fn next(self) -> DreamBattle {
        match self {
            DreamBattle::Standard => DreamBattle::Easier,
            DreamBattle::Easier => DreamBattle::Skip,
            DreamBattle::Skip => DreamBattle::Standard,
        }
    }
}

/// Reduced flashing: the surge dims slowly and shifts colour instead of
/// flickering, and recalibrating nanobots fade instead of blinking. On
/// unless the player turns it off in Settings.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReducedFlashing(pub bool);

impl Default for ReducedFlashing {
    fn default() -> Self {
        ReducedFlashing(true)
    }
}

impl ReducedFlashing {
    pub fn label(self) -> &'static str {
        if self.0 { "on" } else { "off" }
    }
}
