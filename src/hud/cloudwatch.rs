//! CloudWatch (right panel): charts of requests, failures by reason, latency percentiles,
//! hosts, CPU per group and instance, cost rate and score over a chosen window; and alarms —
//! metric alarms, composite alarms, and the step-scaling policies they can trigger.

use super::console::tables::alarm_table;
use super::console::{Forms, draw_table, form, outcome_line};
use super::{submit, theme};
use crate::i18n::{t, tf};
use crate::sim::alarms::{AlarmState, CompositeAlarm, MetricAlarm};
use crate::sim::chaos::ChaosState;
use crate::sim::command::Command;
use crate::sim::command::Ticket;
use crate::sim::flow::FAIL_REASONS;
use crate::sim::metrics::{Datapoint, Metrics};
use crate::sim::model::*;
use crate::sim::world::all;
use bevy::prelude::*;
use bevy_egui::egui;
use egui_plot::{Line, Plot, PlotItem, PlotPoints, VLine};

/// How much history the charts show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartWindow {
    Min15,
    Hour,
    All,
}

impl ChartWindow {
    pub fn minutes(self) -> Option<usize> {
        match self {
            ChartWindow::Min15 => Some(15),
            ChartWindow::Hour => Some(60),
            ChartWindow::All => None,
        }
    }
}

/// The charts' window, and the alarms tab's forms (the console's form machinery, with the
/// tab's own fields) and its last deletion.
#[derive(Resource, Debug)]
pub struct CloudWatchState {
    pub window: ChartWindow,
    pub forms: Forms,
    pub delete_sent: Option<Ticket>,
}

impl Default for CloudWatchState {
    fn default() -> Self {
        Self {
            window: ChartWindow::Min15,
            // the metric alarm form starts open: it is what the tab is for
            forms: Forms {
                open: Some("cloudwatch put-metric-alarm".into()),
                ..Default::default()
            },
            delete_sent: None,
        }
    }
}

/// Where the alarms tab's step-scaling form starts (the console's starts at target tracking).
pub fn step_policy_preset() -> Vec<(&'static str, String)> {
    vec![
        ("--policy-name", "cpu-step-out".into()),
        ("--policy-type", "StepScaling".into()),
        ("--adjustment-type", "ChangeInCapacity".into()),
        (
            "--step-adjustments",
            "MetricIntervalLowerBound=0,MetricIntervalUpperBound=20,ScalingAdjustment=1 \
             MetricIntervalLowerBound=20,ScalingAdjustment=3"
                .into(),
        ),
        ("--target-tracking-configuration", String::new()),
        ("--estimated-instance-warmup", String::new()),
    ]
}

/// The datapoints inside the window (the newest `minutes`, or all).
pub fn window(history: &[Datapoint], minutes: Option<usize>) -> &[Datapoint] {
    &history[window_start(history.len(), minutes)..]
}

/// Index of the first datapoint inside the window, for a history of `len` minutes.
pub fn window_start(len: usize, minutes: Option<usize>) -> usize {
    minutes.map_or(0, |m| len.saturating_sub(m))
}

/// A chart series: (minute since start, value) for the datapoints that have a value.
pub fn series(history: &[Datapoint], f: impl Fn(&Datapoint) -> Option<f64>) -> Vec<[f64; 2]> {
    history
        .iter()
        .filter_map(|d| f(d).map(|v| [d.minute as f64, v]))
        .collect()
}

/// Per-instance CPU series from `cpu_history` (one value per closed minute, newest last),
/// aligned so its last value sits on `last_minute`, clipped to the window's first minute.
pub fn instance_cpu_series(cpu_history: &[f32], last_minute: u32, from: u32) -> Vec<[f64; 2]> {
    let n = cpu_history.len() as i64;
    cpu_history
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let minute = last_minute as i64 - (n - 1 - i as i64);
            (minute >= from as i64).then_some([minute as f64, *v as f64])
        })
        .collect()
}

/// Failure reasons with any failures in the window, with their series.
pub fn failure_series(history: &[Datapoint]) -> Vec<(&'static str, Vec<[f64; 2]>)> {
    FAIL_REASONS
        .iter()
        .filter(|r| history.iter().any(|d| d.failed[r.index()] > 0))
        .map(|r| {
            (
                r.name(),
                series(history, |d| Some(d.failed[r.index()] as f64)),
            )
        })
        .collect()
}

