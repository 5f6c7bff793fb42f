//! The dialogue box: the speaker's portrait in the mood of the line, their
//! name, the line typed out at the player's text speed, then the choices
//! (keys 1–4, up and down, the mouse, the gamepad) or the button to go on.

use bevy::prelude::*;

use crate::core::Activity;
use crate::core::{AppSystems, PausableSystems};
use crate::data::TheCast;
use crate::input::{Bindings, LastDevice};
use crate::model::FramePlayer;
use crate::model::TextSpeed;
use crate::model::{Choose, Conversation, DialogueSystems};
use crate::theme::{Readable, palette, widget};
use biodental_story::Character;
use biodental_story::{Mood, Practice};

/// Portrait cells on `assets/sprites/portraits.png`: one row per character
/// (in [`Character::ALL`] order), one column per [`Mood`].
pub(crate) const PORTRAIT_SIZE: u32 = 16;
/// Space (px) between the box and the bottom of the screen.
const BOX_MARGIN: f32 = 20.0;
/// How much bigger a portrait is drawn than its pixels.
const PORTRAIT_ZOOM: f32 = 7.0;

/// Room (logical px) kept between Mira's feet and the top of the box, for
/// the person standing just below her.
const ROOM_ABOVE_BOX: f32 = 64.0;

/// Everyone's portraits, in every mood.
const PORTRAITS_PATH: &str = "sprites/portraits.png";

/// The dialogue box's pictures, requested as the game starts.
#[derive(Resource)]
struct DialogueAssets {
    portraits: Handle<Image>,
}

