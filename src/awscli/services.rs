//! Structures of the CloudFront, ElastiCache and SQS operations: reading them from the CLI's
//! JSON and writing them back.

use super::values::{as_object, opt_int, opt_str, req_str};
use crate::sim::command::Command;
use serde_json::{Value, json};

/// `--cache-policy-config`: `Name`, `DefaultTTL`, and
/// `ParametersInCacheKeyAndForwardedToOrigin.QueryStringsConfig.QueryStringBehavior`.
pub(crate) fn cache_policy_config(v: &Value) -> Result<Command, String> {
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

/// `--distribution-config`: GameDay reads the default cache behavior's `CachePolicyId`.
pub(crate) fn distribution_cache_policy(v: &Value) -> Result<String, String> {
    let m = as_object(v, "DistributionConfig")?;
    let b = m
        .get("DefaultCacheBehavior")
        .ok_or("DistributionConfig needs DefaultCacheBehavior")?;
    let b = as_object(b, "DefaultCacheBehavior")?;
    opt_str(b, "CachePolicyId")?.ok_or_else(|| "DefaultCacheBehavior needs CachePolicyId".into())
}

/// The `--cache-policy-config` JSON for a command.
pub(crate) fn cache_policy_json(
    name: &str,
    query_strings_in_key: bool,
    default_ttl: u32,
) -> String {
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
pub(crate) fn distribution_config_json(cache_policy_id: &str) -> String {
    json!({"DefaultCacheBehavior": {"CachePolicyId": cache_policy_id}}).to_string()
}

// ---- SQS ----

/// `--attributes VisibilityTimeout=60,MessageRetentionPeriod=86400` (or the JSON map), as
/// (name, value) pairs sorted by name.
pub(crate) fn queue_attributes(v: &Value) -> Result<Vec<(String, String)>, String> {
    let m = super::values::as_object(v, "the attributes")?;
    let mut out = Vec::new();
    for (k, v) in m {
        let value = match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => return Err(format!("the value of {k} must be a string")),
        };
        out.push((k.clone(), value));
    }
    out.sort();
    Ok(out)
}

/// The attributes as the JSON map `create-queue` takes.
pub(crate) fn queue_attributes_json(attributes: &[(String, String)]) -> String {
    let m: serde_json::Map<String, Value> = attributes
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    Value::Object(m).to_string()
}
