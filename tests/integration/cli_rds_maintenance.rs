//! `modify-db-instance` as RDS does it: without `--apply-immediately` the change waits in
//! `PendingModifiedValues` for the instance's weekly maintenance window (the fan event's
//! database has one an hour into the evening), or for ever without one;
//! `--apply-immediately` starts it at once together with whatever was waiting.

use crate::common::*;
use bevy::prelude::*;
use gameday::headless::start_loaded;
use gameday::scenario::{self, parse_scenario};
use serde_json::{Value, json};

/// Sunday 19:00 UTC, database `fan-db` (`db.t3.medium`) with the window `sun:20:00-sun:20:30`.
fn fan(seed: u64) -> App {
    start_loaded(scenario::load("fan-event-spike").expect("loads"), seed).expect("starts")
}

fn body(app: &mut App, line: &str) -> Value {
    match aws(app, line) {
        Ok(r) => r.body.expect("AWS's response"),
        Err(e) => panic!("`{line}` failed: {e}"),
    }
}

fn fan_db(app: &mut App) -> Value {
    body(
        app,
        "aws rds describe-db-instances --db-instance-identifier fan-db",
    )["DBInstances"][0]
        .clone()
}

/// Runs the round on to minute `m` of the scenario's clock.
fn run_to_minute(app: &mut App, m: f64) {
    let now = app.world().resource::<gameday::sim::clock::SimClock>().now;
    run_minutes(app, m - now / 60.0);
}

#[test]
fn a_class_change_without_apply_immediately_waits_in_pending_modified_values_for_the_window() {
    let mut app = fan(4);
    run_minutes(&mut app, 1.0);
    let w = body(
        &mut app,
        "aws rds modify-db-instance --db-instance-identifier fan-db --db-instance-class db.t3.large",
    );
    let db = &w["DBInstance"];
    assert_eq!(
        db["PendingModifiedValues"],
        json!({"DBInstanceClass": "db.t3.large"})
    );
    assert_eq!(db["DBInstanceClass"], "db.t3.medium");
    assert_eq!(db["DBInstanceStatus"], "available");
    assert_eq!(db["PreferredMaintenanceWindow"], "sun:20:00-sun:20:30");
    // still waiting a minute before the window opens at 20:00 (minute 60)
    run_to_minute(&mut app, 58.0);
    let db = fan_db(&mut app);
    assert_eq!(db["DBInstanceClass"], "db.t3.medium", "{db:#}");
    assert_eq!(db["DBInstanceStatus"], "available");
    assert_eq!(
        db["PendingModifiedValues"]["DBInstanceClass"],
        "db.t3.large"
    );
    // the window opens: RDS starts the change
    run_to_minute(&mut app, 61.0);
    let db = fan_db(&mut app);
    assert_eq!(db["DBInstanceStatus"], "modifying", "{db:#}");
    assert_eq!(
        db["PendingModifiedValues"]["DBInstanceClass"],
        "db.t3.large"
    );
    // five minutes of conversion and a single-AZ restart (7-12 minutes) later it is done
    run_to_minute(&mut app, 80.0);
    let db = fan_db(&mut app);
    assert_eq!(db["DBInstanceClass"], "db.t3.large", "{db:#}");
    assert_eq!(db["PendingModifiedValues"], json!({}));
    assert_eq!(db["DBInstanceStatus"], "available");
}

#[test]
fn apply_immediately_also_applies_what_waited_for_the_maintenance_window() {
    let mut app = fan(4);
    body(
        &mut app,
        "aws rds modify-db-instance --db-instance-identifier fan-db --db-instance-class db.t3.large --no-apply-immediately",
    );
    let w = body(
        &mut app,
        "aws rds modify-db-instance --db-instance-identifier fan-db --multi-az --apply-immediately",
    );
    let db = &w["DBInstance"];
    assert_eq!(db["DBInstanceStatus"], "modifying");
    assert_eq!(
        db["PendingModifiedValues"],
        json!({"DBInstanceClass": "db.t3.large", "MultiAZ": true})
    );
    // long before the window: both landed, with a failover to the new standby
    run_minutes(&mut app, 10.0);
    let db = fan_db(&mut app);
    assert_eq!(db["DBInstanceClass"], "db.t3.large", "{db:#}");
    assert_eq!(db["MultiAZ"], true);
    assert_eq!(db["PendingModifiedValues"], json!({}));
    assert_eq!(db["DBInstanceStatus"], "available");
}

