//! Key and gamepad bindings: the defaults are the game's keys, a rebound
//! key drives its action (and the old one no longer does), conflicts swap,
//! the bindings survive a trip through RON, and the Controls page in the
//! settings rebinds by keyboard and by gamepad.

mod common;

use bevy::input::ButtonState;
use bevy::input::gamepad::{RawGamepadButtonChangedEvent, RawGamepadEvent};
use bevy::prelude::*;
use biodental::input::{Action, Bindings, Controls, Rebound};
use common::*;

/// The controls of the frame in which `code` is pressed (released after).
fn controls_with_key(app: &mut App, code: KeyCode) -> Controls {
    key(app, code, ButtonState::Pressed);
    app.update();
    let c = app.world().resource::<Controls>().clone();
    key(app, code, ButtonState::Released);
    app.update();
    c
}

/// The controls of the frame in which `button` is pressed (released after).
fn controls_with_button(app: &mut App, pad: Entity, button: GamepadButton) -> Controls {
    let mut seen = Controls::default();
    for v in [1.0, 0.0] {
        app.world_mut()
            .write_message(RawGamepadEvent::Button(RawGamepadButtonChangedEvent::new(
                pad, button, v,
            )));
        app.update();
        if v > 0.0 {
            seen = app.world().resource::<Controls>().clone();
        }
    }
    seen
}

fn bindings(app: &mut App) -> Mut<'_, Bindings> {
    app.world_mut().resource_mut::<Bindings>()
}

#[test]
fn the_default_bindings_are_the_keys_and_buttons_the_game_always_had() {
    use GamepadButton as B;
    use KeyCode as K;
    let b = Bindings::default();
    assert_eq!(b.up.keys, [K::KeyW, K::ArrowUp]);
    assert_eq!(b.down.keys, [K::KeyS, K::ArrowDown]);
    assert_eq!(b.left.keys, [K::KeyA, K::ArrowLeft]);
    assert_eq!(b.right.keys, [K::KeyD, K::ArrowRight]);
    assert_eq!(
        b.interact.keys,
        [K::KeyE, K::Space, K::Enter, K::NumpadEnter]
    );
    assert_eq!(b.interact.buttons, [B::South]);
    assert_eq!(
        (b.pause.keys.as_slice(), b.pause.buttons.as_slice()),
        (&[K::Escape][..], &[B::Start][..])
    );
    assert_eq!(
        (b.log.keys.as_slice(), b.log.buttons.as_slice()),
        (&[K::KeyL][..], &[B::North][..])
    );
    assert_eq!(
        (b.reassure.keys.as_slice(), b.reassure.buttons.as_slice()),
        (&[K::KeyR][..], &[B::West][..])
    );
    assert_eq!(
        (b.breathe.keys.as_slice(), b.breathe.buttons.as_slice()),
        (&[K::KeyB][..], &[B::LeftTrigger2][..])
    );
    assert_eq!(
        (b.pulse.keys.as_slice(), b.pulse.buttons.as_slice()),
        (&[K::KeyQ][..], &[B::RightTrigger2][..])
    );

    // And they drive the controls as before.
    let mut app = headless_app();
    let c = controls_with_key(&mut app, K::KeyE);
    assert!(c.interact, "E talks");
    assert!(
        controls_with_key(&mut app, K::Enter).interact,
        "Enter confirms"
    );
    let c = controls_with_key(&mut app, K::Escape);
    assert!(c.pause && c.back, "Esc pauses and backs out");
    assert!(controls_with_key(&mut app, K::Backspace).back);
    assert!(controls_with_key(&mut app, K::KeyL).log);
    assert!(controls_with_key(&mut app, K::KeyR).reassure);
    assert!(controls_with_key(&mut app, K::KeyB).breathe);
    assert!(controls_with_key(&mut app, K::KeyQ).pulse);
    assert_eq!(controls_with_key(&mut app, K::Digit3).pick, Some(2));
    let c = controls_with_key(&mut app, K::KeyW);
    assert_eq!((c.movement, c.menu_step), (Vec2::Y, -1), "W walks up");
    assert_eq!(controls_with_key(&mut app, K::ArrowLeft).movement, -Vec2::X);

    let pad = connect_pad(&mut app);
    assert!(controls_with_button(&mut app, pad, B::South).interact);
    let c = controls_with_button(&mut app, pad, B::Start);
    assert!(c.pause && c.back, "Start pauses and backs out");
    assert!(controls_with_button(&mut app, pad, B::East).back);
    assert!(controls_with_button(&mut app, pad, B::North).log);
    assert!(controls_with_button(&mut app, pad, B::West).reassure);
    assert!(controls_with_button(&mut app, pad, B::LeftTrigger2).breathe);
    assert!(controls_with_button(&mut app, pad, B::RightTrigger2).pulse);
    assert_eq!(
        controls_with_button(&mut app, pad, B::DPadDown).menu_step,
        1
    );
}

