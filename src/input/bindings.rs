//! Which keys and gamepad buttons drive which action: the player's
//! bindings, their defaults, their names on screen, and rebinding with
//! swaps so that no key ever does two things.

use bevy::prelude::*;
use bevy::reflect::enums::{DynamicEnum, DynamicVariant, Enum};
use biodental_story::Practice;
use serde::{Deserialize, Serialize};

/// The actions a player can rebind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    Up,
    Down,
    Left,
    Right,
    Interact,
    Pause,
    Log,
    Reassure,
    Breathe,
    Pulse,
}

impl From<Practice> for Action {
    /// The action a story line asks the player to practise.
    fn from(practice: Practice) -> Action {
        match practice {
            Practice::Reassure => Action::Reassure,
            Practice::Breathe => Action::Breathe,
            Practice::Pulse => Action::Pulse,
        }
    }
}

impl Action {
    /// Every action, in the order the Controls page lists them.
    pub const ALL: [Action; 10] = [
        Action::Interact,
        Action::Pause,
        Action::Log,
        Action::Reassure,
        Action::Breathe,
        Action::Pulse,
        Action::Up,
        Action::Down,
        Action::Left,
        Action::Right,
    ];

    /// What the action is called on the Controls page.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Action::Up => "Walk up",
            Action::Down => "Walk down",
            Action::Left => "Walk left",
            Action::Right => "Walk right",
            Action::Interact => "Talk / confirm",
            Action::Pause => "Pause",
            Action::Log => "Log",
            Action::Reassure => "Reassure Leo",
            Action::Breathe => "Breathe together",
            Action::Pulse => "Pulse",
        }
    }

    /// Walking directions take keys only: the stick and the d-pad always walk.
    pub(crate) fn takes_buttons(self) -> bool {
        !matches!(
            self,
            Action::Up | Action::Down | Action::Left | Action::Right
        )
    }
}

/// The keys and gamepad buttons of one action. The first of each is the
/// one prompts name and the one rebinding replaces; the others (Space and
/// Enter beside E, the arrow keys beside WASD) stay as alternatives.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Binding {
    #[serde(with = "variant_names")]
    pub keys: Vec<KeyCode>,
    #[serde(default, with = "variant_names")]
    pub buttons: Vec<GamepadButton>,
}

impl Binding {
    fn new(keys: &[KeyCode], buttons: &[GamepadButton]) -> Binding {
        Binding {
            keys: keys.to_vec(),
            buttons: buttons.to_vec(),
        }
    }
}

/// The player's key and gamepad bindings. Saved with the other settings:
/// it is plain serde (RON: `ron::to_string(&bindings)`,
/// `ron::from_str::<Bindings>(text)`); an action missing from saved
/// bindings keeps its default.
#[derive(Resource, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Bindings {
    pub up: Binding,
    pub down: Binding,
    pub left: Binding,
    pub right: Binding,
    pub interact: Binding,
    pub pause: Binding,
    pub log: Binding,
    pub reassure: Binding,
    pub breathe: Binding,
    pub pulse: Binding,
}

impl Default for Bindings {
    fn default() -> Self {
        use GamepadButton as B;
        use KeyCode as K;
        Bindings {
            up: Binding::new(&[K::KeyW, K::ArrowUp], &[]),
            down: Binding::new(&[K::KeyS, K::ArrowDown], &[]),
            left: Binding::new(&[K::KeyA, K::ArrowLeft], &[]),
            right: Binding::new(&[K::KeyD, K::ArrowRight], &[]),
            interact: Binding::new(&[K::KeyE, K::Space, K::Enter, K::NumpadEnter], &[B::South]),
            pause: Binding::new(&[K::Escape], &[B::Start]),
            log: Binding::new(&[K::KeyL], &[B::North]),
            reassure: Binding::new(&[K::KeyR], &[B::West]),
            breathe: Binding::new(&[K::KeyB], &[B::LeftTrigger2]),
            pulse: Binding::new(&[K::KeyQ], &[B::RightTrigger2]),
        }
    }
}

/// Keys that keep one meaning whatever the bindings: Esc cancels a
/// rebinding and backs out of menus, 1 to 4 pick dialogue choices.
pub const RESERVED_KEYS: [KeyCode; 10] = [
    KeyCode::Escape,
    KeyCode::Backspace,
    KeyCode::Digit1,
    KeyCode::Digit2,
    KeyCode::Digit3,
    KeyCode::Digit4,
    KeyCode::Numpad1,
    KeyCode::Numpad2,
    KeyCode::Numpad3,
    KeyCode::Numpad4,
];

