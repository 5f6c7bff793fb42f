//! The compiled rules and the conversation walks against
//! [`StoryState`], which the game uses, on random states of the story.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use super::*;

fn story() -> Story {
    Story::read_dir(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/story"))
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
