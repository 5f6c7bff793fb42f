//! The story: its files check clean, every path through it is explored, bad
//! files give errors naming the file and the place, the state a save needs
//! round-trips, and the game is played headless to each of the endings.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use bevy::prelude::*;

use biodental::autoplay::{Leaning, Step, script};
use biodental::characters::Character;
use biodental::dialogue::{Conversation, DialogueLog, TalkTo};
use biodental::screens::Cutscene;
use biodental::screens::EndingPage;
use biodental::story::{
    Act, Bond, Budget, Condition, Effect, Ending, Story, StoryEvent, StoryState, Trigger,
    check_triggers, explore, explore_within,
};
use biodental::surge::SurgePhase;
use biodental::world::StoryTrigger;
use biodental::{Activity, Screen};
use common::*;

fn story_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/story")
}

fn story() -> Story {
    Story::read_dir(&story_dir()).unwrap_or_else(|e| panic!("the story does not load:\n{e}"))
}

#[test]
fn the_story_files_pass_every_check() {
    let story = story();
    let problems = check_triggers(
        &story,
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("levels/biodental.ldtk"),
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
        Act::Appointment,
        Act::PowerSurge,
        Act::Resolution,
        Act::Epilogue,
    ] {
        for who in Character::PLACED {
            assert!(
                story.talks.iter().any(|t| t.who == *who && t.act == act),
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
    assert!(ex.problems(&story).is_empty());
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
    let requeue = biodental::story::data::Rule {
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
        e.contains("story.ron: acts Doubts → Appointment → Doubts: the story can go round this loop of acts endlessly"),
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

// ---------------------------------------------------------------------------
// Playing the game headless to each ending.

/// How a player leans at every choice, and which recommendation they make.
#[derive(Clone, Copy, Debug)]
enum Player {
    /// Wins everyone's trust.
    Kind,
    /// Sides with the old ways.
    Traditionalist,
    /// Trusts the technology.
    Engineer,
}

impl Player {
    fn leaning(self) -> Leaning {
        Leaning(match self {
            Player::Kind => Ending::Hybrid,
            Player::Traditionalist => Ending::Traditional,
            Player::Engineer => Ending::Clinical,
        })
    }

    /// Picks among the offered choices by their effects.
    fn pick(self, story: &Story, c: &Conversation) -> usize {
        self.leaning().pick(story, c)
    }
}

use Step::*;

fn act(app: &App) -> Option<Act> {
    app.world().get_resource::<State<Act>>().map(|s| *s.get())
}

fn read_on(app: &mut App, story: &Story, player: Player) {
    // Conversations the story queued start a frame or two later.
    for _ in 0..5 {
        app.update();
        if activity(app) == Some(Activity::Talking) {
            finish_conversation(app, |c| player.pick(story, c));
        }
    }
    // A wordless scene (the surge striking) plays out before anyone talks.
    if app.world().resource::<Cutscene>().0 {
        run_until(app, "the end of the cutscene", |app| {
            !app.world().resource::<Cutscene>().0
        });
        read_on(app, story, player);
    }
}

fn play_to_the_end(player: Player) -> StoryState {
    let story = story();
    let mut app = headless_app();
    new_game(&mut app);
    assert_eq!(act(&app), Some(Act::Arrival));
    for (expected, steps) in script() {
        read_on(&mut app, &story, player);
        assert_eq!(
            act(&app),
            Some(expected),
            "{player:?}: the story is in {expected:?}"
        );
        let objective = app.world().resource::<StoryState>().objective.clone();
        assert!(
            screen_text(&mut app).contains(&objective),
            "the objective \"{objective}\" is on screen"
        );
        for step in steps {
            match step {
                Talk(who) => {
                    app.world_mut().write_message(TalkTo {
                        with: Entity::PLACEHOLDER,
                        who,
                    });
                }
                Enter(area) => {
                    app.world_mut().write_message(StoryTrigger {
                        event: area.to_string(),
                        used: false,
                    });
                }
                Use(area) => {
                    app.world_mut().write_message(StoryTrigger {
                        event: area.to_string(),
                        used: true,
                    });
                }
                Dream => {
                    // The surge's alarm (its opening scene) is over: Mira makes for the rig.
                    assert_eq!(
                        *app.world().resource::<State<SurgePhase>>().get(),
                        SurgePhase::Escape
                    );
                    listen::<StoryEvent>(&mut app);
                    app.world_mut().write_message(StoryTrigger {
                        event: biodental::surge::VR_RIG_AREA.into(),
                        used: false,
                    });
                    run_until(&mut app, "the dream", |app| {
                        activity(app) == Some(Activity::Talking)
                    });
                    assert_eq!(act(&app), Some(Act::Dreamscape));
                    let c = app.world().resource::<Conversation>().clone();
                    assert_eq!(c.start.as_deref(), Some("mira.dream.start"));
                    // Reaching the rig ended the surge by its own event; winning
                    // the dream is the dreamscape's. These players came for the
                    // story: they skip the battle (`tests/dream.rs` fights it),
                    // and every zone's scene still plays, choices and all.
                    app.insert_resource(biodental::settings::DreamBattle::Skip);
                    run_until(&mut app, "the end of the dream", |app| {
                        if activity(app) == Some(Activity::Talking) {
                            finish_conversation(app, |c| player.pick(&story, c));
                        }
                        act(app) == Some(Act::Resolution)
                    });
                    // Mira wakes where she lay down.
                    run_until(&mut app, "waking up", |app| {
                        let room = app
                            .world()
                            .resource::<biodental::world::CurrentRoom>()
                            .0
                            .clone();
                        !app.world()
                            .resource::<biodental::world::Transition>()
                            .is_active()
                            && complex(app)
                                .room(&room)
                                .is_some_and(|r| r.checkpoint.is_none())
                    });
                    let events = heard::<StoryEvent>(&app);
                    assert!(
                        events.contains(&StoryEvent(Trigger::SurgeOver)),
                        "{events:?}"
                    );
                    assert!(
                        events.contains(&StoryEvent(Trigger::BattleWon)),
                        "{events:?}"
                    );
                }
            }
            read_on(&mut app, &story, player);
        }
    }
    run_until(&mut app, "the ending", |app| screen(app) == Screen::Ending);
    let state = app.world().resource::<StoryState>().clone();
    // Read through the closing scenes to the credits and back to the title.
    let scenes = story
        .file
        .endings
        .iter()
        .find(|e| Some(e.ending) == state.ending)
        .unwrap()
        .scenes
        .clone();
    for scene in &scenes {
        app.update();
        assert!(
            screen_text(&mut app).contains(&scene.title),
            "the scene \"{}\" is on screen",
            scene.title
        );
        tap(&mut app, KeyCode::KeyE);
    }
    app.update();
    assert_eq!(app.world().resource::<EndingPage>().0, scenes.len());
    assert!(screen_text(&mut app).contains("The End"));
    tap(&mut app, KeyCode::KeyE);
    app.update();
    assert_eq!(screen(&app), Screen::Title);
    assert!(
        app.world().resource::<DialogueLog>().entries.len() > 60,
        "the log holds the whole game"
    );
    state
}

#[test]
fn a_kind_doctor_reaches_the_hybrid_ending() {
    let state = play_to_the_end(Player::Kind);
    assert_eq!(state.ending, Some(Ending::Hybrid), "{state:?}");
}

#[test]
fn a_traditionalist_reaches_the_traditional_ending() {
    let state = play_to_the_end(Player::Traditionalist);
    assert_eq!(state.ending, Some(Ending::Traditional), "{state:?}");
}

#[test]
fn an_engineer_reaches_the_clinical_ending() {
    let state = play_to_the_end(Player::Engineer);
    assert_eq!(state.ending, Some(Ending::Clinical), "{state:?}");
    assert!(state.balance < 0, "leaned on technology: {state:?}");
}

#[test]
fn a_broken_story_is_shown_on_the_loading_screen_and_the_game_waits() {
    let dir = copy_of_game_files("broken-story");
    let file = dir.join("assets/story/doubts.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen("Set(\"reflected\")", "Set(\"reflectd\")", 1),
    )
    .unwrap();
    let mut app = headless_app_from(&dir);
    run_until(&mut app, "the error on screen", |app| {
        screen_text(app).contains("unknown flag")
    });
    let shown = screen_text(&mut app);
    assert!(shown.contains("The game cannot start"), "{shown}");
    assert!(
        shown.contains("assets/story/doubts.ron: node \"")
            && shown.contains("unknown flag \"reflectd\""),
        "{shown}"
    );
    for _ in 0..30 {
        app.update();
    }
    assert_eq!(
        screen(&app),
        Screen::Loading,
        "must not start with a broken story"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// Talks to Halloran in the Plaza and reads on to his first choice.
fn up_to_halloran_choice(app: &mut App) {
    app.world_mut().write_message(TalkTo {
        with: Entity::PLACEHOLDER,
        who: Character::Halloran,
    });
    run_until(app, "talking to Halloran", |app| {
        activity(app) == Some(Activity::Talking)
    });
    for _ in 0..40 {
        let c = app.world().resource::<Conversation>().clone();
        if !c.choices.is_empty() {
            return;
        }
        if c.finished_typing() && c.waiting_for_choices() {
            app.update();
        } else {
            tap(app, KeyCode::KeyE);
        }
    }
    let c = app.world().resource::<Conversation>().clone();
    panic!("Halloran never offered a choice: {c:?}");
}

#[test]
fn up_down_and_the_talk_key_choose_and_the_choice_changes_the_story() {
    let mut app = headless_app();
    new_game(&mut app);
    up_to_halloran_choice(&mut app);
    let c = app.world().resource::<Conversation>().clone();
    assert_eq!(c.choices.len(), 4, "{:?}", c.choices);
    assert_eq!(c.cursor, 0);
    tap(&mut app, KeyCode::ArrowDown);
    tap(&mut app, KeyCode::ArrowDown);
    tap(&mut app, KeyCode::ArrowUp);
    assert_eq!(app.world().resource::<Conversation>().cursor, 1);
    let picked = c.choices[1].1.clone();
    tap(&mut app, KeyCode::KeyE);
    app.update();
    let state = app.world().resource::<StoryState>().clone();
    assert_eq!(state.balance, 1, "asking about basic care leans to empathy");
    app.update();
    assert!(
        screen_text(&mut app).contains("Mira leans towards empathy"),
        "the change shows"
    );
    let log = &app.world().resource::<DialogueLog>().entries;
    assert!(
        log.iter().any(|e| e.choice && e.text == picked),
        "the choice is in the log"
    );
    finish_conversation(&mut app, |_| 0);
    let state = app.world().resource::<StoryState>().clone();
    assert!(state.has("heard_protest"), "{state:?}");
    assert_eq!(
        state.objective, "Go in through the glass doors to the Lobby",
        "the objective moves on"
    );
}

#[test]
fn the_log_opens_over_a_conversation_and_holds_it_still() {
    let mut app = headless_app();
    new_game(&mut app);
    up_to_halloran_choice(&mut app);
    tap(&mut app, KeyCode::KeyL);
    app.update();
    assert!(screen_text(&mut app).contains("What was said"));
    let before = app.world().resource::<Conversation>().clone();
    tap(&mut app, KeyCode::Digit3);
    tap(&mut app, KeyCode::KeyE);
    let after = app.world().resource::<Conversation>().clone();
    assert_eq!(
        after.node, before.node,
        "nothing is chosen while the log is open"
    );
    tap(&mut app, KeyCode::Escape);
    app.update();
    assert!(!screen_text(&mut app).contains("What was said"));
    assert_eq!(
        *app.world().resource::<State<biodental::Pause>>().get(),
        biodental::Pause::Running,
        "Esc closed the log, not opened the pause menu"
    );
    tap(&mut app, KeyCode::Digit3);
    app.update();
    assert_ne!(app.world().resource::<Conversation>().node, before.node);
}

#[test]
fn the_text_speed_setting_types_lines_faster() {
    let mut app = headless_app();
    new_game(&mut app);
    app.world_mut()
        .insert_resource(biodental::dialogue::TextSpeed(
            biodental::dialogue::TextSpeed::CHOICES[0].1,
        ));
    app.world_mut().write_message(TalkTo {
        with: Entity::PLACEHOLDER,
        who: Character::Halloran,
    });
    run_until(&mut app, "talking", |app| {
        activity(app) == Some(Activity::Talking)
    });
    for _ in 0..10 {
        app.update();
    }
    let slow = app.world().resource::<Conversation>().shown;
    app.world_mut()
        .insert_resource(biodental::dialogue::TextSpeed(
            biodental::dialogue::TextSpeed::CHOICES[2].1,
        ));
    for _ in 0..10 {
        app.update();
    }
    let fast = app.world().resource::<Conversation>().shown - slow;
    assert!(
        fast > 3.0 * slow,
        "ten frames type {slow} letters slowly and {fast} fast"
    );
}

#[test]
fn a_gamepad_chooses_with_the_d_pad_and_south() {
    use bevy::input::gamepad::{RawGamepadButtonChangedEvent, RawGamepadEvent};
    let mut app = headless_app();
    new_game(&mut app);
    let pad = connect_pad(&mut app);
    up_to_halloran_choice(&mut app);
    let press = |app: &mut App, button| {
        for v in [1.0, 0.0] {
            app.world_mut().write_message(RawGamepadEvent::Button(
                RawGamepadButtonChangedEvent::new(pad, button, v),
            ));
            app.update();
        }
    };
    // Down three times: the last choice ("I have patients waiting").
    for _ in 0..3 {
        press(&mut app, GamepadButton::DPadDown);
    }
    assert_eq!(app.world().resource::<Conversation>().cursor, 3);
    press(&mut app, GamepadButton::South);
    app.update();
    let state = app.world().resource::<StoryState>().clone();
    assert_eq!(
        state.trust(Bond::Dentists),
        -1,
        "brushing Halloran off costs trust"
    );
    assert_eq!(state.balance, -1, "and leans on technology");
}
