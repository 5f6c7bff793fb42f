//! The game's sound: four channels (music, effects, ambience, dialogue)
//! with their own volumes, music for every act that crossfades as the story
//! moves, and effects for what already happens in the game (steps, doors,
//! typed dialogue, menus, nanobots, the surge, the dream's actions).
//!
//! Everything plays through `bevy_kira_audio`. Without a sound card (or in
//! headless tests, which leave the output out) the game runs silently:
//! the same systems decide what would play, and nothing is sent.
//!
//! The sounds themselves are synthesised by `src/bin/make-audio`.

mod effects;
mod music;
mod web;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_kira_audio::prelude::*;
use serde::{Deserialize, Serialize};

use crate::core::load_awaited;

pub use music::{Music, Track, track_for};

/// Adds the sound output: `bevy_kira_audio` (which opens the sound card, or
/// warns that there is none) and, in the browser, the resuming of audio on
/// the first click or key. The game adds it before [`crate::plugin`];
/// headless tests may leave it out.
pub fn output_plugin(app: &mut App) {
    web::resume_audio_on_first_gesture();
    app.add_plugins(bevy_kira_audio::AudioPlugin);
}

pub(super) fn plugin(app: &mut App) {
    let output = app.is_plugin_added::<bevy_kira_audio::AudioPlugin>();
    if output {
        app.add_audio_channel::<MusicChannel>();
        app.add_audio_channel::<SfxChannel>();
        app.add_audio_channel::<AmbienceChannel>();
        app.add_audio_channel::<DialogueChannel>();
        app.insert_resource(Output::Unknown);
    } else {
        // No output: the sounds still load (and are checked) like every asset.
        app.init_asset::<AudioSource>();
        app.init_asset::<AudioInstance>();
        app.init_asset_loader::<OggLoader>();
        app.insert_resource(Output::Silent);
    }
    app.init_resource::<Volumes>();
    app.init_resource::<Sounds>();
    app.add_systems(
        Update,
        (apply_volumes, probe_output).in_set(crate::core::AppSystems::Update),
    );
    app.add_plugins((music::plugin, effects::plugin));
}

/// How loud each kind of sound is, 0 (off) to 1 (full), and all of them
/// together. The settings menu changes it; the channels follow.
#[derive(Resource, Serialize, Deserialize, Debug, Clone, Copy, PartialEq)]
#[serde(default)]
pub struct Volumes {
    pub master: f32,
    pub music: f32,
    pub sfx: f32,
    pub ambience: f32,
    pub dialogue: f32,
}

impl Default for Volumes {
    /// Music and ambience sit under the effects and the voices, which
    /// carry information.
    fn default() -> Self {
        Volumes {
            master: 1.0,
            music: 0.7,
            sfx: 0.8,
            ambience: 0.7,
            dialogue: 0.6,
        }
    }
}

/// The quietest level kira plays (dB); anything at or below is silence.
pub(crate) const SILENCE_DB: f32 = -60.0;

/// The gain (dB) of a level from 0 to 1, on a perceptual curve: the
/// amplitude is the level squared, so that the lower half of a slider is
/// as useful as the upper. Levels outside 0..=1 (or not numbers) are
/// clamped, 0 is silence.
pub(crate) fn level_to_db(level: f32) -> f32 {
    let level = if level.is_finite() {
        level.clamp(0.0, 1.0)
    } else {
        0.0
    };
    if level <= 0.0 {
        return SILENCE_DB;
    }
    (40.0 * level.log10()).max(SILENCE_DB)
}

impl Volumes {
    /// The gain (dB) of one channel, master included.
    pub(crate) fn db(&self, bus: Bus) -> f32 {
        let level = match bus {
            Bus::Music => self.music,
            Bus::Sfx => self.sfx,
            Bus::Ambience => self.ambience,
            Bus::Dialogue => self.dialogue,
        };
        let master = if self.master.is_finite() {
            self.master.clamp(0.0, 1.0)
        } else {
            0.0
        };
        level_to_db(level.clamp(0.0, 1.0) * master)
    }
}

/// The four channels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bus {
    Music,
    Sfx,
    Ambience,
    Dialogue,
}

impl Bus {
    pub const ALL: [Bus; 4] = [Bus::Music, Bus::Sfx, Bus::Ambience, Bus::Dialogue];
}

#[derive(Resource)]
pub(crate) struct MusicChannel;
#[derive(Resource)]
pub(crate) struct SfxChannel;
#[derive(Resource)]
pub(crate) struct AmbienceChannel;
#[derive(Resource)]
pub(crate) struct DialogueChannel;

