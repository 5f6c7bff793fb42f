//! Playing with the keys and the gamepad: pausing, the pause menu, walking
//! and talking with a gamepad, using what is in a room.

use super::*;

#[test]
fn escape_pauses_and_nothing_moves_until_resumed() {
    let mut app = headless_app();
    new_game(&mut app);
    tap(&mut app, KeyCode::Escape);
    app.update();
    assert_eq!(*app.world().resource::<State<Pause>>().get(), Pause::Paused);
    let before = player(&mut app).unwrap().feet;
    hold(&mut app, KeyCode::KeyW, 30);
    assert_eq!(player(&mut app).unwrap().feet, before, "moved while paused");
    tap(&mut app, KeyCode::Escape);
    app.update();
    assert_eq!(
        *app.world().resource::<State<Pause>>().get(),
        Pause::Running
    );
    hold(&mut app, KeyCode::KeyW, 30);
    assert!(
        player(&mut app).unwrap().feet.y > before.y,
        "does not walk after resuming"
    );
}

#[test]
fn a_gamepad_walks_with_the_stick_and_talks_with_south() {
    use bevy::input::gamepad::{
        GamepadConnection, GamepadConnectionEvent, RawGamepadAxisChangedEvent,
        RawGamepadButtonChangedEvent, RawGamepadEvent,
    };
    let stick = |pad, x| {
        RawGamepadEvent::Axis(RawGamepadAxisChangedEvent::new(
            pad,
            GamepadAxis::LeftStickX,
            x,
        ))
    };
    let south = |pad, v| {
        RawGamepadEvent::Button(RawGamepadButtonChangedEvent::new(
            pad,
            GamepadButton::South,
            v,
        ))
    };
    let mut app = headless_app();
    new_game(&mut app);
    let pad = app.world_mut().spawn_empty().id();
    let connected = GamepadConnection::Connected {
        name: "Test pad".into(),
        vendor_id: None,
        product_id: None,
    };
    app.world_mut()
        .write_message(GamepadConnectionEvent::new(pad, connected));
    app.update();
    let plaza = complex(&app).room_named("Plaza").unwrap().clone();
    let start = Vec2::new(13.0 * 16.0, plaza.size.y - 10.0 * 16.0);
    set_player(&mut app, start);
    app.world_mut().write_message(stick(pad, 1.0));
    for _ in 0..30 {
        app.update();
    }
    app.world_mut().write_message(stick(pad, 0.0));
    app.update();
    let walked = player(&mut app).unwrap().feet.x - start.x;
    assert!(
        walked > WALK_SPEED * 0.4,
        "the stick walked Mira only {walked} px in half a second"
    );

    // Up to Theo, and South to talk.
    let theo = plaza
        .characters
        .iter()
        .find(|(c, _)| *c == Character::Theo)
        .unwrap()
        .1
        .feet;
    set_player(&mut app, theo + Vec2::new(-16.0, 0.0));
    app.update();
    app.world_mut().write_message(south(pad, 1.0));
    app.update();
    app.world_mut().write_message(south(pad, 0.0));
    run_until(&mut app, "the conversation", |app| {
        *app.world().resource::<State<Activity>>().get() == Activity::Talking
    });
    assert_eq!(
        app.world().resource::<Conversation>().who,
        Some(Character::Theo)
    );
    assert_eq!(
        *app.world().resource::<biodental::input::LastDevice>(),
        biodental::input::LastDevice::Gamepad,
        "prompts now name the gamepad's buttons"
    );
}

#[test]
fn quit_to_title_from_the_pause_menu_and_start_again_cleanly() {
    let mut app = headless_app();
    new_game(&mut app);
    quit_by_the_pause_menu(&mut app);
    let mut worlds = app.world_mut().query::<&LevelIid>();
    assert_eq!(worlds.iter(app.world()).count(), 0, "the complex is gone");
    assert!(player(&mut app).is_none(), "Mira is gone");
    for _ in 0..3 {
        app.update();
    }
    tap(&mut app, KeyCode::Enter);
    run_until(&mut app, "a second game", |app| {
        room_spawned(app) && player(app).is_some()
    });
    let mut people = app.world_mut().query::<&Character>();
    let hallorans = people
        .iter(app.world())
        .filter(|c| **c == Character::Halloran)
        .count();
    assert_eq!(hallorans, 1, "one Halloran in the plaza, not two");
    assert_eq!(
        *app.world().resource::<State<Pause>>().get(),
        Pause::Running
    );
}

