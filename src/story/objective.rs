//! The objective in the top-left corner: the act's name over what the
//! player should do next. It flashes when it changes.

use bevy::prelude::*;

use super::{Act, InAct, StoryState, TheStory};
use crate::core::AppSystems;
use crate::core::Screen;
use crate::theme::{palette, widget};

/// How long (s) a new objective glows after it appears.
const FLASH_SECS: f32 = 1.5;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Gameplay), spawn_objective);
    app.add_systems(
        Update,
        show_objective
            .run_if(in_state(Screen::Gameplay).and_then(resource_exists::<StoryState>))
            .in_set(AppSystems::Update),
    );
}

#[derive(Component)]
struct ActTitle;

#[derive(Component)]
struct ObjectiveText;

#[derive(Component)]
struct ObjectivePanel;

fn spawn_objective(mut commands: Commands) {
    commands.spawn((
        Name::new("Objective"),
        ObjectivePanel,
        Node {
            position_type: PositionType::Absolute,
            top: px(16),
            left: px(16),
            // A definite width, so that long objectives wrap inside the panel.
            width: px(440),
            padding: UiRect::axes(px(14), px(10)),
            flex_direction: FlexDirection::Column,
            row_gap: px(4),
            border: UiRect::left(px(4)),
            border_radius: BorderRadius::all(px(6)),
            ..default()
        },
        BackgroundColor(palette::PANEL.with_alpha(0.78)),
        BorderColor::all(palette::ACCENT),
        DespawnOnExit(Screen::Gameplay),
        children![
            (
                ActTitle,
                Text::new(""),
                widget::font(widget::SMALL_SIZE),
                TextColor(palette::ACCENT),
            ),
            (
                ObjectiveText,
                Text::new(""),
                widget::font(widget::BODY_SIZE),
                TextColor(palette::TEXT),
            ),
        ],
    ));
}

fn show_objective(
    time: Res<Time>,
    state: Res<StoryState>,
    act: Option<Res<State<InAct>>>,
    the_story: TheStory,
    mut title: Query<&mut Text, (With<ActTitle>, Without<ObjectiveText>)>,
    mut objective: Query<(&mut Text, &mut TextColor), With<ObjectiveText>>,
    mut panel: Query<(&mut BorderColor, &mut Visibility), With<ObjectivePanel>>,
    activity: Option<Res<State<crate::core::Activity>>>,
    mut since: Local<f32>,
    mut titled: Local<Option<Act>>,
) {
    let Some(story) = the_story.get() else {
        return;
    };
    let act = act.map(|a| a.get().0).unwrap_or(state.act);
    for mut t in &mut title {
        // Written when the act changes (or the panel is new), not every frame.
        if t.0.is_empty() || *titled != Some(act) {
            let number = Act::ALL.iter().position(|a| *a == act).unwrap_or(0) + 1;
            t.0 = format!("Act {number} · {}", story.title(act));
            *titled = Some(act);
        }
    }
    *since += time.delta_secs();
    for (mut t, _) in &mut objective {
        if t.0 != state.objective {
            t.0 = state.objective.clone();
            *since = 0.0;
        }
    }
    // A new objective glows, then settles.
    let glow = (1.0 - *since / FLASH_SECS).clamp(0.0, 1.0);
    let colour = palette::TEXT.mix(&palette::ACCENT, glow);
    for (_, mut c) in &mut objective {
        c.set_if_neq(TextColor(colour));
    }
    // It makes way for conversations (the box may sit at the top).
    let talking = activity.is_some_and(|a| *a.get() == crate::core::Activity::Talking);
    for (mut b, mut v) in &mut panel {
        let border = BorderColor::all(palette::ACCENT.with_alpha(0.5 + 0.5 * glow));
        b.set_if_neq(border);
        v.set_if_neq(if talking {
            Visibility::Hidden
        } else {
            Visibility::Inherited
        });
    }
}
