//! The Controls page of the settings: every rebindable action with its
//! keys and gamepad button. Choosing one waits for the next key or button
//! and binds it; a key another action had is swapped with the old one.
//! The page covers the whole screen, since ten rows do not fit under the
//! title.

use bevy::prelude::*;

use super::Page;
use crate::core::AppSystems;
use crate::input::{Action, AwaitingBinding, Bindings, Rebound, button_name, key_name};
use crate::theme::{Activate, MenuButton, MenuNavigation, palette, widget};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Note>();
    app.add_observer(act_on_button);
    app.add_systems(
        Update,
        (
            show_page.after(super::rebuild_pages),
            take_binding,
            label_rows,
        )
            .chain()
            .in_set(AppSystems::Update)
            .before(MenuNavigation),
    );
}

/// Row height and column widths: ten rows, their title and the buttons
/// under them fit a 720-pixel-high window with room to spare.
const ROW_HEIGHT: f32 = 34.0;
const ACTION_WIDTH: f32 = 230.0;
const KEYS_WIDTH: f32 = 350.0;
const PAD_WIDTH: f32 = 170.0;
const ROW_PADDING: f32 = 12.0;
/// One line of small text: 13 font pixels of 2 screen pixels (see `widget::font`).
const TEXT_LINE: f32 = widget::SMALL_SIZE * 13.0 / 11.0;
/// The columns, the padding either side and the border.
const ROW_WIDTH: f32 = ACTION_WIDTH + KEYS_WIDTH + PAD_WIDTH + 2.0 * ROW_PADDING + 4.0;

/// The Controls page on screen, for the menu whose page it is.
#[derive(Component)]
struct ControlsPage {
    menu: Entity,
}

/// What a button on the page does.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
enum ControlsButton {
    Rebind(Action),
    Reset,
    Back,
}

/// A text showing an action's keys or its gamepad button.
#[derive(Component, Clone, Copy)]
struct Shows {
    action: Action,
    keys: bool,
}

/// The line under the title: what to do, or what the last choice changed.
#[derive(Component)]
struct NoteLine;

/// What the last rebinding did, shown when nothing is waiting.
#[derive(Resource, Default)]
struct Note(String);

const HOW_TO: &str = "Choose an action, then press its new key or button";

/// Opens the page over everything when a menu turns to it; closes it when
/// the menu turns away or goes.
fn show_page(
    mut commands: Commands,
    menus: Query<(Entity, &Page)>,
    shown: Query<(Entity, &ControlsPage)>,
    mut awaiting: ResMut<AwaitingBinding>,
    mut note: ResMut<Note>,
) {
    for (entity, page) in &shown {
        if menus.get(page.menu).map(|(_, p)| *p) != Ok(Page::Controls) {
            commands.entity(entity).despawn();
            awaiting.set_if_neq(AwaitingBinding(None));
        }
    }
    for (menu, page) in &menus {
        if *page == Page::Controls && !shown.iter().any(|(_, s)| s.menu == menu) {
            note.0 = HOW_TO.into();
            commands.spawn(page_bundle(menu));
        }
    }
}

fn page_bundle(menu: Entity) -> impl Bundle {
    let rows: Vec<_> = Action::ALL
        .iter()
        .enumerate()
        .map(|(i, a)| row(*a, i as u32))
        .collect();
    (
        widget::ui_root("Controls page"),
        ControlsPage { menu },
        BackgroundColor(palette::SCRIM),
        GlobalZIndex(25),
        children![(
            widget::panel(Val::Auto),
            BackgroundColor(palette::PANEL.with_alpha(1.0)),
            BorderColor::all(palette::BORDER),
            children![
                widget::header("Controls"),
                (
                    NoteLine,
                    widget::text(HOW_TO, widget::SMALL_SIZE, palette::ACCENT)
                ),
                (
                    Node {
                        flex_direction: FlexDirection::Column,
                        row_gap: px(4),
                        ..default()
                    },
                    Children::spawn((
                        Spawn(columns(
                            ("Action", palette::TEXT_DIM),
                            ("Keyboard", palette::TEXT_DIM),
                            ("Gamepad", palette::TEXT_DIM),
                        )),
                        SpawnIter(rows.into_iter()),
                    )),
                ),
                (
                    Node {
                        column_gap: px(16),
                        ..default()
                    },
                    children![
                        widget::button(
                            "Reset to defaults",
                            Action::ALL.len() as u32,
                            ControlsButton::Reset
                        ),
                        widget::button("Back", Action::ALL.len() as u32 + 1, ControlsButton::Back),
                    ],
                ),
            ],
        )],
    )
}

