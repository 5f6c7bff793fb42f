//! The dreamscape: Mira inside Leo's nightmare through the VR rig. The dream
//! is a run of zones, LDtk levels with their own tileset: each has a
//! checkpoint where Mira and Leo wake, fears that drain Leo's calm, swarms
//! of malfunctioning nanobots that chase him, and a door on that opens when
//! its swarms are calm; the last holds the swarm core. Leo walks behind Mira
//! and shows his calm; Mira reassures him, breathes with him and sends
//! recalibration pulses. If his calm runs out, the dream dissolves gently
//! back to the zone's checkpoint. Breaking the core wins the battle; the
//! story plays the end of the dream and moves on.

mod battle;
mod hud;

use bevy::prelude::*;

pub use battle::{Battle, CALM_MAX, CorePhase, FearBody, Pack, leo_head};

/// The feature's plugin: on its own, it needs only [`crate::foundation`].
pub fn plugin(app: &mut App) {
    app.add_plugins((battle::plugin, hud::plugin));
}
