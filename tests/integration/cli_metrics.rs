//! CloudWatch's metric reads and CloudTrail's time range as an engineer uses them:
//! `get-metric-statistics` and `get-metric-data` answer from the round's own metric series
//! (the numbers the alarms and the CloudWatch panel see), with the period and statistics
//! honoured and AWS's errors for bad ones; `lookup-events` keeps to `--start-time` /
//! `--end-time` and `--max-results`.

use crate::common::*;
use bevy::prelude::*;
use gameday::data::time::format_iso8601;
use gameday::sim::clock::SimClock;
use gameday::sim::metrics::Metrics;
use serde_json::Value;

fn read(app: &mut App, line: &str) -> Value {
    match aws(app, line) {
        Ok(r) => r
            .body
            .unwrap_or_else(|| panic!("`{line}` answered without a body")),
        Err(e) => panic!("`{line}` failed: {e}"),
    }
}

/// The ISO-8601 time of the round's minute `m`.
fn at_minute(app: &App, m: i64) -> String {
    format_iso8601(app.world().resource::<SimClock>().epoch_unix + 60 * m)
}

/// Requests the round served in minutes `from..to`, from the metric history itself.
fn requests_in(app: &App, from: u32, to: u32) -> f64 {
    app.world()
        .resource::<Metrics>()
        .history
        .iter()
        .filter(|d| (from..to).contains(&d.minute))
        .map(|d| d.requests as f64)
        .sum()
}

