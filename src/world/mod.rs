//! The BioDental complex: the LDtk project, its rooms, walls and doors, the
//! camera that follows Mira through them, and depth sorting.

mod banner;
mod camera;
pub mod collision;
mod doors;
mod props;
pub mod reach;
pub mod room;
mod sliding_doors;
mod triggers;
pub mod vocab;
mod ysort;

use bevy::prelude::*;
use bevy_ecs_ldtk::ldtk::LdtkJson;
use bevy_ecs_ldtk::prelude::*;

use crate::check_levels;
use crate::screens::{GameAssets, LoadProblems, Screen};

pub use camera::{FramePlayer, MainCamera, zoom_for};
pub use doors::{Destination, RoomEntered, SealedDoors, Transition};
pub use room::RoomMap;
pub use triggers::{StoryTrigger, UseSpot};
pub use ysort::YSort;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins(LdtkPlugin);
    app.insert_resource(LdtkSettings {
        level_spawn_behavior: LevelSpawnBehavior::UseZeroTranslation,
        set_clear_color: SetClearColor::No,
        // The Collision layer is for the game, not for the eye.
        int_grid_rendering: IntGridRendering::Invisible,
        level_background: LevelBackground::Nonexistent,
        ..default()
    });
    app.insert_resource(LevelSelection::index(0));
    app.add_systems(Update, (rebuild_complex, stage_people).chain());
    app.add_plugins((
        banner::plugin,
        camera::plugin,
        doors::plugin,
        props::plugin,
        sliding_doors::plugin,
        triggers::plugin,
        ysort::plugin,
    ));
}

/// Every room of the complex as the game plays it, rebuilt whenever the
/// LDtk project loads or changes on disk.
#[derive(Resource, Debug, Clone)]
pub struct Complex {
    pub rooms: Vec<RoomMap>,
}

impl Complex {
    pub fn from_project(project: &LdtkJson) -> Complex {
        use bevy_ecs_ldtk::ldtk::raw_level_accessor::RawLevelAccessor;
        Complex {
            rooms: project.iter_raw_levels().map(RoomMap::from_level).collect(),
        }
    }

    pub fn room(&self, iid: &str) -> Option<&RoomMap> {
        self.rooms.iter().find(|r| r.iid == iid)
    }

    pub fn room_named(&self, identifier: &str) -> Option<&RoomMap> {
        self.rooms.iter().find(|r| r.identifier == identifier)
    }

    /// The room with the PlayerStart, where a new game begins.
    pub fn start(&self) -> Option<&RoomMap> {
        self.rooms.iter().find(|r| r.player_start.is_some())
    }
}

/// The room Mira is in.
#[derive(Resource, Debug, Clone, PartialEq, Eq)]
pub struct CurrentRoom(pub String);

/// Checks the project whenever it (re)loads; a sound project becomes the
/// [`Complex`], problems go to the loading screen and the log.
fn rebuild_complex(
    mut commands: Commands,
    mut events: MessageReader<AssetEvent<LdtkProject>>,
    projects: Res<Assets<LdtkProject>>,
    assets: Res<GameAssets>,
    mut problems: ResMut<LoadProblems>,
) {
    let ours = assets.levels.id();
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
    let found = check_levels::check_project("levels/biodental.ldtk", project.json_data());
    let lines: Vec<String> = found.iter().map(ToString::to_string).collect();
    for line in &lines {
        error!("{line}");
    }
    let sound = lines.is_empty();
    problems.set("levels", lines);
    if sound {
        commands.insert_resource(Complex::from_project(project.json_data()));
    }
}

/// People stand where the current act puts them: only they block the way.
fn stage_people(
    act: Option<Res<State<crate::story::Act>>>,
    complex: Option<ResMut<Complex>>,
    mut staged: Local<Option<crate::story::Act>>,
) {
    let (Some(act), Some(mut complex)) = (act, complex) else {
        *staged = None;
        return;
    };
    let act = *act.get();
    if *staged == Some(act) && !complex.is_changed() {
        return;
    }
    *staged = Some(act);
    for room in &mut complex.rooms {
        room.stage(act);
    }
}

/// Spawns the LDtk world; the level shown follows [`LevelSelection`].
pub fn spawn_world(commands: &mut Commands, assets: &GameAssets) {
    commands.spawn((
        Name::new("Complex"),
        LdtkWorldBundle {
            ldtk_handle: assets.levels.clone().into(),
            ..default()
        },
        DespawnOnExit(Screen::Gameplay),
    ));
}
