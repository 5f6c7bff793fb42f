//! A headless BioDental: the real game plugins without a window, renderer or
//! sound card, advanced by a fixed simulated time per update and driven with
//! synthetic key presses. The tests, `biodental autoplay` and the soak
//! benchmark all build it here, so that they play the same game.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Duration;

use bevy::image::{CompressedImageFormats, ImageLoader, TextureAtlasPlugin};
use bevy::input::ButtonState;
use bevy::input::InputPlugin;
use bevy::input::keyboard::{Key, KeyboardInput, NativeKey};
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::time::TimeUpdateStrategy;

/// 60 frames a second of simulated time per `update()`.
pub const FRAME: Duration = Duration::from_nanos(16_666_667);

/// How to build a headless game.
#[derive(Debug, Clone)]
pub struct Headless {
    /// Simulated time per update.
    pub frame: Duration,
    /// A folder with `assets/` and `levels/` to read instead of the game's
    /// own (tests that break them use copies).
    pub files: Option<PathBuf>,
    /// Where saves and settings go: never the player's own folder.
    pub saves: PathBuf,
    /// Add the sound output (on a machine without a sound card it finds
    /// none and stays silent).
    pub sound: bool,
    /// Load files again when they change on disk, as the game does with the
    /// `dev` feature (needs Bevy's file watcher; off unless a test edits
    /// files, so that nothing else depends on the file system's events).
    pub watch: bool,
    /// Only these features, on the layers below them (`crate::foundation`),
    /// instead of the whole game: a feature's plugin test.
    pub features: Option<fn(&mut App)>,
}

impl Headless {
    /// A headless game at 60 frames a second, saving into `saves`.
    pub fn new(saves: impl Into<PathBuf>) -> Headless {
        Headless {
            frame: FRAME,
            files: None,
            saves: saves.into(),
            sound: false,
            watch: false,
            features: None,
        }
    }

    /// The app, built and finished, on the loading screen.
    pub fn build(&self) -> App {
        let mut app = App::new();
        let file_path = match &self.files {
            Some(dir) => {
                crate::register_level_source_at(&mut app, &dir.join("levels").to_string_lossy());
                dir.join("assets").to_string_lossy().into_owned()
            }
            None => {
                crate::register_level_source(&mut app);
                AssetPlugin::default().file_path
            }
        };
        let asset_plugin = AssetPlugin {
            file_path,
            watch_for_changes_override: Some(self.watch),
            ..default()
        };
        app.add_plugins((
            MinimalPlugins,
            StatesPlugin,
            asset_plugin,
            ImagePlugin::default_nearest(),
            TextureAtlasPlugin,
            bevy::transform::TransformPlugin,
            InputPlugin,
        ));
        // Normally the renderer registers the PNG loader; there is no renderer.
        app.register_asset_loader(ImageLoader::new(CompressedImageFormats::NONE));
        app.insert_resource(TimeUpdateStrategy::ManualDuration(self.frame));
        app.insert_resource(crate::save::Store::at(self.saves.clone()));
        no_tile_renderer(&mut app);
        if self.sound {
            app.add_plugins(crate::audio::output_plugin);
        }
        match self.features {
            None => app.add_plugins(crate::plugin),
            Some(features) => {
                crate::foundation(&mut app);
                app.add_plugins(features)
            }
        };
        app.finish();
        app.cleanup();
        app
    }
}

/// Stands in for bevy_ecs_tilemap's `TilemapPlugin`, which bevy_ecs_ldtk
/// adds unless a plugin of that name is there already. Built with its
/// `render` feature (as the game is), the real one sets up the tile
/// renderer: its `build` panics with "No sub-app with label 'RenderApp'
/// exists" when there is no renderer, and its render-world extraction
/// hooks would need the render world's entity sync. Without a renderer
/// nothing draws the tiles, so this plugin only takes the name. It also
/// adds the `ClearColor` the renderer would: with `render`, bevy_ecs_ldtk's
/// `process_ldtk_assets` and `apply_level_selection` take it, and without
/// it they never run, so no level spawns and the game waits on the loading
/// screen for ever.
struct NoTileRenderer;

impl Plugin for NoTileRenderer {
    fn build(&self, app: &mut App) {
        app.init_resource::<ClearColor>();
    }

    fn name(&self) -> &str {
        std::any::type_name::<bevy_ecs_tilemap::TilemapPlugin>()
    }
}

fn no_tile_renderer(app: &mut App) {
    app.add_plugins(NoTileRenderer);
}

/// Sends a key press or release (read by Bevy's input systems on the next update).
pub fn key(app: &mut App, code: KeyCode, state: ButtonState) {
    app.world_mut().write_message(KeyboardInput {
        key_code: code,
        logical_key: Key::Unidentified(NativeKey::Unidentified),
        state,
        text: None,
        repeat: false,
        window: Entity::PLACEHOLDER,
    });
}

/// Presses and releases a key over two frames.
pub fn tap(app: &mut App, code: KeyCode) {
    key(app, code, ButtonState::Pressed);
    app.update();
    key(app, code, ButtonState::Released);
    app.update();
}

/// Holds a key for `frames` frames, then lets go.
pub fn hold(app: &mut App, code: KeyCode, frames: usize) {
    key(app, code, ButtonState::Pressed);
    for _ in 0..frames {
        app.update();
    }
    key(app, code, ButtonState::Released);
    app.update();
}

/// The keys a scripted player holds down, pressed and released so that
/// exactly the wanted ones are down each frame.
#[derive(Debug, Default, Clone)]
pub struct Keys(HashSet<KeyCode>);

impl Keys {
    /// Presses and releases keys so that exactly `down` are held.
    pub fn hold(&mut self, app: &mut App, down: &[KeyCode]) {
        for k in self.0.clone() {
            if !down.contains(&k) {
                key(app, k, ButtonState::Released);
                self.0.remove(&k);
            }
        }
        for k in down {
            if self.0.insert(*k) {
                key(app, *k, ButtonState::Pressed);
            }
        }
    }

    /// Holds `down` and taps `taps`: a tap key still down from the frame
    /// before is let go this frame instead, so that it can be pressed anew.
    pub fn press(&mut self, app: &mut App, down: &[KeyCode], taps: &[KeyCode]) {
        let mut wanted: Vec<KeyCode> = down.to_vec();
        wanted.extend(taps.iter().filter(|k| !self.0.contains(k)));
        self.hold(app, &wanted);
    }

    pub(crate) fn is_down(&self, code: KeyCode) -> bool {
        self.0.contains(&code)
    }
}
