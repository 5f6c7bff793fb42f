//! Features on their own: each built with only the layers below it
//! (`biodental::foundation`: core, model, input, the cast, the interface's
//! widgets), as `ARCHITECTURE.md` asks, and doing its work.

mod common;

use bevy::prelude::*;
use bevy_ecs_ldtk::prelude::LevelIid;
use biodental::dreamscape::Battle;
use biodental::headless::Headless;
use biodental::model::room::{Complex, CurrentRoom, Destination, Transition};
use biodental::model::{
    Companion, Conversation, DialogueEnded, HeldStill, InAct, Nanobot, PlayDialogue, Player, Pose,
    StoryEvent, StoryHandle, StoryTrigger, SurgePhase, Swarms, Walker,
};
use biodental::world::WorldAssets;
use biodental::{Activity, Screen};
use biodental_story::{Act, Character, Story, StoryState, Trigger};
use common::*;

#[test]
fn the_world_alone_reads_every_room_and_spawns_the_first_one() {
    let mut app = feature_app(biodental::world::plugin);
    run_until(&mut app, "the rooms read from the LDtk project", |app| {
        app.world().contains_resource::<Complex>()
    });
    let levels = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("levels/biodental.ldtk"),
    )
    .unwrap();
    let project: serde_json::Value = serde_json::from_str(&levels).unwrap();
    let complex = app.world().resource::<Complex>().clone();
    assert_eq!(
        complex.rooms.len(),
        project["levels"].as_array().unwrap().len(),
        "a room for every level"
    );
    assert!(complex.start().is_some(), "a room with the PlayerStart");

    // The game (the shell) spawns the world when play begins; so does this test.
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Gameplay);
    app.world_mut()
        .run_system_cached(|mut commands: Commands, assets: Res<WorldAssets>| {
            biodental::world::spawn_world(&mut commands, &assets)
        })
        .unwrap();
    run_until(&mut app, "the first room spawned", |app| {
        let mut levels = app.world_mut().query::<&LevelIid>();
        levels.iter(app.world()).count() == 1
    });
    let mut levels = app.world_mut().query::<&LevelIid>();
    let shown = levels.single(app.world()).unwrap().as_str().to_string();
    assert_eq!(shown, complex.rooms[0].iid, "the level selected first");
}

/// A feature's test app: the foundation and that feature alone.
fn feature_app(feature: fn(&mut App)) -> App {
    Headless {
        features: Some(feature),
        ..Headless::new(fresh_dir("saves"))
    }
    .build()
}

/// The rooms as the world reads them, from the shipped LDtk project.
fn shipped_complex() -> Complex {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("levels/biodental.ldtk"),
    )
    .unwrap();
    let project: bevy_ecs_ldtk::ldtk::LdtkJson = serde_json::from_str(&text).unwrap();
    Complex::from_project(&project)
}

/// Gameplay begins, in the room `iid`, as the world and the screens would
/// set it up.
fn play_in(app: &mut App, complex: &Complex, iid: &str) {
    app.world_mut().insert_resource(complex.clone());
    app.world_mut()
        .insert_resource(CurrentRoom(iid.to_string()));
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Gameplay);
    app.update();
}

/// Waits for the story's files, read by the model for every feature.
fn story_of(app: &mut App) -> Story {
    run_until(app, "the story read", |app| {
        let handle = app.world().resource::<StoryHandle>().0.clone();
        app.world().resource::<Assets<Story>>().contains(&handle)
    });
    let handle = app.world().resource::<StoryHandle>().0.clone();
    app.world()
        .resource::<Assets<Story>>()
        .get(&handle)
        .unwrap()
        .clone()
}

/// Every message of type `M` written from now on, for the test to read.
#[derive(Resource)]
struct Heard<M: Message>(Vec<M>);

fn listen<M: Message + Clone>(app: &mut App) {
    app.insert_resource(Heard::<M>(Vec::new()));
    app.add_systems(
        Last,
        |mut read: MessageReader<M>, mut heard: ResMut<Heard<M>>| {
            heard.0.extend(read.read().cloned());
        },
    );
}

fn heard<M: Message + Clone>(app: &App) -> Vec<M> {
    app.world().resource::<Heard<M>>().0.clone()
}

