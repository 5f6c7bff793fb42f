//! Nanobot swarms and the power surge: the simulation on the real rooms
//! (determinism, separation, walls), the swarms as entities in the
//! headless game, and the surge turning the treatment swarm on Leo, with
//! its light measured against the flash limit.

mod common;

use bevy::prelude::*;
use bevy_ecs_ldtk::ldtk::LdtkJson;
use bevy_ecs_ldtk::prelude::LevelSelection;

use biodental::core::Activity;
use biodental::model::HeldStill;
use biodental::model::InAct;
use biodental::model::ReducedFlashing;
use biodental::model::StoryEvent;
use biodental::model::StoryTrigger;
use biodental::model::SurgePhase;
use biodental::model::SwarmPalette;
use biodental::model::room::{Complex, CurrentRoom, RoomMap};
use biodental::model::vocab::{SwarmMode, SwarmShape};
use biodental::model::{Nanobot, Swarms};
use biodental::surge::{self, Light, worst_flashes_per_second};
use biodental_story::Character;
use biodental_story::{Act, Ending, StoryState, Trigger};
use biodental_swarm::NEIGHBOUR_RADIUS;
use biodental_swarm::{FlockSpec, Swarm, Walls};
use common::*;

const DT: f32 = 1.0 / 64.0;

fn complex_on_disk() -> Complex {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/levels/biodental.ldtk");
    let project: LdtkJson = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    Complex::from_project(&project)
}

/// A room's swarms as the game builds them, every flock forced into `mode`
/// (with its patient there, as in the surge).
fn room_swarm(room: &RoomMap, mode: Option<SwarmMode>, seed: u64) -> Swarm {
    let mut sim = Swarm::new(room.walls(), seed);
    for e in &room.emitters {
        sim.add_flock(&FlockSpec {
            mode: mode.unwrap_or(e.mode),
            shape: e.shape,
            home: e.centre,
            radius: e.radius,
            target: e
                .target
                .as_deref()
                .and_then(|t| room.patient(t, Some(Act::PowerSurge)))
                .or(Some(e.centre + Vec2::new(20.0, 10.0))),
            count: e.count as u32,
        });
    }
    sim
}

fn bits(sim: &Swarm) -> Vec<(u32, u32)> {
    sim.pos
        .iter()
        .map(|p| (p.x.to_bits(), p.y.to_bits()))
        .collect()
}

#[test]
fn the_same_seed_and_inputs_give_the_same_positions_bit_for_bit() {
    let complex = complex_on_disk();
    let room = complex.room_named("Treatment").unwrap();
    let run = |seed: u64| {
        let mut sim = room_swarm(room, None, seed);
        for step in 0..900 {
            // Mira walks across the room; halfway the swarm malfunctions.
            sim.repellers = vec![Vec2::new(40.0 + step as f32 * 0.3, 90.0)];
            if step == 450 {
                for f in &mut sim.flocks {
                    f.set_mode(SwarmMode::Malfunction);
                }
            }
            sim.step(DT);
        }
        bits(&sim)
    };
    let first = run(1);
    assert_eq!(first, run(1), "two runs with one seed differ");
    assert_ne!(first, run(2), "the seed makes no difference at all");
}

#[test]
fn separation_keeps_nanobots_apart() {
    // A crowded flock: 150 nanobots all wanting a disc 12 px across.
    let mut sim = Swarm::new(Walls::open(Vec2::splat(160.0), 16.0), 3);
    sim.add_flock(&FlockSpec {
        mode: SwarmMode::Calm,
        shape: SwarmShape::Cloud,
        home: Vec2::splat(80.0),
        radius: 6.0,
        target: None,
        count: 150,
    });
    let nearest = |sim: &Swarm| {
        sim.pos
            .iter()
            .enumerate()
            .map(|(i, p)| {
                sim.pos
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, q)| p.distance(*q))
                    .fold(f32::MAX, f32::min)
            })
            .collect::<Vec<f32>>()
    };
    for _ in 0..192 {
        sim.step(DT);
    }
    // They spread out well beyond the disc they aim for…
    let crowded = nearest(&sim).iter().filter(|d| **d < 1.0).count();
    assert!(
        crowded <= 3,
        "{crowded} of 150 nanobots nearly touch another"
    );
    let mean = nearest(&sim).iter().sum::<f32>() / 150.0;
    assert!(mean > 2.0, "mean distance to the nearest is {mean:.2} px");
    // …and each has a few neighbours, not a pile of them.
    let neighbours = sim.mean_neighbours();
    assert!(
        neighbours < 40.0,
        "{neighbours:.1} neighbours within {NEIGHBOUR_RADIUS} px"
    );
}

