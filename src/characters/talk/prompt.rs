//! The prompt at the bottom of the screen and the speech bubble over the
//! head of whoever Mira could talk to.

use bevy::prelude::*;
use bevy::sprite::Anchor;

use super::{TalkTarget, start_talking};
use crate::characters::Character;
use crate::characters::CharacterAssets;
use crate::core::{Activity, Screen};
use crate::core::{AppSystems, PausableSystems};
use crate::data::TheCast;
use crate::input::{Bindings, LastDevice};
use crate::model::room::UseSpot;
use crate::theme::{palette, widget};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Gameplay), spawn_prompt);
    app.add_systems(OnEnter(Activity::Talking), hide_prompt);
    app.add_systems(
        Update,
        (
            show_prompt
                .after(start_talking)
                .run_if(in_state(Activity::Exploring)),
            bob_marker,
        )
            .in_set(PausableSystems)
            .in_set(AppSystems::Update),
    );
}

#[derive(Component)]
struct Prompt;

#[derive(Component)]
struct PromptText;

#[derive(Component)]
struct Marker;

fn spawn_prompt(mut commands: Commands, assets: Res<CharacterAssets>) {
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
    spot: Res<UseSpot>,
    held: Res<crate::model::HeldStill>,
    device: Res<LastDevice>,
    bindings: Res<Bindings>,
    people: Query<(&Character, &GlobalTransform)>,
    the_cast: TheCast,
    mut prompt: Query<&mut Visibility, (With<Prompt>, Without<Marker>)>,
    mut text: Query<&mut Text, With<PromptText>>,
    mut marker: Query<(&mut Transform, &mut Visibility), (With<Marker>, Without<Prompt>)>,
) {
    let found = target
        .0
        .and_then(|e| people.get(e).ok())
        .filter(|_| !held.any());
    let shown = |on: bool| {
        if on {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        }
    };
    // Someone to talk to comes first; else something to use.
    let usable = spot.0.as_ref().filter(|_| found.is_none() && !held.any());
    for mut v in &mut prompt {
        v.set_if_neq(shown(found.is_some() || usable.is_some()));
    }
    if let Some((_, what)) = usable
        && let Ok(mut text) = text.single_mut()
    {
        let line = format!("{} {what}", device.interact_label(&bindings));
        if text.0 != line {
            text.0 = line;
        }
    }
    for (mut t, mut v) in &mut marker {
        v.set_if_neq(shown(found.is_some()));
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
        let cast = the_cast.get();
        let name = cast.map(|c| c.name(*who)).unwrap_or(who.ldtk_name());
        let role = cast
            .and_then(|c| c.person(*who))
            .map(|p| p.role.as_str())
            .unwrap_or("");
        let line = format!(
            "{} Talk to {name} · {role}",
            device.interact_label(&bindings)
        );
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

/// The prompt makes way for the dialogue box.
fn hide_prompt(mut prompt: Query<&mut Visibility, Or<(With<Prompt>, With<Marker>)>>) {
    for mut v in &mut prompt {
        *v = Visibility::Hidden;
    }
}
