//! The room's walls as the nanobots see them.

use glam::Vec2;

/// The room's walls as the nanobots see them: solid cells (everything
/// outside the room is solid), and for each open cell next to walls, the
/// way out of them.
#[derive(Clone, Debug, Default)]
pub struct Walls {
    pub size: Vec2,
    cell: f32,
    inv_cell: f32,
    cols: i32,
    rows: i32,
    /// Row-major from the bottom row (game space, y up).
    solid: Vec<bool>,
    /// Unit-ish push away from neighbouring solid cells, per cell.
    push: Vec<Vec2>,
}

impl Walls {
    /// An open rectangle of `size` px: walls only beyond its edges.
    pub fn open(size: Vec2, cell: f32) -> Walls {
        let cols = (size.x / cell).ceil().max(1.0) as i32;
        let rows = (size.y / cell).ceil().max(1.0) as i32;
        Walls::from_cells(size, cell, cols, rows, |_, _| false)
    }

    /// Walls on a grid of `cols` × `rows` cells of `cell` px over `size`,
    /// `solid_at(column, row)` saying which are solid (rows from the
    /// bottom, game space: y up).
    pub fn from_cells(
        size: Vec2,
        cell: f32,
        cols: i32,
        rows: i32,
        solid_at: impl Fn(i32, i32) -> bool,
    ) -> Walls {
        let mut solid = Vec::with_capacity((cols * rows) as usize);
        for cy in 0..rows {
            for cx in 0..cols {
                solid.push(solid_at(cx, cy));
            }
        }
        let mut walls = Walls {
            size,
            cell,
            inv_cell: 1.0 / cell,
            cols,
            rows,
            solid,
            push: Vec::new(),
        };
        walls.push = (0..rows)
            .flat_map(|cy| (0..cols).map(move |cx| (cx, cy)))
            .map(|(cx, cy)| {
                let mut away = Vec2::ZERO;
                for dy in -1..=1 {
                    for dx in -1..=1 {
                        if (dx, dy) != (0, 0) && walls.solid_cell(cx + dx, cy + dy) {
                            away -= Vec2::new(dx as f32, dy as f32);
                        }
                    }
                }
                away.normalize_or_zero()
            })
            .collect();
        walls
    }

    pub(crate) fn solid_cell(&self, cx: i32, cy: i32) -> bool {
        if cx < 0 || cy < 0 || cx >= self.cols || cy >= self.rows {
            return true;
        }
        self.solid[(cy * self.cols + cx) as usize]
    }

    pub(crate) fn cell_of(&self, p: Vec2) -> (i32, i32) {
        (
            (p.x / self.cell).floor() as i32,
            (p.y / self.cell).floor() as i32,
        )
    }

    pub(crate) fn inside(&self, p: Vec2) -> bool {
        p.x >= 0.0 && p.y >= 0.0 && p.x < self.size.x && p.y < self.size.y
    }

    /// The index of the cell of a point inside the room (a cast is the
    /// floor for positive values, and cheaper).
    #[inline(always)]
    pub(crate) fn index_inside(&self, p: Vec2) -> usize {
        let cx = ((p.x * self.inv_cell) as i32).min(self.cols - 1);
        let cy = ((p.y * self.inv_cell) as i32).min(self.rows - 1);
        (cy * self.cols + cx) as usize
    }

    /// Whether a point is inside a wall or outside the room.
    #[inline]
    pub fn solid(&self, p: Vec2) -> bool {
        !self.inside(p) || self.solid[self.index_inside(p)]
    }

    /// Moves `p` at `v` for `dt`, one axis at a time: a nanobot never
    /// enters a solid cell, it slides along it and bounces off softly.
    /// Returns the new position and velocity.
    #[inline]
    pub(crate) fn slide(&self, p: Vec2, v: Vec2, dt: f32) -> (Vec2, Vec2) {
        // Most steps stay inside one open cell: nothing to hit.
        let to = p + v * dt;
        if self.inside(to) && self.index_inside(to) == self.index_inside(p) {
            return (to, v);
        }
        let (mut next, mut v_out) = (p, v);
        let try_x = Vec2::new(p.x + v.x * dt, p.y);
        if self.solid(try_x) {
            v_out.x = -v.x * 0.5;
        } else {
            next.x = try_x.x;
        }
        let try_y = Vec2::new(next.x, p.y + v.y * dt);
        if self.solid(try_y) {
            v_out.y = -v.y * 0.5;
        } else {
            next.y = try_y.y;
        }
        (next, v_out)
    }

    /// The way away from walls near `p` (zero in open space).
    #[inline]
    pub(crate) fn push_at(&self, p: Vec2) -> Vec2 {
        if !self.inside(p) {
            // Outside: back towards the middle of the room.
            return (self.size / 2.0 - p).normalize_or_zero();
        }
        self.push[self.index_inside(p)]
    }

    /// The open point nearest `p` among the centres of nearby cells (for
    /// spawning: an emitter's disc may overlap a wall).
    pub fn nearest_open(&self, p: Vec2) -> Option<Vec2> {
        if !self.solid(p) {
            return Some(p);
        }
        let (cx, cy) = self.cell_of(p);
        let mut best: Option<(f32, Vec2)> = None;
        for r in 1i32..6 {
            for dy in -r..=r {
                for dx in -r..=r {
                    if dx.abs() != r && dy.abs() != r {
                        continue;
                    }
                    if self.solid_cell(cx + dx, cy + dy) {
                        continue;
                    }
                    let c = Vec2::new((cx + dx) as f32 + 0.5, (cy + dy) as f32 + 0.5) * self.cell;
                    let d = c.distance_squared(p);
                    if best.is_none_or(|(bd, _)| d < bd) {
                        best = Some((d, c));
                    }
                }
            }
            if best.is_some() {
                break;
            }
        }
        best.map(|(_, c)| c)
    }
}
