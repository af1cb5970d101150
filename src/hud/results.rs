//! The results screen: the score broken down (revenue, failure penalty, cost), the score over
//! time with incidents marked, and the three worst moments with what would have fixed them,
//! drawn from the metrics and the trail.

use super::{HudSystems, root_ui, theme};
use crate::i18n::{pick, t, tf};
use crate::platform::replay::{LastReplay, save_replay_file};
use crate::scenario::Scenario;
use crate::screens::Screen;
use crate::sim::causes::Cause;
use crate::sim::chaos::ChaosState;
use crate::sim::clock::SimClock;
use crate::sim::command::Principal;
use crate::sim::flow::{FAIL_REASONS, FailReason};
use crate::sim::metrics::{Datapoint, Metrics};
use crate::sim::score::Score;
use crate::sim::trail::{CloudTrail, TrailEvent};
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
    /// The trail event the advice is about (what was deleted or failed, by whom), if any.
    pub culprit: Option<u64>,
    /// The principal cause the simulation recorded for the minute that the diagnosis names
    /// (`Cause::key`: overload, user_data, lb_deleted, rule_revoked), if one was recorded.
    pub principal: Option<&'static str>,
}

/// The recorded cause that explains failures of `reason` (or slowness, with None).
pub fn principal_cause(reason: Option<FailReason>, causes: &[Cause]) -> Option<&Cause> {
    let find = |key: &str| causes.iter().find(|c| c.key() == key);
    match reason {
        Some(FailReason::LoadBalancerMissing | FailReason::NoRoute | FailReason::NoListener) => {
            find("lb_deleted")
        }
        Some(FailReason::SecurityGroupBlocked) => find("rule_revoked"),
        Some(
            FailReason::NoHealthyTargets | FailReason::TargetConnectionError | FailReason::AppError,
        ) => find("user_data")
            .or_else(|| find("rule_revoked"))
            .or_else(|| find("overload")),
        Some(FailReason::TargetTimeout | FailReason::SurgeQueueFull) | None => find("overload"),
        Some(_) => None,
    }
}

/// A recorded cause in words, and what fixes it.
pub fn diagnose(cause: &Cause) -> (String, String) {
    match cause {
        Cause::Overload {
            servers,
            running,
            cpu,
        } => (
            tf(
                "results.why.overload",
                &[
                    ("servers", &servers.to_string()),
                    ("running", &running.to_string()),
                    ("cpu", &format!("{cpu:.0}")),
                ],
            ),
            t("results.fix.overload").to_string(),
        ),
        Cause::BrokenUserData { servers, line } => (
            tf(
                "results.why.user_data",
                &[
                    ("servers", &servers.to_string()),
                    ("line", line.as_deref().unwrap_or("-")),
                ],
            ),
            t("results.fix.user_data").to_string(),
        ),
        Cause::LoadBalancerDeleted { dns_name } => (
            tf("results.why.lb_deleted", &[("dns", dns_name)]),
            t("results.fix.lb_missing").to_string(),
        ),
        Cause::RuleRevoked { servers } => (
            tf(
                "results.why.rule_revoked",
                &[("servers", &servers.to_string())],
            ),
            t("results.fix.sg_blocked").to_string(),
        ),
    }
}

/// What would have prevented failures of a kind, in general.
pub fn fix_for(reason: FailReason) -> &'static str {
    t(match reason {
        FailReason::NoRoute => "results.fix.no_route",
        FailReason::LoadBalancerMissing => "results.fix.lb_missing",
        FailReason::NoListener => "results.fix.no_listener",
        FailReason::SecurityGroupBlocked => "results.fix.sg_blocked",
        FailReason::NoHealthyTargets => "results.fix.no_healthy",
        FailReason::SurgeQueueFull => "results.fix.surge_queue",
        FailReason::TargetConnectionError => "results.fix.connection",
        FailReason::TargetTimeout => "results.fix.timeout",
        FailReason::AppError => "results.fix.app_error",
        FailReason::DatabaseUnavailable => "results.fix.database",
        FailReason::Throttled => "results.fix.throttled",
    })
}

