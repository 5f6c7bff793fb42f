//! Hot reload: the LDtk project edited on disk while the game runs, as a
//! designer saves it in the editor. The game watches a copy of the levels;
//! each test edits that copy and waits for the running game to show it.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy_ecs_ldtk::prelude::*;
use serde_json::Value;

use biodental::core::Screen;
use biodental::core::{LEVELS_FILE, LoadProblems};
use biodental::dreamscape::{Battle, FearBody};
use biodental::model::Conversation;
use biodental::model::DreamBattle;
use biodental::model::InAct;
use biodental::model::room::collision::standable;
use biodental::model::room::map::{RoomMap, feet_box, overlaps};
use biodental::model::vocab::FearKind;
use biodental::world::check::check_text;
use biodental_story::Character;
use biodental_story::{Act, StoryState};
use common::*;

/// How long a saved change may take to show: the watcher waits 300 ms for
/// the writes to settle, then the project is read, checked and respawned.
const RELOAD_LIMIT: Duration = Duration::from_secs(10);

/// Runs frames until `done` holds; panics after [`RELOAD_LIMIT`]. Returns
/// how long it took.
fn wait_for(app: &mut App, what: &str, mut done: impl FnMut(&mut App) -> bool) -> Duration {
    let start = Instant::now();
    while start.elapsed() < RELOAD_LIMIT {
        app.update();
        if done(app) {
            return start.elapsed();
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("not within {RELOAD_LIMIT:?}: {what}");
}

fn project_path(dir: &Path) -> std::path::PathBuf {
    dir.join(LEVELS_FILE)
}

fn read_project(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(project_path(dir)).unwrap()).unwrap()
}

/// Saves `doc` over the copy of the project, as the editor does, after
/// making sure the edit itself is sound (the test is about the reload).
fn save_sound_project(dir: &Path, doc: &Value) {
    let text = serde_json::to_string_pretty(doc).unwrap();
    let problems = check_text(LEVELS_FILE, &text);
    assert!(problems.is_empty(), "the edit is sound: {problems:#?}");
    std::fs::write(project_path(dir), text).unwrap();
}

/// The level with iid `iid`, as mutable JSON.
fn level_mut<'a>(doc: &'a mut Value, iid: &str) -> &'a mut Value {
    doc["levels"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|l| l["iid"] == iid)
        .unwrap()
}

fn layer_mut<'a>(level: &'a mut Value, identifier: &str) -> &'a mut Value {
    level["layerInstances"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|l| l["__identifier"] == identifier)
        .unwrap()
}

/// Where the entity `iid` spawned from the level stands, if it is spawned.
fn spawned_at(app: &mut App, iid: &str) -> Option<Vec3> {
    let mut q = app.world_mut().query::<(&EntityInstance, &Transform)>();
    q.iter(app.world())
        .find(|(e, _)| e.iid == iid)
        .map(|(_, t)| t.translation)
}

/// The entities spawned from the level on screen: its layers, props and people.
fn level_entities(app: &mut App) -> Vec<Entity> {
    let mut q = app
        .world_mut()
        .query_filtered::<Entity, Or<(With<EntityInstance>, With<LayerMetadata>)>>();
    let mut all: Vec<Entity> = q.iter(app.world()).collect();
    all.sort();
    all
}

fn act(app: &App) -> Act {
    app.world().resource::<State<InAct>>().get().0
}

/// A new game on a watched copy of the game's files, in the first room.
fn watched_game(name: &str) -> (std::path::PathBuf, App) {
    let dir = copy_of_game_files(name);
    let mut app = headless_app_watching(&dir);
    new_game(&mut app);
    (dir, app)
}

