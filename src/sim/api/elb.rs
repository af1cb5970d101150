//! Elastic Load Balancing calls: Classic (`elb`) and Application (`elbv2`) load balancers,
//! target groups, listeners, registrations.

use crate::sim::command::{ApiError, ApiResponse, ApiResult, Command, Principal};
use crate::sim::command::{LbKind, TargetDescription};
use crate::sim::ids::IdRegistry;
use crate::sim::model::*;
use crate::sim::world::*;
use bevy::prelude::*;

/// ALB target-group health-check defaults (interval 30 s, 5 to become healthy, 2 to fail).
pub fn default_health_check() -> HealthCheck {
    HealthCheck {
        path: "/".into(),
        interval: 30.0,
        timeout: 5.0,
        healthy_threshold: 5,
        unhealthy_threshold: 2,
    }
}

/// Classic LB health-check defaults (`HTTP:80/index.html`, interval 30 s, 10 healthy, 2 unhealthy).
fn classic_health_check() -> HealthCheck {
    HealthCheck {
        path: "/index.html".into(),
        interval: 30.0,
        timeout: 5.0,
        healthy_threshold: 10,
        unhealthy_threshold: 2,
    }
}

/// An ALB node needs this many free addresses in each of its subnets.
pub const LB_MIN_FREE_ADDRESSES: u32 = 8;

