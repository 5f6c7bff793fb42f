//! BioDental's story without the engine: the acts, rules, conversations and
//! endings written in `assets/story/` (`data`), where the story stands and
//! how it moves (`state`), the checks that name every problem of a story
//! (`check`), and the exhaustive play of every path through it (`explore`).
//!
//! The game builds it with the `bevy` feature, which only adds the engine's
//! derives (the story as an asset, its state as a resource, the characters as
//! components); its own tests build without the engine and run in seconds.

pub mod character;
mod check;
pub mod data;
mod explore;
pub mod files;
mod levels;
mod state;

use std::collections::BTreeMap;

pub use character::Character;
pub use check::check;
pub use data::{Act, Bond, Condition, Effect, Ending, Mood, Node, Practice, Trigger};
pub use explore::{Budget, Exploration, explore, explore_within};
pub use levels::{StoryReport, VR_RIG_AREA, check_on_disk, check_triggers};
pub use state::{BALANCE_LIMIT, Reaction, StoryState, TRUST_LIMIT};

use data::{DialogueFile, StoryFile, Talk};
use files::{DataError, parse_ron_syntax};

/// The whole story: `story.ron` and every dialogue file it lists, checked.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "bevy", derive(bevy::asset::Asset, bevy::reflect::TypePath))]
pub struct Story {
    /// How `story.ron` is named in messages.
    pub file_name: String,
    pub file: StoryFile,
    pub nodes: BTreeMap<String, Node>,
    /// The file each node is written in.
    pub node_file: BTreeMap<String, String>,
    pub talks: Vec<Talk>,
    /// The file each talk is written in.
    pub talk_file: Vec<String>,
}

impl Story {
    /// Parses `story.ron`; `file` names it in errors.
    pub fn parse_main(file: &str, text: &str) -> Result<StoryFile, DataError> {
        parse_ron_syntax(file, text)
    }

    /// Puts the story together from `story.ron` and the dialogue files it
    /// lists (`dialogue`: each file's name and text, or why it could not be
    /// read), then checks it.
    pub fn assemble(
        file_name: &str,
        file: StoryFile,
        dialogue: Vec<(String, Result<String, String>)>,
    ) -> Result<Story, DataError> {
        let (story, mut problems) = Self::gather(file_name, file, dialogue);
        if problems.is_empty() {
            problems = check(&story);
        }
        if problems.is_empty() {
            Ok(story)
        } else {
            Err(DataError::Problems(problems))
        }
    }

    /// Puts the story together as [`Story::assemble`] does, without the
    /// checks: the story, and what stopped a dialogue file or a node from
    /// joining it (unreadable files, duplicate ids).
    pub fn gather(
        file_name: &str,
        file: StoryFile,
        dialogue: Vec<(String, Result<String, String>)>,
    ) -> (Story, Vec<String>) {
        let mut problems = Vec::new();
        let mut story = Story {
            file_name: file_name.to_string(),
            file,
            nodes: BTreeMap::new(),
            node_file: BTreeMap::new(),
            talks: Vec::new(),
            talk_file: Vec::new(),
        };
        for (name, text) in dialogue {
            let text = match text {
                Ok(t) => t,
                Err(e) => {
                    problems.push(format!("{name}: cannot be read: {e}"));
                    continue;
                }
            };
            let parsed: DialogueFile = match parse_ron_syntax(&name, &text) {
                Ok(d) => d,
                Err(e) => {
                    problems.push(e.to_string());
                    continue;
                }
            };
            for talk in parsed.talks {
                story.talks.push(talk);
                story.talk_file.push(name.clone());
            }
            for (id, node) in parsed.nodes {
                if let Some(other) = story.node_file.get(&id) {
                    problems.push(if *other == name {
                        format!("{name}: node \"{id}\": the id is used twice in this file")
                    } else {
                        format!("{name}: node \"{id}\": the id is already used in {other}")
                    });
                    continue;
                }
                story.node_file.insert(id.clone(), name.clone());
                story.nodes.insert(id, node);
            }
        }
        (story, problems)
    }

    /// Reads and checks the story from a folder on disk (`assets/story`).
    pub fn read_dir(dir: &std::path::Path) -> Result<Story, DataError> {
        let main = dir.join("story.ron");
        let name = |p: &std::path::Path| p.display().to_string();
        let text = std::fs::read_to_string(&main).map_err(|error| DataError::Io {
            file: name(&main),
            error,
        })?;
        let file = Self::parse_main(&name(&main), &text)?;
        let dialogue = file
            .dialogue
            .iter()
            .map(|d| {
                let p = dir.join(d);
                (
                    name(&p),
                    std::fs::read_to_string(&p).map_err(|e| e.to_string()),
                )
            })
            .collect();
        Self::assemble(&name(&main), file, dialogue)
    }

    /// The objective shown in `state`: the act's first whose `until` flag is
    /// not set (the last one otherwise).
    pub fn objective(&self, state: &StoryState) -> &str {
        let Some(act) = self.file.acts.get(&state.act) else {
            return "";
        };
        act.objectives
            .iter()
            .find(|o| o.until.as_ref().is_none_or(|f| !state.has(f)))
            .or(act.objectives.last())
            .map(|o| o.text.as_str())
            .unwrap_or("")
    }

    /// The conversation that plays as `act` begins, if any.
    pub fn opening(&self, act: Act) -> Option<&str> {
        self.file.acts.get(&act).and_then(|a| a.opening.as_deref())
    }

    /// How `ending` is written: its title, opening and closing scenes.
    pub fn ending(&self, ending: Ending) -> Option<&data::EndingDef> {
        self.file.endings.iter().find(|e| e.ending == ending)
    }

    pub fn title(&self, act: Act) -> &str {
        self.file
            .acts
            .get(&act)
            .map(|a| a.title.as_str())
            .unwrap_or("")
    }

    /// Every trigger area the story's rules listen for: act, rule index,
    /// event id, and whether it is to be used (`Used`) or entered.
    pub fn areas(&self) -> Vec<(Act, usize, &str, bool)> {
        let mut out = Vec::new();
        for (act, def) in &self.file.acts {
            for (i, r) in def.rules.iter().enumerate() {
                match &r.on {
                    Trigger::Entered(a) => out.push((*act, i, a.as_str(), false)),
                    Trigger::Used(a) => out.push((*act, i, a.as_str(), true)),
                    _ => {}
                }
            }
        }
        out
    }
}
