//! What the player sees of the battle: Leo's calm and Mira's energy as
//! meters, the three actions with their keys and readiness, one line of
//! advice, and the dream dissolving when Leo's calm runs out.

use bevy::prelude::*;

use super::battle::{Battle, CALM_MAX, CorePhase, DISSOLVE, ENERGY_MAX};
use crate::core::{Activity, Screen};
use crate::core::{AppSystems, PausableSystems};
use crate::input::{Action, Bindings, LastDevice};
use crate::model::DreamBattle;
use crate::model::InAct;
use crate::theme::{palette, widget};
use biodental_story::Act;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(InAct(Act::Dreamscape)), spawn_hud);
    app.add_systems(
        Update,
        update_hud
            .run_if(in_state(InAct(Act::Dreamscape)).and_then(in_state(Screen::Gameplay)))
            .in_set(PausableSystems)
            .in_set(AppSystems::Update),
    );
}

const CALM_COLOUR: Color = Color::srgb(0.35, 0.92, 0.80);
const LOW_CALM_COLOUR: Color = Color::srgb(1.0, 0.45, 0.50);
const ENERGY_COLOUR: Color = Color::srgb(0.45, 0.80, 1.0);

/// The meters, top right (beside the objective, top left).
#[derive(Component)]
struct Meters;

/// The actions and the advice, along the bottom (where conversations
/// appear: hidden while someone talks).
#[derive(Component)]
struct ActionBar;

#[derive(Component, Clone, Copy, PartialEq, Eq)]
enum Meter {
    Calm,
    Energy,
}

#[derive(Component, Clone, Copy, PartialEq, Eq)]
enum Line {
    Reassure,
    Breathe,
    Pulse,
    Hint,
}

#[derive(Component)]
struct Dissolve;

fn spawn_hud(mut commands: Commands) {
    let meter = |label: &'static str, which: Meter, colour: Color| {
        (
            Node {
                align_items: AlignItems::Center,
                column_gap: px(10),
                ..default()
            },
            children![
                (
                    Text::new(label),
                    widget::font(widget::SMALL_SIZE),
                    TextColor(palette::TEXT),
                    TextLayout::no_wrap(),
                    Node {
                        min_width: px(120),
                        ..default()
                    },
                ),
                (
                    Node {
                        width: px(150),
                        height: px(12),
                        border: UiRect::all(px(2)),
                        ..default()
                    },
                    BorderColor::all(palette::BORDER),
                    BackgroundColor(Color::srgb(0.05, 0.04, 0.12)),
                    children![(
                        which,
                        Node {
                            width: percent(100),
                            height: percent(100),
                            ..default()
                        },
                        BackgroundColor(colour),
                    )],
                ),
            ],
        )
    };
    let panel = |at: Node| {
        (
            Node {
                padding: UiRect::axes(px(12), px(8)),
                ..at
            },
            BackgroundColor(palette::PANEL),
            GlobalZIndex(2),
            DespawnOnExit(InAct(Act::Dreamscape)),
        )
    };
    let action = |which: Line| {
        (
            which,
            Text::new(""),
            widget::font(widget::SMALL_SIZE),
            TextColor(palette::TEXT),
        )
    };
    commands.spawn((
        Name::new("Dream meters"),
        Meters,
        panel(Node {
            position_type: PositionType::Absolute,
            top: px(16),
            right: px(16),
            flex_direction: FlexDirection::Column,
            row_gap: px(4),
            ..default()
        }),
        children![
            meter("Leo's calm", Meter::Calm, CALM_COLOUR),
            meter("Energy", Meter::Energy, ENERGY_COLOUR),
        ],
    ));
    commands.spawn((
        Name::new("Dream actions"),
        ActionBar,
        Node {
            position_type: PositionType::Absolute,
            width: percent(100),
            bottom: px(16),
            flex_direction: FlexDirection::Column,
            align_items: AlignItems::Center,
            row_gap: px(6),
            ..default()
        },
        DespawnOnExit(InAct(Act::Dreamscape)),
        children![(
            panel(Node {
                flex_direction: FlexDirection::Column,
                align_items: AlignItems::Center,
                row_gap: px(4),
                ..default()
            }),
            children![
                (
                    Line::Hint,
                    widget::text("", widget::SMALL_SIZE, palette::ACCENT)
                ),
                (
                    Node {
                        column_gap: px(28),
                        ..default()
                    },
                    children![
                        action(Line::Reassure),
                        action(Line::Breathe),
                        action(Line::Pulse),
                    ],
                ),
            ],
        )],
    ));
    commands.spawn((
        widget::screen_tint("Dream dissolving", Color::NONE, 3),
        Dissolve,
        DespawnOnExit(InAct(Act::Dreamscape)),
    ));
}

