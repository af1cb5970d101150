//! The security and cost operations (`wafv2`, `iam` access keys, `savingsplans`, EC2
//! stop/start/modify-instance-attribute): reading them from the command line and printing
//! them back.

use super::CliError;
use super::parse::Args;
use super::values::{as_object, opt_int, opt_str, req_str};
use crate::sim::command::{Command, WafAction, WafRule, WafStatement};
use serde_json::{Value, json};

/// Builds the command for one of these operations, or `None` for another service's.
pub(crate) fn build(a: &Args) -> Option<Result<Command, CliError>> {
    let cmd = match (a.spec.service, a.spec.name) {
        // ---- WAF ----
        ("wafv2", "create-web-acl") => (|| {
            Ok(Command::CreateWebAcl {
                name: a.req("--name")?,
                scope: a.req("--scope")?,
                rules: rules(a)?,
            })
        })(),
        ("wafv2", "update-web-acl") => (|| {
            Ok(Command::UpdateWebAcl {
                name: a.req("--name")?,
                scope: a.req("--scope")?,
                id: a.req("--id")?,
                lock_token: a.req("--lock-token")?,
                rules: rules(a)?,
            })
        })(),
        ("wafv2", "delete-web-acl") => (|| {
            Ok(Command::DeleteWebAcl {
                name: a.req("--name")?,
                scope: a.req("--scope")?,
                id: a.req("--id")?,
                lock_token: a.req("--lock-token")?,
            })
        })(),
        ("wafv2", "associate-web-acl") => (|| {
            Ok(Command::AssociateWebAcl {
                web_acl_arn: a.req("--web-acl-arn")?,
                resource_arn: a.req("--resource-arn")?,
            })
        })(),
        ("wafv2", "create-ip-set") => (|| {
            let version = a.req("--ip-address-version")?;
            if version != "IPV4" {
                return Err(CliError::param(
                    "--ip-address-version",
                    format!("GameDay models IPV4 only, got '{version}'"),
                ));
            }
            Ok(Command::CreateIpSet {
                name: a.req("--name")?,
                scope: a.req("--scope")?,
                addresses: a.req_list("--addresses")?,
            })
        })(),
        // ---- IAM ----
        ("iam", "list-access-keys") => Ok(Command::ListAccessKeys {
            user_name: a.text("--user-name"),
        }),
        ("iam", "update-access-key") => (|| {
            Ok(Command::UpdateAccessKey {
                user_name: a.text("--user-name"),
                access_key_id: a.req("--access-key-id")?,
                status: a.req("--status")?,
            })
        })(),
        ("iam", "delete-access-key") => (|| {
            Ok(Command::DeleteAccessKey {
                user_name: a.text("--user-name"),
                access_key_id: a.req("--access-key-id")?,
            })
        })(),
        // ---- Savings Plans ----
        ("savingsplans", "create-savings-plan") => (|| {
            Ok(Command::CreateSavingsPlan {
                savings_plan_offering_id: a.req("--savings-plan-offering-id")?,
                commitment: a.req("--commitment")?,
            })
        })(),
        // ---- EC2 instance state ----
        ("ec2", "stop-instances") => (|| {
            Ok(Command::StopInstances {
                instance_ids: a.req_list("--instance-ids")?,
            })
        })(),
        ("ec2", "start-instances") => (|| {
            Ok(Command::StartInstances {
                instance_ids: a.req_list("--instance-ids")?,
            })
        })(),
        ("ec2", "modify-instance-attribute") => (|| {
            Ok(Command::ModifyInstanceAttribute {
                instance_id: a.req("--instance-id")?,
                instance_type: instance_type(a)?,
            })
        })(),
        _ => return None,
    };
    Some(cmd)
}

/// `--instance-type Value=t3.small` (or JSON), or `--attribute instanceType --value t3.small`.
fn instance_type(a: &Args) -> Result<String, CliError> {
    if let Some(v) = a.structure("--instance-type")? {
        let m = as_object(&v, "InstanceType").map_err(|e| CliError::param("--instance-type", e))?;
        return req_str(m, "Value").map_err(|e| CliError::param("--instance-type", e));
    }
    match (a.text("--attribute").as_deref(), a.text("--value")) {
        (Some("instanceType"), Some(v)) => Ok(v),
        (Some(other), _) if other != "instanceType" => Err(CliError::param(
            "--attribute",
            format!("GameDay models instanceType only, got '{other}'"),
        )),
        _ => Err(CliError::required(&["--instance-type"])),
    }
}

fn rules(a: &Args) -> Result<Vec<WafRule>, CliError> {
    let items = a.structures("--rules")?.unwrap_or_default();
    items
        .iter()
        .map(rule)
        .collect::<Result<_, _>>()
        .map_err(|e| CliError::param("--rules", e))
}

