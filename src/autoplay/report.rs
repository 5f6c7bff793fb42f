//! What a run of the autoplay tells: the events it prints as the story goes
//! on, where it was when something went wrong, and how it ended.

use std::fmt;
use std::time::Duration;

use biodental_story::{Act, Ending};

use super::STALL;

/// Something that happened while playing, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// An act began.
    Act(Mark),
    /// Mira walked into a room she had not been in before.
    Room(Mark),
    /// The story finished with this ending; the closing scenes play.
    Ending(Ending, Mark),
    /// The dream battle is over: the Resolution begins.
    Dream(DreamReport),
    /// The credits are over: back on the title screen.
    Over(Mark),
}

/// How the dream battle went.
#[derive(Debug, Clone, PartialEq)]
pub struct DreamReport {
    /// Game time from the dream's start to the Resolution.
    pub time: Duration,
    /// The battle was won (not skipped by the setting).
    pub won: bool,
    pub pulses: u32,
    pub reassurances: u32,
    /// The lowest Leo's calm fell.
    pub lowest_calm: f32,
    /// Times the dream dissolved and came back at a checkpoint.
    pub retries: u32,
}

/// When and where something happened.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub act: Option<Act>,
    /// Simulated time since the game was built.
    pub time: Duration,
    /// Frames since the game was built.
    pub frame: u64,
    /// The title of the room Mira is in.
    pub room: String,
}

impl fmt::Display for Mark {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let act = self.act.map(Act::name).unwrap_or("-");
        write!(
            f,
            "{}  frame {:>6}  {act:<12} {}",
            clock(self.time),
            self.frame,
            self.room
        )
    }
}

/// "1 pulse", "12 pulses", "0 retries".
fn count(n: u32, what: &str) -> String {
    match (n, what.strip_suffix('y')) {
        (1, _) => format!("1 {what}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {what}s"),
    }
}

/// `mm:ss`.
pub fn clock(t: Duration) -> String {
    let s = t.as_secs();
    format!("{:02}:{:02}", s / 60, s % 60)
}

/// Why a playthrough failed.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// Nothing moved on for [`STALL`]: what the player was trying to do.
    Stuck { doing: String, at: Mark },
    /// The story ended, but not as asked.
    WrongEnding {
        wanted: Ending,
        reached: Option<Ending>,
        at: Mark,
    },
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Stuck { doing, at } => write!(
                f,
                "stuck: no progress for {} of game time while trying to {doing} (at {at})",
                clock(STALL)
            ),
            Failure::WrongEnding {
                wanted,
                reached,
                at,
            } => write!(
                f,
                "reached the {} ending instead of the {wanted:?} ending (at {at})",
                reached.map_or("no".to_string(), |e| format!("{e:?}"))
            ),
        }
    }
}

/// A game played to its end.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub ending: Ending,
    /// Every act's start, in order.
    pub timeline: Vec<Mark>,
    /// Every room, the first time Mira walked into it, in order.
    pub rooms: Vec<Mark>,
    /// When the credits were over.
    pub end: Mark,
    /// How the dream battle went.
    pub dream: Option<DreamReport>,
    pub wall: Duration,
}

/// One line of the timeline for `event`.
pub fn describe(event: &Event) -> String {
    match event {
        Event::Act(mark) => format!("  {mark}"),
        Event::Room(mark) => format!("         {} first time in {}", clock(mark.time), mark.room),
        Event::Ending(ending, mark) => format!(
            "  {}  frame {:>6}  the story ends: {ending:?}",
            clock(mark.time),
            mark.frame
        ),
        Event::Dream(d) => format!(
            "         the dream battle {} in {}: {}, {}, Leo's calm at {:.0} at the lowest, {}",
            if d.won { "won" } else { "NOT won" },
            clock(d.time),
            count(d.pulses, "pulse"),
            count(d.reassurances, "reassurance"),
            d.lowest_calm,
            count(d.retries, "retry"),
        ),
        Event::Over(mark) => format!(
            "  {}  frame {:>6}  the credits are over",
            clock(mark.time),
            mark.frame
        ),
    }
}
