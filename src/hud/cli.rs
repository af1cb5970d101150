//! The CLI box: a terminal that takes `aws …` lines, with history (up/down), tab completion of
//! services, operations, options and resource ids, and the parser's errors as aws-cli prints them.

use super::console::forms;
use super::{submit, theme};
use crate::awscli::{
    FileArea, Invocation, OutputOptions, answer_text, operations, options, parse_invocation,
    services, synopsis,
};
use crate::i18n::{t, tf};
use crate::screens::Screen;
use crate::sim::command::Ticket;
use bevy::prelude::*;
use bevy_egui::egui;

/// One line of the terminal's scrollback.
#[derive(Clone, Debug, PartialEq)]
pub enum Scroll {
    Input(String),
    Error(String),
    Info(String),
    /// A sent command: its outcome is looked up in the outbox and printed as the line
    /// asked (`--output`, `--query`).
    Sent(Ticket, OutputOptions),
}

#[derive(Resource, Debug, Default)]
pub struct CliState {
    pub input: String,
    pub history: Vec<String>,
    /// Position while browsing history (None: editing a new line).
    pub browsing: Option<usize>,
    pub scrollback: Vec<Scroll>,
    /// Completion candidates shown in the popup.
    pub candidates: Vec<String>,
    /// Ask the input to take keyboard focus next frame.
    pub focus: bool,
}

/// What tab completion offers at the end of `line`: the start (byte offset) of the word being
/// completed and the candidates. `values` gives resource ids for an option.
pub fn complete(line: &str, values: &dyn Fn(&str) -> Vec<String>) -> (usize, Vec<String>) {
    let start = line.rfind(char::is_whitespace).map_or(0, |i| i + 1);
    let current = &line[start..];
    let words: Vec<&str> = line[..start].split_whitespace().collect();
    let filter = |list: Vec<String>| -> Vec<String> {
        list.into_iter()
            .filter(|c| c.starts_with(current))
            .collect()
    };
    let found = match words.len() {
        0 => filter(vec!["aws".into()]),
        1 if words[0] == "aws" => filter(services().iter().map(|s| s.to_string()).collect()),
        2 if words[0] == "aws" => {
            filter(operations(words[1]).iter().map(|s| s.to_string()).collect())
        }
        n if n >= 3 && words[0] == "aws" => {
            let (svc, op) = (words[1], words[2]);
            let last = words[n - 1];
            let used: Vec<&str> = words
                .iter()
                .filter(|w| w.starts_with("--"))
                .copied()
                .collect();
            let opts = || {
                filter(
                    options(svc, op)
                        .into_iter()
                        .filter(|o| !used.contains(o))
                        .map(String::from)
                        .collect(),
                )
            };
            if current.starts_with('-') {
                opts()
            } else if last.starts_with("--") {
                let v = filter(values(last));
                if v.is_empty() && current.is_empty() {
                    vec![]
                } else {
                    v
                }
            } else if current.is_empty() {
                opts()
            } else {
                vec![]
            }
        }
        _ => vec![],
    };
    (start, found)
}

/// The longest common prefix of the candidates.
pub fn common_prefix(candidates: &[String]) -> String {
    let Some(first) = candidates.first() else {
        return String::new();
    };
    let mut len = first.len();
    for c in &candidates[1..] {
        len = len.min(
            first
                .char_indices()
                .zip(c.chars())
                .take_while(|((_, a), b)| a == b)
                .count(),
        );
    }
    first.chars().take(len).collect()
}

pub fn plugin(app: &mut App) {
    app.init_resource::<CliState>()
        .add_systems(OnEnter(Screen::Playing), reset);
}

fn reset(mut state: ResMut<CliState>) {
    let history = std::mem::take(&mut state.history);
    *state = CliState {
        history,
        scrollback: vec![Scroll::Info(t("cli.welcome").into())],
        ..default()
    };
}

