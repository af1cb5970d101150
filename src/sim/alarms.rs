//! CloudWatch alarms: metric alarms evaluated on every closed 1-minute datapoint
//! (statistic over a period, evaluation periods, datapoints to alarm, missing data), composite
//! alarms over other alarms' states (AND / OR / NOT), and their actions: notify, or execute a
//! step-scaling policy as `autoscaling.amazonaws.com` through the command API.

use super::command::StepAdjustment;
use super::metrics::Datapoint;
use bevy::prelude::*;

/// OK, ALARM or INSUFFICIENT_DATA.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlarmState {
    Ok,
    Alarm,
    InsufficientData,
}

impl AlarmState {
    pub fn aws_name(self) -> &'static str {
        match self {
            AlarmState::Ok => "OK",
            AlarmState::Alarm => "ALARM",
            AlarmState::InsufficientData => "INSUFFICIENT_DATA",
        }
    }
}

/// The metrics an alarm can watch: (namespace, metric name, what it measures).
pub const ALARM_METRICS: &[(&str, &str, &str)] = &[
    ("AWS/ApplicationELB", "RequestCount", "requests per minute"),
    (
        "AWS/ApplicationELB",
        "HTTPCode_ELB_5XX_Count",
        "5xx answered by the load balancer",
    ),
    (
        "AWS/ApplicationELB",
        "HTTPCode_Target_5XX_Count",
        "5xx answered by the app",
    ),
    (
        "AWS/ApplicationELB",
        "TargetResponseTime",
        "latency in seconds (p50; p90/p95/p99 as extended statistics)",
    ),
    ("AWS/ApplicationELB", "HealthyHostCount", "healthy targets"),
    (
        "AWS/ApplicationELB",
        "UnHealthyHostCount",
        "unhealthy targets",
    ),
    (
        "AWS/ELB",
        "SurgeQueueLength",
        "Classic LB surge queue (max)",
    ),
    (
        "AWS/ELB",
        "SpilloverCount",
        "requests spilled from the surge queue",
    ),
    (
        "AWS/EC2",
        "CPUUtilization",
        "CPU % (all running instances, or one group by dimension)",
    ),
    (
        "AWS/AutoScaling",
        "GroupInServiceInstances",
        "running instances",
    ),
    // ---- data tier (RDS, SQS, Lambda) ----
    ("AWS/RDS", "CPUUtilization", "database CPU %"),
    (
        "AWS/RDS",
        "DatabaseConnections",
        "open database connections",
    ),
    (
        "AWS/SQS",
        "ApproximateNumberOfMessagesVisible",
        "messages waiting in the queue",
    ),
    (
        "AWS/SQS",
        "ApproximateAgeOfOldestMessage",
        "age of the oldest message, seconds",
    ),
    (
        "AWS/Lambda",
        "Throttles",
        "throttled invocations per minute",
    ),
    (
        "AWS/Lambda",
        "ConcurrentExecutions",
        "concurrent executions (max)",
    ),
    ("GameDay", "FailedRequests", "failed requests per minute"),
    ("GameDay", "CostRate", "the bill in USD per hour"),
];

pub const STATISTICS: &[&str] = &["Average", "Sum", "Minimum", "Maximum", "SampleCount"];
pub const PERCENTILES: &[&str] = &["p50", "p90", "p95", "p99"];
pub const COMPARISONS: &[&str] = &[
    "GreaterThanThreshold",
    "GreaterThanOrEqualToThreshold",
    "LessThanThreshold",
    "LessThanOrEqualToThreshold",
];
pub const MISSING_DATA: &[&str] = &["missing", "ignore", "breaching", "notBreaching"];

/// A metric alarm (a resource: `arn:aws:cloudwatch:…:alarm:NAME`).
#[derive(Component, Clone, Debug)]
pub struct MetricAlarm {
    pub name: String,
    pub namespace: String,
    pub metric_name: String,
    pub statistic: String,
    pub dimensions: Vec<(String, String)>,
    pub period: u32,
    pub evaluation_periods: u32,
    pub datapoints_to_alarm: u32,
    pub threshold: f64,
    pub comparison: String,
    pub treat_missing_data: String,
    pub actions: Vec<String>,
    pub state: AlarmState,
    pub reason: String,
    pub state_since: f64,
    /// The values of the periods last evaluated, oldest first.
    pub last_values: Vec<Option<f64>>,
}

