//! Saved games and settings, headless: a save loads back exactly in every
//! act; the autosave follows act changes; a damaged, truncated or newer
//! slot is reported by name while the others load and its backup can be
//! restored; a save with a value out of range or at odds with the levels is
//! refused with a message; binary garbage or a folder in a slot's place
//! never stops a save, an autosave or a restore; settings are kept between
//! runs. Property tests feed generated and mutated saves and settings to
//! the real readers: none panics, and what they accept is in range.

mod checks;
#[path = "../common/mod.rs"]
mod common;
mod fuzz;

use std::time::Duration;

use bevy::prelude::*;

use arbitrary::Unstructured;
use bevy_ecs_ldtk::ldtk::LdtkJson;
use biodental::audio::Volumes;
use biodental::dreamscape::Battle;
use biodental::input::{Action, Bindings};
use biodental::model::TextSpeed;
use rand::{RngExt, SeedableRng, rngs::StdRng};

use biodental::core::{Activity, Screen};
use biodental::model::InAct;
use biodental::model::PlayDialogue;
use biodental::model::SurgePhase;
use biodental::model::room::{Complex, CurrentRoom};
use biodental::model::vocab::Facing;
use biodental::model::{DreamBattle, ReducedFlashing, SwarmPalette, TextSize};
use biodental::model::{DreamProgress, MAX_SEQUENCE, Resume, SAVE_VERSION, SaveGame};
use biodental::save::{
    AUTOSAVE, LastFree, SaveOutcome, SaveRequest, SaveSlots, Slot, Store, Which,
};
use biodental::settings::{SettingsFile, SettingsProblem};
use biodental_story::{
    Act, BALANCE_LIMIT, Bond, Condition, Effect, Ending, StoryState, TRUST_LIMIT,
};
use common::*;

const FRAME_30: Duration = Duration::from_nanos(33_333_333);

fn act(app: &App) -> Option<Act> {
    app.world()
        .get_resource::<State<InAct>>()
        .map(|s| s.get().0)
}

/// The game as the next save would write it, once Mira is free in `act`.
fn free_in(app: &mut App, act: Act) -> SaveGame {
    let mut found = None;
    run_until(app, "a free moment", |app| {
        if activity(app) == Some(Activity::Talking) {
            finish_conversation(app, |_| 0);
        }
        found = app
            .world()
            .resource::<LastFree>()
            .0
            .clone()
            .filter(|g| g.story.act == act);
        found.is_some()
    });
    found.unwrap()
}

/// A new game moved on to `act`, with some flags, balance and trust of its
/// own, and Mira a few steps from where she arrived.
fn game_in(act: Act) -> App {
    let mut app = headless_app_at(FRAME_30);
    new_game(&mut app);
    free_in(&mut app, Act::Arrival);
    if act == Act::Dreamscape {
        app.insert_resource(DreamBattle::Standard);
    }
    // The act's opening scene, as the story plays it on entering the act.
    let opening = match act {
        Act::Doubts => Some("mira.doubts.open"),
        Act::Appointment => Some("jasper.appointment.open"),
        Act::PowerSurge => Some("aida.surge.open"),
        Act::Dreamscape => Some("mira.dream.start"),
        Act::Resolution => Some("mira.resolution.open"),
        _ => None,
    };
    if let Some(opening) = opening {
        app.world_mut().write_message(PlayDialogue(opening.into()));
    }
    {
        let mut state = app.world_mut().resource_mut::<StoryState>();
        state.act = act;
        state.flags.insert("saved_in_a_test".into());
        state.balance = -2;
        state.trust.insert(Bond::Samantha, 2);
    }
    free_in(&mut app, act);
    // A few steps to the right and up, so that the place is her own.
    hold(&mut app, KeyCode::KeyD, 6);
    hold(&mut app, KeyCode::KeyW, 4);
    for _ in 0..3 {
        app.update();
    }
    app
}

