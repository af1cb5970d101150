//! CloudWatch alarm calls (put-metric-alarm, put-composite-alarm, delete-alarms) and the
//! step-scaling calls alarms trigger (put-scaling-policy --policy-type StepScaling,
//! execute-policy).

use super::autoscaling::find_asg;
use crate::sim::alarms::{
    AlarmState, COMPARISONS, CompositeAlarm, MISSING_DATA, MetricAlarm, PERCENTILES, STATISTICS,
    StepPolicy, StepScalingPolicies, parse_rule, step_capacity,
};
use crate::sim::command::{ApiError, ApiResponse, ApiResult, Command, Principal};
use crate::sim::ids::IdRegistry;
use crate::sim::model::*;
use crate::sim::world::*;
use bevy::prelude::*;

fn validation(message: impl Into<String>) -> ApiError {
    ApiError::new("ValidationError", message)
}

fn alarm_arn(name: &str) -> String {
    format!("arn:aws:cloudwatch:us-east-1:123456789012:alarm:{name}")
}

fn find_alarm(world: &mut World, name: &str) -> Option<Entity> {
    let metric = all::<MetricAlarm>(world)
        .into_iter()
        .find(|&e| world.get::<MetricAlarm>(e).unwrap().name == name);
    metric.or_else(|| {
        all::<CompositeAlarm>(world)
            .into_iter()
            .find(|&e| world.get::<CompositeAlarm>(e).unwrap().name == name)
    })
}

/// Alarm actions must be a step policy's ARN or an SNS topic's.
fn check_actions(world: &mut World, actions: &[String]) -> Result<(), ApiError> {
    for a in actions {
        if a.starts_with("arn:aws:sns:") {
            continue;
        }
        let known = all::<AutoScalingGroup>(world).into_iter().any(|g| {
            world
                .get::<StepScalingPolicies>(g)
                .is_some_and(|p| p.0.iter().any(|p| &p.arn == a))
        });
        if !known {
            return Err(validation(format!(
                "Invalid arn syntax or unknown action: {a} (use a scaling policy ARN from put-scaling-policy or an SNS topic ARN)"
            )));
        }
    }
    Ok(())
}

