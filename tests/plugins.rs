//! Features on their own: each built with only the layers below it
//! (`biodental::foundation`: core, model, input, the cast, the interface's
//! widgets), as `ARCHITECTURE.md` asks, and doing its work.

mod common;

use bevy::prelude::*;
use bevy_ecs_ldtk::prelude::LevelIid;
use biodental::Screen;
use biodental::headless::Headless;
use biodental::world::{Complex, WorldAssets};
use common::*;

#[test]
fn the_world_alone_reads_every_room_and_spawns_the_first_one() {
    let mut app = Headless {
        features: Some(biodental::world::plugin),
        ..Headless::new(fresh_dir("saves"))
    }
    .build();
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
