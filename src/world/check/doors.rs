//! Doors must lead to a door in another room, and back, and leave Mira
//! somewhere she can stand.

use std::collections::{HashMap, HashSet};

use bevy_ecs_ldtk::ldtk::{EntityInstance, Level};

use super::Problem;
use super::rules::check_enum;
use crate::model::room::collision::standable;
use crate::model::room::map::{DoorTarget, RoomMap};
use crate::model::vocab::{self, Facing};

/// Where each entity lives, by iid.
pub(super) struct EntityIndex {
    by_iid: HashMap<String, (String, String, Option<DoorTarget>)>,
    levels: HashSet<String>,
}

impl EntityIndex {
    pub(super) fn new(levels: &[&Level]) -> Self {
        let mut by_iid = HashMap::new();
        for level in levels {
            for layer in level.layer_instances.iter().flatten() {
                for e in &layer.entity_instances {
                    by_iid.insert(
                        e.iid.clone(),
                        (level.iid.clone(), e.identifier.clone(), DoorTarget::of(e)),
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

pub(super) fn check_door(
    rooms: &[RoomMap],
    index: &EntityIndex,
    e: &EntityInstance,
    p: &dyn Fn(Option<&str>, String) -> Problem,
    out: &mut Vec<Problem>,
) {
    check_enum(e, "facing", &Facing::ALL.map(Facing::ldtk_name), p, out);
    let Some(target) = DoorTarget::of(e) else {
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
