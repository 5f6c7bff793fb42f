//! Which music plays: one loop for the title and each act, silence while
//! the surge builds (its hum and bang are effects), the surge's own music
//! once it strikes. A change crossfades.

use bevy::prelude::*;
use bevy_kira_audio::prelude::*;

use super::{Bus, Sound, Speakers, fade_out};
use crate::core::Screen;
use crate::model::InAct;
use crate::model::SurgePhase;
use biodental_story::Act;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Music>();
    app.add_systems(Update, play_music.in_set(crate::core::AppSystems::Update));
}

/// How long one piece fades out while the next fades in (s).
pub(crate) const CROSSFADE: f32 = 2.5;

/// A piece of music, by its file in `assets/audio/music`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Track {
    Title,
    Arrival,
    Doubts,
    Appointment,
    Surge,
    Dream,
    Resolution,
    Epilogue,
}

impl Track {
    pub const ALL: [Track; 8] = [
        Track::Title,
        Track::Arrival,
        Track::Doubts,
        Track::Appointment,
        Track::Surge,
        Track::Dream,
        Track::Resolution,
        Track::Epilogue,
    ];

    pub fn file(self) -> &'static str {
        match self {
            Track::Title => "title",
            Track::Arrival => "arrival",
            Track::Doubts => "doubts",
            Track::Appointment => "appointment",
            Track::Surge => "surge",
            Track::Dream => "dream",
            Track::Resolution => "resolution",
            Track::Epilogue => "epilogue",
        }
    }
}

/// The music for where the game is: the screen, the act (in the game) and
/// the surge's phase (in its act). None is silence.
pub fn track_for(screen: Screen, act: Option<Act>, surge: Option<SurgePhase>) -> Option<Track> {
    match screen {
        Screen::Loading => None,
        Screen::Title => Some(Track::Title),
        // The closing scenes and the credits carry the epilogue's warmth.
        Screen::Ending => Some(Track::Epilogue),
        Screen::Gameplay => Some(match act? {
            Act::Arrival => Track::Arrival,
            // Jasper's session keeps the morning's calm.
            Act::Doubts | Act::Therapy => Track::Doubts,
            Act::Appointment => Track::Appointment,
            // The hum, the stutter and the strike play over silence.
            Act::PowerSurge
                if !surge.is_some_and(|p| matches!(p, SurgePhase::Alarm | SurgePhase::Escape)) =>
            {
                return None;
            }
            Act::PowerSurge => Track::Surge,
            Act::Dreamscape => Track::Dream,
            Act::Resolution => Track::Resolution,
            Act::Epilogue | Act::Later => Track::Epilogue,
        }),
    }
}

/// The music playing (or that would play, when nothing is heard).
#[derive(Resource, Debug, Default, Clone)]
pub struct Music {
    pub playing: Option<Track>,
    instance: Option<Handle<AudioInstance>>,
}

/// A change of music: what fades out and what fades in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Crossfade {
    pub out: Option<Track>,
    pub into: Option<Track>,
}

impl Music {
    /// What has to change for `want` to play: nothing if it already is.
    pub(crate) fn change_to(&self, want: Option<Track>) -> Option<Crossfade> {
        (self.playing != want).then_some(Crossfade {
            out: self.playing,
            into: want,
        })
    }
}

fn play_music(
    screen: Res<State<Screen>>,
    act: Option<Res<State<InAct>>>,
    surge: Option<Res<State<SurgePhase>>>,
    mut music: ResMut<Music>,
    mut speakers: Speakers,
    mut instances: ResMut<Assets<AudioInstance>>,
) {
    let want = track_for(
        *screen.get(),
        act.map(|a| a.get().0),
        surge.map(|s| *s.get()),
    );
    let Some(change) = music.change_to(want) else {
        return;
    };
    if let Some(old) = music.instance.take() {
        fade_out(&mut instances, &old, CROSSFADE);
    }
    music.instance = change.into.and_then(|track| {
        speakers.play(Bus::Music, Sound::Track(track), |c| {
            c.looped()
                .fade_in(AudioTween::linear(std::time::Duration::from_secs_f32(
                    CROSSFADE,
                )));
        })
    });
    music.playing = change.into;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_act_has_music_and_the_surge_builds_in_silence() {
        use SurgePhase::*;
        assert_eq!(track_for(Screen::Loading, None, None), None);
        assert_eq!(track_for(Screen::Title, None, None), Some(Track::Title));
        let acts = [
            (Act::Arrival, Track::Arrival),
            (Act::Doubts, Track::Doubts),
            (Act::Therapy, Track::Doubts),
            (Act::Appointment, Track::Appointment),
            (Act::Dreamscape, Track::Dream),
            (Act::Resolution, Track::Resolution),
            (Act::Epilogue, Track::Epilogue),
            (Act::Later, Track::Epilogue),
        ];
        for (act, track) in acts {
            assert_eq!(track_for(Screen::Gameplay, Some(act), None), Some(track));
        }
        for phase in [Hum, Stutter, Strike] {
            assert_eq!(
                track_for(Screen::Gameplay, Some(Act::PowerSurge), Some(phase)),
                None
            );
        }
        for phase in [Alarm, Escape] {
            assert_eq!(
                track_for(Screen::Gameplay, Some(Act::PowerSurge), Some(phase)),
                Some(Track::Surge)
            );
        }
        assert_eq!(track_for(Screen::Ending, None, None), Some(Track::Epilogue));
    }

    #[test]
    fn a_change_crossfades_and_the_same_track_keeps_playing() {
        let mut music = Music::default();
        assert_eq!(
            music.change_to(Some(Track::Title)),
            Some(Crossfade {
                out: None,
                into: Some(Track::Title)
            })
        );
        music.playing = Some(Track::Title);
        assert_eq!(music.change_to(Some(Track::Title)), None);
        assert_eq!(
            music.change_to(Some(Track::Arrival)),
            Some(Crossfade {
                out: Some(Track::Title),
                into: Some(Track::Arrival)
            })
        );
        assert_eq!(
            music.change_to(None),
            Some(Crossfade {
                out: Some(Track::Title),
                into: None
            })
        );
    }
}
