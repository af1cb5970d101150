//! The bots play through the command API and react to their own alarms; the kiosk's attract
//! loop is the expert playing booth-5min.

use gameday::bots::reactive::FAILURES_ALARM;
use gameday::bots::{Autopilot, Bot};
use gameday::headless::start_loaded;
use gameday::scenario::{ChaosAction, ChaosEvent, load};
use gameday::sim::alarms::{AlarmLog, AlarmState};
use gameday::sim::clock::SimClock;
use gameday::sim::command::Principal;
use gameday::sim::metrics::Metrics;
use gameday::sim::score::Score;
use gameday::sim::trail::CloudTrail;

/// booth-5min with a load-balancer deletion at minute 1.5 that no playbook expects.
fn booth_with_deleted_lb(level: Autopilot, seed: u64) -> (bevy::prelude::App, Bot) {
    let mut s = load("booth-5min").unwrap();
    s.chaos.push(ChaosEvent {
        at_minute: 1.5,
        principal: None,
        access_key: None,
        source_ip: None,
        action: ChaosAction::DeleteServingLoadBalancer,
    });
    s.chaos.sort_by(|a, b| a.at_minute.total_cmp(&b.at_minute));
    let mut app = start_loaded(s.clone(), seed).unwrap();
    let mut bot = Bot::new(level, &s, level.name());
    while !app.world().resource::<SimClock>().finished() {
        bot.act(app.world_mut());
        gameday::sim::step(app.world_mut());
    }
    (app, bot)
}

#[test]
fn the_expert_bot_rebuilds_the_load_balancer_a_chaos_event_deleted_because_its_alarm_fired() {
    let (mut app, bot) = booth_with_deleted_lb(Autopilot::Expert, 1);
    let world = app.world_mut();
    // The alarm the bot created went to ALARM after the deletion…
    let fired = world
        .resource::<AlarmLog>()
        .0
        .iter()
        .find(|t| t.alarm == FAILURES_ALARM && t.to == AlarmState::Alarm)
        .map(|t| t.time)
        .expect("the failed-requests alarm fired");
    assert!(fired >= 90.0, "after the deletion at 1:30, not {fired}");
    // …and then the bot created a load balancer and moved the hostname, through the API.
    let trail = world.resource::<CloudTrail>();
    let rebuilt = trail
        .events
        .iter()
        .find(|e| {
            e.principal == Principal::Bot("expert".into())
                && e.event_name() == "CreateLoadBalancer"
                && e.error.is_none()
        })
        .expect("the bot created a load balancer");
    assert!(rebuilt.time >= fired, "because the alarm fired");
    assert!(
        trail
            .events
            .iter()
            .any(|e| e.principal == Principal::Bot("expert".into())
                && e.event_name() == "ChangeResourceRecordSets"
                && e.time >= fired)
    );
    assert!(
        bot.reactive
            .log
            .0
            .iter()
            .any(|(_, what)| what.contains("rebuilt load balancer booth-alb")),
        "{:?}",
        bot.reactive.log
    );
    // The shop serves again in the last minute.
    let last = world.resource::<Metrics>().history.back().cloned().unwrap();
    assert!(
        last.ok > last.requests / 2,
        "customers are served again: {last:?}"
    );
    let expert = world.resource::<Score>().points;
    let (idle_app, _) = booth_with_deleted_lb(Autopilot::Idle, 1);
    let idle = idle_app.world().resource::<Score>().points;
    assert!(
        expert > idle + 30000.0,
        "expert {expert:.0} vs idle {idle:.0}"
    );
}

#[test]
fn every_expert_playbook_parses() {
    for (id, text) in gameday::bots::EXPERT_PLAYBOOKS {
        let lines =
            gameday::awscli::parse_commands_file(text).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert!(!lines.is_empty(), "{id}");
        assert!(
            gameday::scenario::EMBEDDED.iter().any(|(s, _)| s == id),
            "{id} is an embedded scenario"
        );
    }
}

#[test]
fn the_attract_loops_bot_plays_booth_5min() {
    use gameday::platform::kiosk::{Kiosk, KioskConfig, KioskPhase};
    let dir = std::env::temp_dir().join(format!("gameday-attract-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let cfg = KioskConfig::default();
    assert_eq!(cfg.attract_scenario, "booth-5min");
    assert_eq!(cfg.round_scenario, "booth-5min");
    assert!(cfg.attract_commands.is_none(), "the bot, not a script");
    let mut app = gameday::devtools::soak::soak_app(&dir, cfg);
    // Ten real seconds of attract loop at attract speed.
    for _ in 0..(10.0 / gameday::devtools::soak::FRAME_SECONDS) as usize {
        app.update();
    }
    assert_eq!(app.world().resource::<Kiosk>().phase, KioskPhase::Attract);
    let world = app.world();
    assert_eq!(
        world.resource::<gameday::scenario::Scenario>().id,
        "booth-5min"
    );
    assert!(world.resource::<SimClock>().now > 60.0, "played at speed");
    let trail = world.resource::<CloudTrail>();
    let by_bot: Vec<&str> = trail
        .events
        .iter()
        .filter(|e| e.principal == Principal::Bot("expert".into()) && e.error.is_none())
        .map(|e| e.event_name())
        .collect();
    assert!(
        by_bot.contains(&"CreateAutoScalingGroup"),
        "the playbook: {by_bot:?}"
    );
    assert!(
        by_bot.contains(&"PutMetricAlarm"),
        "its own alarms: {by_bot:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
