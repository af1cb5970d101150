//! The world's AWS rules: subnets, addresses, load balancers, security groups.

use crate::common::*;
use gameday::sim::model::*;

#[test]
fn an_alb_cannot_be_created_in_subnets_with_three_free_addresses_but_can_in_new_slash_24s() {
    let mut app = unicorn(1);
    // Another team's batch job fills public-a and public-b at minutes 8 and 9.
    run_minutes(&mut app, 10.0);
    let a = id_named::<Subnet>(&mut app, "public-a");
    let b = id_named::<Subnet>(&mut app, "public-b");
    let lb_sg = id_named::<SecurityGroup>(&mut app, "lb-sg");
    let err = aws(&mut app, &format!("aws elbv2 create-load-balancer --name shiny-alb --subnets {a} {b} --security-groups {lb_sg}"))
        .unwrap_err();
    assert_eq!(err.code, "InvalidSubnet");
    assert!(
        err.message.contains("at least 8 free IP addresses") && err.message.contains("(3 free)"),
        "{}",
        err.message
    );

    let vpc = vpc_id(&mut app);
    let c = aws_ok(
        &mut app,
        &format!(
            "aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.1.0/24 --availability-zone us-east-1a"
        ),
    );
    let d = aws_ok(
        &mut app,
        &format!(
            "aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.2.0/24 --availability-zone us-east-1b"
        ),
    );
    let arn = aws_ok(
        &mut app,
        &format!(
            "aws elbv2 create-load-balancer --name shiny-alb --subnets {c} {d} --security-groups {lb_sg}"
        ),
    );
    assert!(arn.starts_with(
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shiny-alb/"
    ));
}

#[test]
fn subnets_follow_aws_address_rules() {
    let mut app = unicorn(1);
    let vpc = vpc_id(&mut app);
    // a /28 has 16 addresses, 5 reserved: 11 usable
    let s = aws_ok(
        &mut app,
        &format!(
            "aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.9.0/28 --availability-zone us-east-1c"
        ),
    );
    let err = aws(&mut app, &format!("aws ec2 run-instances --image-id ami-1 --instance-type t3.micro --subnet-id {s} --count 12")).unwrap_err();
    assert_eq!(err.code, "InsufficientFreeAddressesInSubnet");
    aws_ok(
        &mut app,
        &format!(
            "aws ec2 run-instances --image-id ami-1 --instance-type t3.micro --subnet-id {s} --count 11"
        ),
    );
    // overlapping, outside the VPC, too small
    for (cidr, code) in [
        ("10.0.9.0/24", "InvalidSubnet.Conflict"),
        ("192.168.0.0/24", "InvalidSubnet.Range"),
        ("10.0.10.0/29", "InvalidSubnet.Range"),
    ] {
        let err = aws(
            &mut app,
            &format!("aws ec2 create-subnet --vpc-id {vpc} --cidr-block {cidr}"),
        )
        .unwrap_err();
        assert_eq!(err.code, code, "{cidr}");
    }
    let err = aws(
        &mut app,
        "aws ec2 delete-subnet --subnet-id subnet-0doesnotexist0000",
    )
    .unwrap_err();
    assert_eq!(err.code, "InvalidSubnetID.NotFound");
}

#[test]
fn an_alb_needs_two_availability_zones() {
    let mut app = unicorn(1);
    let vpc = vpc_id(&mut app);
    let lb_sg = id_named::<SecurityGroup>(&mut app, "lb-sg");
    let c = aws_ok(
        &mut app,
        &format!(
            "aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.1.0/24 --availability-zone us-east-1a"
        ),
    );
    let err = aws(
        &mut app,
        &format!(
            "aws elbv2 create-load-balancer --name one-az --subnets {c} --security-groups {lb_sg}"
        ),
    )
    .unwrap_err();
    assert_eq!(err.code, "ValidationError");
    assert!(err.message.contains("two different Availability Zones"));
}

