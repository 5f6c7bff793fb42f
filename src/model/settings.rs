//! The player's preferences that features follow: how fast and how big
//! conversations are written, flashing, the nanobots' colours, the dream
//! battle's difficulty. The settings menu changes them and keeps them
//! between runs.

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

/// Each preference at its default, whichever features run.
pub(super) fn init(app: &mut App) {
    app.init_resource::<TextSpeed>();
    app.init_resource::<TextSize>();
    app.init_resource::<ReducedFlashing>();
    app.init_resource::<SwarmPalette>();
    app.init_resource::<DreamBattle>();
}

/// A setting the player steps through on the Settings page, a press at a
/// time: its caption, the name of each value, and the value after each.
/// The list of settings (`settings.rs`, in the shell) keeps it between runs and steps
/// it; its row on the page is one call of `choice_row`.
pub trait Choice: Resource + Copy {
    /// What the Settings page calls it.
    const CAPTION: &'static str;
    /// The name of this value, as the Settings page shows it.
    fn label(self) -> &'static str;
    /// The value after this one, round and round.
    fn next(self) -> Self;
}

/// Letters per second of the typewriter; the player's text speed. Kept
/// as the number alone.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TextSpeed(pub f32);

impl TextSpeed {
    /// The speeds players choose from, with their names.
    pub const CHOICES: [(&'static str, f32); 4] = [
        ("Slow", 25.0),
        ("Normal", 45.0),
        ("Fast", 90.0),
        ("Instant", 10_000.0),
    ];
    /// The slowest and the fastest speed a settings file may hold.
    pub const RANGE: (f32, f32) = (1.0, 10_000.0);
}

impl Choice for TextSpeed {
    const CAPTION: &'static str = "Text speed";

    /// The name of the nearest of [`TextSpeed::CHOICES`].
    fn label(self) -> &'static str {
        Self::CHOICES
            .iter()
            .min_by(|a, b| (a.1 - self.0).abs().total_cmp(&(b.1 - self.0).abs()))
            .map(|c| c.0)
            .unwrap_or("Normal")
    }

    fn next(self) -> TextSpeed {
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

impl Choice for TextSize {
    const CAPTION: &'static str = "Text size";

    fn label(self) -> &'static str {
        match self {
            TextSize::Normal => "normal",
            TextSize::Large => "large",
        }
    }

    fn next(self) -> TextSize {
        match self {
            TextSize::Normal => TextSize::Large,
            TextSize::Large => TextSize::Normal,
        }
    }
}

impl TextSize {
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

impl Choice for SwarmPalette {
    const CAPTION: &'static str = "Nanobot colours";

    fn label(self) -> &'static str {
        match self {
            SwarmPalette::Standard => "standard",
            SwarmPalette::ColourBlindSafe => "colour-blind safe",
        }
    }

    fn next(self) -> SwarmPalette {
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

impl Choice for DreamBattle {
    const CAPTION: &'static str = "Dream battle";

    fn label(self) -> &'static str {
        match self {
            DreamBattle::Standard => "standard",
            DreamBattle::Easier => "easier",
            DreamBattle::Skip => "skip",
        }
    }

    fn next(self) -> DreamBattle {
        match self {
            DreamBattle::Standard => DreamBattle::Easier,
            DreamBattle::Easier => DreamBattle::Skip,
            DreamBattle::Skip => DreamBattle::Standard,
        }
    }
}

/// Reduced flashing: the surge dims slowly and shifts colour instead of
/// flickering, and recalibrating nanobots fade instead of blinking. On
/// unless the player turns it off in Settings. Kept as the bool alone.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ReducedFlashing(pub bool);

impl Default for ReducedFlashing {
    fn default() -> Self {
        ReducedFlashing(true)
    }
}

impl Choice for ReducedFlashing {
    const CAPTION: &'static str = "Reduced flashing";

    fn label(self) -> &'static str {
        if self.0 { "on" } else { "off" }
    }

    fn next(self) -> ReducedFlashing {
        ReducedFlashing(!self.0)
    }
}
