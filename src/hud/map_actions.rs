//! What a DevOps engineer would do with a node of the map: the actions of a subnet, an
//! instance, a load balancer, an Auto Scaling group and Route 53, each one operation of the
//! console's forms with some fields pre-filled from the node (and a number the player sets
//! with a stepper), so a map action sends exactly the command its console form would.

use super::console::forms::{default_values, form_line, form_options, free_block};
use crate::awscli::{base64_encode, parse_line};
use crate::i18n::{t, tf};
use crate::sim::command::{Command, IngressSource, LbKind};
use crate::sim::model::*;
use crate::sim::world::{all, id_of};
use crate::ui_state::MapTarget;
use bevy::prelude::*;

/// A number the player picks before sending (a count, a size, a version, a percentage).
#[derive(Clone, Debug, PartialEq)]
pub struct Stepper {
    pub min: i64,
    pub max: i64,
    pub step: i64,
    pub start: i64,
    /// A note shown beside each value (a template version's description), by value − min.
    pub notes: Vec<String>,
    /// What the stepper shows for each value, by value − min, when the value is a choice
    /// among things (a port) rather than a count; empty: the number itself.
    pub shown: Vec<String>,
}

impl Stepper {
    pub fn new(min: i64, max: i64, start: i64) -> Self {
        Self {
            min,
            max: max.max(min),
            step: 1,
            start: start.clamp(min, max.max(min)),
            notes: Vec::new(),
            shown: Vec::new(),
        }
    }

    /// What the stepper shows for `value`.
    pub fn show(&self, value: i64) -> String {
        usize::try_from(value - self.min)
            .ok()
            .and_then(|i| self.shown.get(i))
            .cloned()
            .unwrap_or_else(|| value.to_string())
    }

    /// `value` moved by `steps` steps, kept in range.
    pub fn moved(&self, value: i64, steps: i64) -> i64 {
        (value + steps * self.step).clamp(self.min, self.max)
    }

    /// The note for a value, if any.
    pub fn note(&self, value: i64) -> Option<&str> {
        let i = usize::try_from(value - self.min).ok()?;
        self.notes.get(i).map(String::as_str)
    }
}

