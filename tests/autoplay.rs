//! The whole game played headless with synthetic keys, from New game to
//! each ending: Mira walks, talks, chooses, runs to the VR rig and fights
//! the dream battle through the real systems. Each ending is reached, and
//! the timeline goes through every act in order.

mod common;

use biodental::autoplay::{self, Outcome, describe};
use biodental::dialogue::DialogueLog;
use biodental_story::{Act, Ending};
use common::*;

fn play_to(ending: Ending) -> Outcome {
    let mut app = headless_app();
    let outcome = autoplay::run(&mut app, ending, |e| println!("{}", describe(e)))
        .unwrap_or_else(|e| panic!("{e}"));
    let said = app.world().resource::<DialogueLog>().entries.len();
    assert!(said > 60, "the log holds the whole game: {said} lines");
    println!(
        "{ending:?}: {} of game time, {} frames, {:.1} s wall-clock",
        autoplay::clock(outcome.end.time),
        outcome.end.frame,
        outcome.wall.as_secs_f64()
    );
    outcome
}

fn reaches(ending: Ending) {
    let outcome = play_to(ending);
    assert_eq!(outcome.ending, ending);
    let acts: Vec<Act> = outcome.timeline.iter().filter_map(|m| m.act).collect();
    assert_eq!(acts, Act::ALL, "the acts, in order");
    assert!(
        outcome.timeline.windows(2).all(|w| w[0].frame < w[1].frame),
        "{:?}",
        outcome.timeline
    );
    // The battle was fought with keys, not skipped.
    let dream = outcome.dream.expect("the dream battle is reported");
    assert!(dream.won && dream.pulses > 0, "{dream:?}");
}

#[test]
fn autoplay_reaches_the_hybrid_ending() {
    reaches(Ending::Hybrid);
}

#[test]
fn autoplay_reaches_the_clinical_ending() {
    reaches(Ending::Clinical);
}

#[test]
fn autoplay_reaches_the_traditional_ending() {
    reaches(Ending::Traditional);
}

/// Runs the `biodental` command with `args`: its exit code and what it wrote
/// to stderr.
fn run_biodental(
    args: impl IntoIterator<Item = impl AsRef<std::ffi::OsStr>>,
) -> (Option<i32>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_biodental"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A wrong command line is named, with the usage, and exits with 2 before
/// any game is built.
#[test]
fn autoplay_names_a_wrong_flag_or_ending() {
    for (args, said) in [
        (&["autoplay"][..], "--ending is required"),
        (&["autoplay", "--ending"], "--ending needs a name"),
        (
            &["autoplay", "--ending", "happy"],
            "unknown ending 'happy' (use hybrid, clinical or traditional)",
        ),
        (&["autoplay", "--fast"], "unknown option '--fast'"),
    ] {
        let (code, stderr) = run_biodental(args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(said), "{args:?}: {stderr}");
        assert!(stderr.contains("usage:"), "{args:?}: {stderr}");
    }
}

/// `capture-tour` into a folder that cannot be created says which folder
/// and why, and exits with 2 before any window opens.
#[test]
fn capture_tour_names_a_folder_it_cannot_create() {
    let dir = fresh_dir("capture-tour");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("not-a-folder");
    std::fs::write(&file, "").unwrap();
    let shots = file.join("shots");
    let (code, stderr) = run_biodental([std::ffi::OsStr::new("capture-tour"), shots.as_os_str()]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot create the folder '{}'", shots.display())),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// Every command answers `--help` with the usage, and does nothing else:
/// `capture-tour --help` creates no folder called `--help`.
#[test]
fn every_command_answers_help() {
    let cwd = fresh_dir("help");
    std::fs::create_dir_all(&cwd).unwrap();
    for command in ["capture-tour", "check-levels", "check-story", "autoplay"] {
        for help in ["--help", "-h"] {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_biodental"))
                .args([command, help])
                .current_dir(&cwd)
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(out.status.success(), "{command} {help}: {}", out.status);
            assert!(stdout.contains("usage:"), "{command} {help}: {stdout}");
        }
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_biodental"))
        .args(["capture-tour", "--shots"])
        .current_dir(&cwd)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("unknown option '--shots'"), "{stderr}");
    let made: Vec<_> = std::fs::read_dir(&cwd).unwrap().collect();
    assert!(made.is_empty(), "--help made {made:?}");
    std::fs::remove_dir_all(&cwd).ok();
}
