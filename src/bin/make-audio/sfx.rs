//! The sound effects and ambiences, each a mono buffer. Loops (the
//! nanobot hum, the alarm, breathing) are periodic by construction:
//! whole cycles of every tone, and noise that is filtered round the loop.

use std::f32::consts::TAU;

use crate::instruments as ins;
use crate::synth::{Adsr, Osc, RATE_F, Rng, Svf, Wave, fade_edges, hz, samples};

/// A sound effect: its file name, samples, and whether the game loops it
/// (then its end must run into its start).
pub struct Effect {
    pub name: &'static str,
    pub samples: Vec<f32>,
    pub looped: bool,
}

impl Effect {
    /// Whether the sound clicks where it starts or ends: a one-shot must
    /// start and end at silence, and a loop's step from its end back to
    /// its start must be no larger than its steps inside.
    pub fn clicks(&self) -> bool {
        let s = &self.samples;
        let (Some(&first), Some(&last)) = (s.first(), s.last()) else {
            return false;
        };
        if self.looped {
            let inner = s
                .windows(2)
                .map(|w| (w[1] - w[0]).abs())
                .fold(0.0, f32::max);
            (first - last).abs() > inner
        } else {
            first.abs() > 0.01 || last.abs() > 0.01
        }
    }
}

/// Every effect, by file name.
pub fn effects() -> Vec<Effect> {
    let one = |name, samples| Effect {
        name,
        samples,
        looped: false,
    };
    let looped = |name, samples| Effect {
        name,
        samples,
        looped: true,
    };
    vec![
        one("step_a", footstep(11, 1.0)),
        one("step_b", footstep(12, 0.92)),
        one("door", door()),
        one("blip", blip()),
        one("ui_move", ui_move()),
        one("ui_activate", ui_activate()),
        looped("nanobot_hum", nanobot_hum()),
        one("surge_rise", surge_rise()),
        one("surge_strike", surge_strike()),
        looped("alarm", alarm()),
        one("pulse", pulse()),
        one("reassure", reassure()),
        looped("breathe", breathe()),
        one("clock_tick", clock_tick()),
        one("drill_buzz", drill_buzz()),
    ]
}

fn t_of(i: usize) -> f32 {
    i as f32 / RATE_F
}

/// Normalises to `peak` and fades the edges of a one-shot.
fn finish(mut s: Vec<f32>, peak: f32) -> Vec<f32> {
    fade_edges(&mut s, 0.002);
    let max = s.iter().fold(0.0f32, |m, x| m.max(x.abs()));
    if max > 0.0 {
        s.iter_mut().for_each(|x| *x *= peak / max);
    }
    s
}

/// A soft shoe on the clinic's floor: a short, dark scuff over a thump.
fn footstep(seed: u64, tone: f32) -> Vec<f32> {
    let mut rng = Rng::new(seed);
    let mut lp = Svf::default();
    let mut thump = Osc::new(Wave::Sine, 0.0);
    let s = (0..samples(0.14))
        .map(|i| {
            let t = t_of(i);
            let scuff = lp.low(rng.bipolar(), 1400.0 * tone, 0.8) * (-t * 45.0).exp();
            let body = thump.next(95.0 * tone) * (-t * 35.0).exp() * 0.8;
            (scuff + body) * (t / 0.002).min(1.0)
        })
        .collect();
    finish(s, 0.7)
}

/// A sliding glass door: a pneumatic hiss that sweeps up and back, and a
/// soft two-note chime.
fn door() -> Vec<f32> {
    let n = samples(0.9);
    let mut rng = Rng::new(21);
    let mut bp = Svf::default();
    let mut s: Vec<f32> = (0..n)
        .map(|i| {
            let t = t_of(i);
            let sweep = 500.0 + 2400.0 * (t * std::f32::consts::PI / 0.9).sin();
            let env = (t / 0.08).min(1.0) * (1.0 - t / 0.9).max(0.0).powf(1.5);
            bp.step(rng.bipolar(), sweep, 1.5).band * env
        })
        .collect();
    for (at, note) in [(0.0, 84.0), (0.09, 88.0)] {
        let bell = ins::bell(note, 0.35, 0.6);
        let start = samples(at);
        for (j, b) in bell.iter().enumerate() {
            if let Some(x) = s.get_mut(start + j) {
                *x += b;
            }
        }
    }
    finish(s, 0.6)
}

