//! Autopilot bots: they play through the command API only and read only what a player can
//! see — the CloudWatch datapoints, the CloudTrail log, the answers to their own calls, the
//! console's resource lists and the runbook. Used by the headless runner (`--autopilot`),
//! the balance table, and the kiosk's attract loop.

pub mod reactive;

use reactive::call;

use crate::awscli::parse_commands_file;
use crate::scenario::Scenario;
use crate::sim::command::{Command, Principal};
use crate::sim::metrics::Metrics;
use crate::sim::model::*;
use crate::sim::world::{all, id_of};
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

/// The runbook's true advice as timed CLI lines, per scenario (what an expert types). A
/// scenario without one is played by the expert's reactive layer alone.
pub const EXPERT_PLAYBOOKS: &[(&str, &str)] = &[
    (
        "tutorial",
        include_str!("../../scenarios/tutorial.commands"),
    ),
    (
        "unicorn-rentals",
        include_str!("../../scenarios/unicorn-rentals.commands"),
    ),
    (
        "fan-event-spike",
        include_str!("../../scenarios/fan-event-spike.commands"),
    ),
    (
        "security-incident",
        include_str!("../../scenarios/security-incident.commands"),
    ),
    ("finops", include_str!("../../scenarios/finops.commands")),
    (
        "booth-5min",
        include_str!("../../scenarios/booth-5min.commands"),
    ),
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

/// Seconds of playbook the reactive layer looks ahead: what the plan will do this soon is
/// left to the plan.
const PLAN_LOOKAHEAD_SECONDS: u32 = 180;

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
    /// The minute the novice noticed the shop's load balancer was gone.
    lost_lb: Option<u32>,
    /// Bad minutes in a row before the novice acts, and minutes between its launches
    /// (late, relative to the round's length).
    novice_patience: u32,
    novice_cooldown: u32,
    /// The expert's alarms and reactions.
    pub reactive: reactive::Reactive,
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
            lost_lb: None,
            novice_patience: (scenario.duration_minutes / 40).clamp(1, 3),
            novice_cooldown: (scenario.duration_minutes / 24).clamp(2, 10),
            reactive: reactive::Reactive::default(),
            db_upgraded: false,
        }
    }

    /// Called before each tick.
    pub fn act(&mut self, world: &mut World) {
        match self.level {
            Autopilot::Idle => {}
            Autopilot::Expert => {
                self.follow_playbook(world);
                let now = world.resource::<crate::sim::clock::SimClock>().now;
                let end = self.playbook[self.next..]
                    .iter()
                    .take_while(|(t, _)| (*t as f64) <= now + PLAN_LOOKAHEAD_SECONDS as f64)
                    .count();
                let upcoming = &self.playbook[self.next..self.next + end];
                self.reactive
                    .act(world, &self.principal, reactive::Upcoming(upcoming));
            }
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
            call(world, self.principal.clone(), cmd);
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
        // A vanished load balancer is noticed at once, and rebuilt — five minutes later.
        if reactive::serving_lb_missing(world) {
            let seen = *self.lost_lb.get_or_insert(dp.minute);
            if dp.minute >= seen + 5 {
                self.lost_lb = None;
                reactive::rebuild_load_balancer(world, &self.principal);
            }
            return;
        }
        self.lost_lb = None;
        // A database that refuses connections gets the biggest class on the list, at once.
        if self.bad_minutes >= 3 && !self.db_upgraded {
            let db_failures = dp.failed[crate::sim::flow::FailReason::DatabaseUnavailable.index()];
            if db_failures as f64 > 0.5 * dp.failed_total() as f64 {
                self.upgrade_database(world);
            }
        }
        // Late (several bad minutes in a row) and big: two t3.large at a time.
        let cooled = self
            .last_launch_minute
            .is_none_or(|m| dp.minute >= m + self.novice_cooldown);
        if self.bad_minutes >= self.novice_patience && cooled && self.launched.len() < 8 {
            self.last_launch_minute = Some(dp.minute);
            self.launch_big(world);
        }
    }

    fn launch_big(&mut self, world: &mut World) {
        let Some(template) = all::<LaunchTemplate>(world).first().copied() else {
            return;
        };
        let template = id_of(world, template);
        // Tries the subnets in the order the console lists them.
        let subnets = all::<Subnet>(world);
        let launch = reactive::Launch {
            template: &template,
            version: "$Default",
            instance_type: Some("t3.large"),
            name: "web-big",
        };
        if let Some(ids) = reactive::launch_two(world, &self.principal, &subnets, launch) {
            self.launched.extend(ids);
        }
    }

    /// Moves the app's database to the largest DB instance class, applied immediately.
    fn upgrade_database(&mut self, world: &mut World) {
        let Some(db) = all::<crate::sim::rds::DbInstance>(world).first().copied() else {
            return;
        };
        self.db_upgraded = true;
        let biggest = crate::data::catalog::DB_INSTANCE_CLASSES
            .last()
            .map(|c| c.0.to_string())
            .unwrap_or_default();
        let cmd = Command::ModifyDbInstance {
            db_instance_identifier: id_of(world, db),
            db_instance_class: Some(biggest),
            multi_az: None,
            apply_immediately: true,
            preferred_maintenance_window: None,
        };
        call(world, self.principal.clone(), cmd);
    }

    fn register_launched(&mut self, world: &mut World) {
        let Some(lb) = reactive::serving_lb(world) else {
            return;
        };
        let ready: Vec<String> = self
            .launched
            .iter()
            .filter(|id| !self.registered.contains(id))
            .filter(|id| reactive::is_running(world, id))
            .cloned()
            .collect();
        if ready.is_empty() {
            return;
        }
        reactive::register(world, &self.principal, lb, &ready);
        self.registered.extend(ready);
    }
}
