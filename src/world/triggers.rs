//! LDtk `Trigger` areas: when Mira steps in, the story hears the trigger's
//! event id. A trigger marked `once` fires once per game.

use std::collections::HashSet;

use bevy::prelude::*;

use super::room::{feet_box, overlaps};
use super::{Complex, CurrentRoom};
use crate::PausableSystems;
use crate::characters::{Player, Walker};
use crate::screens::Screen;

pub(super) fn plugin(app: &mut App) {
    app.add_message::<StoryTrigger>();
    app.init_resource::<TriggerState>();
    app.add_systems(OnEnter(Screen::Gameplay), |mut s: ResMut<TriggerState>| {
        *s = TriggerState::default()
    });
    app.add_systems(
        FixedPostUpdate,
        fire_triggers
            .in_set(PausableSystems)
            .run_if(in_state(Screen::Gameplay)),
    );
}

/// Mira entered a story trigger area.
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct StoryTrigger {
    /// The event id designers gave the trigger in LDtk.
    pub event: String,
}

/// Which triggers have fired this game and which Mira is standing in.
#[derive(Resource, Debug, Default)]
pub struct TriggerState {
    fired: HashSet<String>,
    inside: HashSet<String>,
}

fn fire_triggers(
    player: Query<&Walker, With<Player>>,
    complex: Option<Res<Complex>>,
    current: Option<Res<CurrentRoom>>,
    mut state: ResMut<TriggerState>,
    mut out: MessageWriter<StoryTrigger>,
) {
    let (Ok(walker), Some(complex), Some(current)) = (player.single(), complex, current) else {
        return;
    };
    let Some(room) = complex.room(&current.0) else {
        return;
    };
    let feet = feet_box(walker.feet);
    let mut now_inside = HashSet::new();
    for trigger in &room.triggers {
        if !overlaps(feet, trigger.rect) {
            continue;
        }
        now_inside.insert(trigger.iid.clone());
        // Fire on stepping in, not on every step inside.
        let fresh = !state.inside.contains(&trigger.iid);
        if fresh && !(trigger.once && state.fired.contains(&trigger.iid)) {
            state.fired.insert(trigger.iid.clone());
            out.write(StoryTrigger {
                event: trigger.event.clone(),
            });
        }
    }
    state.inside = now_inside;
}
