//! Where the story stands (act, flags, balance, trust, ending, objective) and
//! how it moves: the rules of the current act applied to what the game tells
//! it. Plain data and functions, so that saves, tests and `check-story` use
//! exactly what the game uses.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::data::{Act, Bond, Condition, Effect, Ending, Trigger};
use crate::{Character, Story};

/// Mira's balance runs from technology (−) to empathy (+), this far each way.
pub const BALANCE_LIMIT: i32 = 10;
/// Trust runs this far each way.
pub const TRUST_LIMIT: i32 = 5;

/// Everything about the story a save needs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "bevy", derive(bevy::ecs::resource::Resource))]
pub struct StoryState {
    pub act: Act,
    pub flags: BTreeSet<String>,
    /// Technology (negative) to empathy (positive).
    pub balance: i32,
    pub trust: BTreeMap<Bond, i32>,
    /// Decided on entering the Epilogue.
    pub ending: Option<Ending>,
    /// The story has reached its end: the closing scenes play.
    pub finished: bool,
    /// The line on screen telling the player what to do next.
    pub objective: String,
}

/// What a change of the story asks the rest of the game to do.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Reaction {
    /// Conversations to play, in order.
    pub dialogue: Vec<String>,
    /// The act the story moved to.
    pub entered: Option<Act>,
    pub finished: bool,
}

impl StoryState {
    /// A new game: the first act, with its opening queued in the reaction.
    pub fn new(story: &Story) -> (Self, Reaction) {
        let mut state = StoryState {
            act: Act::Arrival,
            flags: BTreeSet::new(),
            balance: 0,
            trust: BTreeMap::new(),
            ending: None,
            finished: false,
            objective: String::new(),
        };
        let mut reaction = Reaction::default();
        state.enter(story, Act::Arrival, &mut reaction);
        (state, reaction)
    }

    pub fn trust(&self, bond: Bond) -> i32 {
        self.trust.get(&bond).copied().unwrap_or(0)
    }

    pub fn has(&self, flag: &str) -> bool {
        self.flags.contains(flag)
    }

    pub fn holds(&self, condition: &Condition) -> bool {
        match condition {
            Condition::Flag(f) => self.has(f),
            Condition::NotFlag(f) => !self.has(f),
            Condition::Act(a) => self.act == *a,
            Condition::EmpathyAtLeast(n) => self.balance >= *n,
            Condition::TechAtLeast(n) => self.balance.saturating_neg() >= *n,
            Condition::TrustAtLeast(b, n) => self.trust(*b) >= *n,
            Condition::TrustBelow(b, n) => self.trust(*b) < *n,
            Condition::Ending(e) => self.ending == Some(*e),
        }
    }

    pub fn holds_all(&self, conditions: &[Condition]) -> bool {
        conditions.iter().all(|c| self.holds(c))
    }

    /// Applies an effect of a line, a choice or a rule. The arithmetic
    /// saturates and the result is kept within the limits, whatever the
    /// amount and whatever a save held before.
    pub fn apply(&mut self, effect: &Effect) {
        match effect {
            Effect::Set(f) => {
                self.flags.insert(f.clone());
            }
            Effect::Clear(f) => {
                self.flags.remove(f);
            }
            Effect::Empathy(n) => {
                self.balance = self
                    .balance
                    .saturating_add(*n)
                    .clamp(-BALANCE_LIMIT, BALANCE_LIMIT)
            }
            Effect::Tech(n) => {
                self.balance = self
                    .balance
                    .saturating_sub(*n)
                    .clamp(-BALANCE_LIMIT, BALANCE_LIMIT)
            }
            Effect::Trust(b, n) => {
                let t = self
                    .trust(*b)
                    .saturating_add(*n)
                    .clamp(-TRUST_LIMIT, TRUST_LIMIT);
                if t == 0 {
                    self.trust.remove(b);
                } else {
                    self.trust.insert(*b, t);
                }
            }
        }
    }

    /// Applies effects, then brings the objective up to date.
    pub fn apply_all(&mut self, story: &Story, effects: &[Effect]) {
        for e in effects {
            self.apply(e);
        }
        self.objective = story.objective(self).to_string();
    }

    /// The story hears `trigger`: the current act's rules whose trigger and
    /// conditions match apply, in order, until one changes the act.
    pub fn react(&mut self, story: &Story, trigger: &Trigger) -> Reaction {
        let mut reaction = Reaction::default();
        if self.finished {
            return reaction;
        }
        let Some(act) = story.file.acts.get(&self.act) else {
            return reaction;
        };
        for rule in &act.rules {
            if rule.on != *trigger || !self.holds_all(&rule.when) {
                continue;
            }
            for e in &rule.effects {
                self.apply(e);
            }
            if let Some(d) = &rule.dialogue {
                reaction.dialogue.push(d.clone());
            }
            if rule.finish {
                self.finished = true;
                reaction.finished = true;
                break;
            }
            if let Some(next) = rule.next {
                self.enter(story, next, &mut reaction);
                break;
            }
        }
        self.objective = story.objective(self).to_string();
        reaction
    }

    fn enter(&mut self, story: &Story, act: Act, reaction: &mut Reaction) {
        self.act = act;
        reaction.entered = Some(act);
        reaction
            .dialogue
            .extend(story.opening(act).map(str::to_string));
        if act == Act::Epilogue && self.ending.is_none() {
            let ending = story.file.endings.iter().find(|e| self.holds_all(&e.when));
            if let Some(e) = ending {
                self.ending = Some(e.ending);
                reaction.dialogue.extend(e.opening.clone());
            }
        }
        self.objective = story.objective(self).to_string();
    }

    /// A conversation that started at node `start` (none: a greeting) ended; `who` is the person
    /// Mira walked up to, if it was a talk (not an opening or a rule's scene).
    pub fn conversation_ended(
        &mut self,
        story: &Story,
        start: Option<&str>,
        who: Option<Character>,
    ) -> Reaction {
        let mut reaction = Reaction::default();
        if let Some(who) = who {
            reaction = self.react(story, &Trigger::Talked(who));
        }
        if let Some(start) = start
            && reaction.entered.is_none()
            && !reaction.finished
        {
            let more = self.react(story, &Trigger::Finished(start.to_string()));
            reaction.dialogue.extend(more.dialogue);
            reaction.entered = more.entered;
            reaction.finished = more.finished;
        }
        reaction
    }

    /// Where talking to `who` starts now, if the story has something for them to say.
    pub fn talk_start<'a>(&self, story: &'a Story, who: Character) -> Option<&'a str> {
        story
            .talks
            .iter()
            .find(|t| t.who == who && t.act == self.act && self.holds_all(&t.when))
            .map(|t| t.start.as_str())
    }

    /// The choices of node `id` offered now, by index.
    pub fn offered(&self, story: &Story, id: &str) -> Vec<usize> {
        story
            .nodes
            .get(id)
            .map(|n| {
                n.choices
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| self.holds_all(&c.when))
                    .map(|(i, _)| i)
                    .collect()
            })
            .unwrap_or_default()
    }
}
