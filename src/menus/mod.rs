//! The main menu (on the title screen), the pause menu and the settings
//! pages they share.

mod controls;
mod pause;
mod saves;

use std::any::TypeId;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy::window::{MonitorSelection, PrimaryWindow, WindowMode};

use crate::audio::Volumes;
use crate::core::AppSystems;
use crate::core::{Activity, Pause, Screen};
use crate::input::Controls;
use crate::model::{Choice, Resume};
use crate::save::{self, SaveOutcome, SaveRequest, SaveSlots, Slot, SlotInfo, Store};
use crate::settings::{Settings, SettingsProblem};
use crate::theme::{Activate, FocusMemory, Focused, MenuButton, MenuNavigation, palette, widget};

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((pause::plugin, controls::plugin));
    app.add_observer(act_on_button);
    app.add_systems(
        Update,
        (back_out.after(pause::toggle_pause), rebuild_pages)
            .chain()
            .in_set(AppSystems::Update)
            .before(MenuNavigation),
    );
}

/// Which menu a list of buttons belongs to.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MenuKind {
    Title,
    Pause,
}

/// The page a menu shows.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Page {
    Main,
    Settings,
    /// The slots to save into (pause menu).
    Save,
    /// Asking before a save replaces slot `n`.
    ConfirmSave(usize),
    /// The slots to load.
    Load,
    Credits,
    /// Key and gamepad bindings (`controls.rs`), below Settings.
    Controls,
    /// The volume of each kind of sound, below Settings.
    Sound,
}

/// What a button does.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MenuAction {
    NewGame,
    Continue,
    Load,
    Save,
    Settings,
    Credits,
    Controls,
    Quit,
    Resume,
    QuitToTitle,
    ToggleFullscreen,
    /// Step the setting whose type this is (a [`Choice`]) to its next value.
    Step(TypeId),
    Sound,
    /// Turn channel `n` (see [`CHANNELS`]) up (+1) or down (−1) a step.
    Volume(usize, i8),
    /// Save into slot `n` (asking first if it holds something).
    SaveTo(usize),
    /// Save into slot `n`, the player has said yes.
    Overwrite(usize),
    LoadFrom(usize),
    /// Put slot `n`'s backup back in place of its damaged save.
    RestoreBackup(usize),
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

/// What the menu pages show.
#[derive(SystemParam)]
pub(super) struct MenuData<'w, 's> {
    window: Query<'w, 's, &'static Window, With<PrimaryWindow>>,
    settings: Settings<'w>,
    settings_problem: Option<Res<'w, SettingsProblem>>,
    slots: Res<'w, SaveSlots>,
    outcome: Option<Res<'w, SaveOutcome>>,
    activity: Option<Res<'w, State<Activity>>>,
}