/// Gamepad buttons that keep one meaning: the d-pad walks and steps
/// through menus, Select cancels a rebinding.
pub const RESERVED_BUTTONS: [GamepadButton; 5] = [
    GamepadButton::DPadUp,
    GamepadButton::DPadDown,
    GamepadButton::DPadLeft,
    GamepadButton::DPadRight,
    GamepadButton::Select,
];

/// What a rebinding changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rebound {
    /// Bound; nothing else used it.
    Done,
    /// Bound; `0` had it before and now has the action's old one instead.
    Swapped(Action),
    /// Already bound to this action: nothing changed.
    Unchanged,
    /// The key or button is reserved or has no name, or this action takes
    /// no buttons.
    Refused,
}

impl Bindings {
    pub fn get(&self, action: Action) -> &Binding {
        match action {
            Action::Up => &self.up,
            Action::Down => &self.down,
            Action::Left => &self.left,
            Action::Right => &self.right,
            Action::Interact => &self.interact,
            Action::Pause => &self.pause,
            Action::Log => &self.log,
            Action::Reassure => &self.reassure,
            Action::Breathe => &self.breathe,
            Action::Pulse => &self.pulse,
        }
    }

    pub fn get_mut(&mut self, action: Action) -> &mut Binding {
        match action {
            Action::Up => &mut self.up,
            Action::Down => &mut self.down,
            Action::Left => &mut self.left,
            Action::Right => &mut self.right,
            Action::Interact => &mut self.interact,
            Action::Pause => &mut self.pause,
            Action::Log => &mut self.log,
            Action::Reassure => &mut self.reassure,
            Action::Breathe => &mut self.breathe,
            Action::Pulse => &mut self.pulse,
        }
    }

    /// Makes `key` the first key of `action`. Another action that had it
    /// gets `action`'s old first key in its place (a swap).
    pub fn assign_key(&mut self, action: Action, key: KeyCode) -> Rebound {
        // A key the system cannot name could not be saved either.
        if RESERVED_KEYS.contains(&key) || matches!(key, KeyCode::Unidentified(_)) {
            return Rebound::Refused;
        }
        assign(self, action, key, |b| &mut b.keys)
    }

    /// Makes `button` the first gamepad button of `action`, swapping like
    /// [`Bindings::assign_key`].
    pub fn assign_button(&mut self, action: Action, button: GamepadButton) -> Rebound {
        if RESERVED_BUTTONS.contains(&button)
            || matches!(button, GamepadButton::Other(_))
            || !action.takes_buttons()
        {
            return Rebound::Refused;
        }
        assign(self, action, button, |b| &mut b.buttons)
    }
}

fn assign<T: Copy + PartialEq>(
    bindings: &mut Bindings,
    action: Action,
    input: T,
    list: impl Fn(&mut Binding) -> &mut Vec<T>,
) -> Rebound {
    let mine = list(bindings.get_mut(action));
    if mine.first() == Some(&input) {
        return Rebound::Unchanged;
    }
    let old = mine.first().copied();
    // Already one of this action's alternatives: it moves to the front.
    mine.retain(|i| *i != input);
    let had_it = Action::ALL
        .into_iter()
        .find(|a| *a != action && list(bindings.get_mut(*a)).contains(&input));
    let mine = list(bindings.get_mut(action));
    match mine.first_mut() {
        Some(first) => *first = input,
        None => mine.push(input),
    }
    let Some(other) = had_it else {
        return Rebound::Done;
    };
    let theirs = list(bindings.get_mut(other));
    match old {
        Some(old) if !theirs.contains(&old) => {
            for i in theirs.iter_mut().filter(|i| **i == input) {
                *i = old;
            }
        }
        _ => theirs.retain(|i| *i != input),
    }
    Rebound::Swapped(other)
}

