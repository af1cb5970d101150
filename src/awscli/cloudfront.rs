//! `aws cloudfront`: distributions in front of the load balancer and cache policies — the
//! operation table, the builder to `Command` and the printer back.

use super::args::{Args, CliError, ServiceCli};
use super::line::Line;
use super::spec::ValueKind::{Int, Struct, Text};
use super::spec::{OperationSpec, ignored, op, opt, req};
use super::values::{as_object, opt_int, opt_objects, opt_str, req_str};
use crate::sim::command::{Command, Read};
use serde_json::{Value, json};

pub(crate) static CLI: ServiceCli = ServiceCli {
    name: "cloudfront",
    operations: OPERATIONS,
    build,
    print,
    #[cfg(test)]
    samples,
};

static OPERATIONS: &[OperationSpec] = &[
    op(
        "create-distribution",
        &[
            opt("--origin-domain-name", Text),
            opt("--default-root-object", Text),
            opt("--distribution-config", Struct),
        ],
    ),
    op(
        "create-cache-policy",
        &[req("--cache-policy-config", Struct)],
    ),
    op(
        "update-distribution",
        &[
            req("--id", Text),
            opt("--distribution-config", Struct),
            opt("--default-root-object", Text),
            ignored("--if-match", Text),
        ],
    ),
    op(
        "delete-distribution",
        &[req("--id", Text), ignored("--if-match", Text)],
    ),
    // ---- reads
    op(
        "list-distributions",
        &[
            ignored("--max-items", Int),
            ignored("--starting-token", Text),
        ],
    ),
    op("get-distribution", &[req("--id", Text)]),
];

// ---------------------------------------------------------------- build

fn build(a: &Args) -> Result<Command, CliError> {
    Ok(match a.spec.name {
        "create-distribution" => match (
            a.text("--origin-domain-name"),
            a.has("--distribution-config"),
        ) {
            (Some(origin), false) => Command::CreateDistribution {
                origin_domain_name: origin,
                default_root_object: a.text("--default-root-object"),
                cache_policy_id: None,
            },
            (None, true) if !a.has("--default-root-object") => {
                a.one("--distribution-config", new_distribution_config)?
            }
            (None, false) => {
                return Err(CliError::new(
                    "aws: error: one of --origin-domain-name or --distribution-config is required",
                ));
            }
            _ => {
                return Err(CliError::new(
                    "aws: error: --distribution-config cannot be used with --origin-domain-name \
                     or --default-root-object",
                ));
            }
        },
        "create-cache-policy" => a.one("--cache-policy-config", cache_policy_config)?,
        "update-distribution" => match (
            a.has("--distribution-config"),
            a.text("--default-root-object"),
        ) {
            (true, None) => Command::UpdateDistribution {
                id: a.req("--id")?,
                cache_policy_id: Some(a.one("--distribution-config", distribution_cache_policy)?),
                default_root_object: Some(
                    a.one("--distribution-config", distribution_root_object)?,
                ),
            },
            (false, Some(root)) => Command::UpdateDistribution {
                id: a.req("--id")?,
                cache_policy_id: None,
                default_root_object: Some(root),
            },
            (false, None) => {
                return Err(CliError::new(
                    "aws: error: one of --distribution-config or --default-root-object is required",
                ));
            }
            (true, Some(_)) => {
                return Err(CliError::new(
                    "aws: error: --default-root-object cannot be used with --distribution-config",
                ));
            }
        },
        "delete-distribution" => Command::DeleteDistribution { id: a.req("--id")? },
        "list-distributions" => Command::Read(Read::ListDistributions),
        "get-distribution" => Command::Read(Read::GetDistribution { id: a.req("--id")? }),
        _ => return Err(a.not_implemented()),
    })
}

/// `--cache-policy-config`: `Name`, `DefaultTTL`, and
/// `ParametersInCacheKeyAndForwardedToOrigin.QueryStringsConfig.QueryStringBehavior`.
fn cache_policy_config(v: &Value) -> Result<Command, String> {
    let m = as_object(v, "CachePolicyConfig")?;
    let name = req_str(m, "Name")?;
    let default_ttl = opt_int(m, "DefaultTTL")?.unwrap_or(86_400);
    let default_ttl = u32::try_from(default_ttl)
        .map_err(|_| format!("DefaultTTL must be 0..4294967295, got {default_ttl}"))?;
    let behavior = match m.get("ParametersInCacheKeyAndForwardedToOrigin") {
        None => "none".to_string(),
        Some(p) => {
            let p = as_object(p, "ParametersInCacheKeyAndForwardedToOrigin")?;
            match p.get("QueryStringsConfig") {
                None => "none".to_string(),
                Some(q) => {
                    let q = as_object(q, "QueryStringsConfig")?;
                    req_str(q, "QueryStringBehavior")?
                }
            }
        }
    };
    let query_strings_in_key = match behavior.as_str() {
        "none" => false,
        "all" | "whitelist" | "allExcept" => true,
        other => {
            return Err(format!(
                "QueryStringBehavior must be none, whitelist, allExcept or all, got '{other}'"
            ));
        }
    };
    Ok(Command::CreateCachePolicy {
        name,
        query_strings_in_key,
        default_ttl,
    })
}

