//! Table rows from the world, one function per console page (plain functions, unit-tested).

use crate::i18n::{t, tf};
use crate::sim::alarms::{AlarmState, CompositeAlarm, MetricAlarm};
use crate::sim::command::LbKind;
use crate::sim::model::*;
use crate::sim::world::{all, id_of};
use bevy::prelude::*;

/// How a row should stand out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowMood {
    Normal,
    Good,
    Warn,
    Bad,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub entity: Option<Entity>,
    pub cells: Vec<String>,
    pub mood: RowMood,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub headers: Vec<&'static str>,
    pub rows: Vec<Row>,
}

fn name(world: &World, e: Entity) -> String {
    world
        .get::<Name>(e)
        .map(|n| n.as_str().to_string())
        .unwrap_or_default()
}

fn row(entity: Entity, cells: Vec<String>, mood: RowMood) -> Row {
    Row {
        entity: Some(entity),
        cells,
        mood,
    }
}

pub fn instances(world: &mut World) -> Table {
    let mut rows = Vec::new();
    for e in all::<Instance>(world) {
        let i = world.get::<Instance>(e).unwrap().clone();
        if i.state == InstanceState::Terminated {
            continue;
        }
        let cpu = world.get::<InstanceLoad>(e).map(|l| l.cpu).unwrap_or(0.0);
        let mood = if i.boot.failure.is_some() && i.state == InstanceState::Running {
            RowMood::Bad
        } else if i.serving() {
            RowMood::Good
        } else {
            RowMood::Warn
        };
        let state = if i.state == InstanceState::Running && !i.boot.app_running {
            t("table.app_down").to_string()
        } else {
            // as describe-instances names it (stopped included)
            crate::sim::describe::instance_state(world, e, &i)
                .1
                .to_string()
        };
        rows.push(row(
            e,
            vec![
                name(world, e),
                id_of(world, e),
                i.instance_type.clone(),
                state,
                name(world, i.subnet),
                format!("{cpu:.0}%"),
            ],
            mood,
        ));
    }
    Table {
        headers: vec![
            t("col.name"),
            t("col.instance_id"),
            t("col.type"),
            t("col.state"),
            t("col.subnet"),
            t("col.cpu"),
        ],
        rows,
    }
}

pub fn launch_templates(world: &mut World) -> Table {
    let mut rows = Vec::new();
    for e in all::<LaunchTemplate>(world) {
        let t = world.get::<LaunchTemplate>(e).unwrap();
        let latest = t.resolve("$Latest").cloned();
        rows.push(row(
            e,
            vec![
                t.name.clone(),
                id_of(world, e),
                t.default_version.to_string(),
                t.latest().to_string(),
                latest.map(|v| v.instance_type).unwrap_or_default(),
            ],
            RowMood::Normal,
        ));
    }
    Table {
        headers: vec![
            t("col.name"),
            t("col.template_id"),
            t("col.default"),
            t("col.latest"),
            t("col.type"),
        ],
        rows,
    }
}

pub fn subnets(world: &mut World) -> Table {
    let mut rows = Vec::new();
    for e in all::<Subnet>(world) {
        let s = world.get::<Subnet>(e).unwrap();
        let mood = if s.free() < 8 {
            RowMood::Warn
        } else {
            RowMood::Normal
        };
        rows.push(row(
            e,
            vec![
                name(world, e),
                id_of(world, e),
                s.cidr.to_string(),
                s.az.clone(),
                tf(
                    "insp.of",
                    &[
                        ("part", &s.free().to_string()),
                        ("whole", &s.cidr.usable().to_string()),
                    ],
                ),
                if s.public {
                    t("table.public")
                } else {
                    t("table.private")
                }
                .into(),
            ],
            mood,
        ));
    }
    Table {
        headers: vec![
            t("col.name"),
            t("col.subnet_id"),
            t("col.cidr"),
            t("col.az"),
            t("col.free_ips"),
            t("col.routing"),
        ],
        rows,
    }
}

pub fn route_tables(world: &mut World) -> Table {
    let subnets = all::<Subnet>(world);
    let mut rows = Vec::new();
    for e in all::<RouteTable>(world) {
        let r = world.get::<RouteTable>(e).unwrap().clone();
        let routes: Vec<String> = r
            .routes
            .iter()
            .map(|x| format!("{} → {}", x.destination, x.target))
            .collect();
        let assoc: Vec<String> = subnets
            .iter()
            .filter(|&&s| world.get::<Subnet>(s).unwrap().route_table == Some(e))
            .map(|&s| name(world, s))
            .collect();
        rows.push(row(
            e,
            vec![
                name(world, e),
                id_of(world, e),
                if r.main {
                    t("table.yes")
                } else {
                    t("table.no")
                }
                .into(),
                routes.join(", "),
                assoc.join(", "),
            ],
            RowMood::Normal,
        ));
    }
    Table {
        headers: vec![
            t("col.name"),
            t("col.route_table_id"),
            t("col.main"),
            t("col.routes"),
            t("col.subnets"),
        ],
        rows,
    }
}

