//! Where Mira can get to in a room: a flood fill over the positions her
//! feet can stand on, in small steps. Used to check that no piece of
//! furniture walls off a door or a person.

use std::collections::VecDeque;

use bevy::math::{Rect, Vec2};

use crate::model::room::collision::standable;
use crate::model::room::map::{FEET_HALF_WIDTH, FEET_HEIGHT, RoomMap, feet_box, overlaps};

/// Lattice spacing in pixels: smaller than the thinnest solid thing (a
/// 4-pixel footprint), so a step never skips over one.
const STEP: f32 = 2.0;

/// The standable positions reachable from some starting points.
pub(crate) struct Reach {
    origin: Vec2,
    cols: usize,
    rows: usize,
    seen: Vec<bool>,
}

impl Reach {
    /// Floods out from every standable start.
    pub fn from(room: &RoomMap, starts: &[Vec2]) -> Reach {
        let origin = Vec2::ZERO;
        let cols = (room.size.x / STEP).ceil() as usize + 1;
        let rows = (room.size.y / STEP).ceil() as usize + 1;
        let mut reach = Reach {
            origin,
            cols,
            rows,
            seen: vec![false; cols * rows],
        };
        let mut queue = VecDeque::new();
        for start in starts {
            if let Some(i) = reach.nearest_standable(room, *start) {
                reach.seen[i] = true;
                queue.push_back(i);
            }
        }
        while let Some(i) = queue.pop_front() {
            let (x, y) = (i % cols, i / cols);
            let neighbours = [
                (x.wrapping_sub(1), y),
                (x + 1, y),
                (x, y.wrapping_sub(1)),
                (x, y + 1),
            ];
            for (nx, ny) in neighbours {
                if nx >= cols || ny >= rows {
                    continue;
                }
                let j = ny * cols + nx;
                if !reach.seen[j] && standable(room, reach.point(j)) {
                    reach.seen[j] = true;
                    queue.push_back(j);
                }
            }
        }
        reach
    }

    fn point(&self, i: usize) -> Vec2 {
        self.origin + Vec2::new((i % self.cols) as f32, (i / self.cols) as f32) * STEP
    }

    /// The lattice point nearest to `p` that feet can stand on, searching a
    /// few steps around (an entry spot may sit between lattice points).
    fn nearest_standable(&self, room: &RoomMap, p: Vec2) -> Option<usize> {
        let cx = ((p.x - self.origin.x) / STEP).round() as i64;
        let cy = ((p.y - self.origin.y) / STEP).round() as i64;
        (0..=3i64)
            .flat_map(|r| (-r..=r).flat_map(move |dx| (-r..=r).map(move |dy| (cx + dx, cy + dy))))
            .filter(|(x, y)| {
                *x >= 0 && *y >= 0 && (*x as usize) < self.cols && (*y as usize) < self.rows
            })
            .map(|(x, y)| y as usize * self.cols + x as usize)
            .find(|i| standable(room, self.point(*i)))
    }

    fn points(&self) -> impl Iterator<Item = Vec2> + '_ {
        self.seen
            .iter()
            .enumerate()
            .filter(|(_, s)| **s)
            .map(|(i, _)| self.point(i))
    }

    /// The reachable positions within `area` (and a step around it): only
    /// the lattice there is looked at, however large the room.
    fn points_in(&self, area: Rect) -> impl Iterator<Item = Vec2> + '_ {
        let index = |v: f32, n: usize| {
            ((v / STEP).floor() as i64).clamp(0, n.saturating_sub(1) as i64) as usize
        };
        let (x0, x1) = (
            index(area.min.x - self.origin.x - STEP, self.cols),
            index(area.max.x - self.origin.x + STEP, self.cols),
        );
        let (y0, y1) = (
            index(area.min.y - self.origin.y - STEP, self.rows),
            index(area.max.y - self.origin.y + STEP, self.rows),
        );
        (y0..=y1)
            .flat_map(move |y| (x0..=x1).map(move |x| y * self.cols + x))
            .filter(|&i| self.seen.get(i).copied().unwrap_or(false))
            .map(|i| self.point(i))
    }

    /// Whether reachable feet can touch `area` (a door, a trigger).
    pub(crate) fn touches(&self, area: Rect) -> bool {
        // Grow the area by a step: walking pushes the feet right up to it.
        let grown = Rect::new(
            area.min.x - STEP,
            area.min.y - STEP,
            area.max.x + STEP,
            area.max.y + STEP,
        );
        // Feet that overlap it stand within their own box's size of it.
        let near = Rect::new(
            grown.min.x - FEET_HALF_WIDTH,
            grown.min.y - FEET_HEIGHT,
            grown.max.x + FEET_HALF_WIDTH,
            grown.max.y,
        );
        self.points_in(near).any(|p| overlaps(feet_box(p), grown))
    }

    /// The reachable position nearest to `p`, if anything is reachable.
    pub fn nearest(&self, p: Vec2) -> Option<Vec2> {
        self.points()
            .min_by(|a, b| a.distance_squared(p).total_cmp(&b.distance_squared(p)))
    }

    /// Whether reachable feet come within `range` of `target`.
    pub(crate) fn comes_within(&self, target: Vec2, range: f32) -> bool {
        let around = Rect::from_center_half_size(target, Vec2::splat(range.max(0.0)));
        self.points_in(around).any(|p| p.distance(target) <= range)
    }
}
