//! The results screen: the score broken down (revenue, failure penalty, cost), the score over
//! time with incidents marked, and the three worst moments with what would have fixed them,
//! drawn from the metrics and the trail.

use super::{HudSystems, root_ui, theme};
use crate::scenario::Scenario;
use crate::screens::Screen;
use crate::sim::chaos::ChaosState;
use crate::sim::clock::SimClock;
use crate::sim::metrics::{Datapoint, Metrics};
use crate::sim::score::Score;
use crate::sim::traffic::{FAIL_REASONS, FailReason};
use crate::sim::trail::CloudTrail;
use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, egui};
use egui_plot::{Line, Plot, PlotPoints, VLine};

/// One bad minute, why, and the fix.
#[derive(Clone, Debug, PartialEq)]
pub struct Moment {
    pub minute: u32,
    pub points: f64,
    pub cause: String,
    pub fix: String,
    /// Trail events and incidents around it.
    pub evidence: Vec<String>,
}

/// What would have prevented failures of a kind.
pub fn fix_for(reason: FailReason) -> &'static str {
    match reason {
        FailReason::NoRoute => {
            "DNS pointed nowhere, or the load balancer's subnets had no route to the internet: associate them with the public route table."
        }
        FailReason::LoadBalancerMissing => {
            "The site's load balancer was gone or still provisioning: recreate it at once, then point DNS at a working one. Least-privilege keys stop strangers deleting it."
        }
        FailReason::NoListener => {
            "The load balancer had no listener on port 80: create-listener forwarding to the target group."
        }
        FailReason::SecurityGroupBlocked => {
            "A security group dropped the traffic: allow port 80 from the load balancer's group (authorize-security-group-ingress)."
        }
        FailReason::NoHealthyTargets => {
            "No healthy targets: read the cloud-init log, fix the user data in a new launch-template version, and let an ELB-checked Auto Scaling group replace bad instances."
        }
        FailReason::SurgeQueueFull => {
            "The Classic LB's surge queue overflowed: add capacity before the load (an ALB with an Auto Scaling group and target tracking, or a scheduled action before a known spike)."
        }
        FailReason::TargetConnectionError => {
            "Targets refused connections: the app was not running or was saturated — fix the boot script, run more workers, add instances."
        }
        FailReason::TargetTimeout => {
            "Targets were too slow to answer: more capacity (target tracking on CPU ~50%), more workers per instance (WORKERS=2)."
        }
        FailReason::AppError => {
            "The app answered 500s: its configuration (DB_HOST in the user data) was wrong."
        }
        FailReason::DatabaseUnavailable => {
            "The database refused connections or was failing over: a bigger DB instance class, Multi-AZ, ElastiCache for reads, an SQS queue for writes."
        }
        FailReason::Throttled => {
            "Lambda throttled invocations: raise reserved concurrency, add provisioned concurrency before a known spike, give the function more memory (shorter duration)."
        }
    }
}