#[test]
fn no_nanobot_ends_up_in_a_wall_or_outside_its_room() {
    let complex = complex_on_disk();
    let mut rooms_with_swarms = 0;
    for room in &complex.rooms {
        if room.emitters.is_empty() {
            continue;
        }
        rooms_with_swarms += 1;
        for mode in SwarmMode::ALL {
            let mut sim = room_swarm(room, Some(mode), 11);
            // Mira walking about pushes calm nanobots into the corners.
            for step in 0..640 {
                let t = step as f32 * DT;
                sim.repellers = vec![room.size / 2.0 + Vec2::from_angle(t) * 60.0];
                sim.step(DT);
                for (i, p) in sim.pos.iter().enumerate() {
                    assert!(
                        !sim.walls.solid(*p),
                        "{} {mode:?}: nanobot {i} at {p} is in a wall or outside the room after {step} steps",
                        room.identifier
                    );
                }
            }
        }
    }
    assert!(rooms_with_swarms >= 2, "the complex has swarms to test");
}

#[test]
fn malfunctioning_nanobots_chase_their_target_and_calm_ones_stay_home() {
    let complex = complex_on_disk();
    let room = complex.room_named("Treatment").unwrap();
    let leo = room
        .characters
        .iter()
        .find(|(c, s)| *c == Character::Leo && s.in_act(Act::PowerSurge))
        .map(|(_, s)| s.feet + Vec2::new(0.0, 12.0))
        .unwrap();
    let mut sim = room_swarm(room, None, 5);
    for _ in 0..320 {
        sim.step(DT);
    }
    let mean_distance = |sim: &Swarm, flock: usize, to: Vec2| {
        let f = &sim.flocks[flock];
        let range = f.indices();
        sim.pos[range.clone()]
            .iter()
            .map(|p| p.distance(to))
            .sum::<f32>()
            / range.len() as f32
    };
    let treatment = sim
        .flocks
        .iter()
        .position(|f| f.mode == SwarmMode::Treatment)
        .unwrap();
    let calm = sim
        .flocks
        .iter()
        .position(|f| f.mode == SwarmMode::Calm)
        .unwrap();
    let home = sim.flocks[calm].home;
    let calm_radius = sim.flocks[calm].radius;
    let calm_distance = mean_distance(&sim, calm, home);
    assert!(
        calm_distance < calm_radius * 1.2,
        "calm nanobots are {calm_distance:.1} px from home"
    );
    sim.flocks[treatment].set_mode(SwarmMode::Malfunction);
    for _ in 0..192 {
        sim.step(DT);
    }
    let near_leo = mean_distance(&sim, treatment, leo);
    assert!(
        near_leo < 24.0,
        "the malfunction swarm is {near_leo:.1} px from Leo on average"
    );
    assert!(mean_distance(&sim, calm, home) < calm_radius * 1.2);
}

/// Samples the surge's light at 240 Hz through its phases.
fn surge_light(reduced: bool) -> Vec<f32> {
    let dt = 1.0 / 240.0;
    let mut out = Vec::new();
    for (phase, length) in [
        (SurgePhase::Hum, surge::HUM),
        (SurgePhase::Stutter, surge::STUTTER),
        (SurgePhase::Strike, surge::STRIKE),
        (SurgePhase::Alarm, 6.0),
    ] {
        let mut t = 0.0;
        while t < length {
            let since_alarm = if phase == SurgePhase::Alarm { t } else { 0.0 };
            out.push(surge::light(phase, t, since_alarm, reduced).luminance());
            t += dt;
        }
    }
    out
}

