//! Sound: short effects for clicks, boots, alarms, failures, coins, fixes and medals, and a
//! soft ambient loop, all synthesised here at start-up (sine partials, noise and envelopes
//! written into 16-bit WAV bytes: no sound files, nothing borrowed). What happens in the
//! round becomes cues in `Cues` whether or not the game was built with sound; with the
//! `audio` cargo feature the cues play at the settings' volume (the ambient loop only when
//! the settings turn it on).

use crate::screens::Screen;
use crate::sim::alarms::{AlarmState, MetricAlarm};
use crate::sim::flow::TickFlow;
use crate::sim::model::{Instance, InstanceState};
use crate::sim::score::Score;
use crate::view::banners::Banners;
use bevy::prelude::*;
use std::collections::HashSet;

/// Samples per second of every generated sound.
pub const RATE: u32 = 22_050;

/// A sound effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cue {
    Click,
    Boot,
    Alarm,
    Failure,
    Coin,
    Fixed,
    Medal,
}

pub const CUES: [Cue; 7] = [
    Cue::Click,
    Cue::Boot,
    Cue::Alarm,
    Cue::Failure,
    Cue::Coin,
    Cue::Fixed,
    Cue::Medal,
];

/// The effects due this frame (drained by the player when built with `audio`).
#[derive(Resource, Default, Debug)]
pub struct Cues {
    pub due: Vec<Cue>,
    /// Real seconds since each kind last sounded (rate limits).
    quiet_for: std::collections::BTreeMap<Cue, f32>,
}

impl Cues {
    /// Queues `cue` unless one like it sounded less than its gap ago.
    pub fn play(&mut self, cue: Cue) {
        let gap = match cue {
            Cue::Click => 0.06,
            Cue::Boot => 0.4,
            Cue::Coin => 1.5,
            Cue::Failure => 3.0,
            Cue::Alarm => 2.0,
            Cue::Fixed | Cue::Medal => 1.0,
        };
        if self.quiet_for.get(&cue).is_some_and(|t| *t < gap) || self.due.contains(&cue) {
            return;
        }
        self.quiet_for.insert(cue, 0.0);
        self.due.push(cue);
    }

    fn tick(&mut self, dt: f32) {
        self.quiet_for.values_mut().for_each(|t| *t += dt);
    }
}

/// A note: frequency (Hz), start and length (s), loudness.
struct Note(f32, f32, f32, f32);

/// Sums decaying sine notes (with a soft octave partial) into `len` seconds of samples.
fn notes(len: f32, ns: &[Note]) -> Vec<f32> {
    let n = (len * RATE as f32) as usize;
    let mut out = vec![0.0f32; n];
    for Note(f, start, dur, amp) in ns {
        let s0 = (start * RATE as f32) as usize;
        let count = ((dur * RATE as f32) as usize).min(n.saturating_sub(s0));
        for i in 0..count {
            let t = i as f32 / RATE as f32;
            let attack = (t / 0.005).min(1.0);
            let decay = libm::expf(-t * 5.0 / dur);
            let ph = std::f32::consts::TAU * f * t;
            out[s0 + i] += amp * attack * decay * (libm::sinf(ph) + 0.25 * libm::sinf(2.0 * ph));
        }
    }
    out
}

/// Deterministic white noise in -1..1 (xorshift), for clicks and failures.
fn noise(n: usize, seed: u32) -> Vec<f32> {
    let mut x = seed.max(1);
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as f32 / u32::MAX as f32 * 2.0 - 1.0
        })
        .collect()
}

/// The samples of a cue, -1..1.
pub fn synth(cue: Cue) -> Vec<f32> {
    match cue {
        // a short tick: filtered noise, 30 ms
        Cue::Click => {
            let n = (0.03 * RATE as f32) as usize;
            let mut prev = 0.0;
            noise(n, 7)
                .into_iter()
                .enumerate()
                .map(|(i, x)| {
                    prev = 0.6 * prev + 0.4 * x;
                    prev * 0.5 * libm::expf(-(i as f32) / (n as f32 / 5.0))
                })
                .collect()
        }
        // spinning up: a rising pair
        Cue::Boot => notes(
            0.35,
            &[Note(392.0, 0.0, 0.18, 0.3), Note(587.3, 0.12, 0.22, 0.3)],
        ),
        // two-tone alert, twice
        Cue::Alarm => notes(
            0.9,
            &[
                Note(880.0, 0.0, 0.2, 0.35),
                Note(659.3, 0.22, 0.2, 0.35),
                Note(880.0, 0.45, 0.2, 0.35),
                Note(659.3, 0.67, 0.2, 0.35),
            ],
        ),
        // a low thud with a noisy crack
        Cue::Failure => {
            let mut v = notes(
                0.4,
                &[Note(110.0, 0.0, 0.35, 0.5), Note(82.4, 0.0, 0.35, 0.3)],
            );
            for (i, x) in noise(v.len(), 11).into_iter().enumerate() {
                v[i] += 0.25 * x * libm::expf(-(i as f32) / 900.0);
            }
            v
        }
        // a bright coin: B5 then E6
        Cue::Coin => notes(
            0.35,
            &[Note(987.8, 0.0, 0.08, 0.22), Note(1318.5, 0.07, 0.28, 0.22)],
        ),
        // fixed: a major arpeggio
        Cue::Fixed => notes(
            0.8,
            &[
                Note(523.3, 0.0, 0.3, 0.28),
                Note(659.3, 0.1, 0.3, 0.28),
                Note(784.0, 0.2, 0.5, 0.28),
            ],
        ),
        // a medal: a fanfare ending on a held chord
        Cue::Medal => notes(
            1.6,
            &[
                Note(523.3, 0.0, 0.18, 0.25),
                Note(523.3, 0.2, 0.18, 0.25),
                Note(784.0, 0.4, 0.3, 0.25),
                Note(659.3, 0.75, 0.8, 0.2),
                Note(784.0, 0.75, 0.8, 0.2),
                Note(1046.5, 0.75, 0.8, 0.2),
            ],
        ),
    }
}

