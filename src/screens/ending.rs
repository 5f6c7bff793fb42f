//! The ending: the closing scenes of the ending the player's choices led
//! to, one at a time, then what kind of doctor Mira became and the credits.

use bevy::prelude::*;

use crate::characters::{CharacterSheet, SHEET_COLUMNS};
use crate::core::AppSystems;
use crate::core::Screen;
use crate::input::{Bindings, Controls, LastDevice};
use crate::menus::CREDITS;
use crate::model::TheStory;
use crate::theme::{palette, widget};
use biodental_story::data::{EndingDef, Scene};
use biodental_story::{Bond, Ending, Story, StoryState};

/// How big the people in a scene are drawn.
const ZOOM: f32 = 6.0;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Ending), |mut page: ResMut<EndingPage>| {
        page.0 = 0
    });
    app.init_resource::<EndingPage>();
    app.add_systems(
        Update,
        (turn_page, show_page)
            .chain()
            .run_if(in_state(Screen::Ending))
            .in_set(AppSystems::Update),
    );
}

/// Which page of the ending is on screen: the scenes, then the credits.
#[derive(Resource, Debug, Default)]
pub struct EndingPage(pub usize);

#[derive(Component)]
struct PageRoot(usize);

/// The colour behind each ending's scenes.
fn backdrop(ending: Option<Ending>) -> Color {
    match ending {
        Some(Ending::Hybrid) => Color::srgb(0.05, 0.16, 0.20),
        Some(Ending::Traditional) => Color::srgb(0.17, 0.12, 0.09),
        Some(Ending::Clinical) | None => Color::srgb(0.08, 0.10, 0.15),
    }
}

fn turn_page(
    controls: Res<Controls>,
    state: Option<Res<StoryState>>,
    the_story: TheStory,
    mut page: ResMut<EndingPage>,
    mut next: ResMut<NextState<Screen>>,
) {
    if !(controls.interact || controls.back) {
        return;
    }
    let scenes = scenes_of(state.as_deref(), the_story.get()).len();
    if page.0 >= scenes {
        next.set(Screen::Title);
    } else {
        page.0 += 1;
    }
}

/// How the ending the story reached is written.
fn ending_of<'a>(state: Option<&StoryState>, story: Option<&'a Story>) -> Option<&'a EndingDef> {
    story?.ending(state?.ending?)
}

fn scenes_of<'a>(state: Option<&StoryState>, story: Option<&'a Story>) -> &'a [Scene] {
    ending_of(state, story).map_or(&[], |e| e.scenes.as_slice())
}

fn show_page(
    mut commands: Commands,
    page: Res<EndingPage>,
    state: Option<Res<StoryState>>,
    the_story: TheStory,
    sheet: Res<CharacterSheet>,
    device: Res<LastDevice>,
    bindings: Res<Bindings>,
    shown: Query<(Entity, &PageRoot)>,
) {
    if shown.iter().any(|(_, p)| p.0 == page.0) {
        return;
    }
    for (e, _) in &shown {
        commands.entity(e).despawn();
    }
    let story = the_story.get();
    let state = state.as_deref();
    let scenes = scenes_of(state, story);
    let ending = state.and_then(|s| s.ending);
    let title = ending_of(state, story)
        .map(|e| e.title.clone())
        .unwrap_or_default();
    let root = commands
        .spawn((
            widget::ui_root("Ending"),
            PageRoot(page.0),
            BackgroundColor(backdrop(ending)),
            DespawnOnExit(Screen::Ending),
        ))
        .id();
    let hint = |what: &str| {
        (
            Text::new(format!("{} {what}", device.interact_label(&bindings))),
            widget::font(widget::SMALL_SIZE),
            TextColor(palette::TEXT_DIM),
            Node {
                margin: UiRect::top(px(24)),
                ..default()
            },
        )
    };
    if let Some(scene) = scenes.get(page.0) {
        let people = commands
            .spawn(Node {
                column_gap: px(28),
                height: px(32.0 * ZOOM),
                align_items: AlignItems::FlexEnd,
                margin: UiRect::vertical(px(18)),
                ..default()
            })
            .id();
        for who in &scene.cast {
            commands.entity(people).with_child((
                ImageNode::from_atlas_image(
                    sheet.image.clone(),
                    TextureAtlas {
                        layout: sheet.layout.clone(),
                        index: who.sheet_row() * SHEET_COLUMNS as usize,
                    },
                ),
                Node {
                    width: px(16.0 * ZOOM),
                    height: px(32.0 * ZOOM),
                    ..default()
                },
            ));
        }
        let heading = commands
            .spawn(widget::text(
                format!("{title} · {} / {}", page.0 + 1, scenes.len()),
                widget::SMALL_SIZE,
                palette::TEXT_DIM,
            ))
            .id();
        let name = commands
            .spawn(widget::text(
                scene.title.clone(),
                widget::HEADER_SIZE,
                palette::ACCENT,
            ))
            .id();
        let text = commands
            .spawn((
                Text::new(scene.text.clone()),
                widget::font(widget::BODY_SIZE),
                TextColor(palette::TEXT),
                TextLayout::justify(Justify::Center),
                Node {
                    max_width: px(760),
                    ..default()
                },
            ))
            .id();
        let hint = commands.spawn(hint("next")).id();
        commands
            .entity(root)
            .add_children(&[heading, name, people, text, hint]);
        return;
    }
    // The credits: what Mira became, and who made the game.
    let mut lines: Vec<(String, f32, Color)> = vec![
        ("The End".into(), widget::TITLE_SIZE, palette::ACCENT),
        (title, widget::HEADER_SIZE, palette::TEXT),
    ];
    if let Some(s) = state {
        lines.push((String::new(), widget::SMALL_SIZE, palette::TEXT));
        lines.push((lean(s.balance), widget::BODY_SIZE, palette::TEXT));
        for bond in Bond::ALL {
            lines.push((
                trust_line(bond, s.trust(bond)),
                widget::BODY_SIZE,
                palette::TEXT_DIM,
            ));
        }
    }
    lines.push((String::new(), widget::SMALL_SIZE, palette::TEXT));
    for line in CREDITS {
        lines.push((line.to_string(), widget::SMALL_SIZE, palette::TEXT_DIM));
    }
    for (text, size, colour) in lines {
        let line = commands.spawn(widget::text(text, size, colour)).id();
        commands.entity(root).add_child(line);
    }
    let hint = commands.spawn(hint("back to the title")).id();
    commands.entity(root).add_child(hint);
}

/// Where Mira's balance came to rest, in words.
fn lean(balance: i32) -> String {
    match balance {
        i32::MIN..=-4 => format!("Mira trusted the machines ({balance:+} towards empathy)"),
        -3..=-1 => format!("Mira leaned on technology ({balance:+} towards empathy)"),
        0 => "Mira kept technology and empathy level".to_string(),
        1..=3 => format!("Mira leaned towards empathy ({balance:+})"),
        _ => format!("Mira led with her heart ({balance:+} towards empathy)"),
    }
}

fn trust_line(bond: Bond, trust: i32) -> String {
    let (who, plural) = bond.who();
    let (one, many) = match trust {
        i32::MIN..=-1 => ("keeps their distance", "keep their distance"),
        0 => ("is unsure of Mira", "are unsure of Mira"),
        1..=2 => ("trusts Mira", "trust Mira"),
        _ => ("trusts Mira completely", "trust Mira completely"),
    };
    format!("{who} {} ({trust:+})", if plural { many } else { one })
}