pub(super) fn execute(world: &mut World, principal: &Principal, command: &Command) -> ApiResult {
    use Command as C;
    match command {
        C::PutMetricAlarm {
            alarm_name,
            namespace,
            metric_name,
            statistic,
            dimensions,
            period,
            evaluation_periods,
            datapoints_to_alarm,
            threshold,
            comparison_operator,
            treat_missing_data,
            alarm_actions,
        } => {
            if alarm_name.is_empty() || alarm_name.len() > 255 {
                return Err(validation("AlarmName must be 1 to 255 characters"));
            }
            if !STATISTICS.contains(&statistic.as_str())
                && !PERCENTILES.contains(&statistic.as_str())
            {
                return Err(validation(format!(
                    "Invalid statistic '{statistic}': use {} or a percentile ({})",
                    STATISTICS.join(", "),
                    PERCENTILES.join(", ")
                )));
            }
            if *period < 60 || period % 60 != 0 {
                return Err(validation(format!(
                    "The parameter Period must be a multiple of 60 (got {period})"
                )));
            }
            if *evaluation_periods == 0 || *evaluation_periods > 24 {
                return Err(validation("EvaluationPeriods must be between 1 and 24"));
            }
            let m = datapoints_to_alarm.unwrap_or(*evaluation_periods);
            if m == 0 || m > *evaluation_periods {
                return Err(validation(format!(
                    "DatapointsToAlarm ({m}) must be between 1 and EvaluationPeriods ({evaluation_periods})"
                )));
            }
            if !threshold.is_finite() {
                return Err(validation("Threshold must be a number"));
            }
            if !COMPARISONS.contains(&comparison_operator.as_str()) {
                return Err(validation(format!(
                    "Invalid ComparisonOperator '{comparison_operator}': use {}",
                    COMPARISONS.join(", ")
                )));
            }
            let missing = treat_missing_data
                .clone()
                .unwrap_or_else(|| "missing".into());
            if !MISSING_DATA.contains(&missing.as_str()) {
                return Err(validation(format!(
                    "Invalid TreatMissingData '{missing}': use {}",
                    MISSING_DATA.join(", ")
                )));
            }
            check_actions(world, alarm_actions)?;
            if let Some(e) = find_alarm(world, alarm_name)
                && world.get::<CompositeAlarm>(e).is_some()
            {
                return Err(validation(format!(
                    "{alarm_name} is a composite alarm; delete it first"
                )));
            }
            let t = now(world);
            let alarm = MetricAlarm {
                name: alarm_name.clone(),
                namespace: namespace.clone(),
                metric_name: metric_name.clone(),
                statistic: statistic.clone(),
                dimensions: dimensions.clone(),
                period: *period,
                evaluation_periods: *evaluation_periods,
                datapoints_to_alarm: m,
                threshold: *threshold,
                comparison: comparison_operator.clone(),
                treat_missing_data: missing,
                actions: alarm_actions.clone(),
                state: AlarmState::InsufficientData,
                reason: "Unchecked: Initial alarm creation".into(),
                state_since: t,
                last_values: vec![],
            };
            let arn = alarm_arn(alarm_name);
            match find_alarm(world, alarm_name) {
                // put-metric-alarm replaces an alarm of the same name
                Some(e) => {
                    world.entity_mut(e).insert(alarm);
                }
                None => {
                    spawn_resource(world, arn.clone(), alarm_name, principal, alarm);
                }
            }
            Ok(ApiResponse::one(arn))
        }
        C::PutCompositeAlarm {
            alarm_name,
            alarm_rule,
            alarm_actions,
        } => {
            let expr = parse_rule(alarm_rule).map_err(validation)?;
            let missing: Vec<String> = expr
                .names()
                .into_iter()
                .filter(|n| n != alarm_name)
                .filter(|n| find_alarm(world, n).is_none())
                .collect();
            if !missing.is_empty() {
                return Err(validation(format!(
                    "Could not save the composite alarm as alarms [{}] in the alarm rule do not exist",
                    missing.join(", ")
                )));
            }
            if expr.names().contains(alarm_name) {
                return Err(validation("A composite alarm cannot refer to itself"));
            }
            check_actions(world, alarm_actions)?;
            let t = now(world);
            let alarm = CompositeAlarm {
                name: alarm_name.clone(),
                rule: alarm_rule.clone(),
                expr,
                actions: alarm_actions.clone(),
                state: AlarmState::InsufficientData,
                reason: "Unchecked: Initial alarm creation".into(),
                state_since: t,
            };
            let arn = alarm_arn(alarm_name);
            match find_alarm(world, alarm_name) {
                Some(e) if world.get::<CompositeAlarm>(e).is_some() => {
                    world.entity_mut(e).insert(alarm);
                }
                Some(_) => {
                    return Err(validation(format!(
                        "{alarm_name} is a metric alarm; delete it first"
                    )));
                }
                None => {
                    spawn_resource(world, arn.clone(), alarm_name, principal, alarm);
                }
            }
            Ok(ApiResponse::one(arn))
        }
        C::DeleteAlarms { alarm_names } => {
            let mut found = Vec::new();
            for n in alarm_names {
                match find_alarm(world, n) {
                    Some(e) => found.push(e),
                    None => {
                        return Err(ApiError::new(
                            "ResourceNotFound",
                            format!("Alarm {n} does not exist"),
                        ));
                    }
                }
            }
            for e in found {
                despawn_resource(world, e);
            }
            Ok(ApiResponse::ids(alarm_names.clone()))
        }
        C::PutStepScalingPolicy {
            auto_scaling_group_name,
            policy_name,
            adjustment_type,
            step_adjustments,
            estimated_instance_warmup,
        } => {
            let g = find_asg(world, auto_scaling_group_name)?;
            if ![
                "ChangeInCapacity",
                "PercentChangeInCapacity",
                "ExactCapacity",
            ]
            .contains(&adjustment_type.as_str())
            {
                return Err(validation(format!(
                    "Invalid AdjustmentType '{adjustment_type}': use ChangeInCapacity, PercentChangeInCapacity or ExactCapacity"
                )));
            }
            if step_adjustments.is_empty() {
                return Err(validation(
                    "StepAdjustments are required for policy type StepScaling",
                ));
            }
            if step_adjustments
                .iter()
                .filter(|s| s.upper_bound.is_none())
                .count()
                > 1
                || step_adjustments
                    .iter()
                    .filter(|s| s.lower_bound.is_none())
                    .count()
                    > 1
            {
                return Err(validation(
                    "Only one step adjustment may have an unbounded upper (or lower) bound",
                ));
            }
            if step_adjustments
                .iter()
                .any(|s| matches!((s.lower_bound, s.upper_bound), (Some(l), Some(u)) if u <= l))
            {
                return Err(validation(
                    "MetricIntervalUpperBound must be greater than MetricIntervalLowerBound",
                ));
            }
            let existing = world.get::<StepScalingPolicies>(g).and_then(|p| {
                p.0.iter()
                    .find(|p| &p.name == policy_name)
                    .map(|p| p.arn.clone())
            });
            let arn = match existing {
                Some(a) => a,
                None => {
                    let token = world.resource_mut::<IdRegistry>().new_short_id("policy");
                    format!(
                        "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:{}:autoScalingGroupName/{auto_scaling_group_name}:policyName/{policy_name}",
                        token.trim_start_matches("policy-")
                    )
                }
            };
            let warmup = estimated_instance_warmup
                .map(|w| w as f64)
                .or(world.get::<AutoScalingGroup>(g).unwrap().default_warmup)
                .unwrap_or(300.0);
            let policy = StepPolicy {
                arn: arn.clone(),
                name: policy_name.clone(),
                adjustment_type: adjustment_type.clone(),
                steps: step_adjustments.clone(),
                warmup,
                last_executed: None,
            };
            let mut e = world.entity_mut(g);
            match e.get_mut::<StepScalingPolicies>() {
                Some(mut p) => {
                    p.0.retain(|p| &p.name != policy_name);
                    p.0.push(policy);
                }
                None => {
                    e.insert(StepScalingPolicies(vec![policy]));
                }
            }
            Ok(ApiResponse::one(arn))
        }
        C::ExecutePolicy {
            auto_scaling_group_name,
            policy_name,
            metric_value,
            breach_threshold,
        } => {
            let g = find_asg(world, auto_scaling_group_name)?;
            let Some(policy) = world
                .get::<StepScalingPolicies>(g)
                .and_then(|p| p.0.iter().find(|p| &p.name == policy_name).cloned())
            else {
                return Err(validation(format!(
                    "Policy {policy_name} not found for AutoScalingGroup {auto_scaling_group_name}"
                )));
            };
            let (Some(value), Some(threshold)) = (metric_value, breach_threshold) else {
                return Err(validation(
                    "MetricValue and BreachThreshold are required for policy type StepScaling",
                ));
            };
            let a = world.get::<AutoScalingGroup>(g).unwrap().clone();
            let t = now(world);
            let Some(wanted) = step_capacity(
                &policy.adjustment_type,
                &policy.steps,
                a.desired,
                *value,
                *threshold,
            ) else {
                return Err(validation(format!(
                    "No step adjustment covers a metric value of {value} for a threshold of {threshold}"
                )));
            };
            let desired = wanted.clamp(a.min_size as i64, a.max_size as i64) as u32;
            let mut asg = world.get_mut::<AutoScalingGroup>(g).unwrap();
            asg.desired = desired;
            asg.next_activity = t;
            if let Some(mut p) = world.get_mut::<StepScalingPolicies>(g)
                && let Some(p) = p.0.iter_mut().find(|p| &p.name == policy_name)
            {
                p.last_executed = Some(t);
            }
            Ok(ApiResponse::one(auto_scaling_group_name.clone()))
        }
        _ => unreachable!("not a CloudWatch or step-scaling command"),
    }
}
