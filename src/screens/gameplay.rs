//! The game itself: the complex, Mira, and everyone in it.

use bevy::prelude::*;

use super::{GameAssets, Screen};
use crate::characters::spawn_player;
use crate::world::spawn_world;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        OnEnter(Screen::Gameplay),
        (spawn_complex, spawn_player).chain(),
    );
}

fn spawn_complex(mut commands: Commands, assets: Res<GameAssets>) {
    spawn_world(&mut commands, &assets);
}