#[test]
fn the_surge_never_flashes_more_than_three_times_a_second() {
    let samples = surge_light(false);
    let worst = worst_flashes_per_second(&samples, 1.0 / 240.0);
    assert!(worst <= 3, "{worst} flashes in one second");
    // It does stutter: the check counts what it should.
    assert!(worst >= 2, "the lights should visibly stutter ({worst})");
    // A 12 Hz strobe is counted as one.
    let strobe: Vec<f32> = (0..480)
        .map(|i| if i % 20 < 10 { 0.2 } else { 0.6 })
        .collect();
    assert!(worst_flashes_per_second(&strobe, 1.0 / 240.0) >= 11);
}

/// The steepest change of luminance, per second, over quarter-second spans.
fn steepest(samples: &[f32], dt: f32) -> f32 {
    let span = (0.25 / dt) as usize;
    samples
        .windows(span + 1)
        .map(|w| (w[span] - w[0]).abs() / (span as f32 * dt))
        .fold(0.0, f32::max)
}

#[test]
fn with_reduced_flashing_the_surge_only_dims_slowly() {
    let samples = surge_light(true);
    assert_eq!(worst_flashes_per_second(&samples, 1.0 / 240.0), 0);
    let rate = steepest(&samples, 1.0 / 240.0);
    assert!(rate < 0.1, "luminance changes by {rate:.3} a second");
    // It still gets dark: the surge is not left out.
    let darkest = samples.iter().copied().fold(f32::MAX, f32::min);
    assert!(darkest < samples[0] * 0.7, "{darkest} vs {}", samples[0]);
    // Without the setting, the change is abrupt.
    assert!(steepest(&surge_light(false), 1.0 / 240.0) > 0.3);
}

fn enter_room(app: &mut App, name: &str) {
    let room = complex(app).room_named(name).unwrap().clone();
    app.world_mut()
        .insert_resource(CurrentRoom(room.iid.clone()));
    app.world_mut()
        .insert_resource(LevelSelection::iid(room.iid.clone()));
    run_until(app, "the room's swarms", |app| {
        app.world().resource::<Swarms>().room.as_ref() == Some(&room.iid)
    });
}

fn nanobot_count(app: &mut App) -> usize {
    let mut q = app.world_mut().query::<&Nanobot>();
    q.iter(app.world()).count()
}

#[test]
fn every_room_spawns_its_emitters_swarms_as_entities_that_follow_the_simulation() {
    let mut app = headless_app();
    new_game(&mut app);
    let complex = complex(&app);
    for name in ["Treatment", "VrRoom", "Plaza"] {
        enter_room(&mut app, name);
        let expected: i32 = complex
            .room_named(name)
            .unwrap()
            .emitters
            .iter()
            .map(|e| e.count)
            .sum();
        for _ in 0..30 {
            app.update();
        }
        assert_eq!(nanobot_count(&mut app), expected as usize, "{name}");
        let sim = app.world().resource::<Swarms>().sim.clone();
        let mut q = app.world_mut().query::<(&Nanobot, &Transform)>();
        for (bot, t) in q.iter(app.world()) {
            let p = sim.pos[bot.0 as usize];
            let p = Vec2::new((p.x + 0.5).floor(), (p.y + 0.5).floor());
            assert_eq!(t.translation.truncate(), p, "{name}: nanobot {}", bot.0);
        }
    }
}