pub(super) fn execute(world: &mut World, principal: &Principal, command: &Command) -> ApiResult {
    use Command as C;
    match command {
        C::CreateLoadBalancer {
            kind,
            name,
            subnets,
            security_groups,
            listeners,
        } => {
            valid_lb_name(name)?;
            if find_lb_by_name(world, name).is_some() {
                return Err(ApiError::new(
                    "DuplicateLoadBalancerName",
                    format!("A load balancer with the name '{name}' already exists"),
                ));
            }
            if all::<LoadBalancer>(world).len() >= scenario(world).account.load_balancers as usize {
                return Err(ApiError::new(
                    "TooManyLoadBalancers",
                    "You've reached the limit on the number of load balancers for your AWS \
                     account.",
                ));
            }
            if *kind == LbKind::Classic && listeners.is_empty() {
                return Err(ApiError::new(
                    "ValidationError",
                    "At least one listener is required (--listeners).",
                ));
            }
            let subnet_es = check_lb_subnets(world, *kind, subnets, &[])?;
            let groups = resolve_groups(world, security_groups)
                .map_err(|e| ApiError::new("InvalidSecurityGroup", e.message))?;
            let t = now(world);
            let timings = scenario(world).timings.clone();
            let (id, provisioning) = match kind {
                LbKind::Application => (
                    world
                        .resource_mut::<IdRegistry>()
                        .new_elbv2_arn("loadbalancer", name),
                    timings.alb_provisioning,
                ),
                LbKind::Classic => (name.clone(), timings.clb_provisioning),
            };
            let dns_name = world.resource_mut::<IdRegistry>().new_lb_dns_name(name);
            let lb = LoadBalancer {
                kind: *kind,
                name: name.clone(),
                dns_name,
                subnets: subnet_es,
                security_groups: groups,
                state: LbState::Provisioning,
                active_at: t + provisioning,
                listeners: listeners
                    .iter()
                    .map(|l| Listener {
                        protocol: l.protocol.clone(),
                        port: l.load_balancer_port,
                        target_group: None,
                        instance_port: l.instance_port,
                    })
                    .collect(),
                classic_targets: vec![],
                classic_health: classic_health_check(),
                surge_queue: 0.0,
            };
            spawn_resource(world, id.clone(), name, principal, lb);
            recount_subnets(world);
            Ok(ApiResponse::one(id))
        }
        C::DeleteLoadBalancer { kind, name_or_arn } => {
            let found = find::<LoadBalancer>(world, name_or_arn)
                .filter(|&e| world.get::<LoadBalancer>(e).unwrap().kind == *kind);
            match (found, kind) {
                (Some(e), _) => {
                    despawn_resource(world, e);
                    recount_subnets(world);
                    Ok(ApiResponse::one(name_or_arn.clone()))
                }
                // Classic DeleteLoadBalancer is idempotent in AWS.
                (None, LbKind::Classic) => Ok(ApiResponse::default()),
                (None, LbKind::Application) => Err(lb_not_found(name_or_arn)),
            }
        }
        C::RegisterInstancesWithLoadBalancer {
            load_balancer_name,
            instance_ids,
        } => {
            let lb = classic_lb(world, load_balancer_name)?;
            let instances = resolve_instances(world, instance_ids, "InvalidEndPoint")?;
            let interval = world
                .get::<LoadBalancer>(lb)
                .unwrap()
                .classic_health
                .interval;
            let t = now(world);
            let port = classic_instance_port(world, lb);
            let mut l = world.get_mut::<LoadBalancer>(lb).unwrap();
            for i in instances {
                if !l.classic_targets.iter().any(|x| x.instance == i) {
                    l.classic_targets.push(new_target(i, port, t, interval));
                }
            }
            Ok(ApiResponse::ids(instance_ids.clone()))
        }
        C::DeregisterInstancesFromLoadBalancer {
            load_balancer_name,
            instance_ids,
        } => {
            let lb = classic_lb(world, load_balancer_name)?;
            let instances: std::collections::HashSet<Entity> =
                resolve_instances(world, instance_ids, "InvalidEndPoint")?
                    .into_iter()
                    .collect();
            world
                .get_mut::<LoadBalancer>(lb)
                .unwrap()
                .classic_targets
                .retain(|x| !instances.contains(&x.instance));
            Ok(ApiResponse::ids(instance_ids.clone()))
        }
        C::CreateTargetGroup {
            name,
            protocol,
            port,
            vpc_id,
            health_check_path,
            health_check_interval_seconds,
            healthy_threshold_count,
            unhealthy_threshold_count,
        } => {
            valid_lb_name(name)?;
            let existing = find_tg_by_name(world, name);
            // a new group counts against the account's quota (an identical one is returned)
            if existing.is_none()
                && all::<TargetGroup>(world).len() >= scenario(world).account.target_groups as usize
            {
                return Err(ApiError::new(
                    "TooManyTargetGroups",
                    "You've reached the limit on the number of target groups for your AWS \
                     account.",
                ));
            }
            let vpc = find::<Vpc>(world, vpc_id).ok_or_else(|| {
                ApiError::new(
                    "ValidationError",
                    format!("The VPC ID '{vpc_id}' is not found"),
                )
            })?;
            if !matches!(protocol.as_str(), "HTTP" | "HTTPS") {
                return Err(ApiError::new(
                    "ValidationError",
                    format!(
                        "Protocol '{protocol}' is not supported for an application load balancer's target group; use HTTP or HTTPS"
                    ),
                ));
            }
            let mut health = default_health_check();
            if let Some(p) = health_check_path {
                health.path = p.clone();
            }
            if let Some(i) = health_check_interval_seconds {
                if !(5..=300).contains(i) {
                    return Err(ApiError::new(
                        "ValidationError",
                        "Health check interval must be between 5 and 300 seconds",
                    ));
                }
                health.interval = *i as f64;
            }
            for (value, field) in [
                (healthy_threshold_count, &mut health.healthy_threshold),
                (unhealthy_threshold_count, &mut health.unhealthy_threshold),
            ] {
                if let Some(v) = value {
                    if !(2..=10).contains(v) {
                        return Err(ApiError::new(
                            "ValidationError",
                            "Health check thresholds must be between 2 and 10",
                        ));
                    }
                    *field = *v;
                }
            }
            // the same name with the same settings: AWS answers with the existing group
            if let Some(e) = existing {
                let g = world.get::<TargetGroup>(e).unwrap();
                let h = &g.health;
                let same = g.protocol == *protocol
                    && g.port == *port
                    && g.vpc == vpc
                    && h.path == health.path
                    && h.interval == health.interval
                    && h.healthy_threshold == health.healthy_threshold
                    && h.unhealthy_threshold == health.unhealthy_threshold;
                if same {
                    return Ok(ApiResponse::one(id_of(world, e)));
                }
                return Err(ApiError::new(
                    "DuplicateTargetGroupName",
                    format!(
                        "A target group with the same name '{name}' exists, but with different settings"
                    ),
                ));
            }
            let arn = world
                .resource_mut::<IdRegistry>()
                .new_elbv2_arn("targetgroup", name);
            let tg = TargetGroup {
                name: name.clone(),
                protocol: protocol.clone(),
                port: *port,
                vpc,
                health,
                algorithm: Algorithm::RoundRobin,
                targets: vec![],
                deregistration_delay: None,
            };
            spawn_resource(world, arn.clone(), name, principal, tg);
            Ok(ApiResponse::one(arn))
        }
        C::ModifyTargetGroupAttributes {
            target_group_arn,
            attributes,
        } => {
            let tg = find_tg(world, target_group_arn)?;
            let mut algorithm = None;
            let mut delay = None;
            for (key, value) in attributes {
                match (key.as_str(), value.as_str()) {
                    ("deregistration_delay.timeout_seconds", v) => match v.trim().parse::<u32>() {
                        Ok(s) if s <= 3600 => delay = Some(f64::from(s)),
                        _ => {
                            return Err(ApiError::new(
                                "ValidationError",
                                format!(
                                    "'{v}' is not a valid value for deregistration_delay.timeout_seconds: \
                                     an integer from 0 to 3600"
                                ),
                            ));
                        }
                    },
                    ("load_balancing.algorithm.type", "round_robin") => {
                        algorithm = Some(Algorithm::RoundRobin)
                    }
                    ("load_balancing.algorithm.type", "least_outstanding_requests") => {
                        algorithm = Some(Algorithm::LeastOutstandingRequests)
                    }
                    ("load_balancing.algorithm.type", other) => {
                        return Err(ApiError::new(
                            "InvalidConfigurationRequest",
                            format!(
                                "'{other}' is not a valid load balancing algorithm; use round_robin or least_outstanding_requests"
                            ),
                        ));
                    }
                    (other, _) => {
                        return Err(ApiError::new(
                            "ValidationError",
                            format!("The attribute key '{other}' is not recognized"),
                        ));
                    }
                }
            }
            let mut group = world.get_mut::<TargetGroup>(tg).unwrap();
            if let Some(a) = algorithm {
                group.algorithm = a;
            }
            if delay.is_some() {
                group.deregistration_delay = delay;
            }
            Ok(ApiResponse::one(target_group_arn.clone()))
        }
        C::RegisterTargets {
            target_group_arn,
            targets,
        } => {
            let tg = find_tg(world, target_group_arn)?;
            let instances = resolve_targets(world, targets)?;
            let t = now(world);
            let mut group = world.get_mut::<TargetGroup>(tg).unwrap();
            let interval = group.health.interval;
            let default_port = group.port;
            for (i, port) in instances {
                let port = port.unwrap_or(default_port);
                match group
                    .targets
                    .iter_mut()
                    .find(|x| x.instance == i && x.port == port)
                {
                    Some(existing) if existing.state == TargetHealthState::Draining => {
                        *existing = new_target(i, port, t, interval);
                    }
                    Some(_) => {}
                    None => group.targets.push(new_target(i, port, t, interval)),
                }
            }
            Ok(ApiResponse::one(target_group_arn.clone()))
        }
        C::DeregisterTargets {
            target_group_arn,
            targets,
        } => {
            let tg = find_tg(world, target_group_arn)?;
            let instances = resolve_targets(world, targets)?;
            let delay = world
                .get::<TargetGroup>(tg)
                .and_then(|g| g.deregistration_delay)
                .unwrap_or(scenario(world).timings.deregistration_delay);
            let until = now(world) + delay;
            // the ports named for each instance (None: all its ports); one pass over the
            // group's targets however many are deregistered
            let mut ports: std::collections::HashMap<Entity, Vec<Option<u16>>> =
                std::collections::HashMap::new();
            for (i, port) in instances {
                ports.entry(i).or_default().push(port);
            }
            let mut group = world.get_mut::<TargetGroup>(tg).unwrap();
            for x in group.targets.iter_mut().filter(|x| {
                ports
                    .get(&x.instance)
                    .is_some_and(|ps| ps.iter().any(|p| p.is_none_or(|p| p == x.port)))
            }) {
                if x.state != TargetHealthState::Draining {
                    x.state = TargetHealthState::Draining;
                    x.drain_until = until;
                }
            }
            Ok(ApiResponse::one(target_group_arn.clone()))
        }
        C::CreateListener {
            load_balancer_arn,
            protocol,
            port,
            default_target_group_arn,
        } => {
            let lb = find::<LoadBalancer>(world, load_balancer_arn)
                .filter(|&e| world.get::<LoadBalancer>(e).unwrap().kind == LbKind::Application)
                .ok_or_else(|| lb_not_found(load_balancer_arn))?;
            let tg = find_tg(world, default_target_group_arn)?;
            let lbs = all::<LoadBalancer>(world);
            if lbs.iter().any(|&other| {
                other != lb
                    && world
                        .get::<LoadBalancer>(other)
                        .unwrap()
                        .listeners
                        .iter()
                        .any(|l| l.target_group == Some(tg))
            }) {
                return Err(ApiError::new(
                    "TargetGroupAssociationLimit",
                    "The following target groups cannot be associated with more than one load balancer",
                ));
            }
            let mut l = world.get_mut::<LoadBalancer>(lb).unwrap();
            if l.listeners.iter().any(|x| x.port == *port) {
                return Err(ApiError::new(
                    "DuplicateListener",
                    "A listener already exists on this port for this load balancer",
                ));
            }
            l.listeners.push(Listener {
                protocol: protocol.clone(),
                port: *port,
                target_group: Some(tg),
                instance_port: 0,
            });
            let listener_arn = load_balancer_arn.replace(":loadbalancer/", ":listener/")
                + &format!("/{port:016x}");
            Ok(ApiResponse::one(listener_arn))
        }
        C::SetSubnets {
            load_balancer_arn,
            subnets,
        } => {
            let lb = find::<LoadBalancer>(world, load_balancer_arn)
                .filter(|&e| world.get::<LoadBalancer>(e).unwrap().kind == LbKind::Application)
                .ok_or_else(|| lb_not_found(load_balancer_arn))?;
            // Subnets it already sits in keep their addresses; only new ones need 8 free.
            let current = world.get::<LoadBalancer>(lb).unwrap().subnets.clone();
            let es = check_lb_subnets(world, LbKind::Application, subnets, &current)?;
            world.get_mut::<LoadBalancer>(lb).unwrap().subnets = es;
            recount_subnets(world);
            Ok(ApiResponse::one(load_balancer_arn.clone()))
        }
        _ => unreachable!("not an ELB command"),
    }
}

