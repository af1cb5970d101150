//! The expert's reactive layer: at the start it creates its own CloudWatch alarms through the
//! API (failed requests, unhealthy targets, slow responses, idle CPU), and when one of them
//! is in ALARM it diagnoses from what the console shows and acts: it rebuilds a load balancer
//! someone deleted, replaces a launch-template version nobody on the team made, scales out,
//! or scales in an idle group. It leaves alone whatever its playbook is about to do anyway.

use crate::scenario::Scenario;
use crate::sim::alarms::{AlarmState, MetricAlarm};
use crate::sim::api::execute;
use crate::sim::command::ApiResponse;
use crate::sim::command::{
    Command, LaunchTemplateData, LaunchTemplateSpec, LbKind, Principal, RecordChange,
    TargetDescription,
};
use crate::sim::metrics::Metrics;
use crate::sim::model::*;
use crate::sim::trail::CloudTrail;
use crate::sim::world::{all, id_of};
use bevy::prelude::*;

/// The alarms the layer creates (names as they appear in the Alarms tab).
pub const FAILURES_ALARM: &str = "bot-failed-requests";
pub const UNHEALTHY_ALARM: &str = "bot-unhealthy-targets";
pub const LATENCY_ALARM: &str = "bot-slow-p95";
pub const IDLE_ALARM: &str = "bot-idle-cpu";

/// What the layer did, for tests and the results screen: `(minute, what)`.
#[derive(Clone, Debug, Default)]
pub struct Reactions(pub Vec<(u32, String)>);

/// The layer's memory between minutes.
#[derive(Clone, Debug, Default)]
pub struct Reactive {
    armed: bool,
    last_minute: Option<u32>,
    last_scale_out: Option<u32>,
    last_scale_in: Option<u32>,
    last_rebuild: Option<u32>,
    last_template_fix: Option<u32>,
    launched: Vec<String>,
    pub log: Reactions,
}

/// What the playbook will do in the next few minutes (so the layer does not do it twice).
pub struct Upcoming<'a>(pub &'a [(u32, Command)]);

impl Upcoming<'_> {
    fn has(&self, names: &[&str]) -> bool {
        self.0.iter().any(|(_, c)| names.contains(&c.event_name()))
    }
}

fn alarm_state(world: &mut World, name: &str) -> Option<AlarmState> {
    all::<MetricAlarm>(world).into_iter().find_map(|e| {
        let a = world.get::<MetricAlarm>(e).unwrap();
        (a.name == name).then_some(a.state)
    })
}

/// A principal of the team (the player, a bot, or the estate's own bootstrap).
fn trusted(created_by: &str) -> bool {
    created_by == Principal::Player.arn()
        || created_by == Principal::CloudFormation.arn()
        || created_by.starts_with("arn:aws:iam::123456789012:user/bot-")
}

impl Reactive {
    /// Once per closed CloudWatch minute.
    pub fn act(&mut self, world: &mut World, who: &Principal, upcoming: Upcoming) {
        let Some(dp) = world.resource::<Metrics>().history.back().cloned() else {
            return;
        };
        if self.last_minute == Some(dp.minute) {
            return;
        }
        self.last_minute = Some(dp.minute);
        let minute = dp.minute;
        if !self.armed {
            self.armed = true;
            self.create_alarms(world, who, dp.requests);
            return;
        }
        let failing = alarm_state(world, FAILURES_ALARM) == Some(AlarmState::Alarm);
        let unhealthy = alarm_state(world, UNHEALTHY_ALARM) == Some(AlarmState::Alarm);
        let slow = alarm_state(world, LATENCY_ALARM) == Some(AlarmState::Alarm);
        let idle = alarm_state(world, IDLE_ALARM) == Some(AlarmState::Alarm);
        let cooled = |last: Option<u32>, gap: u32| last.is_none_or(|m| minute >= m + gap);
        if failing
            && serving_lb_missing(world)
            && cooled(self.last_rebuild, 3)
            && !upcoming.has(&["CreateLoadBalancer", "ChangeResourceRecordSets"])
            && let Some(what) = rebuild_load_balancer(world, who)
        {
            self.last_rebuild = Some(minute);
            self.log.0.push((minute, what));
            return;
        }
        if (unhealthy || failing)
            && cooled(self.last_template_fix, 5)
            && !upcoming.has(&["CreateLaunchTemplateVersion", "ModifyLaunchTemplate"])
            && let Some(what) = replace_untrusted_versions(world, who)
        {
            self.last_template_fix = Some(minute);
            self.log.0.push((minute, what));
            return;
        }
        if (slow || failing)
            && !unhealthy
            && serving_lb(world).is_some()
            && cooled(self.last_scale_out, 3)
            && !upcoming.has(&[
                "SetDesiredCapacity",
                "PutScheduledUpdateGroupAction",
                "CreateAutoScalingGroup",
                "RunInstances",
            ])
            && let Some(what) = self.scale_out(world, who)
        {
            self.last_scale_out = Some(minute);
            self.log.0.push((minute, what));
            return;
        }
        if idle
            && !slow
            && !failing
            && cooled(self.last_scale_in, 10)
            && cooled(self.last_scale_out, 10)
            && !upcoming.has(&["SetDesiredCapacity", "PutScheduledUpdateGroupAction"])
            && let Some(what) = scale_in(world, who).or_else(|| self.retire_extras(world, who))
        {
            self.last_scale_in = Some(minute);
            self.log.0.push((minute, what));
        }
    }

