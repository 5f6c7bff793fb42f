//! Game data written by hand in RON under `assets/data/`: loaded as Bevy
//! assets, validated as they load, with errors that name the file, the line
//! and column, and what is wrong.

mod cast;

use std::marker::PhantomData;

use bevy::asset::io::Reader;
use bevy::asset::{AssetLoader, LoadContext};
use bevy::prelude::*;
use serde::de::DeserializeOwned;

pub use cast::{Cast, Person};

pub(super) fn plugin(app: &mut App) {
    app.init_asset::<Cast>();
    app.register_asset_loader(RonLoader::<Cast>::new(&["ron"]));
    crate::story::register_asset(app);
}

/// Every character the game's font draws (written by `make-art`).
pub const FONT_CHARSET: &str = include_str!("../../assets/fonts/biodental-pixel.chars");

/// Whether the game's font can draw every character of `text`.
pub fn drawable(text: &str) -> Result<(), String> {
    match text
        .char_indices()
        .find(|(_, c)| !FONT_CHARSET.contains(*c))
    {
        None => Ok(()),
        Some((i, c)) => Err(format!(
            "character {c:?} (column {}) cannot be drawn by the game's font \
             (assets/fonts/biodental-pixel.chars lists the ones it can)",
            text[..i].chars().count() + 1,
        )),
    }
}

/// Data that can check itself after parsing.
pub trait Validate {
    /// Every problem found, each a sentence naming the entry it is about.
    fn validate(&self) -> Vec<String>;
}

/// Why a data file could not be used.
#[derive(Debug)]
pub enum DataError {
    Io {
        file: String,
        error: std::io::Error,
    },
    Syntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    Invalid {
        file: String,
        problems: Vec<String>,
    },
    /// Problems across several files, each line naming its file.
    Problems(Vec<String>),
}

impl std::fmt::Display for DataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DataError::Io { file, error } => write!(f, "{file}: cannot be read: {error}"),
            DataError::Syntax {
                file,
                line,
                column,
                message,
            } => write!(f, "{file}:{line}:{column}: {message}"),
            DataError::Invalid { file, problems } => {
                let all: Vec<String> = problems.iter().map(|p| format!("{file}: {p}")).collect();
                write!(f, "{}", all.join("\n"))
            }
            DataError::Problems(lines) => write!(f, "{}", lines.join("\n")),
        }
    }
}

impl std::error::Error for DataError {}

/// Parses a RON document; `file` names it in errors. Optional values may
/// be written without `Some(...)`.
pub fn parse_ron_syntax<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, DataError> {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(text)
        .map_err(|e| DataError::Syntax {
            file: file.to_string(),
            line: e.span.start.line,
            column: e.span.start.col,
            message: e.code.to_string(),
        })
}

/// Parses and validates a RON document; `file` names it in errors.
pub fn parse_ron<T: DeserializeOwned + Validate>(file: &str, text: &str) -> Result<T, DataError> {
    let value: T = parse_ron_syntax(file, text)?;
    let problems = value.validate();
    if problems.is_empty() {
        Ok(value)
    } else {
        Err(DataError::Invalid {
            file: file.to_string(),
            problems,
        })
    }
}

/// Reads a whole asset file as text; `file` names it in errors.
pub async fn read_text(reader: &mut dyn Reader, file: &str) -> Result<String, DataError> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .await
        .map_err(|error| DataError::Io {
            file: file.to_string(),
            error,
        })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Loads any validated RON asset type.
#[derive(TypePath)]
pub struct RonLoader<T> {
    extensions: &'static [&'static str],
    _marker: PhantomData<fn() -> T>,
}

impl<T> RonLoader<T> {
    pub fn new(extensions: &'static [&'static str]) -> Self {
        Self {
            extensions,
            _marker: PhantomData,
        }
    }
}

impl<T> AssetLoader for RonLoader<T>
where
    T: Asset + DeserializeOwned + Validate,
{
    type Asset = T;
    type Settings = ();
    type Error = DataError;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _: &(),
        load_context: &mut LoadContext<'_>,
    ) -> Result<T, DataError> {
        let file = format!("assets/{}", load_context.path().path().display());
        let text = read_text(reader, &file).await?;
        parse_ron(&file, &text)
    }

    fn extensions(&self) -> &[&str] {
        self.extensions
    }
}
