//! Everyone Mira meets, spawned from LDtk `Character` entities: their
//! sprite, shadow, idle animation and name.

use bevy::prelude::*;
use bevy::sprite::Anchor;
use bevy_ecs_ldtk::prelude::*;
use rand::{RngExt, SeedableRng};

use super::CharacterAssets;
use super::animation::IdleClock;
use super::talk::Talkable;
use super::{Character, CharacterSheet, Player, Pose, Walker};
use crate::core::Activity;
use crate::core::{AppSystems, PausableSystems};
use crate::data::TheCast;
use crate::model::InAct;
use crate::model::TalkTarget;
use crate::model::room::YSort;
use crate::model::room::map::{feet_of, placed_rect};
use crate::model::room::staging::{placement, staged};
use crate::model::vocab::{self, Facing};
use biodental_story::{Act, Ending, StoryState};

pub(super) fn plugin(app: &mut App) {
    app.register_ldtk_entity::<NpcBundle>(vocab::CHARACTER);
    app.add_observer(dress_shadow);
    app.add_systems(Update, (dress_npcs, show_who_is_here).chain());
    app.add_systems(
        Update,
        look_around
            .in_set(PausableSystems)
            .in_set(AppSystems::Update)
            .run_if(in_state(Activity::Exploring)),
    );
}

/// Marks an LDtk `Character` until it is dressed.
#[derive(Component, Default)]
struct Npc;

#[derive(Bundle, LdtkEntity, Default)]
struct NpcBundle {
    npc: Npc,
    #[from_entity_instance]
    instance: EntityInstance,
}

/// The acts in which someone stands at this spot (empty: every act), and
/// the endings, once decided (empty: whatever the ending).
#[derive(Component, Debug, Clone, Default)]
pub struct Stage(pub Vec<Act>, pub Vec<Ending>);

/// Someone who is elsewhere in the current act: hidden, and nobody to talk to.
#[derive(Component, Debug)]
pub struct Offstage;

fn show_who_is_here(
    mut commands: Commands,
    act: Option<Res<State<InAct>>>,
    story: Option<Res<StoryState>>,
    mut people: Query<(Entity, &Stage, &mut Visibility, Has<Offstage>)>,
) {
    let Some(act) = act else { return };
    let act = act.get().0;
    let ending = story.and_then(|s| s.ending);
    for (entity, stage, mut visibility, offstage) in &mut people {
        let here = staged(&stage.0, &stage.1, act, ending);
        visibility.set_if_neq(if here {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        });
        if here && offstage {
            commands.entity(entity).remove::<Offstage>();
        } else if !here && !offstage {
            commands.entity(entity).insert(Offstage);
        }
    }
}

/// Seconds between idle glances aside.
const GLANCE_EVERY: std::ops::Range<f32> = 4.0..10.0;
/// Seconds a glance lasts.
const GLANCE_FOR: f32 = 1.4;

/// When someone next glances aside, and until when they are looking away.
#[derive(Component)]
struct Glance {
    next: f32,
    until: Option<f32>,
    rng: rand::rngs::StdRng,
}

/// People notice Mira: whoever she could talk to turns to her; the others
/// glance aside now and then, then look back the way they stand.
fn look_around(
    time: Res<Time>,
    target: Res<TalkTarget>,
    player: Query<&Walker, With<Player>>,
    mut people: Query<(
        Entity,
        &Character,
        &Talkable,
        &GlobalTransform,
        &mut Pose,
        &mut Glance,
    )>,
) {
    let t = time.elapsed_secs();
    let mira = player.single().ok().map(|w| w.feet);
    for (entity, who, talkable, at, mut pose, mut glance) in &mut people {
        if !who.turns() {
            continue;
        }
        let home = talkable.home_facing;
        let facing = if target.0 == Some(entity)
            && let Some(mira) = mira
        {
            glance.until = None;
            Facing::from_vector(mira - at.translation().truncate()).unwrap_or(home)
        } else {
            match glance.until {
                Some(until) if t < until => pose.facing,
                Some(_) => {
                    glance.until = None;
                    glance.next = t + glance.rng.random_range(GLANCE_EVERY.clone());
                    home
                }
                None if t >= glance.next => {
                    glance.until = Some(t + GLANCE_FOR);
                    let sides = match home {
                        Facing::Up | Facing::Down => [Facing::Left, Facing::Right],
                        Facing::Left | Facing::Right => [Facing::Down, Facing::Down],
                    };
                    sides[glance.rng.random_range(0..2)]
                }
                None => home,
            }
        };
        if pose.facing != facing {
            pose.facing = facing;
        }
    }
}

/// The soft shadow under a character's feet.
pub(super) fn shadow() -> impl Bundle {
    (
        Name::new("Shadow"),
        ShadowOf,
        Transform::from_xyz(0.0, 0.0, -0.005),
    )
}

/// Drawn from the effects sheet as it is added.
#[derive(Component)]
pub(super) struct ShadowOf;

fn dress_shadow(add: On<Add, ShadowOf>, mut commands: Commands, assets: Res<CharacterAssets>) {
    commands.entity(add.entity).insert((
        Sprite {
            image: assets.fx.clone(),
            rect: Some(Rect::new(0.0, 8.0, 16.0, 16.0)),
            ..default()
        },
        Anchor::CENTER,
    ));
}

/// Dresses the people bevy_ecs_ldtk spawned from the rooms. A system, not
/// an `On<Add, Npc>` observer: bevy_ecs_ldtk inserts an entity's
/// `Transform` after its bundle, so an observer's placement would be
/// overwritten; by `Update` the entity is whole.
fn dress_npcs(
    mut commands: Commands,
    npcs: Query<(Entity, &EntityInstance, &ChildOf), Added<Npc>>,
    layers: Query<&LayerMetadata>,
    sheet: Res<CharacterSheet>,
    the_cast: TheCast,
) {
    let cast = the_cast.get();
    for (entity, instance, parent) in &npcs {
        let Some(who) = instance
            .get_enum_field("character")
            .ok()
            .map(String::as_str)
            .and_then(Character::from_ldtk)
        else {
            warn!(
                "LDtk Character {} has no valid `character`; left out",
                instance.iid
            );
            continue;
        };
        let rect = placed_rect(instance, layers.get(parent.parent()).ok());
        let feet = feet_of(rect);
        let facing = instance
            .get_enum_field("facing")
            .ok()
            .map(String::as_str)
            .and_then(Facing::from_ldtk)
            .unwrap_or_default();
        let name = cast
            .map(|c| c.name(who).to_string())
            .unwrap_or_else(|| who.ldtk_name().into());
        // A stable per-person offset so the room never breathes in unison.
        let mut rng = rand::rngs::StdRng::seed_from_u64(who.sheet_row() as u64);
        commands.entity(entity).insert((
            Name::new(name),
            who,
            Pose {
                facing,
                ..default()
            },
            IdleClock(rng.random_range(0.0..2.0)),
            Glance {
                next: rng.random_range(GLANCE_EVERY.clone()),
                until: None,
                rng,
            },
            Talkable {
                home_facing: facing,
            },
            {
                let (acts, endings) = placement(instance);
                Stage(acts, endings)
            },
            sheet.sprite(),
            Transform::from_translation(feet.extend(0.0)),
            Visibility::default(),
            YSort::default(),
        ));
        // Robots hover and kiosks stand on a base: only people cast a shadow.
        if !who.is_machine() {
            commands.entity(entity).with_child(shadow());
        }
    }
}
