//! Choices that matter show it: when Mira wins or loses someone's trust,
//! or leans towards technology or empathy, a short notice says so in the
//! top-right corner, then fades.

use bevy::prelude::*;

use super::{Bond, StoryState};
use crate::core::AppSystems;
use crate::core::Screen;
use crate::model::Notice;
use crate::theme::{Fleeting, palette, widget};

/// How long (s) a notice stays, the last part of it fading out.
const SHOW_SECS: f32 = 3.5;
const FADE_SECS: f32 = 0.8;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Gameplay), spawn_notices);
    app.add_systems(
        Update,
        (post_notices, fade_notices)
            .chain()
            .run_if(in_state(Screen::Gameplay))
            .in_set(AppSystems::Update),
    );
}

/// What changed between two states, as notices.
pub(super) fn changes(before: &StoryState, after: &StoryState) -> Vec<Notice> {
    let mut out = Vec::new();
    for bond in Bond::ALL {
        let (who, plural) = bond.who();
        let change = after.trust(bond) - before.trust(bond);
        let verb = if plural { "trust" } else { "trusts" };
        if change > 0 {
            out.push(Notice(format!("♥ {who} {verb} Mira more")));
        } else if change < 0 {
            out.push(Notice(format!("{who} {verb} Mira less")));
        }
    }
    let lean = after.balance - before.balance;
    if lean > 0 {
        out.push(Notice("Mira leans towards empathy".into()));
    } else if lean < 0 {
        out.push(Notice("Mira leans towards technology".into()));
    }
    out
}

#[derive(Component)]
struct NoticeList;

/// A notice on screen.
#[derive(Component)]
struct Shown;

fn spawn_notices(mut commands: Commands) {
    commands.spawn((
        Name::new("Notices"),
        NoticeList,
        Node {
            position_type: PositionType::Absolute,
            top: px(16),
            right: px(16),
            flex_direction: FlexDirection::Column,
            align_items: AlignItems::FlexEnd,
            row_gap: px(6),
            ..default()
        },
        GlobalZIndex(12),
        DespawnOnExit(Screen::Gameplay),
    ));
}

fn post_notices(
    mut commands: Commands,
    mut notices: MessageReader<Notice>,
    list: Query<Entity, With<NoticeList>>,
) {
    let Ok(list) = list.single() else {
        notices.clear();
        return;
    };
    for Notice(text) in notices.read() {
        commands.entity(list).with_child((
            Shown,
            Fleeting::new(SHOW_SECS, FADE_SECS),
            Node {
                padding: UiRect::axes(px(12), px(6)),
                border: UiRect::right(px(4)),
                border_radius: BorderRadius::all(px(6)),
                ..default()
            },
            BackgroundColor(palette::PANEL),
            BorderColor::all(palette::ACCENT),
            children![(
                Text::new(text.clone()),
                widget::font(widget::BODY_SIZE),
                TextColor(palette::TEXT),
            )],
        ));
    }
}

fn fade_notices(
    mut shown: Query<(&Fleeting, &mut BackgroundColor, &Children), With<Shown>>,
    mut texts: Query<&mut TextColor>,
) {
    for (fleeting, mut bg, children) in &mut shown {
        let alpha = fleeting.alpha();
        bg.0 = palette::PANEL.with_alpha(palette::PANEL.alpha() * alpha);
        for c in children.iter() {
            if let Ok(mut t) = texts.get_mut(c) {
                t.0 = palette::TEXT.with_alpha(alpha);
            }
        }
    }
}