#[test]
fn a_saved_edit_shows_in_the_current_room_and_nothing_else_starts_over() {
    let (dir, mut app) = watched_game("reload-edit");
    let room = complex(&app).room(&current_room(&app)).unwrap().clone();
    // Mira talks to someone in the room while the designer saves.
    let (who, spot) = room.characters[0].clone();
    let stand = [(0.0, -16.0), (0.0, 16.0), (16.0, 0.0), (-16.0, 0.0)]
        .map(|(x, y)| spot.feet + Vec2::new(x, y))
        .into_iter()
        .find(|p| standable(&room, *p))
        .expect("somewhere to stand next to them");
    set_player(&mut app, stand);
    for _ in 0..3 {
        app.update();
    }
    tap(&mut app, KeyCode::KeyE);
    run_until(&mut app, "the conversation", |app| {
        activity(app) == Some(biodental::core::Activity::Talking)
    });
    let talk = app.world().resource::<Conversation>().clone();
    let story = app.world().resource::<StoryState>().clone();
    let act_before = act(&app);

    // The designer moves the room's first prop a tile to the right and
    // renames the room.
    let mut doc = read_project(&dir);
    let level = level_mut(&mut doc, &room.iid);
    level["fieldInstances"][0]["__value"] = "The Plaza, renamed".into();
    let entities = layer_mut(level, "Entities");
    let prop = entities["entityInstances"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|e| e["__identifier"] == "Prop")
        .unwrap();
    let prop_iid = prop["iid"].as_str().unwrap().to_string();
    for (key, by) in [("px", 16), ("__worldX", 16)] {
        let at = if key == "px" {
            &mut prop[key][0]
        } else {
            &mut prop[key]
        };
        *at = (at.as_i64().unwrap() + by).into();
    }
    prop["__grid"][0] = (prop["__grid"][0].as_i64().unwrap() + 1).into();
    let before = spawned_at(&mut app, &prop_iid).expect("the prop is in the room");
    save_sound_project(&dir, &doc);

    let took = wait_for(&mut app, "the moved prop and the new title", |app| {
        complex(app).room(&room.iid).map(|r| r.title.as_str()) == Some("The Plaza, renamed")
            && spawned_at(app, &prop_iid).is_some_and(|t| t.x == before.x + 16.0)
    });
    eprintln!("the edit showed {took:?} after the save");
    app.update();
    // Mira bumps into the prop where it stands now, not where it stood.
    let now = complex(&app).room(&room.iid).unwrap().clone();
    let gone: Vec<Rect> = room
        .blockers
        .iter()
        .filter(|b| !now.blockers.contains(b))
        .copied()
        .collect();
    let new: Vec<Rect> = now
        .blockers
        .iter()
        .filter(|b| !room.blockers.contains(b))
        .copied()
        .collect();
    assert_eq!(gone.len(), 1, "{gone:?}");
    assert_eq!(new.len(), 1, "{new:?}");
    assert_eq!(new[0].min, gone[0].min + Vec2::new(16.0, 0.0));
    // The room's name is shown again, with its new title.
    assert!(screen_text(&mut app).contains("The Plaza, renamed"));
    // Mira, the story and the conversation are where they were.
    assert_eq!(screen(&app), Screen::Gameplay);
    assert_eq!(current_room(&app), room.iid);
    assert_eq!(player(&mut app).unwrap().feet, stand);
    assert_eq!(act(&app), act_before);
    assert_eq!(*app.world().resource::<StoryState>(), story);
    let still = app.world().resource::<Conversation>().clone();
    assert_eq!(
        (still.who, still.start, still.node, still.line),
        (talk.who, talk.start, talk.node, talk.line)
    );
    assert!(app.world().resource::<LoadProblems>().is_empty());
    // The people of the room are back in the respawned room.
    let mut people = app.world_mut().query::<&Character>();
    assert!(people.iter(app.world()).any(|c| *c == who));
    std::fs::remove_dir_all(&dir).ok();
}

/// A free cell of `room`, with free cells all round, away from doors,
/// triggers and people: painting it solid walls nothing off.
fn open_cell(room: &RoomMap) -> (i64, i64) {
    let clear = |cx: i64, cy: i64| {
        let r = room.cell_rect(cx, cy);
        !room.solid_cell(cx, cy)
            && !room.blocked(r)
            && !room.doors.iter().any(|d| overlaps(d.rect, r))
            && !room.triggers.iter().any(|t| overlaps(t.rect, r))
    };
    (2..room.rows as i64 - 2)
        .flat_map(|cy| (2..room.cols as i64 - 2).map(move |cx| (cx, cy)))
        .find(|&(cx, cy)| (-2..=2).all(|dy| (-2..=2).all(|dx| clear(cx + dx, cy + dy))))
        .expect("an open cell in the room")
}

