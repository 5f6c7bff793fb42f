//! The battle in the dream: Leo's calm, the fears and swarms that drain it,
//! and what Mira does about them. The zones come and go in `zone`; what
//! happens in one from moment to moment is in `actions`.

mod actions;
mod zone;

use std::collections::VecDeque;

use bevy::prelude::*;

use crate::core::{Activity, Screen};
use crate::core::{AppSystems, PausableSystems};
use crate::input::Controls;
use crate::model::DreamBattle;
use crate::model::InAct;
use crate::model::Notice;
use crate::model::StoryEvent;
use crate::model::room::collision::move_feet;
use crate::model::room::map::DoorTarget;
use crate::model::room::map::{CoreSpec, FearSpec, Spot};
use crate::model::room::{
    Complex, CurrentRoom, Destination, LevelsReloaded, RoomMap, SealedDoors, Transition,
};
use crate::model::vocab::{Facing, FearKind, SwarmMode, SwarmShape};
use crate::model::{Companion, Player, Pose, Walker};
use crate::model::{HeldStill, Hold, Mira};
use crate::model::{Pace, Swarms};
use crate::theme::{RingImage, ripple};
use biodental_story::{Act, StoryState, Trigger};
use biodental_swarm::{FlockSpec, Swarm};

use actions::*;
use zone::*;

/// Leo's calm, full.
pub const CALM_MAX: f32 = 100.0;
/// Mira's energy for pulses, full.
pub(crate) const ENERGY_MAX: f32 = 100.0;
/// How close Mira must be to Leo to reassure him or breathe with him (px).
pub(crate) const BESIDE: f32 = 44.0;
/// Calm a reassurance gives back, and how long before the next.
const REASSURE_CALM: f32 = 22.0;
const REASSURE_WAIT: f32 = 6.0;
/// After a reassurance Leo is braver for a while: drains are halved.
const COURAGE: f32 = 4.0;
/// While breathing together: the dream's pace, and what comes back per second.
const BREATH_PACE: f32 = 0.35;
const BREATH_CALM: f32 = 9.0;
const BREATH_ENERGY: f32 = 20.0;
/// The dream's pace while it dissolves.
const DISSOLVING_PACE: f32 = 0.2;
/// A pulse: its energy, its reach around Mira (px), the wait after it.
const PULSE_COST: f32 = 30.0;
const PULSE_RADIUS: f32 = 64.0;
const PULSE_WAIT: f32 = 1.0;
/// Energy coming back by itself, per second.
const ENERGY_RECHARGE: f32 = 7.0;
/// Leo's own light, once he is brave: its reach around him (px).
const LIGHT_RADIUS: f32 = 60.0;
/// Each zone cleared makes Leo this much less afraid (a fraction of every drain).
const BRAVERY_PER_ZONE: f32 = 0.12;
/// Nanobots in a pack: a pulse turns packs, not single nanobots.
const PACK: u32 = 10;
/// A pack notices Leo this close to its home, and chases him from then on (px).
const NOTICE: f32 = 120.0;
/// A malfunctioning nanobot this close to Leo's head drains his calm (px).
const HARASS: f32 = 24.0;
/// The waiting room's clocks: after Mira has stood still this long (s),
/// they run and frighten faster, up to [`MAX_QUICKENING`] times.
pub(crate) const STILL_GRACE: f32 = 1.0;
const QUICKENING_PER_SECOND: f32 = 0.5;
const MAX_QUICKENING: f32 = 3.0;
/// The garden's drill-bees hear Mira this close (px, from her feet), chase
/// Leo this much faster than they patrol, and give up this far (px) from
/// their patrol.
const HEARING: f32 = 56.0;
const CHASE: f32 = 1.8;
const LEASH: f32 = 150.0;
/// The hall of mirrors: calm a pulse thrown back by a mirror costs Leo.
const REFLECTED_CALM: f32 = 12.0;
/// Leo keeps this far behind Mira, and walks this fast (px, px/s).
const FOLLOW: f32 = 18.0;
const LEO_SPEED: f32 = 96.0;
/// The dream dissolving: to white-violet and back (s).
pub(crate) const DISSOLVE: f32 = 2.0;

/// The dream's tileset: its fears, core and seals are sprites too.
const DREAM_PATH: &str = "levels://tilesets/dream.png";

/// The dream's pictures, requested as the game starts.
#[derive(Resource)]
struct DreamAssets {
    dream: Handle<Image>,
}

