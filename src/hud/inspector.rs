//! The inspector: details of the resource selected on the map or in a table (id, type, state,
//! subnet, CPU, requests, the cloud-init log of an instance, the last trail events for it) and
//! the commands that apply to it, which open their console forms.

use super::console::{self, Page};
use super::{HudLayout, cloudtrail, theme};
use crate::i18n::{t, tf};
use crate::sim::alarms::{CompositeAlarm, MetricAlarm, StepScalingPolicies};
use crate::sim::clock::SimClock;
use crate::sim::command::LbKind;
use crate::sim::describe;
use crate::sim::model::*;
use crate::sim::trail::CloudTrail;
use crate::sim::world::{all, id_of};
use crate::ui_state::Selected;
use bevy::prelude::*;
use bevy_egui::egui;

/// A health state with its reason code and description, when it has one.
fn health_text(state: &str, reason: Option<(&str, &str)>) -> String {
    match reason {
        Some((code, text)) => format!("{state} — {code}: {text}"),
        None => state.to_string(),
    }
}

/// What kind of resource an entity is, as the console names it.
pub fn kind_of(world: &World, e: Entity) -> Option<&'static str> {
    Some(if world.get::<Instance>(e).is_some() {
        t("kind.ec2_instance")
    } else if world.get::<Subnet>(e).is_some() {
        t("kind.subnet")
    } else if let Some(l) = world.get::<LoadBalancer>(e) {
        match l.kind {
            LbKind::Classic => t("kind.classic_load_balancer"),
            LbKind::Application => t("kind.application_load_balancer"),
        }
    } else if world.get::<TargetGroup>(e).is_some() {
        t("kind.target_group")
    } else if world.get::<AutoScalingGroup>(e).is_some() {
        t("kind.auto_scaling_group")
    } else if world.get::<LaunchTemplate>(e).is_some() {
        t("kind.launch_template")
    } else if world.get::<SecurityGroup>(e).is_some() {
        t("kind.security_group")
    } else if world.get::<RouteTable>(e).is_some() {
        t("kind.route_table")
    } else if world.get::<ElasticIp>(e).is_some() {
        t("kind.elastic_ip")
    } else if world.get::<Vpc>(e).is_some() {
        t("kind.vpc")
    } else if world.get::<InternetGateway>(e).is_some() {
        t("kind.internet_gateway")
    } else if world.get::<MetricAlarm>(e).is_some() || world.get::<CompositeAlarm>(e).is_some() {
        t("kind.cloudwatch_alarm")
    } else if world.get::<NetworkInterface>(e).is_some() {
        t("kind.network_interface")
    } else if world.get::<crate::sim::rds::DbInstance>(e).is_some() {
        t("kind.db_instance")
    } else {
        return None;
    })
}

/// The console page and forms for the commands that apply to a resource.
pub fn actions_for(world: &World, e: Entity) -> (Page, Vec<(&'static str, &'static str)>) {
    if world.get::<Instance>(e).is_some() {
        (
            Page::Instances,
            vec![
                ("ec2", "terminate-instances"),
                ("elb", "register-instances-with-load-balancer"),
                ("elbv2", "register-targets"),
            ],
        )
    } else if world.get::<Subnet>(e).is_some() {
        (
            Page::Subnets,
            vec![("ec2", "associate-route-table"), ("ec2", "delete-subnet")],
        )
    } else if let Some(l) = world.get::<LoadBalancer>(e) {
        match l.kind {
            LbKind::Classic => (
                Page::LoadBalancers,
                vec![
                    ("elb", "register-instances-with-load-balancer"),
                    ("elb", "delete-load-balancer"),
                ],
            ),
            LbKind::Application => (
                Page::LoadBalancers,
                vec![
                    ("elbv2", "create-listener"),
                    ("elbv2", "set-subnets"),
                    ("route53", "change-resource-record-sets"),
                    ("elbv2", "delete-load-balancer"),
                ],
            ),
        }
    } else if world.get::<TargetGroup>(e).is_some() {
        (
            Page::TargetGroups,
            vec![
                ("elbv2", "register-targets"),
                ("elbv2", "modify-target-group-attributes"),
            ],
        )
    } else if world.get::<AutoScalingGroup>(e).is_some() {
        (
            Page::AutoScalingGroups,
            vec![
                ("autoscaling", "set-desired-capacity"),
                ("autoscaling", "update-auto-scaling-group"),
                ("autoscaling", "put-scaling-policy"),
            ],
        )
    } else if world.get::<LaunchTemplate>(e).is_some() {
        (
            Page::LaunchTemplates,
            vec![
                ("ec2", "create-launch-template-version"),
                ("ec2", "modify-launch-template"),
            ],
        )
    } else if world.get::<SecurityGroup>(e).is_some() {
        (
            Page::SecurityGroups,
            vec![
                ("ec2", "authorize-security-group-ingress"),
                ("ec2", "revoke-security-group-ingress"),
            ],
        )
    } else if world.get::<RouteTable>(e).is_some() {
        (
            Page::RouteTables,
            vec![("ec2", "associate-route-table"), ("ec2", "create-route")],
        )
    } else {
        (Page::Instances, vec![])
    }
}

