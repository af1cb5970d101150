//! Savings Plans: an hourly commitment bought for one or three years that bills EC2 usage
//! at a discount up to the commitment. Unused commitment is still paid.

use super::world::all;
use crate::scenario::PriceSpec;
use bevy::prelude::*;

/// A Savings Plans offering: (offering id, plan type, term in seconds, payment option).
/// Compute Savings Plans, us-east-1, as `describe-savings-plans-offerings` lists them.
pub const OFFERINGS: &[(&str, &str, u64, &str)] = &[
    (
        "0a9c0e24-5a3e-4c4f-b1a8-5e6f1c9d2b10",
        "Compute",
        31_536_000,
        "No Upfront",
    ),
    (
        "3f1b7d52-8c2e-4e71-9a4d-2b6c8e0f5a31",
        "Compute",
        94_608_000,
        "No Upfront",
    ),
];

/// A Savings Plan (spawned with its id as its `AwsId`).
#[derive(Component, Clone, Debug)]
pub struct SavingsPlan {
    pub offering_id: String,
    /// Dollars per hour committed.
    pub commitment: f64,
    /// Fraction off on-demand this plan's rate gives.
    pub discount: f64,
    /// Term in years.
    pub years: u32,
    pub start: f64,
}

/// The discount of an offering under these prices, and its term in years.
pub fn offering_terms(offering_id: &str, prices: &PriceSpec) -> Option<(f64, u32)> {
    let (_, _, secs, _) = OFFERINGS.iter().find(|o| o.0 == offering_id)?;
    Some(if *secs == 31_536_000 {
        (prices.savings_plan_discount_1y, 1)
    } else {
        (prices.savings_plan_discount_3y, 3)
    })
}

/// What EC2 usage worth `on_demand` $/hour costs with the account's Savings Plans: each
/// plan covers usage at its discounted rate up to its commitment; the rest is on-demand;
/// every commitment is paid in full, used or not.
pub fn ec2_cost_with_plans(world: &mut World, on_demand: f64) -> f64 {
    let mut plans: Vec<SavingsPlan> = all::<SavingsPlan>(world)
        .into_iter()
        .map(|e| world.get::<SavingsPlan>(e).unwrap().clone())
        .collect();
    // The deepest discount applies first.
    plans.sort_by(|a, b| b.discount.total_cmp(&a.discount));
    let mut uncovered = on_demand;
    let mut cost = 0.0;
    for p in plans {
        let covers = (p.commitment / (1.0 - p.discount).max(1e-9)).min(uncovered);
        uncovered -= covers;
        cost += p.commitment;
    }
    cost + uncovered
}
