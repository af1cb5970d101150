//! Structured option values: JSON or aws-cli shorthand into `serde_json::Value`, typed field
//! readers over those values, and base64 (for launch-template user data).

use serde_json::{Map, Value};

pub use crate::data::base64::{base64_decode, base64_encode};

// ---------------------------------------------------------------- JSON or shorthand

/// aws-cli treats a value starting with `{` or `[` as JSON, anything else as shorthand.
pub(crate) fn looks_like_json(text: &str) -> bool {
    matches!(text.trim_start().chars().next(), Some('{' | '['))
}

/// Parses JSON, with aws-cli's message on failure (without the parameter prefix).
pub(crate) fn parse_json(text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| format!("Invalid JSON: {e}\nJSON received: {text}"))
}

/// One structure value: JSON when it looks like JSON, shorthand otherwise.
pub(crate) fn parse_structure(text: &str) -> Result<Value, String> {
    if looks_like_json(text) {
        parse_json(text)
    } else {
        Shorthand::new(text).parse().map(Value::Object)
    }
}

/// aws-cli's shorthand syntax: `Key=Value,List=a,b,Nested={K=V},Items=[{K=V},{K=W}]`.
/// Every scalar comes out as a JSON string; readers below convert as needed.
struct Shorthand<'a> {
    input: &'a str,
    chars: Vec<char>,
    i: usize,
    /// `{…}` and `[…]` open around the current position.
    depth: usize,
}

const KEY_CHARS: &str = "-_.#/:";

/// The deepest `{…}`/`[…]` nesting shorthand accepts (the parser recurses once per level;
/// 25,000 levels overflowed the stack). No AWS structure nests anywhere near this deep.
pub(crate) const MAX_NESTING: usize = 32;

impl<'a> Shorthand<'a> {
    fn new(input: &'a str) -> Self {
        Self {
            input,
            chars: input.chars().collect(),
            i: 0,
            depth: 0,
        }
    }

    fn parse(mut self) -> Result<Map<String, Value>, String> {
        let mut params = Map::new();
        let (key, value) = self.keyval()?;
        params.insert(key, value);
        let mut last = self.i;
        while !self.eof() {
            self.expect(',', true)?;
            let (key, value) = self.keyval()?;
            if params.contains_key(&key) {
                return Err(format!(
                    "Second instance of key \"{key}\" encountered for input:\n{}\nThis is often \
                     because there is a preceding \",\" instead of a space.",
                    self.location(last + 1)
                ));
            }
            params.insert(key, value);
            last = self.i;
        }
        Ok(params)
    }

    fn eof(&self) -> bool {
        self.i >= self.chars.len()
    }

    fn current(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        while self.current().is_some_and(char::is_whitespace) {
            self.i += 1;
        }
    }

    fn location(&self, index: usize) -> String {
        let before: String = self.chars[..index.min(self.chars.len())].iter().collect();
        let column = before.rsplit('\n').next().map_or(0, |s| s.chars().count());
        format!("{}\n{}^", self.input, " ".repeat(column))
    }

    fn syntax_error(&self, expected: &str, actual: &str) -> String {
        format!(
            "Expected: '{expected}', received: '{actual}' for input:\n{}",
            self.location(self.i)
        )
    }

    fn expect(&mut self, c: char, whitespace: bool) -> Result<(), String> {
        if whitespace {
            self.skip_ws();
        }
        match self.current() {
            None => return Err(self.syntax_error(&c.to_string(), "EOF")),
            Some(actual) if actual != c => {
                return Err(self.syntax_error(&c.to_string(), &actual.to_string()));
            }
            Some(_) => self.i += 1,
        }
        if whitespace {
            self.skip_ws();
        }
        Ok(())
    }

    fn keyval(&mut self) -> Result<(String, Value), String> {
        let key = self.key();
        self.expect('=', true)?;
        Ok((key, self.values()?))
    }

    fn key(&mut self) -> String {
        let start = self.i;
        while self
            .current()
            .is_some_and(|c| c.is_ascii_alphanumeric() || KEY_CHARS.contains(c))
        {
            self.i += 1;
        }
        self.chars[start..self.i].iter().collect()
    }

