//! Moving a walker's feet through a room: swept boxes against walls and
//! furniture, one axis at a time, so nothing tunnels at any speed and
//! sliding along a wall is smooth. Near a corner, a short sideways nudge
//! helps the walker round it instead of catching on it.

use bevy::math::{Rect, Vec2};

use super::map::{RoomMap, feet_box, overlaps};

/// How far (px) a walker blocked head-on may be nudged sideways to slip
/// past a corner: a bit more than half the feet box, so doorways one tile
/// wide are easy to enter without pixel-perfect aim.
pub(crate) const CORNER_NUDGE: f32 = 7.0;

/// Moves feet at `pos` by `delta`, stopping at obstacles. Returns the new position.
pub fn move_feet(map: &RoomMap, pos: Vec2, delta: Vec2) -> Vec2 {
    let mut p = pos;
    let ax = sweep(map, feet_box(p), delta.x, Axis::X);
    p.x += ax;
    let ay = sweep(map, feet_box(p), delta.y, Axis::Y);
    p.y += ay;

    // Corner assist: only for a move along one axis that was stopped.
    let blocked_x = delta.y == 0.0 && (ax - delta.x).abs() > 1e-4;
    let blocked_y = delta.x == 0.0 && (ay - delta.y).abs() > 1e-4;
    if blocked_x {
        p += nudge(map, p, delta.x, Axis::X);
    } else if blocked_y {
        p += nudge(map, p, delta.y, Axis::Y);
    }
    p
}

#[derive(Clone, Copy, PartialEq)]
enum Axis {
    X,
    Y,
}

/// How far a box can move along one axis before it touches something.
fn sweep(map: &RoomMap, b: Rect, d: f32, axis: Axis) -> f32 {
    if d == 0.0 {
        return 0.0;
    }
    let swept = match axis {
        Axis::X => Rect::new(
            b.min.x.min(b.min.x + d),
            b.min.y,
            b.max.x.max(b.max.x + d),
            b.max.y,
        ),
        Axis::Y => Rect::new(
            b.min.x,
            b.min.y.min(b.min.y + d),
            b.max.x,
            b.max.y.max(b.max.y + d),
        ),
    };
    let mut allowed = d;
    for o in map.obstacles(swept) {
        // Something we are already inside never holds us: walk out of it.
        if overlaps(o, b) {
            continue;
        }
        const EPS: f32 = 1e-3;
        let (lo, hi, o_lo, o_hi, side_ok) = match axis {
            Axis::X => (
                b.min.x,
                b.max.x,
                o.min.x,
                o.max.x,
                o.max.y > b.min.y + EPS && o.min.y < b.max.y - EPS,
            ),
            Axis::Y => (
                b.min.y,
                b.max.y,
                o.min.y,
                o.max.y,
                o.max.x > b.min.x + EPS && o.min.x < b.max.x - EPS,
            ),
        };
        if !side_ok {
            continue;
        }
        if d > 0.0 && o_lo >= hi - EPS {
            allowed = allowed.min(o_lo - hi);
        } else if d < 0.0 && o_hi <= lo + EPS {
            allowed = allowed.max(o_hi - lo);
        }
    }
    // Never move backwards because of rounding.
    if d > 0.0 {
        allowed.max(0.0)
    } else {
        allowed.min(0.0)
    }
}

/// A sideways step towards the nearest gap that would let the blocked move
/// through, or nothing if there is none within [`CORNER_NUDGE`].
fn nudge(map: &RoomMap, p: Vec2, d: f32, axis: Axis) -> Vec2 {
    let side = match axis {
        Axis::X => Vec2::Y,
        Axis::Y => Vec2::X,
    };
    let step = d.abs();
    let mut k = 1.0;
    while k <= CORNER_NUDGE {
        for sign in [1.0, -1.0] {
            let shifted = p + side * k * sign;
            let b = feet_box(shifted);
            if map.blocked(b) {
                continue;
            }
            // Is the way sideways to there clear, and would the move then go on?
            let clear = (sweep(map, feet_box(p), k * sign, other(axis)) - k * sign).abs() < 1e-4;
            let forward = sweep(map, b, d, axis);
            if clear && (forward - d).abs() < 1e-4 {
                return side * sign * step.min(k);
            }
        }
        k += 1.0;
    }
    Vec2::ZERO
}

fn other(a: Axis) -> Axis {
    match a {
        Axis::X => Axis::Y,
        Axis::Y => Axis::X,
    }
}

/// Whether feet at `pos` stand on free ground.
pub fn standable(map: &RoomMap, pos: Vec2) -> bool {
    !map.blocked(feet_box(pos))
}
