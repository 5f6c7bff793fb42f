//! Which flags and values can still matter, act by act, and which states
//! can no longer reach an ending.

use super::*;

/// A finished story that names no ending: it still counts as an end.
const ANY_END: u32 = 1 << 31;

/// For each state, the endings it can still reach, as bits (`bit` numbers
/// an ending; a state that reaches no end at all is stuck: 0).
pub(super) fn reachable_endings(
    keys: &[Key],
    edges: &[Vec<usize>],
    bit: impl Fn(Ending) -> u32,
) -> Vec<u32> {
    let mut back: Vec<Vec<usize>> = vec![Vec::new(); keys.len()];
    for (i, out) in edges.iter().enumerate() {
        for &j in out {
            back[j].push(i);
        }
    }
    let mut mask: Vec<u32> = keys
        .iter()
        .map(|k| match (k.finished, k.ending) {
            (true, Some(e)) => bit(e) | ANY_END,
            (true, None) => ANY_END,
            _ => 0,
        })
        .collect();
    // Each state's bits only grow, a few times at most.
    let mut todo: Vec<usize> = (0..keys.len()).filter(|i| mask[*i] != 0).collect();
    while let Some(j) = todo.pop() {
        for &i in &back[j] {
            let m = mask[i] | mask[j];
            if m != mask[i] {
                mask[i] = m;
                todo.push(i);
            }
        }
    }
    mask
}

/// The flags of a story, numbered, and which flags and values each act
/// and the acts after it can still test. Two states that differ only in
/// what no later condition tests behave the same, so the exploration
/// counts them once.
pub(super) struct Space {
    pub(super) names: Vec<String>,
    pub(super) number: HashMap<String, usize>,
    pub(super) words: usize,
    /// Per act (as in [`Act::ALL`]): the flags that can still matter (a bit per flag).
    pub(super) relevant: Vec<Box<[u64]>>,
    /// Per act: whether balance and each trust can still matter.
    pub(super) relevant_values: Vec<[bool; 4]>,
}

impl Space {
    pub(super) fn new(story: &Story) -> Self {
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
    pub(super) fn lines_from<'s>(
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

    pub(super) fn mark(&self, set: &mut [u64], f: &str) {
        if let Some(i) = self.number.get(f) {
            set[i / 64] |= 1 << (i % 64);
        }
    }

    pub(super) fn mark_all(&self, set: &mut (Vec<u64>, [bool; 4]), conditions: &[Condition]) {
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

    pub(super) fn bit(&self, set: &[u64], f: &str) -> bool {
        self.number
            .get(f)
            .is_some_and(|i| set[i / 64] & (1 << (i % 64)) != 0)
    }

    /// Whether `c` holds after `change`, in a state like `seen`.
    pub(super) fn holds(&self, seen: &Seen, change: &Change, c: &Condition) -> bool {
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
    pub(super) fn change(&self, change: &mut Change, effects: &[Effect]) {
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

    pub(super) fn flag_number(&self, f: &str) -> usize {
        // Every flag the story names is numbered (see `Space::new`).
        self.number.get(f).copied().unwrap_or(0)
    }

    pub(super) fn tests(&self, conditions: &[Condition]) -> Vec<Test> {
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

    pub(super) fn effects(&self, effects: &[Effect]) -> Vec<Do> {
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
    pub(super) fn key(&self, s: &StoryState) -> Key {
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
    pub(super) fn prune(&self, mut k: Key) -> Key {
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

    pub(super) fn state(&self, story: &Story, k: &Key) -> StoryState {
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
pub(super) fn everything(story: &Story) -> Vec<(&[Condition], &[Effect])> {
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
