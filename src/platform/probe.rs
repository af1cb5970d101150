//! The play-through scripts' eyes (desktop only): with `GAMEDAY_PROBE=<file>` set, the game
//! writes, four times a second, the screen it is on, the simulated minute, the score, and the
//! rectangle of every named button and map node (`name x y width height`, logical pixels),
//! so a script can click what a player would see without guessing coordinates.

use crate::screens::Screen;
use crate::sim::clock::SimClock;
use crate::sim::score::Score;
use crate::ui_state::{ButtonRects, Probe};
use bevy::prelude::*;

/// Where the probe writes, and when it last did.
#[derive(Resource, Debug, Clone)]
struct ProbeFile {
    path: std::path::PathBuf,
    last: f64,
}

pub fn plugin(app: &mut App) {
    let Some(path) = std::env::var_os("GAMEDAY_PROBE").filter(|p| !p.is_empty()) else {
        return;
    };
    if cfg!(target_arch = "wasm32") {
        return;
    }
    app.insert_resource(Probe)
        .insert_resource(ProbeFile {
            path: path.into(),
            last: f64::NEG_INFINITY,
        })
        .add_systems(Last, write_probe);
}

/// The probe file's text.
pub fn probe_text(
    screen: Screen,
    minute: Option<f64>,
    score: Option<f64>,
    rects: &ButtonRects,
) -> String {
    let mut out = format!("screen {screen:?}\n");
    if let Some(m) = minute {
        out.push_str(&format!("minute {m:.2}\n"));
    }
    if let Some(s) = score {
        out.push_str(&format!("score {s:.1}\n"));
    }
    for (name, r) in &rects.0 {
        // names never hold spaces: a script splits on them
        out.push_str(&format!(
            "{} {:.0} {:.0} {:.0} {:.0}\n",
            name.replace(' ', "_"),
            r.min.x,
            r.min.y,
            r.width(),
            r.height()
        ));
    }
    out
}

fn write_probe(
    mut file: ResMut<ProbeFile>,
    time: Res<Time<Real>>,
    screen: Res<State<Screen>>,
    clock: Option<Res<SimClock>>,
    score: Option<Res<Score>>,
    rects: Res<ButtonRects>,
    kiosk: Option<Res<super::kiosk::Kiosk>>,
) {
    let now = time.elapsed_secs_f64();
    if now - file.last < 0.25 {
        return;
    }
    file.last = now;
    let text = probe_text(
        *screen.get(),
        clock.map(|c| c.now / 60.0),
        score.map(|s| s.points),
        &rects,
    );
    // the booth kiosk's phase (Attract, Mission, Round, StillThere, Initials)
    let text = match kiosk {
        Some(k) => format!("kiosk {:?}\n{text}", k.phase),
        None => text,
    };
    // written whole, then renamed: a script never reads half a file
    let tmp = file.path.with_extension("tmp");
    if let Err(e) = std::fs::write(&tmp, text).and_then(|()| std::fs::rename(&tmp, &file.path)) {
        warn!("cannot write the probe file {}: {e}", file.path.display());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bevy_egui::egui;

    #[test]
    fn the_probe_lists_the_screen_the_minute_and_every_named_rectangle() {
        let mut rects = ButtonRects::default();
        rects.put(
            "node:public a",
            egui::Rect::from_min_size(egui::pos2(10.0, 20.0), egui::vec2(30.0, 40.0)),
        );
        let text = probe_text(Screen::Playing, Some(12.5), Some(-3.0), &rects);
        assert_eq!(
            text,
            "screen Playing\nminute 12.50\nscore -3.0\nnode:public_a 10 20 30 40\n"
        );
    }
}
