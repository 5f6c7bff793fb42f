//! Rings that spread out from a point and fade: the dream's pulses,
//! reassurances and Leo's light, and the same actions practised in
//! Jasper's session. Whoever spawns one decides how long it may outlive
//! (a `DespawnOnExit` beside it); it despawns itself once faded.

use bevy::prelude::*;

use crate::core::{AppSystems, PausableSystems};

/// How long a ring takes to spread and fade (s).
const SPREAD_SECS: f32 = 0.5;
/// The ring image's bright line is this many px across.
const RING_PX: f32 = 28.0;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, make_ring);
    app.add_systems(
        Update,
        spread.in_set(PausableSystems).in_set(AppSystems::Update),
    );
}

/// A soft ring, 32 px across.
#[derive(Resource, Debug, Clone)]
pub(crate) struct RingImage(Handle<Image>);

/// A ring spreading out and fading, `t` s after it began, to `radius` px.
#[derive(Component, Debug)]
pub(crate) struct Ripple {
    pub t: f32,
    pub radius: f32,
}

fn make_ring(mut commands: Commands, mut images: ResMut<Assets<Image>>) {
    // Bright 14 px from the centre, fading inwards and out.
    let image = super::radial_image(32, |d| {
        (1.0 - (d - 14.0).abs() / 2.5).clamp(0.0, 1.0) + 0.12 * (1.0 - d / 14.0).clamp(0.0, 1.0)
    });
    commands.insert_resource(RingImage(images.add(image)));
}

/// A ring at `at` (above everyone, at z 34) spreading to `radius`.
pub(crate) fn ripple(at: Vec2, radius: f32, colour: Color, ring: &RingImage) -> impl Bundle {
    (
        Name::new("Ripple"),
        Ripple { t: 0.0, radius },
        Sprite {
            image: ring.0.clone(),
            color: colour,
            ..default()
        },
        Transform::from_translation(at.extend(34.0)).with_scale(Vec3::splat(0.1)),
    )
}

fn spread(
    time: Res<Time>,
    mut commands: Commands,
    mut ripples: Query<(Entity, &mut Ripple, &mut Transform, &mut Sprite)>,
) {
    for (e, mut ripple, mut transform, mut sprite) in &mut ripples {
        ripple.t += time.delta_secs();
        let k = (ripple.t / SPREAD_SECS).min(1.0);
        transform.scale = Vec3::splat((ripple.radius * 2.0 / RING_PX) * (0.3 + 0.7 * k));
        sprite.color = sprite.color.with_alpha(0.8 * (1.0 - k));
        if k >= 1.0 {
            commands.entity(e).try_despawn();
        }
    }
}