/// A detail line's label in the current language (`insp.field.<label>`; leading spaces kept,
/// labels without an entry, such as instance names, shown as they are).
pub fn field(label: &str) -> String {
    let trimmed = label.trim_start();
    let indent = &label[..label.len() - trimmed.len()];
    let slug: String = trimmed
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    let key = format!("insp.field.{slug}");
    let text = t(&key);
    if text == key {
        label.to_string()
    } else {
        format!("{indent}{text}")
    }
}

/// Label/value lines describing a resource.
pub fn details(world: &mut World, e: Entity) -> Vec<(String, String)> {
    let name_of = |world: &World, e: Entity| {
        world
            .get::<Name>(e)
            .map(|n| n.as_str().to_string())
            .unwrap_or_default()
    };
    let mut d = vec![(field("ID"), id_of(world, e))];
    if let Some(by) = world.get::<CreatedBy>(e) {
        d.push((
            field("Created by"),
            by.0.rsplit('/').next().unwrap_or(&by.0).to_string(),
        ));
    }
    let kv = |k: &str, v: String| (field(k), v);
    if let Some(i) = world.get::<Instance>(e).cloned() {
        d.push(kv("Type", i.instance_type.clone()));
        d.push(kv(
            "State",
            format!(
                "{}{}",
                i.state.aws_name(),
                if i.state == InstanceState::Running && !i.boot.app_running {
                    t("insp.app_not_running")
                } else {
                    ""
                }
            ),
        ));
        d.push(kv(
            "Subnet",
            format!("{} ({})", name_of(world, i.subnet), id_of(world, i.subnet)),
        ));
        d.push(kv("Private IP", i.private_ip.clone()));
        let sgs: Vec<String> = i
            .security_groups
            .iter()
            .map(|g| name_of(world, *g))
            .collect();
        d.push(kv("Security groups", sgs.join(", ")));
        if let Some(a) = i.asg {
            d.push(kv("Auto Scaling group", name_of(world, a)));
        }
        if let Some((t, v)) = i.template {
            d.push(kv(
                "Launch template",
                tf(
                    "insp.version",
                    &[
                        ("template", &name_of(world, t)),
                        ("version", &v.to_string()),
                    ],
                ),
            ));
        }
        // its health behind each load balancer, as describe-target-health and
        // describe-instance-health answer it
        for g in all::<TargetGroup>(world) {
            let Some(t) = world
                .get::<TargetGroup>(g)
                .and_then(|tg| tg.targets.iter().find(|t| t.instance == e).cloned())
            else {
                continue;
            };
            let in_use = describe::group_in_use(world, g);
            let (state, reason) = describe::target_health(world, &t, in_use);
            d.push(kv(
                &format!("Health in {}", name_of(world, g)),
                health_text(state, reason.as_ref().map(|(c, t)| (*c, t.as_str()))),
            ));
        }
        for lb in all::<LoadBalancer>(world) {
            let Some(t) = world
                .get::<LoadBalancer>(lb)
                .and_then(|l| l.classic_targets.iter().find(|t| t.instance == e).cloned())
            else {
                continue;
            };
            let (state, code, text) = describe::classic_instance_health(&t);
            let reason = (state != "InService").then_some((code, text));
            d.push(kv(
                &format!("Health on {}", name_of(world, lb)),
                health_text(state, reason),
            ));
        }
        d.push(kv("Workers", i.boot.workers.to_string()));
        if let Some(l) = world.get::<InstanceLoad>(e) {
            d.push(kv(
                "CPU",
                tf(
                    "insp.cpu",
                    &[
                        ("now", &format!("{:.0}", l.cpu)),
                        ("minute", &format!("{:.0}", l.cpu_last_minute)),
                    ],
                ),
            ));
            d.push(kv(
                "Requests",
                tf(
                    "insp.requests",
                    &[("count", &l.requests_last_minute.to_string())],
                ),
            ));
        }
    }
    if let Some(s) = world.get::<Subnet>(e).cloned() {
        d.push(kv("CIDR", s.cidr.to_string()));
        d.push(kv("AZ", s.az.clone()));
        d.push(kv(
            "Free addresses",
            tf(
                "insp.free",
                &[
                    ("free", &s.free().to_string()),
                    ("usable", &s.cidr.usable().to_string()),
                ],
            ),
        ));
        d.push(kv(
            "Routing",
            if s.public {
                t("insp.public").into()
            } else {
                t("insp.private").into()
            },
        ));
    }
    if let Some(l) = world.get::<LoadBalancer>(e).cloned() {
        d.push(kv("DNS name", l.dns_name.clone()));
        d.push(kv("State", format!("{:?}", l.state).to_lowercase()));
        let subnets: Vec<String> = l.subnets.iter().map(|s| name_of(world, *s)).collect();
        d.push(kv("Subnets", subnets.join(", ")));
        let listeners: Vec<String> = l
            .listeners
            .iter()
            .map(|x| {
                format!(
                    "{}:{} → {}",
                    x.protocol,
                    x.port,
                    x.target_group
                        .map_or(format!("instances:{}", x.instance_port), |t| name_of(
                            world, t
                        ))
                )
            })
            .collect();
        d.push(kv(
            "Listeners",
            if listeners.is_empty() {
                t("insp.none").into()
            } else {
                listeners.join(", ")
            },
        ));
        let (h, t) = console::tables::lb_targets(world, &l);
        d.push(kv(
            "Healthy targets",
            tf(
                "insp.of",
                &[("part", &h.to_string()), ("whole", &t.to_string())],
            ),
        ));
        if l.kind == LbKind::Classic {
            d.push(kv("Surge queue", format!("{:.0} / 1024", l.surge_queue)));
        }
    }
    if let Some(tg) = world.get::<TargetGroup>(e).cloned() {
        d.push(kv(
            "Health check",
            tf(
                "insp.every",
                &[
                    ("path", &tg.health.path),
                    ("seconds", &format!("{:.0}", tg.health.interval)),
                ],
            ),
        ));
        // what describe-target-health answers, reason and all
        let in_use = describe::group_in_use(world, e);
        for t in &tg.targets {
            let (state, reason) = describe::target_health(world, t, in_use);
            d.push(kv(
                &format!("  {}", name_of(world, t.instance)),
                health_text(state, reason.as_ref().map(|(c, t)| (*c, t.as_str()))),
            ));
        }
    }
    if let Some(a) = world.get::<AutoScalingGroup>(e).cloned() {
        d.push(kv(
            "Min / desired / max",
            format!("{} / {} / {}", a.min_size, a.desired, a.max_size),
        ));
        d.push(kv(
            "Launch template",
            format!("{} {}", name_of(world, a.template), a.template_version),
        ));
        d.push(kv(
            "Health check",
            format!("{:?}, grace {:.0}s", a.health_check_type, a.grace_period),
        ));
        for p in &a.policies {
            d.push(kv(
                "Target tracking",
                format!(
                    "{} {} = {}",
                    p.name,
                    p.config.predefined_metric.aws_name(),
                    p.config.target_value
                ),
            ));
        }
        if let Some(sp) = world.get::<StepScalingPolicies>(e) {
            for p in &sp.0 {
                d.push(kv(
                    "Step scaling",
                    format!(
                        "{} ({}, {} steps)",
                        p.name,
                        p.adjustment_type,
                        p.steps.len()
                    ),
                ));
            }
        }
    }
    if let Some(lt) = world.get::<LaunchTemplate>(e).cloned() {
        d.push(kv("Default version", lt.default_version.to_string()));
        for v in &lt.versions {
            d.push(kv(
                &format!("  v{}", v.number),
                format!(
                    "{} {} {}",
                    v.instance_type,
                    v.description,
                    if v.created_by.contains("devops-team") {
                        ""
                    } else {
                        t("insp.not_by_team")
                    }
                ),
            ));
        }
    }
    if let Some(g) = world.get::<SecurityGroup>(e).cloned() {
        d.push(kv("Description", g.description.clone()));
        for r in &g.rules {
            let from = match &r.source {
                crate::sim::command::IngressSource::Cidr(c) => c.clone(),
                crate::sim::command::IngressSource::Group(g) => g.clone(),
            };
            d.push(kv(
                "  inbound",
                format!("{} {}-{} from {from}", r.protocol, r.from_port, r.to_port),
            ));
        }
    }
    if let Some(a) = world.get::<MetricAlarm>(e).cloned() {
        d.push(kv("State", a.state.aws_name().into()));
        d.push(kv("Reason", a.reason.clone()));
    }
    if let Some(a) = world.get::<CompositeAlarm>(e).cloned() {
        d.push(kv("State", a.state.aws_name().into()));
        d.push(kv("Rule", a.rule.clone()));
    }
    d
}