fn save_to(app: &mut App, slot: usize) -> SaveGame {
    let before = app.world().resource::<LastFree>().0.clone().expect("free");
    app.world_mut().write_message(SaveRequest(slot));
    app.update();
    match &app.world().resource::<SaveSlots>().0[slot].main {
        Slot::Ready(game) => {
            assert_eq!(game.story, before.story);
            game.as_ref().clone()
        }
        other => panic!("slot {slot} after saving: {other:?}"),
    }
}

/// Loads `game` the way the pause menu does, and waits until the game
/// stands where it was saved.
fn load(app: &mut App, game: &SaveGame) {
    app.world_mut().insert_resource(Resume(game.clone()));
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Title);
    app.update();
    run_until(app, "the saved game", |app| {
        !app.world().contains_resource::<Resume>()
            && screen(app) == Screen::Gameplay
            && player(app).is_some()
    });
    for _ in 0..3 {
        app.update();
    }
}

fn assert_resumed(app: &mut App, game: &SaveGame) {
    let act_now = act(app).expect("in the game");
    assert_eq!(act_now, game.story.act);
    assert_eq!(app.world().resource::<StoryState>(), &game.story);
    if game.story.act == Act::PowerSurge {
        let phase = *app.world().resource::<State<SurgePhase>>().get();
        assert_eq!(Some(phase), game.surge);
        assert_eq!(phase, SurgePhase::Escape);
    }
    if let Some(dream) = &game.dream {
        run_until(app, "the dream zone", |app| {
            app.world().resource::<Battle>().room.is_some()
        });
        let b = app.world().resource::<Battle>();
        assert_eq!(b.zone, dream.zone);
        assert_eq!(b.cleared, dream.cleared);
        assert_eq!(b.progress().as_ref(), Some(dream));
    } else {
        assert_eq!(app.world().resource::<CurrentRoom>().0, game.room);
        let feet = player(app).unwrap().feet;
        assert!(
            feet.distance(Vec2::from_array(game.feet)) < 0.01,
            "Mira at {feet}, saved at {:?}",
            game.feet
        );
    }
    assert!(
        !app.world().resource::<biodental::model::HeldStill>().any(),
        "nothing holds Mira still"
    );
}

fn round_trip(act: Act) {
    let mut app = game_in(act);
    let game = save_to(&mut app, 0);
    assert_eq!(game.version, SAVE_VERSION);
    assert!(game.story.flags.contains("saved_in_a_test"));
    // The game goes on and changes before the load.
    app.world_mut()
        .resource_mut::<StoryState>()
        .flags
        .insert("after_the_save".into());
    load(&mut app, &game);
    assert_resumed(&mut app, &game);
}

#[test]
fn a_save_loads_back_exactly_in_the_arrival_and_doubts() {
    round_trip(Act::Arrival);
    round_trip(Act::Doubts);
}

#[test]
fn a_save_loads_back_exactly_in_the_appointment_and_the_surge() {
    round_trip(Act::Appointment);
    round_trip(Act::PowerSurge);
}

#[test]
fn a_save_loads_back_exactly_in_the_dream() {
    round_trip(Act::Dreamscape);
}

#[test]
fn a_save_loads_back_exactly_in_the_resolution_and_epilogue() {
    round_trip(Act::Resolution);
    round_trip(Act::Epilogue);
}

#[test]
fn a_save_some_weeks_later_loads_back_at_the_school_not_at_the_acts_start() {
    let mut app = game_in(Act::Epilogue);
    {
        let mut state = app.world_mut().resource_mut::<StoryState>();
        state.ending = Some(Ending::Traditional);
        state.flags.insert("epilogue_leo".into());
    }
    app.world_mut()
        .write_message(biodental::model::StoryTrigger {
            event: "plaza_doors".into(),
            used: false,
        });
    let classroom = complex(&app).room_named("Classroom").unwrap().iid.clone();
    free_in(&mut app, Act::Later);
    assert_eq!(current_room(&app), classroom);
    // A step away from where the act began, so that the place is her own.
    hold(&mut app, KeyCode::KeyW, 6);
    let game = save_to(&mut app, 0);
    assert_eq!(game.story.ending, Some(Ending::Traditional));
    load(&mut app, &game);
    assert_resumed(&mut app, &game);
}

