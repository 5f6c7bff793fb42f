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
    let log = &app.world().resource::<DialogueLog>().entries;
    let said = log.len();
    assert!(said > 60, "the log holds the whole game: {said} lines");
    // Some weeks later, at Leo's school: his teacher spoke, and so did Jasper
    // in the hall (his talk there is what lets Mira leave).
    assert!(
        log.iter().any(|e| e.speaker == "Ms. Lindqvist"),
        "Leo's teacher is heard"
    );
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
    // The new places were walked through, the classroom before the hall.
    let rooms: Vec<&str> = outcome.rooms.iter().map(|m| m.room.as_str()).collect();
    let class = rooms.iter().position(|r| r.contains("Class 4B"));
    let hall = rooms.iter().position(|r| r.contains("School Hall"));
    assert!(class.is_some() && class < hall, "{rooms:?}");
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

/// `biodental playtest` prints a line per zone and a total for each player
/// and mode asked for; run again, it plays the same way (the swarms start
/// from fixed seeds; only when a room's tiles finish loading, on another
/// thread, may shift a zone by a few frames).
#[test]
fn playtest_prints_a_line_per_zone_and_a_total_and_plays_the_same_again() {
    let run = || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_biodental"))
            .args(["playtest", "--mode", "easier", "--player", "careless"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| l.starts_with("playtest "))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let lines = run();
    println!("{}", lines.join("\n"));
    assert_eq!(lines.len(), 5, "four zones and a total: {lines:#?}");
    for (i, line) in lines[..4].iter().enumerate() {
        let start = format!("playtest mode=easier player=careless zone={} won=", i + 1);
        assert!(line.starts_with(&start), "{line}");
        assert!(
            line.contains(" retries=") && line.contains(" seconds=") && line.contains(" calm_min="),
            "{line}"
        );
    }
    assert!(
        lines[4].starts_with("playtest mode=easier player=careless total_retries="),
        "{}",
        lines[4]
    );
    // The same outcome in every zone, and about the same time.
    let field = |line: &str, name: &str| -> String {
        line.split(' ')
            .find_map(|w| w.strip_prefix(&format!("{name}=")))
            .unwrap_or_default()
            .to_string()
    };
    let again = run();
    assert_eq!(again.len(), lines.len(), "{again:#?}");
    for (a, b) in lines.iter().zip(&again) {
        for name in ["zone", "won", "retries", "total_retries"] {
            assert_eq!(field(a, name), field(b, name), "{a}\n{b}");
        }
        let (sa, sb): (f32, f32) = (
            field(a, "seconds").parse().unwrap(),
            field(b, "seconds").parse().unwrap(),
        );
        assert!((sa - sb).abs() <= 1.0, "{a}\n{b}");
    }
}

/// The difficulty bounds that hold today (see `biodental playtest`): in
/// standard mode the careful player wins every zone with no retry; in the
/// easier mode the careless player wins with at most one retry.
#[test]
fn the_careful_player_wins_without_a_retry_and_the_easier_mode_forgives_the_careless() {
    use biodental::autoplay::{Skill, playtest};
    use biodental::model::DreamBattle;
    let saves = fresh_dir("playtest");
    let careful = playtest(DreamBattle::Standard, Skill::Careful, &saves);
    println!("{}", careful.lines().join("\n"));
    assert!(careful.won && careful.zones.len() == 4, "{careful:?}");
    assert_eq!(careful.total_retries(), 0, "{careful:?}");
    let careless = playtest(DreamBattle::Easier, Skill::Careless, &saves);
    println!("{}", careless.lines().join("\n"));
    assert!(
        careless.won && careless.total_retries() <= 1,
        "{careless:?}"
    );
    std::fs::remove_dir_all(&saves).ok();
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
        (
            &["playtest", "--mode", "hard"],
            "'hard' is not a mode (use standard or easier)",
        ),
        (
            &["playtest", "--player=pro"],
            "'pro' is not a player (use careless or careful)",
        ),
        (&["playtest", "zone2"], "unexpected argument 'zone2'"),
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
    for command in [
        "capture-tour",
        "check-levels",
        "check-story",
        "autoplay",
        "playtest",
    ] {
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
