//! The aws-cli project's own documentation examples, one line at a time: every `aws …`
//! command of `awscli/examples/<service>/<operation>.rst` for the operations GameDay
//! supports and of its waiters (tests/data/awscli-doc-examples.txt says from which aws-cli
//! commit), and what
//! the read operations' lines parse to.

use gameday::awscli::{FileArea, OutputFormat, parse_line, parse_request, parse_request_in};
use gameday::sim::command::{Command, Filter, Read, TargetDescription};

const EXAMPLES: &str = include_str!("../data/awscli-doc-examples.txt");
/// The contents the same pages show for the files their `file://` lines name.
const FILES: &str = include_str!("../data/awscli-doc-files.txt");

/// The files the `k`-th `file://` line of `op` reads (an empty area for the others).
fn files_for(op: &str, k: usize) -> FileArea {
    let mut area = FileArea::empty();
    for section in FILES.split("=== ").skip(1) {
        let (head, body) = section.split_once('\n').unwrap_or((section, ""));
        let mut words = head.rsplitn(3, ' ');
        let (path, n, rest) = (words.next(), words.next(), words.next());
        if rest == Some(op) && n == Some(&k.to_string()) {
            let path = path.expect("a path");
            let path = path.strip_prefix("~/").unwrap_or(path);
            area = area.with_file(path, body.trim_end_matches('\n'));
        }
    }
    area
}

/// Parses a documentation line as the CLI would on the documentation's machine: its
/// `file://` paths hold what the page shows.
fn parse_documented(
    examples: &[(&str, &str)],
    i: usize,
) -> Result<gameday::sim::command::Command, gameday::awscli::CliError> {
    let (op, line) = examples[i];
    let k = examples[..=i]
        .iter()
        .filter(|(o, l)| *o == op && l.contains("file://"))
        .count();
    parse_request_in(line, &files_for(op, k)).map(|(cmd, _)| cmd)
}

/// (operation, line) of the fixture.
fn examples() -> Vec<(&'static str, &'static str)> {
    EXAMPLES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split_once('\t').expect("operation TAB line"))
        .collect()
}

/// The share of the documentation's lines that parse, overall and per operation; the
/// lines that do not, with why. Printed with `--nocapture`.
#[test]
fn the_documentation_lines_parse() {
    let examples = examples();
    assert!(examples.len() > 150, "the fixture holds the examples");
    let mut per_op: Vec<(&str, usize, usize)> = vec![];
    let mut failures = vec![];
    for (i, (op, line)) in examples.iter().enumerate() {
        let ok = parse_documented(&examples, i);
        if let Err(e) = &ok {
            failures.push(format!(
                "{op}: {line}\n    {}",
                e.message.lines().next().unwrap_or("")
            ));
        }
        match per_op.iter_mut().find(|(o, _, _)| o == op) {
            Some(slot) => {
                slot.1 += 1;
                slot.2 += usize::from(ok.is_ok());
            }
            None => per_op.push((op, 1, usize::from(ok.is_ok()))),
        }
    }
    let parsed = examples.len() - failures.len();
    println!(
        "{parsed} of {} documentation lines parse ({:.0} %) over {} operations",
        examples.len(),
        100.0 * parsed as f64 / examples.len() as f64,
        per_op.len()
    );
    for (op, n, ok) in &per_op {
        if ok < n {
            println!("  {op}: {ok} of {n}");
        }
    }
    for f in &failures {
        println!("{f}");
    }
    // a ratchet: the share measured last (230 of 255 = 90.2 %: the lines of 124 operations
    // and waiters, from aws-cli's awscli/examples/<service>/<operation>.rst and
    // wait/<waiter>.rst at commit 07c4fe36); raise it as lines parse. What still fails, by
    // design: IPv6, NLB/GWLB and ip/alb/lambda targets (refused, see the README); four
    // file:// lines whose page shows no file contents and one truncated JSON; two lines the
    // page breaks (a missing `\` ends the command early) and one a shell splits at an
    // unquoted space; mixed instances policies; legacy CloudFront configurations
    // (ForwardedValues without a cache policy).
    assert!(
        parsed * 1000 >= examples.len() * 900,
        "{parsed} of {} lines parse",
        examples.len()
    );
    // every documented line of a read operation parses (its files as the page shows them),
    // metric math (`Expression` in get-metric-data) included
    for (i, (op, line)) in examples.iter().enumerate() {
        let read = op.contains(" describe-") || op.contains(" get-") || op.contains(" list-");
        if read && let Err(e) = parse_documented(&examples, i) {
            panic!("{line}\n{}", e.message);
        }
    }
}

