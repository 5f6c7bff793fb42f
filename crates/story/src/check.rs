//! Checks a whole story: every reference leads somewhere, every flag is
//! known and set somewhere, every act has a way out, every node is reached,
//! every text fits the dialogue box and the font, every amount is within
//! bounds, and no scene or act can come round again endlessly. Each problem
//! is one line naming the file, the act or node, and what is wrong.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::Story;
use crate::data::{Act, Choice, Condition, Effect, Node, Rule, Trigger};
use crate::files::drawable;
use crate::state::{BALANCE_LIMIT, TRUST_LIMIT};

/// Longest line of dialogue: three lines of the dialogue box.
pub const MAX_LINE: usize = 180;
/// Longest choice: one line of the dialogue box.
pub const MAX_CHOICE: usize = 60;
/// Most choices a node may offer (keys 1 to 4).
pub const MAX_CHOICES: usize = 4;
/// Longest objective: one line at the top of the screen.
pub const MAX_OBJECTIVE: usize = 70;
/// Longest ending-scene title and text.
pub const MAX_SCENE_TITLE: usize = 40;
pub const MAX_SCENE_TEXT: usize = 220;
/// Largest shift of the balance one effect may make: its whole range.
pub const MAX_BALANCE_SHIFT: i32 = 2 * BALANCE_LIMIT;
/// Largest change of trust one effect may make: its whole range.
pub const MAX_TRUST_SHIFT: i32 = 2 * TRUST_LIMIT;

pub fn check(story: &Story) -> Vec<String> {
    let mut c = Checker {
        story,
        problems: Vec::new(),
        declared: BTreeSet::new(),
        set: BTreeSet::new(),
        cleared: BTreeSet::new(),
    };
    c.flags();
    c.acts();
    c.endings();
    c.dialogue();
    c.flags_set();
    c.reach();
    c.scene_loops();
    c.act_loops();
    c.problems
}

struct Checker<'a> {
    story: &'a Story,
    problems: Vec<String>,
    declared: BTreeSet<&'a str>,
    /// Flags some effect sets.
    set: BTreeSet<&'a str>,
    /// Flags some effect clears.
    cleared: BTreeSet<&'a str>,
}

impl<'a> Checker<'a> {
    fn say(&mut self, file: &str, what: String) {
        self.problems.push(format!("{file}: {what}"));
    }

