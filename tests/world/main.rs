//! The walkable complex, played headless: loading the real LDtk project,
//! the title menu, walking, walls, doors, people, talking, pausing.

#[path = "../common/mod.rs"]
mod common;
mod controls;

use std::collections::BTreeMap;

use bevy::input::ButtonState;
use bevy::prelude::*;
use bevy_ecs_ldtk::prelude::*;

use biodental::characters::{Offstage, Talkable, WALK_SPEED};
use biodental::core::LoadProblems;
use biodental::core::{Activity, Pause, Screen};
use biodental::model::Conversation;
use biodental::model::Pose;
use biodental::model::StoryTrigger;
use biodental::model::room::RoomEntered;
use biodental::model::room::map::{FEET_HALF_WIDTH, feet_box};
use biodental::model::vocab::Facing;
use biodental_story::Character;
use biodental_story::{Act, StoryState};
use common::*;

#[test]
fn loads_everything_and_reaches_the_title() {
    let mut app = headless_app();
    to_title(&mut app);
    assert!(app.world().resource::<LoadProblems>().is_empty());
    let complex = complex(&app);
    let names: Vec<&str> = complex
        .rooms
        .iter()
        .map(|r| r.identifier.as_str())
        .collect();
    for room in [
        "Plaza",
        "Lobby",
        "Corridor",
        "Office",
        "VrRoom",
        "Treatment",
    ] {
        assert!(names.contains(&room), "room {room} missing from {names:?}");
    }
}

#[test]
fn enter_on_the_title_menu_starts_a_new_game_in_the_plaza() {
    let mut app = headless_app();
    to_title(&mut app);
    // Let the menu fill in and focus its first button, "New game".
    for _ in 0..3 {
        app.update();
    }
    tap(&mut app, KeyCode::Enter);
    run_until(&mut app, "gameplay", |app| screen(app) == Screen::Gameplay);
    run_until(&mut app, "the first room", |app| {
        room_spawned(app) && player(app).is_some()
    });
    let complex = complex(&app);
    let start = complex.start().expect("a PlayerStart");
    assert_eq!(start.identifier, "Plaza");
    assert_eq!(current_room(&app), start.iid);
    assert_eq!(
        player(&mut app).unwrap().feet,
        start.player_start.as_ref().unwrap().feet
    );
}

/// Visits every room and records who was spawned there.
#[test]
fn in_the_first_act_everyone_stands_in_exactly_one_place_with_their_ldtk_fields() {
    let mut app = headless_app();
    new_game(&mut app);
    let complex = complex(&app);
    let mut seen: BTreeMap<Character, Vec<(String, Vec2, Facing)>> = BTreeMap::new();
    for room in &complex.rooms {
        app.world_mut()
            .insert_resource(biodental::model::room::CurrentRoom(room.iid.clone()));
        app.world_mut()
            .insert_resource(LevelSelection::iid(room.iid.clone()));
        run_until(&mut app, "the room to spawn", |app| {
            room_spawned(app) && {
                let mut q = app.world_mut().query::<(&Character, &Pose)>();
                q.iter(app.world()).count() > 1 || room.characters.is_empty()
            }
        });
        // One more frame so depth sorting and transforms settle.
        app.update();
        let mut q = app
            .world_mut()
            .query_filtered::<(&Character, &Pose, Option<&Talkable>, &Transform), Without<Offstage>>();
        for (who, pose, talkable, t) in q.iter(app.world()) {
            if *who == Character::Mira {
                continue;
            }
            // How they stand when left alone (people glance about now and then).
            let facing = talkable.map_or(pose.facing, |t| t.home_facing);
            seen.entry(*who).or_default().push((
                room.identifier.clone(),
                t.translation.truncate(),
                facing,
            ));
        }
    }
    for &who in Character::PLACED {
        let found = seen.get(&who).cloned().unwrap_or_default();
        assert_eq!(
            found.len(),
            1,
            "{who:?} should be spawned exactly once, found {found:?}"
        );
        let (room_name, at, facing) = &found[0];
        let room = complex.room_named(room_name).unwrap();
        let (_, spot) = room
            .characters
            .iter()
            .find(|(c, s)| *c == who && s.in_act(Act::Arrival))
            .expect("in the room data");
        assert_eq!(*at, spot.feet, "{who:?} stands where LDtk put them");
        assert_eq!(*facing, spot.facing, "{who:?} faces as LDtk says");
    }
    // The story's people are where the story needs them.
    let room_of = |who| seen[&who][0].0.clone();
    assert_eq!(room_of(Character::Leo), "Lobby");
    assert_eq!(room_of(Character::Samantha), "Lobby");
    assert_eq!(room_of(Character::Jasper), "VrRoom");
    assert_eq!(room_of(Character::Halloran), "Plaza");
    assert_eq!(room_of(Character::Okafor), "Plaza");
}