/// Runs one line typed in the box.
pub fn run_line(world: &mut World, line: &str) {
    let line = line.trim().to_string();
    if line.is_empty() {
        return;
    }
    let mut state = world.resource_mut::<CliState>();
    if state.history.last() != Some(&line) {
        state.history.push(line.clone());
    }
    state.browsing = None;
    state.scrollback.push(Scroll::Input(line.clone()));
    if line == "clear" {
        state.scrollback.clear();
        return;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.len() >= 3 && words[0] == "aws" && words.last() == Some(&"help") {
        let text = synopsis(words[1], words[2])
            .unwrap_or_else(|| format!("aws: error: no help for '{} {}'", words[1], words[2]));
        state.scrollback.push(Scroll::Info(text));
        return;
    }
    // `file://` reads the player's home directory (the files the game ships)
    match parse_invocation(&line, &FileArea::home()) {
        Ok(Invocation::Print(text)) => world
            .resource_mut::<CliState>()
            .scrollback
            .push(Scroll::Info(text)),
        Ok(Invocation::Call(cmd, output)) => {
            let id = submit::submit(world, cmd);
            world
                .resource_mut::<CliState>()
                .scrollback
                .push(Scroll::Sent(id, output));
        }
        Err(e) => world
            .resource_mut::<CliState>()
            .scrollback
            .push(Scroll::Error(e.message)),
    }
}

/// Draws the terminal.
pub fn show(ui: &mut egui::Ui, world: &mut World) {
    theme::section(ui, "CLI  ·  aws");
    let input_id = egui::Id::new("cli-input");
    let focused = ui.memory(|m| m.has_focus(input_id));
    let (tab, up, down) = if focused {
        ui.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::NONE, egui::Key::Tab),
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
            )
        })
    } else {
        (false, false, false)
    };
    let mut state = std::mem::take(&mut *world.resource_mut::<CliState>());
    let mut move_cursor = false;
    if up && !state.history.is_empty() {
        let i = state
            .browsing
            .map_or(state.history.len() - 1, |i| i.saturating_sub(1));
        state.browsing = Some(i);
        state.input = state.history[i].clone();
        move_cursor = true;
    }
    if down && let Some(i) = state.browsing {
        if i + 1 < state.history.len() {
            state.browsing = Some(i + 1);
            state.input = state.history[i + 1].clone();
        } else {
            state.browsing = None;
            state.input.clear();
        }
        move_cursor = true;
    }
    if tab {
        let opt = state
            .input
            .split_whitespace()
            .rev()
            .find(|w| w.starts_with("--"))
            .map(String::from);
        let list: Vec<String> = opt
            .as_deref()
            .map(|o| {
                forms::resource_values(world, o)
                    .into_iter()
                    .map(|(v, _)| v)
                    .collect()
            })
            .unwrap_or_default();
        let values = |o: &str| -> Vec<String> {
            if Some(o) == opt.as_deref() {
                list.clone()
            } else {
                vec![]
            }
        };
        let (start, found) = complete(&state.input, &values);
        let prefix = common_prefix(&found);
        if found.len() == 1 {
            state.input.truncate(start);
            state.input.push_str(&found[0]);
            state.input.push(' ');
            state.candidates.clear();
        } else {
            if prefix.len() > state.input.len() - start {
                state.input.truncate(start);
                state.input.push_str(&prefix);
            }
            state.candidates = found;
        }
        move_cursor = true;
    }
    let line_height = ui.text_style_height(&egui::TextStyle::Monospace);
    // the box's 1 px outline adds 2 px to its height: leave room for it, or the panel grows
    // by 2 px every frame until its maximum
    let output_height = (ui.available_height() - line_height * 2.5 - 2.0).max(line_height * 3.0);
    // an outline, not a fill: the panel behind is already terminal-dark, and on a software
    // renderer a filled box this size costs more than the text in it
    egui::Frame::new()
        .stroke(egui::Stroke::new(1.0, theme::RAISED))
        .inner_margin(6)
        .corner_radius(4)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("cli-scroll")
                .max_height(output_height)
                .auto_shrink([false, false])
                .stick_to_bottom(true)
                .show(ui, |ui| {
                    for s in &state.scrollback {
                        match s {
                            Scroll::Input(l) => {
                                ui.label(
                                    egui::RichText::new(format!("$ {l}"))
                                        .monospace()
                                        .color(theme::TEXT),
                                );
                            }
                            Scroll::Error(e) => {
                                ui.label(egui::RichText::new(e).monospace().color(theme::RED));
                            }
                            Scroll::Info(t) => {
                                ui.label(egui::RichText::new(t).monospace().color(theme::DIM));
                            }
                            Scroll::Sent(id, output) => sent_line(ui, world, *id, output),
                        }
                    }
                });
        });
    let response = ui
        .horizontal(|ui| {
            ui.label(egui::RichText::new("$").monospace().color(theme::GREEN));
            ui.add(
                egui::TextEdit::singleline(&mut state.input)
                    .id(input_id)
                    .font(egui::TextStyle::Monospace)
                    .hint_text("aws elbv2 create-load-balancer --name …")
                    .desired_width(f32::INFINITY),
            )
        })
        .inner;
    if state.focus {
        response.request_focus();
        state.focus = false;
    }
    if response.changed() {
        state.candidates.clear();
    }
    if move_cursor {
        let len = state.input.chars().count();
        if let Some(mut ts) = egui::text_edit::TextEditState::load(ui.ctx(), input_id) {
            ts.cursor.set_char_range(Some(egui::text::CCursorRange::one(
                egui::text::CCursor::new(len),
            )));
            ts.store(ui.ctx(), input_id);
        }
    }
    let entered = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if !state.candidates.is_empty() {
        let char_w = ui.text_style_height(&egui::TextStyle::Monospace) * 0.6;
        let start = state.input.rfind(char::is_whitespace).map_or(0, |i| i + 1);
        let x = (start as f32 * char_w)
            .min(response.rect.width() - 280.0)
            .max(0.0);
        let below = response.rect.left_top() + egui::vec2(x, 0.0);
        let mut picked = None;
        egui::Area::new("cli-completion".into())
            .fixed_pos(below - egui::vec2(0.0, 8.0))
            .pivot(egui::Align2::LEFT_BOTTOM)
            .order(egui::Order::Foreground)
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.label(
                        egui::RichText::new(tf(
                            "cli.completions",
                            &[("count", &state.candidates.len().to_string())],
                        ))
                        .small()
                        .color(theme::DIM),
                    );
                    egui::ScrollArea::vertical()
                        .max_height(220.0)
                        .show(ui, |ui| {
                            for c in &state.candidates {
                                if ui
                                    .selectable_label(false, egui::RichText::new(c).monospace())
                                    .clicked()
                                {
                                    picked = Some(c.clone());
                                }
                            }
                        });
                });
            });
        if let Some(c) = picked {
            let start = state.input.rfind(char::is_whitespace).map_or(0, |i| i + 1);
            state.input.truncate(start);
            state.input.push_str(&c);
            state.input.push(' ');
            state.candidates.clear();
            state.focus = true;
        }
    }
    let line = entered.then(|| std::mem::take(&mut state.input));
    if entered {
        state.candidates.clear();
        state.focus = true;
    }
    *world.resource_mut::<CliState>() = state;
    if let Some(line) = line {
        run_line(world, &line);
    }
}

