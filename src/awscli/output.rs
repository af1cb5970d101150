//! `--output json|text|table|yaml` and `--query`: a response is filtered by the JMESPath
//! expression first, then printed the way aws-cli v2 prints it — JSON with a four-space
//! indent, text as tab-separated rows with the keys in alphabetical order, table with its
//! box drawing and the operation's name as the title row, YAML block style.

use serde_json::Value;

/// The `--output` format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OutputFormat {
    #[default]
    Json,
    Text,
    Table,
    Yaml,
}

impl OutputFormat {
    /// From the word after `--output` (`yaml-stream` prints as `yaml`).
    pub fn parse(word: &str) -> Option<Self> {
        Some(match word {
            "json" => Self::Json,
            "text" => Self::Text,
            "table" => Self::Table,
            "yaml" | "yaml-stream" => Self::Yaml,
            _ => return None,
        })
    }
}

/// How a line asked for its answer to be printed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutputOptions {
    pub format: OutputFormat,
    /// A JMESPath expression applied to the response before formatting.
    pub query: Option<String>,
}

/// The width aws-cli assumes when it cannot ask the terminal.
const TERMINAL_WIDTH: usize = 80;

/// A response printed as asked: `--query` first, then `--output`. `operation` is the API
/// name (`DescribeInstances`), the table's title. A bad expression fails as aws-cli does.
pub fn render(operation: &str, body: &Value, opts: &OutputOptions) -> Result<String, String> {
    let value = match &opts.query {
        Some(q) => query(body, q)?,
        None => body.clone(),
    };
    Ok(match opts.format {
        OutputFormat::Json => json(&value),
        OutputFormat::Text => text(&value),
        OutputFormat::Table => table(operation, &value, TERMINAL_WIDTH),
        OutputFormat::Yaml => yaml(&value),
    })
}

/// Compiles a `--query` expression. A backtick literal that is not JSON (`` `Name` ``) reads
/// as a string, as aws-cli's JMESPath reads it (the form its documentation uses).
pub fn compile_query(expression: &str) -> Result<jmespath::Expression<'static>, String> {
    jmespath::compile(&legacy_literals(expression))
        .map_err(|e| format!("Bad value for --query {expression}: {e}"))
}

/// Rewrites each backtick literal that is not valid JSON as a JSON string.
fn legacy_literals(expression: &str) -> String {
    let mut out = String::with_capacity(expression.len());
    let mut rest = expression;
    while let Some(start) = rest.find('`') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        // the literal ends at the next backtick not escaped by a backslash
        let mut end = None;
        let mut escaped = false;
        for (i, c) in after.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '`' if !escaped => {
                    end = Some(i);
                    break;
                }
                _ => escaped = false,
            }
        }
        let Some(end) = end else {
            out.push_str(&rest[start..]);
            return out;
        };
        let literal = &after[..end];
        let unescaped = literal.replace("\\`", "`");
        if serde_json::from_str::<Value>(unescaped.trim()).is_ok() {
            out.push('`');
            out.push_str(literal);
            out.push('`');
        } else {
            let quoted = Value::String(unescaped.trim().to_string()).to_string();
            out.push('`');
            out.push_str(&quoted.replace('`', "\\`"));
            out.push('`');
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Applies a `--query` expression.
pub fn query(body: &Value, expression: &str) -> Result<Value, String> {
    let bad = |e: &dyn std::fmt::Display| format!("Bad value for --query {expression}: {e}");
    let expr = compile_query(expression)?;
    let data = jmespath::Variable::from_serializable(body).map_err(|e| bad(&e))?;
    let result = expr.search(data).map_err(|e| bad(&e))?;
    serde_json::to_value(&*result).map_err(|e| bad(&e))
}

/// JSON the way aws-cli v2 prints it: four-space indent.
pub fn json(v: &Value) -> String {
    use serde::Serialize;
    let mut out = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
    v.serialize(&mut ser)
        .expect("a JSON value always serialises");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// A scalar as Python's `str()` writes it (aws-cli is Python): `True`, `None`, `16`.
fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Array(_) | Value::Object(_))
}

