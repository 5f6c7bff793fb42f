//! Plays the whole story graph: from a new game, every conversation with
//! everyone, every choice, every trigger area, every completion event, in
//! every state the story can reach. Proves that every ending can be reached,
//! that no reachable state is stuck (each can still reach an ending), and
//! that every line of dialogue can be heard.
//!
//! States are compact ([`Key`]: the act, flags as bits, balance and trust),
//! and two states no later condition can tell apart count once: flags and
//! values that no condition of the act or of an act after it tests are
//! dropped. A conversation is walked once for each combination of what its
//! own conditions test (the act, its flags, the values it compares), and
//! remembered as the changes each way through it makes ([`Change`]), which
//! are then applied to every state that combination stands for. Rules are
//! applied by [`StoryState`] itself, so that the game and the exploration
//! cannot disagree. A budget of steps and states keeps the exploration
//! bounded whatever the story; running out of it is reported with the act
//! and conversation it was exploring.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::rc::Rc;

use crate::data::{Act, Bond, Condition, Effect, Ending, Trigger};
use crate::state::{BALANCE_LIMIT, StoryState, TRUST_LIMIT};
use crate::{Character, Story};

mod explorer;
mod rules;
mod space;
#[cfg(test)]
mod tests;

use explorer::*;
use rules::*;
use space::*;

/// Beyond this many conversations played in a row (the story queueing
/// conversations that queue more), the exploration stops and says so.
const SETTLE_LIMIT: usize = 10_000;

/// Beyond this many story states the exploration stops and says so.
pub const STATE_LIMIT: usize = 2_000_000;

/// Beyond this many steps (lines shown while walking conversations, and
/// rules applied), the exploration stops and says so.
pub const STEP_LIMIT: usize = 20_000_000;

#[derive(Debug, Default)]
pub struct Exploration {
    /// Distinct story states reached.
    pub states: usize,
    pub endings: BTreeSet<Ending>,
    /// Every node some playthrough shows.
    pub heard: BTreeSet<String>,
    /// Every act change some playthrough makes.
    pub transitions: BTreeSet<(Act, Act)>,
    /// Reachable states from which no ending can be reached (a few examples).
    pub stuck: Vec<StoryState>,
    /// How many reachable states are stuck.
    pub stuck_count: usize,
    /// States of an act that keeps every ending open, with no ending decided
    /// yet, from which these endings can no longer be reached (a few
    /// examples).
    pub closed: Vec<(StoryState, Vec<Ending>)>,
    /// How many such states there are.
    pub closed_count: usize,
    /// Conversations (by start node) that some state can never leave.
    pub endless: BTreeSet<String>,
    /// The exploration ran out of its budget (states, steps, or
    /// conversations queued in a row) and stopped.
    pub truncated: bool,
    /// Why it stopped, and what it was exploring then.
    pub stopped: Option<String>,
    /// Steps taken (lines shown, rules applied).
    pub steps: usize,
}

/// Everything the player can do to move the story on, in any state.
fn actions(story: &Story) -> Vec<Action> {
    let mut out: Vec<Action> = Character::PLACED.iter().map(|c| Action::Talk(*c)).collect();
    for def in story.file.acts.values() {
        for r in &def.rules {
            let player_made = matches!(
                r.on,
                Trigger::Entered(_)
                    | Trigger::Used(_)
                    | Trigger::SurgeOver
                    | Trigger::CoreShielded
                    | Trigger::BattleWon
            );
            if player_made && !out.contains(&Action::Trigger(r.on.clone())) {
                out.push(Action::Trigger(r.on.clone()));
            }
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Action {
    Talk(Character),
    Trigger(Trigger),
}

/// How far an exploration may go before it stops and says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Distinct story states.
    pub states: usize,
    /// Lines shown while walking conversations, and conversations played.
    pub steps: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            states: STATE_LIMIT,
            steps: STEP_LIMIT,
        }
    }
}

/// Explores the story within the default [`Budget`] (`check-story`'s).
pub fn explore(story: &Story) -> Exploration {
    explore_within(story, Budget::default())
}

/// Explores the story, stopping when `budget` runs out.
pub fn explore_within(story: &Story, budget: Budget) -> Exploration {
    Explorer::new(story, budget).run()
}

/// A story state, compact: flags as bits, balance and the three trusts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Key {
    act: Act,
    flags: Box<[u64]>,
    /// Balance, then trust with Leo, Samantha and the dentists.
    values: [i32; 4],
    ending: Option<Ending>,
    finished: bool,
}