/// A key's name on screen.
pub fn key_name(key: KeyCode) -> String {
    let name = key.variant_name();
    let short = match key {
        KeyCode::ArrowUp => "Up",
        KeyCode::ArrowDown => "Down",
        KeyCode::ArrowLeft => "Left",
        KeyCode::ArrowRight => "Right",
        KeyCode::NumpadEnter => "Num Enter",
        KeyCode::ShiftLeft => "L Shift",
        KeyCode::ShiftRight => "R Shift",
        KeyCode::ControlLeft => "L Ctrl",
        KeyCode::ControlRight => "R Ctrl",
        KeyCode::AltLeft => "L Alt",
        KeyCode::AltRight => "R Alt",
        KeyCode::SuperLeft => "L Super",
        KeyCode::SuperRight => "R Super",
        KeyCode::Escape => "Esc",
        KeyCode::Minus => "-",
        KeyCode::Equal => "=",
        KeyCode::Comma => ",",
        KeyCode::Period => ".",
        KeyCode::Slash => "/",
        KeyCode::Semicolon => ";",
        KeyCode::Quote => "'",
        KeyCode::BracketLeft => "[",
        KeyCode::BracketRight => "]",
        KeyCode::Backslash => "\\",
        KeyCode::Backquote => "`",
        _ => {
            let rest = ["Key", "Digit"]
                .iter()
                .find_map(|p| name.strip_prefix(p))
                .unwrap_or(name);
            return match rest.strip_prefix("Numpad") {
                Some(n) => format!("Num {n}"),
                None => rest.to_string(),
            };
        }
    };
    short.to_string()
}

/// A gamepad button's name on screen, as on an Xbox-style pad.
pub fn button_name(button: GamepadButton) -> String {
    let name = match button {
        GamepadButton::South => "A",
        GamepadButton::East => "B",
        GamepadButton::West => "X",
        GamepadButton::North => "Y",
        GamepadButton::LeftTrigger => "LB",
        GamepadButton::RightTrigger => "RB",
        GamepadButton::LeftTrigger2 => "LT",
        GamepadButton::RightTrigger2 => "RT",
        GamepadButton::LeftThumb => "L3",
        GamepadButton::RightThumb => "R3",
        GamepadButton::Mode => "Home",
        GamepadButton::DPadUp => "D-pad up",
        GamepadButton::DPadDown => "D-pad down",
        GamepadButton::DPadLeft => "D-pad left",
        GamepadButton::DPadRight => "D-pad right",
        GamepadButton::Other(n) => return format!("Button {n}"),
        other => return other.variant_name().to_string(),
    };
    name.to_string()
}

/// Keys and buttons are saved by their names in Bevy, as unit variants
/// (`KeyE`, `South`), the form Bevy's own serialisation writes, without
/// turning that on for all of Bevy: the names come from reflection.
mod variant_names {
    use std::fmt;

    use bevy::reflect::{FromReflect, Typed};
    use serde::de::{EnumAccess, Error as _, VariantAccess, Visitor};
    use serde::ser::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{DynamicEnum, DynamicVariant, Enum};

    struct Named<'a, T>(&'a T);

    impl<T: Enum + Typed> Serialize for Named<'_, T> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let info = T::type_info().as_enum().map_err(S::Error::custom)?;
            let index = self.0.variant_index();
            let variant = info
                .variant_at(index)
                .ok_or_else(|| S::Error::custom("a variant outside its enum"))?;
            let enum_name = info.type_path_table().ident().unwrap_or("");
            s.serialize_unit_variant(enum_name, index as u32, variant.name())
        }
    }

    pub(crate) fn serialize<T: Enum + Typed, S: Serializer>(
        list: &[T],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_seq(list.iter().map(Named))
    }

    /// A unit variant's name (or a string, for formats that write one).
    struct Name(String);

    impl<'de> Deserialize<'de> for Name {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Name, D::Error> {
            d.deserialize_enum("", &[], NameVisitor).map(Name)
        }
    }

    struct NameVisitor;

    impl<'de> Visitor<'de> for NameVisitor {
        type Value = String;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("the name of a key or gamepad button")
        }

        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_string())
        }

        fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<String, A::Error> {
            let (Ident(name), variant) = data.variant::<Ident>()?;
            variant.unit_variant()?;
            Ok(name)
        }
    }

    /// A variant's name, read as the identifier it is.
    struct Ident(String);

    impl<'de> Deserialize<'de> for Ident {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Ident, D::Error> {
            d.deserialize_identifier(NameVisitor).map(Ident)
        }
    }

    pub(crate) fn deserialize<'de, T: FromReflect, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Vec<T>, D::Error> {
        Vec::<Name>::deserialize(d)?
            .into_iter()
            .map(|Name(name)| {
                T::from_reflect(&DynamicEnum::new(name.clone(), DynamicVariant::Unit)).ok_or_else(
                    || {
                        D::Error::custom(format!(
                            "`{name}` is not a {} name",
                            std::any::type_name::<T>().rsplit("::").next().unwrap_or("")
                        ))
                    },
                )
            })
            .collect()
    }
}
