//! The rivals' standings: the player ranked live with the AI teams playing the same round
//! (name, score, places gained or lost in the last simulated minute), compact, at the top
//! of the right-hand panel so the map stays clear.

use super::theme;
use crate::i18n::{t, tf};
use crate::rivals::{RankHistory, RivalStandings, Standing};
use bevy::prelude::*;
use bevy_egui::egui;

/// One drawn row: rank, change arrow, team, score.
#[derive(Clone, Debug, PartialEq)]
pub struct BoardRow {
    pub rank: usize,
    /// `⬆2`, `⬇1` or empty.
    pub change: String,
    pub name: String,
    pub score: String,
    pub is_player: bool,
}

/// The rows of the board (plain function; unit-tested).
pub fn board_rows(board: &[Standing], history: &RankHistory) -> Vec<BoardRow> {
    board
        .iter()
        .map(|s| {
            let d = history.change(&s.name, s.rank);
            BoardRow {
                rank: s.rank,
                change: match d {
                    0 => String::new(),
                    d if d > 0 => format!("⬆{d}"),
                    d => format!("⬇{}", -d),
                },
                name: if s.is_player {
                    t("rivals.you").to_string()
                } else {
                    s.name.clone()
                },
                score: format!("{:.0}", s.score),
                is_player: s.is_player,
            }
        })
        .collect()
}

/// The player's rank and the number of teams, if rivals are playing.
pub fn player_rank(world: &World) -> Option<(usize, usize)> {
    let board = &world.get_resource::<RivalStandings>()?.0;
    let me = board.iter().find(|s| s.is_player)?;
    Some((me.rank, board.len()))
}

/// Draws the board (nothing when no rival plays).
pub fn show(ui: &mut egui::Ui, world: &World) {
    let Some(board) = world.get_resource::<RivalStandings>() else {
        return;
    };
    if board.0.len() < 2 {
        return;
    }
    let history = world
        .get_resource::<RankHistory>()
        .cloned()
        .unwrap_or_default();
    let rows = board_rows(&board.0, &history);
    let title = match player_rank(world) {
        Some((rank, of)) => tf(
            "rivals.heading",
            &[("rank", &rank.to_string()), ("teams", &of.to_string())],
        ),
        None => t("rivals.title").to_string(),
    };
    egui::CollapsingHeader::new(egui::RichText::new(title).strong().color(theme::ORANGE))
        .id_salt("rivals-board")
        .default_open(true)
        .show(ui, |ui| {
            egui::Grid::new("rivals-grid")
                .num_columns(4)
                .spacing(egui::vec2(10.0, 1.0))
                .show(ui, |ui| {
                    for r in &rows {
                        let color = if r.is_player {
                            theme::ORANGE
                        } else {
                            theme::TEXT
                        };
                        let text = |s: &str| {
                            let rt = egui::RichText::new(s.to_string()).small().color(color);
                            if r.is_player { rt.strong() } else { rt }
                        };
                        ui.label(text(&format!("{}.", r.rank)));
                        let arrow = if r.change.starts_with('⬆') {
                            theme::GREEN
                        } else {
                            theme::RED
                        };
                        ui.label(egui::RichText::new(&r.change).small().color(arrow));
                        ui.label(text(&r.name));
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.label(text(&r.score).monospace());
                        });
                        ui.end_row();
                    }
                });
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standing(rank: usize, name: &str, score: f64, is_player: bool) -> Standing {
        Standing {
            rank,
            name: name.into(),
            score,
            is_player,
            level: None,
        }
    }

    #[test]
    fn the_board_shows_places_gained_and_lost_since_the_last_minute() {
        let minute_one = vec![
            standing(1, "Cloud Nine", 900.0, false),
            standing(2, "You", 800.0, true),
            standing(3, "Byte Me", 100.0, false),
        ];
        let minute_two = vec![
            standing(1, "You", 1500.0, true),
            standing(2, "Cloud Nine", 1000.0, false),
            standing(3, "Byte Me", 150.0, false),
        ];
        let mut history = RankHistory::default();
        history.note(1, &minute_one);
        history.note(2, &minute_two);
        let rows = board_rows(&minute_two, &history);
        assert_eq!(rows[0].rank, 1);
        assert!(rows[0].is_player);
        assert_eq!(rows[0].change, "⬆1", "the player overtook Cloud Nine");
        assert_eq!(rows[1].change, "⬇1");
        assert_eq!(rows[2].change, "", "Byte Me stayed third");
        assert_eq!(rows[0].score, "1500");
        // within the same minute the comparison stays with the minute before
        history.note(2, &minute_two);
        assert_eq!(board_rows(&minute_two, &history)[0].change, "⬆1");
    }
}