/// The newest trail events naming the resource (by id or Name tag), newest first.
pub fn recent_events(
    world: &World,
    e: Entity,
    n: usize,
) -> Vec<(u64, f64, String, String, Option<String>)> {
    let id = id_of(world, e);
    let name = world
        .get::<Name>(e)
        .map(|n| n.as_str().to_string())
        .unwrap_or_default();
    world
        .resource::<CloudTrail>()
        .events
        .iter()
        .rev()
        .filter(|ev| {
            ev.resources
                .iter()
                .any(|r| *r == id || (!name.is_empty() && *r == name))
        })
        .take(n)
        .map(|ev| {
            (
                ev.number,
                ev.time,
                ev.event_name().to_string(),
                cloudtrail::principal_label(&ev.principal),
                ev.error.as_ref().map(|x| x.code.clone()),
            )
        })
        .collect()
}

/// Draws the inspector window at the top-left of the map area.
pub fn show(ctx: &egui::Context, free: egui::Rect, world: &mut World) {
    let Some(e) = world.resource::<Selected>().0 else {
        return;
    };
    let Some(kind) = world.get_entity(e).ok().and_then(|_| kind_of(world, e)) else {
        return;
    };
    let name = world
        .get::<Name>(e)
        .map(|n| n.as_str().to_string())
        .unwrap_or_default();
    let lines = details(world, e);
    let events = recent_events(world, e, 5);
    let (page, actions) = actions_for(world, e);
    let boot = world.get::<Instance>(e).map(|i| {
        (
            i.boot.log.clone(),
            i.boot.failure.clone(),
            i.user_data.clone(),
        )
    });
    let clock = world.resource::<SimClock>().clone();
    let large = world.resource::<HudLayout>().large_targets;
    let mut open_form = None;
    let mut focus = None;
    let mut close = false;
    egui::Window::new(format!("{kind}: {name}"))
        .id(egui::Id::new("inspector"))
        .default_pos(free.min + egui::vec2(10.0, 10.0))
        .default_width(360.0)
        .max_height(free.height() - 20.0)
        // egui's collapse arrow is a 14 px target: not with large touch targets
        .collapsible(!large)
        .resizable(true)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(free.height() - 80.0)
                .show(ui, |ui| {
                    egui::Grid::new("inspector-grid")
                        .num_columns(2)
                        .striped(true)
                        .show(ui, |ui| {
                            for (k, v) in &lines {
                                ui.label(egui::RichText::new(k).color(theme::DIM));
                                ui.label(v);
                                ui.end_row();
                            }
                        });
                    if let Some((log, failure, user_data)) = &boot {
                        theme::section(ui, t("insp.cloud_init"));
                        egui::Frame::new()
                            .fill(theme::TERMINAL)
                            .inner_margin(6)
                            .show(ui, |ui| {
                                for l in log {
                                    let bad = l.contains(": line ")
                                        || l.starts_with("cloud-init: the script exited")
                                        || l.contains("does not start");
                                    ui.label(egui::RichText::new(l).monospace().color(if bad {
                                        theme::RED
                                    } else {
                                        theme::GREEN
                                    }));
                                }
                            });
                        if let Some(f) = failure {
                            ui.label(
                                egui::RichText::new(tf("insp.failed_at", &[("where", f)]))
                                    .strong()
                                    .color(theme::RED),
                            );
                        }
                        egui::CollapsingHeader::new(t("insp.user_data")).show(ui, |ui| {
                            for (i, l) in user_data.lines().enumerate() {
                                let failing = failure
                                    .as_ref()
                                    .is_some_and(|f| f.starts_with(&format!("line {}:", i + 1)));
                                ui.label(
                                    egui::RichText::new(format!("{:>2} {l}", i + 1))
                                        .monospace()
                                        .color(if failing { theme::RED } else { theme::TEXT }),
                                );
                            }
                        });
                    }
                    theme::section(ui, t("insp.recent"));
                    if events.is_empty() {
                        ui.label(egui::RichText::new(t("insp.none")).color(theme::DIM));
                    }
                    for (n, time, ev, who, err) in &events {
                        let text = format!(
                            "{} {}{}",
                            clock.wall_clock(*time),
                            tf("insp.event_by", &[("event", ev), ("who", who)]),
                            err.as_ref().map(|e| format!(" — {e}")).unwrap_or_default()
                        );
                        let color = if err.is_some() {
                            theme::AMBER
                        } else {
                            theme::TEXT
                        };
                        if ui.link(egui::RichText::new(text).color(color)).clicked() {
                            focus = Some(*n);
                        }
                    }
                    if !actions.is_empty() {
                        theme::section(ui, t("insp.actions"));
                        ui.horizontal_wrapped(|ui| {
                            for (svc, op) in &actions {
                                if ui
                                    .button(op.to_string())
                                    .on_hover_text(format!("aws {svc} {op}"))
                                    .clicked()
                                {
                                    open_form = Some((*svc, *op));
                                }
                            }
                        });
                    }
                    if theme::small_button(ui, t("insp.deselect")).clicked() {
                        close = true;
                    }
                });
        });
    if let Some((svc, op)) = open_form {
        let page = if svc == "route53" {
            Page::Route53
        } else {
            page
        };
        console::open(world, page, Some((svc, op)));
    }
    if let Some(n) = focus {
        cloudtrail::focus_event(world, n);
    }
    if close {
        world.resource_mut::<Selected>().0 = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instances_show_their_boot_log_and_commands() {
        let mut app = crate::headless::start("unicorn-rentals", 7).unwrap();
        let world = app.world_mut();
        let e = crate::sim::world::all::<Instance>(world)[0];
        assert_eq!(kind_of(world, e), Some("EC2 instance"));
        let d = details(world, e);
        assert!(d.iter().any(|(k, v)| k == "Type" && v == "t3.micro"));
        assert!(
            d.iter()
                .any(|(k, v)| k == "Subnet" && v.starts_with("public-a"))
        );
        // its health on the Classic load balancer: what describe-instance-health answers
        let health = d
            .iter()
            .find(|(k, _)| k.starts_with("Health on "))
            .map(|(_, v)| v.clone())
            .expect("web-1 is registered with the Classic load balancer");
        let lb_name = d
            .iter()
            .find(|(k, _)| k.starts_with("Health on "))
            .map(|(k, _)| k.trim_start_matches("Health on ").to_string())
            .unwrap();
        let answer = crate::sim::api::execute(
            world,
            crate::sim::command::Principal::Player,
            crate::sim::command::Command::Read(crate::sim::command::Read::DescribeInstanceHealth {
                load_balancer_name: lb_name,
                instance_ids: vec![id_of(world, e)],
            }),
        );
        let body = answer.result.unwrap().body.unwrap();
        let state = &body["InstanceStates"][0];
        let expected = match state["State"].as_str().unwrap() {
            "InService" => "InService".to_string(),
            other => format!(
                "{other} — {}: {}",
                state["ReasonCode"].as_str().unwrap(),
                state["Description"].as_str().unwrap()
            ),
        };
        assert_eq!(health, expected);
        let (page, actions) = actions_for(world, e);
        assert_eq!(page, Page::Instances);
        assert!(actions.contains(&("ec2", "terminate-instances")));
        assert!(
            !recent_events(world, e, 5).is_empty(),
            "the bootstrap launched it"
        );
    }
}
