//! EC2 Auto Scaling calls: groups, capacity, target-tracking policies, scheduled actions.

use super::ec2::resolve_template_version;
use crate::sim::clock::SimClock;
use crate::sim::command::{ApiError, ApiResponse, ApiResult, Command, Principal};
use crate::sim::command::{LaunchTemplateSpec, PredefinedMetric};
use crate::sim::ids::IdRegistry;
use crate::sim::model::*;
use crate::sim::world::*;
use bevy::prelude::*;

pub(super) fn execute(world: &mut World, principal: &Principal, command: &Command) -> ApiResult {
    use Command as C;
    match command {
        C::CreateAutoScalingGroup {
            name,
            launch_template,
            launch_configuration_name,
            min_size,
            max_size,
            desired_capacity,
            vpc_zone_identifier,
            target_group_arns,
            load_balancer_names,
            health_check_type,
            health_check_grace_period,
            default_instance_warmup,
            new_instances_protected_from_scale_in,
        } => {
            let launch_template = match (launch_template, launch_configuration_name) {
                (Some(t), None) => t,
                (None, Some(lc)) => {
                    return Err(ApiError::new(
                        "ValidationError",
                        format!(
                            "Launch configuration name not found - Launch configuration {lc} \
                             not found"
                        ),
                    ));
                }
                (None, None) => {
                    return Err(ApiError::new(
                        "ValidationError",
                        "Valid requests must contain either LaunchTemplate, \
                         LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.",
                    ));
                }
                (Some(_), Some(_)) => {
                    return Err(ApiError::new(
                        "ValidationError",
                        "Valid requests must contain either LaunchTemplate, \
                         LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.",
                    ));
                }
            };
            if find_asg(world, name).is_ok() {
                return Err(ApiError::new(
                    "AlreadyExists",
                    format!(
                        "AutoScalingGroup by this name already exists - A group with the name {name} already exists"
                    ),
                ));
            }
            let template = check_template(world, launch_template)?;
            let desired = desired_capacity.unwrap_or(*min_size);
            check_sizes(*min_size, *max_size, desired)?;
            let subnets = check_subnets(world, vpc_zone_identifier)?;
            let target_groups = check_target_groups(world, target_group_arns)?;
            let classic_lbs = check_classic_lbs(world, load_balancer_names)?;
            let hc = check_health_type(health_check_type.as_deref().unwrap_or("EC2"))?;
            let arn = format!(
                "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:{}:autoScalingGroupName/{name}",
                world
                    .resource_mut::<IdRegistry>()
                    .new_short_id("asg")
                    .trim_start_matches("asg-")
            );
            let asg = AutoScalingGroup {
                name: name.clone(),
                template,
                template_version: launch_template.version.clone(),
                min_size: *min_size,
                max_size: *max_size,
                desired,
                subnets,
                target_groups,
                classic_lbs,
                health_check_type: hc,
                grace_period: health_check_grace_period.unwrap_or(300) as f64,
                default_warmup: default_instance_warmup.map(|w| w as f64),
                protect_new: *new_instances_protected_from_scale_in,
                policies: vec![],
                scheduled: vec![],
                next_activity: now(world),
            };
            spawn_resource(
                world,
                arn.clone(),
                name,
                principal,
                (asg, ScalingActivities::default()),
            );
            Ok(ApiResponse::one(arn))
        }
        C::UpdateAutoScalingGroup {
            name,
            launch_template,
            min_size,
            max_size,
            desired_capacity,
            vpc_zone_identifier,
            health_check_type,
            health_check_grace_period,
            default_instance_warmup,
            new_instances_protected_from_scale_in,
        } => {
            let e = find_asg(world, name)?;
            let mut g = world.get::<AutoScalingGroup>(e).unwrap().clone();
            if let Some(spec) = launch_template {
                g.template = check_template(world, spec)?;
                g.template_version = spec.version.clone();
            }
            g.min_size = min_size.unwrap_or(g.min_size);
            g.max_size = max_size.unwrap_or(g.max_size);
            match desired_capacity {
                Some(d) => g.desired = *d,
                // AWS moves desired into the new [min, max] when only the bounds change.
                None => g.desired = g.desired.clamp(g.min_size, g.max_size.max(g.min_size)),
            }
            check_sizes(g.min_size, g.max_size, g.desired)?;
            if let Some(ids) = vpc_zone_identifier {
                g.subnets = check_subnets(world, ids)?;
            }
            if let Some(t) = health_check_type {
                g.health_check_type = check_health_type(t)?;
            }
            if let Some(p) = health_check_grace_period {
                g.grace_period = *p as f64;
            }
            if let Some(w) = default_instance_warmup {
                g.default_warmup = Some(*w as f64);
            }
            if let Some(p) = new_instances_protected_from_scale_in {
                g.protect_new = *p;
            }
            g.next_activity = now(world);
            *world.get_mut::<AutoScalingGroup>(e).unwrap() = g;
            Ok(ApiResponse::one(name.clone()))
        }
        C::AttachLoadBalancerTargetGroups {
            auto_scaling_group_name,
            target_group_arns,
        } => {
            let e = find_asg(world, auto_scaling_group_name)?;
            let tgs = check_target_groups(world, target_group_arns)?;
            let mut g = world.get_mut::<AutoScalingGroup>(e).unwrap();
            for tg in tgs {
                if !g.target_groups.contains(&tg) {
                    g.target_groups.push(tg);
                }
            }
            Ok(ApiResponse::one(auto_scaling_group_name.clone()))
        }
        C::SetDesiredCapacity {
            auto_scaling_group_name,
            desired_capacity,
            ..
        } => {
            let e = find_asg(world, auto_scaling_group_name)?;
            let g = world.get::<AutoScalingGroup>(e).unwrap();
            if *desired_capacity > g.max_size {
                return Err(ApiError::new(
                    "ValidationError",
                    format!(
                        "New SetDesiredCapacity value {desired_capacity} is above max value {} for the AutoScalingGroup.",
                        g.max_size
                    ),
                ));
            }
            if *desired_capacity < g.min_size {
                return Err(ApiError::new(
                    "ValidationError",
                    format!(
                        "New SetDesiredCapacity value {desired_capacity} is below min value {} for the AutoScalingGroup.",
                        g.min_size
                    ),
                ));
            }
            let t = now(world);
            let mut g = world.get_mut::<AutoScalingGroup>(e).unwrap();
            g.desired = *desired_capacity;
            g.next_activity = t;
            Ok(ApiResponse::one(auto_scaling_group_name.clone()))
        }
        C::PutScalingPolicy {
            auto_scaling_group_name,
            policy_name,
            target_tracking,
            estimated_instance_warmup,
        } => {
            let e = find_asg(world, auto_scaling_group_name)?;
            if !(target_tracking.target_value.is_finite() && target_tracking.target_value > 0.0) {
                return Err(ApiError::new(
                    "ValidationError",
                    "TargetValue must be a positive number",
                ));
            }
            if target_tracking.predefined_metric == PredefinedMetric::AlbRequestCountPerTarget {
                let Some(label) = &target_tracking.resource_label else {
                    return Err(ApiError::new(
                        "ValidationError",
                        "ResourceLabel is required for predefined metric type ALBRequestCountPerTarget",
                    ));
                };
                let g = world.get::<AutoScalingGroup>(e).unwrap().clone();
                let attached = g.target_groups.iter().any(|&tg| {
                    let tg_name = &world
                        .get::<TargetGroup>(tg)
                        .map(|t| t.name.clone())
                        .unwrap_or_default();
                    label.contains(&format!("targetgroup/{tg_name}/"))
                });
                if !attached {
                    return Err(ApiError::new(
                        "ValidationError",
                        format!(
                            "The target group in ResourceLabel '{label}' is not attached to the Auto Scaling group"
                        ),
                    ));
                }
            }
            let mut g = world.get_mut::<AutoScalingGroup>(e).unwrap();
            let warmup = estimated_instance_warmup
                .map(|w| w as f64)
                .or(g.default_warmup)
                .unwrap_or(300.0);
            let policy = ScalingPolicy {
                name: policy_name.clone(),
                config: target_tracking.clone(),
                warmup,
                low_minutes: 0,
                last_scale_out: f64::NEG_INFINITY,
            };
            match g.policies.iter_mut().find(|p| p.name == *policy_name) {
                Some(p) => *p = policy,
                None => g.policies.push(policy),
            }
            let arn = format!(
                "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:policy:autoScalingGroupName/{auto_scaling_group_name}:policyName/{policy_name}"
            );
            Ok(ApiResponse::one(arn))
        }
        C::PutScheduledUpdateGroupAction {
            auto_scaling_group_name,
            scheduled_action_name,
            start_time,
            recurrence,
            min_size,
            max_size,
            desired_capacity,
        } => {
            let e = find_asg(world, auto_scaling_group_name)?;
            if start_time.is_none() && recurrence.is_none() {
                return Err(ApiError::new(
                    "ValidationError",
                    "Either StartTime or Recurrence must be specified",
                ));
            }
            if min_size.is_none() && max_size.is_none() && desired_capacity.is_none() {
                return Err(ApiError::new(
                    "ValidationError",
                    "At least one of MinSize, MaxSize or DesiredCapacity must be specified",
                ));
            }
            let at = match start_time {
                Some(iso) => Some(world.resource::<SimClock>().sim_time_of(iso).ok_or_else(
                    || {
                        ApiError::new(
                            "ValidationError",
                            format!("Given start time '{iso}' is not a valid ISO-8601 UTC time"),
                        )
                    },
                )?),
                None => None,
            };
            let cron = match recurrence {
                Some(r) => Some(parse_cron(r)?),
                None => None,
            };
            let action = ScheduledAction {
                name: scheduled_action_name.clone(),
                at: if cron.is_some() { None } else { at },
                recurrence: cron,
                min_size: *min_size,
                max_size: *max_size,
                desired_capacity: *desired_capacity,
                last_fired_minute: None,
            };
            let mut g = world.get_mut::<AutoScalingGroup>(e).unwrap();
            g.scheduled.retain(|a| a.name != *scheduled_action_name);
            g.scheduled.push(action);
            Ok(ApiResponse::one(scheduled_action_name.clone()))
        }
        C::DeleteAutoScalingGroup {
            auto_scaling_group_name,
            force_delete,
        } => {
            let e = find_asg(world, auto_scaling_group_name)?;
            let members: Vec<Entity> = all::<Instance>(world)
                .into_iter()
                .filter(|&i| {
                    world
                        .get::<Instance>(i)
                        .is_some_and(|x| x.asg == Some(e) && x.alive())
                })
                .collect();
            if !members.is_empty() && !force_delete {
                return Err(ApiError::new(
                    "ResourceInUse",
                    "You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.",
                ));
            }
            let t = now(world);
            let shutdown = scenario(world).timings.instance_shutdown;
            for i in members {
                let mut inst = world.get_mut::<Instance>(i).unwrap();
                inst.state = InstanceState::ShuttingDown;
                inst.state_since = t;
                inst.state_until = t + shutdown;
            }
            despawn_resource(world, e);
            Ok(ApiResponse::one(auto_scaling_group_name.clone()))
        }
        _ => unreachable!("not an Auto Scaling command"),
    }
}