/// One letter of dialogue: a short rounded square blip (the game plays it
/// at each speaker's pitch).
fn blip() -> Vec<f32> {
    let env = Adsr::new(0.003, 0.03, 0.3, 0.02);
    let mut o = Osc::new(Wave::Square, 0.0);
    let mut lp = Svf::default();
    let s = (0..samples(env.length(0.035)))
        .map(|i| {
            let t = t_of(i);
            lp.low(o.next(520.0), 1800.0, 0.7) * env.at(t, 0.035)
        })
        .collect();
    finish(s, 0.5)
}

/// The menu focus moving: a small glassy tick.
fn ui_move() -> Vec<f32> {
    let mut o = Osc::new(Wave::Sine, 0.0);
    let s = (0..samples(0.07))
        .map(|i| {
            let t = t_of(i);
            o.next(hz(91.0)) * (-t * 60.0).exp() * (t / 0.001).min(1.0)
        })
        .collect();
    finish(s, 0.45)
}

/// A button pressed: two rising notes.
fn ui_activate() -> Vec<f32> {
    let mut s = vec![0.0; samples(0.45)];
    for (at, note) in [(0.0, 83.0), (0.07, 90.0)] {
        let bell = ins::bell(note, 0.6, 0.35);
        let start = samples(at);
        for (j, b) in bell.iter().enumerate() {
            if let Some(x) = s.get_mut(start + j) {
                *x += b;
            }
        }
    }
    finish(s, 0.55)
}

/// Noise that repeats every `n` samples, band-passed round the loop so
/// that its end runs into its start.
fn periodic_noise(n: usize, seed: u64, centre: f32, q: f32) -> Vec<f32> {
    let mut rng = Rng::new(seed);
    let raw: Vec<f32> = (0..n).map(|_| rng.bipolar()).collect();
    let mut f = Svf::default();
    let mut out = vec![0.0; n];
    for pass in 0..2 {
        for i in 0..n {
            let y = f.step(raw[i], centre, q).band;
            if pass == 1 {
                out[i] = y;
            }
        }
    }
    out
}

/// Hundreds of nanobots at work: a soft chord of hums beating slowly, and
/// a glittering shimmer. Six seconds; every tone and swell makes whole
/// cycles in it.
fn nanobot_hum() -> Vec<f32> {
    const LOOP: f32 = 6.0;
    let n = samples(LOOP);
    let shimmer = periodic_noise(n, 31, 3800.0, 2.0);
    // Frequencies in whole cycles a loop (multiples of 1/6 Hz).
    let tones = [
        (110.0, 0.5),
        (110.5, 0.4),
        (165.0, 0.25),
        (220.0 + 1.0 / 3.0, 0.2),
        (330.0, 0.1),
    ];
    let s: Vec<f32> = (0..n)
        .map(|i| {
            let t = t_of(i);
            let hum: f32 = tones.iter().map(|(f, a)| (t * f * TAU).sin() * a).sum();
            let glitter = 0.5 + 0.5 * (t * TAU * 2.0 / LOOP).sin();
            hum * (0.85 + 0.15 * (t * TAU * 3.0 / LOOP).sin()) + shimmer[i] * 0.6 * glitter
        })
        .collect();
    let max = s.iter().fold(0.0f32, |m, x| m.max(x.abs()));
    s.iter().map(|x| x * 0.5 / max).collect()
}