#[test]
fn a_new_subnet_is_private_until_associated_with_the_public_route_table() {
    let mut app = unicorn(2);
    let vpc = vpc_id(&mut app);
    let lb_sg = id_named::<SecurityGroup>(&mut app, "lb-sg");
    let web_sg = id_named::<SecurityGroup>(&mut app, "web-sg");
    let c = aws_ok(
        &mut app,
        &format!(
            "aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.1.0/24 --availability-zone us-east-1a"
        ),
    );
    let d = aws_ok(
        &mut app,
        &format!(
            "aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.2.0/24 --availability-zone us-east-1b"
        ),
    );
    let alb = aws_ok(
        &mut app,
        &format!(
            "aws elbv2 create-load-balancer --name private-alb --subnets {c} {d} --security-groups {lb_sg}"
        ),
    );
    let tg = aws_ok(
        &mut app,
        &format!(
            "aws elbv2 create-target-group --name web --protocol HTTP --port 80 --vpc-id {vpc}"
        ),
    );
    aws_ok(
        &mut app,
        &format!(
            "aws elbv2 create-listener --load-balancer-arn {alb} --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn={tg}"
        ),
    );
    let web1 = id_named::<Instance>(&mut app, "web-1");
    aws_ok(
        &mut app,
        &format!("aws elbv2 register-targets --target-group-arn {tg} --targets Id={web1}"),
    );
    let _ = web_sg;
    let dns = {
        let world = app.world_mut();
        let e = gameday::sim::world::find::<LoadBalancer>(world, &alb).unwrap();
        world.get::<LoadBalancer>(e).unwrap().dns_name.clone()
    };
    aws_ok(
        &mut app,
        &format!(
            "aws route53 change-resource-record-sets --hosted-zone-id Z0UNICORN42 --change-batch '{{\"Changes\":[{{\"Action\":\"UPSERT\",\"ResourceRecordSet\":{{\"Name\":\"www.unicorn.rentals\",\"Type\":\"A\",\"AliasTarget\":{{\"HostedZoneId\":\"Z35SXDOTRQ7X7K\",\"DNSName\":\"{dns}\",\"EvaluateTargetHealth\":false}}}}}}]}}'"
        ),
    );
    run_minutes(&mut app, 10.0);
    let m = app.world().resource::<gameday::sim::metrics::Metrics>();
    let last = m.last().unwrap();
    let no_route = last.failed[gameday::sim::flow::FailReason::NoRoute.index()];
    assert_eq!(
        last.ok, 0,
        "nothing gets through a load balancer in private subnets"
    );
    assert!(no_route > 0 && no_route == last.requests, "{last:?}");
}

#[test]
fn security_group_rules_are_checked_like_ec2() {
    let mut app = unicorn(1);
    let web_sg = id_named::<SecurityGroup>(&mut app, "web-sg");
    let err = aws(&mut app, &format!("aws ec2 authorize-security-group-ingress --group-id {web_sg} --protocol tcp --port 22 --cidr 0.0.0.0/0")).unwrap_err();
    assert_eq!(err.code, "InvalidPermission.Duplicate");
    aws_ok(
        &mut app,
        &format!(
            "aws ec2 revoke-security-group-ingress --group-id {web_sg} --protocol tcp --port 22 --cidr 0.0.0.0/0"
        ),
    );
    let err = aws(&mut app, &format!("aws ec2 revoke-security-group-ingress --group-id {web_sg} --protocol tcp --port 22 --cidr 0.0.0.0/0")).unwrap_err();
    assert_eq!(err.code, "InvalidPermission.NotFound");
    let err = aws(&mut app, "aws ec2 authorize-security-group-ingress --group-id sg-0nope000000000000 --protocol tcp --port 80 --cidr 0.0.0.0/0").unwrap_err();
    assert_eq!(err.code, "InvalidGroup.NotFound");
}

#[test]
fn every_call_lands_in_cloudtrail_with_its_principal_and_error() {
    let mut app = unicorn(1);
    let before = app
        .world()
        .resource::<gameday::sim::trail::CloudTrail>()
        .total;
    let _ = aws(
        &mut app,
        "aws ec2 delete-subnet --subnet-id subnet-0doesnotexist0000",
    );
    let trail = app.world().resource::<gameday::sim::trail::CloudTrail>();
    assert_eq!(trail.total, before + 1);
    let ev = trail.events.back().unwrap();
    assert_eq!(ev.event_name(), "DeleteSubnet");
    assert_eq!(ev.principal, gameday::sim::command::Principal::Player);
    assert_eq!(ev.error.as_ref().unwrap().code, "InvalidSubnetID.NotFound");
    // the starting estate was built by CloudFormation, through the same door
    assert!(trail.events.iter().any(|e| e.principal
        == gameday::sim::command::Principal::CloudFormation
        && e.event_name() == "CreateLoadBalancer"));
}

#[test]
fn a_failed_alb_for_lack_of_addresses_unlocks_the_subnet_hint() {
    use gameday::sim::api::execute;
    use gameday::sim::command::{Command, LbKind, Principal};
    use gameday::sim::hints::{HintKind, Hints, Situation, situations};
    use gameday::sim::model::Subnet;
    use gameday::sim::world::{all, id_of};
    let mut app = crate::common::unicorn(7);
    let world = app.world_mut();
    assert!(!situations(world, 0).contains(&Situation::SubnetsFull));
    // fill both /28s the way the batch job does, then try the ALB there
    let subnets: Vec<String> = all::<Subnet>(world)
        .into_iter()
        .map(|e| id_of(world, e))
        .collect();
    for s in &subnets {
        let filled = execute(
            world,
            Principal::Player,
            Command::CreateNetworkInterface {
                subnet_id: s.clone(),
                secondary_ip_count: 6,
                description: None,
            },
        );
        assert!(filled.result.is_ok(), "{filled:?}");
    }
    let r = execute(
        world,
        Principal::Player,
        Command::CreateLoadBalancer {
            kind: LbKind::Application,
            name: "alb".into(),
            subnets,
            security_groups: vec![],
            listeners: vec![],
        },
    );
    assert!(r.result.is_err(), "{r:?}");
    assert!(situations(world, 0).contains(&Situation::SubnetsFull));
    gameday::sim::step(world);
    assert!(
        world
            .resource::<Hints>()
            .is_shown(HintKind::Situation(Situation::SubnetsFull)),
        "the tick unlocks it"
    );
}
