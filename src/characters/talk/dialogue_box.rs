//! The dialogue box: a portrait, the speaker's name and the line typed out
//! letter by letter, with the button to press once it is all there.

use bevy::prelude::*;

use super::{Conversation, advance};
use crate::characters::CharacterSheet;
use crate::data::Cast;
use crate::input::LastDevice;
use crate::screens::{Activity, GameAssets};
use crate::theme::{palette, widget};
use crate::{AppSystems, PausableSystems};

/// Letters per second of the typewriter.
const TYPE_SPEED: f32 = 45.0;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Activity::Talking), open_dialogue);
    app.add_systems(
        Update,
        type_out
            .before(advance)
            .run_if(in_state(Activity::Talking))
            .in_set(PausableSystems)
            .in_set(AppSystems::Update),
    );
}

#[derive(Component)]
struct DialogueText;

#[derive(Component)]
struct ContinueHint;

fn open_dialogue(
    mut commands: Commands,
    device: Res<LastDevice>,
    conversation: Res<Conversation>,
    sheet: Res<CharacterSheet>,
    assets: Res<GameAssets>,
    casts: Res<Assets<Cast>>,
) {
    let name = casts
        .get(&assets.cast)
        .map(|c| c.name(conversation.who).to_string())
        .unwrap_or_default();
    let portrait = conversation.who.sheet_row() * crate::characters::SHEET_COLUMNS as usize;
    commands.spawn((
        Name::new("Dialogue box"),
        Node {
            position_type: PositionType::Absolute,
            bottom: px(24),
            width: percent(100),
            justify_content: JustifyContent::Center,
            ..default()
        },
        Pickable::IGNORE,
        DespawnOnExit(Activity::Talking),
        children![(
            Node {
                width: px(820),
                min_height: px(150),
                padding: UiRect::all(px(18)),
                column_gap: px(20),
                border: UiRect::all(px(2)),
                border_radius: BorderRadius::all(px(12)),
                ..default()
            },
            BackgroundColor(palette::PANEL),
            BorderColor::all(palette::BORDER),
            children![
                (
                    Node {
                        width: px(96),
                        height: px(112),
                        border_radius: BorderRadius::all(px(8)),
                        justify_content: JustifyContent::Center,
                        overflow: Overflow::clip(),
                        ..default()
                    },
                    BackgroundColor(palette::BUTTON),
                    children![(
                        ImageNode::from_atlas_image(
                            sheet.image.clone(),
                            TextureAtlas {
                                layout: sheet.layout.clone(),
                                index: portrait
                            },
                        ),
                        // Head and shoulders: the top of the frame, four times bigger.
                        Node {
                            width: px(64),
                            height: px(128),
                            top: px(-10),
                            ..default()
                        },
                    )],
                ),
                (
                    Node {
                        flex_direction: FlexDirection::Column,
                        row_gap: px(8),
                        flex_grow: 1.0,
                        ..default()
                    },
                    children![
                        (
                            Text::new(name),
                            widget::font(widget::BODY_SIZE),
                            TextColor(palette::ACCENT),
                        ),
                        (
                            DialogueText,
                            Text::new(""),
                            widget::font(widget::BODY_SIZE),
                            TextColor(palette::TEXT),
                        ),
                        (
                            ContinueHint,
                            Text::new(device.interact_label()),
                            widget::font(widget::SMALL_SIZE),
                            TextColor(palette::TEXT_DIM),
                            Node {
                                align_self: AlignSelf::FlexEnd,
                                ..default()
                            },
                            Visibility::Hidden,
                        ),
                    ],
                ),
            ],
        )],
    ));
}

fn type_out(
    time: Res<Time>,
    mut conversation: ResMut<Conversation>,
    mut text: Query<&mut Text, With<DialogueText>>,
    mut hint: Query<&mut Visibility, With<ContinueHint>>,
) {
    let total = conversation.line.chars().count() as f32;
    if conversation.shown < total {
        conversation.shown = (conversation.shown + TYPE_SPEED * time.delta_secs()).min(total);
    }
    let shown: String = conversation
        .line
        .chars()
        .take(conversation.shown as usize)
        .collect();
    for mut t in &mut text {
        if t.0 != shown {
            t.0 = shown.clone();
        }
    }
    let blink = conversation.finished_typing() && (time.elapsed_secs() * 2.0) as i32 % 2 == 0;
    for mut v in &mut hint {
        v.set_if_neq(if blink {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        });
    }
}
