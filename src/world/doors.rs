//! Walking through doors: a short fade, the next room, Mira in front of the
//! door she came through, and the room's name on screen.

use bevy::prelude::*;
use bevy_ecs_ldtk::prelude::*;

use crate::core::{AppSystems, PausableSystems};
use crate::core::{LoadProblems, Screen};
use crate::model::room::map::{feet_box, overlaps};
use crate::model::room::{Complex, CurrentRoom, Destination, RoomEntered, SealedDoors, Transition};
use crate::model::{ActBegun, Player, Pose, Walker};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Gameplay), spawn_overlays);
    app.add_systems(OnExit(Screen::Gameplay), |mut t: ResMut<Transition>| {
        *t = Transition::None
    });
    app.add_systems(
        FixedPostUpdate,
        enter_doors
            .in_set(PausableSystems)
            .run_if(in_state(Screen::Gameplay)),
    );
    app.add_systems(
        Update,
        run_transition
            .in_set(PausableSystems)
            .in_set(AppSystems::Update)
            // Once Mira is placed in a room.
            .run_if(in_state(Screen::Gameplay).and_then(resource_exists::<CurrentRoom>)),
    );
}

#[derive(Component)]
struct FadeOverlay;

fn spawn_overlays(mut commands: Commands) {
    commands.spawn((
        crate::theme::widget::screen_tint("Fade", Color::BLACK.with_alpha(0.0), 10),
        FadeOverlay,
        DespawnOnExit(Screen::Gameplay),
    ));
}

/// Starts a transition when Mira's feet step into a door that leads somewhere.
/// Not while the level files have problems (a broken edit while the game
/// runs): the next room would come from the broken version.
fn enter_doors(
    player: Query<&Walker, With<Player>>,
    complex: Option<Res<Complex>>,
    current: Option<Res<CurrentRoom>>,
    sealed: Res<SealedDoors>,
    problems: Res<LoadProblems>,
    mut transition: ResMut<Transition>,
) {
    let (Ok(walker), Some(complex), Some(current)) = (player.single(), complex, current) else {
        return;
    };
    if transition.is_active() || problems.has("levels") {
        return;
    }
    let Some(room) = complex.room(&current.0) else {
        return;
    };
    let feet = feet_box(walker.feet);
    for door in &room.doors {
        if overlaps(feet, door.rect)
            && !sealed.0.contains(&door.iid)
            && let Some(target) = &door.target
            && complex
                .room(&target.level_iid)
                .and_then(|r| r.door(&target.entity_iid))
                .is_some()
        {
            *transition = Transition::to(Destination::Entity(target.clone()));
            return;
        }
    }
}

/// Runs the fade between rooms. An act that begins somewhere else (an
/// `ActStart` in the levels for it, like the jump to Leo's school some
/// weeks later) starts one too; a loaded save stays where it was saved.
#[allow(clippy::too_many_arguments)]
fn run_transition(
    time: Res<Time>,
    mut transition: ResMut<Transition>,
    complex: Option<Res<Complex>>,
    mut current: ResMut<CurrentRoom>,
    mut selection: ResMut<LevelSelection>,
    mut levels: MessageReader<LevelEvent>,
    mut player: Query<(&mut Walker, &mut Pose), With<Player>>,
    mut entered: MessageWriter<RoomEntered>,
    mut overlay: Query<&mut BackgroundColor, With<FadeOverlay>>,
    mut begun: MessageReader<ActBegun>,
) {
    for ActBegun(act) in begun.read() {
        let start = complex.as_ref().and_then(|c| {
            c.rooms.iter().find_map(|room| {
                room.act_starts
                    .iter()
                    .find(|s| s.acts.contains(act))
                    .map(|spot| (room.iid.clone(), spot.clone()))
            })
        });
        if let Some((level_iid, spot)) = start {
            *transition = Transition::to(Destination::Spot { level_iid, spot });
        }
    }
    let spawned: Vec<String> = levels
        .read()
        .filter_map(|e| match e {
            LevelEvent::Spawned(iid) => Some(iid.get().clone()),
            _ => None,
        })
        .collect();
    // Only a fade under way changes (and marks changed) the transition.
    let next = match transition.bypass_change_detection() {
        Transition::None => None,
        Transition::FadingOut { to, fade } => {
            if fade.tick(time.delta()).is_finished() {
                // Dark: switch rooms and put Mira in front of the door.
                let arrival = complex.as_ref().and_then(|c| match to {
                    Destination::Entity(to) => c
                        .room(&to.level_iid)
                        .and_then(|r| r.arrival(&to.entity_iid).map(|spot| (r, spot))),
                    Destination::Spot { level_iid, spot } => {
                        c.room(level_iid).map(|r| (r, spot.clone()))
                    }
                });
                Some(match arrival {
                    Some((room, spot)) => {
                        if let Ok((mut walker, mut pose)) = player.single_mut() {
                            walker.teleport(spot.feet);
                            pose.facing = spot.facing;
                        }
                        current.0 = room.iid.clone();
                        *selection = LevelSelection::iid(room.iid.clone());
                        entered.write(RoomEntered {
                            level_iid: room.iid.clone(),
                            title: room.title.clone(),
                        });
                        Transition::loading(room.iid.clone())
                    }
                    None => Transition::fading_in(),
                })
            } else {
                None
            }
        }
        // Wait for the new room's tiles, but never forever.
        Transition::Loading { level_iid, wait } => (wait.tick(time.delta()).is_finished()
            || spawned.contains(level_iid))
        .then(Transition::fading_in),
        Transition::FadingIn { fade } => fade
            .tick(time.delta())
            .is_finished()
            .then_some(Transition::None),
    };
    if let Some(next) = next {
        *transition = next;
    } else if transition.is_active() {
        transition.set_changed();
    }
    for mut bg in &mut overlay {
        bg.0 = Color::BLACK.with_alpha(transition.darkness());
    }
}
