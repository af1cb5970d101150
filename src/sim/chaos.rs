//! The chaos engine: the scenario's timeline of incidents, each carried out through the
//! command API under a principal that is not the player's, plus traffic spikes.

use super::api::execute_signed;

use super::clock::SimClock;
use super::command::{
    CallerContext, Command, IngressRule, IngressSource, LaunchTemplateData, LbKind, Principal,
};
use super::ids::AwsId;
use super::model::*;
use super::random::SimRng;
use super::traffic::TrafficState;
use super::world::{all, find};
use crate::scenario::{ChaosAction, ChaosEvent, Scenario};
use bevy::prelude::*;

/// Where the timeline is, and the chaos engine's own random stream.
#[derive(Resource, Clone)]
pub struct ChaosState {
    /// The scenario's timeline plus the events drawn from its random pools, by time.
    pub timeline: Vec<ChaosEvent>,
    pub next: usize,
    pub rng: SimRng,
    /// Incidents that have happened: (time, description), for the HUD and the results screen.
    pub log: Vec<(f64, String)>,
}

/// The default identity of an intruder or careless colleague in the trail.
pub const UNKNOWN_PRINCIPAL: &str = "arn:aws:iam::123456789012:user/contractor-temp-7f3a";

/// The scenario's fixed timeline plus its random pools drawn for this seed, sorted by time
/// (ties keep the file's order, fixed events first).
pub fn build_timeline(scenario: &Scenario, seed: u64) -> Vec<ChaosEvent> {
    let mut timeline = scenario.chaos.clone();
    for (k, pool) in scenario.random_events.iter().enumerate() {
        if pool.events.is_empty() {
            continue;
        }
        let mut rng = SimRng::seed_from_u64(
            seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ pool.seed ^ ((k as u64) << 32),
        );
        let span = (pool.to_minute - pool.from_minute).max(0.0);
        for _ in 0..pool.count {
            let at_minute = pool.from_minute + rng.uniform() * span;
            let pick = rng.range_u32(0, pool.events.len() as u32) as usize;
            timeline.push(ChaosEvent {
                at_minute,
                principal: pool.principal.clone(),
                access_key: None,
                source_ip: None,
                action: pool.events[pick].clone(),
            });
        }
    }
    timeline.sort_by(|a, b| a.at_minute.total_cmp(&b.at_minute));
    timeline
}

pub fn run_chaos(world: &mut World) {
    let now = world.resource::<SimClock>().now;
    loop {
        let next = world.resource::<ChaosState>().next;
        let Some(event) = world.resource::<ChaosState>().timeline.get(next) else {
            break;
        };
        if event.at_minute * 60.0 > now {
            break;
        }
        let event = event.clone();
        world.resource_mut::<ChaosState>().next += 1;
        let principal = Principal::Unknown(
            event
                .principal
                .clone()
                .unwrap_or_else(|| UNKNOWN_PRINCIPAL.into()),
        );
        let description = describe(&event.action);
        world
            .resource_mut::<ChaosState>()
            .log
            .push((now, description));
        // Signed with the event's access key, from its address (if the scenario says).
        let caller = CallerContext {
            access_key: event.access_key.clone(),
            source_ip: event.source_ip.clone(),
        };
        for command in commands_for(world, &event.action, now) {
            // A failure (the target is already gone, the key is revoked) is answered and
            // recorded in the trail like any call; the incident happened either way.
            execute_signed(world, principal.clone(), caller.clone(), command);
        }
    }
}