/// Which of [`Key::values`] a bond's trust is.
fn slot(bond: Bond) -> usize {
    1 + Bond::ALL.iter().position(|b| *b == bond).unwrap_or(0)
}

const LIMITS: [i32; 4] = [BALANCE_LIMIT, TRUST_LIMIT, TRUST_LIMIT, TRUST_LIMIT];

/// What a value becomes whatever it was: `clamp(v + add, low, high)`, as
/// [`StoryState::apply`] computes it step by step (amounts add, the result
/// stays within the limits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Shift {
    add: i64,
    low: i64,
    high: i64,
}

impl Shift {
    fn none(limit: i32) -> Self {
        Shift {
            add: 0,
            low: -i64::from(limit),
            high: i64::from(limit),
        }
    }

    /// This shift, then `amount` more, clamped to `limit`.
    fn then(self, amount: i32, limit: i32) -> Self {
        let (lo, hi) = (-i64::from(limit), i64::from(limit));
        let n = i64::from(amount);
        let low = (self.low + n).clamp(lo, hi);
        let high = (self.high + n).clamp(lo, hi);
        Shift {
            // Beyond twice the range, more adds nothing; a constant adds nothing.
            add: if low == high {
                0
            } else {
                self.add.saturating_add(n).clamp(-4 * hi, 4 * hi)
            },
            low,
            high,
        }
    }

    fn apply(self, v: i32) -> i32 {
        // `low` and `high` lie within the limits, so the result fits.
        (i64::from(v) + self.add).clamp(self.low, self.high) as i32
    }
}

/// What one way through a conversation does to any state it can start
/// from: flags set and cleared, values shifted.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Change {
    set: Box<[u64]>,
    clear: Box<[u64]>,
    shifts: [Shift; 4],
}

impl Change {
    fn none(words: usize) -> Self {
        Change {
            set: vec![0; words].into(),
            clear: vec![0; words].into(),
            shifts: LIMITS.map(Shift::none),
        }
    }

    fn apply(&self, k: &Key) -> Key {
        let mut out = k.clone();
        for ((f, s), c) in out.flags.iter_mut().zip(&self.set).zip(&self.clear) {
            *f = (*f & !c) | s;
        }
        for (v, s) in out.values.iter_mut().zip(self.shifts) {
            *v = s.apply(*v);
        }
        out
    }
}

/// What a conversation tests: the flags and values its choices' conditions read.
#[derive(Debug)]
struct Tests {
    flags: Box<[u64]>,
    values: [bool; 4],
}

/// The part of a state a conversation's way depends on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Seen {
    /// The scene (its start node), numbered.
    start: usize,
    act: Act,
    ending: Option<Ending>,
    flags: Box<[u64]>,
    values: [i32; 4],
}

impl Exploration {
    /// What the exploration proves wrong, one line each.
    pub fn problems(&self, story: &Story) -> Vec<String> {
        let file = &story.file_name;
        let mut out = Vec::new();
        if self.truncated {
            let why = self.stopped.as_deref().unwrap_or("ran out of its budget");
            out.push(format!(
                "{file}: the exploration of the story stopped: it {why}"
            ));
        }
        for e in &story.file.endings {
            if !self.endings.contains(&e.ending) {
                out.push(format!(
                    "{file}: ending {:?}: no playthrough reaches it",
                    e.ending
                ));
            }
        }
        for s in &self.stuck {
            out.push(format!(
                "{file}: act {:?}: the story can get stuck here: objective \"{}\", flags {:?}, \
                 balance {}, trust {:?}",
                s.act, s.objective, s.flags, s.balance, s.trust
            ));
        }
        if self.stuck_count > self.stuck.len() {
            out.push(format!(
                "{file}: …and {} more stuck states",
                self.stuck_count - self.stuck.len()
            ));
        }
        for (s, lost) in &self.closed {
            out.push(format!(
                "{file}: act {:?}: no ending is decided yet, but {lost:?} can no longer be \
                 reached from here: flags {:?}, balance {}, trust {:?}",
                s.act, s.flags, s.balance, s.trust
            ));
        }
        if self.closed_count > self.closed.len() {
            out.push(format!(
                "{file}: …and {} more states with an ending out of reach",
                self.closed_count - self.closed.len()
            ));
        }
        for id in &self.endless {
            let f = story.node_file.get(id).map(String::as_str).unwrap_or(file);
            out.push(format!(
                "{f}: node \"{id}\": the conversation can never end"
            ));
        }
        for (id, f) in &story.node_file {
            if !self.heard.contains(id) {
                out.push(format!(
                    "{f}: node \"{id}\": no playthrough shows it (its conditions never hold)"
                ));
            }
        }
        out
    }
}