/// A composite alarm over other alarms' states.
#[derive(Component, Clone, Debug)]
pub struct CompositeAlarm {
    pub name: String,
    pub rule: String,
    pub expr: RuleExpr,
    pub actions: Vec<String>,
    pub state: AlarmState,
    pub reason: String,
    pub state_since: f64,
}

/// One step-scaling policy of a group.
#[derive(Clone, Debug)]
pub struct StepPolicy {
    pub arn: String,
    pub name: String,
    pub adjustment_type: String,
    pub steps: Vec<StepAdjustment>,
    pub warmup: f64,
    pub last_executed: Option<f64>,
}

/// The step-scaling policies of an Auto Scaling group (on the group's entity).
#[derive(Component, Clone, Debug, Default)]
pub struct StepScalingPolicies(pub Vec<StepPolicy>);

/// A state change, for the HUD's toasts and the results screen.
#[derive(Clone, Debug)]
pub struct AlarmTransition {
    pub time: f64,
    pub alarm: String,
    pub from: AlarmState,
    pub to: AlarmState,
    pub reason: String,
    /// What the actions did (`executed policy …`, `notified …`).
    pub actions: Vec<String>,
}

/// Every alarm state change, oldest first.
#[derive(Resource, Default, Debug)]
pub struct AlarmLog(pub Vec<AlarmTransition>);

/// A composite alarm rule.
#[derive(Clone, Debug, PartialEq)]
pub enum RuleExpr {
    State(AlarmState, String),
    Const(bool),
    Not(Box<RuleExpr>),
    And(Box<RuleExpr>, Box<RuleExpr>),
    Or(Box<RuleExpr>, Box<RuleExpr>),
}

impl RuleExpr {
    /// Alarm names the rule refers to.
    pub fn names(&self) -> Vec<String> {
        match self {
            RuleExpr::State(_, n) => vec![n.clone()],
            RuleExpr::Const(_) => vec![],
            RuleExpr::Not(e) => e.names(),
            RuleExpr::And(a, b) | RuleExpr::Or(a, b) => {
                let mut v = a.names();
                v.extend(b.names());
                v
            }
        }
    }

    pub fn eval(&self, state_of: &dyn Fn(&str) -> Option<AlarmState>) -> bool {
        match self {
            RuleExpr::State(s, n) => state_of(n) == Some(*s),
            RuleExpr::Const(b) => *b,
            RuleExpr::Not(e) => !e.eval(state_of),
            RuleExpr::And(a, b) => a.eval(state_of) && b.eval(state_of),
            RuleExpr::Or(a, b) => a.eval(state_of) || b.eval(state_of),
        }
    }
}

/// Parses `ALARM("a") AND (OK(b) OR NOT INSUFFICIENT_DATA(c))`, `TRUE`, `FALSE`.
pub fn parse_rule(text: &str) -> Result<RuleExpr, String> {
    let tokens = tokenize(text)?;
    let mut pos = 0;
    let e = parse_or(&tokens, &mut pos)?;
    if pos != tokens.len() {
        return Err(format!("unexpected '{}' in the alarm rule", tokens[pos]));
    }
    Ok(e)
}

fn tokenize(text: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '(' || c == ')' {
            out.push(c.to_string());
            chars.next();
        } else if c == '"' {
            chars.next();
            let mut s = String::from("\"");
            loop {
                match chars.next() {
                    Some('"') => break,
                    Some(ch) => s.push(ch),
                    None => return Err("unterminated quote in the alarm rule".into()),
                }
            }
            out.push(s);
        } else {
            let mut s = String::new();
            while let Some(&ch) = chars.peek() {
                if ch.is_whitespace() || ch == '(' || ch == ')' {
                    break;
                }
                s.push(ch);
                chars.next();
            }
            out.push(s);
        }
    }
    Ok(out)
}

fn parse_or(t: &[String], pos: &mut usize) -> Result<RuleExpr, String> {
    let mut left = parse_and(t, pos)?;
    while t.get(*pos).is_some_and(|w| w == "OR") {
        *pos += 1;
        left = RuleExpr::Or(Box::new(left), Box::new(parse_and(t, pos)?));
    }
    Ok(left)
}

fn parse_and(t: &[String], pos: &mut usize) -> Result<RuleExpr, String> {
    let mut left = parse_not(t, pos)?;
    while t.get(*pos).is_some_and(|w| w == "AND") {
        *pos += 1;
        left = RuleExpr::And(Box::new(left), Box::new(parse_not(t, pos)?));
    }
    Ok(left)
}

