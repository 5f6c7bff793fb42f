//! Soak: ten minutes of simulated play (36,000 frames at 60 Hz) through the
//! autoplay driver — every act, back and forth between the rooms, every
//! conversation, the surge and the dream battle fought, new games one after
//! another, each aiming for the next ending — sampling once a simulated
//! minute the live entities, the live heap and its peak (a counting global
//! allocator) and the resident memory (`/proc/self/statm`, where there is
//! one). Prints a table and the growth from the first minute to the last.
//! How many entities there are depends on the room and the act, so they
//! are also compared at the same point of play: each act's start in the
//! second game and in the last. Exits with 1 if the live heap grew by more
//! than a small tolerance from the first minute to the last, or the
//! entities or the live heap at the same point of play.
//!
//! Run with `cargo bench --bench soak`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use bevy::prelude::*;

use biodental::autoplay::{self, Autoplay, Event};
use biodental::headless::Headless;
use biodental_story::{Act, Ending};

/// The system allocator, counting the bytes live and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call goes straight to `System`; the counters only observe.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract, passed on.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Frames a simulated minute, and minutes played.
const MINUTE: u64 = 3_600;
const MINUTES: u64 = 10;

/// Growth allowed in the live heap from the first minute to the last.
const HEAP_TOLERANCE: f64 = 0.05;
/// Growth allowed at the same point of play, a game or more later:
/// entities, and live heap.
const ENTITY_TOLERANCE: f64 = 0.01;
const SAME_POINT_HEAP_TOLERANCE: f64 = 0.01;

const ENDINGS: [Ending; 3] = [Ending::Hybrid, Ending::Clinical, Ending::Traditional];

/// One sample.
struct Sample {
    minute: u64,
    at: String,
    games: usize,
    entities: u32,
    live: usize,
    peak: usize,
    rss_kib: Option<u64>,
}

/// Resident memory of this process in KiB (Linux).
fn resident_kib() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4)
}

fn sample(app: &App, player: &Autoplay, minute: u64, games: usize) -> Sample {
    let mark = player.mark(app);
    Sample {
        minute,
        at: format!("{} {}", mark.act.map_or("-", |a| a.name()), mark.room),
        games,
        entities: app.world().entities().count_spawned(),
        live: LIVE.load(Ordering::Relaxed),
        peak: PEAK.load(Ordering::Relaxed),
        rss_kib: resident_kib(),
    }
}

fn growth(first: f64, last: f64) -> f64 {
    (last - first) / first.max(1.0)
}

fn main() -> ExitCode {
    // `cargo bench` passes `--bench`; nothing here takes options.
    let saves = std::env::temp_dir().join(format!("biodental-soak-{}", std::process::id()));
    let mut app = Headless::new(&saves).build();
    let started = Instant::now();
    let mut game = 0;
    let mut player = Autoplay::new(ENDINGS[0]);
    let mut samples = Vec::new();
    // Each act's start, game by game: the same point of play, to compare.
    let mut starts: Vec<(usize, Act, Sample)> = Vec::new();
    let mut frame = 0;
    while frame < MINUTE * MINUTES {
        let events = match player.frame(&mut app) {
            Ok(events) => events,
            Err(e) => {
                eprintln!("soak: {e}");
                return ExitCode::FAILURE;
            }
        };
        frame += 1;
        for event in &events {
            println!("{}", autoplay::describe(event));
            match event {
                Event::Act(mark) => {
                    if let Some(act) = mark.act {
                        starts.push((game, act, sample(&app, &player, frame / MINUTE, game)));
                    }
                }
                Event::Over(_) => {
                    game += 1;
                    player.aim(ENDINGS[game % ENDINGS.len()]);
                }
                _ => {}
            }
        }
        if frame % MINUTE == 0 {
            samples.push(sample(&app, &player, frame / MINUTE, game));
        }
    }
    let wall = started.elapsed();
    drop(app);
    let _ = std::fs::remove_dir_all(&saves);

    println!();
    println!(
        "{:>6}  {:<36} {:>5}  {:>8}  {:>13}  {:>13}  {:>9}",
        "minute", "act and room", "games", "entities", "live heap KiB", "peak heap KiB", "RSS KiB"
    );
    for s in &samples {
        println!(
            "{:>6}  {:<36} {:>5}  {:>8}  {:>13}  {:>13}  {:>9}",
            s.minute,
            s.at,
            s.games,
            s.entities,
            s.live / 1024,
            s.peak / 1024,
            s.rss_kib.map_or("n/a".into(), |k| k.to_string())
        );
    }
    let (first, last) = (&samples[0], &samples[samples.len() - 1]);
    let entities = growth(first.entities as f64, last.entities as f64);
    let heap = growth(first.live as f64, last.live as f64);
    println!(
        "\nminute {} to {}: entities {} -> {} ({:+.1} %), live heap {} -> {} KiB ({:+.1} %), RSS {} -> {} KiB; {:.1} s wall-clock",
        first.minute,
        last.minute,
        first.entities,
        last.entities,
        entities * 100.0,
        first.live / 1024,
        last.live / 1024,
        heap * 100.0,
        first.rss_kib.map_or("n/a".into(), |k| k.to_string()),
        last.rss_kib.map_or("n/a".into(), |k| k.to_string()),
        wall.as_secs_f64()
    );
    println!(
        "\n{:<12} {:>5}  {:>8}  {:>13}",
        "act begins", "game", "entities", "live heap KiB"
    );
    for (game, act, s) in &starts {
        println!(
            "{:<12} {:>5}  {:>8}  {:>13}",
            act.name(),
            game + 1,
            s.entities,
            s.live / 1024
        );
    }
    let mut failed = false;
    if heap > HEAP_TOLERANCE {
        eprintln!(
            "soak: the live heap grew by more than {:.0} % from the first minute to the last",
            HEAP_TOLERANCE * 100.0
        );
        failed = true;
    }
    // Entities depend on where Mira is, so they are compared where play
    // is at the same point: each act's start in the second game and in the
    // last (the first game makes a few things once, for good).
    let last_game = starts.iter().map(|(g, _, _)| *g).max().unwrap_or(0);
    for (act, second) in starts
        .iter()
        .filter(|(g, _, _)| *g == 1)
        .map(|(_, a, s)| (a, s))
    {
        let Some((_, _, last)) = starts
            .iter()
            .rev()
            .find(|(g, a, _)| *g == last_game && a == act)
            .filter(|_| last_game > 1)
        else {
            continue;
        };
        let e = growth(second.entities as f64, last.entities as f64);
        let h = growth(second.live as f64, last.live as f64);
        println!(
            "{} begins: game 2 -> {}: entities {} -> {} ({:+.1} %), live heap {} -> {} KiB ({:+.1} %)",
            act.name(),
            last_game + 1,
            second.entities,
            last.entities,
            e * 100.0,
            second.live / 1024,
            last.live / 1024,
            h * 100.0
        );
        if e > ENTITY_TOLERANCE || h > SAME_POINT_HEAP_TOLERANCE {
            eprintln!(
                "soak: more at the start of {} than a game before",
                act.name()
            );
            failed = true;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
