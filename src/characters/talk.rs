//! Walking up to someone and talking: the prompt, the speech-bubble marker,
//! and a greeting in the dialogue box (one line per visit, in turn). The
//! full branching dialogue builds on this box.

use std::collections::HashMap;

use bevy::prelude::*;
use bevy::sprite::Anchor;

use super::{Character, CharacterSheet, Player, Pose, Walker};
use crate::data::Cast;
use crate::input::{Controls, LastDevice};
use crate::screens::{Activity, GameAssets, Screen};
use crate::theme::{palette, widget};
use crate::world::vocab::Facing;
use crate::{AppSystems, PausableSystems};

/// How close (px, feet to feet) Mira must be to talk to someone.
pub const TALK_RANGE: f32 = 26.0;
/// Letters per second of the typewriter.
const TYPE_SPEED: f32 = 45.0;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<TalkTarget>();
    app.init_resource::<GreetingCursor>();
    app.add_systems(OnEnter(Screen::Gameplay), (spawn_prompt, reset_cursor));
    app.add_systems(OnEnter(Activity::Talking), open_dialogue);
    app.add_systems(OnExit(Activity::Talking), end_conversation);
    app.add_systems(
        Update,
        (
            (find_target, start_talking, show_prompt)
                .chain()
                .run_if(in_state(Activity::Exploring)),
            (type_out, advance)
                .chain()
                .run_if(in_state(Activity::Talking)),
            bob_marker,
        )
            .in_set(PausableSystems)
            .in_set(AppSystems::Update),
    );
}

/// Someone Mira can talk to; `home_facing` is how they stand when left alone.
#[derive(Component, Debug, Clone, Copy)]
pub struct Talkable {
    pub home_facing: Facing,
}

/// Who Mira would talk to if the player pressed the talk button now.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq)]
pub struct TalkTarget(pub Option<Entity>);

/// The conversation on screen.
#[derive(Resource, Debug, Clone)]
pub struct Conversation {
    pub with: Entity,
    pub who: Character,
    pub line: String,
    /// Letters shown so far.
    pub shown: f32,
}

impl Conversation {
    pub fn finished_typing(&self) -> bool {
        self.shown as usize >= self.line.chars().count()
    }
}

/// Which greeting line each character says next.
#[derive(Resource, Debug, Default)]
struct GreetingCursor(HashMap<Character, usize>);

fn reset_cursor(mut cursor: ResMut<GreetingCursor>) {
    cursor.0.clear();
}

fn find_target(
    player: Query<&Walker, With<Player>>,
    people: Query<(Entity, &GlobalTransform), With<Talkable>>,
    mut target: ResMut<TalkTarget>,
) {
    let found = player.single().ok().and_then(|walker| {
        people
            .iter()
            .map(|(e, t)| (e, t.translation().truncate().distance(walker.feet)))
            .filter(|(_, d)| *d <= TALK_RANGE)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(e, _)| e)
    });
    if target.0 != found {
        target.0 = found;
    }
}

fn start_talking(
    mut commands: Commands,
    controls: Res<Controls>,
    target: Res<TalkTarget>,
    people: Query<&Character, With<Talkable>>,
    assets: Res<GameAssets>,
    casts: Res<Assets<Cast>>,
    mut cursor: ResMut<GreetingCursor>,
    mut next: ResMut<NextState<Activity>>,
) {
    if !controls.interact {
        return;
    }
    let Some(with) = target.0 else { return };
    let Ok(who) = people.get(with) else { return };
    let Some(person) = casts.get(&assets.cast).and_then(|c| c.person(*who)) else {
        return;
    };
    if person.greeting.is_empty() {
        return;
    }
    let turn = cursor.0.entry(*who).or_default();
    let line = person.greeting[*turn % person.greeting.len()].clone();
    *turn += 1;
    commands.insert_resource(Conversation {
        with,
        who: *who,
        line,
        shown: 0.0,
    });
    next.set(Activity::Talking);
}

#[derive(Component)]
struct Prompt;

#[derive(Component)]
struct PromptText;

#[derive(Component)]
struct Marker;

