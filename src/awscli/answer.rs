//! What the CLI prints for a call's answer: the response, or the error the way aws-cli v2
//! reports it. The in-game terminal and the headless transcript print the same text.

use crate::sim::command::{ApiError, ApiResponse, ApiResult};

/// How the real CLI reports a failed call.
pub fn api_error_text(operation: &str, e: &ApiError) -> String {
    format!(
        "An error occurred ({}) when calling the {operation} operation: {}",
        e.code, e.message
    )
}

/// The output of a successful call: AWS's response as aws-cli's JSON output (four-space
/// indent), or for a call without one the ids it created or changed.
pub fn api_ok_text(r: &ApiResponse) -> String {
    if let Some(body) = &r.body {
        return json_text(body);
    }
    if r.ids.is_empty() {
        "{}".into()
    } else {
        format!("{{ \"Ids\": [\"{}\"] }}", r.ids.join("\", \""))
    }
}

/// JSON the way aws-cli v2 prints it: four-space indent, non-ASCII kept.
pub fn json_text(v: &serde_json::Value) -> String {
    use serde::Serialize;
    let mut out = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
    v.serialize(&mut ser)
        .expect("a JSON value always serialises");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// What the terminal prints for the answer to a call of `operation` (its API name).
pub fn answer_text(operation: &str, result: &ApiResult) -> String {
    match result {
        Ok(r) => api_ok_text(r),
        Err(e) => api_error_text(operation, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_read_like_the_real_cli() {
        let e = ApiError::new(
            "InvalidSubnet",
            "Not enough IP space available in subnet-1.",
        );
        assert_eq!(
            answer_text("CreateLoadBalancer", &Err(e)),
            "An error occurred (InvalidSubnet) when calling the CreateLoadBalancer operation: Not enough IP space available in subnet-1."
        );
    }

    #[test]
    fn a_response_prints_as_aws_cli_json() {
        let r = ApiResponse::body(serde_json::json!({"Account": "123456789012", "Ids": [1]}));
        assert_eq!(
            answer_text("GetCallerIdentity", &Ok(r)),
            "{\n    \"Account\": \"123456789012\",\n    \"Ids\": [\n        1\n    ]\n}"
        );
    }
}
