//! Money made visible on the map: the points that successful requests earn float up from
//! the instances that served them (each instance its share of the last second's points, by
//! the requests it answered), and the bill ticks away in a meter on the Region's header
//! with what each second cost rising from it. Read from the simulation's score; nothing here
//! changes a number.

use super::camera::CameraView;
use super::labels::{c32, map_clip};
use super::layout::MapLayout;
use super::nodes::{Motion, NodeIndex, NodeKey};
use super::shapes::palette;
use crate::i18n::tf;
use crate::sim::flow::TickFlow;
use crate::sim::score::Score;
use crate::ui_state::UiInsets;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use std::collections::BTreeMap;

/// Real seconds between two waves of floating numbers.
const WAVE: f32 = 1.2;
/// Real seconds a number floats.
const FLOAT_SECONDS: f32 = 2.2;
/// At most this many instances float their points in one wave (taken in turn from the
/// busiest, so a grid of equal servers does not float a wall of numbers).
const MOST: usize = 3;

/// A number rising from a place on the map.
#[derive(Clone, Debug)]
pub struct Floater {
    pub world: Vec2,
    pub text: String,
    pub earned: bool,
    pub age: f32,
}

/// The floating numbers and what the score was at the last wave.
#[derive(Resource, Default)]
pub struct Floaters {
    pub items: Vec<Floater>,
    last: Option<(f64, f64)>,
    since: f32,
    turn: u32,
    /// Dollars billed since the last cost that floated (it floats from a cent).
    unfloated_usd: f64,
}

/// Shares of `points` for each instance, by the successful requests it served in `flow`;
/// the busiest first, at most `most`, whole points only (shares under one point dropped).
pub fn shares(flow: &TickFlow, points: f64, most: usize) -> Vec<(Entity, i64)> {
    let mut served: BTreeMap<Entity, f64> = BTreeMap::new();
    for r in &flow.records {
        if r.ok == 0 || r.instances.is_empty() {
            continue;
        }
        let each = r.ok as f64 / r.instances.len() as f64;
        for i in &r.instances {
            *served.entry(*i).or_default() += each;
        }
    }
    let total: f64 = served.values().sum();
    if total <= 0.0 || points < 1.0 {
        return vec![];
    }
    let mut v: Vec<(Entity, i64)> = served
        .into_iter()
        .map(|(e, n)| (e, (points * n / total).round() as i64))
        .filter(|(_, p)| *p >= 1)
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(most);
    v
}

#[allow(clippy::too_many_arguments)]
fn wave(
    time: Res<Time<Real>>,
    virt: Res<Time<Virtual>>,
    score: Option<Res<Score>>,
    flow: Option<Res<TickFlow>>,
    layout: Res<MapLayout>,
    index: Res<NodeIndex>,
    motions: Query<&Motion>,
    mut floaters: ResMut<Floaters>,
) {
    let dt = if virt.is_paused() {
        0.0
    } else {
        time.delta_secs()
    };
    floaters.items.iter_mut().for_each(|f| f.age += dt);
    floaters.items.retain(|f| f.age < FLOAT_SECONDS);
    let Some(score) = score else {
        floaters.last = None;
        return;
    };
    let now = (score.request_points, score.cost_usd);
    let Some((points0, cost0)) = floaters.last else {
        floaters.last = Some(now);
        return;
    };
    if now.0 < points0 || now.1 < cost0 {
        // a new round
        floaters.last = Some(now);
        return;
    }
    floaters.since += dt;
    if floaters.since < WAVE {
        return;
    }
    floaters.since = 0.0;
    floaters.last = Some(now);
    if let Some(flow) = flow {
        let all = shares(&flow, now.0 - points0, usize::MAX);
        let n = all.len();
        let start = if n > MOST {
            floaters.turn as usize % n
        } else {
            0
        };
        let picked: Vec<(Entity, i64)> = (0..n.min(MOST)).map(|i| all[(start + i) % n]).collect();
        for (e, p) in picked {
            let Some(m) = index
                .0
                .get(&NodeKey::Res(e))
                .and_then(|n| motions.get(*n).ok())
            else {
                continue;
            };
            floaters.turn = floaters.turn.wrapping_add(1);
            let jitter = ((floaters.turn.wrapping_mul(2654435761) >> 20) % 100) as f32 / 100.0;
            let r = m.rect();
            floaters.items.push(Floater {
                world: Vec2::new(r.center().x + (jitter - 0.5) * r.width() * 0.6, r.max.y),
                text: format!("+{p}"),
                earned: true,
                age: 0.0,
            });
        }
    }
    floaters.unfloated_usd += now.1 - cost0;
    let cost = floaters.unfloated_usd;
    if cost >= 0.01
        && let Some(l) = &layout.0
    {
        floaters.unfloated_usd = 0.0;
        floaters.items.push(Floater {
            world: Vec2::new(l.region.max.x - 60.0, l.region.max.y - 6.0),
            text: format!("−${cost:.2}"),
            earned: false,
            age: 0.0,
        });
    }
}