pub fn security_groups(world: &mut World) -> Table {
    let mut rows = Vec::new();
    for e in all::<SecurityGroup>(world) {
        let g = world.get::<SecurityGroup>(e).unwrap().clone();
        let rules: Vec<String> = g
            .rules
            .iter()
            .map(|r| {
                let from = match &r.source {
                    crate::sim::command::IngressSource::Cidr(c) => c.clone(),
                    crate::sim::command::IngressSource::Group(g) => {
                        crate::sim::world::find::<SecurityGroup>(world, g)
                            .and_then(|e| world.get::<SecurityGroup>(e))
                            .map(|x| x.group_name.clone())
                            .unwrap_or_else(|| g.clone())
                    }
                };
                format!("{}:{} from {from}", r.protocol, r.from_port)
            })
            .collect();
        rows.push(row(
            e,
            vec![g.group_name.clone(), id_of(world, e), rules.join("; ")],
            RowMood::Normal,
        ));
    }
    Table {
        headers: vec![t("col.name"), t("col.group_id"), t("col.inbound_rules")],
        rows,
    }
}

/// Targets (healthy, total) behind a load balancer.
pub fn lb_targets(world: &World, lb: &LoadBalancer) -> (usize, usize) {
    let targets: Vec<TargetHealthState> = match lb.kind {
        LbKind::Classic => lb.classic_targets.iter().map(|t| t.state).collect(),
        LbKind::Application => lb
            .listeners
            .iter()
            .filter_map(|l| l.target_group)
            .filter_map(|tg| world.get::<TargetGroup>(tg))
            .flat_map(|tg| tg.targets.iter().map(|t| t.state))
            .collect(),
    };
    (
        targets
            .iter()
            .filter(|s| **s == TargetHealthState::Healthy)
            .count(),
        targets.len(),
    )
}

pub fn load_balancers(world: &mut World) -> Table {
    let dns = world.get_resource::<Dns>().and_then(|d| d.target.clone());
    let mut rows = Vec::new();
    for e in all::<LoadBalancer>(world) {
        let l = world.get::<LoadBalancer>(e).unwrap();
        let (healthy, total) = lb_targets(world, l);
        let serving = matches!(&dns, Some(DnsTarget::Alias(n)) if *n == l.dns_name);
        let mood = if healthy == 0 {
            RowMood::Bad
        } else if healthy < total {
            RowMood::Warn
        } else {
            RowMood::Good
        };
        rows.push(row(
            e,
            vec![
                l.name.clone(),
                match l.kind {
                    LbKind::Classic => "classic",
                    LbKind::Application => "application",
                }
                .into(),
                match l.state {
                    LbState::Provisioning => "provisioning",
                    LbState::Active => "active",
                }
                .into(),
                format!("{healthy}/{total}"),
                format!("{}{}", l.dns_name, if serving { "  ← www" } else { "" }),
            ],
            mood,
        ));
    }
    Table {
        headers: vec![
            t("col.name"),
            t("col.type"),
            t("col.state"),
            t("col.healthy"),
            t("col.dns_name"),
        ],
        rows,
    }
}

pub fn target_groups(world: &mut World) -> Table {
    let mut rows = Vec::new();
    for e in all::<TargetGroup>(world) {
        let in_use = crate::sim::describe::group_in_use(world, e);
        let t = world.get::<TargetGroup>(e).unwrap();
        let healthy = t
            .targets
            .iter()
            .filter(|x| x.state == TargetHealthState::Healthy)
            .count();
        let mood = if t.targets.is_empty() || healthy == 0 {
            RowMood::Bad
        } else if healthy < t.targets.len() {
            RowMood::Warn
        } else {
            RowMood::Good
        };
        // the reason describe-target-health gives for the first target that has one
        let reasons: Vec<String> = t
            .targets
            .iter()
            .filter_map(|x| crate::sim::describe::target_health(world, x, in_use).1)
            .map(|(code, _)| code.to_string())
            .collect();
        rows.push(row(
            e,
            vec![
                t.name.clone(),
                format!("{}:{} {}", t.protocol, t.port, t.health.path),
                format!("{healthy}/{}", t.targets.len()),
                reasons.first().cloned().unwrap_or_default(),
            ],
            mood,
        ));
    }
    Table {
        headers: vec![
            t("col.name"),
            t("col.protocol_port_check"),
            t("col.healthy"),
            t("col.last_failure"),
        ],
        rows,
    }
}

