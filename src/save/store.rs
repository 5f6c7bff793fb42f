//! Where saves and settings live: files in the platform's data folder on the
//! desktop, `localStorage` in the browser. Every write is atomic (a
//! temporary file renamed over the old one) and keeps the previous version
//! as a backup; a damaged file is set aside, never overwritten.

use bevy::prelude::*;

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
    pub fn write(&self, name: &str, text: &str, previous_sound: bool) -> Result<(), String> {
        if let Some(old) = self.read_raw(name)? {
            let keep = if previous_sound {
                format!("{name}.bak")
            } else {
                format!("{name}.damaged")
            };
            self.write_raw(&keep, &old)?;
        }
        self.write_raw(name, text)
    }

    /// Puts the backup back in place of the main copy (which, if there is
    /// one, is set aside as `.damaged`).
    pub fn restore_backup(&self, name: &str) -> Result<(), String> {
        let Some(backup) = self.read(name, Which::Backup)? else {
            return Err(format!("{}: no backup to restore", self.describe(name)));
        };
        if let Some(old) = self.read_raw(name)? {
            self.write_raw(&format!("{name}.damaged"), &old)?;
        }
        self.write_raw(name, &backup)
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn read_raw(&self, name: &str) -> Result<Option<String>, String> {
        let Some(dir) = &self.dir else {
            return Ok(None);
        };
        let path = dir.join(file_name(name));
        match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes)
                .map(Some)
                .map_err(|_| format!("{}: not a text file", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
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
