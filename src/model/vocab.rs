//! The words shared by the LDtk project and the code: layer, entity and field
//! identifiers and the enums designers pick from. `levels/README.md`
//! documents the same names; `check-levels` verifies the project uses them.

use serde::{Deserialize, Serialize};

pub use biodental_swarm::{SwarmMode, SwarmShape};

pub(crate) const LAYER_ENTITIES: &str = "Entities";
pub(crate) const LAYER_COLLISION: &str = "Collision";

pub(crate) const PLAYER_START: &str = "PlayerStart";
pub(crate) const ACT_START: &str = "ActStart";
pub(crate) const CHARACTER: &str = "Character";
pub(crate) const DOOR: &str = "Door";
pub(crate) const TRIGGER: &str = "Trigger";
pub(crate) const NANOBOT_EMITTER: &str = "NanobotEmitter";
pub(crate) const PROP: &str = "Prop";
pub(crate) const DREAM_CHECKPOINT: &str = "DreamCheckpoint";
pub(crate) const FEAR: &str = "Fear";
pub(crate) const NIGHTMARE_SWARM: &str = "NightmareSwarm";
pub(crate) const SWARM_CORE: &str = "SwarmCore";

/// Every entity identifier the game understands.
pub(crate) const ENTITY_IDENTIFIERS: [&str; 11] = [
    PLAYER_START,
    ACT_START,
    CHARACTER,
    DOOR,
    TRIGGER,
    NANOBOT_EMITTER,
    PROP,
    DREAM_CHECKPOINT,
    FEAR,
    NIGHTMARE_SWARM,
    SWARM_CORE,
];

/// An enum shared with the LDtk project, whose values there are its
/// variants' names: with `ALL`, `from_ldtk` and `ldtk_name`.
macro_rules! ldtk_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident,)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every value, in the order the LDtk enum lists them.
            pub const ALL: [$name; [$(stringify!($variant)),+].len()] = [$($name::$variant),+];

            pub(crate) fn from_ldtk(value: &str) -> Option<Self> {
                Self::ALL.into_iter().find(|v| v.ldtk_name() == value)
            }

            /// The value's name in the LDtk project.
            pub fn ldtk_name(self) -> &'static str {
                match self {
                    $($name::$variant => stringify!($variant),)+
                }
            }
        }
    };
}

/// The level field holding the room's name, shown when Mira enters.
pub(crate) const LEVEL_TITLE: &str = "title";

/// Fields of each entity: (entity, field, LDtk `__type`).
pub(crate) const FIELDS: &[(&str, &str, &str)] = &[
    (PLAYER_START, "facing", "LocalEnum.Facing"),
    (ACT_START, "act", "LocalEnum.Act"),
    (ACT_START, "facing", "LocalEnum.Facing"),
    (CHARACTER, "character", "LocalEnum.Character"),
    (CHARACTER, "facing", "LocalEnum.Facing"),
    (CHARACTER, "acts", "Array<LocalEnum.Act>"),
    (CHARACTER, "endings", "Array<LocalEnum.Ending>"),
    (DOOR, "target", "EntityRef"),
    (DOOR, "facing", "LocalEnum.Facing"),
    (TRIGGER, "event", "String"),
    (TRIGGER, "once", "Bool"),
    (TRIGGER, "prompt", "String"),
    (NANOBOT_EMITTER, "count", "Int"),
    (NANOBOT_EMITTER, "mode", "LocalEnum.SwarmMode"),
    (NANOBOT_EMITTER, "radius", "Float"),
    (NANOBOT_EMITTER, "shape", "LocalEnum.SwarmShape"),
    (NANOBOT_EMITTER, "target", "EntityRef"),
    (PROP, "tile", "Tile"),
    (PROP, "solid", "Bool"),
    (PROP, "footprint", "Int"),
    (DREAM_CHECKPOINT, "zone", "Int"),
    (DREAM_CHECKPOINT, "facing", "LocalEnum.Facing"),
    (FEAR, "kind", "LocalEnum.FearKind"),
    (FEAR, "radius", "Float"),
    (FEAR, "strength", "Float"),
    (FEAR, "path", "Array<Point>"),
    (FEAR, "speed", "Float"),
    (NIGHTMARE_SWARM, "count", "Int"),
    (NIGHTMARE_SWARM, "radius", "Float"),
    (NIGHTMARE_SWARM, "strength", "Float"),
    (SWARM_CORE, "waves", "Int"),
    (SWARM_CORE, "count", "Int"),
    (SWARM_CORE, "radius", "Float"),
];

/// Ranges the game accepts for numeric fields: (entity, field, min, max).
pub(crate) const RANGES: &[(&str, &str, f64, f64)] = &[
    (NANOBOT_EMITTER, "count", 1.0, 5000.0),
    (NANOBOT_EMITTER, "radius", 8.0, 512.0),
    (PROP, "footprint", 0.0, 64.0),
    (DREAM_CHECKPOINT, "zone", 1.0, 9.0),
    (FEAR, "radius", 8.0, 200.0),
    (FEAR, "strength", 0.0, 60.0),
    (FEAR, "speed", 0.0, 120.0),
    (NIGHTMARE_SWARM, "count", 4.0, 400.0),
    (NIGHTMARE_SWARM, "radius", 8.0, 200.0),
    (NIGHTMARE_SWARM, "strength", 0.0, 60.0),
    (SWARM_CORE, "waves", 1.0, 5.0),
    (SWARM_CORE, "count", 10.0, 300.0),
    (SWARM_CORE, "radius", 16.0, 200.0),
];

ldtk_enum! {
    /// The way someone faces, and the way a door is walked through.
    pub enum Facing {
        Up,
        #[default]
        Down,
        Left,
        Right,
    }
}

impl Facing {
    /// Unit vector in game space (y up).
    pub(crate) fn vector(self) -> bevy::math::Vec2 {
        use bevy::math::Vec2;
        match self {
            Facing::Up => Vec2::Y,
            Facing::Down => Vec2::NEG_Y,
            Facing::Left => Vec2::NEG_X,
            Facing::Right => Vec2::X,
        }
    }

    /// The facing closest to a direction (for animation and turning to talk).
    pub(crate) fn from_vector(v: bevy::math::Vec2) -> Option<Self> {
        if v.length_squared() < 1e-6 {
            None
        } else if v.x.abs() > v.y.abs() {
            Some(if v.x > 0.0 {
                Facing::Right
            } else {
                Facing::Left
            })
        } else {
            Some(if v.y > 0.0 { Facing::Up } else { Facing::Down })
        }
    }
}

ldtk_enum! {
    /// What one of Leo's fears looks like in the dream.
    pub enum FearKind {
        /// A clock with too many hands: the wait that never ends.
        #[default]
        Clock,
        /// A towering dental drill.
        Drill,
        /// A whispering mouth.
        Mouth,
        /// A cracked mirror with a stranger's face.
        Mirror,
    }
}
