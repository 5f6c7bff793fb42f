//! The zones of the dream: setting one up as Mira arrives (its fears, its
//! swarms in packs, the core, the seals on its doors), clearing it, the
//! core's waves, the dream dissolving, and skipping the battle.

use super::*;

/// In the skip mode, how long the dream rests in a zone after its scene (s).
const SKIP_REST: f32 = 0.8;

/// The seed of the dream's swarms.
const SEED: u64 = 0x00D2_EA4D;

/// A zone whose level changed on disk (a designer moved a fear) is set up
/// again from its new version, as if Mira had just woken there: the dream's
/// progress (the zones cleared) stays.
pub(super) fn redo_changed_zone(
    mut reloads: MessageReader<LevelsReloaded>,
    mut battle: ResMut<Battle>,
) {
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
pub(super) fn set_up_zone(
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
pub(super) fn shut_doors(complex: &Complex, room: &RoomMap, calm: bool) -> Vec<String> {
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
pub(super) fn add_packs(
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
pub(super) fn add_wave(sim: &mut Swarm, packs: &mut Vec<Pack>, core: &CoreSpec) {
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

pub(super) fn fear_bundle(spec: &FearSpec, assets: &DreamAssets) -> impl Bundle {
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

/// A zone whose swarms are all calm opens its way on; the core's waves
/// come one after the other.
pub(super) fn clear_zones(
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
pub(super) fn dissolve(
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

/// Skipping the battle: each zone's scene plays, then, once Mira has been
/// free a moment, the dream moves on by itself; after the core's scene,
/// the battle is won. (Whether she is free reads the door walk this starts:
/// hence the `ParamSet`.)
pub(super) fn skip_through(
    time: Res<Time>,
    mode: Res<DreamBattle>,
    complex: Option<Res<Complex>>,
    mut walk: ParamSet<(Mira, ResMut<Transition>)>,
    mut battle: ResMut<Battle>,
    mut out: MessageWriter<StoryEvent>,
) {
    if *mode != DreamBattle::Skip || battle.won {
        return;
    }
    battle.quiet = if walk.p0().is_free() {
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
        Some(target) => *walk.p1() = Transition::to(Destination::Entity(target)),
        // At the core, its shield's scene first (the last choice), then the win.
        None if battle.shield_told => win(&mut battle, &mut out),
        None => {}
    }
}

/// The core's waves are calm and its shield stands: the story hears it
/// once per dream, and plays the scene of the last choice.
pub(super) fn tell_the_shield(mut battle: ResMut<Battle>, mut out: MessageWriter<StoryEvent>) {
    let shielded = matches!(battle.core, Some((_, CorePhase::Shield)));
    if shielded && !battle.shield_told && battle.dissolving.is_none() {
        battle.shield_told = true;
        out.write(StoryEvent(Trigger::CoreShielded));
    }
}
