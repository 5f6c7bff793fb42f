//! Small builders for the interface, each returning a bundle.

use bevy::prelude::*;
use bevy::text::{FontSize, FontSmoothing, LineHeight};

use super::{MenuButton, palette};

/// Text sizes, in logical pixels at 720p. The pixel font's em is 11 font
/// pixels, and the interface scales in steps of one half, so multiples of 22
/// keep every font pixel a whole number of screen pixels.
pub(crate) const TITLE_SIZE: f32 = 88.0;
pub(crate) const HEADER_SIZE: f32 = 44.0;
pub(crate) const BUTTON_SIZE: f32 = 22.0;
pub(crate) const BODY_SIZE: f32 = 22.0;
pub(crate) const SMALL_SIZE: f32 = 22.0;

/// Lines of text 13 font pixels apart (11 for the glyphs, 2 between lines).
const LINE_HEIGHT: f32 = 13.0 / 11.0;

/// The pixel font at `size`, unsmoothed so that its pixels stay square.
pub fn font(size: f32) -> (TextFont, LineHeight) {
    (
        TextFont {
            font_size: FontSize::Px(size),
            font_smoothing: FontSmoothing::None,
            ..default()
        },
        LineHeight::RelativeToFont(LINE_HEIGHT),
    )
}

/// A full-screen layer of colour, drawn at `z` among the interface's
/// layers (the fade between rooms, the dream dissolving).
pub(crate) fn screen_tint(name: &'static str, colour: Color, z: i32) -> impl Bundle {
    (
        Name::new(name),
        Node {
            position_type: PositionType::Absolute,
            width: percent(100),
            height: percent(100),
            ..default()
        },
        BackgroundColor(colour),
        GlobalZIndex(z),
    )
}

/// A full-screen, centred column.
pub(crate) fn ui_root(name: &'static str) -> impl Bundle {
    (
        Name::new(name),
        Node {
            position_type: PositionType::Absolute,
            width: percent(100),
            height: percent(100),
            flex_direction: FlexDirection::Column,
            align_items: AlignItems::Center,
            justify_content: JustifyContent::Center,
            row_gap: px(12),
            ..default()
        },
    )
}

pub fn text(content: impl Into<String>, size: f32, color: Color) -> impl Bundle {
    (
        Text::new(content),
        font(size),
        TextColor(color),
        TextLayout::justify(Justify::Center),
    )
}

/// Small print in a menu (a message, why something cannot be done),
/// wrapped to the width of the wide buttons.
pub fn note(content: impl Into<String>, color: Color) -> impl Bundle {
    (
        text(content, SMALL_SIZE, color),
        Node {
            max_width: px(WIDE_BUTTON_WIDTH + 40.0),
            ..default()
        },
    )
}

pub fn header(content: impl Into<String>) -> impl Bundle {
    text(content, HEADER_SIZE, palette::ACCENT)
}

pub(crate) fn label(content: impl Into<String>) -> impl Bundle {
    text(content, BODY_SIZE, palette::TEXT)
}

/// A menu button with an action component `A` that the menu reacts to.
pub fn button<A: Component>(caption: impl Into<String>, order: u32, action: A) -> impl Bundle {
    button_base(caption.into(), order, true, action, BUTTON_WIDTH)
}

/// A wide menu button (a save slot and what is in it), enabled or not.
pub(crate) fn wide_button<A: Component>(
    caption: impl Into<String>,
    order: u32,
    enabled: bool,
    action: A,
) -> impl Bundle {
    button_base(caption.into(), order, enabled, action, WIDE_BUTTON_WIDTH)
}

/// A button that cannot be pressed yet, with a short reason under it.
pub(crate) fn disabled_button<A: Component>(
    caption: impl Into<String>,
    order: u32,
    action: A,
) -> impl Bundle {
    button_base(caption.into(), order, false, action, BUTTON_WIDTH)
}

/// A small square button (− and + beside a setting).
pub(crate) fn small_button<A: Component>(
    caption: impl Into<String>,
    order: u32,
    action: A,
) -> impl Bundle {
    button_base(caption.into(), order, true, action, SMALL_BUTTON_WIDTH)
}

const SMALL_BUTTON_WIDTH: f32 = 64.0;
const BUTTON_WIDTH: f32 = 300.0;
const WIDE_BUTTON_WIDTH: f32 = 720.0;

fn button_base<A: Component>(
    caption: String,
    order: u32,
    enabled: bool,
    action: A,
    width: f32,
) -> impl Bundle {
    (
        Name::new(format!("Button {caption}")),
        Button,
        MenuButton { order, enabled },
        action,
        Node {
            width: px(width),
            height: px(52),
            border: UiRect::all(px(2)),
            border_radius: BorderRadius::all(px(8)),
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            ..default()
        },
        BackgroundColor(if enabled {
            palette::BUTTON
        } else {
            palette::BUTTON_DISABLED
        }),
        BorderColor::all(palette::BORDER),
        children![text(
            caption,
            BUTTON_SIZE,
            if enabled {
                palette::TEXT
            } else {
                palette::TEXT_DISABLED
            }
        )],
    )
}

/// A rounded panel for menus and dialogue.
pub fn panel(width: Val) -> Node {
    Node {
        width,
        flex_direction: FlexDirection::Column,
        align_items: AlignItems::Center,
        padding: UiRect::all(px(24)),
        row_gap: px(12),
        border: UiRect::all(px(2)),
        border_radius: BorderRadius::all(px(12)),
        ..default()
    }
}
