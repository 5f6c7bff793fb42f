//! The save snapshot: everything needed to resume a game exactly, and the
//! checks a save must pass before it is played (the checks against the
//! levels are the save's own, in `save`).

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::SurgePhase;
use super::vocab::Facing;
use biodental_story::Act;
use biodental_story::{BALANCE_LIMIT, StoryState, TRUST_LIMIT};

/// The save format this game writes, and the newest it reads.
pub const SAVE_VERSION: u32 = 1;

/// The highest sequence number a save may hold: far beyond any real count
/// of saves, and far enough below `u64::MAX` that counting on never wraps.
pub const MAX_SEQUENCE: u64 = 1_000_000_000_000;
/// The longest play time a save may hold, in seconds (over 30 years).
pub const MAX_PLAY_TIME: f32 = 1.0e9;
/// The longest text a save may hold in one field (a summary, a room, a
/// flag, the objective), in bytes.
pub const MAX_TEXT: usize = 1000;
/// The most story flags a save may hold (the story sets a few dozen).
pub const MAX_FLAGS: usize = 1000;

/// Everything needed to resume a game exactly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SaveGame {
    pub version: u32,
    /// Higher is newer (across every slot): Continue picks the highest.
    pub sequence: u64,
    /// Seconds played.
    pub play_time: f32,
    /// What the menu shows: the act and the room.
    pub summary: String,
    pub story: StoryState,
    /// The surge's phase, during the PowerSurge.
    pub surge: Option<SurgePhase>,
    /// The room (level iid) and where Mira stood in it.
    pub room: String,
    pub feet: [f32; 2],
    pub facing: Facing,
    /// During the Dreamscape: how far into the dream.
    pub dream: Option<DreamProgress>,
}

/// How far the dream battle had come.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DreamProgress {
    /// The zone Mira had reached (she comes back at its checkpoint).
    pub zone: u32,
    /// Zones already calmed.
    pub cleared: u32,
    /// Where she lay down in the complex, to wake there.
    pub wake_room: String,
    pub wake_feet: [f32; 2],
    pub wake_facing: Facing,
}

impl SaveGame {
    pub fn to_ron(&self) -> String {
        ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .expect("a save is plain data")
    }

    /// Reads a save, with a message naming `source` and the place if it
    /// cannot: damaged text, a newer save format than this game's, or a
    /// value no game can hold (see [`SaveGame::check`]).
    pub fn from_ron(source: &str, text: &str) -> Result<SaveGame, String> {
        /// Just the version, so that a newer format is named as such.
        #[derive(Deserialize)]
        #[serde(rename = "SaveGame")]
        struct Probe {
            version: u32,
        }
        if text.trim().is_empty() {
            return Err(format!("{source}: the file is empty"));
        }
        let probe: Probe = read_ron(source, text)?;
        if probe.version > SAVE_VERSION {
            return Err(format!(
                "{source}: saved by a newer version of BioDental (save format {}; this version reads up to {SAVE_VERSION})",
                probe.version
            ));
        }
        let game: SaveGame = read_ron(source, text)?;
        game.check(source)?;
        Ok(game)
    }

    /// Checks every field that does not depend on the levels, with a
    /// message `"<source>: <what is wrong>"`: numbers in their ranges (so
    /// that no later arithmetic can overflow), positions finite, texts of a
    /// sensible length, and the parts consistent with the act.
    pub fn check(&self, source: &str) -> Result<(), String> {
        let fail = |what: String| Err(format!("{source}: {what}"));
        let act = self.story.act;
        if self.version == 0 {
            return fail("save format 0 does not exist (the first is 1)".into());
        }
        if self.sequence > MAX_SEQUENCE {
            return fail(format!(
                "sequence {} is out of range (at most {MAX_SEQUENCE})",
                self.sequence
            ));
        }
        if !(0.0..=MAX_PLAY_TIME).contains(&self.play_time) {
            return fail(format!(
                "play_time {} is out of range (0 to {MAX_PLAY_TIME} seconds)",
                self.play_time
            ));
        }
        text_field(source, "summary", &self.summary)?;
        self.check_story(source)?;
        match (act == Act::PowerSurge, self.surge) {
            (true, Some(SurgePhase::Escape)) | (false, None) => {}
            (true, phase) => {
                return fail(format!(
                    "surge {phase:?} in the PowerSurge: a save is only taken once Mira makes for the rig (Some(Escape))"
                ));
            }
            (false, Some(phase)) => {
                return fail(format!(
                    "surge {phase:?} in the {act:?}: only the PowerSurge has a surge phase"
                ));
            }
        }
        text_field(source, "room", &self.room)?;
        position(source, "feet", self.feet)?;
        match (&self.dream, act) {
            (Some(dream), Act::Dreamscape) => dream.check(source),
            (None, Act::Dreamscape) => fail("a Dreamscape save without its dream progress".into()),
            (Some(_), _) => fail(format!(
                "dream progress in the {act:?}: only the Dreamscape has one"
            )),
            (None, _) => Ok(()),
        }
    }

