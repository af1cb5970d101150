//! The CLI's read side as an engineer uses it: `describe-*` and `get-*` answer with AWS's
//! response shapes, a health-check failure is diagnosed from `describe-target-health`
//! alone, and reads change nothing (the score of a round full of reads is the same).

use crate::common::*;
use bevy::prelude::*;
use gameday::awscli::{answer_text, parse_request};
use gameday::sim::api::execute;
use gameday::sim::command::{ApiResult, Principal};
use gameday::sim::score::Score;
use gameday::sim::trail::CloudTrail;
use serde_json::Value;

/// Types a read and returns its AWS-shaped response.
fn read(app: &mut App, line: &str) -> Value {
    match aws(app, line) {
        Ok(r) => r
            .body
            .unwrap_or_else(|| panic!("`{line}` answered without a response body")),
        Err(e) => panic!("`{line}` failed: {e}"),
    }
}

fn error_code(r: ApiResult) -> String {
    r.expect_err("the call fails").code
}

/// Every `TargetHealth` of a target group, as (state, reason, description).
fn target_health(app: &mut App, tg: &str) -> Vec<(String, String, String)> {
    let v = read(
        app,
        &format!("aws elbv2 describe-target-health --target-group-arn {tg}"),
    );
    v["TargetHealthDescriptions"]
        .as_array()
        .expect("TargetHealthDescriptions is a list")
        .iter()
        .map(|d| {
            assert!(d["Target"]["Id"].as_str().unwrap().starts_with("i-"), "{d}");
            let h = &d["TargetHealth"];
            let s = |k: &str| h[k].as_str().unwrap_or_default().to_string();
            (s("State"), s("Reason"), s("Description"))
        })
        .collect()
}

#[test]
fn a_broken_user_data_script_is_diagnosed_from_describe_target_health_alone() {
    let mut app = unicorn(3);
    let built = build_alb_asg(&mut app, BROKEN_SCRIPT, 2, 2, 4);
    // right after the group launches, the targets are registering
    run_minutes(&mut app, 0.5);
    let early = target_health(&mut app, &built.tg_arn);
    assert_eq!(early.len(), 2, "{early:?}");
    assert!(
        early.iter().all(|(s, r, _)| s == "initial"
            && (r == "Elb.RegistrationInProgress" || r == "Elb.InitialHealthChecking")),
        "{early:?}"
    );
    // four minutes on (inside the group's 300 s grace period: nothing replaced yet) the
    // instances are up and the app does not answer: the health checks fail, not time out
    run_minutes(&mut app, 3.5);
    let later = target_health(&mut app, &built.tg_arn);
    assert_eq!(later.len(), 2, "{later:?}");
    for (state, reason, description) in &later {
        assert_eq!(state, "unhealthy", "{later:?}");
        assert_eq!(reason, "Target.FailedHealthChecks");
        assert_eq!(description, "Health checks failed");
    }
    // the same estate with a good script: healthy (five passes in a row), no reason given
    let mut good = unicorn(3);
    let built = build_alb_asg(&mut good, GOOD_SCRIPT, 2, 2, 4);
    run_minutes(&mut good, 6.0);
    let healthy = target_health(&mut good, &built.tg_arn);
    assert_eq!(
        healthy,
        vec![("healthy".to_string(), String::new(), String::new()); 2]
    );
    // and the console output of a member names the failing line
    let instances = read(
        &mut app,
        "aws ec2 describe-instances --filters Name=tag:aws:autoscaling:groupName,Values=unicorn-asg Name=instance-state-name,Values=running",
    );
    let id = instances["Reservations"][0]["Instances"][0]["InstanceId"]
        .as_str()
        .expect("a running member")
        .to_string();
    let console = read(
        &mut app,
        &format!("aws ec2 get-console-output --instance-id {id}"),
    );
    assert!(
        console["Output"]
            .as_str()
            .unwrap()
            .contains("Unit unicorn-rental.service not found"),
        "{console}"
    );
    // the map's inspector of that instance shows the same health and reason
    let world = app.world_mut();
    let e = gameday::sim::world::find::<gameday::sim::model::Instance>(world, &id).unwrap();
    let details = gameday::hud::inspector::details(world, e);
    assert!(
        details.iter().any(|(k, v)| k == "Health in unicorn-web"
            && v == "unhealthy — Target.FailedHealthChecks: Health checks failed"),
        "{details:?}"
    );
}

