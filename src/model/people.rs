//! The people on screen as every feature sees them: who the player is,
//! where someone's feet are, how they stand, and whom Mira would talk to.

use bevy::prelude::*;

use super::vocab::Facing;

/// The player's character.
#[derive(Component, Debug)]
pub struct Player;

/// The feet of someone who walks, in game space, stepped in `FixedUpdate`.
/// `prev` is where they were one step earlier, for smooth drawing between steps.
#[derive(Component, Debug, Clone, PartialEq)]
pub struct Walker {
    pub feet: Vec2,
    pub prev: Vec2,
}

impl Walker {
    pub fn at(feet: Vec2) -> Self {
        Walker { feet, prev: feet }
    }

    /// Jumps somewhere without sliding there.
    pub fn teleport(&mut self, feet: Vec2) {
        self.feet = feet;
        self.prev = feet;
    }
}

/// How a character stands: which way they face and whether they are walking.
#[derive(Component, Debug, Clone, Copy, Default, PartialEq)]
pub struct Pose {
    pub facing: Facing,
    pub walking: bool,
    /// Distance walked, which drives the walk cycle.
    pub stride: f32,
}

/// How close (px, feet to feet) Mira must be to talk to someone.
pub const TALK_RANGE: f32 = 26.0;

/// Who Mira would talk to if the player pressed the talk button now.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq)]
pub struct TalkTarget(pub Option<Entity>);

/// Where on the screen Mira's feet should be, as a fraction of its height
/// from the top; none: the middle. The dialogue raises her above its box.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq)]
pub struct FramePlayer(pub Option<f32>);

/// Someone walking beside Mira (Leo, in the dream), spawned with their
/// `Character`, `Walker` and `Pose`: the `characters` feature dresses them
/// as it dresses everyone (sprite, shadow, idle animation), the feature that
/// spawned them moves them.
#[derive(Component, Debug)]
#[require(Transform, Visibility, super::room::YSort)]
pub struct Companion;
