//! Dr. Mira Chen, the player: walking at a steady pace in `FixedUpdate`,
//! stopped by walls and furniture, drawn smoothly between steps.

use bevy::prelude::*;
use bevy_ecs_ldtk::prelude::LevelSelection;

use super::animation::IdleClock;
use super::{Character, CharacterSheet};
use crate::core::{Activity, Screen};
use crate::core::{AppSystems, PausableSystems};
use crate::input::Controls;
use crate::model::room::collision::move_feet;
use crate::model::room::{Complex, CurrentRoom, RoomEntered, YSort};
use crate::model::{Player, Pose, Walker};

/// Walking speed in pixels per second: five tiles a second.
pub const WALK_SPEED: f32 = 80.0;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        FixedUpdate,
        walk.in_set(PausableSystems)
            .run_if(in_state(Activity::Exploring)),
    );
    app.add_systems(
        Update,
        draw_between_steps
            .in_set(AppSystems::Update)
            .in_set(PausableSystems)
            .run_if(in_state(Activity::Exploring)),
    );
}

/// Puts Mira at the PlayerStart and selects its room.
pub fn spawn_player(world: &mut World) {
    let Some(complex) = world.get_resource::<Complex>() else {
        error!("cannot place Mira: the levels are not loaded");
        return;
    };
    let Some(room) = complex.start() else {
        error!("cannot place Mira: the levels have no PlayerStart");
        return;
    };
    let Some(mut start) = room.player_start.clone() else {
        return;
    };
    let mut room = room;
    // A saved game: back in its room, where Mira stood.
    if let Some(resume) = world.get_resource::<crate::model::Resume>() {
        let save = &resume.0;
        match complex.room(&save.room) {
            Some(saved) => {
                room = saved;
                start.feet = Vec2::from_array(save.feet);
                start.facing = save.facing;
            }
            None => warn!(
                "the saved room {} is not in the levels any more: Mira starts at the beginning",
                save.room
            ),
        }
    }
    let (iid, title) = (room.iid.clone(), room.title.clone());
    let sheet = world.resource::<CharacterSheet>().clone();
    world.insert_resource(CurrentRoom(iid.clone()));
    world.insert_resource(LevelSelection::iid(iid.clone()));
    world.write_message(RoomEntered {
        level_iid: iid,
        title,
    });
    world.spawn((
        Name::new("Mira"),
        Player,
        Character::Mira,
        Walker::at(start.feet),
        Pose {
            facing: start.facing,
            ..default()
        },
        IdleClock::default(),
        sheet.sprite(),
        Transform::from_translation(start.feet.extend(0.0)),
        YSort::default(),
        DespawnOnExit(Screen::Gameplay),
        children![super::npc::shadow()],
    ));
}

fn walk(
    time: Res<Time>,
    controls: Res<Controls>,
    complex: Option<Res<Complex>>,
    current: Option<Res<CurrentRoom>>,
    mira: crate::model::Mira,
    mut player: Query<(&mut Walker, &mut Pose), With<Player>>,
) {
    let (Some(complex), Some(current)) = (complex, current) else {
        return;
    };
    let Ok((mut walker, mut pose)) = player.single_mut() else {
        return;
    };
    walker.prev = walker.feet;
    let Some(room) = complex.room(&current.0) else {
        return;
    };
    let wish = if !mira.walks() {
        Vec2::ZERO
    } else {
        controls.movement
    };
    if let Some(facing) = crate::model::vocab::Facing::from_vector(wish) {
        pose.facing = facing;
    }
    let next = move_feet(room, walker.feet, wish * WALK_SPEED * time.delta_secs());
    let moved = next.distance(walker.feet);
    walker.feet = next;
    // Walking against a wall still looks like walking, briefly; standing
    // still does not.
    pose.walking = wish != Vec2::ZERO && moved > 0.01;
    if pose.walking {
        pose.stride += moved;
    } else {
        pose.stride = 0.0;
    }
}

/// Places the sprite between the last two steps, on the screen's pixel grid.
fn draw_between_steps(
    fixed: Res<Time<Fixed>>,
    window: Query<&Window, With<bevy::window::PrimaryWindow>>,
    mut player: Query<(&Walker, &mut Transform), With<Player>>,
) {
    let zoom = window
        .single()
        .map(|w| crate::model::room::zoom_for(w.physical_height() as f32))
        .unwrap_or(1.0);
    for (walker, mut transform) in &mut player {
        let at = walker.prev.lerp(walker.feet, fixed.overstep_fraction());
        let snapped = (at * zoom).round() / zoom;
        transform.translation.x = snapped.x;
        transform.translation.y = snapped.y;
    }
}
