//! The screens a player moves through: loading, title, the game itself,
//! the ending.

mod ending;
mod gameplay;
mod loading;
mod page;
mod problems;
mod title;

use bevy::prelude::*;

pub use ending::EndingPage;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((
        loading::plugin,
        title::plugin,
        gameplay::plugin,
        ending::plugin,
        page::plugin,
        problems::plugin,
    ));
}
