//! Moments announced across the top of the map: an incident names who did it
//! ("DeleteLoadBalancer by contractor-temp-7f3a") in red, and a fixed problem is celebrated
//! in green when requests that were failing succeed again. Each banner slides in, stays a
//! few seconds and fades; two at most.

use super::ViewSystems;
use super::effects::who;
use crate::i18n::{t, tf};
use crate::sim::clock::SimClock;
use crate::sim::command::Principal;
use crate::sim::flow::TickFlow;
use crate::sim::trail::CloudTrail;
use crate::ui_state::UiInsets;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

/// Real seconds a banner shows.
pub const BANNER_SECONDS: f32 = 5.0;
/// Share of requests failing that counts as an outage, and the share under which it is over.
pub const OUTAGE: f64 = 0.10;
pub const RECOVERED: f64 = 0.01;
/// Simulated seconds an outage must last before its end is celebrated.
pub const OUTAGE_MIN: f64 = 60.0;

/// A banner on screen.
#[derive(Clone, Debug, PartialEq)]
pub struct Banner {
    pub text: String,
    pub good: bool,
    pub age: f32,
}

/// The banners, how far into the trail they have read, and the outage being watched.
#[derive(Resource, Default)]
pub struct Banners {
    pub items: Vec<Banner>,
    seen: u64,
    /// Since when (simulated seconds) requests have been failing, if they are.
    pub outage_since: Option<f64>,
    /// Banners shown so far, and whether the newest is good news (for the sound cues).
    pub shown: u64,
    pub last_good: bool,
}

impl Banners {
    fn push(&mut self, text: String, good: bool) {
        self.shown += 1;
        self.last_good = good;
        self.items.retain(|b| b.text != text);
        self.items.push(Banner {
            text,
            good,
            age: 0.0,
        });
        if self.items.len() > 2 {
            self.items.remove(0);
        }
    }

    /// Watches the failing share at `now`: true when an outage of at least `OUTAGE_MIN`
    /// just ended.
    pub fn watch(&mut self, failing: f64, now: f64) -> bool {
        match self.outage_since {
            None if failing >= OUTAGE => {
                self.outage_since = Some(now);
                false
            }
            Some(since) if failing < RECOVERED => {
                self.outage_since = None;
                now - since >= OUTAGE_MIN
            }
            _ => false,
        }
    }
}

fn watch(
    time: Res<Time<Real>>,
    trail: Option<Res<CloudTrail>>,
    clock: Option<Res<SimClock>>,
    flow: Option<Res<TickFlow>>,
    mut banners: ResMut<Banners>,
) {
    let dt = time.delta_secs();
    banners.items.iter_mut().for_each(|b| b.age += dt);
    banners.items.retain(|b| b.age < BANNER_SECONDS);
    let (Some(trail), Some(clock)) = (trail, clock) else {
        banners.seen = 0;
        banners.outage_since = None;
        return;
    };
    if trail.total < banners.seen {
        banners.seen = 0;
    }
    let first = banners.seen;
    let mut news = vec![];
    for ev in trail.since(first) {
        banners.seen = ev.number;
        // someone else changing the estate, just now (a fast-forward does not replay the day)
        if matches!(ev.principal, Principal::Unknown(_))
            && ev.error.is_none()
            && ev.time >= clock.now - 20.0
            && !ev.command.read_only()
        {
            news.push(tf(
                "banner.incident",
                &[("event", ev.event_name()), ("who", &who(&ev.principal))],
            ));
        }
    }
    for n in news {
        banners.push(n, false);
    }
    if let Some(flow) = flow
        && flow.arrived > 0
    {
        let failing = flow.failed as f64 / flow.arrived as f64;
        if banners.watch(failing, clock.now) {
            banners.push(t("banner.fixed").to_string(), true);
        }
    }
}

fn paint(mut contexts: EguiContexts, insets: Res<UiInsets>, banners: Res<Banners>) -> Result {
    if banners.items.is_empty() {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    let screen = ctx.content_rect();
    let mid = (screen.min.x + insets.left + screen.max.x - insets.right) / 2.0;
    let layer = egui::LayerId::new(egui::Order::Foreground, egui::Id::new("map-banners"));
    let p = ctx.layer_painter(layer);
    let mut y = screen.min.y + insets.top + 14.0;
    for b in &banners.items {
        let k = b.age / BANNER_SECONDS;
        let a = ((1.0 - k) * 4.0).clamp(0.0, 1.0);
        let slide = (1.0 - (b.age * 5.0).min(1.0)) * 30.0;
        let (fill, line) = if b.good {
            (
                egui::Color32::from_rgb(18, 70, 44),
                egui::Color32::from_rgb(90, 230, 150),
            )
        } else {
            (
                egui::Color32::from_rgb(80, 18, 26),
                egui::Color32::from_rgb(255, 90, 110),
            )
        };
        let font = egui::FontId::proportional(22.0);
        let galley = p.layout_no_wrap(b.text.clone(), font, egui::Color32::WHITE.gamma_multiply(a));
        let r = egui::Rect::from_center_size(
            egui::pos2(mid, y + 20.0 - slide),
            galley.size() + egui::vec2(40.0, 18.0),
        );
        p.rect(
            r,
            8.0,
            fill.gamma_multiply(a * 0.95),
            egui::Stroke::new(2.0, line.gamma_multiply(a)),
            egui::StrokeKind::Inside,
        );
        p.galley(
            r.center() - galley.size() / 2.0,
            galley,
            egui::Color32::WHITE,
        );
        y = r.max.y + 8.0;
    }
    Ok(())
}

pub fn plugin(app: &mut App) {
    app.init_resource::<Banners>()
        .add_systems(
            Update,
            watch
                .in_set(ViewSystems::Effects)
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

    #[test]
    fn an_outage_of_a_minute_that_ends_is_celebrated_once() {
        let mut b = Banners::default();
        assert!(!b.watch(0.0, 0.0));
        assert!(!b.watch(0.5, 10.0), "the outage starts");
        assert!(!b.watch(0.05, 40.0), "still failing more than 1 %");
        assert!(b.watch(0.0, 80.0), "70 s later it is over: celebrate");
        assert!(!b.watch(0.0, 90.0), "only once");
    }

    #[test]
    fn a_blip_shorter_than_a_minute_is_not_celebrated() {
        let mut b = Banners::default();
        assert!(!b.watch(0.3, 0.0));
        assert!(!b.watch(0.0, 20.0));
    }

    #[test]
    fn two_banners_at_most_the_newest_kept() {
        let mut b = Banners::default();
        for i in 0..3 {
            b.push(format!("n{i}"), false);
        }
        let texts: Vec<&str> = b.items.iter().map(|x| x.text.as_str()).collect();
        assert_eq!(texts, ["n1", "n2"]);
    }
}
