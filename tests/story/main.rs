//! The story played: the game is played headless to each of the endings,
//! a broken story stops the loading screen, and choices are made with the
//! keys and a gamepad; Jasper's session (`therapy.rs`). The story's files
//! alone are tested in `crates/story/tests`.

#[path = "../common/mod.rs"]
mod common;
mod later;
mod therapy;

use std::path::Path;

use bevy::prelude::*;

use biodental::autoplay::{Leaning, Step, script};
use biodental::core::{Activity, Screen};
use biodental::dialogue::DialogueLog;
use biodental::model::HeldStill;
use biodental::model::InAct;
use biodental::model::StoryEvent;
use biodental::model::StoryTrigger;
use biodental::model::SurgePhase;
use biodental::model::{Conversation, TalkTo};
use biodental::screens::EndingPage;
use biodental_story::Character;
use biodental_story::{Act, Bond, Ending, Story, StoryState, Trigger};
use common::*;

fn story() -> Story {
    Story::read_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/story"))
        .unwrap_or_else(|e| panic!("the story does not load:\n{e}"))
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
    app.world()
        .get_resource::<State<InAct>>()
        .map(|s| s.get().0)
}

fn read_on(app: &mut App, story: &Story, player: Player) {
    // Conversations the story queued start a frame or two later.
    for _ in 0..5 {
        app.update();
        if activity(app) == Some(Activity::Talking) {
            finish_conversation(app, |c| player.pick(story, c));
        }
    }
    // A wordless scene (the surge striking) plays out before anyone talks,
    // and a fade to another place (some weeks later) ends before Mira walks.
    let fading = |app: &App| {
        app.world()
            .resource::<biodental::model::room::Transition>()
            .is_active()
    };
    if app.world().resource::<HeldStill>().any() || fading(app) {
        run_until(app, "the end of the cutscene", |app| {
            !app.world().resource::<HeldStill>().any() && !fading(app)
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
                    app.insert_resource(biodental::model::DreamBattle::Skip);
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
                            .resource::<biodental::model::room::CurrentRoom>()
                            .0
                            .clone();
                        !app.world()
                            .resource::<biodental::model::room::Transition>()
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
        *app.world()
            .resource::<State<biodental::core::Pause>>()
            .get(),
        biodental::core::Pause::Running,
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
    app.world_mut().insert_resource(biodental::model::TextSpeed(
        biodental::model::TextSpeed::CHOICES[0].1,
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
    app.world_mut().insert_resource(biodental::model::TextSpeed(
        biodental::model::TextSpeed::CHOICES[2].1,
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

/// Walks up to `who` and reads the conversation through (first choices);
/// returns where it started (none: a greeting) and its first line.
fn talk_through(app: &mut App, who: Character) -> (Option<String>, String) {
    app.world_mut().write_message(TalkTo {
        with: Entity::PLACEHOLDER,
        who,
    });
    run_until(app, "a conversation", |app| {
        activity(app) == Some(Activity::Talking)
    });
    let c = app.world().resource::<Conversation>().clone();
    let said = (c.start.clone(), c.line.text.clone());
    finish_conversation(app, |_| 0);
    app.update();
    said
}

#[test]
fn someone_with_nothing_new_to_say_greets_mira_in_turn() {
    let mut app = headless_app();
    new_game(&mut app);
    let cast: biodental::data::Cast = ron::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/data/cast.ron"))
            .unwrap(),
    )
    .expect("the cast");
    let greetings = &cast.person(Character::Samantha).unwrap().greeting;
    // Her first conversation asks a question: it is never replaced.
    let (first, _) = talk_through(&mut app, Character::Samantha);
    assert_eq!(first.as_deref(), Some("samantha.arrival.hello"));
    let (again, _) = talk_through(&mut app, Character::Samantha);
    assert_eq!(again.as_deref(), Some("samantha.arrival.again"));
    // The same line a second time would be nothing new: a greeting.
    let (start, line) = talk_through(&mut app, Character::Samantha);
    assert_eq!(start, None);
    assert!(greetings.contains(&line), "{line}");
    let (again, _) = talk_through(&mut app, Character::Samantha);
    assert_eq!(again.as_deref(), Some("samantha.arrival.again"));
    let (start, next) = talk_through(&mut app, Character::Samantha);
    assert_eq!(start, None);
    assert!(greetings.contains(&next) && (greetings.len() == 1 || next != line));
}
