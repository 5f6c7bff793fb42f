//! What the player sees of the battle: Leo's calm and Mira's energy as
//! meters, the three actions with their keys and readiness, one line of
//! advice, and the dream dissolving when Leo's calm runs out.

use bevy::prelude::*;

use super::battle::{Battle, CALM_MAX, CorePhase, DISSOLVE, ENERGY_MAX};
use crate::screens::Screen;
use crate::settings::DreamBattle;
use crate::story::Act;
use crate::theme::{palette, widget};
use crate::{AppSystems, PausableSystems};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Act::Dreamscape), spawn_hud);
    app.add_systems(
        Update,
        update_hud
            .run_if(in_state(Act::Dreamscape).and_then(in_state(Screen::Gameplay)))
            .in_set(PausableSystems)
            .in_set(AppSystems::Update),
    );
}

const CALM_COLOUR: Color = Color::srgb(0.35, 0.92, 0.80);
const LOW_CALM_COLOUR: Color = Color::srgb(1.0, 0.45, 0.50);
const ENERGY_COLOUR: Color = Color::srgb(0.45, 0.80, 1.0);

#[derive(Component)]
struct Hud;

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
                flex_direction: FlexDirection::Row,
                align_items: AlignItems::Center,
                column_gap: px(10),
                ..default()
            },
            children![
                (
                    Text::new(label),
                    widget::font(widget::SMALL_SIZE),
                    TextColor(palette::TEXT),
                    Node {
                        width: px(120),
                        ..default()
                    },
                ),
                (
                    Node {
                        width: px(170),
                        height: px(14),
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
    let line = |which: Line| {
        (
            which,
            Text::new(""),
            widget::font(widget::SMALL_SIZE),
            TextColor(palette::TEXT_DIM),
        )
    };
    commands.spawn((
        Name::new("Dream meters"),
        Hud,
        Node {
            position_type: PositionType::Absolute,
            top: px(16),
            right: px(16),
            padding: UiRect::all(px(12)),
            flex_direction: FlexDirection::Column,
            row_gap: px(6),
            width: px(380),
            ..default()
        },
        BackgroundColor(palette::PANEL),
        BorderColor::all(palette::BORDER),
        GlobalZIndex(2),
        Pickable::IGNORE,
        DespawnOnExit(Act::Dreamscape),
        children![
            meter("Leo's calm", Meter::Calm, CALM_COLOUR),
            meter("Energy", Meter::Energy, ENERGY_COLOUR),
            line(Line::Reassure),
            line(Line::Breathe),
            line(Line::Pulse),
            line(Line::Hint),
        ],
    ));
    commands.spawn((
        Name::new("Dream dissolving"),
        Dissolve,
        Node {
            position_type: PositionType::Absolute,
            width: percent(100),
            height: percent(100),
            ..default()
        },
        BackgroundColor(Color::NONE),
        GlobalZIndex(3),
        Pickable::IGNORE,
        DespawnOnExit(Act::Dreamscape),
    ));
}

fn update_hud(
    battle: Res<Battle>,
    mode: Res<DreamBattle>,
    mut meters: Query<(&Meter, &mut Node, &mut BackgroundColor), Without<Dissolve>>,
    mut lines: Query<(&Line, &mut Text, &mut TextColor)>,
    mut hud: Query<&mut Visibility, With<Hud>>,
    mut dissolve: Query<&mut BackgroundColor, (With<Dissolve>, Without<Meter>)>,
) {
    for mut v in &mut hud {
        let shown = if battle.room.is_some() && *mode != DreamBattle::Skip {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        };
        v.set_if_neq(shown);
    }
    for (meter, mut node, mut bg) in &mut meters {
        let (value, max) = match meter {
            Meter::Calm => (battle.calm, CALM_MAX),
            Meter::Energy => (battle.energy, ENERGY_MAX),
        };
        node.width = percent((value / max * 100.0).clamp(0.0, 100.0));
        if *meter == Meter::Calm {
            bg.0 = if battle.calm < 30.0 {
                LOW_CALM_COLOUR
            } else {
                CALM_COLOUR
            };
        }
    }
    for (line, mut text, mut colour) in &mut lines {
        let (content, ready) = match line {
            Line::Reassure => {
                let what = if battle.leo_shines() {
                    "Reassure Leo (+ his light)"
                } else {
                    "Reassure Leo"
                };
                if battle.reassure_wait > 0.0 {
                    (
                        format!("[R] {what} · {:.0} s", battle.reassure_wait.ceil()),
                        false,
                    )
                } else {
                    (format!("[R] {what}"), true)
                }
            }
            Line::Breathe => ("[B] hold: Breathe together".to_string(), true),
            Line::Pulse => {
                let cost = battle.pulse_cost();
                (
                    format!("[Q] Recalibration pulse · {cost:.0}"),
                    battle.energy >= cost && battle.pulse_wait <= 0.0,
                )
            }
            Line::Hint => {
                let core = match battle.core.as_ref().map(|(_, p)| *p) {
                    Some(CorePhase::Waves(n)) => format!("Swarm core: {n} wave(s) left · "),
                    Some(CorePhase::Shield) => "Swarm core: shielded · ".to_string(),
                    _ => String::new(),
                };
                (format!("{core}{}", battle.hint), true)
            }
        };
        if text.0 != content {
            text.0 = content;
        }
        colour.0 = match (line, ready) {
            (Line::Hint, _) => palette::ACCENT,
            (_, true) => palette::TEXT,
            (_, false) => palette::TEXT_DISABLED,
        };
    }
    // Dissolving: to a pale violet and back.
    let a = battle.dissolving.map_or(0.0, |t| {
        let k = t / DISSOLVE;
        (1.0 - (2.0 * k - 1.0).abs()).clamp(0.0, 1.0)
    });
    for mut bg in &mut dissolve {
        bg.0 = Color::srgba(0.82, 0.74, 0.95, a);
    }
}
