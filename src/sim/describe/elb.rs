//! Elastic Load Balancing reads: `elbv2 describe-load-balancers`, `describe-target-groups`,
//! `describe-listeners`, `describe-target-health` (AWS's reason codes, chosen from the
//! simulation's real cause) and Classic `elb describe-instance-health`.

use crate::sim::command::{ApiError, LbKind, TargetDescription};
use crate::sim::model::*;
use crate::sim::world::{all, find, id_of};
use bevy::prelude::*;
use serde_json::{Value, json};

/// The hosted zone of us-east-1's Application Load Balancers (Route 53 alias targets).
const ALB_HOSTED_ZONE: &str = "Z35SXDOTRQ7X7K";

fn lb_not_found() -> ApiError {
    ApiError::new(
        "LoadBalancerNotFound",
        "One or more load balancers not found",
    )
}

fn tg_not_found() -> ApiError {
    ApiError::new("TargetGroupNotFound", "One or more target groups not found")
}

/// The Application LBs, in creation order.
fn albs(world: &mut World) -> Vec<Entity> {
    all::<LoadBalancer>(world)
        .into_iter()
        .filter(|&e| world.get::<LoadBalancer>(e).unwrap().kind == LbKind::Application)
        .collect()
}

/// One `LoadBalancers[]` item.
pub(crate) fn load_balancer(world: &World, e: Entity) -> Option<Value> {
    let lb = world.get::<LoadBalancer>(e)?;
    let zones: Vec<Value> = lb
        .subnets
        .iter()
        .filter_map(|&s| {
            let subnet = world.get::<Subnet>(s)?;
            Some(json!({"ZoneName": subnet.az, "SubnetId": id_of(world, s)}))
        })
        .collect();
    let vpc = lb
        .subnets
        .first()
        .and_then(|&s| world.get::<Subnet>(s))
        .map(|s| id_of(world, s.vpc))
        .unwrap_or_default();
    let state = match lb.state {
        LbState::Provisioning => "provisioning",
        LbState::Active => "active",
    };
    Some(json!({
        "LoadBalancerArn": id_of(world, e),
        "DNSName": lb.dns_name,
        "CanonicalHostedZoneId": ALB_HOSTED_ZONE,
        "LoadBalancerName": lb.name,
        "Scheme": "internet-facing",
        "VpcId": vpc,
        "State": {"Code": state},
        "Type": "application",
        "AvailabilityZones": zones,
        "SecurityGroups": lb.security_groups.iter().map(|&g| id_of(world, g)).collect::<Vec<_>>(),
        "IpAddressType": "ipv4",
    }))
}

/// `elbv2 describe-load-balancers`.
pub(super) fn load_balancers(
    world: &mut World,
    names: &[String],
    arns: &[String],
) -> Result<Value, ApiError> {
    let lbs = albs(world);
    let name_of = |e: Entity| world.get::<LoadBalancer>(e).unwrap().name.clone();
    for n in names {
        if !lbs.iter().any(|&e| name_of(e) == *n) {
            return Err(lb_not_found());
        }
    }
    for a in arns {
        if !lbs.iter().any(|&e| id_of(world, e) == *a) {
            return Err(lb_not_found());
        }
    }
    let out: Vec<Value> = lbs
        .into_iter()
        .filter(|&e| {
            (names.is_empty() && arns.is_empty())
                || names.contains(&name_of(e))
                || arns.contains(&id_of(world, e))
        })
        .filter_map(|e| load_balancer(world, e))
        .collect();
    Ok(json!({ "LoadBalancers": out }))
}

/// The Application LBs whose listeners forward to target group `tg`.
fn lbs_of_group(world: &mut World, tg: Entity) -> Vec<Entity> {
    albs(world)
        .into_iter()
        .filter(|&e| {
            world
                .get::<LoadBalancer>(e)
                .unwrap()
                .listeners
                .iter()
                .any(|l| l.target_group == Some(tg))
        })
        .collect()
}

