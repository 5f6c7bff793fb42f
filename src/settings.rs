//! Player settings that more than one feature reads.

use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ReducedFlashing>();
    app.init_resource::<DreamBattle>();
}

/// How the dreamscape battle plays: as designed, easier (fears and swarms
/// drain Leo's calm half as fast, the pulse costs less), or skipped (the
/// dream's scenes play one after the other, for players who want the
/// story without the challenge).
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq)]
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
