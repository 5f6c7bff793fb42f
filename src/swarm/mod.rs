//! Nanobot swarms: every nanobot is an entity, placed by the room's
//! `NanobotEmitter`s in LDtk and driven by the flocking simulation of the
//! `biodental-swarm` crate, stepped in `FixedUpdate`. Whoever sets the
//! swarms (a room's emitters here, the dream's zones), every nanobot in
//! them is drawn here. The story sets their mood: the surge
//! turns the treatment swarm on its patient, the end of the dream sets it
//! recalibrating. They glow: bright HDR colours with bloom on the desktop,
//! a soft halo drawn into the sprite everywhere (WebGL2 included).

use bevy::color::Mix;
use bevy::prelude::*;

use crate::core::Screen;
use crate::core::{AppSystems, PausableSystems};
use crate::model::InAct;
use crate::model::SurgePhase;
use crate::model::room::{Complex, CurrentRoom, LevelsReloaded, RoomMap};
use crate::model::vocab::SwarmMode;
use crate::model::{NANOBOT_Z, Nanobot, Pace, Swarms};
use crate::model::{Player, Practised, Walker};
use crate::model::{ReducedFlashing, SwarmPalette};
use crate::theme::{RingImage, ripple};
use biodental_story::{Act, Character, Ending, Practice, StoryState};
use biodental_swarm::{Flock, FlockSpec, Swarm};
/// The seed of every room's swarm: the same room always starts the same way.
const SEED: u64 = 0xB10_DE47A1;

/// The feature's plugin: on its own, it needs only [`crate::foundation`].
pub fn plugin(app: &mut App) {
    app.init_resource::<Rehearsal>();
    app.add_systems(Startup, make_glow);
    app.add_systems(OnExit(Screen::Gameplay), |mut s: ResMut<Swarms>| {
        s.set(Swarm::default(), None, Vec::new());
    });
    app.add_systems(
        Update,
        populate_room
            .run_if(in_state(Screen::Gameplay))
            .in_set(AppSystems::Update),
    );
    // After every feature's Update: whatever set the swarms this frame, its
    // nanobots are on screen this frame.
    app.add_systems(
        PostUpdate,
        draw_nanobots
            .run_if(in_state(Screen::Gameplay))
            .before(TransformSystems::Propagate),
    );
    app.add_systems(
        FixedUpdate,
        (steer, step, sync_nanobots)
            .chain()
            .in_set(PausableSystems)
            .run_if(in_state(Screen::Gameplay)),
    );
    app.add_systems(
        Update,
        answer_practice
            .after(crate::model::DialogueSystems)
            .run_if(in_state(Screen::Gameplay))
            .in_set(AppSystems::Update),
    );
    app.add_systems(
        Update,
        tint_nanobots
            .run_if(in_state(Screen::Gameplay))
            .in_set(PausableSystems)
            .in_set(AppSystems::Update),
    );
}

/// Sets each flock's mode for the clinic's condition and finds its patient
/// where `act` puts them.
fn follow_story(swarms: &mut Swarms, room: Option<&RoomMap>, act: Option<Act>, now: Condition) {
    for (flock, emitter) in swarms.sim.flocks.iter_mut().zip(&swarms.emitters) {
        flock.set_mode(mode_in(emitter.mode, now));
        flock.target = emitter
            .target
            .as_deref()
            .zip(room)
            .and_then(|(iid, room)| room.patient(iid, act));
    }
}

/// How the story has left the clinic's swarms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Condition {
    /// Everything as designed.
    Normal,
    /// From the surge until the dream is over: treatment swarms attack.
    Malfunction,
    /// After the dream: treatment swarms find their way back to teal.
    Recalibrating,
}

/// The clinic's condition in `act` (and, during the surge, its phase).
pub(crate) fn condition(act: Option<Act>, surge: Option<SurgePhase>) -> Condition {
    match act {
        Some(Act::PowerSurge) if surge.is_some_and(SurgePhase::struck) => Condition::Malfunction,
        Some(Act::Dreamscape) => Condition::Malfunction,
        Some(Act::Resolution) => Condition::Recalibrating,
        _ => Condition::Normal,
    }
}

