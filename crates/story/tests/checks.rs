//! The story's files: they check clean, every path through them is
//! explored, bad files give errors naming the file and the place, and the
//! state a save needs round-trips. No engine: these run in seconds.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use biodental_story::{
    Act, Bond, Budget, Character, Condition, Effect, Ending, Story, StoryState, Trigger,
    check_triggers, explore, explore_within,
};

fn story_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/story")
}

fn story() -> Story {
    Story::read_dir(&story_dir()).unwrap_or_else(|e| panic!("the story does not load:\n{e}"))
}

#[test]
fn the_story_files_pass_every_check() {
    let story = story();
    let problems = check_triggers(
        &story,
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../levels/biodental.ldtk"),
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // At least 150 lines, spoken by everyone.
    assert!(
        story.nodes.len() >= 150,
        "{} lines of dialogue",
        story.nodes.len()
    );
    let speakers: BTreeSet<Character> = story.nodes.values().map(|n| n.who).collect();
    assert_eq!(speakers, Character::ALL.into_iter().collect());
}

#[test]
fn everyone_has_a_conversation_in_every_act_they_walk_about_in() {
    let story = story();
    for act in [
        Act::Arrival,
        Act::Doubts,
        Act::Therapy,
        Act::Appointment,
        Act::PowerSurge,
        Act::Resolution,
        Act::Epilogue,
        Act::Later,
    ] {
        for who in Character::PLACED {
            // Ms. Lindqvist stands in the school, which Mira reaches only in
            // Later; AIDA stays in the clinic's lobby and is not at the school.
            // Some are at the school only in some endings, so in Later one
            // talk (for the endings they are there in) is enough.
            let exempt = match act {
                Act::Later => *who == Character::Aida,
                _ => *who == Character::Lindqvist,
            };
            assert!(
                exempt || story.talks.iter().any(|t| t.who == *who && t.act == act),
                "{who:?} has nothing to say in {act:?}"
            );
        }
    }
}

#[test]
fn exploring_every_choice_reaches_every_ending_and_never_gets_stuck() {
    let story = story();
    let ex = explore(&story);
    println!(
        "explored {} story states; endings {:?}; {} of {} lines heard",
        ex.states,
        ex.endings,
        ex.heard.len(),
        story.nodes.len()
    );
    assert!(!ex.truncated, "the exploration hit its state limit");
    assert_eq!(
        ex.endings,
        [Ending::Hybrid, Ending::Clinical, Ending::Traditional]
            .into_iter()
            .collect(),
        "every ending is reachable"
    );
    assert!(
        ex.stuck.is_empty(),
        "{} reachable states cannot reach an ending, e.g. {:?}",
        ex.stuck_count,
        ex.stuck
    );
    assert!(
        ex.endless.is_empty(),
        "endless conversations: {:?}",
        ex.endless
    );
    let unheard: Vec<&String> = story
        .nodes
        .keys()
        .filter(|n| !ex.heard.contains(*n))
        .collect();
    assert!(
        unheard.is_empty(),
        "lines no playthrough shows: {unheard:?}"
    );
    for pair in Act::ALL.windows(2) {
        assert!(
            ex.transitions.contains(&(pair[0], pair[1])),
            "the story never moves from {:?} to {:?}",
            pair[0],
            pair[1]
        );
    }
    assert!(
        ex.closed.is_empty(),
        "{} undecided states of the Resolution have lost an ending, e.g. {:?}",
        ex.closed_count,
        ex.closed
    );
    assert!(ex.problems(&story).is_empty());
}

/// Without Leo's second chance, a player who lost his trust before the
/// Resolution can no longer reach the Hybrid ending there: the exploration
/// names the act and the ending.
#[test]
fn an_ending_lost_in_an_act_that_keeps_them_open_is_reported() {
    let dir = broken_story("closed-ending", "resolution.ron", |t| {
        t.replacen(
            "when: [TrustBelow(Leo, 2)], start: \"leo.resolution.question\"",
            "when: [TrustBelow(Leo, -5)], start: \"leo.resolution.question\"",
            1,
        )
    });
    let story = Story::read_dir(&dir).expect("the story loads");
    let ex = explore(&story);
    assert!(ex.closed_count > 0);
    assert!(ex.closed.iter().all(|(s, lost)| s.act == Act::Resolution
        && lost.contains(&Ending::Hybrid)
        && s.trust.get(&Bond::Leo).copied().unwrap_or(0) < 2));
    let problems = ex.problems(&story).join("\n");
    assert!(
        problems.contains("act Resolution: no ending is decided yet, but [Hybrid")
            && problems.contains("can no longer be reached"),
        "{problems}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A copy of the story files with `file` changed by `edit`.
fn broken_story(name: &str, file: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("biodental-story-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(story_dir()).unwrap() {
        let entry = entry.unwrap();
        let target = dir.join(entry.file_name());
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let text = if entry.file_name() == file {
            edit(text)
        } else {
            text
        };
        std::fs::write(target, text).unwrap();
    }
    dir
}

fn errors_of(dir: &Path) -> String {
    match Story::read_dir(dir) {
        Ok(_) => panic!("the broken story in {} loaded", dir.display()),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_syntax_error_names_the_file_line_and_column() {
    let dir = broken_story("syntax", "doubts.ron", |t| {
        t.replacen("nodes: {", "nodes: {{", 1)
    });
    let e = errors_of(&dir);
    let line = std::fs::read_to_string(dir.join("doubts.ron"))
        .unwrap()
        .lines()
        .position(|l| l.contains("nodes: {{"))
        .unwrap()
        + 1;
    assert!(
        e.contains(&format!("doubts.ron:{line}:")),
        "names the file and line {line}: {e}"
    );
}

#[test]
fn an_unknown_node_id_names_the_file_node_and_target() {
    let dir = broken_story("next", "arrival.ron", |t| {
        t.replacen(
            "next: \"mira.arrival.open.2\"",
            "next: \"mira.arrival.open.two\"",
            1,
        )
    });
    let e = errors_of(&dir);
    assert!(
        e.contains("arrival.ron: node \"mira.arrival.open\": leads to unknown node \"mira.arrival.open.two\""),
        "{e}"
    );
    // The node it no longer leads to is now never reached.
    assert!(
        e.contains("node \"mira.arrival.open.2\": is never reached"),
        "{e}"
    );
}

#[test]
fn an_unknown_flag_and_a_choice_leading_nowhere_are_named() {
    let dir = broken_story("flag", "arrival.ron", |t| {
        t.replacen("Set(\"heard_protest\")", "Set(\"heard_protests\")", 1)
            .replacen("next: \"halloran.arrival.agree\"", "next: \"nowhere\"", 1)
    });
    let e = errors_of(&dir);
    assert!(e.contains("unknown flag \"heard_protests\""), "{e}");
    assert!(
        e.contains("arrival.ron: node \"halloran.arrival.demand\": choice 1: leads to unknown node \"nowhere\""),
        "{e}"
    );
    assert!(
        e.contains("story.ron: flags: \"heard_protest\" is listed but nothing sets it"),
        "{e}"
    );
}

#[test]
fn an_act_with_no_way_out_is_an_error() {
    let dir = broken_story("way-out", "story.ron", |t| {
        t.replacen("(on: SurgeOver, next: Dreamscape),", "(on: SurgeOver),", 1)
    });
    let e = errors_of(&dir);
    assert!(
        e.contains("story.ron: act PowerSurge: has no way out"),
        "{e}"
    );
}

#[test]
fn a_missing_dialogue_file_is_named() {
    let dir = broken_story("missing", "story.ron", |t| {
        t.replacen("\"surge.ron\"", "\"surges.ron\"", 1)
    });
    let e = errors_of(&dir);
    assert!(e.contains("surges.ron: cannot be read"), "{e}");
}

#[test]
fn an_effect_amount_beyond_its_range_names_the_file_node_and_effect() {
    let dir = broken_story("amount", "arrival.ron", |t| {
        t.replacen(
            "effects: [Empathy(1)], next: \"halloran.arrival.ask\"",
            "effects: [Empathy(2147483647)], next: \"halloran.arrival.ask\"",
            1,
        )
        .replacen("Trust(Dentists, 1)", "Trust(Dentists, -2147483648)", 1)
    });
    let e = errors_of(&dir);
    assert!(
        e.contains("arrival.ron: node \"halloran.arrival.demand\": choice 2: Empathy(2147483647): the amount must be between -20 and 20"),
        "{e}"
    );
    assert!(
        e.contains("Trust(Dentists, -2147483648): the amount must be between -10 and 10"),
        "{e}"
    );
}

#[test]
fn story_arithmetic_saturates_whatever_the_amounts_and_the_saved_values() {
    let story = story();
    let (mut state, _) = StoryState::new(&story);
    // Values no effect can make, as an edited save could hold them.
    state.balance = i32::MAX;
    state.trust.insert(Bond::Leo, i32::MIN);
    assert!(!state.holds(&Condition::TechAtLeast(0)));
    state.balance = i32::MIN;
    assert!(state.holds(&Condition::TechAtLeast(i32::MAX)));
    state.apply_all(
        &story,
        &[
            Effect::Tech(i32::MAX),
            Effect::Tech(i32::MIN),
            Effect::Trust(Bond::Leo, i32::MIN),
            Effect::Trust(Bond::Samantha, i32::MAX),
            Effect::Trust(Bond::Samantha, i32::MAX),
        ],
    );
    assert_eq!(
        state.balance, 10,
        "Tech(i32::MIN) leans all the way to empathy"
    );
    assert_eq!(state.trust(Bond::Leo), -5);
    assert_eq!(state.trust(Bond::Samantha), 5);
    state.apply(&Effect::Empathy(i32::MIN));
    assert_eq!(state.balance, -10);
    state.apply(&Effect::Empathy(i32::MAX));
    assert_eq!(state.balance, 10);
}

#[test]
fn a_line_that_asks_for_an_action_and_offers_choices_is_named() {
    let dir = broken_story("practise", "therapy.ron", |t| {
        t.replacen(
            "practise: Breathe, next: \"leo.therapy.breathed\"",
            "practise: Breathe, choices: [(text: \"Breathe\", next: \"leo.therapy.breathed\")]",
            1,
        )
    });
    let e = errors_of(&dir);
    assert!(
        e.contains("therapy.ron: node \"leo.therapy.breathe\": asks the player to practise Breathe and offers choices"),
        "{e}"
    );
}

#[test]
fn an_unknown_action_to_practise_names_the_file_line_and_the_actions() {
    let dir = broken_story("practise-unknown", "therapy.ron", |t| {
        t.replacen("practise: Breathe,", "practise: Jump,", 1)
    });
    let e = errors_of(&dir);
    assert!(e.contains("therapy.ron:"), "{e}");
    assert!(
        e.contains("`Jump`") && e.contains("`Reassure`, `Breathe`, or `Pulse`"),
        "{e}"
    );
}

#[test]
fn a_node_id_written_twice_in_one_file_names_the_file_and_id() {
    let dir = broken_story("duplicate", "arrival.ron", |t| {
        let line = t
            .lines()
            .find(|l| l.trim_start().starts_with("\"mira.arrival.open.4\""))
            .unwrap()
            .to_string();
        t.replacen(&line, &format!("{line}\n{line}"), 1)
    });
    let e = errors_of(&dir);
    assert!(
        e.contains("arrival.ron: node \"mira.arrival.open.4\": the id is used twice in this file"),
        "{e}"
    );
}

#[test]
fn a_scene_that_queues_itself_again_is_named_with_its_loop() {
    let dir = broken_story("requeue", "story.ron", |t| {
        t.replacen(
            "(on: Used(\"office_desk\"),",
            "(on: Finished(\"mira.doubts.desk\"), dialogue: \"mira.doubts.desk\"),\n                (on: Used(\"office_desk\"),",
            1,
        )
    });
    let e = errors_of(&dir);
    assert!(
        e.contains("story.ron: act Doubts: the scene \"mira.doubts.desk\" queues itself again, endlessly: \"mira.doubts.desk\" → \"mira.doubts.desk\""),
        "{e}"
    );
    // Through another scene, across acts.
    let dir = broken_story("requeue-2", "story.ron", |t| {
        t.replacen(
            "(on: Finished(\"leo.appointment.chair\"), next: PowerSurge),",
            "(on: Finished(\"leo.appointment.chair\"), next: PowerSurge),\n                (on: Finished(\"jasper.appointment.open\"), dialogue: \"leo.appointment.chair\"),",
            1,
        )
        .replacen(
            "(on: SurgeOver, next: Dreamscape),",
            "(on: SurgeOver, next: Dreamscape),\n                (on: Finished(\"aida.surge.open\"), next: Appointment),",
            1,
        )
    });
    let e = errors_of(&dir);
    assert!(
        e.contains("queues itself again, endlessly:")
            && e.contains("\"leo.appointment.chair\" (Appointment)")
            && e.contains("\"aida.surge.open\" (PowerSurge)"),
        "{e}"
    );
    assert!(
        e.contains("story.ron: acts Appointment → PowerSurge → Appointment: the story can go round this loop of acts endlessly"),
        "{e}"
    );
}

#[test]
fn a_scene_guarded_to_play_once_may_follow_itself() {
    let dir = broken_story("requeue-once", "story.ron", |t| {
        t.replacen(
            "(on: Used(\"office_desk\"),",
            "(on: Finished(\"mira.doubts.desk\"), when: [NotFlag(\"jasper_asked\")], effects: [Set(\"jasper_asked\")], dialogue: \"mira.doubts.desk\"),\n                (on: Used(\"office_desk\"),",
            1,
        )
    });
    if let Err(e) = Story::read_dir(&dir) {
        assert!(!e.to_string().contains("endlessly"), "{e}");
    }
}

#[test]
fn the_exploration_of_a_scene_queueing_itself_stops_soon_and_names_it() {
    // Past the loader's check: the exploration must still stop by itself.
    let mut story = story();
    let requeue = biodental_story::data::Rule {
        on: Trigger::Finished("mira.arrival.open".into()),
        when: vec![],
        effects: vec![Effect::Empathy(1)],
        dialogue: Some("mira.arrival.open".into()),
        next: None,
        finish: false,
    };
    story
        .file
        .acts
        .get_mut(&Act::Arrival)
        .unwrap()
        .rules
        .push(requeue);
    let start = std::time::Instant::now();
    let ex = explore(&story);
    assert!(
        start.elapsed() < std::time::Duration::from_secs(60),
        "{:?}",
        start.elapsed()
    );
    assert!(ex.truncated);
    let problems = ex.problems(&story).join("\n");
    assert!(
        problems.contains("the exploration of the story stopped")
            && problems.contains("\"mira.arrival.open\"")
            && problems.contains("Arrival"),
        "{problems}"
    );
}

#[test]
fn an_act_loop_is_named_as_a_loop() {
    let dir = broken_story("act-loop", "story.ron", |t| {
        t.replacen(
            "(on: Finished(\"leo.appointment.chair\"), next: PowerSurge),",
            "(on: Finished(\"leo.appointment.chair\"), next: PowerSurge),\n                (on: Talked(Theo), next: Doubts),",
            1,
        )
    });
    let e = errors_of(&dir);
    assert!(
        e.contains("story.ron: acts Doubts → Therapy → Appointment → Doubts: the story can go round this loop of acts endlessly"),
        "{e}"
    );
    assert!(!e.contains("balance and trust"), "{e}");
}

#[test]
fn a_small_budget_stops_the_exploration_and_says_where() {
    let story = story();
    let ex = explore_within(
        &story,
        Budget {
            states: 50,
            steps: usize::MAX,
        },
    );
    assert!(ex.truncated);
    let stopped = ex.stopped.clone().unwrap_or_default();
    assert!(
        stopped.contains("more than 50 story states (by act: Arrival"),
        "{stopped}"
    );
    let ex = explore_within(
        &story,
        Budget {
            states: usize::MAX,
            steps: 100,
        },
    );
    assert!(
        ex.stopped
            .as_deref()
            .is_some_and(|s| s.contains("took more than 100 steps while exploring")),
        "{:?}",
        ex.stopped
    );
}

#[test]
fn the_state_a_save_needs_round_trips_through_serde() {
    let story = story();
    let (mut state, _) = StoryState::new(&story);
    state.apply_all(
        &story,
        &[
            Effect::Set("heard_protest".into()),
            Effect::Empathy(3),
            Effect::Tech(1),
            Effect::Trust(Bond::Leo, 2),
            Effect::Trust(Bond::Dentists, -1),
        ],
    );
    state.react(&story, &Trigger::Entered("lobby_arrival".into()));
    assert_eq!(state.objective, story.objective(&state));
    assert_eq!(state.balance, 2);
    let text = ron::to_string(&state).unwrap();
    let back: StoryState = ron::from_str(&text).unwrap();
    assert_eq!(back, state);
    let json = serde_json::to_string(&state).unwrap();
    assert_eq!(serde_json::from_str::<StoryState>(&json).unwrap(), state);
}
