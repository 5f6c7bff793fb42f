//! Hot reload of the LDtk project. With file watching on (`cargo run
//! --features dev`), saving the `.ldtk` file in the editor while the game
//! runs makes the asset server load it again; `load_project` checks the new
//! version and, if it is sound, puts it in place of the [`Complex`], and
//! bevy_ecs_ldtk respawns the room on screen (tiles, props, people, doors).
//! Triggers, doors and collision read the `Complex`, so they follow at once.
//!
//! What is left is Mira, who is the game's own entity and not the level's:
//! she stays where she stands if there is still floor there, so a designer
//! sees the edit from where they looked at it. If the edit put a wall or a
//! piece of furniture on her, she moves to the nearest spot she could have
//! walked to from the room's way in (never into a pocket cut off from the
//! doors); if her room is gone, she goes back to where a new game starts.
//! The room's name is shown again, as a sign that the new version is in.
//!
//! Nothing else starts over: the story, the act, the conversation on screen,
//! the swarms (unless their emitters changed: see `swarm::populate_room`)
//! and the dream's progress live in their own resources, not in the level.

use bevy::prelude::*;

use super::reach::Reach;
use crate::core::Screen;
use crate::model::room::collision::standable;
use crate::model::room::{
    Complex, CurrentRoom, Destination, LevelsReloaded, RoomEntered, Transition,
};
use crate::model::{Player, Walker};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        settle_mira
            .after(super::stage_people)
            .run_if(in_state(Screen::Gameplay)),
    );
}

/// Keeps Mira on her feet in a reloaded room (see the module's docs).
fn settle_mira(
    mut reloads: MessageReader<LevelsReloaded>,
    complex: Option<Res<Complex>>,
    current: Option<Res<CurrentRoom>>,
    mut transition: ResMut<Transition>,
    mut player: Query<&mut Walker, With<Player>>,
    mut entered: MessageWriter<RoomEntered>,
) {
    let here = current.as_ref().map(|c| c.0.as_str());
    let touched = reloads
        .read()
        .any(|r| here.is_some_and(|iid| r.touches(iid)));
    let (true, Some(complex), Some(current)) = (touched, complex, current) else {
        return;
    };
    // On the way out of the room already: the arrival places her.
    if matches!(*transition, Transition::FadingOut { .. }) {
        return;
    }
    let Ok(mut walker) = player.single_mut() else {
        return;
    };
    let Some(room) = complex.room(&current.0) else {
        if let Some(start) = complex.start()
            && let Some(spot) = start.player_start.clone()
        {
            warn!("Mira's room is gone from the levels: she goes back to the start");
            *transition = Transition::to(Destination::Spot {
                level_iid: start.iid.clone(),
                spot,
            });
        }
        return;
    };
    if !standable(room, walker.feet) {
        // A sound project has a way into every room (`check-levels` says so).
        let Some(entry) = room.entry() else {
            return;
        };
        let feet = Reach::from(room, &[entry])
            .nearest(walker.feet)
            .unwrap_or(entry);
        info!(
            "Mira's spot ({}, {}) is solid now: moved to ({}, {})",
            walker.feet.x, walker.feet.y, feet.x, feet.y
        );
        walker.teleport(feet);
    }
    entered.write(RoomEntered {
        level_iid: room.iid.clone(),
        title: room.title.clone(),
    });
}
