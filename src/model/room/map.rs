//! What the game needs to know about a room, read straight from the LDtk
//! level: walls, solid furniture, doors, triggers, who stands where.
//!
//! Game space is LDtk's pixel space with y flipped: the room's bottom-left
//! corner is the origin and y grows upwards, as in Bevy.

use bevy::math::{Rect, Vec2};
use bevy_ecs_ldtk::ldtk::{EntityInstance, Level, Type};
use bevy_ecs_ldtk::prelude::LdtkFields;

use crate::model::vocab::{self, Facing, FearKind, SwarmMode, SwarmShape};
use biodental_story::Character;
use biodental_story::{Act, Ending};

pub use super::staging::Spot;
use super::staging::placement;

/// Mira and the other walkers collide with a small box at their feet.
pub const FEET_HALF_WIDTH: f32 = 5.0;
pub const FEET_HEIGHT: f32 = 6.0;

/// People standing still block a slightly larger box, so Mira stops just
/// short of them rather than treading on their toes.
const NPC_HALF_WIDTH: f32 = 6.0;
const NPC_HEIGHT: f32 = 7.0;

/// How far in front of a door Mira arrives, beyond the door's own area.
const ARRIVAL_MARGIN: f32 = 10.0;

/// The collision box of someone whose feet are at `feet`.
pub fn feet_box(feet: Vec2) -> Rect {
    Rect::new(
        feet.x - FEET_HALF_WIDTH,
        feet.y,
        feet.x + FEET_HALF_WIDTH,
        feet.y + FEET_HEIGHT,
    )
}

/// Where an `EntityRef` field points (a door's other side, a swarm's patient),
/// by the iids LDtk gives them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DoorTarget {
    pub level_iid: String,
    pub entity_iid: String,
}

