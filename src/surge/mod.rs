//! The power surge, a sequence of phases inside the PowerSurge act: a
//! rising **hum**, the lights **stutter**, the **strike** (the power cuts,
//! the treatment swarm turns on Leo), then the **alarm** under emergency
//! light while the act's opening scene plays (Jasper and Samantha react,
//! Mira chooses how to answer), and the **escape** to the VR rig, the one
//! way left to reach Leo. Reaching it tells the story the surge is over.
//!
//! The light is a pure function of phase and time ([`light`]), so tests can
//! check it: never more than three flashes a second, and with reduced
//! flashing, a slow dim and a colour shift instead of any flicker.

use bevy::color::Mix;
use bevy::prelude::*;

use crate::core::{AppSystems, PausableSystems};
use crate::model::InAct;
use crate::model::ReducedFlashing;
use crate::model::StoryTrigger;
use crate::model::SurgePhase;
use crate::model::{DialogueEnded, StoryEvent, TheStory};
use crate::model::{HeldStill, Hold};
use crate::theme::widget;
use biodental_story::{Act, Trigger};

/// The LDtk trigger area at the VR rig.
pub use biodental_story::VR_RIG_AREA;

/// How long the wordless phases last (s).
pub const HUM: f32 = 2.0;
pub const STUTTER: f32 = 2.6;
pub const STRIKE: f32 = 1.4;

/// When, into the stutter, the lights dip (s), and for how long: never
/// more than three dips in any second.
const DIPS: [f32; 5] = [0.3, 0.8, 1.25, 1.75, 2.2];
const DIP_LENGTH: f32 = 0.09;

/// The room's light: how dark it is (0 = as lit, 1 = black), the colour of
/// the dark, and a white flash on top (0..1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Light {
    pub dim: f32,
    pub tint: LinearRgba,
    pub flash: f32,
}

impl Light {
    const NORMAL: Light = Light {
        dim: 0.0,
        tint: BLACKOUT,
        flash: 0.0,
    };

    /// The colour of the overlay drawn over the room.
    pub(crate) fn overlay(self) -> Color {
        if self.flash > 0.0 {
            Color::LinearRgba(LinearRgba::new(1.0, 0.95, 0.9, self.flash))
        } else {
            Color::LinearRgba(self.tint.with_alpha(self.dim))
        }
    }

    /// Relative luminance of a mid-grey room seen through the overlay: what
    /// the flash limit is measured on.
    pub fn luminance(self) -> f32 {
        const ROOM: f32 = 0.2;
        let c = self.overlay().to_linear();
        let lum = 0.2126 * c.red + 0.7152 * c.green + 0.0722 * c.blue;
        ROOM * (1.0 - c.alpha) + lum * c.alpha
    }
}

const BLACKOUT: LinearRgba = LinearRgba::rgb(0.0, 0.0, 0.01);
const AMBER: LinearRgba = LinearRgba::rgb(0.05, 0.018, 0.0);
const EMERGENCY: LinearRgba = LinearRgba::rgb(0.035, 0.0, 0.003);