#[test]
fn a_rebound_key_drives_its_action_and_the_old_key_no_longer_does() {
    let mut app = headless_app();
    // The settings (bindings among them) are read in the first frame.
    app.update();
    assert_eq!(
        bindings(&mut app).assign_key(Action::Pulse, KeyCode::KeyF),
        Rebound::Done
    );
    assert!(
        controls_with_key(&mut app, KeyCode::KeyF).pulse,
        "F pulses now"
    );
    assert_eq!(
        controls_with_key(&mut app, KeyCode::KeyQ),
        Controls::default(),
        "Q does nothing any more"
    );

    // Walking: I instead of W, the arrow key still beside it.
    bindings(&mut app).assign_key(Action::Up, KeyCode::KeyI);
    assert_eq!(controls_with_key(&mut app, KeyCode::KeyI).movement, Vec2::Y);
    assert_eq!(
        controls_with_key(&mut app, KeyCode::ArrowUp).movement,
        Vec2::Y
    );
    assert_eq!(
        controls_with_key(&mut app, KeyCode::KeyW).movement,
        Vec2::ZERO
    );

    // A gamepad button.
    let pad = connect_pad(&mut app);
    assert_eq!(
        bindings(&mut app).assign_button(Action::Log, GamepadButton::RightTrigger),
        Rebound::Done
    );
    assert!(controls_with_button(&mut app, pad, GamepadButton::RightTrigger).log);
    assert!(!controls_with_button(&mut app, pad, GamepadButton::North).log);
}

#[test]
fn a_key_another_action_had_is_swapped_with_the_old_one() {
    let mut app = headless_app();
    // The settings (bindings among them) are read in the first frame.
    app.update();
    assert_eq!(
        bindings(&mut app).assign_key(Action::Reassure, KeyCode::KeyQ),
        Rebound::Swapped(Action::Pulse)
    );
    let b = app.world().resource::<Bindings>().clone();
    assert_eq!(b.reassure.keys, [KeyCode::KeyQ]);
    assert_eq!(
        b.pulse.keys,
        [KeyCode::KeyR],
        "Pulse took Reassure's old key"
    );
    let c = controls_with_key(&mut app, KeyCode::KeyQ);
    assert!(c.reassure && !c.pulse);
    let c = controls_with_key(&mut app, KeyCode::KeyR);
    assert!(c.pulse && !c.reassure);

    // Gamepad buttons swap the same way.
    assert_eq!(
        bindings(&mut app).assign_button(Action::Log, GamepadButton::South),
        Rebound::Swapped(Action::Interact)
    );
    let b = app.world().resource::<Bindings>().clone();
    assert_eq!(b.log.buttons, [GamepadButton::South]);
    assert_eq!(b.interact.buttons, [GamepadButton::North]);

    // No key ever drives two actions.
    for key in b.interact.keys.iter().chain(&b.pulse.keys) {
        let owners = Action::ALL
            .iter()
            .filter(|a| b.get(**a).keys.contains(key))
            .count();
        assert_eq!(owners, 1, "{key:?} belongs to one action");
    }
}

#[test]
fn reserved_keys_and_buttons_are_refused() {
    let mut b = Bindings::default();
    assert_eq!(b.assign_key(Action::Log, KeyCode::Digit1), Rebound::Refused);
    assert_eq!(
        b.assign_key(Action::Log, KeyCode::Backspace),
        Rebound::Refused
    );
    assert_eq!(
        b.assign_button(Action::Up, GamepadButton::South),
        Rebound::Refused,
        "walking takes keys only"
    );
    assert_eq!(
        b.assign_button(Action::Pulse, GamepadButton::DPadLeft),
        Rebound::Refused
    );
    assert_eq!(b.assign_key(Action::Log, KeyCode::KeyL), Rebound::Unchanged);
    assert_eq!(b, Bindings::default());
}