    fn create_alarms(&mut self, world: &mut World, who: &Principal, requests_per_minute: u64) {
        let acceptable_s = world.resource::<Scenario>().scoring.acceptable_ms / 1000.0;
        // Failures: more than 3% of the first minute's traffic (at least 30) in a minute.
        let failures = (0.03 * requests_per_minute as f64).max(30.0);
        let alarms = [
            (
                FAILURES_ALARM,
                "GameDay",
                "FailedRequests",
                "Sum",
                1,
                failures,
                "GreaterThanThreshold",
            ),
            (
                UNHEALTHY_ALARM,
                "AWS/ApplicationELB",
                "UnHealthyHostCount",
                "Maximum",
                2,
                0.0,
                "GreaterThanThreshold",
            ),
            (
                LATENCY_ALARM,
                "AWS/ApplicationELB",
                "TargetResponseTime",
                "p95",
                2,
                0.6 * acceptable_s,
                "GreaterThanThreshold",
            ),
            (
                IDLE_ALARM,
                "AWS/EC2",
                "CPUUtilization",
                "Average",
                15,
                15.0,
                "LessThanThreshold",
            ),
        ];
        for (name, namespace, metric, statistic, periods, threshold, comparison) in alarms {
            call(
                world,
                who.clone(),
                Command::PutMetricAlarm {
                    alarm_name: name.into(),
                    namespace: namespace.into(),
                    metric_name: metric.into(),
                    statistic: statistic.into(),
                    dimensions: vec![],
                    period: 60,
                    evaluation_periods: periods,
                    datapoints_to_alarm: None,
                    threshold,
                    comparison_operator: comparison.into(),
                    treat_missing_data: Some("notBreaching".into()),
                    alarm_actions: vec![],
                },
            );
        }
    }

    /// Without an Auto Scaling group: terminates the extra instances it launched itself, two
    /// at a time, once the fleet sits idle (it never touches instances it did not launch).
    fn retire_extras(&mut self, world: &mut World, who: &Principal) -> Option<String> {
        let running: Vec<String> = self
            .launched
            .iter()
            .filter(|id| is_running(world, id))
            .take(2)
            .cloned()
            .collect();
        if running.is_empty() {
            return None;
        }
        call(
            world,
            who.clone(),
            Command::TerminateInstances {
                instance_ids: running.clone(),
            },
        )?;
        self.launched.retain(|id| !running.contains(id));
        Some(format!("terminated idle extras {}", running.join(" ")))
    }

    /// More capacity: a bigger Auto Scaling group, or (without one) two more instances from
    /// a trusted launch-template version, registered with the serving load balancer.
    fn scale_out(&mut self, world: &mut World, who: &Principal) -> Option<String> {
        if let Some((name, desired, max)) = first_group(world) {
            let want = (desired + (desired / 2).max(1)).min(max);
            if want <= desired {
                return None;
            }
            call(
                world,
                who.clone(),
                Command::SetDesiredCapacity {
                    auto_scaling_group_name: name.clone(),
                    desired_capacity: want,
                    honor_cooldown: false,
                },
            )?;
            return Some(format!("scaled {name} out to {want}"));
        }
        if self.launched.len() >= 6 {
            return None;
        }
        let lb = serving_lb(world)?;
        let (template, version) = trusted_template(world)?;
        let subnets = world.get::<LoadBalancer>(lb)?.subnets.clone();
        let version_text = version.to_string();
        let launch = Launch {
            template: &template,
            version: &version_text,
            instance_type: None,
            name: "web-extra",
        };
        let ids = launch_two(world, who, &subnets, launch)?;
        register(world, who, lb, &ids);
        self.launched.extend(ids.clone());
        Some(format!(
            "launched {} from {template} v{version}",
            ids.join(" ")
        ))
    }
}

/// Instances to launch from a launch template.
pub struct Launch<'a> {
    pub template: &'a str,
    pub version: &'a str,
    /// Overrides the template's type.
    pub instance_type: Option<&'a str>,
    /// The `Name` tag.
    pub name: &'a str,
}

