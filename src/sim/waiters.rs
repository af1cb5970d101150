//! `aws <service> wait <waiter>`: botocore's waiters, in simulated time. A waiter polls one
//! read (its first poll at once, then every `delay` simulated seconds, at most
//! `max_attempts` polls, the figures of botocore's waiter definitions) and judges each
//! answer with the waiter's acceptors: success, a terminal failure, or poll again. The
//! command API (`api::poll_waiters`) makes the polls — each one a read event in CloudTrail
//! — and keeps the waiter's own answer under its ticket when it ends; a headless commands
//! file feeds none of the player's later commands while one of the player's waiters is
//! still polling.

use super::command::{ApiResult, CallerContext, Principal, Read, Ticket};
use bevy::prelude::*;
use serde_json::Value;

/// How one poll's answer is judged.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    Success,
    /// A terminal failure state, with aws-cli's reason.
    Failure(String),
    Retry,
}

/// One waiter: `aws <service> wait <name>` polls `operation`.
#[derive(Debug)]
pub struct WaiterSpec {
    /// As typed after `aws` (`ec2`, `elbv2`, `elb`).
    pub service: &'static str,
    /// As typed after `wait` (`instance-running`).
    pub name: &'static str,
    /// botocore's name (`InstanceRunning`), as aws-cli's messages show it.
    pub api_name: &'static str,
    /// The read it polls, as typed (`describe-instances`): the wait takes its options.
    pub operation: &'static str,
    /// Simulated seconds between polls.
    pub delay: f64,
    pub max_attempts: u32,
    judge: fn(&ApiResult) -> Verdict,
}

/// Every waiter GameDay models.
pub static WAITERS: &[WaiterSpec] = &[
    spec(
        "ec2",
        "instance-exists",
        "InstanceExists",
        "describe-instances",
        5.0,
        40,
        instance_exists,
    ),
    spec(
        "ec2",
        "instance-running",
        "InstanceRunning",
        "describe-instances",
        15.0,
        40,
        instance_running,
    ),
    spec(
        "ec2",
        "instance-stopped",
        "InstanceStopped",
        "describe-instances",
        15.0,
        40,
        instance_stopped,
    ),
    spec(
        "ec2",
        "instance-terminated",
        "InstanceTerminated",
        "describe-instances",
        15.0,
        40,
        instance_terminated,
    ),
    spec(
        "ec2",
        "subnet-available",
        "SubnetAvailable",
        "describe-subnets",
        15.0,
        40,
        subnet_available,
    ),
    spec(
        "ec2",
        "security-group-exists",
        "SecurityGroupExists",
        "describe-security-groups",
        5.0,
        6,
        security_group_exists,
    ),
    spec(
        "elbv2",
        "load-balancer-available",
        "LoadBalancerAvailable",
        "describe-load-balancers",
        15.0,
        40,
        load_balancer_available,
    ),
    spec(
        "elbv2",
        "load-balancer-exists",
        "LoadBalancerExists",
        "describe-load-balancers",
        15.0,
        40,
        load_balancer_exists,
    ),
    spec(
        "elbv2",
        "load-balancers-deleted",
        "LoadBalancersDeleted",
        "describe-load-balancers",
        15.0,
        40,
        load_balancers_deleted,
    ),
    spec(
        "elbv2",
        "target-in-service",
        "TargetInService",
        "describe-target-health",
        15.0,
        40,
        target_in_service,
    ),
    spec(
        "elbv2",
        "target-deregistered",
        "TargetDeregistered",
        "describe-target-health",
        15.0,
        40,
        target_deregistered,
    ),
    spec(
        "elb",
        "instance-in-service",
        "InstanceInService",
        "describe-instance-health",
        15.0,
        40,
        classic_in_service,
    ),
    spec(
        "elb",
        "instance-deregistered",
        "InstanceDeregistered",
        "describe-instance-health",
        15.0,
        40,
        classic_deregistered,
    ),
];

#[allow(clippy::too_many_arguments)]
const fn spec(
    service: &'static str,
    name: &'static str,
    api_name: &'static str,
    operation: &'static str,
    delay: f64,
    max_attempts: u32,
    judge: fn(&ApiResult) -> Verdict,
) -> WaiterSpec {
    WaiterSpec {
        service,
        name,
        api_name,
        operation,
        delay,
        max_attempts,
        judge,
    }
}

/// The waiter `aws <service> wait <name>`, if modelled.
pub fn find(service: &str, name: &str) -> Option<&'static WaiterSpec> {
    WAITERS
        .iter()
        .find(|w| w.service == service && w.name == name)
}

/// The waiters of a service, as `aws <service> wait help` lists them.
pub fn names(service: &str) -> Vec<&'static str> {
    let mut v: Vec<&str> = WAITERS
        .iter()
        .filter(|w| w.service == service)
        .map(|w| w.name)
        .collect();
    v.sort_unstable();
    v
}

