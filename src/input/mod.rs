//! Keyboard and gamepad turned into the game's controls, once a frame,
//! through the player's [`Bindings`]. Everything else reads [`Controls`],
//! never raw keys, so that every action works the same with any key the
//! player chose and with a gamepad.

mod bindings;

use bevy::prelude::*;

pub use bindings::{
    Action, Binding, Bindings, RESERVED_BUTTONS, RESERVED_KEYS, Rebound, button_name, key_name,
};

use crate::core::AppSystems;
use biodental_story::Practice;

/// Stick values under this are noise from a resting thumb.
const STICK_DEAD_ZONE: f32 = 0.25;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Controls>();
    app.init_resource::<LastDevice>();
    app.init_resource::<Bindings>();
    app.init_resource::<AwaitingBinding>();
    app.add_systems(PreUpdate, record_controls.in_set(AppSystems::RecordInput));
}

/// This frame's controls, from the keys and buttons in [`Bindings`].
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct Controls {
    /// Walking direction, length at most 1.
    pub movement: Vec2,
    /// Talk, advance dialogue, confirm (E, Space, Enter, gamepad South).
    pub interact: bool,
    /// Open or close the pause menu (Esc, gamepad Start).
    pub pause: bool,
    /// Back out of a menu (Esc, Backspace, gamepad East, and the pause key
    /// and button).
    pub back: bool,
    /// Menu navigation: -1 up, +1 down, on the frame it is pressed.
    pub menu_step: i32,
    /// Menu navigation along a row of buttons: -1 left, +1 right, on the
    /// frame it is pressed.
    pub menu_side: i32,
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

impl Controls {
    /// Whether the player did `practice` (one of the dream's actions) this
    /// frame.
    pub fn did(&self, practice: Practice) -> bool {
        match practice {
            Practice::Reassure => self.reassure,
            Practice::Breathe => self.breathe,
            Practice::Pulse => self.pulse,
        }
    }
}

/// The action waiting for its new key or button on the Controls page.
/// While it waits, [`Controls`] stays empty, so that the key pressed
/// rebinds and does nothing else.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AwaitingBinding(pub Option<Action>);

/// What the player last touched, so prompts name the right button.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum LastDevice {
    #[default]
    Keyboard,
    Gamepad,
}

impl LastDevice {
    /// The key (`[E]`) or button (`(A)`) that does `action` now.
    pub(crate) fn label(self, bindings: &Bindings, action: Action) -> String {
        let binding = bindings.get(action);
        match self {
            LastDevice::Keyboard => match binding.keys.first() {
                Some(k) => format!("[{}]", key_name(*k)),
                None => "[unbound]".into(),
            },
            LastDevice::Gamepad => match binding.buttons.first() {
                Some(b) => format!("({})", button_name(*b)),
                None => "(unbound)".into(),
            },
        }
    }

    /// The button that opens the log.
    pub(crate) fn log_label(self, bindings: &Bindings) -> String {
        self.label(bindings, Action::Log)
    }

    /// The button that talks, advances and confirms.
    pub fn interact_label(self, bindings: &Bindings) -> String {
        self.label(bindings, Action::Interact)
    }
}

fn record_controls(
    keys: Option<Res<ButtonInput<KeyCode>>>,
    gamepads: Query<&Gamepad>,
    bindings: Res<Bindings>,
    awaiting: Res<AwaitingBinding>,
    mut controls: ResMut<Controls>,
    mut device: ResMut<LastDevice>,
    mut last_stick_step: Local<IVec2>,
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
    if awaiting.0.is_some() {
        controls.set_if_neq(c);
        return;
    }
    let b = &*bindings;
    if let Some(keys) = keys {
        let held = |a: Action| keys.any_pressed(b.get(a).keys.iter().copied());
        let tapped = |a: Action| keys.any_just_pressed(b.get(a).keys.iter().copied());
        let axis = |neg, pos| held(pos) as i32 as f32 - held(neg) as i32 as f32;
        c.movement = Vec2::new(
            axis(Action::Left, Action::Right),
            axis(Action::Down, Action::Up),
        );
        c.interact = tapped(Action::Interact);
        c.pause = tapped(Action::Pause);
        c.log = tapped(Action::Log);
        c.pick = [
            [KeyCode::Digit1, KeyCode::Numpad1],
            [KeyCode::Digit2, KeyCode::Numpad2],
            [KeyCode::Digit3, KeyCode::Numpad3],
            [KeyCode::Digit4, KeyCode::Numpad4],
        ]
        .iter()
        .position(|k| keys.any_just_pressed(*k));
        // Esc and Backspace back out of menus whatever the bindings.
        c.back = c.pause || keys.any_just_pressed([KeyCode::Escape, KeyCode::Backspace]);
        c.reassure = tapped(Action::Reassure);
        c.breathe = held(Action::Breathe);
        c.pulse = tapped(Action::Pulse);
        if tapped(Action::Up) {
            c.menu_step = -1;
        } else if tapped(Action::Down) {
            c.menu_step = 1;
        }
        if tapped(Action::Left) {
            c.menu_side = -1;
        } else if tapped(Action::Right) {
            c.menu_side = 1;
        }
    }
    let mut stick_step = IVec2::ZERO;
    for pad in &gamepads {
        let stick = pad.left_stick() + pad.dpad();
        if stick.length() > STICK_DEAD_ZONE {
            c.movement += stick;
        }
        let held = |a: Action| pad.any_pressed(b.get(a).buttons.iter().copied());
        let tapped = |a: Action| pad.any_just_pressed(b.get(a).buttons.iter().copied());
        c.interact |= tapped(Action::Interact);
        c.pause |= tapped(Action::Pause);
        c.log |= tapped(Action::Log);
        c.reassure |= tapped(Action::Reassure);
        c.breathe |= held(Action::Breathe);
        c.pulse |= tapped(Action::Pulse);
        c.back |= pad.just_pressed(GamepadButton::East) || tapped(Action::Pause);
        if pad.just_pressed(GamepadButton::DPadUp) {
            c.menu_step = -1;
        } else if pad.just_pressed(GamepadButton::DPadDown) {
            c.menu_step = 1;
        }
        if pad.just_pressed(GamepadButton::DPadLeft) {
            c.menu_side = -1;
        } else if pad.just_pressed(GamepadButton::DPadRight) {
            c.menu_side = 1;
        }
        // The stick steps through menus once per push, not every frame.
        let stick = pad.left_stick();
        let push = |v: f32| (v > 0.6) as i32 - (v < -0.6) as i32;
        stick_step = IVec2::new(push(stick.x), -push(stick.y));
    }
    if stick_step.y != 0 && stick_step.y != last_stick_step.y {
        c.menu_step = stick_step.y;
    }
    if stick_step.x != 0 && stick_step.x != last_stick_step.x {
        c.menu_side = stick_step.x;
    }
    *last_stick_step = stick_step;
    // Diagonals are no faster than straight lines.
    c.movement = c.movement.clamp_length_max(1.0);
    controls.set_if_neq(c);
}
