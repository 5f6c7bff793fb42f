//! The main menu (on the title screen), the pause menu and the settings
//! pages they share.

mod controls;
mod pause;

use bevy::prelude::*;
use bevy::window::{MonitorSelection, PrimaryWindow, WindowMode};

use crate::dialogue::TextSpeed;
use crate::screens::{Pause, Screen};
use crate::settings::{DreamBattle, ReducedFlashing};
use crate::theme::{ButtonActivated, palette, widget};
use crate::{AppSystems, input::Controls};

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((pause::plugin, controls::plugin));
    app.add_systems(
        Update,
        (
            act_on_buttons,
            back_out.after(pause::toggle_pause),
            rebuild_pages,
        )
            .chain()
            .in_set(AppSystems::Update),
    );
}

/// Which menu a list of buttons belongs to.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub enum MenuKind {
    Title,
    Pause,
}

/// The page a menu shows.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Page {
    Main,
    Settings,
    /// Key and gamepad bindings (`controls.rs`), below Settings.
    Controls,
}

impl Page {
    /// The page Back and Esc lead to.
    fn up(self) -> Page {
        match self {
            Page::Controls => Page::Settings,
            Page::Main | Page::Settings => Page::Main,
        }
    }
}

/// What a button does.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub enum MenuAction {
    NewGame,
    Continue,
    Settings,
    Controls,
    Quit,
    Resume,
    QuitToTitle,
    ToggleFullscreen,
    CycleTextSpeed,
    ToggleReducedFlashing,
    CycleDreamBattle,
    Back,
}

/// A menu column of `kind`, starting on its main page (filled in by
/// `rebuild_pages` the frame it appears).
pub fn menu(kind: MenuKind) -> impl Bundle {
    (
        Name::new(format!("{kind:?} menu")),
        kind,
        Page::Main,
        Node {
            flex_direction: FlexDirection::Column,
            align_items: AlignItems::Center,
            row_gap: px(10),
            ..default()
        },
    )
}

fn fill(
    p: &mut ChildSpawnerCommands,
    kind: MenuKind,
    page: Page,
    fullscreen: bool,
    text_speed: TextSpeed,
    reduced_flashing: ReducedFlashing,
    dream_battle: DreamBattle,
) {
    match (kind, page) {
        (MenuKind::Title, Page::Main) => {
            p.spawn(widget::button("New game", 0, MenuAction::NewGame));
            // There is nothing to continue until the game can be saved.
            p.spawn(widget::disabled_button("Continue", 1, MenuAction::Continue));
            p.spawn(widget::text(
                "No saved game yet",
                widget::SMALL_SIZE,
                palette::TEXT_DISABLED,
            ));
            p.spawn(widget::button("Settings", 2, MenuAction::Settings));
            if cfg!(not(target_arch = "wasm32")) {
                p.spawn(widget::button("Quit", 3, MenuAction::Quit));
            }
        }
        (MenuKind::Pause, Page::Main) => {
            p.spawn(widget::button("Resume", 0, MenuAction::Resume));
            p.spawn(widget::button("Settings", 1, MenuAction::Settings));
            p.spawn(widget::button("Quit to title", 2, MenuAction::QuitToTitle));
        }
        (_, Page::Settings) => {
            p.spawn(widget::header("Settings"));
            if cfg!(not(target_arch = "wasm32")) {
                let caption = if fullscreen {
                    "Fullscreen: on"
                } else {
                    "Fullscreen: off"
                };
                p.spawn(widget::button(caption, 0, MenuAction::ToggleFullscreen));
            }
            p.spawn(widget::button(
                format!("Text speed: {}", text_speed.label()),
                1,
                MenuAction::CycleTextSpeed,
            ));
            p.spawn(widget::button(
                format!("Reduced flashing: {}", reduced_flashing.label()),
                2,
                MenuAction::ToggleReducedFlashing,
            ));
            p.spawn(widget::button(
                format!("Dream battle: {}", dream_battle.label()),
                3,
                MenuAction::CycleDreamBattle,
            ));
            p.spawn(widget::button("Controls", 4, MenuAction::Controls));
            p.spawn(widget::text(
                "Volume and text size\ncome with the settings update.",
                widget::SMALL_SIZE,
                palette::TEXT_DIM,
            ));
            p.spawn(widget::button("Back", 5, MenuAction::Back));
        }
        // The Controls page covers the screen on its own (`controls.rs`).
        (_, Page::Controls) => {}
    }
}