/// One `TargetGroups[]` item.
pub(crate) fn target_group(world: &mut World, e: Entity) -> Option<Value> {
    let lbs: Vec<String> = lbs_of_group(world, e)
        .into_iter()
        .map(|l| id_of(world, l))
        .collect();
    let g = world.get::<TargetGroup>(e)?;
    Some(json!({
        "TargetGroupArn": id_of(world, e),
        "TargetGroupName": g.name,
        "Protocol": g.protocol,
        "Port": g.port,
        "VpcId": id_of(world, g.vpc),
        "HealthCheckProtocol": g.protocol,
        "HealthCheckPort": "traffic-port",
        "HealthCheckEnabled": true,
        "HealthCheckIntervalSeconds": g.health.interval,
        "HealthCheckTimeoutSeconds": g.health.timeout,
        "HealthyThresholdCount": g.health.healthy_threshold,
        "UnhealthyThresholdCount": g.health.unhealthy_threshold,
        "HealthCheckPath": g.health.path,
        "Matcher": {"HttpCode": "200"},
        "LoadBalancerArns": lbs,
        "TargetType": "instance",
        "ProtocolVersion": "HTTP1",
        "IpAddressType": "ipv4",
    }))
}

/// A target group's attributes as GameDay models them (`Attributes[]` of `Key`/`Value`
/// strings): the deregistration delay in effect and the load-balancing algorithm.
pub(crate) fn target_group_attributes(world: &World, e: Entity) -> Option<Value> {
    let g = world.get::<TargetGroup>(e)?;
    let delay = g.deregistration_delay.unwrap_or(
        crate::sim::world::scenario(world)
            .timings
            .deregistration_delay,
    );
    let algorithm = match g.algorithm {
        Algorithm::RoundRobin => "round_robin",
        Algorithm::LeastOutstandingRequests => "least_outstanding_requests",
    };
    Some(json!([
        {"Key": "deregistration_delay.timeout_seconds", "Value": format!("{delay}")},
        {"Key": "load_balancing.algorithm.type", "Value": algorithm},
    ]))
}

/// `elbv2 describe-target-groups`.
pub(super) fn target_groups(
    world: &mut World,
    lb_arn: Option<&str>,
    arns: &[String],
    names: &[String],
) -> Result<Value, ApiError> {
    let groups = all::<TargetGroup>(world);
    let of_lb = match lb_arn {
        Some(arn) => {
            let lb = find::<LoadBalancer>(world, arn).ok_or_else(lb_not_found)?;
            Some(
                world
                    .get::<LoadBalancer>(lb)
                    .unwrap()
                    .listeners
                    .iter()
                    .filter_map(|l| l.target_group)
                    .collect::<Vec<_>>(),
            )
        }
        None => None,
    };
    let name_of = |e: Entity| world.get::<TargetGroup>(e).unwrap().name.clone();
    if arns
        .iter()
        .any(|a| !groups.iter().any(|&g| id_of(world, g) == *a))
        || names
            .iter()
            .any(|n| !groups.iter().any(|&g| name_of(g) == *n))
    {
        return Err(tg_not_found());
    }
    let wanted: Vec<Entity> = groups
        .into_iter()
        .filter(|&g| of_lb.as_ref().is_none_or(|l| l.contains(&g)))
        .filter(|&g| {
            (arns.is_empty() && names.is_empty())
                || arns.contains(&id_of(world, g))
                || names.contains(&name_of(g))
        })
        .collect();
    let out: Vec<Value> = wanted
        .into_iter()
        .filter_map(|g| target_group(world, g))
        .collect();
    Ok(json!({ "TargetGroups": out }))
}

/// A listener's ARN, as `create-listener` made it: the load balancer's, as `listener/…/PORT`.
pub(crate) fn listener_arn(lb_arn: &str, port: u16) -> String {
    lb_arn.replace(":loadbalancer/", ":listener/") + &format!("/{port:016x}")
}

