//! `biodental check-levels`: everything the game needs from an LDtk project,
//! beyond it being valid LDtk. The game runs the same checks when it loads
//! the project, and shows the problems instead of starting.

mod cast;
mod definitions;
mod doors;
mod limits;
mod reach;
mod read;
mod rules;
mod schema;

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

use bevy_ecs_ldtk::ldtk::LdtkJson;
use serde::Deserialize;

pub use limits::{
    MAX_CELLS, MAX_ENTITIES, MAX_FIELDS, MAX_GRID_SIZE, MAX_LAYERS, MAX_LEVEL_PX, MAX_LEVELS,
    MAX_NAME, MAX_TEXT, MAX_TILES, MAX_TILES_PER_CELL, MAX_VALUES,
};
pub use rules::check_project;
pub use schema::{Schema, SchemaError};

/// One thing wrong with a level file, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// The level's identifier, when the problem is inside a level.
    pub level: Option<String>,
    /// The layer's identifier, when the problem is a layer's.
    pub layer: Option<String>,
    /// The entity's identifier and iid, when the problem is an entity's.
    pub entity: Option<(String, String)>,
    pub field: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn new(file: &str, message: impl Into<String>) -> Self {
        Problem {
            file: file.to_string(),
            level: None,
            layer: None,
            entity: None,
            field: None,
            message: message.into(),
        }
    }

    pub fn level(mut self, level: &str) -> Self {
        self.level = Some(shorten(level).into_owned());
        self
    }

    pub fn layer(mut self, layer: &str) -> Self {
        self.layer = Some(shorten(layer).into_owned());
        self
    }

    pub fn entity(mut self, identifier: &str, iid: &str) -> Self {
        self.entity = Some((shorten(identifier).into_owned(), shorten(iid).into_owned()));
        self
    }

    pub fn field(mut self, field: &str) -> Self {
        self.field = Some(shorten(field).into_owned());
        self
    }
}

/// A name as a problem shows it: names longer than [`MAX_NAME`] bytes (which
/// the checks reject) are cut, so that no message repeats a huge one.
pub(crate) fn shorten(name: &str) -> Cow<'_, str> {
    if name.len() <= MAX_NAME {
        return Cow::Borrowed(name);
    }
    let cut = name.floor_char_boundary(40);
    Cow::Owned(format!("{}… ({} bytes)", &name[..cut], name.len()))
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.file)?;
        if let Some(level) = &self.level {
            write!(f, " level \"{level}\":")?;
        }
        if let Some(layer) = &self.layer {
            write!(f, " layer \"{layer}\":")?;
        }
        if let Some((identifier, iid)) = &self.entity {
            write!(f, " {identifier} {iid}:")?;
        }
        if let Some(field) = &self.field {
            write!(f, " field \"{field}\":")?;
        }
        write!(f, " {}", self.message)
    }
}

/// Checks one `.ldtk` file's text: JSON syntax, LDtk's schema, that every value
/// can be read (a field's value of its type), then the sizes and the game's rules.
pub fn check_text(file: &str, text: &str) -> Vec<Problem> {
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return vec![json_problem(file, &e, "is not valid JSON")],
    };
    let schema_errors = Schema::ldtk().validate(&value);
    if !schema_errors.is_empty() {
        return schema_errors
            .into_iter()
            .map(|e| {
                let mut p = Problem::new(
                    file,
                    format!(
                        "does not match LDtk 1.5.3's schema at {}: {}",
                        e.pointer, e.message
                    ),
                );
                p.level = level_of_pointer(&value, &e.pointer).map(|l| shorten(&l).into_owned());
                p
            })
            .collect();
    }
    match LdtkJson::deserialize(&value) {
        Ok(project) => check_project(file, &project),
        Err(e) => read::locate(file, &value, &e),
    }
}

fn json_problem(file: &str, e: &serde_json::Error, what: &str) -> Problem {
    // serde_json ends its message with " at line L column C"; we say where first.
    let mut msg = e.to_string();
    if let Some(cut) = msg.rfind(" at line ") {
        msg.truncate(cut);
    }
    Problem::new(
        file,
        format!("line {}, column {}: {what}: {msg}", e.line(), e.column()),
    )
}

/// `/levels/3/...` → the identifier of level 3, for friendlier schema errors.
fn level_of_pointer(doc: &serde_json::Value, pointer: &str) -> Option<String> {
    let mut parts = pointer.trim_start_matches('/').split('/');
    if parts.next()? != "levels" {
        return None;
    }
    let index: usize = parts.next()?.parse().ok()?;
    doc.get("levels")?
        .get(index)?
        .get("identifier")?
        .as_str()
        .map(str::to_string)
}

/// The largest file `check-levels` reads (a project is read whole, several
/// times over in memory).
pub(crate) const MAX_FILE_BYTES: u64 = 64 << 20;

/// Checks files from disk; no files means every `.ldtk` in `levels/`.
pub fn check_files(files: &[PathBuf]) -> Result<Vec<(String, Vec<Problem>)>, String> {
    let files = if files.is_empty() {
        default_files()?
    } else {
        files.to_vec()
    };
    let mut out = Vec::new();
    for path in files {
        let name = display_path(&path);
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let problems = if size > MAX_FILE_BYTES {
            vec![Problem::new(
                &name,
                format!(
                    "is {size} bytes long; a project may be at most {} MB",
                    MAX_FILE_BYTES >> 20
                ),
            )]
        } else {
            match std::fs::read_to_string(&path) {
                Ok(text) => check_text(&name, &text),
                Err(e) => vec![Problem::new(&name, format!("cannot be read: {e}"))],
            }
        };
        out.push((name, problems));
    }
    Ok(out)
}

/// The `levels/` folder the game plays, in its [`game_root`](crate::game_root);
/// failing that, the one in the current directory (a build of the game run
/// from its checkout by hand).
pub(crate) fn levels_dir() -> PathBuf {
    let beside = crate::game_root().join("levels");
    if !beside.is_dir() && Path::new("levels").is_dir() {
        return PathBuf::from("levels");
    }
    beside
}

fn default_files() -> Result<Vec<PathBuf>, String> {
    let dir = levels_dir();
    if !dir.is_dir() {
        return Err(format!(
            "{}: no such folder; name the .ldtk files to check",
            dir.display()
        ));
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ldtk"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("{}: no .ldtk files", dir.display()));
    }
    Ok(files)
}

/// A path as the user would write it: relative to the current directory when possible.
fn display_path(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}