/// Alarms in ALARM (metric and composite).
pub fn alarms_firing(world: &mut World) -> usize {
    let mut q = world.query::<&MetricAlarm>();
    let m = q
        .iter(world)
        .filter(|a| a.state == AlarmState::Alarm)
        .count();
    let mut q = world.query::<&CompositeAlarm>();
    m + q
        .iter(world)
        .filter(|a| a.state == AlarmState::Alarm)
        .count()
}

fn chart(
    ui: &mut egui::Ui,
    id: &str,
    title: &str,
    height: f32,
    lines: Vec<Line<'static>>,
    marks: &[f64],
) {
    ui.label(egui::RichText::new(title).strong());
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 10.0;
        for l in &lines {
            if !l.name().is_empty() {
                ui.label(
                    egui::RichText::new(format!("■ {}", l.name()))
                        .small()
                        .color(l.color()),
                );
            }
        }
    });
    Plot::new(id)
        .height(height)
        .show_background(false)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        .y_axis_min_width(36.0)
        .x_axis_formatter(|m, _| format!("{}m", m.value))
        .show(ui, |p| {
            for l in lines {
                p.line(l);
            }
            for (i, x) in marks.iter().enumerate() {
                p.vline(
                    VLine::new(if i == 0 { t("cw.incident") } else { "" }, *x)
                        .color(theme::AMBER)
                        .style(egui_plot::LineStyle::dashed_loose()),
                );
            }
        });
}

fn line(name: &str, points: Vec<[f64; 2]>, color: egui::Color32) -> Line<'static> {
    Line::new(name.to_string(), PlotPoints::from(points))
        .color(color)
        .width(2.0)
}

const PALETTE: [egui::Color32; 6] = [
    egui::Color32::from_rgb(0xff, 0x99, 0x00),
    egui::Color32::from_rgb(0x53, 0x9f, 0xe5),
    egui::Color32::from_rgb(0xc5, 0x86, 0xc0),
    egui::Color32::from_rgb(0x3f, 0xb9, 0x50),
    egui::Color32::from_rgb(0xf2, 0xc0, 0x3c),
    egui::Color32::from_rgb(0x4e, 0xc9, 0xb0),
];

