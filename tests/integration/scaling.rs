//! Capacity and money: target tracking, and what more instances cost.

use crate::common::*;
use gameday::sim::score::Score;

#[test]
fn target_tracking_scales_out_under_load_and_back_in_after() {
    let mut app = unicorn_with(6, |s| {
        s.chaos.clear();
        s.traffic.curve = vec![
            (0.0, 20.0),
            (20.0, 20.0),
            (25.0, 400.0),
            (60.0, 400.0),
            (65.0, 20.0),
            (240.0, 20.0),
        ];
    });
    build_alb_asg(&mut app, GOOD_SCRIPT, 2, 2, 20);
    aws_ok(
        &mut app,
        r#"aws autoscaling put-scaling-policy --auto-scaling-group-name unicorn-asg --policy-name cpu50 --policy-type TargetTrackingScaling --target-tracking-configuration '{"TargetValue":50,"PredefinedMetricSpecification":{"PredefinedMetricType":"ASGAverageCPUUtilization"}}' --estimated-instance-warmup 120"#,
    );
    run_minutes(&mut app, 20.0);
    assert_eq!(
        asg(&mut app, "unicorn-asg").desired,
        2,
        "quiet morning: stays at min"
    );
    run_minutes(&mut app, 40.0);
    let peak = asg(&mut app, "unicorn-asg").desired;
    assert!(peak >= 5, "scaled out to {peak}");
    run_minutes(&mut app, 60.0);
    let after = asg(&mut app, "unicorn-asg").desired;
    assert!(after < peak, "scaled back in: {peak} → {after}");
    let trail = app.world().resource::<gameday::sim::trail::CloudTrail>();
    assert!(
        trail
            .events
            .iter()
            .any(|e| e.event_name() == "SetDesiredCapacity"
                && e.principal == gameday::sim::command::Principal::AutoScaling)
    );
}

#[test]
fn more_instances_cost_more() {
    let cost = |desired: u32| {
        let mut app = unicorn_with(7, |s| s.chaos.clear());
        build_alb_asg(&mut app, GOOD_SCRIPT, desired, desired, desired);
        run_minutes(&mut app, 60.0);
        app.world().resource::<Score>().cost_usd
    };
    let (small, big) = (cost(2), cost(12));
    assert!(
        big > small * 2.0,
        "12 instances cost {big:.4} $, 2 cost {small:.4} $"
    );
}

#[test]
fn a_scheduled_action_changes_capacity_at_its_time() {
    let mut app = unicorn_with(8, |s| s.chaos.clear());
    build_alb_asg(&mut app, GOOD_SCRIPT, 2, 2, 10);
    aws_ok(
        &mut app,
        "aws autoscaling put-scheduled-update-group-action --auto-scaling-group-name unicorn-asg --scheduled-action-name lunch --start-time 2026-11-22T09:30:00Z --desired-capacity 6",
    );
    run_minutes(&mut app, 29.0);
    assert_eq!(asg(&mut app, "unicorn-asg").desired, 2);
    run_minutes(&mut app, 2.0);
    assert_eq!(asg(&mut app, "unicorn-asg").desired, 6);
}