/// The CloudTrail events (by event name) that can cause failures of a kind.
pub fn related_events(reason: FailReason) -> &'static [&'static str] {
    const CAPACITY: &[&str] = &[
        "TerminateInstances",
        "StopInstances",
        "SetDesiredCapacity",
        "UpdateAutoScalingGroup",
        "DeletePolicy",
        "DeleteAutoScalingGroup",
        "DeregisterTargets",
        "DeregisterInstancesFromLoadBalancer",
        "ModifyTargetGroupAttributes",
    ];
    match reason {
        FailReason::NoRoute => &[
            "DisassociateRouteTable",
            "DeleteRoute",
            "ReplaceRoute",
            "ReplaceRouteTableAssociation",
            "DetachInternetGateway",
            "ChangeResourceRecordSets",
            "DeleteLoadBalancer",
        ],
        FailReason::LoadBalancerMissing => &[
            "DeleteLoadBalancer",
            "CreateLoadBalancer",
            "ChangeResourceRecordSets",
        ],
        FailReason::NoListener => &["DeleteListener", "CreateListener", "CreateLoadBalancer"],
        FailReason::SecurityGroupBlocked => &[
            "RevokeSecurityGroupIngress",
            "DeleteSecurityGroup",
            "SetSecurityGroups",
            "ApplySecurityGroupsToLoadBalancer",
            "ModifyNetworkInterfaceAttribute",
        ],
        FailReason::NoHealthyTargets => &[
            "TerminateInstances",
            "StopInstances",
            "DeregisterTargets",
            "DeregisterInstancesFromLoadBalancer",
            "CreateLaunchTemplateVersion",
            "ModifyLaunchTemplate",
            "UpdateAutoScalingGroup",
            "SetDesiredCapacity",
            "DeleteAutoScalingGroup",
            "RevokeSecurityGroupIngress",
        ],
        FailReason::SurgeQueueFull
        | FailReason::TargetConnectionError
        | FailReason::TargetTimeout => CAPACITY,
        FailReason::AppError => &[
            "CreateLaunchTemplateVersion",
            "ModifyLaunchTemplate",
            "UpdateAutoScalingGroup",
        ],
        FailReason::DatabaseUnavailable => &[
            "RebootDBInstance",
            "ModifyDBInstance",
            "DeleteDBInstance",
            "DeleteCacheCluster",
            "DeleteQueue",
        ],
        FailReason::Throttled => &[
            "PutFunctionConcurrency",
            "PutProvisionedConcurrencyConfig",
            "DeleteFunction",
        ],
    }
}

/// The trail event in `[t0, t1]` that most plausibly caused failures of `reason`: the latest
/// related change by someone outside the team, else the latest related change by anyone
/// (the estate's bootstrap aside), else the latest related call that failed.
pub fn culprit(reason: FailReason, trail: &CloudTrail, t0: f64, t1: f64) -> Option<&TrailEvent> {
    let related = related_events(reason);
    let window: Vec<&TrailEvent> = trail
        .events
        .iter()
        .filter(|e| e.time >= t0 && e.time <= t1)
        .filter(|e| e.principal != Principal::CloudFormation)
        .filter(|e| related.contains(&e.event_name()))
        .collect();
    let ok = |e: &&&TrailEvent| e.error.is_none();
    window
        .iter()
        .rev()
        .filter(ok)
        .find(|e| e.principal.is_unknown())
        .or_else(|| window.iter().rev().find(ok))
        .or_else(|| window.iter().rev().find(|e| e.error.is_some()))
        .copied()
}

/// Advice about one trail event: what it did, who did it, and what that asks of the team.
pub fn culprit_advice(e: &TrailEvent, clock: &SimClock) -> String {
    let time = clock.wall_clock(e.time);
    let resource = e.resources.first().cloned().unwrap_or_else(|| "-".into());
    let who = super::cloudtrail::principal_label(&e.principal);
    let args: [(&str, &str); 4] = [
        ("event", e.event_name()),
        ("resource", &resource),
        ("who", &who),
        ("time", &time),
    ];
    if let Some(err) = &e.error {
        let mut a = args.to_vec();
        a.push(("code", &err.code));
        return tf("results.cause.failed", &a);
    }
    let key = match e.principal {
        Principal::Unknown(_) => "results.cause.stranger",
        Principal::AutoScaling => "results.cause.autoscaling",
        _ => "results.cause.team",
    };
    tf(key, &args)
}