/// The mode of a flock whose emitter says `designed`, in `condition`: only
/// treatment swarms are linked to a patient's mind, and only they go wrong.
pub(crate) fn mode_in(designed: SwarmMode, condition: Condition) -> SwarmMode {
    match (designed, condition) {
        (SwarmMode::Treatment, Condition::Malfunction) => SwarmMode::Malfunction,
        (SwarmMode::Treatment, Condition::Recalibrating) => SwarmMode::Recalibrating,
        (mode, _) => mode,
    }
}

/// The sprite every nanobot shares: a bright core in a soft halo, so that
/// it reads as light even where there is no bloom.
#[derive(Resource, Debug, Clone)]
struct Glow(Handle<Image>);

fn make_glow(mut commands: Commands, mut images: ResMut<Assets<Image>>) {
    let image = crate::theme::radial_image(7, |d| match d {
        d if d < 0.5 => 1.0,
        d if d < 1.5 => 0.34,
        d if d < 2.5 => 0.1,
        d if d < 3.2 => 0.03,
        _ => 0.0,
    });
    commands.insert_resource(Glow(images.add(image)));
}

/// When Mira enters a room (or its emitters change on disk), its emitters'
/// swarms replace the last room's. When only the room's walls change on
/// disk, the nanobots fly on round the new ones.
fn populate_room(
    current: Option<Res<CurrentRoom>>,
    complex: Option<Res<Complex>>,
    act: Option<Res<State<InAct>>>,
    surge: Option<Res<State<SurgePhase>>>,
    state: Option<Res<StoryState>>,
    mut reloads: MessageReader<LevelsReloaded>,
    mut swarms: ResMut<Swarms>,
) {
    let (Some(current), Some(complex)) = (current, complex) else {
        return;
    };
    let reloaded = reloads.read().any(|r| r.touches(&current.0));
    let Some(room) = complex.room(&current.0) else {
        return;
    };
    if swarms.room.as_ref() == Some(&current.0) && swarms.emitters == room.emitters {
        if reloaded {
            swarms.sim.walls = room.walls();
        }
        return;
    }
    let act = act.map(|a| a.get().0);
    let mut sim = Swarm::new(room.walls(), SEED);
    // After the Traditional ending the nanobot bay is closed: the bots sleep.
    let asleep = act.is_some_and(Act::decided)
        && state.is_some_and(|s| s.ending == Some(Ending::Traditional));
    for e in room.emitters.iter().filter(|_| !asleep) {
        sim.add_flock(&FlockSpec {
            mode: e.mode,
            shape: e.shape,
            home: e.centre,
            radius: e.radius,
            target: None,
            count: e.count.max(0) as u32,
        });
    }
    swarms.set(sim, Some(current.0.clone()), room.emitters.clone());
    follow_story(
        &mut swarms,
        Some(room),
        act,
        condition(act, surge.map(|s| *s.get())),
    );
}

/// Which simulation the nanobots on screen belong to, and how many of its
/// nanobots are drawn.
#[derive(Default)]
struct Drawn {
    generation: u64,
    count: usize,
}

/// Draws the nanobots of the swarms: all of them afresh when a simulation
/// was set in place of the last, those added since otherwise.
fn draw_nanobots(
    mut commands: Commands,
    swarms: Res<Swarms>,
    glow: Option<Res<Glow>>,
    bots: Query<Entity, With<Nanobot>>,
    mut drawn: Local<Drawn>,
) {
    let Some(glow) = glow else {
        return;
    };
    if drawn.generation != swarms.generation() {
        for bot in &bots {
            commands.entity(bot).try_despawn();
        }
        *drawn = Drawn {
            generation: swarms.generation(),
            count: 0,
        };
    }
    let len = swarms.sim.len();
    if len > drawn.count {
        commands.spawn_batch(spawn_bundles(&swarms.sim, &glow.0, drawn.count));
        drawn.count = len;
    }
}

