//! The battle in the dream: Leo's calm, the fears and swarms that drain it,
//! and what Mira does about them.

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
use crate::model::{HeldStill, Hold};
use crate::model::{Pace, Swarms};
use biodental_story::{Act, StoryState, Trigger};
use biodental_swarm::{FlockSpec, Swarm};

/// Leo's calm, full.
pub const CALM_MAX: f32 = 100.0;
/// Mira's energy for pulses, full.
pub const ENERGY_MAX: f32 = 100.0;
/// How close Mira must be to Leo to reassure him or breathe with him (px).
pub const BESIDE: f32 = 44.0;
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
/// Leo keeps this far behind Mira, and walks this fast (px, px/s).
const FOLLOW: f32 = 18.0;
const LEO_SPEED: f32 = 96.0;
/// The dream dissolving: to white-violet and back (s).
pub const DISSOLVE: f32 = 2.0;
/// In the skip mode, how long the dream rests in a zone after its scene (s).
const SKIP_REST: f32 = 0.8;
/// The seed of the dream's swarms.
const SEED: u64 = 0x00D2_EA4D;

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
    app.add_systems(Startup, make_ring);
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
    pub won: bool,
    /// The balance of Mira's choices: empathy above zero, technology below.
    pub balance: i32,
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
            won: false,
            balance: 0,
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
    pub fn drain_factor(&self, mode: DreamBattle) -> f32 {
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
    pub fn reassurance(&self) -> f32 {
        REASSURE_CALM + (self.balance.max(0) as f32 * 4.0).min(12.0)
    }

    /// The wait between reassurances: shorter in the easier battle.
    pub fn reassure_wait(mode: DreamBattle) -> f32 {
        if mode == DreamBattle::Easier {
            REASSURE_WAIT * 0.66
        } else {
            REASSURE_WAIT
        }
    }

    /// A pulse's reach: wider for a Mira who leans to technology.
    pub fn pulse_radius(&self) -> f32 {
        PULSE_RADIUS + ((-self.balance).max(0) as f32 * 8.0).min(24.0)
    }

    /// A pulse's energy: less for a Mira who leans to technology, and in
    /// the easier battle.
    pub fn pulse_cost(&self, mode: DreamBattle) -> f32 {
        let cost = PULSE_COST - ((-self.balance).max(0) as f32 * 2.0).min(6.0);
        if mode == DreamBattle::Easier {
            cost * 0.6
        } else {
            cost
        }
    }

    /// Leo's own light: he has it once two zones are calm (and always at
    /// the core, where it is needed).
    pub fn leo_shines(&self) -> bool {
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
    pub fn dread(&self, leo: Vec2) -> f32 {
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
pub struct CoreBody;

/// A sealed door's barrier, by the door's iid.
#[derive(Component, Debug)]
pub struct Seal(pub String);

/// A ring spreading out and fading: a pulse, a reassurance, Leo's light.
#[derive(Component, Debug)]
pub struct Ripple {
    pub t: f32,
    pub radius: f32,
}

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

/// A zone whose level changed on disk (a designer moved a fear) is set up
/// again from its new version, as if Mira had just woken there: the dream's
/// progress (the zones cleared) stays.
fn redo_changed_zone(mut reloads: MessageReader<LevelsReloaded>, mut battle: ResMut<Battle>) {
    let Some(room) = battle.room.clone() else {
        reloads.clear();
        return;
    };
    if reloads.read().any(|r| r.touches(&room)) {
        battle.room = None;
    }
}

/// Arriving in a zone (or coming back to its checkpoint): its fears, its
/// swarms in packs, the core, the seals on its doors, Leo beside Mira.
#[allow(clippy::too_many_arguments)]
fn set_up_zone(
    mut commands: Commands,
    complex: Option<Res<Complex>>,
    current: Option<Res<CurrentRoom>>,
    transition: Res<Transition>,
    assets: Res<DreamAssets>,
    mode: Res<DreamBattle>,
    mut battle: ResMut<Battle>,
    mut swarms: ResMut<Swarms>,
    mut sealed: ResMut<SealedDoors>,
    player: Query<&Walker, (With<Player>, Without<Companion>)>,
    mut leo: Query<(&mut Walker, &mut Visibility), With<Companion>>,
    old: Query<Entity, With<OfZone>>,
) {
    let (Some(complex), Some(current)) = (complex, current) else {
        return;
    };
    // Wait for the room switch and for the swarms to have moved in.
    if battle.room.as_ref() == Some(&current.0)
        || matches!(*transition, Transition::FadingOut { .. })
        || swarms.room.as_ref() != Some(&current.0)
    {
        return;
    }
    let Some(room) = complex.room(&current.0) else {
        return;
    };
    let Some(checkpoint) = &room.checkpoint else {
        return;
    };
    for e in &old {
        commands.entity(e).try_despawn();
    }
    battle.room = Some(room.iid.clone());
    battle.zone = checkpoint.zone;
    battle.crumbs.clear();
    battle.calm = CALM_MAX;
    battle.energy = battle.energy.max(ENERGY_MAX * 0.5);
    let calm = *mode == DreamBattle::Skip || battle.cleared >= checkpoint.zone;
    // The zone's swarms, in packs of ten.
    let mut sim = Swarm::new(room.walls(), SEED ^ checkpoint.zone as u64);
    battle.packs.clear();
    for spec in &room.nightmares {
        let per_bot = spec.strength / spec.count.max(1) as f32;
        add_packs(
            &mut sim,
            &mut battle.packs,
            spec.centre,
            spec.radius,
            spec.count,
            per_bot,
            calm,
        );
    }
    battle.core = room.core.clone().map(|c| {
        let phase = if calm {
            CorePhase::Shield
        } else {
            CorePhase::Waves(c.waves)
        };
        (c, phase)
    });
    if let Some((core, CorePhase::Waves(_))) = battle.core.clone() {
        add_wave(&mut sim, &mut battle.packs, &core);
    }
    swarms.set_sim(sim);
    // Fears, the core, and the seals on the doors that lead on.
    for fear in &room.fears {
        commands.spawn(fear_bundle(fear, &assets));
    }
    if let Some((core, _)) = &battle.core {
        commands.spawn((
            Name::new("Swarm core"),
            CoreBody,
            OfZone,
            Sprite {
                image: assets.dream.clone(),
                rect: Some(Rect::new(0.0, 64.0, 32.0, 96.0)),
                custom_size: Some(Vec2::splat(48.0)),
                ..default()
            },
            Transform::from_translation(core.centre.extend(31.0)),
            DespawnOnExit(InAct(Act::Dreamscape)),
        ));
    }
    sealed.0 = shut_doors(&complex, room, calm);
    for door in room.doors.iter().filter(|d| sealed.0.contains(&d.iid)) {
        commands.spawn((
            Name::new("Seal"),
            Seal(door.iid.clone()),
            OfZone,
            Sprite {
                image: assets.dream.clone(),
                rect: Some(Rect::new(48.0, 64.0, 64.0, 80.0)),
                custom_size: Some(door.rect.size()),
                ..default()
            },
            Transform::from_translation(door.rect.center().extend(30.5)),
            DespawnOnExit(InAct(Act::Dreamscape)),
        ));
    }
    // Leo beside Mira.
    if let (Ok(mira), Ok((mut walker, mut shown))) = (player.single(), leo.single_mut()) {
        let spot = behind(mira.feet, checkpoint.spot.facing);
        let feet = if room.blocked(crate::model::room::map::feet_box(spot)) {
            mira.feet
        } else {
            spot
        };
        walker.teleport(feet);
        *shown = Visibility::Inherited;
    }
    battle.hint = if battle.packs.is_empty() {
        "Keep Leo close and clear of his fears".into()
    } else {
        "Calm the swarm: {pulse} pulse near the nanobots".into()
    };
}

/// The doors of a zone that stay shut: those back to an earlier zone (a
/// dream only goes on), and, until the zone is `calm`, the way on too.
fn shut_doors(complex: &Complex, room: &RoomMap, calm: bool) -> Vec<String> {
    let here = room.checkpoint.as_ref().map_or(0, |c| c.zone);
    let leads_back = |target: Option<&DoorTarget>| {
        target
            .and_then(|t| complex.room(&t.level_iid))
            .and_then(|r| r.checkpoint.as_ref())
            .is_none_or(|c| c.zone < here)
    };
    room.doors
        .iter()
        .filter(|d| !calm || leads_back(d.target.as_ref()))
        .map(|d| d.iid.clone())
        .collect()
}

/// Adds `count` nanobots around `centre` to `sim`, in packs.
fn add_packs(
    sim: &mut Swarm,
    packs: &mut Vec<Pack>,
    centre: Vec2,
    radius: f32,
    count: u32,
    per_bot: f32,
    calm: bool,
) {
    let mut left = count;
    while left > 0 {
        let n = left.min(PACK);
        left -= n;
        let flock = sim.add_flock(&FlockSpec {
            mode: if calm {
                SwarmMode::Calm
            } else {
                SwarmMode::Malfunction
            },
            shape: SwarmShape::Cloud,
            home: centre,
            radius: radius.min(24.0),
            target: Some(centre),
            count: n,
        });
        packs.push(Pack {
            flock,
            per_bot,
            home: centre,
            noticed: false,
            calm,
        });
    }
}

/// A wave of the core's nanobots, awake from the start.
fn add_wave(sim: &mut Swarm, packs: &mut Vec<Pack>, core: &CoreSpec) {
    let first = packs.len();
    add_packs(
        sim,
        packs,
        core.centre,
        24.0,
        core.count,
        12.0 / PACK as f32,
        false,
    );
    for pack in &mut packs[first..] {
        pack.noticed = true;
    }
}

fn fear_bundle(spec: &FearSpec, assets: &DreamAssets) -> impl Bundle {
    let x = match spec.kind {
        FearKind::Clock => 0.0,
        FearKind::Drill => 32.0,
        FearKind::Mouth => 64.0,
        FearKind::Mirror => 96.0,
    };
    let body = FearBody::new(spec.clone());
    (
        Name::new(format!("Fear ({})", spec.kind.ldtk_name())),
        Sprite {
            image: assets.dream.clone(),
            rect: Some(Rect::new(x, 32.0, x + 32.0, 64.0)),
            ..default()
        },
        Transform::from_translation(body.at.extend(29.0)),
        body,
        OfZone,
        DespawnOnExit(InAct(Act::Dreamscape)),
    )
}

/// Leo walks in Mira's footsteps, a step behind.
fn follow_mira(
    time: Res<Time>,
    complex: Option<Res<Complex>>,
    current: Option<Res<CurrentRoom>>,
    transition: Res<Transition>,
    mut battle: ResMut<Battle>,
    player: Query<&Walker, (With<Player>, Without<Companion>)>,
    mut leo: Query<(&mut Walker, &mut Pose), With<Companion>>,
) {
    let (Some(complex), Some(current), Ok(mira), Ok((mut walker, mut pose))) =
        (complex, current, player.single(), leo.single_mut())
    else {
        return;
    };
    walker.prev = walker.feet;
    let Some(room) = complex.room(&current.0) else {
        return;
    };
    if transition.is_active() || battle.room.as_ref() != Some(&current.0) {
        pose.walking = false;
        return;
    }
    if battle
        .crumbs
        .back()
        .is_none_or(|last| last.distance(mira.feet) >= 4.0)
    {
        battle.crumbs.push_back(mira.feet);
        if battle.crumbs.len() > 160 {
            battle.crumbs.pop_front();
        }
    }
    if walker.feet.distance(mira.feet) <= FOLLOW {
        pose.walking = false;
        pose.stride = 0.0;
        return;
    }
    // The oldest footstep not yet reached; beyond the trail, Mira herself.
    while battle
        .crumbs
        .front()
        .is_some_and(|c| c.distance(walker.feet) < 3.0)
    {
        battle.crumbs.pop_front();
    }
    let goal = battle.crumbs.front().copied().unwrap_or(mira.feet);
    let to = goal - walker.feet;
    let step = to.clamp_length_max(LEO_SPEED * time.delta_secs());
    let next = move_feet(room, walker.feet, step);
    if next.distance(walker.feet) < 0.01 && to.length() > 3.0 {
        // Stuck on a corner Mira cut: skip that footstep.
        battle.crumbs.pop_front();
    }
    if let Some(facing) = Facing::from_vector(step) {
        pose.facing = facing;
    }
    let moved = next.distance(walker.feet);
    walker.feet = next;
    pose.walking = moved > 0.01;
    pose.stride += moved;
}

/// Fears walk their patrols (slowly while Mira and Leo breathe).
fn move_fears(time: Res<Time>, pace: Res<Pace>, mut fears: Query<&mut FearBody>) {
    for mut fear in &mut fears {
        fear.along += fear.spec.speed * time.delta_secs() * pace.0;
        fear.at = fear.place();
    }
}

/// Leo's calm and Mira's energy, second by second.
fn drain(
    time: Res<Time>,
    mode: Res<DreamBattle>,
    mut battle: ResMut<Battle>,
    swarms: Res<Swarms>,
    fears: Query<&FearBody>,
    leo: Query<&Walker, With<Companion>>,
) {
    let dt = time.delta_secs();
    let Ok(leo) = leo.single() else {
        return;
    };
    if battle.dissolving.is_some() || battle.room.is_none() || battle.won {
        return;
    }
    let head = leo_head(leo.feet);
    let slow = if battle.breathing { BREATH_PACE } else { 1.0 };
    let mut lost: f32 = fears.iter().map(|f| f.dread(leo.feet)).sum();
    let sim = &swarms.sim;
    for pack in battle.packs.iter().filter(|p| !p.calm) {
        let Some(flock) = sim.flocks.get(pack.flock) else {
            continue;
        };
        let near = sim.pos[flock.indices()]
            .iter()
            .filter(|p| p.distance_squared(head) < HARASS * HARASS)
            .count();
        lost += near as f32 * pack.per_bot;
    }
    let factor = battle.drain_factor(*mode);
    battle.calm -= lost * factor * slow * dt;
    if battle.breathing {
        battle.calm += BREATH_CALM * dt;
        battle.energy += BREATH_ENERGY * dt;
    }
    battle.energy = (battle.energy + ENERGY_RECHARGE * dt).min(ENERGY_MAX);
    battle.calm = battle.calm.min(CALM_MAX);
    battle.courage = (battle.courage - dt).max(0.0);
    battle.reassure_wait = (battle.reassure_wait - dt).max(0.0);
    battle.pulse_wait = (battle.pulse_wait - dt).max(0.0);
    if battle.calm <= 0.0 {
        battle.calm = 0.0;
        battle.dissolving = Some(0.0);
        battle.breathing = false;
    }
}

/// The packs: asleep at home until Leo comes near, then after him; calm
/// ones gather round him like fireflies.
fn hunt(
    mut battle: ResMut<Battle>,
    mut swarms: ResMut<Swarms>,
    leo: Query<&Walker, With<Companion>>,
) {
    let Ok(leo) = leo.single() else {
        return;
    };
    let head = leo_head(leo.feet);
    for pack in &mut battle.packs {
        pack.noticed |= pack.home.distance(head) < NOTICE;
        let Some(flock) = swarms.sim.flocks.get_mut(pack.flock) else {
            continue;
        };
        if pack.calm {
            flock.home = head;
            flock.radius = 22.0;
        } else {
            flock.target = Some(if pack.noticed { head } else { pack.home });
        }
    }
}

/// Pulses, reassurance and breathing, as the player asks.
#[allow(clippy::too_many_arguments)]
fn act_on_controls(
    mut commands: Commands,
    controls: Res<Controls>,
    activity: Res<State<Activity>>,
    transition: Res<Transition>,
    ring: Res<RingImage>,
    mode: Res<DreamBattle>,
    mut battle: ResMut<Battle>,
    mut swarms: ResMut<Swarms>,
    mut out: MessageWriter<StoryEvent>,
    player: Query<&Walker, (With<Player>, Without<Companion>)>,
    leo: Query<&Walker, With<Companion>>,
) {
    let (Ok(mira), Ok(leo)) = (player.single(), leo.single()) else {
        return;
    };
    let ready = *activity.get() == Activity::Exploring
        && !transition.is_active()
        && battle.dissolving.is_none()
        && battle.room.is_some()
        && !battle.won;
    let beside = mira.feet.distance(leo.feet) <= BESIDE;
    // Breathing together: hold the button beside Leo.
    let breathing = ready && controls.breathe && beside;
    if breathing != battle.breathing {
        battle.breathing = breathing;
        if breathing {
            battle.hint = "Breathing together… in, and out".into();
        }
    } else if controls.breathe && ready && !beside {
        battle.hint = "Stand beside Leo to breathe together".into();
    }
    if !ready {
        return;
    }
    if controls.reassure {
        if !beside {
            battle.hint = "Get close to Leo to reassure him".into();
        } else if battle.reassure_wait > 0.0 {
            battle.hint = format!("Leo needs a moment ({:.0} s)", battle.reassure_wait.ceil());
        } else {
            battle.calm = (battle.calm + battle.reassurance()).min(CALM_MAX);
            battle.courage = COURAGE;
            battle.reassure_wait = Battle::reassure_wait(*mode);
            battle.hint = "“You’re doing great, Leo. I’m right here.”".into();
            commands.spawn(ripple(
                leo_head(leo.feet),
                BESIDE,
                Color::srgb(1.0, 0.85, 0.45),
                &ring,
            ));
            if battle.leo_shines() {
                // Leo's own light: nanobots near him come back to calm, and
                // at the core it breaks the shield.
                let head = leo_head(leo.feet);
                commands.spawn(ripple(
                    head,
                    LIGHT_RADIUS,
                    Color::srgb(1.2, 1.0, 0.5),
                    &ring,
                ));
                recalibrate(&mut battle, &mut swarms.sim, head, LIGHT_RADIUS);
                battle.hint = "Leo shines his nightlight!".into();
                if battle.core.as_ref().is_some_and(|(core, phase)| {
                    *phase == CorePhase::Shield && core.centre.distance(head) <= core.radius
                }) {
                    win(&mut battle, &mut out);
                }
            }
        }
    }
    if controls.pulse && battle.pulse_wait <= 0.0 {
        let cost = battle.pulse_cost(*mode);
        if battle.energy < cost {
            battle.hint = "Not enough energy: breathe together {breathe} to recover".into();
        } else {
            battle.energy -= cost;
            battle.pulse_wait = PULSE_WAIT;
            let radius = battle.pulse_radius();
            let at = mira.feet + Vec2::new(0.0, 12.0);
            commands.spawn(ripple(at, radius, Color::srgb(0.4, 1.4, 1.4), &ring));
            let turned = recalibrate(&mut battle, &mut swarms.sim, at, radius);
            battle.hint = match turned {
                0 => "The pulse finds no malfunctioning nanobots here".into(),
                n => format!("Recalibrated {} nanobots", n as u32 * PACK),
            };
        }
    }
}

/// The core is broken: the battle is won, and the story hears it.
fn win(battle: &mut Battle, out: &mut MessageWriter<StoryEvent>) {
    if let Some((_, phase)) = &mut battle.core {
        *phase = CorePhase::Broken;
    }
    battle.won = true;
    battle.hint = "The core is calm".into();
    out.write(StoryEvent(Trigger::BattleWon));
}

/// The dream's pace and Mira's stillness follow the battle: slowed and
/// held while she breathes with Leo, almost stopped while it dissolves.
fn hold_the_dream(battle: Res<Battle>, mut pace: ResMut<Pace>, mut still: ResMut<HeldStill>) {
    let (p, held) = match (battle.dissolving, battle.breathing) {
        (Some(_), _) => (DISSOLVING_PACE, true),
        (None, true) => (BREATH_PACE, true),
        (None, false) => (1.0, false),
    };
    pace.set_if_neq(Pace(p));
    let mut now = *still;
    now.set(Hold::Dream, held);
    still.set_if_neq(now);
}

/// Turns the malfunctioning packs with a third of their nanobots within
/// `radius` of `at` back to calm. Returns how many packs turned.
fn recalibrate(battle: &mut Battle, sim: &mut Swarm, at: Vec2, radius: f32) -> usize {
    let mut turned = 0;
    for pack in battle.packs.iter_mut().filter(|p| !p.calm) {
        let Some(flock) = sim.flocks.get(pack.flock) else {
            continue;
        };
        let range = flock.indices();
        let count = range.len();
        let within = sim.pos[range]
            .iter()
            .filter(|p| p.distance_squared(at) <= radius * radius)
            .count();
        if within * 3 >= count.max(1) {
            pack.calm = true;
            pack.noticed = true;
            sim.flocks[pack.flock].set_mode(SwarmMode::Recalibrating);
            turned += 1;
        }
    }
    turned
}

/// A soft ring, 32 px across, for ripples.
#[derive(Resource, Debug, Clone)]
struct RingImage(Handle<Image>);

fn make_ring(mut commands: Commands, mut images: ResMut<Assets<Image>>) {
    // Bright 14 px from the centre, fading inwards and out.
    let image = crate::theme::radial_image(32, |d| {
        (1.0 - (d - 14.0).abs() / 2.5).clamp(0.0, 1.0) + 0.12 * (1.0 - d / 14.0).clamp(0.0, 1.0)
    });
    commands.insert_resource(RingImage(images.add(image)));
}

fn ripple(at: Vec2, radius: f32, colour: Color, ring: &RingImage) -> impl Bundle {
    (
        Name::new("Ripple"),
        Ripple { t: 0.0, radius },
        Sprite {
            image: ring.0.clone(),
            color: colour,
            ..default()
        },
        Transform::from_translation(at.extend(34.0)).with_scale(Vec3::splat(0.1)),
        DespawnOnExit(InAct(Act::Dreamscape)),
    )
}

/// A zone whose swarms are all calm opens its way on; the core's waves
/// come one after the other.
fn clear_zones(
    mut commands: Commands,
    mut battle: ResMut<Battle>,
    mut swarms: ResMut<Swarms>,
    mut sealed: ResMut<SealedDoors>,
    complex: Option<Res<Complex>>,
    seals: Query<(Entity, &Seal)>,
    mut notices: MessageWriter<Notice>,
) {
    let Some(complex) = complex else {
        return;
    };
    if battle.room.is_none() || battle.dissolving.is_some() || !battle.zone_calm() {
        return;
    }
    if let Some((core, phase)) = battle.core.clone() {
        match phase {
            CorePhase::Waves(n) if n > 1 => {
                add_wave(&mut swarms.sim, &mut battle.packs, &core);
                battle.core = Some((core, CorePhase::Waves(n - 1)));
                battle.hint = "Another wave pours out of the core!".into();
            }
            CorePhase::Waves(_) => {
                battle.core = Some((core, CorePhase::Shield));
                battle.hint =
                    "Bring Leo to the core and reassure him {reassure}: his light breaks its shield"
                        .into();
            }
            _ => {}
        }
        return;
    }
    if battle.cleared >= battle.zone {
        return;
    }
    battle.cleared = battle.zone;
    if let Some(room) = battle.room.as_ref().and_then(|iid| complex.room(iid)) {
        sealed.0 = shut_doors(&complex, room, true);
    }
    for (e, seal) in &seals {
        if !sealed.0.contains(&seal.0) {
            commands.entity(e).try_despawn();
        }
    }
    battle.hint = "The swarm is calm: the way on is open".into();
    notices.write(Notice(if battle.leo_shines() {
        "Leo feels braver: his nightlight shines when you reassure him".into()
    } else {
        "Leo feels braver".into()
    }));
}

/// Leo's calm ran out: the dream dissolves and comes back at the zone's
/// checkpoint, calm restored, the zone's swarms as they were. Nothing of
/// the story is lost.
fn dissolve(
    time: Res<Time>,
    complex: Option<Res<Complex>>,
    mut battle: ResMut<Battle>,
    mut player: Query<(&mut Walker, &mut Pose), (With<Player>, Without<Companion>)>,
) {
    let Some(t) = battle.dissolving else {
        return;
    };
    let t = t + time.delta_secs();
    if t >= DISSOLVE * 0.5 && t - time.delta_secs() < DISSOLVE * 0.5 {
        let spot = battle
            .room
            .as_ref()
            .and_then(|iid| complex.as_deref()?.room(iid)?.checkpoint.clone());
        if let (Some(spot), Ok((mut walker, mut pose))) = (spot, player.single_mut()) {
            walker.teleport(spot.spot.feet);
            pose.facing = spot.spot.facing;
        }
        // Set the zone up afresh (see `set_up_zone`), Leo beside Mira.
        battle.room = None;
        battle.energy = ENERGY_MAX;
        battle.retries += 1;
    }
    if t >= DISSOLVE {
        battle.dissolving = None;
        battle.hint =
            "The dream gathers again. Keep Leo calm: reassure him {reassure}, breathe together {breathe}".into();
    } else {
        battle.dissolving = Some(t);
    }
}

/// Skipping the battle: each zone's scene plays, then the dream moves on
/// by itself; after the core's scene, the battle is won.
fn skip_through(
    time: Res<Time>,
    mode: Res<DreamBattle>,
    activity: Res<State<Activity>>,
    queue: Res<crate::model::DialogueQueue>,
    complex: Option<Res<Complex>>,
    mut transition: ResMut<Transition>,
    mut battle: ResMut<Battle>,
    mut out: MessageWriter<StoryEvent>,
) {
    if *mode != DreamBattle::Skip || battle.won {
        return;
    }
    let quiet =
        *activity.get() == Activity::Exploring && queue.is_empty() && !transition.is_active();
    battle.quiet = if quiet {
        battle.quiet + time.delta_secs()
    } else {
        0.0
    };
    if battle.quiet < SKIP_REST {
        return;
    }
    let (Some(complex), Some(iid)) = (complex.as_deref(), battle.room.as_ref()) else {
        return;
    };
    let Some(room) = complex.room(iid) else {
        return;
    };
    battle.quiet = 0.0;
    battle.cleared = battle.cleared.max(battle.zone);
    let on = room.doors.iter().find_map(|d| {
        let target = d.target.as_ref()?;
        let zone = complex.room(&target.level_iid)?.checkpoint.as_ref()?.zone;
        (zone > battle.zone).then(|| target.clone())
    });
    match on {
        Some(target) => *transition = Transition::to(Destination::Entity(target)),
        None => win(&mut battle, &mut out),
    }
}

/// Leo, the fears, the core and the ripples as they are now.
#[allow(clippy::type_complexity)]
fn draw(
    time: Res<Time>,
    mut commands: Commands,
    battle: Res<Battle>,
    mut leo: Query<(&Walker, &mut Transform), With<Companion>>,
    mut fears: Query<(&FearBody, &mut Transform, &mut Sprite), Without<Companion>>,
    mut core: Query<
        (&mut Transform, &mut Sprite),
        (With<CoreBody>, Without<FearBody>, Without<Companion>),
    >,
    mut ripples: Query<
        (Entity, &mut Ripple, &mut Transform, &mut Sprite),
        (Without<CoreBody>, Without<FearBody>, Without<Companion>),
    >,
) {
    let t = time.elapsed_secs();
    for (walker, mut transform) in &mut leo {
        transform.translation.x = walker.feet.x.round();
        transform.translation.y = walker.feet.y.round();
    }
    for (fear, mut transform, mut sprite) in &mut fears {
        // A slow bob, and a slow breath of shade.
        let bob = (t * 2.0 + fear.spec.path[0].x * 0.1).sin() * 2.0;
        transform.translation.x = fear.at.x.round();
        transform.translation.y = (fear.at.y + bob).round();
        let breath = 0.85 + 0.15 * (t * 3.0).sin();
        sprite.color = Color::srgb(breath, breath, breath);
    }
    for (mut transform, mut sprite) in &mut core {
        let phase = battle.core.as_ref().map(|(_, p)| *p);
        let beat = 1.0 + 0.06 * (t * 4.0).sin();
        transform.scale = Vec3::splat(if phase == Some(CorePhase::Broken) {
            0.6
        } else {
            beat
        });
        sprite.color = match phase {
            Some(CorePhase::Broken) => Color::srgb(0.5, 1.2, 1.2),
            Some(CorePhase::Shield) => Color::srgb(1.3, 0.9, 1.4),
            _ => Color::srgb(1.4, 0.8, 0.8),
        };
    }
    for (e, mut ripple, mut transform, mut sprite) in &mut ripples {
        ripple.t += time.delta_secs();
        let k = (ripple.t / 0.5).min(1.0);
        // The ring image is 28 px across its bright line.
        transform.scale = Vec3::splat((ripple.radius * 2.0 / 28.0) * (0.3 + 0.7 * k));
        sprite.color = sprite.color.with_alpha(0.8 * (1.0 - k));
        if k >= 1.0 {
            commands.entity(e).try_despawn();
        }
    }
}
