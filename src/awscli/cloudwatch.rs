//! `aws cloudwatch`: metric alarms, composite alarms, deleting alarms and reading metrics
//! (`get-metric-statistics`, `get-metric-data`) — the operation table, the builder to
//! `Command` and the printer back.

use super::args::{Args, CliError, ServiceCli};
use super::line::{Line, pairs};
use super::spec::ValueKind::{Int, List, Struct, StructList, Text};
use super::spec::{OperationSpec, ignored, ignored_flag, op, opt, req};
use super::times::{print_timestamp, req_timestamp};
use super::values::{as_object, opt_bool, opt_int, opt_objects, opt_str, req_str, required};
use crate::sim::command::{Command, MetricDataQuery, Read};
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
    op(
        "get-metric-statistics",
        &[
            req("--namespace", Text),
            req("--metric-name", Text),
            opt("--dimensions", StructList),
            req("--start-time", Text),
            req("--end-time", Text),
            req("--period", Int),
            opt("--statistics", List),
            opt("--extended-statistics", List),
            opt("--unit", Text),
        ],
    ),
    op(
        "get-metric-data",
        &[
            req("--metric-data-queries", StructList),
            req("--start-time", Text),
            req("--end-time", Text),
            opt("--scan-by", Text),
            opt("--max-datapoints", Int),
            ignored("--label-options", Struct),
            ignored("--max-items", Int),
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
        "get-metric-statistics" => Command::Read(Read::GetMetricStatistics {
            namespace: a.req("--namespace")?,
            metric_name: a.req("--metric-name")?,
            dimensions: a.each("--dimensions", dimension)?,
            start_time: req_timestamp(a, "--start-time")?,
            end_time: req_timestamp(a, "--end-time")?,
            period: a.req_int("--period")?,
            statistics: a.list("--statistics")?.unwrap_or_default(),
            extended_statistics: a.list("--extended-statistics")?.unwrap_or_default(),
            unit: a.text("--unit"),
        }),
        "get-metric-data" => Command::Read(Read::GetMetricData {
            queries: a.each("--metric-data-queries", metric_data_query)?,
            start_time: req_timestamp(a, "--start-time")?,
            end_time: req_timestamp(a, "--end-time")?,
            scan_by: a.text("--scan-by"),
            max_datapoints: a.int("--max-datapoints")?,
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

/// One `MetricDataQueries` item: `{"Id": "m1", "MetricStat": {"Metric": {"Namespace": …,
/// "MetricName": …, "Dimensions": […]}, "Period": 60, "Stat": "Sum"}}`.
fn metric_data_query(v: &Value) -> Result<MetricDataQuery, String> {
    let m = as_object(v, "each metric data query")?;
    if let Some(expression) = opt_str(m, "Expression")? {
        if m.contains_key("MetricStat") {
            return Err("a query takes either \"Expression\" or \"MetricStat\", not both".into());
        }
        return Ok(MetricDataQuery {
            id: req_str(m, "Id")?,
            label: opt_str(m, "Label")?,
            namespace: String::new(),
            metric_name: String::new(),
            dimensions: vec![],
            period: opt_int(m, "Period")?.unwrap_or(0),
            stat: String::new(),
            unit: None,
            return_data: opt_bool(m, "ReturnData")?.unwrap_or(true),
            expression: Some(expression),
        });
    }
    let stat = as_object(
        required(m.get("MetricStat"), "MetricStat")?,
        "\"MetricStat\"",
    )?;
    let metric = as_object(required(stat.get("Metric"), "Metric")?, "\"Metric\"")?;
    let dimensions = opt_objects(metric, "Dimensions")?
        .into_iter()
        .map(|d| Ok((req_str(d, "Name")?, req_str(d, "Value")?)))
        .collect::<Result<Vec<_>, String>>()?;
    Ok(MetricDataQuery {
        id: req_str(m, "Id")?,
        label: opt_str(m, "Label")?,
        namespace: req_str(metric, "Namespace")?,
        metric_name: req_str(metric, "MetricName")?,
        dimensions,
        period: required(opt_int(stat, "Period")?, "Period")?,
        stat: req_str(stat, "Stat")?,
        unit: opt_str(stat, "Unit")?,
        return_data: opt_bool(m, "ReturnData")?.unwrap_or(true),
        expression: None,
    })
}

/// A query as the JSON `--metric-data-queries` takes.
fn query_json(q: &MetricDataQuery) -> Value {
    if let Some(expression) = &q.expression {
        let mut item = json!({"Id": q.id, "Expression": expression, "ReturnData": q.return_data});
        if let Some(l) = &q.label {
            item["Label"] = json!(l);
        }
        return item;
    }
    let mut stat = json!({
        "Metric": {
            "Namespace": q.namespace,
            "MetricName": q.metric_name,
            "Dimensions": q.dimensions.iter().map(|(n, v)| json!({"Name": n, "Value": v})).collect::<Vec<_>>(),
        },
        "Period": q.period,
        "Stat": q.stat,
    });
    if let Some(u) = &q.unit {
        stat["Unit"] = json!(u);
    }
    let mut item = json!({"Id": q.id, "MetricStat": stat, "ReturnData": q.return_data});
    if let Some(l) = &q.label {
        item["Label"] = json!(l);
    }
    item
}

/// `--dimensions Name=…,Value=… …`.
fn dimension_items(dimensions: &[(String, String)]) -> Vec<(Option<String>, Value)> {
    dimensions
        .iter()
        .map(|(n, v)| {
            pairs(
                &[("Name", n.clone()), ("Value", v.clone())],
                json!({"Name": n, "Value": v}),
            )
        })
        .collect()
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
                l.structures("--dimensions", &dimension_items(dimensions));
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
        C::Read(Read::GetMetricStatistics {
            namespace,
            metric_name,
            dimensions,
            start_time,
            end_time,
            period,
            statistics,
            extended_statistics,
            unit,
        }) => {
            l = Line::new("cloudwatch", "get-metric-statistics");
            l.opt("--namespace", namespace)
                .opt("--metric-name", metric_name);
            if !dimensions.is_empty() {
                l.structures("--dimensions", &dimension_items(dimensions));
            }
            l.opt("--start-time", &print_timestamp(*start_time))
                .opt("--end-time", &print_timestamp(*end_time))
                .int("--period", period)
                .list_nonempty("--statistics", statistics)
                .list_nonempty("--extended-statistics", extended_statistics)
                .opt_some("--unit", unit.as_deref());
        }
        C::Read(Read::GetMetricData {
            queries,
            start_time,
            end_time,
            scan_by,
            max_datapoints,
        }) => {
            l = Line::new("cloudwatch", "get-metric-data");
            let items: Vec<(Option<String>, Value)> =
                queries.iter().map(|q| (None, query_json(q))).collect();
            l.structures("--metric-data-queries", &items)
                .opt("--start-time", &print_timestamp(*start_time))
                .opt("--end-time", &print_timestamp(*end_time))
                .opt_some("--scan-by", scan_by.as_deref())
                .int_some("--max-datapoints", *max_datapoints);
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
        C::Read(Read::GetMetricStatistics {
            namespace: "AWS/ApplicationELB".into(),
            metric_name: "TargetResponseTime".into(),
            dimensions: vec![("LoadBalancer".into(), "app/web alb/50dc6c495c0c9188".into())],
            start_time: 1_795_338_000,
            end_time: 1_795_341_600,
            period: 300,
            statistics: vec!["Average".into(), "Maximum".into()],
            extended_statistics: vec!["p99".into()],
            unit: Some("Seconds".into()),
        }),
        C::Read(Read::GetMetricData {
            queries: vec![
                MetricDataQuery {
                    id: "m1".into(),
                    label: Some("requests, all".into()),
                    namespace: "AWS/ApplicationELB".into(),
                    metric_name: "RequestCount".into(),
                    dimensions: vec![("LoadBalancer".into(), "app/web/1".into())],
                    period: 60,
                    stat: "Sum".into(),
                    unit: None,
                    return_data: true,
                    expression: None,
                },
                MetricDataQuery {
                    id: "per_minute".into(),
                    label: Some("requests per second".into()),
                    namespace: String::new(),
                    metric_name: String::new(),
                    dimensions: vec![],
                    period: 0,
                    stat: String::new(),
                    unit: None,
                    return_data: true,
                    expression: Some("m1/60".into()),
                },
                MetricDataQuery {
                    id: "cpu".into(),
                    label: None,
                    namespace: "AWS/EC2".into(),
                    metric_name: "CPUUtilization".into(),
                    dimensions: vec![],
                    period: 300,
                    stat: "p90".into(),
                    unit: Some("Percent".into()),
                    return_data: false,
                    expression: None,
                },
            ],
            start_time: 1_795_338_000,
            end_time: 1_795_341_600,
            scan_by: Some("TimestampAscending".into()),
            max_datapoints: Some(100),
        }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_metric_statistics_reads_the_documented_line() {
        // awscli/examples/cloudwatch/get-metric-statistics.rst
        assert_eq!(
            CLI.ok("aws cloudwatch get-metric-statistics --metric-name CPUUtilization --start-time 2014-04-08T23:18:00Z --end-time 2014-04-09T23:18:00Z --period 3600 --namespace AWS/EC2 --statistics Maximum --dimensions Name=InstanceId,Value=i-abcdef"),
            Command::Read(Read::GetMetricStatistics {
                namespace: "AWS/EC2".into(),
                metric_name: "CPUUtilization".into(),
                dimensions: vec![("InstanceId".into(), "i-abcdef".into())],
                start_time: 1_396_999_080,
                end_time: 1_397_085_480,
                period: 3600,
                statistics: vec!["Maximum".into()],
                extended_statistics: vec![],
                unit: None,
            })
        );
    }

    #[test]
    fn get_metric_data_reads_metric_stat_and_metric_math_queries() {
        // awscli/examples/cloudwatch/get-metric-data.rst
        let Command::Read(Read::GetMetricData { queries, .. }) = CLI.ok(
            r#"aws cloudwatch get-metric-data --metric-data-queries '[{"Id":"m1","MetricStat":{"Metric":{"Namespace":"AWS/Billing","MetricName":"EstimatedCharges","Dimensions":[{"Name":"Currency","Value":"USD"}]},"Period":21600,"Stat":"Maximum"}}]' --start-time 2024-09-26T12:00:00Z --end-time 2024-09-26T18:00:00Z"#,
        ) else {
            panic!("not get-metric-data");
        };
        assert_eq!(
            queries,
            vec![MetricDataQuery {
                id: "m1".into(),
                label: None,
                namespace: "AWS/Billing".into(),
                metric_name: "EstimatedCharges".into(),
                dimensions: vec![("Currency".into(), "USD".into())],
                period: 21600,
                stat: "Maximum".into(),
                unit: None,
                return_data: true,
                expression: None,
            }]
        );
        let Command::Read(Read::GetMetricData { queries, .. }) = CLI.ok(
            r#"aws cloudwatch get-metric-data --metric-data-queries '[{"Id":"e1","Expression":"m1*2","Label":"double"}]' --start-time 2024-09-26T12:00:00Z --end-time 2024-09-26T18:00:00Z"#,
        ) else {
            panic!("not get-metric-data");
        };
        assert_eq!(queries[0].expression.as_deref(), Some("m1*2"));
        assert_eq!(queries[0].label.as_deref(), Some("double"));
        let err = CLI.err(
            r#"aws cloudwatch get-metric-data --metric-data-queries '[{"Id":"e1","Expression":"m1*2","MetricStat":{}}]' --start-time 2024-09-26T12:00:00Z --end-time 2024-09-26T18:00:00Z"#,
        );
        assert!(err.contains("not both"), "{err}");
    }
}