fn sent_line(ui: &mut egui::Ui, world: &World, id: Ticket, output: &OutputOptions) {
    let Some(p) = world.resource::<submit::Outbox>().get(id) else {
        return;
    };
    match &p.outcome {
        None => {
            ui.label(
                egui::RichText::new(t("cli.queued"))
                    .monospace()
                    .color(theme::AMBER),
            );
        }
        Some(o) => {
            let color = if o.result.is_ok() {
                theme::GREEN
            } else {
                theme::RED
            };
            ui.label(
                egui::RichText::new(answer_text(p.command.event_name(), &o.result, output))
                    .monospace()
                    .color(color),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &str) -> Vec<String> {
        vec![]
    }

    #[test]
    fn completes_services_operations_and_options() {
        assert_eq!(complete("a", &none), (0, vec!["aws".to_string()]));
        let (start, c) = complete("aws el", &none);
        assert_eq!(start, 4);
        assert_eq!(c, vec!["elasticache", "elb", "elbv2"]);
        assert_eq!(common_prefix(&c), "el");
        let (_, c) = complete("aws elbv2 create-l", &none);
        assert_eq!(c, vec!["create-listener", "create-load-balancer"]);
        let (_, c) = complete("aws autoscaling set-desired-capacity --d", &none);
        assert_eq!(c, vec!["--desired-capacity"]);
        // options already given are not offered again
        let (_, c) = complete(
            "aws autoscaling set-desired-capacity --desired-capacity 3 --",
            &none,
        );
        assert!(!c.contains(&"--desired-capacity".to_string()));
        assert!(c.contains(&"--auto-scaling-group-name".to_string()));
    }

    #[test]
    fn completes_resource_ids_after_an_option() {
        let values = |opt: &str| -> Vec<String> {
            if opt == "--subnet-id" {
                vec!["subnet-0a".into(), "subnet-1b".into()]
            } else {
                vec![]
            }
        };
        let (start, c) = complete("aws ec2 delete-subnet --subnet-id subnet-1", &values);
        assert_eq!(start, 34);
        assert_eq!(c, vec!["subnet-1b"]);
    }
}