#[test]
fn get_metric_statistics_sums_the_requests_the_round_served_per_period() {
    let mut app = unicorn(5);
    run_minutes(&mut app, 10.0);
    let (start, end) = (at_minute(&app, 0), at_minute(&app, 10));
    let v = read(
        &mut app,
        &format!(
            "aws cloudwatch get-metric-statistics --namespace AWS/ApplicationELB --metric-name RequestCount --start-time {start} --end-time {end} --period 300 --statistics Sum Maximum SampleCount"
        ),
    );
    assert_eq!(v["Label"], "RequestCount");
    let points = v["Datapoints"].as_array().expect("Datapoints is a list");
    assert_eq!(points.len(), 2, "{v:#}");
    assert_eq!(points[0]["Timestamp"], start.as_str());
    assert_eq!(points[1]["Timestamp"], at_minute(&app, 5).as_str());
    for (p, from) in points.iter().zip([0, 5]) {
        let sum = requests_in(&app, from, from + 5);
        assert!(sum > 0.0, "the round served requests");
        assert_eq!(p["Sum"].as_f64(), Some(sum), "{p}");
        assert_eq!(p["SampleCount"].as_f64(), Some(5.0), "{p}");
        assert!(p["Maximum"].as_f64().unwrap() <= sum);
        assert!(p["Maximum"].as_f64().unwrap() * 5.0 >= sum);
        assert_eq!(p["Unit"], "Count");
    }
    // a one-minute period gives one datapoint a minute, each that minute's count
    let v = read(
        &mut app,
        &format!(
            "aws cloudwatch get-metric-statistics --namespace AWS/ApplicationELB --metric-name RequestCount --start-time {start} --end-time {end} --period 60 --statistics Sum"
        ),
    );
    let sums: Vec<f64> = v["Datapoints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["Sum"].as_f64().unwrap())
        .collect();
    let per_minute: Vec<f64> = (0..10).map(|m| requests_in(&app, m, m + 1)).collect();
    assert_eq!(sums, per_minute);
    // latency percentiles as ExtendedStatistics, in seconds
    let v = read(
        &mut app,
        &format!(
            "aws cloudwatch get-metric-statistics --namespace AWS/ApplicationELB --metric-name TargetResponseTime --start-time {start} --end-time {end} --period 600 --extended-statistics p50 p99"
        ),
    );
    let p = &v["Datapoints"][0];
    assert_eq!(p["Unit"], "Seconds");
    let (p50, p99) = (
        p["ExtendedStatistics"]["p50"].as_f64().unwrap(),
        p["ExtendedStatistics"]["p99"].as_f64().unwrap(),
    );
    assert!(0.0 < p50 && p50 <= p99 && p99 < 30.0, "{p}");
    // before the round started there is nothing
    let v = read(
        &mut app,
        "aws cloudwatch get-metric-statistics --namespace AWS/ApplicationELB --metric-name RequestCount --start-time 2014-04-08T23:18:00Z --end-time 2014-04-09T23:18:00Z --period 3600 --statistics Sum",
    );
    assert_eq!(v["Datapoints"], Value::Array(vec![]));
}

#[test]
fn bad_periods_and_statistic_names_fail_like_cloudwatch() {
    let mut app = unicorn(5);
    run_minutes(&mut app, 2.0);
    let (start, end) = (at_minute(&app, 0), at_minute(&app, 2));
    let base = format!(
        "aws cloudwatch get-metric-statistics --namespace AWS/EC2 --metric-name CPUUtilization --start-time {start} --end-time {end}"
    );
    let code = |app: &mut App, rest: &str| {
        aws(app, &format!("{base} {rest}"))
            .expect_err("the call fails")
            .code
    };
    assert_eq!(
        code(&mut app, "--period 90 --statistics Average"),
        "InvalidParameterValue"
    );
    assert_eq!(
        code(&mut app, "--period 60 --statistics Avg"),
        "ValidationError"
    );
    assert_eq!(code(&mut app, "--period 60"), "InvalidParameterCombination");
    assert_eq!(
        code(
            &mut app,
            "--period 60 --statistics Average --extended-statistics p99"
        ),
        "InvalidParameterCombination"
    );
    let err = aws(
        &mut app,
        "aws cloudwatch get-metric-statistics --namespace AWS/EC2 --metric-name CPUUtilization --start-time 2026-01-01T00:00:00Z --end-time 2026-01-03T00:00:00Z --period 60 --statistics Average",
    )
    .expect_err("two days of minutes is too many");
    assert_eq!(err.code, "InvalidParameterCombination");
    assert!(err.message.contains("2880 datapoints"), "{}", err.message);
    let q = |id: &str, stat: &str, period: u32| {
        format!(
            r#"aws cloudwatch get-metric-data --start-time {start} --end-time {end} --metric-data-queries '[{{"Id":"{id}","MetricStat":{{"Metric":{{"Namespace":"AWS/EC2","MetricName":"CPUUtilization"}},"Period":{period},"Stat":"{stat}"}}}}]'"#
        )
    };
    assert_eq!(
        aws(&mut app, &q("Cpu", "Average", 60)).unwrap_err().code,
        "ValidationError"
    );
    assert_eq!(
        aws(&mut app, &q("cpu", "Mean", 60)).unwrap_err().code,
        "InvalidParameterValue"
    );
    assert_eq!(
        aws(&mut app, &q("cpu", "Average", 30)).unwrap_err().code,
        "InvalidParameterValue"
    );
}

#[test]
fn get_metric_data_returns_the_same_series_newest_first() {
    let mut app = unicorn(8);
    run_minutes(&mut app, 6.0);
    let (start, end) = (at_minute(&app, 0), at_minute(&app, 6));
    let v = read(
        &mut app,
        &format!(
            r#"aws cloudwatch get-metric-data --start-time {start} --end-time {end} --metric-data-queries '[{{"Id":"req","Label":"requests","MetricStat":{{"Metric":{{"Namespace":"AWS/ApplicationELB","MetricName":"RequestCount"}},"Period":120,"Stat":"Sum"}}}},{{"Id":"hidden","ReturnData":false,"MetricStat":{{"Metric":{{"Namespace":"AWS/EC2","MetricName":"CPUUtilization"}},"Period":60,"Stat":"Average"}}}}]'"#
        ),
    );
    let results = v["MetricDataResults"].as_array().unwrap();
    assert_eq!(results.len(), 1, "ReturnData false is left out: {v:#}");
    let r = &results[0];
    assert_eq!(
        (r["Id"].as_str(), r["Label"].as_str()),
        (Some("req"), Some("requests"))
    );
    assert_eq!(r["StatusCode"], "Complete");
    let stamps: Vec<&str> = r["Timestamps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(
        stamps,
        [at_minute(&app, 4), at_minute(&app, 2), at_minute(&app, 0)]
    );
    let values: Vec<f64> = r["Values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert_eq!(
        values,
        [
            requests_in(&app, 4, 6),
            requests_in(&app, 2, 4),
            requests_in(&app, 0, 2)
        ]
    );
    assert_eq!(v["Messages"], Value::Array(vec![]));
}

#[test]
fn lookup_events_keeps_to_the_time_range_and_max_results() {
    let mut app = unicorn(2);
    let vpc = vpc_id(&mut app);
    run_minutes(&mut app, 2.0);
    aws_ok(
        &mut app,
        &format!(
            "aws ec2 create-security-group --group-name early --description early --vpc-id {vpc}"
        ),
    );
    run_minutes(&mut app, 4.0);
    aws_ok(
        &mut app,
        &format!(
            "aws ec2 create-security-group --group-name late --description late --vpc-id {vpc}"
        ),
    );
    let names = |v: &Value| -> Vec<String> {
        v["Events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["EventName"].as_str().unwrap().to_string())
            .collect()
    };
    let lookup = "aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=CreateSecurityGroup";
    // the estate's own groups were created at the start; ours came at minutes 2 and 6
    let all = names(&read(&mut app, lookup)).len();
    assert!(all >= 2);
    // from minute 4 on (ISO-8601): only the later group
    let from = format!("{lookup} --start-time {}", at_minute(&app, 4));
    let v = read(&mut app, &from);
    assert_eq!(names(&v).len(), 1);
    assert!(
        v["Events"][0]["CloudTrailEvent"]
            .as_str()
            .unwrap()
            .contains("CreateSecurityGroup")
    );
    assert!(v["Events"][0]["EventTime"].as_str().unwrap() >= at_minute(&app, 6).as_str());
    // up to minute 4 (epoch seconds): only the earlier one
    let epoch = app.world().resource::<SimClock>().epoch_unix + 240;
    let v = read(&mut app, &format!("{lookup} --end-time {epoch}"));
    assert_eq!(names(&v).len(), all - 1);
    let newest = v["Events"][0]["EventTime"].as_str().unwrap();
    assert!(at_minute(&app, 2).as_str() <= newest && newest < at_minute(&app, 4).as_str());
    // newest first, as many as asked
    let v = read(&mut app, &format!("{lookup} --max-results 1"));
    assert_eq!(names(&v), ["CreateSecurityGroup"]);
    assert!(v["Events"][0]["EventTime"].as_str().unwrap() >= at_minute(&app, 6).as_str());
    // a range that ends before it starts
    let backwards = format!(
        "{lookup} --start-time {} --end-time {}",
        at_minute(&app, 5),
        at_minute(&app, 1)
    );
    let err = aws(&mut app, &backwards).unwrap_err();
    assert_eq!(err.code, "InvalidTimeRangeException");
}

#[test]
fn get_metric_data_metric_math_turns_request_sums_into_requests_per_second() {
    let mut app = unicorn(8);
    run_minutes(&mut app, 6.0);
    let (start, end) = (at_minute(&app, 0), at_minute(&app, 6));
    let v = read(
        &mut app,
        &format!(
            r#"aws cloudwatch get-metric-data --start-time {start} --end-time {end} --scan-by TimestampAscending --metric-data-queries '[{{"Id":"rps","Expression":"SUM([req]) / 120","Label":"requests per second"}},{{"Id":"req","ReturnData":false,"MetricStat":{{"Metric":{{"Namespace":"AWS/ApplicationELB","MetricName":"RequestCount"}},"Period":120,"Stat":"Sum"}}}}]'"#
        ),
    );
    let results = v["MetricDataResults"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{v:#}");
    let r = &results[0];
    assert_eq!(r["Label"], "requests per second");
    let values: Vec<f64> = r["Values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    let expected: Vec<f64> = [(0, 2), (2, 4), (4, 6)]
        .iter()
        .map(|&(a, b)| requests_in(&app, a, b) / 120.0)
        .collect();
    assert_eq!(values.len(), 3);
    for (got, want) in values.iter().zip(&expected) {
        assert!((got - want).abs() < 1e-9, "{values:?} vs {expected:?}");
    }
    assert!(
        expected.iter().all(|&x| x > 0.0),
        "traffic flowed: {expected:?}"
    );
    // an id no query has is CloudWatch's ValidationError
    let e = aws(
        &mut app,
        &format!(
            r#"aws cloudwatch get-metric-data --start-time {start} --end-time {end} --metric-data-queries '[{{"Id":"e1","Expression":"m9 * 2"}}]'"#
        ),
    )
    .unwrap_err();
    assert_eq!(e.code, "ValidationError");
    assert!(e.message.contains("'m9'"), "{}", e.message);
}