#[allow(clippy::type_complexity)]
fn update_hud(
    battle: Res<Battle>,
    mode: Res<DreamBattle>,
    activity: Res<State<Activity>>,
    device: Res<LastDevice>,
    bindings: Res<Bindings>,
    mut meters: Query<(&Meter, &mut Node, &mut BackgroundColor), Without<Dissolve>>,
    mut lines: Query<(&Line, &mut Text, &mut TextColor)>,
    mut panels: Query<(&mut Visibility, Has<ActionBar>), Or<(With<Meters>, With<ActionBar>)>>,
    mut dissolve: Query<&mut BackgroundColor, (With<Dissolve>, Without<Meter>)>,
) {
    let fighting = battle.room.is_some() && *mode != DreamBattle::Skip;
    let talking = *activity.get() == Activity::Talking;
    for (mut v, bar) in &mut panels {
        v.set_if_neq(if fighting && !(bar && talking) {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        });
    }
    for (meter, mut node, mut bg) in &mut meters {
        let (value, max) = match meter {
            Meter::Calm => (battle.calm, CALM_MAX),
            Meter::Energy => (battle.energy, ENERGY_MAX),
        };
        // Only real changes: a changed node is laid out again.
        let width = percent((value / max * 100.0).clamp(0.0, 100.0));
        if node.width != width {
            node.width = width;
        }
        if *meter == Meter::Calm {
            bg.set_if_neq(BackgroundColor(if battle.calm < 30.0 {
                LOW_CALM_COLOUR
            } else {
                CALM_COLOUR
            }));
        }
    }
    let key = |action| device.label(&bindings, action);
    for (line, mut text, mut colour) in &mut lines {
        let (content, ready) = match line {
            Line::Reassure => {
                let what = if battle.leo_shines() {
                    "Reassure + Leo's light"
                } else {
                    "Reassure Leo"
                };
                if battle.reassure_wait > 0.0 {
                    (
                        format!(
                            "{} {what} · {:.0} s",
                            key(Action::Reassure),
                            battle.reassure_wait.ceil()
                        ),
                        false,
                    )
                } else {
                    (format!("{} {what}", key(Action::Reassure)), true)
                }
            }
            Line::Breathe => (
                format!("{} Breathe together (hold)", key(Action::Breathe)),
                true,
            ),
            Line::Pulse => {
                let cost = battle.pulse_cost(*mode);
                (
                    format!("{} Pulse · {cost:.0} energy", key(Action::Pulse)),
                    battle.energy >= cost && battle.pulse_wait <= 0.0,
                )
            }
            Line::Hint => {
                let core = match battle.core.as_ref().map(|(_, p)| *p) {
                    Some(CorePhase::Waves(n)) => format!("Swarm core: {n} wave(s) left · "),
                    Some(CorePhase::Shield) => "Swarm core: shielded · ".to_string(),
                    _ => String::new(),
                };
                let hint = battle
                    .hint
                    .replace("{pulse}", &key(Action::Pulse))
                    .replace("{breathe}", &key(Action::Breathe))
                    .replace("{reassure}", &key(Action::Reassure));
                (format!("{core}{hint}"), true)
            }
        };
        if text.0 != content {
            text.0 = content;
        }
        colour.set_if_neq(TextColor(match (line, ready) {
            (Line::Hint, _) => palette::ACCENT,
            (_, true) => palette::TEXT,
            (_, false) => palette::TEXT_DISABLED,
        }));
    }
    // Dissolving: to a pale violet and back.
    let a = battle.dissolving.map_or(0.0, |t| {
        let k = t / DISSOLVE;
        (1.0 - (2.0 * k - 1.0).abs()).clamp(0.0, 1.0)
    });
    for mut bg in &mut dissolve {
        bg.set_if_neq(BackgroundColor(Color::srgba(0.82, 0.74, 0.95, a)));
    }
}