/// Three texts in the page's columns (texts filled in by `label_rows`).
fn columns(
    action: (&'static str, Color),
    keys: (&'static str, Color),
    pad: (&'static str, Color),
) -> impl Bundle {
    (
        Node {
            width: px(ROW_WIDTH),
            padding: UiRect::horizontal(px(ROW_PADDING)),
            ..default()
        },
        children![
            cell(action.0, action.1, ACTION_WIDTH),
            cell(keys.0, keys.1, KEYS_WIDTH),
            cell(pad.0, pad.1, PAD_WIDTH),
        ],
    )
}

fn cell(content: &'static str, colour: Color, width: f32) -> impl Bundle {
    (
        Text::new(content),
        widget::font(widget::SMALL_SIZE),
        TextColor(colour),
        // One line in a fixed box: measured by itself, the text would be
        // as tall as its words laid one under another.
        Node {
            width: px(width),
            height: px(TEXT_LINE),
            flex_shrink: 0.0,
            ..default()
        },
    )
}

/// One action's row: a button that waits for the new key or button.
fn row(action: Action, order: u32) -> impl Bundle {
    (
        Name::new(format!("Rebind {action:?}")),
        Button,
        MenuButton {
            order,
            enabled: true,
        },
        ControlsButton::Rebind(action),
        Node {
            width: px(ROW_WIDTH),
            height: px(ROW_HEIGHT),
            padding: UiRect::horizontal(px(ROW_PADDING)),
            align_items: AlignItems::Center,
            border: UiRect::all(px(2)),
            border_radius: BorderRadius::all(px(6)),
            ..default()
        },
        BackgroundColor(palette::BUTTON),
        BorderColor::all(palette::BORDER),
        children![
            cell(action.label(), palette::TEXT, ACTION_WIDTH),
            (
                Shows { action, keys: true },
                cell("", palette::ACCENT, KEYS_WIDTH)
            ),
            (
                Shows {
                    action,
                    keys: false
                },
                cell("", palette::TEXT, PAD_WIDTH)
            ),
        ],
    )
}

/// While an action waits, the next key or gamepad button pressed becomes
/// its binding; Esc or Select cancels.
fn take_binding(
    keys: Option<Res<ButtonInput<KeyCode>>>,
    gamepads: Query<&Gamepad>,
    mut awaiting: ResMut<AwaitingBinding>,
    mut bindings: ResMut<Bindings>,
    mut note: ResMut<Note>,
) {
    let Some(action) = awaiting.0 else {
        return;
    };
    let key = keys
        .as_ref()
        .and_then(|k| k.get_just_pressed().next().copied());
    let button = gamepads
        .iter()
        .find_map(|pad| pad.get_just_pressed().next().copied());
    if key == Some(KeyCode::Escape) || button == Some(GamepadButton::Select) {
        awaiting.0 = None;
        note.0 = format!("{}: unchanged", action.label());
        return;
    }
    let (rebound, name) = match (key, button) {
        (Some(key), _) => (bindings.assign_key(action, key), key_name(key)),
        (None, Some(button)) => (bindings.assign_button(action, button), button_name(button)),
        (None, None) => return,
    };
    note.0 = match rebound {
        Rebound::Refused if key.is_some() => {
            format!("{name} stays for menus and choices: press another key")
        }
        Rebound::Refused if !action.takes_buttons() => {
            "The stick and d-pad always walk: press a key".into()
        }
        Rebound::Refused => format!("{name} stays for menus: press another button"),
        Rebound::Unchanged => format!("{}: already {name}", action.label()),
        Rebound::Done => format!("{}: now {name}", action.label()),
        Rebound::Swapped(other) => {
            let given = if key.is_some() {
                bindings.get(other).keys.first().map(|k| key_name(*k))
            } else {
                bindings.get(other).buttons.first().map(|b| button_name(*b))
            };
            match given {
                Some(given) => format!(
                    "{}: now {name}. {} had it, and takes {given}",
                    action.label(),
                    other.label()
                ),
                None => format!(
                    "{}: now {name}, taken from {}",
                    action.label(),
                    other.label()
                ),
            }
        }
    };
    if rebound != Rebound::Refused {
        awaiting.0 = None;
    }
}

/// What a button of the Controls page does, as it is activated.
fn act_on_button(
    activate: On<Activate>,
    buttons: Query<&ControlsButton>,
    mut menus: Query<&mut Page>,
    mut awaiting: ResMut<AwaitingBinding>,
    mut bindings: ResMut<Bindings>,
    mut note: ResMut<Note>,
) {
    match buttons.get(activate.entity) {
        Ok(ControlsButton::Rebind(action)) => awaiting.0 = Some(*action),
        Ok(ControlsButton::Reset) => {
            awaiting.0 = None;
            bindings.set_if_neq(Bindings::default());
            note.0 = "Every key and button is back to its default".into();
        }
        Ok(ControlsButton::Back) => {
            awaiting.0 = None;
            for mut page in &mut menus {
                if *page == Page::Controls {
                    *page = Page::Settings;
                }
            }
        }
        Err(_) => {}
    }
}

/// Keeps the rows and the note in step with the bindings.
fn label_rows(
    bindings: Res<Bindings>,
    awaiting: Res<AwaitingBinding>,
    note: Res<Note>,
    added: Query<(), Added<ControlsPage>>,
    mut texts: Query<(&mut Text, Option<&Shows>), Or<(With<Shows>, With<NoteLine>)>>,
) {
    if !(bindings.is_changed() || awaiting.is_changed() || note.is_changed()) && added.is_empty() {
        return;
    }
    for (mut text, shows) in &mut texts {
        let content = match (shows, awaiting.0) {
            (None, Some(action)) => {
                let what = if action.takes_buttons() {
                    "a key or button"
                } else {
                    "a key"
                };
                format!(
                    "Press {what} for {}… Esc or Select to cancel",
                    action.label()
                )
            }
            (None, None) => note.0.clone(),
            (Some(s), Some(action)) if s.action == action => "…".into(),
            (Some(s), _) if s.keys => names(&bindings.get(s.action).keys, key_name),
            (Some(s), _) if !s.action.takes_buttons() => "stick / d-pad".into(),
            (Some(s), _) => names(&bindings.get(s.action).buttons, button_name),
        };
        if text.0 != content {
            text.0 = content;
        }
    }
}

fn names<T: Copy>(list: &[T], name: fn(T) -> String) -> String {
    if list.is_empty() {
        return "none".into();
    }
    list.iter()
        .map(|i| name(*i))
        .collect::<Vec<_>>()
        .join(" / ")
}