#[test]
fn the_characters_alone_walk_mira_and_dress_a_companion() {
    let mut app = feature_app(biodental::characters::plugin);
    let complex = shipped_complex();
    let start = complex.start().unwrap().iid.clone();
    play_in(&mut app, &complex, &start);
    app.world_mut()
        .run_system_cached(|world: &mut World| biodental::characters::spawn_player(world))
        .unwrap();
    app.update();
    let feet = |app: &mut App| {
        let mut q = app.world_mut().query_filtered::<&Walker, With<Player>>();
        q.single(app.world()).unwrap().feet
    };
    let before = feet(&mut app);
    // Whichever way is open from the start, Mira walks it.
    let moved = [
        KeyCode::ArrowRight,
        KeyCode::ArrowLeft,
        KeyCode::ArrowDown,
        KeyCode::ArrowUp,
    ]
    .into_iter()
    .any(|k| {
        let at = feet(&mut app);
        hold(&mut app, k, 30);
        feet(&mut app).distance(at) > 8.0
    });
    assert!(moved, "Mira walks from {before} with the arrow keys");

    // Someone spawned to walk beside her is dressed as everyone is.
    let leo = app
        .world_mut()
        .spawn((
            Character::Leo,
            Walker::at(before),
            Pose::default(),
            Companion,
        ))
        .id();
    app.update();
    let world = app.world();
    assert!(
        world.get::<Sprite>(leo).is_some(),
        "the companion has a sprite"
    );
    assert!(
        world.get::<Children>(leo).is_some_and(|c| !c.is_empty()),
        "and a shadow at its feet"
    );
}

#[test]
fn the_dialogue_alone_plays_a_conversation_the_story_asks_for_to_its_end() {
    let mut app = feature_app(biodental::dialogue::plugin);
    listen::<DialogueEnded>(&mut app);
    let story = story_of(&mut app);
    let complex = shipped_complex();
    let start = complex.start().unwrap().iid.clone();
    play_in(&mut app, &complex, &start);
    let (state, opening) = StoryState::new(&story);
    app.world_mut().insert_resource(state);
    app.world_mut().spawn((Player, Walker::at(Vec2::ZERO)));
    let node = opening
        .dialogue
        .first()
        .cloned()
        .expect("an opening conversation");
    app.world_mut().write_message(PlayDialogue(node.clone()));
    run_until(&mut app, "the conversation on screen", |app| {
        app.world().contains_resource::<Conversation>()
    });
    let first = app.world().resource::<Conversation>().line.text.clone();
    assert_eq!(
        first, story.nodes[&node].text,
        "it opens with its first line"
    );
    // Mira talks from the next frame on.
    app.update();
    assert_eq!(
        *app.world().resource::<State<Activity>>().get(),
        Activity::Talking
    );
    // The talk button through every line (the first choice where there are some).
    run_until(&mut app, "the conversation over", |app| {
        tap(app, KeyCode::Space);
        !heard::<DialogueEnded>(app).is_empty()
    });
    assert_eq!(
        heard::<DialogueEnded>(&app)[0].start.as_deref(),
        Some(node.as_str())
    );
    app.update();
    assert!(!app.world().contains_resource::<Conversation>());
    assert_eq!(
        *app.world().resource::<State<Activity>>().get(),
        Activity::Exploring
    );
}

#[test]
fn the_story_alone_begins_asks_for_its_opening_and_follows_its_act() {
    let mut app = feature_app(biodental::story::plugin);
    listen::<PlayDialogue>(&mut app);
    let story = story_of(&mut app);
    let complex = shipped_complex();
    let start = complex.start().unwrap().iid.clone();
    play_in(&mut app, &complex, &start);
    app.update();
    let state = app.world().resource::<StoryState>().clone();
    let (fresh, opening) = StoryState::new(&story);
    assert_eq!(state, fresh, "a new story when play begins");
    let asked: Vec<String> = heard::<PlayDialogue>(&app)
        .into_iter()
        .map(|p| p.0)
        .collect();
    assert_eq!(
        asked, opening.dialogue,
        "its opening conversations asked for"
    );
    // A save (or a test) moves the story on: the act follows.
    app.world_mut().resource_mut::<StoryState>().act = Act::PowerSurge;
    app.update();
    app.update();
    assert_eq!(
        app.world().resource::<State<InAct>>().get().0,
        Act::PowerSurge
    );
}

#[test]
fn the_swarms_alone_fill_a_room_from_its_emitters_and_draw_every_nanobot() {
    let mut app = feature_app(biodental::swarm::plugin);
    let complex = shipped_complex();
    let room = complex
        .rooms
        .iter()
        .max_by_key(|r| r.emitters.iter().map(|e| e.count).sum::<i32>())
        .unwrap()
        .clone();
    let count: i32 = room.emitters.iter().map(|e| e.count).sum();
    assert!(count > 0, "a room with nanobots");
    play_in(&mut app, &complex, &room.iid);
    app.update();
    let swarms = app.world().resource::<Swarms>();
    assert_eq!(swarms.room.as_ref(), Some(&room.iid));
    assert_eq!(swarms.sim.len(), count as usize);
    let start = swarms.sim.pos.clone();
    let mut bots = app.world_mut().query::<&Nanobot>();
    assert_eq!(
        bots.iter(app.world()).count(),
        count as usize,
        "every nanobot drawn"
    );
    for _ in 0..30 {
        app.update();
    }
    let swarms = app.world().resource::<Swarms>();
    assert!(swarms.sim.steps > 0, "the swarms fly");
    assert_ne!(swarms.sim.pos, start, "and move");
    let sim = swarms.sim.clone();
    let mut bots = app.world_mut().query::<(&Nanobot, &Transform)>();
    for (bot, t) in bots.iter(app.world()) {
        let p = sim.pos[bot.0 as usize];
        assert!(
            t.translation.truncate().distance(p) <= 1.0,
            "drawn where it is"
        );
    }
}