impl FromWorld for DreamAssets {
    fn from_world(world: &mut World) -> Self {
        DreamAssets {
            dream: crate::core::load_awaited(world, DREAM_PATH),
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<DreamAssets>();
    app.init_resource::<Battle>();
    app.add_systems(OnEnter(InAct(Act::Dreamscape)), enter_dream);
    app.add_systems(OnExit(InAct(Act::Dreamscape)), leave_dream);
    let dreaming = in_state(InAct(Act::Dreamscape)).and_then(in_state(Screen::Gameplay));
    // Paused or not: a save in the editor must not be missed.
    app.add_systems(
        Update,
        redo_changed_zone
            .before(set_up_zone)
            .run_if(dreaming.clone()),
    );
    app.add_systems(
        Update,
        (
            set_up_zone,
            tell_the_shield,
            act_on_controls,
            skip_through,
            hold_the_dream,
            draw,
        )
            .chain()
            .run_if(dreaming.clone())
            .in_set(PausableSystems)
            .in_set(AppSystems::Update),
    );
    app.add_systems(
        FixedUpdate,
        (follow_mira, move_fears, drain, hunt, clear_zones, dissolve)
            .chain()
            .run_if(dreaming)
            .in_set(PausableSystems),
    );
}

/// Where Leo's head is, for feet at `feet` (the swarms aim there).
pub fn leo_head(feet: Vec2) -> Vec2 {
    feet + Vec2::new(0.0, 14.0)
}

/// A pack of malfunctioning nanobots: one flock of the room's swarm.
#[derive(Clone, Debug, PartialEq)]
pub struct Pack {
    pub flock: usize,
    /// Calm drained per second by each of its nanobots near Leo.
    pub per_bot: f32,
    /// Where it gathers until it notices Leo.
    pub home: Vec2,
    pub noticed: bool,
    /// Recalibrated: it glows teal and follows Leo like fireflies.
    pub calm: bool,
}

/// Where the fight with the swarm core stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CorePhase {
    /// Waves of nanobots still to calm (this one included).
    Waves(u32),
    /// The waves are calm; only Leo's light breaks its shield.
    Shield,
    Broken,
}

/// The dream battle, from waking in the first zone to the broken core.
#[derive(Resource, Debug, Clone)]
pub struct Battle {
    /// The zone Mira is in (its checkpoint's number), and its level iid.
    pub zone: u32,
    pub room: Option<String>,
    pub calm: f32,
    pub energy: f32,
    pub reassure_wait: f32,
    pub pulse_wait: f32,
    pub breathing: bool,
    /// Seconds of courage left after a reassurance.
    pub courage: f32,
    /// The highest zone whose swarms are calm.
    pub cleared: u32,
    pub packs: Vec<Pack>,
    pub core: Option<(CoreSpec, CorePhase)>,
    /// How far the dream has dissolved (s), after Leo's calm ran out.
    pub dissolving: Option<f32>,
    /// How many times the dream dissolved.
    pub retries: u32,
    /// The story has heard that the core's shield stands (its scene, the
    /// dream's last choice, comes before Leo's light may break it).
    pub shield_told: bool,
    pub won: bool,
    /// The balance of Mira's choices: empathy above zero, technology below.
    pub balance: i32,
    /// How much Leo trusts Mira (from the story, as the dream began).
    pub trust: i32,
    /// Seconds Mira has stood still without breathing (the waiting room's
    /// clocks quicken).
    pub still: f32,
    /// A drill-bee is after Leo; how fast the clocks near him tick (1: as
    /// they should), for the sounds.
    pub chased: bool,
    pub ticking: f32,
    /// Pulses a mirror has thrown back (for the sound).
    pub reflected: u32,
    /// What the player should know now (one line under the meters);
    /// `{pulse}`, `{breathe}` and `{reassure}` stand for the keys or buttons
    /// bound to those actions.
    pub hint: String,
    /// Where Mira has walked lately: Leo follows in her steps.
    crumbs: VecDeque<Vec2>,
    /// Where Mira was when the dream began, to wake her there.
    wake_at: Option<(String, Spot)>,
    /// Skipping: how long the dream has been quiet in this zone.
    quiet: f32,
}

impl Default for Battle {
    fn default() -> Self {
        Battle {
            zone: 0,
            room: None,
            calm: CALM_MAX,
            energy: ENERGY_MAX,
            reassure_wait: 0.0,
            pulse_wait: 0.0,
            breathing: false,
            courage: 0.0,
            cleared: 0,
            packs: Vec::new(),
            core: None,
            dissolving: None,
            retries: 0,
            shield_told: false,
            won: false,
            balance: 0,
            trust: 0,
            still: 0.0,
            chased: false,
            ticking: 1.0,
            reflected: 0,
            hint: String::new(),
            crumbs: VecDeque::new(),
            wake_at: None,
            quiet: 0.0,
        }
    }
}

impl Battle {
    /// How far the dream has come, for a save: `None` before the first
    /// zone.
    pub fn progress(&self) -> Option<crate::model::DreamProgress> {
        let (room, spot) = self.wake_at.as_ref()?;
        (self.zone > 0 && self.room.is_some()).then(|| crate::model::DreamProgress {
            zone: self.zone,
            cleared: self.cleared,
            wake_room: room.clone(),
            wake_feet: spot.feet.to_array(),
            wake_facing: spot.facing,
        })
    }

