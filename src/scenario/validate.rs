//! Parses a scenario file and checks it, reporting every problem at once with the file,
//! line, column, field path and what was expected.

use super::format::*;
use crate::sim::catalog::default_catalog;
use crate::sim::cidr::Cidr;
use crate::sim::clock::parse_iso8601;
use std::fmt;

/// One problem in a scenario file.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioError {
    pub file: String,
    /// 1-based; 0 when the problem is not tied to a line.
    pub line: usize,
    pub column: usize,
    /// Field path such as `estate.subnets[2].cidr`.
    pub path: String,
    pub message: String,
}

impl ScenarioError {
    pub fn at(
        file: &str,
        line: usize,
        column: usize,
        path: &str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.into(),
            line,
            column,
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: ", self.file, self.line, self.column)?;
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        write!(f, "{}", self.message)
    }
}

/// Parses and validates a scenario.
pub fn parse_scenario(text: &str, file: &str) -> Result<Scenario, Vec<ScenarioError>> {
    let scenario: Scenario = ron::de::from_str(text).map_err(|e| {
        vec![ScenarioError::at(
            file,
            e.span.start.line,
            e.span.start.col,
            "",
            e.code.to_string(),
        )]
    })?;
    let errors = validate(&scenario, text, file);
    if errors.is_empty() {
        Ok(scenario)
    } else {
        Err(errors)
    }
}

struct Checker<'a> {
    text: &'a str,
    file: &'a str,
    errors: Vec<ScenarioError>,
}

impl Checker<'_> {
    /// Records an error, locating it at the first line that contains `needle`.
    fn err(&mut self, path: String, needle: &str, message: String) {
        let (line, column) = locate(self.text, needle);
        self.errors
            .push(ScenarioError::at(self.file, line, column, &path, message));
    }
}

fn locate(text: &str, needle: &str) -> (usize, usize) {
    if needle.is_empty() {
        return (0, 0);
    }
    for (n, line) in text.lines().enumerate() {
        if let Some(col) = line.find(needle) {
            return (n + 1, col + 1);
        }
    }
    (0, 0)
}

