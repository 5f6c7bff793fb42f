//! The synthesiser: oscillators, envelopes, filters and effects, all plain
//! functions of their inputs so that rendering is the same on every
//! machine, every time.

use std::f32::consts::TAU;

/// Samples a second of everything the generator writes: enough for a
/// game's music and effects, and small files.
pub const RATE: u32 = 32_000;
pub const RATE_F: f32 = RATE as f32;

/// A stereo buffer.
#[derive(Clone, Debug, PartialEq)]
pub struct Stereo {
    pub l: Vec<f32>,
    pub r: Vec<f32>,
}

impl Stereo {
    pub fn silence(len: usize) -> Self {
        Stereo {
            l: vec![0.0; len],
            r: vec![0.0; len],
        }
    }

    pub fn len(&self) -> usize {
        self.l.len()
    }

    /// Adds `mono` at `start` with a constant-power pan (-1 left .. 1 right).
    pub fn add(&mut self, start: usize, mono: &[f32], gain: f32, pan: f32) {
        let angle = (pan.clamp(-1.0, 1.0) + 1.0) * std::f32::consts::FRAC_PI_4;
        let (gl, gr) = (angle.cos() * gain, angle.sin() * gain);
        for (i, s) in mono.iter().enumerate() {
            let Some(j) = start.checked_add(i) else { break };
            if j >= self.len() {
                break;
            }
            self.l[j] += s * gl;
            self.r[j] += s * gr;
        }
    }

    /// Folds everything after `len` back onto the start, so that the
    /// tails of the last notes ring into the first when the loop repeats.
    pub fn fold(&mut self, len: usize) {
        for ch in [&mut self.l, &mut self.r] {
            for i in len..ch.len() {
                ch[i % len] += ch[i];
            }
            ch.truncate(len);
        }
    }

    pub fn peak(&self) -> f32 {
        self.l
            .iter()
            .chain(&self.r)
            .fold(0.0f32, |m, s| m.max(s.abs()))
    }

    /// Scales to a peak of `target` (linear).
    pub fn normalise(&mut self, target: f32) {
        let peak = self.peak();
        if peak > 0.0 {
            let g = target / peak;
            self.l
                .iter_mut()
                .chain(self.r.iter_mut())
                .for_each(|s| *s *= g);
        }
    }
}

/// A small deterministic random number generator (PCG32), so that the
/// noise and the melodies never depend on a library's choices.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        let mut r = Rng(seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1));
        r.next_u32();
        r
    }

    pub fn next_u32(&mut self) -> u32 {
        let old = self.0;
        self.0 = old
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let xorshifted = (((old >> 18) ^ old) >> 27) as u32;
        let rot = (old >> 59) as u32;
        xorshifted.rotate_right(rot)
    }

    /// Uniform in 0..1.
    pub fn unit(&mut self) -> f32 {
        (self.next_u32() >> 8) as f32 / (1u32 << 24) as f32
    }

    /// Uniform in -1..1.
    pub fn bipolar(&mut self) -> f32 {
        self.unit() * 2.0 - 1.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u32() as usize) % n.max(1)
    }

    pub fn chance(&mut self, p: f32) -> bool {
        self.unit() < p
    }
}

pub fn samples(seconds: f32) -> usize {
    (seconds.max(0.0) * RATE_F).round() as usize
}

/// The frequency of a MIDI note.
pub fn hz(midi: f32) -> f32 {
    440.0 * 2f32.powf((midi - 69.0) / 12.0)
}

/// Attack, decay, sustain level and release, in seconds.
#[derive(Clone, Copy, Debug)]
pub struct Adsr {
    pub a: f32,
    pub d: f32,
    pub s: f32,
    pub r: f32,
}

impl Adsr {
    pub const fn new(a: f32, d: f32, s: f32, r: f32) -> Self {
        Adsr { a, d, s, r }
    }

    /// The level at `t` seconds of a note held for `hold` seconds.
    pub fn at(&self, t: f32, hold: f32) -> f32 {
        let held = |t: f32| {
            if t < self.a {
                t / self.a.max(1e-4)
            } else if t < self.a + self.d {
                1.0 - (1.0 - self.s) * (t - self.a) / self.d.max(1e-4)
            } else {
                self.s
            }
        };
        if t < hold {
            held(t)
        } else {
            let from = held(hold);
            let k = (t - hold) / self.r.max(1e-4);
            if k >= 1.0 {
                0.0
            } else {
                from * (1.0 - k) * (1.0 - k)
            }
        }
    }

