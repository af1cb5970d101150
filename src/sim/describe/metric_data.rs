//! CloudWatch's metric reads: `get-metric-statistics` (`Label`, `Datapoints[]` with
//! `Timestamp`, the asked statistics and `Unit`) and `get-metric-data`
//! (`MetricDataResults[]` with `Id`, `Label`, `Timestamps`, `Values`, `StatusCode`),
//! answered from the simulation's own 1-minute datapoints — the series the alarms
//! evaluate — with the period and statistics honoured and AWS's errors for bad ones.

use super::metric_math::{self, Series};
use crate::sim::alarms::{aggregate, datapoint_value};
use crate::sim::clock::SimClock;
use crate::sim::command::{ApiError, MetricDataQuery};
use crate::sim::metrics::{Datapoint, Metrics};
use bevy::prelude::*;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The statistics CloudWatch knows by name.
const STATISTICS: &[&str] = &["SampleCount", "Average", "Sum", "Minimum", "Maximum"];
/// CloudWatch's limit on datapoints in one `GetMetricStatistics` answer.
const MAX_DATAPOINTS: i64 = 1440;
/// CloudWatch's units (`--unit`).
const UNITS: &[&str] = &[
    "Seconds",
    "Microseconds",
    "Milliseconds",
    "Bytes",
    "Kilobytes",
    "Megabytes",
    "Gigabytes",
    "Terabytes",
    "Bits",
    "Kilobits",
    "Megabits",
    "Gigabits",
    "Terabits",
    "Percent",
    "Count",
    "Bytes/Second",
    "Kilobytes/Second",
    "Megabytes/Second",
    "Gigabytes/Second",
    "Terabytes/Second",
    "Bits/Second",
    "Kilobits/Second",
    "Megabits/Second",
    "Gigabits/Second",
    "Terabits/Second",
    "Count/Second",
    "None",
];

/// The unit CloudWatch reports a metric in.
fn unit_of(metric: &str) -> &'static str {
    match metric {
        "TargetResponseTime" | "Latency" | "ReadLatency" | "ApproximateAgeOfOldestMessage" => {
            "Seconds"
        }
        "Duration" => "Milliseconds",
        "CPUUtilization" => "Percent",
        "GroupInServiceInstances" | "CostRate" => "None",
        _ => "Count",
    }
}

/// `p99`, `p99.9`: a percentile statistic.
fn is_percentile(stat: &str) -> bool {
    stat.strip_prefix('p')
        .and_then(|n| n.parse::<f64>().ok())
        .is_some_and(|n| (0.0..=100.0).contains(&n))
}

/// One minute's value of the metric, as the alarms read it.
fn minute_value(
    d: &Datapoint,
    namespace: &str,
    metric: &str,
    stat: &str,
    dimensions: &[(String, String)],
) -> Option<f64> {
    if matches!(namespace, "AWS/RDS" | "AWS/SQS" | "AWS/Lambda") {
        return d.data.value(namespace, metric);
    }
    datapoint_value(d, metric, stat, dimensions)
}

/// The metric's values in `[start, end)` by period: (period start in Unix seconds, the
/// statistic over the minutes of that period), oldest first; periods without data left out.
#[allow(clippy::too_many_arguments)]
fn periods(
    world: &World,
    namespace: &str,
    metric: &str,
    dimensions: &[(String, String)],
    stat: &str,
    start: i64,
    end: i64,
    period: i64,
) -> Vec<(i64, f64)> {
    let epoch = world.resource::<SimClock>().epoch_unix;
    let start = start - start.rem_euclid(60);
    let mut buckets: Vec<(i64, Vec<f64>)> = vec![];
    for d in &world.resource::<Metrics>().history {
        let t = epoch + 60 * d.minute as i64;
        if t < start || t >= end {
            continue;
        }
        let Some(v) = minute_value(d, namespace, metric, stat, dimensions) else {
            continue;
        };
        let at = start + (t - start) / period * period;
        match buckets.last_mut() {
            Some((b, vals)) if *b == at => vals.push(v),
            _ => buckets.push((at, vec![v])),
        }
    }
    buckets
        .into_iter()
        .filter_map(|(at, vals)| Some((at, aggregate(&vals, stat)?)))
        .collect()
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new("InvalidParameterValue", message)
}

fn check_times(start: i64, end: i64) -> Result<(), ApiError> {
    if start >= end {
        return Err(invalid(
            "The parameter StartTime must be less than the parameter EndTime.",
        ));
    }
    Ok(())
}