/// Whether sound reaches a speaker. `bevy_kira_audio` keeps every command
/// queued when it has no sound card, so once that is known nothing more is
/// sent: a long session on a machine without sound stays as small as one
/// with.
#[derive(Resource, Debug, Clone, PartialEq)]
pub enum Output {
    /// Nothing played yet.
    Unknown,
    /// The first sound, sent on `bus`, `frames` ago.
    Probing {
        bus: Bus,
        instance: Handle<AudioInstance>,
        frames: u32,
    },
    Working,
    /// No sound card, or no output in this app.
    Silent,
}

impl Output {
    pub(crate) fn audible(&self) -> bool {
        !matches!(self, Output::Silent)
    }
}

/// The paths of every sound, under `assets/`.
pub(crate) const MUSIC_DIR: &str = "audio/music";
pub(crate) const SFX_DIR: &str = "audio/sfx";

/// Handles to every sound; the loading screen waits for them.
#[derive(Resource, Clone, Debug)]
pub(crate) struct Sounds {
    pub music: Vec<(Track, Handle<AudioSource>)>,
    pub sfx: Vec<(Sfx, Handle<AudioSource>)>,
}

/// The sound effects and ambiences, by file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sfx {
    StepA,
    StepB,
    Door,
    Blip,
    UiMove,
    UiActivate,
    NanobotHum,
    SurgeRise,
    SurgeStrike,
    Alarm,
    Pulse,
    Reassure,
    Breathe,
    ClockTick,
    DrillBuzz,
}

impl Sfx {
    pub const ALL: [Sfx; 15] = [
        Sfx::StepA,
        Sfx::StepB,
        Sfx::Door,
        Sfx::Blip,
        Sfx::UiMove,
        Sfx::UiActivate,
        Sfx::NanobotHum,
        Sfx::SurgeRise,
        Sfx::SurgeStrike,
        Sfx::Alarm,
        Sfx::Pulse,
        Sfx::Reassure,
        Sfx::Breathe,
        Sfx::ClockTick,
        Sfx::DrillBuzz,
    ];

    pub fn file(self) -> &'static str {
        match self {
            Sfx::StepA => "step_a",
            Sfx::StepB => "step_b",
            Sfx::Door => "door",
            Sfx::Blip => "blip",
            Sfx::UiMove => "ui_move",
            Sfx::UiActivate => "ui_activate",
            Sfx::NanobotHum => "nanobot_hum",
            Sfx::SurgeRise => "surge_rise",
            Sfx::SurgeStrike => "surge_strike",
            Sfx::Alarm => "alarm",
            Sfx::Pulse => "pulse",
            Sfx::Reassure => "reassure",
            Sfx::Breathe => "breathe",
            Sfx::ClockTick => "clock_tick",
            Sfx::DrillBuzz => "drill_buzz",
        }
    }
}

impl FromWorld for Sounds {
    fn from_world(world: &mut World) -> Self {
        let mut load = |path: String| load_awaited(world, &path);
        Sounds {
            music: Track::ALL
                .iter()
                .map(|&t| (t, load(format!("{MUSIC_DIR}/{}.ogg", t.file()))))
                .collect(),
            sfx: Sfx::ALL
                .iter()
                .map(|&s| (s, load(format!("{SFX_DIR}/{}.ogg", s.file()))))
                .collect(),
        }
    }
}

impl Sounds {
    pub(crate) fn track(&self, track: Track) -> Option<Handle<AudioSource>> {
        self.music
            .iter()
            .find(|(t, _)| *t == track)
            .map(|(_, h)| h.clone())
    }

    pub fn sfx(&self, sfx: Sfx) -> Option<Handle<AudioSource>> {
        self.sfx
            .iter()
            .find(|(s, _)| *s == sfx)
            .map(|(_, h)| h.clone())
    }
}

/// What the sound systems play through: the channels (absent without an
/// output), whether anything is heard, and the sounds.
#[derive(SystemParam)]
pub(crate) struct Speakers<'w> {
    music: Option<Res<'w, AudioChannel<MusicChannel>>>,
    sfx: Option<Res<'w, AudioChannel<SfxChannel>>>,
    ambience: Option<Res<'w, AudioChannel<AmbienceChannel>>>,
    dialogue: Option<Res<'w, AudioChannel<DialogueChannel>>>,
    output: ResMut<'w, Output>,
    sounds: Option<Res<'w, Sounds>>,
}

