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
                Trigger::Entered(_) | Trigger::Used(_) | Trigger::SurgeOver | Trigger::BattleWon
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

struct Explorer<'a> {
    story: &'a Story,
    budget: Budget,
    space: Space,
    rules: Rules,
    ex: Exploration,
    /// What each scene's conversation tests, by scene.
    tests: Vec<Option<Rc<Tests>>>,
    ways: HashMap<Seen, Rc<Vec<Change>>, Fast>,
    /// What is being explored, for the message if the budget runs out.
    doing: Doing,
}

/// What the exploration is doing, put in words only if it has to stop.
#[derive(Debug, Clone, Copy)]
enum Doing {
    NewGame,
    Talk(Act, Character, Option<usize>),
    Trigger(Act, usize),
}

impl<'a> Explorer<'a> {
    fn new(story: &'a Story, budget: Budget) -> Self {
        let space = Space::new(story);
        let rules = Rules::new(story, &space);
        Explorer {
            story,
            budget,
            tests: vec![None; rules.scenes.len()],
            space,
            rules,
            ex: Exploration::default(),
            ways: HashMap::default(),
            doing: Doing::NewGame,
        }
    }

    /// Counts a step; false once the budget is spent.
    fn step(&mut self) -> bool {
        self.ex.steps += 1;
        if self.ex.steps > self.budget.steps {
            self.stop(format!("took more than {} steps", self.budget.steps));
            return false;
        }
        true
    }

    fn stop(&mut self, why: String) {
        if !self.ex.truncated {
            self.ex.truncated = true;
            let doing = match self.doing {
                Doing::NewGame => "the start of a new game".to_string(),
                Doing::Talk(act, who, None) => format!("act {act:?}: talking to {who:?}"),
                Doing::Talk(act, who, Some(scene)) => format!(
                    "act {act:?}: talking to {who:?} (\"{}\")",
                    self.rules.scenes[scene]
                ),
                Doing::Trigger(act, t) => {
                    let trigger = self.rules.triggers.iter().find(|(_, i)| **i == t);
                    format!("act {act:?}: {:?}", trigger.map(|(t, _)| t))
                }
            };
            self.ex.stopped = Some(format!("{why} while exploring {doing}"));
        }
    }

    fn run(mut self) -> Exploration {
        let story = self.story;
        let actions: Vec<(Action, Option<usize>)> = actions(story)
            .into_iter()
            .map(|a| {
                let t = match &a {
                    Action::Trigger(t) => self.rules.triggers.get(t).copied(),
                    Action::Talk(_) => None,
                };
                (a, t)
            })
            .collect();
        let mut index: HashMap<Key, usize, Fast> = HashMap::default();
        let mut keys: Vec<Key> = Vec::new();
        let mut edges: Vec<Vec<usize>> = Vec::new();
        let mut queue = VecDeque::new();
        let mut intern = |k: Key,
                          keys: &mut Vec<Key>,
                          edges: &mut Vec<Vec<usize>>,
                          queue: &mut VecDeque<usize>|
         -> usize {
            if let Some(i) = index.get(&k) {
                return *i;
            }
            let i = keys.len();
            index.insert(k.clone(), i);
            keys.push(k);
            edges.push(Vec::new());
            queue.push_back(i);
            i
        };
        self.doing = Doing::NewGame;
        let (first, moved) = self.rules.new_game(self.space.words);
        for k in self.settle(first, moved) {
            let k = self.space.prune(k);
            intern(k, &mut keys, &mut edges, &mut queue);
        }
        while let Some(i) = queue.pop_front() {
            if keys.len() > self.budget.states {
                let mut by_act = std::collections::BTreeMap::new();
                for k in &keys {
                    *by_act.entry(k.act).or_insert(0usize) += 1;
                }
                let by_act: Vec<String> =
                    by_act.iter().map(|(a, n)| format!("{a:?} {n}")).collect();
                self.stop(format!(
                    "reached more than {} story states (by act: {})",
                    self.budget.states,
                    by_act.join(", ")
                ));
                break;
            }
            if self.ex.truncated {
                break;
            }
            let key = keys[i].clone();
            if key.finished {
                if let Some(e) = key.ending {
                    self.ex.endings.insert(e);
                }
                continue;
            }
            for (action, trigger) in &actions {
                let outcomes = match action {
                    Action::Talk(who) => self.talk(&key, *who),
                    Action::Trigger(_) => {
                        let Some(t) = *trigger else {
                            continue;
                        };
                        if !self.rules.listens(key.act, t) {
                            continue;
                        }
                        let mut k = key.clone();
                        let moved = self.rules.react(&mut k, t);
                        if moved.dialogue.is_empty() {
                            vec![k]
                        } else {
                            self.doing = Doing::Trigger(key.act, t);
                            self.settle(k, moved)
                        }
                    }
                };
                for k in outcomes {
                    if k.act != key.act {
                        self.ex.transitions.insert((key.act, k.act));
                    }
                    let k = self.space.prune(k);
                    if k == key {
                        // Nothing changed: a way back to itself proves nothing.
                        continue;
                    }
                    let j = intern(k, &mut keys, &mut edges, &mut queue);
                    edges[i].push(j);
                }
            }
        }
        let mut ex = std::mem::take(&mut self.ex);
        ex.states = keys.len();
        if !ex.truncated {
            for i in stuck(&keys, &edges) {
                ex.stuck_count += 1;
                if ex.stuck.len() < 3 {
                    ex.stuck.push(self.space.state(story, &keys[i]));
                }
            }
        }
        ex
    }

