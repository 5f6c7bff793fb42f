//! A headless BioDental: the real game plugins without a window, renderer or
//! sound card, driven frame by frame with synthetic keys.
#![allow(dead_code)]

use std::time::Duration;

use bevy::prelude::*;
use bevy_ecs_ldtk::prelude::*;

use biodental::core::{Activity, Screen};
use biodental::headless::Headless;
use biodental::model::Conversation;
use biodental::model::room::{Complex, CurrentRoom};
use biodental::model::{Player, Walker};
use biodental_story::Practice;

// Not every test file presses keys.
#[allow(unused_imports)]
pub use biodental::headless::{FRAME, hold, key, tap};

pub fn headless_app() -> App {
    headless_app_at(FRAME)
}

/// A headless game advancing `frame` of game time per update.
pub fn headless_app_at(frame: Duration) -> App {
    Headless {
        frame,
        ..Headless::new(fresh_dir("saves"))
    }
    .build()
}

/// A headless game with the sound output added (on a machine without a
/// sound card it finds none and stays silent).
pub fn headless_app_with_sound() -> App {
    Headless {
        sound: true,
        ..Headless::new(fresh_dir("saves"))
    }
    .build()
}

/// A headless game reading its assets and levels from copies in `dir`
/// (with `assets/` and `levels/` inside), for tests that break them.
pub fn headless_app_from(dir: &std::path::Path) -> App {
    Headless {
        files: Some(dir.to_path_buf()),
        ..Headless::new(fresh_dir("saves"))
    }
    .build()
}

/// Like [`headless_app_from`], watching the copies for changes as the game
/// does with the `dev` feature: a file edited on disk is loaded again.
pub fn headless_app_watching(dir: &std::path::Path) -> App {
    Headless {
        files: Some(dir.to_path_buf()),
        watch: true,
        ..Headless::new(fresh_dir("saves"))
    }
    .build()
}

/// The field `name` of an LDtk entity instance, as mutable JSON.
pub fn field_mut<'a>(entity: &'a mut serde_json::Value, name: &str) -> &'a mut serde_json::Value {
    entity["fieldInstances"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|f| f["__identifier"] == name)
        .unwrap_or_else(|| panic!("entity has field {name}"))
}

