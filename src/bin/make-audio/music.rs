//! The music: one seamless loop for the title, each act, the surge and the
//! dream. A song is a chord progression with voicings, a bass line, a pad,
//! an accompaniment, a melody grown from a short motif, and drums, each
//! written per song for its mood.

use crate::instruments as ins;
use crate::synth::{Echo, Rng, Stereo, Wave, effects_looped, high_pass_looped, samples, soft_clip};

/// How the bass moves under a chord.
#[derive(Clone, Copy, Debug)]
pub enum Bass {
    /// One long note a chord.
    Held,
    /// Root on the beat, fifth on the off-beat half, in quarters.
    RootFifth,
    /// Driving eighths on the root.
    Eighths,
    /// Sixteenths with octave jumps.
    Sixteenths,
}

/// The accompaniment between bass and melody.
#[derive(Clone, Copy, Debug)]
pub enum Comp {
    /// Electric piano chords on beats 1 and the "and" of 2.
    Keys,
    /// Chord tones arpeggiated in eighths, up and down.
    Arp(Wave),
    /// Chord tones in sixteenths, a pulsing ostinato.
    Ostinato(Wave),
    /// Slow bell arpeggio in quarters.
    Bells,
}

#[derive(Clone, Copy, Debug)]
pub enum Drums {
    None,
    /// A clock ticking on every beat.
    Clock,
    /// A heartbeat every bar.
    Heart,
    /// Soft kick on 1, shaker eighths, a rim on 3.
    Soft,
    /// Four on the floor, sixteenth hats, snare on 2 and 4.
    Drive,
}

#[derive(Clone, Copy, Debug)]
pub enum Voice {
    Lead,
    Bell,
    Keys,
    Pluck,
}

pub struct Song {
    pub name: &'static str,
    pub bpm: f32,
    /// Bass note (MIDI) and voicing of each chord, one chord per `bars_per_chord`.
    pub chords: &'static [(i32, [i32; 4])],
    pub bars_per_chord: usize,
    /// How many times the progression plays in the loop.
    pub repeats: usize,
    /// Semitones of the scale the melody walks, from `tonic` (MIDI).
    pub scale: &'static [i32],
    pub tonic: i32,
    pub pad: Option<f32>,
    pub bass: Bass,
    pub bass_wave: Wave,
    pub comp: Comp,
    pub drums: Drums,
    /// The melody's voice, and in which passes of the progression it plays.
    pub melody: Option<(Voice, &'static [usize])>,
    /// Notes a bar the melody aims at (2 sparse .. 6 busy).
    pub density: usize,
    /// Reverb (size, damp, wet) and echo (beats, feedback).
    pub reverb: (f32, f32, f32),
    pub echo: Option<(f32, f32)>,
    pub seed: u64,
}

impl Song {
    pub fn beat(&self) -> f32 {
        60.0 / self.bpm
    }

    pub fn bars(&self) -> usize {
        self.chords.len() * self.bars_per_chord * self.repeats
    }

    /// The loop's length in seconds.
    pub fn seconds(&self) -> f32 {
        self.bars() as f32 * 4.0 * self.beat()
    }

