//! What happens in a zone from moment to moment: Leo following Mira, the
//! fears and swarms draining his calm, what Mira does (reassure, breathe,
//! pulse), and the battle drawn.

use super::*;

/// Leo walks in Mira's footsteps, a step behind.
pub(super) fn follow_mira(
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
    let (gap, speed) = battle.follow();
    if walker.feet.distance(mira.feet) <= gap {
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
    let step = to.clamp_length_max(speed * time.delta_secs());
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

/// Fears walk their patrols (slowly while Mira and Leo breathe). Each
/// kind has its zone's own rule: the waiting room's clocks run faster the
/// longer Mira stands still; the garden's drill-bees hear her when she comes
/// near and leave their patrol for Leo, until she breathes (breathing is
/// quiet) or he is far from their patrol.
///
/// What they are doing is said when it starts to matter (and taken back
/// when it stops), and kept for the sounds.
pub(super) fn move_fears(
    time: Res<Time>,
    pace: Res<Pace>,
    mut battle: ResMut<Battle>,
    mira: Query<&Walker, (With<Player>, Without<Companion>)>,
    leo: Query<&Walker, With<Companion>>,
    mut fears: Query<&mut FearBody>,
) {
    let dt = time.delta_secs() * pace.0;
    let near = mira.single().ok().zip(leo.single().ok());
    for mut fear in &mut fears {
        let quick = fear.quickening(battle.still);
        fear.along += fear.spec.speed * dt * quick;
        let patrol = fear.place();
        let (FearKind::Drill, Some((mira, leo))) = (fear.spec.kind, near) else {
            fear.at = patrol;
            continue;
        };
        if !battle.breathing && mira.feet.distance(fear.at) < HEARING {
            fear.chasing = true;
        }
        if battle.breathing || battle.dissolving.is_some() || patrol.distance(leo.feet) > LEASH {
            fear.chasing = false;
        }
        let (goal, speed) = if fear.chasing {
            (leo_head(leo.feet), CHASE)
        } else {
            (patrol, 1.5)
        };
        let step = fear.spec.speed * speed * dt;
        fear.at = fear.at.move_towards(goal, step);
    }
    const CHASED: &str =
        "A drill-bee heard you and is after Leo: hold {breathe} beside him to go quiet";
    const TICKING: &str = "The clocks tick faster while you stand still: keep moving";
    let Some((_, leo)) = near else {
        return;
    };
    let head = leo_head(leo.feet);
    let (mut chased, mut quickest) = (false, 1.0f32);
    for f in &fears {
        chased |= f.chasing;
        if f.at.distance(head) < f.spec.radius * 3.0 {
            quickest = quickest.max(f.quickening(battle.still));
        }
    }
    let ticking = quickest > 1.0;
    battle.chased = chased;
    battle.ticking = quickest;
    let warning = if chased {
        Some(CHASED)
    } else if ticking {
        Some(TICKING)
    } else {
        None
    };
    match warning {
        Some(w) if battle.hint != w => battle.hint = w.into(),
        None if battle.hint == CHASED || battle.hint == TICKING => battle.hint.clear(),
        _ => {}
    }
}

/// Leo's calm and Mira's energy, second by second.
pub(super) fn drain(
    time: Res<Time>,
    mode: Res<DreamBattle>,
    mut battle: ResMut<Battle>,
    swarms: Res<Swarms>,
    fears: Query<&FearBody>,
    leo: Query<&Walker, With<Companion>>,
    mira: Query<&Walker, (With<Player>, Without<Companion>)>,
    activity: Res<State<Activity>>,
) {
    let dt = time.delta_secs();
    let (Ok(leo), Ok(mira)) = (leo.single(), mira.single()) else {
        return;
    };
    if battle.dissolving.is_some() || battle.room.is_none() || battle.won {
        return;
    }
    // Standing still (not breathing, not in a conversation) winds the clocks.
    let moving = mira.feet.distance(mira.prev) > 0.01;
    battle.still = if moving || battle.breathing || *activity.get() != Activity::Exploring {
        0.0
    } else {
        battle.still + dt
    };
    let head = leo_head(leo.feet);
    let slow = if battle.breathing { BREATH_PACE } else { 1.0 };
    let still = battle.still;
    let mut lost: f32 = fears
        .iter()
        .map(|f| f.dread(leo.feet) * f.quickening(still))
        .sum();
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
pub(super) fn hunt(
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
pub(super) fn act_on_controls(
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
    fears: Query<&FearBody>,
) {
    let (Ok(mira), Ok(leo)) = (player.single(), leo.single()) else {
        return;
    };
    let ready = *activity.get() == Activity::Exploring
        && !transition.is_active()
        && battle.dissolving.is_none()
        && battle.room.is_some()
        && !battle.won;
    let beside = mira.feet.distance(leo.feet) <= battle.reach();
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
            commands.spawn(dream_ripple(
                leo_head(leo.feet),
                battle.reach(),
                Color::srgb(1.0, 0.85, 0.45),
                &ring,
            ));
            if battle.leo_shines() {
                // Leo's own light: nanobots near him come back to calm, and
                // at the core it breaks the shield.
                let head = leo_head(leo.feet);
                commands.spawn(dream_ripple(
                    head,
                    LIGHT_RADIUS,
                    Color::srgb(1.2, 1.0, 0.5),
                    &ring,
                ));
                recalibrate(&mut battle, &mut swarms.sim, head, LIGHT_RADIUS);
                battle.hint = "Leo shines his nightlight!".into();
                if battle.shield_told
                    && battle.core.as_ref().is_some_and(|(core, phase)| {
                        *phase == CorePhase::Shield && core.centre.distance(head) <= core.radius
                    })
                {
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
            commands.spawn(dream_ripple(at, radius, Color::srgb(0.4, 1.4, 1.4), &ring));
            // The hall of mirrors: a mirror within the pulse's reach throws
            // it back, at Leo.
            if let Some(mirror) = fears
                .iter()
                .find(|f| f.spec.kind == FearKind::Mirror && f.at.distance(at) <= radius)
            {
                commands.spawn(dream_ripple(
                    mirror.at,
                    radius,
                    Color::srgb(1.5, 0.45, 0.6),
                    &ring,
                ));
                battle.calm = (battle.calm - REFLECTED_CALM).max(0.0);
                battle.reflected += 1;
                battle.hint =
                    "The mirror throws the pulse back at Leo: pulse out of its reach".into();
                return;
            }
            let turned = recalibrate(&mut battle, &mut swarms.sim, at, radius);
            // The shield is made of Leo's fear: chemistry only feeds it.
            let at_shield = battle.core.as_ref().is_some_and(|(core, phase)| {
                *phase == CorePhase::Shield && core.centre.distance(at) <= core.radius + radius
            });
            battle.hint = match turned {
                0 if at_shield => {
                    "The core drinks the pulse and glows brighter: only Leo's light breaks it"
                        .into()
                }
                0 => "The pulse finds no malfunctioning nanobots here".into(),
                n => format!("Recalibrated {} nanobots", n as u32 * PACK),
            };
        }
    }
}

/// The core is broken: the battle is won, and the story hears it.
pub(super) fn win(battle: &mut Battle, out: &mut MessageWriter<StoryEvent>) {
    if let Some((_, phase)) = &mut battle.core {
        *phase = CorePhase::Broken;
    }
    battle.won = true;
    battle.hint = "The core is calm".into();
    out.write(StoryEvent(Trigger::BattleWon));
}

/// The dream's pace and Mira's stillness follow the battle: slowed and
/// held while she breathes with Leo, almost stopped while it dissolves.
pub(super) fn hold_the_dream(
    battle: Res<Battle>,
    mut pace: ResMut<Pace>,
    mut still: ResMut<HeldStill>,
) {
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
pub(super) fn recalibrate(battle: &mut Battle, sim: &mut Swarm, at: Vec2, radius: f32) -> usize {
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

/// A ring of the dream's, gone when the dream is.
fn dream_ripple(at: Vec2, radius: f32, colour: Color, ring: &RingImage) -> impl Bundle {
    (
        ripple(at, radius, colour, ring),
        DespawnOnExit(InAct(Act::Dreamscape)),
    )
}

/// Leo, the fears and the core as they are now.
#[allow(clippy::type_complexity)]
pub(super) fn draw(
    time: Res<Time>,
    battle: Res<Battle>,
    mut leo: Query<(&Walker, &mut Transform), With<Companion>>,
    mut fears: Query<(&FearBody, &mut Transform, &mut Sprite), Without<Companion>>,
    mut core: Query<
        (&mut Transform, &mut Sprite),
        (With<CoreBody>, Without<FearBody>, Without<Companion>),
    >,
) {
    let t = time.elapsed_secs();
    for (walker, mut transform) in &mut leo {
        transform.translation.x = walker.feet.x.round();
        transform.translation.y = walker.feet.y.round();
    }
    for (fear, mut transform, mut sprite) in &mut fears {
        // A slow bob, and a slow breath of shade; a quickening clock swells
        // and reddens, a chasing drill-bee shakes, hot.
        let quick = fear.quickening(battle.still);
        let bob = (t * 2.0 * quick + fear.spec.path[0].x * 0.1).sin() * 2.0;
        let shake = if fear.chasing {
            (t * 40.0).sin() * 1.5
        } else {
            0.0
        };
        transform.translation.x = (fear.at.x + shake).round();
        transform.translation.y = (fear.at.y + bob).round();
        transform.scale = Vec3::splat(1.0 + (quick - 1.0) * 0.12);
        let breath = 0.85 + 0.15 * (t * 3.0 * quick).sin();
        sprite.color = if fear.chasing {
            Color::srgb(1.4, 0.7 * breath, 0.5 * breath)
        } else {
            let warm = (quick - 1.0) * 0.25;
            Color::srgb(breath + warm, breath - warm * 0.5, breath - warm * 0.5)
        };
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
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use bevy::ecs::system::RunSystemOnce;

    use super::*;

    fn fear(kind: FearKind, at: Vec2) -> FearBody {
        FearBody::new(FearSpec {
            iid: "fear".into(),
            kind,
            path: vec![at],
            radius: 40.0,
            strength: 25.0,
            speed: 20.0,
        })
    }

    /// Mira and Leo standing at `mira` and `leo`, and one fear.
    fn world(mira: Vec2, leo: Vec2, fear: FearBody) -> World {
        let mut w = World::new();
        w.insert_resource(Time::<()>::default());
        w.insert_resource(Pace(1.0));
        w.insert_resource(Battle::default());
        w.spawn((Player, Walker::at(mira)));
        w.spawn((Companion, Walker::at(leo)));
        w.spawn(fear);
        w
    }

    /// Moves the fears on for `seconds`, a tenth of a second at a time.
    fn run(w: &mut World, seconds: u32) -> FearBody {
        for _ in 0..seconds * 10 {
            w.resource_mut::<Time>()
                .advance_by(Duration::from_millis(100));
            w.run_system_once(move_fears).unwrap();
        }
        let mut q = w.query::<&FearBody>();
        q.single(w).unwrap().clone()
    }

    #[test]
    fn a_drill_bee_that_hears_mira_goes_for_leo_until_they_breathe_together() {
        let home = Vec2::new(100.0, 100.0);
        let leo = home + Vec2::new(90.0, 0.0);
        let mut w = world(
            home + Vec2::new(40.0, 0.0),
            leo,
            fear(FearKind::Drill, home),
        );
        let bee = run(&mut w, 2);
        assert!(bee.chasing);
        assert!(bee.at.distance(leo_head(leo)) < 30.0, "{}", bee.at);
        w.resource_mut::<Battle>().breathing = true;
        let bee = run(&mut w, 5);
        assert!(!bee.chasing);
        assert!(
            bee.at.distance(home) < 0.5,
            "back on its patrol: {}",
            bee.at
        );
        // Out of earshot, nothing happens.
        let mut w = world(
            home + Vec2::new(-80.0, 0.0),
            leo,
            fear(FearKind::Drill, home),
        );
        assert!(!run(&mut w, 2).chasing);
    }

    #[test]
    fn empathy_widens_the_reassurance_and_trust_brings_leo_closer() {
        let b = |balance, trust| Battle {
            balance,
            trust,
            ..default()
        };
        assert!(b(3, 0).reach() > b(0, 0).reach());
        assert_eq!(b(-3, 0).reach(), b(0, 0).reach());
        let ((close, fast), (gap, speed), (far, slow)) =
            (b(0, 3).follow(), b(0, 0).follow(), b(0, -1).follow());
        assert!(close < gap && gap < far);
        assert!(fast > speed && speed > slow);
    }

    #[test]
    fn a_clock_quickens_only_after_mira_stands_still_and_only_so_far() {
        let clock = fear(FearKind::Clock, Vec2::ZERO);
        assert_eq!(clock.quickening(0.0), 1.0);
        assert_eq!(clock.quickening(STILL_GRACE), 1.0);
        assert!(clock.quickening(STILL_GRACE + 1.0) > 1.4);
        assert_eq!(clock.quickening(60.0), MAX_QUICKENING);
        assert_eq!(fear(FearKind::Drill, Vec2::ZERO).quickening(60.0), 1.0);
        // A quickened clock walks its patrol faster.
        let mut patrol = fear(FearKind::Clock, Vec2::ZERO);
        patrol.spec.path.push(Vec2::new(200.0, 0.0));
        let mut w = world(Vec2::ZERO, Vec2::ZERO, patrol.clone());
        let calm = run(&mut w, 1).at.x;
        let mut w = world(Vec2::ZERO, Vec2::ZERO, patrol);
        w.resource_mut::<Battle>().still = 10.0;
        let quick = run(&mut w, 1).at.x;
        assert!(
            (quick - calm * MAX_QUICKENING).abs() < 1.0,
            "{calm} {quick}"
        );
    }
}