/// One `Listeners[]` item.
pub(crate) fn listener(world: &World, lb_arn: &str, x: &Listener) -> Value {
    let actions: Vec<Value> = x
        .target_group
        .map(|tg| json!({"Type": "forward", "TargetGroupArn": id_of(world, tg), "Order": 1}))
        .into_iter()
        .collect();
    json!({
        "ListenerArn": listener_arn(lb_arn, x.port),
        "LoadBalancerArn": lb_arn,
        "Port": x.port,
        "Protocol": x.protocol,
        "DefaultActions": actions,
    })
}

/// `elbv2 describe-listeners --load-balancer-arn | --listener-arns`.
pub(super) fn listeners(
    world: &mut World,
    lb_arn: Option<&str>,
    arns: &[String],
) -> Result<Value, ApiError> {
    let lbs: Vec<Entity> = match lb_arn {
        Some(a) => vec![find::<LoadBalancer>(world, a).ok_or_else(lb_not_found)?],
        None if arns.is_empty() => {
            return Err(ApiError::new(
                "ValidationError",
                "You must specify either listener ARNs or a load balancer ARN",
            ));
        }
        None => albs(world),
    };
    let mut out: Vec<Value> = vec![];
    for lb in lbs {
        let arn = id_of(world, lb);
        let l = world.get::<LoadBalancer>(lb).unwrap();
        out.extend(
            l.listeners
                .iter()
                .filter(|x| arns.is_empty() || arns.contains(&listener_arn(&arn, x.port)))
                .map(|x| listener(world, &arn, x)),
        );
    }
    if out.len() < arns.len() {
        return Err(ApiError::new(
            "ListenerNotFound",
            "One or more listeners not found",
        ));
    }
    Ok(json!({ "Listeners": out }))
}

/// A target's health as `describe-target-health` reports it: state, and for any state but
/// healthy AWS's reason code and description, chosen from what the simulation knows.
/// `in_use`: some load balancer's listener forwards to the group.
pub(crate) fn target_health(
    world: &World,
    t: &Target,
    in_use: bool,
) -> (&'static str, Option<(&'static str, String)>) {
    let instance = world.get::<Instance>(t.instance);
    let stopped = world
        .get::<crate::sim::lifecycle::Stopped>(t.instance)
        .is_some();
    if t.state == TargetHealthState::Draining {
        return (
            "draining",
            Some((
                "Target.DeregistrationInProgress",
                "Target deregistration is in progress".into(),
            )),
        );
    }
    if !in_use {
        return (
            "unused",
            Some((
                "Target.NotInUse",
                "Target group is not configured to receive traffic from the load balancer".into(),
            )),
        );
    }
    match instance {
        None => {
            return (
                "unused",
                Some((
                    "Target.InvalidState",
                    "Target is in the terminated state".into(),
                )),
            );
        }
        Some(i) if stopped || !i.alive() => {
            let name = if stopped {
                "stopped"
            } else {
                i.state.aws_name()
            };
            return (
                "unused",
                Some((
                    "Target.InvalidState",
                    format!("Target is in the {name} state"),
                )),
            );
        }
        _ => {}
    }
    let reason = |code: &str| -> (&'static str, String) {
        match code {
            "Target.Timeout" => ("Target.Timeout", "Request timed out".into()),
            "Target.ResponseCodeMismatch" => (
                "Target.ResponseCodeMismatch",
                "Health checks failed with these codes: [500]".into(),
            ),
            "Target.NotRegistered" => (
                "Target.NotRegistered",
                "Target is not registered to the target group".into(),
            ),
            _ => ("Target.FailedHealthChecks", "Health checks failed".into()),
        }
    };
    match t.state {
        TargetHealthState::Healthy => ("healthy", None),
        TargetHealthState::Unhealthy => (
            "unhealthy",
            Some(reason(
                t.reason.as_deref().unwrap_or("Target.FailedHealthChecks"),
            )),
        ),
        _ if t.passes == 0 && t.fails == 0 => (
            "initial",
            Some((
                "Elb.RegistrationInProgress",
                "Target registration is in progress".into(),
            )),
        ),
        _ => (
            "initial",
            Some((
                "Elb.InitialHealthChecking",
                "Initial health checks in progress".into(),
            )),
        ),
    }
}