#[test]
fn a_wall_painted_where_mira_stands_moves_her_to_the_nearest_free_spot() {
    let (dir, mut app) = watched_game("reload-wall");
    let room = complex(&app).room(&current_room(&app)).unwrap().clone();
    let (cx, cy) = open_cell(&room);
    let cell = room.cell_rect(cx, cy);
    let stand = Vec2::new(cell.center().x, cell.min.y + 4.0);
    assert!(overlaps(feet_box(stand), cell));
    set_player(&mut app, stand);
    app.update();

    let mut doc = read_project(&dir);
    let collision = layer_mut(level_mut(&mut doc, &room.iid), "Collision");
    let cols = collision["__cWid"].as_i64().unwrap();
    collision["intGridCsv"][(cy * cols + cx) as usize] = 1.into();
    save_sound_project(&dir, &doc);

    wait_for(&mut app, "the new wall", |app| {
        complex(app)
            .room(&room.iid)
            .is_some_and(|r| r.solid_cell(cx, cy))
    });
    app.update();
    let now = complex(&app).room(&room.iid).unwrap().clone();
    let feet = player(&mut app).unwrap().feet;
    assert_eq!(current_room(&app), room.iid);
    assert!(standable(&now, feet), "Mira stands on floor at {feet}");
    assert!(
        feet.distance(stand) <= 16.0,
        "right next to where she stood ({stand}), not at {feet}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_broken_save_is_listed_while_the_last_good_room_plays_on_until_it_is_fixed() {
    let (dir, mut app) = watched_game("reload-broken");
    let room = current_room(&app);
    let good = std::fs::read_to_string(project_path(&dir)).unwrap();
    let before = complex(&app);
    let feet = player(&mut app).unwrap().feet;
    let spawned = level_entities(&mut app);
    let problems = |app: &App| -> Vec<String> {
        app.world()
            .resource::<LoadProblems>()
            .all()
            .cloned()
            .collect()
    };

    // Saved half-written: not JSON at all.
    let half = good.floor_char_boundary(good.len() / 2);
    std::fs::write(project_path(&dir), &good[..half]).unwrap();
    wait_for(&mut app, "the unreadable file reported", |app| {
        problems(app)
            .iter()
            .any(|p| p.starts_with("levels/biodental.ldtk: ") && p.contains("line "))
    });
    app.update();
    assert!(screen_text(&mut app).contains("These files need fixing"));

    // Saved with a mistake the game's check finds: no PlayerStart.
    let mut doc: Value = serde_json::from_str(&good).unwrap();
    remove_entities(&mut doc, "PlayerStart");
    std::fs::write(project_path(&dir), serde_json::to_string(&doc).unwrap()).unwrap();
    wait_for(&mut app, "the missing PlayerStart reported", |app| {
        problems(app).iter().any(|p| {
            p == "levels/biodental.ldtk: has no PlayerStart: place one where Mira begins the game"
        })
    });
    for _ in 0..20 {
        app.update();
    }
    let text = screen_text(&mut app);
    assert!(text.contains("has no PlayerStart"), "{text}");
    // The last good version plays on: the same rooms, the room on screen
    // still spawned, Mira where she was.
    assert_eq!(complex(&app).rooms, before.rooms);
    assert_eq!(
        level_entities(&mut app),
        spawned,
        "the room on screen is not respawned from the broken file"
    );
    assert_eq!(current_room(&app), room);
    assert_eq!(player(&mut app).unwrap().feet, feet);
    assert_eq!(screen(&app), Screen::Gameplay);

    // Fixed and saved again: the problems and their panel go.
    std::fs::write(project_path(&dir), &good).unwrap();
    wait_for(&mut app, "the problems gone", |app| {
        problems(app).is_empty()
    });
    app.update();
    assert!(!screen_text(&mut app).contains("These files need fixing"));
    wait_for(&mut app, "the room spawned again", room_spawned);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_fear_changed_in_the_dream_zone_mira_is_in_takes_its_new_form() {
    let (dir, mut app) = watched_game("reload-dream");
    enter_the_dream(&mut app, 0, DreamBattle::Standard);
    let zone = current_room(&app);
    let feet = player(&mut app).unwrap().feet;
    let kinds = |app: &mut App| -> Vec<FearKind> {
        let mut q = app.world_mut().query::<&FearBody>();
        let mut kinds: Vec<FearKind> = q.iter(app.world()).map(|f| f.spec.kind).collect();
        kinds.sort_by_key(|k| k.ldtk_name());
        kinds
    };
    assert!(!kinds(&mut app).contains(&FearKind::Drill));

    // The designer turns the zone's first fear into a drill.
    let mut doc = read_project(&dir);
    let entities = layer_mut(level_mut(&mut doc, &zone), "Entities");
    let fear = entities["entityInstances"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|e| e["__identifier"] == "Fear")
        .unwrap();
    let kind = field_mut(fear, "kind");
    kind["__value"] = "Drill".into();
    kind["realEditorValues"][0]["params"][0] = "Drill".into();
    save_sound_project(&dir, &doc);

    wait_for(&mut app, "the fear as a drill", |app| {
        kinds(app).contains(&FearKind::Drill)
    });
    assert_eq!(
        kinds(&mut app).len(),
        complex(&app).room(&zone).unwrap().fears.len()
    );
    assert_eq!(act(&app), Act::Dreamscape);
    assert_eq!(current_room(&app), zone);
    assert_eq!(player(&mut app).unwrap().feet, feet);
    assert_eq!(app.world().resource::<Battle>().zone, 1);
    std::fs::remove_dir_all(&dir).ok();
}
