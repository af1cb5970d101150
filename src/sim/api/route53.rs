//! Route 53 calls: pointing the shop's hostname at a load balancer or an Elastic IP.

use crate::sim::command::{ApiError, ApiResponse, ApiResult, Command};
use crate::sim::ids::IdRegistry;
use crate::sim::model::*;
use crate::sim::world::*;
use bevy::prelude::*;

pub(super) fn execute(world: &mut World, command: &Command) -> ApiResult {
    let Command::ChangeResourceRecordSets {
        hosted_zone_id,
        changes,
    } = command
    else {
        unreachable!("not a Route 53 command")
    };
    let dns = world.resource::<Dns>().clone();
    if hosted_zone_id.trim_start_matches("/hostedzone/") != dns.hosted_zone_id {
        return Err(ApiError::new(
            "NoSuchHostedZone",
            format!("No hosted zone found with ID: {hosted_zone_id}"),
        ));
    }
    if changes.is_empty() {
        return Err(ApiError::new(
            "InvalidChangeBatch",
            "The change batch must contain at least one change",
        ));
    }
    let mut new_target = dns
        .pending
        .as_ref()
        .map(|(_, t)| t.clone())
        .unwrap_or(dns.target.clone());
    for change in changes {
        let name = change.name.trim_end_matches('.');
        if !name.ends_with(zone_apex(&dns.hostname)) {
            return Err(ApiError::new(
                "InvalidChangeBatch",
                format!(
                    "RRSet with DNS name {name} is not permitted in zone {}",
                    zone_apex(&dns.hostname)
                ),
            ));
        }
        let target = match (&change.alias_dns_name, change.values.is_empty()) {
            (Some(alias), _) => {
                let alias = alias
                    .trim_end_matches('.')
                    .trim_start_matches("dualstack.")
                    .to_lowercase();
                let exists = all::<LoadBalancer>(world).into_iter().any(|e| {
                    world
                        .get::<LoadBalancer>(e)
                        .unwrap()
                        .dns_name
                        .to_lowercase()
                        == alias
                });
                let to_cdn = all::<crate::sim::services::Distribution>(world)
                    .into_iter()
                    .any(|e| {
                        world
                            .get::<crate::sim::services::Distribution>(e)
                            .unwrap()
                            .domain_name
                            .eq_ignore_ascii_case(&alias)
                    });
                if !exists && !to_cdn {
                    return Err(ApiError::new(
                        "InvalidChangeBatch",
                        format!(
                            "Tried to create an alias that targets {alias}, type A in zone {hosted_zone_id}, but the alias target name does not lie within the target zone"
                        ),
                    ));
                }
                DnsTarget::Alias(alias)
            }
            (None, false) => DnsTarget::Addresses(change.values.clone()),
            (None, true) => {
                return Err(ApiError::new(
                    "InvalidChangeBatch",
                    "A record needs ResourceRecords or an AliasTarget",
                ));
            }
        };
        if name != dns.hostname {
            continue; // other records in the zone do not carry customer traffic
        }
        new_target = match change.action.as_str() {
            "UPSERT" | "CREATE" => Some(target),
            "DELETE" => None,
            other => {
                return Err(ApiError::new(
                    "InvalidInput",
                    format!("Invalid change action '{other}'; use CREATE, UPSERT or DELETE"),
                ));
            }
        };
    }
    let at = now(world) + scenario(world).timings.dns_propagation;
    world.resource_mut::<Dns>().pending = Some((at, new_target));
    let change_id = world
        .resource_mut::<IdRegistry>()
        .new_short_id("C")
        .replace('-', "");
    Ok(ApiResponse::one(format!(
        "/change/{}",
        change_id.to_uppercase()
    )))
}

fn zone_apex(hostname: &str) -> &str {
    hostname
        .split_once('.')
        .map(|(_, apex)| apex)
        .unwrap_or(hostname)
}