    /// Talking to `who`: their conversation (or a greeting), then what the story does about it.
    fn talk(&mut self, key: &Key, who: Character) -> Vec<Key> {
        match self.rules.talk_start(key, who) {
            Some(start) => {
                self.doing = Doing::Talk(key.act, who, Some(start));
                let mut out = Vec::new();
                for mut end in self.converse(key, start) {
                    let moved = self
                        .rules
                        .conversation_ended(&mut end, Some(start), Some(who));
                    out.extend(self.settle(end, moved));
                }
                if out.len() > 1 {
                    out.sort_unstable();
                    out.dedup();
                }
                out
            }
            None => {
                // A greeting: only a rule on talking to them can change anything.
                let listened = Character::ALL
                    .iter()
                    .position(|c| *c == who)
                    .and_then(|i| self.rules.talked[i])
                    .is_some_and(|t| self.rules.listens(key.act, t));
                if !listened {
                    return Vec::new();
                }
                self.doing = Doing::Talk(key.act, who, None);
                let mut k = key.clone();
                let moved = self.rules.conversation_ended(&mut k, None, Some(who));
                self.settle(k, moved)
            }
        }
    }

    /// Plays the conversations a reaction queued, one after another, each
    /// with every way it can go.
    fn settle(&mut self, key: Key, moved: Moved) -> Vec<Key> {
        if moved.dialogue.is_empty() {
            return vec![key];
        }
        let mut results = vec![(key, VecDeque::from(moved.dialogue))];
        let mut done = BTreeSet::new();
        let mut played = 0;
        while let Some((k, mut queue)) = results.pop() {
            let Some(start) = queue.pop_front() else {
                done.insert(k);
                continue;
            };
            played += 1;
            if played > SETTLE_LIMIT {
                self.stop(format!(
                    "played more than {SETTLE_LIMIT} conversations in a row, the last \"{}\" in act {:?} \
                     (a scene the story queues again when it ends?)",
                    self.rules.scenes[start], k.act
                ));
                break;
            }
            if !self.step() {
                break;
            }
            for mut end in self.converse(&k, start) {
                let moved = self.rules.conversation_ended(&mut end, Some(start), None);
                let mut q = queue.clone();
                q.extend(moved.dialogue);
                results.push((end, q));
            }
        }
        done.into_iter().collect()
    }

    /// Every state a conversation starting at scene `start` can end in from `key`.
    fn converse(&mut self, key: &Key, start: usize) -> Vec<Key> {
        let tests = self.tests(start);
        let mut seen = Seen {
            start,
            act: key.act,
            ending: key.ending,
            flags: key
                .flags
                .iter()
                .zip(&tests.flags)
                .map(|(f, t)| f & t)
                .collect(),
            values: [0; 4],
        };
        for (i, v) in seen.values.iter_mut().enumerate() {
            if tests.values[i] {
                *v = key.values[i];
            }
        }
        let ways = match self.ways.get(&seen) {
            Some(w) => w.clone(),
            None => {
                let w = Rc::new(self.walk(&seen));
                self.ways.insert(seen, w.clone());
                w
            }
        };
        let mut out: Vec<Key> = ways.iter().map(|c| c.apply(key)).collect();
        if out.len() > 1 {
            out.sort_unstable();
            out.dedup();
        }
        out
    }

    /// The flags and values the choices of a conversation test.
    fn tests(&mut self, start: usize) -> Rc<Tests> {
        if let Some(t) = &self.tests[start] {
            return t.clone();
        }
        let start_id = self.rules.scenes[start].as_str();
        let mut flags = vec![0u64; self.space.words];
        let mut values = [false; 4];
        for id in self.space.lines_from(self.story, [start_id]) {
            let Some(node) = self.story.nodes.get(id) else {
                continue;
            };
            for c in node.choices.iter().flat_map(|c| &c.when) {
                match c {
                    Condition::Flag(f) | Condition::NotFlag(f) => self.space.mark(&mut flags, f),
                    Condition::EmpathyAtLeast(_) | Condition::TechAtLeast(_) => values[0] = true,
                    Condition::TrustAtLeast(b, _) | Condition::TrustBelow(b, _) => {
                        values[slot(*b)] = true
                    }
                    Condition::Act(_) | Condition::Ending(_) => {}
                }
            }
        }
        let t = Rc::new(Tests {
            flags: flags.into(),
            values,
        });
        self.tests[start] = Some(t.clone());
        t
    }