/// Lines from the documentation of the read operations and what they parse to.
#[test]
fn documented_reads_parse_to_their_requests() {
    let r = |line: &str| match parse_line(line) {
        Ok(Command::Read(r)) => r,
        other => panic!("{line}: {other:?}"),
    };
    // awscli/examples/ec2/describe-instances.rst
    assert_eq!(
        r("aws ec2 describe-instances --instance-ids i-1234567890abcdef0"),
        Read::DescribeInstances {
            instance_ids: vec!["i-1234567890abcdef0".into()],
            filters: vec![],
        }
    );
    assert_eq!(
        r(
            "aws ec2 describe-instances --filters Name=instance-type,Values=t2.micro,t3.micro Name=availability-zone,Values=us-east-2c"
        ),
        Read::DescribeInstances {
            instance_ids: vec![],
            filters: vec![
                Filter {
                    name: "instance-type".into(),
                    values: vec!["t2.micro".into(), "t3.micro".into()],
                },
                Filter {
                    name: "availability-zone".into(),
                    values: vec!["us-east-2c".into()],
                },
            ],
        }
    );
    // awscli/examples/elbv2/describe-target-health.rst
    assert_eq!(
        r("aws elbv2 describe-target-health --target-group-arn arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 --targets Id=i-0f76fade,Port=80"),
        Read::DescribeTargetHealth {
            target_group_arn: "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067".into(),
            targets: vec![TargetDescription {
                id: "i-0f76fade".into(),
                port: Some(80),
            }],
        }
    );
    // awscli/examples/elb/describe-instance-health.rst
    assert_eq!(
        r(
            "aws elb describe-instance-health --load-balancer-name my-load-balancer --instances i-7299c809"
        ),
        Read::DescribeInstanceHealth {
            load_balancer_name: "my-load-balancer".into(),
            instance_ids: vec!["i-7299c809".into()],
        }
    );
    // awscli/examples/autoscaling/describe-scaling-activities.rst
    assert_eq!(
        r("aws autoscaling describe-scaling-activities --auto-scaling-group-name my-asg"),
        Read::DescribeScalingActivities {
            auto_scaling_group_name: Some("my-asg".into()),
            max_items: None,
        }
    );
    // awscli/examples/ec2/describe-launch-template-versions.rst
    assert_eq!(
        r("aws ec2 describe-launch-template-versions --launch-template-id lt-068f72b72934aff71"),
        Read::DescribeLaunchTemplateVersions {
            launch_template: "lt-068f72b72934aff71".into(),
            versions: vec![],
        }
    );
    // awscli/examples/sts/get-caller-identity.rst
    assert_eq!(r("aws sts get-caller-identity"), Read::GetCallerIdentity);
    // awscli/examples/ec2/describe-instances.rst: --query and --output are kept
    let (cmd, out) = parse_request(
        "aws ec2 describe-instances --filters Name=tag-key,Values=Owner --query 'Reservations[*].Instances[*].{Instance:InstanceId,AZ:Placement.AvailabilityZone}' --output table",
    )
    .unwrap();
    assert!(matches!(cmd, Command::Read(Read::DescribeInstances { .. })));
    assert_eq!(out.format, OutputFormat::Table);
    assert_eq!(
        out.query.as_deref(),
        Some("Reservations[*].Instances[*].{Instance:InstanceId,AZ:Placement.AvailabilityZone}")
    );
}
