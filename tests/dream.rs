//! The dreamscape battle, played headless with synthetic keys: a scripted
//! player walks Mira through every zone to the swarm core and wins, with a
//! Mira who leaned to empathy and one who leaned to technology; Leo's calm
//! running out brings the dream back at the zone's checkpoint with the
//! story as it was; skipping the battle still plays the dream to its end.

mod common;

use std::time::Duration;

use bevy::prelude::*;

use biodental::core::Activity;
use biodental::dreamscape::{Battle, CorePhase};
use biodental::model::Companion;
use biodental::model::DreamBattle;
use biodental::model::InAct;
use biodental::model::Walker;
use biodental::model::room::CurrentRoom;
use biodental_story::{Act, StoryState};
use common::*;

/// Two frames of game time per update: the battle takes a while.
const FRAME_30: Duration = Duration::from_nanos(33_333_333);

/// A new game, moved on to the Dreamscape with Mira's choices so far
/// leaning `balance` (empathy above zero), the battle set to `mode`; back
/// when Mira and Leo stand in the first zone.
fn into_the_dream(balance: i32, mode: DreamBattle) -> App {
    let mut app = headless_app_at(FRAME_30);
    new_game(&mut app);
    enter_the_dream(&mut app, balance, mode);
    app
}

fn act(app: &App) -> Act {
    app.world().resource::<State<InAct>>().get().0
}

fn battle(app: &App) -> Battle {
    app.world().resource::<Battle>().clone()
}

fn leo(app: &mut App) -> Walker {
    let mut q = app.world_mut().query_filtered::<&Walker, With<Companion>>();
    q.single(app.world()).expect("Leo is in the dream").clone()
}

/// Fights the battle with keys (see `biodental::autoplay::fight_dream`):
/// the frames it took, if won within `limit`, and the lowest Leo's calm fell.
fn play(app: &mut App, cares: bool, limit: usize) -> (Option<usize>, f32) {
    biodental::autoplay::fight_dream(app, cares, limit)
}

/// Where the battle stands, for failure messages.
fn standing(app: &App) -> String {
    let b = battle(app);
    format!(
        "zone {}, calm {:.0}, cleared {}, core {:?}, retries {}",
        b.zone,
        b.calm,
        b.cleared,
        b.core.map(|(_, p)| p),
        b.retries
    )
}

fn wins(balance: i32) {
    let mut app = into_the_dream(balance, DreamBattle::Standard);
    let (Some(frames), lowest) = play(&mut app, true, 80_000) else {
        panic!("the battle was not won: {}", standing(&app));
    };
    let b = battle(&app);
    assert!(b.won, "the core was broken");
    assert_eq!(b.cleared, 3, "every zone before the core was calmed");
    // At the core the pulses fail and the last choice comes before the core
    // breaks; it breaks as chosen (the scripted player takes the first
    // choice: to stay beside Leo).
    let log = &app
        .world()
        .resource::<biodental::dialogue::DialogueLog>()
        .entries;
    let at = |text: &str| {
        log.iter()
            .position(|e| e.text.contains(text))
            .unwrap_or_else(|| panic!("\"{text}\" is not in the log"))
    };
    let pulses = at("The core drinks it all");
    let choice = at("Stop pulsing. Kneel beside Leo and stay.");
    let breaks = at("the core doesn’t shatter. It softens");
    assert!(
        pulses < choice && choice < breaks,
        "{pulses} {choice} {breaks}"
    );
    assert!(log[choice].choice);
    println!(
        "balance {balance}: won in {:.0} s of game time, Leo's calm fell to {lowest:.0} at the lowest, the dream dissolved {} times",
        frames as f32 / 30.0,
        b.retries
    );
}

#[test]
fn an_empathy_leaning_mira_wins_the_battle_from_the_first_zone_to_the_core() {
    wins(3);
}

#[test]
fn a_technology_leaning_mira_wins_the_battle_from_the_first_zone_to_the_core() {
    wins(-3);
}

/// How far behind Mira Leo is after she has walked on along the path for
/// two seconds, in a dream where he trusts her `trust`.
fn lag_after_a_walk(trust: i32) -> f32 {
    let mut app = headless_app_at(FRAME_30);
    new_game(&mut app);
    app.world_mut()
        .resource_mut::<StoryState>()
        .trust
        .insert(biodental_story::Bond::Leo, trust);
    enter_the_dream(&mut app, 0, DreamBattle::Standard);
    for _ in 0..2 {
        run_until(&mut app, "a scene", |app| {
            activity(app) == Some(Activity::Talking)
        });
        finish_conversation(&mut app, |_| 0);
    }
    assert_eq!(battle(&app).trust, trust);
    hold(&mut app, KeyCode::KeyD, 60);
    let mira = player(&mut app).unwrap().feet;
    leo(&mut app).feet.distance(mira)
}

#[test]
fn a_leo_who_trusts_mira_keeps_close_and_one_who_does_not_hangs_back() {
    let (trusting, wary) = (lag_after_a_walk(3), lag_after_a_walk(-2));
    println!("Leo's lag after a two-second walk: {trusting:.0} px trusting, {wary:.0} px wary");
    assert!(trusting + 10.0 < wary, "{trusting} {wary}");
}

