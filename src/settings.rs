//! Player settings that more than one feature reads.

use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ReducedFlashing>();
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