    /// How long a note held for `hold` seconds sounds.
    pub fn length(&self, hold: f32) -> f32 {
        hold + self.r
    }
}

/// Band-limited oscillators (PolyBLEP), each stepped one sample at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wave {
    Sine,
    Triangle,
    Saw,
    Square,
}

fn blep(t: f32, dt: f32) -> f32 {
    if t < dt {
        let t = t / dt;
        t + t - t * t - 1.0
    } else if t > 1.0 - dt {
        let t = (t - 1.0) / dt;
        t * t + t + t + 1.0
    } else {
        0.0
    }
}

#[derive(Clone, Debug)]
pub struct Osc {
    pub wave: Wave,
    phase: f32,
    tri: f32,
}

impl Osc {
    pub fn new(wave: Wave, phase: f32) -> Self {
        let phase = phase.rem_euclid(1.0);
        // The triangle's integrator starts where the wave is, not at 0.
        let tri = if phase < 0.5 {
            -1.0 + 4.0 * phase
        } else {
            3.0 - 4.0 * phase
        };
        Osc { wave, phase, tri }
    }

    pub fn next(&mut self, freq: f32) -> f32 {
        let dt = (freq / RATE_F).clamp(0.0, 0.49);
        let t = self.phase;
        let out = match self.wave {
            Wave::Sine => (t * TAU).sin(),
            Wave::Saw => 2.0 * t - 1.0 - blep(t, dt),
            Wave::Square | Wave::Triangle => {
                let mut sq = if t < 0.5 { 1.0 } else { -1.0 };
                sq += blep(t, dt);
                sq -= blep((t + 0.5) % 1.0, dt);
                if self.wave == Wave::Square {
                    sq
                } else {
                    // A leaky integral of the square is a clean triangle.
                    self.tri = dt * 4.0 * sq + (1.0 - dt * 0.5) * self.tri;
                    self.tri
                }
            }
        };
        self.phase = (t + dt) % 1.0;
        out
    }
}

/// A state-variable filter (Simper's trapezoidal form), stable when its
/// cutoff moves every sample.
#[derive(Clone, Debug, Default)]
pub struct Svf {
    ic1: f32,
    ic2: f32,
}

pub struct SvfOut {
    pub low: f32,
    pub band: f32,
    pub high: f32,
}

impl Svf {
    /// One sample through the filter at `cutoff` Hz with resonance `q`
    /// (0.5 gentle .. 10 ringing).
    pub fn step(&mut self, x: f32, cutoff: f32, q: f32) -> SvfOut {
        let g = (std::f32::consts::PI * cutoff.clamp(10.0, RATE_F * 0.45) / RATE_F).tan();
        let k = 1.0 / q.max(0.1);
        let a1 = 1.0 / (1.0 + g * (g + k));
        let a2 = g * a1;
        let a3 = g * a2;
        let v3 = x - self.ic2;
        let v1 = a1 * self.ic1 + a2 * v3;
        let v2 = self.ic2 + a2 * self.ic1 + a3 * v3;
        self.ic1 = 2.0 * v1 - self.ic1;
        self.ic2 = 2.0 * v2 - self.ic2;
        SvfOut {
            low: v2,
            band: v1,
            high: x - k * v1 - v2,
        }
    }

    pub fn low(&mut self, x: f32, cutoff: f32, q: f32) -> f32 {
        self.step(x, cutoff, q).low
    }
}

/// A one-pole high-pass that keeps DC and rumble out of a loop: a first pass settles the filter on the end of
/// the loop, so that the start joins it without a step.
pub fn high_pass_looped(buf: &mut [f32], cutoff: f32) {
    let a = (-TAU * cutoff / RATE_F).exp();
    let (mut px, mut py) = (0.0f32, 0.0f32);
    for pass in 0..2 {
        for s in buf.iter_mut() {
            let y = a * (py + *s - px);
            px = *s;
            py = y;
            if pass == 1 {
                *s = y;
            }
        }
    }
}

/// A Schroeder–Moorer reverb (Freeverb's layout): eight damped combs and
/// four all-passes per side, the right side's delays a little longer.
pub struct Reverb {
    combs: Vec<(Vec<f32>, usize, f32)>,
    allpasses: Vec<(Vec<f32>, usize)>,
    feedback: f32,
    damp: f32,
}