#[test]
fn standing_still_winds_the_waiting_rooms_clocks_and_walking_lets_them_go() {
    let mut app = into_the_dream(0, DreamBattle::Standard);
    // The dream's opening and the zone's scene: reading holds the clocks.
    for _ in 0..2 {
        run_until(&mut app, "a scene", |app| {
            activity(app) == Some(Activity::Talking)
        });
        finish_conversation(&mut app, |_| 0);
        let still = battle(&app).still;
        assert!(still < 0.2, "no time counts while reading: {still}");
    }
    // Two seconds of game time with no key down.
    for _ in 0..60 {
        app.update();
    }
    let still = battle(&app).still;
    assert!(still > 1.5, "Mira has stood still for {still} s");
    hold(&mut app, KeyCode::KeyD, 10);
    assert!(battle(&app).still < 0.1, "walking lets them go");
}

#[test]
fn when_leos_calm_runs_out_the_dream_comes_back_at_the_checkpoint_with_nothing_lost() {
    let mut app = into_the_dream(0, DreamBattle::Standard);
    finish_conversation(&mut app, |_| 0);
    run_until(&mut app, "the waiting-room scene", |app| {
        activity(app) == Some(Activity::Talking)
    });
    finish_conversation(&mut app, |_| 0);
    let checkpoint = {
        let room = app.world().resource::<CurrentRoom>().0.clone();
        complex(&app)
            .room(&room)
            .unwrap()
            .checkpoint
            .clone()
            .unwrap()
    };
    // Away from the checkpoint, along the path; then Leo's calm runs out.
    set_player(&mut app, checkpoint.spot.feet + Vec2::new(120.0, 0.0));
    app.update();
    let story = app.world().resource::<StoryState>().clone();
    app.world_mut().resource_mut::<Battle>().calm = 0.0;
    app.world_mut().resource_mut::<Battle>().courage = 0.0;
    run_until(&mut app, "the dream dissolving", |app| {
        battle(app).dissolving.is_some()
    });
    run_until(&mut app, "the dream coming back", |app| {
        battle(app).dissolving.is_none() && battle(app).room.is_some()
    });
    let b = battle(&app);
    assert_eq!(b.retries, 1);
    assert_eq!(b.calm, 100.0);
    assert_eq!(b.zone, 1);
    let mira = player(&mut app).unwrap();
    assert!(
        mira.feet.distance(checkpoint.spot.feet) < 1.0,
        "Mira is back at the checkpoint"
    );
    assert!(
        leo(&mut app).feet.distance(mira.feet) < 30.0,
        "Leo is beside her"
    );
    assert!(
        b.packs.iter().all(|p| !p.calm),
        "the zone's swarms are back"
    );
    assert_eq!(act(&app), Act::Dreamscape);
    let after = app.world().resource::<StoryState>();
    assert_eq!(after.flags, story.flags);
    assert_eq!(after.balance, story.balance);
    assert_eq!(after.trust, story.trust);
}

#[test]
fn skipping_the_battle_plays_the_dream_to_its_end() {
    let mut app = into_the_dream(0, DreamBattle::Skip);
    run_until(&mut app, "the end of the dream", |app| {
        if activity(app) == Some(Activity::Talking) {
            finish_conversation(app, |_| 0);
        }
        act(app) == Act::Resolution
    });
    // Every zone's scene played (and the end of the dream, or the story
    // would not be in the Resolution).
    let state = app.world().resource::<StoryState>();
    for flag in [
        "dream_waiting_seen",
        "dream_garden_seen",
        "dream_mirrors_seen",
        "dream_core_reached",
    ] {
        assert!(state.flags.contains(flag), "{flag} was not set");
    }
    assert!(battle(&app).won);
}

#[test]
fn the_dream_ends_with_mira_back_where_she_lay_down() {
    let mut app = into_the_dream(0, DreamBattle::Skip);
    let start = complex(&app).start().unwrap().iid.clone();
    run_until(&mut app, "the end of the dream", |app| {
        if activity(app) == Some(Activity::Talking) {
            finish_conversation(app, |_| 0);
        }
        act(app) == Act::Resolution
    });
    run_until(&mut app, "waking up", |app| {
        app.world().resource::<CurrentRoom>().0 == start
    });
    let mut q = app.world_mut().query_filtered::<&Walker, With<Companion>>();
    app.update();
    assert_eq!(q.iter(app.world()).count(), 0, "Leo's dream self is gone");
}

#[test]
fn pulses_alone_do_not_break_the_core_leo_needs_reassuring() {
    // A player who only walks and pulses calms every zone, but the core's
    // shield falls to Leo's own light, which only a reassured Leo finds.
    let mut app = into_the_dream(-3, DreamBattle::Standard);
    let (won, lowest) = play(&mut app, false, 4_000);
    assert_eq!(won, None, "won without reassuring Leo");
    let b = battle(&app);
    println!(
        "only pulses: Leo's calm fell to {lowest:.0} at the lowest, the dream dissolved {} times",
        b.retries
    );
    assert_eq!(
        b.cleared,
        3,
        "every zone before the core was calmed: {}",
        standing(&app)
    );
    assert_eq!(b.core.map(|(_, p)| p), Some(CorePhase::Shield));
}
