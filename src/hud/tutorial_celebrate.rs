//! Each finished tutorial step is celebrated where it was done: a sound and its points popping
//! up beside the pointer ("+2000"). When the last step is done, a card shows the medal the
//! score has earned and offers the scenario's next one ("Next: Unicorn Rentals").

use super::tutorial_pointer::TutorialPointer;
use super::{HudSystems, primary_ctx, record_buttons, theme};
use crate::i18n::{pick, t, tf};
use crate::platform::sound::{Cue, Cues};
use crate::scenario::Scenario;
use crate::screens::{GameSpeed, RoundSetup, Screen};
use crate::sim::score::Score;
use crate::sim::tutorial::TutorialProgress;
use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, egui};

/// Seconds a "+N" stays on screen while it rises and fades.
const POP_SECONDS: f64 = 2.5;
/// How far it rises, in logical pixels.
const POP_RISE: f32 = 90.0;

/// A step's points popping up.
#[derive(Clone, Debug, PartialEq)]
pub struct Pop {
    pub text: String,
    pub at: egui::Pos2,
    pub since: f64,
}

/// What has been celebrated this round.
#[derive(Resource, Clone, Debug, Default)]
pub struct Celebration {
    /// Finished steps already celebrated.
    pub seen: usize,
    pub pops: Vec<Pop>,
    /// The last place the pointer was, for each step (a step's points pop up there).
    last_at: Option<(usize, egui::Pos2)>,
    /// The player closed the medal card to keep playing.
    pub dismissed: bool,
    /// The next scenario's title in English and Korean (read once).
    next_title: Option<(String, String)>,
}

pub fn plugin(app: &mut App) {
    app.init_resource::<Celebration>()
        .add_systems(OnEnter(Screen::Playing), |mut c: ResMut<Celebration>| {
            *c = Celebration::default();
        })
        .add_systems(
            EguiPrimaryContextPass,
            celebrate
                .run_if(in_state(Screen::Playing))
                .in_set(HudSystems::Panels)
                .after(super::tutorial::draw_card),
        );
}

/// The points of the steps finished since `seen`, as "+N" pops at `at`, and the cue to play
/// (a medal's fanfare for the last step). Pure: the system and the tests share it.
pub fn new_pops(
    scenario: &Scenario,
    progress: &TutorialProgress,
    seen: usize,
    at: egui::Pos2,
    now: f64,
) -> (Vec<Pop>, Option<Cue>) {
    let fresh: Vec<Pop> = progress
        .done
        .iter()
        .skip(seen)
        .enumerate()
        .map(|(k, (_, step))| Pop {
            text: tf(
                "tutorial.points",
                &[(
                    "points",
                    &format!("{:.0}", scenario.steps.get(*step).map_or(0.0, |s| s.points)),
                )],
            ),
            at: at + egui::vec2(0.0, 28.0 * k as f32),
            since: now,
        })
        .collect();
    let cue = (!fresh.is_empty()).then(|| {
        if progress.finished(scenario) {
            Cue::Medal
        } else {
            Cue::Fixed
        }
    });
    (fresh, cue)
}

fn celebrate(world: &mut World) {
    let (Some(scenario), Some(progress)) = (
        world.get_resource::<Scenario>().cloned(),
        world.get_resource::<TutorialProgress>().cloned(),
    ) else {
        return;
    };
    if scenario.steps.is_empty() {
        return;
    }
    let Some(ctx) = primary_ctx(world) else {
        return;
    };
    let now = world.resource::<Time<Real>>().elapsed_secs_f64();
    let pointer = world.resource::<TutorialPointer>().clone();
    let mut c = world.resource::<Celebration>().clone();
    // the pointer moved on to the next step already: its points pop up where it last was
    if progress.done.len() > c.seen {
        let done_step = progress.done.last().map_or(0, |d| d.1);
        let at = match c.last_at {
            Some((step, at)) if step == done_step => at,
            _ => ctx.viewport_rect().center_top() + egui::vec2(0.0, 220.0),
        };
        let (fresh, cue) = new_pops(&scenario, &progress, c.seen, at, now);
        c.pops.extend(fresh);
        c.seen = progress.done.len();
        if let (Some(cue), Some(mut cues)) = (cue, world.get_resource_mut::<Cues>()) {
            cues.play(cue);
        }
    }
    if let Some(r) = pointer.at
        && pointer.step == progress.current
    {
        c.last_at = Some((pointer.step, r.center()));
    }
    c.pops.retain(|p| now - p.since < POP_SECONDS);
    draw_pops(&ctx, &c.pops, now);
    if progress.finished(&scenario) && !c.dismissed && !scenario.next_scenario.is_empty() {
        if c.next_title.is_none() {
            c.next_title = crate::scenario::load(&scenario.next_scenario)
                .ok()
                .map(|s| (s.title, s.title_ko));
        }
        let points = world.resource::<Score>().points;
        let (choice, found) = finish_card(&ctx, &scenario, &c, points);
        record_buttons(world, "tutorial:", found);
        match choice {
            Some(Choice::Next) => {
                world.resource_mut::<RoundSetup>().scenario = scenario.next_scenario.clone();
                world.resource_mut::<GameSpeed>().paused = false;
                world
                    .resource_mut::<NextState<Screen>>()
                    .set(Screen::Briefing);
            }
            Some(Choice::Stay) => c.dismissed = true,
            None => {}
        }
    }
    *world.resource_mut::<Celebration>() = c;
}

