//! Saved games and settings, headless: a save loads back exactly in every
//! act; the autosave follows act changes; a damaged, truncated or newer
//! slot is reported by name while the others load and its backup can be
//! restored; a save with a value out of range or at odds with the levels is
//! refused with a message; binary garbage or a folder in a slot's place
//! never stops a save, an autosave or a restore; settings are kept between
//! runs. Property tests feed generated and mutated saves and settings to
//! the real readers: none panics, and what they accept is in range.

mod common;

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

// ---------------------------------------------------------------------------
// Every field checked when a save is read.

fn complex_on_disk() -> Complex {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/levels/biodental.ldtk");
    let project: LdtkJson = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    Complex::from_project(&project)
}

/// A sound save in the Doubts, standing at the PlayerStart of the levels.
fn sound_save(complex: &Complex) -> SaveGame {
    let room = complex.start().expect("a PlayerStart");
    let feet = room.player_start.as_ref().unwrap().feet;
    SaveGame {
        version: SAVE_VERSION,
        sequence: 7,
        play_time: 300.0,
        summary: "Act 2 · Doubts".into(),
        story: StoryState {
            act: Act::Doubts,
            flags: ["met_samantha".to_string()].into(),
            balance: -BALANCE_LIMIT,
            trust: [(Bond::Leo, TRUST_LIMIT)].into(),
            ending: None,
            finished: false,
            objective: "Talk to Samantha".into(),
        },
        surge: None,
        room: room.iid.clone(),
        feet: feet.to_array(),
        facing: Facing::Up,
        dream: None,
    }
}

/// The same save in the dream, at zone `zone`'s checkpoint.
fn dream_save(complex: &Complex, zone: u32) -> SaveGame {
    let mut game = sound_save(complex);
    let zone_room = complex
        .rooms
        .iter()
        .find(|r| r.checkpoint.as_ref().is_some_and(|c| c.zone == 1))
        .expect("dream zone 1");
    let checkpoint = zone_room.checkpoint.clone().unwrap();
    game.story.act = Act::Dreamscape;
    game.dream = Some(DreamProgress {
        zone,
        cleared: zone.saturating_sub(1),
        wake_room: game.room.clone(),
        wake_feet: game.feet,
        wake_facing: Facing::Left,
    });
    game.room = zone_room.iid.clone();
    game.feet = checkpoint.spot.feet.to_array();
    game
}

/// What the load menu shows for slot 1 holding `text`.
fn slot_reads(text: &str, complex: &Complex) -> (Slot, String) {
    let (store, _dir) = store_at("field");
    store.write("slot1", text, true).unwrap();
    let slots = SaveSlots::read(&store, Some(complex));
    (slots.0[0].main.clone(), store.describe("slot1"))
}

/// Slot 1 holding `game` is damaged, with a message naming the file and
/// containing every one of `words`.
fn refused(game: &SaveGame, complex: &Complex, words: &[&str]) {
    let (slot, file) = slot_reads(&game.to_ron(), complex);
    let Slot::Damaged(why) = slot else {
        panic!("accepted: {game:?}");
    };
    assert!(why.starts_with(&format!("{file}: ")), "{why}");
    for word in words {
        assert!(why.contains(word), "{why:?} does not say {word:?}");
    }
}

#[test]
fn a_sound_save_reads_in_every_shape_the_game_writes() {
    let complex = complex_on_disk();
    let doubts = sound_save(&complex);
    let (slot, _) = slot_reads(&doubts.to_ron(), &complex);
    assert_eq!(slot, Slot::Ready(Box::new(doubts.clone())));
    let dream = dream_save(&complex, 1);
    let (slot, _) = slot_reads(&dream.to_ron(), &complex);
    assert_eq!(slot, Slot::Ready(Box::new(dream)));
    let mut surge = doubts.clone();
    surge.story.act = Act::PowerSurge;
    surge.surge = Some(SurgePhase::Escape);
    assert!(matches!(
        slot_reads(&surge.to_ron(), &complex).0,
        Slot::Ready(_)
    ));
    let mut end = doubts;
    end.story.act = Act::Epilogue;
    end.story.ending = Some(Ending::Hybrid);
    end.story.finished = true;
    assert!(matches!(
        slot_reads(&end.to_ron(), &complex).0,
        Slot::Ready(_)
    ));
}