pub fn auto_scaling_groups(world: &mut World) -> Table {
    let instances = all::<Instance>(world);
    let mut rows = Vec::new();
    for e in all::<AutoScalingGroup>(world) {
        let a = world.get::<AutoScalingGroup>(e).unwrap().clone();
        let n = instances
            .iter()
            .filter(|&&i| {
                let i = world.get::<Instance>(i).unwrap();
                i.asg == Some(e) && i.alive()
            })
            .count();
        let lt = world
            .get::<LaunchTemplate>(a.template)
            .map(|t| t.name.clone())
            .unwrap_or_default();
        rows.push(row(
            e,
            vec![
                a.name.clone(),
                format!("{}/{}/{}", a.min_size, a.desired, a.max_size),
                n.to_string(),
                format!("{lt}:{}", a.template_version),
                format!("{:?}", a.health_check_type).to_uppercase(),
            ],
            if a.policies.is_empty() {
                RowMood::Warn
            } else {
                RowMood::Normal
            },
        ));
    }
    Table {
        headers: vec![
            t("col.name"),
            t("col.min_desired_max"),
            t("col.instances"),
            t("col.template"),
            t("col.health"),
        ],
        rows,
    }
}

pub fn scaling_policies(world: &mut World) -> Table {
    let mut rows = Vec::new();
    for e in all::<AutoScalingGroup>(world) {
        let a = world.get::<AutoScalingGroup>(e).unwrap();
        for p in &a.policies {
            rows.push(row(
                e,
                vec![
                    a.name.clone(),
                    p.name.clone(),
                    "TargetTracking".into(),
                    format!(
                        "{} = {}",
                        p.config.predefined_metric.aws_name(),
                        p.config.target_value
                    ),
                ],
                RowMood::Normal,
            ));
        }
    }
    Table {
        headers: vec![
            t("col.group"),
            t("col.policy"),
            t("col.type"),
            t("col.target"),
        ],
        rows,
    }
}

pub fn scheduled_actions(world: &mut World) -> Table {
    let mut rows = Vec::new();
    for e in all::<AutoScalingGroup>(world) {
        let a = world.get::<AutoScalingGroup>(e).unwrap();
        for s in &a.scheduled {
            let when = match (s.at, s.recurrence) {
                (Some(t), _) => format!("at +{:.0} min", t / 60.0),
                (None, Some((m, h))) => format!(
                    "cron {} {} * * *",
                    m.map_or("*".into(), |m| m.to_string()),
                    h.map_or("*".into(), |h| h.to_string())
                ),
                _ => String::new(),
            };
            let opt = |v: Option<u32>| v.map_or("-".into(), |v| v.to_string());
            rows.push(row(
                e,
                vec![
                    a.name.clone(),
                    s.name.clone(),
                    when,
                    format!(
                        "{}/{}/{}",
                        opt(s.min_size),
                        opt(s.desired_capacity),
                        opt(s.max_size)
                    ),
                ],
                RowMood::Normal,
            ));
        }
    }
    Table {
        headers: vec![
            t("col.group"),
            t("col.action"),
            t("col.when"),
            t("col.min_desired_max"),
        ],
        rows,
    }
}

pub fn dns_records(world: &mut World) -> Table {
    let mut rows = Vec::new();
    if let Some(d) = world.get_resource::<Dns>() {
        let target = match &d.target {
            Some(DnsTarget::Alias(n)) => format!("ALIAS {n}"),
            Some(DnsTarget::Addresses(a)) => format!("A {}", a.join(" ")),
            None => t("form.none").into(),
        };
        let pending = if d.pending.is_some() {
            t("table.propagating")
        } else {
            t("table.in_sync")
        };
        rows.push(Row {
            entity: None,
            cells: vec![
                d.hostname.clone(),
                d.hosted_zone_id.clone(),
                target,
                pending.into(),
            ],
            mood: RowMood::Normal,
        });
    }
    Table {
        headers: vec![
            t("col.record"),
            t("col.zone"),
            t("col.target"),
            t("col.status"),
        ],
        rows,
    }
}

/// Rows of the alarm table.
pub fn alarm_table(world: &mut World) -> Table {
    let mood = |s: AlarmState| match s {
        AlarmState::Ok => RowMood::Good,
        AlarmState::Alarm => RowMood::Bad,
        AlarmState::InsufficientData => RowMood::Warn,
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
        rows.push(Row {
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
        rows.push(Row {
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
    Table {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_show_the_starting_estate() {
        let mut app = crate::headless::start("unicorn-rentals", 7).unwrap();
        let world = app.world_mut();
        let t = instances(world);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells[0], "web-1");
        assert!(t.rows[0].cells[1].starts_with("i-"));
        let t = subnets(world);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells[2], "10.0.0.0/28");
        assert!(t.rows[0].cells[4].ends_with("of 11"));
        let t = load_balancers(world);
        assert_eq!(t.rows[0].cells[0], "unicorn-clb");
        assert!(t.rows[0].cells[4].ends_with("← www"));
        assert_eq!(launch_templates(world).rows[0].cells[0], "unicorn-web");
        assert_eq!(security_groups(world).rows.len(), 2);
        assert!(security_groups(world).rows[1].cells[2].contains("tcp:80 from lb-sg"));
        assert_eq!(dns_records(world).rows.len(), 1);
        assert!(auto_scaling_groups(world).rows.is_empty());
    }
}
