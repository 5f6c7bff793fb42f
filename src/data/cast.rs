//! `assets/data/cast.ron`: names, roles and greetings of everyone in the story.

use std::collections::BTreeMap;

use bevy::prelude::*;
use serde::Deserialize;

use super::Validate;
use biodental_story::Character;

/// The longest greeting line that still fits the dialogue box in three lines.
pub(crate) const MAX_LINE_CHARS: usize = 180;

#[derive(Asset, TypePath, Debug, Clone, Deserialize)]
pub struct Cast {
    pub people: BTreeMap<Character, Person>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Person {
    /// The name shown over what they say.
    pub name: String,
    /// Who they are, in a few words (shown in the talk prompt).
    pub role: String,
    /// What they say when Mira walks up to them, in turn.
    #[serde(default)]
    pub greeting: Vec<String>,
}

impl Cast {
    pub fn person(&self, who: Character) -> Option<&Person> {
        self.people.get(&who)
    }

    pub fn name(&self, who: Character) -> &str {
        self.person(who)
            .map(|p| p.name.as_str())
            .unwrap_or(who.ldtk_name())
    }
}

impl Validate for Cast {
    fn validate(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for who in Character::ALL {
            let Some(p) = self.people.get(&who) else {
                problems.push(format!("people: no entry for {who:?}"));
                continue;
            };
            if p.name.trim().is_empty() {
                problems.push(format!("people.{who:?}.name is empty"));
            }
            for (what, text) in [("name", &p.name), ("role", &p.role)] {
                if let Err(e) = super::drawable(text) {
                    problems.push(format!("people.{who:?}.{what}: {e}"));
                }
            }
            if who != Character::Mira && p.greeting.is_empty() {
                problems.push(format!("people.{who:?}.greeting has no lines"));
            }
            for (i, line) in p.greeting.iter().enumerate() {
                if line.trim().is_empty() {
                    problems.push(format!("people.{who:?}.greeting[{i}] is empty"));
                }
                if let Err(e) = super::drawable(line) {
                    problems.push(format!("people.{who:?}.greeting[{i}]: {e}"));
                }
                if line.chars().count() > MAX_LINE_CHARS {
                    problems.push(format!(
                        "people.{who:?}.greeting[{i}] has {} characters, at most {MAX_LINE_CHARS} fit the dialogue box",
                        line.chars().count()
                    ));
                }
            }
        }
        problems
    }
}