/// The `n` worst minutes by points earned, at least five minutes apart, worst first.
pub fn worst_moments(
    history: &[Datapoint],
    trail: &CloudTrail,
    incidents: &[(f64, String)],
    clock: &SimClock,
    n: usize,
) -> Vec<Moment> {
    let mut order: Vec<&Datapoint> = history.iter().collect();
    order.sort_by(|a, b| a.points_per_minute.total_cmp(&b.points_per_minute));
    let mut picked: Vec<&Datapoint> = Vec::new();
    for d in order {
        if picked.len() == n {
            break;
        }
        if picked.iter().all(|p| p.minute.abs_diff(d.minute) >= 5) {
            picked.push(d);
        }
    }
    picked
        .into_iter()
        .map(|d| {
            let worst = FAIL_REASONS
                .iter()
                .max_by_key(|r| d.failed[r.index()])
                .copied()
                .filter(|r| d.failed[r.index()] > 0);
            let (cause, fix) = match worst {
                Some(r) => (
                    format!(
                        "{} of {} requests failed, mostly {} ({})",
                        d.failed_total(),
                        d.requests,
                        r.name(),
                        d.failed[r.index()]
                    ),
                    fix_for(r).to_string(),
                ),
                None if d.latency_ms[3].is_some_and(|p| p > 1000.0) => (
                    format!("p99 latency {:.0} ms: slow answers earn little", d.latency_ms[3].unwrap_or(0.0)),
                    "More capacity ahead of the load: target tracking on CPU with a short warm-up, and more workers per instance.".to_string(),
                ),
                None => (
                    format!("the bill: ${:.2}/hour with {} instances running", d.cost_rate_usd_h, d.instances_running),
                    "Right-size the instances and let target tracking scale in; release idle Elastic IPs and old load balancers.".to_string(),
                ),
            };
            let t0 = (d.minute as f64 - 3.0) * 60.0;
            let t1 = (d.minute as f64 + 1.0) * 60.0;
            let mut evidence: Vec<String> = incidents
                .iter()
                .filter(|(t, _)| *t >= t0 - 600.0 && *t <= t1)
                .map(|(t, s)| format!("{} incident: {s}", clock.wall_clock(*t)))
                .collect();
            evidence.extend(
                trail
                    .events
                    .iter()
                    .filter(|e| e.time >= t0 && e.time <= t1)
                    .filter(|e| e.principal.is_unknown() || e.error.is_some())
                    .take(3)
                    .map(|e| {
                        format!(
                            "{} {} by {}{}",
                            clock.wall_clock(e.time),
                            e.event_name(),
                            super::cloudtrail::principal_label(&e.principal),
                            e.error.as_ref().map(|x| format!(" failed: {}", x.code)).unwrap_or_default()
                        )
                    }),
            );
            Moment {
                minute: d.minute,
                points: d.points_per_minute,
                cause,
                fix,
                evidence,
            }
        })
        .collect()
}

pub fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        results_screen
            .run_if(in_state(Screen::Results))
            .in_set(HudSystems::Panels),
    );
}

