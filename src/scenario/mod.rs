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

/// The scenario's text as [`load`] reads it: the embedded file for an id, else the file's
/// bytes (bounded like every input).
pub fn source_bytes(name_or_path: &str) -> Result<Vec<u8>, String> {
    if let Some((_, text)) = EMBEDDED.iter().find(|(id, _)| *id == name_or_path) {
        return Ok(text.as_bytes().to_vec());
    }
    crate::data::input::read_bounded_bytes(name_or_path).map_err(|e| e.to_string())
}

/// SHA-256 of the scenario's text, in lower-case hex (what a replay records).
pub fn fingerprint(name_or_path: &str) -> Result<String, String> {
    source_bytes(name_or_path).map(|bytes| sha256_hex(&bytes))
}

/// SHA-256 in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Loads a scenario by embedded id, or from a file path.
pub fn load(name_or_path: &str) -> Result<Scenario, Vec<ScenarioError>> {
    if let Some((id, text)) = EMBEDDED.iter().find(|(id, _)| *id == name_or_path) {
        return parse_scenario(text, &format!("scenarios/{id}.ron"));
    }
    match crate::data::input::read_bounded_bytes(name_or_path) {
        Ok(bytes) => parse_scenario_bytes(&bytes, name_or_path),
        Err(e) => Err(vec![ScenarioError::at(
            name_or_path,
            e.line,
            e.column,
            "",
            format!(
                "{}; embedded scenarios are: {}",
                e.message,
                EMBEDDED
                    .iter()
                    .map(|(id, _)| *id)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )]),
    }
}
