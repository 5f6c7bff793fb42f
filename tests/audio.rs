//! The sound: the plugin runs in a headless game (with the sound output,
//! which finds no sound card on a server) through act changes; the
//! generator renders the same samples every time; the committed files are
//! loops of the right length with headroom and no offset.

#![allow(dead_code)]

mod common;

#[path = "../src/bin/make-audio/instruments.rs"]
mod instruments;
#[path = "../src/bin/make-audio/music.rs"]
mod music;
#[path = "../src/bin/make-audio/sfx.rs"]
mod sfx;
#[path = "../src/bin/make-audio/synth.rs"]
mod synth;

use bevy::prelude::*;
use bevy_kira_audio::prelude::{Frame, StaticSoundData};
use biodental::audio::{Music, Output, Track, Volumes};
use biodental_story::{Act, StoryState};
use common::*;

fn playing(app: &App) -> Option<Track> {
    app.world().resource::<Music>().playing
}

#[test]
fn music_follows_the_acts_with_or_without_a_sound_card() {
    #[allow(unreachable_code)]
    let mut app = headless_app_with_sound();
    // Silent, in case the machine running the tests has speakers.
    app.insert_resource(Volumes {
        master: 0.0,
        ..Volumes::default()
    });
    to_title(&mut app);
    run_until(&mut app, "the title music", |app| {
        playing(app) == Some(Track::Title)
    });
    new_game(&mut app);
    assert_eq!(playing(&app), Some(Track::Arrival));
    app.world_mut().resource_mut::<StoryState>().act = Act::Doubts;
    run_until(&mut app, "the music of the second act", |app| {
        playing(app) == Some(Track::Doubts)
    });
    for _ in 0..10 {
        app.update();
    }
    // With a sound card it plays; without, it has noticed and stays quiet.
    let output = app.world().resource::<Output>().clone();
    assert!(
        matches!(output, Output::Working | Output::Silent),
        "the output was never probed: {output:?}"
    );
}

#[test]
fn the_plugin_runs_without_any_output() {
    #[allow(unreachable_code)]
    let mut app = headless_app();
    new_game(&mut app);
    assert_eq!(playing(&app), Some(Track::Arrival));
    assert_eq!(*app.world().resource::<Output>(), Output::Silent);
}

#[test]
fn the_generator_renders_the_same_samples_every_time() {
    let a: Vec<Vec<f32>> = sfx::effects().into_iter().map(|e| e.samples).collect();
    let b: Vec<Vec<f32>> = sfx::effects().into_iter().map(|e| e.samples).collect();
    assert_eq!(a, b);
    let songs = music::songs();
    let song = songs.iter().find(|s| s.name == "arrival").unwrap();
    assert_eq!(music::render(song, 0.8), music::render(song, 0.8));
}

#[test]
fn effects_start_and_end_without_a_click() {
    for e in sfx::effects() {
        assert!(!e.clicks(), "{} clicks", e.name);
    }
}

fn decode(path: &std::path::Path) -> Vec<Frame> {
    let data = StaticSoundData::from_file(path)
        .unwrap_or_else(|e| panic!("{} does not decode: {e}", path.display()));
    data.frames.to_vec()
}

/// Peak (linear), RMS (dBFS) and mean of a decoded file.
fn measure(frames: &[Frame]) -> (f32, f32, f32) {
    let samples = frames.iter().flat_map(|f| [f.left, f.right]);
    let (mut peak, mut sum, mut sq, mut n) = (0.0f32, 0.0f64, 0.0f64, 0usize);
    for s in samples {
        peak = peak.max(s.abs());
        sum += s as f64;
        sq += (s as f64) * (s as f64);
        n += 1;
    }
    let rms = (sq / n as f64).sqrt();
    (peak, 20.0 * rms.log10() as f32, (sum / n as f64) as f32)
}

#[test]
fn the_committed_music_loops_with_headroom() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for song in music::songs() {
        let path = root.join(format!("assets/audio/music/{}.ogg", song.name));
        let frames = decode(&path);
        let expected = synth::samples(song.seconds());
        assert_eq!(frames.len(), expected, "{}: loop length", song.name);
        let (peak, rms, mean) = measure(&frames);
        assert!(peak <= 0.891, "{}: peak {peak} above -1 dBFS", song.name);
        assert!(
            (-30.0..=-10.0).contains(&rms),
            "{}: loudness {rms} dBFS",
            song.name
        );
        assert!(mean.abs() < 0.01, "{}: offset {mean}", song.name);
        // The loop point: the step from the end to the start is like any other.
        let (first, last) = (frames[0], frames[frames.len() - 1]);
        assert!(
            (first.left - last.left).abs() < 0.2 && (first.right - last.right).abs() < 0.2,
            "{}: the loop point jumps",
            song.name
        );
    }
}

#[test]
fn the_committed_effects_decode_with_headroom() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for e in sfx::effects() {
        let path = root.join(format!("assets/audio/sfx/{}.ogg", e.name));
        let frames = decode(&path);
        assert_eq!(frames.len(), e.samples.len(), "{}: length", e.name);
        let (peak, _, mean) = measure(&frames);
        assert!(peak <= 0.97, "{}: peak {peak}", e.name);
        assert!(mean.abs() < 0.02, "{}: offset {mean}", e.name);
    }
}
