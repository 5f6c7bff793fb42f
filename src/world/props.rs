//! LDtk `Prop` entities: furniture and objects drawn from the props
//! tileset, standing on their bottom edge and sorted by depth with people.

use bevy::prelude::*;
use bevy::sprite::Anchor;
use bevy_ecs_ldtk::prelude::*;

use super::WorldAssets;
use super::vocab;
use crate::model::room::YSort;
use crate::model::room::map::{feet_of, placed_rect};

pub(super) fn plugin(app: &mut App) {
    app.register_ldtk_entity::<PropBundle>(vocab::PROP);
    app.add_systems(Update, dress_props);
}

#[derive(Component, Default)]
struct Prop;

#[derive(Bundle, LdtkEntity, Default)]
struct PropBundle {
    prop: Prop,
    #[from_entity_instance]
    instance: EntityInstance,
}

/// Gives each newly spawned prop its picture, at its feet. A system, not an
/// `On<Add, Prop>` observer: bevy_ecs_ldtk inserts an entity's `Transform`
/// after its bundle, which would overwrite the observer's placement.
fn dress_props(
    mut commands: Commands,
    props: Query<(Entity, &EntityInstance, &ChildOf), Added<Prop>>,
    layers: Query<&LayerMetadata>,
    projects: Res<Assets<LdtkProject>>,
    assets: Res<WorldAssets>,
) {
    let Some(project) = projects.get(&assets.levels) else {
        return;
    };
    for (entity, instance, parent) in &props {
        let rect = placed_rect(instance, layers.get(parent.parent()).ok());
        let feet = feet_of(rect);
        let mut e = commands.entity(entity);
        e.insert((
            Transform::from_translation(feet.extend(0.0)),
            Visibility::default(),
            YSort::default(),
        ));
        let Some(tile) = instance.get_tile_field("tile").ok() else {
            continue;
        };
        let Some(image) = project.tileset_map().get(&tile.tileset_uid) else {
            continue;
        };
        e.insert((
            Sprite {
                image: image.clone(),
                rect: Some(Rect::new(
                    tile.x as f32,
                    tile.y as f32,
                    (tile.x + tile.w) as f32,
                    (tile.y + tile.h) as f32,
                )),
                ..default()
            },
            Anchor::BOTTOM_CENTER,
        ));
    }
}