    /// Every way through the conversation `seen.start` from a state like
    /// `seen`, as the changes each makes, with equal ones merged. A line
    /// reached again with the same changes so far adds nothing new.
    fn walk(&mut self, seen: &Seen) -> Vec<Change> {
        let story = self.story;
        let mut ends = HashSet::new();
        let mut visited = HashSet::new();
        let start = self.rules.scenes[seen.start].clone();
        let mut stack = vec![(start.clone(), Change::none(self.space.words))];
        while let Some((id, mut change)) = stack.pop() {
            if !visited.insert((id.clone(), change.clone())) {
                continue;
            }
            if !self.step() {
                return Vec::new();
            }
            let Some(node) = story.nodes.get(&id) else {
                ends.insert(change);
                continue;
            };
            self.ex.heard.insert(id.clone());
            self.space.change(&mut change, &node.effects);
            let offered: Vec<_> = node
                .choices
                .iter()
                .filter(|c| c.when.iter().all(|w| self.space.holds(seen, &change, w)))
                .collect();
            if !offered.is_empty() {
                for choice in offered {
                    let mut c = change.clone();
                    self.space.change(&mut c, &choice.effects);
                    match &choice.next {
                        Some(n) => stack.push((n.clone(), c)),
                        None => {
                            ends.insert(c);
                        }
                    }
                }
            } else {
                match &node.next {
                    Some(n) if node.choices.is_empty() => stack.push((n.clone(), change)),
                    _ => {
                        ends.insert(change);
                    }
                }
            }
        }
        if ends.is_empty() {
            self.ex.endless.insert(start);
        }
        ends.into_iter().collect()
    }
}

/// A condition with its flag numbered.
#[derive(Debug, Clone, PartialEq)]
enum Test {
    Flag(usize, bool),
    Act(Act),
    AtLeast(usize, i32),
    Below(usize, i32),
    TechAtLeast(i32),
    Ending(Ending),
}

/// An effect with its flag numbered: set (or clear) a flag, or add to a
/// value (`tech`: take away from the balance, as [`Effect::Tech`]).
#[derive(Debug, Clone, PartialEq)]
enum Do {
    Flag(usize, bool),
    Add {
        slot: usize,
        amount: i32,
        tech: bool,
    },
}

/// A rule of an act, compiled.
#[derive(Debug)]
struct Law {
    on: usize,
    when: Vec<Test>,
    effects: Vec<Do>,
    dialogue: Option<usize>,
    next: Option<Act>,
    finish: bool,
}

/// What a rule did: as [`crate::Reaction`], with scenes numbered.
#[derive(Debug, Default, PartialEq)]
struct Moved {
    dialogue: Vec<usize>,
    entered: Option<Act>,
    finished: bool,
}

/// The rules, talks, openings and endings of a story, compiled to work on
/// [`Key`]s: they do exactly what [`StoryState::react`],
/// [`StoryState::conversation_ended`] and [`StoryState::talk_start`] do
/// (a test in this module plays both side by side).
struct Rules {
    /// Every trigger a rule listens for, numbered.
    triggers: HashMap<Trigger, usize>,
    /// Scenes (the nodes conversations start at), numbered.
    scenes: Vec<String>,
    /// Per scene: the trigger of its end, if a rule listens for it.
    finished: Vec<Option<usize>>,
    /// Per character (as in [`Character::ALL`]): the trigger of talking to them.
    talked: Vec<Option<usize>>,
    /// Per act (as in [`Act::ALL`]).
    laws: Vec<Vec<Law>>,
    openings: Vec<Option<usize>>,
    talks: Vec<(Character, Act, Vec<Test>, usize)>,
    endings: Vec<(Ending, Vec<Test>, Option<usize>)>,
}