#[test]
fn a_dream_saved_in_a_later_zone_comes_back_at_that_zones_checkpoint() {
    let mut app = game_in(Act::Dreamscape);
    let mut game = save_to(&mut app, 1);
    let dream = game.dream.as_mut().unwrap();
    dream.zone = 3;
    dream.cleared = 2;
    load(&mut app, &game);
    assert_resumed(&mut app, &game);
    let room = app.world().resource::<CurrentRoom>().0.clone();
    let zone = complex(&app)
        .room(&room)
        .unwrap()
        .checkpoint
        .clone()
        .unwrap();
    assert_eq!(zone.zone, 3);
}

#[test]
fn the_autosave_follows_every_act_change_and_continue_takes_the_newest() {
    let mut app = game_in(Act::Doubts);
    let slots = app.world().resource::<SaveSlots>().clone();
    let Slot::Ready(auto) = &slots.0[AUTOSAVE].main else {
        panic!("no autosave after the act changed: {:?}", slots.0[AUTOSAVE]);
    };
    assert_eq!(auto.story.act, Act::Doubts);
    let manual = save_to(&mut app, 2);
    assert!(manual.sequence > auto.sequence);
    let slots = app.world().resource::<SaveSlots>();
    assert_eq!(slots.newest().map(|(i, _)| i), Some(2));
    // Quitting to the title saves too (the menu asks in the frame before
    // the game is gone).
    app.world_mut()
        .resource_mut::<StoryState>()
        .flags
        .insert("before_quitting".into());
    app.update();
    app.world_mut().write_message(SaveRequest(AUTOSAVE));
    app.update();
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Title);
    run_until(&mut app, "the title", |app| screen(app) == Screen::Title);
    let slots = app.world().resource::<SaveSlots>();
    let (i, newest) = slots.newest().unwrap();
    assert_eq!(i, AUTOSAVE);
    assert!(newest.story.flags.contains("before_quitting"));
}

fn store_at(name: &str) -> (Store, std::path::PathBuf) {
    let dir = fresh_dir(name);
    (Store::at(&dir), dir)
}

#[test]
fn a_damaged_slot_is_named_the_others_load_and_its_backup_comes_back() {
    let mut app = game_in(Act::Doubts);
    let first = save_to(&mut app, 1);
    hold(&mut app, KeyCode::KeyD, 4);
    app.update();
    let second = save_to(&mut app, 1);
    let third = save_to(&mut app, 2);
    assert_ne!(first.feet, second.feet);
    let dir = {
        let store = app.world().resource::<Store>();
        let path = store.describe("slot2");
        // Cut the file in half, as a crash in the middle of copying might.
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, &text[..text.len() / 2]).unwrap();
        path
    };
    let store = app.world().resource::<Store>().clone();
    let slots = SaveSlots::read(&store, None);
    let Slot::Damaged(why) = &slots.0[1].main else {
        panic!("a truncated save reads as {:?}", slots.0[1].main);
    };
    assert!(why.contains(&dir) && why.contains("line"), "{why}");
    assert_eq!(slots.0[1].backup, Slot::Ready(Box::new(first.clone())));
    assert_eq!(slots.0[2].main, Slot::Ready(Box::new(third.clone())));
    // The other slots still load.
    load(&mut app, &third);
    assert_resumed(&mut app, &third);
    // Restoring the backup brings the save before it back; the damaged
    // file is set aside, not lost.
    store.restore_backup("slot2").unwrap();
    let slots = SaveSlots::read(&store, None);
    assert_eq!(slots.0[1].main, Slot::Ready(Box::new(first.clone())));
    assert!(std::path::Path::new(&format!("{dir}.damaged")).exists());
    load(&mut app, &first);
    assert_resumed(&mut app, &first);
}

