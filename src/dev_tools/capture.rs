//! `biodental capture-tour DIR`: runs the real game through a fixed tour —
//! title, every room, a conversation, the pause menu — saving a screenshot
//! of each into DIR, then quits. Used for the README and for looking at the
//! game on machines without a screen (under Xvfb).

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use bevy_ecs_ldtk::prelude::LevelSelection;

use crate::characters::{Character, Conversation, Player, Pose, Walker};
use crate::screens::{Activity, Pause, Screen};
use crate::world::collision::standable;
use crate::world::{Complex, CurrentRoom, RoomEntered};

/// Frames to let a scene settle (level spawn, fades, typewriter) before a shot.
const SETTLE_FRAMES: u32 = 90;
/// Frames on the loading screen after which the tour reports the game stuck.
const STUCK_FRAMES: u32 = 600;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, run_tour.run_if(resource_exists::<CaptureTour>));
}

#[derive(Resource, Debug)]
pub struct CaptureTour {
    dir: PathBuf,
    step: usize,
    wait: u32,
    /// Frames spent on the loading screen.
    loading: u32,
}

impl CaptureTour {
    pub fn new(dir: PathBuf) -> Self {
        CaptureTour {
            dir,
            step: 0,
            wait: 0,
            loading: 0,
        }
    }
}

/// One stop of the tour.
enum Stop {
    Title,
    Room(usize),
    Talk(Character),
    Pause,
    Done,
}

fn stops(room_count: usize) -> Vec<Stop> {
    let mut v = vec![Stop::Title];
    v.extend((0..room_count).map(Stop::Room));
    v.push(Stop::Talk(Character::Leo));
    v.push(Stop::Pause);
    v.push(Stop::Done);
    v
}

fn run_tour(world: &mut World) {
    let screen = *world.resource::<State<Screen>>().get();
    if screen == Screen::Loading {
        // Stuck loading (broken levels or data): photograph the problems and give up.
        let mut tour = world.resource_mut::<CaptureTour>();
        tour.loading += 1;
        if tour.loading == STUCK_FRAMES {
            let path = tour.dir.join("00-loading-problems.png");
            error!(
                "capture-tour: the game cannot leave the loading screen; see {}",
                path.display()
            );
            world
                .spawn(Screenshot::primary_window())
                .observe(save_to_disk(path));
        } else if tour.loading > STUCK_FRAMES + 10 {
            world.write_message(AppExit::error());
        }
        return;
    }
    let room_count = world
        .get_resource::<Complex>()
        .map(|c| c.rooms.len())
        .unwrap_or(0);
    let plan = stops(room_count);
    let (step, wait) = {
        let tour = world.resource::<CaptureTour>();
        (tour.step, tour.wait)
    };
    let Some(stop) = plan.get(step) else { return };

    // First frame at a stop: set the scene.
    if wait == 0 {
        match stop {
            Stop::Title => {}
            Stop::Room(i) => {
                if screen != Screen::Gameplay {
                    world
                        .resource_mut::<NextState<Screen>>()
                        .set(Screen::Gameplay);
                    return; // set the room once gameplay has started
                }
                visit_room(world, *i);
            }
            Stop::Talk(who) => walk_up_to(world, *who),
            Stop::Pause => {
                world
                    .resource_mut::<NextState<Activity>>()
                    .set(Activity::Exploring);
                world.resource_mut::<NextState<Pause>>().set(Pause::Paused);
            }
            Stop::Done => {}
        }
    }
    // Leave the last screenshot a few frames to be written before quitting.
    if let Stop::Done = stop {
        let mut tour = world.resource_mut::<CaptureTour>();
        tour.wait += 1;
        if tour.wait > 10 {
            world.write_message(AppExit::Success);
        }
        return;
    }
    // Halfway through a conversation stop, the person has spawned: talk.
    if let Stop::Talk(who) = stop
        && wait == SETTLE_FRAMES / 2
    {
        world.insert_resource(CaptureTalk(*who));
        if let Err(e) = world.run_system_cached(open_conversation) {
            warn!("capture-tour: could not open the conversation: {e}");
        }
    }
    let mut tour = world.resource_mut::<CaptureTour>();
    tour.wait += 1;
    if tour.wait < SETTLE_FRAMES {
        return;
    }
    let name = match stop {
        Stop::Title => "title".to_string(),
        Stop::Room(i) => {
            let id = world
                .get_resource::<Complex>()
                .and_then(|c| c.rooms.get(*i).map(|r| r.identifier.to_lowercase()))
                .unwrap_or_else(|| format!("room{i}"));
            format!("room-{id}")
        }
        Stop::Talk(_) => "dialogue".into(),
        Stop::Pause => "pause".into(),
        Stop::Done => return,
    };
    let mut tour = world.resource_mut::<CaptureTour>();
    let path = tour.dir.join(format!("{:02}-{name}.png", tour.step));
    tour.step += 1;
    tour.wait = 0;
    info!("capture-tour: {}", path.display());
    world
        .spawn(Screenshot::primary_window())
        .observe(save_to_disk(path));
}

