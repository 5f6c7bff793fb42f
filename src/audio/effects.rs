//! Effects and ambiences, heard from what the game already does: Mira's
//! stride, room changes, the dialogue's typewriter, the menus, the
//! nanobots in the room, the surge's phases and the dream's actions.

use bevy::diagnostic::FrameCount;
use bevy::prelude::*;
use bevy_kira_audio::prelude::*;

use super::{Bus, Sfx, Sound, Speakers, fade_out};
use crate::core::Screen;
use crate::dreamscape::Battle;
use crate::model::InAct;
use crate::model::Nanobot;
use crate::model::SurgePhase;
use crate::model::room::Transition;
use crate::model::{Conversation, Practised};
use crate::model::{Player, Pose};
use crate::theme::{Activate, Focused};
use biodental_story::Act;
use biodental_story::{Character, Practice};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Loops>();
    app.init_resource::<Clicked>();
    app.add_observer(click);
    app.add_systems(
        Update,
        (
            footsteps,
            doors,
            blips,
            menus,
            ambience,
            dream_actions,
            practice,
        )
            .in_set(crate::core::AppSystems::Update),
    );
    app.add_systems(OnEnter(SurgePhase::Hum), |mut s: Speakers| {
        s.play(Bus::Sfx, Sound::Sfx(Sfx::SurgeRise), |_| {});
    });
    app.add_systems(OnEnter(SurgePhase::Strike), |mut s: Speakers| {
        s.play(Bus::Sfx, Sound::Sfx(Sfx::SurgeStrike), |_| {});
    });
}

/// Pixels Mira walks between footfalls: two frames of the walk cycle.
const STEP_PX: f32 = 14.0;
/// Dialogue blips on every this many letters typed.
const LETTERS_PER_BLIP: usize = 2;
/// How long ambiences fade in and out (s).
const AMBIENCE_FADE: f32 = 1.2;

/// A little variety for repeated sounds, from a counter: the same on every
/// run, and never twice the same in a row.
fn wobble(n: u64, amount: f64) -> f64 {
    let h = n.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40;
    1.0 + amount * ((h % 1000) as f64 / 500.0 - 1.0)
}

fn footsteps(
    player: Query<&Pose, With<Player>>,
    mut last: Local<Option<i64>>,
    mut speakers: Speakers,
) {
    let Ok(pose) = player.single() else {
        *last = None;
        return;
    };
    let footfall = (pose.stride / STEP_PX).floor() as i64;
    if !pose.walking {
        *last = Some(footfall);
        return;
    }
    if last.is_some_and(|l| l != footfall) {
        let sfx = if footfall % 2 == 0 {
            Sfx::StepA
        } else {
            Sfx::StepB
        };
        let rate = wobble(footfall as u64, 0.06);
        speakers.play(Bus::Sfx, Sound::Sfx(sfx), |c| {
            c.with_playback_rate(rate).with_volume(Decibels(-4.0));
        });
    }
    *last = Some(footfall);
}

/// A door's hiss when a room change begins.
fn doors(transition: Res<Transition>, mut was: Local<bool>, mut speakers: Speakers) {
    let now = matches!(*transition, Transition::FadingOut { .. });
    if now && !*was {
        speakers.play(Bus::Sfx, Sound::Sfx(Sfx::Door), |_| {});
    }
    *was = now;
}

/// Each speaker's voice: the blip's pitch (playback rate).
fn voice(who: Character) -> f64 {
    match who {
        Character::Mira => 1.0,
        Character::Leo => 1.35,
        Character::Samantha => 1.12,
        Character::Jasper => 0.8,
        Character::Aida => 1.5,
        Character::Halloran => 0.72,
        Character::Okafor => 0.86,
        Character::Ines => 1.2,
        Character::Theo => 0.93,
        Character::Lindqvist => 1.04,
    }
}