fn parse_not(t: &[String], pos: &mut usize) -> Result<RuleExpr, String> {
    if t.get(*pos).is_some_and(|w| w == "NOT") {
        *pos += 1;
        return Ok(RuleExpr::Not(Box::new(parse_not(t, pos)?)));
    }
    parse_atom(t, pos)
}

fn parse_atom(t: &[String], pos: &mut usize) -> Result<RuleExpr, String> {
    let Some(w) = t.get(*pos) else {
        return Err("the alarm rule ends too early".into());
    };
    *pos += 1;
    let state = match w.as_str() {
        "(" => {
            let e = parse_or(t, pos)?;
            if t.get(*pos).map(String::as_str) != Some(")") {
                return Err("missing ')' in the alarm rule".into());
            }
            *pos += 1;
            return Ok(e);
        }
        "TRUE" => return Ok(RuleExpr::Const(true)),
        "FALSE" => return Ok(RuleExpr::Const(false)),
        "ALARM" => AlarmState::Alarm,
        "OK" => AlarmState::Ok,
        "INSUFFICIENT_DATA" => AlarmState::InsufficientData,
        other => {
            return Err(format!(
                "'{other}' is not a function: use ALARM(name), OK(name), INSUFFICIENT_DATA(name), AND, OR, NOT"
            ));
        }
    };
    let open = t.get(*pos).map(String::as_str);
    let name = t.get(*pos + 1).cloned();
    let close = t.get(*pos + 2).map(String::as_str);
    match (open, name, close) {
        (Some("("), Some(n), Some(")")) => {
            *pos += 3;
            Ok(RuleExpr::State(
                state,
                n.trim_start_matches('"').to_string(),
            ))
        }
        _ => Err(format!("{w} needs one alarm name in parentheses")),
    }
}

/// One minute's value of a metric (`None`: no data that minute).
pub fn datapoint_value(
    dp: &Datapoint,
    metric: &str,
    statistic: &str,
    dimensions: &[(String, String)],
) -> Option<f64> {
    let asg = dimensions
        .iter()
        .find(|(k, _)| k == "AutoScalingGroupName")
        .map(|(_, v)| v.as_str());
    Some(match metric {
        "RequestCount" => dp.requests as f64,
        "HTTPCode_ELB_5XX_Count" => dp.elb_5xx as f64,
        "HTTPCode_Target_5XX_Count" => dp.target_5xx as f64,
        "TargetResponseTime" | "Latency" => {
            let i = match statistic {
                "p90" => 1,
                "p95" => 2,
                "p99" => 3,
                _ => 0,
            };
            dp.latency_ms[i]? / 1000.0
        }
        "HealthyHostCount" => dp.healthy_hosts as f64,
        "UnHealthyHostCount" => dp.unhealthy_hosts as f64,
        "SurgeQueueLength" => dp.surge_queue_max,
        "SpilloverCount" => dp.spillover as f64,
        "CPUUtilization" => match asg {
            Some(name) => dp.cpu_by_asg.iter().find(|(n, _)| n == name)?.1,
            None if dp.instances_running == 0 => return None,
            None => dp.cpu_avg,
        },
        "GroupInServiceInstances" => dp.instances_running as f64,
        "FailedRequests" => dp.failed_total() as f64,
        "CostRate" => dp.cost_rate_usd_h,
        _ => return None,
    })
}

/// RDS, SQS and Lambda metrics are read from the minute's data-tier values.
fn is_data_tier(namespace: &str) -> bool {
    matches!(namespace, "AWS/RDS" | "AWS/SQS" | "AWS/Lambda")
}

/// The statistic over the minutes of one period.
pub fn aggregate(values: &[f64], statistic: &str) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let n = values.len() as f64;
    Some(match statistic {
        "Sum" => values.iter().sum(),
        "Minimum" => values.iter().copied().fold(f64::INFINITY, f64::min),
        "SampleCount" => n,
        "Average" => values.iter().sum::<f64>() / n,
        // percentiles of a period: the worst minute's percentile (an upper bound)
        _ => values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    })
}