/// In the Epilogue the treatment swarm streams to Leo, back in the chair,
/// except after the Traditional ending, when the bay is closed and its
/// nanobots sleep (as Leo says: "all the blue lights are off").
#[test]
fn in_the_epilogue_the_treatment_swarm_sleeps_only_after_the_traditional_ending() {
    for (ending, glowing) in [(Ending::Hybrid, true), (Ending::Traditional, false)] {
        let mut app = headless_app();
        new_game(&mut app);
        {
            let mut state = app.world_mut().resource_mut::<StoryState>();
            state.act = Act::Epilogue;
            state.ending = Some(ending);
        }
        run_until(&mut app, "the Epilogue", |app| {
            app.world().resource::<State<InAct>>().get().0 == Act::Epilogue
        });
        enter_room(&mut app, "Treatment");
        for _ in 0..30 {
            app.update();
        }
        assert_eq!(nanobot_count(&mut app) > 0, glowing, "{ending:?}");
        let sim = &app.world().resource::<Swarms>().sim;
        let streams_to_leo = sim.flocks.iter().any(|f| f.target.is_some());
        assert_eq!(
            streams_to_leo, glowing,
            "{ending:?}: the swarm finds Leo in the chair"
        );
    }
}

/// From the Appointment, in the treatment room, through the chair
/// conversation into the surge; the light's luminance sampled every frame.
fn surge_in_the_treatment_room(reduced: bool) -> (App, Vec<f32>) {
    let mut app = headless_app();
    new_game(&mut app);
    app.world_mut().insert_resource(ReducedFlashing(reduced));
    app.world_mut().resource_mut::<StoryState>().act = Act::Appointment;
    enter_room(&mut app, "Treatment");
    // Past the Appointment's opening, to the chair.
    run_until(&mut app, "the appointment", |app| {
        app.world()
            .get_resource::<State<InAct>>()
            .map(|s| s.get().0)
            == Some(Act::Appointment)
    });
    for _ in 0..5 {
        app.update();
        if activity(&app) == Some(Activity::Talking) {
            finish_conversation(&mut app, |_| 0);
        }
    }
    let treatment_mode = |app: &App| {
        let s = app.world().resource::<Swarms>();
        s.emitters
            .iter()
            .zip(&s.sim.flocks)
            .find(|(e, _)| e.mode == SwarmMode::Treatment)
            .map(|(_, f)| f.mode)
            .unwrap()
    };
    assert_eq!(treatment_mode(&app), SwarmMode::Treatment);
    app.world_mut().write_message(StoryTrigger {
        event: "treatment_room_entered".into(),
        used: false,
    });
    run_until(&mut app, "the chair", |app| {
        activity(app) == Some(Activity::Talking)
    });
    finish_conversation(&mut app, |_| 0);
    run_until(&mut app, "the surge", |app| {
        app.world()
            .get_resource::<State<InAct>>()
            .map(|s| s.get().0)
            == Some(Act::PowerSurge)
    });
    // The wordless part: nobody talks, Mira stands still, the light goes.
    let mut samples = Vec::new();
    while app.world().resource::<HeldStill>().any() {
        assert_ne!(activity(&app), Some(Activity::Talking));
        app.update();
        samples.push(room_light(&mut app));
        if *app.world().resource::<State<SurgePhase>>().get() == SurgePhase::Hum {
            assert_eq!(treatment_mode(&app), SwarmMode::Treatment);
        }
        assert!(samples.len() < 60 * 10, "the cutscene never ends");
    }
    app.update();
    assert_eq!(treatment_mode(&app), SwarmMode::Malfunction);
    (app, samples)
}

/// The luminance the room light gives a mid-grey room this frame.
fn room_light(app: &mut App) -> f32 {
    let mut q = app.world_mut().query::<(&Name, &Sprite)>();
    let colour = q
        .iter(app.world())
        .find(|(n, _)| n.as_str() == "Room light")
        .map(|(_, s)| s.color)
        .expect("the room light");
    let c = colour.to_linear();
    Light {
        dim: c.alpha,
        tint: c.with_alpha(1.0),
        flash: 0.0,
    }
    .luminance()
}

