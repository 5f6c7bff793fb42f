//! Walking somewhere with the movement keys: through the doors on the way
//! to the room, then along a path to the goal in it, re-planned whenever
//! the room or the goal changes or Mira stops moving.

use bevy::prelude::*;

use super::dream::Press;
use super::keymap::KeyMap;
use super::route::{self, Goal};
use crate::model::room::{Complex, CurrentRoom};
use crate::model::vocab::Facing;
use crate::model::{Player, Walker};

/// How close (px) to a corner of the path counts as there. A frame moves
/// the feet by at most two fixed steps (2.5 px at walking speed), so a
/// window this wide is never stepped over.
const NEAR: f32 = 1.3;

/// Frames of holding a key without moving before planning again.
const STUCK_FRAMES: u32 = 30;

/// A path being followed in one room.
#[derive(Debug, Clone)]
struct Plan {
    room: String,
    goal: Goal,
    corners: Vec<Vec2>,
    next: usize,
    /// At the end, keep walking this way (into a door).
    push: Option<Facing>,
}

/// Where the walker is going and how it is getting on.
#[derive(Debug, Default, Clone)]
pub(super) struct Walk {
    plan: Option<Plan>,
    /// Why the way cannot be found, if it cannot.
    pub problem: Option<String>,
    last_feet: Option<Vec2>,
    still: u32,
}

impl Walk {
    /// The keys that take Mira a step further to `goal` in room `room`
    /// (by iid); `what` names the errand for messages.
    pub fn towards(
        &mut self,
        app: &mut App,
        map: &KeyMap,
        room: &str,
        goal: Goal,
        what: String,
    ) -> Press {
        let none = (Vec::new(), Vec::new());
        let mut q = app.world_mut().query_filtered::<&Walker, With<Player>>();
        let Ok(feet) = q.single(app.world()).map(|w| w.feet) else {
            return none;
        };
        let world = app.world();
        let (Some(complex), Some(current)) = (
            world.get_resource::<Complex>(),
            world.get_resource::<CurrentRoom>(),
        ) else {
            return none;
        };
        let current = current.0.clone();
        let Some(here) = complex.room(&current) else {
            return none;
        };
        // The goal in this room: the next door on the way, or the goal itself.
        let (goal, push) = if current == room {
            (goal, None)
        } else {
            let next_door = route::doors_between(complex, &current, room)
                .and_then(|doors| doors.into_iter().next())
                .and_then(|(_, door)| here.door(&door).cloned());
            let Some(door) = next_door else {
                let there = complex.room(room).map_or(room, |r| r.title.as_str());
                self.problem = Some(format!(
                    "{what}: no door leads from {} to {there}",
                    here.title
                ));
                return none;
            };
            (Goal::Area(door.rect), Some(door.facing))
        };
        let moved = self.last_feet.is_none_or(|f| f.distance(feet) > 0.01);
        self.still = if moved { 0 } else { self.still + 1 };
        self.last_feet = Some(feet);
        let stale = match &self.plan {
            None => true,
            Some(p) => p.room != current || p.goal != goal || self.still > STUCK_FRAMES,
        };
        if stale {
            self.still = 0;
            match route::path(here, feet, &goal) {
                Some(corners) => {
                    self.problem = None;
                    self.plan = Some(Plan {
                        room: current,
                        goal,
                        corners,
                        next: 0,
                        push,
                    });
                }
                None => {
                    self.plan = None;
                    self.problem = Some(format!(
                        "{what}: no path in {} from ({:.0}, {:.0})",
                        here.title, feet.x, feet.y
                    ));
                    return none;
                }
            }
        }
        let Some(plan) = &mut self.plan else {
            return none;
        };
        while plan
            .corners
            .get(plan.next)
            .is_some_and(|c| (*c - feet).abs().max_element() <= NEAR)
        {
            plan.next += 1;
        }
        let Some(corner) = plan.corners.get(plan.next) else {
            // There: into the door, or stand still.
            let key = plan.push.map(|f| match f {
                Facing::Up => map.up,
                Facing::Down => map.down,
                Facing::Left => map.left,
                Facing::Right => map.right,
            });
            return (key.into_iter().collect(), Vec::new());
        };
        // One axis at a time, as the path goes.
        let d = *corner - feet;
        let along = if d.x.abs() > NEAR {
            Vec2::new(d.x, 0.0)
        } else {
            Vec2::new(0.0, d.y)
        };
        (map.towards(along, 0.0), Vec::new())
    }
}
