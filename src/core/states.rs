//! Where the player is (the screens), and during gameplay whether the game
//! is paused and what Mira is doing.

use bevy::prelude::*;

#[derive(States, Debug, Clone, Copy, Default, Eq, PartialEq, Hash)]
pub enum Screen {
    #[default]
    Loading,
    Title,
    Gameplay,
    /// The closing scenes of the ending the player reached, then the credits.
    Ending,
}

/// Whether the pause menu is open; only exists during gameplay.
#[derive(SubStates, Debug, Clone, Copy, Default, Eq, PartialEq, Hash)]
#[source(Screen = Screen::Gameplay)]
pub enum Pause {
    #[default]
    Running,
    Paused,
}

/// What Mira is doing: walking about, or in a conversation (which holds
/// her still).
#[derive(SubStates, Debug, Clone, Copy, Default, Eq, PartialEq, Hash)]
#[source(Screen = Screen::Gameplay)]
pub enum Activity {
    #[default]
    Exploring,
    Talking,
}
