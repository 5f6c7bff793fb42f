//! The rooms of the complex as the game plays them: each LDtk level read
//! into a [`RoomMap`] (walls, doors, triggers, people's spots, the dream's
//! fears), the whole [`Complex`], the room Mira is in, and the messages and
//! states of moving between rooms. The `world` feature fills them; every
//! feature that needs to know where things are reads them here.

pub mod collision;
pub mod map;
pub mod staging;

use bevy::prelude::*;
use bevy_ecs_ldtk::ldtk::LdtkJson;

pub use map::RoomMap;
use map::{DoorTarget, Spot};

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

/// Mira is now in a room (at the start of the game, or through a door), or
/// her room changed on disk and was reloaded around her.
#[derive(Message, Debug, Clone, PartialEq)]
pub struct RoomEntered {
    pub level_iid: String,
    pub title: String,
}

/// Where a room change leads.
#[derive(Debug, Clone, PartialEq)]
pub enum Destination {
    /// In front of a door, or at another entity Mira can arrive at (see
    /// [`RoomMap::arrival`]).
    Entity(DoorTarget),
    /// A spot in a room (coming back to where Mira was).
    Spot { level_iid: String, spot: Spot },
}

/// Doors that do not open (a dream zone's way on, until its swarms are
/// calm), by iid.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub(crate) struct SealedDoors(pub Vec<String>);

/// A room change under way. Walking is held while it runs.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub enum Transition {
    #[default]
    None,
    /// Darkening the screen before the switch.
    FadingOut { to: Destination, fade: Timer },
    /// The new level is spawning; waiting for it, but never longer than
    /// `wait`.
    Loading { level_iid: String, wait: Timer },
    /// Lightening the screen on the new room.
    FadingIn { fade: Timer },
}

impl Transition {
    /// A fade to `to`.
    pub fn to(to: Destination) -> Transition {
        Transition::FadingOut { to, fade: fade() }
    }

    /// Waiting for the room `level_iid` to spawn.
    pub(crate) fn loading(level_iid: String) -> Transition {
        Transition::Loading {
            level_iid,
            wait: Timer::from_seconds(LOADING_LIMIT, TimerMode::Once),
        }
    }

    /// Lightening the screen again.
    pub(crate) fn fading_in() -> Transition {
        Transition::FadingIn { fade: fade() }
    }

    pub fn is_active(&self) -> bool {
        *self != Transition::None
    }

    /// How dark the screen is, 0 to 1.
    pub(crate) fn darkness(&self) -> f32 {
        match self {
            Transition::None => 0.0,
            Transition::FadingOut { fade, .. } => FADE_CURVE.sample_clamped(fade.fraction()),
            Transition::Loading { .. } => 1.0,
            Transition::FadingIn { fade } => 1.0 - FADE_CURVE.sample_clamped(fade.fraction()),
        }
    }
}

/// A changed LDtk project replaced the [`Complex`] while the game ran.
#[derive(Message, Debug, Clone, Default, PartialEq)]
pub(crate) struct LevelsReloaded {
    /// The level iids of the rooms that changed, appeared or are gone.
    pub changed: Vec<String>,
}

impl LevelsReloaded {
    /// What differs between the complex before and after a reload.
    pub fn between(old: &Complex, new: &Complex) -> LevelsReloaded {
        let changed_or_gone = old
            .rooms
            .iter()
            .filter(|room| new.room(&room.iid) != Some(*room));
        let added = new
            .rooms
            .iter()
            .filter(|room| old.room(&room.iid).is_none());
        LevelsReloaded {
            changed: changed_or_gone
                .chain(added)
                .map(|room| room.iid.clone())
                .collect(),
        }
    }

    /// Whether the room `iid` is among those that changed.
    pub(crate) fn touches(&self, iid: &str) -> bool {
        self.changed.iter().any(|c| c == iid)
    }
}

/// The usable trigger Mira stands in, if the story has a use for it now:
/// its event and prompt.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub(crate) struct UseSpot(pub Option<(String, String)>);

/// Depth-sorted by the y of the feet (`Transform` y minus `offset`).
#[derive(Component, Debug, Default, Clone, Copy)]
pub(crate) struct YSort {
    pub offset: f32,
}

/// The zoom is the largest whole number that still shows at least this many
/// pixels of the world vertically (15 tiles at 720p → 3×).
const MIN_VISIBLE_HEIGHT: f32 = 232.0;

/// The whole-number zoom for a window of `physical_height` pixels.
pub(crate) fn zoom_for(physical_height: f32) -> f32 {
    (physical_height / MIN_VISIBLE_HEIGHT).floor().max(1.0)
}

/// Seconds to fade out, and again to fade in.
pub(crate) const FADE_SECONDS: f32 = 0.22;
/// How the screen darkens and lightens over a fade: gently at both ends.
const FADE_CURVE: EaseFunction = EaseFunction::SmoothStep;
/// The longest wait for a room's tiles before the fade goes on (s).
const LOADING_LIMIT: f32 = 1.0;

fn fade() -> Timer {
    Timer::from_seconds(FADE_SECONDS, TimerMode::Once)
}
