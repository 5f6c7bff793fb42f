//! Reading an LDtk entity's fields by name: the values designers set in
//! the editor, each as the type the game needs (or none when the field is
//! missing or of another type; `check-levels` reports those).

use bevy_ecs_ldtk::ldtk::{EntityInstance, FieldValue};

use super::map::DoorTarget;

fn field<'a>(e: &'a EntityInstance, name: &str) -> Option<&'a FieldValue> {
    e.field_instances
        .iter()
        .find(|f| f.identifier == name)
        .map(|f| &f.value)
}

/// The values of an array-of-enum field (empty if it is missing).
pub(crate) fn enum_array_field(e: &EntityInstance, name: &str) -> Vec<String> {
    match field(e, name) {
        Some(FieldValue::Enums(values)) => values.iter().flatten().cloned().collect(),
        _ => Vec::new(),
    }
}

pub(crate) fn enum_field<'a>(e: &'a EntityInstance, name: &str) -> Option<&'a str> {
    match field(e, name)? {
        FieldValue::Enum(Some(v)) => Some(v.as_str()),
        _ => None,
    }
}

pub(crate) fn string_field(e: &EntityInstance, name: &str) -> Option<String> {
    match field(e, name)? {
        FieldValue::String(Some(v)) => Some(v.clone()),
        _ => None,
    }
}

pub(crate) fn bool_field(e: &EntityInstance, name: &str) -> Option<bool> {
    match field(e, name)? {
        FieldValue::Bool(v) => Some(*v),
        _ => None,
    }
}

pub(crate) fn int_field(e: &EntityInstance, name: &str) -> Option<i32> {
    match field(e, name)? {
        FieldValue::Int(v) => *v,
        _ => None,
    }
}

pub(crate) fn float_field(e: &EntityInstance, name: &str) -> Option<f32> {
    match field(e, name)? {
        FieldValue::Float(v) => *v,
        FieldValue::Int(v) => v.map(|i| i as f32),
        _ => None,
    }
}

/// The cells (column, row from the top) of an array-of-points field.
pub(crate) fn points_field(e: &EntityInstance, name: &str) -> Vec<(i32, i32)> {
    match field(e, name) {
        Some(FieldValue::Points(points)) => points.iter().flatten().map(|p| (p.x, p.y)).collect(),
        _ => Vec::new(),
    }
}

pub(crate) fn tile_field<'a>(
    e: &'a EntityInstance,
    name: &str,
) -> Option<&'a bevy_ecs_ldtk::ldtk::TilesetRectangle> {
    match field(e, name)? {
        FieldValue::Tile(Some(t)) => Some(t),
        _ => None,
    }
}

pub(crate) fn door_target(e: &EntityInstance) -> Option<DoorTarget> {
    entity_ref_field(e, "target")
}

/// The entity an `EntityRef` field points at.
pub(crate) fn entity_ref_field(e: &EntityInstance, name: &str) -> Option<DoorTarget> {
    match field(e, name)? {
        FieldValue::EntityRef(Some(r)) => Some(DoorTarget {
            level_iid: r.level_iid.clone(),
            entity_iid: r.entity_iid.clone(),
        }),
        _ => None,
    }
}
