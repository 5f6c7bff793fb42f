//! Keyboard and gamepad turned into the game's controls, once a frame.
//! Everything else reads [`Controls`], never raw keys, so that every action
//! works the same with WASD, arrow keys and a gamepad.

use bevy::prelude::*;

use crate::AppSystems;

/// Stick values under this are noise from a resting thumb.
const STICK_DEAD_ZONE: f32 = 0.25;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Controls>();
    app.init_resource::<LastDevice>();
    app.add_systems(PreUpdate, record_controls.in_set(AppSystems::RecordInput));
}

/// This frame's controls.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct Controls {
    /// Walking direction, length at most 1.
    pub movement: Vec2,
    /// Talk, advance dialogue, confirm (E, Space, Enter, gamepad South).
    pub interact: bool,
    /// Open or close the pause menu (Esc, gamepad Start).
    pub pause: bool,
    /// Back out of a menu (Esc, Backspace, gamepad East).
    pub back: bool,
    /// Menu navigation: -1 up, +1 down, on the frame it is pressed.
    pub menu_step: i32,
    /// A dialogue choice picked by number (keys 1 to 4), counted from 0.
    pub pick: Option<usize>,
    /// Open or close the log of what was said (L, gamepad North).
    pub log: bool,
    /// In the dream: reassure Leo (R, gamepad West), on the frame it is pressed.
    pub reassure: bool,
    /// In the dream: breathe together with Leo, while held (B, gamepad left trigger).
    pub breathe: bool,
    /// In the dream: a recalibration pulse (Q, gamepad right trigger), on the frame it is pressed.
    pub pulse: bool,
}

/// What the player last touched, so prompts name the right button.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum LastDevice {
    #[default]
    Keyboard,
    Gamepad,
}

impl LastDevice {
    /// The button that opens the log.
    pub fn log_label(self) -> &'static str {
        match self {
            LastDevice::Keyboard => "[L]",
            LastDevice::Gamepad => "(Y)",
        }
    }

    /// The button that talks, advances and confirms.
    pub fn interact_label(self) -> &'static str {
        match self {
            LastDevice::Keyboard => "[E]",
            LastDevice::Gamepad => "(A)",
        }
    }
}

fn record_controls(
    keys: Option<Res<ButtonInput<KeyCode>>>,
    gamepads: Query<&Gamepad>,
    mut controls: ResMut<Controls>,
    mut device: ResMut<LastDevice>,
    mut last_stick_step: Local<i32>,
) {
    if keys
        .as_ref()
        .is_some_and(|k| k.get_just_pressed().next().is_some())
    {
        device.set_if_neq(LastDevice::Keyboard);
    }
    let pad_used = gamepads.iter().any(|pad| {
        pad.get_just_pressed().next().is_some() || pad.left_stick().length() > STICK_DEAD_ZONE
    });
    if pad_used {
        device.set_if_neq(LastDevice::Gamepad);
    }
    let mut c = Controls::default();
    if let Some(keys) = keys {
        let axis = |neg: [KeyCode; 2], pos: [KeyCode; 2]| {
            keys.any_pressed(pos) as i32 as f32 - keys.any_pressed(neg) as i32 as f32
        };
        c.movement = Vec2::new(
            axis(
                [KeyCode::KeyA, KeyCode::ArrowLeft],
                [KeyCode::KeyD, KeyCode::ArrowRight],
            ),
            axis(
                [KeyCode::KeyS, KeyCode::ArrowDown],
                [KeyCode::KeyW, KeyCode::ArrowUp],
            ),
        );
        c.interact = keys.any_just_pressed([
            KeyCode::KeyE,
            KeyCode::Space,
            KeyCode::Enter,
            KeyCode::NumpadEnter,
        ]);
        c.pause = keys.just_pressed(KeyCode::Escape);
        c.log = keys.just_pressed(KeyCode::KeyL);
        c.pick = [
            [KeyCode::Digit1, KeyCode::Numpad1],
            [KeyCode::Digit2, KeyCode::Numpad2],
            [KeyCode::Digit3, KeyCode::Numpad3],
            [KeyCode::Digit4, KeyCode::Numpad4],
        ]
        .iter()
        .position(|k| keys.any_just_pressed(*k));
        c.back = keys.any_just_pressed([KeyCode::Escape, KeyCode::Backspace]);
        c.reassure = keys.just_pressed(KeyCode::KeyR);
        c.breathe = keys.pressed(KeyCode::KeyB);
        c.pulse = keys.just_pressed(KeyCode::KeyQ);
        if keys.any_just_pressed([KeyCode::ArrowUp, KeyCode::KeyW]) {
            c.menu_step = -1;
        } else if keys.any_just_pressed([KeyCode::ArrowDown, KeyCode::KeyS]) {
            c.menu_step = 1;
        }
    }
    let mut stick_step = 0;
    for pad in &gamepads {
        let stick = pad.left_stick() + pad.dpad();
        if stick.length() > STICK_DEAD_ZONE {
            c.movement += stick;
        }
        c.interact |= pad.just_pressed(GamepadButton::South);
        c.pause |= pad.just_pressed(GamepadButton::Start);
        c.log |= pad.just_pressed(GamepadButton::North);
        c.reassure |= pad.just_pressed(GamepadButton::West);
        c.breathe |= pad.pressed(GamepadButton::LeftTrigger2);
        c.pulse |= pad.just_pressed(GamepadButton::RightTrigger2);
        c.back |= pad.just_pressed(GamepadButton::East) || pad.just_pressed(GamepadButton::Start);
        if pad.just_pressed(GamepadButton::DPadUp) {
            c.menu_step = -1;
        } else if pad.just_pressed(GamepadButton::DPadDown) {
            c.menu_step = 1;
        }
        // The stick steps through menus once per push, not every frame.
        let y = pad.left_stick().y;
        if y > 0.6 {
            stick_step = -1;
        } else if y < -0.6 {
            stick_step = 1;
        }
    }
    if stick_step != 0 && stick_step != *last_stick_step {
        c.menu_step = stick_step;
    }
    *last_stick_step = stick_step;
    // Diagonals are no faster than straight lines.
    c.movement = c.movement.clamp_length_max(1.0);
    if *controls != c {
        *controls = c;
    }
}
