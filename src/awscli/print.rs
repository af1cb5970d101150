//! Printing a `Command` back as the `aws …` line that parses to it: each service's file
//! prints its own commands; this asks them in turn.

use super::catalog::SERVICES;
use crate::sim::command::Command;

/// Prints a command as one `aws …` line that [`super::parse_line`] reads back as an
/// equal command. Values are single-quoted where a shell would need it; launch-template
/// user data is base64 inside the JSON, `run-instances --user-data` is the plain text.
pub fn to_cli(cmd: &Command) -> String {
    match cmd {
        Command::DryRun(inner) => return format!("{} --dry-run", to_cli(inner)),
        Command::Wait { waiter, read } => {
            // the polled read's line with `wait <waiter>` for its operation
            let line = to_cli(&Command::Read(read.clone()));
            let mut words = line.splitn(4, ' ');
            let (_, service, _) = (words.next(), words.next().unwrap_or(""), words.next());
            return match words.next() {
                Some(rest) => format!("aws {service} wait {waiter} {rest}"),
                None => format!("aws {service} wait {waiter}"),
            };
        }
        _ => {}
    }
    SERVICES
        .iter()
        .find_map(|s| (s.print)(cmd))
        .unwrap_or_else(|| unreachable!("no service prints {}", cmd.event_name()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::awscli::catalog::{operations, services};
    use crate::awscli::ec2::{lt, rule};
    use crate::awscli::parse::parse_line;
    use crate::sim::command::{IngressSource, TargetDescription};

    fn s(v: &str) -> String {
        v.to_string()
    }

    /// At least one command of every variant: each service's samples.
    fn samples() -> Vec<Command> {
        SERVICES.iter().flat_map(|s| (s.samples)()).collect()
    }

    #[test]
    fn each_command_is_printed_by_its_own_service() {
        for cmd in samples() {
            let printers: Vec<&str> = SERVICES
                .iter()
                .filter_map(|s| (s.print)(&cmd).map(|line| (s.name, line)))
                .map(|(name, line)| {
                    assert!(line.starts_with(&format!("aws {name} ")), "{line}");
                    name
                })
                .collect();
            assert_eq!(printers.len(), 1, "{cmd:?} printed by {printers:?}");
        }
    }

    #[test]
    fn every_variant_round_trips() {
        let samples = samples();
        let mut events: Vec<&str> = samples.iter().map(Command::event_name).collect();
        events.sort_unstable();
        events.dedup();
        // 36 core event names, 4 from CloudWatch alarms, 6 from CloudFront and ElastiCache,
        // 14 from RDS, SQS, Lambda and ECS, 12 from WAF, IAM, Savings Plans and EC2 instance
        // state, 39 reads (EC2 8, ELB 5, Auto Scaling 2, STS 1, CloudWatch 3, CloudTrail 1,
        // RDS 1, SQS 3, CloudFront 2, ElastiCache 1, ECS 4, Lambda 2, WAF 4, IAM 2)
        assert_eq!(
            events.len(),
            36 + 4 + 6 + 14 + 12 + 39,
            "a Command variant has no sample"
        );
        for cmd in &samples {
            let line = to_cli(cmd);
            let back = parse_line(&line).unwrap_or_else(|e| panic!("{line}\n{e}"));
            assert_eq!(&back, cmd, "{line}");
            assert!(line.starts_with("aws "));
        }
    }

    /// Values that would read as an option or as JSON are printed in the forms that read
    /// back (`--x=--v`, a JSON list), by every service alike.
    #[test]
    fn odd_values_read_back() {
        for cmd in [
            Command::StartInstances {
                instance_ids: vec![s("[]")],
            },
            Command::CreateIpSet {
                name: s("empty"),
                scope: s("REGIONAL"),
                addresses: vec![],
            },
            Command::UpdateAccessKey {
                user_name: Some(s("--bob")),
                access_key_id: s("AKIA1"),
                status: s("--Inactive"),
            },
            Command::DeleteWebAcl {
                name: s("--shop"),
                scope: s("REGIONAL"),
                id: s("1"),
                lock_token: s("--2"),
            },
        ] {
            let line = to_cli(&cmd);
            assert_eq!(parse_line(&line), Ok(cmd), "{line}");
        }
    }

    #[test]
    fn dry_runs_and_waits_print_back() {
        let dry = parse_line("aws ec2 terminate-instances --instance-ids i-1 --dry-run").unwrap();
        assert_eq!(
            to_cli(&dry),
            "aws ec2 terminate-instances --instance-ids i-1 --dry-run"
        );
        assert_eq!(parse_line(&to_cli(&dry)), Ok(dry));
        for line in [
            "aws ec2 wait instance-running --instance-ids i-1 i-2",
            "aws elbv2 wait load-balancer-available",
            "aws elb wait instance-in-service --load-balancer-name web --instances i-1",
        ] {
            let cmd = parse_line(line).unwrap();
            assert_eq!(to_cli(&cmd), line);
        }
    }

    #[test]
    fn every_operation_is_printed() {
        let printed: Vec<String> = samples().iter().map(to_cli).collect();
        for service in services() {
            for op in operations(service) {
                let prefix = format!("aws {service} {op} ");
                assert!(
                    printed
                        .iter()
                        .any(|l| l.starts_with(&prefix) || *l == prefix.trim_end()),
                    "nothing prints {prefix}"
                );
            }
        }
    }

    #[test]
    fn lines_are_single_lines_and_readable() {
        for cmd in samples() {
            let line = to_cli(&cmd);
            let has_newline_value = matches!(&cmd, Command::RunInstances { user_data: Some(u), .. } if u.contains('\n'));
            assert_eq!(line.contains('\n'), has_newline_value, "{line}");
        }
        assert_eq!(
            to_cli(&Command::SetDesiredCapacity {
                auto_scaling_group_name: s("web"),
                desired_capacity: 2,
                honor_cooldown: true
            }),
            "aws autoscaling set-desired-capacity --auto-scaling-group-name web --desired-capacity 2 --honor-cooldown"
        );
        assert_eq!(
            to_cli(&Command::AuthorizeSecurityGroupIngress {
                group_id: s("sg-1"),
                rules: vec![rule("tcp", 8000, 8010, IngressSource::Cidr(s("0.0.0.0/0")))],
            }),
            "aws ec2 authorize-security-group-ingress --group-id sg-1 --protocol tcp --port 8000-8010 --cidr 0.0.0.0/0"
        );
        assert_eq!(
            to_cli(&Command::RegisterTargets {
                target_group_arn: s("tg"),
                targets: vec![
                    TargetDescription {
                        id: s("i-1"),
                        port: None
                    },
                    TargetDescription {
                        id: s("i-2"),
                        port: Some(80)
                    },
                ],
            }),
            "aws elbv2 register-targets --target-group-arn tg --targets Id=i-1 Id=i-2,Port=80"
        );
        let line = to_cli(&Command::RunInstances {
            image_id: Some(s("ami-1")),
            instance_type: None,
            count: 1,
            subnet_id: None,
            security_group_ids: vec![],
            user_data: Some(s("echo it's")),
            launch_template: Some(lt("web", "$Latest")),
            name: Some(s("web")),
        });
        assert_eq!(
            line,
            "aws ec2 run-instances --launch-template 'LaunchTemplateName=web,Version=$Latest' \
             --image-id ami-1 --count 1 --tag-specifications \
             'ResourceType=instance,Tags=[{Key=Name,Value=web}]' --user-data 'echo it'\\''s'"
        );
    }

    /// A tiny deterministic generator, so the test needs no crates.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            self.0 >> 33
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    /// Whatever parses must print and parse back to itself; nothing may panic.
    fn check(line: &str) {
        if let Ok(cmd) = parse_line(line) {
            let printed = to_cli(&cmd);
            assert_eq!(
                parse_line(&printed).as_ref(),
                Ok(&cmd),
                "{line:?}\n{printed}"
            );
        }
    }

    #[test]
    fn garbage_never_panics() {
        const PIECES: &[&str] = &[
            "aws",
            " ",
            " ",
            "ec2",
            "elbv2",
            "autoscaling",
            "route53",
            "elb",
            "run-instances",
            "authorize-security-group-ingress",
            "create-launch-template",
            "--",
            "-",
            "--count",
            "--port",
            "--ip-permissions",
            "--launch-template-data",
            "--targets",
            "--listeners",
            "--change-batch",
            "--target-tracking-configuration",
            "--vpc-zone-identifier",
            "=",
            ",",
            "[",
            "]",
            "{",
            "}",
            "'",
            "\"",
            "\\",
            "\n",
            "#",
            "|",
            "$",
            ":",
            "-1",
            "0",
            "65536",
            "99999999999999999999",
            "Key=",
            "Value=",
            "Id=",
            "{\"",
            "\":",
            "é",
            "😀",
            "\u{0}",
            "\t",
            "file://",
            "IpProtocol=tcp",
            "UserData=",
            "==",
            "help",
            "--no-",
            "x",
        ];
        let mut rng = Lcg(0x5eed);
        for _ in 0..20_000 {
            let n = rng.below(24);
            let line: String = (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect();
            check(&line);
        }
        let mut chars = Lcg(7);
        for _ in 0..2_000 {
            let n = chars.below(64);
            let line: String = (0..n)
                .map(|_| char::from_u32(chars.below(0x3000) as u32).unwrap_or('?'))
                .collect();
            check(&line);
        }
    }

    #[test]
    fn mutated_valid_lines_never_panic() {
        let mut rng = Lcg(42);
        let lines: Vec<String> = samples().iter().map(to_cli).collect();
        const NOISE: &[char] = &[
            '\'', '"', '\\', ',', '=', '[', ']', '{', '}', ' ', '-', '1', 'x', ':', '\n', 'é',
        ];
        for line in &lines {
            let chars: Vec<char> = line.chars().collect();
            for cut in 0..=chars.len() {
                check(&chars[..cut].iter().collect::<String>());
            }
            for _ in 0..300 {
                let mut m = chars.clone();
                for _ in 0..1 + rng.below(3) {
                    let at = rng.below(m.len() + 1);
                    match rng.below(3) {
                        0 if at < m.len() => {
                            m.remove(at);
                        }
                        1 if at < m.len() => m[at] = NOISE[rng.below(NOISE.len())],
                        _ => m.insert(at, NOISE[rng.below(NOISE.len())]),
                    }
                }
                check(&m.iter().collect::<String>());
            }
        }
    }
}