#[test]
fn a_position_out_of_its_room_or_not_a_number_is_refused() {
    let complex = complex_on_disk();
    let good = sound_save(&complex);
    let mut far = good.clone();
    far.feet = [1.0e30, 40.0];
    refused(&far, &complex, &["feet", "outside the room"]);
    let mut below = good.clone();
    below.feet = [good.feet[0], -1.0];
    refused(&below, &complex, &["feet", "outside the room"]);
    for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
        let mut game = good.clone();
        game.feet = [bad, 40.0];
        refused(&game, &complex, &["feet", "not a position"]);
    }
    // Where Mira wakes from the dream is checked the same way.
    let mut dream = dream_save(&complex, 1);
    dream.dream.as_mut().unwrap().wake_feet = [f32::NAN, 0.0];
    refused(&dream, &complex, &["wake_feet"]);
    let mut dream = dream_save(&complex, 1);
    dream.dream.as_mut().unwrap().wake_feet = [-5.0, 0.0];
    refused(&dream, &complex, &["wake_feet", "outside the room"]);
}

#[test]
fn a_sequence_that_could_overflow_is_refused_and_counting_stops_short_of_it() {
    let complex = complex_on_disk();
    let mut game = sound_save(&complex);
    game.sequence = u64::MAX;
    refused(&game, &complex, &["sequence", &u64::MAX.to_string()]);
    game.sequence = MAX_SEQUENCE + 1;
    refused(&game, &complex, &["sequence"]);
    // The highest sequence a save may hold still reads, and the next save
    // (which counts above every save there is) is still readable.
    game.sequence = MAX_SEQUENCE;
    let mut app = headless_app_at(FRAME_30);
    let store = app.world().resource::<Store>().clone();
    store.write("slot2", &game.to_ron(), true).unwrap();
    new_game(&mut app);
    free_in(&mut app, Act::Arrival);
    app.world_mut().write_message(SaveRequest(0));
    app.update();
    let slots = SaveSlots::read(&store, Some(&complex));
    let Slot::Ready(saved) = &slots.0[0].main else {
        panic!("the next save: {:?}", slots.0[0].main);
    };
    assert_eq!(saved.sequence, MAX_SEQUENCE);
}

#[test]
fn balance_and_trust_beyond_the_storys_range_are_refused() {
    let complex = complex_on_disk();
    let mut game = sound_save(&complex);
    game.story.balance = i32::MAX;
    refused(&game, &complex, &["balance", &i32::MAX.to_string()]);
    game.story.balance = BALANCE_LIMIT + 1;
    refused(&game, &complex, &["balance"]);
    let mut game = sound_save(&complex);
    game.story.trust.insert(Bond::Samantha, i32::MIN);
    refused(&game, &complex, &["trust", "Samantha"]);
    // And the story's own arithmetic cannot overflow from its limits.
    let mut state = sound_save(&complex).story;
    state.apply(&Effect::Tech(i32::MAX));
    assert_eq!(state.balance, -BALANCE_LIMIT);
    state.apply(&Effect::Empathy(i32::MAX));
    state.apply(&Effect::Empathy(i32::MAX));
    assert_eq!(state.balance, BALANCE_LIMIT);
    state.apply(&Effect::Trust(Bond::Leo, i32::MIN));
    assert_eq!(state.trust(Bond::Leo), -TRUST_LIMIT);
    state.balance = i32::MIN;
    assert!(state.holds(&Condition::TechAtLeast(i32::MAX)));
}

#[test]
fn a_dream_in_a_zone_the_levels_lack_is_refused_with_the_zone() {
    let complex = complex_on_disk();
    refused(&dream_save(&complex, 99), &complex, &["dream zone 99"]);
    refused(&dream_save(&complex, 0), &complex, &["dream zone 0"]);
    let mut game = dream_save(&complex, 2);
    game.dream.as_mut().unwrap().cleared = 3;
    refused(&game, &complex, &["3 dream zones cleared", "zone 2"]);
    let mut game = dream_save(&complex, 1);
    game.dream = None;
    refused(&game, &complex, &["Dreamscape", "dream progress"]);
    let mut game = sound_save(&complex);
    game.dream = dream_save(&complex, 1).dream;
    refused(&game, &complex, &["Doubts", "dream progress"]);
}