    /// How much of a drain reaches Leo: braver with every zone cleared and
    /// for a while after a reassurance, less in the easier battle, none
    /// when the battle is skipped.
    pub(crate) fn drain_factor(&self, mode: DreamBattle) -> f32 {
        let bravery = (1.0 - BRAVERY_PER_ZONE * self.cleared as f32).max(0.4);
        let courage = if self.courage > 0.0 { 0.5 } else { 1.0 };
        let mode = match mode {
            DreamBattle::Standard => 1.0,
            DreamBattle::Easier => 0.5,
            DreamBattle::Skip => 0.0,
        };
        bravery * courage * mode
    }

    /// Calm a reassurance gives: more for a Mira who leans to empathy.
    pub(crate) fn reassurance(&self) -> f32 {
        REASSURE_CALM + (self.balance.max(0) as f32 * 4.0).min(12.0)
    }

    /// The wait between reassurances: shorter in the easier battle.
    pub(crate) fn reassure_wait(mode: DreamBattle) -> f32 {
        if mode == DreamBattle::Easier {
            REASSURE_WAIT * 0.66
        } else {
            REASSURE_WAIT
        }
    }

    /// How far from Leo Mira may reassure him or breathe with him: further
    /// for a Mira who leans to empathy (the reassurance's ring shows it).
    pub(crate) fn reach(&self) -> f32 {
        BESIDE + (self.balance.max(0) as f32 * 6.0).min(18.0)
    }

    /// How Leo follows: how far behind Mira (px) and how fast (px/s). A Leo
    /// who trusts her keeps close and keeps up; one who does not hangs back
    /// and lags when she walks on.
    pub(crate) fn follow(&self) -> (f32, f32) {
        match self.trust {
            t if t >= 2 => (FOLLOW * 0.7, LEO_SPEED * 1.15),
            t if t < 0 => (FOLLOW * 1.5, LEO_SPEED * 0.8),
            _ => (FOLLOW, LEO_SPEED),
        }
    }

    /// A pulse's reach: wider for a Mira who leans to technology.
    pub(crate) fn pulse_radius(&self) -> f32 {
        PULSE_RADIUS + ((-self.balance).max(0) as f32 * 8.0).min(24.0)
    }

    /// A pulse's energy: less for a Mira who leans to technology, and in
    /// the easier battle.
    pub(crate) fn pulse_cost(&self, mode: DreamBattle) -> f32 {
        let cost = PULSE_COST - ((-self.balance).max(0) as f32 * 2.0).min(6.0);
        if mode == DreamBattle::Easier {
            cost * 0.6
        } else {
            cost
        }
    }

    /// Leo's own light: he has it once two zones are calm (and always at
    /// the core, where it is needed).
    pub(crate) fn leo_shines(&self) -> bool {
        self.cleared >= 2 || self.core.is_some()
    }

    fn zone_calm(&self) -> bool {
        self.packs.iter().all(|p| p.calm)
    }
}

/// One of Leo's fears in the current zone.
#[derive(Component, Debug, Clone)]
pub struct FearBody {
    pub spec: FearSpec,
    /// The length of its patrol (px), and how far along it, there and back.
    length: f32,
    along: f32,
    pub at: Vec2,
    /// A drill-bee after Leo, off its patrol.
    pub chasing: bool,
}

impl FearBody {
    fn new(spec: FearSpec) -> FearBody {
        let at = spec.path[0];
        let length = spec.path.windows(2).map(|w| w[0].distance(w[1])).sum();
        FearBody {
            spec,
            length,
            along: 0.0,
            at,
            chasing: false,
        }
    }

    /// How much faster (and more frightening) the fear is after Mira has
    /// stood still `still` s: only clocks quicken, from 1 to 3 times.
    pub(crate) fn quickening(&self, still: f32) -> f32 {
        if self.spec.kind == FearKind::Clock {
            (1.0 + (still - STILL_GRACE).max(0.0) * QUICKENING_PER_SECOND).min(MAX_QUICKENING)
        } else {
            1.0
        }
    }

