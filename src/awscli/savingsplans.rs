//! `aws savingsplans`: buying a Compute Savings Plan (an hourly commitment) — the operation
//! table, the builder to `Command` and the printer back.

use super::args::{Args, CliError, ServiceCli};
use super::line::Line;
use super::spec::ValueKind::Text;
use super::spec::{OperationSpec, ignored, op, req};
use crate::sim::command::Command;

pub(crate) static CLI: ServiceCli = ServiceCli {
    name: "savingsplans",
    operations: OPERATIONS,
    build,
    print,
    #[cfg(test)]
    samples,
};

static OPERATIONS: &[OperationSpec] = &[op(
    "create-savings-plan",
    &[
        req("--savings-plan-offering-id", Text),
        req("--commitment", Text),
        ignored("--upfront-payment-amount", Text),
        ignored("--purchase-time", Text),
    ],
)];

// ---------------------------------------------------------------- build

fn build(a: &Args) -> Result<Command, CliError> {
    Ok(match a.spec.name {
        "create-savings-plan" => Command::CreateSavingsPlan {
            savings_plan_offering_id: a.req("--savings-plan-offering-id")?,
            commitment: a.req("--commitment")?,
        },
        _ => return Err(a.not_implemented()),
    })
}

// ---------------------------------------------------------------- print

/// Prints a Savings Plans command as its `aws savingsplans …` line; `None` for another
/// service's command. The upfront payment and purchase time are not modelled.
fn print(cmd: &Command) -> Option<String> {
    use Command as C;
    let mut l;
    match cmd {
        C::CreateSavingsPlan {
            savings_plan_offering_id,
            commitment,
        } => {
            l = Line::new("savingsplans", "create-savings-plan");
            l.opt("--savings-plan-offering-id", savings_plan_offering_id)
                .opt("--commitment", commitment);
        }
        _ => return None,
    }
    Some(l.finish())
}

// ---------------------------------------------------------------- tests

/// At least one command of every operation, with awkward values where they fit.
#[cfg(test)]
fn samples() -> Vec<Command> {
    use Command as C;
    vec![C::CreateSavingsPlan {
        savings_plan_offering_id: "0a9c0e24-5a3e-4c4f-b1a8-5e6f1c9d2b10".into(),
        commitment: "0.1224".into(),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mistakes_are_named() {
        assert!(
            CLI.err("aws savingsplans create-savings-plan --commitment 1")
                .contains("--savings-plan-offering-id")
        );
    }
}