fn describe(action: &ChaosAction) -> String {
    match action {
        ChaosAction::ExhaustSubnet { subnet, .. } => {
            format!("Another workload fills subnet {subnet}")
        }
        ChaosAction::PushLaunchTemplateVersion { template, .. } => {
            format!("A new version of launch template {template} is made the default")
        }
        ChaosAction::DeleteLoadBalancer { name } => format!("Load balancer {name} is deleted"),
        ChaosAction::DeleteServingLoadBalancer => {
            "The load balancer customers use is deleted".into()
        }
        ChaosAction::RevokeIngress { group, port, .. } => {
            format!("Port {port} is closed on security group {group}")
        }
        ChaosAction::TerminateInstance { name } => {
            format!(
                "Instance {} is terminated",
                name.as_deref().unwrap_or("(random)")
            )
        }
        ChaosAction::TrafficSpike {
            multiplier,
            minutes,
        } => {
            format!("Traffic spike: ×{multiplier} for {minutes} minutes")
        }
        ChaosAction::RebootDatabase { db } => format!("Database {db} loses its primary"),
        ChaosAction::LaunchInstances {
            count,
            instance_type,
            ..
        } => format!("{count} × {instance_type} instances are launched"),
        ChaosAction::AuthorizeIngress {
            group, port, cidr, ..
        } => format!("Port {port} is opened to {cidr} on security group {group}"),
    }
}

fn id_by_name<T: Component>(world: &mut World, name: &str) -> Option<String> {
    all::<T>(world).into_iter().find_map(|e| {
        let matches = world.get::<Name>(e).is_some_and(|n| n.as_str() == name)
            || world.get::<AwsId>(e).is_some_and(|a| a.0 == name);
        matches.then(|| world.get::<AwsId>(e).unwrap().0.clone())
    })
}