/// The charts tab.
pub fn show_metrics(ui: &mut egui::Ui, world: &mut World) {
    let mut win = world.resource::<CloudWatchState>().window;
    ui.horizontal(|ui| {
        ui.label(t("cw.window"));
        for (w, l) in [
            (ChartWindow::Min15, t("cw.window.15m")),
            (ChartWindow::Hour, t("cw.window.1h")),
            (ChartWindow::All, t("cw.window.all")),
        ] {
            ui.selectable_value(&mut win, w, l);
        }
    });
    world.resource_mut::<CloudWatchState>().window = win;
    // Copy only the window (the history holds a day of datapoints; this runs every frame).
    let h: Vec<Datapoint> = {
        let all = &world.resource::<Metrics>().history;
        all.iter()
            .skip(window_start(all.len(), win.minutes()))
            .cloned()
            .collect()
    };
    let h = &h[..];
    if h.is_empty() {
        ui.label(egui::RichText::new(t("cw.no_data")).color(theme::DIM));
        return;
    }
    let from = h.first().map(|d| d.minute).unwrap_or(0);
    let last = h.last().map(|d| d.minute).unwrap_or(0);
    let marks: Vec<f64> = world
        .get_resource::<ChaosState>()
        .map(|c| {
            c.log
                .iter()
                .map(|(t, _)| t / 60.0)
                .filter(|m| *m >= from as f64)
                .collect()
        })
        .unwrap_or_default();
    let ch = 120.0;
    egui::ScrollArea::vertical()
        .id_salt("cw-scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            chart(
                ui,
                "cw-req",
                t("cw.chart.requests"),
                ch,
                vec![
                    line(
                        t("cw.series.requests"),
                        series(h, |d| Some(d.requests as f64)),
                        theme::BLUE,
                    ),
                    line(
                        t("cw.series.ok"),
                        series(h, |d| Some(d.ok as f64)),
                        theme::GREEN,
                    ),
                    line(
                        t("cw.series.failed"),
                        series(h, |d| Some(d.failed_total() as f64)),
                        theme::RED,
                    ),
                ],
                &marks,
            );
            let fails = failure_series(h);
            if !fails.is_empty() {
                let lines = fails
                    .into_iter()
                    .enumerate()
                    .map(|(i, (n, s))| line(n, s, PALETTE[i % PALETTE.len()]))
                    .collect();
                chart(ui, "cw-fail", t("cw.chart.failures"), ch, lines, &marks);
            }
            let names = ["p50", "p90", "p95", "p99"];
            let lines = (0..4)
                .map(|i| line(names[i], series(h, |d| d.latency_ms[i]), PALETTE[i]))
                .collect();
            chart(ui, "cw-lat", t("cw.chart.latency"), ch, lines, &marks);
            chart(
                ui,
                "cw-hosts",
                t("cw.chart.hosts"),
                ch * 0.8,
                vec![
                    line(
                        t("cw.series.healthy"),
                        series(h, |d| Some(d.healthy_hosts as f64)),
                        theme::GREEN,
                    ),
                    line(
                        t("cw.series.unhealthy"),
                        series(h, |d| Some(d.unhealthy_hosts as f64)),
                        theme::RED,
                    ),
                    line(
                        t("cw.series.running"),
                        series(h, |d| Some(d.instances_running as f64)),
                        theme::DIM,
                    ),
                ],
                &[],
            );
            let mut lines = vec![line(
                t("cw.series.average"),
                series(h, |d| Some(d.cpu_avg)),
                theme::TEXT,
            )];
            let mut groups: Vec<String> = Vec::new();
            for d in h {
                for (g, _) in &d.cpu_by_asg {
                    if !groups.contains(g) {
                        groups.push(g.clone());
                    }
                }
            }
            for (i, g) in groups.iter().enumerate() {
                lines.push(line(
                    &format!("ASG {g}"),
                    series(h, |d| {
                        d.cpu_by_asg.iter().find(|(n, _)| n == g).map(|x| x.1)
                    }),
                    PALETTE[i % PALETTE.len()],
                ));
            }
            let instances = all::<Instance>(world);
            let mut n = 0;
            for e in instances {
                let alive = world.get::<Instance>(e).is_some_and(|i| i.alive());
                let Some(load) = world.get::<InstanceLoad>(e) else {
                    continue;
                };
                if !alive || load.cpu_history.is_empty() || n >= 8 {
                    continue;
                }
                let hist: Vec<f32> = load.cpu_history.iter().copied().collect();
                let name = world
                    .get::<Name>(e)
                    .map(|n| n.as_str().to_string())
                    .unwrap_or_default();
                lines.push(
                    line(&name, instance_cpu_series(&hist, last, from), theme::DIM).width(1.0),
                );
                n += 1;
            }
            chart(ui, "cw-cpu", t("cw.chart.cpu"), ch, lines, &[]);
            chart(
                ui,
                "cw-cost",
                t("cw.chart.cost"),
                ch * 0.8,
                vec![line(
                    "$/h",
                    series(h, |d| Some(d.cost_rate_usd_h)),
                    theme::AMBER,
                )],
                &[],
            );
            chart(
                ui,
                "cw-score",
                t("cw.chart.score"),
                ch,
                vec![line(
                    t("cw.series.score"),
                    series(h, |d| Some(d.score)),
                    theme::ORANGE,
                )],
                &marks,
            );
        });
}

