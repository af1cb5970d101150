//! The runbook: the scenario's Markdown in a readable panel with sections, and the hints the
//! simulation's hint engine unlocked (the scenario's own, and the built-in ones that wait for
//! a situation: a failed `CreateLoadBalancer`, a failing boot script…), each toasted once.

use super::{HudSystems, theme, toasts};
use crate::i18n::{pick, t, tf};
use crate::scenario::Scenario;
use crate::screens::Screen;
use crate::sim::clock::SimClock;
use crate::sim::hints::{HintKind, Hints, Situation};
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

/// The i18n key of a built-in hint.
fn situation_key(s: Situation) -> &'static str {
    match s {
        Situation::SubnetsFull => "subnets_full",
        Situation::BootScriptFails => "boot_script",
        Situation::NewSubnetPrivate => "subnet_private",
        Situation::SurgeQueue => "surge_queue",
        Situation::UnknownPrincipal => "unknown_principal",
        Situation::NoScalingPolicy => "no_scaling_policy",
        Situation::DnsStillOld => "dns_still_old",
    }
}

/// A built-in hint's title, in the current language.
pub fn situation_title(s: Situation) -> &'static str {
    t(&format!("hint.{}.title", situation_key(s)))
}

/// A built-in hint's text, in the current language.
pub fn situation_text(s: Situation) -> &'static str {
    t(&format!("hint.{}.text", situation_key(s)))
}

/// A hint as the runbook shows it: `(headline, body)` (a scenario hint is its own text).
fn hint_text(kind: HintKind, scenario: &Scenario) -> Option<(String, String)> {
    match kind {
        HintKind::Scenario(k) => scenario.hints.get(k).map(|h| {
            let text = pick(&h.text, &h.text_ko).to_string();
            (first_sentence(&text), text)
        }),
        HintKind::Situation(s) => Some((
            situation_title(s).to_string(),
            situation_text(s).to_string(),
        )),
    }
}

pub fn plugin(app: &mut App) {
    app.init_resource::<HintsToasted>()
        .add_systems(OnEnter(Screen::Playing), reset_toasted)
        .add_systems(
            EguiPrimaryContextPass,
            toast_new_hints
                .run_if(in_state(Screen::Playing))
                .in_set(HudSystems::Input),
        );
}

fn reset_toasted(mut toasted: ResMut<HintsToasted>) {
    toasted.0 = 0;
}

/// How many of the unlocked hints have been toasted.
#[derive(Resource, Default, Debug)]
pub struct HintsToasted(pub usize);

/// Toasts each hint the simulation unlocks (a hint is visible without opening the runbook;
/// clicking the toast opens it).
fn toast_new_hints(world: &mut World) {
    let Some(shown) = world.get_resource::<Hints>().map(|h| h.shown.clone()) else {
        return;
    };
    let toasted = world.resource::<HintsToasted>().0;
    if shown.len() <= toasted {
        return;
    }
    let Some(scenario) = world.get_resource::<Scenario>() else {
        return;
    };
    let titles: Vec<String> = shown[toasted..]
        .iter()
        .filter_map(|(_, k)| hint_text(*k, scenario).map(|(title, _)| title))
        .collect();
    world.resource_mut::<HintsToasted>().0 = shown.len();
    for title in titles {
        toasts::push(
            world,
            toasts::Toast::new(
                tf("runbook.hint_unlocked", &[("title", &title)]),
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

/// The runbook tab: unlocked hints first, then the scenario's runbook by section.
pub fn show(ui: &mut egui::Ui, world: &mut World) {
    let (runbook, hints) = world
        .get_resource::<Scenario>()
        .map(|s| {
            let shown = world
                .get_resource::<Hints>()
                .map(|h| h.shown.clone())
                .unwrap_or_default();
            let hints: Vec<(f64, HintKind, String, String)> = shown
                .iter()
                .filter_map(|(at, k)| hint_text(*k, s).map(|(title, text)| (*at, *k, title, text)))
                .collect();
            (pick(&s.runbook, &s.runbook_ko).to_string(), hints)
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
            theme::section(
                ui,
                &tf("runbook.hints", &[("count", &hints.len().to_string())]),
            );
            if hints.is_empty() {
                ui.label(egui::RichText::new(t("runbook.no_hints")).color(theme::DIM));
            }
            for (at, kind, title, text) in hints.iter().rev() {
                egui::Frame::new()
                    .fill(theme::RAISED)
                    .inner_margin(6)
                    .corner_radius(4)
                    .show(ui, |ui| match kind {
                        HintKind::Scenario(_) => {
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
                        }
                        HintKind::Situation(_) => {
                            ui.label(egui::RichText::new(title).strong().color(theme::BLUE));
                            ui.label(text);
                        }
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
            Situation::SubnetsFull,
            Situation::BootScriptFails,
            Situation::NewSubnetPrivate,
            Situation::SurgeQueue,
            Situation::UnknownPrincipal,
            Situation::NoScalingPolicy,
            Situation::DnsStillOld,
        ] {
            for lang in Language::ALL {
                for part in ["title", "text"] {
                    let key = format!("hint.{}.{part}", situation_key(h));
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
}