fn valid_lb_name(name: &str) -> Result<(), ApiError> {
    let ok = !name.is_empty()
        && name.len() <= 32
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.starts_with("internal-");
    if ok {
        Ok(())
    } else {
        Err(ApiError::new(
            "ValidationError",
            format!(
                "Name '{name}' must be 1-32 letters, digits or hyphens, and must not begin or end with a hyphen"
            ),
        ))
    }
}

/// AWS's subnet rules for a load balancer: known subnets, one per AZ, ≥ 2 AZs for an ALB,
/// and at least 8 free addresses in each.
fn check_lb_subnets(
    world: &mut World,
    kind: LbKind,
    subnets: &[String],
    already_in: &[Entity],
) -> Result<Vec<Entity>, ApiError> {
    if subnets.is_empty() {
        return Err(ApiError::new(
            "ValidationError",
            "At least one subnet must be specified (--subnets).",
        ));
    }
    let mut es = Vec::new();
    for id in subnets {
        let e = find::<Subnet>(world, id).ok_or_else(|| {
            ApiError::new(
                "SubnetNotFound",
                format!("The subnet ID '{id}' is not valid"),
            )
        })?;
        es.push(e);
    }
    let mut azs: Vec<String> = Vec::new();
    for &e in &es {
        let az = world.get::<Subnet>(e).unwrap().az.clone();
        if azs.contains(&az) {
            return Err(ApiError::new(
                "InvalidConfigurationRequest",
                format!(
                    "A load balancer cannot be attached to multiple subnets in the same Availability Zone ({az})"
                ),
            ));
        }
        azs.push(az);
    }
    if kind == LbKind::Application && azs.len() < 2 {
        return Err(ApiError::new(
            "ValidationError",
            "At least two subnets in two different Availability Zones must be specified",
        ));
    }
    recount_subnets(world);
    for (id, &e) in subnets
        .iter()
        .zip(&es)
        .filter(|(_, e)| !already_in.contains(e))
    {
        let free = world.get::<Subnet>(e).unwrap().free();
        if free < LB_MIN_FREE_ADDRESSES {
            return Err(ApiError::new(
                "InvalidSubnet",
                format!(
                    "Not enough IP space available in {id}. ELB requires at least {LB_MIN_FREE_ADDRESSES} free IP addresses in each subnet ({free} free)."
                ),
            ));
        }
    }
    Ok(es)
}