    fn story_file(&self) -> &'a str {
        &self.story.file_name
    }

    fn text(&mut self, file: &str, place: &str, text: &str, max: usize) {
        if text.trim().is_empty() {
            self.say(file, format!("{place}: the text is empty"));
        }
        let n = text.chars().count();
        if n > max {
            self.say(
                file,
                format!("{place}: the text has {n} characters, at most {max} fit"),
            );
        }
        if let Err(e) = drawable(text) {
            self.say(file, format!("{place}: {e}"));
        }
    }

    fn conditions(&mut self, file: &str, place: &str, conditions: &'a [Condition]) {
        for c in conditions {
            if let Some(f) = c.flag()
                && !self.declared.contains(f)
            {
                self.say(
                    file,
                    format!("{place}: unknown flag \"{f}\" (flags are listed in story.ron)"),
                );
            }
        }
    }

    fn effects(&mut self, file: &str, place: &str, effects: &'a [Effect]) {
        for e in effects {
            if let Some(f) = e.flag() {
                if !self.declared.contains(f) {
                    self.say(
                        file,
                        format!("{place}: unknown flag \"{f}\" (flags are listed in story.ron)"),
                    );
                }
                if matches!(e, Effect::Set(_)) {
                    self.set.insert(f);
                } else {
                    self.cleared.insert(f);
                }
            }
            let (amount, limit, what) = match e {
                Effect::Empathy(n) | Effect::Tech(n) => (*n, MAX_BALANCE_SHIFT, "the balance"),
                Effect::Trust(_, n) => (*n, MAX_TRUST_SHIFT, "trust"),
                Effect::Set(_) | Effect::Clear(_) => continue,
            };
            if amount.unsigned_abs() > limit.unsigned_abs() {
                self.say(
                    file,
                    format!(
                        "{place}: {e:?}: the amount must be between -{limit} and {limit} \
                         (the whole range of {what})"
                    ),
                );
            }
        }
    }

    fn node_ref(&mut self, file: &str, place: &str, id: &str) {
        if !self.story.nodes.contains_key(id) {
            self.say(file, format!("{place}: leads to unknown node \"{id}\""));
        }
    }

    fn flags(&mut self) {
        let file = self.story_file();
        for f in &self.story.file.flags {
            if !self.declared.insert(f) {
                self.say(file, format!("flags: \"{f}\" is listed twice"));
            }
        }
    }

    fn acts(&mut self) {
        let file = self.story_file();
        for act in Act::ALL {
            let Some(def) = self.story.file.acts.get(&act) else {
                self.say(file, format!("acts: no entry for {act:?}"));
                continue;
            };
            let place = format!("act {act:?}");
            self.text(
                file,
                &format!("{place}: title"),
                &def.title,
                MAX_SCENE_TITLE,
            );
            if let Some(o) = &def.opening {
                self.node_ref(file, &format!("{place}: opening"), o);
            }
            if act == Act::Dreamscape && def.opening.is_none() {
                self.say(
                    file,
                    format!("{place}: needs an `opening`: the dream plays as that conversation, and the battle is won when it ends"),
                );
            }
            if def.objectives.is_empty() {
                self.say(file, format!("{place}: has no objectives"));
            }
            for (i, o) in def.objectives.iter().enumerate() {
                let p = format!("{place}: objective {}", i + 1);
                self.text(file, &p, &o.text, MAX_OBJECTIVE);
                if let Some(f) = &o.until
                    && !self.declared.contains(f.as_str())
                {
                    self.say(file, format!("{p}: unknown flag \"{f}\""));
                }
            }
            let mut way_out = false;
            for (i, r) in def.rules.iter().enumerate() {
                let p = format!("{place}: rule {}", i + 1);
                self.conditions(file, &p, &r.when);
                self.effects(file, &p, &r.effects);
                if let Some(d) = &r.dialogue {
                    self.node_ref(file, &p, d);
                }
                if r.finish && r.next.is_some() {
                    self.say(file, format!("{p}: has both `next` and `finish`"));
                }
                if r.finish && !act.decided() {
                    self.say(
                        file,
                        format!("{p}: `finish` only ends the story once the ending is decided (the Epilogue and after)"),
                    );
                }
                if r.next == Some(act) {
                    self.say(file, format!("{p}: `next` is the act it is in"));
                }
                way_out |= r.finish || r.next.is_some_and(|n| n != act);
            }
            if !way_out {
                self.say(
                    file,
                    format!(
                        "{place}: has no way out (no rule with `next`{})",
                        if act.decided() { " or `finish`" } else { "" }
                    ),
                );
            }
        }
    }

    fn endings(&mut self) {
        let file = self.story_file();
        let endings = &self.story.file.endings;
        if endings.is_empty() {
            self.say(file, "endings: there are none".into());
        }
        let mut seen = BTreeSet::new();
        for (i, e) in endings.iter().enumerate() {
            let place = format!("ending {:?}", e.ending);
            if !seen.insert(e.ending) {
                self.say(file, format!("{place}: listed twice"));
            }
            self.text(file, &format!("{place}: title"), &e.title, MAX_SCENE_TITLE);
            self.conditions(file, &place, &e.when);
            if i + 1 == endings.len() && !e.when.is_empty() {
                self.say(
                    file,
                    format!(
                        "{place}: the last ending must have no `when`, so that one always applies"
                    ),
                );
            }
            if let Some(o) = &e.opening {
                self.node_ref(file, &format!("{place}: opening"), o);
            }
            if e.scenes.is_empty() {
                self.say(file, format!("{place}: has no scenes"));
            }
            for (j, s) in e.scenes.iter().enumerate() {
                let p = format!("{place}: scene {}", j + 1);
                self.text(file, &format!("{p}: title"), &s.title, MAX_SCENE_TITLE);
                self.text(file, &format!("{p}: text"), &s.text, MAX_SCENE_TEXT);
                if s.cast.len() > 4 {
                    self.say(file, format!("{p}: at most 4 people fit a scene"));
                }
            }
        }
    }

    fn dialogue(&mut self) {
        let story = self.story;
        for (i, t) in story.talks.iter().enumerate() {
            let file = &story.talk_file[i];
            let place = format!("talk {} ({:?} in {:?})", i + 1, t.who, t.act);
            if t.who == crate::Character::Mira {
                self.say(
                    file,
                    format!("{place}: Mira is the player; nobody talks to her"),
                );
            }
            self.conditions(file, &place, &t.when);
            self.node_ref(file, &place, &t.start);
        }
        for (id, node) in &story.nodes {
            let file = story.node_file.get(id).map(String::as_str).unwrap_or("");
            self.node(file, id, node);
        }
    }

    fn node(&mut self, file: &str, id: &str, node: &'a Node) {
        let place = format!("node \"{id}\"");
        self.text(file, &place, &node.text, MAX_LINE);
        self.effects(file, &place, &node.effects);
        if let Some(n) = &node.next {
            if !node.choices.is_empty() {
                self.say(file, format!("{place}: has both `next` and `choices`"));
            }
            self.node_ref(file, &place, n);
        }
        if node.choices.len() > MAX_CHOICES {
            self.say(
                file,
                format!(
                    "{place}: has {} choices, at most {MAX_CHOICES} fit",
                    node.choices.len()
                ),
            );
        }
        if let Some(practice) = node.practise
            && !node.choices.is_empty()
        {
            self.say(
                file,
                format!("{place}: asks the player to practise {practice:?} and offers choices; a line does one or the other"),
            );
        }
        if !node.choices.is_empty() && node.choices.iter().all(|c| !c.when.is_empty()) {
            self.say(
                file,
                format!("{place}: every choice has a `when`; one must always be offered"),
            );
        }
        for (i, choice) in node.choices.iter().enumerate() {
            self.choice(file, &format!("{place}: choice {}", i + 1), choice);
        }
    }

    fn choice(&mut self, file: &str, place: &str, choice: &'a Choice) {
        self.text(file, place, &choice.text, MAX_CHOICE);
        self.conditions(file, place, &choice.when);
        self.effects(file, place, &choice.effects);
        if let Some(n) = &choice.next {
            self.node_ref(file, place, n);
        }
    }

    fn flags_set(&mut self) {
        let file = self.story_file();
        let unset: Vec<&str> = self.declared.difference(&self.set).copied().collect();
        for f in unset {
            self.say(
                file,
                format!("flags: \"{f}\" is listed but nothing sets it"),
            );
        }
    }

    /// Every node is reached from a talk, an opening or a rule.
    fn reach(&mut self) {
        let story = self.story;
        let mut todo: Vec<&str> = story.talks.iter().map(|t| t.start.as_str()).collect();
        for def in story.file.acts.values() {
            todo.extend(def.opening.as_deref());
            todo.extend(def.rules.iter().filter_map(|r| r.dialogue.as_deref()));
        }
        todo.extend(
            story
                .file
                .endings
                .iter()
                .filter_map(|e| e.opening.as_deref()),
        );
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        while let Some(id) = todo.pop() {
            if !seen.insert(id) {
                continue;
            }
            if let Some(n) = story.nodes.get(id) {
                todo.extend(n.next.as_deref());
                todo.extend(n.choices.iter().filter_map(|c| c.next.as_deref()));
            }
        }
        let unreached: BTreeMap<&str, &str> = story
            .nodes
            .keys()
            .filter(|id| !seen.contains(id.as_str()))
            .map(|id| {
                (
                    id.as_str(),
                    story.node_file.get(id).map(String::as_str).unwrap_or(""),
                )
            })
            .collect();
        for (id, file) in unreached {
            self.say(
                file,
                format!("node \"{id}\": is never reached (no talk, opening, rule or earlier node leads to it)"),
            );
        }
    }
    /// A rule that can apply only once: it needs a flag unset and sets it,
    /// and nothing ever clears that flag.
    fn once(&self, rule: &Rule) -> bool {
        rule.when.iter().any(|c| match c {
            Condition::NotFlag(f) => {
                rule.effects.contains(&Effect::Set(f.clone())) && !self.cleared.contains(f.as_str())
            }
            _ => false,
        })
    }

    /// No scene can queue itself again, directly or through others: a
    /// rule on `Finished(x)` plays a conversation (or enters an act whose
    /// opening plays) whose end leads back to `x`, so that the conversations
    /// play one after another for ever. Rules that can apply only once
    /// ([`Checker::once`]) break such a loop.
    fn scene_loops(&mut self) {
        let story = self.story;
        let mut edges: BTreeMap<(Act, &str), BTreeSet<(Act, &str)>> = BTreeMap::new();
        for (act, def) in &story.file.acts {
            for r in &def.rules {
                let Trigger::Finished(from) = &r.on else {
                    continue;
                };
                if r.finish || self.once(r) {
                    continue;
                }
                let to = r.next.unwrap_or(*act);
                let mut scenes: Vec<&str> = r.dialogue.iter().map(String::as_str).collect();
                if r.next.is_some() {
                    scenes.extend(story.opening(to));
                    if to == Act::Epilogue {
                        scenes.extend(
                            story
                                .file
                                .endings
                                .iter()
                                .filter_map(|e| e.opening.as_deref()),
                        );
                    }
                }
                let out = edges.entry((*act, from.as_str())).or_default();
                out.extend(scenes.into_iter().map(|s| (to, s)));
            }
        }
        let file = self.story_file();
        for cycle in cycles(&edges) {
            let (act, first) = cycle[0];
            let mut path: Vec<String> = cycle
                .iter()
                .map(|(a, id)| {
                    if cycle.iter().all(|(b, _)| b == a) {
                        format!("\"{id}\"")
                    } else {
                        format!("\"{id}\" ({a:?})")
                    }
                })
                .collect();
            path.push(path[0].clone());
            self.say(
                file,
                format!(
                    "act {act:?}: the scene \"{first}\" queues itself again, endlessly: {} \
                     (each one's `Finished` rule plays the next; guard a rule of the loop with \
                     `when: [NotFlag(\"f\")]` and `effects: [Set(\"f\")]` so that it applies once)",
                    path.join(" → ")
                ),
            );
        }
    }

    /// No act can lead back to itself through other acts, endlessly: a
    /// loop of `next` needs a rule that can apply only once.
    fn act_loops(&mut self) {
        let mut edges: BTreeMap<Act, BTreeSet<Act>> = BTreeMap::new();
        for (act, def) in &self.story.file.acts {
            for r in &def.rules {
                if let Some(next) = r.next
                    && next != *act
                    && !self.once(r)
                {
                    edges.entry(*act).or_default().insert(next);
                }
            }
        }
        let file = self.story_file();
        for cycle in cycles(&edges) {
            let mut path: Vec<String> = cycle.iter().map(|a| format!("{a:?}")).collect();
            path.push(path[0].clone());
            self.say(
                file,
                format!(
                    "acts {}: the story can go round this loop of acts endlessly \
                     (guard a rule of the loop with `when: [NotFlag(\"f\")]` and \
                     `effects: [Set(\"f\")]` so that it applies once)",
                    path.join(" → ")
                ),
            );
        }
    }
}

