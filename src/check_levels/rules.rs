//! The game's rules for a level project, on top of LDtk's own schema.

use std::collections::{BTreeMap, HashMap, HashSet};

use bevy_ecs_ldtk::ldtk::raw_level_accessor::RawLevelAccessor;
use bevy_ecs_ldtk::ldtk::{EntityInstance, FieldValue, LdtkJson, Level, Type};

use super::Problem;
use crate::characters::{Character, TALK_RANGE};
use crate::world::collision::standable;
use crate::world::reach::Reach;
use crate::world::room::{self, RoomMap, entity_rect};
use crate::world::vocab::{self, Facing, SwarmMode};

/// Every problem in a parsed project, in file order.
pub fn check_project(file: &str, project: &LdtkJson) -> Vec<Problem> {
    let mut out = Vec::new();
    check_definitions(file, project, &mut out);
    let levels: Vec<&Level> = project.iter_raw_levels().collect();
    if levels.is_empty() {
        out.push(Problem::new(file, "has no levels"));
        return out;
    }
    // Definitions the runtime would otherwise trip over.
    let layer_defs: HashSet<i32> = project.defs.layers.iter().map(|l| l.uid).collect();
    let entity_defs: HashSet<i32> = project.defs.entities.iter().map(|e| e.uid).collect();
    let tilesets: HashSet<i32> = project.defs.tilesets.iter().map(|t| t.uid).collect();

    let rooms: Vec<RoomMap> = levels.iter().map(|l| RoomMap::from_level(l)).collect();
    let index = EntityIndex::new(&levels);
    let mut player_starts = Vec::new();
    let mut cast: BTreeMap<Character, Vec<String>> = BTreeMap::new();

    for (level, room) in levels.iter().zip(&rooms) {
        let at = |msg: String| Problem::new(file, msg).level(&level.identifier);
        match room::level_title(level) {
            None => {
                out.push(at("has no title for the room banner".into()).field(vocab::LEVEL_TITLE))
            }
            Some(title) => {
                if let Err(e) = crate::data::drawable(&title) {
                    out.push(at(e).field(vocab::LEVEL_TITLE));
                }
            }
        }
        let Some(layers) = &level.layer_instances else {
            out.push(at(
                "has no layers (external levels are not supported)".into()
            ));
            continue;
        };
        for name in [vocab::LAYER_ENTITIES, vocab::LAYER_COLLISION] {
            if !layers.iter().any(|l| l.identifier == name) {
                out.push(at(format!("has no \"{name}\" layer")));
            }
        }
        for layer in layers {
            if !layer_defs.contains(&layer.layer_def_uid) {
                out.push(at(format!(
                    "layer \"{}\" has no definition (uid {})",
                    layer.identifier, layer.layer_def_uid
                )));
            }
            if let Some(uid) = layer.tileset_def_uid
                && !tilesets.contains(&uid)
            {
                out.push(at(format!(
                    "layer \"{}\" uses tileset uid {uid}, which is not defined",
                    layer.identifier
                )));
            }
            if layer.layer_instance_type == Type::IntGrid
                && layer.int_grid_csv.len() != (layer.c_wid * layer.c_hei).max(0) as usize
            {
                out.push(at(format!(
                    "layer \"{}\" has {} IntGrid cells, expected {}×{}",
                    layer.identifier,
                    layer.int_grid_csv.len(),
                    layer.c_wid,
                    layer.c_hei
                )));
            }
            for e in &layer.entity_instances {
                if !entity_defs.contains(&e.def_uid) {
                    out.push(at(format!(
                        "{} {} has no entity definition",
                        e.identifier, e.iid
                    )));
                    continue;
                }
                let p = |field: Option<&str>, msg: String| {
                    let p = Problem::new(file, msg)
                        .level(&level.identifier)
                        .entity(&e.identifier, &e.iid);
                    match field {
                        Some(f) => p.field(f),
                        None => p,
                    }
                };
                check_bounds(level, e, &p, &mut out);
                match e.identifier.as_str() {
                    vocab::PLAYER_START => {
                        player_starts.push(format!("\"{}\" {}", level.identifier, e.iid));
                        check_enum(
                            e,
                            "facing",
                            &Facing::ALL.map(Facing::ldtk_name),
                            &p,
                            &mut out,
                        );
                        if let Some(spot) = &room.player_start
                            && spot.iid == e.iid
                            && !standable(room, spot.feet)
                        {
                            out.push(p(
                                None,
                                "Mira would start inside a wall or furniture".into(),
                            ));
                        }
                    }
                    vocab::CHARACTER => {
                        let names: Vec<&str> =
                            Character::PLACED.iter().map(|c| c.ldtk_name()).collect();
                        if let Some(value) = check_enum(e, "character", &names, &p, &mut out)
                            && let Some(who) = Character::from_ldtk(value)
                        {
                            cast.entry(who)
                                .or_default()
                                .push(format!("\"{}\" {}", level.identifier, e.iid));
                        }
                        check_enum(
                            e,
                            "facing",
                            &Facing::ALL.map(Facing::ldtk_name),
                            &p,
                            &mut out,
                        );
                    }
                    vocab::DOOR => check_door(&rooms, &index, e, &p, &mut out),
                    vocab::TRIGGER => {
                        match room::string_field(e, "event") {
                            Some(ev) if is_event_id(&ev) => {}
                            Some(ev) => out.push(p(
                                Some("event"),
                                format!("\"{ev}\" is not a story event id (lower case letters, digits and _ , starting with a letter)"),
                            )),
                            None => out.push(p(Some("event"), "is empty: name the story event this area starts".into())),
                        }
                        if e.width <= 0 || e.height <= 0 {
                            out.push(p(None, "has no area".into()));
                        }
                    }
                    vocab::NANOBOT_EMITTER => {
                        check_enum(
                            e,
                            "mode",
                            &SwarmMode::ALL.map(SwarmMode::ldtk_name),
                            &p,
                            &mut out,
                        );
                        check_range(e, &p, &mut out);
                    }
                    vocab::PROP => {
                        match room::tile_field(e, "tile") {
                            Some(t) if tilesets.contains(&t.tileset_uid) => {}
                            Some(t) => out.push(p(
                                Some("tile"),
                                format!("uses tileset uid {}, which is not defined", t.tileset_uid),
                            )),
                            None => out
                                .push(p(Some("tile"), "is empty: pick the prop's picture".into())),
                        }
                        check_range(e, &p, &mut out);
                    }
                    _ => out.push(p(
                        None,
                        format!(
                            "is not an entity the game knows (known: {})",
                            vocab::ENTITY_IDENTIFIERS.join(", ")
                        ),
                    )),
                }
            }
        }
    }

    for (level, room) in levels.iter().zip(&rooms) {
        check_reach(file, level, room, &mut out);
    }

    match player_starts.len() {
        1 => {}
        0 => out.push(Problem::new(
            file,
            "has no PlayerStart: place one where Mira begins the game",
        )),
        _ => out.push(Problem::new(
            file,
            format!(
                "has {} PlayerStart entities, expected exactly one: {}",
                player_starts.len(),
                player_starts.join(", ")
            ),
        )),
    }
    for &who in Character::PLACED {
        match cast.get(&who).map(Vec::len).unwrap_or(0) {
            1 => {}
            0 => out.push(Problem::new(
                file,
                format!(
                    "has no Character \"{}\": the story needs them",
                    who.ldtk_name()
                ),
            )),
            n => out.push(Problem::new(
                file,
                format!(
                    "has {n} Character \"{}\", expected exactly one: {}",
                    who.ldtk_name(),
                    cast[&who].join(", ")
                ),
            )),
        }
    }
    out
}

