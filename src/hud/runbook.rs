//! The runbook: the scenario's Markdown in a readable panel with sections, and hints that
//! unlock when their situation happens (a failed `CreateLoadBalancer`, a failing boot script…).

use super::{HudSystems, theme, toasts};
use crate::scenario::Scenario;
use crate::screens::Screen;
use crate::sim::api::all;
use crate::sim::clock::SimClock;
use crate::sim::command::Command;
use crate::sim::model::*;
use crate::sim::trail::CloudTrail;
use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, egui};

/// One `## section` of a Markdown text (the part before the first heading has an empty title).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    pub body: String,
}

/// Splits Markdown into its `#`/`##` sections, in order.
pub fn sections(markdown: &str) -> Vec<Section> {
    let mut out = vec![Section {
        title: String::new(),
        body: String::new(),
    }];
    for line in markdown.lines() {
        if let Some(title) = line.strip_prefix("## ").or_else(|| line.strip_prefix("# ")) {
            out.push(Section {
                title: title.trim().to_string(),
                body: String::new(),
            });
        } else {
            let s = out.last_mut().unwrap();
            s.body.push_str(line);
            s.body.push('\n');
        }
    }
    out.retain(|s| !s.title.is_empty() || !s.body.trim().is_empty());
    out
}

/// Inline spans of one Markdown line: (text, bold, code, italic).
pub fn spans(line: &str) -> Vec<(String, bool, bool, bool)> {
    let mut out = Vec::new();
    let (mut bold, mut code, mut italic) = (false, false, false);
    let mut cur = String::new();
    let mut chars = line.chars().peekable();
    let flush = |cur: &mut String, out: &mut Vec<_>, b, c, i| {
        if !cur.is_empty() {
            out.push((std::mem::take(cur), b, c, i));
        }
    };
    while let Some(ch) = chars.next() {
        match ch {
            '`' => {
                flush(&mut cur, &mut out, bold, code, italic);
                code = !code;
            }
            '*' if !code && chars.peek() == Some(&'*') => {
                chars.next();
                flush(&mut cur, &mut out, bold, code, italic);
                bold = !bold;
            }
            '*' if !code => {
                flush(&mut cur, &mut out, bold, code, italic);
                italic = !italic;
            }
            c => cur.push(c),
        }
    }
    flush(&mut cur, &mut out, bold, code, italic);
    out
}

fn line_job(ui: &egui::Ui, line: &str, size: f32) -> egui::text::LayoutJob {
    let mut job = egui::text::LayoutJob::default();
    for (text, bold, code, italic) in spans(line) {
        let font = if code {
            egui::FontId::monospace(size - 1.0)
        } else {
            egui::FontId::proportional(size)
        };
        let color = if code {
            theme::AMBER
        } else if bold {
            egui::Color32::WHITE
        } else {
            ui.visuals().text_color()
        };
        job.append(
            &text,
            0.0,
            egui::TextFormat {
                font_id: font,
                color,
                italics: italic,
                background: if code {
                    theme::TERMINAL
                } else {
                    egui::Color32::TRANSPARENT
                },
                ..Default::default()
            },
        );
    }
    job.wrap.max_width = ui.available_width();
    job
}

/// Draws Markdown: headings, bullets (with continuation lines), bold, italics and code spans.
pub fn markdown(ui: &mut egui::Ui, text: &str) {
    let size = ui
        .style()
        .text_styles
        .get(&egui::TextStyle::Body)
        .map(|f| f.size)
        .unwrap_or(15.0);
    let mut paragraph = String::new();
    let flush = |ui: &mut egui::Ui, p: &mut String| {
        if p.is_empty() {
            return;
        }
        let text = std::mem::take(p);
        if let Some(item) = text.strip_prefix("- ") {
            ui.horizontal_top(|ui| {
                ui.label(egui::RichText::new("•").color(theme::ORANGE));
                let job = line_job(ui, item, size);
                ui.add(egui::Label::new(job).wrap());
            });
        } else {
            let job = line_job(ui, &text, size);
            ui.add(egui::Label::new(job).wrap());
        }
    };
    for line in text.lines() {
        let trimmed = line.trim_end();
        if let Some(h) = trimmed.strip_prefix("## ") {
            flush(ui, &mut paragraph);
            ui.add_space(6.0);
            ui.label(
                egui::RichText::new(h)
                    .size(size + 3.0)
                    .strong()
                    .color(theme::ORANGE),
            );
        } else if let Some(h) = trimmed.strip_prefix("# ") {
            flush(ui, &mut paragraph);
            ui.label(egui::RichText::new(h).size(size + 7.0).strong());
        } else if trimmed.is_empty() {
            flush(ui, &mut paragraph);
        } else if trimmed.starts_with("- ") {
            flush(ui, &mut paragraph);
            paragraph.push_str(trimmed);
        } else {
            if !paragraph.is_empty() {
                paragraph.push(' ');
            }
            paragraph.push_str(trimmed.trim_start());
        }
    }
    flush(ui, &mut paragraph);
}

