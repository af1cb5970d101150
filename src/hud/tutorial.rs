//! The tutorial card: the scenario's current guided step (title, what to do, progress) in a
//! compact card at the top edge of the map, in the player's language; it can be folded to one
//! line so it never hides the estate.

use super::{HudSystems, theme};
use crate::i18n::{self, Language};
use crate::scenario::{Scenario, TutorialStep};
use crate::screens::Screen;
use crate::sim::tutorial::TutorialProgress;
use crate::ui_state::UiInsets;
use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, PrimaryEguiContext, egui};

/// Widest the card gets, in points.
const CARD_WIDTH: f32 = 420.0;

/// Whether the player folded the card.
#[derive(Resource, Clone, Copy, Debug, Default)]
pub struct TutorialCard {
    pub folded: bool,
}

/// A step's title and text in `lang` (English when the Korean text is missing).
pub fn step_text(step: &TutorialStep, lang: Language) -> (&str, &str) {
    match lang {
        Language::Korean if !step.title_ko.is_empty() && !step.text_ko.is_empty() => {
            (&step.title_ko, &step.text_ko)
        }
        _ => (&step.title, &step.text),
    }
}

/// A step's text with `{action}` replaced by the label of the action the pointer names (as
/// the map's menu shows it); "…" until that action is on offer.
pub fn fill_action(text: &str, label: Option<&str>) -> String {
    text.replace("{action}", label.unwrap_or("…"))
}

/// Draws the card while a scenario with steps is played.
pub(super) fn draw_card(
    mut contexts: Query<&mut bevy_egui::EguiContext, With<PrimaryEguiContext>>,
    scenario: Option<Res<Scenario>>,
    progress: Option<Res<TutorialProgress>>,
    mut insets: ResMut<UiInsets>,
    mut card: ResMut<TutorialCard>,
    pointer: Res<super::tutorial_pointer::TutorialPointer>,
) {
    let (Some(scenario), Some(progress)) = (scenario, progress) else {
        return;
    };
    if scenario.steps.is_empty() {
        return;
    }
    let Ok(mut ctx) = contexts.single_mut() else {
        return;
    };
    let ctx = ctx.get_mut().clone();
    let total = scenario.steps.len();
    let lang = i18n::current();
    let free_width = (ctx.viewport_rect().width() - insets.left - insets.right).max(200.0);
    let width = CARD_WIDTH.min(free_width - 16.0);
    let x = insets.left + (free_width - width) / 2.0;
    // On a short screen (a browser tab of 1280×577) the card starts folded, so the map shows
    // around it; its button still unfolds it. Folded, it is one line: heading, progress, title.
    const SHORT_SCREEN: f32 = 640.0;
    let folded = card.folded != (ctx.viewport_rect().height() < SHORT_SCREEN);
    let progress_text = i18n::tf(
        "tutorial.progress",
        &[
            ("done", &progress.current.min(total).to_string()),
            ("total", &total.to_string()),
        ],
    );
    let step = scenario.steps.get(progress.current);
    let shown = egui::Area::new(egui::Id::new("tutorial-card"))
        .fixed_pos(egui::pos2(x, insets.top + 8.0))
        .order(egui::Order::Middle)
        .show(&ctx, |ui| {
            theme::panel_frame().show(ui, |ui| {
                ui.set_width(width);
                ui.horizontal(|ui| {
                    ui.label(
                        egui::RichText::new(i18n::t("tutorial.heading"))
                            .color(theme::ORANGE)
                            .strong(),
                    );
                    ui.label(egui::RichText::new(&progress_text).color(theme::DIM));
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        let label = if folded {
                            i18n::t("tutorial.show")
                        } else {
                            i18n::t("tutorial.hide")
                        };
                        if ui.small_button(label).clicked() {
                            card.folded = !card.folded;
                        }
                        if folded && let Some(step) = step {
                            let (title, _) = step_text(step, lang);
                            ui.with_layout(
                                egui::Layout::left_to_right(egui::Align::Center),
                                |ui| {
                                    ui.add(
                                        egui::Label::new(
                                            egui::RichText::new(title).color(theme::TEXT).strong(),
                                        )
                                        .truncate(),
                                    );
                                },
                            );
                        }
                    });
                });
                if folded && step.is_some() {
                    return;
                }
                ui.add(
                    egui::ProgressBar::new(progress.current as f32 / total as f32)
                        .desired_height(4.0)
                        .fill(theme::GREEN),
                );
                match step {
                    Some(step) => {
                        let (title, text) = step_text(step, lang);
                        ui.label(egui::RichText::new(title).color(theme::TEXT).strong());
                        let text = fill_action(text, pointer.label.as_deref());
                        ui.label(egui::RichText::new(text).color(theme::TEXT));
                        ui.label(
                            egui::RichText::new(i18n::t("tutorial.waiting"))
                                .color(theme::DIM)
                                .italics(),
                        );
                    }
                    None => {
                        ui.label(
                            egui::RichText::new(i18n::t("tutorial.complete"))
                                .color(theme::GREEN)
                                .strong(),
                        );
                    }
                }
            });
        });
    // "fit the map" keeps the estate below the card (a short window, 1280×720, had the map's
    // top under it)
    let need = shown.response.rect.bottom() - insets.top + 8.0;
    if need > insets.fit_top {
        insets.fit_top = need;
    }
}

pub fn plugin(app: &mut App) {
    app.init_resource::<TutorialCard>()
        .add_systems(
            OnEnter(Screen::Playing),
            |mut card: ResMut<TutorialCard>| {
                card.folded = false;
            },
        )
        .add_systems(
            EguiPrimaryContextPass,
            draw_card
                .run_if(in_state(Screen::Playing))
                .in_set(HudSystems::Panels)
                .after(super::draw_playing),
        );
}
