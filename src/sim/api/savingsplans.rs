//! Savings Plans calls: buying a Compute Savings Plan (an hourly commitment).

use crate::sim::command::{ApiError, ApiResponse, ApiResult, Command, Principal};
use crate::sim::finops::{SavingsPlan, offering_terms};
use crate::sim::ids::IdRegistry;
use crate::sim::world::*;
use bevy::prelude::*;

pub(super) fn execute(world: &mut World, principal: &Principal, command: &Command) -> ApiResult {
    let Command::CreateSavingsPlan {
        savings_plan_offering_id,
        commitment,
    } = command
    else {
        unreachable!("not a Savings Plans command")
    };
    let Some((discount, years)) = offering_terms(savings_plan_offering_id, &scenario(world).prices)
    else {
        return Err(ApiError::new(
            "ResourceNotFoundException",
            format!("Savings Plan offering {savings_plan_offering_id} was not found."),
        ));
    };
    let amount: f64 = commitment.trim().parse().map_err(|_| {
        ApiError::new(
            "ValidationException",
            format!("Commitment '{commitment}' is not a valid amount."),
        )
    })?;
    // The smallest commitment AWS sells is $0.001/hour.
    if !(amount.is_finite() && amount >= 0.001) {
        return Err(ApiError::new(
            "ValidationException",
            format!("Commitment must be at least 0.001 USD per hour, got {commitment}."),
        ));
    }
    let id = world.resource_mut::<IdRegistry>().new_short_id("sp");
    let id = id.trim_start_matches("sp-0").to_string();
    let t = now(world);
    let plan = SavingsPlan {
        offering_id: savings_plan_offering_id.clone(),
        commitment: amount,
        discount,
        years,
        start: t,
    };
    let label = format!("Compute Savings Plan ${amount}/h, {years}y");
    spawn_resource(world, id.clone(), &label, principal, plan);
    Ok(ApiResponse::one(id))
}