/// What the metrics say about a bad minute, beyond the failure count.
fn metrics_fact(reason: FailReason, d: &Datapoint) -> Option<String> {
    let n = |v: u32| v.to_string();
    match reason {
        FailReason::NoHealthyTargets
        | FailReason::TargetConnectionError
        | FailReason::TargetTimeout
        | FailReason::SurgeQueueFull => Some(tf(
            "results.fact.hosts",
            &[
                ("healthy", &n(d.healthy_hosts)),
                ("unhealthy", &n(d.unhealthy_hosts)),
                ("running", &n(d.instances_running)),
                ("cpu", &format!("{:.0}", d.cpu_avg)),
            ],
        )),
        _ => None,
    }
}

/// Rounds `values` to whole points so that they add up to `total` rounded (the largest
/// remainders take the leftover points), so a breakdown never disagrees with the score shown.
pub fn round_to_total(values: &[f64], total: f64) -> Vec<i64> {
    let mut rounded: Vec<i64> = values.iter().map(|v| v.floor() as i64).collect();
    let left = total.round() as i64 - rounded.iter().sum::<i64>();
    // by fractional part, largest first: they are the closest to the next whole point
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| {
        (values[b] - values[b].floor()).total_cmp(&(values[a] - values[a].floor()))
    });
    if left >= 0 {
        for k in order.iter().cycle().take(left as usize) {
            rounded[*k] += 1;
        }
    } else {
        for k in order
            .iter()
            .rev()
            .cycle()
            .take(left.unsigned_abs() as usize)
        {
            rounded[*k] -= 1;
        }
    }
    rounded
}

/// The score's lines: every kind of points and penalties (tutorial steps when there were
/// any), as (localisation key, points), adding up to the score.
pub fn breakdown(score: &Score) -> Vec<(&'static str, f64)> {
    let mut rows = vec![
        ("results.row.served", score.request_points),
        ("results.row.penalty", -score.failure_points),
        ("results.row.cost", -score.cost_points),
    ];
    if score.step_points != 0.0 {
        rows.push(("results.row.steps", score.step_points));
    }
    rows
}