#[test]
fn for_the_appointment_leo_and_samantha_wait_at_the_treatment_chair() {
    let mut app = headless_app();
    new_game(&mut app);
    app.world_mut().resource_mut::<StoryState>().act = Act::Appointment;
    let treatment = complex(&app).room_named("Treatment").unwrap().clone();
    app.world_mut()
        .insert_resource(biodental::model::room::CurrentRoom(treatment.iid.clone()));
    app.world_mut()
        .insert_resource(LevelSelection::iid(treatment.iid.clone()));
    run_until(&mut app, "Leo at the chair", |app| {
        let mut q = app
            .world_mut()
            .query_filtered::<&Character, Without<Offstage>>();
        q.iter(app.world()).any(|c| *c == Character::Leo)
    });
    let mut q = app
        .world_mut()
        .query_filtered::<(&Character, &Visibility), Without<Offstage>>();
    let here: Vec<(Character, Visibility)> = q.iter(app.world()).map(|(c, v)| (*c, *v)).collect();
    assert!(
        here.contains(&(Character::Samantha, Visibility::Inherited)),
        "{here:?}"
    );
    // The chair's people block the way now; in the Lobby nobody stands where they waited.
    let room = &complex(&app)
        .rooms
        .iter()
        .find(|r| r.identifier == "Treatment")
        .cloned()
        .unwrap();
    let leo = room
        .characters
        .iter()
        .find(|(c, s)| *c == Character::Leo && s.in_act(Act::Appointment))
        .unwrap()
        .1
        .feet;
    assert!(!biodental::model::room::collision::standable(room, leo));
    let lobby = complex(&app).room_named("Lobby").unwrap().clone();
    let waited = lobby
        .characters
        .iter()
        .find(|(c, _)| *c == Character::Leo)
        .unwrap()
        .1
        .feet;
    assert!(biodental::model::room::collision::standable(&lobby, waited));
}

/// Distance walked in one second of game time at a given frame rate.
fn distance_in_one_second(fps: u32) -> f32 {
    let mut app = headless_app_at(std::time::Duration::from_secs_f64(1.0 / fps as f64));
    new_game(&mut app);
    let complex = complex(&app);
    let plaza = complex.room_named("Plaza").unwrap();
    // An open stretch of the plaza.
    let start = Vec2::new(13.0 * 16.0, plaza.size.y - 10.0 * 16.0);
    set_player(&mut app, start);
    key(&mut app, KeyCode::KeyD, ButtonState::Pressed);
    for _ in 0..fps {
        app.update();
    }
    key(&mut app, KeyCode::KeyD, ButtonState::Released);
    app.update();
    player(&mut app).unwrap().feet.x - start.x
}

#[test]
fn walking_speed_does_not_depend_on_the_frame_rate() {
    let slow = distance_in_one_second(30);
    let fast = distance_in_one_second(144);
    // Input is read a frame before it moves anything; one frame at 30 fps is 1/30 s.
    let tolerance = WALK_SPEED / 30.0 + 1.0;
    assert!(
        (slow - WALK_SPEED).abs() <= tolerance,
        "30 fps walked {slow}"
    );
    assert!(
        (fast - WALK_SPEED).abs() <= tolerance,
        "144 fps walked {fast}"
    );
    assert!(
        (slow - fast).abs() <= tolerance,
        "30 fps {slow} vs 144 fps {fast}"
    );
}

