//! The keys a scripted player presses, read from the player's bindings so
//! that it presses what a person would (the first key of each action).

use bevy::prelude::*;

use crate::input::{Action, Bindings};

/// The key for each action the scripted player uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyMap {
    pub up: KeyCode,
    pub down: KeyCode,
    pub left: KeyCode,
    pub right: KeyCode,
    pub interact: KeyCode,
    pub reassure: KeyCode,
    pub breathe: KeyCode,
    pub pulse: KeyCode,
}

impl KeyMap {
    /// The first key of every action in `bindings`; an action left without
    /// a key falls back to its default.
    pub(crate) fn from_bindings(bindings: &Bindings) -> KeyMap {
        let defaults = Bindings::default();
        let first = |a: Action| {
            bindings
                .get(a)
                .keys
                .first()
                .or(defaults.get(a).keys.first())
                .copied()
                .unwrap_or(KeyCode::Unidentified(
                    bevy::input::keyboard::NativeKeyCode::Unidentified,
                ))
        };
        KeyMap {
            up: first(Action::Up),
            down: first(Action::Down),
            left: first(Action::Left),
            right: first(Action::Right),
            interact: first(Action::Interact),
            reassure: first(Action::Reassure),
            breathe: first(Action::Breathe),
            pulse: first(Action::Pulse),
        }
    }

    /// The keys of the app's current bindings.
    pub fn of(app: &App) -> KeyMap {
        match app.world().get_resource::<Bindings>() {
            Some(b) => KeyMap::from_bindings(b),
            None => KeyMap::from_bindings(&Bindings::default()),
        }
    }

    /// The walking keys towards `d` (game space, y up), on each axis where
    /// it is further than `slack`.
    pub fn towards(&self, d: Vec2, slack: f32) -> Vec<KeyCode> {
        let mut keys = Vec::new();
        if d.x > slack {
            keys.push(self.right);
        } else if d.x < -slack {
            keys.push(self.left);
        }
        if d.y > slack {
            keys.push(self.up);
        } else if d.y < -slack {
            keys.push(self.down);
        }
        keys
    }
}