#[test]
fn at_the_office_desk_the_prompt_offers_it_and_the_talk_key_uses_it() {
    let mut app = headless_app();
    listen::<StoryTrigger>(&mut app);
    new_game(&mut app);
    let office = complex(&app).room_named("Office").unwrap().clone();
    let desk = office
        .triggers
        .iter()
        .find(|t| t.event == "office_desk")
        .expect("the desk area")
        .clone();
    assert_eq!(desk.prompt.as_deref(), Some("Look over the figures"));
    app.world_mut()
        .insert_resource(biodental::model::room::CurrentRoom(office.iid.clone()));
    app.world_mut()
        .insert_resource(LevelSelection::iid(office.iid.clone()));
    run_until(&mut app, "the office", room_spawned);
    // A free spot inside the desk's area.
    let spot = (0..64)
        .flat_map(|i| (0..64).map(move |j| (i, j)))
        .map(|(i, j)| desk.rect.min + Vec2::new(i as f32 * 2.0, j as f32 * 2.0))
        .find(|p| {
            desk.rect.contains(*p)
                && desk.rect.contains(*p + Vec2::new(0.0, 6.0))
                && biodental::model::room::collision::standable(&office, *p)
        })
        .expect("somewhere to stand at the desk");
    set_player(&mut app, spot);
    for _ in 0..5 {
        app.update();
    }
    // In the first act the story has no use for the desk: no prompt, and the key does nothing.
    assert!(!screen_text(&mut app).contains("Look over the figures"));
    tap(&mut app, KeyCode::KeyE);
    assert!(
        heard::<StoryTrigger>(&app)
            .iter()
            .all(|t| t.event != "office_desk")
    );
    // In the Doubts, it is where Mira looks over the figures.
    app.world_mut().resource_mut::<StoryState>().act = Act::Doubts;
    for _ in 0..5 {
        app.update();
    }
    assert!(
        screen_text(&mut app).contains("Look over the figures"),
        "the prompt names what Mira can do here"
    );
    tap(&mut app, KeyCode::KeyE);
    let used: Vec<StoryTrigger> = heard::<StoryTrigger>(&app)
        .into_iter()
        .filter(|t| t.event == "office_desk")
        .collect();
    assert_eq!(
        used,
        vec![StoryTrigger {
            event: "office_desk".into(),
            used: true
        }]
    );
    run_until(&mut app, "Mira's reflection", |app| {
        app.world()
            .get_resource::<biodental::model::Conversation>()
            .is_some_and(|c| c.start.as_deref() == Some("mira.doubts.desk"))
    });
}

/// As a player who quit and comes back: Continue on the title menu, then
/// the pause menu by keys. A new menu starts on its first button whatever
/// the last one had focused, so four steps down from Resume are Quit to
/// title (the browser test plays the same keys).
#[test]
fn after_continue_the_pause_menu_starts_on_resume() {
    let mut app = headless_app();
    new_game(&mut app);
    quit_by_the_pause_menu(&mut app);
    for _ in 0..3 {
        app.update();
    }
    // New game, Continue: the autosave that quitting wrote.
    tap(&mut app, KeyCode::ArrowDown);
    tap(&mut app, KeyCode::Enter);
    run_until(&mut app, "the game continued", |app| {
        screen(app) == Screen::Gameplay && activity(app) == Some(Activity::Exploring)
    });
    quit_by_the_pause_menu(&mut app);
}

/// Esc, then the pause menu's Resume, Save, Load, Settings, Quit to title:
/// four steps down from the first button, and confirm; back on the title.
fn quit_by_the_pause_menu(app: &mut App) {
    tap(app, KeyCode::Escape);
    app.update();
    assert_eq!(*app.world().resource::<State<Pause>>().get(), Pause::Paused);
    for _ in 0..4 {
        tap(app, KeyCode::ArrowDown);
    }
    tap(app, KeyCode::Enter);
    run_until(app, "the title screen", |app| screen(app) == Screen::Title);
}