/// The values of the alarm's last `evaluation_periods` periods, oldest first, ending with the
/// newest closed minute.
pub fn period_values(history: &[Datapoint], alarm: &MetricAlarm) -> Vec<Option<f64>> {
    let minutes = (alarm.period / 60).max(1) as usize;
    let n = alarm.evaluation_periods as usize;
    let mut out = Vec::with_capacity(n);
    for k in (0..n).rev() {
        let end = history.len() as isize - (k * minutes) as isize;
        let start = end - minutes as isize;
        if start < 0 {
            out.push(None);
            continue;
        }
        let vals: Vec<f64> = history[start as usize..end as usize]
            .iter()
            .filter_map(|d| {
                if alarm.namespace.starts_with("AWS/") && is_data_tier(&alarm.namespace) {
                    return d.data.value(&alarm.namespace, &alarm.metric_name);
                }
                datapoint_value(d, &alarm.metric_name, &alarm.statistic, &alarm.dimensions)
            })
            .collect();
        out.push(aggregate(&vals, &alarm.statistic));
    }
    out
}

pub fn breaches(value: f64, comparison: &str, threshold: f64) -> bool {
    match comparison {
        "GreaterThanThreshold" => value > threshold,
        "GreaterThanOrEqualToThreshold" => value >= threshold,
        "LessThanThreshold" => value < threshold,
        _ => value <= threshold,
    }
}

/// The state the values put the alarm in, with CloudWatch's kind of reason.
pub fn evaluate(alarm: &MetricAlarm, values: &[Option<f64>]) -> (AlarmState, String) {
    let mut breaching = 0;
    let mut present = 0;
    for v in values {
        match (v, alarm.treat_missing_data.as_str()) {
            (Some(x), _) => {
                present += 1;
                if breaches(*x, &alarm.comparison, alarm.threshold) {
                    breaching += 1;
                }
            }
            (None, "breaching") => {
                present += 1;
                breaching += 1;
            }
            (None, "notBreaching") => present += 1,
            (None, _) => {}
        }
    }
    let shown: Vec<String> = values
        .iter()
        .map(|v| v.map_or("-".into(), |x| format!("{x:.2}")))
        .collect();
    if present == 0 {
        if alarm.treat_missing_data == "ignore" {
            return (alarm.state, alarm.reason.clone());
        }
        return (
            AlarmState::InsufficientData,
            "Insufficient Data: no datapoints were received for the evaluation periods".into(),
        );
    }
    let state = if breaching >= alarm.datapoints_to_alarm {
        AlarmState::Alarm
    } else if present < alarm.datapoints_to_alarm && alarm.state == AlarmState::InsufficientData {
        // a new alarm waits until it has seen enough datapoints to decide
        return (
            AlarmState::InsufficientData,
            format!(
                "Insufficient Data: {present} of the {} datapoints needed have arrived",
                alarm.datapoints_to_alarm
            ),
        );
    } else {
        AlarmState::Ok
    };
    let reason = format!(
        "Threshold Crossed: {breaching} out of the last {} datapoints [{}] {} the threshold ({})",
        values.len(),
        shown.join(", "),
        if state == AlarmState::Alarm {
            "breached"
        } else {
            "were not enough to breach"
        },
        alarm.threshold
    );
    (state, reason)
}

/// The new desired capacity a step policy asks for, given the metric's distance above
/// (or below) the threshold; `None` when no step covers it.
pub fn step_capacity(
    adjustment_type: &str,
    steps: &[StepAdjustment],
    desired: u32,
    metric_value: f64,
    threshold: f64,
) -> Option<i64> {
    let diff = metric_value - threshold;
    let step = steps.iter().find(|s| {
        s.lower_bound.is_none_or(|l| diff >= l) && s.upper_bound.is_none_or(|u| diff < u)
    })?;
    let d = desired as i64;
    let adj = step.scaling_adjustment as i64;
    Some(match adjustment_type {
        "ExactCapacity" => adj,
        "PercentChangeInCapacity" => {
            let change = (d as f64 * adj as f64 / 100.0).trunc() as i64;
            d + if change == 0 { adj.signum() } else { change }
        }
        _ => d + adj,
    })
}