impl Rules {
    fn new(story: &Story, space: &Space) -> Self {
        let mut rules = Rules {
            triggers: HashMap::new(),
            scenes: Vec::new(),
            finished: Vec::new(),
            talked: Vec::new(),
            laws: Vec::new(),
            openings: Vec::new(),
            talks: Vec::new(),
            endings: Vec::new(),
        };
        let mut scene_number: HashMap<String, usize> = HashMap::new();
        let mut scene = |id: &str, scenes: &mut Vec<String>| -> usize {
            *scene_number.entry(id.to_string()).or_insert_with(|| {
                scenes.push(id.to_string());
                scenes.len() - 1
            })
        };
        for act in Act::ALL {
            let def = story.file.acts.get(&act);
            let opening = def.and_then(|d| d.opening.as_deref());
            rules
                .openings
                .push(opening.map(|o| scene(o, &mut rules.scenes)));
            let mut laws = Vec::new();
            for r in def.map(|d| d.rules.as_slice()).unwrap_or_default() {
                let n = rules.triggers.len();
                let on = *rules.triggers.entry(r.on.clone()).or_insert(n);
                laws.push(Law {
                    on,
                    when: space.tests(&r.when),
                    effects: space.effects(&r.effects),
                    dialogue: r.dialogue.as_deref().map(|d| scene(d, &mut rules.scenes)),
                    next: r.next,
                    finish: r.finish,
                });
            }
            rules.laws.push(laws);
        }
        for t in &story.talks {
            let start = scene(&t.start, &mut rules.scenes);
            rules
                .talks
                .push((t.who, t.act, space.tests(&t.when), start));
        }
        for e in &story.file.endings {
            let opening = e.opening.as_deref().map(|o| scene(o, &mut rules.scenes));
            rules
                .endings
                .push((e.ending, space.tests(&e.when), opening));
        }
        rules.finished = rules
            .scenes
            .iter()
            .map(|s| rules.triggers.get(&Trigger::Finished(s.clone())).copied())
            .collect();
        rules.talked = Character::ALL
            .iter()
            .map(|c| rules.triggers.get(&Trigger::Talked(*c)).copied())
            .collect();
        rules
    }

    /// A new game, as [`StoryState::new`]: the first act, its opening queued.
    fn new_game(&self, words: usize) -> (Key, Moved) {
        let mut key = Key {
            act: Act::Arrival,
            flags: vec![0; words].into(),
            values: [0; 4],
            ending: None,
            finished: false,
        };
        let mut moved = Moved::default();
        self.enter(&mut key, Act::Arrival, &mut moved);
        (key, moved)
    }

    fn holds(key: &Key, test: &Test) -> bool {
        match *test {
            Test::Flag(i, want) => (key.flags[i / 64] & (1 << (i % 64)) != 0) == want,
            Test::Act(a) => key.act == a,
            Test::AtLeast(slot, n) => key.values[slot] >= n,
            Test::Below(slot, n) => key.values[slot] < n,
            Test::TechAtLeast(n) => key.values[0].saturating_neg() >= n,
            Test::Ending(e) => key.ending == Some(e),
        }
    }

    fn holds_all(key: &Key, tests: &[Test]) -> bool {
        tests.iter().all(|t| Self::holds(key, t))
    }

    fn apply(key: &mut Key, effect: &Do) {
        match *effect {
            Do::Flag(i, on) => {
                let bit = 1 << (i % 64);
                if on {
                    key.flags[i / 64] |= bit;
                } else {
                    key.flags[i / 64] &= !bit;
                }
            }
            Do::Add { slot, amount, tech } => {
                let v = key.values[slot];
                let v = if tech {
                    v.saturating_sub(amount)
                } else {
                    v.saturating_add(amount)
                };
                key.values[slot] = v.clamp(-LIMITS[slot], LIMITS[slot]);
            }
        }
    }

    /// Whether a rule of `act` listens for trigger `t`.
    fn listens(&self, act: Act, t: usize) -> bool {
        self.laws[act as usize].iter().any(|l| l.on == t)
    }

    /// As [`StoryState::react`].
    fn react(&self, key: &mut Key, trigger: usize) -> Moved {
        let mut moved = Moved::default();
        if key.finished {
            return moved;
        }
        for law in &self.laws[key.act as usize] {
            if law.on != trigger || !Self::holds_all(key, &law.when) {
                continue;
            }
            for e in &law.effects {
                Self::apply(key, e);
            }
            moved.dialogue.extend(law.dialogue);
            if law.finish {
                key.finished = true;
                moved.finished = true;
                break;
            }
            if let Some(next) = law.next {
                self.enter(key, next, &mut moved);
                break;
            }
        }
        moved
    }

    fn enter(&self, key: &mut Key, act: Act, moved: &mut Moved) {
        key.act = act;
        moved.entered = Some(act);
        moved.dialogue.extend(self.openings[act as usize]);
        if act == Act::Epilogue && key.ending.is_none() {
            let ending = self.endings.iter().find(|e| Self::holds_all(key, &e.1));
            if let Some((e, _, opening)) = ending {
                key.ending = Some(*e);
                moved.dialogue.extend(*opening);
            }
        }
    }

    /// As [`StoryState::conversation_ended`].
    fn conversation_ended(
        &self,
        key: &mut Key,
        start: Option<usize>,
        who: Option<Character>,
    ) -> Moved {
        let mut moved = Moved::default();
        if let Some(who) = who
            && let Some(t) = Character::ALL
                .iter()
                .position(|c| *c == who)
                .and_then(|i| self.talked[i])
        {
            moved = self.react(key, t);
        }
        if let Some(start) = start
            && moved.entered.is_none()
            && !moved.finished
            && let Some(t) = self.finished[start]
        {
            let more = self.react(key, t);
            moved.dialogue.extend(more.dialogue);
            moved.entered = more.entered;
            moved.finished = more.finished;
        }
        moved
    }