impl WaiterSpec {
    /// Judges one poll's answer.
    pub fn judge(&self, answer: &ApiResult) -> Verdict {
        (self.judge)(answer)
    }

    /// aws-cli's message when the waiter gives up: `Waiter InstanceRunning failed: …`.
    pub fn failed(&self, reason: &str) -> String {
        format!("Waiter {} failed: {reason}", self.api_name)
    }
}

/// A waiter still polling.
#[derive(Clone, Debug)]
pub struct PendingWait {
    pub ticket: Ticket,
    pub principal: Principal,
    pub caller: CallerContext,
    pub spec: &'static WaiterSpec,
    pub read: Read,
    /// Polls made so far.
    pub attempts: u32,
    /// When the next poll is due (simulated seconds).
    pub next_poll: f64,
}

/// The waiters still polling, oldest first.
#[derive(Resource, Default, Debug)]
pub struct Waiters {
    pub pending: Vec<PendingWait>,
}

/// True while one of the player's waiters is polling: the player's terminal (and a headless
/// commands file) is blocked until it ends, as `aws … wait` blocks a shell.
pub fn player_waiting(world: &World) -> bool {
    world
        .get_resource::<Waiters>()
        .is_some_and(|w| w.pending.iter().any(|p| p.principal == Principal::Player))
}

// ------------------------------------------------------------------ acceptors

/// The strings at `path` (object keys; a list on the way is flattened), like JMESPath's
/// `a[].b[].c`.
fn strings_at<'a>(v: &'a Value, path: &[&str]) -> Vec<&'a str> {
    let mut here: Vec<&Value> = vec![v];
    for key in path {
        here = here
            .into_iter()
            .filter_map(|x| x.get(*key))
            .flat_map(|x| match x {
                Value::Array(items) => items.iter().collect::<Vec<_>>(),
                other => vec![other],
            })
            .collect();
    }
    here.into_iter().filter_map(Value::as_str).collect()
}

/// botocore's `pathAll` success and `pathAny` failure acceptors over `path`; `retry_codes`
/// are errors that mean "not yet".
fn states(
    answer: &ApiResult,
    path: &[&str],
    success: &str,
    failures: &[&str],
    retry_codes: &[&str],
) -> Verdict {
    match answer {
        Err(e) if retry_codes.contains(&e.code.as_str()) => Verdict::Retry,
        Err(e) => Verdict::Failure(format!("An error occurred ({}): {}", e.code, e.message)),
        Ok(r) => {
            let body = r.body.clone().unwrap_or(Value::Null);
            let found = strings_at(&body, path);
            if let Some(bad) = found.iter().find(|s| failures.contains(s)) {
                return Verdict::Failure(format!(
                    "Waiter encountered a terminal failure state: For expression \"{}\" we \
                     matched expected path: \"{bad}\" at least once",
                    expression(path)
                ));
            }
            if !found.is_empty() && found.iter().all(|s| *s == success) {
                Verdict::Success
            } else {
                Verdict::Retry
            }
        }
    }
}

