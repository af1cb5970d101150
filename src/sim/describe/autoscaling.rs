//! Auto Scaling reads: `describe-auto-scaling-groups` and `describe-scaling-activities`
//! (the service's own causes and status messages).

use crate::sim::clock::SimClock;
use crate::sim::command::ApiError;
use crate::sim::lifecycle::{is_unhealthy, members_of, unhealthy_targets};
use crate::sim::model::*;
use crate::sim::world::{all, id_of};
use bevy::prelude::*;
use serde_json::{Value, json};

/// `LifecycleState` of a member.
fn lifecycle_state(i: &Instance) -> &'static str {
    match i.state {
        InstanceState::Pending | InstanceState::Booting => "Pending",
        InstanceState::Running => "InService",
        InstanceState::ShuttingDown | InstanceState::Terminated => "Terminating",
    }
}

/// One `AutoScalingGroups[]` item.
pub(crate) fn group(world: &mut World, e: Entity) -> Option<Value> {
    let members = members_of(world, e);
    let now = world.resource::<SimClock>().now;
    let g = world.get::<AutoScalingGroup>(e)?;
    let unhealthy = unhealthy_targets(world, g);
    let lt = world.get::<LaunchTemplate>(g.template);
    let template = json!({
        "LaunchTemplateId": id_of(world, g.template),
        "LaunchTemplateName": lt.map(|t| t.name.clone()).unwrap_or_default(),
        "Version": g.template_version,
    });
    let mut zones: Vec<String> = g
        .subnets
        .iter()
        .filter_map(|&s| world.get::<Subnet>(s).map(|s| s.az.clone()))
        .collect();
    zones.sort();
    zones.dedup();
    let instances: Vec<Value> = members
        .iter()
        .filter_map(|&m| {
            let i = world.get::<Instance>(m)?;
            let az = world.get::<Subnet>(i.subnet).map(|s| s.az.clone());
            let version = i.template.map(|(_, v)| v.to_string());
            Some(json!({
                "InstanceId": id_of(world, m),
                "InstanceType": i.instance_type,
                "AvailabilityZone": az.unwrap_or_default(),
                "LifecycleState": lifecycle_state(i),
                "HealthStatus": if is_unhealthy(world, g, m, now, &unhealthy) { "Unhealthy" } else { "Healthy" },
                "LaunchTemplate": {
                    "LaunchTemplateId": id_of(world, g.template),
                    "LaunchTemplateName": lt.map(|t| t.name.clone()).unwrap_or_default(),
                    "Version": version.unwrap_or_default(),
                },
                "ProtectedFromScaleIn": i.protected_from_scale_in,
            }))
        })
        .collect();
    let policies_warmup = g.default_warmup;
    let mut v = json!({
        "AutoScalingGroupName": g.name,
        "AutoScalingGroupARN": id_of(world, e),
        "LaunchTemplate": template,
        "MinSize": g.min_size,
        "MaxSize": g.max_size,
        "DesiredCapacity": g.desired,
        "DefaultCooldown": 300,
        "AvailabilityZones": zones,
        "LoadBalancerNames": g.classic_lbs.iter().filter_map(|&l| world.get::<LoadBalancer>(l).map(|l| l.name.clone())).collect::<Vec<_>>(),
        "TargetGroupARNs": g.target_groups.iter().map(|&t| id_of(world, t)).collect::<Vec<_>>(),
        "HealthCheckType": match g.health_check_type {
            AsgHealthCheckType::Ec2 => "EC2",
            AsgHealthCheckType::Elb => "ELB",
        },
        "HealthCheckGracePeriod": g.grace_period,
        "Instances": instances,
        "VPCZoneIdentifier": g.subnets.iter().map(|&s| id_of(world, s)).collect::<Vec<_>>().join(","),
        "NewInstancesProtectedFromScaleIn": g.protect_new,
        "TerminationPolicies": ["Default"],
    });
    if let Some(w) = policies_warmup {
        v["DefaultInstanceWarmup"] = json!(w);
    }
    Some(v)
}

/// `autoscaling describe-auto-scaling-groups`: unknown names are left out, as AWS does.
pub(super) fn groups(world: &mut World, names: &[String]) -> Value {
    let wanted: Vec<Entity> = all::<AutoScalingGroup>(world)
        .into_iter()
        .filter(|&e| {
            names.is_empty() || names.contains(&world.get::<AutoScalingGroup>(e).unwrap().name)
        })
        .collect();
    let out: Vec<Value> = wanted.into_iter().filter_map(|e| group(world, e)).collect();
    json!({ "AutoScalingGroups": out })
}

/// A stable activity id (AWS's are UUIDs) from the group and the activity's place.
fn activity_id(group: &str, time: f64, n: usize) -> String {
    let h = group
        .bytes()
        .chain(time.to_bits().to_le_bytes())
        .chain((n as u64).to_le_bytes())
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
        });
    let hex = format!("{h:016x}{:016x}", h.rotate_left(29) ^ 0x5bd1_e995);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// `autoscaling describe-scaling-activities`: newest first.
pub(super) fn activities(
    world: &mut World,
    name: Option<&str>,
    max_items: Option<u32>,
) -> Result<Value, ApiError> {
    let groups: Vec<Entity> = all::<AutoScalingGroup>(world)
        .into_iter()
        .filter(|&e| name.is_none_or(|n| world.get::<AutoScalingGroup>(e).unwrap().name == n))
        .collect();
    let clock = world.resource::<SimClock>();
    let mut items: Vec<(f64, Value)> = vec![];
    for g in groups {
        let group_name = world.get::<AutoScalingGroup>(g).unwrap().name.clone();
        let Some(log) = world.get::<ScalingActivities>(g) else {
            continue;
        };
        for (n, a) in log.0.iter().enumerate() {
            let mut v = json!({
                "ActivityId": activity_id(&group_name, a.time, n),
                "AutoScalingGroupName": group_name,
                "Description": a.description,
                "Cause": a.cause,
                "StartTime": clock.iso8601(a.time),
                "EndTime": clock.iso8601(a.time),
                "StatusCode": a.status.aws_name(),
                "Progress": 100,
            });
            if let Some(m) = &a.status_message {
                v["StatusMessage"] = json!(m);
            }
            items.push((a.time, v));
        }
    }
    // newest first; a stable sort keeps a group's order within one second
    items.reverse();
    items.sort_by(|a, b| b.0.total_cmp(&a.0));
    let limit = max_items.map_or(items.len(), |m| m as usize);
    Ok(json!({
        "Activities": items.into_iter().take(limit).map(|(_, v)| v).collect::<Vec<_>>(),
    }))
}