    /// As [`StoryState::talk_start`], the scene numbered.
    fn talk_start(&self, key: &Key, who: Character) -> Option<usize> {
        self.talks
            .iter()
            .find(|(w, act, when, _)| *w == who && *act == key.act && Self::holds_all(key, when))
            .map(|t| t.3)
    }
}

/// A fast hash for the exploration's own keys (no untrusted input: the
/// keys are bits and small numbers).
#[derive(Default, Clone, Copy)]
struct Fast;

impl std::hash::BuildHasher for Fast {
    type Hasher = FastHasher;
    fn build_hasher(&self) -> FastHasher {
        FastHasher(0)
    }
}

/// FxHash: a multiply and a rotate per word.
struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
        for b in chunks.remainder() {
            self.write_u64(u64::from(*b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The states (by index) from which no finished state can be reached:
/// walks the edges backwards from the finished ones.
fn stuck(keys: &[Key], edges: &[Vec<usize>]) -> Vec<usize> {
    let mut back: Vec<Vec<usize>> = vec![Vec::new(); keys.len()];
    for (i, out) in edges.iter().enumerate() {
        for &j in out {
            back[j].push(i);
        }
    }
    let mut alive = vec![false; keys.len()];
    let mut todo: Vec<usize> = (0..keys.len()).filter(|i| keys[*i].finished).collect();
    for &i in &todo {
        alive[i] = true;
    }
    while let Some(j) = todo.pop() {
        for &i in &back[j] {
            if !alive[i] {
                alive[i] = true;
                todo.push(i);
            }
        }
    }
    (0..keys.len()).filter(|i| !alive[*i]).collect()
}

/// The flags of a story, numbered, and which flags and values each act
/// and the acts after it can still test. Two states that differ only in
/// what no later condition tests behave the same, so the exploration
/// counts them once.
struct Space {
    names: Vec<String>,
    number: HashMap<String, usize>,
    words: usize,
    /// Per act (as in [`Act::ALL`]): the flags that can still matter (a bit per flag).
    relevant: Vec<Box<[u64]>>,
    /// Per act: whether balance and each trust can still matter.
    relevant_values: Vec<[bool; 4]>,
}

impl Space {
    fn new(story: &Story) -> Self {
        // Every flag the story names, listed or not (the checks report
        // unlisted ones; the exploration still plays them as the game would).
        let mut names: Vec<String> = Vec::new();
        let mut number: HashMap<String, usize> = HashMap::new();
        let mut add = |f: &str| {
            if !number.contains_key(f) {
                number.insert(f.to_string(), names.len());
                names.push(f.to_string());
            }
        };
        for f in &story.file.flags {
            add(f);
        }
        for (conditions, effects) in everything(story) {
            conditions
                .iter()
                .filter_map(Condition::flag)
                .for_each(&mut add);
            effects.iter().filter_map(Effect::flag).for_each(&mut add);
        }
        let words = names.len().div_ceil(64).max(1);
        let mut space = Space {
            names,
            number,
            words,
            relevant: Vec::new(),
            relevant_values: Vec::new(),
        };
        // What each act tests itself: its talks, rules, objectives, and the
        // choices of every line it can lead to. The endings are tested on
        // the way into the Epilogue, so they count everywhere.
        let mut everywhere = (vec![0u64; words], [false; 4]);
        for e in &story.file.endings {
            space.mark_all(&mut everywhere, &e.when);
        }
        let mut own: HashMap<Act, (Vec<u64>, [bool; 4])> = HashMap::new();
        let mut next: HashMap<Act, Vec<Act>> = HashMap::new();
        for act in Act::ALL {
            let mut set = everywhere.clone();
            let mut starts: Vec<&str> = Vec::new();
            for t in story.talks.iter().filter(|t| t.act == act) {
                space.mark_all(&mut set, &t.when);
                starts.push(&t.start);
            }
            if let Some(def) = story.file.acts.get(&act) {
                starts.extend(def.opening.as_deref());
                for o in &def.objectives {
                    if let Some(f) = &o.until {
                        space.mark(&mut set.0, f);
                    }
                }
                for r in &def.rules {
                    space.mark_all(&mut set, &r.when);
                    starts.extend(r.dialogue.as_deref());
                    next.entry(act).or_default().extend(r.next);
                }
            }
            if act == Act::Epilogue {
                starts.extend(
                    story
                        .file
                        .endings
                        .iter()
                        .filter_map(|e| e.opening.as_deref()),
                );
            }
            for id in space.lines_from(story, starts) {
                if let Some(n) = story.nodes.get(id) {
                    for c in &n.choices {
                        space.mark_all(&mut set, &c.when);
                    }
                }
            }
            own.insert(act, set);
        }
        // What matters in an act is what it and every act it can lead to test.
        for act in Act::ALL {
            let mut set = (vec![0u64; words], [false; 4]);
            let mut todo = vec![act];
            let mut seen = BTreeSet::new();
            while let Some(a) = todo.pop() {
                if !seen.insert(a) {
                    continue;
                }
                for (w, o) in set.0.iter_mut().zip(&own[&a].0) {
                    *w |= o;
                }
                for (v, o) in set.1.iter_mut().zip(own[&a].1) {
                    *v |= o;
                }
                todo.extend(next.get(&a).into_iter().flatten().copied());
            }
            space.relevant.push(set.0.into());
            space.relevant_values.push(set.1);
        }
        space
    }

    /// Every line a conversation starting at one of `starts` can show.
    fn lines_from<'s>(
        &self,
        story: &'s Story,
        starts: impl IntoIterator<Item = &'s str>,
    ) -> BTreeSet<&'s str> {
        let mut todo: Vec<&str> = starts.into_iter().collect();
        let mut seen = BTreeSet::new();
        while let Some(id) = todo.pop() {
            if !seen.insert(id) {
                continue;
            }
            let Some(n) = story.nodes.get(id) else {
                continue;
            };
            todo.extend(n.next.as_deref());
            todo.extend(n.choices.iter().filter_map(|c| c.next.as_deref()));
        }
        seen
    }

    fn mark(&self, set: &mut [u64], f: &str) {
        if let Some(i) = self.number.get(f) {
            set[i / 64] |= 1 << (i % 64);
        }
    }

    fn mark_all(&self, set: &mut (Vec<u64>, [bool; 4]), conditions: &[Condition]) {
        for c in conditions {
            match c {
                Condition::Flag(f) | Condition::NotFlag(f) => self.mark(&mut set.0, f),
                Condition::EmpathyAtLeast(_) | Condition::TechAtLeast(_) => set.1[0] = true,
                Condition::TrustAtLeast(b, _) | Condition::TrustBelow(b, _) => {
                    set.1[slot(*b)] = true
                }
                Condition::Act(_) | Condition::Ending(_) => {}
            }
        }
    }

    fn bit(&self, set: &[u64], f: &str) -> bool {
        self.number
            .get(f)
            .is_some_and(|i| set[i / 64] & (1 << (i % 64)) != 0)
    }

    /// Whether `c` holds after `change`, in a state like `seen`.
    fn holds(&self, seen: &Seen, change: &Change, c: &Condition) -> bool {
        let value = |i: usize| change.shifts[i].apply(seen.values[i]);
        let flag = |f: &str| {
            self.bit(&change.set, f) || (self.bit(&seen.flags, f) && !self.bit(&change.clear, f))
        };
        match c {
            Condition::Flag(f) => flag(f),
            Condition::NotFlag(f) => !flag(f),
            Condition::Act(a) => seen.act == *a,
            Condition::EmpathyAtLeast(n) => value(0) >= *n,
            Condition::TechAtLeast(n) => value(0).saturating_neg() >= *n,
            Condition::TrustAtLeast(b, n) => value(slot(*b)) >= *n,
            Condition::TrustBelow(b, n) => value(slot(*b)) < *n,
            Condition::Ending(e) => seen.ending == Some(*e),
        }
    }

    /// Adds `effects` to `change`.
    fn change(&self, change: &mut Change, effects: &[Effect]) {
        for e in effects {
            match e {
                Effect::Set(f) | Effect::Clear(f) => {
                    let Some(&i) = self.number.get(f.as_str()) else {
                        continue;
                    };
                    let (w, b) = (i / 64, 1u64 << (i % 64));
                    if matches!(e, Effect::Set(_)) {
                        change.set[w] |= b;
                        change.clear[w] &= !b;
                    } else {
                        change.clear[w] |= b;
                        change.set[w] &= !b;
                    }
                }
                Effect::Empathy(n) => change.shifts[0] = change.shifts[0].then(*n, LIMITS[0]),
                Effect::Tech(n) => {
                    change.shifts[0] = change.shifts[0].then(n.saturating_neg(), LIMITS[0])
                }
                Effect::Trust(b, n) => {
                    let i = slot(*b);
                    change.shifts[i] = change.shifts[i].then(*n, LIMITS[i]);
                }
            }
        }
    }

    fn flag_number(&self, f: &str) -> usize {
        // Every flag the story names is numbered (see `Space::new`).
        self.number.get(f).copied().unwrap_or(0)
    }

    fn tests(&self, conditions: &[Condition]) -> Vec<Test> {
        conditions
            .iter()
            .map(|c| match c {
                Condition::Flag(f) => Test::Flag(self.flag_number(f), true),
                Condition::NotFlag(f) => Test::Flag(self.flag_number(f), false),
                Condition::Act(a) => Test::Act(*a),
                Condition::EmpathyAtLeast(n) => Test::AtLeast(0, *n),
                Condition::TechAtLeast(n) => Test::TechAtLeast(*n),
                Condition::TrustAtLeast(b, n) => Test::AtLeast(slot(*b), *n),
                Condition::TrustBelow(b, n) => Test::Below(slot(*b), *n),
                Condition::Ending(e) => Test::Ending(*e),
            })
            .collect()
    }

    fn effects(&self, effects: &[Effect]) -> Vec<Do> {
        effects
            .iter()
            .map(|e| match e {
                Effect::Set(f) => Do::Flag(self.flag_number(f), true),
                Effect::Clear(f) => Do::Flag(self.flag_number(f), false),
                Effect::Empathy(n) => Do::Add {
                    slot: 0,
                    amount: *n,
                    tech: false,
                },
                Effect::Tech(n) => Do::Add {
                    slot: 0,
                    amount: *n,
                    tech: true,
                },
                Effect::Trust(b, n) => Do::Add {
                    slot: slot(*b),
                    amount: *n,
                    tech: false,
                },
            })
            .collect()
    }

    /// A state, whole (nothing dropped).
    #[cfg(test)]
    fn key(&self, s: &StoryState) -> Key {
        let mut flags = vec![0u64; self.words];
        for f in &s.flags {
            self.mark(&mut flags, f);
        }
        let mut values = [s.balance, 0, 0, 0];
        for b in Bond::ALL {
            values[slot(b)] = s.trust(b);
        }
        Key {
            act: s.act,
            flags: flags.into(),
            values,
            ending: s.ending,
            finished: s.finished,
        }
    }

    /// The state without what no condition of its act or a later one tests.
    fn prune(&self, mut k: Key) -> Key {
        for (w, m) in k.flags.iter_mut().zip(&self.relevant[k.act as usize]) {
            *w &= m;
        }
        for (v, m) in k
            .values
            .iter_mut()
            .zip(self.relevant_values[k.act as usize])
        {
            if !m {
                *v = 0;
            }
        }
        k
    }

    fn state(&self, story: &Story, k: &Key) -> StoryState {
        let mut s = StoryState {
            act: k.act,
            flags: self
                .names
                .iter()
                .enumerate()
                .filter(|(i, _)| k.flags[i / 64] & (1 << (i % 64)) != 0)
                .map(|(_, f)| f.clone())
                .collect(),
            balance: k.values[0],
            trust: Default::default(),
            ending: k.ending,
            finished: k.finished,
            objective: String::new(),
        };
        for b in Bond::ALL {
            let t = k.values[slot(b)];
            if t != 0 {
                s.trust.insert(b, t);
            }
        }
        s.objective = story.objective(&s).to_string();
        s
    }
}

/// Every list of conditions and effects in a story, wherever written.
fn everything(story: &Story) -> Vec<(&[Condition], &[Effect])> {
    let mut out: Vec<(&[Condition], &[Effect])> = Vec::new();
    for def in story.file.acts.values() {
        for r in &def.rules {
            out.push((&r.when, &r.effects));
        }
    }
    for e in &story.file.endings {
        out.push((&e.when, &[]));
    }
    for t in &story.talks {
        out.push((&t.when, &[]));
    }
    for n in story.nodes.values() {
        out.push((&[], &n.effects));
        for c in &n.choices {
            out.push((&c.when, &c.effects));
        }
    }
    out
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

#[cfg(test)]
mod tests {
    //! The compiled rules and the conversation walks against
    //! [`StoryState`], which the game uses, on random states of the story.

    use rand::rngs::StdRng;
    use rand::{RngExt, SeedableRng};

    use super::*;

    fn story() -> Story {
        Story::read_dir(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/story"),
        )
        .unwrap()
    }

    fn random_key(rng: &mut StdRng, space: &Space) -> Key {
        let mut flags = vec![0u64; space.words];
        for i in 0..space.names.len() {
            if rng.random_bool(0.4) {
                flags[i / 64] |= 1 << (i % 64);
            }
        }
        Key {
            act: Act::ALL[rng.random_range(0..Act::ALL.len())],
            flags: flags.into(),
            values: LIMITS.map(|l| rng.random_range(-l..=l)),
            ending: [None, Some(Ending::Hybrid), Some(Ending::Clinical)][rng.random_range(0..3)],
            finished: false,
        }
    }

    fn same(rules: &Rules, moved: &Moved, reaction: &crate::Reaction) -> bool {
        let names: Vec<&str> = moved
            .dialogue
            .iter()
            .map(|d| rules.scenes[*d].as_str())
            .collect();
        names == reaction.dialogue
            && moved.entered == reaction.entered
            && moved.finished == reaction.finished
    }

    /// Every way through a conversation, walked with [`StoryState`] as the
    /// game's dialogue does it.
    fn walk_slowly(
        story: &Story,
        state: StoryState,
        start: &str,
    ) -> BTreeSet<(Vec<String>, i32, Vec<(Bond, i32)>)> {
        let mut ends = BTreeSet::new();
        let mut seen = HashSet::new();
        let mut stack = vec![(start.to_string(), state)];
        while let Some((id, mut s)) = stack.pop() {
            if !seen.insert((id.clone(), s.clone())) {
                continue;
            }
            let out = |s: &StoryState| {
                (
                    s.flags.iter().cloned().collect(),
                    s.balance,
                    s.trust.iter().map(|(b, t)| (*b, *t)).collect(),
                )
            };
            let Some(node) = story.nodes.get(&id) else {
                ends.insert(out(&s));
                continue;
            };
            s.apply_all(story, &node.effects);
            let offered = s.offered(story, &id);
            if !offered.is_empty() {
                for i in offered {
                    let mut t = s.clone();
                    t.apply_all(story, &node.choices[i].effects);
                    match &node.choices[i].next {
                        Some(n) => stack.push((n.clone(), t)),
                        None => {
                            ends.insert(out(&t));
                        }
                    }
                }
            } else {
                match &node.next {
                    Some(n) if node.choices.is_empty() => stack.push((n.clone(), s)),
                    _ => {
                        ends.insert(out(&s));
                    }
                }
            }
        }
        ends
    }

    #[test]
    fn the_compiled_rules_do_what_the_story_state_does() {
        let story = story();
        let mut ex = Explorer::new(&story, Budget::default());
        let mut rng = StdRng::seed_from_u64(17);
        let triggers: Vec<(Trigger, usize)> = ex
            .rules
            .triggers
            .iter()
            .map(|(t, i)| (t.clone(), *i))
            .collect();
        for _ in 0..300 {
            let key = random_key(&mut rng, &ex.space);
            let state = ex.space.state(&story, &key);
            for (trigger, t) in &triggers {
                let (mut k, mut s) = (key.clone(), state.clone());
                let moved = ex.rules.react(&mut k, *t);
                let reaction = s.react(&story, trigger);
                assert!(
                    same(&ex.rules, &moved, &reaction),
                    "{trigger:?} in {state:?}"
                );
                assert_eq!(k, ex.space.key(&s), "{trigger:?} in {state:?}");
            }
            for who in Character::ALL {
                let start = ex.rules.talk_start(&key, who);
                assert_eq!(
                    start.map(|s| ex.rules.scenes[s].as_str()),
                    state.talk_start(&story, who)
                );
                for scene in [
                    None,
                    start,
                    Some(rng.random_range(0..ex.rules.scenes.len())),
                ] {
                    let (mut k, mut s) = (key.clone(), state.clone());
                    let moved = ex.rules.conversation_ended(&mut k, scene, Some(who));
                    let name = scene.map(|i| ex.rules.scenes[i].clone());
                    let reaction = s.conversation_ended(&story, name.as_deref(), Some(who));
                    assert!(
                        same(&ex.rules, &moved, &reaction),
                        "{name:?} {who:?} in {state:?}"
                    );
                    assert_eq!(k, ex.space.key(&s));
                }
            }
            let scene = rng.random_range(0..ex.rules.scenes.len());
            let fast: BTreeSet<_> = ex
                .converse(&key, scene)
                .iter()
                .map(|k| {
                    let s = ex.space.state(&story, k);
                    (
                        s.flags.into_iter().collect::<Vec<_>>(),
                        s.balance,
                        s.trust.into_iter().collect::<Vec<_>>(),
                    )
                })
                .collect();
            let slow = walk_slowly(&story, state.clone(), &ex.rules.scenes[scene]);
            assert_eq!(fast, slow, "\"{}\" from {state:?}", ex.rules.scenes[scene]);
        }
    }

    #[test]
    fn a_shift_is_the_effects_it_stands_for() {
        let mut rng = StdRng::seed_from_u64(3);
        for _ in 0..2_000 {
            let amounts: Vec<i32> = (0..rng.random_range(0..6))
                .map(|_| match rng.random_range(0..8) {
                    0 => i32::MAX,
                    1 => i32::MIN,
                    _ => rng.random_range(-12..=12),
                })
                .collect();
            let shift = amounts
                .iter()
                .fold(Shift::none(BALANCE_LIMIT), |s, n| s.then(*n, BALANCE_LIMIT));
            for v in -BALANCE_LIMIT..=BALANCE_LIMIT {
                let slow = amounts.iter().fold(v, |v, n| {
                    v.saturating_add(*n).clamp(-BALANCE_LIMIT, BALANCE_LIMIT)
                });
                assert_eq!(shift.apply(v), slow, "{amounts:?} from {v}");
            }
        }
    }
}
