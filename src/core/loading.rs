//! What the loading screen waits for, and why the game cannot start.

use bevy::prelude::*;

/// Where the LDtk project is read from: the asset source `levels://`,
/// the top-level `levels/` folder.
pub const LEVELS_PATH: &str = "levels://biodental.ldtk";
/// The LDtk project the game plays, as designers find it (and as problems
/// name it): `LEVELS_PATH` in the top-level `levels/` folder. `check-levels`
/// checks every project in that folder; the game and `check-story` use this one.
pub const LEVELS_FILE: &str = "levels/biodental.ldtk";

/// The folder the `levels://` source reads, as registered (relative to
/// Bevy's asset base path, or absolute).
#[derive(Resource, Debug, Clone)]
pub struct LevelsFolder(pub std::path::PathBuf);

/// Why the game cannot start: broken levels or data, one line each, by the
/// feature that checked them (each replaces its own lines when it re-checks).
#[derive(Resource, Default, Debug)]
pub struct LoadProblems(pub std::collections::BTreeMap<&'static str, Vec<String>>);

impl LoadProblems {
    pub fn set(&mut self, source: &'static str, lines: Vec<String>) {
        if lines.is_empty() {
            self.0.remove(source);
        } else {
            self.0.insert(source, lines);
        }
    }

    pub fn all(&self) -> impl Iterator<Item = &String> {
        self.0.values().flatten()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `source` has reported problems.
    pub fn has(&self, source: &str) -> bool {
        self.0.contains_key(source)
    }
}

/// The files the loading screen waits for, each under the name a player or
/// designer knows it by (`levels/…` or `assets/…`). Every feature asks for
/// its own files with [`load_awaited`] and keeps their handles in a
/// resource of its own; nothing holds them all.
#[derive(Resource, Default)]
pub struct AwaitedFiles(pub Vec<(String, UntypedHandle)>);

/// Starts loading `path` and adds it to the files the loading screen waits
/// for. `levels://` paths are in the top-level `levels/` folder, others
/// under `assets/`.
pub fn load_awaited<A: Asset>(world: &mut World, path: &str) -> Handle<A> {
    let handle: Handle<A> = world.resource::<AssetServer>().load(path.to_owned());
    let name = match path.strip_prefix("levels://") {
        Some(rest) => format!("levels/{rest}"),
        None => format!("assets/{path}"),
    };
    world
        .get_resource_or_init::<AwaitedFiles>()
        .0
        .push((name, handle.clone().untyped()));
    handle
}

/// What went wrong loading `name`, without the engine's wrapping: the
/// game's data errors already say the file, line and column.
pub fn describe_failure(name: &str, error: &bevy::asset::AssetLoadError) -> String {
    use biodental_story::files::DataError;
    match error {
        bevy::asset::AssetLoadError::AssetLoaderError(e) => {
            match e.error().downcast_ref::<DataError>() {
                Some(data) => data.to_string(),
                None => format!("{name}: {}", e.error()),
            }
        }
        other => format!("{name}: {other}"),
    }
}
