//! The EC2 Auto Scaling service: keeps each group at its desired capacity, replaces
//! unhealthy members, runs target-tracking policies and scheduled actions. Every change to
//! the estate goes through the command API as `autoscaling.amazonaws.com`; the service then
//! marks a new instance as the group's member (what the `aws:autoscaling:groupName` tag
//! records) and writes each launch and termination, or its failure, in the group's scaling
//! activities.

use super::api::execute;

use super::clock::SimClock;
use super::command::{Command, LaunchTemplateSpec, PredefinedMetric, Principal, TargetDescription};
use super::lifecycle::{is_unhealthy, members_of, unhealthy_targets};
use super::model::*;
use super::world::{all, id_of, in_launch_batch};
use crate::scenario::Scenario;
use bevy::prelude::*;
use std::collections::HashMap;

/// Minutes the metric must ask for fewer instances before target tracking scales in.
const SCALE_IN_MINUTES: u32 = 15;
/// After a failed launch the group waits this long before trying again.
const LAUNCH_BACKOFF: f64 = 60.0;

/// Calls the door as the Auto Scaling service for a group; a failure is written in the
/// group's scaling activities with the API's answer.
fn call(world: &mut World, asg: Entity, command: Command) {
    let what = command.event_name();
    let answer = execute(world, Principal::AutoScaling, command);
    if let Err(e) = answer.result {
        record(
            world,
            asg,
            ActivityStatus::Failed,
            format!("{what} for the group failed"),
            String::new(),
            Some(e.to_string()),
        );
    }
}

/// Writes a scaling activity on the group.
fn record(
    world: &mut World,
    asg: Entity,
    status: ActivityStatus,
    description: String,
    cause: String,
    status_message: Option<String>,
) {
    let time = world.resource::<SimClock>().now;
    if let Some(mut log) = world.get_mut::<ScalingActivities>(asg) {
        log.push(ScalingActivity {
            time,
            status,
            description,
            cause,
            status_message,
        });
    }
}

/// `At 2026-11-22T10:30:00Z`, as Auto Scaling starts its causes.
fn at(world: &World) -> String {
    let clock = world.resource::<SimClock>();
    format!("At {}", clock.iso8601(clock.now))
}

pub fn run_autoscaling(world: &mut World) {
    let clock = world.resource::<SimClock>().clone();
    let now = clock.now;
    let interval = world.resource::<Scenario>().timings.asg_check_interval;
    for asg in all::<AutoScalingGroup>(world) {
        run_scheduled_actions(world, asg, &clock);
        if (now as u64).is_multiple_of(60) {
            run_target_tracking(world, asg, now);
        }
        let Some(g) = world.get::<AutoScalingGroup>(asg).cloned() else {
            continue;
        };
        if now < g.next_activity {
            continue;
        }
        world
            .get_mut::<AutoScalingGroup>(asg)
            .unwrap()
            .next_activity = now + interval;
        replace_unhealthy(world, asg, &g, now);
        let members = members_of(world, asg);
        let n = members.len() as u32;
        if n < g.desired {
            launch(world, asg, &g, g.desired - n, now);
        } else if n > g.desired {
            scale_in(world, asg, &g, members, n - g.desired);
        }
    }
}

fn run_scheduled_actions(world: &mut World, asg: Entity, clock: &SimClock) {
    let Some(g) = world.get::<AutoScalingGroup>(asg).cloned() else {
        return;
    };
    let minute = clock.minute();
    let wall = clock.epoch_unix + clock.now as i64;
    let (hh, mm) = (
        (wall.rem_euclid(86_400) / 3600) as u32,
        (wall.rem_euclid(3600) / 60) as u32,
    );
    for (k, action) in g.scheduled.iter().enumerate() {
        let due = match (action.at, action.recurrence) {
            (Some(at), _) => clock.now >= at && action.last_fired_minute.is_none(),
            (None, Some((m, h))) => {
                m.is_none_or(|m| m == mm)
                    && h.is_none_or(|h| h == hh)
                    && action.last_fired_minute != Some(minute)
            }
            (None, None) => false,
        };
        if !due {
            continue;
        }
        world.get_mut::<AutoScalingGroup>(asg).unwrap().scheduled[k].last_fired_minute =
            Some(minute);
        call(
            world,
            asg,
            Command::UpdateAutoScalingGroup {
                name: g.name.clone(),
                launch_template: None,
                min_size: action.min_size,
                max_size: action.max_size,
                desired_capacity: action.desired_capacity,
                vpc_zone_identifier: None,
                health_check_type: None,
                health_check_grace_period: None,
                default_instance_warmup: None,
                new_instances_protected_from_scale_in: None,
            },
        );
    }
}