impl DoorTarget {
    /// The door a Door entity's `target` field points at.
    pub(crate) fn of(door: &EntityInstance) -> Option<DoorTarget> {
        door.get_entity_ref_field("target")
            .ok()
            .map(|r| DoorTarget {
                level_iid: r.level_iid.clone(),
                entity_iid: r.entity_iid.clone(),
            })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct DoorSpec {
    pub iid: String,
    pub rect: Rect,
    /// The way Mira walks to go through it.
    pub facing: Facing,
    pub target: Option<DoorTarget>,
}

impl DoorSpec {
    /// Where someone coming through this door from elsewhere appears: just
    /// inside the room, in front of the door, facing away from it.
    pub fn arrival(&self) -> Spot {
        let dir = self.facing.vector();
        let half = self.rect.half_size();
        let reach = (dir * half).length() + ARRIVAL_MARGIN;
        // The feet are the bottom of the box; centre the box on the spot.
        let centre = self.rect.center() - dir * reach;
        Spot {
            iid: self.iid.clone(),
            feet: centre - Vec2::new(0.0, FEET_HEIGHT / 2.0),
            facing: opposite(self.facing),
            acts: Vec::new(),
            endings: Vec::new(),
        }
    }
}

fn opposite(f: Facing) -> Facing {
    match f {
        Facing::Up => Facing::Down,
        Facing::Down => Facing::Up,
        Facing::Left => Facing::Right,
        Facing::Right => Facing::Left,
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct TriggerSpec {
    pub iid: String,
    pub rect: Rect,
    pub event: String,
    pub once: bool,
    /// What the prompt says where Mira can use something here (she presses
    /// the talk button and the story hears `Used`); none: stepping in is
    /// enough (the story hears `Entered`).
    pub prompt: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EmitterSpec {
    pub iid: String,
    pub centre: Vec2,
    pub count: i32,
    pub mode: SwarmMode,
    pub shape: SwarmShape,
    pub radius: f32,
    /// The iid of the Character it treats (see [`RoomMap::patient`]).
    pub target: Option<String>,
}

/// One of Leo's fears in a dream zone.
#[derive(Clone, Debug, PartialEq)]
pub struct FearSpec {
    pub iid: String,
    pub kind: FearKind,
    /// Where it stands, then the points of its patrol (game space), walked
    /// there and back.
    pub path: Vec<Vec2>,
    pub radius: f32,
    /// Calm drained per second with Leo at its heart.
    pub strength: f32,
    /// Px per second along its patrol.
    pub speed: f32,
}

/// Malfunctioning nanobots in a dream zone.
#[derive(Clone, Debug, PartialEq)]
pub struct NightmareSpec {
    pub iid: String,
    pub centre: Vec2,
    pub count: u32,
    pub radius: f32,
    /// Calm drained per second when the whole swarm is on Leo.
    pub strength: f32,
}

/// The heart of the malfunction, in the last dream zone.
#[derive(Clone, Debug, PartialEq)]
pub struct CoreSpec {
    pub iid: String,
    pub centre: Vec2,
    pub waves: u32,
    pub count: u32,
    pub radius: f32,
}

/// Where Mira and Leo wake in a dream zone, and which zone it is.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckpointSpec {
    pub zone: u32,
    pub spot: Spot,
}

/// One room of the complex, as the game plays it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RoomMap {
    pub iid: String,
    pub identifier: String,
    pub title: String,
    pub size: Vec2,
    pub cell: f32,
    pub cols: usize,
    pub rows: usize,
    /// Solid cells, row-major from the top row (LDtk order).
    solid: Vec<bool>,
    /// Solid furniture footprints and the feet of the people here now, in
    /// game space (see [`RoomMap::stage`]).
    pub blockers: Vec<Rect>,
    /// Solid furniture footprints.
    furniture: Vec<Rect>,
    pub doors: Vec<DoorSpec>,
    pub triggers: Vec<TriggerSpec>,
    pub emitters: Vec<EmitterSpec>,
    pub characters: Vec<(Character, Spot)>,
    pub player_start: Option<Spot>,
    /// Where Mira is taken when an act begins (its one act is in `acts`).
    pub act_starts: Vec<Spot>,
    /// A dream zone's checkpoint (rooms of the complex have none).
    pub checkpoint: Option<CheckpointSpec>,
    pub fears: Vec<FearSpec>,
    pub nightmares: Vec<NightmareSpec>,
    pub core: Option<CoreSpec>,
}

impl RoomMap {
    /// Who stands in the room during `act` of a story that reached
    /// `ending`: only they block the way.
    pub(crate) fn stage(&mut self, act: Act, ending: Option<Ending>) {
        self.blockers = self.blocking(Some((act, ending)));
    }

    /// Furniture and the feet of the people here in that act and ending
    /// (of everyone placed here, for none).
    fn blocking(&self, now: Option<(Act, Option<Ending>)>) -> Vec<Rect> {
        let people = self
            .characters
            .iter()
            .filter(|(_, spot)| now.is_none_or(|(a, e)| spot.staged(a, e)))
            .map(|(_, spot)| {
                Rect::new(
                    spot.feet.x - NPC_HALF_WIDTH,
                    spot.feet.y,
                    spot.feet.x + NPC_HALF_WIDTH,
                    spot.feet.y + NPC_HEIGHT,
                )
            });
        self.furniture.iter().copied().chain(people).collect()
    }

    /// Reads a level. Missing or malformed values fall back to defaults here;
    /// `check-levels` (and the loading screen) report them first.
    pub fn from_level(level: &Level) -> RoomMap {
        let size = Vec2::new(level.px_wid as f32, level.px_hei as f32);
        let mut map = RoomMap {
            iid: level.iid.clone(),
            identifier: level.identifier.clone(),
            title: level_title(level).unwrap_or_else(|| level.identifier.clone()),
            size,
            cell: 16.0,
            ..Default::default()
        };
        let layers = level.layer_instances.as_deref().unwrap_or_default();
        if let Some(grid) = layers.iter().find(|l| {
            l.identifier == vocab::LAYER_COLLISION && l.layer_instance_type == Type::IntGrid
        }) {
            map.cell = grid.grid_size as f32;
            map.cols = grid.c_wid.max(0) as usize;
            map.rows = grid.c_hei.max(0) as usize;
            map.solid = (0..map.cols * map.rows)
                .map(|i| grid.int_grid_csv.get(i).copied().unwrap_or(0) != 0)
                .collect();
        }
        for layer in layers
            .iter()
            .filter(|l| l.layer_instance_type == Type::Entities)
        {
            for e in &layer.entity_instances {
                map.add_entity(e, size.y);
            }
        }
        // Until an act stages the room, everyone placed here blocks the way.
        map.blockers = map.blocking(None);
        map
    }

    fn add_entity(&mut self, e: &EntityInstance, level_height: f32) {
        let rect = entity_rect(e, level_height);
        let feet = Vec2::new(rect.center().x, rect.min.y);
        let facing = e
            .get_enum_field("facing")
            .ok()
            .map(String::as_str)
            .and_then(Facing::from_ldtk)
            .unwrap_or_default();
        let (acts, endings) = placement(e);
        let spot = Spot {
            iid: e.iid.clone(),
            feet,
            facing,
            acts,
            endings,
        };
        match e.identifier.as_str() {
            vocab::PLAYER_START => self.player_start = Some(spot),
            vocab::ACT_START => {
                if let Some(act) = e.get_enum_field("act").ok().and_then(|a| Act::from_name(a)) {
                    self.act_starts.push(Spot {
                        acts: vec![act],
                        ..spot
                    });
                }
            }
            vocab::CHARACTER => {
                if let Some(who) = e
                    .get_enum_field("character")
                    .ok()
                    .map(String::as_str)
                    .and_then(Character::from_ldtk)
                {
                    self.characters.push((who, spot));
                }
            }
            vocab::DOOR => self.doors.push(DoorSpec {
                iid: e.iid.clone(),
                rect,
                facing,
                target: DoorTarget::of(e),
            }),
            vocab::TRIGGER => self.triggers.push(TriggerSpec {
                iid: e.iid.clone(),
                rect,
                event: e.get_string_field("event").cloned().unwrap_or_default(),
                once: e.get_bool_field("once").ok().copied().unwrap_or(true),
                prompt: e
                    .get_string_field("prompt")
                    .ok()
                    .filter(|p| !p.trim().is_empty())
                    .cloned(),
            }),
            vocab::NANOBOT_EMITTER => self.emitters.push(EmitterSpec {
                iid: e.iid.clone(),
                centre: rect.center(),
                count: e.get_int_field("count").ok().copied().unwrap_or(0),
                mode: e
                    .get_enum_field("mode")
                    .ok()
                    .map(String::as_str)
                    .and_then(SwarmMode::from_ldtk)
                    .unwrap_or_default(),
                shape: e
                    .get_enum_field("shape")
                    .ok()
                    .map(String::as_str)
                    .and_then(SwarmShape::from_ldtk)
                    .unwrap_or_default(),
                radius: e.get_float_field("radius").ok().copied().unwrap_or(32.0),
                target: e
                    .get_entity_ref_field("target")
                    .ok()
                    .map(|t| t.entity_iid.clone()),
            }),
            vocab::PROP => {
                if let Some(footprint) = prop_footprint(e, level_height) {
                    self.furniture.push(footprint);
                }
            }
            vocab::DREAM_CHECKPOINT => {
                self.checkpoint = Some(CheckpointSpec {
                    zone: e.get_int_field("zone").ok().copied().unwrap_or(1).max(1) as u32,
                    spot,
                })
            }
            vocab::FEAR => {
                let mut path = vec![rect.center()];
                path.extend(
                    e.get_maybe_points_field("path")
                        .into_iter()
                        .flatten()
                        .flatten()
                        .map(|p| self.cell_centre(p.x, p.y, level_height)),
                );
                self.fears.push(FearSpec {
                    iid: e.iid.clone(),
                    kind: e
                        .get_enum_field("kind")
                        .ok()
                        .map(String::as_str)
                        .and_then(FearKind::from_ldtk)
                        .unwrap_or_default(),
                    path,
                    radius: e.get_float_field("radius").ok().copied().unwrap_or(40.0),
                    strength: e.get_float_field("strength").ok().copied().unwrap_or(10.0),
                    speed: e.get_float_field("speed").ok().copied().unwrap_or(24.0),
                });
            }
            vocab::NIGHTMARE_SWARM => self.nightmares.push(NightmareSpec {
                iid: e.iid.clone(),
                centre: rect.center(),
                count: e.get_int_field("count").ok().copied().unwrap_or(40).max(1) as u32,
                radius: e.get_float_field("radius").ok().copied().unwrap_or(40.0),
                strength: e.get_float_field("strength").ok().copied().unwrap_or(12.0),
            }),
            vocab::SWARM_CORE => {
                self.core = Some(CoreSpec {
                    iid: e.iid.clone(),
                    centre: rect.center(),
                    waves: e.get_int_field("waves").ok().copied().unwrap_or(2).max(1) as u32,
                    count: e.get_int_field("count").ok().copied().unwrap_or(50).max(1) as u32,
                    radius: e.get_float_field("radius").ok().copied().unwrap_or(64.0),
                })
            }
            _ => {}
        }
    }

    /// The game-space centre of the grid cell at column `cx`, row `cy`
    /// (counted from the top) of a level `level_height` px high.
    fn cell_centre(&self, cx: i32, cy: i32, level_height: f32) -> Vec2 {
        Vec2::new(
            (cx as f32 + 0.5) * self.cell,
            level_height - (cy as f32 + 0.5) * self.cell,
        )
    }

    /// Whether the cell at column `cx`, row `cy` (counted from the top) is a wall.
    /// Everything outside the room is.
    pub fn solid_cell(&self, cx: i64, cy: i64) -> bool {
        if cx < 0 || cy < 0 || cx >= self.cols as i64 || cy >= self.rows as i64 {
            return true;
        }
        self.solid[cy as usize * self.cols + cx as usize]
    }

    /// The room's walls as the nanobots see them (its Collision IntGrid).
    pub fn walls(&self) -> biodental_swarm::Walls {
        use biodental_swarm::Walls;
        if self.cols == 0 || self.cell <= 0.0 {
            return Walls::open(self.size, 16.0);
        }
        let rows = self.rows as i32;
        Walls::from_cells(self.size, self.cell, self.cols as i32, rows, |cx, cy| {
            // Walls count rows from the bottom, rooms from the top.
            self.solid_cell(cx as i64, (rows - 1 - cy) as i64)
        })
    }

    /// Game-space rectangle of a cell given by column and row from the top.
    pub fn cell_rect(&self, cx: i64, cy: i64) -> Rect {
        let x = cx as f32 * self.cell;
        let top = self.size.y - cy as f32 * self.cell;
        Rect::new(x, top - self.cell, x + self.cell, top)
    }

    /// Every solid rectangle touching `area`: walls, the space outside the
    /// room, furniture and people.
    pub(crate) fn obstacles(&self, area: Rect) -> Vec<Rect> {
        let mut out = Vec::new();
        if self.cols > 0 && self.cell > 0.0 {
            let x0 = (area.min.x / self.cell).floor() as i64 - 1;
            let x1 = (area.max.x / self.cell).floor() as i64 + 1;
            let y0 = ((self.size.y - area.max.y) / self.cell).floor() as i64 - 1;
            let y1 = ((self.size.y - area.min.y) / self.cell).floor() as i64 + 1;
            for cy in y0..=y1 {
                for cx in x0..=x1 {
                    if self.solid_cell(cx, cy) {
                        out.push(self.cell_rect(cx, cy));
                    }
                }
            }
        } else {
            // A room without a collision layer is still closed by its edges.
            let (w, h) = (self.size.x, self.size.y);
            out.extend([
                Rect::new(-64.0, -64.0, 0.0, h + 64.0),
                Rect::new(w, -64.0, w + 64.0, h + 64.0),
                Rect::new(-64.0, -64.0, w + 64.0, 0.0),
                Rect::new(-64.0, h, w + 64.0, h + 64.0),
            ]);
        }
        out.extend(self.blockers.iter().copied().filter(|b| overlaps(*b, area)));
        out
    }

    /// Whether a box overlaps anything solid.
    pub fn blocked(&self, r: Rect) -> bool {
        self.obstacles(r).iter().any(|o| overlaps(*o, r))
    }

    /// Where `who` stands in this room during `act` (any act: none), if
    /// they are placed here then.
    pub fn person(&self, who: Character, act: Option<Act>) -> Option<&Spot> {
        self.characters
            .iter()
            .find(|(c, spot)| *c == who && act.is_none_or(|a| spot.in_act(a)))
            .map(|(_, spot)| spot)
    }

    /// Where the head of the person placed as `iid` is during `act`, if
    /// they are here then (a swarm's target).
    pub fn patient(&self, iid: &str, act: Option<Act>) -> Option<Vec2> {
        self.characters
            .iter()
            .find(|(_, spot)| spot.iid == iid && act.is_none_or(|a| spot.in_act(a)))
            .map(|(_, spot)| spot.feet + Vec2::new(0.0, 12.0))
    }

    /// Where Mira comes into the room: the PlayerStart, else in front of
    /// the first door. Everything in a room must be reachable from here.
    pub fn entry(&self) -> Option<Vec2> {
        self.player_start
            .as_ref()
            .map(|s| s.feet)
            .or_else(|| self.doors.first().map(|d| d.arrival().feet))
    }

    pub fn door(&self, iid: &str) -> Option<&DoorSpec> {
        self.doors.iter().find(|d| d.iid == iid)
    }

    /// Where someone arriving at the entity `iid` stands: in front of a
    /// door, or on a dream zone's checkpoint.
    pub fn arrival(&self, iid: &str) -> Option<Spot> {
        self.door(iid).map(DoorSpec::arrival).or_else(|| {
            self.checkpoint
                .as_ref()
                .filter(|c| c.spot.iid == iid)
                .map(|c| c.spot.clone())
        })
    }
}

/// Strict overlap: boxes that only touch do not overlap.
pub fn overlaps(a: Rect, b: Rect) -> bool {
    const EPS: f32 = 1e-3;
    a.min.x < b.max.x - EPS
        && a.max.x > b.min.x + EPS
        && a.min.y < b.max.y - EPS
        && a.max.y > b.min.y + EPS
}

/// An entity's box in game space, from its LDtk position, size and pivot.
pub(crate) fn entity_rect(e: &EntityInstance, level_height: f32) -> Rect {
    let (w, h) = (e.width as f32, e.height as f32);
    let left = e.px.x as f32 - e.pivot.x * w;
    let top = e.px.y as f32 - e.pivot.y * h;
    Rect::new(left, level_height - top - h, left + w, level_height - top)
}

/// An entity's box, given the layer entity bevy_ecs_ldtk spawned it under
/// (which knows the level's height).
pub(crate) fn placed_rect(
    e: &EntityInstance,
    layer: Option<&bevy_ecs_ldtk::prelude::LayerMetadata>,
) -> Rect {
    let level_height = layer.map(|l| (l.c_hei * l.grid_size) as f32).unwrap_or(0.0);
    entity_rect(e, level_height)
}

/// The bottom centre of a box: where someone standing in it has their feet.
pub(crate) fn feet_of(rect: Rect) -> Vec2 {
    Vec2::new(rect.center().x, rect.min.y)
}

/// The solid base of a prop: its tile's width, `footprint` pixels tall,
/// standing on the entity's bottom edge.
pub(crate) fn prop_footprint(e: &EntityInstance, level_height: f32) -> Option<Rect> {
    if !e.get_bool_field("solid").ok().copied().unwrap_or(true) {
        return None;
    }
    let rect = entity_rect(e, level_height);
    let width = e
        .get_tile_field("tile")
        .ok()
        .map(|t| t.w as f32)
        .unwrap_or(rect.width());
    let footprint = e
        .get_int_field("footprint")
        .ok()
        .copied()
        .unwrap_or(8)
        .max(0) as f32;
    if footprint == 0.0 {
        return None;
    }
    let cx = rect.center().x;
    Some(Rect::new(
        cx - width / 2.0,
        rect.min.y,
        cx + width / 2.0,
        rect.min.y + footprint,
    ))
}

pub(crate) fn level_title(level: &Level) -> Option<String> {
    level
        .get_string_field(vocab::LEVEL_TITLE)
        .ok()
        .filter(|s| !s.trim().is_empty())
        .cloned()
}
