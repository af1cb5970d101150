//! `aws wafv2`: web ACLs with rate-based and IP-set rules, IP sets, and putting an ACL in
//! front of a load balancer or a distribution, and reading them back — the operation
//! table, the builder to `Command` and the printer back.

use super::args::{Args, CliError, ServiceCli};
use super::line::Line;
use super::spec::ValueKind::{List, StructList, Text};
use super::spec::{OperationSpec, ignored, op, opt, req};
use super::values::{as_object, opt_int, opt_str, req_str};
use crate::sim::command::{Command, Read, WafAction, WafRule, WafStatement};
use serde_json::Value;

pub(crate) static CLI: ServiceCli = ServiceCli {
    name: "wafv2",
    operations: OPERATIONS,
    build,
    print,
    #[cfg(test)]
    samples,
};

static OPERATIONS: &[OperationSpec] = &[
    op(
        "create-web-acl",
        &[
            req("--name", Text),
            req("--scope", Text),
            ignored("--default-action", Text),
            ignored("--description", Text),
            opt("--rules", StructList),
            ignored("--visibility-config", Text),
        ],
    ),
    op(
        "update-web-acl",
        &[
            req("--name", Text),
            req("--scope", Text),
            req("--id", Text),
            req("--lock-token", Text),
            ignored("--default-action", Text),
            opt("--rules", StructList),
            ignored("--visibility-config", Text),
        ],
    ),
    op(
        "delete-web-acl",
        &[
            req("--name", Text),
            req("--scope", Text),
            req("--id", Text),
            req("--lock-token", Text),
        ],
    ),
    op(
        "associate-web-acl",
        &[req("--web-acl-arn", Text), req("--resource-arn", Text)],
    ),
    op(
        "create-ip-set",
        &[
            req("--name", Text),
            req("--scope", Text),
            req("--ip-address-version", Text),
            req("--addresses", List),
            ignored("--description", Text),
        ],
    ),
    // ---- reads
    op(
        "list-web-acls",
        &[
            req("--scope", Text),
            ignored("--limit", Text),
            ignored("--next-marker", Text),
        ],
    ),
    op(
        "get-web-acl",
        &[req("--name", Text), req("--scope", Text), req("--id", Text)],
    ),
    op(
        "list-resources-for-web-acl",
        &[req("--web-acl-arn", Text), opt("--resource-type", Text)],
    ),
    op("get-web-acl-for-resource", &[req("--resource-arn", Text)]),
];

// ---------------------------------------------------------------- build

