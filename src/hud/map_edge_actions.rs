//! The map's menus beyond the VPC: the Internet edge (CloudFront and WAF in front of the site),
//! the database (Multi-AZ, a bigger class) and a deleted load balancer's ghost (rebuilt as the
//! trail shows it was made). Each action is one console form's operation, like the others.

use super::map_actions::{MapAction, Stepper, aims_at, alias_batch_to};
use crate::data::catalog::{DB_INSTANCE_CLASSES, db_class};
use crate::i18n::{t, tf};
use crate::sim::command::{ClassicListener, Command, LbKind, WafAction, WafRule, WafStatement};
use crate::sim::model::*;
use crate::sim::rds::DbInstance;
use crate::sim::services::Distribution;
use crate::sim::trail::CloudTrail;
use crate::sim::waf::WebAcl;
use crate::sim::world::{all, id_of};
use bevy::prelude::*;

/// Route 53's hosted zone for every CloudFront alias target (AWS's fixed value).
pub const CLOUDFRONT_ZONE: &str = "Z2FDTNDATAQYW2";

/// The rate-based rule's limits the WAF stepper offers (requests per IP per 5 minutes).
pub const WAF_LIMITS: [u32; 6] = [100, 200, 500, 1000, 2000, 5000];

/// The live Application Load Balancer the site is (or would be) served from: the one DNS
/// points at, else the newest.
fn site_alb(world: &mut World) -> Option<Entity> {
    let albs: Vec<Entity> = all::<LoadBalancer>(world)
        .into_iter()
        .filter(|&l| world.get::<LoadBalancer>(l).unwrap().kind == LbKind::Application)
        .collect();
    let pointed = match world.get_resource::<Dns>().and_then(|d| d.target.clone()) {
        Some(DnsTarget::Alias(name)) => albs.iter().copied().find(|&l| {
            world
                .get::<LoadBalancer>(l)
                .unwrap()
                .dns_name
                .eq_ignore_ascii_case(&name)
        }),
        _ => None,
    };
    pointed.or_else(|| albs.last().copied())
}

/// The Internet node's menu: put CloudFront in front of the site's load balancer and point the
/// name at it; create a WAF web ACL with a rate-based rule and attach it to the load balancer.
pub fn edge_actions(world: &mut World) -> Vec<MapAction> {
    let mut out = Vec::new();
    let alb = site_alb(world);
    let distributions = all::<Distribution>(world);
    match (distributions.last().copied(), alb) {
        (None, Some(alb)) => {
            let l = world.get::<LoadBalancer>(alb).unwrap();
            out.push(MapAction::new(
                "edge.cdn",
                tf("map.act.cdn", &[("lb", &l.name)]),
                "cloudfront",
                "create-distribution",
                vec![("--origin-domain-name", l.dns_name.clone())],
            ));
        }
        (Some(d), _) => {
            let domain = world.get::<Distribution>(d).unwrap().domain_name.clone();
            let dns = world.get_resource::<Dns>().cloned();
            let pointed = dns.as_ref().is_some_and(|dns| aims_at(dns, &domain));
            if let (false, Some(dns)) = (pointed, dns) {
                out.push(MapAction::new(
                    "edge.cdn_dns",
                    tf(
                        "map.act.point_dns",
                        &[("host", &dns.hostname), ("lb", &domain)],
                    ),
                    "route53",
                    "change-resource-record-sets",
                    vec![
                        ("--hosted-zone-id", dns.hosted_zone_id.clone()),
                        (
                            "--change-batch",
                            alias_batch_to(&dns.hostname, &domain, CLOUDFRONT_ZONE),
                        ),
                    ],
                ));
            }
        }
        (None, None) => {}
    }
    let acls = all::<WebAcl>(world);
    match acls.last().copied() {
        None => {
            let mut stepper = Stepper::new(0, WAF_LIMITS.len() as i64 - 1, 4);
            stepper.shown = WAF_LIMITS.iter().map(u32::to_string).collect();
            stepper.notes = WAF_LIMITS
                .iter()
                .map(|l| tf("map.note.waf_limit", &[("limit", &l.to_string())]))
                .collect();
            let mut a = MapAction::new(
                "edge.waf",
                t("map.act.waf").to_string(),
                "wafv2",
                "create-web-acl",
                vec![
                    ("--name", "shop-protection".into()),
                    ("--scope", "REGIONAL".into()),
                    ("--default-action", "Allow={}".into()),
                    (
                        "--visibility-config",
                        "SampledRequestsEnabled=true,CloudWatchMetricsEnabled=true,MetricName=shop-protection".into(),
                    ),
                ],
            )
            .with_stepper(stepper);
            a.per_value = WAF_LIMITS
                .iter()
                .map(|l| vec![("--rules", rate_rule(*l))])
                .collect();
            out.push(a);
        }
        Some(acl) => {
            let w = world.get::<WebAcl>(acl).unwrap();
            let attached = w.associated.is_some_and(|e| world.get_entity(e).is_ok());
            if let (false, Some(alb)) = (attached, alb) {
                let name = w.name.clone();
                let lb = world.get::<LoadBalancer>(alb).unwrap().name.clone();
                out.push(MapAction::new(
                    "edge.waf_attach",
                    tf("map.act.waf_attach", &[("acl", &name), ("lb", &lb)]),
                    "wafv2",
                    "associate-web-acl",
                    vec![
                        ("--web-acl-arn", id_of(world, acl)),
                        ("--resource-arn", id_of(world, alb)),
                    ],
                ));
            }
        }
    }
    out
}