fn validate(s: &Scenario, text: &str, file: &str) -> Vec<ScenarioError> {
    let mut c = Checker {
        text,
        file,
        errors: vec![],
    };
    if s.availability_zones.len() < 3 {
        c.err(
            "availability_zones".into(),
            "availability_zones",
            "a region needs at least 3 Availability Zones".into(),
        );
    }
    if s.duration_minutes == 0 {
        c.err(
            "duration_minutes".into(),
            "duration_minutes",
            "expected a positive number of minutes".into(),
        );
    }
    if parse_iso8601(&s.start_time).is_none() {
        c.err(
            "start_time".into(),
            &s.start_time,
            format!(
                "'{}' is not an ISO-8601 UTC time like 2026-11-22T09:00:00Z",
                s.start_time
            ),
        );
    }
    let e = &s.estate;
    let vpc = Cidr::parse(&e.vpc_cidr);
    if let Err(m) = &vpc {
        c.err("estate.vpc_cidr".into(), &e.vpc_cidr, m.clone());
    }
    let mut cidrs: Vec<(usize, Cidr)> = Vec::new();
    for (k, sn) in e.subnets.iter().enumerate() {
        let path = format!("estate.subnets[{k}]");
        match Cidr::parse(&sn.cidr) {
            Err(m) => c.err(format!("{path}.cidr"), &sn.cidr, m),
            Ok(cidr) => {
                if let Ok(v) = vpc
                    && !v.contains(cidr)
                {
                    c.err(
                        format!("{path}.cidr"),
                        &sn.cidr,
                        format!("{} is outside the VPC's {}", sn.cidr, e.vpc_cidr),
                    );
                }
                if !(16..=28).contains(&cidr.prefix) {
                    c.err(
                        format!("{path}.cidr"),
                        &sn.cidr,
                        "subnets must be between /16 and /28".into(),
                    );
                }
                if let Some((other, _)) = cidrs.iter().find(|(_, o)| o.overlaps(cidr)) {
                    c.err(
                        format!("{path}.cidr"),
                        &sn.cidr,
                        format!("overlaps estate.subnets[{other}]"),
                    );
                }
                cidrs.push((k, cidr));
            }
        }
        if !s.availability_zones.contains(&sn.az) {
            c.err(
                format!("{path}.az"),
                &sn.az,
                format!("'{}' is not one of availability_zones", sn.az),
            );
        }
    }
    let subnet_names: Vec<&str> = e.subnets.iter().map(|x| x.name.as_str()).collect();
    let group_names: Vec<&str> = e.security_groups.iter().map(|x| x.name.as_str()).collect();
    let template_names: Vec<&str> = e.launch_templates.iter().map(|x| x.name.as_str()).collect();
    let instance_names: Vec<&str> = e.instances.iter().map(|x| x.name.as_str()).collect();
    let lb_names: Vec<&str> = e.load_balancers.iter().map(|x| x.name.as_str()).collect();
    let eip_names: Vec<&str> = e.elastic_ips.iter().map(|x| x.name.as_str()).collect();
    let catalog = default_catalog();
    let refer = |c: &mut Checker, path: String, name: &str, known: &[&str], what: &str| {
        if !known.contains(&name) {
            c.err(
                path,
                &format!("\"{name}\""),
                format!("no {what} named '{name}' (known: {})", known.join(", ")),
            );
        }
    };
    for (k, g) in e.security_groups.iter().enumerate() {
        for (r, rule) in g.ingress.iter().enumerate() {
            let path = format!("estate.security_groups[{k}].ingress[{r}]");
            match (&rule.cidr, &rule.source_group) {
                (Some(cidr), None) => {
                    if Cidr::parse(cidr).is_err() {
                        c.err(
                            format!("{path}.cidr"),
                            cidr,
                            format!("'{cidr}' is not a CIDR block"),
                        );
                    }
                }
                (None, Some(src)) => refer(
                    &mut c,
                    format!("{path}.source_group"),
                    src,
                    &group_names,
                    "security group",
                ),
                _ => c.err(
                    path,
                    &g.name,
                    "give exactly one of cidr or source_group".into(),
                ),
            }
        }
    }
    for (k, t) in e.launch_templates.iter().enumerate() {
        if !catalog.iter().any(|x| x.name == t.instance_type) {
            c.err(
                format!("estate.launch_templates[{k}].instance_type"),
                &t.instance_type,
                format!("unknown instance type '{}'", t.instance_type),
            );
        }
        for g in &t.security_groups {
            refer(
                &mut c,
                format!("estate.launch_templates[{k}].security_groups"),
                g,
                &group_names,
                "security group",
            );
        }
    }
    for (k, i) in e.instances.iter().enumerate() {
        refer(
            &mut c,
            format!("estate.instances[{k}].subnet"),
            &i.subnet,
            &subnet_names,
            "subnet",
        );
        refer(
            &mut c,
            format!("estate.instances[{k}].launch_template"),
            &i.launch_template,
            &template_names,
            "launch template",
        );
    }
    for (k, lb) in e.load_balancers.iter().enumerate() {
        for sn in &lb.subnets {
            refer(
                &mut c,
                format!("estate.load_balancers[{k}].subnets"),
                sn,
                &subnet_names,
                "subnet",
            );
        }
        for g in &lb.security_groups {
            refer(
                &mut c,
                format!("estate.load_balancers[{k}].security_groups"),
                g,
                &group_names,
                "security group",
            );
        }
        for i in &lb.instances {
            refer(
                &mut c,
                format!("estate.load_balancers[{k}].instances"),
                i,
                &instance_names,
                "instance",
            );
        }
    }
    for (k, eip) in e.elastic_ips.iter().enumerate() {
        if let Some(i) = &eip.instance {
            refer(
                &mut c,
                format!("estate.elastic_ips[{k}].instance"),
                i,
                &instance_names,
                "instance",
            );
        }
    }
    match &e.dns {
        DnsSpec::LoadBalancer(n) => {
            refer(&mut c, "estate.dns".into(), n, &lb_names, "load balancer")
        }
        DnsSpec::ElasticIp(n) => refer(&mut c, "estate.dns".into(), n, &eip_names, "elastic IP"),
    }
    let t = &s.traffic;
    if t.classes.is_empty() {
        c.err(
            "traffic.classes".into(),
            "classes",
            "at least one request class is needed".into(),
        );
    }
    for (k, cl) in t.classes.iter().enumerate() {
        let path = format!("traffic.classes[{k}]");
        if !(cl.share.is_finite() && cl.share > 0.0) {
            c.err(
                format!("{path}.share"),
                &cl.id,
                format!("expected a positive share, found {}", cl.share),
            );
        }
        if !(cl.service_ms.is_finite() && cl.service_ms > 0.0) {
            c.err(
                format!("{path}.service_ms"),
                &cl.id,
                format!("expected a positive service time, found {}", cl.service_ms),
            );
        }
    }
    let total_share: f64 = t.classes.iter().map(|x| x.share).sum();
    if !t.classes.is_empty() && (total_share - 1.0).abs() > 0.01 {
        c.err(
            "traffic.classes".into(),
            "classes",
            format!("shares must add up to 1.0, they add up to {total_share:.3}"),
        );
    }
    if t.curve.is_empty() {
        c.err(
            "traffic.curve".into(),
            "curve",
            "at least one (minute, rps) point is needed".into(),
        );
    }
    for (k, (m, r)) in t.curve.iter().enumerate() {
        if !(r.is_finite() && *r >= 0.0) {
            c.err(
                format!("traffic.curve[{k}]"),
                "curve",
                format!("expected a rate ≥ 0, found {r}"),
            );
        }
        if k > 0 && *m < t.curve[k - 1].0 {
            c.err(
                format!("traffic.curve[{k}]"),
                "curve",
                "minutes must not go backwards".into(),
            );
        }
    }
    if !(t.timeout_seconds.is_finite() && t.timeout_seconds > 0.0) {
        c.err(
            "traffic.timeout_seconds".into(),
            "timeout_seconds",
            "expected a positive number of seconds".into(),
        );
    }
    for (k, ev) in s.chaos.iter().enumerate() {
        if !(ev.at_minute >= 0.0 && ev.at_minute < s.duration_minutes as f64) {
            c.err(
                format!("chaos[{k}].at_minute"),
                &format!("at_minute: {}", ev.at_minute),
                format!(
                    "minute {} is outside the scenario's 0..{} minutes",
                    ev.at_minute, s.duration_minutes
                ),
            );
        }
        let path = format!("chaos[{k}].action");
        match &ev.action {
            ChaosAction::ExhaustSubnet { subnet, .. } => {
                refer(&mut c, path, subnet, &subnet_names, "subnet")
            }
            ChaosAction::PushLaunchTemplateVersion { template, .. } => {
                refer(&mut c, path, template, &template_names, "launch template")
            }
            ChaosAction::DeleteLoadBalancer { name } => {
                refer(&mut c, path, name, &lb_names, "load balancer")
            }
            ChaosAction::RevokeIngress { group, .. } => {
                refer(&mut c, path, group, &group_names, "security group")
            }
            ChaosAction::TerminateInstance { .. } | ChaosAction::DeleteServingLoadBalancer => {}
            ChaosAction::TrafficSpike {
                multiplier,
                minutes,
            } => {
                if !(*multiplier > 0.0 && multiplier.is_finite() && *minutes > 0.0) {
                    c.err(
                        path,
                        "TrafficSpike",
                        "a spike needs a positive multiplier and duration".into(),
                    );
                }
            }
        }
    }
    let sc = &s.scoring;
    for (name, v) in [
        ("fast_ms", sc.fast_ms),
        ("acceptable_ms", sc.acceptable_ms),
        ("points_fast", sc.points_fast),
        ("points_acceptable", sc.points_acceptable),
        ("points_slow", sc.points_slow),
        ("failure_penalty", sc.failure_penalty),
        ("points_per_usd", sc.points_per_usd),
        ("revenue_per_request_usd", sc.revenue_per_request_usd),
    ] {
        if !(v.is_finite() && v >= 0.0) {
            c.err(
                format!("scoring.{name}"),
                name,
                format!("expected a number ≥ 0, found {v}"),
            );
        }
    }
    if sc.acceptable_ms < sc.fast_ms {
        c.err(
            "scoring.acceptable_ms".into(),
            "acceptable_ms",
            "must be at least fast_ms".into(),
        );
    }
    c.errors
}