/// Target tracking, once a minute on the last minute's datapoint.
fn run_target_tracking(world: &mut World, asg: Entity, now: f64) {
    let Some(g) = world.get::<AutoScalingGroup>(asg).cloned() else {
        return;
    };
    if g.policies.is_empty() {
        return;
    }
    let members = members_of(world, asg);
    let total = members.len() as u32;
    let mut wanted: Option<u32> = None;
    let mut all_want_in = true;
    let mut policies = g.policies.clone();
    for p in policies.iter_mut() {
        // Instances still warming up count as capacity but not in the metric.
        let warm: Vec<Entity> = members
            .iter()
            .copied()
            .filter(|&e| {
                world.get::<Instance>(e).is_some_and(|i| {
                    i.state == InstanceState::Running && now - i.state_since >= p.warmup
                })
            })
            .collect();
        if warm.is_empty() {
            all_want_in = false;
            continue;
        }
        let value = match p.config.predefined_metric {
            PredefinedMetric::AsgAverageCpuUtilization => {
                warm.iter()
                    .map(|&e| {
                        world
                            .get::<InstanceLoad>(e)
                            .map(|l| l.cpu_last_minute)
                            .unwrap_or(0.0)
                    })
                    .sum::<f64>()
                    / warm.len() as f64
            }
            PredefinedMetric::AlbRequestCountPerTarget => {
                warm.iter()
                    .map(|&e| {
                        world
                            .get::<InstanceLoad>(e)
                            .map(|l| l.requests_last_minute)
                            .unwrap_or(0)
                    })
                    .sum::<u64>() as f64
                    / warm.len() as f64
            }
        };
        let desired = libm::ceil(warm.len() as f64 * value / p.config.target_value).max(1.0) as u32;
        if desired > total {
            p.low_minutes = 0;
            p.last_scale_out = now;
            wanted = Some(wanted.unwrap_or(0).max(desired));
            all_want_in = false;
        } else if desired < total && !p.config.disable_scale_in {
            p.low_minutes += 1;
            if p.low_minutes >= SCALE_IN_MINUTES {
                wanted = Some(wanted.unwrap_or(0).max(desired));
            } else {
                all_want_in = false;
            }
        } else {
            p.low_minutes = 0;
            all_want_in = false;
        }
    }
    world.get_mut::<AutoScalingGroup>(asg).unwrap().policies = policies.clone();
    let Some(mut target) = wanted else { return };
    if target < total && !all_want_in {
        return;
    }
    target = target.clamp(g.min_size, g.max_size);
    if target == g.desired {
        return;
    }
    if target < total {
        for p in world
            .get_mut::<AutoScalingGroup>(asg)
            .unwrap()
            .policies
            .iter_mut()
        {
            p.low_minutes = 0;
        }
    }
    call(
        world,
        asg,
        Command::SetDesiredCapacity {
            auto_scaling_group_name: g.name.clone(),
            desired_capacity: target,
            honor_cooldown: false,
        },
    );
}

fn replace_unhealthy(world: &mut World, asg: Entity, g: &AutoScalingGroup, now: f64) {
    let members = members_of(world, asg);
    let unhealthy = unhealthy_targets(world, g);
    let bad: Vec<Entity> = members
        .into_iter()
        .filter(|&e| is_unhealthy(world, g, e, now, &unhealthy))
        .collect();
    if !bad.is_empty() {
        let cause = "an instance was taken out of service in response to an ELB system health \
                     check failure.";
        terminate(world, asg, g, &bad, cause);
    }
}