impl Speakers<'_> {
    /// Starts `sound` on `bus`; `settings` adds looping, fades or pitch.
    /// Returns the playing instance, or none when nothing is heard.
    pub fn play(
        &mut self,
        bus: Bus,
        sound: Sound,
        settings: impl FnOnce(&mut PlayAudioCommand),
    ) -> Option<Handle<AudioInstance>> {
        if !self.output.audible() {
            return None;
        }
        let sounds = self.sounds.as_ref()?;
        let source = match sound {
            Sound::Track(t) => sounds.track(t)?,
            Sound::Sfx(s) => sounds.sfx(s)?,
        };
        let mut command = match bus {
            Bus::Music => self.music.as_ref()?.play(source),
            Bus::Sfx => self.sfx.as_ref()?.play(source),
            Bus::Ambience => self.ambience.as_ref()?.play(source),
            Bus::Dialogue => self.dialogue.as_ref()?.play(source),
        };
        settings(&mut command);
        let instance = command.handle();
        drop(command);
        if *self.output == Output::Unknown {
            *self.output = Output::Probing {
                bus,
                instance: instance.clone(),
                frames: 0,
            };
        }
        Some(instance)
    }

    fn set_volume(&self, bus: Bus, db: f32) {
        let db = Decibels(db);
        match bus {
            Bus::Music => self.music.as_ref().map(|c| c.set_volume(db)),
            Bus::Sfx => self.sfx.as_ref().map(|c| c.set_volume(db)),
            Bus::Ambience => self.ambience.as_ref().map(|c| c.set_volume(db)),
            Bus::Dialogue => self.dialogue.as_ref().map(|c| c.set_volume(db)),
        };
    }

    fn state(&self, bus: Bus, instance: &Handle<AudioInstance>) -> Option<PlaybackState> {
        Some(match bus {
            Bus::Music => self.music.as_ref()?.state(instance),
            Bus::Sfx => self.sfx.as_ref()?.state(instance),
            Bus::Ambience => self.ambience.as_ref()?.state(instance),
            Bus::Dialogue => self.dialogue.as_ref()?.state(instance),
        })
    }
}

/// A piece of music or an effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sound {
    Track(Track),
    Sfx(Sfx),
}

fn apply_volumes(volumes: Res<Volumes>, speakers: Speakers) {
    if !volumes.is_changed() || !speakers.output.audible() {
        return;
    }
    for bus in Bus::ALL {
        speakers.set_volume(bus, volumes.db(bus));
    }
}

/// Frames after the first sound was sent by which the output has played it
/// (the sounds are loaded before anything plays).
const PROBE_FRAMES: u32 = 3;

/// Finds out whether the first sound sent was played; if it is still
/// waiting in its channel, there is no sound card.
fn probe_output(mut speakers: Speakers) {
    let Output::Probing {
        bus,
        instance,
        frames,
    } = speakers.output.clone()
    else {
        return;
    };
    if frames < PROBE_FRAMES {
        *speakers.output = Output::Probing {
            bus,
            instance,
            frames: frames + 1,
        };
        return;
    }
    let waiting = matches!(speakers.state(bus, &instance), Some(PlaybackState::Queued));
    *speakers.output = if waiting {
        info!("No sound output: the game runs silently");
        Output::Silent
    } else {
        Output::Working
    };
}

/// Stops a playing instance with a fade.
pub(crate) fn fade_out(
    instances: &mut Assets<AudioInstance>,
    instance: &Handle<AudioInstance>,
    seconds: f32,
) {
    if let Some(mut i) = instances.get_mut(instance) {
        i.stop(AudioTween::linear(std::time::Duration::from_secs_f32(
            seconds,
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_map_to_decibels_on_a_squared_curve() {
        assert_eq!(level_to_db(1.0), 0.0);
        assert_eq!(level_to_db(0.0), SILENCE_DB);
        // Half the slider is a quarter of the amplitude: about -12 dB.
        assert!((level_to_db(0.5) + 12.04).abs() < 0.01);
        // Out of range, or not a number, is clamped.
        assert_eq!(level_to_db(2.0), 0.0);
        assert_eq!(level_to_db(-1.0), SILENCE_DB);
        assert_eq!(level_to_db(f32::NAN), SILENCE_DB);
        // Louder is never quieter.
        let mut last = SILENCE_DB;
        for i in 0..=100 {
            let db = level_to_db(i as f32 / 100.0);
            assert!(db >= last, "{i}: {db} < {last}");
            last = db;
        }
    }

    #[test]
    fn master_scales_every_channel() {
        let v = Volumes {
            master: 0.5,
            music: 1.0,
            sfx: 0.0,
            ..Volumes::default()
        };
        assert!((v.db(Bus::Music) - level_to_db(0.5)).abs() < 1e-4);
        assert_eq!(v.db(Bus::Sfx), SILENCE_DB);
        let muted = Volumes {
            master: 0.0,
            ..Volumes::default()
        };
        for bus in Bus::ALL {
            assert_eq!(muted.db(bus), SILENCE_DB);
        }
    }

    #[test]
    fn volumes_round_trip_through_ron_and_fill_gaps() {
        let v = Volumes {
            music: 0.25,
            ..Volumes::default()
        };
        let text = ron::to_string(&v).unwrap();
        assert_eq!(ron::from_str::<Volumes>(&text).unwrap(), v);
        // An older settings file without some fields keeps the defaults.
        let partial: Volumes = ron::from_str("(music: 0.1)").unwrap();
        assert_eq!(partial.music, 0.1);
        assert_eq!(partial.sfx, Volumes::default().sfx);
    }
}
