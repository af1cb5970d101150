//! The runbook: the scenario's Markdown in a readable panel with sections, and hints that
//! unlock when their situation happens (a failed `CreateLoadBalancer`, a failing boot script…).

use super::{HudSystems, theme, toasts};
use crate::i18n::{pick, t, tf};
use crate::scenario::Scenario;
use crate::screens::Screen;
use crate::sim::clock::SimClock;
use crate::sim::command::Command;
use crate::sim::model::*;
use crate::sim::trail::CloudTrail;
use crate::sim::world::all;
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
    fn key(self) -> &'static str {
        match self {
            HintId::SubnetsFull => "subnets_full",
            HintId::BootScriptFails => "boot_script",
            HintId::NewSubnetPrivate => "subnet_private",
            HintId::SurgeQueue => "surge_queue",
            HintId::UnknownPrincipal => "unknown_principal",
            HintId::NoScalingPolicy => "no_scaling_policy",
            HintId::DnsStillOld => "dns_still_old",
        }
    }

    pub fn title(self) -> &'static str {
        t(&format!("hint.{}.title", self.key()))
    }

    pub fn text(self) -> &'static str {
        t(&format!("hint.{}.text", self.key()))
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
        .init_resource::<ScenarioHintsSeen>()
        .add_systems(OnEnter(Screen::Playing), reset_hints)
        .add_systems(
            EguiPrimaryContextPass,
            (unlock_hints, toast_scenario_hints)
                .run_if(in_state(Screen::Playing))
                .in_set(HudSystems::Input),
        );
}

fn reset_hints(mut hints: ResMut<Hints>, mut seen: ResMut<ScenarioHintsSeen>) {
    *hints = Hints::default();
    seen.0 = 0;
}

/// The scenario's own hints (`hints:` in its RON, unlocked by the simulation) shown so far.
#[derive(Resource, Default, Debug)]
pub struct ScenarioHintsSeen(pub usize);

/// Toasts each scenario hint the simulation unlocks (a hint is visible without opening the
/// runbook; clicking the toast opens it).
fn toast_scenario_hints(world: &mut World) {
    let Some(shown) = world
        .get_resource::<crate::sim::hints::Hints>()
        .map(|h| h.shown.clone())
    else {
        return;
    };
    let seen = world.resource::<ScenarioHintsSeen>().0;
    if shown.len() <= seen {
        return;
    }
    let texts: Vec<String> = {
        let Some(s) = world.get_resource::<Scenario>() else {
            return;
        };
        shown[seen..]
            .iter()
            .filter_map(|(_, k)| s.hints.get(*k))
            .map(|h| pick(&h.text, &h.text_ko).to_string())
            .collect()
    };
    world.resource_mut::<ScenarioHintsSeen>().0 = shown.len();
    for text in texts {
        toasts::push(
            world,
            toasts::Toast::new(
                tf(
                    "runbook.hint_unlocked",
                    &[("title", &first_sentence(&text))],
                ),
                theme::BLUE,
            )
            .opens(super::RightTab::Runbook),
        );
    }
}

/// The first sentence of a text (a toast's headline), at most about 90 characters.
pub fn first_sentence(text: &str) -> String {
    let end = text
        .char_indices()
        .find(|&(i, c)| matches!(c, '.' | '!' | '?') && i > 0)
        .map_or(text.len(), |(i, c)| i + c.len_utf8());
    let s = &text[..end];
    if s.chars().count() > 90 {
        let cut: String = s.chars().take(88).collect();
        format!("{}…", cut.trim_end())
    } else {
        s.to_string()
    }
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
            toasts::Toast::new(
                tf("runbook.hint_unlocked", &[("title", h.title())]),
                theme::BLUE,
            )
            .opens(super::RightTab::Runbook),
        );
    }
}

/// The runbook tab: unlocked hints first, then the scenario's runbook by section.
pub fn show(ui: &mut egui::Ui, world: &mut World) {
    let hints: Vec<(HintId, f64)> = world.resource::<Hints>().unlocked.clone();
    let (runbook, scenario_hints) = world
        .get_resource::<Scenario>()
        .map(|s| {
            let shown = world
                .get_resource::<crate::sim::hints::Hints>()
                .map(|h| h.shown.clone())
                .unwrap_or_default();
            let texts: Vec<(f64, String)> = shown
                .iter()
                .filter_map(|(at, k)| {
                    s.hints
                        .get(*k)
                        .map(|h| (*at, pick(&h.text, &h.text_ko).to_string()))
                })
                .collect();
            (pick(&s.runbook, &s.runbook_ko).to_string(), texts)
        })
        .unwrap_or_default();
    let clock = world
        .get_resource::<SimClock>()
        .cloned()
        .unwrap_or_default();
    egui::ScrollArea::vertical()
        .id_salt("runbook")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let count = hints.len() + scenario_hints.len();
            theme::section(ui, &tf("runbook.hints", &[("count", &count.to_string())]));
            if count == 0 {
                ui.label(egui::RichText::new(t("runbook.no_hints")).color(theme::DIM));
            }
            for (at, text) in scenario_hints.iter().rev() {
                egui::Frame::new()
                    .fill(theme::RAISED)
                    .inner_margin(6)
                    .corner_radius(4)
                    .show(ui, |ui| {
                        ui.label(
                            egui::RichText::new(format!(
                                "{}  ·  {}",
                                t("runbook.scenario_hint"),
                                clock.wall_clock(*at)
                            ))
                            .strong()
                            .color(theme::BLUE),
                        );
                        markdown(ui, text);
                    });
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
    fn every_hint_has_a_title_and_text_in_both_languages() {
        use crate::i18n::{Language, tr};
        for h in [
            HintId::SubnetsFull,
            HintId::BootScriptFails,
            HintId::NewSubnetPrivate,
            HintId::SurgeQueue,
            HintId::UnknownPrincipal,
            HintId::NoScalingPolicy,
            HintId::DnsStillOld,
        ] {
            for lang in Language::ALL {
                for part in ["title", "text"] {
                    let key = format!("hint.{}.{part}", h.key());
                    assert_ne!(tr(lang, &key), key, "{lang:?} lacks {key}");
                }
            }
        }
    }

    #[test]
    fn a_scenario_hint_toast_leads_with_its_first_sentence() {
        assert_eq!(
            first_sentence("The ALB needs two subnets. Create them in VPC."),
            "The ALB needs two subnets."
        );
        let long = "word ".repeat(40);
        let s = first_sentence(&long);
        assert!(s.ends_with('…') && s.chars().count() <= 90, "{s}");
    }

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
            .map(|e| crate::sim::world::id_of(world, e))
            .collect();
        for s in &subnets {
            crate::sim::api::execute(
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
        assert!(r.result.is_err(), "{r:?}");
        assert!(situations(world, 0).contains(&HintId::SubnetsFull));
    }
}
