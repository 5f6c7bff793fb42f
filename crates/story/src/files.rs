//! The story's files as text: RON parsed with errors that name the file,
//! the line and the column, and the characters the game's font can draw.

use serde::de::DeserializeOwned;

/// Every character the game's font draws (written by `make-art`).
pub const FONT_CHARSET: &str = include_str!("../../../assets/fonts/biodental-pixel.chars");

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
