//! Account limits (Service Quotas) per scenario: vCPUs of running On-Demand instances,
//! Elastic IPs, load balancers, target groups, rules per security group, subnets per VPC.
//! The player, Auto Scaling and the chaos engine all meet them, with AWS's error codes.

use crate::common::*;
use gameday::scenario::{ChaosAction, ChaosEvent};
use gameday::sim::model::*;
use gameday::sim::trail::CloudTrail;
use gameday::sim::world::all;

fn error_code(r: gameday::sim::command::ApiResult) -> String {
    match r {
        Ok(r) => panic!("succeeded: {r:?}"),
        Err(e) => e.code,
    }
}

#[test]
fn launching_past_the_vcpu_quota_fails_with_vcpu_limit_exceeded() {
    // 61,422 t3.micro (about 122,000 vCPUs) were accepted on main: only free addresses capped it
    let mut app = unicorn(7);
    let subnet = id_named::<Subnet>(&mut app, "public-a");
    let e = aws(
        &mut app,
        &format!(
            "aws ec2 run-instances --image-id ami-1 --instance-type t3.micro --count 61422 --subnet-id {subnet}"
        ),
    )
    .unwrap_err();
    assert_eq!(e.code, "VcpuLimitExceeded");
    assert!(
        e.message.starts_with(
            "You have requested more vCPU capacity than your current vCPU limit of 1152 allows"
        ),
        "{}",
        e.message
    );
    // a scenario sets its own quota: the two t3.micros hold 4 of 8 vCPUs
    let mut app = unicorn_with(7, |s| s.account.running_on_demand_vcpus = 8);
    let subnet = id_named::<Subnet>(&mut app, "public-a");
    let line = |n: u32| {
        format!(
            "aws ec2 run-instances --image-id ami-1 --instance-type t3.micro --count {n} --subnet-id {subnet}"
        )
    };
    assert_eq!(error_code(aws(&mut app, &line(3))), "VcpuLimitExceeded");
    aws_ok(&mut app, &line(2));
    assert_eq!(error_code(aws(&mut app, &line(1))), "VcpuLimitExceeded");
}

#[test]
fn an_auto_scaling_group_at_the_quota_records_a_failed_activity_with_aws_message() {
    // 2 starting t3.micros (4 vCPUs) + t3.small members (2 vCPUs each), quota 10: three fit
    let mut app = unicorn_with(7, |s| s.account.running_on_demand_vcpus = 10);
    build_alb_asg(&mut app, GOOD_SCRIPT, 1, 6, 6);
    run_minutes(&mut app, 3.0);
    let world = app.world_mut();
    let asg = all::<AutoScalingGroup>(world)[0];
    let members = all::<Instance>(world)
        .into_iter()
        .filter(|&e| world.get::<Instance>(e).unwrap().asg == Some(asg))
        .count();
    assert_eq!(members, 3, "the quota stops the group at 3 of 6");
    let log = world.get::<ScalingActivities>(asg).unwrap();
    let failed = log
        .0
        .iter()
        .find(|a| a.status == ActivityStatus::Failed)
        .expect("a failed launch is recorded");
    assert!(
        failed.description.starts_with(
            "Launching a new EC2 instance.  Status Reason: You have requested more vCPU \
             capacity than your current vCPU limit of 10 allows"
        ),
        "{}",
        failed.description
    );
    assert!(
        failed
            .description
            .ends_with("Launching EC2 instance failed.")
    );
}

#[test]
fn a_chaos_launch_obeys_the_same_quota() {
    // a chaos action launching 30,000 p3.2xlarge was accepted on main
    let mut app = unicorn_with(7, |s| {
        s.chaos.insert(
            0,
            ChaosEvent {
                at_minute: 0.5,
                principal: Some("arn:aws:iam::123456789012:user/leaked".into()),
                access_key: None,
                source_ip: None,
                action: ChaosAction::LaunchInstances {
                    subnet: "public-a".into(),
                    instance_type: "p3.2xlarge".into(),
                    count: 30_000,
                    name: "miner".into(),
                    security_group: "web-sg".into(),
                    user_data: "#!/bin/bash\n".into(),
                },
            },
        );
    });
    run_minutes(&mut app, 1.0);
    let world = app.world_mut();
    let gpus = all::<Instance>(world)
        .into_iter()
        .filter(|&e| world.get::<Instance>(e).unwrap().instance_type == "p3.2xlarge")
        .count();
    assert_eq!(gpus, 0);
    let trail = world.resource::<CloudTrail>();
    assert!(
        trail.events.iter().any(|e| e
            .error
            .as_ref()
            .is_some_and(|err| err.code == "VcpuLimitExceeded")),
        "the refusal is in CloudTrail"
    );
}

