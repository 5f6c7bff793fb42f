//! The committed art is exactly what the generator draws.

use std::process::Command;

#[test]
fn regenerating_the_art_gives_the_same_files() {
    let out = Command::new(env!("CARGO_BIN_EXE_make-art"))
        .arg("--check")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "make-art --check failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
