//! Jasper's session: the dream's actions, practised in the VR room.

use bevy::prelude::*;

use biodental::core::Activity;
use biodental::model::{Conversation, TalkTo};
use biodental_story::{Act, Character, StoryState};

use super::act;
use super::common::*;

/// Reads the conversation on screen up to the next line that asks for one
/// of the dream's actions, taking the first choice on the way.
fn read_to_practice(app: &mut App) -> biodental_story::Practice {
    for _ in 0..600 {
        let c = app.world().resource::<Conversation>().clone();
        if !c.finished_typing() {
            tap(app, KeyCode::KeyE);
        } else if let Some(p) = c.practise {
            return p;
        } else if !c.choices.is_empty() {
            tap(app, KeyCode::Digit1);
        } else {
            tap(app, KeyCode::KeyE);
        }
    }
    panic!("no line asked for an action");
}

/// How far the VR room's nanobots are from `at` on average (px), and how
/// fast they fly (px/s).
fn spread_and_speed(app: &App, at: Vec2) -> (f32, f32) {
    let sim = &app.world().resource::<biodental::model::Swarms>().sim;
    let n = sim.pos.len().max(1) as f32;
    let spread = sim.pos.iter().map(|p| p.distance(at)).sum::<f32>() / n;
    let speed = sim.vel.iter().map(|v| v.length()).sum::<f32>() / n;
    (spread, speed)
}

fn run_frames(app: &mut App, frames: usize) {
    for _ in 0..frames {
        app.update();
    }
}

#[test]
fn in_jaspers_session_each_action_waits_for_its_key_and_the_garden_swarm_answers_it() {
    use biodental_story::Practice;
    let mut app = headless_app();
    new_game(&mut app);
    let vr = complex(&app).room_named("VrRoom").unwrap().clone();
    app.world_mut().resource_mut::<StoryState>().act = Act::Therapy;
    app.world_mut()
        .insert_resource(biodental::model::room::CurrentRoom(vr.iid.clone()));
    app.world_mut()
        .insert_resource(bevy_ecs_ldtk::prelude::LevelSelection::iid(vr.iid.clone()));
    run_until(&mut app, "the VR room's swarm", |app| {
        app.world()
            .resource::<biodental::model::Swarms>()
            .room
            .as_ref()
            == Some(&vr.iid)
    });
    let garden = vr.emitters[0].clone();
    let leo = vr
        .person(Character::Leo, Some(Act::Therapy))
        .expect("Leo sits on the VR mat in the Therapy")
        .feet;
    app.world_mut().write_message(TalkTo {
        with: Entity::PLACEHOLDER,
        who: Character::Leo,
    });
    run_until(&mut app, "the session", |app| {
        activity(app) == Some(Activity::Talking)
    });

    // Breathing: the talk key does nothing; the breathe key goes on, and the
    // swarm swells and falls back.
    assert_eq!(read_to_practice(&mut app), Practice::Breathe);
    let line = app.world().resource::<Conversation>().node.clone();
    assert!(screen_text(&mut app).contains("[B] breathe with Leo"));
    for _ in 0..5 {
        tap(&mut app, KeyCode::KeyE);
    }
    assert_eq!(app.world().resource::<Conversation>().node, line);
    tap(&mut app, KeyCode::KeyB);
    assert_ne!(app.world().resource::<Conversation>().node, line);
    let mut widest: f32 = 0.0;
    for _ in 0..300 {
        app.update();
        widest = widest.max(
            app.world()
                .resource::<biodental::model::Swarms>()
                .sim
                .flocks[0]
                .radius,
        );
    }
    assert!(
        widest > garden.radius * 1.5,
        "{widest} vs {}",
        garden.radius
    );
    let flock = &app
        .world()
        .resource::<biodental::model::Swarms>()
        .sim
        .flocks[0];
    assert_eq!((flock.home, flock.radius), (garden.centre, garden.radius));

    // A reassurance brings the swarm down to Leo.
    assert_eq!(read_to_practice(&mut app), Practice::Reassure);
    assert!(screen_text(&mut app).contains("[R] reassure Leo"));
    let (before, _) = spread_and_speed(&app, leo);
    tap(&mut app, KeyCode::KeyR);
    run_frames(&mut app, 120);
    let (near, _) = spread_and_speed(&app, leo);
    assert!(
        near < before * 0.6,
        "{near:.0} px from Leo, {before:.0} before"
    );

    // A pulse throws the nanobots out, and they come home.
    assert_eq!(read_to_practice(&mut app), Practice::Pulse);
    assert!(screen_text(&mut app).contains("[Q] send a calming pulse"));
    run_frames(&mut app, 240);
    let (calm, slow) = spread_and_speed(&app, garden.centre);
    tap(&mut app, KeyCode::KeyQ);
    let (_, thrown) = spread_and_speed(&app, garden.centre);
    assert!(thrown > slow * 1.5, "{thrown:.0} px/s, {slow:.0} before");
    let mut out: f32 = 0.0;
    for _ in 0..120 {
        app.update();
        out = out.max(spread_and_speed(&app, garden.centre).0);
    }
    assert!(
        out > calm * 1.6,
        "{out:.0} px from home at most, {calm:.0} before"
    );
    run_frames(&mut app, 360);
    let (home, _) = spread_and_speed(&app, garden.centre);
    assert!(
        home < calm * 1.25,
        "{home:.0} px from home, {calm:.0} before"
    );

    // The session over, Leo goes down to his appointment.
    finish_conversation(&mut app, |_| 0);
    run_until(&mut app, "the appointment", |app| {
        act(app) == Some(Act::Appointment)
    });
}
