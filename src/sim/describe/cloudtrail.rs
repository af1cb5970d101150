//! CloudTrail's read: `lookup-events` over the trail, newest first, in AWS's shape
//! (`Events[]` with `EventId`, `EventName`, `ReadOnly`, `EventTime`, `EventSource`,
//! `Username`, `Resources` and the `CloudTrailEvent` record as a JSON string), filtered by
//! one lookup attribute as AWS allows.

use crate::sim::clock::SimClock;
use crate::sim::command::{ApiError, Principal};
use crate::sim::ids::{ACCOUNT_ID, REGION};
use crate::sim::trail::{CloudTrail, TrailEvent};
use bevy::prelude::*;
use serde_json::{Value, json};

const KEYS: &[&str] = &[
    "EventId",
    "EventName",
    "ReadOnly",
    "Username",
    "ResourceType",
    "ResourceName",
    "EventSource",
    "AccessKeyId",
];

/// The user name CloudTrail shows: the last part of the principal's ARN.
fn username(p: &Principal) -> String {
    let arn = p.arn();
    arn.rsplit(['/', ':']).next().unwrap_or(&arn).to_string()
}

/// A stable event id from the event's number (CloudTrail's are UUIDs).
fn event_id(n: u64) -> String {
    format!("{:08x}-0000-4000-8000-{:012x}", n >> 16, n)
}

fn record(clock: &SimClock, e: &TrailEvent) -> Value {
    let mut r = json!({
        "eventVersion": "1.08",
        "userIdentity": {
            "type": "IAMUser",
            "arn": e.principal.arn(),
            "accountId": ACCOUNT_ID,
            "userName": username(&e.principal),
        },
        "eventTime": clock.iso8601(e.time),
        "eventSource": e.command.event_source(),
        "eventName": e.command.event_name(),
        "awsRegion": REGION,
        "sourceIPAddress": e.caller.source_ip.clone().unwrap_or_else(|| "AWS Internal".into()),
        "eventID": event_id(e.number),
        "readOnly": e.command.read_only(),
        "eventType": "AwsApiCall",
        "recipientAccountId": ACCOUNT_ID,
    });
    if let Some(key) = &e.caller.access_key {
        r["userIdentity"]["accessKeyId"] = json!(key);
    }
    if let Some(err) = &e.error {
        r["errorCode"] = json!(err.code);
        r["errorMessage"] = json!(err.message);
    }
    r
}

fn matches(e: &TrailEvent, key: &str, value: &str) -> bool {
    match key {
        "EventId" => event_id(e.number) == value,
        "EventName" => e.command.event_name() == value,
        "ReadOnly" => e.command.read_only().to_string() == value,
        "Username" => username(&e.principal) == value,
        "ResourceName" => e.resources.iter().any(|r| r == value),
        "EventSource" => e.command.event_source() == value,
        "AccessKeyId" => e.caller.access_key.as_deref() == Some(value),
        // GameDay does not type resources: no event matches a resource type
        _ => false,
    }
}

/// `aws cloudtrail lookup-events [--lookup-attributes AttributeKey=…,AttributeValue=…]
/// [--start-time] [--end-time] [--max-results]`: events in the time range (Unix seconds,
/// both ends included), newest first, at most 50 per call as AWS answers.
pub(super) fn lookup_events(
    world: &World,
    attributes: &[(String, String)],
    (start, end): (Option<i64>, Option<i64>),
    max_results: Option<u32>,
) -> Result<Value, ApiError> {
    if let (Some(s), Some(e)) = (start, end)
        && s > e
    {
        return Err(ApiError::new(
            "InvalidTimeRangeException",
            "Start time must be equal to or earlier than end time.",
        ));
    }
    if attributes.len() > 1 {
        return Err(ApiError::new(
            "InvalidLookupAttributesException",
            "You cannot specify more than one lookup attribute.",
        ));
    }
    if let Some((key, _)) = attributes.iter().find(|(k, _)| !KEYS.contains(&k.as_str())) {
        return Err(ApiError::new(
            "InvalidLookupAttributesException",
            format!("The attribute key '{key}' is not valid."),
        ));
    }
    let limit = match max_results {
        None => 50,
        Some(n @ 1..=50) => n as usize,
        Some(n) => {
            return Err(ApiError::new(
                "InvalidMaxResultsException",
                format!("Value {n} for MaxResults is invalid: it must be from 1 to 50."),
            ));
        }
    };
    let clock = world.resource::<SimClock>();
    let events: Vec<Value> = world
        .resource::<CloudTrail>()
        .events
        .iter()
        .rev()
        .filter(|e| attributes.iter().all(|(k, v)| matches(e, k, v)))
        .filter(|e| {
            let at = clock.epoch_unix + e.time as i64;
            start.is_none_or(|s| at >= s) && end.is_none_or(|t| at <= t)
        })
        .take(limit)
        .map(|e| {
            let rec = record(clock, e);
            let mut item = json!({
                "EventId": event_id(e.number),
                "EventName": e.command.event_name(),
                "ReadOnly": e.command.read_only().to_string(),
                "EventTime": clock.iso8601(e.time),
                "EventSource": e.command.event_source(),
                "Username": username(&e.principal),
                "Resources": e.resources.iter().map(|r| json!({"ResourceName": r})).collect::<Vec<_>>(),
                "CloudTrailEvent": rec.to_string(),
            });
            if let Some(key) = &e.caller.access_key {
                item["AccessKeyId"] = json!(key);
            }
            item
        })
        .collect();
    Ok(json!({ "Events": events }))
}