#[test]
fn addresses_load_balancers_target_groups_rules_and_subnets_have_quotas() {
    let mut app = unicorn_with(7, |s| {
        s.account.elastic_ips = 1;
        s.account.load_balancers = 1;
        s.account.target_groups = 0;
        s.account.rules_per_security_group = 2;
        s.account.subnets_per_vpc = 2;
    });
    let world = app.world_mut();
    let eips = all::<ElasticIp>(world).len();
    let lbs = all::<LoadBalancer>(world).len();
    let subnets = all::<Subnet>(world).len();
    assert_eq!(
        (eips, lbs, subnets),
        (1, 1, 2),
        "the starting estate fills each quota"
    );
    assert_eq!(
        error_code(aws(&mut app, "aws ec2 allocate-address")),
        "AddressLimitExceeded"
    );
    let vpc = vpc_id(&mut app);
    assert_eq!(
        error_code(aws(
            &mut app,
            &format!(
                "aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.1.0/24 --availability-zone us-east-1a"
            )
        )),
        "SubnetLimitExceeded"
    );
    let a = id_named::<Subnet>(&mut app, "public-a");
    let b = id_named::<Subnet>(&mut app, "public-b");
    assert_eq!(
        error_code(aws(
            &mut app,
            &format!(
                "aws elb create-load-balancer --load-balancer-name more --listeners Protocol=HTTP,LoadBalancerPort=80,InstanceProtocol=HTTP,InstancePort=80 --subnets {a} {b}"
            )
        )),
        "TooManyLoadBalancers"
    );
    assert_eq!(
        error_code(aws(
            &mut app,
            &format!(
                "aws elbv2 create-target-group --name web --protocol HTTP --port 80 --vpc-id {vpc}"
            )
        )),
        "TooManyTargetGroups"
    );
    let sg = id_named::<SecurityGroup>(&mut app, "web-sg");
    let rules = {
        let world = app.world_mut();
        let e = all::<SecurityGroup>(world)
            .into_iter()
            .find(|&e| {
                world
                    .get::<bevy::prelude::Name>(e)
                    .is_some_and(|n| n.as_str() == "web-sg")
            })
            .unwrap();
        world.get::<SecurityGroup>(e).unwrap().rules.len()
    };
    let open = |port: u16| {
        format!(
            "aws ec2 authorize-security-group-ingress --group-id {sg} --protocol tcp --port {port} --cidr 10.0.0.0/16"
        )
    };
    for port in 0..(2usize.saturating_sub(rules)) as u16 {
        aws_ok(&mut app, &open(8000 + port));
    }
    assert_eq!(
        error_code(aws(&mut app, &open(9000))),
        "RulesPerSecurityGroupLimitExceeded"
    );
}

#[test]
fn the_default_quotas_leave_every_shipped_scenario_unchanged() {
    // the expert plays every embedded scenario without one quota refusal
    for (id, _) in gameday::scenario::EMBEDDED {
        let mut app = gameday::headless::start(id, 1).unwrap();
        let scenario = app
            .world()
            .resource::<gameday::scenario::Scenario>()
            .clone();
        let mut bot =
            gameday::bots::Bot::new(gameday::bots::Autopilot::Expert, &scenario, "expert");
        let duration = app
            .world()
            .resource::<gameday::sim::clock::SimClock>()
            .duration;
        let mut next = 0;
        loop {
            let now = app.world().resource::<gameday::sim::clock::SimClock>().now;
            if now >= duration {
                break;
            }
            bot.act(app.world_mut());
            gameday::headless::run_until(&mut app, &[], &mut next, now + 1e-9);
        }
        let trail = app.world().resource::<CloudTrail>();
        let refused: Vec<String> = trail
            .events
            .iter()
            .filter_map(|e| e.error.as_ref())
            .filter(|e| e.code.contains("Limit") || e.code.starts_with("TooMany"))
            .map(|e| e.code.clone())
            .collect();
        assert!(refused.is_empty(), "{id}: {refused:?}");
    }
}