    /// The point `along` px down the patrol, walked there and back.
    fn place(&self) -> Vec2 {
        let (path, length) = (&self.spec.path, self.length);
        if length <= 0.0 {
            return path[0];
        }
        let mut d = self.along % (2.0 * length);
        if d > length {
            d = 2.0 * length - d;
        }
        for w in path.windows(2) {
            let leg = w[0].distance(w[1]);
            if d <= leg {
                return w[0].lerp(w[1], d / leg.max(1e-3));
            }
            d -= leg;
        }
        *path.last().unwrap_or(&path[0])
    }

    /// The calm it drains per second from Leo with his feet at `leo`.
    pub(crate) fn dread(&self, leo: Vec2) -> f32 {
        let d = self.at.distance(leo_head(leo));
        if d >= self.spec.radius {
            0.0
        } else {
            self.spec.strength * (1.0 - d / self.spec.radius).max(0.25)
        }
    }
}

/// The swarm core's sprite.
#[derive(Component, Debug)]
pub(crate) struct CoreBody;

/// A sealed door's barrier, by the door's iid.
#[derive(Component, Debug)]
pub(crate) struct Seal(pub String);

/// Everything the battle puts into a zone (gone when the zone is left).
#[derive(Component, Debug)]
struct OfZone;

/// The dream begins: remember where Mira stands, take her (and Leo) to the
/// first zone.
fn enter_dream(
    mut commands: Commands,
    complex: Option<Res<Complex>>,
    current: Option<Res<CurrentRoom>>,
    state: Option<Res<StoryState>>,
    resume: Option<Res<crate::model::Resume>>,
    player: Query<(&Walker, &Pose), With<Player>>,
    mut transition: ResMut<Transition>,
    mut battle: ResMut<Battle>,
    mut out: MessageWriter<StoryEvent>,
) {
    *battle = Battle {
        balance: state.as_ref().map_or(0, |s| s.balance),
        trust: state
            .as_ref()
            .and_then(|s| s.trust.get(&biodental_story::Bond::Leo).copied())
            .unwrap_or(0),
        ..default()
    };
    // A saved game comes back at the checkpoint of the zone it had reached.
    let saved = resume.as_ref().and_then(|r| r.0.dream.clone());
    let zone = saved.as_ref().map_or(1, |d| d.zone);
    let first = complex.as_deref().and_then(|c| {
        c.rooms
            .iter()
            .find(|r| r.checkpoint.as_ref().is_some_and(|k| k.zone == zone))
    });
    let Some(first) = first else {
        error!(
            "the levels have no dream zone {zone} (a DreamCheckpoint with zone {zone}): the dream is skipped"
        );
        out.write(StoryEvent(Trigger::BattleWon));
        return;
    };
    let checkpoint = first.checkpoint.clone().expect("found by its checkpoint");
    if let Some(saved) = &saved {
        battle.cleared = saved.cleared.min(zone.saturating_sub(1));
        battle.wake_at = Some((
            saved.wake_room.clone(),
            Spot {
                iid: String::new(),
                feet: Vec2::from_array(saved.wake_feet),
                facing: saved.wake_facing,
                acts: Vec::new(),
                endings: Vec::new(),
            },
        ));
    } else if let (Ok((walker, pose)), Some(current)) = (player.single(), current) {
        battle.wake_at = Some((
            current.0.clone(),
            Spot {
                iid: String::new(),
                feet: walker.feet,
                facing: pose.facing,
                acts: Vec::new(),
                endings: Vec::new(),
            },
        ));
    }
    *transition = Transition::to(Destination::Entity(DoorTarget {
        level_iid: first.iid.clone(),
        entity_iid: checkpoint.spot.iid.clone(),
    }));
    let feet = behind(checkpoint.spot.feet, checkpoint.spot.facing);
    commands.spawn((
        Name::new("Leo (companion)"),
        biodental_story::Character::Leo,
        Walker::at(feet),
        Pose {
            facing: checkpoint.spot.facing,
            ..default()
        },
        Transform::from_translation(feet.extend(0.0)),
        Companion,
        Visibility::Hidden,
        DespawnOnExit(InAct(Act::Dreamscape)),
    ));
}

/// A step behind someone at `feet` facing `facing`.
fn behind(feet: Vec2, facing: Facing) -> Vec2 {
    feet - facing.vector() * FOLLOW
}

/// The dream is over: wake Mira where she lay down, and leave the dream's
/// rules behind.
fn leave_dream(
    mut battle: ResMut<Battle>,
    mut transition: ResMut<Transition>,
    mut sealed: ResMut<SealedDoors>,
    mut pace: ResMut<Pace>,
    mut held: ResMut<HeldStill>,
) {
    sealed.0.clear();
    pace.0 = 1.0;
    held.set(Hold::Dream, false);
    if let Some((level_iid, spot)) = battle.wake_at.take() {
        *transition = Transition::to(Destination::Spot { level_iid, spot });
    }
    battle.room = None;
}
