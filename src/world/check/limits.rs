//! Sizes, counts and lengths, checked before anything is built from them.
//!
//! The checks (and the game) build a grid of cells and a walking lattice
//! for every level, and bevy_ecs_ldtk a tile map for every layer: a level
//! of absurd size would make them allocate gigabytes, or overflow. So
//! every size and count is bounded first, in 64-bit arithmetic, and a
//! project beyond the limits is reported without checking anything else.
//! Names and texts are bounded too, so that no message repeats a huge one.
//! Every iid must be unique: doors and swarms find what they point at by it.

use std::collections::HashMap;

use bevy_ecs_ldtk::ldtk::raw_level_accessor::RawLevelAccessor;
use bevy_ecs_ldtk::ldtk::{
    EntityInstance, FieldInstance, FieldValue, LayerInstance, LdtkJson, Level,
    ReferenceToAnEntityInstance, Type,
};

use super::{Problem, shorten};

/// Levels in one project.
pub const MAX_LEVELS: usize = 256;
/// A level's width and height, in pixels.
pub const MAX_LEVEL_PX: i32 = 4096;
/// A layer's width and height, in cells.
pub const MAX_CELLS: i32 = 1024;
/// A layer's (or a tileset's) cell size, in pixels; at least 1.
pub const MAX_GRID_SIZE: i32 = 256;
/// Layers in one level.
pub const MAX_LAYERS: usize = 32;
/// Entities in one level.
pub const MAX_ENTITIES: usize = 1024;
/// Fields of one entity or level.
pub const MAX_FIELDS: usize = 64;
/// Values in one array field (a fear's patrol, a character's acts).
pub const MAX_VALUES: usize = 256;
/// Tiles in one layer.
pub const MAX_TILES: usize = 16_384;
/// Tiles stacked in one cell (each one more is one more tile map).
pub const MAX_TILES_PER_CELL: usize = 16;
/// Bytes in an identifier, an iid or an enum value.
pub const MAX_NAME: usize = 256;
/// Bytes in the value of a text field.
pub const MAX_TEXT: usize = 1024;

/// Every size, count and length the other checks rely on, and unique iids.
pub(super) fn check_limits(file: &str, project: &LdtkJson, out: &mut Vec<Problem>) {
    check_definitions(file, project, out);
    let count = project.iter_raw_levels().count();
    if count > MAX_LEVELS {
        out.push(Problem::new(
            file,
            format!("has {count} levels; at most {MAX_LEVELS} are allowed"),
        ));
        return;
    }
    let mut iids = Iids::default();
    let mut identifiers: HashMap<&str, usize> = HashMap::new();
    for (index, level) in project.iter_raw_levels().enumerate() {
        let at = || Problem::new(file, "").level(&level.identifier);
        let before = out.len();
        name(&level.identifier, "identifier", &at, out);
        name(&level.iid, "iid", &at, out);
        if out.len() > before {
            continue;
        }
        if let Some(first) = identifiers.insert(level.identifier.as_str(), index) {
            out.push(say(
                at(),
                format!(
                    "is the identifier of levels {} and {} (counting from 1): each level needs its own",
                    first + 1,
                    index + 1
                ),
            ));
        }
        iids.add(
            &level.iid,
            format!("level \"{}\"", level.identifier),
            at(),
            out,
        );
        check_level(level, &at, &mut iids, out);
    }
}

/// A definition's grid or tile size, which must be from 1 to [`MAX_GRID_SIZE`].
fn check_grid_size(
    what: &str,
    name: &str,
    size_name: &str,
    size: i32,
    out: &mut Vec<Problem>,
    at: impl Fn() -> Problem,
) {
    if !(1..=MAX_GRID_SIZE).contains(&size) {
        out.push(say(
            at(),
            format!(
                "{what} \"{}\" has {size_name} {size}; it must be from 1 to {MAX_GRID_SIZE} px",
                shorten(name)
            ),
        ));
    }
}

fn check_definitions(file: &str, project: &LdtkJson, out: &mut Vec<Problem>) {
    let defs = &project.defs;
    let at = || Problem::new(file, "");
    let mut names: Vec<(&str, &str)> = Vec::new();
    for l in &defs.layers {
        names.push(("layer", &l.identifier));
        check_grid_size(
            "layer definition",
            &l.identifier,
            "grid size",
            l.grid_size,
            out,
            at,
        );
    }
    for e in &defs.entities {
        names.push(("entity", &e.identifier));
        for f in &e.field_defs {
            names.push(("field", &f.identifier));
            names.push(("field type", &f.field_definition_type));
        }
    }
    for e in &defs.enums {
        names.push(("enum", &e.identifier));
        names.extend(e.values.iter().map(|v| ("enum value", v.id.as_str())));
    }
    for t in &defs.tilesets {
        names.push(("tileset", &t.identifier));
        check_grid_size(
            "tileset",
            &t.identifier,
            "tile size",
            t.tile_grid_size,
            out,
            at,
        );
    }
    for f in &defs.level_fields {
        names.push(("level field", &f.identifier));
        names.push(("level field type", &f.field_definition_type));
    }
    for (what, s) in names {
        if s.len() > MAX_NAME {
            out.push(say(
                at(),
                format!(
                    "a {what} in the definitions, \"{}\", is {} bytes long; at most {MAX_NAME} are allowed",
                    shorten(s),
                    s.len()
                ),
            ));
        }
    }
}