/// The project's definitions must match the names and types the code uses.
fn check_definitions(file: &str, project: &LdtkJson, out: &mut Vec<Problem>) {
    let defs = &project.defs;
    for name in vocab::ENTITY_IDENTIFIERS {
        if !defs.entities.iter().any(|e| e.identifier == name) {
            out.push(Problem::new(file, format!("defines no entity \"{name}\"")));
        }
    }
    for (entity, field, ty) in vocab::FIELDS {
        let Some(def) = defs.entities.iter().find(|e| e.identifier == *entity) else {
            continue;
        };
        match def.field_defs.iter().find(|f| f.identifier == *field) {
            None => out.push(Problem::new(
                file,
                format!("entity \"{entity}\" defines no field \"{field}\" ({ty})"),
            )),
            Some(f) if f.field_definition_type != *ty => out.push(Problem::new(
                file,
                format!(
                    "field \"{field}\" of entity \"{entity}\" is {}, the game expects {ty}",
                    f.field_definition_type
                ),
            )),
            _ => {}
        }
    }
    let enums: [(&str, Vec<&str>); 3] = [
        ("Facing", Facing::ALL.map(Facing::ldtk_name).to_vec()),
        (
            "SwarmMode",
            SwarmMode::ALL.map(SwarmMode::ldtk_name).to_vec(),
        ),
        (
            "Character",
            Character::PLACED.iter().map(|c| c.ldtk_name()).collect(),
        ),
    ];
    for (name, expected) in enums {
        match defs.enums.iter().find(|e| e.identifier == name) {
            None => out.push(Problem::new(
                file,
                format!("defines no enum \"{name}\" ({})", expected.join(", ")),
            )),
            Some(def) => {
                let have: Vec<&str> = def.values.iter().map(|v| v.id.as_str()).collect();
                for v in &have {
                    if !expected.contains(v) {
                        out.push(Problem::new(
                            file,
                            format!(
                                "enum \"{name}\" has value \"{v}\", which the game does not know"
                            ),
                        ));
                    }
                }
                for v in &expected {
                    if !have.contains(v) {
                        out.push(Problem::new(
                            file,
                            format!("enum \"{name}\" lacks value \"{v}\""),
                        ));
                    }
                }
            }
        }
    }
    for (name, ty) in [
        (vocab::LAYER_ENTITIES, Type::Entities),
        (vocab::LAYER_COLLISION, Type::IntGrid),
    ] {
        match defs.layers.iter().find(|l| l.identifier == name) {
            None => out.push(Problem::new(file, format!("defines no layer \"{name}\""))),
            Some(l) if l.purple_type != ty => out.push(Problem::new(
                file,
                format!("layer \"{name}\" should be of type {ty:?}"),
            )),
            _ => {}
        }
    }
    if !defs
        .level_fields
        .iter()
        .any(|f| f.identifier == vocab::LEVEL_TITLE && f.field_definition_type == "String")
    {
        out.push(Problem::new(
            file,
            format!("defines no level field \"{}\" (String)", vocab::LEVEL_TITLE),
        ));
    }
}