fn new_target(instance: Entity, port: u16, now: f64, interval: f64) -> Target {
    Target {
        instance,
        port,
        state: TargetHealthState::Initial,
        passes: 0,
        fails: 0,
        next_check: now + interval.min(10.0),
        reason: Some("Elb.RegistrationInProgress".into()),
        drain_until: 0.0,
    }
}

fn lb_not_found(id: &str) -> ApiError {
    ApiError::new(
        "LoadBalancerNotFound",
        format!("One or more load balancers not found: '{id}'"),
    )
}

fn find_lb_by_name(world: &mut World, name: &str) -> Option<Entity> {
    all::<LoadBalancer>(world)
        .into_iter()
        .find(|&e| world.get::<LoadBalancer>(e).unwrap().name == name)
}

fn find_tg_by_name(world: &mut World, name: &str) -> Option<Entity> {
    all::<TargetGroup>(world)
        .into_iter()
        .find(|&e| world.get::<TargetGroup>(e).unwrap().name == name)
}

fn find_tg(world: &World, arn: &str) -> Result<Entity, ApiError> {
    find::<TargetGroup>(world, arn).ok_or_else(|| {
        ApiError::new(
            "TargetGroupNotFound",
            format!("One or more target groups not found: '{arn}'"),
        )
    })
}

