//! CloudWatch (right panel): charts of requests, failures by reason, latency percentiles,
//! hosts, CPU per group and instance, cost rate and score over a chosen window; and alarms —
//! metric alarms, composite alarms, and the step-scaling policies they can trigger.

use super::console::{cli_line, draw_table, outcome_line, tables};
use super::{submit, theme};
use crate::awscli::{parse_line, shell_quote, to_cli};
use crate::i18n::{t, tf};
use crate::sim::alarms::{
    ALARM_METRICS, AlarmState, COMPARISONS, CompositeAlarm, MISSING_DATA, MetricAlarm, PERCENTILES,
    STATISTICS, StepScalingPolicies,
};
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

/// The charts' window and the alarm forms' fields.
#[derive(Resource, Debug)]
pub struct CloudWatchState {
    pub window: ChartWindow,
    pub metric: usize,
    pub statistic: String,
    pub asg_dimension: String,
    pub alarm_name: String,
    pub threshold: String,
    pub comparison: String,
    pub period_minutes: u32,
    pub evaluation_periods: u32,
    pub datapoints: u32,
    pub missing: String,
    pub action: String,
    pub alarm_sent: Option<Ticket>,
    pub composite_name: String,
    pub composite_rule: String,
    pub composite_sent: Option<Ticket>,
    pub policy_group: String,
    pub policy_name: String,
    pub policy_type: String,
    pub policy_steps: String,
    pub policy_sent: Option<Ticket>,
    pub delete_sent: Option<Ticket>,
}

impl Default for CloudWatchState {
    fn default() -> Self {
        Self {
            window: ChartWindow::Min15,
            metric: ALARM_METRICS
                .iter()
                .position(|m| m.1 == "CPUUtilization")
                .unwrap_or(0),
            statistic: "Average".into(),
            asg_dimension: String::new(),
            alarm_name: "cpu-high".into(),
            threshold: "70".into(),
            comparison: "GreaterThanThreshold".into(),
            period_minutes: 1,
            evaluation_periods: 3,
            datapoints: 2,
            missing: "missing".into(),
            action: String::new(),
            alarm_sent: None,
            composite_name: "site-in-trouble".into(),
            composite_rule: String::new(),
            composite_sent: None,
            policy_group: String::new(),
            policy_name: "cpu-step-out".into(),
            policy_type: "ChangeInCapacity".into(),
            policy_steps: "MetricIntervalLowerBound=0,MetricIntervalUpperBound=20,ScalingAdjustment=1 MetricIntervalLowerBound=20,ScalingAdjustment=3".into(),
            policy_sent: None,
            delete_sent: None,
        }
    }
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

/// Rows of the alarm table.
pub fn alarm_table(world: &mut World) -> tables::Table {
    let mood = |s: AlarmState| match s {
        AlarmState::Ok => tables::RowMood::Good,
        AlarmState::Alarm => tables::RowMood::Bad,
        AlarmState::InsufficientData => tables::RowMood::Warn,
    };
    let mut rows = Vec::new();
    for e in all::<MetricAlarm>(world) {
        let a = world.get::<MetricAlarm>(e).unwrap();
        let op = match a.comparison.as_str() {
            "GreaterThanThreshold" => ">",
            "GreaterThanOrEqualToThreshold" => ">=",
            "LessThanThreshold" => "<",
            _ => "<=",
        };
        let dims: Vec<String> = a.dimensions.iter().map(|(_, v)| v.clone()).collect();
        rows.push(tables::Row {
            entity: Some(e),
            cells: vec![
                a.name.clone(),
                alarm_state_label(a.state).into(),
                format!(
                    "{} {}{} {op} {} {}",
                    a.statistic,
                    a.metric_name,
                    if dims.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", dims.join(","))
                    },
                    a.threshold,
                    tf(
                        "alarm.for_periods",
                        &[
                            ("datapoints", &a.datapoints_to_alarm.to_string()),
                            ("periods", &a.evaluation_periods.to_string()),
                            ("seconds", &a.period.to_string()),
                        ],
                    )
                ),
                a.last_values
                    .iter()
                    .map(|v| v.map_or("-".into(), |x| format!("{x:.1}")))
                    .collect::<Vec<_>>()
                    .join(" "),
            ],
            mood: mood(a.state),
        });
    }
    for e in all::<CompositeAlarm>(world) {
        let a = world.get::<CompositeAlarm>(e).unwrap();
        rows.push(tables::Row {
            entity: Some(e),
            cells: vec![
                a.name.clone(),
                alarm_state_label(a.state).into(),
                a.rule.clone(),
                t("alarm.composite").into(),
            ],
            mood: mood(a.state),
        });
    }
    tables::Table {
        headers: vec![
            t("col.alarm"),
            t("col.state"),
            t("col.condition"),
            t("col.last_periods"),
        ],
        rows,
    }
}

