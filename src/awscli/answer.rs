//! What the CLI prints for a call's answer: the response, or the error the way aws-cli v2
//! reports it. The in-game terminal and the headless transcript print the same text.

use super::output::{OutputOptions, json, render};
use crate::sim::command::{ApiError, ApiResponse, ApiResult};

/// How the real CLI reports a failed call.
pub fn api_error_text(operation: &str, e: &ApiError) -> String {
    format!(
        "An error occurred ({}) when calling the {operation} operation: {}",
        e.code, e.message
    )
}

/// The output of a successful call: AWS's response as aws-cli's JSON output (four-space
/// indent). Every write answers with AWS's response (`sim::describe::write_response`); a
/// call without one prints as an empty response.
pub fn api_ok_text(r: &ApiResponse) -> String {
    r.body.as_ref().map_or_else(|| "{}".into(), json)
}

/// What the terminal prints for the answer to a call of `operation` (its API name), in
/// the format the line asked for (`--output`, `--query`).
pub fn answer_text(operation: &str, result: &ApiResult, opts: &OutputOptions) -> String {
    match result {
        // aws-cli prints nothing for an empty response
        Ok(ApiResponse {
            body: Some(serde_json::Value::Object(m)),
            ..
        }) if m.is_empty() => String::new(),
        Ok(ApiResponse {
            body: Some(body), ..
        }) => render(operation, body, opts).unwrap_or_else(|e| e),
        Ok(r) => api_ok_text(r),
        // a waiter's failure is aws-cli's own message, not an API error
        Err(e) if e.code == "WaiterError" => e.message.clone(),
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
            answer_text("CreateLoadBalancer", &Err(e), &OutputOptions::default()),
            "An error occurred (InvalidSubnet) when calling the CreateLoadBalancer operation: Not enough IP space available in subnet-1."
        );
    }

    #[test]
    fn a_response_prints_as_aws_cli_json() {
        let r = ApiResponse::body(serde_json::json!({"Account": "123456789012", "Arns": [1]}));
        assert_eq!(
            answer_text("GetCallerIdentity", &Ok(r), &OutputOptions::default()),
            "{\n    \"Account\": \"123456789012\",\n    \"Arns\": [\n        1\n    ]\n}"
        );
    }

    /// A write's answer without a body (none left in GameDay) prints as an empty response,
    /// never as the ids the call touched.
    #[test]
    fn an_answer_without_a_response_prints_no_ids() {
        let r = ApiResponse::one("eipalloc-1".into());
        assert_eq!(api_ok_text(&r), "{}");
        assert!(
            !answer_text("AllocateAddress", &Ok(r), &OutputOptions::default())
                .contains("eipalloc-1")
        );
    }
}
