//! The keys a scripted player presses, read from the player's bindings so
//! that it presses what a person would (the first key of each action).

use bevy::prelude::*;

use super::Press;
use crate::input::{Action, Bindings};
use crate::model::Conversation;
use biodental_story::Practice;

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

    /// The key of one of the dream's actions, which a line may ask for.
    pub fn practice(&self, practice: Practice) -> KeyCode {
        match practice {
            Practice::Reassure => self.reassure,
            Practice::Breathe => self.breathe,
            Practice::Pulse => self.pulse,
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

/// The keys for the conversation on screen: the talk key finishes the line
/// and goes on (a line that asks for one of the dream's actions gets that
/// action's key); with choices on screen, up and down move to the one
/// `pick` wants (by its place among those offered) and the talk key takes it.
pub(crate) fn converse(app: &App, map: &KeyMap, pick: impl Fn(&Conversation) -> usize) -> Press {
    let Some(c) = app.world().get_resource::<Conversation>() else {
        return (Vec::new(), Vec::new());
    };
    let tap = |k| (Vec::new(), vec![k]);
    if !c.finished_typing() {
        tap(map.interact)
    } else if let Some(practice) = c.practise {
        tap(map.practice(practice))
    } else if !c.choices.is_empty() {
        let want = pick(c).min(c.choices.len() - 1);
        match c.cursor.cmp(&want) {
            std::cmp::Ordering::Less => tap(map.down),
            std::cmp::Ordering::Greater => tap(map.up),
            std::cmp::Ordering::Equal => tap(map.interact),
        }
    } else if c.waiting_for_choices() {
        (Vec::new(), Vec::new())
    } else {
        tap(map.interact)
    }
}
