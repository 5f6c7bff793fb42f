//! Tools for developers and for the README: a scripted tour that saves
//! screenshots of the title and every room.

mod capture;

use bevy::prelude::*;

pub use capture::CaptureTour;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins(capture::plugin);
}