#[test]
fn a_target_group_no_listener_uses_reports_target_not_in_use() {
    let mut app = unicorn(3);
    let vpc = vpc_id(&mut app);
    let tg = aws_ok(
        &mut app,
        &format!(
            "aws elbv2 create-target-group --name spare --protocol HTTP --port 80 --vpc-id {vpc}"
        ),
    );
    let web1 = id_named::<gameday::sim::model::Instance>(&mut app, "web-1");
    aws_ok(
        &mut app,
        &format!("aws elbv2 register-targets --target-group-arn {tg} --targets Id={web1}"),
    );
    run_minutes(&mut app, 1.0);
    assert_eq!(
        target_health(&mut app, &tg),
        vec![(
            "unused".to_string(),
            "Target.NotInUse".to_string(),
            "Target group is not configured to receive traffic from the load balancer".to_string()
        )]
    );
}

#[test]
fn describe_instances_answers_in_aws_shape_and_filters() {
    let mut app = unicorn(3);
    run_minutes(&mut app, 3.0);
    let all = read(&mut app, "aws ec2 describe-instances");
    let instances: Vec<&Value> = all["Reservations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["Instances"].as_array().unwrap())
        .collect();
    assert_eq!(instances.len(), 2, "web-1 and web-2: {all}");
    let web1 = instances
        .iter()
        .find(|i| {
            i["Tags"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t["Key"] == "Name" && t["Value"] == "web-1")
        })
        .expect("web-1 is tagged Name=web-1");
    assert_eq!(web1["State"]["Name"], "running");
    assert_eq!(web1["State"]["Code"], 16);
    assert!(web1["InstanceId"].as_str().unwrap().starts_with("i-0"));
    assert!(web1["SubnetId"].as_str().unwrap().starts_with("subnet-"));
    assert!(web1["VpcId"].as_str().unwrap().starts_with("vpc-"));
    assert!(
        web1["PrivateIpAddress"]
            .as_str()
            .unwrap()
            .starts_with("10.")
    );
    assert!(web1["InstanceType"].is_string());
    let id = web1["InstanceId"].as_str().unwrap().to_string();
    let one = read(
        &mut app,
        "aws ec2 describe-instances --filters Name=tag:Name,Values=web-1",
    );
    assert_eq!(one["Reservations"].as_array().unwrap().len(), 1);
    assert_eq!(
        one["Reservations"][0]["Instances"][0]["InstanceId"],
        id.as_str()
    );
    let none = read(
        &mut app,
        "aws ec2 describe-instances --filters Name=instance-state-name,Values=stopped",
    );
    assert_eq!(none["Reservations"], serde_json::json!([]));
    assert_eq!(
        error_code(aws(
            &mut app,
            "aws ec2 describe-instances --instance-ids i-0000000000000dead"
        )),
        "InvalidInstanceID.NotFound"
    );
    assert_eq!(
        error_code(aws(
            &mut app,
            "aws ec2 describe-instances --filters Name=colour,Values=red"
        )),
        "InvalidParameterValue"
    );
    // the subnets say how many addresses are free
    let subnets = read(&mut app, "aws ec2 describe-subnets");
    for s in subnets["Subnets"].as_array().unwrap() {
        assert!(s["AvailableIpAddressCount"].as_u64().is_some(), "{s}");
        assert!(s["CidrBlock"].as_str().unwrap().contains('/'));
    }
    let me = read(&mut app, "aws sts get-caller-identity");
    assert_eq!(me["Account"], "123456789012");
    assert_eq!(me["Arn"], "arn:aws:iam::123456789012:user/devops-team");
}

#[test]
fn the_load_balancer_side_reads_back_what_was_built() {
    let mut app = unicorn(3);
    let built = build_alb_asg(&mut app, GOOD_SCRIPT, 2, 2, 4);
    run_minutes(&mut app, 6.0);
    let lbs = read(
        &mut app,
        "aws elbv2 describe-load-balancers --names unicorn-alb",
    );
    let lb = &lbs["LoadBalancers"][0];
    assert_eq!(lb["LoadBalancerArn"], built.alb_arn.as_str());
    assert_eq!(lb["DNSName"], built.alb_dns.as_str());
    assert_eq!(lb["State"]["Code"], "active");
    assert_eq!(lb["AvailabilityZones"].as_array().unwrap().len(), 2);
    let tgs = read(
        &mut app,
        &format!(
            "aws elbv2 describe-target-groups --load-balancer-arn {}",
            built.alb_arn
        ),
    );
    assert_eq!(
        tgs["TargetGroups"][0]["TargetGroupArn"],
        built.tg_arn.as_str()
    );
    assert_eq!(tgs["TargetGroups"][0]["HealthCheckPath"], "/health");
    let listeners = read(
        &mut app,
        &format!(
            "aws elbv2 describe-listeners --load-balancer-arn {}",
            built.alb_arn
        ),
    );
    assert_eq!(
        listeners["Listeners"][0]["DefaultActions"][0]["TargetGroupArn"],
        built.tg_arn.as_str()
    );
    let groups = read(
        &mut app,
        "aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names unicorn-asg",
    );
    let g = &groups["AutoScalingGroups"][0];
    assert_eq!(g["DesiredCapacity"], 2);
    assert_eq!(g["HealthCheckType"], "ELB");
    assert_eq!(g["Instances"].as_array().unwrap().len(), 2);
    assert!(
        g["Instances"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["LifecycleState"] == "InService" && i["HealthStatus"] == "Healthy"),
        "{g}"
    );
    let activities = read(
        &mut app,
        "aws autoscaling describe-scaling-activities --auto-scaling-group-name unicorn-asg --max-items 1",
    );
    let a = &activities["Activities"][0];
    assert_eq!(activities["Activities"].as_array().unwrap().len(), 1);
    assert_eq!(a["StatusCode"], "Successful");
    assert!(
        a["Description"]
            .as_str()
            .unwrap()
            .starts_with("Launching a new EC2 instance"),
        "{a}"
    );
    assert!(a["Cause"].as_str().unwrap().contains("capacity"), "{a}");
}

#[test]
fn reads_change_nothing_and_land_in_cloudtrail_as_read_events() {
    let quiet = {
        let mut app = unicorn(11);
        run_minutes(&mut app, 20.0);
        app.world().resource::<Score>().points
    };
    let mut app = unicorn(11);
    for _ in 0..20 {
        for line in [
            "aws ec2 describe-instances",
            "aws ec2 describe-subnets",
            "aws ec2 describe-security-groups",
            "aws elbv2 describe-load-balancers",
            "aws autoscaling describe-auto-scaling-groups",
            "aws autoscaling describe-scaling-activities",
            "aws sts get-caller-identity",
        ] {
            read(&mut app, line);
        }
        run_minutes(&mut app, 1.0);
    }
    assert_eq!(app.world().resource::<Score>().points, quiet);
    let trail = app.world().resource::<CloudTrail>();
    let reads: Vec<_> = trail
        .events
        .iter()
        .filter(|e| e.event_name() == "DescribeInstances")
        .collect();
    assert_eq!(reads.len(), 20);
    assert!(reads.iter().all(|e| e.command.read_only()));
    assert!(
        trail
            .events
            .iter()
            .filter(|e| e.event_name() == "RunInstances")
            .all(|e| !e.command.read_only())
    );
}

/// What the in-game terminal prints for one typed line, run at once.
fn printed(app: &mut App, line: &str) -> String {
    let (cmd, output) = parse_request(line).unwrap_or_else(|e| panic!("{line}\n{e}"));
    let answer = execute(app.world_mut(), Principal::Player, cmd.clone());
    answer_text(cmd.event_name(), &answer.result, &output)
}

#[test]
fn describe_instances_with_a_query_prints_text_and_table_like_aws_cli() {
    let mut app = unicorn(3);
    run_minutes(&mut app, 3.0);
    let query = "'Reservations[].Instances[].[Tags[?Key==`Name`].Value | [0], State.Name]'";
    assert_eq!(
        printed(
            &mut app,
            &format!("aws ec2 describe-instances --query {query} --output text")
        ),
        "web-1\trunning\nweb-2\trunning"
    );
    assert_eq!(
        printed(
            &mut app,
            &format!("aws ec2 describe-instances --output table --query {query} --no-cli-pager")
        ),
        "----------------------\n\
         |  DescribeInstances |\n\
         +--------+-----------+\n\
         |  web-1 |  running  |\n\
         |  web-2 |  running  |\n\
         +--------+-----------+"
    );
    // the whole response as a table: one width, the title row, nested sections indented
    let table = printed(&mut app, "aws ec2 describe-instances --output table");
    let lines: Vec<&str> = table.lines().collect();
    let width = lines[0].chars().count();
    assert!(lines.iter().all(|l| l.chars().count() == width), "{table}");
    assert!(lines[1].contains("DescribeInstances"), "{table}");
    assert!(
        table.contains("||") && table.contains("Reservations"),
        "{table}"
    );
    assert!(
        table.contains("|||") && table.contains("running"),
        "{table}"
    );
    // text without a query: rows named by their key, as aws-cli prints them
    let text = printed(&mut app, "aws ec2 describe-instances --output text");
    assert!(
        text.lines().any(|l| l.starts_with("RESERVATIONS\t")),
        "{text}"
    );
    assert!(text.lines().any(|l| l == "STATE\t16\trunning"), "{text}");
    // a query that is not JMESPath is refused before anything runs
    let e = parse_request("aws ec2 describe-instances --query 'Reservations[' ").unwrap_err();
    assert!(e.message.contains("Bad value for --query"), "{e}");
}

#[test]
fn write_calls_answer_like_aws() {
    let mut app = unicorn(3);
    let vpc = vpc_id(&mut app);
    let subnet = printed(
        &mut app,
        &format!(
            "aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.9.0/24 --availability-zone us-east-1a"
        ),
    );
    let v: Value = serde_json::from_str(&subnet).expect("JSON");
    assert_eq!(v["Subnet"]["CidrBlock"], "10.0.9.0/24");
    assert_eq!(v["Subnet"]["AvailableIpAddressCount"], 251);
    let subnet_id = v["Subnet"]["SubnetId"].as_str().unwrap().to_string();
    let run = printed(
        &mut app,
        &format!(
            "aws ec2 run-instances --launch-template LaunchTemplateName=unicorn-web --count 2 --subnet-id {subnet_id} --query 'Instances[].State.Name' --output text"
        ),
    );
    assert_eq!(run, "pending\tpending");
    let tg = printed(
        &mut app,
        &format!(
            "aws elbv2 create-target-group --name spare --protocol HTTP --port 80 --vpc-id {vpc} --query 'TargetGroups[0].TargetGroupArn' --output text"
        ),
    );
    assert!(tg.starts_with("arn:aws:elasticloadbalancing:"), "{tg}");
    // the same call again is idempotent, as in AWS; other settings under the name are not
    let again = printed(
        &mut app,
        &format!(
            "aws elbv2 create-target-group --name spare --protocol HTTP --port 80 --vpc-id {vpc} --query 'TargetGroups[0].TargetGroupArn' --output text"
        ),
    );
    assert_eq!(again, tg);
    assert_eq!(
        error_code(aws(
            &mut app,
            &format!(
                "aws elbv2 create-target-group --name spare --protocol HTTP --port 8080 --vpc-id {vpc}"
            )
        )),
        "DuplicateTargetGroupName"
    );
    let web1 = id_named::<gameday::sim::model::Instance>(&mut app, "web-1");
    // calls AWS answers with an empty body print nothing
    assert_eq!(
        printed(
            &mut app,
            &format!("aws elbv2 register-targets --target-group-arn {tg} --targets Id={web1}")
        ),
        ""
    );
}
