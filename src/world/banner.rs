//! The room's name, shown for a moment whenever Mira enters a room.

use bevy::prelude::*;

use crate::core::Screen;
use crate::core::{AppSystems, PausableSystems};
use crate::model::room::RoomEntered;
use crate::theme::{Fleeting, palette, widget};

/// Seconds the room's name stays on screen after entering.
const BANNER_SECONDS: f32 = 2.6;
/// The last of those seconds, it fades out.
const FADE_SECONDS: f32 = 0.6;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (show_banner, fade_banner)
            .chain()
            .in_set(PausableSystems)
            .in_set(AppSystems::Update)
            .run_if(in_state(Screen::Gameplay)),
    );
}

#[derive(Component)]
struct Banner;

fn show_banner(
    mut commands: Commands,
    mut entered: MessageReader<RoomEntered>,
    old: Query<Entity, With<Banner>>,
) {
    let Some(room) = entered.read().last() else {
        return;
    };
    for e in &old {
        commands.entity(e).despawn();
    }
    commands.spawn((
        Name::new("Room banner"),
        Banner,
        Fleeting::new(BANNER_SECONDS, FADE_SECONDS),
        Node {
            position_type: PositionType::Absolute,
            top: px(28),
            width: percent(100),
            justify_content: JustifyContent::Center,
            ..default()
        },
        DespawnOnExit(Screen::Gameplay),
        children![(
            Node {
                padding: UiRect::axes(px(22), px(8)),
                border: UiRect::bottom(px(2)),
                border_radius: BorderRadius::all(px(6)),
                ..default()
            },
            BackgroundColor(palette::PANEL),
            BorderColor::all(palette::ACCENT),
            children![widget::text(
                room.title.clone(),
                widget::BODY_SIZE,
                palette::TEXT
            )],
        )],
    ));
}

fn fade_banner(
    banners: Query<(&Fleeting, &Children), With<Banner>>,
    mut panels: Query<(&mut BackgroundColor, &mut BorderColor, &Children)>,
    mut texts: Query<&mut TextColor>,
) {
    for (fleeting, children) in &banners {
        let alpha = fleeting.alpha();
        for child in children.iter() {
            if let Ok((mut bg, mut border, inner)) = panels.get_mut(child) {
                bg.0 = palette::PANEL.with_alpha(palette::PANEL.alpha() * alpha);
                *border = BorderColor::all(palette::ACCENT.with_alpha(alpha));
                for t in inner.iter() {
                    if let Ok(mut color) = texts.get_mut(t) {
                        color.0 = palette::TEXT.with_alpha(alpha);
                    }
                }
            }
        }
    }
}
