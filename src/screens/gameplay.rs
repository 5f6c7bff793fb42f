//! The game itself: the complex, Mira, and everyone in it.

use bevy::prelude::*;

use crate::characters::spawn_player;
use crate::core::Screen;
use crate::world::WorldAssets;
use crate::world::spawn_world;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        OnEnter(Screen::Gameplay),
        (spawn_complex, spawn_player).chain(),
    );
}

fn spawn_complex(mut commands: Commands, assets: Res<WorldAssets>) {
    spawn_world(&mut commands, &assets);
}
