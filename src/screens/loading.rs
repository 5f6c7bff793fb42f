//! The loading screen: every asset the game needs, loaded and checked
//! before the title appears, with progress, and with the reason when
//! something cannot be used.

use bevy::asset::{AssetLoadError, RecursiveDependencyLoadState};
use bevy::prelude::*;

use crate::core::AppSystems;
use crate::core::{
    AwaitedFiles, LEVELS_FILE, LevelsFolder, LoadProblems, Screen, describe_failure,
};

use crate::theme::{palette, widget};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Loading), spawn_loading_screen);
    app.add_systems(
        Update,
        (track_loading, show_progress)
            .chain()
            .run_if(in_state(Screen::Loading))
            .in_set(AppSystems::Update),
    );
}

#[derive(Component)]
struct ProgressText;

#[derive(Component)]
struct ProgressBar;

#[derive(Component)]
struct ProblemList;

fn spawn_loading_screen(mut commands: Commands) {
    commands.spawn((
        widget::ui_root("Loading screen"),
        BackgroundColor(palette::BACKDROP),
        DespawnOnExit(Screen::Loading),
        children![
            widget::text("BioDental", widget::HEADER_SIZE, palette::ACCENT),
            (widget::label("Loading…"), ProgressText),
            (
                Node {
                    width: px(360),
                    height: px(10),
                    border: UiRect::all(px(2)),
                    border_radius: BorderRadius::all(px(5)),
                    ..default()
                },
                BorderColor::all(palette::BORDER),
                children![(
                    ProgressBar,
                    Node {
                        width: percent(0),
                        height: percent(100),
                        ..default()
                    },
                    BackgroundColor(palette::ACCENT),
                )],
            ),
            (
                ProblemList,
                Node {
                    flex_direction: FlexDirection::Column,
                    max_width: percent(90),
                    row_gap: px(6),
                    margin: UiRect::top(px(16)),
                    ..default()
                },
            ),
        ],
    ));
}

/// Loaded and failed counts; moves on to the title once everything is in
/// and nobody has reported a problem.
#[derive(Default)]
struct Tally {
    loaded: usize,
    total: usize,
    failures: Vec<String>,
}

fn tally(server: &AssetServer, files: &AwaitedFiles, levels: Option<&LevelsFolder>) -> Tally {
    let mut t = Tally::default();
    for (name, handle) in &files.0 {
        t.total += 1;
        match server.get_recursive_dependency_load_state(handle.id()) {
            Some(RecursiveDependencyLoadState::Loaded) => t.loaded += 1,
            Some(RecursiveDependencyLoadState::Failed(e)) => {
                t.failures.extend(describe_failure_in(name, &e, levels))
            }
            _ => {}
        }
    }
    t
}

/// What went wrong loading `name`, line by line (the LDtk project's
/// problems located by its check, when its loader refused it).
fn describe_failure_in(
    name: &str,
    error: &AssetLoadError,
    levels: Option<&LevelsFolder>,
) -> Vec<String> {
    if name == LEVELS_FILE {
        return crate::world::describe_levels_failure(error, levels);
    }
    describe_failure(name, error)
        .lines()
        .map(str::to_string)
        .collect()
}

fn track_loading(
    server: Res<AssetServer>,
    files: Res<AwaitedFiles>,
    problems: Res<LoadProblems>,
    ready: Option<Res<crate::model::room::Complex>>,
    time: Res<Time<Real>>,
    mut next: ResMut<NextState<Screen>>,
) {
    let t = tally(&server, &files, None);
    if t.loaded == t.total && t.failures.is_empty() && problems.is_empty() && ready.is_some() {
        // How long a player waits for the title (the release's start-up time).
        info!(
            "loaded {} files in {:.2} s since start-up",
            t.total,
            time.elapsed_secs_f64()
        );
        next.set(Screen::Title);
    }
}

fn show_progress(
    mut commands: Commands,
    server: Res<AssetServer>,
    files: Res<AwaitedFiles>,
    problems: Res<LoadProblems>,
    mut text: Single<&mut Text, With<ProgressText>>,
    mut bar: Single<&mut Node, With<ProgressBar>>,
    list: Single<(Entity, Option<&Children>), With<ProblemList>>,
    levels: Option<Res<LevelsFolder>>,
    mut shown: Local<usize>,
    // The failures as the engine gave them, and as shown: located again
    // only when they change (that reads the LDtk project again).
    mut located: Local<(Vec<String>, Vec<String>)>,
) {
    let t = tally(&server, &files, None);
    if t.failures != located.0 {
        let shown_failures = match &levels {
            Some(levels) if !t.failures.is_empty() => tally(&server, &files, Some(levels)).failures,
            _ => t.failures.clone(),
        };
        *located = (t.failures.clone(), shown_failures);
    }
    let all: Vec<String> = located.1.iter().chain(problems.all()).cloned().collect();
    let status = if all.is_empty() {
        format!("Loading {} / {}", t.loaded, t.total)
    } else {
        "The game cannot start: these files need fixing".to_string()
    };
    if text.0 != status {
        text.0 = status;
    }
    bar.width = percent(100.0 * t.loaded as f32 / t.total.max(1) as f32);
    if all.len() != *shown {
        *shown = all.len();
        for line in &all {
            error!("{line}");
        }
        let (list, children) = *list;
        fill_problem_list(&mut commands, list, children, &all);
    }
}

/// How many problems a list shows; the checkers print them all.
const SHOWN_PROBLEMS: usize = 12;

/// Replaces the lines of the problem list `list` (whose children are
/// `children`) with `lines`, the first few of them and how many more there
/// are. The loading screen and the panel of problems found while playing
/// (`super::problems`) list them alike.
pub(crate) fn fill_problem_list(
    commands: &mut Commands,
    list: Entity,
    children: Option<&Children>,
    lines: &[String],
) {
    if let Some(children) = children {
        for c in children.iter() {
            commands.entity(c).despawn();
        }
    }
    for line in lines.iter().take(SHOWN_PROBLEMS) {
        commands.entity(list).with_child((
            Text::new(line.clone()),
            widget::font(widget::SMALL_SIZE),
            TextColor(palette::ERROR),
        ));
    }
    if lines.len() > SHOWN_PROBLEMS {
        commands.entity(list).with_child(widget::text(
            format!(
                "…and {} more (run `biodental check-levels` or `biodental check-story` for the full list)",
                lines.len() - SHOWN_PROBLEMS
            ),
            widget::SMALL_SIZE,
            palette::TEXT_DIM,
        ));
    }
}
