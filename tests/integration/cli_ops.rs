//! The CLI as an operator's tool beyond one call: `file://` from the commands file's
//! directory and the home directory, `aws … wait` holding the next commands in simulated
//! time, and `--dry-run` answering without changing anything.

use crate::common::*;
use gameday::awscli::{answer_text, parse_line, parse_request};
use gameday::headless::{HeadlessOptions, read_script, run_with_transcript};
use gameday::sim::api::{CommandQueue, CommandResults, execute};
use gameday::sim::clock::SimClock;
use gameday::sim::command::{CallerContext, Principal};
use gameday::sim::trail::CloudTrail;

/// A fresh directory under the system's temp dir.
fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("gameday-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_commands_file_reads_its_files_and_waits_for_the_instance_to_run() {
    let dir = temp_dir("cli-ops");
    std::fs::write(
        dir.join("boot.sh"),
        "#!/bin/bash\nset -e\nyum install -y unicorn-rentals\necho \"WORKERS=3\" >> /etc/unicorn-rentals.env\nsystemctl enable --now unicorn-rentals\n",
    )
    .unwrap();
    let commands = dir.join("ops.commands");
    std::fs::write(
        &commands,
        "00:05 aws ec2 create-subnet --vpc-id vpc-008a40b8fdd8d0d73 --cidr-block 10.0.1.0/24 --availability-zone us-east-1a\n\
         00:10 aws ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.small --subnet-id subnet-0f23cff7a0dfca0a5 --security-group-ids sg-032789298c5c11938 --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=probe}]' --user-data file://boot.sh\n\
         00:10 aws ec2 wait instance-running --filters Name=tag:Name,Values=probe\n\
         00:10 aws ec2 describe-instances --filters Name=tag:Name,Values=probe --query 'Reservations[].Instances[].State.Name' --output text\n\
         00:10 aws ec2 run-instances --image-id ami-1 --subnet-id subnet-0f23cff7a0dfca0a5 --user-data file://~/user-data.sh --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=home}]'\n",
    )
    .unwrap();
    let path = commands.to_str().unwrap();
    let (parsed, lines) = read_script(path).unwrap_or_else(|e| panic!("{e}"));
    let opts = HeadlessOptions {
        scenario: "unicorn-rentals".into(),
        seed: 7,
        minutes: Some(5),
        commands: parsed,
        autopilot: None,
    };
    let (_, transcript) = run_with_transcript(&opts, &lines).unwrap();
    let blocks: Vec<&str> = transcript.split("# 00:").skip(1).collect();
    assert_eq!(blocks.len(), 5, "{transcript}");
    // the waiter prints nothing when it succeeds, and the describe after it sees the
    // instance running: it was held until then
    assert!(
        blocks[2].ends_with("--filters Name=tag:Name,Values=probe\n\n"),
        "{transcript}"
    );
    assert!(
        blocks[3].ends_with("--output text\nrunning\n"),
        "{transcript}"
    );
    // the user data is the file's text (and `~/` is the shipped home directory)
    assert!(blocks[1].contains("\"i-"), "{transcript}");
    let err = gameday::awscli::parse_line(
        "aws ec2 run-instances --image-id ami-1 --user-data file://boot.sh",
    )
    .unwrap_err();
    // outside that directory the file is not there: aws-cli's error, naming the path
    assert!(
        err.message
            .ends_with("[Errno 2] No such file or directory: 'boot.sh'"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_waiter_polls_in_simulated_time_and_gives_up_like_aws_cli() {
    let mut app = unicorn(7);
    run_minutes(&mut app, 1.0);
    // the old Classic LB's instance keeps running: instance-terminated never comes
    let cmd =
        parse_line("aws ec2 wait instance-terminated --instance-ids i-09b71f7dac037e1af").unwrap();
    let started = app.world().resource::<SimClock>().now;
    let reads_before = reads(&mut app);
    let ticket = app.world_mut().resource_mut::<CommandQueue>().push(
        Principal::Player,
        CallerContext::default(),
        cmd,
    );
    let mut answered_at = None;
    for _ in 0..700 {
        gameday::sim::step(app.world_mut());
        if let Some(a) = app.world().resource::<CommandResults>().get(ticket) {
            answered_at = Some(app.world().resource::<SimClock>().now);
            let text = answer_text("Wait", &a.result, &Default::default());
            assert_eq!(
                text,
                "Waiter InstanceTerminated failed: Max attempts exceeded"
            );
            break;
        }
    }
    let waited = answered_at.expect("the waiter gave up") - started;
    // 40 polls, 15 s apart: the first at once, the last 39 × 15 s later
    assert!((584.0..=587.0).contains(&waited), "waited {waited} s");
    assert_eq!(
        reads(&mut app) - reads_before,
        40,
        "one read event per poll"
    );
}

/// DescribeInstances read events in the trail.
fn reads(app: &mut bevy::prelude::App) -> usize {
    app.world()
        .resource::<CloudTrail>()
        .events
        .iter()
        .filter(|e| e.command.event_name() == "DescribeInstances")
        .count()
}

#[test]
fn a_dry_run_answers_dry_run_operation_and_changes_nothing() {
    let mut app = unicorn(7);
    run_minutes(&mut app, 1.0);
    let say = |app: &mut bevy::prelude::App, line: &str| {
        let (cmd, output) = parse_request(line).unwrap_or_else(|e| panic!("{line}\n{e}"));
        let answer = execute(app.world_mut(), Principal::Player, cmd.clone());
        answer_text(cmd.event_name(), &answer.result, &output)
    };
    assert_eq!(
        say(
            &mut app,
            "aws ec2 terminate-instances --instance-ids i-09b71f7dac037e1af --dry-run"
        ),
        "An error occurred (DryRunOperation) when calling the TerminateInstances operation: \
         Request would have succeeded, but DryRun flag is set."
    );
    assert_eq!(
        say(
            &mut app,
            "aws ec2 describe-instances --instance-ids i-09b71f7dac037e1af --query 'Reservations[].Instances[].State.Name' --output text"
        ),
        "running"
    );
    assert_eq!(
        say(
            &mut app,
            "aws ec2 terminate-instances --instance-ids i-0000000000000000f --dry-run"
        ),
        "An error occurred (InvalidInstanceID.NotFound) when calling the TerminateInstances \
         operation: The instance ID 'i-0000000000000000f' does not exist"
    );
    // the dry run is in the trail, under the call's own name, with its error code
    let trail = app.world().resource::<CloudTrail>();
    let dry: Vec<_> = trail
        .events
        .iter()
        .filter(|e| e.command.event_name() == "TerminateInstances")
        .collect();
    assert_eq!(dry.len(), 2);
    assert_eq!(
        dry[0].error.as_ref().map(|e| e.code.as_str()),
        Some("DryRunOperation")
    );
}

#[test]
fn describe_alarms_reads_back_each_alarm_with_its_state() {
    let mut app = unicorn(7);
    let say = |app: &mut bevy::prelude::App, line: &str| {
        let (cmd, output) = parse_request(line).unwrap_or_else(|e| panic!("{line}\n{e}"));
        let answer = execute(app.world_mut(), Principal::Player, cmd.clone());
        answer_text(cmd.event_name(), &answer.result, &output)
    };
    assert_eq!(
        say(
            &mut app,
            "aws cloudwatch put-metric-alarm --alarm-name never --namespace AWS/EC2 --metric-name CPUUtilization --statistic Average --period 60 --evaluation-periods 1 --threshold 1000 --comparison-operator GreaterThanThreshold"
        ),
        ""
    );
    run_minutes(&mut app, 3.0);
    let text = say(
        &mut app,
        "aws cloudwatch describe-alarms --alarm-names never --query 'MetricAlarms[].[AlarmName,Namespace,MetricName,StateValue]' --output text",
    );
    assert_eq!(text, "never\tAWS/EC2\tCPUUtilization\tOK", "{text}");
    assert_eq!(
        say(
            &mut app,
            "aws cloudwatch describe-alarms --state-value ALARM --query 'length(MetricAlarms)'"
        ),
        "0"
    );
    let e = say(&mut app, "aws cloudwatch describe-alarms --state-value RED");
    assert!(
        e.starts_with(
            "An error occurred (ValidationError) when calling the DescribeAlarms operation"
        ),
        "{e}"
    );
}

#[test]
fn security_groups_by_name_and_addresses_by_ip_are_found_like_ec2() {
    let mut app = unicorn(7);
    let say = |app: &mut bevy::prelude::App, line: &str| {
        let (cmd, output) = parse_request(line).unwrap_or_else(|e| panic!("{line}\n{e}"));
        let answer = execute(app.world_mut(), Principal::Player, cmd.clone());
        answer_text(cmd.event_name(), &answer.result, &output)
    };
    let before = say(
        &mut app,
        "aws ec2 describe-security-groups --group-ids sg-032789298c5c11938 --query 'SecurityGroups[0].GroupName' --output text",
    );
    assert_eq!(
        say(
            &mut app,
            &format!(
                "aws ec2 authorize-security-group-ingress --group-name {before} --protocol tcp --port 8080 --cidr 10.0.0.0/16"
            )
        ),
        "{\n    \"Return\": true\n}",
    );
    let ports = say(
        &mut app,
        "aws ec2 describe-security-groups --group-ids sg-032789298c5c11938 --query 'SecurityGroups[0].IpPermissions[].FromPort' --output text",
    );
    assert!(ports.split('\t').any(|p| p == "8080"), "{ports}");
    assert_eq!(
        say(
            &mut app,
            "aws ec2 revoke-security-group-ingress --protocol tcp --port 22 --cidr 0.0.0.0/0"
        ),
        "An error occurred (MissingParameter) when calling the RevokeSecurityGroupIngress \
         operation: The request must contain the parameter groupId or groupName"
    );
    assert_eq!(
        say(&mut app, "aws ec2 release-address --public-ip 198.51.100.0"),
        "An error occurred (InvalidAddress.NotFound) when calling the ReleaseAddress \
         operation: Address 198.51.100.0 not found."
    );
    assert!(
        say(
            &mut app,
            "aws ec2 create-route --route-table-id rtb-0d60ac34092e6d0ba --destination-cidr-block 10.1.0.0/16 --vpc-peering-connection-id pcx-1a2b3c4d"
        )
        .contains("(InvalidVpcPeeringConnectionID.NotFound)")
    );
}

#[test]
fn lookup_events_finds_who_deleted_the_load_balancer() {
    let mut app = unicorn(7);
    let say = |app: &mut bevy::prelude::App, line: &str| {
        let (cmd, output) = parse_request(line).unwrap_or_else(|e| panic!("{line}\n{e}"));
        let answer = execute(app.world_mut(), Principal::Player, cmd.clone());
        answer_text(cmd.event_name(), &answer.result, &output)
    };
    run_minutes(&mut app, 1.0);
    assert_eq!(
        say(
            &mut app,
            "aws elb delete-load-balancer --load-balancer-name unicorn-clb"
        ),
        ""
    );
    let who = say(
        &mut app,
        "aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=DeleteLoadBalancer --query 'Events[].[EventName,Username,EventSource,ReadOnly]' --output text",
    );
    assert_eq!(
        who,
        "DeleteLoadBalancer\tdevops-team\telasticloadbalancing.amazonaws.com\tfalse"
    );
    // the record itself is CloudTrail's JSON, as a string
    let record = say(
        &mut app,
        "aws cloudtrail lookup-events --max-results 1 --lookup-attributes AttributeKey=EventName,AttributeValue=DeleteLoadBalancer --query 'Events[0].CloudTrailEvent' --output text",
    );
    let v: serde_json::Value = serde_json::from_str(&record).unwrap();
    assert_eq!(v["eventName"], "DeleteLoadBalancer");
    assert_eq!(
        v["userIdentity"]["arn"],
        "arn:aws:iam::123456789012:user/devops-team"
    );
    let e = say(
        &mut app,
        "aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=A AttributeKey=Username,AttributeValue=B",
    );
    assert!(e.contains("(InvalidLookupAttributesException)"), "{e}");
}