/// Two instances from a launch template in the first of `subnets` that takes them: their
/// ids, or `None` when every subnet refused (full, or gone).
pub fn launch_two(
    world: &mut World,
    who: &Principal,
    subnets: &[Entity],
    launch: Launch,
) -> Option<Vec<String>> {
    for &subnet in subnets {
        let subnet = id_of(world, subnet);
        let cmd = Command::RunInstances {
            image_id: None,
            instance_type: launch.instance_type.map(str::to_string),
            count: 2,
            subnet_id: Some(subnet),
            security_group_ids: vec![],
            user_data: None,
            launch_template: Some(LaunchTemplateSpec {
                id_or_name: launch.template.to_string(),
                version: launch.version.to_string(),
            }),
            name: Some(launch.name.to_string()),
        };
        if let Some(r) = call(world, who.clone(), cmd) {
            return Some(r.ids);
        }
    }
    None
}

/// Calls the door as the bot and reads the answer: the response, or nothing when the call was
/// refused (the refusal is in the trail under the call's ticket, as for a player; the bot
/// moves on).
pub fn call(world: &mut World, who: Principal, command: Command) -> Option<ApiResponse> {
    execute(world, who, command).result.ok()
}

/// Whether the instance with this id exists and is running.
pub fn is_running(world: &mut World, id: &str) -> bool {
    crate::sim::world::find::<Instance>(world, id)
        .and_then(|e| world.get::<Instance>(e))
        .is_some_and(|i| i.state == InstanceState::Running)
}

/// The load balancer the hostname points at, if it exists.
pub fn serving_lb(world: &mut World) -> Option<Entity> {
    let Some(DnsTarget::Alias(dns)) = world.resource::<Dns>().target.clone() else {
        return None;
    };
    lb_by_dns(world, &dns)
}

fn lb_by_dns(world: &mut World, dns: &str) -> Option<Entity> {
    all::<LoadBalancer>(world).into_iter().find(|&e| {
        world
            .get::<LoadBalancer>(e)
            .is_some_and(|lb| lb.dns_name.eq_ignore_ascii_case(dns))
    })
}

/// The hostname is an alias of a load balancer that does not exist, and no record change
/// to an existing one is on its way.
pub fn serving_lb_missing(world: &mut World) -> bool {
    let (target, pending) = {
        let d = world.resource::<Dns>();
        (d.target.clone(), d.pending.clone())
    };
    let Some(DnsTarget::Alias(dns)) = target else {
        return false;
    };
    if lb_by_dns(world, &dns).is_some() {
        return false;
    }
    !matches!(pending, Some((_, Some(DnsTarget::Alias(next)))) if lb_by_dns(world, &next).is_some())
}

/// The first Auto Scaling group: `(name, desired, max)`.
fn first_group(world: &mut World) -> Option<(String, u32, u32)> {
    let e = *all::<AutoScalingGroup>(world).first()?;
    let g = world.get::<AutoScalingGroup>(e)?;
    Some((g.name.clone(), g.desired, g.max_size))
}

/// The first launch template and its newest version made by the team.
fn trusted_template(world: &mut World) -> Option<(String, u32)> {
    let e = *all::<LaunchTemplate>(world).first()?;
    let lt = world.get::<LaunchTemplate>(e)?;
    let v = lt.versions.iter().rev().find(|v| trusted(&v.created_by))?;
    Some((lt.name.clone(), v.number))
}

/// Puts instances behind a load balancer (Classic: on the LB; Application: in the target
/// group of its first listener).
pub fn register(world: &mut World, who: &Principal, lb: Entity, ids: &[String]) {
    let Some(l) = world.get::<LoadBalancer>(lb).cloned() else {
        return;
    };
    let cmd = match l.kind {
        LbKind::Classic => Command::RegisterInstancesWithLoadBalancer {
            load_balancer_name: l.name.clone(),
            instance_ids: ids.to_vec(),
        },
        LbKind::Application => {
            let Some(tg) = l.listeners.iter().find_map(|x| x.target_group) else {
                return;
            };
            Command::RegisterTargets {
                target_group_arn: id_of(world, tg),
                targets: ids
                    .iter()
                    .map(|id| TargetDescription {
                        id: id.clone(),
                        port: None,
                    })
                    .collect(),
            }
        }
    };
    call(world, who.clone(), cmd);
}

