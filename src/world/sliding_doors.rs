//! The sliding glass doors in top walls: they part as Mira walks up to
//! them and close again behind her.

use bevy::prelude::*;
use bevy::sprite::Anchor;
use bevy_ecs_ldtk::prelude::*;

use super::WorldAssets;
use super::vocab::{self, Facing};
use super::ysort::FixedDepth;
use crate::core::{AppSystems, PausableSystems};
use crate::model::room::map::placed_rect;
use crate::model::{Player, Walker};

/// Doors start opening when Mira's feet come this close (px).
const SENSE_DISTANCE: f32 = 30.0;
/// Fully open or shut in a quarter of a second.
const SLIDE_SPEED: f32 = 4.0;
/// Frames on `assets/sprites/doors.png`, shut to open.
const FRAMES: usize = 4;
/// Over the wall tiles, under everyone walking past.
const DOOR_Z: f32 = 15.0;

pub(super) fn plugin(app: &mut App) {
    app.register_ldtk_entity::<DoorBundle>(vocab::DOOR);
    app.add_systems(
        Update,
        (dress_doors, slide_doors.in_set(PausableSystems))
            .chain()
            .in_set(AppSystems::Update),
    );
}

#[derive(Component, Default)]
struct Door;

#[derive(Bundle, LdtkEntity, Default)]
struct DoorBundle {
    door: Door,
    #[from_entity_instance]
    instance: EntityInstance,
}

/// A door that slides, `open` from 0 (shut) to 1.
#[derive(Component, Debug)]
struct SlidingDoor {
    rect: Rect,
    open: f32,
}

/// Turns each newly spawned door in a top wall into a sliding door (a
/// system for the reason `props::dress_props` gives).
fn dress_doors(
    mut commands: Commands,
    doors: Query<(Entity, &EntityInstance, &ChildOf), Added<Door>>,
    layers: Query<&LayerMetadata>,
    assets: Res<WorldAssets>,
    mut layouts: ResMut<Assets<TextureAtlasLayout>>,
    mut layout: Local<Option<Handle<TextureAtlasLayout>>>,
) {
    for (entity, instance, parent) in &doors {
        // Doors in side and bottom walls are open archways.
        if instance
            .get_enum_field("facing")
            .ok()
            .map(String::as_str)
            .and_then(Facing::from_ldtk)
            != Some(Facing::Up)
        {
            continue;
        }
        let rect = placed_rect(instance, layers.get(parent.parent()).ok());
        let layout = layout
            .get_or_insert_with(|| {
                layouts.add(TextureAtlasLayout::from_grid(
                    UVec2::splat(32),
                    FRAMES as u32,
                    1,
                    None,
                    None,
                ))
            })
            .clone();
        commands.entity(entity).insert((
            SlidingDoor { rect, open: 0.0 },
            Sprite::from_atlas_image(assets.doors.clone(), TextureAtlas { layout, index: 0 }),
            Anchor::BOTTOM_LEFT,
            Transform::from_translation(rect.min.extend(0.0)),
            Visibility::default(),
            FixedDepth(DOOR_Z),
        ));
    }
}

fn slide_doors(
    time: Res<Time>,
    player: Query<&Walker, With<Player>>,
    mut doors: Query<(&mut SlidingDoor, &mut Sprite)>,
) {
    let feet = player.single().ok().map(|w| w.feet);
    for (mut door, mut sprite) in &mut doors {
        let near = feet.is_some_and(|f| distance_to_rect(f, door.rect) < SENSE_DISTANCE);
        let target = if near { 1.0 } else { 0.0 };
        let step = SLIDE_SPEED * time.delta_secs();
        door.open = if door.open < target {
            (door.open + step).min(target)
        } else {
            (door.open - step).max(target)
        };
        let frame = (door.open * (FRAMES - 1) as f32).round() as usize;
        if let Some(atlas) = &mut sprite.texture_atlas
            && atlas.index != frame
        {
            atlas.index = frame;
        }
    }
}

fn distance_to_rect(p: Vec2, r: Rect) -> f32 {
    let d = (r.min - p).max(p - r.max).max(Vec2::ZERO);
    d.length()
}