/// The loops of a graph, each once: for each node in order not yet in a
/// loop found, the shortest way back to itself, if there is one.
fn cycles<N: Ord + Copy>(edges: &BTreeMap<N, BTreeSet<N>>) -> Vec<Vec<N>> {
    let mut found: Vec<Vec<N>> = Vec::new();
    let mut covered: BTreeSet<N> = BTreeSet::new();
    for &start in edges.keys() {
        if covered.contains(&start) {
            continue;
        }
        // Breadth first from `start`, remembering where each node was reached from.
        let mut from: BTreeMap<N, N> = BTreeMap::new();
        let mut todo: VecDeque<N> = VecDeque::from([start]);
        let mut back = None;
        while let Some(n) = todo.pop_front() {
            for &m in edges.get(&n).into_iter().flatten() {
                if m == start {
                    back = Some(n);
                    break;
                }
                if let std::collections::btree_map::Entry::Vacant(v) = from.entry(m) {
                    v.insert(n);
                    todo.push_back(m);
                }
            }
            if back.is_some() {
                break;
            }
        }
        let Some(mut n) = back else {
            continue;
        };
        let mut cycle = vec![n];
        while n != start {
            n = from[&n];
            cycle.push(n);
        }
        cycle.reverse();
        covered.extend(cycle.iter().copied());
        found.push(cycle);
    }
    found
}