/// An Auto Scaling group by name.
pub fn find_asg(world: &mut World, name: &str) -> Result<Entity, ApiError> {
    all::<AutoScalingGroup>(world)
        .into_iter()
        .find(|&e| world.get::<AutoScalingGroup>(e).unwrap().name == name)
        .ok_or_else(|| {
            ApiError::new(
                "ValidationError",
                format!("AutoScalingGroup name not found - AutoScalingGroup '{name}' not found"),
            )
        })
}

fn check_template(world: &mut World, spec: &LaunchTemplateSpec) -> Result<Entity, ApiError> {
    resolve_template_version(world, spec)
        .map(|(e, _)| e)
        .map_err(|e| {
            ApiError::new(
                "ValidationError",
                format!(
                    "You must use a valid fully-formed launch template. {}",
                    e.message
                ),
            )
        })
}

fn check_sizes(min: u32, max: u32, desired: u32) -> Result<(), ApiError> {
    if min > max {
        return Err(ApiError::new(
            "ValidationError",
            format!("Max bound, {max}, must be greater than or equal to min bound, {min}"),
        ));
    }
    if desired < min || desired > max {
        return Err(ApiError::new(
            "ValidationError",
            format!(
                "Desired capacity:{desired} must be between the specified min size:{min} and max size:{max}"
            ),
        ));
    }
    Ok(())
}