    fn check_story(&self, source: &str) -> Result<(), String> {
        let fail = |what: String| Err(format!("{source}: {what}"));
        let story = &self.story;
        let act = story.act;
        if !(-BALANCE_LIMIT..=BALANCE_LIMIT).contains(&story.balance) {
            return fail(format!(
                "balance {} is out of range (-{BALANCE_LIMIT} to {BALANCE_LIMIT})",
                story.balance
            ));
        }
        for (bond, trust) in &story.trust {
            if !(-TRUST_LIMIT..=TRUST_LIMIT).contains(trust) {
                return fail(format!(
                    "trust {bond:?} {trust} is out of range (-{TRUST_LIMIT} to {TRUST_LIMIT})"
                ));
            }
        }
        if story.flags.len() > MAX_FLAGS {
            return fail(format!("{} flags (at most {MAX_FLAGS})", story.flags.len()));
        }
        for flag in &story.flags {
            text_field(source, "a flag", flag)?;
        }
        text_field(source, "objective", &story.objective)?;
        // The ending is decided on entering the Epilogue, and only the
        // rules of the acts from there on finish the story.
        if !act.decided() {
            if let Some(ending) = story.ending {
                return fail(format!(
                    "ending {ending:?} in the {act:?}: an ending is only decided from the Epilogue on"
                ));
            }
            if story.finished {
                return fail(format!(
                    "finished: true in the {act:?}: the story can only finish from the Epilogue on"
                ));
            }
        }
        Ok(())
    }

    /// Minutes and seconds played, for the menu.
    pub fn played(&self) -> String {
        let s = self.play_time.max(0.0) as u64;
        if s >= 3600 {
            format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
        } else {
            format!("{}:{:02}", s / 60, s % 60)
        }
    }
}

impl DreamProgress {
    fn check(&self, source: &str) -> Result<(), String> {
        if self.zone == 0 {
            return Err(format!(
                "{source}: dream zone 0 does not exist (zones count from 1)"
            ));
        }
        if self.cleared > self.zone {
            return Err(format!(
                "{source}: {} dream zones cleared, but only zone {} reached",
                self.cleared, self.zone
            ));
        }
        text_field(source, "wake_room", &self.wake_room)?;
        position(source, "wake_feet", self.wake_feet)
    }
}

/// A text field of a save: of a sensible length.
fn text_field(source: &str, field: &str, text: &str) -> Result<(), String> {
    if text.len() > MAX_TEXT {
        return Err(format!(
            "{source}: {field} is {} bytes long (at most {MAX_TEXT})",
            text.len()
        ));
    }
    Ok(())
}

/// A position: both coordinates finite (the room says how far they go).
fn position(source: &str, field: &str, at: [f32; 2]) -> Result<(), String> {
    if at.iter().all(|c| c.is_finite()) {
        Ok(())
    } else {
        Err(format!(
            "{source}: {field} ({}, {}) is not a position",
            at[0], at[1]
        ))
    }
}

/// A save to resume: the game starts from it instead of a new story. Set
/// before entering `Screen::Gameplay`; gone once the game stands where the
/// save was.
#[derive(Resource, Debug, Clone)]
pub struct Resume(pub SaveGame);

/// Reads a RON record (a save, the settings), with a message a player can
/// read that names `source`, the line and the column when it cannot.
pub fn read_ron<T: serde::de::DeserializeOwned>(source: &str, text: &str) -> Result<T, String> {
    ron::from_str(text).map_err(|e| {
        format!(
            "{source}: line {}, column {}: {}",
            e.span.start.line, e.span.start.col, e.code
        )
    })
}