/// The situations a hint waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HintId {
    SubnetsFull,
    BootScriptFails,
    NewSubnetPrivate,
    SurgeQueue,
    UnknownPrincipal,
    NoScalingPolicy,
    DnsStillOld,
}

impl HintId {
    pub fn title(self) -> &'static str {
        match self {
            HintId::SubnetsFull => "The load balancer has nowhere to live",
            HintId::BootScriptFails => "New instances never become healthy",
            HintId::NewSubnetPrivate => "A new subnet is private",
            HintId::SurgeQueue => "Customers are getting 503s (spillover)",
            HintId::UnknownPrincipal => "Someone else is changing your estate",
            HintId::NoScalingPolicy => "You are the autoscaler",
            HintId::DnsStillOld => "Customers still go to the old load balancer",
        }
    }

    pub fn text(self) -> &'static str {
        match self {
            HintId::SubnetsFull => {
                "CreateLoadBalancer failed for lack of free addresses. An ALB needs 8 free addresses in each of two AZs, and a /28 has only 11 usable. VPC → Subnets: create two /24 subnets in two AZs, associate them with the public route table, and create the ALB on those."
            }
            HintId::BootScriptFails => {
                "An instance's boot script stopped before the app started. Click the instance (map or EC2 → Instances) and read its cloud-init log in the Inspector: the failing line is red. Fix the user data in a new launch template version (EC2 → Launch templates), then point the group at it."
            }
            HintId::NewSubnetPrivate => {
                "A subnet you created uses the main route table, which has no route to the internet gateway. VPC → Route tables: associate-route-table with the public table."
            }
            HintId::SurgeQueue => {
                "The Classic Load Balancer's surge queue (1,024 requests) overflowed. More capacity behind it helps now; an ALB with an Auto Scaling group helps for good."
            }
            HintId::UnknownPrincipal => {
                "CloudTrail shows a call from a principal that is not your team. Look at what it changed (red rows) and undo it: recreate what was deleted, re-open what was closed."
            }
            HintId::NoScalingPolicy => {
                "Your Auto Scaling group has no scaling policy: capacity only changes when you change it. Auto Scaling → Policies: put-scaling-policy with target tracking on CPU (about 50%)."
            }
            HintId::DnsStillOld => {
                "Your ALB has healthy targets but www still points at the old load balancer. Route 53: change-resource-record-sets (UPSERT an alias to the ALB's DNS name)."
            }
        }
    }
}

/// Hints unlocked so far, with the simulated time they unlocked.
#[derive(Resource, Default, Debug)]
pub struct Hints {
    pub unlocked: Vec<(HintId, f64)>,
    scanned: u64,
}

/// The situations present in the world right now (plain function; unit-tested).
pub fn situations(world: &mut World, since_event: u64) -> Vec<HintId> {
    let mut found = Vec::new();
    let trail = world.resource::<CloudTrail>();
    for e in trail.events.iter().filter(|e| e.number > since_event) {
        if let (Command::CreateLoadBalancer { .. }, Some(err)) = (&e.command, &e.error)
            && (err.code.contains("Subnet") || err.message.contains("address"))
        {
            found.push(HintId::SubnetsFull);
        }
        if e.principal.is_unknown() && e.error.is_none() {
            found.push(HintId::UnknownPrincipal);
        }
    }
    let mut q = world.query::<&Instance>();
    if q.iter(world)
        .any(|i| i.state == InstanceState::Running && i.boot.failure.is_some())
    {
        found.push(HintId::BootScriptFails);
    }
    let lb_subnets: Vec<Entity> = {
        let mut q = world.query::<&LoadBalancer>();
        q.iter(world).flat_map(|l| l.subnets.clone()).collect()
    };
    let mut q = world.query::<(Entity, &Subnet, &CreatedBy)>();
    if q.iter(world).any(|(e, s, by)| {
        !s.public && by.0.contains(":user/devops-team") && lb_subnets.contains(&e)
    }) {
        found.push(HintId::NewSubnetPrivate);
    }
    if let Some(m) = world.get_resource::<crate::sim::metrics::Metrics>()
        && m.last().is_some_and(|d| d.spillover > 0)
    {
        found.push(HintId::SurgeQueue);
    }
    let now = world.resource::<SimClock>().now;
    let asgs = all::<AutoScalingGroup>(world);
    if now > 20.0 * 60.0
        && !asgs.is_empty()
        && asgs.iter().all(|&g| {
            world
                .get::<AutoScalingGroup>(g)
                .is_some_and(|a| a.policies.is_empty())
        })
    {
        found.push(HintId::NoScalingPolicy);
    }
    let dns = world.resource::<Dns>().target.clone();
    let lbs = all::<LoadBalancer>(world);
    let classic_serving = lbs.iter().any(|&e| {
        let l = world.get::<LoadBalancer>(e).unwrap();
        l.kind == crate::sim::command::LbKind::Classic
            && matches!(&dns, Some(DnsTarget::Alias(n)) if *n == l.dns_name)
    });
    if classic_serving {
        let tgs: Vec<Entity> = all::<TargetGroup>(world);
        let alb_ready = lbs.iter().any(|&e| {
            let l = world.get::<LoadBalancer>(e).unwrap();
            l.kind == crate::sim::command::LbKind::Application
                && l.state == LbState::Active
                && l.listeners.iter().any(|x| {
                    x.target_group.is_some_and(|tg| {
                        tgs.contains(&tg)
                            && world.get::<TargetGroup>(tg).is_some_and(|t| {
                                t.targets
                                    .iter()
                                    .any(|t| t.state == TargetHealthState::Healthy)
                            })
                    })
                })
        });
        if alb_ready {
            found.push(HintId::DnsStillOld);
        }
    }
    found.dedup();
    found
}