fn act_on_buttons(
    mut activated: MessageReader<ButtonActivated>,
    actions: Query<(&MenuAction, &ChildOf)>,
    mut menus: Query<&mut Page>,
    mut window: Query<&mut Window, With<PrimaryWindow>>,
    mut next_screen: ResMut<NextState<Screen>>,
    mut next_pause: ResMut<NextState<Pause>>,
    mut text_speed: ResMut<TextSpeed>,
    mut reduced_flashing: ResMut<ReducedFlashing>,
    mut dream_battle: ResMut<DreamBattle>,
    mut exit: MessageWriter<AppExit>,
) {
    for ButtonActivated(button) in activated.read() {
        let Ok((action, parent)) = actions.get(*button) else {
            continue;
        };
        match action {
            MenuAction::NewGame => next_screen.set(Screen::Gameplay),
            MenuAction::Continue => {}
            MenuAction::Quit => {
                exit.write(AppExit::Success);
            }
            MenuAction::Resume => next_pause.set(Pause::Running),
            MenuAction::QuitToTitle => next_screen.set(Screen::Title),
            MenuAction::Settings | MenuAction::Controls | MenuAction::Back => {
                if let Ok(mut page) = menus.get_mut(parent.parent()) {
                    *page = match action {
                        MenuAction::Settings => Page::Settings,
                        MenuAction::Controls => Page::Controls,
                        _ => page.up(),
                    };
                }
            }
            MenuAction::CycleTextSpeed => {
                *text_speed = text_speed.next();
                if let Ok(mut page) = menus.get_mut(parent.parent()) {
                    page.set_changed();
                }
            }
            MenuAction::ToggleReducedFlashing => {
                reduced_flashing.0 = !reduced_flashing.0;
                if let Ok(mut page) = menus.get_mut(parent.parent()) {
                    page.set_changed();
                }
            }
            MenuAction::CycleDreamBattle => {
                *dream_battle = dream_battle.next();
                if let Ok(mut page) = menus.get_mut(parent.parent()) {
                    page.set_changed();
                }
            }
            MenuAction::ToggleFullscreen => {
                if let Ok(mut w) = window.single_mut() {
                    w.mode = match w.mode {
                        WindowMode::Windowed => {
                            WindowMode::BorderlessFullscreen(MonitorSelection::Current)
                        }
                        _ => WindowMode::Windowed,
                    };
                }
                if let Ok(mut page) = menus.get_mut(parent.parent()) {
                    page.set_changed();
                }
            }
        }
    }
}

/// Esc / gamepad East on a settings page goes back up a page.
fn back_out(controls: Res<Controls>, mut menus: Query<&mut Page>) {
    if controls.back {
        for mut page in &mut menus {
            if *page != Page::Main {
                *page = page.up();
            }
        }
    }
}

pub(super) fn rebuild_pages(
    mut commands: Commands,
    menus: Query<(Entity, &MenuKind, &Page), Changed<Page>>,
    window: Query<&Window, With<PrimaryWindow>>,
    text_speed: Res<TextSpeed>,
    reduced_flashing: Res<ReducedFlashing>,
    dream_battle: Res<DreamBattle>,
) {
    let fullscreen = window
        .single()
        .is_ok_and(|w| w.mode != WindowMode::Windowed);
    for (entity, kind, page) in &menus {
        let (kind, page) = (*kind, *page);
        commands
            .entity(entity)
            .despawn_children()
            .with_children(|p| {
                fill(
                    p,
                    kind,
                    page,
                    fullscreen,
                    *text_speed,
                    *reduced_flashing,
                    *dream_battle,
                )
            });
    }
}
