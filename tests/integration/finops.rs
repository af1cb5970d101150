//! The FinOps lessons: an instance changes type only while stopped, right-sizing and
//! stopping cut the bill, and a Savings Plan pays off only when sized to the baseline.

use crate::common::*;
use bevy::prelude::*;
use gameday::headless::start;
use gameday::sim::model::*;
use gameday::sim::score::cost_rate;

const WEB: [&str; 6] = [
    "i-09b71f7dac037e1af",
    "i-0dcabc34e5f14fd0d",
    "i-0279a1f035c30dcf1",
    "i-0ba1798cddda86514",
    "i-09ed5aaea57e8687f",
    "i-0c087d055fa3a2562",
];
const ONE_YEAR: &str = "0a9c0e24-5a3e-4c4f-b1a8-5e6f1c9d2b10";

fn finops(seed: u64) -> App {
    start("finops", seed).expect("the embedded scenario starts")
}

fn instance(app: &mut App, id: &str) -> Instance {
    let e = gameday::sim::world::find::<Instance>(app.world(), id).expect("exists");
    app.world().get::<Instance>(e).unwrap().clone()
}

#[test]
fn modify_instance_attribute_on_a_running_instance_fails_with_incorrect_instance_state() {
    let mut app = finops(1);
    let e = aws(
        &mut app,
        &format!(
            "aws ec2 modify-instance-attribute --instance-id {} --instance-type Value=c5.large",
            WEB[0]
        ),
    )
    .unwrap_err();
    assert_eq!(e.code, "IncorrectInstanceState");
    assert_eq!(instance(&mut app, WEB[0]).instance_type, "m5.2xlarge");
    // Stopped, it changes type; started, it boots again as a c5.large.
    let before = cost_rate(app.world_mut());
    aws_ok(
        &mut app,
        &format!("aws ec2 stop-instances --instance-ids {}", WEB[0]),
    );
    let stopped = cost_rate(app.world_mut());
    assert!(
        (before - stopped - 0.384).abs() < 1e-6,
        "a stopped instance is not billed"
    );
    aws_ok(
        &mut app,
        &format!(
            "aws ec2 modify-instance-attribute --instance-id {} --instance-type Value=c5.large",
            WEB[0]
        ),
    );
    let e = aws(
        &mut app,
        &format!(
            "aws ec2 modify-instance-attribute --instance-id {} --instance-type Value=x9.huge",
            WEB[0]
        ),
    )
    .unwrap_err();
    assert_eq!(e.code, "InvalidParameterValue");
    aws_ok(
        &mut app,
        &format!("aws ec2 start-instances --instance-ids {}", WEB[0]),
    );
    run_minutes(&mut app, 3.0);
    let i = instance(&mut app, WEB[0]);
    assert_eq!(
        (i.instance_type.as_str(), i.state),
        ("c5.large", InstanceState::Running)
    );
    let after = cost_rate(app.world_mut());
    assert!(
        (before - after - (0.384 - 0.085)).abs() < 0.01,
        "the bill follows the type: {before:.3} → {after:.3}"
    );
    // An instance that does not exist cannot be stopped.
    let e = aws(
        &mut app,
        "aws ec2 stop-instances --instance-ids i-0000000000000000",
    )
    .unwrap_err();
    assert_eq!(e.code, "InvalidInstanceID.NotFound");
}

/// The EC2 part of the bill per hour: everything minus the load balancer.
fn ec2_rate(app: &mut App, lb_only: f64) -> f64 {
    cost_rate(app.world_mut()) - lb_only
}

#[test]
fn a_savings_plan_bigger_than_the_baseline_costs_more_than_none() {
    // One m5.2xlarge left running ($0.384/hour on demand).
    let setup = |app: &mut App| {
        aws_ok(
            app,
            &format!(
                "aws ec2 stop-instances --instance-ids {}",
                WEB[1..].join(" ")
            ),
        );
    };
    let mut none = finops(2);
    setup(&mut none);
    let total_none = cost_rate(none.world_mut());
    let lb = total_none - 0.384;

    let mut sized = finops(2);
    setup(&mut sized);
    aws_ok(
        &mut sized,
        &format!(
            "aws savingsplans create-savings-plan --savings-plan-offering-id {ONE_YEAR} --commitment 0.27648"
        ),
    );
    let sized_rate = ec2_rate(&mut sized, lb);
    assert!(
        (sized_rate - 0.384 * 0.72).abs() < 1e-6,
        "a plan sized to the baseline bills it at 28% off: {sized_rate}"
    );

    let mut big = finops(2);
    setup(&mut big);
    aws_ok(
        &mut big,
        &format!(
            "aws savingsplans create-savings-plan --savings-plan-offering-id {ONE_YEAR} --commitment 1.00"
        ),
    );
    let big_rate = ec2_rate(&mut big, lb);
    assert!(
        (big_rate - 1.0).abs() < 1e-6 && big_rate > 0.384,
        "unused commitment is still paid: {big_rate} against {} on demand",
        0.384
    );
    let e = aws(
        &mut big,
        "aws savingsplans create-savings-plan --savings-plan-offering-id nope --commitment 1",
    )
    .unwrap_err();
    assert_eq!(e.code, "ResourceNotFoundException");
    let e = aws(
        &mut big,
        &format!("aws savingsplans create-savings-plan --savings-plan-offering-id {ONE_YEAR} --commitment -2"),
    )
    .unwrap_err();
    assert_eq!(e.code, "ValidationException");
}

#[test]
fn usage_above_the_commitment_is_billed_on_demand() {
    let mut app = finops(3);
    let od = cost_rate(app.world_mut());
    aws_ok(
        &mut app,
        &format!(
            "aws savingsplans create-savings-plan --savings-plan-offering-id {ONE_YEAR} --commitment 0.72"
        ),
    );
    // $0.72 at 28% off covers $1.00 of the $2.304 on-demand usage.
    let with = cost_rate(app.world_mut());
    assert!((od - with - 0.28).abs() < 1e-6, "{od} → {with}");
}