/// Where each entity lives, by iid.
struct EntityIndex {
    by_iid: HashMap<String, (String, String, Option<room::DoorTarget>)>,
    levels: HashSet<String>,
}

impl EntityIndex {
    fn new(levels: &[&Level]) -> Self {
        let mut by_iid = HashMap::new();
        for level in levels {
            for layer in level.layer_instances.iter().flatten() {
                for e in &layer.entity_instances {
                    by_iid.insert(
                        e.iid.clone(),
                        (
                            level.iid.clone(),
                            e.identifier.clone(),
                            room::door_target(e),
                        ),
                    );
                }
            }
        }
        EntityIndex {
            by_iid,
            levels: levels.iter().map(|l| l.iid.clone()).collect(),
        }
    }
}

fn check_door(
    rooms: &[RoomMap],
    index: &EntityIndex,
    e: &EntityInstance,
    p: &dyn Fn(Option<&str>, String) -> Problem,
    out: &mut Vec<Problem>,
) {
    check_enum(e, "facing", &Facing::ALL.map(Facing::ldtk_name), p, out);
    let Some(target) = room::door_target(e) else {
        out.push(p(
            Some("target"),
            "leads nowhere: link it to the door on the other side".into(),
        ));
        return;
    };
    if !index.levels.contains(&target.level_iid) {
        out.push(p(
            Some("target"),
            format!("leads to level {}, which does not exist", target.level_iid),
        ));
        return;
    }
    match index.by_iid.get(&target.entity_iid) {
        None => out.push(p(
            Some("target"),
            format!(
                "leads to entity {}, which does not exist",
                target.entity_iid
            ),
        )),
        Some((level_iid, _, _)) if *level_iid != target.level_iid => out.push(p(
            Some("target"),
            format!(
                "says entity {} is in level {}, but it is in {level_iid}",
                target.entity_iid, target.level_iid
            ),
        )),
        Some((_, identifier, _)) if identifier != vocab::DOOR => out.push(p(
            Some("target"),
            format!("leads to a {identifier}, not a Door"),
        )),
        Some((_, _, back)) => {
            if back.as_ref().map(|b| b.entity_iid.as_str()) != Some(e.iid.as_str()) {
                out.push(p(
                    Some("target"),
                    format!(
                        "leads to door {}, whose own target does not lead back here",
                        target.entity_iid
                    ),
                ));
            }
            let other_room = rooms.iter().find(|r| r.iid == target.level_iid);
            if let Some(other) = other_room.and_then(|r| r.door(&target.entity_iid)) {
                let arrival = other.arrival();
                if let Some(r) = other_room
                    && !standable(r, arrival.feet)
                {
                    out.push(p(
                        Some("target"),
                        format!(
                            "brings Mira to ({:.0}, {:.0}) in \"{}\", which is inside a wall or furniture: check that door's facing",
                            arrival.feet.x, r.size.y - arrival.feet.y, r.identifier
                        ),
                    ));
                }
            }
        }
    }
}