/// The `n` worst minutes by points earned, at least five minutes apart, worst first, among
/// the minutes that lost points (fewer when fewer did); each with advice drawn from what the
/// trail and the metrics show for that moment.
pub fn worst_moments(
    history: &[Datapoint],
    trail: &CloudTrail,
    incidents: &[(f64, String)],
    clock: &SimClock,
    n: usize,
) -> Vec<Moment> {
    let mut order: Vec<&Datapoint> = history
        .iter()
        .filter(|d| d.points_per_minute < 0.0)
        .collect();
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
            // the minute itself and the ten before it: a deletion hurts after it lands
            let t1 = (d.minute as f64 + 1.0) * 60.0;
            let t0 = t1 - 11.0 * 60.0;
            let mut culprit_event = None;
            let principal = principal_cause(worst, &d.causes);
            let (cause, fix) = match worst {
                Some(r) => {
                    let mut cause = tf(
                        "results.cause.failures",
                        &[
                            ("failed", &d.failed_total().to_string()),
                            ("requests", &d.requests.to_string()),
                            ("reason", r.name()),
                            ("count", &d.failed[r.index()].to_string()),
                        ],
                    );
                    if let Some(fact) = metrics_fact(r, d) {
                        cause.push_str(" · ");
                        cause.push_str(&fact);
                    }
                    // the cause the simulation recorded, and its fix, when it recorded one
                    let general = match principal.map(diagnose) {
                        Some((why, fix)) => {
                            cause.push_str(" · ");
                            cause.push_str(&why);
                            fix
                        }
                        None => fix_for(r).to_string(),
                    };
                    let fix = match culprit(r, trail, t0, t1) {
                        Some(e) => {
                            culprit_event = Some(e.number);
                            format!("{} {general}", culprit_advice(e, clock))
                        }
                        None => general,
                    };
                    (cause, fix)
                }
                None if d.latency_ms[3].is_some_and(|p| p > 1000.0) => {
                    let mut cause = tf(
                        "results.cause.slow",
                        &[("p99", &format!("{:.0}", d.latency_ms[3].unwrap_or(0.0)))],
                    );
                    let fix = match principal.map(diagnose) {
                        Some((why, fix)) => {
                            cause.push_str(" · ");
                            cause.push_str(&why);
                            fix
                        }
                        None => t("results.fix.slow").to_string(),
                    };
                    (cause, fix)
                }
                None => (
                    tf(
                        "results.cause.bill",
                        &[
                            ("rate", &format!("{:.2}", d.cost_rate_usd_h)),
                            ("instances", &d.instances_running.to_string()),
                        ],
                    ),
                    t("results.fix.bill").to_string(),
                ),
            };
            let mut evidence: Vec<String> = incidents
                .iter()
                .filter(|(time, _)| *time >= t0 && *time <= t1)
                .map(|(time, s)| {
                    tf(
                        "results.evidence.incident",
                        &[("time", &clock.wall_clock(*time)), ("text", s)],
                    )
                })
                .collect();
            evidence.extend(
                trail
                    .events
                    .iter()
                    .filter(|e| e.time >= t0 && e.time <= t1)
                    .filter(|e| {
                        e.principal.is_unknown()
                            || e.error.is_some()
                            || Some(e.number) == culprit_event
                    })
                    .take(3)
                    .map(|e| {
                        let line = format!(
                            "{} {} {}",
                            clock.wall_clock(e.time),
                            e.event_name(),
                            super::cloudtrail::principal_label(&e.principal),
                        );
                        match &e.error {
                            Some(x) => format!("{line} — {}", x.code),
                            None => line,
                        }
                    }),
            );
            Moment {
                minute: d.minute,
                points: d.points_per_minute,
                cause,
                fix,
                evidence,
                culprit: culprit_event,
                principal: principal.map(Cause::key),
            }
        })
        .collect()
}

/// What happened to the "Save replay" button's last press.
#[derive(Resource, Default, Debug, Clone, PartialEq)]
pub struct ReplaySaveStatus(pub Option<Result<String, String>>);

pub fn plugin(app: &mut App) {
    app.init_resource::<ReplaySaveStatus>()
        .add_systems(OnEnter(Screen::Results), forget_saved_replay)
        .add_systems(
            EguiPrimaryContextPass,
            results_screen
                .run_if(in_state(Screen::Results))
                .in_set(HudSystems::Panels),
        );
}

fn forget_saved_replay(mut status: ResMut<ReplaySaveStatus>) {
    status.0 = None;
}

/// Saves the last round's replay through platform storage (into `dir`, or the data
/// directory's `replays/`) and remembers where it went, for the confirmation line.
pub fn save_replay(world: &mut World, dir: Option<&std::path::Path>) {
    let outcome = match world.get_resource::<LastReplay>().and_then(|r| r.0.clone()) {
        Some(replay) => save_replay_file(&replay, dir),
        None => Err(t("results.no_replay").to_string()),
    };
    world.resource_mut::<ReplaySaveStatus>().0 = Some(outcome);
}