#[test]
fn a_finished_story_or_an_ending_before_the_epilogue_is_refused() {
    let complex = complex_on_disk();
    let mut game = sound_save(&complex);
    game.story.act = Act::Arrival;
    game.story.finished = true;
    refused(&game, &complex, &["finished", "Arrival"]);
    let mut game = sound_save(&complex);
    game.story.ending = Some(Ending::Clinical);
    refused(&game, &complex, &["ending", "Doubts"]);
    let mut game = sound_save(&complex);
    game.surge = Some(SurgePhase::Escape);
    refused(&game, &complex, &["surge", "Doubts"]);
    game.story.act = Act::PowerSurge;
    game.surge = Some(SurgePhase::Hum);
    refused(&game, &complex, &["surge", "Hum"]);
}

#[test]
fn an_unknown_room_is_refused_by_name_in_the_menu() {
    let complex = complex_on_disk();
    let mut game = sound_save(&complex);
    game.room = "room-from-another-version".into();
    refused(&game, &complex, &["room", "room-from-another-version"]);
    let mut game = dream_save(&complex, 1);
    game.dream.as_mut().unwrap().wake_room = "gone".into();
    refused(&game, &complex, &["wake_room", "\"gone\""]);
    // Texts of absurd length are refused before anything shows them.
    let mut game = sound_save(&complex);
    game.summary = "x".repeat(50_000);
    refused(&game, &complex, &["summary", "50000 bytes"]);
    // The game itself checks the slots once its levels are loaded: the
    // title's Continue and the load menu never offer the stray save.
    let dir = fresh_dir("unknown-room");
    let mut stray = sound_save(&complex);
    stray.room = "room-from-another-version".into();
    Store::at(&dir)
        .write("slot1", &stray.to_ron(), true)
        .unwrap();
    let mut app = biodental::headless::Headless {
        frame: FRAME_30,
        ..biodental::headless::Headless::new(&dir)
    }
    .build();
    to_title(&mut app);
    app.update();
    let slots = app.world().resource::<SaveSlots>();
    let Slot::Damaged(why) = &slots.0[0].main else {
        panic!("the stray save reads as {:?}", slots.0[0].main);
    };
    assert!(why.contains("room-from-another-version"), "{why}");
    assert_eq!(slots.newest(), None);
}

// ---------------------------------------------------------------------------
// Whatever stands in a slot's place never stops a write.

const GARBAGE: &[u8] = &[0xff, 0xfe, 0x00, 0x9c, b'(', 0xc3, 0x28, 0x00];