fn results_screen(world: &mut World) {
    let Some(ctx) = super::primary_ctx(world) else {
        return;
    };
    let (Some(score), Some(clock)) = (
        world.get_resource::<Score>().cloned(),
        world.get_resource::<SimClock>().cloned(),
    ) else {
        return;
    };
    let history: Vec<Datapoint> = world
        .resource::<Metrics>()
        .history
        .iter()
        .cloned()
        .collect();
    let incidents = world
        .get_resource::<ChaosState>()
        .map(|c| c.log.clone())
        .unwrap_or_default();
    let moments = worst_moments(
        &history,
        world.resource::<CloudTrail>(),
        &incidents,
        &clock,
        3,
    );
    let title = world
        .get_resource::<Scenario>()
        .map(|s| s.title.clone())
        .unwrap_or_default();
    let mut next = None;
    let mut ui = root_ui(&ctx);
    egui::CentralPanel::default()
        .frame(egui::Frame::new().fill(theme::PANEL).inner_margin(28))
        .show(&mut ui, |ui| {
            ui.columns(2, |cols| {
                let ui = &mut cols[0];
                theme::section(ui, &format!("RESULTS — {title}"));
                ui.label(
                    egui::RichText::new(format!("{:.0} points", score.points))
                        .size(44.0)
                        .strong()
                        .color(if score.points >= 0.0 {
                            theme::ORANGE
                        } else {
                            theme::RED
                        }),
                );
                ui.label(format!("after {:.0} simulated minutes", clock.now / 60.0));
                ui.add_space(10.0);
                egui::Grid::new("breakdown")
                    .num_columns(3)
                    .striped(true)
                    .show(ui, |ui| {
                        let row = |ui: &mut egui::Ui,
                                   k: &str,
                                   pts: f64,
                                   extra: String,
                                   c: egui::Color32| {
                            ui.label(egui::RichText::new(k).size(17.0));
                            ui.label(
                                egui::RichText::new(format!("{pts:+.0}"))
                                    .size(17.0)
                                    .strong()
                                    .color(c),
                            );
                            ui.label(egui::RichText::new(extra).color(theme::DIM));
                            ui.end_row();
                        };
                        row(
                            ui,
                            "Requests served (revenue)",
                            score.request_points,
                            format!("${:.2} revenue", score.revenue_usd),
                            theme::GREEN,
                        );
                        row(
                            ui,
                            "Failure penalty",
                            -score.failure_points,
                            format!("{} failed requests", world_failed(&history)),
                            theme::RED,
                        );
                        row(
                            ui,
                            "Cost",
                            -score.cost_points,
                            format!("${:.2} billed", score.cost_usd),
                            theme::AMBER,
                        );
                    });
                ui.add_space(16.0);
                ui.horizontal(|ui| {
                    if ui
                        .add(theme::primary_button("Play again").min_size(egui::vec2(180.0, 48.0)))
                        .clicked()
                    {
                        next = Some(Screen::Briefing);
                    }
                    if ui
                        .add(egui::Button::new("Title screen").min_size(egui::vec2(160.0, 48.0)))
                        .clicked()
                    {
                        next = Some(Screen::Title);
                    }
                });
                let ui = &mut cols[1];
                theme::section(ui, "SCORE OVER TIME (incidents dashed)");
                let points: Vec<[f64; 2]> =
                    history.iter().map(|d| [d.minute as f64, d.score]).collect();
                Plot::new("results-score")
                    .height(260.0)
                    .allow_zoom(false)
                    .allow_drag(false)
                    .allow_scroll(false)
                    .x_axis_formatter(|m, _| format!("{}m", m.value))
                    .show(ui, |p| {
                        p.line(
                            Line::new("score", PlotPoints::from(points))
                                .color(theme::ORANGE)
                                .width(2.5),
                        );
                        for (t, what) in &incidents {
                            p.vline(
                                VLine::new(what.clone(), t / 60.0)
                                    .color(theme::AMBER)
                                    .style(egui_plot::LineStyle::dashed_loose()),
                            );
                        }
                        for (i, m) in moments.iter().enumerate() {
                            p.vline(
                                VLine::new(format!("worst #{}", i + 1), m.minute as f64)
                                    .color(theme::RED)
                                    .width(1.5),
                            );
                        }
                    });
                ui.add_space(10.0);
                theme::section(ui, "THE THREE WORST MOMENTS");
                egui::ScrollArea::vertical()
                    .id_salt("moments")
                    .show(ui, |ui| {
                        for (i, m) in moments.iter().enumerate() {
                            egui::Frame::new()
                                .fill(theme::RAISED)
                                .inner_margin(8)
                                .corner_radius(4)
                                .show(ui, |ui| {
                                    ui.label(
                                        egui::RichText::new(format!(
                                            "#{}  {}  ({:+.0} points that minute)",
                                            i + 1,
                                            clock.wall_clock(m.minute as f64 * 60.0),
                                            m.points
                                        ))
                                        .strong()
                                        .color(theme::RED),
                                    );
                                    ui.label(&m.cause);
                                    for e in &m.evidence {
                                        ui.label(
                                            egui::RichText::new(e)
                                                .monospace()
                                                .small()
                                                .color(theme::DIM),
                                        );
                                    }
                                    ui.label(
                                        egui::RichText::new(format!("Fix: {}", m.fix))
                                            .color(theme::GREEN),
                                    );
                                });
                            ui.add_space(4.0);
                        }
                        if moments.is_empty() {
                            ui.label("No full minute was played.");
                        }
                    });
            });
        });
    if let Some(s) = next {
        world.resource_mut::<NextState<Screen>>().set(s);
    }
}

fn world_failed(history: &[Datapoint]) -> u64 {
    history.iter().map(|d| d.failed_total()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worst_moments_are_spread_and_explained() {
        let mut h: Vec<Datapoint> = (0..30)
            .map(|m| Datapoint {
                minute: m,
                points_per_minute: 100.0,
                requests: 100,
                ..Default::default()
            })
            .collect();
        h[10].points_per_minute = -500.0;
        h[10].failed[FailReason::NoHealthyTargets.index()] = 80;
        h[11].points_per_minute = -400.0; // too close to minute 10
        h[25].points_per_minute = -300.0;
        h[25].failed[FailReason::LoadBalancerMissing.index()] = 90;
        let clock = SimClock {
            epoch_unix: 9 * 3600,
            ..Default::default()
        };
        let incidents = vec![(24.0 * 60.0, "the ALB was deleted".to_string())];
        let m = worst_moments(&h, &CloudTrail::default(), &incidents, &clock, 3);
        assert_eq!(m.len(), 3);
        assert_eq!(m[0].minute, 10);
        assert!(m[0].cause.contains("NoHealthyTargets"));
        assert!(m[0].fix.contains("user data"));
        assert_eq!(m[1].minute, 25);
        assert!(m[1].evidence[0].contains("the ALB was deleted"));
        assert!(m.iter().all(|x| x.minute != 11));
    }
}