/// `create-distribution --distribution-config`: GameDay reads the first origin's
/// `DomainName`, `DefaultRootObject` and the default cache behavior's `CachePolicyId`.
fn new_distribution_config(v: &Value) -> Result<Command, String> {
    let m = as_object(v, "DistributionConfig")?;
    let origins = as_object(
        m.get("Origins").ok_or("DistributionConfig needs Origins")?,
        "Origins",
    )?;
    let first = opt_objects(origins, "Items")?
        .into_iter()
        .next()
        .ok_or("Origins needs one item in Items")?;
    let behavior = match m.get("DefaultCacheBehavior") {
        Some(b) => Some(as_object(b, "DefaultCacheBehavior")?),
        None => None,
    };
    let cache_policy_id = match behavior {
        Some(b) => opt_str(b, "CachePolicyId")?,
        None => None,
    };
    let legacy_query_strings = behavior
        .and_then(|b| b.get("ForwardedValues"))
        .and_then(|f| f.get("QueryString"))
        .is_some_and(|q| q == &json!(true));
    if cache_policy_id.is_none() && legacy_query_strings {
        return Err(
            "ForwardedValues with QueryString true is not modelled in GameDay: put \
                    query strings in the cache key with a cache policy (CachePolicyId)"
                .into(),
        );
    }
    Ok(Command::CreateDistribution {
        origin_domain_name: req_str(first, "DomainName")?,
        default_root_object: opt_str(m, "DefaultRootObject")?.filter(|r| !r.is_empty()),
        cache_policy_id,
    })
}

/// `--distribution-config`: GameDay reads the default cache behavior's `CachePolicyId`.
fn distribution_cache_policy(v: &Value) -> Result<String, String> {
    let m = as_object(v, "DistributionConfig")?;
    let b = m
        .get("DefaultCacheBehavior")
        .ok_or("DistributionConfig needs DefaultCacheBehavior")?;
    let b = as_object(b, "DefaultCacheBehavior")?;
    opt_str(b, "CachePolicyId")?.ok_or_else(|| "DefaultCacheBehavior needs CachePolicyId".into())
}

// ---------------------------------------------------------------- print

/// Prints a CloudFront command as its `aws cloudfront …` line; `None` for another service's command.
fn print(cmd: &Command) -> Option<String> {
    use Command as C;
    let mut l;
    match cmd {
        C::CreateDistribution {
            origin_domain_name,
            default_root_object,
            cache_policy_id: None,
        } => {
            l = Line::new("cloudfront", "create-distribution");
            l.opt("--origin-domain-name", origin_domain_name)
                .opt_some("--default-root-object", default_root_object.as_deref());
        }
        C::CreateDistribution {
            origin_domain_name,
            default_root_object,
            cache_policy_id: Some(policy),
        } => {
            let mut config = json!({
                "Origins": {"Quantity": 1, "Items": [{"Id": "origin", "DomainName": origin_domain_name}]},
                "DefaultCacheBehavior": {"TargetOriginId": "origin", "CachePolicyId": policy},
            });
            if let Some(root) = default_root_object {
                config["DefaultRootObject"] = json!(root);
            }
            l = Line::new("cloudfront", "create-distribution");
            l.opt("--distribution-config", &config.to_string());
        }
        C::CreateCachePolicy {
            name,
            query_strings_in_key,
            default_ttl,
        } => {
            l = Line::new("cloudfront", "create-cache-policy");
            l.opt(
                "--cache-policy-config",
                &cache_policy_json(name, *query_strings_in_key, *default_ttl),
            );
        }
        C::UpdateDistribution {
            id,
            cache_policy_id,
            default_root_object,
        } => {
            l = Line::new("cloudfront", "update-distribution");
            l.opt("--id", id);
            match (cache_policy_id, default_root_object) {
                (Some(policy), _) => l.opt(
                    "--distribution-config",
                    &distribution_config_json(policy, default_root_object.as_deref()),
                ),
                (None, root) => l.opt("--default-root-object", root.as_deref().unwrap_or("")),
            };
        }
        C::DeleteDistribution { id } => {
            l = Line::new("cloudfront", "delete-distribution");
            l.opt("--id", id);
        }
        C::Read(Read::ListDistributions) => l = Line::new("cloudfront", "list-distributions"),
        C::Read(Read::GetDistribution { id }) => {
            l = Line::new("cloudfront", "get-distribution");
            l.opt("--id", id);
        }
        _ => return None,
    }
    Some(l.finish())
}

