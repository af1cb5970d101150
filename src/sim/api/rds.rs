//! RDS calls: the database instance, its class and Multi-AZ, reboots and failovers.

use crate::data::catalog::{DB_INSTANCE_CLASSES, db_class};
use crate::data::maintenance_window;
use crate::sim::clock::SimClock;
use crate::sim::command::{ApiError, ApiResponse, ApiResult, Command, Principal};
use crate::sim::rds::{DB_CREATE_SECONDS, DbInstance, DbLoad, outage_draw};
use crate::sim::world::*;
use bevy::prelude::*;

fn not_found(id: &str) -> ApiError {
    ApiError::new("DBInstanceNotFound", format!("DBInstance {id} not found."))
}

fn check_class(class: &str) -> Result<(), ApiError> {
    if db_class(class).is_some() {
        return Ok(());
    }
    let known: Vec<&str> = DB_INSTANCE_CLASSES.iter().map(|c| c.0).collect();
    Err(ApiError::new(
        "InvalidParameterCombination",
        format!(
            "RDS does not support creating a DB instance with the following combination: \
             DBInstanceClass={class} (GameDay offers {})",
            known.join(", ")
        ),
    ))
}

fn check_available(db: &DbInstance, id: &str, now: f64) -> Result<(), ApiError> {
    let status = db.status(now);
    if status != "available" {
        return Err(ApiError::new(
            "InvalidDBInstanceState",
            format!("Instance {id} is not in available state (it is {status})."),
        ));
    }
    Ok(())
}

pub(super) fn execute(world: &mut World, principal: &Principal, command: &Command) -> ApiResult {
    use Command as C;
    let now = now(world);
    match command {
        C::CreateDbInstance {
            db_instance_identifier: id,
            db_instance_class,
            engine,
            allocated_storage,
            multi_az,
            preferred_maintenance_window,
        } => {
            let valid = !id.is_empty()
                && id.len() <= 63
                && id.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !id.ends_with('-')
                && !id.contains("--");
            if !valid {
                return Err(ApiError::new(
                    "InvalidParameterValue",
                    "The parameter DBInstanceIdentifier is not a valid identifier. Identifiers \
                     must begin with a letter; must contain only ASCII letters, digits, and \
                     hyphens; and must not end with a hyphen or contain two consecutive hyphens.",
                ));
            }
            if !matches!(engine.as_str(), "postgres" | "mysql") {
                return Err(ApiError::new(
                    "InvalidParameterValue",
                    format!("Invalid DB engine: {engine} (GameDay offers postgres and mysql)"),
                ));
            }
            check_class(db_instance_class)?;
            if allocated_storage.is_some_and(|s| !(20..=65536).contains(&s)) {
                return Err(ApiError::new(
                    "InvalidParameterValue",
                    "Invalid storage size for engine: 20 to 65536 GiB",
                ));
            }
            let window = preferred_maintenance_window
                .as_deref()
                .map(maintenance_window::parse)
                .transpose()
                .map_err(|e| ApiError::new("InvalidParameterValue", e))?;
            if find::<DbInstance>(world, id).is_some() {
                return Err(ApiError::new(
                    "DBInstanceAlreadyExists",
                    "DB instance already exists",
                ));
            }
            let db = DbInstance {
                identifier: id.clone(),
                class: db_instance_class.clone(),
                engine: engine.clone(),
                multi_az: *multi_az,
                available_at: now + DB_CREATE_SECONDS,
                outage_until: 0.0,
                activity: "available",
                pending: None,
                deferred: None,
                maintenance_window: window,
                backlog: 0.0,
                load: DbLoad::default(),
            };
            spawn_resource(world, id.clone(), id, principal, db);
            Ok(ApiResponse::one(id.clone()))
        }
        C::ModifyDbInstance {
            db_instance_identifier: id,
            db_instance_class,
            multi_az,
            apply_immediately,
            preferred_maintenance_window,
        } => {
            let e = find::<DbInstance>(world, id).ok_or_else(|| not_found(id))?;
            if let Some(c) = db_instance_class {
                check_class(c)?;
            }
            let window = preferred_maintenance_window
                .as_deref()
                .map(maintenance_window::parse)
                .transpose()
                .map_err(|e| ApiError::new("InvalidParameterValue", e))?;
            let db = world.get::<DbInstance>(e).unwrap().clone();
            check_available(&db, id, now)?;
            if let Some(w) = window {
                // a new window applies at once; a change waiting for it waits for the new one
                let epoch = world.resource::<SimClock>().epoch_unix;
                let mut d = world.get_mut::<DbInstance>(e).unwrap();
                if let Some(waiting) = d.deferred.as_mut() {
                    waiting.at = w.next_open(epoch, now);
                }
                d.maintenance_window = Some(w);
                if db_instance_class.is_none() && multi_az.is_none() {
                    return Ok(ApiResponse::one(id.clone()));
                }
            }
            if db_instance_class.is_none() && multi_az.is_none() {
                return Err(ApiError::new(
                    "InvalidParameterCombination",
                    "No modifications were requested",
                ));
            }
            let epoch = world.resource::<SimClock>().epoch_unix;
            let mut d = world.get_mut::<DbInstance>(e).unwrap();
            if *apply_immediately {
                // RDS applies what waited for the window too
                d.begin_change(now, db_instance_class.clone(), *multi_az);
            } else {
                let opens = d
                    .maintenance_window
                    .as_ref()
                    .map_or(f64::INFINITY, |w| w.next_open(epoch, now));
                d.defer_change(opens, db_instance_class.clone(), *multi_az);
            }
            Ok(ApiResponse::one(id.clone()))
        }
        C::RebootDbInstance {
            db_instance_identifier: id,
            force_failover,
        } => {
            let e = find::<DbInstance>(world, id).ok_or_else(|| not_found(id))?;
            let db = world.get::<DbInstance>(e).unwrap().clone();
            check_available(&db, id, now)?;
            if *force_failover && !db.multi_az {
                return Err(ApiError::new(
                    "InvalidParameterCombination",
                    "Cannot force failover for a DB instance that is not Multi-AZ",
                ));
            }
            let draw = outage_draw(id, now);
            world
                .get_mut::<DbInstance>(e)
                .unwrap()
                .begin_outage(now, draw, "rebooting");
            Ok(ApiResponse::one(id.clone()))
        }
        C::DeleteDbInstance {
            db_instance_identifier: id,
            skip_final_snapshot,
        } => {
            let e = find::<DbInstance>(world, id).ok_or_else(|| not_found(id))?;
            if !skip_final_snapshot {
                return Err(ApiError::new(
                    "InvalidParameterCombination",
                    "FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.",
                ));
            }
            despawn_resource(world, e);
            Ok(ApiResponse::one(id.clone()))
        }
        _ => unreachable!("not an RDS command"),
    }
}