/// The light in `phase`, `t` seconds after the phase began (`since_alarm`:
/// seconds since emergency lighting came on, for its slow pulse).
pub fn light(phase: SurgePhase, t: f32, since_alarm: f32, reduced: bool) -> Light {
    let sag = 0.3;
    match phase {
        SurgePhase::Hum => Light {
            dim: sag * (t / HUM).clamp(0.0, 1.0),
            ..Light::NORMAL
        },
        SurgePhase::Stutter if reduced => {
            // A slow dim, warming towards amber.
            let k = (t / STUTTER).clamp(0.0, 1.0);
            Light {
                dim: sag + 0.45 * k,
                tint: BLACKOUT.mix(&AMBER, k),
                flash: 0.0,
            }
        }
        SurgePhase::Stutter => {
            let dipping = DIPS.iter().any(|d| t >= *d && t < d + DIP_LENGTH);
            Light {
                dim: if dipping { 0.9 } else { sag },
                ..Light::NORMAL
            }
        }
        SurgePhase::Strike if reduced => {
            // The colour shifts from amber to emergency red; no flash.
            let k = (t / STRIKE).clamp(0.0, 1.0);
            Light {
                dim: 0.75 + 0.17 * k,
                tint: AMBER.mix(&EMERGENCY, k),
                flash: 0.0,
            }
        }
        SurgePhase::Strike => {
            if t < 0.12 {
                // The surge itself: one white flash.
                Light {
                    flash: 0.55,
                    ..Light::NORMAL
                }
            } else if t < 0.6 {
                // Blackout.
                Light {
                    dim: 0.98,
                    ..Light::NORMAL
                }
            } else {
                // Emergency lighting comes on, slowly.
                let k = ((t - 0.6) / (STRIKE - 0.6)).clamp(0.0, 1.0);
                Light {
                    dim: 0.98 - 0.06 * k,
                    tint: BLACKOUT.mix(&EMERGENCY, k),
                    flash: 0.0,
                }
            }
        }
        SurgePhase::Alarm | SurgePhase::Escape => {
            // Emergency red, breathing slowly (every 2 s; 5 s when reduced).
            let (period, depth) = if reduced { (5.0, 0.02) } else { (2.0, 0.04) };
            let wave = (since_alarm / period * std::f32::consts::TAU).sin();
            Light {
                dim: 0.92 + depth * wave,
                tint: EMERGENCY,
                flash: 0.0,
            }
        }
    }
}

/// How many flashes a series of luminance samples holds in its worst
/// second: a flash is a pair of opposing changes of at least 0.1 in
/// relative luminance (WCAG 2's general flash threshold).
pub fn worst_flashes_per_second(samples: &[f32], dt: f32) -> usize {
    // Changes: each time luminance turns after moving 0.1 or more.
    let mut changes: Vec<usize> = Vec::new();
    let Some(&first) = samples.first() else {
        return 0;
    };
    let (mut low, mut high) = (first, first);
    let mut rising: Option<bool> = None;
    for (i, &l) in samples.iter().enumerate() {
        low = low.min(l);
        high = high.max(l);
        match rising {
            Some(true) if l <= high - 0.1 => {
                changes.push(i);
                rising = Some(false);
                low = l;
            }
            Some(false) if l >= low + 0.1 => {
                changes.push(i);
                rising = Some(true);
                high = l;
            }
            None if high - low >= 0.1 => {
                changes.push(i);
                rising = Some(l >= high);
                (low, high) = (l, l);
            }
            _ => {}
        }
        if rising == Some(true) {
            high = high.max(l);
        } else if rising == Some(false) {
            low = low.min(l);
        }
    }
    let window = (1.0 / dt).round() as usize;
    changes
        .iter()
        .map(|&start| {
            changes
                .iter()
                .filter(|&&c| c >= start && c < start + window)
                .count()
                / 2
        })
        .max()
        .unwrap_or(0)
}

/// The feature's plugin: on its own, it needs only [`crate::foundation`].
pub fn plugin(app: &mut App) {
    app.init_resource::<SurgeClock>();
    app.add_systems(OnEnter(InAct(Act::PowerSurge)), (spawn_light, resume_phase));
    app.add_systems(OnEnter(SurgePhase::Hum), hold_still(true));
    app.add_systems(OnEnter(SurgePhase::Alarm), hold_still(false));
    app.add_systems(OnEnter(SurgePhase::Escape), hold_still(false));
    app.add_systems(OnExit(InAct(Act::PowerSurge)), hold_still(false));
    app.add_systems(
        Update,
        (
            run_clock.in_set(PausableSystems),
            sound_the_alarm
                .after(crate::model::DialogueSystems)
                .run_if(in_state(SurgePhase::Alarm)),
            reach_rig.run_if(in_state(SurgePhase::Escape)),
            show_light,
        )
            .chain()
            .run_if(in_state(InAct(Act::PowerSurge)))
            .in_set(AppSystems::Update),
    );
}