/// Takes instances out of the group's load balancers and terminates them; `cause` says why
/// (the group's activities show it).
fn terminate(
    world: &mut World,
    asg: Entity,
    g: &AutoScalingGroup,
    instances: &[Entity],
    cause: &str,
) {
    let ids: Vec<String> = instances.iter().map(|&e| id_of(world, e)).collect();
    for &tg in &g.target_groups {
        let arn = id_of(world, tg);
        let targets = ids
            .iter()
            .map(|id| TargetDescription {
                id: id.clone(),
                port: None,
            })
            .collect();
        call(
            world,
            asg,
            Command::DeregisterTargets {
                target_group_arn: arn,
                targets,
            },
        );
    }
    for &lb in &g.classic_lbs {
        if let Some(name) = world.get::<LoadBalancer>(lb).map(|l| l.name.clone()) {
            call(
                world,
                asg,
                Command::DeregisterInstancesFromLoadBalancer {
                    load_balancer_name: name,
                    instance_ids: ids.clone(),
                },
            );
        }
    }
    let answer = execute(
        world,
        Principal::AutoScaling,
        Command::TerminateInstances {
            instance_ids: ids.clone(),
        },
    );
    let cause = format!("{} {cause}", at(world));
    let (status, message) = match answer.result {
        Ok(_) => (ActivityStatus::Successful, None),
        Err(e) => (ActivityStatus::Failed, Some(e.to_string())),
    };
    for id in ids {
        record(
            world,
            asg,
            status,
            format!("Terminating EC2 instance: {id}"),
            cause.clone(),
            message.clone(),
        );
    }
}

/// The availability zone of a subnet ("" when the subnet is gone).
fn az_of(world: &World, subnet: Entity) -> String {
    world
        .get::<Subnet>(subnet)
        .map(|x| x.az.clone())
        .unwrap_or_default()
}

/// The group's members counted by the availability zone of their subnet.
fn members_per_az(world: &World, members: &[Entity]) -> HashMap<String, usize> {
    let mut per_az = HashMap::new();
    for i in members.iter().filter_map(|&m| world.get::<Instance>(m)) {
        *per_az.entry(az_of(world, i.subnet)).or_insert(0) += 1;
    }
    per_az
}

/// Subnets ordered by how few members their AZ has (AZ balance), then creation order.
fn subnets_by_balance(
    world: &World,
    g: &AutoScalingGroup,
    per_az: &HashMap<String, usize>,
) -> Vec<Entity> {
    let mut subnets: Vec<(usize, usize, Entity)> = g
        .subnets
        .iter()
        .enumerate()
        .filter(|(_, s)| world.get::<Subnet>(**s).is_some())
        .map(|(k, &s)| (per_az.get(&az_of(world, s)).copied().unwrap_or(0), k, s))
        .collect();
    subnets.sort();
    subnets.into_iter().map(|(_, _, s)| s).collect()
}

/// Launches `count` members one `RunInstances` at a time, each into the subnet of the AZ with
/// the fewest members. The members and their AZs are counted once and then follow the
/// launches, and the launches run as one [`LaunchBatch`](super::world::LaunchBatch), so a
/// launch costs the same however many members the group already has.
fn launch(world: &mut World, asg: Entity, g: &AutoScalingGroup, count: u32, now: f64) {
    in_launch_batch(world, |world| launch_each(world, asg, g, count, now));
}

