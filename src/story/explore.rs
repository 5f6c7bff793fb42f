//! Plays the whole story graph: from a new game, every conversation with
//! everyone, every choice, every trigger area, every completion event, in
//! every state the story can reach. Proves that every ending can be reached,
//! that no reachable state is stuck (each can still reach an ending), and
//! that every line of dialogue can be heard.

use std::collections::{BTreeSet, HashMap, VecDeque};

use super::Story;
use super::data::{Act, Ending, Trigger};
use super::state::{Reaction, StoryState};
use crate::characters::Character;

/// Beyond this many conversations played in a row (the story queueing
/// conversations that queue more), the exploration stops and says so.
const SETTLE_LIMIT: usize = 10_000;

/// Beyond this many story states the exploration stops and says so.
pub const STATE_LIMIT: usize = 1_000_000;

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
    /// The state limit was hit.
    pub truncated: bool,
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

pub fn explore(story: &Story) -> Exploration {
    let mut ex = Exploration::default();
    let actions = actions(story);
    let space = Space::new(story);
    let (start, reaction) = StoryState::new(story);
    let mut index: HashMap<Key, usize> = HashMap::new();
    let mut keys: Vec<Key> = Vec::new();
    let mut edges: Vec<Vec<usize>> = Vec::new();
    let mut queue = VecDeque::new();

    let mut intern = |s: &StoryState,
                      keys: &mut Vec<Key>,
                      edges: &mut Vec<Vec<usize>>,
                      queue: &mut VecDeque<usize>|
     -> usize {
        let k = space.key(s);
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

    for s in settle(story, start, reaction, &mut ex) {
        intern(&s, &mut keys, &mut edges, &mut queue);
    }
    while let Some(i) = queue.pop_front() {
        if keys.len() > STATE_LIMIT {
            ex.truncated = true;
            break;
        }
        let state = space.state(story, &keys[i]);
        if state.finished {
            if let Some(e) = state.ending {
                ex.endings.insert(e);
            }
            continue;
        }
        for action in &actions {
            let outcomes = match action {
                Action::Talk(who) => talk(story, &state, *who, &mut ex),
                Action::Trigger(t) => {
                    let mut s = state.clone();
                    let r = s.react(story, t);
                    settle(story, s, r, &mut ex)
                }
            };
            for s in outcomes {
                if s.act != state.act {
                    ex.transitions.insert((state.act, s.act));
                }
                let j = intern(&s, &mut keys, &mut edges, &mut queue);
                edges[i].push(j);
            }
        }
    }
    ex.states = keys.len();

    // Which states can still reach an ending: walk the edges backwards from the finished ones.
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
    if !ex.truncated {
        for (i, k) in keys.iter().enumerate() {
            if !alive[i] {
                ex.stuck_count += 1;
                if ex.stuck.len() < 3 {
                    ex.stuck.push(space.state(story, k));
                }
            }
        }
    }
    ex
}

/// A story state, compact, with only the flags that can still matter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    act: Act,
    flags: Vec<u64>,
    balance: i32,
    trust: [i32; 3],
    ending: Option<Ending>,
    finished: bool,
}

/// The flags of a story, numbered, and which of them each act and the
/// acts after it can still test. Two states that differ only in flags no
/// later condition tests behave the same, so the exploration counts them once.
struct Space {
    names: Vec<String>,
    number: HashMap<String, usize>,
    /// Per act: the flags that can still matter (a bit per flag).
    relevant: HashMap<Act, Vec<u64>>,
}

