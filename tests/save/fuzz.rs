//! Property tests: generated and mutated saves and settings through the
//! real readers.

use super::checks::{complex_on_disk, dream_save, sound_save};
use super::*;

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
    // The ending is decided, and the story may finish, from the Epilogue on.
    let epilogue = act.decided();
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
    assert!(!story.finished || story.act.decided());
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
                assert!((1.0..=10_000.0).contains(&file.text_speed.0), "{text}");
                for level in [v.master, v.music, v.sfx, v.ambience, v.dialogue] {
                    assert!((0.0..=1.0).contains(&level), "{text}");
                }
            }
        }
    }
}
