//! `aws cloudwatch`: metric alarms, composite alarms and deleting alarms — the operation
//! table, the builder to `Command` and the printer back.

use super::args::{Args, CliError, ServiceCli};
use super::line::{Line, pairs};
use super::spec::ValueKind::{Int, List, StructList, Text};
use super::spec::{OperationSpec, ignored, ignored_flag, op, opt, req};
use super::values::{as_object, req_str};
use crate::sim::command::{Command, Read};
use serde_json::{Value, json};

pub(crate) static CLI: ServiceCli = ServiceCli {
    name: "cloudwatch",
    operations: OPERATIONS,
    build,
    print,
    #[cfg(test)]
    samples,
};

static OPERATIONS: &[OperationSpec] = &[
    op(
        "put-metric-alarm",
        &[
            req("--alarm-name", Text),
            ignored("--alarm-description", Text),
            req("--metric-name", Text),
            req("--namespace", Text),
            opt("--statistic", Text),
            opt("--extended-statistic", Text),
            opt("--dimensions", StructList),
            req("--period", Int),
            req("--evaluation-periods", Int),
            opt("--datapoints-to-alarm", Int),
            req("--threshold", Text),
            req("--comparison-operator", Text),
            opt("--treat-missing-data", Text),
            opt("--alarm-actions", List),
            ignored("--ok-actions", List),
            ignored("--unit", Text),
        ],
    ),
    op(
        "put-composite-alarm",
        &[
            req("--alarm-name", Text),
            ignored("--alarm-description", Text),
            req("--alarm-rule", Text),
            opt("--alarm-actions", List),
            ignored_flag("--actions-enabled", "--no-actions-enabled"),
        ],
    ),
    op("delete-alarms", &[req("--alarm-names", List)]),
    // ---- reads
    op(
        "describe-alarms",
        &[
            opt("--alarm-names", List),
            opt("--alarm-name-prefix", Text),
            opt("--state-value", Text),
            opt("--alarm-types", List),
            ignored("--action-prefix", Text),
            ignored("--max-items", Int),
            ignored("--page-size", Int),
            ignored("--starting-token", Text),
        ],
    ),
];

// ---------------------------------------------------------------- build

fn build(a: &Args) -> Result<Command, CliError> {
    Ok(match a.spec.name {
        "describe-alarms" => Command::Read(Read::DescribeAlarms {
            alarm_names: a.list("--alarm-names")?.unwrap_or_default(),
            alarm_name_prefix: a.text("--alarm-name-prefix"),
            state_value: a.text("--state-value"),
            alarm_types: a.list("--alarm-types")?.unwrap_or_default(),
        }),
        "put-metric-alarm" => metric_alarm(a)?,
        "put-composite-alarm" => Command::PutCompositeAlarm {
            alarm_name: a.req("--alarm-name")?,
            alarm_rule: a.req("--alarm-rule")?,
            alarm_actions: a.list("--alarm-actions")?.unwrap_or_default(),
        },
        "delete-alarms" => Command::DeleteAlarms {
            alarm_names: a.req_list("--alarm-names")?,
        },
        _ => return Err(a.not_implemented()),
    })
}

fn metric_alarm(a: &Args) -> Result<Command, CliError> {
    let statistic = match (a.text("--statistic"), a.text("--extended-statistic")) {
        (Some(s), None) | (None, Some(s)) => s,
        (Some(_), Some(_)) => {
            return Err(CliError::new(
                "aws: error: --statistic and --extended-statistic cannot be used together",
            ));
        }
        (None, None) => {
            return Err(CliError::new(
                "aws: error: one of --statistic or --extended-statistic is required",
            ));
        }
    };
    Ok(Command::PutMetricAlarm {
        alarm_name: a.req("--alarm-name")?,
        namespace: a.req("--namespace")?,
        metric_name: a.req("--metric-name")?,
        statistic,
        dimensions: a.each("--dimensions", dimension)?,
        period: a.req_int("--period")?,
        evaluation_periods: a.req_int("--evaluation-periods")?,
        datapoints_to_alarm: a.int("--datapoints-to-alarm")?,
        threshold: a
            .float("--threshold")?
            .ok_or_else(|| CliError::required(&["--threshold"]))?,
        comparison_operator: a.req("--comparison-operator")?,
        treat_missing_data: a.text("--treat-missing-data"),
        alarm_actions: a.list("--alarm-actions")?.unwrap_or_default(),
    })
}

/// A dimension `Name=AutoScalingGroupName,Value=web-asg`.
fn dimension(v: &Value) -> Result<(String, String), String> {
    let m = as_object(v, "each dimension")?;
    Ok((req_str(m, "Name")?, req_str(m, "Value")?))
}