/// The surge building in the walls: a buzzing hum rising in pitch and
/// loudness over the hum and stutter (4.6 s), wavering as the lights do.
fn surge_rise() -> Vec<f32> {
    let len = 4.8;
    let mut saw = Osc::new(Wave::Saw, 0.0);
    let mut sine = Osc::new(Wave::Sine, 0.0);
    let mut lp = Svf::default();
    let s = (0..samples(len))
        .map(|i| {
            let t = t_of(i);
            let k = t / len;
            let f = 50.0 + 70.0 * k * k;
            let waver = 1.0 - 0.35 * k * (0.5 + 0.5 * (t * TAU * (3.0 + 6.0 * k)).sin());
            let buzz = lp.low(saw.next(f), 300.0 + 2500.0 * k * k, 2.0);
            let env =
                (t / 1.0).min(1.0) * (0.3 + 0.7 * k) * (1.0 - ((t - len + 0.15) / 0.15).max(0.0));
            (buzz * 0.7 + sine.next(f * 2.0) * 0.5) * env * waver
        })
        .collect();
    finish(s, 0.8)
}

/// The strike: a bang, an electric crackle, and the power winding down.
fn surge_strike() -> Vec<f32> {
    let len = 2.4;
    let mut rng = Rng::new(41);
    let mut lp = Svf::default();
    let mut crackle_f = Svf::default();
    let mut whine = Osc::new(Wave::Sine, 0.0);
    let mut zap = Osc::new(Wave::Saw, 0.0);
    let kick = ins::kick(1.0);
    let s = (0..samples(len))
        .map(|i| {
            let t = t_of(i);
            let noise = rng.bipolar();
            let bang = lp.low(noise, 900.0, 0.7) * (-t * 9.0).exp() * 1.5;
            let crackle = if rng.chance(0.02 * (-t * 2.0).exp()) {
                rng.bipolar()
            } else {
                0.0
            };
            let crackle = crackle_f.step(crackle, 3000.0, 3.0).band * 3.0;
            let down = 700.0 * (-t * 1.6).exp() + 40.0;
            let wind = whine.next(down) * 0.4 * (t / 0.05).min(1.0) * (1.0 - t / len).max(0.0);
            let z = zap.next(2000.0 * (-t * 12.0).exp() + 60.0) * (-t * 10.0).exp() * 0.4;
            let thump = kick.get(i).copied().unwrap_or(0.0);
            bang + crackle + wind + z + thump
        })
        .collect();
    finish(s, 0.9)
}

/// The emergency alarm: two tones, half a second each, whole cycles in
/// every half, so that the two-second loop never clicks.
fn alarm() -> Vec<f32> {
    let half = samples(0.5);
    let mut s = Vec::with_capacity(half * 4);
    for k in 0..4 {
        let f = if k % 2 == 0 { 880.0 } else { 660.0 };
        let mut lp = Svf::default();
        for i in 0..half {
            let t = t_of(i);
            let phase = (t * f) % 1.0;
            // A rounded square: odd harmonics, softened.
            let x = (phase * TAU).sin()
                + (phase * 3.0 * TAU).sin() / 3.0
                + (phase * 5.0 * TAU).sin() / 6.0;
            let edge = (t / 0.01).min(1.0) * ((0.5 - t) / 0.01).min(1.0);
            s.push(lp.low(x, 2400.0, 0.7) * edge);
        }
    }
    let max = s.iter().fold(0.0f32, |m, x| m.max(x.abs()));
    s.iter().map(|x| x * 0.5 / max).collect()
}