/// The rising, fading "+N" of each finished step.
fn draw_pops(ctx: &egui::Context, pops: &[Pop], now: f64) {
    let layer = egui::LayerId::new(egui::Order::Tooltip, egui::Id::new("tutorial-pops"));
    let painter = ctx.layer_painter(layer);
    for p in pops {
        let age = ((now - p.since) / POP_SECONDS).clamp(0.0, 1.0) as f32;
        let color = theme::GREEN.gamma_multiply(1.0 - age * age);
        let at = p.at - egui::vec2(0.0, POP_RISE * age + 30.0);
        painter.text(
            at + egui::vec2(2.0, 2.0),
            egui::Align2::CENTER_CENTER,
            &p.text,
            egui::FontId::proportional(40.0),
            egui::Color32::from_black_alpha((200.0 * (1.0 - age)) as u8),
        );
        painter.text(
            at,
            egui::Align2::CENTER_CENTER,
            &p.text,
            egui::FontId::proportional(40.0),
            color,
        );
    }
}

enum Choice {
    Next,
    Stay,
}

/// The medal card: "Tutorial finished!", the medal the score earns now, and the way on.
fn finish_card(
    ctx: &egui::Context,
    scenario: &Scenario,
    c: &Celebration,
    points: f64,
) -> (Option<Choice>, Vec<(String, egui::Rect)>) {
    let mut choice = None;
    let mut found = Vec::new();
    let shown_points = format!("{points:.0}");
    let medal = scenario.medals.award(points);
    egui::Area::new(egui::Id::new("tutorial-finished"))
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            theme::panel_frame()
                .stroke(egui::Stroke::new(2.0, theme::ORANGE))
                .inner_margin(24)
                .show(ui, |ui| {
                    ui.set_width(440.0);
                    ui.vertical_centered(|ui| {
                        ui.label(
                            egui::RichText::new(t("tutorial.finished"))
                                .size(30.0)
                                .strong()
                                .color(theme::ORANGE),
                        );
                        ui.add_space(10.0);
                        if let Some(m) = medal {
                            let (disc, rim) = medal_colors(m);
                            let medal_name = medal_name(m);
                            let (rect, _) = ui
                                .allocate_exact_size(egui::vec2(96.0, 96.0), egui::Sense::hover());
                            let p = ui.painter();
                            p.circle_filled(rect.center(), 44.0, disc);
                            p.circle_stroke(rect.center(), 44.0, egui::Stroke::new(5.0, rim));
                            p.circle_stroke(rect.center(), 30.0, egui::Stroke::new(3.0, rim));
                            ui.label(
                                egui::RichText::new(tf(
                                    "tutorial.medal",
                                    &[("medal", medal_name), ("points", &shown_points)],
                                ))
                                .size(22.0)
                                .strong(),
                            );
                        } else {
                            ui.label(
                                egui::RichText::new(tf(
                                    "tutorial.no_medal",
                                    &[("points", &shown_points)],
                                ))
                                .size(22.0),
                            );
                        }
                        ui.add_space(16.0);
                        let title = c
                            .next_title
                            .as_ref()
                            .map(|(en, ko)| pick(en, ko).to_string())
                            .unwrap_or_else(|| scenario.next_scenario.clone());
                        let next = ui.add(
                            theme::primary_button(&tf("tutorial.next", &[("scenario", &title)]))
                                .min_size(egui::vec2(320.0, 56.0)),
                        );
                        found.push(("tutorial:next".to_string(), next.rect));
                        if next.clicked() {
                            choice = Some(Choice::Next);
                        }
                        ui.add_space(6.0);
                        let stay = ui.add(
                            egui::Button::new(t("tutorial.keep_playing"))
                                .min_size(egui::vec2(320.0, 44.0)),
                        );
                        found.push(("tutorial:stay".to_string(), stay.rect));
                        if stay.clicked() {
                            choice = Some(Choice::Stay);
                        }
                    });
                });
        });
    (choice, found)
}

/// A medal's name in the current language.
fn medal_name(medal: &str) -> &'static str {
    t(&format!("booth.medal.{medal}"))
}

/// A medal's disc and rim.
fn medal_colors(medal: &str) -> (egui::Color32, egui::Color32) {
    match medal {
        "gold" => (
            egui::Color32::from_rgb(0xf5, 0xc5, 0x42),
            egui::Color32::from_rgb(0x8a, 0x62, 0x00),
        ),
        "silver" => (
            egui::Color32::from_rgb(0xd5, 0xdb, 0xe1),
            egui::Color32::from_rgb(0x6b, 0x75, 0x80),
        ),
        _ => (
            egui::Color32::from_rgb(0xd0, 0x8a, 0x4e),
            egui::Color32::from_rgb(0x6e, 0x3f, 0x18),
        ),
    }
}