// ---------------------------------------------------------------- print

/// Prints a CloudWatch command as its `aws cloudwatch …` line; `None` for another
/// service's command.
fn print(cmd: &Command) -> Option<String> {
    use Command as C;
    let mut l;
    match cmd {
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
            l = Line::new("cloudwatch", "put-metric-alarm");
            l.opt("--alarm-name", alarm_name)
                .opt("--namespace", namespace)
                .opt("--metric-name", metric_name);
            if statistic.starts_with('p') {
                l.opt("--extended-statistic", statistic);
            } else {
                l.opt("--statistic", statistic);
            }
            if !dimensions.is_empty() {
                let items: Vec<(Option<String>, Value)> = dimensions
                    .iter()
                    .map(|(n, v)| {
                        pairs(
                            &[("Name", n.clone()), ("Value", v.clone())],
                            json!({"Name": n, "Value": v}),
                        )
                    })
                    .collect();
                l.structures("--dimensions", &items);
            }
            l.int("--period", period)
                .int("--evaluation-periods", evaluation_periods)
                .int_some("--datapoints-to-alarm", *datapoints_to_alarm)
                .opt("--threshold", &threshold.to_string())
                .opt("--comparison-operator", comparison_operator)
                .opt_some("--treat-missing-data", treat_missing_data.as_deref())
                .list_nonempty("--alarm-actions", alarm_actions);
        }
        C::PutCompositeAlarm {
            alarm_name,
            alarm_rule,
            alarm_actions,
        } => {
            l = Line::new("cloudwatch", "put-composite-alarm");
            l.opt("--alarm-name", alarm_name)
                .opt("--alarm-rule", alarm_rule)
                .list_nonempty("--alarm-actions", alarm_actions);
        }
        C::DeleteAlarms { alarm_names } => {
            l = Line::new("cloudwatch", "delete-alarms");
            l.list("--alarm-names", alarm_names);
        }
        C::Read(Read::DescribeAlarms {
            alarm_names,
            alarm_name_prefix,
            state_value,
            alarm_types,
        }) => {
            l = Line::new("cloudwatch", "describe-alarms");
            l.list_nonempty("--alarm-names", alarm_names)
                .opt_some("--alarm-name-prefix", alarm_name_prefix.as_deref())
                .opt_some("--state-value", state_value.as_deref())
                .list_nonempty("--alarm-types", alarm_types);
        }
        _ => return None,
    }
    Some(l.finish())
}

// ---------------------------------------------------------------- tests

/// At least one command of every operation, with awkward values where they fit.
#[cfg(test)]
fn samples() -> Vec<Command> {
    use Command as C;
    vec![
        C::Read(Read::DescribeAlarms {
            alarm_names: vec![],
            alarm_name_prefix: None,
            state_value: None,
            alarm_types: vec![],
        }),
        C::Read(Read::DescribeAlarms {
            alarm_names: vec!["cpu high".into()],
            alarm_name_prefix: Some("Target".into()),
            state_value: Some("ALARM".into()),
            alarm_types: vec!["MetricAlarm".into(), "CompositeAlarm".into()],
        }),
            C::PutMetricAlarm {
                alarm_name: "cpu high".into(),
                namespace: "AWS/EC2".into(),
                metric_name: "CPUUtilization".into(),
                statistic: "Average".into(),
                dimensions: vec![("AutoScalingGroupName".into(), "web-asg".into())],
                period: 60,
                evaluation_periods: 3,
                datapoints_to_alarm: Some(2),
                threshold: 70.5,
                comparison_operator: "GreaterThanThreshold".into(),
                treat_missing_data: Some("notBreaching".into()),
                alarm_actions: vec!["arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:1:autoScalingGroupName/web-asg:policyName/out".into()],
            },
            C::PutMetricAlarm {
                alarm_name: "p99".into(),
                namespace: "AWS/ApplicationELB".into(),
                metric_name: "TargetResponseTime".into(),
                statistic: "p99".into(),
                dimensions: vec![],
                period: 120,
                evaluation_periods: 1,
                datapoints_to_alarm: None,
                threshold: -0.25,
                comparison_operator: "LessThanThreshold".into(),
                treat_missing_data: None,
                alarm_actions: vec![],
            },
            C::PutCompositeAlarm {
                alarm_name: "both".into(),
                alarm_rule: r#"ALARM("cpu high") AND NOT OK(p99)"#.into(),
                alarm_actions: vec!["arn:aws:sns:us-east-1:123456789012:ops".into()],
            },
            C::DeleteAlarms {
                alarm_names: vec!["cpu high".into(), "p99".into()],
            },
    ]
}
