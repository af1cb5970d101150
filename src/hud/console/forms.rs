//! Forms for every operation of the command API, built from the CLI's operation table:
//! one field per option, pre-filled with sensible defaults from the world; the form's
//! fields become an `aws …` line, the CLI parser turns it into the `Command`.

use crate::awscli::{OptionInfo, OptionShape, option_info, parse_line, shell_quote};
use crate::i18n::{t, tf};
use crate::sim::alarms::{
    ALARM_METRICS, COMPARISONS, MISSING_DATA, MetricAlarm, PERCENTILES, STATISTICS,
    StepScalingPolicies,
};
use crate::sim::command::{Command, LbKind};
use crate::sim::model::*;
use crate::sim::world::{all, id_of};
use bevy::prelude::*;

/// The options a form shows (those GameDay models), in table order.
pub fn form_options(service: &str, operation: &str) -> Vec<OptionInfo> {
    option_info(service, operation)
        .into_iter()
        .filter(|o| !o.ignored)
        .collect()
}

/// The `aws …` line a form's fields make: empty fields are left out, `Words` fields are split
/// on whitespace, flags are `--x`, `--no-x` or absent (`Some(true)`, `Some(false)`, `None`).
pub fn form_line(
    service: &str,
    operation: &str,
    options: &[OptionInfo],
    values: &[String],
    flags: &[Option<bool>],
) -> String {
    let mut line = format!("aws {service} {operation}");
    for (i, o) in options.iter().enumerate() {
        let value = values.get(i).map(|s| s.trim()).unwrap_or("");
        match o.shape {
            OptionShape::Flag => match flags.get(i).copied().flatten() {
                Some(true) => line.push_str(&format!(" {}", o.name)),
                Some(false) => {
                    if let Some(no) = o.negated {
                        line.push_str(&format!(" {no}"));
                    }
                }
                None => {}
            },
            OptionShape::Word if !value.is_empty() => {
                line.push_str(&format!(" {} {}", o.name, shell_quote(value)));
            }
            OptionShape::Words if !value.is_empty() => {
                line.push_str(&format!(" {}", o.name));
                for w in value.split_whitespace() {
                    line.push_str(&format!(" {}", shell_quote(w)));
                }
            }
            _ => {}
        }
    }
    line
}

/// The command a form's fields make, or the CLI's error.
pub fn form_command(
    service: &str,
    operation: &str,
    values: &[String],
    flags: &[Option<bool>],
) -> Result<Command, String> {
    let options = form_options(service, operation);
    parse_line(&form_line(service, operation, &options, values, flags)).map_err(|e| e.message)
}