/// The entities for every nanobot of `sim` from the `first` on.
fn spawn_bundles(
    sim: &Swarm,
    glow: &Handle<Image>,
    first: usize,
) -> Vec<(Name, Nanobot, Sprite, Transform, DespawnOnExit<Screen>)> {
    sim.pos
        .iter()
        .enumerate()
        .skip(first)
        .map(|(i, p)| {
            let flock = &sim.flocks[sim.flock[i] as usize];
            (
                Name::new("Nanobot"),
                Nanobot(i as u32),
                Sprite {
                    image: glow.clone(),
                    color: colour(flock, i, 0.0, true, SwarmPalette::Standard),
                    ..default()
                },
                Transform::from_translation(whole_pixels(*p).extend(NANOBOT_Z)),
                DespawnOnExit(Screen::Gameplay),
            )
        })
        .collect()
}

/// Before each step: the story's condition sets each flock's mode, patients
/// are found where the act puts them, and Mira is someone to make way for.
fn steer(
    time: Res<Time>,
    mut rehearsal: ResMut<Rehearsal>,
    act: Option<Res<State<InAct>>>,
    surge: Option<Res<State<SurgePhase>>>,
    complex: Option<Res<Complex>>,
    player: Query<&Walker, With<Player>>,
    mut swarms: ResMut<Swarms>,
) {
    let act = act.map(|a| a.get().0);
    let now = condition(act, surge.map(|s| *s.get()));
    let room = swarms
        .room
        .as_ref()
        .and_then(|iid| complex.as_deref().and_then(|c| c.room(iid)));
    follow_story(&mut swarms, room, act, now);
    rehearse(&mut rehearsal, &mut swarms, room, act, time.delta_secs());
    let sim = &mut swarms.sim;
    sim.repellers.clear();
    sim.repellers
        .extend(player.iter().map(|w| w.feet + Vec2::new(0.0, 8.0)));
}

/// The room's swarm answering an action the player practised in a
/// conversation (Jasper's session): which, and for how long (s) so far.
#[derive(Resource, Debug, Default)]
struct Rehearsal(Option<(Practice, f32)>);

/// How long the swarm breathes in and out with Mira and Leo (s).
const BREATH_SECS: f32 = 4.5;
/// How much wider it grows at the top of the breath.
const BREATH_SWELL: f32 = 0.7;
/// How long it comes down to Leo after a reassurance (s).
const GATHER_SECS: f32 = 4.0;
/// How far it comes (of the way from its home to just above Leo) and how
/// much smaller it draws in there.
const GATHER_REACH: f32 = 0.85;
const GATHER_SHRINK: f32 = 0.55;
/// How fast a pulse throws the nanobots outwards (px/s at its centre);
/// they fly back to their places on their own.
const PULSE_SPEED: f32 = 190.0;
/// How far a pulse reaches (px).
const PULSE_REACH: f32 = 160.0;
/// How much wider the flock is just after a pulse, and how long it takes
/// to draw back in (s).
const PULSE_SWELL: f32 = 1.2;
const PULSE_SECS: f32 = 3.0;

/// A practised action starts the swarm's answer; a pulse throws the
/// nanobots out from Mira at once.
fn answer_practice(
    mut commands: Commands,
    mut practised: MessageReader<Practised>,
    mut rehearsal: ResMut<Rehearsal>,
    ring: Option<Res<RingImage>>,
    player: Query<&Walker, With<Player>>,
    mut swarms: ResMut<Swarms>,
) {
    for Practised(practice) in practised.read() {
        rehearsal.0 = Some((*practice, 0.0));
        let Ok(mira) = player.single() else {
            continue;
        };
        let at = mira.feet + Vec2::new(0.0, 10.0);
        // The same rings as in the dream, from where Mira sits.
        let (radius, colour) = match practice {
            Practice::Pulse => (PULSE_REACH, Color::srgb(0.4, 1.4, 1.4)),
            Practice::Reassure => (40.0, Color::srgb(1.0, 0.85, 0.45)),
            Practice::Breathe => (28.0, Color::srgb(0.7, 1.2, 1.3)),
        };
        if let Some(ring) = &ring {
            commands.spawn((
                ripple(at, radius, colour, ring),
                DespawnOnExit(Screen::Gameplay),
            ));
        }
        if *practice == Practice::Pulse {
            push_out(&mut swarms.sim, at);
        }
    }
}