fn check_subnets(world: &World, ids: &[String]) -> Result<Vec<Entity>, ApiError> {
    if ids.is_empty() {
        return Err(ApiError::new(
            "ValidationError",
            "At least one subnet must be given in VPCZoneIdentifier",
        ));
    }
    ids.iter()
        .map(|id| {
            find::<Subnet>(world, id).ok_or_else(|| {
                ApiError::new(
                    "ValidationError",
                    format!("The subnet ID '{id}' does not exist"),
                )
            })
        })
        .collect()
}

fn check_target_groups(world: &World, arns: &[String]) -> Result<Vec<Entity>, ApiError> {
    arns.iter()
        .map(|arn| {
            find::<TargetGroup>(world, arn).ok_or_else(|| {
                ApiError::new(
                    "ValidationError",
                    "Provided Target Groups may not be valid. Please ensure they exist and try again.",
                )
            })
        })
        .collect()
}

fn check_classic_lbs(world: &World, names: &[String]) -> Result<Vec<Entity>, ApiError> {
    names
        .iter()
        .map(|n| {
            find::<LoadBalancer>(world, n).ok_or_else(|| {
                ApiError::new(
                    "ValidationError",
                    "Provided Load Balancers may not be valid. Please ensure they exist and try again.",
                )
            })
        })
        .collect()
}

fn check_health_type(t: &str) -> Result<AsgHealthCheckType, ApiError> {
    match t {
        "EC2" => Ok(AsgHealthCheckType::Ec2),
        "ELB" => Ok(AsgHealthCheckType::Elb),
        other => Err(ApiError::new(
            "ValidationError",
            format!("Invalid health check type '{other}'. Use EC2 or ELB."),
        )),
    }
}

/// `minute hour * * *` with numbers or `*` in the first two fields.
fn parse_cron(text: &str) -> Result<(Option<u32>, Option<u32>), ApiError> {
    let bad = || {
        ApiError::new(
            "ValidationError",
            format!("Given recurrence string '{text}' is not a valid cron expression"),
        )
    };
    let fields: Vec<&str> = text.split_whitespace().collect();
    if fields.len() != 5 {
        return Err(bad());
    }
    let field = |s: &str, max: u32| -> Result<Option<u32>, ApiError> {
        if s == "*" {
            return Ok(None);
        }
        s.parse::<u32>()
            .ok()
            .filter(|v| *v <= max)
            .map(Some)
            .ok_or_else(bad)
    };
    Ok((field(fields[0], 59)?, field(fields[1], 23)?))
}
