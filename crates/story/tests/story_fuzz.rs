//! Property tests of the story's loader, checks and exploration. Stories
//! generated from scratch, and the shipped story mutated at random, go
//! through the real loader ([`Story::assemble`], which the game and
//! `check-story` use); every file that parses is also explored as it is,
//! checked or not, within a small budget. Nothing may panic, every error
//! names its file, and each case finishes within a bounded time.
//!
//! The cases come from seeded byte buffers read through
//! `arbitrary::Unstructured`, so a failure names its seed and replays.

use std::path::Path;
use std::time::{Duration, Instant};

use arbitrary::{Result, Unstructured};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use biodental_story::data::StoryFile;
use biodental_story::files::parse_ron_syntax;
use biodental_story::{
    Act, Bond, Budget, Character, Condition, Effect, Ending, Story, Trigger, explore_within,
};

/// Small enough that a case explores in milliseconds.
const BUDGET: Budget = Budget {
    states: 1_000,
    steps: 100_000,
};

/// No case may take longer than this (in the debug build).
const CASE_TIME: Duration = Duration::from_secs(10);

const GENERATED: u64 = 800;
const MUTATED: u64 = 300;

fn bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut b = vec![0u8; len];
    rng.fill_bytes(&mut b);
    b
}

/// Loads `main` and `dialogue` as the game does, then explores whatever
/// parses, whether or not it passes the checks.
fn run_case(what: &str, main: &str, dialogue: &[(String, String)]) {
    let start = Instant::now();
    let loaded = Story::parse_main("story.ron", main).and_then(|file| {
        let files = dialogue
            .iter()
            .map(|(n, t)| (n.clone(), Ok(t.clone())))
            .collect();
        Story::assemble("story.ron", file, files)
    });
    let story = match loaded {
        Ok(story) => Some(story),
        Err(e) => {
            let e = e.to_string();
            assert!(!e.trim().is_empty(), "{what}: an empty error");
            for line in e.lines() {
                assert!(line.contains(".ron"), "{what}: names no file: {line}");
            }
            unchecked(main, dialogue)
        }
    };
    if let Some(story) = story {
        let ex = explore_within(&story, BUDGET);
        let _ = ex.problems(&story);
    }
    let took = start.elapsed();
    assert!(took < CASE_TIME, "{what} took {took:?}");
}

/// The story as parsed, without the checks (the exploration must cope
/// with anything the files can say).
fn unchecked(main: &str, dialogue: &[(String, String)]) -> Option<Story> {
    let file: StoryFile = parse_ron_syntax("story.ron", main).ok()?;
    let dialogue = dialogue
        .iter()
        .map(|(name, text)| (name.clone(), Ok(text.clone())))
        .collect();
    let (story, problems) = Story::gather("story.ron", file, dialogue);
    problems.is_empty().then_some(story)
}

// ---------------------------------------------------------------------------
// Stories generated from scratch.

/// Names and ids a generated story draws from.
struct Vocab {
    flags: usize,
    nodes: usize,
}

impl Vocab {
    fn flag(&self, u: &mut Unstructured) -> Result<String> {
        let i = u.int_in_range(0..=self.flags)?;
        // One past the listed flags: a flag the story does not list.
        Ok(if i == self.flags {
            "unlisted".into()
        } else {
            format!("f{i}")
        })
    }

    fn node(&self, u: &mut Unstructured) -> Result<String> {
        let i = u.int_in_range(0..=self.nodes)?;
        Ok(if i == self.nodes && u.ratio(1, 4)? {
            "missing".into()
        } else {
            format!("n{}", i.min(self.nodes - 1))
        })
    }

    fn amount(&self, u: &mut Unstructured) -> Result<i32> {
        Ok(match u.int_in_range(0..=12)? {
            0 => i32::MAX,
            1 => i32::MIN,
            2 => u.arbitrary()?,
            3 => 1_001,
            _ => u.int_in_range(-3..=3)?,
        })
    }

    fn condition(&self, u: &mut Unstructured) -> Result<Condition> {
        Ok(match u.int_in_range(0..=7)? {
            0 => Condition::Flag(self.flag(u)?),
            1 => Condition::NotFlag(self.flag(u)?),
            2 => Condition::Act(*u.choose(&Act::ALL)?),
            3 => Condition::EmpathyAtLeast(self.amount(u)?),
            4 => Condition::TechAtLeast(self.amount(u)?),
            5 => Condition::TrustAtLeast(*u.choose(&Bond::ALL)?, self.amount(u)?),
            6 => Condition::TrustBelow(*u.choose(&Bond::ALL)?, self.amount(u)?),
            _ => Condition::Ending(*u.choose(&ENDINGS)?),
        })
    }

    fn effect(&self, u: &mut Unstructured) -> Result<Effect> {
        Ok(match u.int_in_range(0..=4)? {
            0 => Effect::Set(self.flag(u)?),
            1 => Effect::Clear(self.flag(u)?),
            2 => Effect::Empathy(self.amount(u)?),
            3 => Effect::Tech(self.amount(u)?),
            _ => Effect::Trust(*u.choose(&Bond::ALL)?, self.amount(u)?),
        })
    }

