//! Parses a scenario file and checks it, reporting every problem at once with the file,
//! line, column, field path and what was expected.

use super::format::*;
use super::lenient;
use super::tree::{self, Pos};
use crate::data::catalog::default_catalog;
use crate::data::cidr::Cidr;
use crate::data::time::parse_iso8601;
use std::collections::BTreeMap;
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

/// Parses and validates a scenario: syntax first (one error, where the parser stopped),
/// then the shape of every value against the format (every unknown field, wrong type,
/// missing field and unknown variant), then the meaning (every bad CIDR, dangling reference,
/// negative rate, event after the end, …). All problems of the later stages are reported
/// together, each with its line, column and field path.
pub fn parse_scenario(text: &str, file: &str) -> Result<Scenario, Vec<ScenarioError>> {
    let text = crate::data::input::check_text(text, file)
        .map_err(|e| vec![ScenarioError::at(file, e.line, e.column, "", e.message)])?;
    let root = tree::parse(text).map_err(|e| {
        vec![ScenarioError::at(
            file, e.pos.line, e.pos.col, "", e.message,
        )]
    })?;
    let (scenario, problems) = lenient::deserialize::<Scenario>(&root);
    let mut errors: Vec<ScenarioError> = problems
        .iter()
        .map(|p| ScenarioError::at(file, p.pos.line, p.pos.col, &p.path, p.message.clone()))
        .collect();
    if let Some(s) = &scenario {
        let index = tree::index_paths(&root);
        let poisoned: Vec<String> = problems.iter().map(|p| p.path.clone()).collect();
        for e in validate(s, &index, &poisoned, file) {
            // A value that was already wrong in shape is a placeholder: its meaning is moot.
            let follows = problems.iter().any(|p| {
                !p.path.is_empty()
                    && (e.path == p.path
                        || e.path.starts_with(&format!("{}.", p.path))
                        || e.path.starts_with(&format!("{}[", p.path))
                        || p.path.starts_with(&format!("{}.", e.path))
                        || p.path.starts_with(&format!("{}[", e.path)))
            });
            if !follows {
                errors.push(e);
            }
        }
    }
    errors.sort_by_key(|e| (e.line, e.column));
    match scenario {
        Some(s) if errors.is_empty() => Ok(s),
        _ => Err(errors),
    }
}

/// Like [`parse_scenario`] for raw bytes: text that is not UTF-8 is reported at the line and
/// column of the first bad byte.
pub fn parse_scenario_bytes(bytes: &[u8], file: &str) -> Result<Scenario, Vec<ScenarioError>> {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_scenario(text, file),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let good = std::str::from_utf8(good).unwrap_or("");
            let line = good.matches('\n').count() + 1;
            let column = good
                .rsplit('\n')
                .next()
                .map(|l| l.chars().count())
                .unwrap_or(0)
                + 1;
            Err(vec![ScenarioError::at(
                file,
                line,
                column,
                "",
                format!(
                    "the file is not UTF-8 text (invalid byte 0x{:02x})",
                    bytes.get(e.valid_up_to()).copied().unwrap_or(0)
                ),
            )])
        }
    }
}

struct Checker<'a> {
    index: &'a BTreeMap<String, Pos>,
    /// Paths whose values were wrong in shape (placeholders now): checks that compare
    /// against them would only repeat the first error.
    poisoned: &'a [String],
    file: &'a str,
    errors: Vec<ScenarioError>,
}