/// One rule: `Name`, `Priority`, `Statement` (rate-based or IP-set reference), `Action`.
fn rule(v: &Value) -> Result<WafRule, String> {
    let m = as_object(v, "Rule")?;
    let name = req_str(m, "Name")?;
    let priority = opt_int(m, "Priority")?.ok_or("Rule needs Priority")?;
    let priority =
        u32::try_from(priority).map_err(|_| format!("Priority must be ≥ 0, got {priority}"))?;
    let st = as_object(
        m.get("Statement").ok_or("Rule needs Statement")?,
        "Statement",
    )?;
    let statement = if let Some(r) = st.get("RateBasedStatement") {
        let r = as_object(r, "RateBasedStatement")?;
        let limit = opt_int(r, "Limit")?.ok_or("RateBasedStatement needs Limit")?;
        let limit = u64::try_from(limit).map_err(|_| format!("Limit must be ≥ 0, got {limit}"))?;
        let window = opt_int(r, "EvaluationWindowSec")?.unwrap_or(300);
        let window = u32::try_from(window).map_err(|_| {
            format!("EvaluationWindowSec must be 60, 120, 300 or 600, got {window}")
        })?;
        let key = opt_str(r, "AggregateKeyType")?.unwrap_or_else(|| "IP".into());
        if key != "IP" {
            return Err(format!(
                "GameDay models AggregateKeyType IP only, got '{key}'"
            ));
        }
        WafStatement::RateBased {
            limit,
            evaluation_window_sec: window,
        }
    } else if let Some(r) = st.get("IPSetReferenceStatement") {
        let r = as_object(r, "IPSetReferenceStatement")?;
        WafStatement::IpSetReference {
            arn: req_str(r, "ARN")?,
        }
    } else {
        return Err(
            "Statement must be a RateBasedStatement or an IPSetReferenceStatement in GameDay"
                .into(),
        );
    };
    let action = m.get("Action").ok_or("Rule needs Action")?;
    let action = as_object(action, "Action")?;
    let action = if action.contains_key("Block") {
        WafAction::Block
    } else if action.contains_key("Count") {
        WafAction::Count
    } else {
        return Err("Action must be {\"Block\":{}} or {\"Count\":{}}".into());
    };
    Ok(WafRule {
        name,
        priority,
        statement,
        action,
    })
}

/// The `--rules` JSON for a command.
fn rules_json(rules: &[WafRule]) -> String {
    let list: Vec<Value> = rules
        .iter()
        .map(|r| {
            let statement = match &r.statement {
                WafStatement::RateBased {
                    limit,
                    evaluation_window_sec,
                } => json!({"RateBasedStatement": {
                    "Limit": limit,
                    "EvaluationWindowSec": evaluation_window_sec,
                    "AggregateKeyType": "IP"
                }}),
                WafStatement::IpSetReference { arn } => {
                    json!({"IPSetReferenceStatement": {"ARN": arn}})
                }
            };
            let mut action = serde_json::Map::new();
            action.insert(r.action.aws_name().into(), json!({}));
            json!({
                "Name": r.name,
                "Priority": r.priority,
                "Statement": statement,
                "Action": action,
                "VisibilityConfig": {
                    "SampledRequestsEnabled": true,
                    "CloudWatchMetricsEnabled": true,
                    "MetricName": r.name
                }
            })
        })
        .collect();
    Value::Array(list).to_string()
}