/// The alarms tab: the alarm table, and the forms to create metric alarms, composite alarms
/// and the step-scaling policies an alarm can trigger.
pub fn show_alarms(ui: &mut egui::Ui, world: &mut World) {
    world.resource_scope(|world, mut st: Mut<CloudWatchState>| {
        egui::ScrollArea::vertical()
            .id_salt("alarms-scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let table = alarm_table(world);
                theme::section(
                    ui,
                    &tf(
                        "alarm.section",
                        &[("count", &alarms_firing(world).to_string())],
                    ),
                );
                draw_table(ui, world, &table);
                if !table.rows.is_empty() {
                    ui.horizontal(|ui| {
                        ui.label(t("alarm.delete"));
                        for r in &table.rows {
                            if theme::small_button(ui, &r.cells[0]).clicked() {
                                st.delete_sent = Some(submit::submit(
                                    world,
                                    Command::DeleteAlarms {
                                        alarm_names: vec![r.cells[0].clone()],
                                    },
                                ));
                            }
                        }
                    });
                    outcome_line(ui, world, st.delete_sent);
                }
                theme::section(ui, t("alarm.create_metric"));
                form(
                    ui,
                    world,
                    &mut st.forms,
                    "cloudwatch",
                    "put-metric-alarm",
                    &[],
                );
                theme::section(ui, t("alarm.create_composite"));
                form(
                    ui,
                    world,
                    &mut st.forms,
                    "cloudwatch",
                    "put-composite-alarm",
                    &[],
                );
                theme::section(ui, t("alarm.step_section"));
                if all::<AutoScalingGroup>(world).is_empty() {
                    ui.label(egui::RichText::new(t("alarm.need_group")).color(theme::DIM));
                } else {
                    let preset = step_policy_preset();
                    form(
                        ui,
                        world,
                        &mut st.forms,
                        "autoscaling",
                        "put-scaling-policy",
                        &preset,
                    );
                    ui.label(
                        egui::RichText::new(t("alarm.then_pick"))
                            .small()
                            .color(theme::DIM),
                    );
                }
            });
    });
}

pub fn plugin(app: &mut App) {
    app.init_resource::<CloudWatchState>()
        .add_systems(OnEnter(crate::screens::Screen::Playing), reset);
}

fn reset(mut st: ResMut<CloudWatchState>) {
    *st = CloudWatchState::default();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dp(minute: u32, requests: u64, p99: Option<f64>) -> Datapoint {
        Datapoint {
            minute,
            requests,
            latency_ms: [None, None, None, p99],
            ..Default::default()
        }
    }

    #[test]
    fn series_follow_the_window_and_skip_missing_values() {
        let h: Vec<Datapoint> = (0..30)
            .map(|m| dp(m, m as u64 * 10, (m % 2 == 0).then_some(100.0)))
            .collect();
        let w = window(&h, ChartWindow::Min15.minutes());
        assert_eq!(w.len(), 15);
        assert_eq!(w[0].minute, 15);
        assert_eq!(window(&h, None).len(), 30);
        let s = series(w, |d| Some(d.requests as f64));
        assert_eq!(s[0], [15.0, 150.0]);
        let p99 = series(w, |d| d.latency_ms[3]);
        assert_eq!(p99.len(), 7, "odd minutes have no latency");
    }

    #[test]
    fn instance_cpu_aligns_to_the_last_minute() {
        let s = instance_cpu_series(&[10.0, 20.0, 30.0], 9, 8);
        assert_eq!(s, vec![[8.0, 20.0], [9.0, 30.0]]);
    }

    #[test]
    fn failures_only_list_reasons_that_happened() {
        let mut d = dp(0, 10, None);
        d.failed[crate::sim::flow::FailReason::SurgeQueueFull.index()] = 4;
        let f = failure_series(&[d]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "SurgeQueueFull");
        assert_eq!(f[0].1, vec![[0.0, 4.0]]);
    }

    #[test]
    fn the_alarm_forms_make_an_alarm_and_a_step_policy_from_the_estate() {
        use crate::hud::console::forms::{default_values, form_command};
        let mut app = crate::headless::start("unicorn-rentals", 7).unwrap();
        let world = app.world_mut();
        let (values, flags) = default_values(world, "cloudwatch", "put-metric-alarm", None, &[]);
        let Command::PutMetricAlarm {
            metric_name,
            threshold,
            datapoints_to_alarm,
            ..
        } = form_command("cloudwatch", "put-metric-alarm", &values, &flags).unwrap()
        else {
            panic!("not an alarm")
        };
        assert_eq!(metric_name, "CPUUtilization");
        assert_eq!(threshold, 70.0);
        assert_eq!(datapoints_to_alarm, Some(2));
        // the step form starts as step scaling, not as the console's target tracking
        let preset = step_policy_preset();
        let (values, flags) =
            default_values(world, "autoscaling", "put-scaling-policy", None, &preset);
        let line = crate::hud::console::forms::form_line(
            "autoscaling",
            "put-scaling-policy",
            &crate::hud::console::forms::form_options("autoscaling", "put-scaling-policy"),
            &values,
            &flags,
        );
        assert!(line.contains("--policy-type StepScaling"), "{line}");
        assert!(!line.contains("--target-tracking-configuration"), "{line}");
        assert!(line.contains("--step-adjustments"), "{line}");
    }
}