fn fill(p: &mut ChildSpawnerCommands, kind: MenuKind, page: Page, data: &MenuData) {
    match (kind, page) {
        (MenuKind::Title, Page::Main) => {
            p.spawn(widget::button("New game", 0, MenuAction::NewGame));
            match data.slots.newest() {
                Some((i, game)) => {
                    p.spawn(widget::button("Continue", 1, MenuAction::Continue));
                    p.spawn(widget::text(
                        format!(
                            "{}: {} · {}",
                            SlotInfo::label(i),
                            game.summary,
                            game.played()
                        ),
                        widget::SMALL_SIZE,
                        palette::TEXT_DIM,
                    ));
                }
                None => {
                    p.spawn(widget::disabled_button("Continue", 1, MenuAction::Continue));
                    p.spawn(widget::text(
                        "No saved game yet",
                        widget::SMALL_SIZE,
                        palette::TEXT_DISABLED,
                    ));
                }
            }
            p.spawn(widget::button("Load", 2, MenuAction::Load));
            p.spawn(widget::button("Settings", 3, MenuAction::Settings));
            p.spawn(widget::button("Credits", 4, MenuAction::Credits));
            if cfg!(not(target_arch = "wasm32")) {
                p.spawn(widget::button("Quit", 5, MenuAction::Quit));
            }
        }
        (MenuKind::Pause, Page::Main) => {
            p.spawn(widget::header("Paused"));
            p.spawn(widget::button("Resume", 0, MenuAction::Resume));
            p.spawn(widget::button("Save", 1, MenuAction::Save));
            p.spawn(widget::button("Load", 2, MenuAction::Load));
            p.spawn(widget::button("Settings", 3, MenuAction::Settings));
            p.spawn(widget::button("Quit to title", 4, MenuAction::QuitToTitle));
            p.spawn(widget::text(
                "Quitting saves your progress in the autosave.",
                widget::SMALL_SIZE,
                palette::TEXT_DIM,
            ));
        }
        (_, Page::Settings) => settings_page(p, data),
        (_, Page::Save) => saves::save_page(p, data),
        (_, Page::ConfirmSave(n)) => saves::confirm_page(p, data, n),
        (_, Page::Load) => saves::load_page(p, data),
        (_, Page::Credits) => credits_page(p),
        (_, Page::Sound) => sound_page(p, data),
        // The Controls page covers the screen on its own (`controls.rs`).
        (_, Page::Controls) => {}
    }
}

fn settings_page(p: &mut ChildSpawnerCommands, data: &MenuData) {
    p.spawn(widget::header("Settings"));
    if cfg!(not(target_arch = "wasm32")) {
        let fullscreen = data
            .window
            .single()
            .is_ok_and(|w| w.mode != WindowMode::Windowed);
        let caption = if fullscreen {
            "Fullscreen: on"
        } else {
            "Fullscreen: off"
        };
        p.spawn(widget::wide_button(
            caption,
            0,
            true,
            MenuAction::ToggleFullscreen,
        ));
    }
    let settings = &data.settings;
    choice_row(p, 1, *settings.text_speed);
    choice_row(p, 2, *settings.text_size);
    choice_row(p, 3, *settings.reduced_flashing);
    choice_row(p, 4, *settings.swarm_palette);
    choice_row(p, 5, *settings.dream_battle);
    p.spawn(widget::wide_button("Sound", 6, true, MenuAction::Sound));
    p.spawn(widget::wide_button(
        "Controls",
        7,
        true,
        MenuAction::Controls,
    ));
    if let Some(problem) = &data.settings_problem {
        p.spawn(widget::note(
            format!(
                "Your settings could not be read ({}); the defaults are in use.",
                problem.0
            ),
            palette::ERROR,
        ));
    }
    p.spawn(widget::button("Back", 20, MenuAction::Back));
}

/// A row of the Settings page: a choice's caption and value, which a
/// press steps to the next.
fn choice_row<T: Choice>(p: &mut ChildSpawnerCommands, order: u32, value: T) {
    p.spawn(widget::wide_button(
        format!("{}: {}", T::CAPTION, value.label()),
        order,
        true,
        MenuAction::Step(TypeId::of::<T>()),
    ));
}

/// The channels on the Sound page: name, and the level in [`Volumes`].
const CHANNELS: [(&str, fn(&mut Volumes) -> &mut f32); 5] = [
    ("All sound", |v| &mut v.master),
    ("Music", |v| &mut v.music),
    ("Effects", |v| &mut v.sfx),
    ("Ambience", |v| &mut v.ambience),
    ("Voices", |v| &mut v.dialogue),
];
/// One press of − or + on the Sound page.
const VOLUME_STEP: f32 = 0.1;