/// A web ACL rule that blocks an address sending more than `limit` requests in 5 minutes.
fn rate_rule(limit: u32) -> String {
    rules_json(&WafRule {
        name: "rate-per-ip".into(),
        priority: 0,
        statement: WafStatement::RateBased {
            limit: u64::from(limit),
            evaluation_window_sec: 300,
        },
        action: WafAction::Block,
    })
}

/// A rate-based rule as `--rules` JSON, the way the console's user would type it (AWS wants
/// every rule's `VisibilityConfig`, named after the rule); empty for another kind of rule.
pub fn rules_json(rule: &WafRule) -> String {
    if !matches!(rule.statement, WafStatement::RateBased { .. }) {
        return String::new();
    }
    serde_json::json!([rule.to_aws_json()]).to_string()
}

/// The database's menu: make it Multi-AZ (a standby in another AZ takes over in a minute or
/// two instead of a long single-AZ recovery) and move it to another class (stepper).
pub fn database_actions(world: &mut World, e: Entity) -> Vec<MapAction> {
    let Some(db) = world.get::<DbInstance>(e).cloned() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let pending_multi_az = db
        .pending
        .as_ref()
        .is_some_and(|p| p.multi_az == Some(true));
    if !db.multi_az && !pending_multi_az {
        out.push(MapAction::new(
            "db.multi_az",
            t("map.act.multi_az").to_string(),
            "rds",
            "modify-db-instance",
            vec![
                ("--db-instance-identifier", db.identifier.clone()),
                ("--multi-az", "true".into()),
                ("--apply-immediately", "true".into()),
            ],
        ));
    }
    let classes: Vec<&str> = DB_INSTANCE_CLASSES.iter().map(|c| c.0).collect();
    let current = classes.iter().position(|c| *c == db.class).unwrap_or(0) as i64;
    // pre-filled with the next class up (the current one would change nothing)
    let mut stepper = Stepper::new(0, classes.len() as i64 - 1, current + 1);
    stepper.shown = classes.iter().map(|c| c.to_string()).collect();
    stepper.notes = classes
        .iter()
        .map(|c| {
            let (vcpus, connections, price) = db_class(c).unwrap_or_default();
            let price = if db.multi_az { 2.0 * price } else { price };
            tf(
                "map.note.db_class",
                &[
                    ("vcpus", &vcpus.to_string()),
                    ("connections", &connections.to_string()),
                    ("price", &format!("{price:.3}")),
                ],
            )
        })
        .collect();
    let mut a = MapAction::new(
        "db.class",
        t("map.act.db_class").to_string(),
        "rds",
        "modify-db-instance",
        vec![
            ("--db-instance-identifier", db.identifier.clone()),
            ("--apply-immediately", "true".into()),
        ],
    )
    .with_stepper(stepper);
    a.per_value = classes
        .iter()
        .map(|c| vec![("--db-instance-class", c.to_string())])
        .collect();
    out.push(a);
    out
}