/// Values an option can take from the world (resource ids and names), with a label each.
pub fn resource_values(world: &mut World, option: &str) -> Vec<(String, String)> {
    let named = |world: &World, e: Entity| {
        world
            .get::<Name>(e)
            .map(|n| n.as_str().to_string())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    match option {
        "--vpc-id" => {
            for e in all::<Vpc>(world) {
                out.push((id_of(world, e), named(world, e)));
            }
        }
        "--subnet-id" | "--subnets" | "--vpc-zone-identifier" => {
            for e in all::<Subnet>(world) {
                let s = world.get::<Subnet>(e).unwrap();
                let label = format!(
                    "{} {} {}{}",
                    named(world, e),
                    s.az,
                    tf("picker.free", &[("count", &s.free().to_string())]),
                    if s.public { "" } else { t("picker.private") }
                );
                out.push((id_of(world, e), label));
            }
        }
        "--instance-id" | "--instance-ids" | "--instances" | "--targets" => {
            for e in all::<Instance>(world) {
                let i = world.get::<Instance>(e).unwrap();
                if i.alive() {
                    let label = format!(
                        "{} {} {}",
                        named(world, e),
                        i.instance_type,
                        i.state.aws_name()
                    );
                    let id = id_of(world, e);
                    let value = if option == "--targets" {
                        format!("Id={id}")
                    } else {
                        id
                    };
                    out.push((value, label));
                }
            }
        }
        "--group-id"
        | "--security-groups"
        | "--security-group-ids"
        | "--source-group"
        | "--groups" => {
            for e in all::<SecurityGroup>(world) {
                let g = world.get::<SecurityGroup>(e).unwrap().group_name.clone();
                out.push((id_of(world, e), g));
            }
        }
        "--route-table-id" => {
            for e in all::<RouteTable>(world) {
                let r = world.get::<RouteTable>(e).unwrap();
                let public = r.routes.iter().any(|r| r.target.starts_with("igw-"));
                let label = format!(
                    "{}{}",
                    named(world, e),
                    if public {
                        t("picker.public_route")
                    } else {
                        t("picker.no_route")
                    }
                );
                out.push((id_of(world, e), label));
            }
        }
        "--gateway-id" => {
            for e in all::<InternetGateway>(world) {
                out.push((id_of(world, e), named(world, e)));
            }
        }
        "--allocation-id" => {
            for e in all::<ElasticIp>(world) {
                let ip = world.get::<ElasticIp>(e).unwrap().public_ip.clone();
                out.push((id_of(world, e), ip));
            }
        }
        "--launch-template-name" => {
            for e in all::<LaunchTemplate>(world) {
                let t = world.get::<LaunchTemplate>(e).unwrap();
                out.push((
                    t.name.clone(),
                    tf(
                        "picker.versions",
                        &[("count", &t.versions.len().to_string())],
                    ),
                ));
            }
        }
        "--launch-template-id" => {
            for e in all::<LaunchTemplate>(world) {
                let n = world.get::<LaunchTemplate>(e).unwrap().name.clone();
                out.push((id_of(world, e), n));
            }
        }
        "--load-balancer-name" | "--load-balancer-names" => {
            for e in all::<LoadBalancer>(world) {
                let l = world.get::<LoadBalancer>(e).unwrap();
                if l.kind == LbKind::Classic {
                    out.push((l.name.clone(), "Classic".into()));
                }
            }
        }
        "--load-balancer-arn" => {
            for e in all::<LoadBalancer>(world) {
                let l = world.get::<LoadBalancer>(e).unwrap();
                if l.kind == LbKind::Application {
                    let name = l.name.clone();
                    out.push((id_of(world, e), name));
                }
            }
        }
        "--target-group-arn" | "--target-group-arns" => {
            for e in all::<TargetGroup>(world) {
                let n = world.get::<TargetGroup>(e).unwrap().name.clone();
                out.push((id_of(world, e), n));
            }
        }
        "--auto-scaling-group-name" => {
            for e in all::<AutoScalingGroup>(world) {
                let a = world.get::<AutoScalingGroup>(e).unwrap();
                out.push((
                    a.name.clone(),
                    format!("{}/{}/{}", a.min_size, a.desired, a.max_size),
                ));
            }
        }
        "--network-interface-id" => {
            for e in all::<NetworkInterface>(world) {
                let d = world
                    .get::<NetworkInterface>(e)
                    .unwrap()
                    .description
                    .clone();
                out.push((id_of(world, e), d));
            }
        }
        "--hosted-zone-id" => {
            if let Some(d) = world.get_resource::<Dns>() {
                out.push((d.hosted_zone_id.clone(), d.hostname.clone()));
            }
        }
        "--instance-type" => {
            if let Some(c) = world.get_resource::<crate::sim::world::Catalog>() {
                for t in &c.0 {
                    out.push((t.name.clone(), format!("${:.4}/h", t.usd_per_hour)));
                }
            }
        }
        "--availability-zone" => {
            if let Some(s) = world.get_resource::<crate::scenario::Scenario>() {
                for az in &s.availability_zones {
                    out.push((az.clone(), String::new()));
                }
            }
        }
        // ---- CloudWatch alarms and step scaling ----
        "--namespace" => {
            for (ns, _, _) in ALARM_METRICS {
                if !out.iter().any(|(v, _)| v == ns) {
                    out.push((ns.to_string(), String::new()));
                }
            }
        }
        "--metric-name" => {
            for (ns, metric, what) in ALARM_METRICS {
                out.push((
                    metric.to_string(),
                    format!("{ns} — {}", metric_description(metric, what)),
                ));
            }
        }
        "--statistic" => words(&mut out, STATISTICS),
        "--extended-statistic" => words(&mut out, PERCENTILES),
        "--comparison-operator" => words(&mut out, COMPARISONS),
        "--treat-missing-data" => words(&mut out, MISSING_DATA),
        "--adjustment-type" => words(&mut out, ADJUSTMENT_TYPES),
        "--dimensions" => {
            for e in all::<AutoScalingGroup>(world) {
                let name = world.get::<AutoScalingGroup>(e).unwrap().name.clone();
                out.push((format!("Name=AutoScalingGroupName,Value={name}"), name));
            }
        }
        "--alarm-actions" => {
            out.push((TEAM_TOPIC.to_string(), t("alarm.notify").to_string()));
            for g in all::<AutoScalingGroup>(world) {
                let name = world.get::<AutoScalingGroup>(g).unwrap().name.clone();
                if let Some(p) = world.get::<StepScalingPolicies>(g) {
                    for p in &p.0 {
                        out.push((p.arn.clone(), format!("{name}: {}", p.name)));
                    }
                }
            }
        }
        "--alarm-name" | "--alarm-names" => {
            for e in all::<MetricAlarm>(world) {
                let name = world.get::<MetricAlarm>(e).unwrap().name.clone();
                out.push((name, String::new()));
            }
        }
        _ => {}
    }
    out
}

/// The team's SNS topic (an alarm action that only notifies).
pub const TEAM_TOPIC: &str = "arn:aws:sns:us-east-1:123456789012:devops-team";

/// Step-scaling adjustment types.
pub const ADJUSTMENT_TYPES: &[&str] = &[
    "ChangeInCapacity",
    "PercentChangeInCapacity",
    "ExactCapacity",
];

fn words(out: &mut Vec<(String, String)>, words: &[&str]) {
    out.extend(words.iter().map(|w| (w.to_string(), String::new())));
}

/// A metric's description in the current language (English from the metric table otherwise).
pub fn metric_description<'a>(metric: &str, english: &'a str) -> &'a str {
    let key = format!("metric.{metric}");
    let text = t(&key);
    if text == key { english } else { text }
}