    fn values(&mut self) -> Result<Value, String> {
        match self.current() {
            None => Ok(Value::String(String::new())),
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            Some(_) => self.csv_value(),
        }
    }

    /// `a` → "a"; `a,b,c` → ["a","b","c"], stopping before a `,key=` that follows.
    fn csv_value(&mut self) -> Result<Value, String> {
        let first = self.first_value()?;
        self.skip_ws();
        if self.current() != Some(',') {
            return Ok(Value::String(first));
        }
        let mut comma = self.i;
        self.expect(',', true)?;
        let mut list = vec![Value::String(first)];
        loop {
            match self.second_value() {
                Ok(v) => {
                    self.skip_ws();
                    if self.eof() {
                        list.push(Value::String(v));
                        break;
                    }
                    if self.current() == Some(',') {
                        comma = self.i;
                        self.expect(',', true)?;
                        list.push(Value::String(v));
                    } else {
                        self.i = comma;
                        break;
                    }
                }
                Err(e) => {
                    if self.eof() {
                        return Err(e);
                    }
                    self.i = comma;
                    break;
                }
            }
        }
        if list.len() == 1 {
            Ok(list.swap_remove(0))
        } else {
            Ok(Value::Array(list))
        }
    }

    /// One level deeper, refused past [`MAX_NESTING`].
    fn enter(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(format!(
                "Values are nested deeper than {MAX_NESTING} levels at column {}; refused",
                self.i + 1
            ));
        }
        Ok(())
    }

    fn explicit_list(&mut self) -> Result<Value, String> {
        self.enter()?;
        self.expect('[', true)?;
        let mut values = Vec::new();
        while self.current() != Some(']') {
            values.push(self.explicit_value()?);
            self.skip_ws();
            if self.current() != Some(']') {
                self.expect(',', false)?;
                self.skip_ws();
            }
        }
        self.expect(']', false)?;
        self.depth -= 1;
        Ok(Value::Array(values))
    }

    fn explicit_value(&mut self) -> Result<Value, String> {
        match self.current() {
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            _ => self.first_value().map(Value::String),
        }
    }

    fn hash_literal(&mut self) -> Result<Value, String> {
        self.enter()?;
        self.expect('{', true)?;
        let mut map = Map::new();
        while self.current() != Some('}') {
            let key = self.key();
            self.expect('=', true)?;
            let value = self.explicit_value()?;
            self.skip_ws();
            if self.current() != Some('}') {
                self.expect(',', false)?;
                self.skip_ws();
            }
            map.insert(key, value);
        }
        self.expect('}', false)?;
        self.depth -= 1;
        Ok(Value::Object(map))
    }

    fn first_value(&mut self) -> Result<String, String> {
        match self.current() {
            Some(q @ ('\'' | '"')) => self.quoted(q),
            _ => Ok(self.bare_value(|c| !matches!(c, '\'' | '"' | ',' | ']' | '}'))),
        }
    }

    fn second_value(&mut self) -> Result<String, String> {
        match self.current() {
            Some(q @ ('\'' | '"')) => self.quoted(q),
            _ => {
                let start = self.i;
                let v = self.bare_value(|c| !matches!(c, '\'' | '"' | ',' | '='));
                if self.i == start {
                    return Err(self.syntax_error("<second>", "<none>"));
                }
                Ok(v)
            }
        }
    }

    /// A value that may contain `\,` for a literal comma; trailing whitespace is dropped.
    fn bare_value(&mut self, follows: impl Fn(char) -> bool) -> String {
        let starts =
            |c: char| !c.is_whitespace() && !matches!(c, '\'' | '"' | ',' | '=' | '[' | '{');
        let mut out = String::new();
        if !self.current().is_some_and(starts) && !self.at_escaped_comma() {
            return out;
        }
        loop {
            if self.at_escaped_comma() {
                out.push(',');
                self.i += 2;
            } else if let Some(c) = self.current().filter(|&c| follows(c)) {
                out.push(c);
                self.i += 1;
            } else {
                break;
            }
        }
        out.truncate(out.trim_end().len());
        out
    }

    fn at_escaped_comma(&self) -> bool {
        self.current() == Some('\\') && self.chars.get(self.i + 1) == Some(&',')
    }

    fn quoted(&mut self, q: char) -> Result<String, String> {
        let start = self.i;
        self.i += 1;
        let mut out = String::new();
        loop {
            match self.current() {
                None => {
                    self.i = start;
                    let name = if q == '\'' {
                        "singled quoted"
                    } else {
                        "double quoted"
                    };
                    return Err(self.syntax_error(&format!("<{name}>"), "<none>"));
                }
                Some('\\') if matches!(self.chars.get(self.i + 1), Some(&c) if c == q || c == '\\') =>
                {
                    out.push(self.chars[self.i + 1]);
                    self.i += 2;
                }
                Some(c) if c == q => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(c) => {
                    out.push(c);
                    self.i += 1;
                }
            }
        }
    }
}