/// A soft ambient pad that loops without a click: partials whose periods divide the loop.
pub fn ambient() -> Vec<f32> {
    let seconds = 4.0f32;
    let n = (seconds * RATE as f32) as usize;
    // whole cycles per loop, so the end meets the start
    let partials = [(220.0, 0.05), (330.0, 0.035), (440.0, 0.02), (110.0, 0.05)];
    (0..n)
        .map(|i| {
            let t = i as f32 / RATE as f32;
            let swell = 0.75 + 0.25 * libm::sinf(std::f32::consts::TAU * t / seconds);
            partials
                .iter()
                .map(|(f, a)| a * libm::sinf(std::f32::consts::TAU * f * t))
                .sum::<f32>()
                * swell
        })
        .collect()
}

/// Mono 16-bit PCM WAV bytes of `samples` (clamped to -1..1).
pub fn wav(samples: &[f32]) -> Vec<u8> {
    let data = (samples.len() * 2) as u32;
    let mut b = Vec::with_capacity(44 + data as usize);
    b.extend_from_slice(b"RIFF");
    b.extend_from_slice(&(36 + data).to_le_bytes());
    b.extend_from_slice(b"WAVEfmt ");
    b.extend_from_slice(&16u32.to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes()); // PCM
    b.extend_from_slice(&1u16.to_le_bytes()); // mono
    b.extend_from_slice(&RATE.to_le_bytes());
    b.extend_from_slice(&(RATE * 2).to_le_bytes());
    b.extend_from_slice(&2u16.to_le_bytes());
    b.extend_from_slice(&16u16.to_le_bytes());
    b.extend_from_slice(b"data");
    b.extend_from_slice(&data.to_le_bytes());
    for s in samples {
        let v = (s.clamp(-1.0, 1.0) * i16::MAX as f32) as i16;
        b.extend_from_slice(&v.to_le_bytes());
    }
    b
}

/// What the listener remembers between frames.
#[derive(Resource, Default)]
struct Heard {
    booting: HashSet<Entity>,
    alarms: usize,
    banners: u64,
    points: f64,
    coin_wait: f32,
}

/// Turns what happened this frame into cues.
#[allow(clippy::too_many_arguments, clippy::type_complexity)] // Bevy system parameters
fn listen(
    time: Res<Time<Real>>,
    mut cues: ResMut<Cues>,
    mut heard: ResMut<Heard>,
    mouse: Option<Res<ButtonInput<MouseButton>>>,
    touches: Option<Res<Touches>>,
    screen: Option<Res<State<Screen>>>,
    world: (
        Option<Res<Banners>>,
        Option<Res<TickFlow>>,
        Option<Res<Score>>,
    ),
    instances: Query<(Entity, &Instance)>,
    alarms: Query<&MetricAlarm>,
) {
    let (banners, flow, score) = world;
    let dt = time.delta_secs();
    cues.tick(dt);
    if mouse.is_some_and(|m| m.just_pressed(MouseButton::Left))
        || touches.is_some_and(|t| t.any_just_pressed())
    {
        cues.play(Cue::Click);
    }
    if !screen.is_some_and(|s| *s.get() == Screen::Playing) {
        heard.booting.clear();
        return;
    }
    let booting: HashSet<Entity> = instances
        .iter()
        .filter(|(_, i)| matches!(i.state, InstanceState::Pending | InstanceState::Booting))
        .map(|(e, _)| e)
        .collect();
    if booting.iter().any(|e| !heard.booting.contains(e)) {
        cues.play(Cue::Boot);
    }
    heard.booting = booting;
    let firing = alarms
        .iter()
        .filter(|a| a.state == AlarmState::Alarm)
        .count();
    if firing > heard.alarms {
        cues.play(Cue::Alarm);
    }
    heard.alarms = firing;
    if let Some(b) = banners {
        if b.shown > heard.banners {
            cues.play(if b.last_good { Cue::Fixed } else { Cue::Alarm });
        }
        heard.banners = b.shown;
    }
    if let Some(f) = flow
        && f.arrived > 0
        && f.failed as f64 / f.arrived as f64 >= 0.1
    {
        cues.play(Cue::Failure);
    }
    if let Some(s) = score {
        heard.coin_wait += dt;
        if heard.coin_wait >= 1.5 {
            heard.coin_wait = 0.0;
            if s.request_points > heard.points + 1.0 {
                cues.play(Cue::Coin);
            }
            heard.points = s.request_points;
        }
    }
}

