//! BioDental: a narrative 2D adventure in the bioluminescent dental complex
//! of 2045. The library holds the whole game so that every part of it can be
//! tested headless; `main.rs` only reads the command line and runs it.

pub mod audio;
// Headless play (tests, `biodental autoplay`, the soak benchmark): desktop only.
#[cfg(not(target_arch = "wasm32"))]
pub mod autoplay;
pub mod characters;
pub mod core;
pub mod data;
// The screenshot tour (`biodental capture-tour`): desktop only.
#[cfg(not(target_arch = "wasm32"))]
pub mod dev_tools;
pub mod dialogue;
pub mod dreamscape;
pub mod engine;
#[cfg(not(target_arch = "wasm32"))]
pub mod headless;
pub mod input;
mod menus;
pub mod model;
pub mod save;
pub mod screens;
pub mod settings;
pub mod story;
pub mod surge;
pub mod swarm;
pub mod theme;
pub mod world;

use bevy::asset::io::AssetSourceBuilder;
use bevy::prelude::*;

pub use crate::core::{Activity, AppSystems, PausableSystems, Pause, Screen};

/// The folder that holds the game's `assets/` and `levels/`: the asset root
/// `BEVY_ASSET_ROOT` when it is set, the package's folder while `cargo run`
/// or `cargo test` runs the game (`CARGO_MANIFEST_DIR`), and otherwise the
/// folder of the executable, so that a release package runs from any working
/// directory. Bevy's file reader, which loads the assets, follows the same
/// rule; `check-levels` and `check-story` read their defaults from here.
#[cfg(not(target_arch = "wasm32"))]
pub fn game_root() -> std::path::PathBuf {
    bevy::asset::io::file::FileAssetReader::get_base_path()
}

/// In the browser, files are fetched relative to the page.
#[cfg(target_arch = "wasm32")]
pub fn game_root() -> std::path::PathBuf {
    std::path::PathBuf::new()
}

/// The asset source `levels://` is the top-level `levels/` folder, where the
/// LDtk project and its tilesets live for designers. Must be registered
/// before `AssetPlugin`.
pub fn register_level_source(app: &mut App) {
    register_level_source_at(app, "levels");
}

/// Like [`register_level_source`], with the level folder somewhere else
/// (tests use copies of the levels).
pub fn register_level_source_at(app: &mut App, path: &str) {
    app.register_asset_source("levels", AssetSourceBuilder::platform_default(path, None));
    app.insert_resource(crate::core::LevelsFolder(path.into()));
}

/// The layers every feature stands on: core (with the keys and buttons
/// read into controls) and model (with the cast and the interface's
/// widgets). Each feature's plugin test builds just these and the feature.
pub fn foundation(app: &mut App) {
    // Core first: each feature asks for its files as it is added, and core keeps the list.
    app.add_plugins((
        crate::core::plugin,
        model::plugin,
        input::plugin,
        data::plugin,
        theme::plugin,
    ));
}

/// The game's own plugins. Expects Bevy's plugins (or, in tests, their
/// headless subset) to be added already.
pub fn plugin(app: &mut App) {
    foundation(app);
    app.add_plugins((
        audio::plugin,
        world::plugin,
        screens::plugin,
        story::plugin,
        dialogue::plugin,
        surge::plugin,
        swarm::plugin,
        settings::plugin,
        dreamscape::plugin,
        characters::plugin,
        menus::plugin,
    ));
    #[cfg(not(target_arch = "wasm32"))]
    app.add_plugins(dev_tools::plugin);
    app.add_plugins(save::plugin);
    // The dialogue log holds the game still, as the pause menu does.
    let log_closed = || not(in_state(dialogue::LogView::Open));
    app.configure_sets(Update, PausableSystems.run_if(log_closed()));
    app.configure_sets(FixedUpdate, PausableSystems.run_if(log_closed()));
    app.configure_sets(FixedPostUpdate, PausableSystems.run_if(log_closed()));
}

/// Options for a player's run of the game.
#[derive(Default, Debug, Clone)]
pub struct GameOptions {
    /// Take screenshots of a scripted tour into this folder, then quit.
    pub capture: Option<std::path::PathBuf>,
}

/// The App players run: a window, the renderer, audio and the game.
pub fn game_app(options: GameOptions) -> App {
    let mut app = App::new();
    register_level_source(&mut app);
    app.add_plugins(
        engine::EnginePlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "BioDental".into(),
                    resolution: (1280u32, 720u32).into(),
                    canvas: Some("#bevy".into()),
                    fit_canvas_to_parent: true,
                    prevent_default_event_handling: true,
                    resize_constraints: bevy::window::WindowResizeConstraints {
                        min_width: 640.0,
                        min_height: 360.0,
                        ..default()
                    },
                    ..default()
                }),
                ..default()
            })
            .set(ImagePlugin::default_nearest())
            .set(AssetPlugin {
                // The web build serves files without .meta companions.
                meta_check: bevy::asset::AssetMetaCheck::Never,
                // Hot reload of levels and assets for designers (`--features dev`).
                watch_for_changes_override: Some(cfg!(feature = "dev")),
                ..default()
            }),
    );
    app.add_plugins(audio::output_plugin);
    app.add_plugins(plugin);
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(dir) = options.capture {
        // The tour's saves go to a folder of their own, not the player's.
        app.insert_resource(save::Store::at(
            std::env::temp_dir().join(format!("biodental-tour-{}", std::process::id())),
        ));
        app.insert_resource(dev_tools::CaptureTour::new(dir));
        // A sixtieth of a second of game time per frame, however fast the
        // machine draws: the same screenshots on a GPU and on a software
        // renderer (the render check compares them with references).
        app.insert_resource(bevy::time::TimeUpdateStrategy::ManualDuration(
            std::time::Duration::from_nanos(16_666_667),
        ));
    }
    // The browser has no command line, so no tour.
    #[cfg(target_arch = "wasm32")]
    let _ = options;
    app
}
