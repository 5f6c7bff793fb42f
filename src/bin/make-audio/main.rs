//! `make-audio`: synthesises all of BioDental's music and sound effects
//! from code and writes them as Ogg Vorbis.
//!
//! `cargo run --release --features make-audio --bin make-audio` rewrites
//! `assets/audio/music/*.ogg` and `assets/audio/sfx/*.ogg`; `--check`
//! renders them in memory and fails if a committed file differs. The
//! output is the same on every run: the synthesiser uses its own seeded
//! random numbers, and every stream has a fixed serial number.
//!
//! The Vorbis encoder (libvorbis, through `vorbis_rs`) is only built with
//! the `make-audio` feature: the game never compiles it.

mod instruments;
mod music;
mod sfx;
mod synth;

use std::num::{NonZeroU8, NonZeroU32};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use vorbis_rs::{VorbisBitrateManagementStrategy, VorbisEncoderBuilder};

/// Music peaks here (-2.5 dBFS) before encoding: Vorbis adds ripple of
/// about a decibel, and the files must stay under -1 dBFS.
const MUSIC_PEAK: f32 = 0.75;
/// Vorbis quality (-0.2 .. 1): music a little higher than the effects.
const MUSIC_QUALITY: f32 = 0.0;
const SFX_QUALITY: f32 = 0.1;

/// Encodes `channels` (one slice per channel, equal lengths) as Ogg
/// Vorbis, with a serial number derived from the file's name.
fn encode(name: &str, channels: &[&[f32]], quality: f32) -> Result<Vec<u8>, String> {
    let count = NonZeroU8::new(channels.len() as u8).ok_or("no channels")?;
    let rate = NonZeroU32::new(synth::RATE).ok_or("no sample rate")?;
    let serial = name
        .bytes()
        .fold(0x5eed_i32, |h, b| h.wrapping_mul(31).wrapping_add(b as i32));
    let mut builder = VorbisEncoderBuilder::new_with_serial(rate, count, Vec::new(), serial);
    builder.bitrate_management_strategy(VorbisBitrateManagementStrategy::QualityVbr {
        target_quality: quality,
    });
    let mut encoder = builder.build().map_err(|e| format!("{name}: {e}"))?;
    // Blocks of a second keep the encoder's buffers small.
    let len = channels[0].len();
    let block = synth::RATE as usize;
    let mut at = 0;
    while at < len {
        let end = (at + block).min(len);
        let part: Vec<&[f32]> = channels.iter().map(|c| &c[at..end]).collect();
        encoder
            .encode_audio_block(&part)
            .map_err(|e| format!("{name}: {e}"))?;
        at = end;
    }
    encoder.finish().map_err(|e| format!("{name}: {e}"))
}

/// Every generated file, relative to the repository root.
fn outputs() -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut out = Vec::new();
    for song in music::songs() {
        let audio = music::render(&song, MUSIC_PEAK);
        let bytes = encode(song.name, &[&audio.l, &audio.r], MUSIC_QUALITY)?;
        out.push((format!("assets/audio/music/{}.ogg", song.name), bytes));
    }
    for effect in sfx::effects() {
        if effect.clicks() {
            return Err(format!(
                "{}: it clicks where it starts or ends",
                effect.name
            ));
        }
        let bytes = encode(effect.name, &[&effect.samples], SFX_QUALITY)?;
        out.push((format!("assets/audio/sfx/{}.ogg", effect.name), bytes));
    }
    Ok(out)
}

fn main() -> ExitCode {
    let mut check = false;
    for a in std::env::args().skip(1) {
        match a.as_str() {
            "--check" => check = true,
            "-h" | "--help" => {
                println!("usage: make-audio [--check]");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("make-audio: unknown argument {other:?} (try --help)");
                return ExitCode::from(2);
            }
        }
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let files = match outputs() {
        Ok(files) => files,
        Err(e) => {
            eprintln!("make-audio: cannot encode {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut stale = Vec::new();
    let mut total = 0;
    for (rel, bytes) in &files {
        total += bytes.len();
        let path = root.join(rel);
        if check {
            if std::fs::read(&path).ok().as_deref() != Some(&bytes[..]) {
                stale.push(rel);
            }
        } else if let Err(e) = write(&path, bytes) {
            eprintln!("make-audio: cannot write {rel}: {e}");
            return ExitCode::FAILURE;
        }
    }
    for rel in &stale {
        eprintln!(
            "make-audio: {rel} differs from what the generator makes; run `cargo run --release --features make-audio --bin make-audio`"
        );
    }
    if !stale.is_empty() {
        return ExitCode::FAILURE;
    }
    println!("make-audio: {} files, {} KiB", files.len(), total / 1024);
    ExitCode::SUCCESS
}

fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, bytes)
}
