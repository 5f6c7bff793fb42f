//! The power surge: the lights fail and flicker red while the swarm turns on
//! Leo, until Mira reaches the VR rig, the one way left to reach him. Tells
//! the story when the surge is over.

use bevy::prelude::*;

use crate::story::{Act, StoryEvent, Trigger};
use crate::theme::widget;
use crate::world::StoryTrigger;
use crate::{AppSystems, PausableSystems};

/// The LDtk trigger area at the VR rig.
pub const VR_RIG_AREA: &str = "vr_room_entered";
/// How fast the emergency lights pulse (per second) and how dark they get.
const PULSE_HZ: f32 = 1.3;
const FAINTEST: f32 = 0.32;
const DARKEST: f32 = 0.6;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Act::PowerSurge), spawn_emergency_light);
    app.add_systems(
        Update,
        pulse
            .run_if(in_state(Act::PowerSurge))
            .in_set(PausableSystems)
            .in_set(AppSystems::Update),
    );
    app.add_systems(
        Update,
        reach_rig
            .run_if(in_state(Act::PowerSurge))
            .in_set(AppSystems::Update),
    );
}

#[derive(Component)]
struct EmergencyLight;

fn spawn_emergency_light(mut commands: Commands) {
    commands.spawn((
        widget::screen_tint("Emergency light", Color::NONE),
        EmergencyLight,
        DespawnOnExit(Act::PowerSurge),
    ));
}

/// Red emergency light, pulsing with a stutter now and then.
fn pulse(time: Res<Time>, mut light: Query<&mut BackgroundColor, With<EmergencyLight>>) {
    let t = time.elapsed_secs();
    let wave = 0.5 + 0.5 * (t * PULSE_HZ * std::f32::consts::TAU).sin();
    let stutter = if (t * 7.0).sin() > 0.97 { 0.25 } else { 0.0 };
    let alpha = (FAINTEST + (DARKEST - FAINTEST) * wave + stutter).min(0.8);
    for mut bg in &mut light {
        bg.0 = Color::srgba(0.55, 0.03, 0.08, alpha);
    }
}

fn reach_rig(mut areas: MessageReader<StoryTrigger>, mut out: MessageWriter<StoryEvent>) {
    if areas.read().any(|a| a.event == VR_RIG_AREA && !a.used) {
        out.write(StoryEvent(Trigger::SurgeOver));
    }
}
