//! The title screen: the BioDental mark, the game's name, and the main menu
//! over a drift of bioluminescent nanobots.

use bevy::prelude::*;
use rand::{RngExt, SeedableRng};

use crate::core::AppSystems;
use crate::core::Screen;
use crate::input::{Action, Bindings, button_name, key_name};
use crate::menus::{MenuKind, Page, menu};
use crate::theme::{palette, widget};

/// How many glowing motes drift behind the title.
const MOTES: usize = 60;

/// The game's logo, over the title menu.
const LOGO_PATH: &str = "ui/logo.png";

#[derive(Resource)]
struct TitleAssets {
    logo: Handle<Image>,
}

impl FromWorld for TitleAssets {
    fn from_world(world: &mut World) -> Self {
        TitleAssets {
            logo: crate::core::load_awaited(world, LOGO_PATH),
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<TitleAssets>();
    app.add_systems(OnEnter(Screen::Title), spawn_title);
    app.add_systems(
        Update,
        (drift_motes, show_heading, show_controls)
            .run_if(in_state(Screen::Title))
            .in_set(AppSystems::Update),
    );
}

/// The logo, the name, the tagline and the controls line: shown with the
/// main page only, so that the other pages have the whole screen.
#[derive(Component)]
struct Heading;

fn show_heading(
    pages: Query<&Page, (With<MenuKind>, Changed<Page>)>,
    mut heading: Query<&mut Node, With<Heading>>,
) {
    let Some(page) = pages.iter().next() else {
        return;
    };
    let display = if *page == Page::Main {
        Display::Flex
    } else {
        Display::None
    };
    for mut node in &mut heading {
        node.display = display;
    }
}

/// The line under the menu that says which keys do what.
#[derive(Component)]
struct ControlsLine;

#[derive(Component)]
struct Mote {
    speed: f32,
    phase: f32,
}

fn spawn_title(mut commands: Commands, assets: Res<TitleAssets>, bindings: Res<Bindings>) {
    // Backdrop and motes.
    let backdrop = commands
        .spawn((
            Name::new("Title backdrop"),
            Node {
                position_type: PositionType::Absolute,
                width: percent(100),
                height: percent(100),
                ..default()
            },
            BackgroundColor(palette::BACKDROP),
            GlobalZIndex(-1),
            DespawnOnExit(Screen::Title),
        ))
        .id();
    // Seeded so the title looks the same every time.
    let mut rng = rand::rngs::StdRng::seed_from_u64(2045);
    for _ in 0..MOTES {
        let size = rng.random_range(2.0..6.0f32);
        commands.spawn((
            Mote {
                speed: rng.random_range(4.0..16.0),
                phase: rng.random_range(0.0..std::f32::consts::TAU),
            },
            Node {
                position_type: PositionType::Absolute,
                left: percent(rng.random_range(0.0..100.0f32)),
                top: percent(rng.random_range(0.0..100.0f32)),
                width: px(size),
                height: px(size),
                border_radius: BorderRadius::MAX,
                ..default()
            },
            BackgroundColor(palette::ACCENT.with_alpha(rng.random_range(0.15..0.6))),
            ChildOf(backdrop),
        ));
    }

    commands.spawn((
        widget::ui_root("Title screen"),
        DespawnOnExit(Screen::Title),
        children![
            // The logo beside the name rather than above it: with the whole
            // menu (Quit included) the column must still fit 720 pixels.
            (
                Heading,
                Node {
                    align_items: AlignItems::Center,
                    column_gap: px(24),
                    ..default()
                },
                children![
                    (
                        // Three screen pixels to each of the logo's 32.
                        ImageNode::new(assets.logo.clone()),
                        Node {
                            width: px(96),
                            height: px(96),
                            ..default()
                        },
                    ),
                    widget::text("BioDental", widget::TITLE_SIZE, palette::ACCENT),
                ],
            ),
            (
                Heading,
                widget::text(
                    "2045. The human touch, re-engineered.",
                    widget::BODY_SIZE,
                    palette::TEXT_DIM
                ),
                Node {
                    margin: UiRect::bottom(px(20)),
                    ..default()
                },
            ),
            menu(MenuKind::Title),
            (
                Heading,
                ControlsLine,
                widget::text(
                    controls_line(&bindings),
                    widget::SMALL_SIZE,
                    palette::TEXT_DIM,
                ),
                Node {
                    margin: UiRect::top(px(28)),
                    ..default()
                },
            ),
        ],
    ));
}

/// "Move: WASD / arrows / stick    Talk: E / Space / A    …" for `bindings`.
fn controls_line(bindings: &Bindings) -> String {
    let first_key = |a: Action| bindings.get(a).keys.first().map(|k| key_name(*k));
    let walk: Vec<String> = [Action::Up, Action::Left, Action::Down, Action::Right]
        .into_iter()
        .filter_map(first_key)
        .collect();
    let mut walk = if walk.iter().all(|k| k.chars().count() == 1) {
        walk.concat()
    } else {
        walk.join(" ")
    };
    let arrows = [
        (Action::Up, KeyCode::ArrowUp),
        (Action::Left, KeyCode::ArrowLeft),
        (Action::Down, KeyCode::ArrowDown),
        (Action::Right, KeyCode::ArrowRight),
    ]
    .iter()
    .all(|(a, k)| bindings.get(*a).keys.contains(k));
    if arrows {
        walk.push_str(" / arrows");
    }
    // An action's first two keys and first button: enough to recognise it.
    let names = |a: Action| {
        let b = bindings.get(a);
        b.keys
            .iter()
            .take(2)
            .map(|k| key_name(*k))
            .chain(b.buttons.first().map(|p| button_name(*p)))
            .collect::<Vec<_>>()
            .join(" / ")
    };
    format!(
        "Move: {walk} / stick    Talk: {}    Log: {}    Pause: {}",
        names(Action::Interact),
        names(Action::Log),
        names(Action::Pause)
    )
}

/// Keeps the controls line in step with the bindings (changed in Settings).
fn show_controls(bindings: Res<Bindings>, mut line: Query<&mut Text, With<ControlsLine>>) {
    if !bindings.is_changed() {
        return;
    }
    for mut text in &mut line {
        let content = controls_line(&bindings);
        if text.0 != content {
            text.0 = content;
        }
    }
}

fn drift_motes(time: Res<Time>, mut motes: Query<(&Mote, &mut Node, &mut BackgroundColor)>) {
    let t = time.elapsed_secs();
    for (mote, mut node, mut color) in &mut motes {
        if let Val::Percent(top) = node.top {
            let mut top = top - mote.speed * time.delta_secs() * 0.25;
            if top < -2.0 {
                top = 102.0;
            }
            node.top = percent(top);
        }
        let glow = 0.25 + 0.35 * (0.5 + 0.5 * (t * 0.8 + mote.phase).sin());
        color.0 = palette::ACCENT.with_alpha(glow);
    }
}
