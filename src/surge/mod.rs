//! The power surge, in two phases (a sub-state of the act): the **alarm**,
//! while the surge scene plays and the lights stutter, then the **escape**,
//! under red emergency light, until Mira reaches the VR rig, the one way
//! left to reach Leo. Tells the story when the surge is over.

use bevy::prelude::*;

use crate::story::{Act, DialogueEnded, StoryEvent, TheStory, Trigger};
use crate::theme::widget;
use crate::world::StoryTrigger;
use crate::{AppSystems, PausableSystems};

/// The LDtk trigger area at the VR rig.
pub const VR_RIG_AREA: &str = "vr_room_entered";
/// How fast the emergency lights pulse (per second) and how dark they get.
const PULSE_HZ: f32 = 1.3;
const FAINTEST: f32 = 0.32;
const DARKEST: f32 = 0.6;

/// Where the surge is at: a phase inside the PowerSurge act.
#[derive(SubStates, Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[source(Act = Act::PowerSurge)]
pub enum SurgePhase {
    /// The surge itself: the act's opening scene plays, the lights stutter.
    #[default]
    Alarm,
    /// Emergency lighting: Mira makes for the VR rig.
    Escape,
}

pub(super) fn plugin(app: &mut App) {
    app.add_sub_state::<SurgePhase>();
    app.add_systems(OnEnter(Act::PowerSurge), spawn_emergency_light);
    app.add_systems(
        Update,
        sound_the_alarm
            .after(crate::dialogue::DialogueSystems)
            .run_if(in_state(SurgePhase::Alarm))
            .in_set(AppSystems::Update),
    );
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
            .run_if(in_state(SurgePhase::Escape))
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

/// The alarm lasts as long as the act's opening scene; without one, the
/// escape begins at once.
fn sound_the_alarm(
    mut ended: MessageReader<DialogueEnded>,
    the_story: TheStory,
    mut next: ResMut<NextState<SurgePhase>>,
) {
    let Some(story) = the_story.get() else {
        return;
    };
    let over = match story.opening(Act::PowerSurge) {
        None => true,
        Some(o) => ended.read().any(|e| e.start.as_deref() == Some(o)),
    };
    if over {
        next.set(SurgePhase::Escape);
    }
}

/// Red emergency light, pulsing; during the alarm it stutters now and then
/// (at most a couple of times a second, never a strobe).
fn pulse(
    time: Res<Time>,
    phase: Option<Res<State<SurgePhase>>>,
    mut light: Query<&mut BackgroundColor, With<EmergencyLight>>,
) {
    let t = time.elapsed_secs();
    let wave = 0.5 + 0.5 * (t * PULSE_HZ * std::f32::consts::TAU).sin();
    let alarm = phase.is_some_and(|p| *p.get() == SurgePhase::Alarm);
    let stutter = if alarm && (t * 7.0).sin() > 0.97 {
        0.25
    } else {
        0.0
    };
    let alpha = (FAINTEST + (DARKEST - FAINTEST) * wave + stutter).min(0.8);
    for mut bg in &mut light {
        bg.0 = Color::srgba(0.55, 0.03, 0.08, alpha);
    }
}

/// Reaching the rig (during the escape) ends the surge.
fn reach_rig(mut areas: MessageReader<StoryTrigger>, mut out: MessageWriter<StoryEvent>) {
    if areas.read().any(|a| a.event == VR_RIG_AREA && !a.used) {
        out.write(StoryEvent(Trigger::SurgeOver));
    }
}
