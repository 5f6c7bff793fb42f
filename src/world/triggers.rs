//! LDtk `Trigger` areas: when Mira steps in, the story hears the trigger's
//! event id. A trigger marked `once` fires once per game. A trigger with a
//! `prompt` is something to use instead: standing in it shows the prompt,
//! and the talk button tells the story it was used.

use std::collections::HashSet;

use bevy::prelude::*;

use crate::core::PausableSystems;
use crate::core::Screen;
use crate::input::Controls;
use crate::model::StoryTrigger;
use crate::model::room::map::{feet_box, overlaps};
use crate::model::room::{Complex, CurrentRoom, UseSpot};
use crate::model::{Player, Walker};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<TriggerState>();
    app.add_systems(
        OnEnter(Screen::Gameplay),
        |mut s: ResMut<TriggerState>, mut u: ResMut<UseSpot>| {
            *s = TriggerState::default();
            *u = UseSpot::default();
        },
    );
    app.add_systems(
        Update,
        use_spot
            .run_if(crate::model::mira_is_free)
            .in_set(PausableSystems)
            .in_set(crate::core::AppSystems::Update),
    );
    app.add_systems(
        FixedPostUpdate,
        fire_triggers
            .in_set(PausableSystems)
            .run_if(in_state(Screen::Gameplay)),
    );
}

/// Which triggers have fired this game and which Mira is standing in.
#[derive(Resource, Debug, Default)]
pub(crate) struct TriggerState {
    fired: HashSet<String>,
    inside: HashSet<String>,
}

fn fire_triggers(
    player: Query<&Walker, With<Player>>,
    complex: Option<Res<Complex>>,
    current: Option<Res<CurrentRoom>>,
    mut state: ResMut<TriggerState>,
    mut spot: ResMut<UseSpot>,
    live: Res<crate::model::Usable>,
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
    let mut usable = None;
    for trigger in &room.triggers {
        if !overlaps(feet, trigger.rect) {
            continue;
        }
        if let Some(prompt) = &trigger.prompt {
            if live.0.contains(&trigger.event) {
                usable = Some((trigger.event.clone(), prompt.clone()));
            }
            continue;
        }
        now_inside.insert(trigger.iid.clone());
        // Fire on stepping in, not on every step inside.
        let fresh = !state.inside.contains(&trigger.iid);
        if fresh && !(trigger.once && state.fired.contains(&trigger.iid)) {
            state.fired.insert(trigger.iid.clone());
            out.write(StoryTrigger {
                event: trigger.event.clone(),
                used: false,
            });
        }
    }
    state.inside = now_inside;
    if spot.0 != usable {
        spot.0 = usable;
    }
}

/// The talk button where something can be used (and nobody to talk to).
pub(crate) fn use_spot(
    controls: Res<Controls>,
    spot: Res<UseSpot>,
    target: Res<crate::model::TalkTarget>,
    mut out: MessageWriter<StoryTrigger>,
) {
    if controls.interact
        && target.0.is_none()
        && let Some((event, _)) = &spot.0
    {
        out.write(StoryTrigger {
            event: event.clone(),
            used: true,
        });
    }
}
