//! Colours of the interface, matched to the art's palette (clinic white,
//! deep night blue, bioluminescent teal).

use bevy::prelude::*;

/// Deep blue behind menus and dialogue.
pub(crate) const PANEL: Color = Color::srgba(0.067, 0.090, 0.169, 0.94);
/// The screen behind the title and loading screens.
pub(crate) const BACKDROP: Color = Color::srgb(0.039, 0.055, 0.110);
/// A dimmer over the game while paused.
pub(crate) const SCRIM: Color = Color::srgba(0.02, 0.03, 0.07, 0.72);

pub(crate) const TEXT: Color = Color::srgb(0.93, 0.96, 0.98);
pub(crate) const TEXT_DIM: Color = Color::srgb(0.62, 0.70, 0.78);
pub(crate) const TEXT_DISABLED: Color = Color::srgb(0.40, 0.46, 0.54);
/// Names of speakers, headings.
pub(crate) const ACCENT: Color = Color::srgb(0.31, 0.97, 0.90);
pub(crate) const ERROR: Color = Color::srgb(1.0, 0.55, 0.55);

pub(crate) const BUTTON: Color = Color::srgb(0.102, 0.137, 0.282);
pub(crate) const BUTTON_FOCUS: Color = Color::srgb(0.059, 0.42, 0.45);
pub(crate) const BUTTON_PRESSED: Color = Color::srgb(0.043, 0.33, 0.39);
pub(crate) const BUTTON_DISABLED: Color = Color::srgb(0.085, 0.105, 0.19);
pub(crate) const BORDER: Color = Color::srgb(0.153, 0.200, 0.416);
pub(crate) const BORDER_FOCUS: Color = Color::srgb(0.31, 0.97, 0.90);
