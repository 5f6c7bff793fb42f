//! The stack the game stands on, with no game: Bevy with the game's features
//! and plugins, bevy_ecs_ldtk drawing the game's LDtk project, and
//! bevy_kira_audio playing one of its songs. `web/build.sh` builds it for the
//! browser exactly as it builds the game (profile `web-release`, wasm-bindgen,
//! wasm-opt) and prints what the game adds over it, which has a budget of its
//! own: the engine's size is not ours to cut, the game's is.
//!
//! On the desktop, `cargo bench --bench web_stack` opens it in a window for
//! two seconds and prints how long it took to draw its first frames (the
//! stack's own start-up, to hold against the game's "loaded … in … s").

// (std's `Instant` panics in the browser, which would let the linker drop
// everything after it.)
use bevy::platform::time::Instant;
use bevy::prelude::*;
use bevy_ecs_ldtk::prelude::*;
use bevy_kira_audio::{Audio, AudioControl};

/// Frames drawn before the desktop run quits.
const FRAMES: u32 = 120;

fn main() {
    let started = Instant::now();
    let mut app = App::new();
    biodental::register_level_source(&mut app);
    app.add_plugins(biodental::engine::EnginePlugins.set(AssetPlugin {
        meta_check: bevy::asset::AssetMetaCheck::Never,
        ..default()
    }))
    .add_plugins((LdtkPlugin, biodental::audio::output_plugin))
    .insert_resource(LevelSelection::index(0))
    .add_systems(Startup, start)
    .add_systems(
        Update,
        move |frames: Res<bevy::diagnostic::FrameCount>, mut exit: MessageWriter<AppExit>| {
            if cfg!(not(target_arch = "wasm32")) && frames.0 == FRAMES {
                println!(
                    "web_stack: {FRAMES} frames in {:.2} s since start-up",
                    started.elapsed().as_secs_f64()
                );
                exit.write(AppExit::Success);
            }
        },
    );
    app.run();
}

fn start(mut commands: Commands, server: Res<AssetServer>, audio: Res<Audio>) {
    commands.spawn(Camera2d);
    commands.spawn(LdtkWorldBundle {
        ldtk_handle: server.load(biodental::core::LEVELS_PATH).into(),
        ..default()
    });
    audio.play(server.load("audio/music/title.ogg")).looped();
}