/// An alarm state as the console shows it in the current language.
pub fn alarm_state_label(s: AlarmState) -> &'static str {
    t(match s {
        AlarmState::Ok => "alarm.state.ok",
        AlarmState::Alarm => "alarm.state.alarm",
        AlarmState::InsufficientData => "alarm.state.insufficient",
    })
}

/// What a metric measures, in the current language (the metric's own name stays as in AWS).
pub fn metric_description<'a>(metric: &str, english: &'a str) -> &'a str {
    let key = format!("metric.{metric}");
    let text = t(&key);
    if text == key { english } else { text }
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

/// The alarms tab: the alarm table and the forms to create alarms and step policies.
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
                ui.separator();
                metric_alarm_form(ui, world, &mut st);
                ui.separator();
                composite_form(ui, world, &mut st, &table);
                ui.separator();
                step_policy_form(ui, world, &mut st);
            });
    });
}

fn combo(ui: &mut egui::Ui, id: &str, value: &mut String, choices: &[String]) {
    egui::ComboBox::from_id_salt(id)
        .selected_text(if value.is_empty() {
            t("form.none")
        } else {
            value.as_str()
        })
        .show_ui(ui, |ui| {
            for c in choices {
                ui.selectable_value(
                    value,
                    c.clone(),
                    if c.is_empty() { t("form.none") } else { c },
                );
            }
        });
}

fn step_policy_arns(world: &mut World) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for g in all::<AutoScalingGroup>(world) {
        let name = world.get::<AutoScalingGroup>(g).unwrap().name.clone();
        if let Some(p) = world.get::<StepScalingPolicies>(g) {
            for p in &p.0 {
                out.push((p.arn.clone(), format!("{name}: {}", p.name)));
            }
        }
    }
    out
}

/// The metric alarm the form describes.
pub fn metric_alarm_command(st: &CloudWatchState) -> Result<Command, String> {
    let (ns, metric, _) = ALARM_METRICS[st.metric.min(ALARM_METRICS.len() - 1)];
    let stat_opt = if st.statistic.starts_with('p') {
        "--extended-statistic"
    } else {
        "--statistic"
    };
    let mut line = format!(
        "aws cloudwatch put-metric-alarm --alarm-name {} --namespace {ns} --metric-name {metric} {stat_opt} {} --period {} --evaluation-periods {} --datapoints-to-alarm {} --threshold {} --comparison-operator {} --treat-missing-data {}",
        shell_quote(&st.alarm_name),
        shell_quote(&st.statistic),
        st.period_minutes * 60,
        st.evaluation_periods,
        st.datapoints,
        shell_quote(st.threshold.trim()),
        st.comparison,
        st.missing,
    );
    if !st.asg_dimension.is_empty() {
        line.push_str(&format!(
            " --dimensions Name=AutoScalingGroupName,Value={}",
            shell_quote(&st.asg_dimension)
        ));
    }
    if !st.action.is_empty() {
        line.push_str(&format!(" --alarm-actions {}", shell_quote(&st.action)));
    }
    parse_line(&line).map_err(|e| e.message)
}

