//! Finding the way: which doors lead from one room to another (a search
//! over the door graph), and a path inside a room from Mira's feet to a
//! door, a trigger area or someone to talk to (A* over a fine lattice of
//! the positions her feet can stand on, against the room's Collision grid,
//! furniture and the people standing there in this act).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};

use bevy::math::{Rect, Vec2};

use crate::model::room::Complex;
use crate::model::room::map::{RoomMap, feet_box, overlaps};

/// Lattice spacing (px): finer than the slack in a one-tile doorway.
const STEP: f32 = 2.0;

/// Paths keep this far (px) from anything solid, so that Mira may stray
/// a step off the lattice while following one without catching on a corner.
const MARGIN: f32 = 1.5;

/// Where Mira is headed inside a room.
#[derive(Debug, Clone, PartialEq)]
pub enum Goal {
    /// Feet overlapping this area (a door, a trigger).
    Area(Rect),
    /// Within `range` of `at`, and nearer to it than to anyone in `others`
    /// (so that the talk key picks that person).
    Near {
        at: Vec2,
        range: f32,
        others: Vec<Vec2>,
    },
}

impl Goal {
    pub fn reached(&self, feet: Vec2) -> bool {
        match self {
            Goal::Area(area) => overlaps(feet_box(feet), *area),
            Goal::Near { at, range, others } => {
                let d = feet.distance(*at);
                d <= *range && others.iter().all(|o| feet.distance(*o) > d + 1.0)
            }
        }
    }

    /// A lower bound of the distance still to walk, for A*.
    fn estimate(&self, feet: Vec2) -> f32 {
        match self {
            Goal::Area(area) => {
                let b = feet_box(feet);
                let dx = (area.min.x - b.max.x).max(b.min.x - area.max.x).max(0.0);
                let dy = (area.min.y - b.max.y).max(b.min.y - area.max.y).max(0.0);
                dx + dy
            }
            Goal::Near { at, range, .. } => (feet.distance(*at) - range).max(0.0),
        }
    }
}

/// The doors to take, one per room, from room `from` to room `to` (by
/// iid), fewest first: (room, door in it). Empty if already there; none if
/// no door leads there.
pub(crate) fn doors_between(
    complex: &Complex,
    from: &str,
    to: &str,
) -> Option<Vec<(String, String)>> {
    let mut came: HashMap<String, (String, String)> = HashMap::new();
    let mut queue = VecDeque::from([from.to_string()]);
    while let Some(room) = queue.pop_front() {
        if room == to {
            let mut doors = Vec::new();
            let mut at = room;
            while let Some((prev, door)) = came.get(&at) {
                doors.push((prev.clone(), door.clone()));
                at = prev.clone();
            }
            doors.reverse();
            return Some(doors);
        }
        let Some(map) = complex.room(&room) else {
            continue;
        };
        for door in &map.doors {
            let Some(target) = &door.target else { continue };
            let leads = complex
                .room(&target.level_iid)
                .is_some_and(|r| r.door(&target.entity_iid).is_some());
            if leads && target.level_iid != from && !came.contains_key(&target.level_iid) {
                came.insert(target.level_iid.clone(), (room.clone(), door.iid.clone()));
                queue.push_back(target.level_iid.clone());
            }
        }
    }
    None
}

/// The corners of a path from `start` to a position meeting `goal`, each
/// reached from the one before by walking straight along one axis. Empty if
/// `start` already meets it; none if the goal cannot be reached.
pub fn path(room: &RoomMap, start: Vec2, goal: &Goal) -> Option<Vec<Vec2>> {
    if goal.reached(start) {
        return Some(Vec::new());
    }
    // Keep clear of walls where there is room to; squeeze past otherwise.
    search(room, start, goal, MARGIN).or_else(|| search(room, start, goal, 0.0))
}

/// A* over the lattice through `start`, four neighbours, unit steps.
fn search(room: &RoomMap, start: Vec2, goal: &Goal, margin: f32) -> Option<Vec<Vec2>> {
    // Lattice columns and rows covering the room, with `start` on a point.
    let left = (start.x / STEP).floor() as i64;
    let below = (start.y / STEP).floor() as i64;
    let cols = left + ((room.size.x - start.x) / STEP).floor() as i64 + 1;
    let rows = below + ((room.size.y - start.y) / STEP).floor() as i64 + 1;
    if cols <= 0 || rows <= 0 {
        return None;
    }
    let point = |i: usize| {
        let (x, y) = ((i as i64 % cols) - left, (i as i64 / cols) - below);
        start + Vec2::new(x as f32, y as f32) * STEP
    };
    let n = (cols * rows) as usize;
    // Per point: unknown, clear or blocked, worked out as the search comes by.
    let mut clear: Vec<Option<bool>> = vec![None; n];
    let mut is_clear = |i: usize| {
        *clear[i].get_or_insert_with(|| {
            let b = feet_box(point(i));
            let grown = Rect::new(
                b.min.x - margin,
                b.min.y - margin,
                b.max.x + margin,
                b.max.y + margin,
            );
            !room.blocked(grown)
        })
    };
    let origin = (below * cols + left) as usize;
    let mut cost: Vec<u32> = vec![u32::MAX; n];
    let mut came: Vec<usize> = vec![usize::MAX; n];
    let mut open = BinaryHeap::new();
    cost[origin] = 0;
    let h = |i: usize| (goal.estimate(point(i)) / STEP).floor() as u32;
    open.push(Reverse((h(origin), origin)));
    while let Some(Reverse((_, i))) = open.pop() {
        if goal.reached(point(i)) {
            return Some(corners(&came, i, point));
        }
        let (x, y) = (i as i64 % cols, i as i64 / cols);
        for (nx, ny) in [(x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)] {
            if nx < 0 || ny < 0 || nx >= cols || ny >= rows {
                continue;
            }
            let j = (ny * cols + nx) as usize;
            let c = cost[i] + 1;
            if c < cost[j] && is_clear(j) {
                cost[j] = c;
                came[j] = i;
                open.push(Reverse((c + h(j), j)));
            }
        }
    }
    None
}

/// The turning points of the path ending at `end`, and its end.
fn corners(came: &[usize], end: usize, point: impl Fn(usize) -> Vec2) -> Vec<Vec2> {
    let mut cells = vec![end];
    while let Some(&prev) = came
        .get(*cells.last().unwrap())
        .filter(|p| **p != usize::MAX)
    {
        cells.push(prev);
    }
    cells.reverse();
    let points: Vec<Vec2> = cells.into_iter().map(point).collect();
    let mut out = Vec::new();
    for w in points.windows(3) {
        let (a, b, c) = (w[0], w[1], w[2]);
        let turns = (b - a).normalize_or_zero() != (c - b).normalize_or_zero();
        if turns {
            out.push(b);
        }
    }
    if let Some(last) = points.last()
        && points.len() > 1
    {
        out.push(*last);
    }
    out
}