/// The first free `/prefix` block of the VPC (the next free CIDR a console proposes).
pub fn free_block(world: &mut World, prefix: u8) -> Option<String> {
    use crate::data::cidr::{Cidr, format_ipv4};
    let vpc = all::<Vpc>(world).into_iter().next()?;
    let vpc_cidr = world.get::<Vpc>(vpc)?.cidr;
    let taken: Vec<Cidr> = all::<Subnet>(world)
        .into_iter()
        .map(|e| world.get::<Subnet>(e).unwrap().cidr)
        .collect();
    if prefix < vpc_cidr.prefix || prefix > 28 {
        return None;
    }
    let size = 1u64 << (32 - prefix);
    let start = u64::from(vpc_cidr.base);
    let end = start + (1u64 << (32 - vpc_cidr.prefix));
    (start..end).step_by(size as usize).find_map(|base| {
        let c = Cidr {
            base: base as u32,
            prefix,
        };
        (!taken.iter().any(|t| t.overlaps(c))).then(|| format!("{}/{prefix}", format_ipv4(c.base)))
    })
}

/// An AZ no subnet of the player's uses yet (to spread subnets), else the first.
fn next_az(world: &mut World) -> String {
    let azs = world
        .get_resource::<crate::scenario::Scenario>()
        .map(|s| s.availability_zones.clone())
        .unwrap_or_default();
    let used: Vec<String> = all::<Subnet>(world)
        .into_iter()
        .filter(|&e| {
            world
                .get::<CreatedBy>(e)
                .is_some_and(|c| c.0.contains(":user/devops-team"))
        })
        .map(|e| world.get::<Subnet>(e).unwrap().az.clone())
        .collect();
    azs.iter()
        .find(|a| !used.contains(a))
        .or(azs.first())
        .cloned()
        .unwrap_or_default()
}

/// The id of the selected entity if it has component `T`.
fn selected_id<T: Component>(world: &World, selected: Option<Entity>) -> Option<String> {
    let e = selected?;
    world.get::<T>(e)?;
    Some(id_of(world, e))
}

/// Subnets with at least `free` addresses, ids joined by `sep`, best first.
fn roomy_subnets(world: &mut World, free: u32, sep: &str) -> String {
    let mut v: Vec<(u32, String, String)> = all::<Subnet>(world)
        .into_iter()
        .filter_map(|e| {
            let s = world.get::<Subnet>(e).unwrap();
            (s.free() >= free).then(|| (s.free(), s.az.clone(), id_of(world, e)))
        })
        .collect();
    v.sort_by_key(|b| std::cmp::Reverse(b.0));
    let mut azs = Vec::new();
    let mut ids = Vec::new();
    for (_, az, id) in v {
        if !azs.contains(&az) {
            azs.push(az);
            ids.push(id);
        }
    }
    ids.join(sep)
}