#[test]
fn damaged_and_newer_saves_get_clear_messages() {
    let (store, _dir) = store_at("messages");
    let good = SaveGame {
        version: SAVE_VERSION,
        sequence: 3,
        play_time: 75.0,
        summary: "Act 2 · Doubts · Lobby".into(),
        story: StoryState {
            act: Act::Doubts,
            flags: ["a".to_string()].into(),
            balance: 1,
            trust: Default::default(),
            ending: None,
            finished: false,
            objective: "Talk to Samantha".into(),
        },
        surge: None,
        room: "lobby".into(),
        feet: [10.0, 20.0],
        facing: Default::default(),
        dream: None,
    };
    assert_eq!(SaveGame::from_ron("x", &good.to_ron()), Ok(good.clone()));
    assert_eq!(good.played(), "1:15");
    store.write("slot1", &good.to_ron(), true).unwrap();
    let newer = good.to_ron().replacen(
        &format!("version: {SAVE_VERSION}"),
        &format!("version: {}", SAVE_VERSION + 1),
        1,
    );
    store.write("slot2", &newer, true).unwrap();
    store.write("slot3", "", true).unwrap();
    store
        .write("autosave", "(version: 1, sequence: \"four\")", true)
        .unwrap();
    let slots = SaveSlots::read(&store, None);
    assert_eq!(slots.0[0].main, Slot::Ready(Box::new(good)));
    let message = |i: usize| match &slots.0[i].main {
        Slot::Damaged(m) => m.clone(),
        other => panic!("slot {i}: {other:?}"),
    };
    assert!(message(1).contains("newer version"), "{}", message(1));
    assert!(message(1).contains(&store.describe("slot2")));
    assert!(message(2).contains("empty"), "{}", message(2));
    assert!(message(3).contains("line 1"), "{}", message(3));
    assert_eq!(slots.newest().map(|(i, _)| i), Some(0));
    // The autosave and the slots never touch the damaged file in place.
    store.write("slot3", "(new)", false).unwrap();
    assert_eq!(
        std::fs::read_to_string(format!("{}.damaged", store.describe("slot3"))).unwrap(),
        ""
    );
    assert_eq!(
        store.read("slot3", Which::Main).unwrap().as_deref(),
        Some("(new)")
    );
}

#[test]
fn settings_are_kept_between_runs() {
    let dir = fresh_dir("settings");
    let run = |change: bool| {
        let mut app = headless_app_at(FRAME_30);
        app.insert_resource(Store::at(&dir));
        to_title(&mut app);
        if change {
            app.insert_resource(TextSpeed(90.0));
            app.insert_resource(TextSize::Large);
            app.insert_resource(ReducedFlashing(false));
            app.insert_resource(SwarmPalette::ColourBlindSafe);
            app.insert_resource(DreamBattle::Easier);
            let mut bindings = Bindings::default();
            bindings.assign_key(Action::Pulse, KeyCode::KeyP);
            app.insert_resource(bindings);
            app.insert_resource(Volumes {
                music: 0.3,
                ..default()
            });
            app.update();
        }
        app
    };
    let _ = run(true);
    let app = run(false);
    let w = app.world();
    assert_eq!(*w.resource::<TextSpeed>(), TextSpeed(90.0));
    assert_eq!(*w.resource::<TextSize>(), TextSize::Large);
    assert_eq!(*w.resource::<ReducedFlashing>(), ReducedFlashing(false));
    assert_eq!(*w.resource::<SwarmPalette>(), SwarmPalette::ColourBlindSafe);
    assert_eq!(*w.resource::<DreamBattle>(), DreamBattle::Easier);
    assert!(
        w.resource::<Bindings>()
            .get(Action::Pulse)
            .keys
            .contains(&KeyCode::KeyP)
    );
    // A damaged settings file: the defaults, a message naming it, and the
    // file set aside (not overwritten) when a setting changes.
    std::fs::write(dir.join("settings.ron"), "(text_speed: fast)").unwrap();
    let mut app = run(false);
    let problem = app.world().resource::<SettingsProblem>().0.clone();
    assert!(
        problem.contains("settings.ron") && problem.contains("line 1"),
        "{problem}"
    );
    assert_eq!(*app.world().resource::<TextSize>(), TextSize::Normal);
    app.insert_resource(TextSize::Large);
    app.update();
    assert_eq!(
        std::fs::read_to_string(dir.join("settings.ron.damaged")).unwrap(),
        "(text_speed: fast)"
    );
}
