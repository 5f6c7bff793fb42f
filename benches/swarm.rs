//! One step of the nanobot simulation, with its neighbour grid and the sync
//! to the nanobot entities, at N = 1,000, 10,000 and 50,000 nanobots at a
//! fixed density (about three neighbours within the interaction radius),
//! and the same step with an all-pairs neighbour search at N = 2,000 for
//! comparison. Besides criterion's report, prints one line per case:
//!
//! ```text
//! swarm_step n=10000 ns_per_nanobot=41.7 neighbours=3.1
//! all_pairs n=2000 ns_per_nanobot=...
//! soak n=10000 steps=10000 entities_before=10000 entities_after=10000 rss_kib_before=... rss_kib_after=...
//! ```
//!
//! Run with `cargo bench --bench swarm` (one core is enough: nothing here
//! runs in parallel).

use std::hint::black_box;
use std::time::{Duration, Instant};

use bevy::prelude::*;
use criterion::{Criterion, criterion_group, criterion_main};

use biodental::model::vocab::{SwarmMode, SwarmShape};
use biodental::model::{Nanobot, Swarms};
use biodental::swarm::sync_nanobots;
use biodental_swarm::{FlockSpec, Swarm, Walls};
use biodental_swarm::{NEIGHBOUR_RADIUS, Search};

/// Nanobots per flock.
const FLOCK: u32 = 100;
/// Neighbours each nanobot should have within the radius.
const DENSITY: f32 = 3.0;
/// The game's fixed step (64 Hz).
const DT: f32 = 1.0 / 64.0;

/// A square world of calm flocks (turning clouds) at the benchmark's
/// density, settled for a second of game time.
fn swarm(n: u32) -> Swarm {
    // Area per nanobot so that a disc of the radius holds DENSITY others.
    let per_bot = std::f32::consts::PI * NEIGHBOUR_RADIUS * NEIGHBOUR_RADIUS / DENSITY;
    let flocks = n.div_ceil(FLOCK);
    let per_side = (flocks as f32).sqrt().ceil() as u32;
    let spacing = (FLOCK as f32 * per_bot).sqrt();
    let radius = (FLOCK as f32 * per_bot / std::f32::consts::PI).sqrt();
    let side = per_side as f32 * spacing;
    let mut sim = Swarm::new(Walls::open(Vec2::splat(side), 16.0), 7);
    for f in 0..flocks {
        let (fx, fy) = ((f % per_side) as f32, (f / per_side) as f32);
        sim.add_flock(&FlockSpec {
            mode: SwarmMode::Calm,
            shape: SwarmShape::Cloud,
            home: Vec2::new(fx + 0.5, fy + 0.5) * spacing,
            radius,
            target: None,
            count: FLOCK.min(n - f * FLOCK),
        });
    }
    for _ in 0..64 {
        sim.step(DT);
    }
    sim
}

/// A world holding the swarm and one entity per nanobot, and the schedule
/// the game runs each fixed step: simulate, then sync the entities.
fn world(n: u32) -> (World, Schedule) {
    let sim = swarm(n);
    let mut world = World::new();
    world.spawn_batch((0..sim.len() as u32).map(|i| (Nanobot(i), Transform::default())));
    let mut swarms = Swarms::default();
    swarms.set_sim(sim);
    world.insert_resource(swarms);
    // One core: the systems run one after the other on this thread.
    let mut schedule = Schedule::default();
    schedule.set_executor(bevy::ecs::schedule::SingleThreadedExecutor::new());
    schedule.add_systems(((|mut s: ResMut<Swarms>| s.sim.step(DT)), sync_nanobots).chain());
    schedule.run(&mut world);
    (world, schedule)
}

/// Nanoseconds per nanobot per step, measured over about a second.
fn per_nanobot(n: usize, mut run: impl FnMut()) -> f64 {
    run();
    let mut steps = 0u32;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(1) || steps < 10 {
        run();
        steps += 1;
    }
    start.elapsed().as_nanos() as f64 / steps as f64 / n as f64
}

fn bench(c: &mut Criterion) {
    let mut lines = Vec::new();
    let mut group = c.benchmark_group("swarm");
    group.sample_size(20);
    for n in [1_000u32, 10_000, 50_000] {
        let (mut world, mut schedule) = world(n);
        group.bench_function(format!("swarm_step/{n}"), |b| {
            b.iter(|| schedule.run(&mut world))
        });
        let ns = per_nanobot(n as usize, || schedule.run(&mut world));
        let neighbours = world.resource::<Swarms>().sim.mean_neighbours();
        lines.push(format!(
            "swarm_step n={n} ns_per_nanobot={ns:.1} neighbours={neighbours:.1}"
        ));
    }
    let n = 2_000u32;
    let mut sim = swarm(n);
    group.bench_function(format!("all_pairs/{n}"), |b| {
        b.iter(|| sim.step_by(DT, Search::AllPairs))
    });
    let ns = per_nanobot(n as usize, || sim.step_by(DT, black_box(Search::AllPairs)));
    lines.push(format!("all_pairs n={n} ns_per_nanobot={ns:.1}"));
    group.finish();
    lines.push(soak(10_000, 10_000));
    for line in lines {
        println!("{line}");
    }
}

/// Resident memory of this process in KiB (Linux), for the soak run.
fn resident_kib() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4)
}

/// `n` nanobots for `steps` fixed steps: entities and memory before and after.
fn soak(n: u32, steps: u32) -> String {
    let (mut world, mut schedule) = world(n);
    let mut bots = world.query::<&Nanobot>();
    let entities_before = bots.iter(&world).count();
    let rss_before = resident_kib();
    for _ in 0..steps {
        schedule.run(&mut world);
    }
    let entities_after = bots.iter(&world).count();
    let rss_after = resident_kib();
    let kib = |r: Option<u64>| r.map_or("n/a".to_string(), |k| k.to_string());
    format!(
        "soak n={n} steps={steps} entities_before={entities_before} entities_after={entities_after} rss_kib_before={} rss_kib_after={}",
        kib(rss_before),
        kib(rss_after)
    )
}

criterion_group!(benches, bench);
criterion_main!(benches);
