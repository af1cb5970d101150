//! What the describe files share: the `Tags` list, EC2-style filters with wildcards, and
//! the base64 EC2 returns user data in.

use crate::sim::command::{ApiError, Filter};
use bevy::prelude::*;
use serde_json::{Value, json};

/// The `Tags` list of a resource: its `Name` and any others the service sets.
pub(super) fn tags(world: &World, e: Entity, extra: &[(&str, String)]) -> Value {
    let mut list: Vec<Value> = world
        .get::<Name>(e)
        .filter(|n| !n.as_str().is_empty())
        .map(|n| json!({"Key": "Name", "Value": n.as_str()}))
        .into_iter()
        .collect();
    list.extend(extra.iter().map(|(k, v)| json!({"Key": k, "Value": v})));
    Value::Array(list)
}

/// Does `value` match an EC2 filter value (`*` any run of characters, `?` one)?
pub(super) fn glob(pattern: &str, value: &str) -> bool {
    fn go(p: &[char], v: &[char]) -> bool {
        match p.first() {
            None => v.is_empty(),
            Some('*') => (0..=v.len()).any(|i| go(&p[1..], &v[i..])),
            Some('?') => !v.is_empty() && go(&p[1..], &v[1..]),
            Some(c) => v.first() == Some(c) && go(&p[1..], &v[1..]),
        }
    }
    let p: Vec<char> = pattern.chars().collect();
    let v: Vec<char> = value.chars().collect();
    go(&p, &v)
}

/// Does a resource with these filterable fields pass every filter (any value of each)?
/// A filter the resource kind does not know fails like EC2.
pub(super) fn passes(
    filters: &[Filter],
    field: &dyn Fn(&str) -> Option<Vec<String>>,
) -> Result<bool, ApiError> {
    for f in filters {
        let Some(have) = field(&f.name) else {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!("The filter '{}' is invalid", f.name),
            ));
        };
        if !f.values.iter().any(|p| have.iter().any(|h| glob(p, h))) {
            return Ok(false);
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_values_take_wildcards() {
        assert!(glob("web*", "web-1"));
        assert!(glob("*", ""));
        assert!(glob("i-?b", "i-ab"));
        assert!(!glob("web", "web-1"));
        let field = |n: &str| (n == "tag:Name").then(|| vec!["web-1".to_string()]);
        let f = |name: &str, v: &str| Filter {
            name: name.into(),
            values: vec![v.into()],
        };
        assert_eq!(passes(&[f("tag:Name", "web*")], &field), Ok(true));
        assert_eq!(passes(&[f("tag:Name", "db*")], &field), Ok(false));
        assert_eq!(
            passes(&[f("colour", "red")], &field).unwrap_err().code,
            "InvalidParameterValue"
        );
    }

    #[test]
    fn user_data_is_base64_as_ec2_returns_it() {
        use crate::data::base64::base64_encode as base64;
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"#!/bin/bash\n"), "IyEvYmluL2Jhc2gK");
    }
}