fn health_json(state: &str, reason: Option<(&str, String)>) -> Value {
    match reason {
        Some((code, text)) => json!({"State": state, "Reason": code, "Description": text}),
        None => json!({"State": state}),
    }
}

/// Is some load balancer's listener forwarding to target group `tg`?
pub(crate) fn group_in_use(world: &mut World, tg: Entity) -> bool {
    !lbs_of_group(world, tg).is_empty()
}

/// `elbv2 describe-target-health`.
pub(super) fn target_health_descriptions(
    world: &mut World,
    arn: &str,
    only: &[TargetDescription],
) -> Result<Value, ApiError> {
    let tg = find::<TargetGroup>(world, arn).ok_or_else(tg_not_found)?;
    let in_use = group_in_use(world, tg);
    let g = world.get::<TargetGroup>(tg).unwrap();
    let mut out = vec![];
    for t in &g.targets {
        let id = id_of(world, t.instance);
        if !only.is_empty()
            && !only
                .iter()
                .any(|d| d.id == id && d.port.is_none_or(|p| p == t.port))
        {
            continue;
        }
        let (state, reason) = target_health(world, t, in_use);
        out.push(json!({
            "Target": {"Id": id, "Port": t.port},
            "HealthCheckPort": t.port.to_string(),
            "TargetHealth": health_json(state, reason),
        }));
    }
    // asked about targets that are not registered: AWS answers for them too
    for d in only {
        let registered = g.targets.iter().any(|t| id_of(world, t.instance) == d.id);
        if !registered {
            if find::<Instance>(world, &d.id).is_none() {
                return Err(ApiError::new(
                    "InvalidTarget",
                    format!("The following targets are not valid instances: '{}'", d.id),
                ));
            }
            let port = d.port.unwrap_or(g.port);
            out.push(json!({
                "Target": {"Id": d.id, "Port": port},
                "HealthCheckPort": port.to_string(),
                "TargetHealth": health_json("unused", Some((
                    "Target.NotRegistered",
                    "Target is not registered to the target group".into(),
                ))),
            }));
        }
    }
    Ok(json!({ "TargetHealthDescriptions": out }))
}

/// A Classic registration's health as `describe-instance-health` reports it: `State`,
/// `ReasonCode`, `Description`.
pub(crate) fn classic_instance_health(t: &Target) -> (&'static str, &'static str, &'static str) {
    match t.state {
        TargetHealthState::Healthy => ("InService", "N/A", "N/A"),
        TargetHealthState::Initial => (
            "OutOfService",
            "ELB",
            "Instance registration is still in progress.",
        ),
        _ => (
            "OutOfService",
            "Instance",
            "Instance has failed at least the UnhealthyThreshold number of health checks consecutively.",
        ),
    }
}

/// `elb describe-instance-health`: Classic states `InService` / `OutOfService` / `Unknown`.
pub(super) fn instance_health(
    world: &mut World,
    name: &str,
    ids: &[String],
) -> Result<Value, ApiError> {
    let lb = all::<LoadBalancer>(world)
        .into_iter()
        .find(|&e| {
            let l = world.get::<LoadBalancer>(e).unwrap();
            l.kind == LbKind::Classic && l.name == name
        })
        .ok_or_else(|| {
            ApiError::new(
                "LoadBalancerNotFound",
                format!("There is no ACTIVE Load Balancer named '{name}'"),
            )
        })?;
    let l = world.get::<LoadBalancer>(lb).unwrap();
    let mut out = vec![];
    for t in &l.classic_targets {
        let id = id_of(world, t.instance);
        if !ids.is_empty() && !ids.contains(&id) {
            continue;
        }
        let (state, code, text) = classic_instance_health(t);
        out.push(json!({
            "InstanceId": id,
            "State": state,
            "ReasonCode": code,
            "Description": text,
        }));
    }
    for id in ids {
        if !l
            .classic_targets
            .iter()
            .any(|t| id_of(world, t.instance) == *id)
        {
            return Err(ApiError::new(
                "InvalidInstance",
                format!("Could not find EC2 instance {id}."),
            ));
        }
    }
    Ok(json!({ "InstanceStates": out }))
}