#[test]
fn mira_stops_at_the_hedge_and_does_not_pass_through() {
    let mut app = headless_app();
    new_game(&mut app);
    let plaza = complex(&app).room_named("Plaza").unwrap().clone();
    set_player(
        &mut app,
        Vec2::new(13.0 * 16.0, plaza.size.y - 6.0 * 16.0 - 8.0),
    );
    // Ten seconds of walking left: far more than the distance to the hedge.
    hold(&mut app, KeyCode::KeyA, 600);
    let feet = player(&mut app).unwrap().feet;
    // The hedge is column 0; Mira's box must end at its right edge, not inside it.
    assert!(
        feet.x - FEET_HALF_WIDTH >= 16.0 - 1e-3,
        "inside the hedge: {feet}"
    );
    assert!(
        !plaza.blocked(feet_box(feet)),
        "standing in something solid at {feet}"
    );
    assert!(
        feet.x - FEET_HALF_WIDTH < 16.0 + 1.0,
        "stopped short of the hedge: {feet}"
    );
}

#[test]
fn walking_through_the_entrance_leads_into_the_lobby_in_front_of_its_door() {
    let mut app = headless_app();
    listen::<RoomEntered>(&mut app);
    new_game(&mut app);
    let complex = complex(&app);
    let plaza = complex.room_named("Plaza").unwrap();
    let lobby = complex.room_named("Lobby").unwrap();
    let entrance = plaza
        .doors
        .iter()
        .find(|d| d.facing == Facing::Up)
        .expect("entrance");
    let target = entrance.target.clone().expect("linked");
    assert_eq!(target.level_iid, lobby.iid);
    // Just below the entrance, then walk up into it.
    set_player(
        &mut app,
        Vec2::new(entrance.rect.center().x, entrance.rect.min.y - 12.0),
    );
    key(&mut app, KeyCode::ArrowUp, ButtonState::Pressed);
    run_until(&mut app, "the lobby", |app| current_room(app) == lobby.iid);
    key(&mut app, KeyCode::ArrowUp, ButtonState::Released);
    let arrival = lobby.door(&target.entity_iid).unwrap().arrival();
    run_until(&mut app, "the lobby level to spawn", room_spawned);
    let feet = player(&mut app).unwrap().feet;
    // Arrived in front of the lobby's street door, facing into the room.
    assert!(
        feet.distance(arrival.feet) < 0.01,
        "arrived at {feet}, expected {}",
        arrival.feet
    );
    assert_eq!(arrival.facing, Facing::Up);
    let selection = app.world().resource::<LevelSelection>().clone();
    assert_eq!(selection, LevelSelection::iid(lobby.iid.clone()));
    // The room's name is announced, first the plaza's, then the lobby's.
    let titles: Vec<String> = heard::<RoomEntered>(&app)
        .into_iter()
        .map(|r| r.title)
        .collect();
    assert_eq!(titles, vec![plaza.title.clone(), lobby.title.clone()]);
}

#[test]
fn talking_to_leo_starts_his_conversation_and_holds_mira_still() {
    let mut app = headless_app();
    new_game(&mut app);
    let complex = complex(&app);
    let lobby = complex.room_named("Lobby").unwrap().clone();
    app.world_mut()
        .insert_resource(biodental::model::room::CurrentRoom(lobby.iid.clone()));
    app.world_mut()
        .insert_resource(LevelSelection::iid(lobby.iid.clone()));
    run_until(&mut app, "the lobby", |app| {
        let mut q = app.world_mut().query::<&Character>();
        q.iter(app.world()).any(|c| *c == Character::Leo)
    });
    let leo = lobby
        .characters
        .iter()
        .find(|(c, _)| *c == Character::Leo)
        .unwrap()
        .1
        .feet;
    let stand = leo + Vec2::new(0.0, -16.0);
    set_player(&mut app, stand);
    for _ in 0..3 {
        app.update();
    }
    tap(&mut app, KeyCode::KeyE);
    run_until(&mut app, "the conversation", |app| {
        *app.world().resource::<State<Activity>>().get() == Activity::Talking
    });
    let c = app.world().resource::<Conversation>().clone();
    assert_eq!(c.who, Some(Character::Leo));
    assert_eq!(
        c.start.as_deref(),
        Some("leo.arrival.hello"),
        "Leo's first conversation of the Arrival"
    );
    assert_eq!(c.line.speaker, Character::Leo);
    // Walking keys do nothing while talking.
    hold(&mut app, KeyCode::KeyD, 30);
    assert_eq!(player(&mut app).unwrap().feet, stand);
    // The first press shows the whole line, the next moves on.
    tap(&mut app, KeyCode::KeyE);
    assert!(app.world().resource::<Conversation>().finished_typing());
    let first = app.world().resource::<Conversation>().line.text.clone();
    tap(&mut app, KeyCode::KeyE);
    app.update();
    let c = app.world().resource::<Conversation>().clone();
    assert_ne!(c.line.text, first, "the next line is on screen");
    assert!(!c.finished_typing(), "and is typed out from the start");
    // Read to the end: then he has only a short word for Mira.
    finish_conversation(&mut app, |_| 0);
    assert_eq!(activity(&app), Some(Activity::Exploring));
    app.update();
    tap(&mut app, KeyCode::KeyE);
    app.update();
    let c = app.world().resource::<Conversation>().clone();
    assert_eq!(c.start.as_deref(), Some("leo.arrival.again"));
}