/// Every nanobot within reach of `from` flies away from it, the nearest
/// fastest.
fn push_out(sim: &mut Swarm, from: Vec2) {
    for (p, v) in sim.pos.iter().zip(sim.vel.iter_mut()) {
        let away = *p - from;
        let d = away.length();
        if d < PULSE_REACH {
            let dir = if d > 0.5 { away / d } else { Vec2::Y };
            *v += dir * PULSE_SPEED * (1.0 - d / PULSE_REACH * 0.6);
        }
    }
}

/// Rises from 0 to 1 over the first quarter of `length`, holds, and falls
/// back over the last quarter, smoothly.
fn swell(age: f32, length: f32) -> f32 {
    let edge = length * 0.25;
    let rise = EaseFunction::SmoothStep.sample_clamped((age / edge).clamp(0.0, 1.0));
    let fall = EaseFunction::SmoothStep.sample_clamped(((length - age) / edge).clamp(0.0, 1.0));
    rise.min(fall)
}

/// Shapes the room's flocks for the action being answered (`dt` s later):
/// breathing swells them and lets them fall, a reassurance brings them down
/// to Leo; then they go back to what their emitters say.
fn rehearse(
    rehearsal: &mut Rehearsal,
    swarms: &mut Swarms,
    room: Option<&RoomMap>,
    act: Option<Act>,
    dt: f32,
) {
    let Some((practice, age)) = rehearsal.0 else {
        return;
    };
    let length = match practice {
        Practice::Breathe => BREATH_SECS,
        Practice::Reassure => GATHER_SECS,
        Practice::Pulse => PULSE_SECS,
    };
    let over = age >= length;
    // Just above Leo's head where he is in this act (the room's middle if
    // he is not here).
    let leo = room
        .and_then(|r| r.person(Character::Leo, act))
        .map(|spot| spot.feet + Vec2::new(0.0, 22.0));
    let Swarms { sim, emitters, .. } = swarms;
    for (flock, emitter) in sim.flocks.iter_mut().zip(emitters.iter()) {
        let (home, radius) = match practice {
            _ if over => (emitter.centre, emitter.radius),
            Practice::Breathe => {
                let breath = (std::f32::consts::PI * age / length).sin().max(0.0);
                (
                    emitter.centre,
                    emitter.radius * (1.0 + BREATH_SWELL * breath),
                )
            }
            Practice::Reassure => {
                let k = swell(age, length);
                let to = leo.unwrap_or(emitter.centre);
                (
                    emitter.centre.lerp(to, GATHER_REACH * k),
                    emitter.radius * (1.0 - GATHER_SHRINK * k),
                )
            }
            Practice::Pulse => {
                // Thrown out at once, drawn home over the rest.
                let k = 1.0 - EaseFunction::SmoothStep.sample_clamped(age / length);
                (emitter.centre, emitter.radius * (1.0 + PULSE_SWELL * k))
            }
        };
        flock.home = home;
        flock.radius = radius;
    }
    rehearsal.0 = (!over).then_some((practice, age + dt));
}

fn step(time: Res<Time>, pace: Res<Pace>, mut swarms: ResMut<Swarms>) {
    swarms.sim.step(time.delta_secs() * pace.0);
}

