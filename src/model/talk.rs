//! Conversations as the features see them: the one on screen, the lines in
//! it, and the messages that start one and answer its choices. The
//! `dialogue` feature runs them; the characters, the story and the shell
//! read them.

use bevy::prelude::*;
use biodental_story::{Character, Mood, Practice};

/// The dialogue's systems, for ordering against them.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DialogueSystems;

/// Mira asks to talk to someone she stands next to.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct TalkTo {
    pub with: Entity,
    pub who: Character,
}

/// The player picked a choice, by its place among those offered.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choose(pub usize);

impl Choose {
    /// Go on from a line that offers no choices.
    pub(crate) const CONTINUE: Choose = Choose(usize::MAX);
}

/// The player did what a line asked of them (one of the dream's actions,
/// practised in a conversation): the room's swarm answers it.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Practised(pub Practice);

/// One line on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub speaker: Character,
    pub mood: Mood,
    pub text: String,
}

/// The conversation on screen.
#[derive(Resource, Debug, Clone)]
pub struct Conversation {
    /// The person Mira walked up to (none when the story started it).
    pub with: Option<Entity>,
    pub who: Option<Character>,
    /// The node it started at (none: a greeting).
    pub start: Option<String>,
    /// The node on screen (none: a greeting).
    pub node: Option<String>,
    pub line: Line,
    /// Letters shown so far.
    pub shown: f32,
    /// The choices offered (their index in the node, their text), once the
    /// line is typed out.
    pub choices: Vec<(usize, String)>,
    /// The highlighted choice.
    pub cursor: usize,
    /// The action the line waits for (none: the talk button goes on).
    pub practise: Option<Practice>,
    /// The line's node offers choices.
    pub(crate) has_choices: bool,
    /// The frame the line appeared on (its effects reach the story after it).
    pub(crate) entered: u32,
}