/// One action of a node's menu. `{n}` in the label and in the preset values stands for the
/// stepper's value.
#[derive(Clone, Debug, PartialEq)]
pub struct MapAction {
    /// What the action is called in code and tests (`subnet.launch`, `asg.desired`, …).
    pub id: &'static str,
    pub label: String,
    pub service: &'static str,
    pub operation: &'static str,
    /// Fields of the operation's form set by the action; the others keep the form's defaults.
    pub preset: Vec<(&'static str, String)>,
    pub stepper: Option<Stepper>,
    /// Fields that depend on the stepper's value beyond `{n}` (a subnet's block for each size,
    /// a script for each worker count), by value − min.
    pub per_value: Vec<Vec<(&'static str, String)>>,
    /// Deletes or stops something: drawn in red.
    pub danger: bool,
}

impl MapAction {
    pub fn new(
        id: &'static str,
        label: String,
        service: &'static str,
        operation: &'static str,
        preset: Vec<(&'static str, String)>,
    ) -> Self {
        Self {
            id,
            label,
            service,
            operation,
            preset,
            stepper: None,
            per_value: Vec::new(),
            danger: false,
        }
    }

    pub fn with_stepper(mut self, stepper: Stepper) -> Self {
        self.stepper = Some(stepper);
        self
    }

    pub fn dangerous(mut self) -> Self {
        self.danger = true;
        self
    }

    /// The label with the stepper's value in it.
    pub fn label_for(&self, n: i64) -> String {
        let shown = self
            .stepper
            .as_ref()
            .map_or_else(|| n.to_string(), |s| s.show(n));
        self.label.replace("{n}", &shown)
    }

    /// The preset with the stepper's value in it.
    pub fn preset_for(&self, n: i64) -> Vec<(&'static str, String)> {
        let mut preset: Vec<(&'static str, String)> = self
            .preset
            .iter()
            .map(|(k, v)| (*k, v.replace("{n}", &n.to_string())))
            .collect();
        let min = self.stepper.as_ref().map_or(0, |s| s.min);
        let extra = usize::try_from(n - min)
            .ok()
            .and_then(|i| self.per_value.get(i));
        for (k, v) in extra.into_iter().flatten() {
            match preset.iter_mut().find(|(n, _)| n == k) {
                Some(slot) => slot.1 = v.clone(),
                None => preset.push((k, v.clone())),
            }
        }
        preset
    }
}

/// The resource a target stands for (Route 53 has none: it is the scenario's hosted zone).
pub fn target_entity(target: MapTarget) -> Option<Entity> {
    match target {
        MapTarget::Resource(e) => Some(e),
        MapTarget::Dns | MapTarget::Edge => None,
    }
}

/// The `aws …` line and the command an action sends with stepper value `n`: the console
/// form of its operation, filled with the form's defaults for the node and the action's
/// preset, then parsed by the CLI (the same path as the form's "Send").
pub fn build(
    world: &mut World,
    target: MapTarget,
    action: &MapAction,
    n: i64,
) -> Result<(String, Command), String> {
    let selected = target_entity(target);
    let (values, flags) = default_values(
        world,
        action.service,
        action.operation,
        selected,
        &action.preset_for(n),
    );
    let options = form_options(action.service, action.operation);
    let line = form_line(action.service, action.operation, &options, &values, &flags);
    let command = parse_line(&line).map_err(|e| e.message)?;
    Ok((line, command))
}

/// The menu of a node: what can be done with it now.
pub fn actions(world: &mut World, target: MapTarget) -> Vec<MapAction> {
    match target {
        MapTarget::Dns => dns_actions(world),
        MapTarget::Edge => super::map_edge_actions::edge_actions(world),
        MapTarget::Resource(e) => {
            if world.get_entity(e).is_err() {
                ghost_actions(world, e)
            } else if world.get::<crate::sim::rds::DbInstance>(e).is_some() {
                super::map_edge_actions::database_actions(world, e)
            } else if world.get::<Subnet>(e).is_some() {
                subnet_actions(world, e)
            } else if world.get::<Instance>(e).is_some() {
                instance_actions(world, e)
            } else if world.get::<LoadBalancer>(e).is_some() {
                load_balancer_actions(world, e)
            } else if world.get::<AutoScalingGroup>(e).is_some() {
                group_actions(world, e)
            } else if world.get::<Vpc>(e).is_some() {
                vpc_actions(world)
            } else {
                Vec::new()
            }
        }
    }
}

/// A deleted load balancer still on the map (its ghost keeps its old entity): rebuild it.
fn ghost_actions(world: &mut World, e: Entity) -> Vec<MapAction> {
    let Some(ghost) = world
        .get_resource::<crate::view::layout::Ghosts>()
        .and_then(|g| g.ghosts.iter().find(|g| g.key == e).cloned())
    else {
        return Vec::new();
    };
    super::map_edge_actions::rebuild_actions(
        world,
        &ghost.lb.name,
        ghost.lb.classic,
        &ghost.lb.subnets,
    )
}

fn name_of(world: &World, e: Entity) -> String {
    world
        .get::<Name>(e)
        .map(|n| n.as_str().to_string())
        .unwrap_or_else(|| id_of(world, e))
}

/// The first launch template (the one the scenario's app is launched from).
fn first_template(world: &mut World) -> Option<Entity> {
    all::<LaunchTemplate>(world).into_iter().next()
}

/// The roomiest public subnet in another AZ than `e` with at least `free` addresses.
fn partner_subnet(world: &mut World, e: Entity, free: u32) -> Option<Entity> {
    let az = world.get::<Subnet>(e)?.az.clone();
    all::<Subnet>(world)
        .into_iter()
        .filter(|&o| {
            let s = world.get::<Subnet>(o).unwrap();
            s.az != az && s.public && s.free() >= free
        })
        .max_by_key(|&o| world.get::<Subnet>(o).unwrap().free())
}

/// A subnet name for a new subnet in `az` that no subnet has yet (`web-a`, `web-a2`, …).
fn new_subnet_name(world: &mut World, az: &str) -> String {
    let letter = az.chars().last().unwrap_or('a');
    let names: Vec<String> = all::<Subnet>(world)
        .into_iter()
        .map(|e| name_of(world, e))
        .collect();
    let base = format!("web-{letter}");
    (1..)
        .map(|i| {
            if i == 1 {
                base.clone()
            } else {
                format!("{base}{i}")
            }
        })
        .find(|n| !names.contains(n))
        .unwrap_or(base)
}

/// A new subnet in `az`: the next free block of the VPC, its size by stepper (/28 … /20);
/// `None` when no block of any size is free.
fn new_subnet_action(world: &mut World, id: &'static str, az: &str) -> Option<MapAction> {
    let name = new_subnet_name(world, az);
    let blocks: Vec<Option<String>> = (20..=28).map(|p| free_block(world, p)).collect();
    if !blocks.iter().any(Option::is_some) {
        return None;
    }
    let mut stepper = Stepper::new(20, 28, 24);
    stepper.notes = blocks
        .iter()
        .zip(20..=28u32)
        .map(|(b, p)| match b {
            Some(cidr) => tf(
                "map.note.subnet",
                &[
                    ("cidr", cidr),
                    ("count", &((1u32 << (32 - p)) - 5).to_string()),
                ],
            ),
            None => t("map.note.no_room").to_string(),
        })
        .collect();
    let mut a = MapAction::new(
        id,
        tf("map.act.new_subnet", &[("az", az)]),
        "ec2",
        "create-subnet",
        vec![
            ("--availability-zone", az.to_string()),
            (
                "--tag-specifications",
                format!("ResourceType=subnet,Tags=[{{Key=Name,Value={name}}}]"),
            ),
        ],
    )
    .with_stepper(stepper);
    // the block depends on the size
    a.per_value = blocks
        .into_iter()
        .map(|b| vec![("--cidr-block", b.unwrap_or_default())])
        .collect();
    Some(a)
}

/// The VPC's menu (its caption tapped): a new subnet in the AZ that has the fewest.
fn vpc_actions(world: &mut World) -> Vec<MapAction> {
    let azs: Vec<String> = world
        .get_resource::<crate::scenario::Scenario>()
        .map(|s| s.availability_zones.clone())
        .unwrap_or_default();
    let count = |world: &mut World, az: &str| {
        all::<Subnet>(world)
            .into_iter()
            .filter(|&e| world.get::<Subnet>(e).unwrap().az == az)
            .count()
    };
    let mut best: Option<(usize, String)> = None;
    for az in azs {
        let n = count(world, &az);
        if best.as_ref().is_none_or(|(b, _)| n < *b) {
            best = Some((n, az));
        }
    }
    best.and_then(|(_, az)| new_subnet_action(world, "vpc.subnet", &az))
        .into_iter()
        .collect()
}

fn subnet_actions(world: &mut World, e: Entity) -> Vec<MapAction> {
    let s = world.get::<Subnet>(e).unwrap().clone();
    let id = id_of(world, e);
    let mut out = Vec::new();
    if let Some(lt) = first_template(world) {
        let lt_name = world.get::<LaunchTemplate>(lt).unwrap().name.clone();
        out.push(
            MapAction::new(
                "subnet.launch",
                tf("map.act.launch", &[("template", &lt_name)]),
                "ec2",
                "run-instances",
                vec![("--subnet-id", id.clone()), ("--count", "{n}".into())],
            )
            .with_stepper(Stepper::new(1, i64::from(s.free().clamp(1, 10)), 2)),
        );
    }
    if !s.public {
        out.push(MapAction::new(
            "subnet.make_public",
            t("map.act.make_public").to_string(),
            "ec2",
            "associate-route-table",
            vec![("--subnet-id", id.clone())],
        ));
    }
    // a new subnet in this AZ: the next free block, its size by stepper (/28 … /20)
    out.extend(new_subnet_action(world, "subnet.new", &s.az));
    let lb_exists = all::<LoadBalancer>(world)
        .into_iter()
        .any(|l| world.get::<LoadBalancer>(l).unwrap().kind == LbKind::Application);
    if !lb_exists
        && s.public
        && s.free() >= 8
        && let Some(other) = partner_subnet(world, e, 8)
    {
        let other_id = id_of(world, other);
        out.push(MapAction::new(
            "subnet.alb",
            tf("map.act.alb", &[("other", &name_of(world, other))]),
            "elbv2",
            "create-load-balancer",
            vec![("--subnets", format!("{id} {other_id}"))],
        ));
    }
    let asg_exists = !all::<AutoScalingGroup>(world).is_empty();
    if !asg_exists
        && first_template(world).is_some()
        && let Some(other) = partner_subnet(world, e, 4)
    {
        let other_id = id_of(world, other);
        out.push(
            MapAction::new(
                "subnet.asg",
                tf("map.act.asg", &[("other", &name_of(world, other))]),
                "autoscaling",
                "create-auto-scaling-group",
                vec![
                    ("--vpc-zone-identifier", format!("{id},{other_id}")),
                    ("--desired-capacity", "{n}".into()),
                    ("--max-size", "20".into()),
                    ("--default-instance-warmup", "120".into()),
                ],
            )
            .with_stepper(Stepper::new(2, 10, 3)),
        );
    }
    if let Some(lt) = first_template(world) {
        out.extend(template_actions(world, lt, None));
    }
    out
}

fn instance_actions(world: &mut World, e: Entity) -> Vec<MapAction> {
    let id = id_of(world, e);
    let mut out = Vec::new();
    let alive = world.get::<Instance>(e).unwrap().alive();
    if !alive {
        return out;
    }
    let groups: Vec<Entity> = all::<TargetGroup>(world);
    for g in groups {
        let tg = world.get::<TargetGroup>(g).unwrap();
        if tg.targets.iter().any(|t| t.instance == e) {
            continue;
        }
        let name = tg.name.clone();
        let port = tg.port;
        out.push(MapAction::new(
            "instance.register",
            tf("map.act.register", &[("group", &name)]),
            "elbv2",
            "register-targets",
            vec![
                ("--target-group-arn", id_of(world, g)),
                ("--targets", format!("Id={id},Port={port}")),
            ],
        ));
    }
    // its security group: open a common port to the world, close a port that is open
    let sg = world
        .get::<Instance>(e)
        .unwrap()
        .security_groups
        .first()
        .copied();
    if let Some(sg) = sg.filter(|g| world.get::<SecurityGroup>(*g).is_some()) {
        let group = world.get::<SecurityGroup>(sg).unwrap().clone();
        let sg_id = id_of(world, sg);
        let open: Vec<u16> = OPENABLE
            .iter()
            .copied()
            .filter(|p| {
                !group.rules.iter().any(|r| {
                    r.protocol == "tcp"
                        && r.from_port <= *p
                        && *p <= r.to_port
                        && r.source == IngressSource::Cidr(ANYWHERE.into())
                })
            })
            .collect();
        if !open.is_empty() {
            let mut stepper = Stepper::new(0, open.len() as i64 - 1, 0);
            stepper.notes = open
                .iter()
                .map(|p| tf("map.note.port", &[("port", &p.to_string())]))
                .collect();
            stepper.shown = open.iter().map(u16::to_string).collect();
            let mut a = MapAction::new(
                "instance.open_port",
                tf("map.act.open_port", &[("group", &group.group_name)]),
                "ec2",
                "authorize-security-group-ingress",
                vec![
                    ("--group-id", sg_id.clone()),
                    ("--protocol", "tcp".into()),
                    ("--cidr", ANYWHERE.into()),
                ],
            )
            .with_stepper(stepper);
            a.per_value = open
                .iter()
                .map(|p| vec![("--port", p.to_string())])
                .collect();
            out.push(a);
        }
        for r in &group.rules {
            let IngressSource::Cidr(cidr) = &r.source else {
                continue;
            };
            if r.protocol != "tcp" {
                continue;
            }
            let port = if r.from_port == r.to_port {
                r.from_port.to_string()
            } else {
                format!("{}-{}", r.from_port, r.to_port)
            };
            out.push(
                MapAction::new(
                    "instance.close_port",
                    tf(
                        "map.act.close_port",
                        &[
                            ("port", &port),
                            ("cidr", cidr),
                            ("group", &group.group_name),
                        ],
                    ),
                    "ec2",
                    "revoke-security-group-ingress",
                    vec![
                        ("--group-id", sg_id.clone()),
                        ("--protocol", "tcp".into()),
                        ("--port", port.clone()),
                        ("--cidr", cidr.clone()),
                    ],
                )
                .dangerous(),
            );
        }
    }
    if world.get::<crate::sim::lifecycle::Stopped>(e).is_some() {
        out.push(MapAction::new(
            "instance.start",
            t("map.act.start").to_string(),
            "ec2",
            "start-instances",
            vec![("--instance-ids", id.clone())],
        ));
    } else if world.get::<Instance>(e).unwrap().state == InstanceState::Running {
        out.push(
            MapAction::new(
                "instance.stop",
                t("map.act.stop").to_string(),
                "ec2",
                "stop-instances",
                vec![("--instance-ids", id.clone())],
            )
            .dangerous(),
        );
    }
    out.push(
        MapAction::new(
            "instance.terminate",
            t("map.act.terminate").to_string(),
            "ec2",
            "terminate-instances",
            vec![("--instance-ids", id)],
        )
        .dangerous(),
    );
    out
}

/// Ports the map offers to open on an instance's security group, in the stepper's order.
pub const OPENABLE: [u16; 4] = [80, 443, 8080, 22];
const ANYWHERE: &str = "0.0.0.0/0";

/// The change batch that points the site's name at a load balancer (an alias record).
pub fn alias_batch(hostname: &str, dns_name: &str) -> String {
    alias_batch_to(hostname, dns_name, "Z35SXDOTRQ7X7K")
}

/// The change batch that points the site's name at `dns_name` in hosted zone `zone` (a load
/// balancer's zone, or CloudFront's).
pub fn alias_batch_to(hostname: &str, dns_name: &str, zone: &str) -> String {
    format!(
        r#"{{"Changes":[{{"Action":"UPSERT","ResourceRecordSet":{{"Name":"{hostname}","Type":"A","AliasTarget":{{"HostedZoneId":"{zone}","DNSName":"{dns_name}","EvaluateTargetHealth":false}}}}}}]}}"#
    )
}

/// True when the site's name is an alias of `name` now or is about to be (a change still
/// propagating). Route 53 keeps aliases in lower case, so the names compare without case.
pub fn aims_at(dns: &Dns, name: &str) -> bool {
    let is = |t: &Option<DnsTarget>| matches!(t, Some(DnsTarget::Alias(a)) if a.eq_ignore_ascii_case(name));
    is(&dns.target) || dns.pending.as_ref().is_some_and(|(_, t)| is(t))
}

fn point_dns(world: &mut World, lb: Entity) -> Option<MapAction> {
    let dns = world.get_resource::<Dns>()?.clone();
    let l = world.get::<LoadBalancer>(lb)?;
    if aims_at(&dns, &l.dns_name) {
        return None;
    }
    Some(MapAction::new(
        "lb.point_dns",
        tf(
            "map.act.point_dns",
            &[("host", &dns.hostname), ("lb", &l.name)],
        ),
        "route53",
        "change-resource-record-sets",
        vec![
            ("--hosted-zone-id", dns.hosted_zone_id.clone()),
            ("--change-batch", alias_batch(&dns.hostname, &l.dns_name)),
        ],
    ))
}

fn load_balancer_actions(world: &mut World, e: Entity) -> Vec<MapAction> {
    let l = world.get::<LoadBalancer>(e).unwrap().clone();
    let mut out = Vec::new();
    if l.kind == LbKind::Application {
        let groups = all::<TargetGroup>(world);
        if groups.is_empty() {
            out.push(MapAction::new(
                "lb.target_group",
                t("map.act.target_group").to_string(),
                "elbv2",
                "create-target-group",
                vec![
                    ("--health-check-interval-seconds", "10".into()),
                    ("--healthy-threshold-count", "3".into()),
                ],
            ));
        }
        if !l.listeners.iter().any(|x| x.port == 80)
            && let Some(&g) = groups.first()
        {
            let tg = id_of(world, g);
            let name = world.get::<TargetGroup>(g).unwrap().name.clone();
            out.push(MapAction::new(
                "lb.listener",
                tf("map.act.listener", &[("group", &name)]),
                "elbv2",
                "create-listener",
                vec![
                    ("--load-balancer-arn", id_of(world, e)),
                    (
                        "--default-actions",
                        format!("Type=forward,TargetGroupArn={tg}"),
                    ),
                ],
            ));
        }
        out.extend(unhealthy_alarm(world, &l.name));
    }
    out.extend(point_dns(world, e));
    let delete = match l.kind {
        LbKind::Application => MapAction::new(
            "lb.delete",
            t("map.act.delete_lb").to_string(),
            "elbv2",
            "delete-load-balancer",
            vec![("--load-balancer-arn", id_of(world, e))],
        ),
        LbKind::Classic => MapAction::new(
            "lb.delete",
            t("map.act.delete_lb").to_string(),
            "elb",
            "delete-load-balancer",
            vec![("--load-balancer-name", l.name.clone())],
        ),
    };
    out.push(delete.dangerous());
    out
}

/// The alarm a map action creates on an Application Load Balancer.
pub const UNHEALTHY_ALARM: &str = "unhealthy-targets";

/// An alarm that goes off when a target of the load balancer `lb` fails its health checks
/// (CloudWatch's `UnHealthyHostCount`); None once that alarm exists.
fn unhealthy_alarm(world: &mut World, lb: &str) -> Option<MapAction> {
    let exists = all::<crate::sim::alarms::MetricAlarm>(world)
        .into_iter()
        .any(|a| {
            world
                .get::<crate::sim::alarms::MetricAlarm>(a)
                .unwrap()
                .name
                == UNHEALTHY_ALARM
        });
    (!exists).then(|| {
        MapAction::new(
            "lb.alarm",
            tf("map.act.alarm", &[("lb", lb)]),
            "cloudwatch",
            "put-metric-alarm",
            vec![
                ("--alarm-name", UNHEALTHY_ALARM.into()),
                ("--namespace", "AWS/ApplicationELB".into()),
                ("--metric-name", "UnHealthyHostCount".into()),
                ("--statistic", "Maximum".into()),
                ("--period", "60".into()),
                ("--evaluation-periods", "1".into()),
                ("--datapoints-to-alarm", "1".into()),
                ("--threshold", "0".into()),
                ("--comparison-operator", "GreaterThanThreshold".into()),
            ],
        )
    })
}

fn group_actions(world: &mut World, e: Entity) -> Vec<MapAction> {
    let g = world.get::<AutoScalingGroup>(e).unwrap().clone();
    let name = g.name.clone();
    let mut out = vec![
        MapAction::new(
            "asg.desired",
            t("map.act.desired").to_string(),
            "autoscaling",
            "set-desired-capacity",
            vec![
                ("--auto-scaling-group-name", name.clone()),
                ("--desired-capacity", "{n}".into()),
            ],
        )
        .with_stepper(Stepper::new(
            i64::from(g.min_size),
            i64::from(g.max_size),
            i64::from(g.desired),
        )),
        MapAction::new(
            "asg.max",
            t("map.act.max").to_string(),
            "autoscaling",
            "update-auto-scaling-group",
            vec![
                ("--auto-scaling-group-name", name.clone()),
                ("--max-size", "{n}".into()),
            ],
        )
        .with_stepper(Stepper::new(
            i64::from(g.min_size.max(1)),
            100,
            i64::from(g.max_size),
        )),
        MapAction::new(
            "asg.min",
            t("map.act.min").to_string(),
            "autoscaling",
            "update-auto-scaling-group",
            vec![
                ("--auto-scaling-group-name", name.clone()),
                ("--min-size", "{n}".into()),
            ],
        )
        .with_stepper(Stepper::new(
            0,
            i64::from(g.max_size),
            i64::from(g.min_size),
        )),
    ];
    let mut tracking = MapAction::new(
        "asg.target_tracking",
        t("map.act.target_tracking").to_string(),
        "autoscaling",
        "put-scaling-policy",
        vec![
            ("--auto-scaling-group-name", name.clone()),
            ("--policy-name", "cpu-{n}".into()),
            (
                "--target-tracking-configuration",
                r#"{"TargetValue":{n}.0,"PredefinedMetricSpecification":{"PredefinedMetricType":"ASGAverageCPUUtilization"}}"#.into(),
            ),
        ],
    );
    let mut stepper = Stepper::new(30, 80, 50);
    stepper.step = 5;
    tracking.stepper = Some(stepper);
    out.push(tracking);
    out.extend(template_actions(world, g.template, Some((e, &g))));
    out
}

/// A template version's script with `WORKERS=<n>` (the app's worker processes) written before
/// the service starts: the existing line changed, or one added before `systemctl`.
pub fn script_with_workers(script: &str, n: i64) -> String {
    let mut lines: Vec<String> = script.lines().map(str::to_string).collect();
    if let Some(l) = lines.iter_mut().find(|l| l.contains("WORKERS=")) {
        let start = l.find("WORKERS=").unwrap() + "WORKERS=".len();
        let end = l[start..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(l.len(), |i| start + i);
        l.replace_range(start..end, &n.to_string());
    } else {
        // the app's environment file, where the script already writes its settings
        let env = lines
            .iter()
            .find_map(|l| l.split(">> ").nth(1).map(|f| f.trim().to_string()))
            .unwrap_or_else(|| "/etc/environment".into());
        let at = lines
            .iter()
            .position(|l| l.starts_with("systemctl"))
            .unwrap_or(lines.len());
        lines.insert(at, format!("echo \"WORKERS={n}\" >> {env}"));
    }
    let mut out = lines.join("\n");
    if script.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// A launch template's actions: a new version with `n` workers (from the version the group
/// launches, else `$Latest`), and for a group, launching from another version (a rollback).
fn template_actions(
    world: &mut World,
    lt: Entity,
    group: Option<(Entity, &AutoScalingGroup)>,
) -> Vec<MapAction> {
    let Some(t) = world.get::<LaunchTemplate>(lt).cloned() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let base = group
        .and_then(|(_, g)| t.resolve(&g.template_version))
        .or_else(|| t.resolve("$Latest"))
        .cloned();
    if let Some(base) = base {
        let workers = base
            .user_data
            .split("WORKERS=")
            .nth(1)
            .and_then(|r| {
                r.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
                    .parse()
                    .ok()
            })
            .unwrap_or(1i64);
        let start = if workers < 2 { 2 } else { workers };
        let mut a = MapAction::new(
            "template.workers",
            tf(
                "map.act.workers",
                &[("template", &t.name), ("version", &base.number.to_string())],
            ),
            "ec2",
            "create-launch-template-version",
            vec![
                ("--launch-template-name", t.name.clone()),
                ("--source-version", base.number.to_string()),
                ("--version-description", "{n} workers".into()),
            ],
        )
        .with_stepper(Stepper::new(1, 8, start));
        // the script for each worker count
        a.per_value = (1..=8)
            .map(|n| {
                let script = base64_encode(script_with_workers(&base.user_data, n).as_bytes());
                vec![(
                    "--launch-template-data",
                    format!(
                        r#"{{"InstanceType":"{}","UserData":"{script}"}}"#,
                        base.instance_type
                    ),
                )]
            })
            .collect();
        out.push(a);
    }
    if t.latest() > 1 {
        let mut stepper = Stepper::new(1, i64::from(t.latest()), i64::from(t.default_version));
        stepper.notes = version_notes(&t);
        out.push(
            MapAction::new(
                "template.default",
                tf("map.act.default_version", &[("template", &t.name)]),
                "ec2",
                "modify-launch-template",
                vec![
                    ("--launch-template-name", t.name.clone()),
                    ("--default-version", "{n}".into()),
                ],
            )
            .with_stepper(stepper),
        );
    }
    if let Some((_, g)) = group {
        let current = t
            .resolve(&g.template_version)
            .map(|v| v.number)
            .unwrap_or_else(|| t.latest());
        let mut stepper = Stepper::new(1, i64::from(t.latest()), i64::from(current));
        stepper.notes = version_notes(&t);
        out.push(
            MapAction::new(
                "asg.version",
                tf("map.act.version", &[("template", &t.name)]),
                "autoscaling",
                "update-auto-scaling-group",
                vec![
                    ("--auto-scaling-group-name", g.name.clone()),
                    (
                        "--launch-template",
                        format!("LaunchTemplateName={},Version={{n}}", t.name),
                    ),
                ],
            )
            .with_stepper(stepper),
        );
    }
    out
}

/// What each version of a template is, for a version stepper: its description and who made
/// it, by the last part of their ARN (`devops-team`).
fn version_notes(t: &LaunchTemplate) -> Vec<String> {
    (1..=t.latest())
        .map(|n| {
            t.version(n)
                .map(|v| {
                    let who = v.created_by.rsplit('/').next().unwrap_or(&v.created_by);
                    format!("{} ({who})", v.description)
                })
                .unwrap_or_default()
        })
        .collect()
}

fn dns_actions(world: &mut World) -> Vec<MapAction> {
    let lbs = all::<LoadBalancer>(world);
    lbs.into_iter()
        .rev()
        .filter_map(|e| point_dns(world, e))
        .collect()
}