/// Moves every nanobot entity to its simulated position, on whole pixels.
pub fn sync_nanobots(swarms: Res<Swarms>, mut bots: Query<(&Nanobot, &mut Transform)>) {
    let pos = &swarms.sim.pos;
    for (bot, mut t) in &mut bots {
        if let Some(p) = pos.get(bot.0 as usize) {
            let p = whole_pixels(*p);
            if t.translation.x != p.x || t.translation.y != p.y {
                t.translation.x = p.x;
                t.translation.y = p.y;
            }
        }
    }
}

/// A position in a room (never negative, far below 2²²) rounded to whole
/// pixels: adding and taking away 1.5 × 2²³ leaves no bits for a fraction,
/// so the addition rounds (two additions instead of `round`, a library call
/// on baseline x86-64, or a saturating cast).
#[inline]
fn whole_pixels(p: Vec2) -> Vec2 {
    const ROUND: Vec2 = Vec2::splat(12_582_912.0);
    (p + ROUND) - ROUND
}

/// Each nanobot's colour: its flock's mode, a gentle shimmer, and while
/// recalibrating a flicker back to teal (a smooth fade with reduced flashing).
fn tint_nanobots(
    time: Res<Time>,
    swarms: Res<Swarms>,
    reduced: Res<ReducedFlashing>,
    palette: Res<SwarmPalette>,
    mut bots: Query<(&Nanobot, &mut Sprite)>,
) {
    let t = time.elapsed_secs();
    let sim = &swarms.sim;
    for (bot, mut sprite) in &mut bots {
        let i = bot.0 as usize;
        let Some(&f) = sim.flock.get(i) else {
            continue;
        };
        let c = colour(&sim.flocks[f as usize], i, t, reduced.0, *palette);
        if sprite.color != c {
            sprite.color = c;
        }
    }
}

/// The modes' colours: calm, treating, malfunctioning.
const STANDARD: [LinearRgba; 3] = [
    LinearRgba::rgb(0.22, 1.9, 1.55),
    LinearRgba::rgb(0.55, 2.2, 2.6),
    LinearRgba::rgb(3.2, 0.22, 0.16),
];
/// Blue, white and orange, far apart in lightness too: told apart with
/// any common colour blindness.
const COLOUR_BLIND_SAFE: [LinearRgba; 3] = [
    LinearRgba::rgb(0.25, 0.75, 2.6),
    LinearRgba::rgb(2.2, 2.2, 2.2),
    LinearRgba::rgb(3.0, 1.05, 0.05),
];

/// The colour of nanobot `i` of `flock` at time `t` (s). Values above 1
/// are for the bloom; without HDR they clip to the plain colour.
pub fn colour(
    flock: &Flock,
    i: usize,
    t: f32,
    reduced_flashing: bool,
    palette: SwarmPalette,
) -> Color {
    let [calm, treating, broken] = match palette {
        SwarmPalette::Standard => STANDARD,
        SwarmPalette::ColourBlindSafe => COLOUR_BLIND_SAFE,
    };
    let phase = (i as f32 * 0.618_034).fract();
    let shimmer = 0.8 + 0.2 * (t * 2.2 + phase * std::f32::consts::TAU).sin();
    let base = match flock.effective_mode() {
        SwarmMode::Calm => calm,
        SwarmMode::Treatment => treating,
        SwarmMode::Malfunction => broken,
        SwarmMode::Recalibrating => {
            let k = flock.recalibrated();
            if reduced_flashing {
                broken.mix(&calm, k)
            } else {
                // Each nanobot blinks between red and teal, a few times a
                // second at most, more often teal as the flock comes back.
                let tick = (t * 2.5) as u64;
                let roll = (biodental_swarm::splitmix(tick ^ ((i as u64) << 20)) & 0xFFFF) as f32
                    / 65535.0;
                if roll < k { calm } else { broken }
            }
        }
    };
    Color::LinearRgba(LinearRgba {
        red: base.red * shimmer,
        green: base.green * shimmer,
        blue: base.blue * shimmer,
        alpha: 1.0,
    })
}
