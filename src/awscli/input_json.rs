//! `--cli-input-json` and `--generate-cli-skeleton`: an operation's input as one JSON
//! object whose keys are the AWS API's parameter names (`LaunchTemplateData`,
//! `InstanceIds`), turned into the `--option` words the operation's table reads, and the
//! empty skeleton of that object. Options given on the command line win over the JSON's,
//! as in aws-cli.

use super::args::{CliError, split_inline};
use super::output::json;
use super::spec::{OperationSpec, ValueKind};
use super::values::parse_json;
use serde_json::{Map, Value};

/// `LaunchTemplateData` → `--launch-template-data`, `DBInstanceIdentifier` →
/// `--db-instance-identifier`, `TargetGroupARNs` → `--target-group-arns` (botocore's
/// `xform_name`).
pub(crate) fn option_name(key: &str) -> String {
    let key = key.replace("ARNs", "Arns");
    let chars: Vec<char> = key.chars().collect();
    let mut out = String::from("--");
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                out.push('-');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// `--launch-template-data` → `LaunchTemplateData` (the skeleton's keys).
pub(crate) fn key_name(option: &str) -> String {
    option
        .trim_start_matches("--")
        .split('-')
        .map(|part| {
            let mut c = part.chars();
            c.next().map_or_else(String::new, |f| {
                f.to_ascii_uppercase().to_string() + c.as_str()
            })
        })
        .collect()
}

/// Adds the JSON input's parameters to `words` as options (those not already given);
/// true when it asks for a dry run (`"DryRun": true`).
pub(crate) fn merge(
    spec: &OperationSpec,
    text: &str,
    words: &mut Vec<String>,
) -> Result<bool, CliError> {
    let bad = |e: String| CliError::param("--cli-input-json", e);
    let Value::Object(input) = parse_json(text).map_err(bad)? else {
        return Err(bad(format!(
            "Invalid JSON received: the input must be a JSON object\nJSON received: {text}"
        )));
    };
    let given: Vec<String> = words
        .iter()
        .filter(|w| w.starts_with("--"))
        .map(|w| split_inline(w).0.to_string())
        .collect();
    let mut dry_run = false;
    for (key, value) in &input {
        if key == "DryRun" {
            dry_run = value.as_bool().unwrap_or(false);
            continue;
        }
        let name = option_name(key);
        let Some((option, _)) = spec.find(&name) else {
            return Err(unknown_key(spec, key));
        };
        if given
            .iter()
            .any(|g| g == option.name || Some(g.as_str()) == option.negated)
        {
            continue;
        }
        let word = match (option.kind, value) {
            (ValueKind::Bool, Value::Bool(true)) => option.name.to_string(),
            (ValueKind::Bool, Value::Bool(false)) => match option.negated {
                Some(no) => no.to_string(),
                None => continue,
            },
            (ValueKind::Bool, other) => {
                return Err(CliError::new(format!(
                    "Parameter validation failed:\nInvalid type for parameter {key}, value: \
                     {other}, type: {}, valid types: <class 'bool'>",
                    python_type(other)
                )));
            }
            (_, Value::Null) => continue,
            (_, Value::String(s)) => format!("{}={s}", option.name),
            (_, Value::Number(n)) => format!("{}={n}", option.name),
            (_, other) => format!("{}={other}", option.name),
        };
        words.push(word);
    }
    Ok(dry_run)
}

fn python_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "<class 'NoneType'>",
        Value::Bool(_) => "<class 'bool'>",
        Value::Number(_) => "<class 'int'>",
        Value::String(_) => "<class 'str'>",
        Value::Array(_) => "<class 'list'>",
        Value::Object(_) => "<class 'dict'>",
    }
}

/// aws-cli's (botocore's) message for a key the operation does not take.
fn unknown_key(spec: &OperationSpec, key: &str) -> CliError {
    let known: Vec<String> = spec.options.iter().map(|o| key_name(o.name)).collect();
    CliError::new(format!(
        "Parameter validation failed:\nUnknown parameter in input: \"{key}\", must be one of: {}",
        known.join(", ")
    ))
}

/// The empty input of an operation: each option under its API name, with an empty value
/// of its kind.
pub(crate) fn skeleton(spec: &OperationSpec) -> String {
    let mut m = Map::new();
    for o in spec.options {
        let empty = match o.kind {
            ValueKind::Text => Value::String(String::new()),
            ValueKind::Int => Value::from(0),
            ValueKind::Bool => Value::Bool(true),
            ValueKind::List => Value::Array(vec![Value::String(String::new())]),
            ValueKind::Struct => Value::Object(Map::new()),
            ValueKind::StructList => Value::Array(vec![Value::Object(Map::new())]),
        };
        m.insert(key_name(o.name), empty);
    }
    json(&Value::Object(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_names_become_options_and_back() {
        for (key, option) in [
            ("LaunchTemplateData", "--launch-template-data"),
            ("DBInstanceIdentifier", "--db-instance-identifier"),
            ("VPCZoneIdentifier", "--vpc-zone-identifier"),
            ("TargetGroupARNs", "--target-group-arns"),
            ("InstanceIds", "--instance-ids"),
            ("MaxItems", "--max-items"),
            ("Ipv6CidrBlock", "--ipv6-cidr-block"),
        ] {
            assert_eq!(option_name(key), option, "{key}");
        }
        assert_eq!(key_name("--launch-template-data"), "LaunchTemplateData");
        assert_eq!(
            option_name(&key_name("--vpc-zone-identifier")),
            "--vpc-zone-identifier"
        );
    }
}
