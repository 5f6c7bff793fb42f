//! Player settings that more than one feature reads, and keeping all the
//! settings between runs: one RON record in the save [`Store`] (a file on
//! the desktop, `localStorage` in the browser), apart from the saved games.

use std::any::TypeId;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy::window::{MonitorSelection, PrimaryWindow, WindowMode};
use serde::{Deserialize, Serialize};

use crate::audio::Volumes;
use crate::input::Bindings;
use crate::model::read_ron;
use crate::model::{Choice, DreamBattle, ReducedFlashing, SwarmPalette, TextSize, TextSpeed};
use crate::save::{Store, Which};

/// The record the settings are kept in.
const RECORD: &str = "settings";

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, load_settings);
    app.add_systems(Last, keep_settings);
}

/// Declares every setting at once, from one list: the record they are kept
/// in ([`SettingsFile`]) and the resources the game reads them from
/// ([`Settings`]). A *choice* is a [`Choice`] that a row of the Settings
/// page steps through; a *page* setting has a page of its own (the Controls
/// page, the Sound page). The window's fullscreen mode is kept beside them.
macro_rules! settings {
    (
        choices { $($choice:ident: $choice_ty:ty,)* }
        pages { $($page:ident: $page_ty:ty,)* }
    ) => {
        /// Every setting, as kept between runs. Settings missing from the
        /// record (an older game wrote it) take their defaults.
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[serde(default)]
        pub struct SettingsFile {
            $(pub $choice: $choice_ty,)*
            $(pub $page: $page_ty,)*
            /// Whether the window fills the screen.
            pub fullscreen: bool,
        }

        /// Every setting the player chooses, read and changed together: by
        /// the settings menu, and to keep them between runs.
        #[derive(SystemParam)]
        pub struct Settings<'w> {
            $(pub $choice: ResMut<'w, $choice_ty>,)*
            $(pub $page: ResMut<'w, $page_ty>,)*
        }

        impl Settings<'_> {
            /// Whether any of them changed since the system reading them
            /// last ran.
            fn changed(&self) -> bool {
                false $(|| self.$choice.is_changed())* $(|| self.$page.is_changed())*
            }

            /// As they are kept, with the window's mode.
            fn file(&self, fullscreen: bool) -> SettingsFile {
                SettingsFile {
                    $($choice: *self.$choice,)*
                    $($page: (*self.$page).clone(),)*
                    fullscreen,
                }
            }

            fn apply(&mut self, file: &SettingsFile) {
                $(*self.$choice = file.$choice;)*
                $(*self.$page = file.$page.clone();)*
            }

            /// Steps the choice whose type is `which` to its next value.
            pub(crate) fn step(&mut self, which: TypeId) {
                $(
                    if which == TypeId::of::<$choice_ty>() {
                        *self.$choice = self.$choice.next();
                    }
                )*
            }
        }
    };
}

// Adding a setting: its type (in `model::settings` if features follow it),
// a line here, and its row on the Settings page (`menus`).
settings! {
    choices {
        text_speed: TextSpeed,
        text_size: TextSize,
        reduced_flashing: ReducedFlashing,
        swarm_palette: SwarmPalette,
        dream_battle: DreamBattle,
    }
    pages {
        bindings: Bindings,
        volumes: Volumes,
    }
}

impl SettingsFile {
    /// Reads the settings record `text` of `source`, refusing values no menu
    /// could have set: a text speed or a volume that is not a number, or out
    /// of its range. The message names the file and the setting.
    pub fn read(source: &str, text: &str) -> Result<SettingsFile, String> {
        let file: SettingsFile = read_ron(source, text)?;
        let in_range = |name: &str, value: f32, (low, high): (f32, f32)| {
            if (low..=high).contains(&value) {
                Ok(())
            } else {
                Err(format!(
                    "{source}: {name} is {value}; it must be a number from {low} to {high}"
                ))
            }
        };
        in_range("text_speed", file.text_speed.0, TextSpeed::RANGE)?;
        let v = &file.volumes;
        for (name, value) in [
            ("volumes.master", v.master),
            ("volumes.music", v.music),
            ("volumes.sfx", v.sfx),
            ("volumes.ambience", v.ambience),
            ("volumes.dialogue", v.dialogue),
        ] {
            in_range(name, value, (0.0, 1.0))?;
        }
        Ok(file)
    }
}

/// The settings record could not be read: why (shown on the settings
/// page; the defaults are in use, and the damaged record is set aside the
/// first time a setting changes).
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct SettingsProblem(pub String);

/// The settings as last read or written, to notice changes.
#[derive(Resource, Debug, Clone, PartialEq)]
struct Kept {
    file: SettingsFile,
    sound: bool,
}