/// When the default or latest version of a launch template was made by someone outside the
/// team, a copy of the team's newest version becomes the latest and the default.
fn replace_untrusted_versions(world: &mut World, who: &Principal) -> Option<String> {
    for e in all::<LaunchTemplate>(world) {
        let lt = world.get::<LaunchTemplate>(e)?.clone();
        let bad = |n: u32| lt.version(n).is_some_and(|v| !trusted(&v.created_by));
        if !bad(lt.default_version) && !bad(lt.latest()) {
            continue;
        }
        let Some(good) = lt.versions.iter().rev().find(|v| trusted(&v.created_by)) else {
            continue;
        };
        let r = call(
            world,
            who.clone(),
            Command::CreateLaunchTemplateVersion {
                launch_template: lt.name.clone(),
                source_version: Some(good.number.to_string()),
                version_description: Some(format!("restore version {}", good.number)),
                data: LaunchTemplateData::default(),
            },
        )?;
        let number = r.ids.get(1)?.clone();
        call(
            world,
            who.clone(),
            Command::ModifyLaunchTemplate {
                launch_template: lt.name.clone(),
                default_version: number.clone(),
            },
        );
        return Some(format!(
            "{}: version {number} restores version {}",
            lt.name, good.number
        ));
    }
    None
}

/// One instance fewer in an idle group (never below its minimum).
fn scale_in(world: &mut World, who: &Principal) -> Option<String> {
    let e = *all::<AutoScalingGroup>(world).first()?;
    let g = world.get::<AutoScalingGroup>(e)?.clone();
    if g.desired <= g.min_size {
        return None;
    }
    let want = g.desired - 1;
    call(
        world,
        who.clone(),
        Command::SetDesiredCapacity {
            auto_scaling_group_name: g.name.clone(),
            desired_capacity: want,
            honor_cooldown: false,
        },
    )?;
    Some(format!("scaled {} in to {want}", g.name))
}

/// The hostname points at a load balancer that no longer exists: finds in CloudTrail how it
/// was created (and, for an ALB, its listeners), creates it again, and moves the hostname.
pub fn rebuild_load_balancer(world: &mut World, who: &Principal) -> Option<String> {
    let Some(DnsTarget::Alias(dns)) = world.resource::<Dns>().target.clone() else {
        return None;
    };
    let trail = world.resource::<CloudTrail>();
    // The LB name is the DNS name's first label without its numeric suffix.
    let label = dns.split('.').next()?.to_string();
    let name = label.rsplit_once('-').map(|(n, _)| n.to_string())?;
    let create = trail.events.iter().rev().find_map(|e| match &e.command {
        Command::CreateLoadBalancer { name: n, .. } if *n == name && e.error.is_none() => {
            Some(e.command.clone())
        }
        _ => None,
    })?;
    // An ALB's listeners: the successful CreateListener calls on its last ARN.
    let marker = format!("/app/{name}/");
    let listener_calls: Vec<(String, Command)> = trail
        .events
        .iter()
        .filter(|e| e.error.is_none())
        .filter_map(|e| match &e.command {
            Command::CreateListener {
                load_balancer_arn, ..
            } if load_balancer_arn.contains(&marker) => {
                Some((load_balancer_arn.clone(), e.command.clone()))
            }
            _ => None,
        })
        .collect();
    let last_arn = listener_calls.last().map(|(a, _)| a.clone());
    let listeners: Vec<Command> = listener_calls
        .into_iter()
        .filter(|(a, _)| Some(a) == last_arn.as_ref())
        .map(|(_, c)| c)
        .collect();
    let Command::CreateLoadBalancer { kind, .. } = &create else {
        return None;
    };
    let kind = *kind;
    let new_arn = call(world, who.clone(), create)?.ids.first()?.clone();
    let lb = all::<LoadBalancer>(world)
        .into_iter()
        .find(|&e| world.get::<LoadBalancer>(e).is_some_and(|l| l.name == name))?;
    match kind {
        LbKind::Application => {
            for l in listeners {
                if let Command::CreateListener {
                    protocol,
                    port,
                    default_target_group_arn,
                    ..
                } = l
                {
                    call(
                        world,
                        who.clone(),
                        Command::CreateListener {
                            load_balancer_arn: new_arn.clone(),
                            protocol,
                            port,
                            default_target_group_arn,
                        },
                    );
                }
            }
        }
        LbKind::Classic => {
            let running: Vec<String> = all::<Instance>(world)
                .into_iter()
                .filter(|&e| world.get::<Instance>(e).unwrap().state == InstanceState::Running)
                .map(|e| id_of(world, e))
                .collect();
            register(world, who, lb, &running);
        }
    }
    let new_dns = world.get::<LoadBalancer>(lb)?.dns_name.clone();
    let (zone, hostname) = {
        let d = world.resource::<Dns>();
        (d.hosted_zone_id.clone(), d.hostname.clone())
    };
    call(
        world,
        who.clone(),
        Command::ChangeResourceRecordSets {
            hosted_zone_id: zone,
            changes: vec![RecordChange {
                action: "UPSERT".into(),
                name: hostname,
                record_type: "A".into(),
                alias_dns_name: Some(new_dns),
                values: vec![],
            }],
        },
    )?;
    Some(format!("rebuilt load balancer {name}"))
}
