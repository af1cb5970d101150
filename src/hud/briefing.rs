//! The briefing: the scenario's story and runbook, then "start".

use super::{HudSystems, root_ui, runbook, theme};
use crate::i18n::{pick, t, tf};
use crate::platform::settings_ui::ButtonRects;
use crate::scenario::{self, Scenario};
use crate::screens::{RoundSetup, ScenarioProblems, Screen};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

/// The scenario being briefed (loaded on entering the screen).
#[derive(Resource, Default)]
pub struct Briefing(pub Option<Scenario>);

pub fn plugin(app: &mut App) {
    app.init_resource::<Briefing>()
        .add_systems(OnEnter(Screen::Briefing), load_briefing)
        .add_systems(
            EguiPrimaryContextPass,
            briefing_screen
                .run_if(in_state(Screen::Briefing))
                .in_set(HudSystems::Panels),
        );
}

fn load_briefing(
    setup: Res<RoundSetup>,
    mut briefing: ResMut<Briefing>,
    mut problems: ResMut<ScenarioProblems>,
    mut next: ResMut<NextState<Screen>>,
) {
    match scenario::load(&setup.scenario) {
        Ok(s) => {
            problems.0.clear();
            briefing.0 = Some(s);
        }
        Err(errors) => {
            problems.0 = errors;
            next.set(Screen::Title);
        }
    }
}

fn briefing_screen(
    mut contexts: EguiContexts,
    briefing: Res<Briefing>,
    mut next: ResMut<NextState<Screen>>,
    mut rects: Option<ResMut<ButtonRects>>,
) -> Result {
    let Some(s) = &briefing.0 else {
        return Ok(());
    };
    let ctx = contexts.ctx_mut()?;
    let mut ui = root_ui(ctx);
    egui::Panel::bottom("briefing-actions")
        .frame(theme::panel_frame().inner_margin(16))
        .show(&mut ui, |ui| {
            ui.horizontal(|ui| {
                if ui
                    .add(egui::Button::new(t("briefing.back")).min_size(egui::vec2(120.0, 48.0)))
                    .clicked()
                {
                    next.set(Screen::Title);
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let start = theme::primary_button(t("briefing.start"))
                        .min_size(egui::vec2(260.0, 48.0));
                    let start = ui.add(start);
                    if let Some(rects) = rects.as_mut() {
                        rects.put("start", start.rect);
                    }
                    if start.clicked() {
                        next.set(Screen::Playing);
                    }
                    ui.label(egui::RichText::new(t("briefing.enter_to_start")).color(theme::DIM));
                });
            });
        });
    if ctx.input(|i| i.key_pressed(egui::Key::Enter)) {
        next.set(Screen::Playing);
    }
    egui::CentralPanel::default()
        .frame(egui::Frame::new().fill(theme::PANEL).inner_margin(32))
        .show(&mut ui, |ui| {
            ui.columns(2, |cols| {
                theme::section(&mut cols[0], t("briefing.section"));
                cols[0].label(
                    egui::RichText::new(pick(&s.title, &s.title_ko))
                        .size(32.0)
                        .strong(),
                );
                cols[0].add_space(8.0);
                cols[0].label(egui::RichText::new(pick(&s.story, &s.story_ko)).size(18.0));
                cols[0].add_space(12.0);
                cols[0].label(tf(
                    "briefing.details",
                    &[
                        ("minutes", &s.duration_minutes.to_string()),
                        ("difficulty", super::title::difficulty_name(&s.difficulty)),
                        ("start", &s.start_time),
                    ],
                ));
                cols[0].add_space(12.0);
                cols[0].label(egui::RichText::new(t("briefing.scoring")).color(theme::DIM));
                theme::section(&mut cols[1], t("briefing.runbook"));
                egui::ScrollArea::vertical()
                    .id_salt("briefing-runbook")
                    .show(&mut cols[1], |ui| {
                        runbook::markdown(ui, pick(&s.runbook, &s.runbook_ko))
                    });
            });
        });
    Ok(())
}
