//! Problems found after the loading screen: a level file saved with a
//! mistake while the game runs (see `world::reload`). The game keeps
//! playing the last good version, so the problems cannot stop it the way
//! they stop the loading screen; instead they stay listed in a panel over
//! whatever is on screen until a fixed file replaces them.

use bevy::prelude::*;

use super::loading::fill_problem_list;
use crate::core::AppSystems;
use crate::core::{LoadProblems, Screen};
use crate::theme::{palette, widget};

/// Above the conversation, menus and fades: a designer must see it.
const PANEL_Z: i32 = 50;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        show_problems
            .run_if(not(in_state(Screen::Loading)))
            .in_set(AppSystems::Update),
    );
}

/// The panel listing the problems.
#[derive(Component)]
struct ProblemPanel;

/// The list inside it.
#[derive(Component)]
struct PanelList;

/// Opens, refreshes or closes the panel as the problems change.
fn show_problems(
    mut commands: Commands,
    problems: Res<LoadProblems>,
    panel: Query<Entity, With<ProblemPanel>>,
    list: Query<(Entity, Option<&Children>), With<PanelList>>,
) {
    if !problems.is_changed() {
        return;
    }
    let lines: Vec<String> = problems.all().cloned().collect();
    if lines.is_empty() {
        for e in &panel {
            commands.entity(e).despawn();
        }
        return;
    }
    let list = match list.single() {
        Ok((list, children)) => {
            fill_problem_list(&mut commands, list, children, &lines);
            return;
        }
        Err(_) => commands.spawn((PanelList, list_node())).id(),
    };
    fill_problem_list(&mut commands, list, None, &lines);
    commands
        .spawn((
            Name::new("Problems"),
            ProblemPanel,
            Node {
                position_type: PositionType::Absolute,
                bottom: px(12),
                left: px(12),
                right: px(12),
                flex_direction: FlexDirection::Column,
                row_gap: px(6),
                padding: UiRect::all(px(12)),
                border: UiRect::all(px(2)),
                border_radius: BorderRadius::all(px(6)),
                ..default()
            },
            BackgroundColor(palette::PANEL),
            BorderColor::all(palette::ERROR),
            GlobalZIndex(PANEL_Z),
            children![
                widget::text(
                    "These files need fixing: the game plays their last good version until you save them again",
                    widget::SMALL_SIZE,
                    palette::TEXT,
                ),
                widget::text(
                    "Until then the doors stay shut, so that every room comes from the same version",
                    widget::SMALL_SIZE,
                    palette::TEXT_DIM,
                ),
            ],
        ))
        .add_child(list);
}

fn list_node() -> Node {
    Node {
        flex_direction: FlexDirection::Column,
        row_gap: px(4),
        ..default()
    }
}
