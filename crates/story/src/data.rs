//! The story's vocabulary and its files: `assets/story/story.ron` (acts,
//! objectives, the rules that advance them, endings) and the dialogue files
//! it lists (conversations as graphs of nodes). Parsed with serde; checked
//! as a whole by [`crate::check`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Character;

/// The acts of the story, in order. While the game is played, the game
/// follows the act as an engine state.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum Act {
    /// A normal day: patients feel disconnected, a protest in the plaza.
    #[default]
    Arrival,
    /// Mira's doubts; Leo dreads his appointment.
    Doubts,
    /// Jasper's session with Leo in the VR room, before the appointment.
    Therapy,
    /// Leo in the treatment chair.
    Appointment,
    /// The power surge: the swarm turns on Leo.
    PowerSurge,
    /// Mira joins Leo in his nightmare through the VR rig.
    Dreamscape,
    /// The community asks for balance.
    Resolution,
    /// What the complex becomes: the same evening, Leo back in the chair.
    Epilogue,
    /// Some weeks later, at Leo's school: his class, and the community's
    /// evening in the school hall.
    Later,
}

impl Act {
    /// The act's name in data files and in the LDtk `Act` enum.
    pub fn name(self) -> &'static str {
        match self {
            Act::Arrival => "Arrival",
            Act::Doubts => "Doubts",
            Act::Therapy => "Therapy",
            Act::Appointment => "Appointment",
            Act::PowerSurge => "PowerSurge",
            Act::Dreamscape => "Dreamscape",
            Act::Resolution => "Resolution",
            Act::Epilogue => "Epilogue",
            Act::Later => "Later",
        }
    }

    pub fn from_name(name: &str) -> Option<Act> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }

    pub const ALL: [Act; 9] = [
        Act::Arrival,
        Act::Doubts,
        Act::Therapy,
        Act::Appointment,
        Act::PowerSurge,
        Act::Dreamscape,
        Act::Resolution,
        Act::Epilogue,
        Act::Later,
    ];

    /// Whether the ending is decided in this act: it is chosen on entering
    /// the Epilogue, and only the acts from there on may finish the story.
    pub fn decided(self) -> bool {
        self >= Act::Epilogue
    }
}

/// How a speaker looks in their portrait.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum Mood {
    #[default]
    Neutral,
    Happy,
    Worried,
    Sad,
    Determined,
}

impl Mood {
    pub const ALL: [Mood; 5] = [
        Mood::Neutral,
        Mood::Happy,
        Mood::Worried,
        Mood::Sad,
        Mood::Determined,
    ];

    pub fn index(self) -> usize {
        Self::ALL.iter().position(|m| *m == self).unwrap_or(0)
    }
}

/// Whose trust Mira can win or lose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Bond {
    Leo,
    Samantha,
    /// The traditional dentists as a group.
    Dentists,
}

impl Bond {
    pub const ALL: [Bond; 3] = [Bond::Leo, Bond::Samantha, Bond::Dentists];

    /// Who this is, in words, and whether they are many (for the verb).
    pub fn who(self) -> (&'static str, bool) {
        match self {
            Bond::Leo => ("Leo", false),
            Bond::Samantha => ("Samantha", false),
            Bond::Dentists => ("The traditional dentists", true),
        }
    }
}

/// How the story ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Ending {
    /// Technology and compassion in balance.
    Hybrid,
    /// Efficient and cold.
    Clinical,
    /// The complex turns away from the nanobots.
    Traditional,
}

impl Ending {
    pub const ALL: [Ending; 3] = [Ending::Hybrid, Ending::Traditional, Ending::Clinical];

    /// The ending's name in data files and in the LDtk `Ending` enum.
    pub fn name(self) -> &'static str {
        match self {
            Ending::Hybrid => "Hybrid",
            Ending::Clinical => "Clinical",
            Ending::Traditional => "Traditional",
        }
    }

    pub fn from_name(name: &str) -> Option<Ending> {
        Self::ALL.into_iter().find(|e| e.name() == name)
    }
}

/// Something that must hold for a choice to be offered, a conversation to
/// be chosen or a rule to apply.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Condition {
    Flag(String),
    NotFlag(String),
    Act(Act),
    /// The balance leans at least this far towards empathy.
    EmpathyAtLeast(i32),
    /// The balance leans at least this far towards technology.
    TechAtLeast(i32),
    TrustAtLeast(Bond, i32),
    TrustBelow(Bond, i32),
    Ending(Ending),
}

impl Condition {
    /// The flag this condition tests, if it tests one.
    pub fn flag(&self) -> Option<&str> {
        match self {
            Condition::Flag(f) | Condition::NotFlag(f) => Some(f),
            _ => None,
        }
    }
}

/// What a choice, a line or a rule changes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Effect {
    Set(String),
    Clear(String),
    /// Shift Mira's balance towards empathy.
    Empathy(i32),
    /// Shift Mira's balance towards technology.
    Tech(i32),
    Trust(Bond, i32),
}

impl Effect {
    /// The flag this effect sets or clears, if it touches one.
    pub fn flag(&self) -> Option<&str> {
        match self {
            Effect::Set(f) | Effect::Clear(f) => Some(f),
            _ => None,
        }
    }
}