/// How a deleted load balancer was made, from the trail: the successful
/// `CreateLoadBalancer` of that name, or `None` when the trail does not show it (made before
/// the round, or trimmed).
fn creation_of(world: &World, name: &str) -> Option<Command> {
    let trail = world.get_resource::<CloudTrail>()?;
    trail
        .events
        .iter()
        .rev()
        .filter(|e| e.error.is_none())
        .find_map(|e| match &e.command {
            c @ Command::CreateLoadBalancer { name: n, .. } if n == name => Some(c.clone()),
            _ => None,
        })
}

/// The ghost's menu: create the load balancer again with the name, kind, subnets, security
/// groups (and for a Classic one, listeners) that the trail shows it was created with; the
/// subnets that no longer exist are left out, and when the trail does not show the creation,
/// the subnets the ghost stood in.
pub fn rebuild_actions(
    world: &mut World,
    name: &str,
    classic: bool,
    subnets: &[Entity],
) -> Vec<MapAction> {
    let live_subnets: Vec<String> = all::<Subnet>(world)
        .into_iter()
        .map(|s| id_of(world, s))
        .collect();
    let taken = all::<LoadBalancer>(world)
        .into_iter()
        .any(|l| world.get::<LoadBalancer>(l).unwrap().name == name);
    let (kind, mut subnet_ids, groups, listeners) = match creation_of(world, name) {
        Some(Command::CreateLoadBalancer {
            kind,
            subnets,
            security_groups,
            listeners,
            ..
        }) => (kind, subnets, security_groups, listeners),
        _ => (
            if classic {
                LbKind::Classic
            } else {
                LbKind::Application
            },
            subnets
                .iter()
                .filter(|&&s| world.get::<Subnet>(s).is_some())
                .map(|&s| id_of(world, s))
                .collect(),
            Vec::new(),
            Vec::new(),
        ),
    };
    subnet_ids.retain(|id| live_subnets.contains(id));
    if subnet_ids.is_empty() || taken {
        return Vec::new();
    }
    let groups = groups.join(" ");
    let action = match kind {
        LbKind::Application => {
            let mut preset = vec![
                ("--name", name.to_string()),
                ("--subnets", subnet_ids.join(" ")),
            ];
            if !groups.is_empty() {
                preset.push(("--security-groups", groups));
            }
            MapAction::new(
                "lb.rebuild",
                tf("map.act.rebuild", &[("lb", name)]),
                "elbv2",
                "create-load-balancer",
                preset,
            )
        }
        LbKind::Classic => {
            let listeners = if listeners.is_empty() {
                vec![ClassicListener {
                    protocol: "HTTP".into(),
                    load_balancer_port: 80,
                    instance_protocol: "HTTP".into(),
                    instance_port: 80,
                }]
            } else {
                listeners
            };
            let mut preset = vec![
                ("--load-balancer-name", name.to_string()),
                ("--subnets", subnet_ids.join(" ")),
                (
                    "--listeners",
                    listeners
                        .iter()
                        .map(listener_shorthand)
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
            ];
            if !groups.is_empty() {
                preset.push(("--security-groups", groups));
            }
            MapAction::new(
                "lb.rebuild",
                tf("map.act.rebuild", &[("lb", name)]),
                "elb",
                "create-load-balancer",
                preset,
            )
        }
    };
    vec![action]
}

/// A Classic listener as the CLI's shorthand.
fn listener_shorthand(l: &ClassicListener) -> String {
    format!(
        "Protocol={},LoadBalancerPort={},InstanceProtocol={},InstancePort={}",
        l.protocol, l.load_balancer_port, l.instance_protocol, l.instance_port
    )
}