fn metric_alarm_form(ui: &mut egui::Ui, world: &mut World, st: &mut CloudWatchState) {
    theme::section(ui, t("alarm.create_metric"));
    let groups: Vec<String> = std::iter::once(String::new())
        .chain(
            all::<AutoScalingGroup>(world)
                .into_iter()
                .map(|g| world.get::<AutoScalingGroup>(g).unwrap().name.clone()),
        )
        .collect();
    let actions: Vec<(String, String)> =
        std::iter::once((String::new(), t("alarm.no_action").to_string()))
            .chain(std::iter::once((
                "arn:aws:sns:us-east-1:123456789012:devops-team".to_string(),
                t("alarm.notify").to_string(),
            )))
            .chain(step_policy_arns(world))
            .collect();
    egui::Grid::new("alarm-form").num_columns(2).show(ui, |ui| {
        ui.label(t("alarm.name"));
        ui.text_edit_singleline(&mut st.alarm_name);
        ui.end_row();
        ui.label(t("alarm.metric"));
        egui::ComboBox::from_id_salt("alarm-metric")
            .selected_text(format!(
                "{} {}",
                ALARM_METRICS[st.metric].0, ALARM_METRICS[st.metric].1
            ))
            .show_ui(ui, |ui| {
                for (i, (ns, m, what)) in ALARM_METRICS.iter().enumerate() {
                    ui.selectable_value(
                        &mut st.metric,
                        i,
                        format!("{ns} {m} — {}", metric_description(m, what)),
                    );
                }
            });
        ui.end_row();
        ui.label(t("alarm.statistic"));
        let stats: Vec<String> = STATISTICS
            .iter()
            .chain(PERCENTILES)
            .map(|s| s.to_string())
            .collect();
        combo(ui, "alarm-stat", &mut st.statistic, &stats);
        ui.end_row();
        ui.label(t("alarm.group"));
        combo(ui, "alarm-dim", &mut st.asg_dimension, &groups);
        ui.end_row();
        ui.label(t("alarm.condition"));
        ui.horizontal(|ui| {
            let cmps: Vec<String> = COMPARISONS.iter().map(|s| s.to_string()).collect();
            combo(ui, "alarm-cmp", &mut st.comparison, &cmps);
            ui.add(egui::TextEdit::singleline(&mut st.threshold).desired_width(60.0));
        });
        ui.end_row();
        ui.label(t("alarm.period"));
        ui.add(egui::Slider::new(&mut st.period_minutes, 1..=15));
        ui.end_row();
        ui.label(t("alarm.evaluation_periods"));
        ui.add(egui::Slider::new(&mut st.evaluation_periods, 1..=10));
        ui.end_row();
        st.datapoints = st.datapoints.clamp(1, st.evaluation_periods);
        ui.label(t("alarm.datapoints"));
        ui.add(egui::Slider::new(
            &mut st.datapoints,
            1..=st.evaluation_periods,
        ));
        ui.end_row();
        ui.label(t("alarm.missing"));
        let md: Vec<String> = MISSING_DATA.iter().map(|s| s.to_string()).collect();
        combo(ui, "alarm-missing", &mut st.missing, &md);
        ui.end_row();
        ui.label(t("alarm.action"));
        egui::ComboBox::from_id_salt("alarm-action")
            .selected_text(
                actions
                    .iter()
                    .find(|(a, _)| *a == st.action)
                    .map(|(_, l)| l.clone())
                    .unwrap_or_else(|| st.action.clone()),
            )
            .show_ui(ui, |ui| {
                for (arn, label) in &actions {
                    ui.selectable_value(&mut st.action, arn.clone(), label);
                }
            });
        ui.end_row();
    });
    let cmd = metric_alarm_command(st);
    if ui
        .add_enabled(cmd.is_ok(), theme::primary_button(t("alarm.create")))
        .clicked()
        && let Ok(c) = &cmd
    {
        st.alarm_sent = Some(submit::submit(world, c.clone()));
    }
    match &cmd {
        Ok(c) => cli_line(ui, &to_cli(c)),
        Err(e) => {
            ui.colored_label(theme::RED, e);
        }
    }
    outcome_line(ui, world, st.alarm_sent);
}

fn composite_form(
    ui: &mut egui::Ui,
    world: &mut World,
    st: &mut CloudWatchState,
    table: &tables::Table,
) {
    theme::section(ui, t("alarm.create_composite"));
    if st.composite_rule.is_empty() && table.rows.len() >= 2 {
        st.composite_rule = format!(
            "ALARM(\"{}\") AND ALARM(\"{}\")",
            table.rows[0].cells[0], table.rows[1].cells[0]
        );
    }
    ui.horizontal(|ui| {
        ui.label(t("alarm.name"));
        ui.text_edit_singleline(&mut st.composite_name);
    });
    ui.label(t("alarm.rule"));
    ui.add(
        egui::TextEdit::singleline(&mut st.composite_rule)
            .font(egui::TextStyle::Monospace)
            .hint_text("ALARM(\"cpu-high\") OR ALARM(\"errors\")")
            .desired_width(f32::INFINITY),
    );
    let line = format!(
        "aws cloudwatch put-composite-alarm --alarm-name {} --alarm-rule {}{}",
        shell_quote(&st.composite_name),
        shell_quote(&st.composite_rule),
        if st.action.is_empty() {
            String::new()
        } else {
            format!(" --alarm-actions {}", shell_quote(&st.action))
        }
    );
    let cmd = parse_line(&line);
    if ui
        .add_enabled(
            cmd.is_ok(),
            theme::primary_button(t("alarm.create_composite_button")),
        )
        .on_hover_text(t("alarm.uses_action"))
        .clicked()
        && let Ok(c) = &cmd
    {
        st.composite_sent = Some(submit::submit(world, c.clone()));
    }
    match &cmd {
        Ok(c) => cli_line(ui, &to_cli(c)),
        Err(e) => {
            ui.colored_label(theme::RED, &e.message);
        }
    }
    outcome_line(ui, world, st.composite_sent);
}