fn check_level<'a>(
    level: &'a Level,
    at: &dyn Fn() -> Problem,
    iids: &mut Iids<'a>,
    out: &mut Vec<Problem>,
) {
    for (what, px) in [("wide", level.px_wid), ("high", level.px_hei)] {
        if !(1..=MAX_LEVEL_PX).contains(&px) {
            out.push(say(
                at(),
                format!("is {px} px {what}; a level must be from 1 to {MAX_LEVEL_PX} px"),
            ));
        }
    }
    check_fields(&level.field_instances, at, out);
    let layers = level.layer_instances.as_deref().unwrap_or_default();
    if layers.len() > MAX_LAYERS {
        out.push(say(
            at(),
            format!(
                "has {} layers; at most {MAX_LAYERS} are allowed",
                layers.len()
            ),
        ));
        return;
    }
    let entities: usize = layers.iter().map(|l| l.entity_instances.len()).sum();
    if entities > MAX_ENTITIES {
        out.push(say(
            at(),
            format!("has {entities} entities; at most {MAX_ENTITIES} are allowed"),
        ));
        return;
    }
    for layer in layers {
        let at_layer = || at().layer(&layer.identifier);
        let before = out.len();
        name(&layer.identifier, "identifier", &at_layer, out);
        name(&layer.iid, "iid", &at_layer, out);
        if out.len() > before {
            continue;
        }
        iids.add(
            &layer.iid,
            format!(
                "layer \"{}\" of level \"{}\"",
                layer.identifier, level.identifier
            ),
            at_layer(),
            out,
        );
        check_layer(level, layer, &at_layer, out);
        for e in &layer.entity_instances {
            let at_entity = || at().entity(&e.identifier, &e.iid);
            let before = out.len();
            name(&e.identifier, "identifier", &at_entity, out);
            name(&e.iid, "iid", &at_entity, out);
            if out.len() > before {
                continue;
            }
            iids.add(
                &e.iid,
                format!("{} in level \"{}\"", e.identifier, level.identifier),
                at_entity(),
                out,
            );
            check_entity(e, &at_entity, out);
        }
    }
}

/// A layer's grid: a sane cell size, a sane number of cells, as many as
/// the level's size needs, and its cells and tiles.
fn check_layer(
    level: &Level,
    layer: &LayerInstance,
    at: &dyn Fn() -> Problem,
    out: &mut Vec<Problem>,
) {
    let grid = layer.grid_size;
    if !(1..=MAX_GRID_SIZE).contains(&grid) {
        out.push(say(
            at(),
            format!("has grid size {grid}; it must be from 1 to {MAX_GRID_SIZE} px"),
        ));
        return;
    }
    let before = out.len();
    for (what, cells, px) in [
        ("wide", layer.c_wid, level.px_wid),
        ("high", layer.c_hei, level.px_hei),
    ] {
        if !(1..=MAX_CELLS).contains(&cells) {
            out.push(say(
                at(),
                format!("is {cells} cells {what}; a layer must be from 1 to {MAX_CELLS} cells"),
            ));
        } else if (1..=MAX_LEVEL_PX).contains(&px)
            && i64::from(cells) != (i64::from(px) + i64::from(grid) - 1) / i64::from(grid)
        {
            out.push(say(
                at(),
                format!(
                    "is {cells} cells of {grid} px {what}, but the level is {px} px {what}: \
                     that needs {} cells",
                    (i64::from(px) + i64::from(grid) - 1) / i64::from(grid)
                ),
            ));
        }
    }
    if out.len() > before {
        return;
    }
    let cells = layer.c_wid as usize * layer.c_hei as usize;
    if layer.layer_instance_type == Type::IntGrid && layer.int_grid_csv.len() != cells {
        out.push(say(
            at(),
            format!(
                "has {} IntGrid cells, expected {}×{}",
                layer.int_grid_csv.len(),
                layer.c_wid,
                layer.c_hei
            ),
        ));
    }
    for tiles in [&layer.grid_tiles, &layer.auto_layer_tiles] {
        if tiles.len() > MAX_TILES {
            out.push(say(
                at(),
                format!("has {} tiles; at most {MAX_TILES} are allowed", tiles.len()),
            ));
            continue;
        }
        let mut stacks: HashMap<(i32, i32), usize> = HashMap::new();
        for t in tiles.iter() {
            let cell = (t.px.x.div_euclid(grid), t.px.y.div_euclid(grid));
            let n = stacks.entry(cell).or_default();
            *n += 1;
            if *n == MAX_TILES_PER_CELL + 1 {
                out.push(say(
                    at(),
                    format!(
                        "stacks more than {MAX_TILES_PER_CELL} tiles in the cell at ({}, {}) px",
                        t.px.x, t.px.y
                    ),
                ));
            }
        }
    }
}

