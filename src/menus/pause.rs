//! The pause menu: Esc or Start during the game.

use bevy::prelude::*;

use super::{MenuKind, Page, menu};
use crate::core::AppSystems;
use crate::core::{Pause, Screen};
use crate::input::Controls;
use crate::theme::{palette, widget};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Pause::Paused), spawn_pause_menu);
    app.add_systems(
        Update,
        toggle_pause
            .run_if(in_state(Screen::Gameplay))
            .run_if(not(in_state(crate::dialogue::LogView::Open)))
            .in_set(AppSystems::Update),
    );
}

pub(super) fn toggle_pause(
    controls: Res<Controls>,
    pause: Res<State<Pause>>,
    pages: Query<&Page>,
    mut next: ResMut<NextState<Pause>>,
) {
    if !controls.pause {
        return;
    }
    match pause.get() {
        Pause::Running => next.set(Pause::Paused),
        // Esc on another page goes back to the pause page first.
        Pause::Paused if pages.iter().all(|p| *p == Page::Main) => next.set(Pause::Running),
        Pause::Paused => {}
    }
}

fn spawn_pause_menu(mut commands: Commands) {
    commands.spawn((
        widget::ui_root("Pause menu"),
        BackgroundColor(palette::SCRIM),
        // Above the conversation, the log and the notices.
        GlobalZIndex(20),
        DespawnOnExit(Pause::Paused),
        children![(
            Node {
                min_width: px(420),
                ..widget::panel(Val::Auto)
            },
            // Opaque: the conversation behind it must not show through.
            BackgroundColor(palette::PANEL.with_alpha(1.0)),
            BorderColor::all(palette::BORDER),
            children![menu(MenuKind::Pause)],
        )],
    ));
}
