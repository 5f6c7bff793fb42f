//! The story's rules, talks, openings and endings, compiled to work on
//! compact states.

use super::*;

/// A condition with its flag numbered.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Test {
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
pub(super) enum Do {
    Flag(usize, bool),
    Add {
        slot: usize,
        amount: i32,
        tech: bool,
    },
}

/// A rule of an act, compiled.
#[derive(Debug)]
pub(super) struct Law {
    pub(super) on: usize,
    pub(super) when: Vec<Test>,
    pub(super) effects: Vec<Do>,
    pub(super) dialogue: Option<usize>,
    pub(super) next: Option<Act>,
    pub(super) finish: bool,
}

/// What a rule did: as [`crate::Reaction`], with scenes numbered.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Moved {
    pub(super) dialogue: Vec<usize>,
    pub(super) entered: Option<Act>,
    pub(super) finished: bool,
}

/// The rules, talks, openings and endings of a story, compiled to work on
/// [`Key`]s: they do exactly what [`StoryState::react`],
/// [`StoryState::conversation_ended`] and [`StoryState::talk_start`] do
/// (a test in this module plays both side by side).
pub(super) struct Rules {
    /// Every trigger a rule listens for, numbered.
    pub(super) triggers: HashMap<Trigger, usize>,
    /// Scenes (the nodes conversations start at), numbered.
    pub(super) scenes: Vec<String>,
    /// Per scene: the trigger of its end, if a rule listens for it.
    pub(super) finished: Vec<Option<usize>>,
    /// Per character (as in [`Character::ALL`]): the trigger of talking to them.
    pub(super) talked: Vec<Option<usize>>,
    /// Per act (as in [`Act::ALL`]).
    pub(super) laws: Vec<Vec<Law>>,
    pub(super) openings: Vec<Option<usize>>,
    pub(super) talks: Vec<(Character, Act, Vec<Test>, usize)>,
    pub(super) endings: Vec<(Ending, Vec<Test>, Option<usize>)>,
}

impl Rules {
    pub(super) fn new(story: &Story, space: &Space) -> Self {
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
    pub(super) fn new_game(&self, words: usize) -> (Key, Moved) {
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

    pub(super) fn holds(key: &Key, test: &Test) -> bool {
        match *test {
            Test::Flag(i, want) => (key.flags[i / 64] & (1 << (i % 64)) != 0) == want,
            Test::Act(a) => key.act == a,
            Test::AtLeast(slot, n) => key.values[slot] >= n,
            Test::Below(slot, n) => key.values[slot] < n,
            Test::TechAtLeast(n) => key.values[0].saturating_neg() >= n,
            Test::Ending(e) => key.ending == Some(e),
        }
    }

    pub(super) fn holds_all(key: &Key, tests: &[Test]) -> bool {
        tests.iter().all(|t| Self::holds(key, t))
    }

    pub(super) fn apply(key: &mut Key, effect: &Do) {
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
    pub(super) fn listens(&self, act: Act, t: usize) -> bool {
        self.laws[act as usize].iter().any(|l| l.on == t)
    }

    /// As [`StoryState::react`].
    pub(super) fn react(&self, key: &mut Key, trigger: usize) -> Moved {
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

    pub(super) fn enter(&self, key: &mut Key, act: Act, moved: &mut Moved) {
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
    pub(super) fn conversation_ended(
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
    pub(super) fn talk_start(&self, key: &Key, who: Character) -> Option<usize> {
        self.talks
            .iter()
            .find(|(w, act, when, _)| *w == who && *act == key.act && Self::holds_all(key, when))
            .map(|t| t.3)
    }
}

/// A fast hash for the exploration's own keys (no untrusted input: the
/// keys are bits and small numbers).
#[derive(Default, Clone, Copy)]
pub(super) struct Fast;

impl std::hash::BuildHasher for Fast {
    type Hasher = FastHasher;
    fn build_hasher(&self) -> FastHasher {
        FastHasher(0)
    }
}

/// FxHash: a multiply and a rotate per word.
pub(super) struct FastHasher(u64);

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