/// The ranges every number of a scenario must be in (documented in `scenarios/README.md`).
pub mod limits {
    /// Seven days: the longest round.
    pub const MAX_MINUTES: f64 = 7.0 * 24.0 * 60.0;
    /// Requests per second (a curve point, an attack wave).
    pub const MAX_RPS: f64 = 10_000_000.0;
    /// A spike's or chaos spike's multiplier.
    pub const MAX_MULTIPLIER: f64 = 1_000.0;
    /// Seconds any timing may last (one day).
    pub const MAX_TIMING_SECONDS: f64 = 86_400.0;
    /// Milliseconds of a latency tier or a service/database time (one hour).
    pub const MAX_MS: f64 = 3_600_000.0;
    /// Points per request, per failure, per tutorial step.
    pub const MAX_POINTS: f64 = 1_000_000.0;
    /// Points lost per dollar spent.
    pub const MAX_POINTS_PER_USD: f64 = 1_000_000_000.0;
    /// Any price in dollars (per hour, per month, per request unit).
    pub const MAX_PRICE_USD: f64 = 1_000_000.0;
    /// A medal threshold's magnitude.
    pub const MAX_MEDAL: f64 = 1e15;
    /// Game speed (simulated seconds per real second).
    pub const MAX_SPEED: f64 = 10_000.0;
    /// Distinct client addresses of a request class.
    pub const MAX_CLIENT_IPS: f64 = 1e9;
    /// The load balancer's idle timeout (AWS allows up to 4,000 s).
    pub const MAX_TIMEOUT_SECONDS: f64 = 4_000.0;
}

impl Checker<'_> {
    /// A number that must be finite and in `lo..=hi` (`lo_open`: strictly above `lo`).
    fn number(&mut self, path: String, v: f64, lo: f64, lo_open: bool, hi: f64) {
        let above = if lo_open { v > lo } else { v >= lo };
        if !(v.is_finite() && above && v <= hi) {
            let low = if lo_open { "above" } else { "at least" };
            self.err(
                path,
                format!("expected a finite number {low} {lo} and at most {hi}, found {v}"),
            );
        }
    }

    /// True if the value at `path`, or anything inside it, was wrong in shape.
    fn poisoned(&self, path: &str) -> bool {
        self.poisoned.iter().any(|p| {
            p == path || p.starts_with(&format!("{path}.")) || p.starts_with(&format!("{path}["))
        })
    }

    /// Records an error at the value the path names (or the nearest enclosing value that
    /// the file spells out, for a field left to its default).
    fn err(&mut self, path: String, message: String) {
        let pos = locate(self.index, &path);
        self.errors.push(ScenarioError::at(
            self.file, pos.line, pos.col, &path, message,
        ));
    }
}

/// The position of `path`, or of its nearest ancestor present in the file.
fn locate(index: &BTreeMap<String, Pos>, path: &str) -> Pos {
    let mut p = path.to_string();
    loop {
        if let Some(pos) = index.get(&p) {
            return *pos;
        }
        match p.rfind(['.', '[']) {
            Some(cut) => p.truncate(cut),
            None => return index.get("").copied().unwrap_or(Pos { line: 1, col: 1 }),
        }
    }
}