#[test]
fn a_slot_of_binary_garbage_or_a_folder_is_set_aside_and_saved_into() {
    let complex = complex_on_disk();
    let (store, dir) = store_at("garbage");
    let first = sound_save(&complex);
    store.write("slot1", &first.to_ron(), true).unwrap();
    let file = std::path::PathBuf::from(store.describe("slot1"));
    let damaged = dir.join("slot1.ron.damaged");
    // Binary garbage: named as such, then set aside by the next save
    // (even one that thinks the old file sound).
    std::fs::write(&file, GARBAGE).unwrap();
    let slots = SaveSlots::read(&store, Some(&complex));
    assert_eq!(
        slots.0[0].main,
        Slot::Damaged(format!("{}: not a text file", file.display()))
    );
    for sound in [false, true] {
        std::fs::write(&file, GARBAGE).unwrap();
        store.write("slot1", &first.to_ron(), sound).unwrap();
        assert_eq!(std::fs::read(&damaged).unwrap(), GARBAGE);
        assert_eq!(
            SaveSlots::read(&store, Some(&complex)).0[0].main,
            Slot::Ready(Box::new(first.clone()))
        );
    }
    // A folder in the file's place, with something in it: named, then
    // moved aside whole (beside the damaged file already there).
    std::fs::remove_file(&file).unwrap();
    std::fs::create_dir_all(file.join("inside")).unwrap();
    std::fs::write(file.join("inside/note.txt"), "keep me").unwrap();
    let slots = SaveSlots::read(&store, Some(&complex));
    let Slot::Damaged(why) = &slots.0[0].main else {
        panic!("a folder reads as {:?}", slots.0[0].main);
    };
    assert!(why.contains("folder"), "{why}");
    store.write("slot1", &first.to_ron(), true).unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.join("slot1.ron.damaged.2/inside/note.txt")).unwrap(),
        "keep me"
    );
    assert_eq!(std::fs::read(&damaged).unwrap(), GARBAGE);
    assert!(file.is_file());
    // A folder where the backup goes does not stop a save either.
    std::fs::create_dir_all(dir.join("slot1.ron.bak")).unwrap();
    store.write("slot1", &first.to_ron(), true).unwrap();
    assert_eq!(
        store.read("slot1", Which::Backup).unwrap(),
        Some(first.to_ron())
    );
    // A file far too large to be a save is refused unread.
    let huge = vec![b' '; biodental::save::MAX_RECORD_BYTES as usize + 1];
    std::fs::write(&file, huge).unwrap();
    let slots = SaveSlots::read(&store, None);
    let Slot::Damaged(why) = &slots.0[0].main else {
        panic!("a huge file reads");
    };
    assert!(why.contains("too large"), "{why}");
    store.write("slot1", &first.to_ron(), true).unwrap();
}

#[test]
fn a_backup_is_restored_whatever_stands_in_the_slot() {
    let complex = complex_on_disk();
    let (store, dir) = store_at("restore");
    let first = sound_save(&complex);
    let mut second = first.clone();
    second.sequence += 1;
    let file = std::path::PathBuf::from(store.describe("slot2"));
    let restored = |store: &Store| {
        store.restore_backup("slot2").unwrap();
        assert_eq!(
            SaveSlots::read(store, Some(&complex)).0[1].main,
            Slot::Ready(Box::new(first.clone()))
        );
    };
    store.write("slot2", &first.to_ron(), true).unwrap();
    store.write("slot2", &second.to_ron(), true).unwrap();
    std::fs::write(&file, GARBAGE).unwrap();
    restored(&store);
    assert_eq!(
        std::fs::read(dir.join("slot2.ron.damaged")).unwrap(),
        GARBAGE
    );
    std::fs::remove_file(&file).unwrap();
    std::fs::create_dir_all(file.join("sub")).unwrap();
    restored(&store);
    assert!(dir.join("slot2.ron.damaged.2/sub").is_dir());
    std::fs::remove_file(&file).unwrap();
    restored(&store);
    // No backup: said so, naming the file.
    let why = store.restore_backup("slot3").unwrap_err();
    assert!(
        why.contains("slot3.ron") && why.contains("no backup"),
        "{why}"
    );
}

#[test]
fn the_autosave_is_written_over_garbage_and_over_a_folder() {
    let mut app = headless_app_at(FRAME_30);
    new_game(&mut app);
    free_in(&mut app, Act::Arrival);
    let store = app.world().resource::<Store>().clone();
    let file = std::path::PathBuf::from(store.describe("autosave"));
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    for folder in [false, true, false] {
        let _ = std::fs::remove_file(&file);
        if folder {
            std::fs::create_dir_all(file.join("x")).unwrap();
        } else {
            std::fs::write(&file, GARBAGE).unwrap();
        }
        app.world_mut().write_message(SaveRequest(AUTOSAVE));
        app.update();
        let outcome = app.world().resource::<SaveOutcome>().0.clone();
        assert!(outcome.is_ok(), "{outcome:?}");
        let slots = app.world().resource::<SaveSlots>();
        assert!(
            matches!(slots.0[AUTOSAVE].main, Slot::Ready(_)),
            "{:?}",
            slots.0[AUTOSAVE].main
        );
        assert!(file.is_file());
    }
}