fn sound_page(p: &mut ChildSpawnerCommands, data: &MenuData) {
    p.spawn(widget::header("Sound"));
    let mut volumes = *data.settings.volumes;
    for (i, (name, level)) in CHANNELS.iter().enumerate() {
        let percent = (*level(&mut volumes) * 100.0).round() as i32;
        p.spawn(Node {
            flex_direction: FlexDirection::Row,
            align_items: AlignItems::Center,
            column_gap: px(12),
            ..default()
        })
        .with_children(|row| {
            row.spawn(widget::small_button(
                "-",
                i as u32 * 2,
                MenuAction::Volume(i, -1),
            ));
            row.spawn((
                Node {
                    width: px(300),
                    height: px(52),
                    justify_content: JustifyContent::Center,
                    align_items: AlignItems::Center,
                    ..default()
                },
                children![widget::label(format!("{name}: {percent}%"))],
            ));
            row.spawn(widget::small_button(
                "+",
                i as u32 * 2 + 1,
                MenuAction::Volume(i, 1),
            ));
        });
    }
    p.spawn(widget::button("Back", 20, MenuAction::Back));
}

/// Who and what made the game: the end credits and the Credits page.
pub(crate) const CREDITS: &[&str] = &[
    "BioDental · a story of care in 2045",
    "Story, code, pixel art, font, music and sound made for this game;",
    "the art, the music and the sound are synthesised by its own generators",
    "Made with Bevy, bevy_ecs_ldtk, Kira and bevy_kira_audio, serde, RON and rand",
    "Levels built in the LDtk level editor",
    "Thank you for playing",
];

fn credits_page(p: &mut ChildSpawnerCommands) {
    p.spawn(widget::header("Credits"));
    for (i, line) in CREDITS.iter().enumerate() {
        let (size, colour) = if i == 0 {
            (widget::BODY_SIZE, palette::ACCENT)
        } else {
            (widget::SMALL_SIZE, palette::TEXT)
        };
        p.spawn(widget::text(*line, size, colour));
    }
    p.spawn(widget::button("Back", 0, MenuAction::Back));
}

/// What a menu's button does, as it is activated.
fn act_on_button(
    activate: On<Activate>,
    mut commands: Commands,
    actions: Query<&MenuAction>,
    parents: Query<&ChildOf>,
    mut menus: Query<&mut Page>,
    mut window: Query<&mut Window, With<PrimaryWindow>>,
    screen: Res<State<Screen>>,
    mut next_screen: ResMut<NextState<Screen>>,
    mut next_pause: ResMut<NextState<Pause>>,
    mut settings: Settings,
    store: Res<Store>,
    complex: Option<Res<crate::model::room::Complex>>,
    mut slots: ResMut<SaveSlots>,
    mut save: MessageWriter<SaveRequest>,
    mut exit: MessageWriter<AppExit>,
) {
    let button = activate.entity;
    let Ok(action) = actions.get(button) else {
        return;
    };
    // The menu the button is in (the Sound page's buttons stand in rows).
    let menu = std::iter::successors(Some(button), |e| parents.get(*e).ok().map(ChildOf::parent))
        .find(|e| menus.contains(*e));
    let Some(mut page) = menu.and_then(|m| menus.get_mut(m).ok()) else {
        return;
    };
    match *action {
        MenuAction::NewGame => {
            commands.remove_resource::<Resume>();
            next_screen.set(Screen::Gameplay);
        }
        MenuAction::Continue => {
            *slots = SaveSlots::read(&store, complex.as_deref());
            if let Some((_, game)) = slots.newest() {
                save::load(&mut commands, game, *screen.get(), &mut next_screen);
            } else {
                page.set_changed();
            }
        }
        MenuAction::LoadFrom(n) => {
            *slots = SaveSlots::read(&store, complex.as_deref());
            if let Some(Slot::Ready(game)) = slots.0.get(n).map(|s| &s.main) {
                save::load(&mut commands, game, *screen.get(), &mut next_screen);
            } else {
                page.set_changed();
            }
        }
        MenuAction::RestoreBackup(n) => {
            let outcome = store
                .restore_backup(save::SLOTS[n])
                .map(|()| format!("{}: the backup is back in place", SlotInfo::label(n)));
            if let Err(e) = &outcome {
                error!("{e}");
            }
            commands.insert_resource(SaveOutcome(outcome));
            *slots = SaveSlots::read(&store, complex.as_deref());
            page.set_changed();
        }
        MenuAction::SaveTo(n) => {
            *slots = SaveSlots::read(&store, complex.as_deref());
            match slots.0.get(n).map(|s| &s.main) {
                Some(Slot::Empty) => {
                    save.write(SaveRequest(n));
                    page.set_changed();
                }
                _ => *page = Page::ConfirmSave(n),
            }
        }
        MenuAction::Overwrite(n) => {
            save.write(SaveRequest(n));
            *page = Page::Save;
        }
        MenuAction::Quit => {
            exit.write(AppExit::Success);
        }
        MenuAction::Resume => next_pause.set(Pause::Running),
        MenuAction::QuitToTitle => {
            save.write(SaveRequest(save::AUTOSAVE));
            next_screen.set(Screen::Title);
        }
        MenuAction::Save | MenuAction::Load => {
            commands.remove_resource::<SaveOutcome>();
            *slots = SaveSlots::read(&store, complex.as_deref());
            *page = if *action == MenuAction::Save {
                Page::Save
            } else {
                Page::Load
            };
        }
        MenuAction::Settings => *page = Page::Settings,
        MenuAction::Controls => *page = Page::Controls,
        MenuAction::Sound => *page = Page::Sound,
        MenuAction::Volume(channel, step) => {
            if let Some((_, level)) = CHANNELS.get(channel) {
                let level = level(&mut settings.volumes);
                *level = ((*level + f32::from(step) * VOLUME_STEP) * 10.0).round() / 10.0;
                *level = level.clamp(0.0, 1.0);
            }
            page.set_changed();
        }
        MenuAction::Credits => *page = Page::Credits,
        MenuAction::Back => *page = page.up(),
        MenuAction::Step(which) => {
            settings.step(which);
            page.set_changed();
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
            page.set_changed();
        }
    }
}