/// Prints one of these commands as its `aws …` words, or `None` for another service's.
pub(crate) fn print(cmd: &Command) -> Option<Vec<String>> {
    use Command as C;
    let w = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<String>>();
    let visibility = |name: &str| {
        format!("SampledRequestsEnabled=true,CloudWatchMetricsEnabled=true,MetricName={name}")
    };
    Some(match cmd {
        C::CreateWebAcl { name, scope, rules } => {
            let mut v = w(&[
                "aws",
                "wafv2",
                "create-web-acl",
                "--name",
                name,
                "--scope",
                scope,
            ]);
            v.extend(w(&["--default-action", "Allow={}"]));
            v.extend(w(&["--visibility-config", &visibility(name)]));
            v.extend(w(&["--rules", &rules_json(rules)]));
            v
        }
        C::UpdateWebAcl {
            name,
            scope,
            id,
            lock_token,
            rules,
        } => {
            let mut v = w(&[
                "aws",
                "wafv2",
                "update-web-acl",
                "--name",
                name,
                "--scope",
                scope,
                "--id",
                id,
                "--lock-token",
                lock_token,
            ]);
            v.extend(w(&["--default-action", "Allow={}"]));
            v.extend(w(&["--visibility-config", &visibility(name)]));
            v.extend(w(&["--rules", &rules_json(rules)]));
            v
        }
        C::DeleteWebAcl {
            name,
            scope,
            id,
            lock_token,
        } => w(&[
            "aws",
            "wafv2",
            "delete-web-acl",
            "--name",
            name,
            "--scope",
            scope,
            "--id",
            id,
            "--lock-token",
            lock_token,
        ]),
        C::AssociateWebAcl {
            web_acl_arn,
            resource_arn,
        } => w(&[
            "aws",
            "wafv2",
            "associate-web-acl",
            "--web-acl-arn",
            web_acl_arn,
            "--resource-arn",
            resource_arn,
        ]),
        C::CreateIpSet {
            name,
            scope,
            addresses,
        } => {
            let mut v = w(&[
                "aws",
                "wafv2",
                "create-ip-set",
                "--name",
                name,
                "--scope",
                scope,
                "--ip-address-version",
                "IPV4",
                "--addresses",
            ]);
            v.extend(addresses.iter().cloned());
            v
        }
        C::ListAccessKeys { user_name } => {
            let mut v = w(&["aws", "iam", "list-access-keys"]);
            if let Some(u) = user_name {
                v.extend(w(&["--user-name", u]));
            }
            v
        }
        C::UpdateAccessKey {
            user_name,
            access_key_id,
            status,
        } => {
            let mut v = w(&["aws", "iam", "update-access-key"]);
            if let Some(u) = user_name {
                v.extend(w(&["--user-name", u]));
            }
            v.extend(w(&["--access-key-id", access_key_id, "--status", status]));
            v
        }
        C::DeleteAccessKey {
            user_name,
            access_key_id,
        } => {
            let mut v = w(&["aws", "iam", "delete-access-key"]);
            if let Some(u) = user_name {
                v.extend(w(&["--user-name", u]));
            }
            v.extend(w(&["--access-key-id", access_key_id]));
            v
        }
        C::CreateSavingsPlan {
            savings_plan_offering_id,
            commitment,
        } => w(&[
            "aws",
            "savingsplans",
            "create-savings-plan",
            "--savings-plan-offering-id",
            savings_plan_offering_id,
            "--commitment",
            commitment,
        ]),
        C::StopInstances { instance_ids } => {
            let mut v = w(&["aws", "ec2", "stop-instances", "--instance-ids"]);
            v.extend(instance_ids.iter().cloned());
            v
        }
        C::StartInstances { instance_ids } => {
            let mut v = w(&["aws", "ec2", "start-instances", "--instance-ids"]);
            v.extend(instance_ids.iter().cloned());
            v
        }
        C::ModifyInstanceAttribute {
            instance_id,
            instance_type,
        } => w(&[
            "aws",
            "ec2",
            "modify-instance-attribute",
            "--instance-id",
            instance_id,
            "--instance-type",
            &format!("Value={instance_type}"),
        ]),
        _ => return None,
    })
}

/// One sample of every command here, for the printer's round-trip test.
#[cfg(test)]
pub(crate) fn samples() -> Vec<Command> {
    let s = |x: &str| x.to_string();
    let rate = WafRule {
        name: s("rate-per-ip"),
        priority: 1,
        statement: WafStatement::RateBased {
            limit: 2000,
            evaluation_window_sec: 300,
        },
        action: WafAction::Block,
    };
    let ipset = WafRule {
        name: s("botnet"),
        priority: 0,
        statement: WafStatement::IpSetReference {
            arn: s(
                "arn:aws:wafv2:us-east-1:123456789012:regional/ipset/botnet/8d4d7d39-ee14-bd5a-7a86-53bccd01607f",
            ),
        },
        action: WafAction::Count,
    };
    vec![
        Command::CreateWebAcl {
            name: s("shop"),
            scope: s("REGIONAL"),
            rules: vec![rate.clone()],
        },
        Command::CreateWebAcl {
            name: s("edge"),
            scope: s("CLOUDFRONT"),
            rules: vec![],
        },
        Command::UpdateWebAcl {
            name: s("shop"),
            scope: s("REGIONAL"),
            id: s("4a12894f-48d0-ddea-3522-6333a2596a06"),
            lock_token: s("a0e43b82-7775-2b5e-1604-07878928f4f3"),
            rules: vec![ipset, rate],
        },
        Command::DeleteWebAcl {
            name: s("shop"),
            scope: s("REGIONAL"),
            id: s("4a12894f-48d0-ddea-3522-6333a2596a06"),
            lock_token: s("a0e43b82-7775-2b5e-1604-07878928f4f3"),
        },
        Command::AssociateWebAcl {
            web_acl_arn: s(
                "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/shop/4a12894f-48d0-ddea-3522-6333a2596a06",
            ),
            resource_arn: s(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188",
            ),
        },
        Command::CreateIpSet {
            name: s("botnet"),
            scope: s("REGIONAL"),
            addresses: vec![s("198.51.100.0/24"), s("203.0.113.66/32")],
        },
        Command::ListAccessKeys { user_name: None },
        Command::ListAccessKeys {
            user_name: Some(s("ci-deploy")),
        },
        Command::UpdateAccessKey {
            user_name: Some(s("ci-deploy")),
            access_key_id: s("AKIA4UNICORNCI7LEAKX"),
            status: s("Inactive"),
        },
        Command::DeleteAccessKey {
            user_name: None,
            access_key_id: s("AKIA4UNICORNCI7LEAKX"),
        },
        Command::CreateSavingsPlan {
            savings_plan_offering_id: s("0a9c0e24-5a3e-4c4f-b1a8-5e6f1c9d2b10"),
            commitment: s("0.1224"),
        },
        Command::StopInstances {
            instance_ids: vec![s("i-0ba1798cddda86514"), s("i-09ed5aaea57e8687f")],
        },
        Command::StartInstances {
            instance_ids: vec![s("i-0ba1798cddda86514")],
        },
        Command::ModifyInstanceAttribute {
            instance_id: s("i-0ba1798cddda86514"),
            instance_type: s("c5.large"),
        },
    ]
}

