//! The BioDental complex: the LDtk project, its rooms, walls and doors, the
//! camera that follows Mira through them, and depth sorting.
//!
//! The project is checked whenever it loads, and again whenever it changes
//! on disk (with file watching on: the `dev` feature); see [`reload`] for
//! what a changed project does to the room Mira is in.

mod banner;
mod camera;
pub mod check;
mod doors;
mod failure;
mod props;
pub mod reach;
pub mod reload;
mod sliding_doors;
mod triggers;
mod ysort;

use bevy::asset::AssetLoadFailedEvent;
use bevy::prelude::*;
use bevy_ecs_ldtk::prelude::*;

use crate::core::{LEVELS_FILE, LEVELS_PATH, LoadProblems, Screen};
use crate::model::vocab;

use crate::model::room::{Complex, LevelsReloaded};
pub use camera::MainCamera;
pub use failure::describe_levels_failure;

/// The sliding doors' frames.
const DOORS_PATH: &str = "sprites/doors.png";

/// The LDtk project and the pictures the world draws beside its tiles,
/// requested as the game starts.
#[derive(Resource)]
pub struct WorldAssets {
    pub levels: Handle<LdtkProject>,
    pub doors: Handle<Image>,
}

impl FromWorld for WorldAssets {
    fn from_world(world: &mut World) -> Self {
        WorldAssets {
            levels: crate::core::load_awaited(world, LEVELS_PATH),
            doors: crate::core::load_awaited(world, DOORS_PATH),
        }
    }
}

/// The feature's plugin: on its own, it needs only [`crate::foundation`].
pub fn plugin(app: &mut App) {
    app.add_plugins(LdtkPlugin);
    app.init_resource::<WorldAssets>();
    app.insert_resource(LdtkSettings {
        level_spawn_behavior: LevelSpawnBehavior::UseZeroTranslation,
        set_clear_color: SetClearColor::No,
        // The Collision layer is for the game, not for the eye.
        int_grid_rendering: IntGridRendering::Invisible,
        level_background: LevelBackground::Nonexistent,
        ..default()
    });
    app.insert_resource(LevelSelection::index(0));
    // Right after bevy_ecs_ldtk has seen the project change (and asked for
    // the level to respawn), so that a broken change can keep the room as it was.
    app.add_systems(
        PreUpdate,
        load_project.after(bevy_ecs_ldtk::systems::process_ldtk_assets),
    );
    app.add_systems(Update, stage_people);
    app.add_plugins((
        banner::plugin,
        camera::plugin,
        doors::plugin,
        props::plugin,
        reload::plugin,
        sliding_doors::plugin,
        triggers::plugin,
        ysort::plugin,
    ));
}

/// Checks the project whenever it (re)loads; a sound project becomes the
/// [`Complex`], problems go to the loading screen (or, once the game is
/// running, the panel of problems) and the log.
///
/// A changed project with problems does not replace a sound one: the game
/// plays on with the last good version, and the room on screen stays as it
/// was (its respawn is called off), until the designer saves a fixed file.
/// A project that cannot be read at all leaves the last good one in place
/// by itself; its error is reported the same way.
fn load_project(
    mut commands: Commands,
    mut events: MessageReader<AssetEvent<LdtkProject>>,
    mut failures: MessageReader<AssetLoadFailedEvent<LdtkProject>>,
    projects: Res<Assets<LdtkProject>>,
    assets: Res<WorldAssets>,
    running: Option<Res<Complex>>,
    act: Option<Res<State<crate::model::InAct>>>,
    story: Option<Res<biodental_story::StoryState>>,
    worlds: Query<Entity, With<LdtkProjectHandle>>,
    mut problems: ResMut<LoadProblems>,
    mut reloaded: MessageWriter<LevelsReloaded>,
    levels: Option<Res<crate::core::LevelsFolder>>,
) {
    let ours = assets.levels.id();
    // Before the first sound load the loading screen reports failures itself.
    if let Some(failed) = failures.read().filter(|f| f.id == ours).last()
        && running.is_some()
    {
        let lines = describe_levels_failure(&failed.error, levels.as_deref());
        for line in &lines {
            error!("{line}");
        }
        problems.set("levels", lines);
    }
    let changed = events.read().any(|e| match e {
        AssetEvent::LoadedWithDependencies { id } | AssetEvent::Modified { id } => *id == ours,
        _ => false,
    });
    if !changed {
        return;
    }
    let Some(project) = projects.get(ours) else {
        return;
    };
    let found = check::check_project(LEVELS_FILE, project.json_data());
    let lines: Vec<String> = found.iter().map(ToString::to_string).collect();
    // A reload is seen twice (modified, then loaded with its tilesets): say it once.
    if problems.0.get("levels") != Some(&lines) {
        for line in &lines {
            error!("{line}");
        }
    }
    let sound = lines.is_empty();
    problems.set("levels", lines);
    if !sound {
        if running.is_some() {
            for world in &worlds {
                commands.entity(world).remove::<Respawn>();
            }
        }
        return;
    }
    let mut complex = Complex::from_project(project.json_data());
    if let Some(old) = running {
        if let Some(act) = &act {
            // Staged like the rooms it replaces, so that only edits count as changes.
            let ending = story.as_ref().and_then(|s| s.ending);
            for room in &mut complex.rooms {
                room.stage(act.get().0, ending);
            }
        }
        let message = LevelsReloaded::between(&old, &complex);
        // The same file seen twice, or saved without a change to any room.
        if message.changed.is_empty() {
            return;
        }
        info!(
            "{LEVELS_FILE} reloaded: {} room(s) changed",
            message.changed.len()
        );
        reloaded.write(message);
    }
    commands.insert_resource(complex);
}

/// People stand where the current act (and, once it is decided, the
/// ending) puts them: only they block the way.
fn stage_people(
    act: Option<Res<State<crate::model::InAct>>>,
    story: Option<Res<biodental_story::StoryState>>,
    complex: Option<ResMut<Complex>>,
    mut staged: Local<Option<(biodental_story::Act, Option<biodental_story::Ending>)>>,
) {
    let (Some(act), Some(mut complex)) = (act, complex) else {
        *staged = None;
        return;
    };
    let now = (act.get().0, story.and_then(|s| s.ending));
    if *staged == Some(now) && !complex.is_changed() {
        return;
    }
    *staged = Some(now);
    for room in &mut complex.rooms {
        room.stage(now.0, now.1);
    }
}

/// Spawns the LDtk world; the level shown follows [`LevelSelection`].
pub fn spawn_world(commands: &mut Commands, assets: &WorldAssets) {
    commands.spawn((
        Name::new("Complex"),
        LdtkWorldBundle {
            ldtk_handle: assets.levels.clone().into(),
            ..default()
        },
        DespawnOnExit(Screen::Gameplay),
    ));
}
