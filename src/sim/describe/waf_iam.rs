//! The reads of AWS WAF and IAM: `wafv2 list-web-acls`, `get-web-acl`,
//! `list-resources-for-web-acl`, `get-web-acl-for-resource`; `iam list-users`, `get-user`
//! and `list-access-keys` — AWS's field names, from the world, changing nothing.

use crate::sim::clock::SimClock;
use crate::sim::command::{ApiError, WafRule, WafStatement};
use crate::sim::iam::{AccessKey, IamUser, keys_of};
use crate::sim::ids::ACCOUNT_ID;
use crate::sim::model::LoadBalancer;
use crate::sim::services::Distribution;
use crate::sim::waf::{WebAcl, check_scope};
use crate::sim::world::{all, find, id_of};
use bevy::prelude::*;
use serde_json::{Value, json};

/// The team's own IAM user: the identity the player's calls are signed with.
const TEAM_USER: &str = "devops-team";

fn nonexistent(what: &str) -> ApiError {
    ApiError::new(
        "WAFNonexistentItemException",
        format!(
            "AWS WAF couldn’t perform the operation because your resource doesn’t exist: {what}"
        ),
    )
}

/// `wafv2 list-web-acls --scope`.
pub(super) fn list_web_acls(world: &mut World, scope: &str) -> Result<Value, ApiError> {
    check_scope(scope)?;
    let items: Vec<Value> = all::<WebAcl>(world)
        .into_iter()
        .filter_map(|e| {
            let acl = world.get::<WebAcl>(e)?;
            (acl.scope == scope).then(|| {
                json!({
                    "Name": acl.name,
                    "Id": acl.id,
                    "Description": "",
                    "LockToken": acl.lock_token,
                    "ARN": id_of(world, e),
                })
            })
        })
        .collect();
    Ok(json!({ "WebACLs": items }))
}

/// The `WebACL` structure of `get-web-acl` and `get-web-acl-for-resource`.
fn web_acl(world: &World, e: Entity) -> Option<Value> {
    let acl = world.get::<WebAcl>(e)?;
    // web ACL capacity units: a rate-based rule costs 2, an IP set reference 1
    let capacity: u32 = acl
        .rules
        .iter()
        .map(|r| match r.statement {
            WafStatement::RateBased { .. } => 2,
            WafStatement::IpSetReference { .. } => 1,
        })
        .sum();
    let mut rules = acl.rules.clone();
    rules.sort_by_key(|r| r.priority);
    Some(json!({
        "Name": acl.name,
        "Id": acl.id,
        "ARN": id_of(world, e),
        "DefaultAction": {"Allow": {}},
        "Description": "",
        "Rules": rules.iter().map(WafRule::to_aws_json).collect::<Vec<_>>(),
        "VisibilityConfig": {
            "SampledRequestsEnabled": true,
            "CloudWatchMetricsEnabled": true,
            "MetricName": acl.name,
        },
        "Capacity": capacity,
        "ManagedByFirewallManager": false,
        "LabelNamespace": format!("awswaf:{ACCOUNT_ID}:webacl:{}:", acl.name),
    }))
}

/// `wafv2 get-web-acl --name --scope --id`.
pub(super) fn get_web_acl(
    world: &mut World,
    name: &str,
    scope: &str,
    id: &str,
) -> Result<Value, ApiError> {
    check_scope(scope)?;
    let e = all::<WebAcl>(world)
        .into_iter()
        .find(|&e| {
            world
                .get::<WebAcl>(e)
                .is_some_and(|a| a.id == id && a.name == name && a.scope == scope)
        })
        .ok_or_else(|| nonexistent(&format!("{scope}/webacl/{name}/{id}")))?;
    let lock = world.get::<WebAcl>(e).map(|a| a.lock_token.clone());
    Ok(json!({ "WebACL": web_acl(world, e), "LockToken": lock }))
}

/// The ARN WAF knows a protected resource by.
fn resource_arn(world: &World, e: Entity) -> String {
    if world.get::<Distribution>(e).is_some() {
        format!(
            "arn:aws:cloudfront::{ACCOUNT_ID}:distribution/{}",
            id_of(world, e)
        )
    } else {
        id_of(world, e)
    }
}