fn launch_each(world: &mut World, asg: Entity, g: &AutoScalingGroup, count: u32, now: f64) {
    let template_id = id_of(world, g.template);
    let members = members_of(world, asg);
    let mut n = members.len();
    let mut per_az = members_per_az(world, &members);
    for _ in 0..count {
        let mut launched = None;
        let mut last_error = None;
        for subnet in subnets_by_balance(world, g, &per_az) {
            let cmd = Command::RunInstances {
                image_id: None,
                instance_type: None,
                count: 1,
                subnet_id: Some(id_of(world, subnet)),
                security_group_ids: vec![],
                user_data: None,
                launch_template: Some(LaunchTemplateSpec {
                    id_or_name: template_id.clone(),
                    version: g.template_version.clone(),
                }),
                name: Some(g.name.clone()),
            };
            match execute(world, Principal::AutoScaling, cmd).result {
                Ok(r) => {
                    launched = r.ids.first().cloned();
                    break;
                }
                Err(e) => last_error = Some(e),
            }
        }
        let cause = format!(
            "{} an instance was started in response to a difference between desired and \
             actual capacity, increasing the capacity from {n} to {}.",
            at(world),
            n + 1
        );
        let Some(id) = launched else {
            // the last subnet's refusal says why (no subnet at all: the group has none left)
            let reason = last_error.map_or_else(
                || "The group has no subnet to launch into.".to_string(),
                |e| e.message,
            );
            record(
                world,
                asg,
                ActivityStatus::Failed,
                format!(
                    "Launching a new EC2 instance.  Status Reason: {reason} Launching EC2 \
                     instance failed."
                ),
                cause,
                Some(reason),
            );
            world
                .get_mut::<AutoScalingGroup>(asg)
                .unwrap()
                .next_activity = now + LAUNCH_BACKOFF;
            return;
        };
        record(
            world,
            asg,
            ActivityStatus::Successful,
            format!("Launching a new EC2 instance: {id}"),
            cause,
            None,
        );
        if let Some(e) = super::world::find::<Instance>(world, &id) {
            let mut i = world.get_mut::<Instance>(e).unwrap();
            i.asg = Some(asg);
            i.protected_from_scale_in = g.protect_new;
            let subnet = i.subnet;
            *per_az.entry(az_of(world, subnet)).or_insert(0) += 1;
            n += 1;
        }
        for &tg in &g.target_groups {
            let arn = id_of(world, tg);
            call(
                world,
                asg,
                Command::RegisterTargets {
                    target_group_arn: arn,
                    targets: vec![TargetDescription {
                        id: id.clone(),
                        port: None,
                    }],
                },
            );
        }
        for &lb in &g.classic_lbs {
            if let Some(name) = world.get::<LoadBalancer>(lb).map(|l| l.name.clone()) {
                call(
                    world,
                    asg,
                    Command::RegisterInstancesWithLoadBalancer {
                        load_balancer_name: name,
                        instance_ids: vec![id.clone()],
                    },
                );
            }
        }
    }
}

/// Default termination policy: the AZ with the most members, then the oldest launch
/// template version, then the oldest instance; protected instances are skipped.
fn scale_in(
    world: &mut World,
    asg: Entity,
    g: &AutoScalingGroup,
    members: Vec<Entity>,
    count: u32,
) {
    // The candidates by AZ, each AZ's in the order it gives them up (oldest template
    // version, then oldest instance), and how many candidates each AZ has left: an instance
    // whose subnet is gone counts in no AZ and competes with the AZ named "".
    let mut by_az: HashMap<String, std::collections::VecDeque<(u32, usize, Entity)>> =
        HashMap::new();
    let mut left: HashMap<String, usize> = HashMap::new();
    let candidates = members.iter().copied().filter(|&e| {
        world
            .get::<Instance>(e)
            .is_some_and(|i| !i.protected_from_scale_in)
    });
    for (k, e) in candidates.enumerate() {
        let i = world.get::<Instance>(e).unwrap();
        let subnet = world.get::<Subnet>(i.subnet);
        let az = subnet.map(|s| s.az.clone()).unwrap_or_default();
        if subnet.is_some() {
            *left.entry(az.clone()).or_insert(0) += 1;
        }
        let version = i.template.map(|t| t.1).unwrap_or(0);
        by_az.entry(az).or_default().push_back((version, k, e));
    }
    for queue in by_az.values_mut() {
        queue.make_contiguous().sort_by_key(|&(v, k, _)| (v, k));
    }
    let mut chosen = Vec::new();
    for _ in 0..count {
        // the AZ with the most candidates left, then the oldest version, then the oldest
        let best = by_az
            .iter()
            .filter_map(|(az, q)| q.front().map(|&(v, k, _)| (az, v, k)))
            .max_by(|(aza, va, ka), (azb, vb, kb)| {
                let n = |az: &String| left.get(az).copied().unwrap_or(0);
                n(aza).cmp(&n(azb)).then(vb.cmp(va)).then(kb.cmp(ka))
            })
            .map(|(az, _, _)| az.clone());
        let Some(az) = best else { break };
        let (_, _, e) = by_az.get_mut(&az).unwrap().pop_front().unwrap();
        let counted = world
            .get::<Instance>(e)
            .and_then(|i| world.get::<Subnet>(i.subnet))
            .is_some();
        if counted && let Some(n) = left.get_mut(&az) {
            *n -= 1;
        }
        chosen.push(e);
    }
    if !chosen.is_empty() {
        let cause = format!(
            "an instance was taken out of service in response to a difference between \
             desired and actual capacity, shrinking the capacity from {} to {}.",
            members.len(),
            members.len() - chosen.len()
        );
        terminate(world, asg, g, &chosen, &cause);
    }
}