impl Page {
    /// The page Back leads to.
    fn up(self) -> Page {
        match self {
            Page::ConfirmSave(_) => Page::Save,
            Page::Controls | Page::Sound => Page::Settings,
            _ => Page::Main,
        }
    }
}

/// Esc / gamepad East on a page goes back up a page.
fn back_out(controls: Res<Controls>, mut menus: Query<&mut Page>) {
    if controls.back {
        for mut page in &mut menus {
            if *page != Page::Main {
                *page = page.up();
            }
        }
    }
}

/// Rebuilds a page when it changes, and when what it shows changes (a save
/// written, a conversation starting behind the pause menu).
pub(super) fn rebuild_pages(
    mut commands: Commands,
    mut menus: Query<(Entity, &MenuKind, Ref<Page>)>,
    data: MenuData,
    focused: Query<&MenuButton, With<Focused>>,
    mut shown: Local<Vec<(Entity, Page)>>,
    mut memory: ResMut<FocusMemory>,
) {
    let outside = data.slots.is_changed()
        || data.outcome.as_ref().is_some_and(|o| o.is_changed())
        || data.activity.as_ref().is_some_and(|a| a.is_changed());
    // Menus closed since are forgotten.
    shown.retain(|(e, _)| menus.contains(*e));
    for (entity, kind, page) in &mut menus {
        if !page.is_changed() && !outside {
            continue;
        }
        let (kind, page) = (*kind, *page);
        // The same page drawn again (a volume turned, a setting changed)
        // keeps the focus where it was; another page starts at its top.
        let again = shown.contains(&(entity, page));
        shown.retain(|(e, _)| *e != entity);
        shown.push((entity, page));
        memory.0 = again
            .then(|| focused.iter().next().map(|b| b.order))
            .flatten();
        commands
            .entity(entity)
            .despawn_children()
            .with_children(|p| fill(p, kind, page, &data));
    }
}
