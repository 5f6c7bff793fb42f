//! Where saves and settings live: files in the platform's data folder on the
//! desktop, `localStorage` in the browser. Every write is atomic (a
//! temporary file renamed over the old one) and keeps the previous version
//! as a backup; a damaged file is set aside, never overwritten. Whatever
//! stands in a record's place (a damaged or binary file, a file too large to
//! be one of ours, a folder) never stops a write or a restore: it is moved
//! aside as `.damaged`.

use bevy::prelude::*;

/// The largest record read: a save or the settings take a few kilobytes,
/// so anything larger is not one (and is not read into memory).
pub const MAX_RECORD_BYTES: u64 = 1 << 20;

/// The place saves and settings are kept.
#[derive(Resource, Debug, Clone)]
pub struct Store {
    #[cfg(not(target_arch = "wasm32"))]
    dir: Option<std::path::PathBuf>,
}

/// Which copy of a record to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// The current one.
    Main,
    /// The one before it, kept by the last write.
    Backup,
}

impl Store {
    /// Files in `dir` (tests, and the `BIODENTAL_DATA_DIR` override).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn at(dir: impl Into<std::path::PathBuf>) -> Store {
        Store {
            dir: Some(dir.into()),
        }
    }

    /// The platform's place: `BIODENTAL_DATA_DIR` if set, else the user's
    /// data folder (for example `~/.local/share/biodental` on Linux); the
    /// browser's `localStorage` in a web build.
    pub fn platform() -> Store {
        #[cfg(not(target_arch = "wasm32"))]
        {
            let dir = std::env::var_os("BIODENTAL_DATA_DIR")
                .filter(|d| !d.is_empty())
                .map(std::path::PathBuf::from)
                .or_else(|| {
                    directories::ProjectDirs::from("", "", "BioDental")
                        .map(|p| p.data_dir().to_path_buf())
                });
            if dir.is_none() {
                warn!("no data folder on this system: the game cannot be saved");
            }
            Store { dir }
        }
        #[cfg(target_arch = "wasm32")]
        Store {}
    }

    /// How a record is named in messages: its file, or its storage key.
    pub fn describe(&self, name: &str) -> String {
        #[cfg(not(target_arch = "wasm32"))]
        {
            match &self.dir {
                Some(dir) => dir.join(file_name(name)).display().to_string(),
                None => file_name(name),
            }
        }
        #[cfg(target_arch = "wasm32")]
        format!("browser storage '{}'", key(name))
    }

    /// The text of a record, `None` if there is none.
    pub fn read(&self, name: &str, which: Which) -> Result<Option<String>, String> {
        let name = match which {
            Which::Main => name.to_string(),
            Which::Backup => format!("{name}.bak"),
        };
        self.read_raw(&name)
    }

    /// Writes a record. The previous version becomes the backup if it was
    /// sound (`previous_sound`); a damaged one is set aside as `.damaged`
    /// instead, so that the last good backup stays.
    /// Whatever cannot be read as text (binary, too large, a folder) counts
    /// as damaged, whatever the caller thought.
    pub fn write(&self, name: &str, text: &str, previous_sound: bool) -> Result<(), String> {
        match self.read_raw(name) {
            Ok(None) => {}
            Ok(Some(old)) if previous_sound => self.write_raw(&format!("{name}.bak"), &old)?,
            _ => self.set_aside(name)?,
        }
        self.write_raw(name, text)
    }

    /// Puts the backup back in place of the main copy (which, if there is
    /// one, is set aside as `.damaged`, whatever it is).
    pub fn restore_backup(&self, name: &str) -> Result<(), String> {
        let Some(backup) = self.read(name, Which::Backup)? else {
            return Err(format!("{}: no backup to restore", self.describe(name)));
        };
        self.set_aside(name)?;
        self.write_raw(name, &backup)
    }

    /// Moves whatever stands at `name` (a file, a folder) to `name.damaged`;
    /// nothing there is fine.
    #[cfg(not(target_arch = "wasm32"))]
    fn set_aside(&self, name: &str) -> Result<(), String> {
        match &self.dir {
            Some(dir) => set_aside(&dir.join(file_name(name))),
            None => Ok(()),
        }
    }

    /// Storage keys always hold text: the old one is copied aside.
    #[cfg(target_arch = "wasm32")]
    fn set_aside(&self, name: &str) -> Result<(), String> {
        if let Some(old) = self.read_raw(name)? {
            self.write_raw(&format!("{name}.damaged"), &old)?;
        }
        Ok(())
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn read_raw(&self, name: &str) -> Result<Option<String>, String> {
        let Some(dir) = &self.dir else {
            return Ok(None);
        };
        let path = dir.join(file_name(name));
        let shown = path.display();
        let fail = |e: std::io::Error| format!("{shown}: {e}");
        let meta = match std::fs::metadata(&path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(fail(e)),
        };
        if meta.is_dir() {
            return Err(format!("{shown}: a folder stands where the file should be"));
        }
        let too_large =
            |len: u64| format!("{shown}: {len} bytes, too large to be one of this game's records");
        if meta.len() > MAX_RECORD_BYTES {
            return Err(too_large(meta.len()));
        }
        let mut bytes = Vec::new();
        match std::fs::File::open(&path) {
            Ok(file) => {
                use std::io::Read;
                file.take(MAX_RECORD_BYTES + 1)
                    .read_to_end(&mut bytes)
                    .map_err(fail)?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(fail(e)),
        }
        if bytes.len() as u64 > MAX_RECORD_BYTES {
            return Err(too_large(bytes.len() as u64));
        }
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| format!("{shown}: not a text file"))
    }

    /// Temporary file, flushed to disk, renamed over the old one.
    #[cfg(not(target_arch = "wasm32"))]
    fn write_raw(&self, name: &str, text: &str) -> Result<(), String> {
        use std::io::Write;
        let Some(dir) = &self.dir else {
            return Err("no data folder on this system".into());
        };
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let path = dir.join(file_name(name));
        let temp = dir.join(format!("{}.tmp", file_name(name)));
        // A folder cannot be replaced by a file: out of the way with it.
        for place in [&temp, &path] {
            if place.is_dir() {
                set_aside(place)?;
            }
        }
        let fail = |e: std::io::Error| format!("{}: {e}", temp.display());
        let mut file = std::fs::File::create(&temp).map_err(fail)?;
        file.write_all(text.as_bytes()).map_err(fail)?;
        file.sync_all().map_err(fail)?;
        drop(file);
        std::fs::rename(&temp, &path).map_err(|e| format!("{}: {e}", path.display()))
    }

    #[cfg(target_arch = "wasm32")]
    fn read_raw(&self, name: &str) -> Result<Option<String>, String> {
        local_storage()?
            .get_item(&key(name))
            .map_err(|_| format!("browser storage '{}' cannot be read", key(name)))
    }

    /// One `setItem`, which the browser applies whole or not at all.
    #[cfg(target_arch = "wasm32")]
    fn write_raw(&self, name: &str, text: &str) -> Result<(), String> {
        local_storage()?
            .set_item(&key(name), text)
            .map_err(|_| format!("browser storage '{}' is full or blocked", key(name)))
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn file_name(name: &str) -> String {
    // `slot1` → `slot1.ron`, `slot1.bak` → `slot1.ron.bak`.
    match name.split_once('.') {
        Some((base, extra)) => format!("{base}.ron.{extra}"),
        None => format!("{name}.ron"),
    }
}

/// Renames whatever stands at `path` to `path.damaged`. An older damaged
/// file there is replaced, as each write replaces the one before; where a
/// folder is in the way (or a folder is set aside onto a file), the first
/// free `.damaged.N` is taken instead.
#[cfg(not(target_arch = "wasm32"))]
fn set_aside(path: &std::path::Path) -> Result<(), String> {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(());
    };
    let mut base = path.as_os_str().to_owned();
    base.push(".damaged");
    let free = |place: &std::path::Path| match std::fs::symlink_metadata(place) {
        Err(_) => true,
        Ok(there) => !meta.is_dir() && !there.is_dir(),
    };
    let place = std::iter::once(std::path::PathBuf::from(&base))
        .chain((2..100).map(|n| {
            let mut numbered = base.clone();
            numbered.push(format!(".{n}"));
            std::path::PathBuf::from(numbered)
        }))
        .find(|p| free(p))
        .ok_or_else(|| {
            format!(
                "{}: cannot be set aside (too many damaged copies beside it)",
                path.display()
            )
        })?;
    std::fs::rename(path, &place).map_err(|e| {
        format!(
            "{}: cannot be set aside as {}: {e}",
            path.display(),
            place.display()
        )
    })
}

#[cfg(target_arch = "wasm32")]
fn key(name: &str) -> String {
    format!("biodental.{name}")
}

#[cfg(target_arch = "wasm32")]
fn local_storage() -> Result<web_sys::Storage, String> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or_else(|| "this browser does not allow saving (no localStorage)".to_string())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn fresh(name: &str) -> (Store, std::path::PathBuf) {
        let dir =
            std::env::temp_dir().join(format!("biodental-store-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        (Store::at(&dir), dir)
    }

    #[test]
    fn a_write_keeps_the_previous_version_as_the_backup() {
        let (store, dir) = fresh("backup");
        assert_eq!(store.read("slot1", Which::Main).unwrap(), None);
        store.write("slot1", "one", true).unwrap();
        store.write("slot1", "two", true).unwrap();
        assert_eq!(
            store.read("slot1", Which::Main).unwrap().as_deref(),
            Some("two")
        );
        assert_eq!(
            store.read("slot1", Which::Backup).unwrap().as_deref(),
            Some("one")
        );
        assert!(dir.join("slot1.ron").exists() && dir.join("slot1.ron.bak").exists());
        assert!(
            !dir.join("slot1.ron.tmp").exists(),
            "no temporary file left"
        );
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_damaged_copy_is_set_aside_and_the_good_backup_stays() {
        let (store, dir) = fresh("damaged");
        store.write("slot2", "good", true).unwrap();
        store.write("slot2", "garbage", true).unwrap();
        store.write("slot2", "new", false).unwrap();
        assert_eq!(
            store.read("slot2", Which::Backup).unwrap().as_deref(),
            Some("good")
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("slot2.ron.damaged")).unwrap(),
            "garbage"
        );
        store.restore_backup("slot2").unwrap();
        assert_eq!(
            store.read("slot2", Which::Main).unwrap().as_deref(),
            Some("good")
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}
