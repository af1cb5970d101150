//! CloudWatch's reads: `describe-alarms` with `MetricAlarms[]` and `CompositeAlarms[]` in
//! AWS's shape (`StateValue`, `StateReason`, `StateUpdatedTimestamp`, the metric, its
//! dimensions, the threshold and actions).

use crate::sim::alarms::{CompositeAlarm, MetricAlarm};
use crate::sim::clock::SimClock;
use crate::sim::command::ApiError;
use crate::sim::ids::{ACCOUNT_ID, REGION};
use crate::sim::world::all;
use bevy::prelude::*;
use serde_json::{Value, json};

const STATES: &[&str] = &["OK", "ALARM", "INSUFFICIENT_DATA"];
const TYPES: &[&str] = &["MetricAlarm", "CompositeAlarm"];

fn alarm_arn(name: &str) -> String {
    format!("arn:aws:cloudwatch:{REGION}:{ACCOUNT_ID}:alarm:{name}")
}

/// `aws cloudwatch describe-alarms`: metric alarms only unless `--alarm-types` names
/// composite ones too, as AWS answers.
pub(super) fn alarms(
    world: &mut World,
    names: &[String],
    prefix: Option<&str>,
    state: Option<&str>,
    types: &[String],
) -> Result<Value, ApiError> {
    if let Some(s) = state.filter(|s| !STATES.contains(s)) {
        return Err(ApiError::new(
            "ValidationError",
            format!(
                "1 validation error detected: Value '{s}' at 'stateValue' failed to satisfy \
                 constraint: Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]"
            ),
        ));
    }
    if let Some(t) = types.iter().find(|t| !TYPES.contains(&t.as_str())) {
        return Err(ApiError::new(
            "ValidationError",
            format!(
                "1 validation error detected: Value '[{t}]' at 'alarmTypes' failed to satisfy \
                 constraint: Member must satisfy enum value set: [CompositeAlarm, MetricAlarm]"
            ),
        ));
    }
    let wanted = |name: &str, st: &str| {
        (names.is_empty() || names.iter().any(|n| n == name))
            && prefix.is_none_or(|p| name.starts_with(p))
            && state.is_none_or(|s| s == st)
    };
    let clock = world.resource::<SimClock>().clone();
    let metric: Vec<Value> = if types.is_empty() || types.iter().any(|t| t == "MetricAlarm") {
        all::<MetricAlarm>(world)
            .into_iter()
            .filter_map(|e| world.get::<MetricAlarm>(e))
            .filter(|a| wanted(&a.name, a.state.aws_name()))
            .map(|a| {
                json!({
                    "AlarmName": a.name,
                    "AlarmArn": alarm_arn(&a.name),
                    "ActionsEnabled": true,
                    "AlarmActions": a.actions,
                    "OKActions": [],
                    "InsufficientDataActions": [],
                    "StateValue": a.state.aws_name(),
                    "StateReason": a.reason,
                    "StateUpdatedTimestamp": clock.iso8601(a.state_since),
                    "MetricName": a.metric_name,
                    "Namespace": a.namespace,
                    "Statistic": a.statistic,
                    "Dimensions": a.dimensions.iter().map(|(n, v)| json!({"Name": n, "Value": v})).collect::<Vec<_>>(),
                    "Period": a.period,
                    "EvaluationPeriods": a.evaluation_periods,
                    "DatapointsToAlarm": a.datapoints_to_alarm,
                    "Threshold": a.threshold,
                    "ComparisonOperator": a.comparison,
                    "TreatMissingData": a.treat_missing_data,
                })
            })
            .collect()
    } else {
        vec![]
    };
    let composite: Vec<Value> = if types.iter().any(|t| t == "CompositeAlarm") {
        all::<CompositeAlarm>(world)
            .into_iter()
            .filter_map(|e| world.get::<CompositeAlarm>(e))
            .filter(|a| wanted(&a.name, a.state.aws_name()))
            .map(|a| {
                json!({
                    "AlarmName": a.name,
                    "AlarmArn": alarm_arn(&a.name),
                    "ActionsEnabled": true,
                    "AlarmActions": a.actions,
                    "AlarmRule": a.rule,
                    "StateValue": a.state.aws_name(),
                    "StateReason": a.reason,
                    "StateUpdatedTimestamp": clock.iso8601(a.state_since),
                })
            })
            .collect()
    } else {
        vec![]
    };
    Ok(json!({"MetricAlarms": metric, "CompositeAlarms": composite}))
}
