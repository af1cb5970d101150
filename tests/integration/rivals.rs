//! Rival teams: ranked live with the player at the same simulated moment. (Their cost per
//! tick is measured by `gameday --bench-sim`, not here.)

use gameday::headless::start;
use gameday::rivals::{RivalStandings, RivalTeams, plugin, standings};
use gameday::scenario::Scenario;
use gameday::sim::clock::SimClock;

#[test]
fn seven_rivals_keep_pace_and_are_ranked_with_the_player() {
    let mut app = start("unicorn-rentals", 3).unwrap();
    plugin(&mut app);
    let scenario = app.world().resource::<Scenario>().clone();
    let rivals = RivalTeams::new(&scenario, 3, 7);
    assert_eq!(rivals.0.len(), 7);
    app.world_mut().insert_resource(rivals);
    // 30 simulated minutes; the rivals catch up after each player tick.
    for _ in 0..1800 {
        gameday::sim::step(app.world_mut());
        let tick = app.world().resource::<SimClock>().tick;
        let rivals = app.world().resource::<RivalTeams>();
        assert!(rivals.0.iter().all(|r| r.tick() == tick), "tick {tick}");
    }
    let tick = app.world().resource::<SimClock>().tick;
    let teams = app.world().resource::<RivalTeams>();
    assert!(teams.0.iter().all(|r| r.tick() == tick), "same moment");
    let board = app.world().resource::<RivalStandings>().0.clone();
    assert_eq!(board.len(), 8);
    assert!(
        board.windows(2).all(|w| w[0].score >= w[1].score),
        "{board:?}"
    );
    assert_eq!(board.iter().filter(|r| r.is_player).count(), 1);
    assert_eq!(
        board,
        standings(
            "You",
            board.iter().find(|r| r.is_player).unwrap().score,
            teams
        )
    );
    // By minute 30 the expert teams (new ALB, fixed template) are ahead of the idle ones.
    let score = |name: &str| board.iter().find(|r| r.name == name).unwrap().score;
    assert!(score("Cloud Nine") > score("Packet Pirates"), "{board:?}");
}
