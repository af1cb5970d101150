//! The title screen: the scenarios to choose from (story, difficulty, duration) and any
//! problems loading the chosen one.

use super::{HudLayout, HudSystems, root_ui, theme};
use crate::i18n::{pick, t, tf};
use crate::platform::settings_ui::ButtonRects;
use crate::scenario::{self, EMBEDDED, TrafficShape};
use crate::screens::{RoundSetup, ScenarioProblems, Screen};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

/// One entry of the scenario list.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioCard {
    pub id: String,
    pub title: String,
    pub title_ko: String,
    pub story: String,
    pub story_ko: String,
    pub difficulty: String,
    pub duration_minutes: u32,
    /// What will go wrong: the chaos events and the bot waves (a scraper is an incident too).
    pub incidents: usize,
}

/// The embedded scenarios that load, as cards (in file order); broken ones are left out.
pub fn scenario_cards() -> Vec<ScenarioCard> {
    EMBEDDED
        .iter()
        .filter_map(|(id, _)| scenario::load(id).ok())
        .map(|s| ScenarioCard {
            id: s.id.clone(),
            title: s.title.clone(),
            title_ko: s.title_ko.clone(),
            story: s.story.clone(),
            story_ko: s.story_ko.clone(),
            difficulty: if s.difficulty.is_empty() {
                "normal".into()
            } else {
                s.difficulty.clone()
            },
            duration_minutes: s.duration_minutes,
            incidents: incidents(&s),
        })
        .collect()
}

/// What will go wrong in a scenario, as a player counts it: chaos events at the same minute
/// are one incident (two servers lost at once), and each bot wave is one more.
fn incidents(s: &scenario::Scenario) -> usize {
    let mut minutes: Vec<f64> = s.chaos.iter().map(|c| c.at_minute).collect();
    minutes.sort_by(f64::total_cmp);
    minutes.dedup();
    let waves = s
        .traffic
        .shapes
        .iter()
        .filter(|shape| matches!(shape, TrafficShape::AttackWave { .. }))
        .count();
    minutes.len() + waves
}

/// The list, built once.
#[derive(Resource, Default)]
pub struct TitleState {
    pub cards: Vec<ScenarioCard>,
}

/// Marks the title screen's systems.
#[derive(Component)]
pub struct TitleScreen;

pub fn plugin(app: &mut App) {
    app.init_resource::<TitleState>()
        .add_systems(OnEnter(Screen::Title), load_cards)
        .add_systems(
            EguiPrimaryContextPass,
            title_screen
                .run_if(in_state(Screen::Title))
                .in_set(HudSystems::Panels),
        );
}

fn load_cards(mut state: ResMut<TitleState>) {
    if state.cards.is_empty() {
        state.cards = scenario_cards();
    }
}

