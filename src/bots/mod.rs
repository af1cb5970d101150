//! Autopilot bots: they play through the command API only and read only what a player can
//! see — the CloudWatch datapoints, the CloudTrail log, the answers to their own calls, the
//! console's resource lists and the runbook. Used by the headless runner (`--autopilot`),
//! the balance table, and the kiosk's attract loop.

use crate::awscli::parse_commands_file;
use crate::scenario::Scenario;
use crate::sim::api::{all, execute, id_of};
use crate::sim::command::LbKind;
use crate::sim::command::{Command, LaunchTemplateSpec, Principal, RecordChange};
use crate::sim::metrics::Metrics;
use crate::sim::model::*;
use crate::sim::trail::CloudTrail;
use bevy::prelude::*;

/// How well a bot plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Autopilot {
    /// Does nothing.
    Idle,
    /// Reacts late, over-provisions, never reads the runbook.
    Novice,
    /// Follows the runbook's true advice, on time.
    Expert,
}

impl Autopilot {
    pub const ALL: [Autopilot; 3] = [Autopilot::Idle, Autopilot::Novice, Autopilot::Expert];

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "idle" => Some(Autopilot::Idle),
            "novice" => Some(Autopilot::Novice),
            "expert" => Some(Autopilot::Expert),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Autopilot::Idle => "idle",
            Autopilot::Novice => "novice",
            Autopilot::Expert => "expert",
        }
    }
}

/// The runbook's true advice as timed CLI lines, per scenario (what an expert types).
pub const EXPERT_PLAYBOOKS: &[(&str, &str)] = &[
    (
        "unicorn-rentals",
        include_str!("../../scenarios/unicorn-rentals.commands"),
    ),
    (
        "fan-event-spike",
        include_str!("../../scenarios/fan-event-spike.commands"),
    ),
    // ---- security and cost scenarios ----
    (
        "security-incident",
        include_str!("../../scenarios/security-incident.commands"),
    ),
    ("finops", include_str!("../../scenarios/finops.commands")),
];

/// What a novice types in a scenario beyond its generic reactions (late, partly wrong),
/// as timed CLI lines: `scenarios/<id>.novice.commands`.
pub const NOVICE_PLAYBOOKS: &[(&str, &str)] = &[
    (
        "security-incident",
        include_str!("../../scenarios/security-incident.novice.commands"),
    ),
    (
        "finops",
        include_str!("../../scenarios/finops.novice.commands"),
    ),
];

/// A bot playing one round.
#[derive(Clone, Debug)]
pub struct Bot {
    pub level: Autopilot,
    principal: Principal,
    playbook: Vec<(u32, Command)>,
    next: usize,
    last_minute: Option<u32>,
    bad_minutes: u32,
    last_launch_minute: Option<u32>,
    launched: Vec<String>,
    registered: Vec<String>,
    trail_seen: u64,
    /// A load balancer someone deleted: (its name, the minute it was noticed).
    lost_lb: Option<(String, u32)>,
    /// The novice has already thrown money at the database.
    db_upgraded: bool,
}

impl Bot {
    pub fn new(level: Autopilot, scenario: &Scenario, name: &str) -> Self {
        let book = match level {
            Autopilot::Expert => EXPERT_PLAYBOOKS,
            Autopilot::Novice => NOVICE_PLAYBOOKS,
            Autopilot::Idle => &[],
        };
        let playbook = book
            .iter()
            .find(|(id, _)| *id == scenario.id)
            .and_then(|(_, text)| parse_commands_file(text).ok())
            .unwrap_or_default();
        Self {
            level,
            principal: Principal::Bot(name.to_string()),
            playbook,
            next: 0,
            last_minute: None,
            bad_minutes: 0,
            last_launch_minute: None,
            launched: vec![],
            registered: vec![],
            trail_seen: 0,
            lost_lb: None,
            db_upgraded: false,
        }
    }

    /// Called before each tick.
    pub fn act(&mut self, world: &mut World) {
        match self.level {
            Autopilot::Idle => {}
            Autopilot::Expert => self.follow_playbook(world),
            Autopilot::Novice => {
                self.follow_playbook(world);
                self.novice(world);
            }
        }
    }