/// Everything in a room must be reachable on foot from where Mira enters it
/// (the PlayerStart, else the first door): no furniture may wall anything
/// off. Doors are two-way, so one way in that reaches every door is enough.
fn check_reach(file: &str, level: &Level, room: &RoomMap, out: &mut Vec<Problem>) {
    let start = room
        .player_start
        .as_ref()
        .map(|s| s.feet)
        .or_else(|| room.doors.first().map(|d| d.arrival().feet));
    let Some(start) = start else {
        out.push(
            Problem::new(
                file,
                "has no way in: no Door leads here and there is no PlayerStart",
            )
            .level(&level.identifier),
        );
        return;
    };
    let reach = Reach::from(room, &[start]);
    let p = |identifier: &str, iid: &str, msg: &str| {
        Problem::new(file, msg)
            .level(&level.identifier)
            .entity(identifier, iid)
    };
    let areas = room.doors.iter().map(|d| (vocab::DOOR, &d.iid, d.rect));
    let areas = areas.chain(
        room.triggers
            .iter()
            .map(|t| (vocab::TRIGGER, &t.iid, t.rect)),
    );
    for (identifier, iid, rect) in areas {
        if !reach.touches(rect) {
            out.push(p(
                identifier,
                iid,
                "cannot be reached on foot from where Mira enters the room",
            ));
        }
    }
    for (who, spot) in &room.characters {
        if !reach.comes_within(spot.feet, TALK_RANGE) {
            out.push(p(
                vocab::CHARACTER,
                &spot.iid,
                &format!(
                    "{} cannot be walked up to (furniture or walls are in the way)",
                    who.ldtk_name()
                ),
            ));
        }
    }
}

/// Checks an enum field; returns its value when it is a valid one.
fn check_enum<'a>(
    e: &'a EntityInstance,
    field: &str,
    allowed: &[&str],
    p: &dyn Fn(Option<&str>, String) -> Problem,
    out: &mut Vec<Problem>,
) -> Option<&'a str> {
    match e
        .field_instances
        .iter()
        .find(|f| f.identifier == field)
        .map(|f| &f.value)
    {
        Some(FieldValue::Enum(Some(v))) if allowed.contains(&v.as_str()) => Some(v.as_str()),
        Some(FieldValue::Enum(Some(v))) => {
            out.push(p(
                Some(field),
                format!("\"{v}\" is not one of {}", allowed.join(", ")),
            ));
            None
        }
        Some(FieldValue::Enum(None)) => {
            out.push(p(
                Some(field),
                format!("is empty: choose one of {}", allowed.join(", ")),
            ));
            None
        }
        Some(_) => {
            out.push(p(Some(field), "is not an enum value".into()));
            None
        }
        None => {
            out.push(p(Some(field), "is missing".into()));
            None
        }
    }
}

fn check_range(
    e: &EntityInstance,
    p: &dyn Fn(Option<&str>, String) -> Problem,
    out: &mut Vec<Problem>,
) {
    for (entity, field, min, max) in vocab::RANGES {
        if *entity != e.identifier {
            continue;
        }
        let value = match e
            .field_instances
            .iter()
            .find(|f| f.identifier == *field)
            .map(|f| &f.value)
        {
            Some(FieldValue::Int(Some(v))) => Some(*v as f64),
            Some(FieldValue::Float(Some(v))) => Some(*v as f64),
            _ => None,
        };
        match value {
            Some(v) if v < *min || v > *max => out.push(p(
                Some(field),
                format!("{v} is out of range: it must be from {min} to {max}"),
            )),
            Some(_) => {}
            None => out.push(p(
                Some(field),
                format!("is empty: give a value from {min} to {max}"),
            )),
        }
    }
}

fn check_bounds(
    level: &Level,
    e: &EntityInstance,
    p: &dyn Fn(Option<&str>, String) -> Problem,
    out: &mut Vec<Problem>,
) {
    let r = entity_rect(e, level.px_hei as f32);
    let (w, h) = (level.px_wid as f32, level.px_hei as f32);
    if r.min.x < 0.0 || r.min.y < 0.0 || r.max.x > w || r.max.y > h {
        out.push(p(
            None,
            format!(
                "lies outside the level ({}×{} px)",
                level.px_wid, level.px_hei
            ),
        ));
    }
}

fn is_event_id(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