/// Sensible starting values for a form: option name → text. Options not listed start empty
/// (or with the first resource that fits, see [`default_values`]).
pub fn defaults(
    world: &mut World,
    service: &str,
    operation: &str,
    selected: Option<Entity>,
) -> Vec<(&'static str, String)> {
    let first = |world: &mut World, opt: &str| {
        resource_values(world, opt)
            .into_iter()
            .next()
            .map(|(v, _)| v)
            .unwrap_or_default()
    };
    let vpc = first(world, "--vpc-id");
    let lb_sg = all::<SecurityGroup>(world)
        .into_iter()
        .find(|&e| {
            world
                .get::<SecurityGroup>(e)
                .unwrap()
                .group_name
                .contains("lb")
        })
        .map(|e| id_of(world, e))
        .unwrap_or_else(|| first(world, "--group-id"));
    match (service, operation) {
        ("ec2", "create-subnet") => {
            let az = next_az(world);
            let name = format!("web-{}", az.chars().last().unwrap_or('a'));
            vec![
                ("--vpc-id", vpc),
                ("--cidr-block", free_block(world, 24).unwrap_or_default()),
                ("--availability-zone", az),
                (
                    "--tag-specifications",
                    format!("ResourceType=subnet,Tags=[{{Key=Name,Value={name}}}]"),
                ),
            ]
        }
        ("ec2", "associate-route-table") => {
            let public_rt = all::<RouteTable>(world)
                .into_iter()
                .find(|&e| {
                    world
                        .get::<RouteTable>(e)
                        .unwrap()
                        .routes
                        .iter()
                        .any(|r| r.target.starts_with("igw-"))
                })
                .map(|e| id_of(world, e))
                .unwrap_or_default();
            let subnet = selected_id::<Subnet>(world, selected).unwrap_or_else(|| {
                let subnets = all::<Subnet>(world);
                subnets
                    .iter()
                    .rev()
                    .find(|&&e| !world.get::<Subnet>(e).unwrap().public)
                    .or(subnets.last())
                    .map(|&e| id_of(world, e))
                    .unwrap_or_default()
            });
            vec![("--route-table-id", public_rt), ("--subnet-id", subnet)]
        }
        ("ec2", "create-security-group") => vec![
            ("--group-name", "web-sg-2".into()),
            ("--description", "Web servers".into()),
            ("--vpc-id", vpc),
        ],
        ("ec2", "authorize-security-group-ingress") | ("ec2", "revoke-security-group-ingress") => {
            let group = selected_id::<SecurityGroup>(world, selected)
                .unwrap_or_else(|| first(world, "--group-id"));
            vec![
                ("--group-id", group),
                ("--protocol", "tcp".into()),
                ("--port", "80".into()),
                ("--source-group", lb_sg),
            ]
        }
        ("ec2", "run-instances") => {
            let lt = first(world, "--launch-template-name");
            vec![
                ("--launch-template", format!("LaunchTemplateName={lt},Version=$Latest")),
                ("--count", "1".into()),
                ("--subnet-id", roomy_subnets(world, 1, " ").split(' ').next().unwrap_or("").to_string()),
            ]
        }
        ("ec2", "terminate-instances") => vec![(
            "--instance-ids",
            selected_id::<Instance>(world, selected).unwrap_or_default(),
        )],
        ("ec2", "create-route") => vec![
            ("--destination-cidr-block", "0.0.0.0/0".into()),
            ("--gateway-id", first(world, "--gateway-id")),
        ],
        ("ec2", "create-launch-template") => vec![
            ("--launch-template-name", "unicorn-web-2".into()),
            (
                "--launch-template-data",
                r#"{"InstanceType":"t3.small","ImageId":"ami-0abcdef1234567890"}"#.into(),
            ),
        ],
        ("ec2", "create-launch-template-version") => vec![
            ("--source-version", "$Latest".into()),
            ("--version-description", "fix".into()),
            ("--launch-template-data", r#"{"InstanceType":"t3.small"}"#.into()),
        ],
        ("ec2", "modify-launch-template") => vec![("--default-version", "$Latest".into())],
        ("ec2", "create-network-interface") => vec![("--secondary-private-ip-address-count", "1".into())],
        ("elbv2", "create-load-balancer") => vec![
            ("--name", "unicorn-alb".into()),
            ("--subnets", roomy_subnets(world, 8, " ")),
            ("--security-groups", lb_sg),
        ],
        ("elb", "create-load-balancer") => vec![
            ("--load-balancer-name", "unicorn-clb-2".into()),
            (
                "--listeners",
                "Protocol=HTTP,LoadBalancerPort=80,InstanceProtocol=HTTP,InstancePort=80".into(),
            ),
            ("--subnets", roomy_subnets(world, 1, " ")),
            ("--security-groups", lb_sg),
        ],
        ("elbv2", "create-target-group") => vec![
            ("--name", "unicorn-web".into()),
            ("--protocol", "HTTP".into()),
            ("--port", "80".into()),
            ("--vpc-id", vpc),
            ("--health-check-path", "/health".into()),
        ],
        ("elbv2", "create-listener") => {
            let tg = first(world, "--target-group-arn");
            vec![
                ("--protocol", "HTTP".into()),
                ("--port", "80".into()),
                ("--default-actions", format!("Type=forward,TargetGroupArn={tg}")),
            ]
        }
        ("elbv2", "set-subnets") => vec![("--subnets", roomy_subnets(world, 8, " "))],
        ("elbv2", "modify-target-group-attributes") => vec![(
            "--attributes",
            "Key=load_balancing.algorithm.type,Value=least_outstanding_requests".into(),
        )],
        ("autoscaling", "create-auto-scaling-group") => {
            let lt = first(world, "--launch-template-name");
            vec![
                ("--auto-scaling-group-name", "unicorn-asg".into()),
                ("--launch-template", format!("LaunchTemplateName={lt},Version=$Latest")),
                ("--min-size", "2".into()),
                ("--max-size", "10".into()),
                ("--desired-capacity", "2".into()),
                ("--vpc-zone-identifier", roomy_subnets(world, 4, ",")),
                ("--target-group-arns", first(world, "--target-group-arn")),
                ("--health-check-type", "ELB".into()),
                ("--health-check-grace-period", "180".into()),
            ]
        }
        ("autoscaling", "set-desired-capacity") => vec![("--desired-capacity", "3".into())],
        ("cloudwatch", "put-metric-alarm") => {
            let mut v = vec![
                ("--alarm-name", "cpu-high".into()),
                ("--namespace", "AWS/EC2".into()),
                ("--metric-name", "CPUUtilization".into()),
                ("--statistic", "Average".into()),
                ("--period", "60".into()),
                ("--evaluation-periods", "3".into()),
                ("--datapoints-to-alarm", "2".into()),
                ("--threshold", "70".into()),
                ("--comparison-operator", "GreaterThanThreshold".into()),
                ("--treat-missing-data", "missing".into()),
            ];
            if let Some((dim, _)) = resource_values(world, "--dimensions").into_iter().next() {
                v.push(("--dimensions", dim));
            }
            v
        }
        ("cloudwatch", "put-composite-alarm") => {
            let alarms = resource_values(world, "--alarm-name");
            let rule = match alarms.as_slice() {
                [a, b, ..] => format!("ALARM(\"{}\") AND ALARM(\"{}\")", a.0, b.0),
                [a] => format!("ALARM(\"{}\")", a.0),
                [] => String::new(),
            };
            vec![
                ("--alarm-name", "site-in-trouble".into()),
                ("--alarm-rule", rule),
            ]
        }
        ("autoscaling", "put-scaling-policy") => vec![
            ("--policy-name", "cpu-50".into()),
            ("--policy-type", "TargetTrackingScaling".into()),
            (
                "--target-tracking-configuration",
                r#"{"TargetValue":50.0,"PredefinedMetricSpecification":{"PredefinedMetricType":"ASGAverageCPUUtilization"}}"#.into(),
            ),
            ("--estimated-instance-warmup", "120".into()),
        ],
        ("autoscaling", "put-scheduled-update-group-action") => vec![
            ("--scheduled-action-name", "scale-out-ahead".into()),
            ("--recurrence", "0 11 * * *".into()),
            ("--min-size", "6".into()),
        ],
        ("route53", "change-resource-record-sets") => {
            let hostname = world
                .get_resource::<Dns>()
                .map(|d| d.hostname.clone())
                .unwrap_or_default();
            let alb = all::<LoadBalancer>(world)
                .into_iter()
                .rev()
                .find(|&e| world.get::<LoadBalancer>(e).unwrap().kind == LbKind::Application)
                .map(|e| world.get::<LoadBalancer>(e).unwrap().dns_name.clone())
                .unwrap_or_else(|| "<load balancer DNS name>".into());
            vec![(
                "--change-batch",
                format!(
                    r#"{{"Changes":[{{"Action":"UPSERT","ResourceRecordSet":{{"Name":"{hostname}","Type":"A","AliasTarget":{{"HostedZoneId":"Z35SXDOTRQ7X7K","DNSName":"{alb}","EvaluateTargetHealth":false}}}}}}]}}"#
                ),
            )]
        }
        _ => vec![],
    }
}

/// Starting values for each of a form's fields: the operation's defaults, overridden by
/// `preset` (a panel's own starting point), then for required id options the selected
/// resource or the first one that fits.
pub fn default_values(
    world: &mut World,
    service: &str,
    operation: &str,
    selected: Option<Entity>,
    preset: &[(&'static str, String)],
) -> (Vec<String>, Vec<Option<bool>>) {
    let options = form_options(service, operation);
    let mut given = defaults(world, service, operation, selected);
    for (name, value) in preset {
        match given.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value.clone(),
            None => given.push((name, value.clone())),
        }
    }
    let mut values = Vec::new();
    let mut flags = Vec::new();
    for o in &options {
        let v = given
            .iter()
            .find(|(n, _)| *n == o.name)
            .map(|(_, v)| v.clone())
            .or_else(|| {
                if !o.required {
                    return None;
                }
                let candidates = resource_values(world, o.name);
                let sel = selected.map(|e| id_of(world, e));
                candidates
                    .iter()
                    .find(|(v, _)| Some(v) == sel.as_ref())
                    .or(candidates.first())
                    .map(|(v, _)| v.clone())
            })
            .unwrap_or_default();
        // a flag is set by a preset of "true" or "false" (its `--no-…` form)
        let flag = match (o.shape, v.as_str()) {
            (OptionShape::Flag, "true") => Some(true),
            (OptionShape::Flag, "false") => Some(false),
            _ => None,
        };
        values.push(v);
        flags.push(flag);
    }
    (values, flags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::awscli::{operations, services};

    fn unicorn() -> App {
        crate::headless::start("unicorn-rentals", 7).unwrap()
    }

    #[test]
    fn form_lines_quote_and_split_fields() {
        let opts = form_options("autoscaling", "set-desired-capacity");
        let line = form_line(
            "autoscaling",
            "set-desired-capacity",
            &opts,
            &["my asg".into(), "3".into(), String::new()],
            &[None, None, Some(false)],
        );
        assert_eq!(
            line,
            "aws autoscaling set-desired-capacity --auto-scaling-group-name 'my asg' --desired-capacity 3 --no-honor-cooldown"
        );
        let opts = form_options("ec2", "terminate-instances");
        let line = form_line(
            "ec2",
            "terminate-instances",
            &opts,
            &["i-1  i-2".into()],
            &[None],
        );
        assert_eq!(line, "aws ec2 terminate-instances --instance-ids i-1 i-2");
    }

    #[test]
    fn every_operation_has_a_form_whose_defaults_parse_or_explain() {
        let mut app = unicorn();
        let world = app.world_mut();
        for s in services() {
            for op in operations(s) {
                let (values, flags) = default_values(world, s, op, None, &[]);
                assert_eq!(values.len(), form_options(s, op).len());
                // a form either makes a command or says what the CLI would say
                match form_command(s, op, &values, &flags) {
                    Ok(_) => {}
                    Err(e) => assert!(!e.is_empty(), "{s} {op}"),
                }
            }
        }
    }

    #[test]
    fn defaults_for_the_key_fixes_make_commands() {
        let mut app = unicorn();
        let world = app.world_mut();
        for (s, op) in [
            ("ec2", "create-subnet"),
            ("elbv2", "create-target-group"),
            ("ec2", "associate-route-table"),
            ("autoscaling", "create-auto-scaling-group"),
        ] {
            let (values, flags) = default_values(world, s, op, None, &[]);
            let cmd =
                form_command(s, op, &values, &flags).unwrap_or_else(|e| panic!("{s} {op}: {e}"));
            if let Command::CreateSubnet { cidr_block, .. } = &cmd {
                assert_eq!(cidr_block, "10.0.1.0/24");
            }
        }
    }

    #[test]
    fn resource_values_list_the_estate() {
        let mut app = unicorn();
        let world = app.world_mut();
        assert_eq!(resource_values(world, "--subnet-id").len(), 2);
        assert_eq!(resource_values(world, "--instance-ids").len(), 2);
        assert_eq!(
            resource_values(world, "--load-balancer-name")[0].0,
            "unicorn-clb"
        );
        assert!(resource_values(world, "--nope").is_empty());
    }
}