/// Blips as the typewriter reveals a line: one every few letters, none for
/// spaces, none when the line is skipped to its end at once.
fn blips(
    conversation: Option<Res<Conversation>>,
    mut seen: Local<(String, usize)>,
    mut count: Local<u64>,
    mut speakers: Speakers,
) {
    let Some(c) = conversation else {
        *seen = (String::new(), 0);
        return;
    };
    if seen.0 != c.line.text {
        *seen = (c.line.text.clone(), 0);
    }
    let typed = c.shown as usize;
    let before = seen.1;
    seen.1 = typed;
    if typed <= before || typed - before > LETTERS_PER_BLIP * 2 {
        return;
    }
    let letter = c.line.text.chars().nth(typed - 1);
    let crosses = typed / LETTERS_PER_BLIP != before / LETTERS_PER_BLIP;
    if crosses && letter.is_some_and(|l| !l.is_whitespace()) {
        *count += 1;
        let rate = voice(c.line.speaker) * wobble(*count, 0.04);
        speakers.play(Bus::Dialogue, Sound::Sfx(Sfx::Blip), |cmd| {
            cmd.with_playback_rate(rate);
        });
    }
}

/// The frame a button was last activated on: its click stands for the
/// focus it moves too (a new page focuses its first button a frame or two
/// later).
#[derive(Resource, Default)]
struct Clicked(Option<u32>);

/// Frames after a click in which a moved focus makes no sound of its own.
const CLICK_COVERS: u32 = 2;

fn click(
    _: On<Activate>,
    frame: Res<FrameCount>,
    mut speakers: Speakers,
    mut clicked: ResMut<Clicked>,
) {
    speakers.play(Bus::Sfx, Sound::Sfx(Sfx::UiActivate), |_| {});
    clicked.0 = Some(frame.0);
}

fn menus(
    focused: Query<(), Added<Focused>>,
    mut unfocused: RemovedComponents<Focused>,
    frame: Res<FrameCount>,
    clicked: Res<Clicked>,
    mut speakers: Speakers,
) {
    // A focus that moved (not the first focus of a new menu).
    let moved = unfocused.read().count() > 0 && !focused.is_empty();
    let covered = clicked
        .0
        .is_some_and(|at| frame.0.wrapping_sub(at) <= CLICK_COVERS);
    if moved && !covered {
        speakers.play(Bus::Sfx, Sound::Sfx(Sfx::UiMove), |_| {});
    }
}

/// The looping sounds playing now.
#[derive(Resource, Default)]
struct Loops {
    hum: Option<Handle<AudioInstance>>,
    alarm: Option<Handle<AudioInstance>>,
    breathe: Option<Handle<AudioInstance>>,
}

/// Starts or stops a loop so that it plays exactly while `wanted`.
fn hold(
    slot: &mut Option<Handle<AudioInstance>>,
    wanted: bool,
    bus: Bus,
    sfx: Sfx,
    speakers: &mut Speakers,
    instances: &mut Assets<AudioInstance>,
) {
    let fade = std::time::Duration::from_secs_f32(AMBIENCE_FADE);
    if wanted && slot.is_none() {
        *slot = speakers.play(bus, Sound::Sfx(sfx), |c| {
            c.looped().fade_in(AudioTween::linear(fade));
        });
        // Nothing is heard: remember the loop is "on" all the same.
        if slot.is_none() {
            *slot = Some(Handle::default());
        }
    } else if !wanted && let Some(instance) = slot.take() {
        fade_out(instances, &instance, AMBIENCE_FADE);
    }
}

/// The nanobots' hum while a swarm is in the room; the alarm from the
/// surge's strike until Mira reaches the rig.
fn ambience(
    screen: Res<State<Screen>>,
    surge: Option<Res<State<SurgePhase>>>,
    nanobots: Query<(), With<Nanobot>>,
    mut loops: ResMut<Loops>,
    mut speakers: Speakers,
    mut instances: ResMut<Assets<AudioInstance>>,
) {
    let playing = *screen.get() == Screen::Gameplay;
    let loops = &mut *loops;
    hold(
        &mut loops.hum,
        playing && !nanobots.is_empty(),
        Bus::Ambience,
        Sfx::NanobotHum,
        &mut speakers,
        &mut instances,
    );
    let alarm = surge.is_some_and(|s| matches!(s.get(), SurgePhase::Alarm | SurgePhase::Escape));
    hold(
        &mut loops.alarm,
        playing && alarm,
        Bus::Ambience,
        Sfx::Alarm,
        &mut speakers,
        &mut instances,
    );
}

