//! The pause menu: Esc or Start during the game.

use bevy::prelude::*;

use super::{MenuKind, Page, menu};
use crate::AppSystems;
use crate::input::Controls;
use crate::screens::{Pause, Screen};
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
        // Esc on a settings page goes back up a page first.
        Pause::Paused if pages.iter().all(|p| *p == Page::Main) => next.set(Pause::Running),
        Pause::Paused => {}
    }
}

fn spawn_pause_menu(mut commands: Commands) {
    commands.spawn((
        widget::ui_root("Pause menu"),
        BackgroundColor(palette::SCRIM),
        GlobalZIndex(20),
        DespawnOnExit(Pause::Paused),
        children![(
            widget::panel(px(420)),
            BackgroundColor(palette::PANEL),
            BorderColor::all(palette::BORDER),
            children![widget::header("Paused"), menu(MenuKind::Pause)],
        )],
    ));
}