/// The `--cache-policy-config` JSON for a command.
fn cache_policy_json(name: &str, query_strings_in_key: bool, default_ttl: u32) -> String {
    json!({
        "Name": name,
        "DefaultTTL": default_ttl,
        "MaxTTL": 31_536_000,
        "MinTTL": 1,
        "ParametersInCacheKeyAndForwardedToOrigin": {
            "EnableAcceptEncodingGzip": true,
            "HeadersConfig": {"HeaderBehavior": "none"},
            "CookiesConfig": {"CookieBehavior": "none"},
            "QueryStringsConfig": {
                "QueryStringBehavior": if query_strings_in_key { "all" } else { "none" }
            }
        }
    })
    .to_string()
}

/// The `--distribution-config` JSON that sets the default behavior's cache policy.
fn distribution_config_json(cache_policy_id: &str, root: Option<&str>) -> String {
    let mut config = json!({"DefaultCacheBehavior": {"CachePolicyId": cache_policy_id}});
    if let Some(root) = root.filter(|r| !r.is_empty()) {
        config["DefaultRootObject"] = json!(root);
    }
    config.to_string()
}

/// `--distribution-config` replaces the whole configuration: its `DefaultRootObject`
/// (none: empty) with it.
fn distribution_root_object(v: &Value) -> Result<String, String> {
    let m = as_object(v, "DistributionConfig")?;
    Ok(opt_str(m, "DefaultRootObject")?.unwrap_or_default())
}

// ---------------------------------------------------------------- tests

/// At least one command of every operation, with awkward values where they fit.
#[cfg(test)]
fn samples() -> Vec<Command> {
    use Command as C;
    vec![
        C::CreateDistribution {
            origin_domain_name: "web-1234.us-east-1.elb.amazonaws.com".into(),
            default_root_object: Some("index.html".into()),
            cache_policy_id: None,
        },
        C::CreateDistribution {
            origin_domain_name: "web-1234.us-east-1.elb.amazonaws.com".into(),
            default_root_object: None,
            cache_policy_id: None,
        },
        C::CreateDistribution {
            origin_domain_name: "web-1234.us-east-1.elb.amazonaws.com".into(),
            default_root_object: Some("index.html".into()),
            cache_policy_id: Some("4135ea2d-6df8-44a3-9df3-4b5a84be39ad".into()),
        },
        C::CreateCachePolicy {
            name: "search-with-query-strings".into(),
            query_strings_in_key: true,
            default_ttl: 300,
        },
        C::CreateCachePolicy {
            name: "no-qs".into(),
            query_strings_in_key: false,
            default_ttl: 86400,
        },
        C::UpdateDistribution {
            id: "E2QWRUHAPOMQZL".into(),
            cache_policy_id: Some("658327ea-f89d-4fab-a63d-7e88639e58f6".into()),
            default_root_object: Some(String::new()),
        },
        C::UpdateDistribution {
            id: "E2QWRUHAPOMQZL".into(),
            cache_policy_id: None,
            default_root_object: Some("index.html".into()),
        },
        C::DeleteDistribution {
            id: "E2QWRUHAPOMQZL".into(),
        },
        C::Read(Read::ListDistributions),
        C::Read(Read::GetDistribution {
            id: "E2QWRUHAPOMQZL".into(),
        }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_distribution_reads_a_distribution_config() {
        // the shape of awscli/examples/cloudfront/create-distribution.rst's dist-config.json
        let config = r#"{"CallerReference":"cli-example","DefaultRootObject":"index.html","Origins":{"Quantity":1,"Items":[{"Id":"o1","DomainName":"web-1.us-east-1.elb.amazonaws.com"}]},"DefaultCacheBehavior":{"TargetOriginId":"o1","CachePolicyId":"658327ea-f89d-4fab-a63d-7e88639e58f6"},"Enabled":true}"#;
        assert_eq!(
            CLI.ok(&format!(
                "aws cloudfront create-distribution --distribution-config '{config}'"
            )),
            Command::CreateDistribution {
                origin_domain_name: "web-1.us-east-1.elb.amazonaws.com".into(),
                default_root_object: Some("index.html".into()),
                cache_policy_id: Some("658327ea-f89d-4fab-a63d-7e88639e58f6".into()),
            }
        );
        let legacy = r#"{"Origins":{"Quantity":1,"Items":[{"Id":"o1","DomainName":"x"}]},"DefaultCacheBehavior":{"ForwardedValues":{"QueryString":true}}}"#;
        let err = CLI.err(&format!(
            "aws cloudfront create-distribution --distribution-config '{legacy}'"
        ));
        assert!(err.contains("CachePolicyId"), "{err}");
        assert!(
            CLI.err("aws cloudfront create-distribution")
                .contains("--origin-domain-name or --distribution-config")
        );
    }
}