    fn chord_at(&self, bar: usize) -> (i32, [i32; 4]) {
        self.chords[(bar / self.bars_per_chord) % self.chords.len()]
    }
}

const MAJOR: &[i32] = &[0, 2, 4, 5, 7, 9, 11];
const MINOR: &[i32] = &[0, 2, 3, 5, 7, 8, 10];
const DORIAN: &[i32] = &[0, 2, 3, 5, 7, 9, 10];
const PHRYGIAN: &[i32] = &[0, 1, 3, 5, 7, 8, 10];
const LYDIAN: &[i32] = &[0, 2, 4, 6, 7, 9, 11];

/// Every song, by the file name it is written to.
pub fn songs() -> Vec<Song> {
    vec![
        Song {
            name: "title",
            bpm: 80.0,
            // Dmaj7 – Bm9 – Gmaj7 – Asus4
            chords: &[
                (38, [61, 66, 69, 73]),
                (35, [61, 62, 66, 69]),
                (31, [59, 62, 66, 71]),
                (33, [57, 62, 64, 69]),
            ],
            bars_per_chord: 2,
            repeats: 2,
            scale: LYDIAN,
            tonic: 62,
            pad: Some(0.5),
            bass: Bass::Held,
            bass_wave: Wave::Triangle,
            comp: Comp::Bells,
            drums: Drums::None,
            melody: Some((Voice::Bell, &[1])),
            density: 2,
            reverb: (0.85, 0.4, 0.5),
            echo: Some((0.75, 0.45)),
            seed: 1,
        },
        Song {
            name: "arrival",
            bpm: 92.0,
            // Cmaj7 – Am9 – Fmaj7 – G6
            chords: &[
                (36, [59, 64, 67, 72]),
                (33, [59, 60, 64, 67]),
                (29, [57, 60, 64, 69]),
                (31, [59, 62, 64, 67]),
            ],
            bars_per_chord: 1,
            repeats: 4,
            scale: MAJOR,
            tonic: 72,
            pad: Some(0.35),
            bass: Bass::RootFifth,
            bass_wave: Wave::Triangle,
            comp: Comp::Keys,
            drums: Drums::Soft,
            melody: Some((Voice::Pluck, &[1, 3])),
            density: 4,
            reverb: (0.6, 0.5, 0.3),
            echo: Some((0.75, 0.3)),
            seed: 2,
        },
        Song {
            name: "doubts",
            bpm: 74.0,
            // Am – Fmaj7#11 – Dm9 – E7sus4
            chords: &[
                (33, [57, 60, 64, 69]),
                (29, [57, 59, 64, 65]),
                (26, [57, 60, 64, 65]),
                (28, [57, 59, 62, 64]),
            ],
            bars_per_chord: 2,
            repeats: 2,
            scale: DORIAN,
            tonic: 69,
            pad: Some(0.2),
            bass: Bass::Held,
            bass_wave: Wave::Saw,
            comp: Comp::Arp(Wave::Triangle),
            drums: Drums::Heart,
            melody: Some((Voice::Keys, &[1])),
            density: 2,
            reverb: (0.75, 0.6, 0.4),
            echo: Some((1.5, 0.35)),
            seed: 3,
        },
        Song {
            name: "appointment",
            bpm: 100.0,
            // Em – Cmaj7 – Am – B7(b9)
            chords: &[
                (28, [59, 64, 67, 71]),
                (24, [59, 64, 67, 72]),
                (33, [57, 60, 64, 69]),
                (35, [57, 60, 63, 66]),
            ],
            bars_per_chord: 2,
            repeats: 2,
            scale: MINOR,
            tonic: 64,
            pad: Some(0.25),
            bass: Bass::Eighths,
            bass_wave: Wave::Saw,
            comp: Comp::Ostinato(Wave::Square),
            drums: Drums::Clock,
            melody: Some((Voice::Lead, &[1])),
            density: 3,
            reverb: (0.55, 0.6, 0.25),
            echo: None,
            seed: 4,
        },
        Song {
            name: "surge",
            bpm: 132.0,
            // Dm – Eb – Dm – C, then Bb – A
            chords: &[
                (26, [62, 65, 69, 74]),
                (27, [63, 67, 70, 75]),
                (26, [62, 65, 69, 74]),
                (24, [60, 64, 67, 72]),
                (22, [62, 65, 70, 74]),
                (21, [61, 64, 69, 73]),
            ],
            bars_per_chord: 1,
            repeats: 4,
            scale: PHRYGIAN,
            tonic: 74,
            pad: None,
            bass: Bass::Sixteenths,
            bass_wave: Wave::Saw,
            comp: Comp::Ostinato(Wave::Saw),
            drums: Drums::Drive,
            melody: Some((Voice::Lead, &[1, 3])),
            density: 4,
            reverb: (0.4, 0.5, 0.18),
            echo: None,
            seed: 5,
        },
        Song {
            name: "dream",
            bpm: 66.0,
            // Ebmaj7#11 – Bmaj7/D# – Abmaj9 – Gm(add9)
            chords: &[
                (39, [62, 67, 69, 70]),
                (39, [63, 66, 70, 71]),
                (32, [60, 63, 67, 70]),
                (31, [58, 62, 65, 69]),
            ],
            bars_per_chord: 2,
            repeats: 2,
            scale: LYDIAN,
            tonic: 75,
            pad: Some(0.6),
            bass: Bass::Held,
            bass_wave: Wave::Sine,
            comp: Comp::Bells,
            drums: Drums::None,
            melody: Some((Voice::Bell, &[0, 1])),
            density: 2,
            reverb: (0.95, 0.3, 0.6),
            echo: Some((1.0, 0.55)),
            seed: 6,
        },
        Song {
            name: "resolution",
            bpm: 84.0,
            // F – C/E – Dm7 – Bbmaj7 – F/A – Gm7 – Bbmaj7 – Csus4
            chords: &[
                (29, [60, 65, 69, 72]),
                (28, [60, 64, 67, 72]),
                (26, [60, 62, 65, 69]),
                (22, [58, 62, 65, 69]),
                (33, [60, 65, 69, 72]),
                (31, [58, 62, 65, 67]),
                (22, [57, 62, 65, 70]),
                (24, [60, 65, 67, 72]),
            ],
            bars_per_chord: 1,
            repeats: 2,
            scale: MAJOR,
            tonic: 65,
            pad: Some(0.45),
            bass: Bass::RootFifth,
            bass_wave: Wave::Triangle,
            comp: Comp::Keys,
            drums: Drums::None,
            melody: Some((Voice::Lead, &[0, 1])),
            density: 3,
            reverb: (0.7, 0.5, 0.35),
            echo: Some((0.5, 0.25)),
            seed: 7,
        },
        Song {
            name: "epilogue",
            bpm: 96.0,
            // G – D/F# – Em7 – Cmaj7 – G/B – Am7 – Cmaj7 – D
            chords: &[
                (31, [59, 62, 67, 71]),
                (30, [57, 62, 66, 69]),
                (28, [59, 62, 64, 67]),
                (24, [59, 64, 67, 71]),
                (35, [59, 62, 67, 71]),
                (33, [57, 60, 64, 67]),
                (24, [55, 59, 64, 67]),
                (26, [57, 62, 66, 69]),
            ],
            bars_per_chord: 1,
            repeats: 2,
            scale: MAJOR,
            tonic: 67,
            pad: Some(0.5),
            bass: Bass::RootFifth,
            bass_wave: Wave::Triangle,
            comp: Comp::Arp(Wave::Triangle),
            drums: Drums::Soft,
            melody: Some((Voice::Pluck, &[0, 1])),
            density: 4,
            reverb: (0.65, 0.45, 0.3),
            echo: Some((0.75, 0.3)),
            seed: 8,
        },
    ]
}

/// A note of the melody: start and length in eighths from its bar, and a
/// step (in scale degrees) from the note before.
#[derive(Clone, Copy, Debug)]
struct MotifNote {
    at: usize,
    len: usize,
    step: i32,
}

/// A bar-long motif: a rhythm of `density` notes and a contour.
fn motif(rng: &mut Rng, density: usize) -> Vec<MotifNote> {
    let mut starts = vec![0usize];
    while starts.len() < density.clamp(1, 7) {
        let s = 1 + rng.below(7);
        if !starts.contains(&s) {
            starts.push(s);
        }
    }
    starts.sort_unstable();
    starts
        .iter()
        .enumerate()
        .map(|(i, &at)| {
            let next = starts.get(i + 1).copied().unwrap_or(8);
            let step = [-2, -1, -1, 1, 1, 2, 0, 3][rng.below(8)];
            MotifNote {
                at,
                len: (next - at).max(1),
                step,
            }
        })
        .collect()
}

/// The scale degree nearest `midi` that is a tone of `chord`.
fn nearest_chord_tone(midi: i32, chord: &[i32; 4]) -> i32 {
    (midi - 6..=midi + 6)
        .filter(|m| chord.iter().any(|c| (c - m).rem_euclid(12) == 0))
        .min_by_key(|m| ((m - midi).abs(), *m))
        .unwrap_or(midi)
}

/// The scale note `degrees` steps from `midi` (snapped into the scale first).
fn step_in_scale(midi: i32, degrees: i32, scale: &[i32], tonic: i32) -> i32 {
    let in_scale = |m: i32| scale.contains(&(m - tonic).rem_euclid(12));
    let mut m = midi;
    while !in_scale(m) {
        m -= 1;
    }
    let dir = degrees.signum();
    for _ in 0..degrees.abs() {
        m += dir;
        while !in_scale(m) {
            m += dir;
        }
    }
    m
}

/// The melody over the whole loop: (start s, length s, MIDI note, velocity).
fn melody(song: &Song, rng: &mut Rng) -> Vec<(f32, f32, i32, f32)> {
    let Some((_, passes)) = song.melody else {
        return Vec::new();
    };
    let eighth = song.beat() / 2.0;
    let a = motif(rng, song.density);
    let b = motif(rng, song.density.saturating_sub(1).max(2));
    let bars_per_pass = song.chords.len() * song.bars_per_chord;
    let mut out = Vec::new();
    let mut pitch = song.tonic;
    for bar in 0..song.bars() {
        let pass = bar / bars_per_pass;
        if !passes.contains(&pass) {
            continue;
        }
        let (_, chord) = song.chord_at(bar);
        let in_phrase = bar % 4;
        // Phrases of four bars: A, A, B, and a long closing note.
        let notes: Vec<MotifNote> = match in_phrase {
            0 | 1 => a.clone(),
            2 => b.clone(),
            _ => vec![MotifNote {
                at: 0,
                len: 6,
                step: 0,
            }],
        };
        let bar_start = bar as f32 * 8.0 * eighth;
        for (i, n) in notes.iter().enumerate() {
            pitch = step_in_scale(pitch, n.step, song.scale, song.tonic);
            // Strong beats land on the chord; the closing note on its root side.
            if i == 0 || n.at % 4 == 0 {
                pitch = nearest_chord_tone(pitch, &chord);
            }
            // Keep to a singable range around the tonic.
            while pitch > song.tonic + 10 {
                pitch -= 12;
            }
            while pitch < song.tonic - 7 {
                pitch += 12;
            }
            let accent = if n.at % 4 == 0 { 1.0 } else { 0.8 };
            out.push((
                bar_start + n.at as f32 * eighth,
                n.len as f32 * eighth * 0.9,
                pitch,
                accent,
            ));
        }
    }
    out
}

/// Renders a song as one seamless stereo loop, its peak at `peak`.
pub fn render(song: &Song, peak: f32) -> Stereo {
    let len = samples(song.seconds());
    // Room for the last notes' tails, folded back onto the start.
    let mut dry = Stereo::silence(len + samples(4.0));
    let mut rng = Rng::new(song.seed);
    let beat = song.beat();
    let bar_len = 4.0 * beat;
    let at = |t: f32| samples(t);

    for bar in 0..song.bars() {
        let (root, chord) = song.chord_at(bar);
        let t0 = bar as f32 * bar_len;
        let chord_start = bar % song.bars_per_chord == 0;
        let chord_len = song.bars_per_chord as f32 * bar_len;

        if let Some(bright) = song.pad
            && chord_start
        {
            for (k, &n) in chord.iter().enumerate() {
                let pan = [-0.6, -0.2, 0.2, 0.6][k];
                let tone = ins::pad(n as f32, chord_len - 0.3, bright, song.seed * 31 + k as u64);
                dry.add(at(t0), &tone, 0.55, pan);
            }
        }

        match song.bass {
            Bass::Held if chord_start => {
                let b = ins::bass(root as f32, chord_len - 0.2, 0.9, song.bass_wave, 0.2);
                dry.add(at(t0), &b, 1.0, 0.0);
            }
            Bass::Held => {}
            Bass::RootFifth => {
                for (q, (interval, v)) in
                    [(0, 1.0), (7, 0.7), (12, 0.8), (7, 0.7)].iter().enumerate()
                {
                    if q == 1 || q == 3 {
                        // Leave air on the off quarters half the time.
                        if rng.chance(0.5) {
                            continue;
                        }
                    }
                    let b = ins::bass(
                        (root + interval) as f32,
                        beat * 0.85,
                        *v,
                        song.bass_wave,
                        0.4,
                    );
                    dry.add(at(t0 + q as f32 * beat), &b, 1.0, 0.0);
                }
            }
            Bass::Eighths => {
                for e in 0..8 {
                    let v = if e % 2 == 0 { 0.9 } else { 0.6 };
                    let b = ins::bass(root as f32, beat * 0.4, v, song.bass_wave, 0.5);
                    dry.add(at(t0 + e as f32 * beat / 2.0), &b, 1.0, 0.0);
                }
            }
            Bass::Sixteenths => {
                for s in 0..16 {
                    let n = if s % 4 == 2 { root + 12 } else { root };
                    let v = if s % 4 == 0 { 1.0 } else { 0.6 };
                    let b = ins::bass(n as f32, beat * 0.2, v, song.bass_wave, 0.8);
                    dry.add(at(t0 + s as f32 * beat / 4.0), &b, 1.0, 0.0);
                }
            }
        }

        match song.comp {
            Comp::Keys => {
                for (beat_at, hold, v) in [(0.0, 1.4, 0.8), (1.5, 0.4, 0.55), (2.5, 1.3, 0.6)] {
                    for (k, &n) in chord.iter().enumerate() {
                        let note = ins::epiano(n as f32, hold * beat, v);
                        // A slight strum, low to high.
                        let strum = k as f32 * 0.012;
                        dry.add(
                            at(t0 + beat_at * beat + strum),
                            &note,
                            0.45,
                            -0.3 + 0.2 * k as f32,
                        );
                    }
                }
            }
            Comp::Arp(wave) => {
                let order = [0, 1, 2, 3, 2, 1, 0, 1];
                for (e, &k) in order.iter().enumerate() {
                    let n = chord[k] + 12;
                    let note = ins::pluck(n as f32, beat * 0.45, 0.7, wave, 0.5);
                    let pan = if e % 2 == 0 { -0.4 } else { 0.4 };
                    dry.add(at(t0 + e as f32 * beat / 2.0), &note, 0.55, pan);
                }
            }
            Comp::Ostinato(wave) => {
                let order = [0, 2, 1, 3];
                for s in 0..16 {
                    let n = chord[order[s % 4]];
                    let v = if s % 4 == 0 { 0.9 } else { 0.55 };
                    let note = ins::pluck(n as f32, beat * 0.2, v, wave, 0.35);
                    let pan = if s % 2 == 0 { -0.3 } else { 0.3 };
                    dry.add(at(t0 + s as f32 * beat / 4.0), &note, 0.4, pan);
                }
            }
            Comp::Bells => {
                for q in 0..4 {
                    let n = chord[(q + bar) % 4] + 12;
                    let note = ins::bell(n as f32, 0.5, 2.5);
                    dry.add(at(t0 + q as f32 * beat), &note, 0.5, [-0.5, 0.5][q % 2]);
                }
            }
        }

        match song.drums {
            Drums::None => {}
            Drums::Clock => {
                for q in 0..4 {
                    let pitch = if q % 2 == 0 { 2600.0 } else { 2100.0 };
                    dry.add(at(t0 + q as f32 * beat), &ins::tick(0.6, pitch), 0.5, 0.3);
                }
                dry.add(at(t0), &ins::kick(0.5), 0.7, 0.0);
                dry.add(at(t0 + 2.5 * beat), &ins::kick(0.35), 0.7, 0.0);
            }
            Drums::Heart => {
                dry.add(at(t0), &ins::heartbeat(0.8), 0.8, 0.0);
            }
            Drums::Soft => {
                dry.add(at(t0), &ins::kick(0.6), 0.7, 0.0);
                dry.add(at(t0 + 2.5 * beat), &ins::kick(0.4), 0.7, 0.0);
                dry.add(at(t0 + 2.0 * beat), &ins::tick(0.5, 1500.0), 0.6, -0.2);
                for e in 0..8 {
                    let v = if e % 2 == 1 { 0.7 } else { 0.4 };
                    let h = ins::hat(v, 0.09, song.seed + (bar * 8 + e) as u64);
                    dry.add(at(t0 + e as f32 * beat / 2.0), &h, 0.5, 0.35);
                }
            }
            Drums::Drive => {
                for q in 0..4 {
                    dry.add(at(t0 + q as f32 * beat), &ins::kick(1.0), 0.8, 0.0);
                    if q % 2 == 1 {
                        let s = ins::snare(0.9, song.seed + (bar * 4 + q) as u64);
                        dry.add(at(t0 + q as f32 * beat), &s, 0.7, 0.0);
                    }
                }
                for s in 0..16 {
                    let v = if s % 2 == 1 { 0.8 } else { 0.45 };
                    let h = ins::hat(v, 0.05, song.seed * 7 + (bar * 16 + s) as u64);
                    dry.add(at(t0 + s as f32 * beat / 4.0), &h, 0.5, 0.25);
                }
            }
        }
    }

    if let Some((voice, _)) = song.melody {
        for (t, hold, n, v) in melody(song, &mut rng) {
            let (note, gain) = match voice {
                Voice::Lead => (ins::lead(n as f32, hold, v, 0.5), 0.6),
                Voice::Bell => (ins::bell(n as f32 + 12.0, v, 3.0), 0.7),
                Voice::Keys => (ins::epiano(n as f32, hold, v), 0.8),
                Voice::Pluck => (ins::pluck(n as f32, hold, v, Wave::Square, 0.6), 0.7),
            };
            dry.add(at(t), &note, gain, 0.1);
        }
    }

    dry.fold(len);
    let echo = song.echo.map(|(beats, feedback)| Echo {
        samples: samples(beats * beat).max(1),
        send: 0.35,
        feedback,
        level: 1.0,
    });
    let mut wet = effects_looped(&dry, Some(song.reverb), echo);
    high_pass_looped(&mut wet.l, 30.0);
    high_pass_looped(&mut wet.r, 30.0);
    // Normalise to a level, then round off the rare peaks.
    wet.normalise(1.0);
    for s in wet.l.iter_mut().chain(wet.r.iter_mut()) {
        *s = soft_clip(*s * 1.2) / soft_clip(1.2) * peak;
    }
    wet
}