/// `wafv2 list-resources-for-web-acl --web-acl-arn [--resource-type]`: the regional
/// resources it protects (AWS lists CloudFront's with `list-distributions-by-web-acl-id`).
pub(super) fn list_resources_for_web_acl(
    world: &World,
    web_acl_arn: &str,
    resource_type: Option<&str>,
) -> Result<Value, ApiError> {
    let e = find::<WebAcl>(world, web_acl_arn).ok_or_else(|| nonexistent(web_acl_arn))?;
    let kinds = [
        "APPLICATION_LOAD_BALANCER",
        "API_GATEWAY",
        "APPSYNC",
        "COGNITO_USER_POOL",
        "APP_RUNNER_SERVICE",
        "VERIFIED_ACCESS_INSTANCE",
        "AMPLIFY",
    ];
    let kind = resource_type.unwrap_or("APPLICATION_LOAD_BALANCER");
    if !kinds.contains(&kind) {
        return Err(ApiError::new(
            "WAFInvalidParameterException",
            format!(
                "Error reason: The resource type is not valid., field: RESOURCE_TYPE, parameter: {kind}"
            ),
        ));
    }
    let arns: Vec<String> = world
        .get::<WebAcl>(e)
        .and_then(|a| a.associated)
        .filter(|&r| kind == "APPLICATION_LOAD_BALANCER" && world.get::<LoadBalancer>(r).is_some())
        .map(|r| resource_arn(world, r))
        .into_iter()
        .collect();
    Ok(json!({ "ResourceArns": arns }))
}

/// `wafv2 get-web-acl-for-resource --resource-arn`: the web ACL protecting it, if any.
pub(super) fn get_web_acl_for_resource(world: &mut World, arn: &str) -> Result<Value, ApiError> {
    let lb = find::<LoadBalancer>(world, arn);
    let dist = arn
        .strip_prefix(&format!("arn:aws:cloudfront::{ACCOUNT_ID}:distribution/"))
        .and_then(|id| find::<Distribution>(world, id));
    let Some(target) = lb.or(dist) else {
        return Err(nonexistent(arn));
    };
    let acl = all::<WebAcl>(world).into_iter().find(|&e| {
        world
            .get::<WebAcl>(e)
            .is_some_and(|a| a.associated == Some(target))
    });
    Ok(match acl {
        Some(e) => json!({ "WebACL": web_acl(world, e) }),
        None => json!({}),
    })
}

/// An IAM `User` structure; its id is stable per ARN, as `sts get-caller-identity` gives.
fn user(world: &World, name: &str) -> Value {
    let arn = format!("arn:aws:iam::{ACCOUNT_ID}:user/{name}");
    let hash = arn.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    });
    let clock = world.resource::<SimClock>();
    json!({
        "Path": "/",
        "UserName": name,
        "UserId": format!("AIDA{hash:017X}"),
        "Arn": arn,
        // the account's users predate the round
        "CreateDate": clock.iso8601(0.0),
    })
}

/// The account's users: the team's own and the scenario's.
fn user_names(world: &mut World) -> Vec<String> {
    let mut names = vec![TEAM_USER.to_string()];
    for e in all::<IamUser>(world) {
        if let Some(u) = world.get::<IamUser>(e) {
            names.push(u.name.clone());
        }
    }
    names
}

/// `iam list-users`.
pub(super) fn list_users(world: &mut World) -> Value {
    let users: Vec<Value> = user_names(world).iter().map(|n| user(world, n)).collect();
    json!({ "Users": users })
}

fn no_such_user(name: &str) -> ApiError {
    ApiError::new(
        "NoSuchEntity",
        format!("The user with name {name} cannot be found."),
    )
}

/// `iam get-user [--user-name]`: the named user, or the caller.
pub(super) fn get_user(world: &mut World, name: Option<&str>) -> Result<Value, ApiError> {
    let name = name.unwrap_or(TEAM_USER);
    if !user_names(world).iter().any(|n| n == name) {
        return Err(no_such_user(name));
    }
    Ok(json!({ "User": user(world, name) }))
}

/// The answer of `iam list-access-keys [--user-name]`: `AccessKeyMetadata`. Without a
/// name GameDay lists every user's keys (AWS lists the caller's; the team holds a console
/// session, not keys, and hunting a leaked key is the lesson).
pub(super) fn access_key_metadata(world: &mut World, name: Option<&str>) -> Value {
    let clock = world.resource::<SimClock>().clone();
    let keys: Vec<Value> = keys_of(world, name)
        .into_iter()
        .filter_map(|e| {
            let k = world.get::<AccessKey>(e)?;
            Some(json!({
                "UserName": k.user_name,
                "AccessKeyId": id_of(world, e),
                "Status": k.status.aws_name(),
                "CreateDate": clock.iso8601(0.0),
            }))
        })
        .collect();
    json!({ "AccessKeyMetadata": keys, "IsTruncated": false })
}
