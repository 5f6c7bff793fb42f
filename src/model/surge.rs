//! The power surge's phases, as an engine state inside the PowerSurge act.

use bevy::prelude::*;
use biodental_story::Act;

use super::InAct;

/// Where the surge is at: a phase inside the PowerSurge act.
#[derive(
    SubStates,
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
#[source(InAct = InAct(Act::PowerSurge))]
pub enum SurgePhase {
    /// A low hum rises in the walls; the lights sag.
    #[default]
    Hum,
    /// The lights stutter (or, with reduced flashing, slowly dim).
    Stutter,
    /// The surge: the power cuts and the treatment swarm turns.
    Strike,
    /// Emergency lighting; the act's opening scene plays.
    Alarm,
    /// Mira makes for the VR rig.
    Escape,
}

impl SurgePhase {
    /// Whether the surge has struck (the swarm has turned).
    pub(crate) fn struck(self) -> bool {
        matches!(
            self,
            SurgePhase::Strike | SurgePhase::Alarm | SurgePhase::Escape
        )
    }

    /// What the captions say during the wordless phases.
    pub(crate) fn caption(self) -> Option<&'static str> {
        match self {
            SurgePhase::Hum => Some("[a low hum rises in the walls]"),
            SurgePhase::Stutter => Some("[the lights stutter]"),
            SurgePhase::Strike => Some("[a bang, and the power cuts out]"),
            _ => None,
        }
    }
}