impl Space {
    fn new(story: &Story) -> Self {
        let names: Vec<String> = story.file.flags.clone();
        let number: HashMap<String, usize> = names
            .iter()
            .enumerate()
            .map(|(i, f)| (f.clone(), i))
            .collect();
        let words = names.len().div_ceil(64).max(1);
        let bit = |set: &mut Vec<u64>, f: &str| {
            if let Some(i) = number.get(f) {
                set[i / 64] |= 1 << (i % 64);
            }
        };
        // Flags each act tests itself: its talks, rules, objectives, and the
        // choices of every line it can lead to. The endings are tested on
        // the way into the Epilogue, so they count everywhere.
        let mut own: HashMap<Act, Vec<u64>> = HashMap::new();
        let mut next: HashMap<Act, Vec<Act>> = HashMap::new();
        let mut everywhere = vec![0u64; words];
        for e in &story.file.endings {
            for f in e.when.iter().filter_map(|c| c.flag()) {
                bit(&mut everywhere, f);
            }
        }
        for act in Act::ALL {
            let mut set = everywhere.clone();
            let mut starts: Vec<&str> = Vec::new();
            for t in story.talks.iter().filter(|t| t.act == act) {
                for f in t.when.iter().filter_map(|c| c.flag()) {
                    bit(&mut set, f);
                }
                starts.push(&t.start);
            }
            if let Some(def) = story.file.acts.get(&act) {
                starts.extend(def.opening.as_deref());
                for o in &def.objectives {
                    if let Some(f) = &o.until {
                        bit(&mut set, f);
                    }
                }
                for r in &def.rules {
                    for f in r.when.iter().filter_map(|c| c.flag()) {
                        bit(&mut set, f);
                    }
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
            let mut seen = BTreeSet::new();
            while let Some(id) = starts.pop() {
                if !seen.insert(id) {
                    continue;
                }
                let Some(n) = story.nodes.get(id) else {
                    continue;
                };
                starts.extend(n.next.as_deref());
                for c in &n.choices {
                    for f in c.when.iter().filter_map(|c| c.flag()) {
                        bit(&mut set, f);
                    }
                    starts.extend(c.next.as_deref());
                }
            }
            own.insert(act, set);
        }
        // What matters in an act is what it and every act it can lead to test.
        let mut relevant = HashMap::new();
        for act in Act::ALL {
            let mut set = vec![0u64; words];
            let mut todo = vec![act];
            let mut seen = BTreeSet::new();
            while let Some(a) = todo.pop() {
                if !seen.insert(a) {
                    continue;
                }
                for (w, o) in set.iter_mut().zip(&own[&a]) {
                    *w |= o;
                }
                todo.extend(next.get(&a).into_iter().flatten().copied());
            }
            relevant.insert(act, set);
        }
        Space {
            names,
            number,
            relevant,
        }
    }

    fn key(&self, s: &StoryState) -> Key {
        let mask = &self.relevant[&s.act];
        let mut flags = vec![0u64; mask.len()];
        for f in &s.flags {
            if let Some(i) = self.number.get(f) {
                flags[i / 64] |= 1 << (i % 64);
            }
        }
        for (w, m) in flags.iter_mut().zip(mask) {
            *w &= m;
        }
        Key {
            act: s.act,
            flags,
            balance: s.balance,
            trust: [
                s.trust(super::data::Bond::Leo),
                s.trust(super::data::Bond::Samantha),
                s.trust(super::data::Bond::Dentists),
            ],
            ending: s.ending,
            finished: s.finished,
        }
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
            balance: k.balance,
            trust: Default::default(),
            ending: k.ending,
            finished: k.finished,
            objective: String::new(),
        };
        for (b, t) in super::data::Bond::ALL.iter().zip(k.trust) {
            if t != 0 {
                s.trust.insert(*b, t);
            }
        }
        s.objective = story.objective(&s).to_string();
        s
    }
}

/// Talking to `who`: their conversation (or a greeting), then what the story does about it.
fn talk(
    story: &Story,
    state: &StoryState,
    who: Character,
    ex: &mut Exploration,
) -> Vec<StoryState> {
    match state.talk_start(story, who) {
        Some(start) => {
            let start = start.to_string();
            converse(story, state.clone(), &start, ex)
                .into_iter()
                .flat_map(|s| after_conversation(story, s, &start, Some(who), ex))
                .collect()
        }
        None => {
            let mut s = state.clone();
            let r = s.conversation_ended(story, None, Some(who));
            settle(story, s, r, ex)
        }
    }
}

fn after_conversation(
    story: &Story,
    mut state: StoryState,
    start: &str,
    who: Option<Character>,
    ex: &mut Exploration,
) -> Vec<StoryState> {
    let reaction = state.conversation_ended(story, Some(start), who);
    settle(story, state, reaction, ex)
}

/// Plays the conversations a reaction queued, one after another, each with
/// every way it can go.
fn settle(
    story: &Story,
    state: StoryState,
    reaction: Reaction,
    ex: &mut Exploration,
) -> Vec<StoryState> {
    let mut results = vec![(state, reaction.dialogue)];
    let mut done = Vec::new();
    let mut guard = 0;
    while let Some((s, mut queue)) = results.pop() {
        guard += 1;
        if guard > SETTLE_LIMIT {
            ex.truncated = true;
            break;
        }
        if queue.is_empty() {
            done.push(s);
            continue;
        }
        let start = queue.remove(0);
        for end in converse(story, s, &start, ex) {
            let mut end = end;
            let r = end.conversation_ended(story, Some(&start), None);
            let mut q = queue.clone();
            q.extend(r.dialogue);
            results.push((end, q));
        }
    }
    let unique: BTreeSet<OrdState> = done.into_iter().map(OrdState).collect();
    unique.into_iter().map(|o| o.0).collect()
}

/// Every state a conversation starting at `start` can end in.
fn converse(
    story: &Story,
    state: StoryState,
    start: &str,
    ex: &mut Exploration,
) -> Vec<StoryState> {
    let mut ends = BTreeSet::new();
    // Lines already shown in a given state, by a hash of both (cheaper than
    // keeping copies of the states; a loop back to the same line in the
    // same state adds nothing new).
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![(start.to_string(), state)];
    while let Some((id, mut s)) = stack.pop() {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        std::hash::Hash::hash(&(&id, &s), &mut h);
        if !seen.insert(std::hash::Hasher::finish(&h)) {
            continue;
        }
        let Some(node) = story.nodes.get(&id) else {
            ends.insert(OrdState(s));
            continue;
        };
        ex.heard.insert(id.clone());
        s.apply_all(story, &node.effects);
        let offered = s.offered(story, &id);
        if !offered.is_empty() {
            for i in offered {
                let choice = &node.choices[i];
                let mut t = s.clone();
                t.apply_all(story, &choice.effects);
                match &choice.next {
                    Some(n) => stack.push((n.clone(), t)),
                    None => {
                        ends.insert(OrdState(t));
                    }
                }
            }
        } else {
            match &node.next {
                Some(n) if node.choices.is_empty() => stack.push((n.clone(), s)),
                _ => {
                    ends.insert(OrdState(s));
                }
            }
        }
    }
    if ends.is_empty() {
        ex.endless.insert(start.to_string());
    }
    ends.into_iter().map(|o| o.0).collect()
}

type OrdKey<'a> = (
    Act,
    &'a BTreeSet<String>,
    i32,
    &'a std::collections::BTreeMap<super::data::Bond, i32>,
    Option<Ending>,
    bool,
);

/// Story states in a stable order (for deterministic exploration).
#[derive(PartialEq, Eq)]
struct OrdState(StoryState);

impl PartialOrd for OrdState {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for OrdState {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        fn key(s: &StoryState) -> OrdKey<'_> {
            (s.act, &s.flags, s.balance, &s.trust, s.ending, s.finished)
        }
        key(&self.0).cmp(&key(&other.0))
    }
}

impl Exploration {
    /// What the exploration proves wrong, one line each.
    pub fn problems(&self, story: &Story) -> Vec<String> {
        let file = &story.file_name;
        let mut out = Vec::new();
        if self.truncated {
            out.push(format!(
                "{file}: the story has more than {STATE_LIMIT} states; the exploration stopped \
                 (a conversation that can be repeated probably keeps changing balance or trust)"
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
