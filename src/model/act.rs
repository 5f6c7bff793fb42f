//! The act as an engine state.

use bevy::prelude::*;
use biodental_story::Act;

use crate::core::Screen;

/// The act being played, as an engine state that exists only during
/// gameplay: systems run in an act (`in_state(InAct(Act::PowerSurge))`)
/// and its scenery leaves with it. The act itself is kept in one place,
/// [`biodental_story::StoryState::act`]; this state follows it (`follow_act`) and nothing
/// else sets it.
#[derive(SubStates, Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[source(Screen = Screen::Gameplay)]
pub struct InAct(pub Act);
