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

/// A scene without words is playing (the surge striking): Mira stands
/// still, and conversations and prompts wait until it is over.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Cutscene(pub bool);

/// Run condition: no [`Cutscene`] is playing.
pub fn no_cutscene(cutscene: Res<Cutscene>) -> bool {
    !cutscene.0
}
