//! The instruments: each renders one note (or hit) as mono samples.

use std::f32::consts::TAU;

use crate::synth::{Adsr, Osc, Rng, Svf, Wave, hz, samples};

/// A warm pad: two detuned saws per note through a slowly opening low-pass.
pub fn pad(midi: f32, hold: f32, bright: f32, seed: u64) -> Vec<f32> {
    let env = Adsr::new(0.9, 0.8, 0.8, 1.6);
    let n = samples(env.length(hold));
    let f = hz(midi);
    let mut rng = Rng::new(seed);
    let mut a = Osc::new(Wave::Saw, rng.unit());
    let mut b = Osc::new(Wave::Saw, rng.unit());
    let mut sub = Osc::new(Wave::Triangle, rng.unit());
    let mut lp = Svf::default();
    (0..n)
        .map(|i| {
            let t = i as f32 / crate::synth::RATE_F;
            let e = env.at(t, hold);
            let x = a.next(f * 1.004) + b.next(f * 0.996) + 0.5 * sub.next(f * 0.5);
            let cutoff = f * (1.5 + 4.0 * bright * e) + 200.0;
            lp.low(x, cutoff, 0.7) * e * 0.3
        })
        .collect()
}

/// An electric piano: two-operator FM with a bright, quickly fading attack.
pub fn epiano(midi: f32, hold: f32, velocity: f32) -> Vec<f32> {
    let env = Adsr::new(0.003, 1.6, 0.25, 0.5);
    let n = samples(env.length(hold));
    let f = hz(midi);
    let (mut pc, mut pm, mut pt) = (0.0f32, 0.0f32, 0.0f32);
    (0..n)
        .map(|i| {
            let t = i as f32 / crate::synth::RATE_F;
            let e = env.at(t, hold);
            let index = (1.4 * velocity) * (-t * 3.0).exp() + 0.25;
            pm = (pm + f / crate::synth::RATE_F) % 1.0;
            pt = (pt + 14.0 * f / crate::synth::RATE_F) % 1.0;
            let m = (pm * TAU).sin() * index;
            pc = (pc + f / crate::synth::RATE_F) % 1.0;
            let tine = (pt * TAU).sin() * 0.08 * (-t * 25.0).exp();
            ((pc * TAU + m).sin() + tine) * e * velocity * 0.35
        })
        .collect()
}

/// A bell or glass: inharmonic FM with a long ring.
pub fn bell(midi: f32, velocity: f32, ring: f32) -> Vec<f32> {
    let n = samples(ring);
    let f = hz(midi);
    let (mut pc, mut pm) = (0.0f32, 0.0f32);
    (0..n)
        .map(|i| {
            let t = i as f32 / crate::synth::RATE_F;
            let e = (-t * 4.0 / ring).exp() * (t / 0.002).min(1.0) * (1.0 - t / ring).max(0.0);
            pm = (pm + 3.5 * f / crate::synth::RATE_F) % 1.0;
            pc = (pc + f / crate::synth::RATE_F) % 1.0;
            let m = (pm * TAU).sin() * 2.2 * (-t * 2.5).exp();
            (pc * TAU + m).sin() * e * velocity * 0.3
        })
        .collect()
}

/// A plucked synth: the low-pass closes as the note decays.
pub fn pluck(midi: f32, hold: f32, velocity: f32, wave: Wave, bright: f32) -> Vec<f32> {
    let env = Adsr::new(0.002, 0.35, 0.0, 0.15);
    let n = samples(env.length(hold.min(0.5)));
    let f = hz(midi);
    let mut o = Osc::new(wave, 0.0);
    let mut lp = Svf::default();
    (0..n)
        .map(|i| {
            let t = i as f32 / crate::synth::RATE_F;
            let e = env.at(t, hold.min(0.5));
            let cutoff = f * (1.0 + 10.0 * bright * (-t * 9.0).exp()) + 150.0;
            lp.low(o.next(f), cutoff, 1.2) * e * velocity * 0.35
        })
        .collect()
}

/// A bass: a filtered saw (or square) over a sine an octave down.
pub fn bass(midi: f32, hold: f32, velocity: f32, wave: Wave, bright: f32) -> Vec<f32> {
    let env = Adsr::new(0.006, 0.25, 0.7, 0.12);
    let n = samples(env.length(hold));
    let f = hz(midi);
    let mut o = Osc::new(wave, 0.0);
    let mut sub = Osc::new(Wave::Sine, 0.0);
    let mut lp = Svf::default();
    (0..n)
        .map(|i| {
            let t = i as f32 / crate::synth::RATE_F;
            let e = env.at(t, hold);
            let cutoff = f * (1.5 + 6.0 * bright * (-t * 8.0).exp()) + 60.0;
            let x = lp.low(o.next(f), cutoff, 1.0) * 0.6 + sub.next(f) * 0.6;
            x * e * velocity * 0.5
        })
        .collect()
}