/// GameDay's metrics are standard resolution: one value a minute.
fn check_period(period: i64, field: &str) -> Result<(), ApiError> {
    if period < 60 || period % 60 != 0 {
        return Err(invalid(format!(
            "The parameter {field} must be a multiple of 60 for a standard-resolution metric \
             (got {period})."
        )));
    }
    Ok(())
}

/// What `get-metric-statistics` asks for.
pub(super) struct StatisticsRequest<'a> {
    pub namespace: &'a str,
    pub metric_name: &'a str,
    pub dimensions: &'a [(String, String)],
    pub start_time: i64,
    pub end_time: i64,
    pub period: i64,
    pub statistics: &'a [String],
    pub extended_statistics: &'a [String],
    pub unit: Option<&'a str>,
}

/// `aws cloudwatch get-metric-statistics`.
pub(super) fn statistics(world: &World, r: &StatisticsRequest) -> Result<Value, ApiError> {
    if r.statistics.is_empty() == r.extended_statistics.is_empty() {
        return Err(ApiError::new(
            "InvalidParameterCombination",
            "Must specify either Statistics or ExtendedStatistics, but not both.",
        ));
    }
    if let Some(s) = r
        .statistics
        .iter()
        .find(|s| !STATISTICS.contains(&s.as_str()))
    {
        return Err(ApiError::new(
            "ValidationError",
            format!(
                "1 validation error detected: Value '[{s}]' at 'statistics' failed to satisfy \
                 constraint: Member must satisfy constraint: [Member must satisfy enum value \
                 set: [Maximum, SampleCount, Sum, Minimum, Average]]"
            ),
        ));
    }
    if let Some(s) = r.extended_statistics.iter().find(|s| !is_percentile(s)) {
        return Err(invalid(format!(
            "The value {s} for parameter ExtendedStatistics is not supported."
        )));
    }
    if let Some(u) = r.unit.filter(|u| !UNITS.contains(u)) {
        return Err(ApiError::new(
            "ValidationError",
            format!(
                "1 validation error detected: Value '{u}' at 'unit' failed to satisfy \
                 constraint: Member must satisfy enum value set: [{}]",
                UNITS.join(", ")
            ),
        ));
    }
    check_times(r.start_time, r.end_time)?;
    check_period(r.period, "Period")?;
    let requested = (r.end_time - r.start_time + r.period - 1) / r.period;
    if requested > MAX_DATAPOINTS {
        return Err(ApiError::new(
            "InvalidParameterCombination",
            format!(
                "You have requested up to {requested} datapoints, which exceeds the limit of \
                 1,440. You may reduce the datapoints requested by increasing Period, or \
                 decreasing the time range."
            ),
        ));
    }
    let unit = unit_of(r.metric_name);
    let label = json!({ "Label": r.metric_name, "Datapoints": [] });
    if r.unit.is_some_and(|u| u != unit) {
        // CloudWatch answers a unit the metric was not published in with no data
        return Ok(label);
    }
    let clock = world.resource::<SimClock>();
    let mut points: Vec<(i64, Map<String, Value>)> = vec![];
    let stats = r.statistics.iter().chain(r.extended_statistics);
    for stat in stats {
        let extended = is_percentile(stat);
        for (at, v) in periods(
            world,
            r.namespace,
            r.metric_name,
            r.dimensions,
            stat,
            r.start_time,
            r.end_time,
            r.period,
        ) {
            let i = match points.iter().position(|(t, _)| *t == at) {
                Some(i) => i,
                None => {
                    let mut m = Map::new();
                    m.insert(
                        "Timestamp".into(),
                        json!(clock.iso8601((at - clock.epoch_unix) as f64)),
                    );
                    points.push((at, m));
                    points.len() - 1
                }
            };
            let m = &mut points[i].1;
            if extended {
                let ext = m.entry("ExtendedStatistics").or_insert_with(|| json!({}));
                ext[stat.as_str()] = json!(v);
            } else {
                m.insert(stat.clone(), json!(v));
            }
        }
    }
    points.sort_by_key(|(t, _)| *t);
    let datapoints: Vec<Value> = points
        .into_iter()
        .map(|(_, mut m)| {
            m.insert("Unit".into(), json!(unit));
            Value::Object(m)
        })
        .collect();
    Ok(json!({ "Label": r.metric_name, "Datapoints": datapoints }))
}