/// A new round: no alarm has changed state yet.
pub fn reset(world: &mut World) {
    world.insert_resource(AlarmLog::default());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alarm(metric: &str, stat: &str, threshold: f64, periods: u32, m: u32) -> MetricAlarm {
        MetricAlarm {
            name: "a".into(),
            namespace: "AWS/EC2".into(),
            metric_name: metric.into(),
            statistic: stat.into(),
            dimensions: vec![],
            period: 60,
            evaluation_periods: periods,
            datapoints_to_alarm: m,
            threshold,
            comparison: "GreaterThanThreshold".into(),
            treat_missing_data: "missing".into(),
            actions: vec![],
            state: AlarmState::InsufficientData,
            reason: String::new(),
            state_since: 0.0,
            last_values: vec![],
        }
    }

    fn dp(cpu: f64, p99_ms: Option<f64>) -> Datapoint {
        Datapoint {
            cpu_avg: cpu,
            instances_running: 2,
            latency_ms: [p99_ms, p99_ms, p99_ms, p99_ms],
            ..Default::default()
        }
    }

    #[test]
    fn m_out_of_n_datapoints_alarm() {
        let a = alarm("CPUUtilization", "Average", 70.0, 3, 2);
        let h = vec![dp(80.0, None), dp(50.0, None), dp(90.0, None)];
        let v = period_values(&h, &a);
        assert_eq!(v, vec![Some(80.0), Some(50.0), Some(90.0)]);
        assert_eq!(evaluate(&a, &v).0, AlarmState::Alarm);
        let h = vec![dp(80.0, None), dp(50.0, None), dp(60.0, None)];
        let (s, reason) = evaluate(&a, &period_values(&h, &a));
        assert_eq!(s, AlarmState::Ok);
        assert!(reason.contains("1 out of the last 3"), "{reason}");
    }

    #[test]
    fn missing_data_is_insufficient_unless_treated() {
        let mut a = alarm("TargetResponseTime", "p99", 1.0, 2, 2);
        let h = vec![dp(0.0, None), dp(0.0, None)];
        assert_eq!(
            evaluate(&a, &period_values(&h, &a)).0,
            AlarmState::InsufficientData
        );
        a.treat_missing_data = "breaching".into();
        assert_eq!(evaluate(&a, &period_values(&h, &a)).0, AlarmState::Alarm);
        // too little history: the older period is missing
        let a = alarm("CPUUtilization", "Average", 70.0, 3, 3);
        assert_eq!(
            period_values(&[dp(90.0, None)], &a),
            vec![None, None, Some(90.0)]
        );
    }

    #[test]
    fn periods_aggregate_minutes() {
        let mut a = alarm("CPUUtilization", "Maximum", 70.0, 2, 1);
        a.period = 120;
        let h = vec![
            dp(10.0, None),
            dp(20.0, None),
            dp(30.0, None),
            dp(40.0, None),
        ];
        assert_eq!(period_values(&h, &a), vec![Some(20.0), Some(40.0)]);
        a.statistic = "Sum".into();
        assert_eq!(period_values(&h, &a), vec![Some(30.0), Some(70.0)]);
        let h = vec![dp(0.0, Some(1500.0))];
        let a = alarm("TargetResponseTime", "p99", 1.0, 1, 1);
        assert_eq!(period_values(&h, &a), vec![Some(1.5)]);
    }

    #[test]
    fn composite_rules_parse_and_evaluate() {
        let e = parse_rule(r#"ALARM("cpu-high") AND NOT (OK(latency) OR ALARM(x))"#).unwrap();
        assert_eq!(e.names(), vec!["cpu-high", "latency", "x"]);
        let states = |n: &str| match n {
            "cpu-high" => Some(AlarmState::Alarm),
            "latency" => Some(AlarmState::InsufficientData),
            _ => Some(AlarmState::Ok),
        };
        assert!(e.eval(&states));
        assert!(parse_rule("ALARM(a) OR").is_err());
        assert!(parse_rule("ALARMS(a)").is_err());
        assert!(parse_rule("(ALARM(a)").is_err());
        assert_eq!(parse_rule("TRUE").unwrap(), RuleExpr::Const(true));
    }

    #[test]
    fn step_adjustments_pick_the_step_by_distance_from_threshold() {
        let steps = vec![
            StepAdjustment {
                lower_bound: Some(0.0),
                upper_bound: Some(20.0),
                scaling_adjustment: 1,
            },
            StepAdjustment {
                lower_bound: Some(20.0),
                upper_bound: None,
                scaling_adjustment: 3,
            },
        ];
        assert_eq!(
            step_capacity("ChangeInCapacity", &steps, 2, 75.0, 70.0),
            Some(3)
        );
        assert_eq!(
            step_capacity("ChangeInCapacity", &steps, 2, 95.0, 70.0),
            Some(5)
        );
        assert_eq!(
            step_capacity("ChangeInCapacity", &steps, 2, 60.0, 70.0),
            None
        );
        assert_eq!(
            step_capacity("ExactCapacity", &steps, 2, 95.0, 70.0),
            Some(3)
        );
        assert_eq!(
            step_capacity("PercentChangeInCapacity", &steps, 2, 75.0, 70.0),
            Some(3)
        );
    }
}