/// Time in the current phase, and since emergency lighting came on (game
/// time: it stops while paused).
#[derive(Resource, Debug, Default, Clone, Copy)]
pub(crate) struct SurgeClock {
    /// The phase being timed.
    pub of: Option<SurgePhase>,
    pub phase: f32,
    pub alarm: f32,
}

fn hold_still(on: bool) -> impl Fn(ResMut<HeldStill>, ResMut<SurgeClock>) {
    move |mut held, mut clock| {
        held.set(Hold::Surge, on);
        if on {
            *clock = SurgeClock::default();
        }
    }
}

/// A saved game resumes the surge where it was: after the strike, Mira
/// making for the rig (a save is only taken then; the phases before are
/// a scene without words).
fn resume_phase(
    resume: Option<Res<crate::model::Resume>>,
    mut next: ResMut<NextState<SurgePhase>>,
) {
    if let Some(phase) = resume.and_then(|r| r.0.surge)
        && phase.struck()
    {
        next.set(SurgePhase::Escape);
    }
}

#[derive(Component)]
struct RoomLight;

#[derive(Component)]
struct Caption;

fn spawn_light(mut commands: Commands) {
    // Over the room and everyone in it, under the nanobots (which glow in
    // the dark) and the interface. Large enough for any room.
    commands.spawn((
        Name::new("Room light"),
        RoomLight,
        Sprite {
            color: Color::NONE,
            custom_size: Some(Vec2::splat(4096.0)),
            ..default()
        },
        Transform::from_translation(Vec3::new(0.0, 0.0, crate::model::NANOBOT_Z - 1.0)),
        DespawnOnExit(InAct(Act::PowerSurge)),
    ));
    commands
        .spawn((
            widget::ui_root("Surge captions"),
            DespawnOnExit(InAct(Act::PowerSurge)),
        ))
        .with_children(|p| {
            p.spawn((
                Node {
                    position_type: PositionType::Absolute,
                    bottom: px(48),
                    ..default()
                },
                children![(
                    Caption,
                    widget::text("", widget::SMALL_SIZE, crate::theme::palette::TEXT),
                )],
            ));
        });
}

/// Moves the surge through its timed phases.
fn run_clock(
    time: Res<Time>,
    phase: Res<State<SurgePhase>>,
    mut clock: ResMut<SurgeClock>,
    mut next: ResMut<NextState<SurgePhase>>,
) {
    let dt = time.delta_secs();
    // A new phase starts its clock at zero (until the state changes, the
    // old one runs on past its end, where its light holds still).
    if clock.of != Some(*phase.get()) {
        clock.of = Some(*phase.get());
        clock.phase = 0.0;
    }
    clock.phase += dt;
    if !phase.get().struck() || *phase.get() == SurgePhase::Strike {
        clock.alarm = 0.0;
    } else {
        clock.alarm += dt;
    }
    let (length, then) = match phase.get() {
        SurgePhase::Hum => (HUM, SurgePhase::Stutter),
        SurgePhase::Stutter => (STUTTER, SurgePhase::Strike),
        SurgePhase::Strike => (STRIKE, SurgePhase::Alarm),
        _ => return,
    };
    if clock.phase >= length {
        next.set(then);
    }
}

fn show_light(
    phase: Res<State<SurgePhase>>,
    clock: Res<SurgeClock>,
    reduced: Res<ReducedFlashing>,
    mut light_sprite: Query<&mut Sprite, With<RoomLight>>,
    mut caption: Query<&mut Text, With<Caption>>,
) {
    let now = light(*phase.get(), clock.phase, clock.alarm, reduced.0);
    for mut s in &mut light_sprite {
        let c = now.overlay();
        if s.color != c {
            s.color = c;
        }
    }
    let words = phase.get().caption().unwrap_or_default();
    for mut t in &mut caption {
        if t.0 != words {
            t.0 = words.to_string();
        }
    }
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

/// Reaching the rig (during the escape) ends the surge.
fn reach_rig(mut areas: MessageReader<StoryTrigger>, mut out: MessageWriter<StoryEvent>) {
    if areas.read().any(|a| a.event == VR_RIG_AREA && !a.used) {
        out.write(StoryEvent(Trigger::SurgeOver));
    }
}