fn medal(mut cues: ResMut<Cues>) {
    cues.play(Cue::Medal);
}

#[cfg(feature = "audio")]
mod player {
    //! Plays the cues through Bevy's audio (the `audio` feature).
    use super::*;
    use crate::platform::persist::Settings;
    use bevy::audio::{AudioPlayer, AudioSource, PlaybackSettings, Volume};
    use std::collections::BTreeMap;

    #[derive(Resource)]
    pub struct Sounds {
        effects: BTreeMap<Cue, Handle<AudioSource>>,
        ambient: Handle<AudioSource>,
    }

    /// The ambient loop playing.
    #[derive(Component)]
    pub struct Ambient;

    fn source(samples: &[f32]) -> AudioSource {
        AudioSource {
            bytes: wav(samples).into(),
        }
    }

    pub fn make(mut commands: Commands, mut sources: ResMut<Assets<AudioSource>>) {
        let effects = CUES
            .iter()
            .map(|c| (*c, sources.add(source(&synth(*c)))))
            .collect();
        let ambient = sources.add(source(&ambient()));
        commands.insert_resource(Sounds { effects, ambient });
    }

    pub fn play(
        mut commands: Commands,
        mut cues: ResMut<Cues>,
        sounds: Option<Res<Sounds>>,
        settings: Option<Res<Settings>>,
        playing: Query<Entity, With<Ambient>>,
    ) {
        let volume = settings.as_ref().map(|s| s.volume).unwrap_or(0.8);
        let ambient_on = settings.as_ref().is_some_and(|s| s.ambient) && volume > 0.0;
        let Some(sounds) = sounds else { return };
        for cue in cues.due.drain(..) {
            if volume <= 0.0 {
                continue;
            }
            if let Some(h) = sounds.effects.get(&cue) {
                commands.spawn((
                    Name::new(format!("Sound {cue:?}")),
                    AudioPlayer(h.clone()),
                    PlaybackSettings::DESPAWN.with_volume(Volume::Linear(volume)),
                ));
            }
        }
        match (ambient_on, playing.iter().next()) {
            (true, None) => {
                commands.spawn((
                    Name::new("Ambient loop"),
                    Ambient,
                    AudioPlayer(sounds.ambient.clone()),
                    PlaybackSettings::LOOP.with_volume(Volume::Linear(volume * 0.5)),
                ));
            }
            (false, Some(e)) => commands.entity(e).despawn(),
            _ => {}
        }
    }
}

pub fn plugin(app: &mut App) {
    app.init_resource::<Cues>()
        .init_resource::<Heard>()
        .add_systems(Update, listen)
        .add_systems(OnEnter(Screen::Results), medal);
    #[cfg(feature = "audio")]
    app.add_systems(Startup, player::make)
        .add_systems(Update, player::play.after(listen));
    #[cfg(not(feature = "audio"))]
    app.add_systems(Update, (|mut c: ResMut<Cues>| c.due.clear()).after(listen));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_effect_is_a_short_audible_wav_that_does_not_clip() {
        for cue in CUES {
            let s = synth(cue);
            let secs = s.len() as f32 / RATE as f32;
            assert!((0.02..=2.0).contains(&secs), "{cue:?}: {secs} s");
            let peak = s.iter().fold(0.0f32, |m, x| m.max(x.abs()));
            assert!(peak > 0.05 && peak <= 1.0, "{cue:?}: peak {peak}");
            let bytes = wav(&s);
            assert_eq!(&bytes[0..4], b"RIFF");
            assert_eq!(&bytes[8..16], b"WAVEfmt ");
            assert_eq!(bytes.len(), 44 + 2 * s.len());
            assert_eq!(
                u32::from_le_bytes(bytes[4..8].try_into().unwrap()) as usize,
                bytes.len() - 8
            );
        }
    }

    #[test]
    fn the_ambient_loop_ends_where_it_starts() {
        let a = ambient();
        let jump = (a[a.len() - 1] - a[0]).abs();
        let step = (a[1] - a[0]).abs();
        assert!(
            jump <= 3.0 * step + 1e-3,
            "a click at the loop point: {jump} vs {step}"
        );
    }

    #[test]
    fn a_cue_does_not_stutter_within_its_gap() {
        let mut c = Cues::default();
        c.play(Cue::Coin);
        c.due.clear();
        c.tick(0.5);
        c.play(Cue::Coin);
        assert!(
            c.due.is_empty(),
            "a coin half a second after a coin stays quiet"
        );
        c.tick(1.1);
        c.play(Cue::Coin);
        assert_eq!(c.due, vec![Cue::Coin]);
        c.play(Cue::Alarm);
        assert_eq!(c.due, vec![Cue::Coin, Cue::Alarm]);
    }
}
