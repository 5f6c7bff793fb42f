//! The exploration `check-story` runs: every path through the story from a
//! new game, on the story as shipped. Besides criterion's report, prints
//! one line:
//!
//! ```text
//! story_explore states=... steps=... ms=...
//! ```
//!
//! Run with `cargo bench --bench story`.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};

use biodental_story::{Story, explore};

fn bench(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/story");
    let story = Story::read_dir(&dir).unwrap_or_else(|e| panic!("the story does not load:\n{e}"));
    let mut group = c.benchmark_group("story");
    group.sample_size(10);
    group.bench_function("explore", |b| b.iter(|| explore(black_box(&story))));
    group.finish();
    let start = Instant::now();
    let ex = explore(&story);
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    assert!(!ex.truncated, "{:?}", ex.stopped);
    println!(
        "story_explore states={} steps={} ms={ms:.1}",
        ex.states, ex.steps
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