// ---------------------------------------------------------------------------
// Property tests: generated and mutated saves and settings through the real
// readers. Seeded, so that a failure can be replayed; a few hundred small
// cases, a second or two.

/// A save with every field drawn from `u`: each one sound, unless (one
/// time in twelve) it goes wild: out of range, not a number, at odds with
/// the act or the levels.
fn generated_save(u: &mut Unstructured, complex: &Complex) -> arbitrary::Result<SaveGame> {
    // Read as "not in range" so that a spent `u` gives sound values.
    fn wild(u: &mut Unstructured) -> arbitrary::Result<bool> {
        Ok(!u.ratio(11u8, 12)?)
    }
    fn float(u: &mut Unstructured, sound_max: f32) -> arbitrary::Result<f32> {
        if !wild(u)? {
            return Ok(u.int_in_range(0..=1000u32)? as f32 / 1000.0 * sound_max);
        }
        Ok(match u.int_in_range(0..=2)? {
            0 => f32::NAN,
            1 => *u.choose(&[f32::INFINITY, f32::NEG_INFINITY, f32::MAX, -1.0, 1.0e30])?,
            _ => f32::from_bits(u.arbitrary()?),
        })
    }
    fn int(u: &mut Unstructured, limit: i32) -> arbitrary::Result<i32> {
        if !wild(u)? {
            return u.int_in_range(-limit..=limit);
        }
        Ok(if u.arbitrary()? {
            u.arbitrary()?
        } else {
            *u.choose(&[i32::MIN, i32::MAX, -limit - 1, limit + 1])?
        })
    }
    fn text(u: &mut Unstructured, sound: &str) -> arbitrary::Result<String> {
        if !wild(u)? {
            return Ok(sound.to_string());
        }
        Ok(if u.arbitrary()? {
            u.arbitrary()?
        } else {
            "w".repeat(u.int_in_range(900..=1100)?)
        })
    }
    fn spot(u: &mut Unstructured, complex: &Complex) -> arbitrary::Result<(String, [f32; 2])> {
        let room = u.choose(&complex.rooms)?;
        Ok((
            text(u, &room.iid)?,
            [float(u, room.size.x)?, float(u, room.size.y)?],
        ))
    }
    let facings = [Facing::Up, Facing::Down, Facing::Left, Facing::Right];
    let zones: Vec<u32> = complex
        .rooms
        .iter()
        .filter_map(|r| r.checkpoint.as_ref().map(|c| c.zone))
        .collect();
    let act = *u.choose(&Act::ALL)?;
    let epilogue = act == Act::Epilogue;
    let dream = if (act == Act::Dreamscape) != wild(u)? {
        let zone = if wild(u)? {
            u.arbitrary()?
        } else {
            *u.choose(&zones)?
        };
        let cleared = if wild(u)? {
            u.arbitrary()?
        } else {
            u.int_in_range(0..=zone)?
        };
        let (wake_room, wake_feet) = spot(u, complex)?;
        Some(DreamProgress {
            zone,
            cleared,
            wake_room,
            wake_feet,
            wake_facing: *u.choose(&facings)?,
        })
    } else {
        None
    };
    let surge = if (act == Act::PowerSurge) != wild(u)? {
        Some(if wild(u)? {
            *u.choose(&[
                SurgePhase::Hum,
                SurgePhase::Stutter,
                SurgePhase::Strike,
                SurgePhase::Alarm,
            ])?
        } else {
            SurgePhase::Escape
        })
    } else {
        None
    };
    let trust = (0..u.int_in_range(0..=3)?)
        .map(|_| Ok((*u.choose(&Bond::ALL)?, int(u, TRUST_LIMIT)?)))
        .collect::<arbitrary::Result<_>>()?;
    let flags = (0..u.int_in_range(0..=3)?)
        .map(|_| text(u, "met_leo"))
        .collect::<arbitrary::Result<_>>()?;
    let ending = (epilogue && u.arbitrary()?) || (!epilogue && wild(u)?);
    let (room, feet) = spot(u, complex)?;
    Ok(SaveGame {
        version: if wild(u)? {
            *u.choose(&[0, SAVE_VERSION + 1, u32::MAX])?
        } else {
            SAVE_VERSION
        },
        sequence: if wild(u)? {
            let any = u.arbitrary()?;
            *u.choose(&[MAX_SEQUENCE + 1, u64::MAX, any])?
        } else {
            u.int_in_range(0..=MAX_SEQUENCE)?
        },
        play_time: float(u, 1.0e6)?,
        summary: text(u, "Act 1 · Arrival · Lobby")?,
        story: StoryState {
            act,
            flags,
            balance: int(u, BALANCE_LIMIT)?,
            trust,
            ending: if ending {
                Some(*u.choose(&[Ending::Hybrid, Ending::Clinical, Ending::Traditional])?)
            } else {
                None
            },
            finished: (epilogue && u.arbitrary()?) || wild(u)?,
            objective: text(u, "Find Leo")?,
        },
        surge,
        room,
        feet,
        facing: *u.choose(&facings)?,
        dream,
    })
}

