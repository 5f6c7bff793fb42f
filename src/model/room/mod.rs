//! The rooms of the complex as the game plays them: each LDtk level read
//! into a [`RoomMap`] (walls, doors, triggers, people's spots, the dream's
//! fears), the whole [`Complex`], the room Mira is in, and the messages and
//! states of moving between rooms. The `world` feature fills them; every
//! feature that needs to know where things are reads them here.

pub mod collision;
pub mod map;

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
pub struct SealedDoors(pub Vec<String>);

/// A room change under way. Walking is held while it runs.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub enum Transition {
    #[default]
    None,
    /// Darkening the screen before the switch.
    FadingOut {
        to: Destination,
        t: f32,
    },
    /// The new level is spawning; waiting for it.
    Loading {
        level_iid: String,
        t: f32,
    },
    FadingIn {
        t: f32,
    },
}

impl Transition {
    /// A fade to `to`.
    pub fn to(to: Destination) -> Transition {
        Transition::FadingOut { to, t: 0.0 }
    }

    pub fn is_active(&self) -> bool {
        *self != Transition::None
    }

    /// How dark the screen is, 0 to 1.
    pub fn darkness(&self) -> f32 {
        match self {
            Transition::None => 0.0,
            Transition::FadingOut { t, .. } => (t / FADE_SECONDS).min(1.0),
            Transition::Loading { .. } => 1.0,
            Transition::FadingIn { t } => 1.0 - (t / FADE_SECONDS).min(1.0),
        }
    }
}

/// A changed LDtk project replaced the [`Complex`] while the game ran.
#[derive(Message, Debug, Clone, Default, PartialEq)]
pub struct LevelsReloaded {
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
    pub fn touches(&self, iid: &str) -> bool {
        self.changed.iter().any(|c| c == iid)
    }
}

/// The usable trigger Mira stands in, if the story has a use for it now:
/// its event and prompt.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct UseSpot(pub Option<(String, String)>);

/// Depth-sorted by the y of the feet (`Transform` y minus `offset`).
#[derive(Component, Debug, Default, Clone, Copy)]
pub struct YSort {
    pub offset: f32,
}

/// The zoom is the largest whole number that still shows at least this many
/// pixels of the world vertically (15 tiles at 720p → 3×).
const MIN_VISIBLE_HEIGHT: f32 = 232.0;

/// The whole-number zoom for a window of `physical_height` pixels.
pub fn zoom_for(physical_height: f32) -> f32 {
    (physical_height / MIN_VISIBLE_HEIGHT).floor().max(1.0)
}

/// Seconds to fade out, and again to fade in.
pub const FADE_SECONDS: f32 = 0.22;
