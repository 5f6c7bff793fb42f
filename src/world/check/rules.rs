//! The game's rules for a level project, on top of LDtk's own schema.

use std::collections::HashSet;

use bevy::math::IVec2;
use bevy_ecs_ldtk::ldtk::raw_level_accessor::RawLevelAccessor;
use bevy_ecs_ldtk::ldtk::{EntityInstance, FieldValue, LdtkJson, Level};
use bevy_ecs_ldtk::prelude::LdtkFields;

use super::Problem;
use super::cast::{Placements, check_act_starts, check_cast, read_placement};
use super::definitions::check_definitions;
use super::doors::{EntityIndex, check_door};
use super::limits::check_limits;
use super::reach::check_reach;
use biodental_story::Act;
use biodental_story::Character;

/// The longest `prompt` of a Trigger that fits the prompt at the bottom of the screen.
const MAX_PROMPT: usize = 48;
use crate::model::room::collision::standable;
use crate::model::room::map::{self as room, RoomMap, Spot, entity_rect};
use crate::model::vocab::{self, Facing, FearKind, SwarmMode, SwarmShape};

/// Every problem in a parsed project, in file order.
///
/// Sizes, counts and lengths come first (see [`check_limits`]): a project
/// beyond them is reported without building anything from it.
pub fn check_project(file: &str, project: &LdtkJson) -> Vec<Problem> {
    let mut out = Vec::new();
    check_limits(file, project, &mut out);
    if !out.is_empty() {
        return out;
    }
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
    let mut cast = Placements::new();
    let mut act_starts = Vec::new();

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
                        check_arrival(room, e, room.player_start.as_ref(), "start", &p, &mut out);
                    }
                    vocab::ACT_START => {
                        let names = Act::ALL.map(Act::name);
                        if let Some(act) =
                            check_enum(e, "act", &names, &p, &mut out).and_then(Act::from_name)
                        {
                            act_starts.push((act, format!("\"{}\" {}", level.identifier, e.iid)));
                        }
                        let spot = room.act_starts.iter().find(|s| s.iid == e.iid);
                        check_arrival(room, e, spot, "begin the act", &p, &mut out);
                    }
                    vocab::CHARACTER => {
                        let names: Vec<&str> =
                            Character::PLACED.iter().map(|c| c.ldtk_name()).collect();
                        if let Some(value) = check_enum(e, "character", &names, &p, &mut out)
                            && let Some(who) = Character::from_ldtk(value)
                        {
                            let (acts, endings) = read_placement(e, &p, &mut out);
                            cast.entry(who).or_default().push((
                                format!("\"{}\" {}", level.identifier, e.iid),
                                acts,
                                endings,
                            ));
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
                        match e.get_string_field("event").ok() {
                            Some(ev) if is_event_id(ev) => {}
                            Some(ev) => out.push(p(
                                Some("event"),
                                format!("\"{ev}\" is not a story event id (lower case letters, digits and _ , starting with a letter)"),
                            )),
                            None => out.push(p(Some("event"), "is empty: name the story event this area starts".into())),
                        }
                        if e.width <= 0 || e.height <= 0 {
                            out.push(p(None, "has no area".into()));
                        }
                        if let Ok(prompt) = e.get_string_field("prompt") {
                            if let Err(err) = crate::data::drawable(prompt) {
                                out.push(p(Some("prompt"), err));
                            }
                            if prompt.chars().count() > MAX_PROMPT {
                                out.push(p(
                                    Some("prompt"),
                                    format!("is {} characters long; at most {MAX_PROMPT} fit the prompt", prompt.chars().count()),
                                ));
                            }
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
                        check_enum(
                            e,
                            "shape",
                            &SwarmShape::ALL.map(SwarmShape::ldtk_name),
                            &p,
                            &mut out,
                        );
                        check_range(e, &p, &mut out);
                        if let Ok(target) = e.get_entity_ref_field("target") {
                            let patient =
                                layers.iter().flat_map(|l| &l.entity_instances).find(|x| {
                                    x.iid == target.entity_iid && x.identifier == vocab::CHARACTER
                                });
                            if target.level_iid != level.iid || patient.is_none() {
                                out.push(p(
                                    Some("target"),
                                    format!(
                                        "must be a Character in level \"{}\" (it points at {})",
                                        level.identifier, target.entity_iid
                                    ),
                                ));
                            }
                        }
                    }
                    vocab::PROP => {
                        match e.get_tile_field("tile").ok() {
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
                    vocab::DREAM_CHECKPOINT => {
                        check_range(e, &p, &mut out);
                        let spot = room.checkpoint.as_ref().map(|c| &c.spot);
                        check_arrival(room, e, spot, "wake", &p, &mut out);
                    }
                    vocab::FEAR => {
                        check_enum(
                            e,
                            "kind",
                            &FearKind::ALL.map(FearKind::ldtk_name),
                            &p,
                            &mut out,
                        );
                        check_range(e, &p, &mut out);
                        let path = e.get_maybe_points_field("path").into_iter().flatten();
                        for &IVec2 { x: cx, y: cy } in path.flatten() {
                            if cx < 0
                                || cy < 0
                                || cx as usize >= room.cols
                                || cy as usize >= room.rows
                            {
                                out.push(p(
                                    Some("path"),
                                    format!("the point ({cx}, {cy}) lies outside the level"),
                                ));
                            }
                        }
                    }
                    vocab::NIGHTMARE_SWARM | vocab::SWARM_CORE => check_range(e, &p, &mut out),
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
    check_dream(file, &rooms, &mut out);

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
    // Where Mira uses something, nobody may stand within talking range (in
    // any act): the talk button would talk to them instead.
    for room in &rooms {
        for trigger in room.triggers.iter().filter(|t| t.prompt.is_some()) {
            for (who, spot) in &room.characters {
                let nearest = spot.feet.clamp(trigger.rect.min, trigger.rect.max);
                if nearest.distance(spot.feet) <= crate::model::TALK_RANGE {
                    out.push(
                        Problem::new(
                            file,
                            format!(
                                "{} stands within talking range of the Trigger \"{}\", which has a prompt: \
                                 the talk button would talk to them instead of using it",
                                who.ldtk_name(),
                                trigger.event
                            ),
                        )
                        .level(&room.identifier)
                        .entity(vocab::CHARACTER, &spot.iid),
                    );
                }
            }
        }
    }
    check_cast(file, &cast, &mut out);
    check_act_starts(file, &act_starts, &mut out);
    out
}

/// Checks an enum field; returns its value when it is a valid one.
pub(super) fn check_enum<'a>(
    e: &'a EntityInstance,
    field: &str,
    allowed: &[&str],
    p: &dyn Fn(Option<&str>, String) -> Problem,
    out: &mut Vec<Problem>,
) -> Option<&'a str> {
    match e.get_field(field).ok() {
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

/// Where Mira appears (`spot`, read from `e`): a facing the game knows, and
/// feet where she can stand; `verb` says what she would do there.
fn check_arrival(
    room: &RoomMap,
    e: &EntityInstance,
    spot: Option<&Spot>,
    verb: &str,
    p: &dyn Fn(Option<&str>, String) -> Problem,
    out: &mut Vec<Problem>,
) {
    check_enum(e, "facing", &Facing::ALL.map(Facing::ldtk_name), p, out);
    if let Some(spot) = spot
        && spot.iid == e.iid
        && !standable(room, spot.feet)
    {
        out.push(p(
            None,
            format!("Mira would {verb} inside a wall or furniture"),
        ));
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
        let value = match e.get_field(field).ok() {
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

/// The dream zones: every level with fears, nightmare swarms or the core
/// has a checkpoint; the zones are numbered 1, 2, 3… without gaps or
/// repeats; exactly one swarm core, in the last zone.
fn check_dream(file: &str, rooms: &[RoomMap], out: &mut Vec<Problem>) {
    let mut zones: Vec<(u32, &RoomMap)> = Vec::new();
    for room in rooms {
        let dreamy = !room.fears.is_empty() || !room.nightmares.is_empty() || room.core.is_some();
        match &room.checkpoint {
            Some(c) => zones.push((c.zone, room)),
            None if dreamy => out.push(
                Problem::new(
                    file,
                    "has fears, nightmare swarms or a swarm core but no DreamCheckpoint: \
                     place one where Mira and Leo wake in this zone",
                )
                .level(&room.identifier),
            ),
            None => {}
        }
    }
    if zones.is_empty() {
        return;
    }
    zones.sort_by_key(|(zone, _)| *zone);
    for (i, (zone, room)) in zones.iter().enumerate() {
        if *zone != i as u32 + 1 {
            out.push(
                Problem::new(
                    file,
                    format!(
                        "numbers its dream zone {zone}, expected {}: zones count 1, 2, 3… \
                         without gaps or repeats",
                        i + 1
                    ),
                )
                .level(&room.identifier)
                .entity(
                    vocab::DREAM_CHECKPOINT,
                    &room.checkpoint.as_ref().unwrap().spot.iid,
                ),
            );
        }
    }
    let cores: Vec<&RoomMap> = zones
        .iter()
        .map(|(_, r)| *r)
        .filter(|r| r.core.is_some())
        .collect();
    let last = zones.last().map(|(_, r)| r.identifier.as_str());
    match cores.as_slice() {
        [core] if Some(core.identifier.as_str()) == last => {}
        [core] => out.push(
            Problem::new(
                file,
                "has the SwarmCore outside the last dream zone: the core ends the dream",
            )
            .level(&core.identifier),
        ),
        [] => out.push(Problem::new(
            file,
            "has dream zones but no SwarmCore: place one in the last zone",
        )),
        more => out.push(Problem::new(
            file,
            format!(
                "has {} SwarmCore entities, expected one: {}",
                more.len(),
                more.iter()
                    .map(|r| r.identifier.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}