fn load_settings(
    mut commands: Commands,
    store: Res<Store>,
    mut settings: Settings,
    mut window: Query<&mut Window, With<PrimaryWindow>>,
) {
    let source = store.describe(RECORD);
    let read = store
        .read(RECORD, Which::Main)
        .and_then(|text| text.map(|t| SettingsFile::read(&source, &t)).transpose());
    let (file, sound) = match read {
        Ok(file) => (file.unwrap_or_default(), true),
        Err(e) => {
            warn!("settings: {e}; using the defaults");
            commands.insert_resource(SettingsProblem(e));
            (SettingsFile::default(), false)
        }
    };
    settings.apply(&file);
    if file.fullscreen
        && let Ok(mut w) = window.single_mut()
    {
        w.mode = WindowMode::BorderlessFullscreen(MonitorSelection::Current);
    }
    commands.insert_resource(Kept { file, sound });
}

/// Writes the settings whenever one changes.
fn keep_settings(
    store: Res<Store>,
    kept: Option<ResMut<Kept>>,
    settings: Settings,
    window: Query<&Window, With<PrimaryWindow>>,
) {
    let Some(mut kept) = kept else {
        return;
    };
    let fullscreen = window
        .single()
        .map_or(kept.file.fullscreen, |w| w.mode != WindowMode::Windowed);
    if !settings.changed() && fullscreen == kept.file.fullscreen {
        return;
    }
    let now = settings.file(fullscreen);
    if now == kept.file {
        return;
    }
    let text = ron::ser::to_string_pretty(&now, ron::ser::PrettyConfig::default())
        .expect("settings are plain data");
    match store.write(RECORD, &text, kept.sound) {
        Ok(()) => {
            kept.sound = true;
        }
        Err(e) => warn!("settings not kept: {e}"),
    }
    kept.file = now;
}

#[cfg(test)]
mod tests {
    use super::*;
    use bevy::ecs::system::SystemState;

    #[test]
    fn a_record_kept_by_an_earlier_version_reads_the_same() {
        let text = "(text_speed: 90.0, text_size: Large, reduced_flashing: false, \
                    swarm_palette: ColourBlindSafe, dream_battle: Easier, fullscreen: true)";
        let file = SettingsFile::read("settings.ron", text).unwrap();
        assert_eq!(file.text_speed, TextSpeed(90.0));
        assert_eq!(file.text_size, TextSize::Large);
        assert_eq!(file.reduced_flashing, ReducedFlashing(false));
        assert_eq!(file.swarm_palette, SwarmPalette::ColourBlindSafe);
        assert_eq!(file.dream_battle, DreamBattle::Easier);
        assert!(file.fullscreen);
        assert_eq!(file.volumes, Volumes::default());
        // And is written the same way: numbers and bools, not wrapped.
        let written = ron::to_string(&file).unwrap();
        assert!(written.contains("text_speed:90.0"), "{written}");
        assert!(written.contains("reduced_flashing:false"), "{written}");
    }

    #[test]
    fn each_choice_steps_round_to_where_it_started_and_is_kept() {
        let mut world = World::new();
        world.insert_resource(TextSpeed::default());
        world.insert_resource(TextSize::default());
        world.insert_resource(ReducedFlashing::default());
        world.insert_resource(SwarmPalette::default());
        world.insert_resource(DreamBattle::default());
        world.insert_resource(Bindings::default());
        world.insert_resource(Volumes::default());
        let mut state = SystemState::<Settings>::new(&mut world);
        let start = state.get_mut(&mut world).unwrap().file(false);
        for (which, values) in [
            (TypeId::of::<TextSpeed>(), TextSpeed::CHOICES.len()),
            (TypeId::of::<TextSize>(), 2),
            (TypeId::of::<ReducedFlashing>(), 2),
            (TypeId::of::<SwarmPalette>(), 2),
            (TypeId::of::<DreamBattle>(), 3),
        ] {
            let mut settings = state.get_mut(&mut world).unwrap();
            settings.step(which);
            let once = settings.file(false);
            assert_ne!(once, start, "one step changes the record");
            for _ in 1..values {
                settings.step(which);
            }
            assert_eq!(settings.file(false), start, "{values} steps come round");
        }
    }

    #[test]
    fn a_setting_out_of_range_or_not_a_number_is_refused_by_name() {
        let sound = ron::to_string(&SettingsFile::default()).unwrap();
        assert_eq!(
            SettingsFile::read("settings.ron", &sound),
            Ok(SettingsFile::default())
        );
        for (field, text) in [
            ("text_speed", "(text_speed: NaN)"),
            ("text_speed", "(text_speed: 0.5)"),
            ("volumes.master", "(volumes: (master: inf))"),
            ("volumes.music", "(volumes: (music: -0.1))"),
            ("volumes.dialogue", "(volumes: (dialogue: 2.0))"),
        ] {
            let error = SettingsFile::read("settings.ron", text).unwrap_err();
            assert!(
                error.starts_with("settings.ron: ") && error.contains(field),
                "{text}: {error}"
            );
        }
    }
}