fn results_screen(world: &mut World) {
    // the booth kiosk ends a round with its own ceremony (booth.rs)
    if world.contains_resource::<crate::platform::kiosk::Kiosk>() {
        return;
    }
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
        .map(|s| pick(&s.title, &s.title_ko).to_string())
        .unwrap_or_default();
    let saved = world.resource::<ReplaySaveStatus>().0.clone();
    let mut save = false;
    let mut next = None;
    let mut ui = root_ui(&ctx);
    egui::CentralPanel::default()
        .frame(egui::Frame::new().fill(theme::PANEL).inner_margin(28))
        .show(&mut ui, |ui| {
            ui.columns(2, |cols| {
                let ui = &mut cols[0];
                theme::section(ui, &tf("results.section", &[("title", &title)]));
                ui.label(
                    egui::RichText::new(tf(
                        "results.points",
                        &[("points", &format!("{:.0}", score.points))],
                    ))
                    .size(44.0)
                    .strong()
                    .color(if score.points >= 0.0 {
                        theme::ORANGE
                    } else {
                        theme::RED
                    }),
                );
                ui.label(tf(
                    "results.after",
                    &[("minutes", &format!("{:.0}", clock.now / 60.0))],
                ));
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
                        let rows = breakdown(&score);
                        let values: Vec<f64> = rows.iter().map(|(_, v)| *v).collect();
                        let shown = round_to_total(&values, score.points);
                        for ((key, _), pts) in rows.iter().zip(shown) {
                            let (extra, color) = match *key {
                                "results.row.served" => (
                                    tf(
                                        "results.row.revenue",
                                        &[("usd", &format!("{:.2}", score.revenue_usd))],
                                    ),
                                    theme::GREEN,
                                ),
                                "results.row.penalty" => (
                                    tf(
                                        "results.row.failed",
                                        &[("count", &world_failed(&history).to_string())],
                                    ),
                                    theme::RED,
                                ),
                                "results.row.cost" => (
                                    tf(
                                        "results.row.billed",
                                        &[("usd", &format!("{:.2}", score.cost_usd))],
                                    ),
                                    theme::AMBER,
                                ),
                                _ => (t("results.row.steps_note").to_string(), theme::BLUE),
                            };
                            row(ui, t(key), pts as f64, extra, color);
                        }
                        row(
                            ui,
                            t("results.row.total"),
                            score.points.round(),
                            String::new(),
                            theme::ORANGE,
                        );
                    });
                ui.add_space(16.0);
                ui.horizontal(|ui| {
                    if ui
                        .add(
                            theme::primary_button(t("results.play_again"))
                                .min_size(egui::vec2(180.0, 48.0)),
                        )
                        .clicked()
                    {
                        next = Some(Screen::Briefing);
                    }
                    if ui
                        .add(
                            egui::Button::new(t("results.title")).min_size(egui::vec2(160.0, 48.0)),
                        )
                        .clicked()
                    {
                        next = Some(Screen::Title);
                    }
                    if ui
                        .add(
                            egui::Button::new(t("results.save_replay"))
                                .min_size(egui::vec2(160.0, 48.0)),
                        )
                        .on_hover_text(t("results.save_replay_tip"))
                        .clicked()
                    {
                        save = true;
                    }
                });
                match &saved {
                    Some(Ok(path)) => {
                        ui.label(
                            egui::RichText::new(tf("results.replay_saved", &[("path", path)]))
                                .color(theme::GREEN),
                        );
                    }
                    Some(Err(e)) => {
                        ui.label(
                            egui::RichText::new(tf("results.replay_not_saved", &[("error", e)]))
                                .color(theme::RED),
                        );
                    }
                    None => {}
                }
                let ui = &mut cols[1];
                theme::section(ui, t("results.score_over_time"));
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
                        for (time, what) in &incidents {
                            p.vline(
                                VLine::new(what.clone(), time / 60.0)
                                    .color(theme::AMBER)
                                    .style(egui_plot::LineStyle::dashed_loose()),
                            );
                        }
                        for (i, m) in moments.iter().enumerate() {
                            p.vline(
                                VLine::new(
                                    tf("results.worst_n", &[("n", &(i + 1).to_string())]),
                                    m.minute as f64,
                                )
                                .color(theme::RED)
                                .width(1.5),
                            );
                        }
                    });
                ui.add_space(10.0);
                theme::section(ui, t("results.worst"));
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
                                        egui::RichText::new(tf(
                                            "results.moment",
                                            &[
                                                ("n", &(i + 1).to_string()),
                                                ("time", &clock.wall_clock(m.minute as f64 * 60.0)),
                                                ("points", &format!("{:+.0}", m.points)),
                                            ],
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
                                        egui::RichText::new(tf("results.fix", &[("fix", &m.fix)]))
                                            .color(theme::GREEN),
                                    );
                                });
                            ui.add_space(4.0);
                        }
                        if moments.is_empty() {
                            ui.label(t("results.no_minute"));
                        }
                    });
            });
        });
    if save {
        save_replay(world, None);
    }
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

    /// Thirty quiet minutes: 100 requests and 100 points each.
    fn calm_half_hour() -> Vec<Datapoint> {
        (0..30)
            .map(|m| Datapoint {
                minute: m,
                points_per_minute: 100.0,
                requests: 100,
                ..Default::default()
            })
            .collect()
    }

    #[test]
    fn worst_moments_are_spread_and_explained() {
        let mut h = calm_half_hour();
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
        // minute 11 is too close to minute 10, and no other minute lost points: two, not three
        assert_eq!(m.len(), 2, "only minutes that lost points are listed");
        assert_eq!(m[0].minute, 10);
        assert!(m[0].cause.contains("NoHealthyTargets"));
        assert!(m[0].fix.contains("user data"));
        assert_eq!(m[1].minute, 25);
        assert!(m[1].evidence[0].contains("the ALB was deleted"));
        assert!(m.iter().all(|x| x.minute != 11));
    }

    #[test]
    fn a_round_that_never_lost_points_has_no_worst_moments() {
        let m = worst_moments(
            &calm_half_hour(),
            &CloudTrail::default(),
            &[],
            &SimClock::default(),
            3,
        );
        assert!(
            m.is_empty(),
            "{:?}",
            m.iter().map(|x| x.minute).collect::<Vec<_>>()
        );
    }

    #[test]
    fn the_breakdown_adds_up_to_the_score_shown_step_bonuses_included() {
        let score = Score {
            points: 9545.4 - 5548.3 - 2354.6 + 17_000.0,
            request_points: 9545.4,
            failure_points: 5548.3,
            cost_points: 2354.6,
            step_points: 17_000.0,
            ..Default::default()
        };
        let rows = breakdown(&score);
        assert_eq!(rows.len(), 4, "the step bonuses have their own line");
        let values: Vec<f64> = rows.iter().map(|(_, v)| *v).collect();
        assert!((values.iter().sum::<f64>() - score.points).abs() < 1e-6);
        let shown = round_to_total(&values, score.points);
        assert_eq!(shown.iter().sum::<i64>(), score.points.round() as i64);
        // each line moves by less than one point from its exact value
        for (v, r) in values.iter().zip(&shown) {
            assert!((*v - *r as f64).abs() < 1.0, "{v} shown as {r}");
        }
    }

    #[test]
    fn rounding_lines_to_a_total_takes_the_leftover_from_the_largest_fractions() {
        // 0.4 + 0.4 + 0.4 = 1.2 → shown 1: one line gets the point
        assert_eq!(round_to_total(&[0.4, 0.4, 0.4], 1.2).iter().sum::<i64>(), 1);
        assert_eq!(round_to_total(&[0.6, 0.6, -0.2], 1.0), vec![1, 0, 0]);
        assert_eq!(round_to_total(&[10.0, -3.0], 7.0), vec![10, -3]);
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn save_replay_writes_the_round_and_says_where() {
        let mut world = World::new();
        world.init_resource::<ReplaySaveStatus>();
        world.init_resource::<LastReplay>();
        save_replay(&mut world, None);
        assert!(
            matches!(&world.resource::<ReplaySaveStatus>().0, Some(Err(_))),
            "no round yet: an error, not a crash"
        );
        let replay = crate::platform::replay::Replay {
            scenario: "unicorn-rentals".into(),
            seed: 42,
            commands: vec![],
            end_seconds: 600,
            score: Some(1234.5),
            scenario_sha256: None,
            build: None,
        };
        world.resource_mut::<LastReplay>().0 = Some(replay.clone());
        let dir = std::env::temp_dir().join(format!("gameday-results-{}", std::process::id()));
        save_replay(&mut world, Some(&dir));
        let Some(Ok(path)) = world.resource::<ReplaySaveStatus>().0.clone() else {
            panic!("saved: {:?}", world.resource::<ReplaySaveStatus>().0);
        };
        assert!(path.starts_with(&dir.display().to_string()), "{path}");
        let back =
            crate::platform::replay::Replay::from_ron(&std::fs::read_to_string(&path).unwrap());
        assert_eq!(back.unwrap(), replay, "the file re-reads as the same round");
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A trail with one deletion of the site's load balancer at 10:20, by `who`.
    fn trail_with_deletion(who: Principal) -> CloudTrail {
        let mut trail = CloudTrail::default();
        trail.record(crate::sim::trail::TrailEvent::new(
            20.0 * 60.0,
            who,
            crate::sim::command::Command::DeleteLoadBalancer {
                kind: crate::sim::command::LbKind::Application,
                name_or_arn: "unicorn-alb".into(),
            },
            vec!["unicorn-alb".into()],
            None,
        ));
        trail
    }

    #[test]
    fn the_same_outage_gets_different_advice_when_a_stranger_or_the_team_deleted_the_alb() {
        let mut h = calm_half_hour();
        h[22].points_per_minute = -600.0;
        h[22].failed[FailReason::LoadBalancerMissing.index()] = 95;
        let clock = SimClock {
            epoch_unix: 10 * 3600,
            ..Default::default()
        };
        let stranger = Principal::Unknown("arn:aws:iam::123456789012:user/contractor-temp".into());
        let by_stranger = trail_with_deletion(stranger);
        let by_team = trail_with_deletion(Principal::Player);
        let a = &worst_moments(&h, &by_stranger, &[], &clock, 1)[0];
        let b = &worst_moments(&h, &by_team, &[], &clock, 1)[0];
        assert_eq!(a.minute, 22);
        assert_eq!(
            a.cause, b.cause,
            "the same failure reason, the same numbers"
        );
        assert_ne!(a.fix, b.fix, "but different advice");
        // the stranger's deletion names them and asks to take their keys away
        assert!(a.fix.contains("contractor-temp"), "{}", a.fix);
        assert!(a.fix.contains("DeleteLoadBalancer") && a.fix.contains("unicorn-alb"));
        assert!(a.fix.contains("least privilege"), "{}", a.fix);
        // the team's own deletion says to check what depends on it, and blames no one else
        assert!(!b.fix.contains("contractor"), "{}", b.fix);
        assert!(b.fix.contains("Your team"), "{}", b.fix);
        assert!(a.culprit.is_some() && b.culprit.is_some());
        // the deletion is in the evidence too, with its time
        assert!(b.evidence.iter().any(|e| e.contains("DeleteLoadBalancer")));
        // no trail event at all: the general advice only
        let c = &worst_moments(&h, &CloudTrail::default(), &[], &clock, 1)[0];
        assert_eq!(c.fix, fix_for(FailReason::LoadBalancerMissing));
        assert_eq!(c.culprit, None);
    }

    #[test]
    fn a_failed_call_in_the_window_is_named_when_nothing_was_changed() {
        let mut trail = CloudTrail::default();
        trail.record(crate::sim::trail::TrailEvent::new(
            5.0 * 60.0,
            Principal::Player,
            crate::sim::command::Command::DeleteLoadBalancer {
                kind: crate::sim::command::LbKind::Application,
                name_or_arn: "unicorn-alb".into(),
            },
            vec!["unicorn-alb".into()],
            Some(crate::sim::command::ApiError::new(
                "LoadBalancerNotFound",
                "One or more load balancers not found",
            )),
        ));
        let e = culprit(FailReason::LoadBalancerMissing, &trail, 0.0, 600.0).unwrap();
        let advice = culprit_advice(e, &SimClock::default());
        assert!(advice.contains("LoadBalancerNotFound"), "{advice}");
        assert!(culprit(FailReason::SecurityGroupBlocked, &trail, 0.0, 600.0).is_none());
    }
}