fn build(a: &Args) -> Result<Command, CliError> {
    Ok(match a.spec.name {
        "create-web-acl" => Command::CreateWebAcl {
            name: a.req("--name")?,
            scope: a.req("--scope")?,
            rules: a.each("--rules", rule)?,
        },
        "update-web-acl" => Command::UpdateWebAcl {
            name: a.req("--name")?,
            scope: a.req("--scope")?,
            id: a.req("--id")?,
            lock_token: a.req("--lock-token")?,
            rules: a.each("--rules", rule)?,
        },
        "delete-web-acl" => Command::DeleteWebAcl {
            name: a.req("--name")?,
            scope: a.req("--scope")?,
            id: a.req("--id")?,
            lock_token: a.req("--lock-token")?,
        },
        "associate-web-acl" => Command::AssociateWebAcl {
            web_acl_arn: a.req("--web-acl-arn")?,
            resource_arn: a.req("--resource-arn")?,
        },
        "create-ip-set" => {
            let version = a.req("--ip-address-version")?;
            if version != "IPV4" {
                return Err(CliError::param(
                    "--ip-address-version",
                    format!("GameDay models IPV4 only, got '{version}'"),
                ));
            }
            Command::CreateIpSet {
                name: a.req("--name")?,
                scope: a.req("--scope")?,
                addresses: a.req_list("--addresses")?,
            }
        }
        "list-web-acls" => Command::Read(Read::ListWebAcls {
            scope: a.req("--scope")?,
        }),
        "get-web-acl" => Command::Read(Read::GetWebAcl {
            name: a.req("--name")?,
            scope: a.req("--scope")?,
            id: a.req("--id")?,
        }),
        "list-resources-for-web-acl" => Command::Read(Read::ListResourcesForWebAcl {
            web_acl_arn: a.req("--web-acl-arn")?,
            resource_type: a.text("--resource-type"),
        }),
        "get-web-acl-for-resource" => Command::Read(Read::GetWebAclForResource {
            resource_arn: a.req("--resource-arn")?,
        }),
        _ => return Err(a.not_implemented()),
    })
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
// ---------------------------------------------------------------- print

/// Prints a WAF command as its `aws wafv2 …` line; `None` for another service's command.
/// The default action (allow) and the visibility config are printed but not modelled.
fn print(cmd: &Command) -> Option<String> {
    use Command as C;
    let visibility = |name: &str| {
        format!("SampledRequestsEnabled=true,CloudWatchMetricsEnabled=true,MetricName={name}")
    };
    let mut l;
    match cmd {
        C::CreateWebAcl { name, scope, rules } => {
            l = Line::new("wafv2", "create-web-acl");
            l.opt("--name", name)
                .opt("--scope", scope)
                .opt("--default-action", "Allow={}")
                .opt("--visibility-config", &visibility(name))
                .opt("--rules", &rules_json(rules));
        }
        C::UpdateWebAcl {
            name,
            scope,
            id,
            lock_token,
            rules,
        } => {
            l = Line::new("wafv2", "update-web-acl");
            l.opt("--name", name)
                .opt("--scope", scope)
                .opt("--id", id)
                .opt("--lock-token", lock_token)
                .opt("--default-action", "Allow={}")
                .opt("--visibility-config", &visibility(name))
                .opt("--rules", &rules_json(rules));
        }
        C::DeleteWebAcl {
            name,
            scope,
            id,
            lock_token,
        } => {
            l = Line::new("wafv2", "delete-web-acl");
            l.opt("--name", name)
                .opt("--scope", scope)
                .opt("--id", id)
                .opt("--lock-token", lock_token);
        }
        C::AssociateWebAcl {
            web_acl_arn,
            resource_arn,
        } => {
            l = Line::new("wafv2", "associate-web-acl");
            l.opt("--web-acl-arn", web_acl_arn)
                .opt("--resource-arn", resource_arn);
        }
        C::CreateIpSet {
            name,
            scope,
            addresses,
        } => {
            l = Line::new("wafv2", "create-ip-set");
            l.opt("--name", name)
                .opt("--scope", scope)
                .opt("--ip-address-version", "IPV4")
                .list("--addresses", addresses);
        }
        C::Read(Read::ListWebAcls { scope }) => {
            l = Line::new("wafv2", "list-web-acls");
            l.opt("--scope", scope);
        }
        C::Read(Read::GetWebAcl { name, scope, id }) => {
            l = Line::new("wafv2", "get-web-acl");
            l.opt("--name", name).opt("--scope", scope).opt("--id", id);
        }
        C::Read(Read::ListResourcesForWebAcl {
            web_acl_arn,
            resource_type,
        }) => {
            l = Line::new("wafv2", "list-resources-for-web-acl");
            l.opt("--web-acl-arn", web_acl_arn)
                .opt_some("--resource-type", resource_type.as_deref());
        }
        C::Read(Read::GetWebAclForResource { resource_arn }) => {
            l = Line::new("wafv2", "get-web-acl-for-resource");
            l.opt("--resource-arn", resource_arn);
        }
        _ => return None,
    }
    Some(l.finish())
}

/// The `--rules` JSON for a command.
fn rules_json(rules: &[WafRule]) -> String {
    Value::Array(rules.iter().map(WafRule::to_aws_json).collect()).to_string()
}
// ---------------------------------------------------------------- tests

/// At least one command of every operation, with awkward values where they fit.
#[cfg(test)]
fn samples() -> Vec<Command> {
    use Command as C;
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
    let reads = [
        C::Read(Read::ListWebAcls {
            scope: s("REGIONAL"),
        }),
        C::Read(Read::GetWebAcl {
            name: s("bot-guard"),
            scope: s("REGIONAL"),
            id: s("a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"),
        }),
        C::Read(Read::ListResourcesForWebAcl {
            web_acl_arn: s("arn:aws:wafv2:us-east-1:123456789012:regional/webacl/bot-guard/a1b2"),
            resource_type: Some(s("APPLICATION_LOAD_BALANCER")),
        }),
        C::Read(Read::GetWebAclForResource {
            resource_arn: s(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1",
            ),
        }),
    ];
    vec![
        C::CreateWebAcl {
            name: "shop".into(),
            scope: "REGIONAL".into(),
            rules: vec![rate.clone()],
        },
        C::CreateWebAcl {
            name: "edge".into(),
            scope: "CLOUDFRONT".into(),
            rules: vec![],
        },
        C::UpdateWebAcl {
            name: "shop".into(),
            scope: "REGIONAL".into(),
            id: "4a12894f-48d0-ddea-3522-6333a2596a06".into(),
            lock_token: "a0e43b82-7775-2b5e-1604-07878928f4f3".into(),
            rules: vec![ipset, rate],
        },
        C::DeleteWebAcl {
            name: "shop".into(),
            scope: "REGIONAL".into(),
            id: "4a12894f-48d0-ddea-3522-6333a2596a06".into(),
            lock_token: "a0e43b82-7775-2b5e-1604-07878928f4f3".into(),
        },
        C::AssociateWebAcl {
            web_acl_arn: "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/shop/4a12894f-48d0-ddea-3522-6333a2596a06".into(),
            resource_arn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188".into(),
        },
        C::CreateIpSet {
            name: "botnet".into(),
            scope: "REGIONAL".into(),
            addresses: vec!["198.51.100.0/24".into(), "203.0.113.66/32".into()],
        },
    ]
    .into_iter()
    .chain(reads)
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documentation_forms_parse() {
        // The evaluation window defaults to 5 minutes.
        let c = CLI.ok(
            r#"aws wafv2 create-web-acl --name a --scope REGIONAL --default-action Allow={} --visibility-config SampledRequestsEnabled=true,CloudWatchMetricsEnabled=true,MetricName=a --rules '[{"Name":"r","Priority":0,"Statement":{"RateBasedStatement":{"Limit":500,"AggregateKeyType":"IP"}},"Action":{"Block":{}}}]'"#,
        );
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
        assert!(
            CLI.err("aws wafv2 create-web-acl --name a")
                .contains("--scope")
        );
        assert!(
            CLI.err(r#"aws wafv2 create-web-acl --name a --scope REGIONAL --rules '[{"Name":"r","Priority":0,"Statement":{"ByteMatchStatement":{}},"Action":{"Block":{}}}]'"#)
                .contains("RateBasedStatement or an IPSetReferenceStatement")
        );
        assert!(
            CLI.err(r#"aws wafv2 create-web-acl --name a --scope REGIONAL --rules '[{"Name":"r","Priority":0,"Statement":{"RateBasedStatement":{"Limit":500,"AggregateKeyType":"FORWARDED_IP"}},"Action":{"Block":{}}}]'"#)
                .contains("AggregateKeyType IP only")
        );
        assert!(CLI.err("aws wafv2 create-ip-set --name b --scope REGIONAL --ip-address-version IPV6 --addresses 2001:db8::/32").contains("IPV4"));
    }
}
