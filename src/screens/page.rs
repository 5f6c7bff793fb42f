//! In the browser, the page's `<body>` carries where the game is as
//! `data-` attributes: `data-screen` (`loading`, `title`, `gameplay`,
//! `ending`), `data-activity` (`exploring`, `talking`, or empty off the
//! game), `data-paused` (`true` while the pause menu is open) and
//! `data-focus` (the caption of the menu button that has the focus, empty
//! when none has). The
//! browser test (`web/test.sh`) waits on them instead of guessing from
//! pixels, and a page around the game may style itself by them. Elsewhere
//! this does nothing.

use bevy::prelude::*;

use crate::core::{Activity, Pause, Screen};
use crate::theme::Focused;

pub(super) fn plugin(app: &mut App) {
    if cfg!(target_arch = "wasm32") {
        app.add_systems(Last, publish);
    }
}

/// Writes the attributes when one of them changed.
fn publish(
    screen: Res<State<Screen>>,
    activity: Option<Res<State<Activity>>>,
    pause: Option<Res<State<Pause>>>,
    focused: Query<&Children, With<Focused>>,
    texts: Query<&Text>,
    mut shown: Local<Option<([&'static str; 3], String)>>,
) {
    let focus = focused
        .iter()
        .flat_map(|children| children.iter())
        .find_map(|child| texts.get(child).ok())
        .map_or("", |text| text.0.as_str());
    let states = [
        match screen.get() {
            Screen::Loading => "loading",
            Screen::Title => "title",
            Screen::Gameplay => "gameplay",
            Screen::Ending => "ending",
        },
        match activity.as_deref().map(State::get) {
            Some(Activity::Exploring) => "exploring",
            Some(Activity::Talking) => "talking",
            None => "",
        },
        match pause.as_deref().map(State::get) {
            Some(Pause::Paused) => "true",
            _ => "false",
        },
    ];
    // Most frames nothing changed: compare before copying the caption.
    if shown
        .as_ref()
        .is_some_and(|(s, f)| *s == states && f == focus)
    {
        return;
    }
    let now = (states, focus.to_string());
    set_attributes(&now);
    *shown = Some(now);
}

#[cfg(target_arch = "wasm32")]
fn set_attributes(([screen, activity, paused], focus): &([&str; 3], String)) {
    imp::set_page_state(screen, activity, paused, focus);
}

#[cfg(not(target_arch = "wasm32"))]
fn set_attributes(_: &([&str; 3], String)) {}

#[cfg(target_arch = "wasm32")]
mod imp {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(inline_js = r#"
export function set_page_state(screen, activity, paused, focus) {
    if (typeof document === "undefined" || !document.body) {
        return;
    }
    document.body.dataset.screen = screen;
    document.body.dataset.activity = activity;
    document.body.dataset.paused = paused;
    document.body.dataset.focus = focus;
}
"#)]
    extern "C" {
        pub(crate) fn set_page_state(screen: &str, activity: &str, paused: &str, focus: &str);
    }
}