fn check_entity(e: &EntityInstance, at: &dyn Fn() -> Problem, out: &mut Vec<Problem>) {
    for (what, size) in [("wide", e.width), ("high", e.height)] {
        if !(0..=MAX_LEVEL_PX).contains(&size) {
            out.push(say(
                at(),
                format!("is {size} px {what}; an entity must be from 0 to {MAX_LEVEL_PX} px"),
            ));
        }
    }
    let pivot = e.pivot;
    if !(0.0..=1.0).contains(&pivot.x) || !(0.0..=1.0).contains(&pivot.y) {
        out.push(say(
            at(),
            format!(
                "has pivot ({}, {}); each coordinate must be from 0 to 1",
                pivot.x, pivot.y
            ),
        ));
    }
    check_fields(&e.field_instances, at, out);
}

/// Each field's name, and the length of its text and of its array.
fn check_fields(fields: &[FieldInstance], at: &dyn Fn() -> Problem, out: &mut Vec<Problem>) {
    if fields.len() > MAX_FIELDS {
        out.push(say(
            at(),
            format!(
                "has {} fields; at most {MAX_FIELDS} are allowed",
                fields.len()
            ),
        ));
        return;
    }
    for f in fields {
        if f.identifier.len() > MAX_NAME {
            out.push(say(
                at(),
                format!(
                    "has a field named \"{}\", {} bytes long; at most {MAX_NAME} are allowed",
                    shorten(&f.identifier),
                    f.identifier.len()
                ),
            ));
            continue;
        }
        let at_field = || at().field(&f.identifier);
        let (values, texts) = field_strings(&f.value);
        if values > MAX_VALUES {
            out.push(say(
                at_field(),
                format!("has {values} values; at most {MAX_VALUES} are allowed"),
            ));
        }
        for (text, limit) in texts {
            if text.len() > limit {
                out.push(say(
                    at_field(),
                    format!(
                        "holds \"{}\", {} bytes long; at most {limit} are allowed",
                        shorten(text),
                        text.len()
                    ),
                ));
            }
        }
    }
}

/// How many values a field holds, and its texts with their length limits.
fn field_strings(value: &FieldValue) -> (usize, Vec<(&str, usize)>) {
    fn texts(v: &[Option<String>], limit: usize) -> Vec<(&str, usize)> {
        v.iter().flatten().map(|s| (s.as_str(), limit)).collect()
    }
    fn iids<'a>(
        refs: impl Iterator<Item = &'a ReferenceToAnEntityInstance>,
    ) -> Vec<(&'a str, usize)> {
        refs.flat_map(|r| [&r.entity_iid, &r.layer_iid, &r.level_iid, &r.world_iid])
            .map(|s| (s.as_str(), MAX_NAME))
            .collect()
    }
    match value {
        FieldValue::String(s) | FieldValue::FilePath(s) => {
            (1, texts(std::slice::from_ref(s), MAX_TEXT))
        }
        FieldValue::Enum(s) => (1, texts(std::slice::from_ref(s), MAX_NAME)),
        FieldValue::Strings(v) | FieldValue::FilePaths(v) => (v.len(), texts(v, MAX_TEXT)),
        FieldValue::Enums(v) => (v.len(), texts(v, MAX_NAME)),
        FieldValue::EntityRef(r) => (1, iids(r.iter())),
        FieldValue::EntityRefs(v) => (v.len(), iids(v.iter().flatten())),
        FieldValue::Ints(v) => (v.len(), Vec::new()),
        FieldValue::Floats(v) => (v.len(), Vec::new()),
        FieldValue::Bools(v) => (v.len(), Vec::new()),
        FieldValue::Colors(v) => (v.len(), Vec::new()),
        FieldValue::Points(v) => (v.len(), Vec::new()),
        FieldValue::Tiles(v) => (v.len(), Vec::new()),
        _ => (1, Vec::new()),
    }
}

/// An identifier or iid: present and not too long.
fn name(s: &str, what: &str, at: &dyn Fn() -> Problem, out: &mut Vec<Problem>) {
    if s.len() > MAX_NAME {
        out.push(say(
            at(),
            format!(
                "has an {what} {} bytes long; at most {MAX_NAME} are allowed",
                s.len()
            ),
        ));
    }
}

fn say(mut p: Problem, message: String) -> Problem {
    p.message = message;
    p
}

/// Where each iid was first seen.
#[derive(Default)]
struct Iids<'a> {
    seen: HashMap<&'a str, String>,
}

impl<'a> Iids<'a> {
    fn add(&mut self, iid: &'a str, place: String, here: Problem, out: &mut Vec<Problem>) {
        match self.seen.get(iid) {
            Some(first) => out.push(say(
                here,
                format!("has iid {iid}, which {first} has already: every iid must be unique"),
            )),
            None => {
                self.seen.insert(iid, place);
            }
        }
    }
}