    fn follow_playbook(&mut self, world: &mut World) {
        let now = world.resource::<crate::sim::clock::SimClock>().now;
        while self.next < self.playbook.len() && self.playbook[self.next].0 as f64 <= now {
            let cmd = self.playbook[self.next].1.clone();
            let _ = execute(world, self.principal.clone(), cmd);
            self.next += 1;
        }
    }

    /// The last closed CloudWatch minute, once per minute.
    fn new_minute(&mut self, world: &World) -> Option<crate::sim::metrics::Datapoint> {
        let dp = world.resource::<Metrics>().history.back()?.clone();
        if self.last_minute == Some(dp.minute) {
            return None;
        }
        self.last_minute = Some(dp.minute);
        Some(dp)
    }

    fn novice(&mut self, world: &mut World) {
        self.watch_trail(world);
        let Some(dp) = self.new_minute(world) else {
            return;
        };
        let acceptable = world.resource::<Scenario>().scoring.acceptable_ms;
        let failing = dp.requests > 0 && dp.failed_total() as f64 > 0.05 * dp.requests as f64;
        // A novice notices "slow" when the p95 passes half of what customers accept.
        let slow = dp.latency_ms[2].is_some_and(|p95| p95 > acceptable * 0.5);
        self.bad_minutes = if failing || slow {
            self.bad_minutes + 1
        } else {
            0
        };
        self.register_launched(world);
        // A deleted load balancer is noticed in the trail, and rebuilt — five minutes later.
        if let Some((name, seen)) = self.lost_lb.clone()
            && dp.minute >= seen + 5
        {
            self.lost_lb = None;
            self.rebuild_load_balancer(world, &name);
            return;
        }
        // A database that refuses connections gets the biggest class on the list, at once.
        if self.bad_minutes >= 3 && !self.db_upgraded {
            let db_failures =
                dp.failed[crate::sim::traffic::FailReason::DatabaseUnavailable.index()];
            if db_failures as f64 > 0.5 * dp.failed_total() as f64 {
                self.upgrade_database(world);
            }
        }
        // Late (three bad minutes in a row) and big: two t3.large at a time.
        let cooled = self.last_launch_minute.is_none_or(|m| dp.minute >= m + 10);
        if self.bad_minutes >= 3 && cooled && self.launched.len() < 8 {
            self.last_launch_minute = Some(dp.minute);
            self.launch_big(world);
        }
    }

    fn watch_trail(&mut self, world: &mut World) {
        let trail = world.resource::<CloudTrail>();
        let minute = world.resource::<Metrics>().history.len() as u32;
        for e in trail.events.iter().filter(|e| e.number > self.trail_seen) {
            if let Command::DeleteLoadBalancer {
                kind: LbKind::Classic,
                name_or_arn,
            } = &e.command
                && e.error.is_none()
                && e.principal.is_unknown()
            {
                self.lost_lb = Some((name_or_arn.clone(), minute));
            }
        }
        self.trail_seen = trail.total;
    }

    fn launch_big(&mut self, world: &mut World) {
        let Some(template) = all::<LaunchTemplate>(world).first().copied() else {
            return;
        };
        let template = id_of(world, template);
        // Tries the subnets in the order the console lists them.
        for subnet in all::<Subnet>(world) {
            let subnet = id_of(world, subnet);
            let cmd = Command::RunInstances {
                image_id: None,
                instance_type: Some("t3.large".into()),
                count: 2,
                subnet_id: Some(subnet),
                security_group_ids: vec![],
                user_data: None,
                launch_template: Some(LaunchTemplateSpec {
                    id_or_name: template.clone(),
                    version: "$Default".into(),
                }),
                name: Some("web-big".into()),
            };
            if let Ok(r) = execute(world, self.principal.clone(), cmd) {
                self.launched.extend(r.ids);
                return;
            }
        }
    }

    /// Moves the app's database to the largest DB instance class, applied immediately.
    fn upgrade_database(&mut self, world: &mut World) {
        let Some(db) = all::<crate::sim::rds::DbInstance>(world).first().copied() else {
            return;
        };
        self.db_upgraded = true;
        let biggest = crate::sim::rds::DB_INSTANCE_CLASSES
            .last()
            .map(|c| c.0.to_string())
            .unwrap_or_default();
        let cmd = Command::ModifyDbInstance {
            db_instance_identifier: id_of(world, db),
            db_instance_class: Some(biggest),
            multi_az: None,
            apply_immediately: true,
        };
        let _ = execute(world, self.principal.clone(), cmd);
    }