/// A soft lead: triangle and a little square, with vibrato that grows in.
pub fn lead(midi: f32, hold: f32, velocity: f32, bright: f32) -> Vec<f32> {
    let env = Adsr::new(0.04, 0.3, 0.75, 0.35);
    let n = samples(env.length(hold));
    let f = hz(midi);
    let mut tri = Osc::new(Wave::Triangle, 0.0);
    let mut sq = Osc::new(Wave::Square, 0.25);
    let mut lp = Svf::default();
    (0..n)
        .map(|i| {
            let t = i as f32 / crate::synth::RATE_F;
            let e = env.at(t, hold);
            let vib = 1.0 + 0.005 * ((t - 0.3).max(0.0) * 2.0).min(1.0) * (t * TAU * 5.2).sin();
            let x = tri.next(f * vib) + 0.25 * bright * sq.next(f * vib);
            lp.low(x, f * 4.0 + 800.0 * bright, 0.8) * e * velocity * 0.4
        })
        .collect()
}

/// A kick: a sine falling in pitch, with a click.
pub fn kick(velocity: f32) -> Vec<f32> {
    let n = samples(0.45);
    let mut phase = 0.0f32;
    (0..n)
        .map(|i| {
            let t = i as f32 / crate::synth::RATE_F;
            let f = 48.0 + 110.0 * (-t * 28.0).exp();
            phase = (phase + f / crate::synth::RATE_F) % 1.0;
            let body = (phase * TAU).sin() * (-t * 7.0).exp();
            let click = (-t * 400.0).exp() * 0.3;
            (body + click) * velocity * 0.8
        })
        .collect()
}

/// A snare or clap: a noise burst through a band-pass, over a short tone.
pub fn snare(velocity: f32, seed: u64) -> Vec<f32> {
    let n = samples(0.3);
    let mut rng = Rng::new(seed);
    let mut bp = Svf::default();
    let mut tone = Osc::new(Wave::Sine, 0.0);
    (0..n)
        .map(|i| {
            let t = i as f32 / crate::synth::RATE_F;
            let noise = bp.step(rng.bipolar(), 2200.0, 0.8).band * (-t * 16.0).exp();
            let body = tone.next(190.0) * (-t * 30.0).exp() * 0.5;
            (noise * 1.4 + body) * velocity * 0.5
        })
        .collect()
}

/// A hi-hat or shaker: high noise, `length` seconds.
pub fn hat(velocity: f32, length: f32, seed: u64) -> Vec<f32> {
    let n = samples(length);
    let mut rng = Rng::new(seed);
    let mut f = Svf::default();
    (0..n)
        .map(|i| {
            let t = i as f32 / crate::synth::RATE_F;
            let e = (t / 0.004).min(1.0) * (-t * 5.0 / length).exp();
            f.step(rng.bipolar(), 7500.0, 0.9).high * e * velocity * 0.3
        })
        .collect()
}

/// A clock's tick: a very short, hollow click.
pub fn tick(velocity: f32, pitch: f32) -> Vec<f32> {
    let n = samples(0.06);
    let mut f = Svf::default();
    let mut rng = Rng::new(7);
    (0..n)
        .map(|i| {
            let t = i as f32 / crate::synth::RATE_F;
            let x = rng.bipolar() * (-t * 250.0).exp();
            f.step(x, pitch, 12.0).band * velocity * 1.2
        })
        .collect()
}

/// A soft heartbeat: two low thumps.
pub fn heartbeat(velocity: f32) -> Vec<f32> {
    let n = samples(0.7);
    let mut out = vec![0.0; n];
    for (at, v) in [(0.0, 1.0), (0.22, 0.7)] {
        let start = samples(at);
        let mut phase = 0.0f32;
        for i in 0..samples(0.3) {
            let t = i as f32 / crate::synth::RATE_F;
            phase = (phase + (45.0 + 30.0 * (-t * 20.0).exp()) / crate::synth::RATE_F) % 1.0;
            if let Some(s) = out.get_mut(start + i) {
                *s += (phase * TAU).sin() * (-t * 14.0).exp() * (t / 0.005).min(1.0) * v * velocity;
            }
        }
    }
    out
}
