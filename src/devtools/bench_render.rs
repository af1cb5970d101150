//! `gameday --bench-render`: frames per second, frame-time percentiles and CPU time per
//! frame of the game window over a staged estate ([`super::staging`]), with a fixed number
//! of request particles kept alive; vsync off.

use super::staging::Staging;
use crate::sim::model::Instance;
use crate::view::particles::Particles;
use bevy::prelude::*;
use bevy::window::{PresentMode, PrimaryWindow};

/// Frame-time statistics: (fps, p50 ms, p99 ms).
pub fn frame_stats(frames: &[f32]) -> Option<(f64, f64, f64)> {
    if frames.is_empty() {
        return None;
    }
    let mut v: Vec<f32> = frames.to_vec();
    v.sort_by(f32::total_cmp);
    let pct = |p: f64| v[((v.len() - 1) as f64 * p).round() as usize] as f64 * 1000.0;
    let total: f64 = v.iter().map(|&x| x as f64).sum();
    Some((v.len() as f64 / total, pct(0.5), pct(0.99)))
}

/// CPU seconds this process (every thread, the software renderer's included) has used, where
/// the system tells it (Linux `/proc/self/stat`). Frame times swing with the other work on a
/// shared machine; CPU time per frame does not.
pub(super) fn process_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // the fields after the parenthesised command name; utime and stime are 14th and 15th
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

pub(super) fn report(world: &mut World, staging: &Staging, frames: &[f32], cpu: Option<f64>) {
    let instances = world.query::<&Instance>().iter(world).count();
    let particles = world.resource::<Particles>().alive;
    let size = world
        .query_filtered::<&Window, With<PrimaryWindow>>()
        .iter(world)
        .next()
        .map(|w| (w.physical_width(), w.physical_height()))
        .unwrap_or_default();
    match frame_stats(frames) {
        Some((fps, p50, p99)) => println!(
            "bench-render: {} frames in {:.1} s at {}x{}, {instances} instances, {particles} particles alive ({}): {fps:.1} fps, frame time p50 {p50:.1} ms, p99 {p99:.1} ms{}",
            frames.len(),
            frames.iter().sum::<f32>(),
            size.0,
            size.1,
            match staging.bench_particles {
                Some(n) => format!("{n} asked"),
                None => "sampled from the flow".to_string(),
            },
            match cpu {
                Some(c) => format!(
                    ", CPU {:.1} ms per frame (all threads)",
                    1000.0 * c / frames.len() as f64
                ),
                None => String::new(),
            },
        ),
        None => println!("bench-render: no frames measured"),
    }
}

fn no_vsync(mut windows: Query<&mut Window, With<PrimaryWindow>>) {
    for mut w in &mut windows {
        w.present_mode = PresentMode::AutoNoVsync;
    }
}

/// The benchmark's part of a staged App: the particles it keeps alive, no vsync.
pub(super) fn install(app: &mut App, staging: &Staging) {
    if let Some(n) = staging.bench_particles {
        let mut p = Particles::with_capacity(n.max(1));
        p.fill = Some(n);
        app.insert_resource(p);
    }
    if staging.bench_seconds.is_some() {
        app.add_systems(Startup, no_vsync);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_stats_are_percentiles() {
        let frames: Vec<f32> = (1..=100).map(|i| i as f32 / 1000.0).collect();
        let (fps, p50, p99) = frame_stats(&frames).unwrap();
        assert!((p50 - 51.0).abs() < 1.01, "{p50}");
        assert!((p99 - 99.0).abs() < 1.01, "{p99}");
        assert!((fps - 100.0 / 5.05).abs() < 0.01, "{fps}");
        assert!(frame_stats(&[]).is_none());
    }
}
