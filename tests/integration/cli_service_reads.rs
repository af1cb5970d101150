//! The services' reads as a cloud engineer uses them: `rds describe-db-instances` follows a
//! Multi-AZ conversion from `PendingModifiedValues` to `MultiAZ: true`, and SQS's
//! `list-queues`, `get-queue-url` and `get-queue-attributes` read back what was created and
//! set. Reads change nothing and land in CloudTrail as read events.

use crate::common::*;
use bevy::prelude::*;
use gameday::headless::start_loaded;
use gameday::scenario;
use gameday::sim::trail::CloudTrail;
use serde_json::Value;

fn fan(seed: u64) -> App {
    start_loaded(scenario::load("fan-event-spike").expect("loads"), seed).expect("starts")
}

fn body(app: &mut App, line: &str) -> Value {
    match aws(app, line) {
        Ok(r) => r
            .body
            .unwrap_or_else(|| panic!("`{line}` answered without a body")),
        Err(e) => panic!("`{line}` failed: {e}"),
    }
}

#[test]
fn describe_db_instances_shows_the_database_as_multi_az_after_modify_db_instance_multi_az() {
    let mut app = fan(4);
    let v = body(&mut app, "aws rds describe-db-instances");
    let dbs = v["DBInstances"].as_array().expect("DBInstances is a list");
    assert_eq!(dbs.len(), 1, "{v:#}");
    let db = &dbs[0];
    let id = db["DBInstanceIdentifier"].as_str().unwrap().to_string();
    assert_eq!(db["MultiAZ"], false);
    assert_eq!(db["DBInstanceStatus"], "available");
    assert!(db["Endpoint"]["Address"].as_str().unwrap().starts_with(&id));
    assert!(
        db["DBInstanceArn"]
            .as_str()
            .unwrap()
            .ends_with(&format!(":db:{id}"))
    );
    // the write answers with the instance, the conversion pending
    let w = body(
        &mut app,
        &format!(
            "aws rds modify-db-instance --db-instance-identifier {id} --multi-az --apply-immediately"
        ),
    );
    assert_eq!(w["DBInstance"]["PendingModifiedValues"]["MultiAZ"], true);
    assert_eq!(w["DBInstance"]["MultiAZ"], false);
    assert_eq!(w["DBInstance"]["DBInstanceStatus"], "modifying");
    // a quarter of an hour later the standby exists
    run_minutes(&mut app, 16.0);
    let v = body(
        &mut app,
        &format!("aws rds describe-db-instances --db-instance-identifier {id}"),
    );
    let db = &v["DBInstances"][0];
    assert_eq!(db["MultiAZ"], true, "{db:#}");
    assert_eq!(db["PendingModifiedValues"], serde_json::json!({}));
    assert_eq!(db["DBInstanceStatus"], "available");
    let err = aws(
        &mut app,
        "aws rds describe-db-instances --db-instance-identifier mydbinstancecf",
    )
    .unwrap_err();
    assert_eq!(err.code, "DBInstanceNotFound");
    // the reads are read events in the trail
    let trail = app.world().resource::<CloudTrail>();
    let reads: Vec<_> = trail
        .events
        .iter()
        .filter(|e| e.event_name() == "DescribeDBInstances")
        .collect();
    assert_eq!(reads.len(), 3);
    assert!(reads.iter().all(|e| e.command.read_only()));
}

#[test]
fn sqs_reads_list_the_queue_and_its_attributes_after_set_queue_attributes() {
    let mut app = unicorn(2);
    let url = body(&mut app, "aws sqs create-queue --queue-name orders")["QueueUrl"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        body(&mut app, "aws sqs list-queues")["QueueUrls"],
        serde_json::json!([url])
    );
    // none match: AWS leaves QueueUrls out
    assert_eq!(
        body(&mut app, "aws sqs list-queues --queue-name-prefix My"),
        serde_json::json!({})
    );
    assert_eq!(
        body(&mut app, "aws sqs get-queue-url --queue-name orders")["QueueUrl"],
        url.as_str()
    );
    aws(
        &mut app,
        &format!(
            "aws sqs set-queue-attributes --queue-url {url} --attributes VisibilityTimeout=120"
        ),
    )
    .expect("set");
    let all = body(
        &mut app,
        &format!("aws sqs get-queue-attributes --queue-url {url} --attribute-names All"),
    );
    let a = &all["Attributes"];
    assert_eq!(a["VisibilityTimeout"], "120");
    assert_eq!(a["QueueArn"], "arn:aws:sqs:us-east-1:123456789012:orders");
    assert_eq!(a["ApproximateNumberOfMessages"], "0");
    // only what was asked
    let some = body(
        &mut app,
        &format!(
            "aws sqs get-queue-attributes --queue-url {url} --attribute-names VisibilityTimeout"
        ),
    );
    assert_eq!(
        some,
        serde_json::json!({"Attributes": {"VisibilityTimeout": "120"}})
    );
    assert_eq!(
        aws(
            &mut app,
            &format!("aws sqs get-queue-attributes --queue-url {url} --attribute-names Colour"),
        )
        .unwrap_err()
        .code,
        "InvalidAttributeName"
    );
    assert_eq!(
        aws(&mut app, "aws sqs get-queue-url --queue-name MyQueue")
            .unwrap_err()
            .code,
        "AWS.SimpleQueueService.NonExistentQueue"
    );
}
