//! The `biodental` binary: play the game, or check the levels.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
BioDental: a narrative adventure in the dental complex of 2045.

usage:
  biodental                      play
  biodental check-levels [FILE]  check LDtk level files (default: every .ldtk in levels/)
  biodental capture-tour DIR     play a scripted tour and save screenshots into DIR
  biodental --help | --version";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
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
        Some("capture-tour") => match args.get(1) {
            Some(dir) if args.len() == 2 => run(biodental::GameOptions {
                capture: Some(PathBuf::from(dir)),
            }),
            _ => usage_error("capture-tour takes one folder"),
        },
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
    let results = match biodental::check_levels::check_files(&files) {
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