/// True when `s` can be written as a shorthand value and read back unchanged.
pub(crate) fn shorthand_safe(s: &str) -> bool {
    !s.is_empty()
        && s.trim() == s
        && !s.contains(|c: char| ",=[]{}'\"\\".contains(c) || c.is_control())
}

/// `K1=v1,K2=v2` when every value is [`shorthand_safe`], `None` otherwise.
pub(crate) fn shorthand_pairs(pairs: &[(&str, String)]) -> Option<String> {
    if !pairs.iter().all(|(_, v)| shorthand_safe(v)) {
        return None;
    }
    let parts: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    Some(parts.join(","))
}

// ---------------------------------------------------------------- typed readers

pub(crate) type Object = Map<String, Value>;

fn describe(v: &Value) -> String {
    match v {
        Value::String(s) => format!("'{s}'"),
        other => other.to_string(),
    }
}

/// The value as an object, or an error naming `what`.
pub(crate) fn as_object<'v>(v: &'v Value, what: &str) -> Result<&'v Object, String> {
    v.as_object().ok_or_else(|| {
        format!(
            "{what} must be a structure ({{…}} or Key=Value), got {}",
            describe(v)
        )
    })
}

/// A value as a list of elements; a lone element counts as a list of one.
pub(crate) fn elements(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    }
}

fn missing(key: &str) -> String {
    format!("missing required key \"{key}\"")
}

/// A string field; numbers and booleans are accepted as their text.
pub(crate) fn opt_str(m: &Object, key: &str) -> Result<Option<String>, String> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(v @ (Value::Number(_) | Value::Bool(_))) => Ok(Some(v.to_string())),
        Some(v) => Err(format!("\"{key}\" must be a string, got {}", describe(v))),
    }
}

pub(crate) fn req_str(m: &Object, key: &str) -> Result<String, String> {
    opt_str(m, key)?.ok_or_else(|| missing(key))
}

/// A field read with an `opt_…` reader that the structure cannot do without.
pub(crate) fn required<T>(value: Option<T>, key: &str) -> Result<T, String> {
    value.ok_or_else(|| missing(key))
}

/// An integer field, from a JSON number or numeric text.
pub(crate) fn opt_int(m: &Object, key: &str) -> Result<Option<i64>, String> {
    let bad = |v: &Value| format!("\"{key}\" must be an integer, got {}", describe(v));
    match m.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v @ Value::Number(n)) => n.as_i64().map(Some).ok_or_else(|| bad(v)),
        Some(v @ Value::String(s)) => s.trim().parse().map(Some).map_err(|_| bad(v)),
        Some(v) => Err(bad(v)),
    }
}

/// An integer field that must fit a `u16` (ports).
pub(crate) fn opt_u16(m: &Object, key: &str) -> Result<Option<u16>, String> {
    match opt_int(m, key)? {
        None => Ok(None),
        Some(n) => u16::try_from(n)
            .map(Some)
            .map_err(|_| format!("\"{key}\" must be between 0 and 65535, got {n}")),
    }
}

/// A finite number field, from a JSON number or numeric text.
pub(crate) fn opt_f64(m: &Object, key: &str) -> Result<Option<f64>, String> {
    let bad = |v: &Value| format!("\"{key}\" must be a number, got {}", describe(v));
    let n = match m.get(key) {
        None | Some(Value::Null) => return Ok(None),
        Some(v @ Value::Number(n)) => n.as_f64().ok_or_else(|| bad(v))?,
        Some(v @ Value::String(s)) => s.trim().parse::<f64>().map_err(|_| bad(v))?,
        Some(v) => return Err(bad(v)),
    };
    if n.is_finite() {
        Ok(Some(n))
    } else {
        Err(format!("\"{key}\" must be a finite number"))
    }
}