fn spawn_prompt(mut commands: Commands, assets: Res<GameAssets>) {
    commands.spawn((
        Name::new("Talk prompt"),
        Prompt,
        Node {
            position_type: PositionType::Absolute,
            bottom: px(36),
            width: percent(100),
            justify_content: JustifyContent::Center,
            ..default()
        },
        Visibility::Hidden,
        Pickable::IGNORE,
        DespawnOnExit(Screen::Gameplay),
        children![(
            Node {
                padding: UiRect::axes(px(18), px(8)),
                border: UiRect::all(px(2)),
                border_radius: BorderRadius::all(px(8)),
                ..default()
            },
            BackgroundColor(palette::PANEL),
            BorderColor::all(palette::BORDER),
            children![(
                PromptText,
                widget::text("", widget::BODY_SIZE, palette::TEXT)
            )],
        )],
    ));
    commands.spawn((
        Name::new("Talk marker"),
        Marker,
        Sprite {
            image: assets.fx.clone(),
            rect: Some(Rect::new(16.0, 0.0, 32.0, 16.0)),
            ..default()
        },
        Anchor::BOTTOM_CENTER,
        Transform::from_xyz(0.0, 0.0, 40.0),
        Visibility::Hidden,
        DespawnOnExit(Screen::Gameplay),
    ));
}

fn show_prompt(
    target: Res<TalkTarget>,
    device: Res<LastDevice>,
    people: Query<(&Character, &GlobalTransform)>,
    assets: Res<GameAssets>,
    casts: Res<Assets<Cast>>,
    mut prompt: Query<&mut Visibility, (With<Prompt>, Without<Marker>)>,
    mut text: Query<&mut Text, With<PromptText>>,
    mut marker: Query<(&mut Transform, &mut Visibility), (With<Marker>, Without<Prompt>)>,
) {
    let found = target.0.and_then(|e| people.get(e).ok());
    let visible = if found.is_some() {
        Visibility::Inherited
    } else {
        Visibility::Hidden
    };
    for mut v in &mut prompt {
        v.set_if_neq(visible);
    }
    for (mut t, mut v) in &mut marker {
        v.set_if_neq(visible);
        if let Some((who, at)) = found {
            // Just over the head: adults are taller than Leo and the robots.
            let head = match who {
                Character::Leo => 22.0,
                Character::Jasper => 25.0,
                _ => 28.0,
            };
            t.translation.x = at.translation().x;
            t.translation.y = at.translation().y + head;
        }
    }
    if let Some((who, _)) = found
        && let Ok(mut text) = text.single_mut()
    {
        let cast = casts.get(&assets.cast);
        let name = cast.map(|c| c.name(*who)).unwrap_or(who.ldtk_name());
        let role = cast
            .and_then(|c| c.person(*who))
            .map(|p| p.role.as_str())
            .unwrap_or("");
        let line = format!("{} Talk to {name} · {role}", device.interact_label());
        if text.0 != line {
            text.0 = line;
        }
    }
}

fn bob_marker(time: Res<Time>, mut marker: Query<&mut Sprite, With<Marker>>) {
    for mut sprite in &mut marker {
        let up = (time.elapsed_secs() * 2.5) as i32 % 2 == 1;
        sprite.rect = Some(if up {
            Rect::new(32.0, 0.0, 48.0, 16.0)
        } else {
            Rect::new(16.0, 0.0, 32.0, 16.0)
        });
    }
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
    mut player: Query<(&Walker, &mut Pose), With<Player>>,
    mut people: Query<(&GlobalTransform, &mut Pose), Without<Player>>,
    mut prompt: Query<&mut Visibility, Or<(With<Prompt>, With<Marker>)>>,
) {
    for mut v in &mut prompt {
        *v = Visibility::Hidden;
    }
    // Turn to face each other.
    if let (Ok((walker, mut mira)), Ok((at, mut them))) =
        (player.single_mut(), people.get_mut(conversation.with))
    {
        let between = at.translation().truncate() - walker.feet;
        if let Some(f) = Facing::from_vector(between) {
            mira.facing = f;
            mira.walking = false;
        }
        if conversation.who.turns()
            && let Some(f) = Facing::from_vector(-between)
        {
            them.facing = f;
        }
    }
    let name = casts
        .get(&assets.cast)
        .map(|c| c.name(conversation.who).to_string())
        .unwrap_or_default();
    let portrait = conversation.who.sheet_row() * super::SHEET_COLUMNS as usize;
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

/// The talk button first finishes the line, then closes the box.
fn advance(
    controls: Res<Controls>,
    mut conversation: ResMut<Conversation>,
    mut next: ResMut<NextState<Activity>>,
) {
    if !controls.interact {
        return;
    }
    if conversation.finished_typing() {
        next.set(Activity::Exploring);
    } else {
        conversation.shown = conversation.line.chars().count() as f32;
    }
}

fn end_conversation(
    mut commands: Commands,
    conversation: Option<Res<Conversation>>,
    mut people: Query<(&Talkable, &mut Pose)>,
) {
    if let Some(c) = conversation
        && let Ok((talkable, mut pose)) = people.get_mut(c.with)
    {
        pose.facing = talkable.home_facing;
    }
    commands.remove_resource::<Conversation>();
}