/// A new empty temporary folder, different for every call.
pub fn fresh_dir(name: &str) -> std::path::PathBuf {
    static COUNT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("biodental-{name}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// A copy of the game's `assets/` and `levels/` in a fresh temporary folder.
pub fn copy_of_game_files(name: &str) -> std::path::PathBuf {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("biodental-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for folder in ["assets", "levels"] {
        copy_dir(&root.join(folder), &dir.join(folder));
    }
    dir
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Runs frames until `done` holds, giving the asset loaders (on other
/// threads) time; panics with `what` after a generous limit.
pub fn run_until(app: &mut App, what: &str, mut done: impl FnMut(&mut App) -> bool) {
    for _ in 0..4000 {
        app.update();
        if done(app) {
            return;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    panic!("timed out waiting for: {what}");
}

pub fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

/// Loads everything and waits on the title screen.
pub fn to_title(app: &mut App) {
    run_until(app, "the title screen", |app| screen(app) == Screen::Title);
}

/// Starts a new game, waits until the first room has spawned and reads
/// through the opening monologue.
pub fn new_game(app: &mut App) {
    to_title(app);
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Gameplay);
    run_until(app, "Mira in the first room", |app| {
        room_spawned(app) && player(app).is_some()
    });
    run_until(app, "the opening monologue", |app| {
        activity(app) == Some(Activity::Talking)
    });
    finish_conversation(app, |_| 0);
}

/// From a new game, moves the story on to the Dreamscape with Mira's
/// choices so far leaning `balance` (empathy above zero), the battle set to
/// `mode`; back when Mira and Leo stand in the first zone.
pub fn enter_the_dream(app: &mut App, balance: i32, mode: biodental::model::DreamBattle) {
    use biodental::model::PlayDialogue;
    use biodental_story::{Act, StoryState};
    app.insert_resource(mode);
    {
        let mut state = app.world_mut().resource_mut::<StoryState>();
        state.act = Act::Dreamscape;
        state.balance = balance;
    }
    app.world_mut()
        .write_message(PlayDialogue("mira.dream.start".into()));
    run_until(app, "the first dream zone", |app| {
        app.world().resource::<biodental::dreamscape::Battle>().zone == 1
    });
}

pub fn activity(app: &App) -> Option<Activity> {
    app.world()
        .get_resource::<State<Activity>>()
        .map(|s| *s.get())
}

/// Reads the conversation on screen to its end with the talk key, picking
/// the choice `pick` returns (by its place among those offered) with the
/// number keys.
pub fn finish_conversation(app: &mut App, mut pick: impl FnMut(&Conversation) -> usize) {
    const DIGITS: [KeyCode; 4] = [
        KeyCode::Digit1,
        KeyCode::Digit2,
        KeyCode::Digit3,
        KeyCode::Digit4,
    ];
    for _ in 0..2000 {
        if activity(app) != Some(Activity::Talking) {
            return;
        }
        let Some(c) = app.world().get_resource::<Conversation>().cloned() else {
            app.update();
            continue;
        };
        if !c.finished_typing() {
            tap(app, KeyCode::KeyE);
        } else if let Some(practice) = c.practise {
            tap(app, practice_key(practice));
        } else if !c.choices.is_empty() {
            let i = pick(&c).min(c.choices.len() - 1);
            tap(app, DIGITS[i]);
        } else if c.waiting_for_choices() {
            app.update();
        } else {
            tap(app, KeyCode::KeyE);
        }
    }
    panic!("the conversation never ended");
}

/// The default key of one of the dream's actions, which a line may ask for.
pub fn practice_key(practice: Practice) -> KeyCode {
    biodental::input::Bindings::default()
        .get(practice.into())
        .keys[0]
}

/// Whether the level of the current room has been spawned with its entities.
pub fn room_spawned(app: &mut App) -> bool {
    let Some(current) = app.world().get_resource::<CurrentRoom>().cloned() else {
        return false;
    };
    let mut levels = app.world_mut().query::<&LevelIid>();
    let level_there = levels.iter(app.world()).any(|l| l.get() == &current.0);
    let mut layers = app.world_mut().query::<&LayerMetadata>();
    level_there && layers.iter(app.world()).count() > 0
}

pub fn player(app: &mut App) -> Option<Walker> {
    let mut q = app.world_mut().query_filtered::<&Walker, With<Player>>();
    q.single(app.world()).ok().cloned()
}

pub fn set_player(app: &mut App, feet: Vec2) {
    let mut q = app
        .world_mut()
        .query_filtered::<&mut Walker, With<Player>>();
    let mut w = q.single_mut(app.world_mut()).expect("Mira exists");
    w.teleport(feet);
}

pub fn complex(app: &App) -> Complex {
    app.world().resource::<Complex>().clone()
}

pub fn current_room(app: &App) -> String {
    app.world().resource::<CurrentRoom>().0.clone()
}

/// Every message of type `M` written while the app runs, in order.
#[derive(Resource)]
pub struct Heard<M: Message + Clone>(pub Vec<M>);

pub fn listen<M: Message + Clone>(app: &mut App) {
    app.insert_resource(Heard::<M>(Vec::new()));
    app.add_systems(
        Last,
        |mut reader: MessageReader<M>, mut heard: ResMut<Heard<M>>| {
            heard.0.extend(reader.read().cloned());
        },
    );
}

pub fn heard<M: Message + Clone>(app: &App) -> Vec<M> {
    app.world().resource::<Heard<M>>().0.clone()
}

/// Every text on screen, joined by new lines.
pub fn screen_text(app: &mut App) -> String {
    let mut q = app.world_mut().query::<&Text>();
    q.iter(app.world())
        .map(|t| t.0.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Deletes every entity with `identifier` from a parsed LDtk project.
pub fn remove_entities(doc: &mut serde_json::Value, identifier: &str) {
    for level in doc["levels"].as_array_mut().unwrap() {
        for layer in level["layerInstances"].as_array_mut().unwrap() {
            layer["entityInstances"]
                .as_array_mut()
                .unwrap()
                .retain(|e| e["__identifier"] != identifier);
        }
    }
}

/// A gamepad, connected.
pub fn connect_pad(app: &mut App) -> Entity {
    let pad = app.world_mut().spawn_empty().id();
    app.world_mut()
        .write_message(bevy::input::gamepad::GamepadConnectionEvent::new(
            pad,
            bevy::input::gamepad::GamepadConnection::Connected {
                name: "Test pad".into(),
                vendor_id: None,
                product_id: None,
            },
        ));
    app.update();
    pad
}

/// The level called `name` of an LDtk project, as mutable JSON.
pub fn level_mut<'a>(doc: &'a mut serde_json::Value, name: &str) -> &'a mut serde_json::Value {
    doc["levels"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|l| l["identifier"] == name)
        .unwrap_or_else(|| panic!("no level {name}"))
}