/// A boolean field, from a JSON boolean or `true`/`false` text.
pub(crate) fn opt_bool(m: &Object, key: &str) -> Result<Option<bool>, String> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(Some(true)),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(Some(false)),
        Some(v) => Err(format!(
            "\"{key}\" must be true or false, got {}",
            describe(v)
        )),
    }
}

/// A list-of-strings field; a single string counts as a list of one.
pub(crate) fn opt_str_list(m: &Object, key: &str) -> Result<Option<Vec<String>>, String> {
    let Some(v) = m.get(key).filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    elements(v)
        .into_iter()
        .map(|item| match item {
            Value::String(s) => Ok(s.clone()),
            Value::Number(_) | Value::Bool(_) => Ok(item.to_string()),
            other => Err(format!(
                "\"{key}\" must be a list of strings, got {}",
                describe(other)
            )),
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// A list-of-structures field; a single structure counts as a list of one.
pub(crate) fn opt_objects<'v>(m: &'v Object, key: &str) -> Result<Vec<&'v Object>, String> {
    match m.get(key).filter(|v| !v.is_null()) {
        None => Ok(Vec::new()),
        Some(v) => elements(v).into_iter().map(|e| as_object(e, key)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sh(text: &str) -> Value {
        parse_structure(text).unwrap()
    }

    #[test]
    fn base64_known_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
            ("#!/bin/bash\n", "IyEvYmluL2Jhc2gK"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(base64_encode(plain.as_bytes()), encoded);
            assert_eq!(base64_decode(encoded).unwrap(), plain.as_bytes());
        }
        assert_eq!(base64_encode(&[0xfb, 0xff]), "+/8=");
        assert_eq!(base64_decode("+/8=").unwrap(), [0xfb, 0xff]);
    }

    #[test]
    fn base64_round_trips_all_byte_values() {
        let bytes: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
        for len in 0..bytes.len() {
            let enc = base64_encode(&bytes[..len]);
            assert_eq!(enc.len() % 4, 0);
            assert_eq!(base64_decode(&enc).unwrap(), &bytes[..len]);
        }
    }

    #[test]
    fn base64_leniency_and_errors() {
        assert_eq!(base64_decode("Zm9v\nYmFy").unwrap(), b"foobar");
        assert_eq!(base64_decode("Zg").unwrap(), b"f");
        assert!(base64_decode("Zm9v!").is_err());
        assert!(base64_decode("Z").is_err());
        assert!(base64_decode("Zg=").is_err());
        assert!(base64_decode("Zg===").is_err());
        assert!(base64_decode("Z=g=").is_err());
        assert!(base64_decode("Zm9v=").is_err());
    }

    #[test]
    fn shorthand_scalars_lists_and_nesting() {
        assert_eq!(
            sh("Key=Name,Value=web"),
            json!({"Key":"Name","Value":"web"})
        );
        assert_eq!(
            sh("Ids=a,b,c,Other=d"),
            json!({"Ids":["a","b","c"],"Other":"d"})
        );
        assert_eq!(sh("Ids=a,b"), json!({"Ids":["a","b"]}));
        assert_eq!(
            sh("ResourceType=instance,Tags=[{Key=Name,Value=web},{Key=env,Value=prod}]"),
            json!({"ResourceType":"instance","Tags":[{"Key":"Name","Value":"web"},{"Key":"env","Value":"prod"}]})
        );
        assert_eq!(
            sh(
                "TargetValue=50,PredefinedMetricSpecification={PredefinedMetricType=ASGAverageCPUUtilization}"
            ),
            json!({"TargetValue":"50","PredefinedMetricSpecification":{"PredefinedMetricType":"ASGAverageCPUUtilization"}})
        );
        assert_eq!(
            sh("UserData=aGk=,ImageId=ami-1"),
            json!({"UserData":"aGk=","ImageId":"ami-1"})
        );
        assert_eq!(sh("A='x, y',B=\"q\""), json!({"A":"x, y","B":"q"}));
        assert_eq!(sh(r"A=x\,y"), json!({"A":"x,y"}));
        assert_eq!(sh("A="), json!({"A":""}));
        assert_eq!(sh("A=,B=c"), json!({"A":"","B":"c"}));
        assert_eq!(sh("A=[]"), json!({"A":[]}));
        assert_eq!(sh("Arn=arn:aws:x:y/z"), json!({"Arn":"arn:aws:x:y/z"}));
    }

    #[test]
    fn shorthand_errors_like_aws_cli() {
        let e = parse_structure("Protocol").unwrap_err();
        assert!(
            e.starts_with("Expected: '=', received: 'EOF' for input:\nProtocol\n        ^"),
            "{e}"
        );
        let e = parse_structure("A=b,A=c").unwrap_err();
        assert!(e.contains("Second instance of key \"A\""), "{e}");
        assert!(parse_structure("A=[b").is_err());
        assert!(parse_structure("A={B=c").is_err());
        assert!(parse_structure("A='x").is_err());
        assert!(parse_structure("A=b,").is_err());
        assert!(parse_structure("A=b]").is_err());
    }

    #[test]
    fn shorthand_nested_25000_deep_is_an_error_not_a_stack_overflow() {
        // exit 134 ("has overflowed its stack") on main
        let deep = format!("a={}", "{a=".repeat(25_000));
        let e = parse_structure(&deep).unwrap_err();
        assert!(e.contains("nested deeper than 32 levels"), "{}", &e[..80]);
        let deep_list = format!("a={}", "[".repeat(25_000));
        let e = parse_structure(&deep_list).unwrap_err();
        assert!(e.contains("nested deeper than 32 levels"), "{}", &e[..80]);
        let closed = format!("a={}b=c{}", "{b=".repeat(40), "}".repeat(40));
        assert!(
            parse_structure(&closed)
                .unwrap_err()
                .contains("nested deeper")
        );
        // 32 levels still read
        let ok = format!("a={}x=y{}", "{b=".repeat(31), "}".repeat(31));
        assert!(parse_structure(&ok).is_ok());
        // JSON keeps serde_json's own recursion limit
        let json_deep = "[".repeat(25_000);
        assert!(
            parse_structure(&json_deep)
                .unwrap_err()
                .starts_with("Invalid JSON")
        );
    }

    #[test]
    fn json_errors_mention_invalid_json() {
        let e = parse_structure("{\"a\":").unwrap_err();
        assert!(e.starts_with("Invalid JSON: "), "{e}");
        assert!(e.contains("JSON received: {\"a\":"));
    }

    #[test]
    fn readers_convert_shorthand_text() {
        let v = sh("Port=80,F=1.5,B=true,L=x");
        let m = as_object(&v, "x").unwrap();
        assert_eq!(opt_u16(m, "Port").unwrap(), Some(80));
        assert_eq!(opt_f64(m, "F").unwrap(), Some(1.5));
        assert_eq!(opt_bool(m, "B").unwrap(), Some(true));
        assert_eq!(opt_str_list(m, "L").unwrap(), Some(vec!["x".to_string()]));
        assert_eq!(opt_str(m, "Nope").unwrap(), None);
        assert!(req_str(m, "Nope").unwrap_err().contains("\"Nope\""));
        assert!(opt_u16(m, "L").is_err());
        let inf = sh("F=inf");
        assert!(opt_f64(as_object(&inf, "x").unwrap(), "F").is_err());
        let big = json!({"Port": 70000});
        assert!(opt_u16(big.as_object().unwrap(), "Port").is_err());
    }

    #[test]
    fn shorthand_safety() {
        assert!(shorthand_safe(
            "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/a/b"
        ));
        assert!(shorthand_safe("$Latest"));
        assert!(!shorthand_safe(""));
        assert!(!shorthand_safe("a,b"));
        assert!(!shorthand_safe(" a"));
        assert_eq!(
            shorthand_pairs(&[("Id", "i-1".into()), ("Port", "80".into())]).as_deref(),
            Some("Id=i-1,Port=80")
        );
        assert_eq!(shorthand_pairs(&[("Id", "a=b".into())]), None);
    }
}