// ---------------------------------------------------------------- text

/// `--output text`: aws-cli's `text.py`, line for line.
pub fn text(v: &Value) -> String {
    let mut out = String::new();
    text_item(v, &mut out, None, None);
    out.trim_end_matches('\n').to_string()
}

fn text_item(v: &Value, out: &mut String, identifier: Option<&str>, keys: Option<&[String]>) {
    match v {
        Value::Object(m) => text_dict(m, out, identifier, keys),
        Value::Array(items) => text_list(items, out, identifier),
        other => {
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
}

fn text_list(items: &[Value], out: &mut String, identifier: Option<&str>) {
    if items.is_empty() {
        return;
    }
    if items.iter().any(Value::is_object) {
        let mut keys: Vec<String> = items
            .iter()
            .filter_map(Value::as_object)
            .flat_map(|m| {
                m.iter()
                    .filter(|(_, v)| is_scalar(v))
                    .map(|(k, _)| k.clone())
            })
            .collect();
        keys.sort();
        keys.dedup();
        for item in items {
            text_item(item, out, identifier, Some(&keys));
        }
    } else if items.iter().any(Value::is_array) {
        let scalars: Vec<&Value> = items.iter().filter(|v| is_scalar(v)).collect();
        if !scalars.is_empty() {
            text_scalars(&scalars, out, identifier);
        }
        for item in items.iter().filter(|v| !is_scalar(v)) {
            text_item(item, out, identifier, None);
        }
    } else {
        text_scalars(&items.iter().collect::<Vec<_>>(), out, identifier);
    }
}

fn text_scalars(items: &[&Value], out: &mut String, identifier: Option<&str>) {
    match identifier {
        Some(id) => {
            for item in items {
                out.push_str(&format!("{}\t{}\n", id.to_uppercase(), scalar(item)));
            }
        }
        None => {
            let row: Vec<String> = items.iter().map(|v| scalar(v)).collect();
            out.push_str(&row.join("\t"));
            out.push('\n');
        }
    }
}

fn text_dict(
    m: &serde_json::Map<String, Value>,
    out: &mut String,
    identifier: Option<&str>,
    keys: Option<&[String]>,
) {
    let mut scalars: Vec<String> = vec![];
    let mut rest: Vec<(&String, &Value)> = vec![];
    match keys {
        None => {
            // serde_json's map iterates in key order: sorted, as aws-cli sorts
            for (k, v) in m {
                if is_scalar(v) {
                    scalars.push(scalar(v));
                } else {
                    rest.push((k, v));
                }
            }
        }
        Some(keys) => {
            for k in keys {
                scalars.push(m.get(k).map(scalar).unwrap_or_default());
            }
            rest.extend(m.iter().filter(|(k, _)| !keys.contains(k)));
        }
    }
    if !scalars.is_empty() {
        if let Some(id) = identifier {
            scalars.insert(0, id.to_uppercase());
        }
        out.push_str(&scalars.join("\t"));
        out.push('\n');
    }
    for (k, v) in rest {
        text_item(v, out, Some(k), None);
    }
}

// ---------------------------------------------------------------- table

/// One section of aws-cli's `MultiTable`: a title, column headers, rows, an indent level.
#[derive(Default)]
struct Section {
    title: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    indent: usize,
    max_widths: Vec<usize>,
}

fn width(s: &str) -> usize {
    s.chars().count()
}

impl Section {
    fn update_widths(&mut self, row: &[String]) {
        if self.max_widths.is_empty() {
            self.max_widths = row.iter().map(|s| width(s)).collect();
        } else {
            for (w, s) in self.max_widths.iter_mut().zip(row) {
                *w = (*w).max(width(s));
            }
        }
    }

    fn add_header(&mut self, headers: Vec<String>) {
        self.update_widths(&headers);
        self.headers = headers;
    }

    fn add_row(&mut self, row: Vec<String>) {
        self.update_widths(&row);
        self.rows.push(row);
    }

    /// Column widths with `padding`, scaled so that they add up to `max_width`.
    fn column_widths(&self, padding: usize, max_width: usize) -> Vec<usize> {
        let unscaled: Vec<usize> = self.max_widths.iter().map(|w| w + padding).collect();
        let total: usize = unscaled.iter().sum();
        if unscaled.is_empty() || total == 0 {
            return unscaled;
        }
        let factor = max_width as f64 / total as f64;
        let mut scaled: Vec<i64> = unscaled
            .iter()
            .map(|&w| (factor * w as f64).round_ties_even() as i64)
            .collect();
        let mut off_by = scaled.iter().sum::<i64>() - max_width as i64;
        while off_by != 0 {
            let order: Vec<usize> = if off_by < 0 {
                (0..scaled.len()).rev().collect()
            } else {
                (0..scaled.len()).collect()
            };
            for i in order {
                if off_by > 0 {
                    scaled[i] -= 1;
                    off_by -= 1;
                } else {
                    scaled[i] += 1;
                    off_by += 1;
                }
                if off_by == 0 {
                    break;
                }
            }
        }
        scaled.into_iter().map(|w| w.max(0) as usize).collect()
    }

    fn total_width(&self, padding: usize) -> usize {
        let columns: usize = self.max_widths.iter().map(|w| w + padding).sum();
        let total = columns + 2 + 2 * self.indent;
        total.max(width(&self.title) + 2 + 2 * self.indent)
    }
}

/// Builds the sections the way aws-cli's `TableFormatter` does.
struct TableBuilder {
    sections: Vec<Section>,
}

impl TableBuilder {
    fn current(&mut self) -> &mut Section {
        self.sections.last_mut().expect("a section was opened")
    }

    fn new_section(&mut self, title: &str, indent: usize) {
        self.sections.push(Section {
            title: title.to_string(),
            indent,
            ..Section::default()
        });
    }

    fn build(&mut self, title: Option<&str>, v: &Value, indent: usize) -> bool {
        let empty = match v {
            Value::Null => true,
            Value::Array(a) => a.is_empty(),
            Value::Object(m) => m.is_empty(),
            Value::String(s) => s.is_empty(),
            Value::Bool(b) => !b,
            Value::Number(n) => n.as_f64() == Some(0.0),
        };
        if empty {
            return false;
        }
        if let Some(t) = title {
            self.new_section(t, indent);
        }
        match v {
            Value::Array(items) => {
                if items[0].is_object() {
                    self.list_sections(items, indent, title);
                } else {
                    for item in items {
                        match item {
                            Value::Array(row) if row.iter().all(is_scalar) => {
                                self.current().add_row(row.iter().map(scalar).collect());
                            }
                            _ if is_scalar(item) => self.current().add_row(vec![scalar(item)]),
                            other => {
                                self.build(None, other, 0);
                            }
                        }
                    }
                }
            }
            Value::Object(m) => self.dict_section(m, indent),
            other => self.current().add_row(vec![scalar(other)]),
        }
        true
    }

    fn dict_section(&mut self, m: &serde_json::Map<String, Value>, indent: usize) {
        let (headers, more) = split_keys(m);
        if headers.len() == 1 {
            let k = &headers[0];
            self.current().add_row(vec![k.clone(), scalar(&m[k])]);
        } else if !headers.is_empty() {
            let row = headers.iter().map(|k| scalar(&m[k])).collect();
            self.current().add_header(headers);
            self.current().add_row(row);
        }
        for k in more {
            self.build(Some(&k), &m[&k], indent + 1);
        }
    }

    fn list_sections(&mut self, items: &[Value], indent: usize, title: Option<&str>) {
        let mut headers: Vec<String> = vec![];
        let mut more: Vec<String> = vec![];
        for m in items.iter().filter_map(Value::as_object) {
            let (h, r) = split_keys(m);
            headers.extend(h);
            more.extend(r);
        }
        headers.sort();
        headers.dedup();
        more.sort();
        more.dedup();
        self.current().add_header(headers.clone());
        for (n, item) in items.iter().enumerate() {
            if n > 0 && !more.is_empty() {
                self.new_section(title.unwrap_or_default(), indent);
                self.current().add_header(headers.clone());
            }
            let row = headers
                .iter()
                .map(|h| item.get(h).map(scalar).unwrap_or_default())
                .collect();
            self.current().add_row(row);
            for k in &more {
                if let Some(v) = item.get(k) {
                    self.build(Some(k), v, indent + 1);
                }
            }
        }
    }
}

/// A dict's keys split into scalar ones and the rest, each sorted.
fn split_keys(m: &serde_json::Map<String, Value>) -> (Vec<String>, Vec<String>) {
    let (scalars, rest): (Vec<_>, Vec<_>) = m.iter().partition(|(_, v)| is_scalar(v));
    (
        scalars.into_iter().map(|(k, _)| k.clone()).collect(),
        rest.into_iter().map(|(k, _)| k.clone()).collect(),
    )
}

/// `text` centred between the edges in `length` characters (aws-cli's `center_text`).
fn center(text: &str, length: usize, left: &str, right: &str) -> String {
    let start = (length / 2).saturating_sub(width(text) / 2 + 1);
    let so_far = width(left) + start + width(text);
    let right_spaces = length.saturating_sub(width(right) + so_far);
    format!(
        "{left}{}{text}{}{right}",
        " ".repeat(start),
        " ".repeat(right_spaces)
    )
}

/// `text` left-aligned with two spaces of padding (aws-cli's `align_left`).
fn align_left(text: &str, length: usize, left: &str, right: &str) -> String {
    let so_far = width(left) + 2 + width(text);
    let spaces = length.saturating_sub(so_far + width(right));
    format!("{left}  {text}{}{right}", " ".repeat(spaces))
}

fn line_break(widths: &[usize]) -> String {
    let mut s = String::new();
    for (i, &w) in widths.iter().enumerate() {
        if i == 0 {
            s.push_str(&format!("+{}+", "-".repeat(w.saturating_sub(2))));
        } else {
            s.push_str(&format!("{}+", "-".repeat(w.saturating_sub(1))));
        }
    }
    s
}

/// `--output table`: aws-cli's `TableFormatter` and `MultiTable` (80 columns; sections
/// wider than that with one row are turned vertical, as aws-cli does).
pub fn table(title: &str, v: &Value, terminal_width: usize) -> String {
    let mut b = TableBuilder { sections: vec![] };
    if !b.build(Some(title), v, 0) {
        return String::new();
    }
    let mut sections = b.sections;
    let max = |s: &[Section]| s.iter().map(|s| s.total_width(4)).max().unwrap_or(0);
    if max(&sections) > terminal_width {
        for s in sections.iter_mut() {
            if s.rows.len() == 1 && !s.headers.is_empty() {
                let mut vertical = Section {
                    title: std::mem::take(&mut s.title),
                    indent: s.indent,
                    ..Section::default()
                };
                for (h, v) in s.headers.iter().zip(&s.rows[0]) {
                    vertical.add_row(vec![h.clone(), v.clone()]);
                }
                *s = vertical;
            }
        }
    }
    let max_width = max(&sections);
    let mut out = vec!["-".repeat(max_width)];
    for s in &sections {
        let bars = "|".repeat(s.indent);
        let mut emit = |line: String| out.push(format!("{bars}{line}{bars}"));
        let inner = max_width - 2 * s.indent;
        if !s.title.is_empty() {
            emit(center(&s.title, inner, "|", "|"));
            if s.headers.is_empty() && s.rows.is_empty() {
                emit(format!("+{}+", "-".repeat(inner - 2)));
            }
        }
        let widths = s.column_widths(4, inner);
        if !s.headers.is_empty() {
            emit(line_break(&widths));
            let mut row = String::new();
            for (i, (w, h)) in widths.iter().zip(&s.headers).enumerate() {
                row.push_str(&center(h, *w, if i == 0 { "|" } else { "" }, "|"));
            }
            emit(row);
        }
        if !s.rows.is_empty() && !widths.is_empty() {
            emit(line_break(&widths));
            for r in &s.rows {
                let mut row = String::new();
                for (i, (w, cell)) in widths.iter().zip(r).enumerate() {
                    row.push_str(&align_left(cell, *w, if i == 0 { "|" } else { "" }, "|"));
                }
                emit(row);
            }
            emit(line_break(&widths));
        }
    }
    out.join("\n")
}

// ---------------------------------------------------------------- yaml

/// `--output yaml`: block style, two-space indent, lists not indented under their key.
pub fn yaml(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::Object(m) if !m.is_empty() => yaml_map(m, 0, &mut out),
        Value::Array(a) if !a.is_empty() => yaml_list(a, 0, &mut out),
        other => {
            out.push_str(&yaml_scalar(other));
            out.push('\n');
        }
    }
    out.trim_end_matches('\n').to_string()
}

fn yaml_scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => yaml_string(s),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

/// A string plain when YAML reads it back as the same string, else single-quoted.
fn yaml_string(s: &str) -> String {
    let special = s.is_empty()
        || s.starts_with(|c: char| " -?:,[]{}#&*!|>'\"%@`".contains(c))
        || s.ends_with(' ')
        || s.contains(": ")
        || s.contains(" #")
        || s.contains('\n')
        || matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | "y" | "n"
        )
        || s.parse::<f64>().is_ok();
    if s.contains('\n') {
        return format!(
            "\"{}\"",
            s.replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', "\\n")
        );
    }
    if special {
        format!("'{}'", s.replace('\'', "''"))
    } else {
        s.to_string()
    }
}

