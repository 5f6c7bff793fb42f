//! Who stands where and when: a person's spot in a room, and the acts and
//! endings in which they stand there (read from a `Character`'s `acts` and
//! `endings` in LDtk). The world, the characters, the checker and the
//! scripted player all decide who is on stage with [`staged`].

use bevy::math::Vec2;
use bevy_ecs_ldtk::ldtk::EntityInstance;
use bevy_ecs_ldtk::prelude::LdtkFields;

use crate::model::vocab::Facing;
use biodental_story::{Act, Ending};

/// A position and the way someone there faces.
#[derive(Clone, Debug, PartialEq)]
pub struct Spot {
    pub iid: String,
    pub feet: Vec2,
    pub facing: Facing,
    /// The acts in which someone stands here (empty: every act).
    pub acts: Vec<Act>,
    /// The endings in which someone stands here, in acts after the ending
    /// is decided (empty: whatever the ending).
    pub endings: Vec<Ending>,
}

impl Spot {
    /// Whether someone placed here is here during `act`.
    pub fn in_act(&self, act: Act) -> bool {
        self.acts.is_empty() || self.acts.contains(&act)
    }

    /// Whether someone placed here is here during `act` of a story that
    /// reached `ending` (none yet: every placement of the act counts).
    pub fn staged(&self, act: Act, ending: Option<Ending>) -> bool {
        staged(&self.acts, &self.endings, act, ending)
    }
}

/// Whether a placement for `acts` and `endings` (each empty: all) is on
/// stage during `act` of a story that reached `ending`.
pub fn staged(acts: &[Act], endings: &[Ending], act: Act, ending: Option<Ending>) -> bool {
    (acts.is_empty() || acts.contains(&act))
        && (endings.is_empty() || ending.is_none_or(|e| endings.contains(&e)))
}

/// A `Character` entity's `acts` and `endings` (values the game does not
/// know are left out here; `check-levels` reports them).
pub fn placement(e: &EntityInstance) -> (Vec<Act>, Vec<Ending>) {
    let values = |field: &str| -> Vec<String> {
        e.get_maybe_enums_field(field)
            .into_iter()
            .flatten()
            .flatten()
            .cloned()
            .collect()
    };
    (
        values("acts")
            .iter()
            .filter_map(|a| Act::from_name(a))
            .collect(),
        values("endings")
            .iter()
            .filter_map(|a| Ending::from_name(a))
            .collect(),
    )
}