impl FromWorld for DialogueAssets {
    fn from_world(world: &mut World) -> Self {
        DialogueAssets {
            portraits: crate::core::load_awaited(world, PORTRAITS_PATH),
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<DialogueAssets>();
    app.add_systems(OnEnter(Activity::Talking), open_dialogue);
    app.add_systems(OnExit(Activity::Talking), |mut f: ResMut<FramePlayer>| {
        f.0 = None
    });
    app.add_systems(
        Update,
        (
            type_out.before(DialogueSystems),
            (show_line, show_choices, click_choice, frame_above_box).after(DialogueSystems),
        )
            .run_if(in_state(Activity::Talking))
            .in_set(PausableSystems)
            .in_set(AppSystems::Update),
    );
}

/// The atlas index of `who`'s portrait in `mood`.
pub(crate) fn portrait_index(who: Character, mood: Mood) -> usize {
    who.sheet_row() * Mood::ALL.len() + mood.index()
}

/// The layout of the portrait sheet.
pub(crate) fn portrait_layout() -> TextureAtlasLayout {
    TextureAtlasLayout::from_grid(
        UVec2::splat(PORTRAIT_SIZE),
        Mood::ALL.len() as u32,
        Character::ALL.len() as u32,
        None,
        None,
    )
}

/// The dialogue box's outer node.
#[derive(Component)]
struct DialogueBox;

#[derive(Component)]
struct Portrait;

#[derive(Component)]
struct SpeakerName;

#[derive(Component)]
struct DialogueText;

#[derive(Component)]
struct ContinueHint;

#[derive(Component)]
struct ChoiceList;

#[derive(Component)]
struct ChoiceRow(usize);

fn open_dialogue(
    mut commands: Commands,
    device: Res<LastDevice>,
    bindings: Res<Bindings>,
    assets: Res<DialogueAssets>,
    mut layouts: ResMut<Assets<TextureAtlasLayout>>,
) {
    let layout = layouts.add(portrait_layout());
    let side = PORTRAIT_SIZE as f32 * PORTRAIT_ZOOM;
    commands.spawn((
        Name::new("Dialogue box"),
        DialogueBox,
        Node {
            position_type: PositionType::Absolute,
            bottom: px(BOX_MARGIN),
            width: percent(100),
            justify_content: JustifyContent::Center,
            ..default()
        },
        // Over the room's name banner.
        GlobalZIndex(10),
        DespawnOnExit(Activity::Talking),
        children![(
            Node {
                width: px(880),
                min_height: px(168),
                padding: UiRect::all(px(18)),
                column_gap: px(22),
                border: UiRect::all(px(2)),
                border_radius: BorderRadius::all(px(12)),
                ..default()
            },
            BackgroundColor(palette::PANEL),
            BorderColor::all(palette::BORDER),
            children![
                (
                    Node {
                        width: px(side + 8.0),
                        height: px(side + 8.0),
                        padding: UiRect::all(px(2)),
                        border: UiRect::all(px(2)),
                        border_radius: BorderRadius::all(px(8)),
                        flex_shrink: 0.0,
                        overflow: Overflow::clip(),
                        ..default()
                    },
                    BackgroundColor(palette::BUTTON),
                    BorderColor::all(palette::BORDER),
                    children![(
                        Portrait,
                        ImageNode::from_atlas_image(
                            assets.portraits.clone(),
                            TextureAtlas { layout, index: 0 },
                        ),
                        Node {
                            width: px(side),
                            height: px(side),
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
                            SpeakerName,
                            Text::new(""),
                            widget::font(widget::BODY_SIZE),
                            Readable(widget::BODY_SIZE),
                            TextColor(palette::ACCENT),
                        ),
                        (
                            DialogueText,
                            Text::new(""),
                            widget::font(widget::BODY_SIZE),
                            Readable(widget::BODY_SIZE),
                            TextColor(palette::TEXT),
                        ),
                        (
                            ChoiceList,
                            Node {
                                flex_direction: FlexDirection::Column,
                                row_gap: px(4),
                                margin: UiRect::top(px(4)),
                                ..default()
                            },
                        ),
                        (
                            ContinueHint,
                            Text::new(hint_text(None, *device, &bindings)),
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

fn type_out(time: Res<Time>, speed: Res<TextSpeed>, mut conversation: ResMut<Conversation>) {
    let total = conversation.line.text.chars().count() as f32;
    if conversation.shown < total {
        conversation.shown = (conversation.shown + speed.0 * time.delta_secs()).min(total);
    }
}

/// What the hint under the line says: the button that goes on, or, on a
/// line that asks for one of the dream's actions, the button that does it.
fn hint_text(practise: Option<Practice>, device: LastDevice, bindings: &Bindings) -> String {
    match practise {
        Some(practice) => format!(
            "{} {}",
            device.label(bindings, practice.into()),
            practice.prompt()
        ),
        None => format!(
            "{} go on · {} log",
            device.interact_label(bindings),
            device.log_label(bindings)
        ),
    }
}

#[allow(clippy::too_many_arguments)]
fn show_line(
    time: Res<Time>,
    conversation: Res<Conversation>,
    the_cast: TheCast,
    device: Res<LastDevice>,
    bindings: Res<Bindings>,
    mut text: Query<&mut Text, (With<DialogueText>, Without<SpeakerName>)>,
    mut name: Query<&mut Text, (With<SpeakerName>, Without<DialogueText>)>,
    mut portrait: Query<&mut ImageNode, With<Portrait>>,
    mut hint: Query<
        (&mut Visibility, &mut Text, &mut TextColor),
        (
            With<ContinueHint>,
            Without<DialogueText>,
            Without<SpeakerName>,
        ),
    >,
    fresh_hint: Query<(), Added<ContinueHint>>,
    mut hint_says: Local<Option<(Option<Practice>, LastDevice)>>,
) {
    let typed = conversation.typed();
    for mut t in &mut text {
        if t.0 != typed {
            t.0 = typed.clone();
        }
    }
    let speaker = the_cast
        .get()
        .map(|c| c.name(conversation.line.speaker).to_string())
        .unwrap_or_default();
    for mut t in &mut name {
        if t.0 != speaker {
            t.0 = speaker.clone();
        }
    }
    let index = portrait_index(conversation.line.speaker, conversation.line.mood);
    for mut image in &mut portrait {
        if let Some(atlas) = image.texture_atlas.as_mut()
            && atlas.index != index
        {
            atlas.index = index;
        }
    }
    let waiting = conversation.finished_typing() && conversation.choices.is_empty();
    // A line that asks for an action says so steadily, in the accent colour.
    let asks = conversation.practise.is_some();
    let shown = waiting && (asks || (time.elapsed_secs() * 2.0) as i32 % 2 == 0);
    // What the hint says changes with the line's action and the device, and
    // the bindings: written only then (or into a new box), not every frame.
    let says = (conversation.practise, *device);
    let rewrite = *hint_says != Some(says) || bindings.is_changed() || !fresh_hint.is_empty();
    *hint_says = Some(says);
    let wanted = rewrite.then(|| hint_text(conversation.practise, *device, &bindings));
    let colour = if asks {
        palette::ACCENT
    } else {
        palette::TEXT_DIM
    };
    for (mut v, mut t, mut c) in &mut hint {
        v.set_if_neq(if shown {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        });
        if let Some(wanted) = &wanted {
            t.0.clone_from(wanted);
        }
        c.set_if_neq(TextColor(colour));
    }
}

/// The choices on offer, the highlighted one marked; rebuilt when they change.
fn show_choices(
    mut commands: Commands,
    conversation: Res<Conversation>,
    list: Query<(Entity, Option<&Children>), With<ChoiceList>>,
    mut rows: Query<(&ChoiceRow, &mut BackgroundColor, &Children)>,
    mut texts: Query<&mut TextColor>,
    mut shown: Local<Vec<(usize, String)>>,
) {
    let Ok((list, children)) = list.single() else {
        return;
    };
    let fresh = children.is_none_or(|c| c.is_empty());
    if *shown != conversation.choices || (fresh && !conversation.choices.is_empty()) {
        *shown = conversation.choices.clone();
        if let Some(children) = children {
            for c in children.iter() {
                commands.entity(c).despawn();
            }
        }
        for (place, (_, text)) in conversation.choices.iter().enumerate() {
            commands.entity(list).with_child((
                ChoiceRow(place),
                Button,
                Node {
                    padding: UiRect::axes(px(10), px(4)),
                    column_gap: px(12),
                    border_radius: BorderRadius::all(px(6)),
                    ..default()
                },
                BackgroundColor(Color::NONE),
                children![
                    (
                        Text::new(format!("{}", place + 1)),
                        widget::font(widget::BODY_SIZE),
                        Readable(widget::BODY_SIZE),
                        TextColor(palette::TEXT_DIM),
                    ),
                    (
                        Text::new(text.clone()),
                        widget::font(widget::BODY_SIZE),
                        Readable(widget::BODY_SIZE),
                        TextColor(palette::TEXT),
                    ),
                ],
            ));
        }
        return;
    }
    for (row, mut bg, children) in &mut rows {
        let focused = row.0 == conversation.cursor;
        bg.set_if_neq(BackgroundColor(if focused {
            palette::BUTTON_FOCUS
        } else {
            Color::NONE
        }));
        for c in children.iter() {
            if let Ok(mut colour) = texts.get_mut(c) {
                let want = if focused {
                    palette::TEXT
                } else {
                    palette::TEXT_DIM
                };
                colour.set_if_neq(TextColor(want));
            }
        }
    }
}

/// The camera keeps Mira (and whoever stands by her) above the box, however
/// tall the choices make it.
fn frame_above_box(
    window: Query<&Window, With<bevy::window::PrimaryWindow>>,
    boxes: Query<&ComputedNode, With<DialogueBox>>,
    mut framing: ResMut<FramePlayer>,
) {
    let (Ok(window), Ok(computed)) = (window.single(), boxes.single()) else {
        return;
    };
    let screen = window.height();
    let height = computed.size().y * computed.inverse_scale_factor();
    if height <= 0.0 || screen <= 0.0 {
        return;
    }
    let below = (height + BOX_MARGIN + ROOM_ABOVE_BOX) / screen;
    let at = Some((1.0 - below).clamp(0.25, 0.5));
    if framing.0 != at {
        framing.0 = at;
    }
}

/// The mouse highlights a choice by hovering and picks it by clicking.
fn click_choice(
    rows: Query<(&ChoiceRow, &Interaction), Changed<Interaction>>,
    mut conversation: ResMut<Conversation>,
    mut choose: MessageWriter<Choose>,
) {
    for (row, interaction) in &rows {
        match interaction {
            Interaction::Hovered if conversation.cursor != row.0 => conversation.cursor = row.0,
            Interaction::Pressed => {
                choose.write(Choose(row.0));
            }
            _ => {}
        }
    }
}