fn step_policy_form(ui: &mut egui::Ui, world: &mut World, st: &mut CloudWatchState) {
    theme::section(ui, t("alarm.step_section"));
    let groups: Vec<String> = all::<AutoScalingGroup>(world)
        .into_iter()
        .map(|g| world.get::<AutoScalingGroup>(g).unwrap().name.clone())
        .collect();
    if groups.is_empty() {
        ui.label(egui::RichText::new(t("alarm.need_group")).color(theme::DIM));
        return;
    }
    if !groups.contains(&st.policy_group) {
        st.policy_group = groups[0].clone();
    }
    egui::Grid::new("step-form").num_columns(2).show(ui, |ui| {
        ui.label(t("alarm.step_group"));
        combo(ui, "step-group", &mut st.policy_group, &groups);
        ui.end_row();
        ui.label(t("alarm.policy_name"));
        ui.text_edit_singleline(&mut st.policy_name);
        ui.end_row();
        ui.label(t("alarm.adjustment"));
        let types: Vec<String> = [
            "ChangeInCapacity",
            "PercentChangeInCapacity",
            "ExactCapacity",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        combo(ui, "step-type", &mut st.policy_type, &types);
        ui.end_row();
    });
    ui.label(
        egui::RichText::new(t("alarm.steps"))
            .small()
            .color(theme::DIM),
    );
    ui.add(
        egui::TextEdit::multiline(&mut st.policy_steps)
            .font(egui::TextStyle::Monospace)
            .desired_rows(2)
            .desired_width(f32::INFINITY),
    );
    let mut line = format!(
        "aws autoscaling put-scaling-policy --auto-scaling-group-name {} --policy-name {} --policy-type StepScaling --adjustment-type {} --step-adjustments",
        shell_quote(&st.policy_group),
        shell_quote(&st.policy_name),
        st.policy_type
    );
    for w in st.policy_steps.split_whitespace() {
        line.push(' ');
        line.push_str(&shell_quote(w));
    }
    let cmd = parse_line(&line);
    if ui
        .add_enabled(cmd.is_ok(), theme::primary_button(t("alarm.create_step")))
        .clicked()
        && let Ok(c) = &cmd
    {
        st.policy_sent = Some(submit::submit(world, c.clone()));
    }
    match &cmd {
        Ok(c) => cli_line(ui, &to_cli(c)),
        Err(e) => {
            ui.colored_label(theme::RED, &e.message);
        }
    }
    outcome_line(ui, world, st.policy_sent);
    ui.label(
        egui::RichText::new(t("alarm.then_pick"))
            .small()
            .color(theme::DIM),
    );
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
    fn the_alarm_form_makes_a_put_metric_alarm() {
        let st = CloudWatchState {
            asg_dimension: "unicorn-asg".into(),
            ..Default::default()
        };
        let Command::PutMetricAlarm {
            metric_name,
            threshold,
            dimensions,
            datapoints_to_alarm,
            ..
        } = metric_alarm_command(&st).unwrap()
        else {
            panic!("not an alarm")
        };
        assert_eq!(metric_name, "CPUUtilization");
        assert_eq!(threshold, 70.0);
        assert_eq!(datapoints_to_alarm, Some(2));
        assert_eq!(
            dimensions,
            vec![("AutoScalingGroupName".into(), "unicorn-asg".into())]
        );
        let bad = CloudWatchState {
            threshold: "lots".into(),
            ..Default::default()
        };
        assert!(
            metric_alarm_command(&bad)
                .unwrap_err()
                .contains("--threshold")
        );
    }
}