/// Puts Mira in room `i`: at the PlayerStart if it is there, else in front
/// of the room's first door.
fn visit_room(world: &mut World, i: usize) {
    let Some(room) = world
        .get_resource::<Complex>()
        .and_then(|c| c.rooms.get(i).cloned())
    else {
        return;
    };
    let spot = room
        .player_start
        .clone()
        .or_else(|| room.doors.first().map(|d| d.arrival()))
        .filter(|s| standable(&room, s.feet));
    let Some(spot) = spot else { return };
    world.insert_resource(CurrentRoom(room.iid.clone()));
    world.insert_resource(LevelSelection::iid(room.iid.clone()));
    world.write_message(RoomEntered {
        level_iid: room.iid.clone(),
        title: room.title.clone(),
    });
    let mut q = world.query_filtered::<(&mut Walker, &mut Pose), With<Player>>();
    if let Ok((mut walker, mut pose)) = q.single_mut(world) {
        walker.teleport(spot.feet);
        pose.facing = spot.facing;
    }
}

/// Puts Mira in front of someone, facing them.
fn walk_up_to(world: &mut World, who: Character) {
    let Some(complex) = world.get_resource::<Complex>().cloned() else {
        return;
    };
    let Some((index, spot)) = complex.rooms.iter().enumerate().find_map(|(i, r)| {
        r.characters
            .iter()
            .find(|(c, _)| *c == who)
            .map(|(_, s)| (i, s.clone()))
    }) else {
        return;
    };
    visit_room(world, index);
    let mut q = world.query_filtered::<(&mut Walker, &mut Pose), With<Player>>();
    if let Ok((mut walker, mut pose)) = q.single_mut(world) {
        walker.teleport(spot.feet + Vec2::new(0.0, -18.0));
        pose.facing = crate::world::vocab::Facing::Up;
    }
}

#[derive(Resource)]
struct CaptureTalk(Character);

/// Starts the conversation once the person has been spawned in the room.
fn open_conversation(
    mut commands: Commands,
    talk: Res<CaptureTalk>,
    people: Query<(Entity, &Character), Without<Player>>,
    assets: Res<crate::screens::GameAssets>,
    casts: Res<Assets<crate::data::Cast>>,
    mut next: ResMut<NextState<Activity>>,
) {
    let Some((with, _)) = people.iter().find(|(_, c)| **c == talk.0) else {
        return;
    };
    let line = casts
        .get(&assets.cast)
        .and_then(|c| c.person(talk.0))
        .and_then(|p| p.greeting.first().cloned())
        .unwrap_or_default();
    commands.insert_resource(Conversation {
        with,
        who: talk.0,
        line,
        shown: 0.0,
    });
    next.set(Activity::Talking);
}