#[test]
fn bindings_round_trip_through_ron() {
    let mut b = Bindings::default();
    b.assign_key(Action::Reassure, KeyCode::KeyQ);
    b.assign_key(Action::Interact, KeyCode::NumpadEnter);
    b.assign_button(Action::Breathe, GamepadButton::LeftTrigger);
    let text = ron::to_string(&b).unwrap();
    assert!(
        text.contains("KeyQ") && text.contains("LeftTrigger"),
        "keys and buttons are saved by name: {text}"
    );
    assert!(
        text.contains("keys:[KeyQ]"),
        "as Bevy's own names, unquoted: {text}"
    );
    let back: Bindings = ron::from_str(&text).unwrap();
    assert_eq!(back, b);
    // JSON too (for the browser's storage), where names are strings.
    let json = serde_json::to_string(&b).unwrap();
    assert!(json.contains("\"KeyQ\""), "{json}");
    assert_eq!(serde_json::from_str::<Bindings>(&json).unwrap(), b);

    let text = ron::to_string(&Bindings::default()).unwrap();
    assert_eq!(
        ron::from_str::<Bindings>(&text).unwrap(),
        Bindings::default()
    );

    // An action missing from saved bindings keeps its default.
    let partial: Bindings = ron::from_str("(pulse: (keys: [KeyF], buttons: [C]))").unwrap();
    assert_eq!(partial.pulse.keys, [KeyCode::KeyF]);
    assert_eq!(partial.pulse.buttons, [GamepadButton::C]);
    assert_eq!(partial.log, Bindings::default().log);

    // A key that does not exist is named.
    let err = ron::from_str::<Bindings>("(log: (keys: [KeyLL]))").unwrap_err();
    assert!(err.to_string().contains("KeyLL"), "{err}");
}

/// A new game's title menu, and its Settings page opened with the keys.
fn settings_from_the_title() -> App {
    let mut app = headless_app();
    to_title(&mut app);
    // Title: New game, (Continue disabled), Load, Settings.
    app.update();
    tap(&mut app, KeyCode::KeyS);
    tap(&mut app, KeyCode::KeyS);
    tap(&mut app, KeyCode::KeyE);
    let text = screen_text(&mut app);
    assert!(text.contains("Text speed"), "on Settings:\n{text}");
    app.update();
    app
}

#[test]
fn the_controls_page_rebinds_by_keyboard_and_gamepad() {
    let mut app = settings_from_the_title();
    // Settings: Fullscreen, Text speed, Text size, Reduced flashing,
    // Nanobot colours, Dream battle, Sound, Controls.
    for _ in 0..7 {
        tap(&mut app, KeyCode::KeyS);
    }
    tap(&mut app, KeyCode::KeyE);
    app.update();
    let text = screen_text(&mut app);
    assert!(
        text.contains("Breathe together") && text.contains("E / Space / Enter / Num Enter"),
        "the Controls page lists actions and keys:\n{text}"
    );
    // Rows: Interact, Pause, Log, Reassure, Breathe, Pulse: Pulse is the sixth.
    for _ in 0..5 {
        tap(&mut app, KeyCode::KeyS);
    }
    tap(&mut app, KeyCode::KeyE);
    assert!(
        screen_text(&mut app).contains("Press a key or button for Pulse"),
        "the page waits for a key"
    );
    // Esc cancels without leaving the page or changing anything.
    tap(&mut app, KeyCode::Escape);
    assert_eq!(*app.world().resource::<Bindings>(), Bindings::default());
    assert!(screen_text(&mut app).contains("Pulse: unchanged"));

    // Again, and R: Reassure had it, and takes Q.
    tap(&mut app, KeyCode::KeyE);
    tap(&mut app, KeyCode::KeyR);
    let b = app.world().resource::<Bindings>().clone();
    assert_eq!(
        (b.pulse.keys[0], b.reassure.keys[0]),
        (KeyCode::KeyR, KeyCode::KeyQ)
    );
    let text = screen_text(&mut app);
    assert!(
        text.contains("Pulse: now R. Reassure Leo had it, and takes Q"),
        "the swap is shown:\n{text}"
    );

    // The gamepad: on the same row, RB.
    let pad = connect_pad(&mut app);
    controls_with_button(&mut app, pad, GamepadButton::South);
    controls_with_button(&mut app, pad, GamepadButton::RightTrigger);
    assert_eq!(
        app.world().resource::<Bindings>().pulse.buttons,
        [GamepadButton::RightTrigger]
    );

    // Reset to defaults: after the ten rows.
    for _ in 0..5 {
        controls_with_button(&mut app, pad, GamepadButton::DPadDown);
    }
    controls_with_button(&mut app, pad, GamepadButton::South);
    assert_eq!(*app.world().resource::<Bindings>(), Bindings::default());

    // Esc goes back to Settings, then to the title menu.
    tap(&mut app, KeyCode::Escape);
    let text = screen_text(&mut app);
    assert!(text.contains("Text speed") && !text.contains("Breathe together"));
    tap(&mut app, KeyCode::Escape);
    assert!(screen_text(&mut app).contains("New game"));
}

