//! Fighting the dream battle with keys, as a player who knows the rules:
//! along each zone's glowing path, wait for the swarms to come and pulse
//! them, reassure Leo and breathe with him when he is scared, walk through
//! the door that opens, and at the core bring Leo close and reassure him.

use bevy::prelude::*;

use super::keymap::KeyMap;
use crate::dreamscape::{Battle, CALM_MAX, CorePhase, FearBody};
use crate::model::Companion;
use crate::model::DreamBattle;
use crate::model::Swarms;
use crate::model::room::{Complex, CurrentRoom};
use crate::model::vocab::FearKind;
use crate::model::{Player, Walker};

/// A scripted dream player. One who does not `care` never reassures Leo or
/// breathes with him: it only walks and pulses. A `careless` one walks
/// straight on without waiting for Leo and acts late: it pulses only when a
/// swarm is on top of Mira, reassures and breathes only when Leo is close
/// to breaking.
#[derive(Debug, Clone)]
pub struct DreamPlayer {
    pub cares: bool,
    pub careless: bool,
    breathing: bool,
    /// The lowest Leo's calm has fallen.
    pub lowest: f32,
}

/// What to press this frame: keys held, and keys tapped.
pub type Press = (Vec<KeyCode>, Vec<KeyCode>);

impl DreamPlayer {
    pub fn new(cares: bool) -> DreamPlayer {
        DreamPlayer {
            cares,
            careless: false,
            breathing: false,
            lowest: CALM_MAX,
        }
    }

    /// A player who walks straight on and acts late (see [`DreamPlayer`]).
    pub fn careless() -> DreamPlayer {
        DreamPlayer {
            careless: true,
            ..DreamPlayer::new(true)
        }
    }

    /// The keys for this frame while Mira walks a dream zone (nothing
    /// between zones, while the dream dissolves or once it is won).
    pub fn keys(&mut self, app: &mut App, map: &KeyMap) -> Press {
        let none = (Vec::new(), Vec::new());
        let b = app.world().resource::<Battle>().clone();
        self.lowest = self.lowest.min(b.calm);
        let mut mira = app.world_mut().query_filtered::<&Walker, With<Player>>();
        let Ok(mira) = mira.single(app.world()).cloned() else {
            return none;
        };
        let mut leo = app.world_mut().query_filtered::<&Walker, With<Companion>>();
        let Ok(leo) = leo.single(app.world()).cloned() else {
            return none;
        };
        let world = app.world();
        let (Some(complex), Some(room)) = (
            world.get_resource::<Complex>(),
            world.get_resource::<CurrentRoom>(),
        ) else {
            return none;
        };
        let Some(zone) = complex.room(&room.0) else {
            return none;
        };
        let Some(checkpoint) = &zone.checkpoint else {
            return none;
        };
        if b.dissolving.is_some() || b.won {
            return none;
        }
        let path_y = checkpoint.spot.feet.y;
        let beside = mira.feet.distance(leo.feet) < 40.0;
        // Where to go: the nearest swarm still asleep, the door once the
        // zone is calm, the core once its shield is all that is left.
        let wild: Vec<_> = b.packs.iter().filter(|p| !p.calm).collect();
        let target = if let Some(p) = wild.iter().find(|p| !p.noticed) {
            Some(Vec2::new(p.home.x, path_y))
        } else if !wild.is_empty() {
            None
        } else if let Some((core, phase)) = &b.core {
            (*phase == CorePhase::Shield).then(|| Vec2::new(core.centre.x - 30.0, path_y))
        } else {
            zone.doors
                .iter()
                .find(|d| d.rect.center().x > zone.size.x / 2.0)
                .map(|d| d.rect.center() - Vec2::new(0.0, d.rect.height() / 2.0 - 1.0))
        };
        // Pulse whenever a wild pack is mostly within reach.
        let reach = b.pulse_radius();
        let at = mira.feet + Vec2::new(0.0, 12.0);
        let mode = world
            .get_resource::<DreamBattle>()
            .copied()
            .unwrap_or_default();
        let cost = b.pulse_cost(mode);
        // Careful: half a swarm within reach. Careless: most of it, close.
        let (near, share) = if self.careless {
            (reach * 0.6, 0.75)
        } else {
            (reach - 6.0, 0.5)
        };
        // A careful player does not pulse with a mirror in reach (it throws
        // the pulse back at Leo).
        let mirrored = !self.careless && {
            let mut fears = app.world_mut().query::<&FearBody>();
            fears
                .iter(app.world())
                .any(|f| f.spec.kind == FearKind::Mirror && f.at.distance(at) <= reach)
        };
        let world = app.world();
        let sim = &world.resource::<Swarms>().sim;
        let pulse = !mirrored
            && b.energy >= cost
            && b.pulse_wait <= 0.0
            && wild.iter().any(|p| {
                let range = sim.flocks[p.flock].indices();
                let n = sim.pos[range.clone()]
                    .iter()
                    .filter(|q| q.distance(at) < near)
                    .count();
                n as f32 >= range.len() as f32 * share
            });
        let shield = b.core.as_ref().is_some_and(|(c, p)| {
            *p == CorePhase::Shield && c.centre.distance(leo.feet) < c.radius
        });
        // When to breathe (from, until) and to reassure: a careless player
        // only once Leo is close to breaking.
        let (breathe_below, breathe_until, reassure_below) = if self.careless {
            (18.0, 45.0, 30.0)
        } else {
            (35.0, 85.0, 70.0)
        };
        self.breathing = self.cares
            && beside
            && !shield
            && if self.breathing {
                b.calm < breathe_until || b.energy < 60.0 && wild.is_empty()
            } else {
                b.calm < breathe_below || (b.energy < cost && !wild.is_empty())
            };
        let reassure =
            self.cares && beside && b.reassure_wait <= 0.0 && (b.calm < reassure_below || shield);
        let mut held = Vec::new();
        if self.breathing {
            held.push(map.breathe);
        } else if let Some(t) = target {
            // Wait for Leo when he falls behind (a careless player walks on).
            if self.careless || mira.feet.distance(leo.feet) < 60.0 {
                held.extend(map.towards(t - mira.feet, 2.0));
            }
        }
        let mut taps = Vec::new();
        if pulse {
            taps.push(map.pulse);
        } else if reassure {
            taps.push(map.reassure);
        }
        (held, taps)
    }
}
