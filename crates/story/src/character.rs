//! Who is who: the people (and robots) of the BioDental complex.

use serde::{Deserialize, Serialize};

/// A character of the story. Mira is the player; the others are placed in
/// LDtk as `Character` entities whose `character` field holds one of
/// [`Character::PLACED`] by the same name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "bevy", derive(bevy::ecs::component::Component))]
pub enum Character {
    Mira,
    Leo,
    Samantha,
    Jasper,
    Aida,
    Halloran,
    Okafor,
    Ines,
    Theo,
    Lindqvist,
}

impl Character {
    pub const ALL: [Character; 10] = [
        Character::Mira,
        Character::Leo,
        Character::Samantha,
        Character::Jasper,
        Character::Aida,
        Character::Halloran,
        Character::Okafor,
        Character::Ines,
        Character::Theo,
        Character::Lindqvist,
    ];

    /// The values of the LDtk `Character` enum: everyone but the player, each
    /// placed exactly once in the complex.
    pub const PLACED: &[Character] = Self::ALL.split_at(1).1;

    pub fn ldtk_name(self) -> &'static str {
        match self {
            Character::Mira => "Mira",
            Character::Leo => "Leo",
            Character::Samantha => "Samantha",
            Character::Jasper => "Jasper",
            Character::Aida => "Aida",
            Character::Halloran => "Halloran",
            Character::Okafor => "Okafor",
            Character::Ines => "Ines",
            Character::Theo => "Theo",
            Character::Lindqvist => "Lindqvist",
        }
    }

    /// Parses a value of the LDtk `Character` enum.
    pub fn from_ldtk(value: &str) -> Option<Self> {
        Self::PLACED
            .iter()
            .copied()
            .find(|c| c.ldtk_name() == value)
    }

    /// Row of this character on `levels/tilesets/characters.png` (the order
    /// the art generator draws them in).
    pub fn sheet_row(self) -> usize {
        Self::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }

    /// Hovering robots and kiosks have no walk cycle and cast no shadow.
    pub fn is_machine(self) -> bool {
        matches!(self, Character::Jasper | Character::Aida)
    }

    /// Whether they turn to look at people (AIDA is a kiosk bolted to the floor).
    pub fn turns(self) -> bool {
        self != Character::Aida
    }
}
