//! Player settings that more than one feature reads, and keeping all the
//! settings between runs: one RON record in the save [`Store`] (a file on
//! the desktop, `localStorage` in the browser), apart from the saved games.

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy::window::{MonitorSelection, PrimaryWindow, WindowMode};
use serde::{Deserialize, Serialize};

use crate::audio::Volumes;
use crate::input::Bindings;
use crate::model::read_ron;
use crate::model::{DreamBattle, ReducedFlashing, SwarmPalette, TextSize, TextSpeed};
use crate::save::{Store, Which};

/// The record the settings are kept in.
const RECORD: &str = "settings";

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, load_settings);
    app.add_systems(Last, keep_settings);
}

/// Every setting, as kept between runs. Settings missing from the record
/// (an older game wrote it) take their defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SettingsFile {
    pub text_speed: f32,
    pub text_size: TextSize,
    pub reduced_flashing: bool,
    pub swarm_palette: SwarmPalette,
    pub dream_battle: DreamBattle,
    pub fullscreen: bool,
    /// Keys and gamepad buttons for each action.
    pub bindings: Bindings,
    pub volumes: Volumes,
}

impl Default for SettingsFile {
    fn default() -> Self {
        SettingsFile {
            text_speed: TextSpeed::default().0,
            text_size: TextSize::default(),
            reduced_flashing: ReducedFlashing::default().0,
            swarm_palette: SwarmPalette::default(),
            dream_battle: DreamBattle::default(),
            fullscreen: false,
            bindings: Bindings::default(),
            volumes: Volumes::default(),
        }
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
        in_range("text_speed", file.text_speed, (1.0, 10_000.0))?;
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

/// Every setting the player chooses, read and changed together: by the
/// settings menu, and to keep them between runs.
#[derive(SystemParam)]
pub struct Settings<'w> {
    pub text_speed: ResMut<'w, TextSpeed>,
    pub text_size: ResMut<'w, TextSize>,
    pub reduced_flashing: ResMut<'w, ReducedFlashing>,
    pub swarm_palette: ResMut<'w, SwarmPalette>,
    pub dream_battle: ResMut<'w, DreamBattle>,
    pub bindings: ResMut<'w, Bindings>,
    pub volumes: ResMut<'w, Volumes>,
}

impl Settings<'_> {
    /// Whether any of them changed since the system reading them last ran.
    fn changed(&self) -> bool {
        self.text_speed.is_changed()
            || self.text_size.is_changed()
            || self.reduced_flashing.is_changed()
            || self.swarm_palette.is_changed()
            || self.dream_battle.is_changed()
            || self.bindings.is_changed()
            || self.volumes.is_changed()
    }

    /// As they are kept, with the window's mode.
    fn file(&self, fullscreen: bool) -> SettingsFile {
        SettingsFile {
            text_speed: self.text_speed.0,
            text_size: *self.text_size,
            reduced_flashing: self.reduced_flashing.0,
            swarm_palette: *self.swarm_palette,
            dream_battle: *self.dream_battle,
            fullscreen,
            bindings: self.bindings.clone(),
            volumes: *self.volumes,
        }
    }

    fn apply(&mut self, file: &SettingsFile) {
        *self.text_speed = TextSpeed(file.text_speed.clamp(1.0, 10_000.0));
        *self.text_size = file.text_size;
        *self.reduced_flashing = ReducedFlashing(file.reduced_flashing);
        *self.swarm_palette = file.swarm_palette;
        *self.dream_battle = file.dream_battle;
        *self.bindings = file.bindings.clone();
        *self.volumes = file.volumes;
    }
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