fn yaml_map(m: &serde_json::Map<String, Value>, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    for (k, v) in m {
        match v {
            Value::Object(inner) if !inner.is_empty() => {
                out.push_str(&format!("{pad}{k}:\n"));
                yaml_map(inner, indent + 2, out);
            }
            Value::Array(items) if !items.is_empty() => {
                out.push_str(&format!("{pad}{k}:\n"));
                yaml_list(items, indent, out);
            }
            other => out.push_str(&format!("{pad}{k}: {}\n", yaml_scalar(other))),
        }
    }
}

fn yaml_list(items: &[Value], indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    for item in items {
        match item {
            Value::Object(m) if !m.is_empty() => {
                let mut inner = String::new();
                yaml_map(m, indent + 2, &mut inner);
                // the first key goes on the dash's line
                out.push_str(&format!("{pad}- {}", &inner[indent + 2..]));
            }
            Value::Array(a) if !a.is_empty() => {
                let mut inner = String::new();
                yaml_list(a, indent + 2, &mut inner);
                out.push_str(&format!("{pad}- {}", &inner[indent + 2..]));
            }
            other => out.push_str(&format!("{pad}- {}\n", yaml_scalar(other))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn instances() -> Value {
        json!({"Reservations": [
            {"ReservationId": "r-1", "OwnerId": "123456789012", "Groups": [], "Instances": [
                {"InstanceId": "i-1", "State": {"Code": 16, "Name": "running"},
                 "Tags": [{"Key": "Name", "Value": "web-1"}]}]},
            {"ReservationId": "r-2", "OwnerId": "123456789012", "Groups": [], "Instances": [
                {"InstanceId": "i-2", "State": {"Code": 0, "Name": "pending"},
                 "Tags": [{"Key": "Name", "Value": "web-2"}]}]}
        ]})
    }

    fn opts(format: OutputFormat, query: Option<&str>) -> OutputOptions {
        OutputOptions {
            format,
            query: query.map(String::from),
        }
    }

    #[test]
    fn query_then_text_prints_tab_separated_rows() {
        let out = render(
            "DescribeInstances",
            &instances(),
            &opts(
                OutputFormat::Text,
                Some("Reservations[].Instances[].[InstanceId, State.Name]"),
            ),
        );
        assert_eq!(out.unwrap(), "i-1\trunning\ni-2\tpending");
        // without a query: rows of each level's scalars, keys alphabetical, nested lists
        // named by their key in capitals
        let out = render(
            "DescribeInstances",
            &instances(),
            &opts(OutputFormat::Text, None),
        );
        assert_eq!(
            out.unwrap(),
            "RESERVATIONS\t123456789012\tr-1\nINSTANCES\ti-1\nSTATE\t16\trunning\nTAGS\tName\tweb-1\n\
             RESERVATIONS\t123456789012\tr-2\nINSTANCES\ti-2\nSTATE\t0\tpending\nTAGS\tName\tweb-2"
        );
    }

    #[test]
    fn query_then_table_draws_aws_cli_boxes_with_the_operation_as_title() {
        let out = render(
            "DescribeInstances",
            &instances(),
            &opts(
                OutputFormat::Table,
                Some("Reservations[].Instances[].[Tags[?Key=='Name'].Value | [0], State.Name]"),
            ),
        );
        assert_eq!(
            out.unwrap(),
            "----------------------\n\
             |  DescribeInstances |\n\
             +--------+-----------+\n\
             |  web-1 |  running  |\n\
             |  web-2 |  pending  |\n\
             +--------+-----------+"
        );
    }

    #[test]
    fn a_table_of_objects_has_headers_and_nested_sections() {
        let v = json!({"TargetHealthDescriptions": [
            {"HealthCheckPort": "80", "Target": {"Id": "i-1", "Port": 80},
             "TargetHealth": {"State": "unhealthy", "Reason": "Target.Timeout"}}]});
        let out = table("DescribeTargetHealth", &v, 80);
        let lines: Vec<&str> = out.lines().collect();
        assert!(
            lines
                .iter()
                .all(|l| l.chars().count() == lines[0].chars().count()),
            "{out}"
        );
        assert!(lines[1].contains("DescribeTargetHealth"), "{out}");
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("||") && l.contains("TargetHealthDescriptions")),
            "{out}"
        );
        assert!(out.contains("HealthCheckPort"), "{out}");
        assert!(out.contains("Target.Timeout"), "{out}");
        assert!(out.contains("|||"), "nested sections are indented: {out}");
    }

    #[test]
    fn json_and_yaml() {
        let v = json!({"Account": "123456789012", "Flags": [true, null], "Name": "web: 1"});
        assert_eq!(
            json(&v),
            "{\n    \"Account\": \"123456789012\",\n    \"Flags\": [\n        true,\n        null\n    ],\n    \"Name\": \"web: 1\"\n}"
        );
        assert_eq!(
            yaml(&v),
            "Account: '123456789012'\nFlags:\n- true\n- null\nName: 'web: 1'"
        );
        assert_eq!(
            yaml(&json!({"A": [{"B": 1, "C": "x"}]})),
            "A:\n- B: 1\n  C: x"
        );
    }

    #[test]
    fn backtick_literals_that_are_not_json_read_as_strings() {
        assert_eq!(legacy_literals("a[?k==`Name`]"), "a[?k==`\"Name\"`]");
        assert_eq!(legacy_literals("a[?k==`\"x\"`]"), "a[?k==`\"x\"`]");
        assert_eq!(legacy_literals("a[?n==`80`]"), "a[?n==`80`]");
        assert_eq!(legacy_literals("a[?k!=`null`]"), "a[?k!=`null`]");
        let v = json!({"Tags": [{"Key": "Name", "Value": "web-1"}]});
        assert_eq!(
            query(&v, "Tags[?Key==`Name`].Value | [0]").unwrap(),
            json!("web-1")
        );
    }

    #[test]
    fn a_bad_query_is_refused_like_aws_cli() {
        let e = query(&json!({}), "Reservations[").unwrap_err();
        assert!(e.starts_with("Bad value for --query Reservations["), "{e}");
        // a query that finds nothing prints null in JSON, nothing in a table
        let none = opts(OutputFormat::Json, Some("Nope"));
        assert_eq!(render("X", &instances(), &none).unwrap(), "null");
        let none = opts(OutputFormat::Table, Some("Nope"));
        assert_eq!(render("X", &instances(), &none).unwrap(), "");
    }
}