fn validate(
    s: &Scenario,
    index: &BTreeMap<String, Pos>,
    poisoned: &[String],
    file: &str,
) -> Vec<ScenarioError> {
    let mut c = Checker {
        index,
        poisoned,
        file,
        errors: vec![],
    };
    if s.availability_zones.len() < 3 {
        c.err(
            "availability_zones".into(),
            "a region needs at least 3 Availability Zones".into(),
        );
    }
    if s.duration_minutes == 0 || f64::from(s.duration_minutes) > limits::MAX_MINUTES {
        c.err(
            "duration_minutes".into(),
            format!(
                "expected 1 to {} minutes (7 days), found {}",
                limits::MAX_MINUTES,
                s.duration_minutes
            ),
        );
    }
    c.number(
        "default_speed".into(),
        s.default_speed,
        0.0,
        true,
        limits::MAX_SPEED,
    );
    for (name, v) in [
        ("instance_pending", s.timings.instance_pending),
        ("instance_boot", s.timings.instance_boot),
        ("instance_shutdown", s.timings.instance_shutdown),
        ("alb_provisioning", s.timings.alb_provisioning),
        ("clb_provisioning", s.timings.clb_provisioning),
        ("dns_propagation", s.timings.dns_propagation),
        ("deregistration_delay", s.timings.deregistration_delay),
        ("terminated_visible", s.timings.terminated_visible),
    ] {
        c.number(
            format!("timings.{name}"),
            v,
            0.0,
            false,
            limits::MAX_TIMING_SECONDS,
        );
    }
    c.number(
        "timings.asg_check_interval".into(),
        s.timings.asg_check_interval,
        1.0,
        false,
        limits::MAX_TIMING_SECONDS,
    );
    for (name, v) in [
        ("install_seconds", s.app.install_seconds),
        ("start_seconds", s.app.start_seconds),
    ] {
        c.number(
            format!("app.{name}"),
            v,
            0.0,
            false,
            limits::MAX_TIMING_SECONDS,
        );
    }
    let p = &s.prices;
    for (name, v) in [
        ("alb_hour", p.alb_hour),
        ("alb_lcu_hour", p.alb_lcu_hour),
        ("clb_hour", p.clb_hour),
        ("elastic_ip_hour", p.elastic_ip_hour),
        ("cloudfront_per_10k_requests", p.cloudfront_per_10k_requests),
        ("waf_web_acl_month", p.waf_web_acl_month),
        ("waf_rule_month", p.waf_rule_month),
        ("waf_per_million_requests", p.waf_per_million_requests),
    ] {
        c.number(
            format!("prices.{name}"),
            v,
            0.0,
            false,
            limits::MAX_PRICE_USD,
        );
    }
    for (name, v) in &p.instance_types {
        c.number(
            format!("prices.instance_types.{name}"),
            *v,
            0.0,
            false,
            limits::MAX_PRICE_USD,
        );
    }
    for (name, v) in [
        ("savings_plan_discount_1y", p.savings_plan_discount_1y),
        ("savings_plan_discount_3y", p.savings_plan_discount_3y),
    ] {
        c.number(format!("prices.{name}"), v, 0.0, false, 0.99);
    }
    if parse_iso8601(&s.start_time).is_none() {
        c.err(
            "start_time".into(),
            format!(
                "'{}' is not an ISO-8601 UTC time like 2026-11-22T09:00:00Z",
                s.start_time
            ),
        );
    }
    let e = &s.estate;
    let vpc = Cidr::parse(&e.vpc_cidr);
    if let Err(m) = &vpc {
        c.err("estate.vpc_cidr".into(), m.clone());
    }
    let mut cidrs: Vec<(usize, Cidr)> = Vec::new();
    for (k, sn) in e.subnets.iter().enumerate() {
        let path = format!("estate.subnets[{k}]");
        match Cidr::parse(&sn.cidr) {
            Err(m) => c.err(format!("{path}.cidr"), m),
            Ok(cidr) => {
                if let Ok(v) = vpc
                    && !c.poisoned("estate.vpc_cidr")
                    && !v.contains(cidr)
                {
                    c.err(
                        format!("{path}.cidr"),
                        format!("{} is outside the VPC's {}", sn.cidr, e.vpc_cidr),
                    );
                }
                if !(16..=28).contains(&cidr.prefix) {
                    c.err(
                        format!("{path}.cidr"),
                        "subnets must be between /16 and /28".into(),
                    );
                }
                if let Some((other, _)) = cidrs.iter().find(|(_, o)| o.overlaps(cidr)) {
                    c.err(
                        format!("{path}.cidr"),
                        format!("overlaps estate.subnets[{other}]"),
                    );
                }
                cidrs.push((k, cidr));
            }
        }
        if !c.poisoned("availability_zones") && !s.availability_zones.contains(&sn.az) {
            c.err(
                format!("{path}.az"),
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
    for (k, g) in e.security_groups.iter().enumerate() {
        for (r, rule) in g.ingress.iter().enumerate() {
            let path = format!("estate.security_groups[{k}].ingress[{r}]");
            match (&rule.cidr, &rule.source_group) {
                (Some(cidr), None) => {
                    if Cidr::parse(cidr).is_err() {
                        c.err(
                            format!("{path}.cidr"),
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
                _ => c.err(path, "give exactly one of cidr or source_group".into()),
            }
        }
    }
    for (k, t) in e.launch_templates.iter().enumerate() {
        if !catalog.iter().any(|x| x.name == t.instance_type) {
            c.err(
                format!("estate.launch_templates[{k}].instance_type"),
                format!("unknown instance type '{}'", t.instance_type),
            );
        }
        for (j, g) in t.security_groups.iter().enumerate() {
            refer(
                &mut c,
                format!("estate.launch_templates[{k}].security_groups[{j}]"),
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
        for (j, sn) in lb.subnets.iter().enumerate() {
            refer(
                &mut c,
                format!("estate.load_balancers[{k}].subnets[{j}]"),
                sn,
                &subnet_names,
                "subnet",
            );
        }
        for (j, g) in lb.security_groups.iter().enumerate() {
            refer(
                &mut c,
                format!("estate.load_balancers[{k}].security_groups[{j}]"),
                g,
                &group_names,
                "security group",
            );
        }
        for (j, i) in lb.instances.iter().enumerate() {
            refer(
                &mut c,
                format!("estate.load_balancers[{k}].instances[{j}]"),
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
    for (k, u) in e.iam_users.iter().enumerate() {
        for (j, key) in u.access_keys.iter().enumerate() {
            let ok = key.len() == 20
                && key.starts_with("AKIA")
                && key
                    .chars()
                    .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit());
            if !ok {
                c.err(
                    format!("estate.iam_users[{k}].access_keys[{j}]"),
                    format!("expected an access key id: AKIA and 16 more capitals or digits, found '{key}'"),
                );
            }
        }
    }
    let t = &s.traffic;
    if t.classes.is_empty() {
        c.err(
            "traffic.classes".into(),
            "at least one request class is needed".into(),
        );
    }
    for (k, cl) in t.classes.iter().enumerate() {
        let path = format!("traffic.classes[{k}]");
        // A bot class may have no share of the customers' curve: its attack waves bring it.
        if !(cl.share.is_finite() && (cl.share > 0.0 || (cl.bot && cl.share == 0.0))) {
            c.err(
                format!("{path}.share"),
                format!("expected a positive share, found {}", cl.share),
            );
        }
        if !(cl.db_ms.is_finite() && (0.0..=limits::MAX_MS).contains(&cl.db_ms)) {
            c.err(
                format!("{path}.db_ms"),
                format!("expected a database time of 0 or more, found {}", cl.db_ms),
            );
        }
        if let Some(f) = &cl.lambda_function
            && (f.is_empty()
                || !f
                    .chars()
                    .all(|x| x.is_ascii_alphanumeric() || x == '-' || x == '_'))
        {
            c.err(
                format!("{path}.lambda_function"),
                format!("expected a Lambda function name ([a-zA-Z0-9-_]+), found '{f}'"),
            );
        }
        if !(cl.client_ips.is_finite() && (1.0..=limits::MAX_CLIENT_IPS).contains(&cl.client_ips)) {
            c.err(
                format!("{path}.client_ips"),
                format!(
                    "expected at least 1 client address, found {}",
                    cl.client_ips
                ),
            );
        }
        if let Some(cidr) = &cl.source_cidr
            && crate::data::cidr::Cidr::parse(cidr).is_err()
        {
            c.err(
                format!("{path}.source_cidr"),
                format!("expected an IPv4 CIDR such as 198.51.100.0/24, found '{cidr}'"),
            );
        }
        if !(cl.service_ms.is_finite() && cl.service_ms > 0.0 && cl.service_ms <= limits::MAX_MS) {
            c.err(
                format!("{path}.service_ms"),
                format!("expected a positive service time, found {}", cl.service_ms),
            );
        }
    }
    let total_share: f64 = t.classes.iter().map(|x| x.share).sum();
    if !t.classes.is_empty() && !c.poisoned("traffic.classes") && (total_share - 1.0).abs() > 0.01 {
        c.err(
            "traffic.classes".into(),
            format!("shares must add up to 1.0, they add up to {total_share:.3}"),
        );
    }
    if t.curve.is_empty() {
        c.err(
            "traffic.curve".into(),
            "at least one (minute, rps) point is needed".into(),
        );
    }
    for (k, (m, r)) in t.curve.iter().enumerate() {
        if !(r.is_finite() && (0.0..=limits::MAX_RPS).contains(r)) {
            c.err(
                format!("traffic.curve[{k}].1"),
                format!(
                    "expected a rate from 0 to {} requests/s, found {r}",
                    limits::MAX_RPS
                ),
            );
        }
        c.number(
            format!("traffic.curve[{k}].0"),
            *m,
            0.0,
            false,
            limits::MAX_MINUTES,
        );
        if k > 0 && *m < t.curve[k - 1].0 {
            c.err(
                format!("traffic.curve[{k}].0"),
                "minutes must not go backwards".into(),
            );
        }
    }
    if !(t.timeout_seconds.is_finite()
        && t.timeout_seconds > 0.0
        && t.timeout_seconds <= limits::MAX_TIMEOUT_SECONDS)
    {
        c.err(
            "traffic.timeout_seconds".into(),
            "expected a positive number of seconds".into(),
        );
    }
    // Checks against the duration, the subnets or the groups are moot when those are broken.
    let duration = if c.poisoned("duration_minutes") {
        f64::INFINITY
    } else {
        s.duration_minutes as f64
    };
    let db_names: Vec<&str> = s
        .estate
        .databases
        .iter()
        .map(|d| d.identifier.as_str())
        .collect();
    for (k, db) in s.estate.databases.iter().enumerate() {
        if crate::data::catalog::db_class(&db.class).is_none() {
            let known: Vec<&str> = crate::data::catalog::DB_INSTANCE_CLASSES
                .iter()
                .map(|x| x.0)
                .collect();
            c.err(
                format!("estate.databases[{k}].class"),
                format!(
                    "expected a DB instance class ({}), found '{}'",
                    known.join(", "),
                    db.class
                ),
            );
        }
        if let Some(w) = &db.preferred_maintenance_window
            && let Err(e) = crate::data::maintenance_window::parse(w)
        {
            c.err(
                format!("estate.databases[{k}].preferred_maintenance_window"),
                e,
            );
        }
    }
    let known = Known {
        dbs: &db_names,
        subnets: &subnet_names,
        templates: &template_names,
        lbs: &lb_names,
        groups: &group_names,
    };
    for (k, ev) in s.chaos.iter().enumerate() {
        if !(ev.at_minute >= 0.0 && ev.at_minute < duration) {
            c.err(
                format!("chaos[{k}].at_minute"),
                format!(
                    "minute {} is outside the scenario's 0..{} minutes",
                    ev.at_minute, s.duration_minutes
                ),
            );
        }
        check_action(&mut c, format!("chaos[{k}].action"), &ev.action, &known);
    }
    for (k, pool) in s.random_events.iter().enumerate() {
        let path = format!("random_events[{k}]");
        if !(pool.from_minute >= 0.0 && pool.from_minute < duration) {
            c.err(
                format!("{path}.from_minute"),
                format!(
                    "minute {} is outside the scenario's 0..{} minutes",
                    pool.from_minute, s.duration_minutes
                ),
            );
        }
        if !(pool.to_minute > pool.from_minute && pool.to_minute <= duration) {
            c.err(
                format!("{path}.to_minute"),
                format!(
                    "expected a minute after from_minute and at most {}",
                    s.duration_minutes
                ),
            );
        }
        if pool.count > 0 && pool.events.is_empty() {
            c.err(
                format!("{path}.events"),
                "a pool that draws events needs at least one".into(),
            );
        }
        if pool.count > 100 {
            c.err(
                format!("{path}.count"),
                format!("at most 100 events per pool, found {}", pool.count),
            );
        }
        for (j, action) in pool.events.iter().enumerate() {
            check_action(&mut c, format!("{path}.events[{j}]"), action, &known);
        }
    }
    for (k, shape) in t.shapes.iter().enumerate() {
        let path = format!("traffic.shapes[{k}]");
        match shape {
            TrafficShape::Diurnal {
                amplitude,
                period_minutes,
                peak_minute,
            } => {
                if !(amplitude.is_finite() && (0.0..1.0).contains(amplitude)) {
                    c.err(
                        format!("{path}.amplitude"),
                        format!("expected 0 ≤ amplitude < 1, found {amplitude}"),
                    );
                }
                if !(period_minutes.is_finite()
                    && *period_minutes > 0.0
                    && *period_minutes <= limits::MAX_MINUTES)
                {
                    c.err(
                        format!("{path}.period_minutes"),
                        format!("expected a positive period, found {period_minutes}"),
                    );
                }
                if !peak_minute.is_finite() {
                    c.err(format!("{path}.peak_minute"), "expected a number".into());
                }
            }
            TrafficShape::Spike {
                at_minute,
                multiplier,
                minutes,
            } => {
                if !(*at_minute >= 0.0 && *at_minute < duration) {
                    c.err(
                        format!("{path}.at_minute"),
                        format!(
                            "minute {at_minute} is outside the scenario's 0..{duration} minutes"
                        ),
                    );
                }
                c.number(
                    format!("{path}.multiplier"),
                    *multiplier,
                    0.0,
                    true,
                    limits::MAX_MULTIPLIER,
                );
                c.number(
                    format!("{path}.minutes"),
                    *minutes,
                    0.0,
                    true,
                    limits::MAX_MINUTES,
                );
            }
            TrafficShape::AttackWave {
                class,
                at_minute,
                minutes,
                rps,
            } => {
                if !t.classes.iter().any(|x| x.id == *class) {
                    let ids: Vec<&str> = t.classes.iter().map(|x| x.id.as_str()).collect();
                    c.err(
                        format!("{path}.class"),
                        format!("no request class '{class}' (known: {})", ids.join(", ")),
                    );
                }
                if !(*at_minute >= 0.0 && *at_minute < duration) {
                    c.err(
                        format!("{path}.at_minute"),
                        format!(
                            "minute {at_minute} is outside the scenario's 0..{duration} minutes"
                        ),
                    );
                }
                if !(minutes.is_finite() && *minutes > 0.0) {
                    c.err(
                        format!("{path}.minutes"),
                        format!("expected a positive duration, found {minutes}"),
                    );
                }
                c.number(format!("{path}.rps"), *rps, 0.0, false, limits::MAX_RPS);
                c.number(
                    format!("{path}.minutes"),
                    *minutes,
                    0.0,
                    true,
                    limits::MAX_MINUTES,
                );
            }
        }
    }
    for (k, hint) in s.hints.iter().enumerate() {
        let path = format!("hints[{k}].trigger");
        match &hint.trigger {
            HintTrigger::AtMinute(m) if !(*m >= 0.0 && *m < duration) => c.err(
                path,
                format!("minute {m} is outside the scenario's 0..{duration} minutes"),
            ),
            HintTrigger::AfterChaos(i) if *i >= s.chaos.len() => c.err(
                path,
                format!(
                    "there is no chaos[{i}] (the timeline has {} events)",
                    s.chaos.len()
                ),
            ),
            HintTrigger::FailureRateAbove(r) if !(*r >= 0.0 && *r < 1.0) => {
                c.err(path, format!("expected a fraction 0 ≤ r < 1, found {r}"))
            }
            HintTrigger::ErrorCode(code) if code.is_empty() => c.err(
                path,
                "expected an AWS error code such as InvalidSubnet".into(),
            ),
            _ => {}
        }
        if hint.text.trim().is_empty() {
            c.err(format!("hints[{k}].text"), "a hint needs text".into());
        }
    }
    // ---- load balancer health checks (AWS limits) ----
    for (k, lb) in s.estate.load_balancers.iter().enumerate() {
        if let Some(i) = lb.health_check_interval_seconds
            && !(5..=300).contains(&i)
        {
            c.err(
                format!("estate.load_balancers[{k}].health_check_interval_seconds"),
                format!("expected 5 to 300 seconds, found {i}"),
            );
        }
        if let Some(n) = lb.healthy_threshold_count
            && !(2..=10).contains(&n)
        {
            c.err(
                format!("estate.load_balancers[{k}].healthy_threshold_count"),
                format!("expected 2 to 10, found {n}"),
            );
        }
    }
    // ---- tutorial steps ----
    for (k, step) in s.steps.iter().enumerate() {
        let path = format!("steps[{k}].done_when");
        match &step.done_when {
            StepTrigger::Call(name)
                if name.is_empty() || !name.chars().all(|ch| ch.is_ascii_alphanumeric()) =>
            {
                c.err(
                    path,
                    format!(
                        "expected a CloudTrail event name such as CreateTargetGroup, found {name:?}"
                    ),
                )
            }
            StepTrigger::HealthyTargets(0) => {
                c.err(path, "expected at least 1 healthy target".into())
            }
            StepTrigger::AfterSeconds(x) if !(x.is_finite() && *x >= 0.0) => {
                c.err(path, format!("expected seconds ≥ 0, found {x}"))
            }
            _ => {}
        }
        if step.title.trim().is_empty() {
            c.err(format!("steps[{k}].title"), "a step needs a title".into());
        }
        if step.text.trim().is_empty() {
            c.err(format!("steps[{k}].text"), "a step needs text".into());
        }
        for (j, target) in step.point_at.iter().enumerate() {
            let known = ["node:", "menu:"]
                .iter()
                .any(|p| target.len() > p.len() && target.starts_with(p));
            if !known || target.contains(char::is_whitespace) {
                c.err(
                    format!("steps[{k}].point_at[{j}]"),
                    format!(
                        "expected a map node (node:public-b) or a menu action (menu:subnet.launch), found {target:?}"
                    ),
                );
            }
        }
        let wants_action = step.text.contains("{action}") || step.text_ko.contains("{action}");
        if wants_action && !step.point_at.iter().any(|p| p.starts_with("menu:")) {
            c.err(
                format!("steps[{k}].text"),
                "the text names {action} but point_at has no menu:… action to name".into(),
            );
        }
        if !(step.points.is_finite() && (0.0..=limits::MAX_POINTS).contains(&step.points)) {
            c.err(
                format!("steps[{k}].points"),
                format!("expected points ≥ 0, found {}", step.points),
            );
        }
    }
    if !s.next_scenario.is_empty() && !super::EMBEDDED.iter().any(|(id, _)| *id == s.next_scenario)
    {
        let ids: Vec<&str> = super::EMBEDDED.iter().map(|(id, _)| *id).collect();
        c.err(
            "next_scenario".into(),
            format!(
                "expected one of the embedded scenarios ({}), found {:?}",
                ids.join(", "),
                s.next_scenario
            ),
        );
    }
    let m = &s.medals;
    for (name, v) in [("bronze", m.bronze), ("silver", m.silver), ("gold", m.gold)] {
        if !(v.is_finite() && v.abs() <= limits::MAX_MEDAL) {
            c.err(
                format!("medals.{name}"),
                format!("expected a number, found {v}"),
            );
        }
    }
    if !(m.bronze <= m.silver && m.silver <= m.gold) {
        c.err(
            "medals".into(),
            format!(
                "expected bronze ≤ silver ≤ gold, found {} / {} / {}",
                m.bronze, m.silver, m.gold
            ),
        );
    }
    let sc = &s.scoring;
    for (name, v, hi) in [
        ("fast_ms", sc.fast_ms, limits::MAX_MS),
        ("acceptable_ms", sc.acceptable_ms, limits::MAX_MS),
        ("points_fast", sc.points_fast, limits::MAX_POINTS),
        (
            "points_acceptable",
            sc.points_acceptable,
            limits::MAX_POINTS,
        ),
        ("points_slow", sc.points_slow, limits::MAX_POINTS),
        ("failure_penalty", sc.failure_penalty, limits::MAX_POINTS),
        (
            "points_per_usd",
            sc.points_per_usd,
            limits::MAX_POINTS_PER_USD,
        ),
        (
            "revenue_per_request_usd",
            sc.revenue_per_request_usd,
            limits::MAX_PRICE_USD,
        ),
    ] {
        c.number(format!("scoring.{name}"), v, 0.0, false, hi);
    }
    if sc.acceptable_ms < sc.fast_ms {
        c.err(
            "scoring.acceptable_ms".into(),
            "must be at least fast_ms".into(),
        );
    }
    c.errors
}

struct Known<'a> {
    dbs: &'a [&'a str],
    subnets: &'a [&'a str],
    templates: &'a [&'a str],
    lbs: &'a [&'a str],
    groups: &'a [&'a str],
}

fn refer(c: &mut Checker, path: String, name: &str, known: &[&str], what: &str) {
    let list = match what {
        "subnet" => "estate.subnets",
        "security group" => "estate.security_groups",
        "launch template" => "estate.launch_templates",
        "instance" => "estate.instances",
        "load balancer" => "estate.load_balancers",
        "database" => "estate.databases",
        _ => "estate.elastic_ips",
    };
    if !known.contains(&name) && !c.poisoned(list) {
        c.err(
            path,
            format!("no {what} named '{name}' (known: {})", known.join(", ")),
        );
    }
}

fn check_action(c: &mut Checker, path: String, action: &ChaosAction, k: &Known) {
    match action {
        ChaosAction::ExhaustSubnet { subnet, .. } => {
            refer(c, format!("{path}.subnet"), subnet, k.subnets, "subnet")
        }
        ChaosAction::PushLaunchTemplateVersion { template, .. } => refer(
            c,
            format!("{path}.template"),
            template,
            k.templates,
            "launch template",
        ),
        ChaosAction::DeleteLoadBalancer { name } => {
            refer(c, format!("{path}.name"), name, k.lbs, "load balancer")
        }
        ChaosAction::RevokeIngress { group, .. } => refer(
            c,
            format!("{path}.group"),
            group,
            k.groups,
            "security group",
        ),
        ChaosAction::TerminateInstance { .. } | ChaosAction::DeleteServingLoadBalancer => {}
        ChaosAction::RebootDatabase { db } => refer(c, format!("{path}.db"), db, k.dbs, "database"),
        ChaosAction::LaunchInstances {
            subnet,
            count,
            security_group,
            ..
        } => {
            refer(c, format!("{path}.subnet"), subnet, k.subnets, "subnet");
            refer(
                c,
                format!("{path}.security_group"),
                security_group,
                k.groups,
                "security group",
            );
            if *count == 0 {
                c.err(
                    format!("{path}.count"),
                    "expected at least 1 instance, found 0".into(),
                );
            }
        }
        ChaosAction::AuthorizeIngress { group, cidr, .. } => {
            refer(
                c,
                format!("{path}.group"),
                group,
                k.groups,
                "security group",
            );
            if crate::data::cidr::Cidr::parse(cidr).is_err() {
                c.err(
                    format!("{path}.cidr"),
                    format!("expected an IPv4 CIDR such as 0.0.0.0/0, found '{cidr}'"),
                );
            }
        }
        ChaosAction::TrafficSpike {
            multiplier,
            minutes,
        } => {
            c.number(
                format!("{path}.multiplier"),
                *multiplier,
                0.0,
                true,
                limits::MAX_MULTIPLIER,
            );
            c.number(
                format!("{path}.minutes"),
                *minutes,
                0.0,
                true,
                limits::MAX_MINUTES,
            );
        }
    }
}
