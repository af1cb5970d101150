//! Scenarios: the RON format, the embedded scenario files, loading and validation with
//! located errors. Data only: the simulation builds a round from it (`sim::round`).

mod format;
mod lenient;
pub mod tree;
mod validate;

pub use format::*;
pub use validate::{ScenarioError, parse_scenario, parse_scenario_bytes};

/// Scenario files compiled into the binary (the web and kiosk builds need no files).
/// The tutorial comes first: the title screen lists them in this order.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("tutorial", include_str!("../../scenarios/tutorial.ron")),
    (
        "unicorn-rentals",
        include_str!("../../scenarios/unicorn-rentals.ron"),
    ),
    (
        "fan-event-spike",
        include_str!("../../scenarios/fan-event-spike.ron"),
    ),
    (
        "security-incident",
        include_str!("../../scenarios/security-incident.ron"),
    ),
    ("finops", include_str!("../../scenarios/finops.ron")),
    ("booth-5min", include_str!("../../scenarios/booth-5min.ron")),
];

/// Loads a scenario by embedded id, or from a file path.
pub fn load(name_or_path: &str) -> Result<Scenario, Vec<ScenarioError>> {
    if let Some((id, text)) = EMBEDDED.iter().find(|(id, _)| *id == name_or_path) {
        return parse_scenario(text, &format!("scenarios/{id}.ron"));
    }
    match std::fs::read(name_or_path) {
        Ok(bytes) => parse_scenario_bytes(&bytes, name_or_path),
        Err(e) => Err(vec![ScenarioError::at(
            name_or_path,
            0,
            0,
            "",
            format!(
                "cannot read it ({e}); embedded scenarios are: {}",
                EMBEDDED
                    .iter()
                    .map(|(id, _)| *id)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )]),
    }
}