    /// The target group behind the Application LB the hostname points at.
    fn serving_target_group(world: &mut World) -> Option<String> {
        let Some(DnsTarget::Alias(dns)) = world.resource::<Dns>().target.clone() else {
            return None;
        };
        let lb = all::<LoadBalancer>(world).into_iter().find(|&e| {
            let lb = world.get::<LoadBalancer>(e).unwrap();
            lb.kind == LbKind::Application && lb.dns_name.eq_ignore_ascii_case(&dns)
        })?;
        let tg = world
            .get::<LoadBalancer>(lb)?
            .listeners
            .iter()
            .find_map(|l| l.target_group)?;
        Some(id_of(world, tg))
    }

    /// The Classic LB the hostname points at, by name.
    fn serving_classic(world: &mut World) -> Option<String> {
        let Some(DnsTarget::Alias(dns)) = world.resource::<Dns>().target.clone() else {
            return None;
        };
        all::<LoadBalancer>(world).into_iter().find_map(|e| {
            let lb = world.get::<LoadBalancer>(e).unwrap();
            (lb.kind == LbKind::Classic && lb.dns_name.eq_ignore_ascii_case(&dns))
                .then(|| lb.name.clone())
        })
    }

    fn register_launched(&mut self, world: &mut World) {
        let classic = Self::serving_classic(world);
        let target_group = if classic.is_none() {
            Self::serving_target_group(world)
        } else {
            None
        };
        if classic.is_none() && target_group.is_none() {
            return;
        }
        let ready: Vec<String> = self
            .launched
            .iter()
            .filter(|id| !self.registered.contains(id))
            .filter(|id| {
                crate::sim::api::find::<Instance>(world, id)
                    .and_then(|e| world.get::<Instance>(e))
                    .is_some_and(|i| i.state == InstanceState::Running)
            })
            .cloned()
            .collect();
        if ready.is_empty() {
            return;
        }
        let cmd = match (classic, target_group) {
            (Some(lb), _) => Command::RegisterInstancesWithLoadBalancer {
                load_balancer_name: lb,
                instance_ids: ready.clone(),
            },
            (None, Some(tg)) => Command::RegisterTargets {
                target_group_arn: tg,
                targets: ready
                    .iter()
                    .map(|id| crate::sim::command::TargetDescription {
                        id: id.clone(),
                        port: None,
                    })
                    .collect(),
            },
            (None, None) => return,
        };
        if execute(world, self.principal.clone(), cmd).is_ok() {
            self.registered.extend(ready);
        }
    }

    /// Recreates a deleted Classic LB the way CloudTrail shows it was first created, puts the
    /// running instances behind it and points the hostname at it.
    fn rebuild_load_balancer(&mut self, world: &mut World, name: &str) {
        let original = world
            .resource::<CloudTrail>()
            .events
            .iter()
            .rev()
            .find_map(|e| match &e.command {
                Command::CreateLoadBalancer { name: n, .. } if n == name && e.error.is_none() => {
                    Some(e.command.clone())
                }
                _ => None,
            });
        let Some(create) = original else { return };
        if execute(world, self.principal.clone(), create).is_err() {
            return;
        }
        let running: Vec<String> = all::<Instance>(world)
            .into_iter()
            .filter(|&e| world.get::<Instance>(e).unwrap().state == InstanceState::Running)
            .map(|e| id_of(world, e))
            .collect();
        let _ = execute(
            world,
            self.principal.clone(),
            Command::RegisterInstancesWithLoadBalancer {
                load_balancer_name: name.to_string(),
                instance_ids: running,
            },
        );
        let dns_name = all::<LoadBalancer>(world).into_iter().find_map(|e| {
            let lb = world.get::<LoadBalancer>(e).unwrap();
            (lb.name == name).then(|| lb.dns_name.clone())
        });
        let (zone, hostname) = {
            let d = world.resource::<Dns>();
            (d.hosted_zone_id.clone(), d.hostname.clone())
        };
        if let Some(dns_name) = dns_name {
            let _ = execute(
                world,
                self.principal.clone(),
                Command::ChangeResourceRecordSets {
                    hosted_zone_id: zone,
                    changes: vec![RecordChange {
                        action: "UPSERT".into(),
                        name: hostname,
                        record_type: "A".into(),
                        alias_dns_name: Some(dns_name),
                        values: vec![],
                    }],
                },
            );
        }
    }
}