#[test]
fn stepping_into_a_trigger_tells_the_story_each_time_but_not_every_step() {
    let mut app = headless_app();
    listen::<StoryTrigger>(&mut app);
    new_game(&mut app);
    let plaza = complex(&app).room_named("Plaza").unwrap().clone();
    let trigger = plaza
        .triggers
        .iter()
        .find(|t| t.event == "plaza_protest")
        .expect("protest trigger");
    let inside = Vec2::new(trigger.rect.max.x + 10.0, trigger.rect.center().y);
    set_player(&mut app, inside);
    // Walk left into the area, out again, and back in.
    for keycode in [KeyCode::KeyA, KeyCode::KeyD, KeyCode::KeyA] {
        hold(&mut app, keycode, 40);
    }
    let events: Vec<String> = heard::<StoryTrigger>(&app)
        .into_iter()
        .map(|t| t.event)
        .collect();
    assert_eq!(
        events,
        vec!["plaza_protest".to_string(), "plaza_protest".to_string()],
        "the protest area (not `once`) fires on each entry"
    );
}

#[test]
fn broken_data_is_shown_on_the_loading_screen_and_the_game_waits() {
    let dir = copy_of_game_files("broken-cast");
    let cast = dir.join("assets/data/cast.ron");
    let text = std::fs::read_to_string(&cast).unwrap();
    let broken = text.replacen(
        "role: \"Patient, nine years old\",",
        "role: \"Patient, nine years old\"",
        1,
    );
    std::fs::write(&cast, broken).unwrap();
    let mut app = headless_app_from(&dir);
    run_until(&mut app, "the error on screen", |app| {
        screen_text(app).contains("cast.ron:")
    });
    let shown = screen_text(&mut app);
    assert!(shown.contains("The game cannot start"), "{shown}");
    let line = shown
        .lines()
        .find(|l| l.contains("cast.ron:"))
        .unwrap()
        .to_string();
    assert!(line.starts_with("assets/data/cast.ron:"), "{line}");
    for _ in 0..30 {
        app.update();
    }
    assert_eq!(
        screen(&app),
        Screen::Loading,
        "must not start with broken data"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn broken_levels_are_listed_on_the_loading_screen_and_never_spawned() {
    let dir = copy_of_game_files("broken-levels");
    let path = dir.join("levels/biodental.ldtk");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    remove_entities(&mut doc, "PlayerStart");
    std::fs::write(&path, serde_json::to_string(&doc).unwrap()).unwrap();
    let mut app = headless_app_from(&dir);
    run_until(&mut app, "the level problem on screen", |app| {
        screen_text(app).contains("has no PlayerStart")
    });
    for _ in 0..30 {
        app.update();
    }
    assert_eq!(screen(&app), Screen::Loading);
    let problems = &app.world().resource::<LoadProblems>().0;
    assert!(
        problems["levels"]
            .iter()
            .any(|p| p.contains("has no PlayerStart")),
        "{problems:?}"
    );
    let mut levels = app.world_mut().query::<&bevy_ecs_ldtk::prelude::LevelIid>();
    assert_eq!(
        levels.iter(app.world()).count(),
        0,
        "no level spawned from a broken project"
    );
    std::fs::remove_dir_all(&dir).ok();
}
