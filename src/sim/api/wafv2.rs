//! AWS WAF (wafv2) calls: web ACLs, IP sets, and putting an ACL in front of an ALB or a
//! CloudFront distribution.

use crate::data::cidr::Cidr;
use crate::sim::command::{ApiError, ApiResponse, ApiResult, Command, Principal};
use crate::sim::command::{WafRule, WafStatement};
use crate::sim::ids::IdRegistry;
use crate::sim::model::*;
use crate::sim::services::Distribution;
use crate::sim::waf::{
    EVALUATION_WINDOWS, IpSet, RATE_LIMIT_MAX, RATE_LIMIT_MIN, WebAcl, check_scope,
};
use crate::sim::world::*;
use bevy::prelude::*;

const ACCOUNT: &str = "123456789012";

fn uuid(world: &mut World, prefix: &'static str) -> String {
    let a = world.resource_mut::<IdRegistry>().new_short_id(prefix);
    let b = world.resource_mut::<IdRegistry>().new_short_id(prefix);
    let t = format!(
        "{}{}",
        a.trim_start_matches(prefix).trim_start_matches("-0"),
        b.trim_start_matches(prefix).trim_start_matches("-0")
    );
    format!(
        "{}-{}-{}-{}-{}",
        &t[0..8],
        &t[8..12],
        &t[12..16],
        &t[16..20],
        &t[20..32]
    )
}

fn arn(scope: &str, kind: &str, name: &str, id: &str) -> String {
    let place = if scope == "CLOUDFRONT" {
        "global"
    } else {
        "regional"
    };
    format!("arn:aws:wafv2:us-east-1:{ACCOUNT}:{place}/{kind}/{name}/{id}")
}

