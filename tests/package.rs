//! The Linux release package, as a player gets it: unpacked into a new
//! folder and started from another one, with a clean environment (only
//! `PATH`, `HOME` and a data folder of its own), it finds its files beside
//! the executable, checks its levels and story, and plays to an ending.
//!
//! It needs the package, which `release/build.sh --linux` makes, so it is
//! ignored in a plain `cargo test`; `.ci/run` runs it:
//!
//! ```sh
//! release/build.sh --linux && cargo test --test package -- --ignored
//! ```
//!
//! `BIODENTAL_PACKAGE=path/to/biodental-….tar.gz` tests another package.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn package() -> PathBuf {
    match std::env::var_os("BIODENTAL_PACKAGE") {
        Some(path) => PathBuf::from(path),
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("release/out")
            .join(format!("biodental-{VERSION}-linux-x86_64.tar.gz")),
    }
}

/// A folder of its own under the system's temporary folder, emptied first.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "biodental-package-test-{}/{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The package's game, started from `cwd` with only `PATH`, `HOME` and the
/// data folder set.
struct Player {
    exe: PathBuf,
    cwd: PathBuf,
    home: PathBuf,
    data: PathBuf,
}

impl Player {
    fn run(&self, args: &[&str]) -> Output {
        let output = Command::new(&self.exe)
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &self.home)
            .env("BIODENTAL_DATA_DIR", &self.data)
            .current_dir(&self.cwd)
            .output()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", self.exe.display()));
        println!(
            "$ biodental {}\n{}{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    /// Runs `args`, which must succeed; returns what it printed.
    fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "`biodental {}` from the unpacked package failed ({})",
            args.join(" "),
            output.status
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }
}

#[test]
#[ignore = "needs the release package: release/build.sh --linux"]
fn the_linux_package_runs_from_any_folder() {
    let tarball = package();
    assert!(
        tarball.is_file(),
        "{} is missing: make it with release/build.sh --linux",
        tarball.display()
    );
    let unpacked = scratch("unpacked");
    let status = Command::new("tar")
        .arg("-xzf")
        .arg(&tarball)
        .arg("-C")
        .arg(&unpacked)
        .status()
        .expect("tar");
    assert!(status.success(), "cannot unpack {}", tarball.display());

    // One folder, named after the version, with everything a player needs.
    let top = unpacked.join(format!("biodental-{VERSION}-linux-x86_64"));
    for file in [
        "biodental",
        "README.txt",
        "LICENSE-MIT",
        "LICENSE-APACHE",
        "THIRD-PARTY.txt",
        "levels/biodental.ldtk",
        "assets/story",
    ] {
        assert!(top.join(file).exists(), "the package has no {file}");
    }
    let notices = std::fs::read_to_string(top.join("THIRD-PARTY.txt")).unwrap();
    assert!(
        notices.contains("\nbevy 0.19") && notices.contains("Apache License"),
        "THIRD-PARTY.txt names the crates built in, with their licence texts"
    );
    let readme = std::fs::read_to_string(top.join("README.txt")).unwrap();
    assert!(
        readme.contains(&format!("BioDental {VERSION}")) && readme.contains("Controls"),
        "README.txt names the version and the controls"
    );

    // Nothing of the build machine is in the binary: not this folder, not
    // cargo's home (where the dependencies' sources were), not the target folder.
    let binary = std::fs::read(top.join("biodental")).unwrap();
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap();
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(&std::env::var_os("HOME").unwrap()).join(".cargo"));
    for path in [Path::new(env!("CARGO_MANIFEST_DIR")), target, &cargo_home] {
        let needle = path.to_string_lossy();
        assert!(
            !binary.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "the packaged binary holds the build machine's path {needle}"
        );
    }

    let before = listing(&top);
    let player = Player {
        exe: top.join("biodental"),
        cwd: scratch("elsewhere"),
        home: scratch("home"),
        data: scratch("data"),
    };
    assert_eq!(
        player.ok(&["--version"]).trim(),
        format!("biodental {VERSION}")
    );
    let levels = player.ok(&["check-levels"]);
    assert!(
        levels.contains("biodental.ldtk") && levels.contains("ok"),
        "check-levels checked the package's levels: {levels}"
    );
    let story = player.ok(&["check-story"]);
    assert!(story.contains("ok"), "check-story passed: {story}");
    let played = player.ok(&["autoplay", "--ending", "hybrid"]);
    assert!(
        played.contains("reached the Hybrid ending"),
        "autoplay reached the hybrid ending: {played}"
    );

    // Started from elsewhere, it wrote nothing there, nor into the package.
    let left: Vec<_> = std::fs::read_dir(&player.cwd).unwrap().collect();
    assert!(
        left.is_empty(),
        "the game wrote into the working folder: {left:?}"
    );
    assert_eq!(listing(&top), before, "the game changed its own folder");
    let _ = std::fs::remove_dir_all(unpacked.parent().unwrap());
}

/// Every file under `dir`, with its size, sorted.
fn listing(dir: &Path) -> Vec<(PathBuf, u64)> {
    let mut files = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(folder) = todo.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let entry = entry.unwrap();
            let meta = entry.metadata().unwrap();
            if meta.is_dir() {
                todo.push(entry.path());
            } else {
                files.push((entry.path(), meta.len()));
            }
        }
    }
    files.sort();
    files
}