/// What the game tells the story.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Trigger {
    /// A conversation with this character ended.
    Talked(Character),
    /// The conversation that started at this node ended.
    Finished(String),
    /// Mira stepped into the LDtk `Trigger` area with this event id.
    Entered(String),
    /// Mira used what is in the LDtk `Trigger` area (one with a `prompt`)
    /// with this event id.
    Used(String),
    /// The power surge is over (Mira reached Leo through the VR rig).
    SurgeOver,
    /// The swarm core's waves are calm and its shield stands: the
    /// dream's last choice comes before it breaks.
    CoreShielded,
    /// The dreamscape battle is won.
    BattleWon,
}

/// `assets/story/story.ron`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoryFile {
    /// Dialogue files, relative to `assets/story/`.
    pub dialogue: Vec<String>,
    /// Every flag the story and its dialogue set or test.
    pub flags: Vec<String>,
    pub acts: BTreeMap<Act, ActDef>,
    /// Decided on entering the Epilogue: the first whose conditions hold.
    pub endings: Vec<EndingDef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActDef {
    /// Shown when the act begins.
    pub title: String,
    /// A conversation that plays as the act begins.
    #[serde(default)]
    pub opening: Option<String>,
    /// What the player should do next: the first whose `until` flag is not set.
    pub objectives: Vec<Objective>,
    pub rules: Vec<Rule>,
    /// Until the conditions of an ending hold, every ending can still be
    /// reached from every state of this act (`check-story` proves it): a
    /// player who missed a chance earlier can still earn any ending here.
    #[serde(default)]
    pub every_ending_open: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub text: String,
    #[serde(default)]
    pub until: Option<String>,
}

/// When `on` happens during the act and `when` holds: apply `effects`,
/// play `dialogue`, then move to act `next` or `finish` the story.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub on: Trigger,
    #[serde(default)]
    pub when: Vec<Condition>,
    #[serde(default)]
    pub effects: Vec<Effect>,
    #[serde(default)]
    pub dialogue: Option<String>,
    #[serde(default)]
    pub next: Option<Act>,
    #[serde(default)]
    pub finish: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndingDef {
    pub ending: Ending,
    pub title: String,
    #[serde(default)]
    pub when: Vec<Condition>,
    /// The conversation that opens the Epilogue for this ending.
    #[serde(default)]
    pub opening: Option<String>,
    /// The closing scenes, shown one after another when the story finishes.
    pub scenes: Vec<Scene>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scene {
    pub title: String,
    pub text: String,
    /// Who is in the picture, left to right.
    #[serde(default)]
    pub cast: Vec<Character>,
}

/// A dialogue file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DialogueFile {
    /// Which conversation starts when Mira talks to someone.
    #[serde(default)]
    pub talks: Vec<Talk>,
    /// Every node, in file order; an id written twice is kept twice, so
    /// that the loader can say so (a map would silently keep the last).
    #[serde(deserialize_with = "entries")]
    pub nodes: Vec<(String, Node)>,
}

/// A RON map read as its entries in order, duplicates included.
fn entries<'de, D, V>(deserializer: D) -> Result<Vec<(String, V)>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Entries<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Entries<V> {
        type Value = Vec<(String, V)>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map of node ids to nodes")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(entry) = map.next_entry()? {
                out.push(entry);
            }
            Ok(out)
        }
    }
    deserializer.deserialize_map(Entries(std::marker::PhantomData))
}

/// Talking to `who` during `act` starts at node `start` if `when` holds;
/// the first matching talk (in file order) wins.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Talk {
    pub who: Character,
    pub act: Act,
    #[serde(default)]
    pub when: Vec<Condition>,
    pub start: String,
}

/// One line of a conversation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    pub who: Character,
    #[serde(default)]
    pub mood: Mood,
    pub text: String,
    /// Applied when the line is shown.
    #[serde(default)]
    pub effects: Vec<Effect>,
    /// The line that follows (none: the conversation ends), unless there are choices.
    #[serde(default)]
    pub next: Option<String>,
    #[serde(default)]
    pub choices: Vec<Choice>,
    /// The line goes on only when the player does this (the dream's
    /// actions, met first in a safe place); the prompt names its key.
    #[serde(default)]
    pub practise: Option<Practice>,
}

/// One of the dream's actions, asked of the player by a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
pub enum Practice {
    /// Reassure Leo (his calm rises).
    Reassure,
    /// Breathe together with Leo.
    Breathe,
    /// A recalibration pulse at the swarm.
    Pulse,
}

impl Practice {
    /// What the prompt asks the player to do, after the key's name.
    pub fn prompt(self) -> &'static str {
        match self {
            Practice::Reassure => "reassure Leo",
            Practice::Breathe => "breathe with Leo",
            Practice::Pulse => "send a calming pulse",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub text: String,
    #[serde(default)]
    pub when: Vec<Condition>,
    #[serde(default)]
    pub effects: Vec<Effect>,
    /// Where the choice leads (none: the conversation ends).
    #[serde(default)]
    pub next: Option<String>,
}