/// What an accepted save must be: nothing out of range reaches the game.
fn assert_in_range(game: &SaveGame, complex: &Complex) {
    let inside = |room: &str, at: [f32; 2]| {
        let room = complex.room(room).expect("a known room");
        (0.0..=room.size.x).contains(&at[0]) && (0.0..=room.size.y).contains(&at[1])
    };
    assert!(game.version >= 1 && game.version <= SAVE_VERSION);
    assert!(game.sequence <= MAX_SEQUENCE);
    assert!(game.play_time.is_finite() && game.play_time >= 0.0);
    assert!(inside(&game.room, game.feet), "{game:?}");
    let story = &game.story;
    assert!(story.balance.abs() <= BALANCE_LIMIT);
    assert!(story.trust.values().all(|t| t.abs() <= TRUST_LIMIT));
    assert!(!story.finished || story.act == Act::Epilogue);
    assert_eq!(game.dream.is_some(), story.act == Act::Dreamscape);
    if let Some(dream) = &game.dream {
        assert!(
            complex
                .rooms
                .iter()
                .any(|r| r.checkpoint.as_ref().is_some_and(|c| c.zone == dream.zone))
        );
        assert!(inside(&dream.wake_room, dream.wake_feet));
    }
    // The story's arithmetic takes any effect from here.
    let mut state = story.clone();
    for effect in [
        Effect::Empathy(i32::MAX),
        Effect::Tech(i32::MAX),
        Effect::Tech(i32::MIN),
        Effect::Trust(Bond::Leo, i32::MAX),
        Effect::Trust(Bond::Leo, i32::MIN),
    ] {
        state.apply(&effect);
    }
}

/// Reads `text` as the game does; an accepted save is in range.
fn read_as_the_game_does(text: &str, complex: &Complex) -> Result<SaveGame, String> {
    let read = SaveGame::from_ron("slot1.ron", text).and_then(|game| {
        game.check_in("slot1.ron", complex)?;
        Ok(game)
    });
    match &read {
        Ok(game) => assert_in_range(game, complex),
        Err(why) => assert!(why.starts_with("slot1.ron: "), "{why}"),
    }
    read
}

/// `text` changed in a few places: bytes flipped, cut, repeated, or RON
/// tokens that tend to confuse a reader put in.
fn mutated(text: &str, rng: &mut StdRng) -> Vec<u8> {
    const TOKENS: &[&str] = &[
        "NaN",
        "inf",
        "-inf",
        "-",
        "1e39",
        "18446744073709551616",
        "-2147483649",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ",",
        ":",
        "\"",
        "Some(",
        "None",
        "true",
        "r#\"",
        "/*",
        "'\\u{0}'",
        "0x",
        "\u{feff}",
        "é",
    ];
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..rng.random_range(1..=4) {
        let at = rng.random_range(0..=bytes.len());
        match rng.random_range(0..5) {
            0 => bytes.truncate(at),
            1 if at < bytes.len() => bytes[at] = rng.random(),
            2 => {
                let end = (at + rng.random_range(1..40)).min(bytes.len());
                bytes.drain(at..end);
            }
            3 => {
                let end = (at + rng.random_range(1..40)).min(bytes.len());
                bytes = [&bytes[..end], &bytes[at..]].concat();
            }
            _ => {
                let token = TOKENS[rng.random_range(0..TOKENS.len())];
                bytes = [&bytes[..at], token.as_bytes(), &bytes[at..]].concat();
            }
        }
    }
    bytes
}