fn title_screen(
    mut contexts: EguiContexts,
    state: Res<TitleState>,
    mut setup: ResMut<RoundSetup>,
    problems: Res<ScenarioProblems>,
    mut layout: ResMut<HudLayout>,
    mut next: ResMut<NextState<Screen>>,
    mut rects: Option<ResMut<ButtonRects>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut ui = root_ui(ctx);
    egui::CentralPanel::default()
        .frame(egui::Frame::new().fill(theme::PANEL).inner_margin(40))
        .show(&mut ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.label(
                    egui::RichText::new("GameDay")
                        .size(56.0)
                        .strong()
                        .color(theme::ORANGE),
                );
                ui.label(
                    egui::RichText::new(t("title.tagline"))
                        .size(18.0)
                        .color(theme::DIM),
                );
            });
            ui.add_space(24.0);
            ui.columns(2, |cols| {
                theme::section(&mut cols[0], t("title.choose"));
                // The list scrolls when the window is short (a browser, a laptop).
                egui::ScrollArea::vertical()
                    .max_height((cols[0].available_height() - 48.0).max(120.0))
                    .show(&mut cols[0], |list| {
                        for card in &state.cards {
                            let selected = setup.scenario == card.id;
                            let text = egui::RichText::new(format!(
                                "{}\n{}",
                                pick(&card.title, &card.title_ko),
                                tf(
                                    "title.card",
                                    &[
                                        ("difficulty", difficulty_name(&card.difficulty)),
                                        ("minutes", &card.duration_minutes.to_string()),
                                        ("incidents", &card.incidents.to_string()),
                                    ]
                                )
                            ))
                            .size(18.0);
                            let button = egui::Button::new(text)
                                .selected(selected)
                                .min_size(egui::vec2(list.available_width(), 64.0));
                            let button = list.add(button);
                            // Tools that drive the game from outside (the browser test) find the
                            // tutorial's card here.
                            if card.id == "tutorial"
                                && let Some(rects) = rects.as_mut()
                            {
                                rects.put("tutorial", button.rect);
                            }
                            if button.clicked() {
                                setup.scenario = card.id.clone();
                            }
                        }
                    });
                if state.cards.is_empty() {
                    cols[0].colored_label(theme::RED, t("title.no_scenarios"));
                }
                cols[0].add_space(16.0);
                cols[0].checkbox(&mut layout.large_targets, t("settings.large_targets"));
                let ui = &mut cols[1];
                if let Some(card) = state.cards.iter().find(|c| c.id == setup.scenario) {
                    theme::section(ui, t("title.story"));
                    ui.label(
                        egui::RichText::new(pick(&card.title, &card.title_ko))
                            .heading()
                            .strong(),
                    );
                    ui.label(egui::RichText::new(pick(&card.story, &card.story_ko)).size(17.0));
                    ui.add_space(8.0);
                    ui.label(tf(
                        "title.details",
                        &[
                            ("difficulty", difficulty_name(&card.difficulty)),
                            ("minutes", &card.duration_minutes.to_string()),
                        ],
                    ));
                    ui.add_space(16.0);
                    let start = theme::primary_button(t("title.read_briefing"))
                        .min_size(egui::vec2(260.0, 52.0));
                    let start = ui.add(start);
                    if let Some(rects) = rects.as_mut() {
                        rects.put("briefing", start.rect);
                    }
                    if start.clicked() {
                        next.set(Screen::Briefing);
                    }
                } else {
                    ui.label(tf("title.from_file", &[("scenario", &setup.scenario)]));
                    if ui
                        .add(theme::primary_button(t("title.read_briefing")))
                        .clicked()
                    {
                        next.set(Screen::Briefing);
                    }
                }
                if !problems.0.is_empty() {
                    ui.add_space(16.0);
                    theme::section(ui, t("title.did_not_load"));
                    for p in &problems.0 {
                        ui.colored_label(
                            theme::RED,
                            egui::RichText::new(p.to_string()).monospace(),
                        );
                    }
                }
            });
        });
    Ok(())
}

/// A scenario's difficulty (`tutorial`, `easy`, `normal`, `hard`, `booth`) in the current
/// language; an unknown word is shown as written.
pub fn difficulty_name(word: &str) -> &str {
    match word {
        "tutorial" | "easy" | "normal" | "hard" | "booth" => {
            let key = format!("difficulty.{word}");
            let text = t(&key);
            if text == key { word } else { text }
        }
        _ => word,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_list_the_embedded_scenarios() {
        let cards = scenario_cards();
        let unicorn = cards
            .iter()
            .find(|c| c.id == "unicorn-rentals")
            .expect("Unicorn Rentals is listed");
        assert_eq!(unicorn.title, "Unicorn Rentals");
        assert!(unicorn.duration_minutes > 0);
        assert!(!unicorn.story.is_empty());
        assert!(!unicorn.difficulty.is_empty());
    }

    #[test]
    fn the_booth_card_counts_incidents_as_its_story_tells_them_scraper_included() {
        let booth = scenario::load("booth-5min").expect("the booth scenario loads");
        let card = scenario_cards()
            .into_iter()
            .find(|c| c.id == "booth-5min")
            .expect("the booth round is listed");
        // the story's four: the servers of us-east-1a lost (two chaos events at minute 1),
        // the colleague's template, the flash sale, and the price scraper (a bot wave)
        assert_eq!(booth.chaos.len(), 4);
        assert!(booth.story.contains("four things will go wrong"));
        assert_eq!(card.incidents, 4);
    }
}