#[test]
fn prompts_name_the_current_binding() {
    let mut app = headless_app();
    to_title(&mut app);
    assert!(
        screen_text(&mut app).contains("Talk: E / Space / A"),
        "the title names the default keys"
    );
    bindings(&mut app).assign_key(Action::Interact, KeyCode::KeyF);
    bindings(&mut app).assign_key(Action::Log, KeyCode::KeyK);
    app.update();
    let text = screen_text(&mut app);
    assert!(
        text.contains("Talk: F / Space / A") && text.contains("Log: K / Y"),
        "the title follows the bindings:\n{text}"
    );
    let device = *app.world().resource::<biodental::input::LastDevice>();
    let b = app.world().resource::<Bindings>().clone();
    assert_eq!(device.interact_label(&b), "[F]");
}

#[test]
fn left_and_right_move_along_the_sound_pages_rows_up_and_down_between_them() {
    use biodental::audio::Volumes;
    let mut app = settings_from_the_title();
    // Settings: Fullscreen, Text speed, Text size, Reduced flashing,
    // Nanobot colours, Dream battle, Sound.
    for _ in 0..6 {
        tap(&mut app, KeyCode::KeyS);
    }
    tap(&mut app, KeyCode::KeyE);
    app.update();
    assert!(screen_text(&mut app).contains("All sound: 100%"));
    let volumes = |app: &App| *app.world().resource::<Volumes>();
    let before = volumes(&app);

    // The first row's "-" has the focus. Down keeps the column: Music's
    // "-"; right moves along the row to its "+".
    tap(&mut app, KeyCode::KeyS);
    tap(&mut app, KeyCode::KeyD);
    tap(&mut app, KeyCode::KeyE);
    assert!(volumes(&app).music > before.music, "Music turned up");
    tap(&mut app, KeyCode::ArrowLeft);
    tap(&mut app, KeyCode::KeyE);
    tap(&mut app, KeyCode::KeyE);
    assert!(volumes(&app).music < before.music, "left, then down twice");
    // Right on the last button of a row stays there.
    tap(&mut app, KeyCode::KeyD);
    tap(&mut app, KeyCode::ArrowRight);
    tap(&mut app, KeyCode::KeyE);
    assert!((volumes(&app).music - before.music).abs() < 1e-4);
    assert_eq!(volumes(&app).master, before.master);

    // A gamepad's d-pad does the same, and down from a "+" lands on a "+".
    let pad = connect_pad(&mut app);
    controls_with_button(&mut app, pad, GamepadButton::DPadDown);
    controls_with_button(&mut app, pad, GamepadButton::South);
    assert!(volumes(&app).sfx > before.sfx, "Effects turned up");
    controls_with_button(&mut app, pad, GamepadButton::DPadLeft);
    controls_with_button(&mut app, pad, GamepadButton::South);
    assert!((volumes(&app).sfx - before.sfx).abs() < 1e-4, "and down");

    // Back is alone in its line: left and right leave it focused.
    for _ in 0..3 {
        tap(&mut app, KeyCode::KeyS);
    }
    tap(&mut app, KeyCode::KeyA);
    tap(&mut app, KeyCode::KeyD);
    tap(&mut app, KeyCode::KeyE);
    assert!(
        screen_text(&mut app).contains("Text speed"),
        "Back returns to Settings"
    );
}
