//! Balance as tests: for every embedded scenario and seeds 1–5, the expert bot beats the
//! novice, the novice beats doing nothing, doing nothing ends at or below zero, and the
//! expert earns the top medal on at least four seeds of five.

use gameday::bots::Autopilot;
use gameday::headless::play_bot;
use gameday::scenario::{EMBEDDED, load};

#[test]
fn expert_beats_novice_beats_idle_on_every_scenario_and_seed() {
    for (id, _) in EMBEDDED {
        let scenario = load(id).expect("loads");
        let span = scenario.medals.gold - scenario.medals.bronze;
        let mut golds = 0;
        // Fifteen whole rounds: one thread per seed.
        let rounds: Vec<_> = std::thread::scope(|s| {
            let handles: Vec<_> = (1..=5u64)
                .map(|seed| {
                    s.spawn(move || Autopilot::ALL.map(|level| play_bot(id, seed, level).unwrap()))
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for (k, [idle, novice, expert]) in rounds.into_iter().enumerate() {
            let seed = k + 1;
            let row = format!(
                "{id} seed {seed}: idle {:.0}, novice {:.0}, expert {:.0}",
                idle.score, novice.score, expert.score
            );
            assert!(idle.score <= 0.0, "doing nothing must not pay: {row}");
            assert!(
                novice.score > idle.score + 0.1 * span,
                "novice clearly above idle: {row}"
            );
            assert!(
                expert.score > novice.score + 0.5 * span,
                "expert clearly above novice: {row}"
            );
            if expert.medal == Some("gold") {
                golds += 1;
            }
        }
        assert!(golds >= 4, "{id}: the expert wins gold on {golds}/5 seeds");
    }
}
