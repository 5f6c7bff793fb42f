//! Nothing in a room may be walled off from where Mira comes in.

use bevy_ecs_ldtk::ldtk::Level;

use super::Problem;
use crate::model::TALK_RANGE;
use crate::model::room::map::RoomMap;
use crate::model::vocab;
use crate::world::reach::Reach;

/// Everything in a room must be reachable on foot from where Mira enters it
/// (the PlayerStart, else the first door): no furniture may wall anything
/// off. Doors are two-way, so one way in that reaches every door is enough.
pub(super) fn check_reach(file: &str, level: &Level, room: &RoomMap, out: &mut Vec<Problem>) {
    let Some(start) = room.entry() else {
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