#[test]
fn generated_saves_are_read_without_a_panic_and_only_in_range() {
    let complex = complex_on_disk();
    let mut rng = StdRng::seed_from_u64(17);
    let (mut accepted, mut refused) = (0, 0);
    for case in 0..300 {
        let mut data = vec![0u8; rng.random_range(256..1024)];
        rng.fill(&mut data[..]);
        let mut u = Unstructured::new(&data);
        let Ok(game) = generated_save(&mut u, &complex) else {
            continue;
        };
        let text = game.to_ron();
        match read_as_the_game_does(&text, &complex) {
            Ok(read) => {
                accepted += 1;
                assert_eq!(read.story, game.story, "case {case}");
            }
            Err(_) => refused += 1,
        }
    }
    // The generator reaches both sides.
    assert!(
        accepted > 10 && refused > 100,
        "{accepted} accepted, {refused} refused"
    );
}

#[test]
fn mutated_saves_are_read_without_a_panic_and_only_in_range() {
    let complex = complex_on_disk();
    let sound = [
        sound_save(&complex).to_ron(),
        dream_save(&complex, 1).to_ron(),
    ];
    let mut rng = StdRng::seed_from_u64(1717);
    for _ in 0..400 {
        let text = &sound[rng.random_range(0..sound.len())];
        let bytes = mutated(text, &mut rng);
        let _ = read_as_the_game_does(&String::from_utf8_lossy(&bytes), &complex);
    }
    // Some as files in a slot, bytes and all: the store and the menu's
    // reading of every slot take them too, and a save goes over each.
    let (store, dir) = store_at("mutated");
    std::fs::create_dir_all(&dir).unwrap();
    let file = store.describe("slot1");
    for _ in 0..40 {
        let text = &sound[rng.random_range(0..sound.len())];
        std::fs::write(&file, mutated(text, &mut rng)).unwrap();
        let slots = SaveSlots::read(&store, Some(&complex));
        match &slots.0[0].main {
            Slot::Ready(game) => assert_in_range(game, &complex),
            Slot::Damaged(why) => assert!(why.starts_with(&file), "{why}"),
            Slot::Empty => panic!("a file reads as empty"),
        }
        let sound = !matches!(slots.0[0].main, Slot::Damaged(_));
        store
            .write("slot1", &sound_save(&complex).to_ron(), sound)
            .unwrap();
    }
}

#[test]
fn generated_and_mutated_settings_are_read_without_a_panic() {
    let default =
        ron::ser::to_string_pretty(&SettingsFile::default(), ron::ser::PrettyConfig::default())
            .unwrap();
    assert_eq!(
        SettingsFile::read("settings.ron", &default),
        Ok(SettingsFile::default())
    );
    let mut rng = StdRng::seed_from_u64(2017);
    for _ in 0..300 {
        let text = if rng.random_bool(0.2) {
            // Short texts of RON-ish characters.
            let alphabet = b"()[]{},:\" -.0123456789eEtrufalsNoneSomtext_speedvolumesmusic";
            (0..rng.random_range(0..60))
                .map(|_| char::from(alphabet[rng.random_range(0..alphabet.len())]))
                .collect()
        } else {
            String::from_utf8_lossy(&mutated(&default, &mut rng)).into_owned()
        };
        match SettingsFile::read("settings.ron", &text) {
            Err(why) => assert!(why.starts_with("settings.ron: "), "{why}"),
            // What is read is in range: nothing out of it reaches a system.
            Ok(file) => {
                let v = file.volumes;
                assert!((1.0..=10_000.0).contains(&file.text_speed), "{text}");
                for level in [v.master, v.music, v.sfx, v.ambience, v.dialogue] {
                    assert!((0.0..=1.0).contains(&level), "{text}");
                }
            }
        }
    }
}