#[test]
fn the_surge_turns_the_treatment_swarm_on_leo_and_the_story_reaches_the_dreamscape() {
    let (mut app, samples) = surge_in_the_treatment_room(true);
    // Reduced flashing (the default): no flash, only a slow dim.
    assert_eq!(worst_flashes_per_second(&samples, 1.0 / 60.0), 0);
    let rate = steepest(&samples, 1.0 / 60.0);
    assert!(rate < 0.1, "the light changes by {rate:.3} a second");
    // The scene with Jasper and Samantha plays; Mira chooses how to answer.
    run_until(&mut app, "the surge scene", |app| {
        activity(app) == Some(Activity::Talking)
    });
    let mut chose = false;
    finish_conversation(&mut app, |c| {
        chose = true;
        c.choices.len() - 1
    });
    assert!(chose, "Mira has a choice to make");
    // By now the swarm is all over Leo.
    let s = app.world().resource::<Swarms>();
    let complex = complex(&app);
    let room = complex.room(s.room.as_ref().unwrap()).unwrap();
    let (f, leo) = s
        .emitters
        .iter()
        .zip(&s.sim.flocks)
        .find(|(e, _)| e.mode == SwarmMode::Treatment)
        .map(|(e, f)| {
            let patient = e.target.as_deref().unwrap();
            (f, room.patient(patient, Some(Act::PowerSurge)).unwrap())
        })
        .unwrap();
    assert_eq!(f.target, Some(leo));
    let range = f.indices();
    let near = s.sim.pos[range.clone()]
        .iter()
        .filter(|p| p.distance(leo) < 32.0)
        .count();
    assert!(
        near * 2 > range.len(),
        "only {near} of {} nanobots are on Leo",
        range.len()
    );
    // Off to the VR rig: the dream begins.
    run_until(&mut app, "the escape", |app| {
        *app.world().resource::<State<SurgePhase>>().get() == SurgePhase::Escape
    });
    listen::<StoryEvent>(&mut app);
    app.world_mut().write_message(StoryTrigger {
        event: surge::VR_RIG_AREA.into(),
        used: false,
    });
    run_until(&mut app, "the dreamscape", |app| {
        app.world()
            .get_resource::<State<InAct>>()
            .map(|s| s.get().0)
            == Some(Act::Dreamscape)
    });
    assert!(heard::<StoryEvent>(&app).contains(&StoryEvent(Trigger::SurgeOver)));
    // The treatment swarm is still wild while Mira is in the dream.
    app.update();
    let s = app.world().resource::<Swarms>();
    assert!(
        s.sim
            .flocks
            .iter()
            .any(|f| f.mode == SwarmMode::Malfunction)
    );
}

#[test]
fn without_reduced_flashing_the_lights_stutter_within_the_limit() {
    let (_, samples) = surge_in_the_treatment_room(false);
    let worst = worst_flashes_per_second(&samples, 1.0 / 60.0);
    assert!(
        (1..=3).contains(&worst),
        "{worst} flashes in the worst second"
    );
}

#[test]
fn a_recalibrating_swarm_comes_back_calm_and_teal() {
    let complex = complex_on_disk();
    let room = complex.room_named("Treatment").unwrap();
    let mut sim = room_swarm(room, Some(SwarmMode::Recalibrating), 9);
    let mut calm = sim.clone();
    for f in &mut calm.flocks {
        f.set_mode(SwarmMode::Calm);
    }
    let start = biodental::swarm::colour(&sim.flocks[0], 0, 0.0, true, SwarmPalette::Standard);
    assert_ne!(
        start,
        biodental::swarm::colour(&calm.flocks[0], 0, 0.0, true, SwarmPalette::Standard)
    );
    let steps = (biodental_swarm::RECALIBRATION / DT).ceil() as usize + 1;
    for _ in 0..steps {
        sim.step(DT);
    }
    let f = &sim.flocks[0];
    assert_eq!(f.effective_mode(), SwarmMode::Calm);
    assert_eq!(f.recalibrated(), 1.0);
    // The story's mode stays; the look is calm teal.
    assert_eq!(f.mode, SwarmMode::Recalibrating);
    assert_eq!(
        biodental::swarm::colour(f, 0, 0.0, true, SwarmPalette::Standard),
        biodental::swarm::colour(&calm.flocks[0], 0, 0.0, true, SwarmPalette::Standard)
    );
}
