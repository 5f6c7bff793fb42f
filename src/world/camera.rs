//! The one camera: pixel-perfect integer zoom, following Mira, kept inside
//! the room (or centred on a room smaller than the screen).

use bevy::prelude::*;
use bevy::window::PrimaryWindow;

use crate::core::Screen;
use crate::model::FramePlayer;
use crate::model::Player;
use crate::model::room::{Complex, CurrentRoom, zoom_for};

/// Background outside the rooms: the night around the complex.
const VOID: Color = Color::srgb(0.043, 0.055, 0.102);

pub(super) fn plugin(app: &mut App) {
    app.insert_resource(ClearColor(VOID));
    app.add_systems(Startup, spawn_camera);
    app.add_systems(OnEnter(Screen::Title), reset_camera);
    app.add_systems(
        PostUpdate,
        (pixel_zoom, follow_player.run_if(in_state(Screen::Gameplay)))
            .chain()
            .before(TransformSystems::Propagate),
    );
}

#[derive(Component)]
pub struct MainCamera;

/// How fast (per second) the camera glides to a new framing.
const FRAMING_RATE: f32 = 6.0;

fn spawn_camera(mut commands: Commands) {
    let mut camera = commands.spawn((Name::new("Camera"), MainCamera, Camera2d, Msaa::Off));
    // Glow: HDR and bloom on the desktop, where only the nanobots are bright
    // enough to bloom. The browser build (WebGL2) goes without; the
    // nanobots' sprites carry their own soft halo.
    #[cfg(not(target_arch = "wasm32"))]
    camera.insert(bevy::post_process::bloom::Bloom {
        intensity: 0.22,
        low_frequency_boost: 0.5,
        prefilter: bevy::post_process::bloom::BloomPrefilter {
            threshold: 1.0,
            threshold_softness: 0.4,
        },
        composite_mode: bevy::post_process::bloom::BloomCompositeMode::Additive,
        ..bevy::post_process::bloom::Bloom::NATURAL
    });
    #[cfg(target_arch = "wasm32")]
    let _ = &mut camera;
}

fn reset_camera(mut camera: Query<&mut Transform, With<MainCamera>>) {
    for mut t in &mut camera {
        t.translation = Vec3::new(0.0, 0.0, t.translation.z);
    }
}

fn pixel_zoom(
    window: Query<&Window, With<PrimaryWindow>>,
    mut projection: Query<&mut Projection, With<MainCamera>>,
) {
    let Ok(window) = window.single() else { return };
    let zoom = zoom_for(window.physical_height() as f32);
    for mut p in &mut projection {
        if let Projection::Orthographic(o) = &mut *p {
            // Scale is world units per logical pixel.
            let scale = window.scale_factor() / zoom;
            if o.scale != scale {
                o.scale = scale;
            }
        }
    }
}

fn follow_player(
    time: Res<Time>,
    framing: Res<FramePlayer>,
    mut shift: Local<f32>,
    window: Query<&Window, With<PrimaryWindow>>,
    player: Query<&Transform, (With<Player>, Without<MainCamera>)>,
    mut camera: Query<&mut Transform, With<MainCamera>>,
    complex: Option<Res<Complex>>,
    current: Option<Res<CurrentRoom>>,
) {
    let (Ok(window), Ok(target), Some(complex), Some(current)) =
        (window.single(), player.single(), complex, current)
    else {
        return;
    };
    let Some(room) = complex.room(&current.0) else {
        return;
    };
    let zoom = zoom_for(window.physical_height() as f32);
    let view = Vec2::new(
        window.physical_width() as f32,
        window.physical_height() as f32,
    ) / zoom;
    // Aim a little above the feet, at the middle of the body.
    let aim = target.translation.truncate() + Vec2::new(0.0, 12.0);
    let clamp_axis = |aim: f32, view: f32, size: f32| {
        if view >= size {
            size / 2.0
        } else {
            aim.clamp(view / 2.0, size - view / 2.0)
        }
    };
    let mut centre = Vec2::new(
        clamp_axis(aim.x, view.x, room.size.x),
        clamp_axis(aim.y, view.y, room.size.y),
    );
    // Raised framing (during a conversation): glide so that her feet sit
    // at the asked height, even if that shows a little beyond the room.
    let wanted = framing
        .0
        .map(|f| (target.translation.y - (0.5 - f) * view.y) - centre.y)
        .unwrap_or(0.0)
        .min(0.0);
    let step = (FRAMING_RATE * time.delta_secs()).min(1.0);
    *shift += (wanted - *shift) * step;
    if (*shift - wanted).abs() < 0.05 {
        *shift = wanted;
    }
    centre.y += *shift;
    // Snap to the screen's pixel grid so that tiles never shimmer.
    let snapped = (centre * zoom).round() / zoom;
    for mut t in &mut camera {
        t.translation.x = snapped.x;
        t.translation.y = snapped.y;
    }
}