impl Reverb {
    /// `size` 0..1 (room to hall), `damp` 0..1 (bright to dark).
    pub fn new(size: f32, damp: f32, spread: usize) -> Self {
        let scale = RATE_F / 44_100.0;
        let len = |n: usize| (((n + spread) as f32) * scale) as usize;
        Reverb {
            combs: [1116, 1188, 1277, 1356, 1422, 1491, 1557, 1617]
                .iter()
                .map(|&n| (vec![0.0; len(n)], 0, 0.0))
                .collect(),
            allpasses: [556, 441, 341, 225]
                .iter()
                .map(|&n| (vec![0.0; len(n)], 0))
                .collect(),
            feedback: 0.7 + 0.28 * size.clamp(0.0, 1.0),
            damp: damp.clamp(0.0, 1.0) * 0.4,
        }
    }

    pub fn step(&mut self, x: f32) -> f32 {
        let mut out = 0.0;
        for (buf, i, store) in &mut self.combs {
            let y = buf[*i];
            *store = y * (1.0 - self.damp) + *store * self.damp;
            buf[*i] = x + *store * self.feedback;
            *i = (*i + 1) % buf.len();
            out += y;
        }
        for (buf, i) in &mut self.allpasses {
            let b = buf[*i];
            buf[*i] = out + b * 0.5;
            out = b - out;
            *i = (*i + 1) % buf.len();
        }
        out * 0.12
    }
}

/// Effects for a whole loop: `signal` is periodic, so it runs through
/// twice and the second pass is kept: the reverb and echoes of the end
/// are already sounding at the start, and the loop point is seamless.
pub fn effects_looped(
    signal: &Stereo,
    reverb: Option<(f32, f32, f32)>,
    delay: Option<Echo>,
) -> Stereo {
    let n = signal.len();
    let mut out = Stereo::silence(n);
    let mut left = reverb.map(|(size, damp, _)| Reverb::new(size, damp, 0));
    let mut right = reverb.map(|(size, damp, _)| Reverb::new(size, damp, 23));
    let wet = reverb.map_or(0.0, |(_, _, wet)| wet);
    let mut echo = delay.map(|e| (e, vec![0.0f32; e.samples], vec![0.0f32; e.samples], 0usize));
    for pass in 0..2 {
        for i in 0..n {
            let (mut l, mut r) = (signal.l[i], signal.r[i]);
            if let Some((e, bl, br, at)) = &mut echo {
                // Ping-pong: each side's echo comes back on the other.
                let (dl, dr) = (bl[*at], br[*at]);
                bl[*at] = r * e.send + dr * e.feedback;
                br[*at] = l * e.send + dl * e.feedback;
                *at = (*at + 1) % e.samples;
                l += dl * e.level;
                r += dr * e.level;
            }
            if let (Some(rl), Some(rr)) = (&mut left, &mut right) {
                let mono = (l + r) * 0.5;
                let (wl, wr) = (rl.step(mono), rr.step(mono));
                l += wl * wet;
                r += wr * wet;
            }
            if pass == 1 {
                out.l[i] = l;
                out.r[i] = r;
            }
        }
    }
    out
}

/// A ping-pong echo.
#[derive(Clone, Copy, Debug)]
pub struct Echo {
    pub samples: usize,
    pub send: f32,
    pub feedback: f32,
    pub level: f32,
}

/// Soft saturation that keeps peaks round.
pub fn soft_clip(x: f32) -> f32 {
    x.tanh()
}

/// Fades the first and last `seconds` of a one-shot so it starts and ends
/// at silence without a click.
pub fn fade_edges(buf: &mut [f32], seconds: f32) {
    let n = samples(seconds).min(buf.len() / 2);
    let len = buf.len();
    for i in 0..n {
        let g = i as f32 / n as f32;
        buf[i] *= g;
        buf[len - 1 - i] *= g;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oscillators_stay_in_range() {
        for wave in [Wave::Sine, Wave::Triangle, Wave::Saw, Wave::Square] {
            let mut o = Osc::new(wave, 0.0);
            let peak = (0..RATE)
                .map(|_| o.next(440.0).abs())
                .fold(0.0f32, f32::max);
            assert!(peak > 0.5 && peak < 1.3, "{wave:?} peaks at {peak}");
        }
    }

    #[test]
    fn envelope_starts_and_ends_silent() {
        let e = Adsr::new(0.01, 0.1, 0.5, 0.3);
        assert_eq!(e.at(0.0, 1.0), 0.0);
        assert!((e.at(0.5, 1.0) - 0.5).abs() < 1e-6);
        assert!(e.at(1.3, 1.0).abs() < 1e-6);
    }
}