fn paint(
    mut contexts: EguiContexts,
    view: Res<CameraView>,
    insets: Res<UiInsets>,
    layout: Res<MapLayout>,
    floaters: Res<Floaters>,
    score: Option<Res<Score>>,
) -> Result {
    let Some(l) = &layout.0 else { return Ok(()) };
    let ctx = contexts.ctx_mut()?;
    let clip = map_clip(ctx, &insets);
    let layer = egui::LayerId::new(egui::Order::Background, egui::Id::new("map-floaters"));
    let p = ctx.layer_painter(layer).with_clip_rect(clip);
    let to = |w: Vec2| {
        let s = view.to_screen(w);
        egui::pos2(s.x, s.y)
    };
    let earned = c32(palette::OK_FAST);
    let spent = egui::Color32::from_rgb(255, 150, 80);
    // the bill meter on the Region's header, right-aligned
    if let Some(score) = &score {
        // whole-pixel sizes only: egui keeps a rasterised copy of every size asked for, and
        // a size following the zoom would fill its font atlas (glyphs then go missing)
        let size = (13.0 / view.zoom).clamp(11.0, 18.0).round();
        let at = to(Vec2::new(l.region.max.x - 12.0, l.region.max.y - 8.0));
        let text = tf("map.bill", &[("usd", &format!("{:.2}", score.cost_usd))]);
        let r = p.text(
            at,
            egui::Align2::RIGHT_TOP,
            &text,
            egui::FontId::monospace(size),
            spent,
        );
        p.rect_filled(r.expand(2.0), 3.0, egui::Color32::from_black_alpha(150));
        p.text(
            at,
            egui::Align2::RIGHT_TOP,
            &text,
            egui::FontId::monospace(size),
            spent,
        );
    }
    for f in &floaters.items {
        let k = f.age / FLOAT_SECONDS;
        let a = ((1.0 - k) * 1.6).clamp(0.0, 1.0);
        let rise = 24.0 * k + 4.0;
        let at = to(f.world) - egui::vec2(0.0, rise);
        let color = if f.earned { earned } else { spent };
        let size = 15.0;
        let r = p.text(
            at,
            egui::Align2::CENTER_BOTTOM,
            &f.text,
            egui::FontId::proportional(size),
            egui::Color32::TRANSPARENT,
        );
        p.rect_filled(
            r.expand2(egui::vec2(4.0, 1.0)),
            6.0,
            egui::Color32::from_black_alpha((170.0 * a) as u8),
        );
        p.text(
            at,
            egui::Align2::CENTER_BOTTOM,
            &f.text,
            egui::FontId::proportional(size),
            color.gamma_multiply(a),
        );
    }
    Ok(())
}

pub fn plugin(app: &mut App) {
    app.init_resource::<Floaters>()
        .add_systems(
            Update,
            wave.in_set(super::ViewSystems::Effects)
                .run_if(in_state(crate::screens::Screen::Playing)),
        )
        .add_systems(
            EguiPrimaryContextPass,
            paint.run_if(in_state(crate::screens::Screen::Playing)),
        );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::flow::FlowRecord;

    fn record(ok: u64, instances: &[u32]) -> FlowRecord {
        FlowRecord {
            class: 0,
            load_balancer: None,
            instances: instances
                .iter()
                .map(|i| Entity::from_raw_u32(*i).unwrap())
                .collect(),
            ok,
            failed: 0,
            reason: None,
            latency: 0.05,
        }
    }

    #[test]
    fn points_float_from_the_instances_that_served_them_in_proportion() {
        let flow = TickFlow {
            records: vec![record(300, &[1, 2]), record(100, &[3]), record(0, &[4])],
            ..default()
        };
        let v = shares(&flow, 400.0, 10);
        let get = |i: u32| {
            v.iter()
                .find(|(e, _)| *e == Entity::from_raw_u32(i).unwrap())
                .map(|(_, p)| *p)
        };
        assert_eq!(get(1), Some(150));
        assert_eq!(get(2), Some(150));
        assert_eq!(get(3), Some(100));
        assert_eq!(
            get(4),
            None,
            "an instance that served nothing earns nothing"
        );
        assert_eq!(v.iter().map(|(_, p)| p).sum::<i64>(), 400);
        assert!(
            shares(&flow, 0.4, 10).is_empty(),
            "less than a point floats nothing"
        );
        assert_eq!(
            shares(&flow, 400.0, 1).len(),
            1,
            "only the busiest when capped"
        );
    }
}
