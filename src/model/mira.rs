//! Whether Mira is free, defined once: walking about, not in a
//! conversation, not between rooms, not held still by a scene, and with no
//! conversation waiting to start. The prompts, the triggers, the story's
//! last scene, the dream's rests and the moment a save remembers all ask
//! here.
//!
//! Not an engine state computed from others: most of what it depends on
//! are resources that change within a frame (a door walk starts, a
//! conversation is queued), and a state follows them only a frame later,
//! the lag the act had when it was kept twice.

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;

use super::room::Transition;
use super::{Conversation, DialogueQueue};
use crate::core::Activity;

/// Why a scene without words holds Mira still.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hold {
    /// The surge striking, until the alarm sounds.
    Surge,
    /// Breathing with Leo in the dream, or the dream dissolving.
    Dream,
}

impl Hold {
    fn bit(self) -> u8 {
        match self {
            Hold::Surge => 1,
            Hold::Dream => 2,
        }
    }
}

/// What holds Mira still. Each feature holds her for its own reason and
/// lets go of that reason only: she stands still while any holds her.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct HeldStill(u8);

impl HeldStill {
    /// Holds Mira still for `why`, or lets go of that reason.
    pub fn set(&mut self, why: Hold, on: bool) {
        if on {
            self.0 |= why.bit();
        } else {
            self.0 &= !why.bit();
        }
    }

    /// Whether anything holds her.
    pub fn any(self) -> bool {
        self.0 != 0
    }
}

/// Run condition: no scene holds Mira still.
pub fn not_held(held: Res<HeldStill>) -> bool {
    !held.any()
}

/// Where Mira stands with everything that can take her over.
#[derive(SystemParam)]
pub struct Mira<'w> {
    activity: Option<Res<'w, State<Activity>>>,
    held: Res<'w, HeldStill>,
    transition: Res<'w, Transition>,
    queue: Res<'w, DialogueQueue>,
    conversation: Option<Res<'w, Conversation>>,
}

impl Mira<'_> {
    /// She can walk: no scene holds her and no door walk is under way.
    pub fn walks(&self) -> bool {
        !self.held.any() && !self.transition.is_active()
    }

    /// She is in no conversation (none on screen, none starting).
    pub(crate) fn not_talking(&self) -> bool {
        self.activity
            .as_ref()
            .is_some_and(|a| *a.get() == Activity::Exploring)
            && self.conversation.is_none()
    }

    /// Free: walking about, in no conversation, with none waiting to start.
    pub(crate) fn is_free(&self) -> bool {
        self.not_talking() && self.walks() && self.queue.is_empty()
    }
}

/// Run condition: Mira is free (see [`Mira::is_free`]).
pub fn mira_is_free(mira: Mira) -> bool {
    mira.is_free()
}
