//! Picking each character's frame: facing, walk cycle, idle breathing.

use bevy::prelude::*;

use super::{Character, Pose, SHEET_COLUMNS};
use crate::core::{AppSystems, PausableSystems};
use crate::model::vocab::Facing;

/// Pixels walked per frame of the walk cycle: four frames per 28 px stride.
const STRIDE_PER_FRAME: f32 = 7.0;
/// Seconds per idle frame (a slow breath).
const IDLE_FRAME_SECONDS: f32 = 0.55;
/// Robots hover with a quicker four-beat bob.
const HOVER_FRAME_SECONDS: f32 = 0.22;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        animate.in_set(PausableSystems).in_set(AppSystems::Update),
    );
}

/// Per-character clock offset so that a room of people does not breathe in unison.
#[derive(Component, Debug, Default, Clone, Copy)]
pub(crate) struct IdleClock(pub f32);

/// Index on the sheet and whether to mirror it, for a character in a pose at a time.
pub fn frame(who: Character, pose: Pose, clock: f32) -> (usize, bool) {
    let (base, flip) = match pose.facing {
        Facing::Down => (0, false),
        Facing::Up => (6, false),
        Facing::Right => (12, false),
        Facing::Left => (12, true),
    };
    let col = if who.is_machine() {
        // Hover cycle in the four "walk" frames, whether moving or not.
        2 + (clock / HOVER_FRAME_SECONDS) as usize % 4
    } else if pose.walking {
        2 + (pose.stride / STRIDE_PER_FRAME) as usize % 4
    } else {
        (clock / IDLE_FRAME_SECONDS) as usize % 2
    };
    (who.sheet_row() * SHEET_COLUMNS as usize + base + col, flip)
}

fn animate(time: Res<Time>, mut sprites: Query<(&Character, &Pose, &mut IdleClock, &mut Sprite)>) {
    for (who, pose, mut clock, mut sprite) in &mut sprites {
        clock.0 += time.delta_secs();
        let (index, flip) = frame(*who, *pose, clock.0);
        if let Some(atlas) = &mut sprite.texture_atlas
            && atlas.index != index
        {
            atlas.index = index;
        }
        if sprite.flip_x != flip {
            sprite.flip_x = flip;
        }
    }
}