fn commands_for(world: &mut World, action: &ChaosAction, now: f64) -> Vec<Command> {
    match action {
        ChaosAction::ExhaustSubnet { subnet, leave_free } => {
            let Some(id) = id_by_name::<Subnet>(world, subnet) else {
                return vec![];
            };
            let free = find::<Subnet>(world, &id)
                .and_then(|e| world.get::<Subnet>(e))
                .map(|s| s.free())
                .unwrap_or(0);
            let take = free.saturating_sub(*leave_free);
            if take == 0 {
                return vec![];
            }
            vec![Command::CreateNetworkInterface {
                subnet_id: id,
                secondary_ip_count: take - 1,
                description: Some("batch-etl worker (data team)".into()),
            }]
        }
        ChaosAction::PushLaunchTemplateVersion {
            template,
            description,
            user_data,
        } => {
            let Some(id) = id_by_name::<LaunchTemplate>(world, template) else {
                return vec![];
            };
            let next = find::<LaunchTemplate>(world, &id)
                .and_then(|e| world.get::<LaunchTemplate>(e))
                .map(|t| t.latest() + 1)
                .unwrap_or(2);
            vec![
                Command::CreateLaunchTemplateVersion {
                    launch_template: id.clone(),
                    source_version: Some("$Latest".into()),
                    version_description: Some(description.clone()),
                    data: LaunchTemplateData {
                        user_data: Some(user_data.clone()),
                        ..Default::default()
                    },
                },
                Command::ModifyLaunchTemplate {
                    launch_template: id,
                    default_version: next.to_string(),
                },
            ]
        }
        ChaosAction::DeleteLoadBalancer { name } => {
            let lb = all::<LoadBalancer>(world)
                .into_iter()
                .find(|&e| world.get::<LoadBalancer>(e).unwrap().name == *name);
            match lb {
                Some(e) => {
                    let kind = world.get::<LoadBalancer>(e).unwrap().kind;
                    let id = world.get::<AwsId>(e).unwrap().0.clone();
                    vec![Command::DeleteLoadBalancer {
                        kind,
                        name_or_arn: id,
                    }]
                }
                None => vec![Command::DeleteLoadBalancer {
                    kind: LbKind::Classic,
                    name_or_arn: name.clone(),
                }],
            }
        }
        ChaosAction::DeleteServingLoadBalancer => {
            let Some(DnsTarget::Alias(dns)) = world.resource::<Dns>().target.clone() else {
                return vec![];
            };
            let lb = all::<LoadBalancer>(world)
                .into_iter()
                .find(|&e| world.get::<LoadBalancer>(e).unwrap().dns_name == dns);
            lb.map(|e| {
                let kind = world.get::<LoadBalancer>(e).unwrap().kind;
                vec![Command::DeleteLoadBalancer {
                    kind,
                    name_or_arn: world.get::<AwsId>(e).unwrap().0.clone(),
                }]
            })
            .unwrap_or_default()
        }
        ChaosAction::RevokeIngress {
            group,
            port,
            cidr,
            source_group,
        } => {
            let Some(gid) = id_by_name::<SecurityGroup>(world, group) else {
                return vec![];
            };
            let source = match (cidr, source_group) {
                (Some(c), _) => IngressSource::Cidr(c.clone()),
                (None, Some(g)) => {
                    IngressSource::Group(id_by_name::<SecurityGroup>(world, g).unwrap_or(g.clone()))
                }
                (None, None) => IngressSource::Cidr("0.0.0.0/0".into()),
            };
            vec![Command::RevokeSecurityGroupIngress {
                group_id: gid,
                rules: vec![IngressRule {
                    protocol: "tcp".into(),
                    from_port: *port,
                    to_port: *port,
                    source,
                }],
            }]
        }
        ChaosAction::TerminateInstance { name } => {
            let running: Vec<Entity> = all::<Instance>(world)
                .into_iter()
                .filter(|&e| world.get::<Instance>(e).unwrap().state == InstanceState::Running)
                .collect();
            let pick = match name {
                Some(n) => running
                    .into_iter()
                    .find(|&e| world.get::<Name>(e).is_some_and(|x| x.as_str() == n)),
                None if running.is_empty() => None,
                None => {
                    let i = world
                        .resource_mut::<ChaosState>()
                        .rng
                        .range_u32(0, running.len() as u32) as usize;
                    Some(running[i])
                }
            };
            pick.map(|e| {
                vec![Command::TerminateInstances {
                    instance_ids: vec![world.get::<AwsId>(e).unwrap().0.clone()],
                }]
            })
            .unwrap_or_default()
        }
        ChaosAction::TrafficSpike {
            multiplier,
            minutes,
        } => {
            world.resource_mut::<TrafficState>().spikes.push((
                now,
                now + minutes * 60.0,
                *multiplier,
            ));
            vec![]
        }
        ChaosAction::RebootDatabase { db } => {
            let multi_az = find::<crate::sim::rds::DbInstance>(world, db)
                .and_then(|e| world.get::<crate::sim::rds::DbInstance>(e))
                .map(|d| d.multi_az)
                .unwrap_or(false);
            vec![Command::RebootDbInstance {
                db_instance_identifier: db.clone(),
                force_failover: multi_az,
            }]
        }
        ChaosAction::LaunchInstances {
            subnet,
            instance_type,
            count,
            name,
            security_group,
            user_data,
        } => {
            let subnet_id = id_by_name::<Subnet>(world, subnet);
            let group = id_by_name::<SecurityGroup>(world, security_group)
                .unwrap_or_else(|| security_group.clone());
            vec![Command::RunInstances {
                image_id: Some("ami-0c02fb55956c7d316".into()),
                instance_type: Some(instance_type.clone()),
                count: *count,
                subnet_id,
                security_group_ids: vec![group],
                user_data: Some(user_data.clone()),
                launch_template: None,
                name: Some(name.clone()),
            }]
        }
        ChaosAction::AuthorizeIngress { group, port, cidr } => {
            let Some(gid) = id_by_name::<SecurityGroup>(world, group) else {
                return vec![];
            };
            vec![Command::AuthorizeSecurityGroupIngress {
                group_id: gid,
                rules: vec![IngressRule {
                    protocol: "tcp".into(),
                    from_port: *port,
                    to_port: *port,
                    source: IngressSource::Cidr(cidr.clone()),
                }],
            }]
        }
    }
}

/// A new round: the timeline for this seed from its start, the chaos engine's own random
/// stream, nothing happened yet.
pub fn reset(world: &mut World, scenario: &Scenario, seed: u64, rng: SimRng) {
    world.insert_resource(ChaosState {
        timeline: build_timeline(scenario, seed),
        next: 0,
        rng,
        log: vec![],
    });
}