    fn trigger(&self, u: &mut Unstructured) -> Result<Trigger> {
        Ok(match u.int_in_range(0..=6)? {
            0 => Trigger::Talked(*u.choose(&Character::ALL)?),
            1 => Trigger::Finished(self.node(u)?),
            2 => Trigger::Entered(format!("e{}", u.int_in_range(0..=1)?)),
            3 => Trigger::Used("desk".into()),
            4 => Trigger::SurgeOver,
            5 => Trigger::CoreShielded,
            _ => Trigger::BattleWon,
        })
    }

    /// Up to `max` items written as a RON list.
    fn list<T: std::fmt::Debug>(
        &self,
        u: &mut Unstructured,
        max: usize,
        item: impl Fn(&Self, &mut Unstructured) -> Result<T>,
    ) -> Result<String> {
        let n = u.int_in_range(0..=max)?;
        let items: Vec<String> = (0..n)
            .map(|_| item(self, u).map(|i| format!("{i:?}")))
            .collect::<Result<_>>()?;
        Ok(format!("[{}]", items.join(", ")))
    }

    fn maybe_node(&self, u: &mut Unstructured) -> Result<String> {
        Ok(if u.ratio(2, 3)? {
            format!("{:?}", self.node(u)?)
        } else {
            "None".into()
        })
    }
}

const ENDINGS: [Ending; 3] = [Ending::Hybrid, Ending::Clinical, Ending::Traditional];

/// A whole story: `story.ron` and one or two dialogue files.
fn generate(u: &mut Unstructured) -> Result<(String, Vec<(String, String)>)> {
    let v = Vocab {
        flags: u.int_in_range(0..=4)?,
        nodes: u.int_in_range(1..=8)?,
    };
    let files = u.int_in_range(1..=2)?;
    let mut main = String::from("(\n");
    let names: Vec<String> = (0..files).map(|i| format!("\"d{i}.ron\"")).collect();
    main += &format!("dialogue: [{}],\n", names.join(", "));
    let flags: Vec<String> = (0..v.flags).map(|i| format!("\"f{i}\"")).collect();
    main += &format!("flags: [{}],\nacts: {{\n", flags.join(", "));
    for act in Act::ALL {
        if u.ratio(1, 12)? {
            continue;
        }
        main += &format!(
            "{act:?}: (title: \"T\", opening: {}, objectives: [(text: \"Go\", until: {})], rules: [\n",
            v.maybe_node(u)?,
            if u.ratio(1, 2)? {
                format!("Some({:?})", v.flag(u)?)
            } else {
                "None".into()
            },
        );
        for _ in 0..u.int_in_range(0..=3)? {
            let next = if u.ratio(1, 2)? {
                format!("Some({:?})", u.choose(&Act::ALL)?)
            } else {
                "None".into()
            };
            main += &format!(
                "(on: {:?}, when: {}, effects: {}, dialogue: {}, next: {next}, finish: {}),\n",
                v.trigger(u)?,
                v.list(u, 2, Vocab::condition)?,
                v.list(u, 2, Vocab::effect)?,
                v.maybe_node(u)?,
                u.ratio(1, 5)?,
            );
        }
        main += "]),\n";
    }
    main += "},\nendings: [\n";
    let endings = u.int_in_range(1..=3)?;
    for ending in ENDINGS.iter().take(endings) {
        main += &format!(
            "(ending: {ending:?}, title: \"E\", when: {}, opening: {}, scenes: [(title: \"S\", text: \"x\", cast: [Leo])]),\n",
            v.list(u, 1, Vocab::condition)?,
            v.maybe_node(u)?,
        );
    }
    main += "],\n)\n";

    let mut dialogue: Vec<(String, String)> = (0..files)
        .map(|i| (format!("d{i}.ron"), String::from("(talks: [\n")))
        .collect();
    for _ in 0..u.int_in_range(0..=4)? {
        let f = u.choose_index(files)?;
        dialogue[f].1 += &format!(
            "(who: {:?}, act: {:?}, when: {}, start: {:?}),\n",
            u.choose(&Character::ALL)?,
            u.choose(&Act::ALL)?,
            v.list(u, 1, Vocab::condition)?,
            v.node(u)?,
        );
    }
    for (_, text) in &mut dialogue {
        *text += "], nodes: {\n";
    }
    for i in 0..v.nodes {
        let mut choices = String::new();
        for _ in 0..u.int_in_range(0..=3)? {
            choices += &format!(
                "(text: \"C\", when: {}, effects: {}, next: {}),",
                v.list(u, 1, Vocab::condition)?,
                v.list(u, 2, Vocab::effect)?,
                v.maybe_node(u)?,
            );
        }
        let node = format!(
            "\"n{i}\": (who: {:?}, text: \"Hi.\", effects: {}, next: {}, choices: [{choices}]),\n",
            u.choose(&Character::ALL)?,
            v.list(u, 2, Vocab::effect)?,
            v.maybe_node(u)?,
        );
        let f = u.choose_index(files)?;
        // Now and then a node written twice.
        if u.ratio(1, 20)? {
            dialogue[f].1 += &node;
        }
        dialogue[f].1 += &node;
    }
    for (_, text) in &mut dialogue {
        *text += "})\n";
    }
    Ok((main, dialogue))
}

