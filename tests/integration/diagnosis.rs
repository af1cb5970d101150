//! The results screen's worst moments name the cause the simulation recorded for that minute:
//! overloaded servers, user data that cannot start the app, a deleted load balancer, a revoked
//! security-group rule — one booth round per cause.

use bevy::prelude::*;
use gameday::awscli::parse_line;
use gameday::hud::results::worst_moments;
use gameday::sim::api::CommandQueue;
use gameday::sim::clock::SimClock;
use gameday::sim::command::{CallerContext, Principal};
use gameday::sim::metrics::Metrics;
use gameday::sim::model::*;
use gameday::sim::trail::CloudTrail;
use gameday::sim::world::{all, id_of};

fn id_named<T: Component>(app: &mut App, name: &str) -> String {
    let world = app.world_mut();
    let e = all::<T>(world)
        .into_iter()
        .find(|&e| world.get::<Name>(e).is_some_and(|n| n.as_str() == name))
        .unwrap_or_else(|| panic!("no {name}"));
    id_of(world, e)
}

fn send(app: &mut App, line: &str) {
    let command = parse_line(line).unwrap_or_else(|e| panic!("{line}: {}", e.message));
    app.world_mut().resource_mut::<CommandQueue>().push(
        Principal::Unknown("someone".into()),
        CallerContext::default(),
        command,
    );
}

fn run_to(app: &mut App, seconds: f64) {
    let mut next = 0;
    gameday::headless::run_until(app, &[], &mut next, seconds);
}

/// The round's three worst moments' recorded causes (`Cause::key`), worst first, and their
/// texts.
fn diagnosed(app: &mut App) -> Vec<(Option<&'static str>, String)> {
    let world = app.world();
    let history: Vec<_> = world
        .resource::<Metrics>()
        .history
        .iter()
        .cloned()
        .collect();
    let moments = worst_moments(
        &history,
        world.resource::<CloudTrail>(),
        &[],
        world.resource::<SimClock>(),
        3,
    );
    assert!(!moments.is_empty(), "no worst moment");
    moments
        .into_iter()
        .map(|m| (m.principal, format!("{} / {}", m.cause, m.fix)))
        .collect()
}

#[test]
fn overloaded_servers_are_diagnosed_as_overload() {
    // nobody acts: after us-east-1a's servers are lost, the two left cannot keep up
    let mut app = gameday::headless::start("booth-5min", 3).unwrap();
    run_to(&mut app, 300.0);
    let d = diagnosed(&mut app);
    assert_eq!(d[0].0, Some("overload"), "{d:#?}");
    assert!(d[0].1.contains("overloaded"), "{d:#?}");
    assert!(
        !d[0].1.contains("cloud-init"),
        "not a user-data problem: {d:#?}"
    );
}

#[test]
fn servers_whose_user_data_fails_are_diagnosed_as_broken_user_data() {
    // after the colleague's broken version (minute 2), the only servers come from it
    let mut app = gameday::headless::start("booth-5min", 4).unwrap();
    run_to(&mut app, 125.0);
    let (a, b) = (
        id_named::<Subnet>(&mut app, "public-a"),
        id_named::<Subnet>(&mut app, "public-b"),
    );
    let tg = id_named::<TargetGroup>(&mut app, "booth-alb-targets");
    let (b1, b2) = (
        id_named::<Instance>(&mut app, "web-b1"),
        id_named::<Instance>(&mut app, "web-b2"),
    );
    send(
        &mut app,
        &format!(
            "aws autoscaling create-auto-scaling-group --auto-scaling-group-name asg \
             --launch-template 'LaunchTemplateName=booth-web,Version=$Latest' --min-size 4 \
             --max-size 4 --desired-capacity 4 --vpc-zone-identifier {a},{b} \
             --target-group-arns {tg}"
        ),
    );
    send(
        &mut app,
        &format!("aws ec2 terminate-instances --instance-ids {b1} {b2}"),
    );
    run_to(&mut app, 300.0);
    let d = diagnosed(&mut app);
    let found = d.iter().find(|(p, _)| *p == Some("user_data"));
    let (_, text) = found.unwrap_or_else(|| panic!("{d:#?}"));
    assert!(
        text.contains("unicorn-checkout"),
        "names the failing line: {text}"
    );
}

#[test]
fn a_deleted_load_balancer_is_diagnosed_as_deleted() {
    let mut app = gameday::headless::start("booth-5min", 5).unwrap();
    run_to(&mut app, 20.0);
    let lb = {
        let world = app.world_mut();
        let l = all::<LoadBalancer>(world)[0];
        id_of(world, l)
    };
    send(
        &mut app,
        &format!("aws elbv2 delete-load-balancer --load-balancer-arn {lb}"),
    );
    run_to(&mut app, 180.0);
    let d = diagnosed(&mut app);
    assert_eq!(d[0].0, Some("lb_deleted"), "{d:#?}");
    assert!(d[0].1.contains("no longer existed"), "{d:#?}");
}

#[test]
fn a_revoked_rule_is_diagnosed_as_revoked() {
    let mut app = gameday::headless::start("booth-5min", 6).unwrap();
    run_to(&mut app, 20.0);
    let web = id_named::<SecurityGroup>(&mut app, "web-sg");
    let lb = id_named::<SecurityGroup>(&mut app, "lb-sg");
    send(
        &mut app,
        &format!(
            "aws ec2 revoke-security-group-ingress --group-id {web} --protocol tcp --port 80 \
             --source-group {lb}"
        ),
    );
    run_to(&mut app, 180.0);
    let d = diagnosed(&mut app);
    assert_eq!(d[0].0, Some("rule_revoked"), "{d:#?}");
    assert!(d[0].1.contains("security-group rule"), "{d:#?}");
}