#[cfg(test)]
mod tests {
    use crate::awscli::parse_line;
    use crate::sim::command::{Command, WafStatement};

    fn err(line: &str) -> String {
        parse_line(line).unwrap_err().message
    }

    #[test]
    fn documentation_forms_parse() {
        let c = parse_line(
            "aws ec2 modify-instance-attribute --instance-id i-1234567890abcdef0 --instance-type \"{\\\"Value\\\": \\\"m1.small\\\"}\"",
        )
        .unwrap();
        assert_eq!(
            c,
            Command::ModifyInstanceAttribute {
                instance_id: "i-1234567890abcdef0".into(),
                instance_type: "m1.small".into()
            }
        );
        let c = parse_line(
            "aws ec2 modify-instance-attribute --instance-id i-1 --attribute instanceType --value t3.small",
        )
        .unwrap();
        assert!(
            matches!(c, Command::ModifyInstanceAttribute { instance_type, .. } if instance_type == "t3.small")
        );
        let c = parse_line("aws iam update-access-key --access-key-id AKIAIOSFODNN7EXAMPLE --status Inactive --user-name Bob").unwrap();
        assert!(matches!(c, Command::UpdateAccessKey { status, .. } if status == "Inactive"));
        // The evaluation window defaults to 5 minutes.
        let c = parse_line(r#"aws wafv2 create-web-acl --name a --scope REGIONAL --default-action Allow={} --visibility-config SampledRequestsEnabled=true,CloudWatchMetricsEnabled=true,MetricName=a --rules '[{"Name":"r","Priority":0,"Statement":{"RateBasedStatement":{"Limit":500,"AggregateKeyType":"IP"}},"Action":{"Block":{}}}]'"#).unwrap();
        let Command::CreateWebAcl { rules, .. } = c else {
            panic!()
        };
        assert_eq!(
            rules[0].statement,
            WafStatement::RateBased {
                limit: 500,
                evaluation_window_sec: 300
            }
        );
    }

    #[test]
    fn mistakes_are_named() {
        assert!(err("aws wafv2 create-web-acl --name a").contains("--scope"));
        assert!(
            err(r#"aws wafv2 create-web-acl --name a --scope REGIONAL --rules '[{"Name":"r","Priority":0,"Statement":{"ByteMatchStatement":{}},"Action":{"Block":{}}}]'"#)
                .contains("RateBasedStatement or an IPSetReferenceStatement")
        );
        assert!(
            err(r#"aws wafv2 create-web-acl --name a --scope REGIONAL --rules '[{"Name":"r","Priority":0,"Statement":{"RateBasedStatement":{"Limit":500,"AggregateKeyType":"FORWARDED_IP"}},"Action":{"Block":{}}}]'"#)
                .contains("AggregateKeyType IP only")
        );
        assert!(err("aws wafv2 create-ip-set --name b --scope REGIONAL --ip-address-version IPV6 --addresses 2001:db8::/32").contains("IPV4"));
        assert!(err("aws iam update-access-key --access-key-id AKIA1").contains("--status"));
        assert!(
            err("aws ec2 modify-instance-attribute --instance-id i-1").contains("--instance-type")
        );
        assert!(
            err("aws savingsplans create-savings-plan --commitment 1")
                .contains("--savings-plan-offering-id")
        );
    }
}