pub fn plugin(app: &mut App) {
    app.init_resource::<Hints>()
        .add_systems(OnEnter(Screen::Playing), reset_hints)
        .add_systems(
            EguiPrimaryContextPass,
            unlock_hints
                .run_if(in_state(Screen::Playing))
                .in_set(HudSystems::Input),
        );
}

fn reset_hints(mut hints: ResMut<Hints>) {
    *hints = Hints::default();
}

fn unlock_hints(world: &mut World) {
    if world.get_resource::<SimClock>().is_none() {
        return;
    }
    let since = world.resource::<Hints>().scanned;
    let found = situations(world, since);
    let now = world.resource::<SimClock>().now;
    let total = world.resource::<CloudTrail>().total;
    let mut new = Vec::new();
    {
        let mut hints = world.resource_mut::<Hints>();
        hints.scanned = total;
        for h in found {
            if !hints.unlocked.iter().any(|(x, _)| *x == h) {
                hints.unlocked.push((h, now));
                new.push(h);
            }
        }
    }
    for h in new {
        toasts::push(
            world,
            toasts::Toast::new(format!("Hint unlocked: {}", h.title()), theme::BLUE)
                .opens(super::RightTab::Runbook),
        );
    }
}

/// The runbook tab: unlocked hints first, then the scenario's runbook by section.
pub fn show(ui: &mut egui::Ui, world: &mut World) {
    let hints: Vec<(HintId, f64)> = world.resource::<Hints>().unlocked.clone();
    let runbook = world
        .get_resource::<Scenario>()
        .map(|s| s.runbook.clone())
        .unwrap_or_default();
    egui::ScrollArea::vertical()
        .id_salt("runbook")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            theme::section(ui, &format!("HINTS ({} unlocked)", hints.len()));
            if hints.is_empty() {
                ui.label(
                    egui::RichText::new(
                        "Hints unlock here when something happens that the runbook can help with.",
                    )
                    .color(theme::DIM),
                );
            }
            for (h, _) in hints.iter().rev() {
                egui::Frame::new()
                    .fill(theme::RAISED)
                    .inner_margin(6)
                    .corner_radius(4)
                    .show(ui, |ui| {
                        ui.label(egui::RichText::new(h.title()).strong().color(theme::BLUE));
                        ui.label(h.text());
                    });
            }
            ui.separator();
            for s in sections(&runbook) {
                if s.title.is_empty() {
                    markdown(ui, &s.body);
                    continue;
                }
                egui::CollapsingHeader::new(egui::RichText::new(&s.title).strong())
                    .default_open(true)
                    .show(ui, |ui| markdown(ui, &s.body));
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_split_on_headings() {
        let s = sections("# Title\nintro\n\n## One\n- a\n## Two\nb\n");
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].title, "Title");
        assert_eq!(s[1].title, "One");
        assert_eq!(s[1].body, "- a\n");
        assert_eq!(s[2].body, "b\n");
    }

    #[test]
    fn spans_mark_bold_code_and_italics() {
        let s = spans("a **b** `c*d` *e*");
        assert_eq!(
            s,
            vec![
                ("a ".into(), false, false, false),
                ("b".into(), true, false, false),
                (" ".into(), false, false, false),
                ("c*d".into(), false, true, false),
                (" ".into(), false, false, false),
                ("e".into(), false, false, true),
            ]
        );
    }

    #[test]
    fn a_failed_alb_for_lack_of_addresses_unlocks_the_subnet_hint() {
        let mut app = crate::headless::start("unicorn-rentals", 7).unwrap();
        let world = app.world_mut();
        assert!(!situations(world, 0).contains(&HintId::SubnetsFull));
        // fill both /28s the way the batch job does, then try the ALB there
        let subnets: Vec<String> = all::<Subnet>(world)
            .into_iter()
            .map(|e| crate::sim::api::id_of(world, e))
            .collect();
        for s in &subnets {
            let _ = crate::sim::api::execute(
                world,
                crate::sim::command::Principal::Player,
                Command::CreateNetworkInterface {
                    subnet_id: s.clone(),
                    secondary_ip_count: 6,
                    description: None,
                },
            );
        }
        let r = crate::sim::api::execute(
            world,
            crate::sim::command::Principal::Player,
            Command::CreateLoadBalancer {
                kind: crate::sim::command::LbKind::Application,
                name: "alb".into(),
                subnets,
                security_groups: vec![],
                listeners: vec![],
            },
        );
        assert!(r.is_err(), "{r:?}");
        assert!(situations(world, 0).contains(&HintId::SubnetsFull));
    }
}