/// The dream's actions practised in a conversation (Jasper's session)
/// sound as they do in the dream.
fn practice(mut practised: MessageReader<Practised>, mut speakers: Speakers) {
    for Practised(p) in practised.read() {
        let sfx = match p {
            Practice::Reassure => Sfx::Reassure,
            Practice::Breathe => Sfx::Breathe,
            Practice::Pulse => Sfx::Pulse,
        };
        speakers.play(Bus::Sfx, Sound::Sfx(sfx), |_| {});
    }
}

/// What the dream's sounds remember from the frame before.
#[derive(Default)]
struct DreamHeard {
    /// The waits of a reassurance and a pulse.
    waits: Option<(f32, f32)>,
    chased: bool,
    /// Towards the clocks' next tick (1: now).
    tick: f32,
    reflected: u32,
}

/// The dream's actions: a reassurance, a pulse (each starts its wait), and
/// breathing together for as long as it is held. And the zones' own
/// dangers: a buzz when a drill-bee takes off after Leo, the clocks' tick
/// near him, faster as they quicken, and a pulse a mirror throws back, low
/// and wrong.
fn dream_actions(
    time: Res<Time>,
    act: Option<Res<State<InAct>>>,
    battle: Option<Res<Battle>>,
    mut heard: Local<DreamHeard>,
    mut loops: ResMut<Loops>,
    mut speakers: Speakers,
    mut instances: ResMut<Assets<AudioInstance>>,
) {
    let dreaming = act.is_some_and(|a| a.get().0 == Act::Dreamscape);
    let (Some(battle), true) = (battle, dreaming) else {
        *heard = DreamHeard::default();
        hold(
            &mut loops.breathe,
            false,
            Bus::Sfx,
            Sfx::Breathe,
            &mut speakers,
            &mut instances,
        );
        return;
    };
    if let Some((reassure, pulse)) = heard.waits {
        // A wait that jumps up is an action just taken.
        if battle.reassure_wait > reassure + 0.1 {
            speakers.play(Bus::Sfx, Sound::Sfx(Sfx::Reassure), |_| {});
        }
        if battle.pulse_wait > pulse + 0.1 {
            speakers.play(Bus::Sfx, Sound::Sfx(Sfx::Pulse), |_| {});
        }
    }
    heard.waits = Some((battle.reassure_wait, battle.pulse_wait));
    if battle.chased && !heard.chased {
        speakers.play(Bus::Sfx, Sound::Sfx(Sfx::DrillBuzz), |_| {});
    }
    heard.chased = battle.chased;
    if battle.reflected > heard.reflected {
        speakers.play(Bus::Sfx, Sound::Sfx(Sfx::Pulse), |cmd| {
            cmd.with_playback_rate(0.55);
        });
    }
    heard.reflected = battle.reflected;
    // Two ticks a second at the first quickening, six at the most.
    heard.tick = if battle.ticking > 1.0 {
        heard.tick + time.delta_secs() * battle.ticking * 2.0
    } else {
        0.0
    };
    if heard.tick >= 1.0 {
        heard.tick = 0.0;
        let rate = 0.9 + 0.1 * battle.ticking as f64;
        speakers.play(Bus::Sfx, Sound::Sfx(Sfx::ClockTick), |cmd| {
            cmd.with_playback_rate(rate);
        });
    }
    hold(
        &mut loops.breathe,
        battle.breathing,
        Bus::Sfx,
        Sfx::Breathe,
        &mut speakers,
        &mut instances,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wobble_stays_close_to_one() {
        for n in 0..1000 {
            let w = wobble(n, 0.06);
            assert!((0.94..=1.06).contains(&w), "{n}: {w}");
        }
        assert_ne!(wobble(1, 0.06), wobble(2, 0.06));
    }
}
