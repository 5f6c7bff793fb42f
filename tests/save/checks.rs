//! Every field of a save checked as it is read, and whatever stands in a
//! slot's place never stopping a write.

use super::*;

// ---------------------------------------------------------------------------
// Every field checked when a save is read.

pub(super) fn complex_on_disk() -> Complex {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/levels/biodental.ldtk");
    let project: LdtkJson = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    Complex::from_project(&project)
}

/// A sound save in the Doubts, standing at the PlayerStart of the levels.
pub(super) fn sound_save(complex: &Complex) -> SaveGame {
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
pub(super) fn dream_save(complex: &Complex, zone: u32) -> SaveGame {
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