/// `MetricDataQueries` ids: a lowercase letter, then letters, digits and underscores.
fn valid_id(id: &str) -> bool {
    let mut c = id.chars();
    c.next().is_some_and(|f| f.is_ascii_lowercase())
        && c.all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
}

/// `aws cloudwatch get-metric-data`: one result per query that returns data, newest
/// value first unless `--scan-by TimestampAscending`.
pub(super) fn data(
    world: &World,
    queries: &[MetricDataQuery],
    start: i64,
    end: i64,
    scan_by: Option<&str>,
    max_datapoints: Option<u32>,
) -> Result<Value, ApiError> {
    if queries.is_empty() {
        return Err(ApiError::new(
            "ValidationError",
            "The parameter MetricDataQueries must contain at least one query.",
        ));
    }
    let ascending = match scan_by {
        None | Some("TimestampDescending") => false,
        Some("TimestampAscending") => true,
        Some(other) => {
            return Err(ApiError::new(
                "ValidationError",
                format!(
                    "1 validation error detected: Value '{other}' at 'scanBy' failed to \
                     satisfy constraint: Member must satisfy enum value set: \
                     [TimestampDescending, TimestampAscending]"
                ),
            ));
        }
    };
    check_times(start, end)?;
    for (n, q) in queries.iter().enumerate() {
        let member = format!("MetricDataQueries.member.{}", n + 1);
        if q.expression.is_some() {
            if !valid_id(&q.id) || queries[..n].iter().any(|o| o.id == q.id) {
                return Err(ApiError::new(
                    "ValidationError",
                    format!(
                        "The value {} for parameter {member}.Id is not valid or not unique.",
                        q.id
                    ),
                ));
            }
            continue;
        }
        if !valid_id(&q.id) {
            return Err(ApiError::new(
                "ValidationError",
                format!(
                    "The value {} for parameter {member}.Id is not valid: it must start with \
                     a lowercase letter and hold only letters, numbers and underscores.",
                    q.id
                ),
            ));
        }
        if queries[..n].iter().any(|o| o.id == q.id) {
            return Err(ApiError::new(
                "ValidationError",
                format!(
                    "The value {} for parameter {member}.Id is not unique.",
                    q.id
                ),
            ));
        }
        if !STATISTICS.contains(&q.stat.as_str()) && !is_percentile(&q.stat) {
            return Err(invalid(format!(
                "The value {} for parameter {member}.MetricStat.Stat is not a valid statistic.",
                q.stat
            )));
        }
        check_period(q.period, &format!("{member}.MetricStat.Period"))?;
    }
    let clock = world.resource::<SimClock>();
    let mut left = max_datapoints.map(|n| n as usize).unwrap_or(usize::MAX);
    let mut results = vec![];
    // the metrics first, then the expressions over them (an expression may name an
    // expression before it)
    let mut computed: BTreeMap<String, Series> = BTreeMap::new();
    for q in queries.iter().filter(|q| q.expression.is_none()) {
        let values = if q
            .unit
            .as_deref()
            .is_some_and(|u| u != unit_of(&q.metric_name))
        {
            vec![]
        } else {
            periods(
                world,
                &q.namespace,
                &q.metric_name,
                &q.dimensions,
                &q.stat,
                start,
                end,
                q.period,
            )
        };
        computed.insert(q.id.clone(), values.into_iter().collect());
    }
    for q in queries {
        if let Some(expression) = &q.expression {
            let known = computed.clone();
            let s = metric_math::evaluate(&q.id, expression, &|id| known.get(id).cloned())?;
            computed.insert(q.id.clone(), s);
        }
    }
    for q in queries.iter().filter(|q| q.return_data) {
        let mut values: Vec<(i64, f64)> = computed
            .get(&q.id)
            .map(|s| s.iter().map(|(t, v)| (*t, *v)).collect())
            .unwrap_or_default();
        if !ascending {
            values.reverse();
        }
        let complete = values.len() <= left;
        values.truncate(left);
        left -= values.len();
        results.push(json!({
            "Id": q.id,
            "Label": q.label.clone().unwrap_or_else(|| match q.expression {
                Some(_) => q.id.clone(),
                None => q.metric_name.clone(),
            }),
            "Timestamps": values.iter().map(|(t, _)| clock.iso8601((t - clock.epoch_unix) as f64)).collect::<Vec<_>>(),
            "Values": values.iter().map(|(_, v)| *v).collect::<Vec<_>>(),
            "StatusCode": if complete { "Complete" } else { "PartialData" },
        }));
    }
    Ok(json!({ "MetricDataResults": results, "Messages": [] }))
}
