//! The HUD: egui panels for the console, CLI, CloudWatch, CloudTrail, score and runbook.

use crate::screens::{GameSpeed, Screen};
use crate::sim::clock::SimClock;
use crate::sim::score::Score;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        (
            title_screen.run_if(in_state(Screen::Title)),
            top_bar.run_if(in_state(Screen::Playing)),
        ),
    );
}

/// egui 0.36 panels live inside a `Ui`: this one covers the whole window, behind windows.
pub fn root_ui(ctx: &egui::Context) -> egui::Ui {
    egui::Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    )
}

fn title_screen(mut contexts: EguiContexts, mut next: ResMut<NextState<Screen>>) -> Result {
    let mut ui = root_ui(contexts.ctx_mut()?);
    egui::CentralPanel::default().show(&mut ui, |ui| {
        ui.heading("GameDay");
        if ui.button("Start Unicorn Rentals").clicked() {
            next.set(Screen::Playing);
        }
    });
    Ok(())
}

fn top_bar(
    mut contexts: EguiContexts,
    score: Option<Res<Score>>,
    clock: Option<Res<SimClock>>,
    speed: Res<GameSpeed>,
) -> Result {
    let mut ui = root_ui(contexts.ctx_mut()?);
    egui::Panel::top("scoreboard").show(&mut ui, |ui| {
        ui.horizontal(|ui| {
            if let (Some(score), Some(clock)) = (score, clock) {
                ui.label(format!("Score {:.0}", score.points));
                ui.label(clock.wall_clock(clock.now));
                ui.label(format!("{}×", speed.speed));
            }
        });
    });
    Ok(())
}