fn check_rules(world: &World, rules: &[WafRule]) -> Result<(), ApiError> {
    let mut names: Vec<&str> = Vec::new();
    let mut priorities: Vec<u32> = Vec::new();
    for r in rules {
        if names.contains(&r.name.as_str()) || priorities.contains(&r.priority) {
            return Err(ApiError::new(
                "WAFDuplicateItemException",
                format!(
                    "AWS WAF couldn't perform the operation because some resource in your request is a duplicate of an existing one: rule {} (priority {})",
                    r.name, r.priority
                ),
            ));
        }
        names.push(&r.name);
        priorities.push(r.priority);
        match &r.statement {
            WafStatement::RateBased {
                limit,
                evaluation_window_sec,
            } => {
                if !(RATE_LIMIT_MIN..=RATE_LIMIT_MAX).contains(limit) {
                    return Err(ApiError::new(
                        "WAFInvalidParameterException",
                        format!(
                            "Error reason: The value is out of range., field: RATE_BASED_STATEMENT_LIMIT, parameter: {limit} (minimum {RATE_LIMIT_MIN})"
                        ),
                    ));
                }
                if !EVALUATION_WINDOWS.contains(evaluation_window_sec) {
                    return Err(ApiError::new(
                        "WAFInvalidParameterException",
                        format!(
                            "Error reason: The value is not valid., field: RATE_BASED_STATEMENT_EVALUATION_WINDOW_SEC, parameter: {evaluation_window_sec} (60, 120, 300 or 600)"
                        ),
                    ));
                }
            }
            WafStatement::IpSetReference { arn } => {
                if find::<IpSet>(world, arn).is_none() {
                    return Err(ApiError::new(
                        "WAFNonexistentItemException",
                        format!(
                            "AWS WAF couldn’t perform the operation because your resource doesn’t exist: {arn}"
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

fn find_acl(world: &mut World, name: &str, scope: &str, id: &str) -> Result<Entity, ApiError> {
    all::<WebAcl>(world)
        .into_iter()
        .find(|&e| {
            let a = world.get::<WebAcl>(e).unwrap();
            a.id == id && a.name == name && a.scope == scope
        })
        .ok_or_else(|| {
            ApiError::new(
                "WAFNonexistentItemException",
                "AWS WAF couldn’t perform the operation because your resource doesn’t exist.",
            )
        })
}

fn check_lock(acl: &WebAcl, lock_token: &str) -> Result<(), ApiError> {
    if acl.lock_token == lock_token {
        Ok(())
    } else {
        Err(ApiError::new(
            "WAFOptimisticLockException",
            "AWS WAF couldn’t save your changes because someone changed the resource after you started to edit it. Reapply your changes.",
        ))
    }
}

pub(super) fn execute(world: &mut World, principal: &Principal, command: &Command) -> ApiResult {
    use Command as C;
    match command {
        C::CreateWebAcl { name, scope, rules } => {
            check_scope(scope)?;
            check_rules(world, rules)?;
            let taken = all::<WebAcl>(world).into_iter().any(|e| {
                let a = world.get::<WebAcl>(e).unwrap();
                a.name == *name && a.scope == *scope
            });
            if taken {
                return Err(ApiError::new(
                    "WAFDuplicateItemException",
                    format!("A web ACL named {name} already exists in scope {scope}"),
                ));
            }
            let id = uuid(world, "webacl");
            let lock_token = uuid(world, "lock");
            let arn = arn(scope, "webacl", name, &id);
            let acl = WebAcl {
                name: name.clone(),
                scope: scope.clone(),
                id: id.clone(),
                lock_token: lock_token.clone(),
                rules: rules.clone(),
                associated: None,
            };
            spawn_resource(world, arn.clone(), name, principal, acl);
            Ok(ApiResponse::ids(vec![id, arn, lock_token]))
        }
        C::UpdateWebAcl {
            name,
            scope,
            id,
            lock_token,
            rules,
        } => {
            let e = find_acl(world, name, scope, id)?;
            check_lock(world.get::<WebAcl>(e).unwrap(), lock_token)?;
            check_rules(world, rules)?;
            let next = uuid(world, "lock");
            let mut acl = world.get_mut::<WebAcl>(e).unwrap();
            acl.rules = rules.clone();
            acl.lock_token = next.clone();
            Ok(ApiResponse::ids(vec![next]))
        }
        C::DeleteWebAcl {
            name,
            scope,
            id,
            lock_token,
        } => {
            let e = find_acl(world, name, scope, id)?;
            let acl = world.get::<WebAcl>(e).unwrap().clone();
            check_lock(&acl, lock_token)?;
            if acl.associated.is_some_and(|r| world.get_entity(r).is_ok()) {
                return Err(ApiError::new(
                    "WAFAssociatedItemException",
                    "AWS WAF couldn’t perform the operation because your resource is being used by another resource or it’s associated with another resource.",
                ));
            }
            despawn_resource(world, e);
            Ok(ApiResponse::one(id.clone()))
        }
        C::AssociateWebAcl {
            web_acl_arn,
            resource_arn,
        } => {
            let acl = find::<WebAcl>(world, web_acl_arn).ok_or_else(|| {
                ApiError::new(
                    "WAFNonexistentItemException",
                    format!("AWS WAF couldn’t perform the operation because your resource doesn’t exist: {web_acl_arn}"),
                )
            })?;
            let scope = world.get::<WebAcl>(acl).unwrap().scope.clone();
            let target = if let Some(lb) = find::<LoadBalancer>(world, resource_arn) {
                if world.get::<LoadBalancer>(lb).unwrap().kind
                    != crate::sim::command::LbKind::Application
                {
                    return Err(ApiError::new(
                        "WAFInvalidParameterException",
                        "Error reason: The ARN isn’t valid. A valid ARN begins with arn: and includes other information separated by colons or slashes., field: RESOURCE_ARN (a Classic Load Balancer cannot have a web ACL)",
                    ));
                }
                if scope != "REGIONAL" {
                    return Err(ApiError::new(
                        "WAFInvalidParameterException",
                        "Error reason: A web ACL for an Application Load Balancer must have scope REGIONAL., field: RESOURCE_ARN",
                    ));
                }
                lb
            } else {
                let dist_id = resource_arn.rsplit('/').next().unwrap_or_default();
                match find::<Distribution>(world, dist_id) {
                    Some(d) if resource_arn.starts_with("arn:aws:cloudfront::") => {
                        if scope != "CLOUDFRONT" {
                            return Err(ApiError::new(
                                "WAFInvalidParameterException",
                                "Error reason: A web ACL for a CloudFront distribution must have scope CLOUDFRONT., field: RESOURCE_ARN",
                            ));
                        }
                        d
                    }
                    _ => {
                        return Err(ApiError::new(
                            "WAFNonexistentItemException",
                            format!(
                                "AWS WAF couldn’t perform the operation because your resource doesn’t exist: {resource_arn}"
                            ),
                        ));
                    }
                }
            };
            // One ACL per resource: associating replaces the previous ACL.
            for other in all::<WebAcl>(world) {
                let mut a = world.get_mut::<WebAcl>(other).unwrap();
                if a.associated == Some(target) {
                    a.associated = None;
                }
            }
            world.get_mut::<WebAcl>(acl).unwrap().associated = Some(target);
            Ok(ApiResponse::one(web_acl_arn.clone()))
        }
        C::CreateIpSet {
            name,
            scope,
            addresses,
        } => {
            check_scope(scope)?;
            let mut cidrs = Vec::new();
            for a in addresses {
                let c = Cidr::parse(a).map_err(|_| {
                    ApiError::new(
                        "WAFInvalidParameterException",
                        format!("Error reason: The parameter contains formatting that isn't correct., field: IP_ADDRESS, parameter: {a}"),
                    )
                })?;
                cidrs.push(c);
            }
            let taken = all::<IpSet>(world).into_iter().any(|e| {
                let s = world.get::<IpSet>(e).unwrap();
                s.name == *name && s.scope == *scope
            });
            if taken {
                return Err(ApiError::new(
                    "WAFDuplicateItemException",
                    format!("An IP set named {name} already exists in scope {scope}"),
                ));
            }
            let id = uuid(world, "ipset");
            let arn = arn(scope, "ipset", name, &id);
            let set = IpSet {
                name: name.clone(),
                scope: scope.clone(),
                id: id.clone(),
                addresses: cidrs,
            };
            spawn_resource(world, arn.clone(), name, principal, set);
            Ok(ApiResponse::ids(vec![id, arn]))
        }
        _ => unreachable!("not a WAF command"),
    }
}
