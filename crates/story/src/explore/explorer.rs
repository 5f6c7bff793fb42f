//! The walk itself: every state the story can reach, from a new game.

use super::*;

pub(super) struct Explorer<'a> {
    pub(super) story: &'a Story,
    pub(super) budget: Budget,
    pub(super) space: Space,
    pub(super) rules: Rules,
    pub(super) ex: Exploration,
    /// What each scene's conversation tests, by scene.
    pub(super) tests: Vec<Option<Rc<Tests>>>,
    pub(super) ways: HashMap<Seen, Rc<Vec<Change>>, Fast>,
    /// What is being explored, for the message if the budget runs out.
    pub(super) doing: Doing,
}

/// What the exploration is doing, put in words only if it has to stop.
#[derive(Debug, Clone, Copy)]
pub(super) enum Doing {
    NewGame,
    Talk(Act, Character, Option<usize>),
    Trigger(Act, usize),
}

impl<'a> Explorer<'a> {
    pub(super) fn new(story: &'a Story, budget: Budget) -> Self {
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
    pub(super) fn step(&mut self) -> bool {
        self.ex.steps += 1;
        if self.ex.steps > self.budget.steps {
            self.stop(format!("took more than {} steps", self.budget.steps));
            return false;
        }
        true
    }

    pub(super) fn stop(&mut self, why: String) {
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

    pub(super) fn run(mut self) -> Exploration {
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
            let endings: Vec<Ending> = story.file.endings.iter().map(|e| e.ending).collect();
            let bit = |e: Ending| {
                endings
                    .iter()
                    .position(|x| *x == e)
                    .map_or(0, |i| 1u32 << i)
            };
            let masks = reachable_endings(&keys, &edges, bit);
            for (key, _) in keys.iter().zip(&masks).filter(|(_, m)| **m == 0) {
                ex.stuck_count += 1;
                if ex.stuck.len() < 3 {
                    ex.stuck.push(self.space.state(story, key));
                }
            }
            self.check_endings_open(&keys, &masks, &endings, bit, &mut ex);
        }
        ex
    }

    /// In the acts that keep every ending open, the states (before an
    /// ending's conditions hold) from which some ending can no longer be
    /// reached.
    fn check_endings_open(
        &self,
        keys: &[Key],
        masks: &[u32],
        endings: &[Ending],
        bit: impl Fn(Ending) -> u32,
        ex: &mut Exploration,
    ) {
        let story = self.story;
        let open: Vec<Act> = story
            .file
            .acts
            .iter()
            .filter(|(_, a)| a.every_ending_open)
            .map(|(act, _)| *act)
            .collect();
        if open.is_empty() {
            return;
        }
        let all = endings.iter().fold(0, |m, e| m | bit(*e));
        for (key, &mask) in keys.iter().zip(masks) {
            if key.finished || !open.contains(&key.act) || mask & all == all {
                continue;
            }
            let state = self.space.state(story, key);
            let decided = story
                .file
                .endings
                .iter()
                .any(|e| !e.when.is_empty() && state.holds_all(&e.when));
            if decided {
                continue;
            }
            ex.closed_count += 1;
            if ex.closed.len() < 3 {
                let lost = endings.iter().filter(|e| mask & bit(**e) == 0).copied();
                ex.closed.push((state, lost.collect()));
            }
        }
    }

    /// Talking to `who`: their conversation (or a greeting), then what the story does about it.
    pub(super) fn talk(&mut self, key: &Key, who: Character) -> Vec<Key> {
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
    pub(super) fn settle(&mut self, key: Key, moved: Moved) -> Vec<Key> {
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
    pub(super) fn converse(&mut self, key: &Key, start: usize) -> Vec<Key> {
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
    pub(super) fn tests(&mut self, start: usize) -> Rc<Tests> {
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
    pub(super) fn walk(&mut self, seen: &Seen) -> Vec<Change> {
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
