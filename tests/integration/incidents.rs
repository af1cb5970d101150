//! Incidents a team lives through: a broken user-data script, a deleted load balancer.

use crate::common::*;
use gameday::sim::command::Principal;
use gameday::sim::flow::FailReason;
use gameday::sim::metrics::Metrics;
use gameday::sim::model::*;
use gameday::sim::trail::CloudTrail;

#[test]
fn a_broken_user_data_script_makes_every_new_target_fail_health_checks_and_the_asg_replaces_them() {
    let mut app = unicorn(3);
    let built = build_alb_asg(&mut app, BROKEN_SCRIPT, 2, 2, 4);
    run_minutes(&mut app, 20.0);
    let states = target_states(&mut app, &built.tg_arn);
    assert!(!states.is_empty());
    assert!(
        states.iter().all(|s| *s != TargetHealthState::Healthy),
        "no target may pass: {states:?}"
    );
    let trail = app.world().resource::<CloudTrail>();
    let launched = trail
        .events
        .iter()
        .filter(|e| {
            e.principal == Principal::AutoScaling
                && e.event_name() == "RunInstances"
                && e.error.is_none()
        })
        .count();
    let replaced = trail
        .events
        .iter()
        .filter(|e| e.principal == Principal::AutoScaling && e.event_name() == "TerminateInstances")
        .count();
    assert!(replaced >= 1, "the group terminates unhealthy instances");
    assert!(
        launched > 2,
        "and launches replacements ({launched} launches)"
    );
    // The player can read why: the boot log of a member names the failing line.
    let world = app.world_mut();
    let mut q = world.query::<&Instance>();
    let log: Vec<String> = q
        .iter(world)
        .find(|i| i.asg.is_some())
        .unwrap()
        .boot
        .log
        .clone();
    assert!(
        log.iter()
            .any(|l| l.contains("Unit unicorn-rental.service not found")),
        "{log:?}"
    );
}

#[test]
fn a_good_script_makes_targets_healthy_and_traffic_flows_through_the_alb() {
    let mut app = unicorn(3);
    let built = build_alb_asg(&mut app, GOOD_SCRIPT, 2, 3, 6);
    run_minutes(&mut app, 12.0);
    let states = target_states(&mut app, &built.tg_arn);
    assert_eq!(
        states
            .iter()
            .filter(|s| **s == TargetHealthState::Healthy)
            .count(),
        3,
        "{states:?}"
    );
    let last = app.world().resource::<Metrics>().last().unwrap().clone();
    assert!(last.ok > 0 && last.failed_total() == 0, "{last:?}");
    assert_eq!(last.healthy_hosts, 3);
    let dns = app.world().resource::<Dns>().target.clone();
    assert_eq!(
        dns,
        Some(DnsTarget::Alias(built.alb_dns)),
        "the hostname points at the new ALB"
    );
    assert!(built.alb_arn.contains(":loadbalancer/app/unicorn-alb/"));
}

#[test]
fn deleting_the_load_balancer_fails_every_request_and_the_trail_names_who_did_it() {
    let mut app = unicorn(4);
    // Unicorn Rentals' timeline deletes the serving load balancer at minute 200.
    run_minutes(&mut app, 203.0);
    let last = app.world().resource::<Metrics>().last().unwrap().clone();
    assert_eq!(last.ok, 0);
    assert_eq!(
        last.failed[FailReason::LoadBalancerMissing.index()],
        last.requests
    );
    let trail = app.world().resource::<CloudTrail>();
    let ev = trail
        .events
        .iter()
        .rev()
        .find(|e| e.event_name() == "DeleteLoadBalancer")
        .expect("in the trail");
    assert!(ev.principal.is_unknown(), "{:?}", ev.principal);
    assert!(ev.principal.arn().contains("contractor-temp"));
    assert!(ev.resources.iter().any(|r| r == "unicorn-clb"));
}

#[test]
fn a_revoked_rule_blocks_traffic_at_the_target() {
    let mut app = unicorn(5);
    let built = build_alb_asg(&mut app, GOOD_SCRIPT, 2, 2, 4);
    run_minutes(&mut app, 12.0);
    let before = app.world().resource::<Metrics>().last().unwrap().clone();
    assert!(
        before.ok > 0 && before.failed_total() == 0,
        "all served before: {before:?}"
    );
    assert_eq!(
        target_states(&mut app, &built.tg_arn),
        [TargetHealthState::Healthy; 2]
    );
    let web_sg = id_named::<SecurityGroup>(&mut app, "web-sg");
    let lb_sg = id_named::<SecurityGroup>(&mut app, "lb-sg");
    aws_ok(
        &mut app,
        &format!(
            "aws ec2 revoke-security-group-ingress --group-id {web_sg} --protocol tcp --port 80 --source-group {lb_sg}"
        ),
    );
    run_minutes(&mut app, 3.0);
    let after = app.world().resource::<Metrics>().last().unwrap().clone();
    let blocked = after.failed[FailReason::SecurityGroupBlocked.index()];
    assert_eq!(after.ok, 0, "nothing reaches the app: {after:?}");
    assert_eq!(after.failed_total(), after.requests, "{after:?}");
    // most fail at the security group (the rest at the replacements the group launches)
    assert!(
        blocked * 2 > after.requests,
        "{blocked} blocked of {after:?}"
    );
    // the health checks cannot reach the targets either
    assert!(
        target_states(&mut app, &built.tg_arn)
            .iter()
            .all(|s| *s == TargetHealthState::Unhealthy),
        "{:?}",
        target_states(&mut app, &built.tg_arn)
    );
}