#[test]
fn the_surge_alone_holds_mira_strikes_and_ends_at_the_rig() {
    let mut app = feature_app(biodental::surge::plugin);
    listen::<StoryEvent>(&mut app);
    let story = story_of(&mut app);
    let complex = shipped_complex();
    let start = complex.start().unwrap().iid.clone();
    play_in(&mut app, &complex, &start);
    app.world_mut()
        .resource_mut::<NextState<InAct>>()
        .set(InAct(Act::PowerSurge));
    app.update();
    app.update();
    assert_eq!(
        *app.world().resource::<State<SurgePhase>>().get(),
        SurgePhase::Hum
    );
    assert!(
        app.world().resource::<HeldStill>().any(),
        "the surge holds Mira still"
    );
    run_until(&mut app, "the alarm", |app| {
        *app.world().resource::<State<SurgePhase>>().get() == SurgePhase::Alarm
    });
    assert!(
        !app.world().resource::<HeldStill>().any(),
        "the alarm lets her go"
    );
    // The act's opening scene said, she makes for the rig.
    app.world_mut().write_message(DialogueEnded {
        start: story.opening(Act::PowerSurge).map(str::to_string),
        who: None,
    });
    run_until(&mut app, "the escape", |app| {
        *app.world().resource::<State<SurgePhase>>().get() == SurgePhase::Escape
    });
    app.world_mut().write_message(StoryTrigger {
        event: biodental::surge::VR_RIG_AREA.to_string(),
        used: false,
    });
    run_until(&mut app, "the surge over", |app| {
        heard::<StoryEvent>(app).contains(&StoryEvent(Trigger::SurgeOver))
    });
}

#[test]
fn the_dream_alone_takes_mira_and_leo_to_the_first_zone_and_sets_it_up() {
    let mut app = feature_app(biodental::dreamscape::plugin);
    let story = story_of(&mut app);
    let complex = shipped_complex();
    let start = complex.start().unwrap().iid.clone();
    play_in(&mut app, &complex, &start);
    let (mut state, _) = StoryState::new(&story);
    state.act = Act::Dreamscape;
    app.world_mut().insert_resource(state);
    app.world_mut()
        .spawn((Player, Walker::at(Vec2::new(40.0, 40.0)), Pose::default()));
    app.world_mut()
        .resource_mut::<NextState<InAct>>()
        .set(InAct(Act::Dreamscape));
    app.update();
    app.update();
    let zone1 = complex
        .rooms
        .iter()
        .find(|r| r.checkpoint.as_ref().is_some_and(|c| c.zone == 1))
        .expect("a first dream zone")
        .clone();
    match app.world().resource::<Transition>() {
        Transition::FadingOut {
            to: Destination::Entity(target),
            ..
        } => assert_eq!(target.level_iid, zone1.iid, "off to the first zone"),
        other => panic!("no walk to the first zone: {other:?}"),
    }
    let mut leo = app
        .world_mut()
        .query_filtered::<&Character, With<Companion>>();
    assert_eq!(leo.iter(app.world()).collect::<Vec<_>>(), [&Character::Leo]);

    // The world and the swarms would walk her there and empty its swarms.
    *app.world_mut().resource_mut::<Transition>() = Transition::None;
    app.world_mut()
        .insert_resource(CurrentRoom(zone1.iid.clone()));
    app.world_mut().resource_mut::<Swarms>().set(
        Default::default(),
        Some(zone1.iid.clone()),
        Vec::new(),
    );
    app.update();
    app.update();
    let battle = app.world().resource::<Battle>();
    assert_eq!(battle.zone, 1);
    assert_eq!(battle.room.as_ref(), Some(&zone1.iid));
    let nightmares: u32 = zone1.nightmares.iter().map(|n| n.count).sum();
    assert_eq!(
        app.world().resource::<Swarms>().sim.len(),
        nightmares as usize,
        "the zone's nightmare swarms"
    );
}
