//! The log of what was said: every line and every choice of this game, to
//! read again (L, gamepad North). While it is open the game waits.

use bevy::prelude::*;

use crate::core::AppSystems;
use crate::core::{Pause, Screen};
use crate::data::Cast;
use crate::input::{Bindings, Controls, LastDevice};
use crate::model::Line;
use crate::theme::{palette, widget};

/// How many entries the log panel shows at once.
const PAGE: usize = 6;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<DialogueLog>();
    app.add_sub_state::<LogView>();
    app.add_systems(OnEnter(LogView::Open), spawn_log);
    app.add_systems(
        Update,
        (
            toggle_log.run_if(in_state(Pause::Running)),
            scroll_log.run_if(in_state(LogView::Open)),
        )
            .chain()
            .run_if(in_state(Screen::Gameplay))
            .in_set(AppSystems::Update),
    );
}

/// Whether the log is open; only exists during gameplay.
#[derive(SubStates, Debug, Clone, Copy, Default, Eq, PartialEq, Hash)]
#[source(Screen = Screen::Gameplay)]
pub enum LogView {
    #[default]
    Closed,
    Open,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry {
    pub speaker: String,
    pub text: String,
    /// A choice Mira made (rather than a line someone said).
    pub choice: bool,
}

#[derive(Resource, Debug, Default)]
pub struct DialogueLog {
    pub entries: Vec<LogEntry>,
    /// How many entries from the end the view is scrolled back.
    back: usize,
}

impl DialogueLog {
    pub fn clear(&mut self) {
        self.entries.clear();
        self.back = 0;
    }

    pub(super) fn said(&mut self, cast: Option<&Cast>, line: &Line) {
        self.entries.push(LogEntry {
            speaker: name(cast, line.speaker),
            text: line.text.clone(),
            choice: false,
        });
    }

    pub(super) fn chose(&mut self, cast: Option<&Cast>, text: &str) {
        self.entries.push(LogEntry {
            speaker: name(cast, biodental_story::Character::Mira),
            text: text.to_string(),
            choice: true,
        });
    }
}

fn name(cast: Option<&Cast>, who: biodental_story::Character) -> String {
    cast.map(|c| c.name(who).to_string())
        .unwrap_or_else(|| who.ldtk_name().to_string())
}

#[derive(Component)]
struct LogList;

fn toggle_log(
    controls: Res<Controls>,
    view: Res<State<LogView>>,
    mut log: ResMut<DialogueLog>,
    mut next: ResMut<NextState<LogView>>,
) {
    let open = *view.get() == LogView::Open;
    if controls.log || (open && controls.back) {
        log.back = 0;
        next.set(if open { LogView::Closed } else { LogView::Open });
    }
}

fn spawn_log(mut commands: Commands, device: Res<LastDevice>, bindings: Res<Bindings>) {
    let hint = format!(
        "Up / down to scroll · {} or Esc to close",
        device.log_label(&bindings)
    );
    commands.spawn((
        widget::ui_root("Dialogue log"),
        BackgroundColor(palette::SCRIM),
        GlobalZIndex(15),
        DespawnOnExit(LogView::Open),
        children![(
            widget::panel(px(900)),
            // Opaque: the dialogue box underneath must not show through.
            BackgroundColor(palette::PANEL.with_alpha(1.0)),
            BorderColor::all(palette::BORDER),
            children![
                widget::header("What was said"),
                (
                    LogList,
                    Node {
                        flex_direction: FlexDirection::Column,
                        row_gap: px(10),
                        width: percent(100),
                        min_height: px(420),
                        ..default()
                    },
                ),
                widget::text(hint, widget::SMALL_SIZE, palette::TEXT_DIM),
            ],
        )],
    ));
}

fn scroll_log(
    mut commands: Commands,
    controls: Res<Controls>,
    mut log: ResMut<DialogueLog>,
    list: Query<(Entity, Option<&Children>), With<LogList>>,
    mut shown: Local<Option<(usize, usize)>>,
) {
    let max_back = log.entries.len().saturating_sub(PAGE);
    if controls.menu_step != 0 {
        log.back = (log.back as i32 - controls.menu_step).clamp(0, max_back as i32) as usize;
    }
    let Ok((list, children)) = list.single() else {
        return;
    };
    let key = (log.entries.len(), log.back);
    if children.is_some_and(|c| !c.is_empty()) && *shown == Some(key) {
        return;
    }
    *shown = Some(key);
    if let Some(children) = children {
        for c in children.iter() {
            commands.entity(c).despawn();
        }
    }
    if log.entries.is_empty() {
        commands.entity(list).with_child(widget::text(
            "Nothing has been said yet.",
            widget::BODY_SIZE,
            palette::TEXT_DIM,
        ));
        return;
    }
    let end = log.entries.len() - log.back;
    let start = end.saturating_sub(PAGE);
    for e in &log.entries[start..end] {
        let (who, colour) = if e.choice {
            (format!("{} ▸", e.speaker), palette::TEXT_DIM)
        } else {
            (e.speaker.clone(), palette::ACCENT)
        };
        commands.entity(list).with_child((
            Node {
                column_gap: px(16),
                width: percent(100),
                ..default()
            },
            children![
                (
                    Text::new(who),
                    widget::font(widget::SMALL_SIZE),
                    TextColor(colour),
                    Node {
                        width: px(220),
                        flex_shrink: 0.0,
                        ..default()
                    },
                ),
                (
                    Text::new(e.text.clone()),
                    widget::font(widget::SMALL_SIZE),
                    TextColor(if e.choice {
                        palette::TEXT_DIM
                    } else {
                        palette::TEXT
                    }),
                    Node {
                        flex_grow: 1.0,
                        flex_shrink: 1.0,
                        ..default()
                    },
                ),
            ],
        ));
    }
}