/// `Reservations[].Instances[].State.Name`, as botocore writes the path.
fn expression(path: &[&str]) -> String {
    path.iter()
        .map(|p| match *p {
            "Reservations"
            | "Instances"
            | "Subnets"
            | "LoadBalancers"
            | "TargetHealthDescriptions"
            | "InstanceStates" => format!("{p}[]"),
            other => other.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

const INSTANCE_STATE: &[&str] = &["Reservations", "Instances", "State", "Name"];

fn instance_exists(a: &ApiResult) -> Verdict {
    match a {
        Err(e) if e.code == "InvalidInstanceID.NotFound" => Verdict::Retry,
        Err(e) => Verdict::Failure(format!("An error occurred ({}): {}", e.code, e.message)),
        Ok(r) => {
            let body = r.body.clone().unwrap_or(Value::Null);
            if strings_at(&body, &["Reservations", "Instances", "InstanceId"]).is_empty() {
                Verdict::Retry
            } else {
                Verdict::Success
            }
        }
    }
}

fn instance_running(a: &ApiResult) -> Verdict {
    states(
        a,
        INSTANCE_STATE,
        "running",
        &["shutting-down", "terminated", "stopping"],
        &["InvalidInstanceID.NotFound"],
    )
}

fn instance_stopped(a: &ApiResult) -> Verdict {
    states(
        a,
        INSTANCE_STATE,
        "stopped",
        &["pending", "terminated"],
        &[],
    )
}

fn instance_terminated(a: &ApiResult) -> Verdict {
    states(
        a,
        INSTANCE_STATE,
        "terminated",
        &["pending", "stopping"],
        &[],
    )
}

fn subnet_available(a: &ApiResult) -> Verdict {
    states(a, &["Subnets", "State"], "available", &[], &[])
}

fn security_group_exists(a: &ApiResult) -> Verdict {
    match a {
        Err(e) if e.code == "InvalidGroup.NotFound" => Verdict::Retry,
        Err(e) => Verdict::Failure(format!("An error occurred ({}): {}", e.code, e.message)),
        Ok(r) => {
            let body = r.body.clone().unwrap_or(Value::Null);
            if strings_at(&body, &["SecurityGroups", "GroupId"]).is_empty() {
                Verdict::Retry
            } else {
                Verdict::Success
            }
        }
    }
}

fn load_balancer_available(a: &ApiResult) -> Verdict {
    states(
        a,
        &["LoadBalancers", "State", "Code"],
        "active",
        &[],
        &["LoadBalancerNotFound"],
    )
}

fn load_balancer_exists(a: &ApiResult) -> Verdict {
    match a {
        Ok(_) => Verdict::Success,
        Err(e) if e.code == "LoadBalancerNotFound" => Verdict::Retry,
        Err(e) => Verdict::Failure(format!("An error occurred ({}): {}", e.code, e.message)),
    }
}

fn load_balancers_deleted(a: &ApiResult) -> Verdict {
    match a {
        Err(e) if e.code == "LoadBalancerNotFound" => Verdict::Success,
        Err(e) => Verdict::Failure(format!("An error occurred ({}): {}", e.code, e.message)),
        Ok(r) => {
            let body = r.body.clone().unwrap_or(Value::Null);
            if strings_at(&body, &["LoadBalancers", "State", "Code"]).is_empty() {
                Verdict::Success
            } else {
                Verdict::Retry
            }
        }
    }
}

fn target_in_service(a: &ApiResult) -> Verdict {
    states(
        a,
        &["TargetHealthDescriptions", "TargetHealth", "State"],
        "healthy",
        &[],
        &["InvalidInstance"],
    )
}

fn target_deregistered(a: &ApiResult) -> Verdict {
    match a {
        Err(e) if e.code == "InvalidTarget" => Verdict::Success,
        _ => states(
            a,
            &["TargetHealthDescriptions", "TargetHealth", "State"],
            "unused",
            &[],
            &[],
        ),
    }
}

fn classic_in_service(a: &ApiResult) -> Verdict {
    states(
        a,
        &["InstanceStates", "State"],
        "InService",
        &[],
        &["InvalidInstance"],
    )
}

fn classic_deregistered(a: &ApiResult) -> Verdict {
    match a {
        Err(e) if e.code == "InvalidInstance" => Verdict::Success,
        _ => states(a, &["InstanceStates", "State"], "OutOfService", &[], &[]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::command::{ApiError, ApiResponse};
    use serde_json::json;

    fn body(v: Value) -> ApiResult {
        Ok(ApiResponse::body(v))
    }

    #[test]
    fn instance_running_waits_for_every_instance() {
        let w = find("ec2", "instance-running").unwrap();
        let two = |a: &str, b: &str| {
            body(json!({"Reservations": [{"Instances": [
                {"InstanceId": "i-1", "State": {"Name": a}},
                {"InstanceId": "i-2", "State": {"Name": b}}]}]}))
        };
        assert_eq!(w.judge(&two("pending", "running")), Verdict::Retry);
        assert_eq!(w.judge(&two("running", "running")), Verdict::Success);
        match w.judge(&two("running", "terminated")) {
            Verdict::Failure(why) => assert!(
                why.contains("Reservations[].Instances[].State.Name")
                    && why.contains("\"terminated\""),
                "{why}"
            ),
            other => panic!("{other:?}"),
        }
        let missing = Err(ApiError::new("InvalidInstanceID.NotFound", "no"));
        assert_eq!(w.judge(&missing), Verdict::Retry);
        assert_eq!(
            w.failed("Max attempts exceeded"),
            "Waiter InstanceRunning failed: Max attempts exceeded"
        );
    }

    #[test]
    fn target_in_service_needs_every_target_healthy() {
        let w = find("elbv2", "target-in-service").unwrap();
        let health = |s: &[&str]| {
            body(
                json!({"TargetHealthDescriptions": s.iter().map(|s| json!({"TargetHealth": {"State": s}})).collect::<Vec<_>>()}),
            )
        };
        assert_eq!(w.judge(&health(&["healthy", "initial"])), Verdict::Retry);
        assert_eq!(w.judge(&health(&["healthy", "healthy"])), Verdict::Success);
        // no target registered yet: not in service
        assert_eq!(w.judge(&health(&[])), Verdict::Retry);
        assert_eq!(
            find("elbv2", "load-balancers-deleted")
                .unwrap()
                .judge(&Err(ApiError::new("LoadBalancerNotFound", "gone"))),
            Verdict::Success
        );
    }

    #[test]
    fn every_waiter_is_named_once() {
        for w in WAITERS {
            assert_eq!(
                WAITERS
                    .iter()
                    .filter(|o| o.service == w.service && o.name == w.name)
                    .count(),
                1
            );
            assert!(w.delay > 0.0 && w.max_attempts > 0);
        }
        assert_eq!(
            names("elb"),
            ["instance-deregistered", "instance-in-service"]
        );
    }
}
