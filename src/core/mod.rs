//! The bottom layer, which every other part of the game may use and which
//! uses none of them: the screens and the states inside gameplay, the order
//! of the game's work in a frame, and what the loading screen waits for.
//! See `ARCHITECTURE.md`.

mod loading;
mod states;

use bevy::prelude::*;

pub use loading::{
    AwaitedFiles, LEVELS_FILE, LEVELS_PATH, LevelsFolder, LoadProblems, describe_failure,
    load_awaited,
};
pub use states::{Activity, Pause, Screen};

pub(super) fn plugin(app: &mut App) {
    app.init_state::<Screen>();
    app.add_sub_state::<Pause>();
    app.add_sub_state::<Activity>();
    app.init_resource::<LoadProblems>();
    app.init_resource::<AwaitedFiles>();
    app.configure_sets(
        PreUpdate,
        AppSystems::RecordInput.after(bevy::input::InputSystems),
    );
    // The pause menu holds the game still.
    app.configure_sets(Update, PausableSystems.run_if(in_state(Pause::Running)));
    app.configure_sets(
        FixedUpdate,
        PausableSystems.run_if(in_state(Pause::Running)),
    );
    app.configure_sets(
        FixedPostUpdate,
        PausableSystems.run_if(in_state(Pause::Running)),
    );
}

/// The order of the game's own work, every frame.
#[derive(SystemSet, Debug, Clone, Copy, Eq, PartialEq, Hash, PartialOrd, Ord)]
pub enum AppSystems {
    /// Turn keys, sticks and buttons into the game's controls (in
    /// `PreUpdate`, so that `FixedUpdate` walks with this frame's input).
    RecordInput,
    /// Everything else, in `Update`.
    Update,
}

/// Gameplay systems that stop while the pause menu or the log is open. Used in both
/// `Update` and `FixedUpdate`.
#[derive(SystemSet, Debug, Clone, Copy, Eq, PartialEq, Hash)]
pub struct PausableSystems;