#[test]
fn without_a_maintenance_window_a_deferred_change_stays_pending_all_round() {
    let mut app = unicorn(4);
    let created = body(
        &mut app,
        "aws rds create-db-instance --db-instance-identifier shop-db --db-instance-class db.t3.micro --engine postgres",
    );
    assert!(
        created["DBInstance"]
            .get("PreferredMaintenanceWindow")
            .is_none()
    );
    run_minutes(&mut app, 11.0);
    body(
        &mut app,
        "aws rds modify-db-instance --db-instance-identifier shop-db --db-instance-class db.t3.small",
    );
    run_minutes(&mut app, 120.0);
    let db = &body(
        &mut app,
        "aws rds describe-db-instances --db-instance-identifier shop-db",
    )["DBInstances"][0];
    assert_eq!(db["DBInstanceClass"], "db.t3.micro");
    assert_eq!(
        db["PendingModifiedValues"],
        json!({"DBInstanceClass": "db.t3.small"})
    );
    // a window RDS would refuse is refused the same way
    let err = aws(
        &mut app,
        "aws rds create-db-instance --db-instance-identifier other-db --db-instance-class db.t3.micro --engine postgres --preferred-maintenance-window sun:05:00-sun:05:10",
    )
    .unwrap_err();
    assert_eq!(err.code, "InvalidParameterValue");
    assert!(err.message.contains("at least 30 minutes"), "{err}");
}

#[test]
fn a_scenario_with_a_malformed_maintenance_window_is_refused_with_its_field_and_line() {
    let text = gameday::scenario::EMBEDDED
        .iter()
        .find(|(id, _)| *id == "fan-event-spike")
        .map(|(_, t)| *t)
        .unwrap();
    let bad = text.replacen("sun:20:00-sun:20:30", "sunday 8pm", 1);
    assert_ne!(bad, text);
    let errors = parse_scenario(&bad, "fan.ron").expect_err("refused");
    let e = errors
        .iter()
        .find(|e| e.path == "estate.databases[0].preferred_maintenance_window")
        .unwrap_or_else(|| panic!("{errors:#?}"));
    assert!(e.line > 1, "{e}");
    assert!(e.message.contains("ddd:hh24:mi-ddd:hh24:mi"), "{e}");
}

#[test]
fn a_second_database_finishes_its_class_change_too() {
    let mut app = fan(4);
    body(
        &mut app,
        "aws rds create-db-instance --db-instance-identifier reports-db --db-instance-class db.t3.micro --engine postgres",
    );
    run_minutes(&mut app, 11.0);
    body(
        &mut app,
        "aws rds modify-db-instance --db-instance-identifier reports-db --db-instance-class db.t3.small --apply-immediately",
    );
    run_minutes(&mut app, 20.0);
    let db = &body(
        &mut app,
        "aws rds describe-db-instances --db-instance-identifier reports-db",
    )["DBInstances"][0];
    assert_eq!(db["DBInstanceClass"], "db.t3.small", "{db:#}");
    assert_eq!(db["PendingModifiedValues"], json!({}));
    assert_eq!(db["DBInstanceStatus"], "available");
}

#[test]
fn a_new_maintenance_window_takes_the_change_that_waited_for_none() {
    // Unicorn Rentals starts on Sunday 09:00 UTC
    let mut app = unicorn(4);
    body(
        &mut app,
        "aws rds create-db-instance --db-instance-identifier shop-db --db-instance-class db.t3.micro --engine postgres",
    );
    run_minutes(&mut app, 11.0);
    body(
        &mut app,
        "aws rds modify-db-instance --db-instance-identifier shop-db --db-instance-class db.t3.small",
    );
    let w = body(
        &mut app,
        "aws rds modify-db-instance --db-instance-identifier shop-db --preferred-maintenance-window Sun:09:30-Sun:10:00",
    );
    assert_eq!(
        w["DBInstance"]["PreferredMaintenanceWindow"],
        "sun:09:30-sun:10:00"
    );
    assert_eq!(
        w["DBInstance"]["PendingModifiedValues"],
        json!({"DBInstanceClass": "db.t3.small"})
    );
    run_to_minute(&mut app, 29.0);
    assert_eq!(
        body(&mut app, "aws rds describe-db-instances")["DBInstances"][0]["DBInstanceClass"],
        "db.t3.micro"
    );
    // opened at 09:30: five minutes of conversion, then a restart of 7-12 minutes
    run_to_minute(&mut app, 50.0);
    let db = &body(&mut app, "aws rds describe-db-instances")["DBInstances"][0];
    assert_eq!(db["DBInstanceClass"], "db.t3.small", "{db:#}");
    assert_eq!(db["PendingModifiedValues"], json!({}));
}