#[test]
fn generated_stories_load_check_and_explore_without_panicking_or_hanging() {
    let start = Instant::now();
    let mut loaded = 0;
    for seed in 0..GENERATED {
        let data = bytes(seed, 4096);
        let mut u = Unstructured::new(&data);
        let Ok((main, dialogue)) = generate(&mut u) else {
            continue;
        };
        run_case(&format!("generated story, seed {seed}"), &main, &dialogue);
        if unchecked(&main, &dialogue).is_some() {
            loaded += 1;
        }
    }
    assert!(
        loaded > GENERATED / 2,
        "the generator writes stories that parse ({loaded} of {GENERATED})"
    );
    println!("{GENERATED} generated stories in {:?}", start.elapsed());
}

// ---------------------------------------------------------------------------
// The shipped story, mutated.

/// Pieces of RON a mutation may insert.
const TOKENS: &[&str] = &[
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    ",",
    "\"",
    "2147483647",
    "-2147483648",
    "99999999999",
    "Empathy(2147483647), ",
    "Trust(Leo, -2147483648), ",
    "next: Arrival, ",
    "(on: Finished(\"mira.doubts.desk\"), dialogue: \"mira.doubts.desk\"),",
    "(on: Talked(Theo), next: Arrival),",
    "\"mira.arrival.open\": (who: Mira, text: \"Again.\"),",
    "next: \"mira.arrival.open\", ",
    "é",
    "\u{0}",
];

fn shipped() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/story");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// A char boundary of `text` at or before `at`.
fn boundary(text: &str, at: usize) -> usize {
    let mut i = at.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn mutate(u: &mut Unstructured, text: &mut String) -> Result<()> {
    let at = boundary(text, u.int_in_range(0..=text.len())?);
    match u.int_in_range(0..=5)? {
        0 => {
            let end = boundary(text, at + u.int_in_range(1..=40)?);
            text.replace_range(at..end, "");
        }
        1 => {
            // A line written twice (a duplicate node, rule or talk).
            let lines: Vec<&str> = text.lines().collect();
            let i = u.choose_index(lines.len())?;
            let line = lines[i].to_string();
            let pos = text.find(&line).unwrap_or(0);
            text.insert_str(pos, &format!("{line}\n"));
        }
        2 => text.insert_str(at, u.choose(TOKENS)?),
        3 => {
            // A number made extreme.
            if let Some(off) = text[at..].find(|c: char| c.is_ascii_digit()) {
                let s = at + off;
                let e = s + text[s..]
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(text.len() - s);
                let n = u.choose(&["2147483647", "1000000", "0", "4294967296"])?;
                text.replace_range(s..e, n);
            }
        }
        4 => {
            // A `next` that leads elsewhere (perhaps back: a loop).
            let ids: Vec<&str> = text
                .match_indices("next: \"")
                .map(|(i, _)| {
                    let s = i + 7;
                    &text[s..s + text[s..].find('"').unwrap_or(0)]
                })
                .collect();
            if ids.len() >= 2 {
                let from = u.choose(&ids)?.to_string();
                let to = u.choose(&ids)?.to_string();
                *text = text.replacen(&format!("next: \"{from}\""), &format!("next: \"{to}\""), 1);
            }
        }
        _ => {
            let lines: Vec<&str> = text.lines().collect();
            let (a, b) = (u.choose_index(lines.len())?, u.choose_index(lines.len())?);
            let mut lines: Vec<String> = lines.into_iter().map(str::to_string).collect();
            lines.swap(a, b);
            *text = lines.join("\n");
        }
    }
    Ok(())
}

#[test]
fn mutated_story_files_load_check_and_explore_without_panicking_or_hanging() {
    let start = Instant::now();
    let files = shipped();
    for seed in 0..MUTATED {
        let data = bytes(1_000_000 + seed, 256);
        let mut u = Unstructured::new(&data);
        let mut files = files.clone();
        let mut changed = Vec::new();
        for _ in 0..u.int_in_range(1..=3).unwrap_or(1) {
            let Ok(i) = u.choose_index(files.len()) else {
                break;
            };
            if mutate(&mut u, &mut files[i].1).is_ok() {
                changed.push(files[i].0.clone());
            }
        }
        let main = files
            .iter()
            .find(|(n, _)| n == "story.ron")
            .map(|(_, t)| t.clone())
            .unwrap();
        let dialogue: Vec<(String, String)> = files
            .into_iter()
            .filter(|(n, _)| n != "story.ron")
            .collect();
        run_case(
            &format!("mutated story, seed {seed} ({changed:?})"),
            &main,
            &dialogue,
        );
    }
    println!("{MUTATED} mutated stories in {:?}", start.elapsed());
}
