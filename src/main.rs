//! The `biodental` binary: play the game, or check the levels and the story.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
BioDental: a narrative adventure in the dental complex of 2045.

usage:
  biodental                      play
  biodental check-levels [FILE]  check LDtk level files (default: every .ldtk in the
                                 game's levels/, beside the program)
  biodental check-story [DIR]    check the story and its dialogue (default: the game's
                                 assets/story/) against the levels the game plays,
                                 playing every path through it
  biodental capture-tour DIR     play a scripted tour and save screenshots into DIR
  biodental autoplay --ending NAME
                                 play the whole game headless, with synthetic keys, to the
                                 ending NAME (hybrid, clinical or traditional), printing
                                 the acts as they begin
  biodental playtest [--mode standard|easier] [--player careless|careful]
                                 play the dream battle headless with scripted players of
                                 different skill (default: every player in every mode),
                                 printing one line per player, mode and zone, and a total
  biodental --help | --version";

fn main() -> ExitCode {
    // In the browser there is no command line: the game is all there is, and
    // the commands' code stays out of the download.
    if cfg!(target_arch = "wasm32") {
        return run(biodental::GameOptions::default());
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `biodental COMMAND --help` explains, whatever the command (rather than,
    // say, making a folder called "--help").
    if args.iter().skip(1).any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    match args.first().map(String::as_str) {
        None => run(biodental::GameOptions::default()),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some("-V" | "--version") => {
            println!("biodental {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some("check-levels") => check_levels(&args[1..]),
        Some("check-story") => check_story(&args[1..]),
        Some("capture-tour") => match args.get(1) {
            Some(flag) if flag.starts_with('-') => {
                usage_error(&format!("capture-tour: unknown option '{flag}'"))
            }
            Some(dir) if args.len() == 2 => {
                // The screenshots cannot be written into a folder that is not there.
                if let Err(e) = std::fs::create_dir_all(dir) {
                    eprintln!("biodental capture-tour: cannot create the folder '{dir}': {e}");
                    return ExitCode::from(2);
                }
                run(biodental::GameOptions {
                    capture: Some(PathBuf::from(dir)),
                })
            }
            _ => usage_error("capture-tour takes one folder"),
        },
        #[cfg(not(target_arch = "wasm32"))]
        Some("autoplay") => autoplay(&args[1..]),
        #[cfg(not(target_arch = "wasm32"))]
        Some("playtest") => playtest(&args[1..]),
        Some(other) => usage_error(&format!("unknown command or option '{other}'")),
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("biodental: {message}\n\n{USAGE}");
    ExitCode::from(2)
}

fn run(options: biodental::GameOptions) -> ExitCode {
    match biodental::game_app(options).run() {
        bevy::app::AppExit::Success => ExitCode::SUCCESS,
        bevy::app::AppExit::Error(code) => ExitCode::from(code.get()),
    }
}

fn check_levels(args: &[String]) -> ExitCode {
    if let Some(flag) = args.iter().find(|a| a.starts_with('-')) {
        return usage_error(&format!("check-levels: unknown option '{flag}'"));
    }
    let files: Vec<PathBuf> = args.iter().map(PathBuf::from).collect();
    let results = match biodental::world::check::check_files(&files) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("biodental check-levels: {e}");
            return ExitCode::from(2);
        }
    };
    let mut failed = false;
    for (file, problems) in results {
        if problems.is_empty() {
            println!("{file}: ok");
        } else {
            failed = true;
            for p in &problems {
                println!("{p}");
            }
            eprintln!(
                "{file}: {} problem{}",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            );
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn check_story(args: &[String]) -> ExitCode {
    if let Some(flag) = args.iter().find(|a| a.starts_with('-')) {
        return usage_error(&format!("check-story: unknown option '{flag}'"));
    }
    if args.len() > 1 {
        return usage_error("check-story takes at most one folder");
    }
    let root = biodental::game_root();
    let dir = args
        .first()
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("assets/story"));
    let levels = root.join(biodental::core::LEVELS_FILE);
    let report = biodental_story::check_on_disk(&dir, &levels);
    for p in &report.problems {
        println!("{p}");
    }
    if let Some(summary) = &report.summary {
        eprintln!("{}: {summary}", dir.display());
    }
    if report.problems.is_empty() {
        println!("{}: ok", dir.display());
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "{}: {} problem{}",
            dir.display(),
            report.problems.len(),
            if report.problems.len() == 1 { "" } else { "s" }
        );
        ExitCode::FAILURE
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn autoplay(args: &[String]) -> ExitCode {
    let endings = "hybrid, clinical or traditional";
    let mut ending = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let (flag, value) = match arg.split_once('=') {
            Some((f, v)) => (f, Some(v.to_string())),
            None => (arg.as_str(), None),
        };
        match flag {
            "--ending" => {
                let Some(name) = value.or_else(|| rest.next().cloned()) else {
                    return usage_error(&format!("autoplay: --ending needs a name: {endings}"));
                };
                match biodental::autoplay::ending_named(&name) {
                    Some(e) => ending = Some(e),
                    None => {
                        return usage_error(&format!(
                            "autoplay: --ending: unknown ending '{name}' (use {endings})"
                        ));
                    }
                }
            }
            _ if flag.starts_with('-') => {
                return usage_error(&format!("autoplay: unknown option '{flag}'"));
            }
            _ => return usage_error(&format!("autoplay: unexpected argument '{arg}'")),
        }
    }
    let Some(ending) = ending else {
        return usage_error(&format!("autoplay: --ending is required ({endings})"));
    };
    match biodental::autoplay::play_and_print(ending) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("biodental autoplay: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn playtest(args: &[String]) -> ExitCode {
    use biodental::autoplay::Skill;
    use biodental::model::DreamBattle;
    let mut modes = vec![DreamBattle::Standard, DreamBattle::Easier];
    let mut skills = Skill::ALL.to_vec();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) => (f, Some(v.to_string())),
            None => (arg.as_str(), None),
        };
        if !flag.starts_with('-') {
            return usage_error(&format!("playtest: unexpected argument '{arg}'"));
        }
        if flag != "--mode" && flag != "--player" {
            return usage_error(&format!("playtest: unknown option '{flag}'"));
        }
        let value = inline.or_else(|| rest.next().cloned()).unwrap_or_default();
        if flag == "--mode" {
            modes = match value.as_str() {
                "standard" => vec![DreamBattle::Standard],
                "easier" => vec![DreamBattle::Easier],
                _ => {
                    return usage_error(&format!(
                        "playtest: --mode: '{value}' is not a mode (use standard or easier)"
                    ));
                }
            };
        } else {
            skills = match Skill::ALL.into_iter().find(|s| s.name() == value) {
                Some(s) => vec![s],
                None => {
                    return usage_error(&format!(
                        "playtest: --player: '{value}' is not a player (use careless or careful)"
                    ));
                }
            };
        }
    }
    biodental::autoplay::playtest_and_print(&modes, &skills);
    ExitCode::SUCCESS
}