fn classic_lb(world: &World, name: &str) -> Result<Entity, ApiError> {
    find::<LoadBalancer>(world, name)
        .filter(|&e| world.get::<LoadBalancer>(e).unwrap().kind == LbKind::Classic)
        .ok_or_else(|| {
            ApiError::new(
                "LoadBalancerNotFound",
                format!("There is no ACTIVE Load Balancer named '{name}'"),
            )
        })
}

fn classic_instance_port(world: &World, lb: Entity) -> u16 {
    world
        .get::<LoadBalancer>(lb)
        .unwrap()
        .listeners
        .first()
        .map(|l| l.instance_port)
        .unwrap_or(80)
}

fn resolve_instances(world: &World, ids: &[String], code: &str) -> Result<Vec<Entity>, ApiError> {
    ids.iter()
        .map(|id| {
            find::<Instance>(world, id)
                .filter(|&e| world.get::<Instance>(e).unwrap().alive())
                .ok_or_else(|| {
                    ApiError::new(code, format!("The specified EndPoint is not valid: {id}"))
                })
        })
        .collect()
}

fn resolve_targets(
    world: &World,
    targets: &[TargetDescription],
) -> Result<Vec<(Entity, Option<u16>)>, ApiError> {
    let mut out = Vec::new();
    let mut bad = Vec::new();
    for t in targets {
        match find::<Instance>(world, &t.id) {
            Some(e) if world.get::<Instance>(e).unwrap().alive() => out.push((e, t.port)),
            _ => bad.push(format!("'{}'", t.id)),
        }
    }
    if bad.is_empty() {
        Ok(out)
    } else {
        Err(ApiError::new(
            "InvalidTarget",
            format!(
                "The following targets are not in a running state and cannot be registered: {}",
                bad.join(", ")
            ),
        ))
    }
}