/// The recalibration pulse: a rising sweep that blooms into a bright,
/// ringing chord.
fn pulse() -> Vec<f32> {
    let len = 1.6;
    let mut o = Osc::new(Wave::Sine, 0.0);
    let mut s: Vec<f32> = (0..samples(len))
        .map(|i| {
            let t = t_of(i);
            let f = 180.0 + 1100.0 * (t / 0.3).min(1.0).powi(2);
            let env = (t / 0.02).min(1.0)
                * if t < 0.3 {
                    1.0
                } else {
                    (-(t - 0.3) * 8.0).exp()
                };
            o.next(f) * env * 0.6
        })
        .collect();
    for (k, note) in [86.0, 90.0, 93.0, 98.0].iter().enumerate() {
        let bell = ins::bell(*note, 0.5, 1.3);
        let start = samples(0.28 + 0.02 * k as f32);
        for (j, b) in bell.iter().enumerate() {
            if let Some(x) = s.get_mut(start + j) {
                *x += b;
            }
        }
    }
    finish(s, 0.75)
}

/// A reassuring word: a warm major chord swelling in and out, with a
/// soft bell on top.
fn reassure() -> Vec<f32> {
    let len = 1.8;
    let mut s = vec![0.0; samples(len)];
    for (k, note) in [65.0, 69.0, 72.0, 77.0].iter().enumerate() {
        let f = hz(*note);
        let phase = k as f32 * 0.25;
        for (i, x) in s.iter_mut().enumerate() {
            let t = t_of(i);
            let env = (t / 0.35).min(1.0) * (1.0 - t / len).max(0.0).powi(2);
            *x += ((t * f + phase) * TAU).sin() * env * 0.25;
        }
    }
    let bell = ins::bell(84.0, 0.4, 1.4);
    let start = samples(0.2);
    for (j, b) in bell.iter().enumerate() {
        if let Some(x) = s.get_mut(start + j) {
            *x += b;
        }
    }
    finish(s, 0.6)
}

/// Breathing together: an in-breath and a longer out-breath over a low,
/// calm tone. Silent at both ends, so it loops while the player holds on.
fn breathe() -> Vec<f32> {
    const LOOP: f32 = 4.0;
    let n = samples(LOOP);
    let mut rng = Rng::new(51);
    let mut bp = Svf::default();
    let s: Vec<f32> = (0..n)
        .map(|i| {
            let t = t_of(i);
            let (env, centre) = if t < 1.6 {
                (
                    (t * std::f32::consts::PI / 1.6).sin(),
                    900.0 + 500.0 * t / 1.6,
                )
            } else if t < 1.8 {
                (0.0, 900.0)
            } else {
                let k = (t - 1.8) / (LOOP - 1.8);
                ((k * std::f32::consts::PI).sin() * 0.8, 1300.0 - 700.0 * k)
            };
            let air = bp.step(rng.bipolar(), centre, 1.2).band * env;
            // Whole cycles of the tone in four seconds (a multiple of 1/4 Hz).
            let tone = (t * 110.0 * TAU).sin() * 0.15 * (t * std::f32::consts::PI / LOOP).sin();
            air + tone
        })
        .collect();
    let max = s.iter().fold(0.0f32, |m, x| m.max(x.abs()));
    s.iter().map(|x| x * 0.5 / max).collect()
}

/// A dream clock's tick: hollow and a little too loud.
fn clock_tick() -> Vec<f32> {
    let mut s = ins::tick(1.0, 2300.0);
    s.extend(std::iter::repeat_n(0.0, samples(0.02)));
    finish(s, 0.5)
}

/// A drill-bee taking off after Leo: a buzzing whine that rises and fades.
fn drill_buzz() -> Vec<f32> {
    const LENGTH: f32 = 0.6;
    let mut o = Osc::new(Wave::Saw, 0.0);
    let mut f = Svf::default();
    let s = (0..samples(LENGTH))
        .map(|i| {
            let t = t_of(i);
            let pitch = 170.0 + 230.0 * t / LENGTH + 14.0 * (t * 60.0 * TAU).sin();
            let env = (t / 0.02).min(1.0) * (1.0 - t / LENGTH).max(0.0);
            f.step(o.next(pitch), 1500.0, 3.0).band * env
        })
        .collect();
    finish(s, 0.45)
}
