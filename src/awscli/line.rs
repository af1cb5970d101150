//! Printing a command line: the words of `aws <service> <operation> --option value …`, each
//! value in a form that `parse_line` reads back as itself, quoted only when finished. The
//! service files' printers write with it.

use super::shell::quote;
use super::values::{looks_like_json, shorthand_pairs};
use serde_json::{Value, json};

/// Words of a command line, quoted only when finished.
pub(crate) struct Line(Vec<String>);

impl Line {
    pub(crate) fn new(service: &str, operation: &str) -> Self {
        Self(vec!["aws".into(), service.into(), operation.into()])
    }

    /// `--name value`, or `--name=value` when the value would read as an option.
    pub(crate) fn opt(&mut self, name: &str, value: &str) -> &mut Self {
        if value.starts_with("--") {
            self.0.push(format!("{name}={value}"));
        } else {
            self.0.push(name.into());
            self.0.push(value.into());
        }
        self
    }

    pub(crate) fn opt_some(&mut self, name: &str, value: Option<&str>) -> &mut Self {
        if let Some(v) = value {
            self.opt(name, v);
        }
        self
    }

    pub(crate) fn int(&mut self, name: &str, value: impl ToString) -> &mut Self {
        self.opt(name, &value.to_string())
    }

    pub(crate) fn int_some<T: ToString>(&mut self, name: &str, value: Option<T>) -> &mut Self {
        if let Some(v) = value {
            self.int(name, v);
        }
        self
    }

    /// `--name a b c`, or a JSON list when a word would not read back as itself.
    pub(crate) fn list(&mut self, name: &str, items: &[String]) -> &mut Self {
        let plain = !items.is_empty()
            && items
                .iter()
                .all(|i| !i.starts_with("--") && !looks_like_json(i));
        self.0.push(name.into());
        if plain {
            self.0.extend(items.iter().cloned());
        } else {
            self.0.push(json!(items).to_string());
        }
        self
    }

    /// Like [`Line::list`], but nothing at all for an empty list.
    pub(crate) fn list_nonempty(&mut self, name: &str, items: &[String]) -> &mut Self {
        if !items.is_empty() {
            self.list(name, items);
        }
        self
    }

    /// `--name item item …` for shorthand items, or one JSON list if any item needs it.
    pub(crate) fn structures(
        &mut self,
        name: &str,
        items: &[(Option<String>, Value)],
    ) -> &mut Self {
        self.0.push(name.into());
        match items
            .iter()
            .map(|(s, _)| s.clone())
            .collect::<Option<Vec<_>>>()
        {
            Some(shorthand) if !shorthand.is_empty() => self.0.extend(shorthand),
            _ => {
                let list: Vec<Value> = items.iter().map(|(_, v)| v.clone()).collect();
                self.0.push(Value::Array(list).to_string());
            }
        }
        self
    }

    pub(crate) fn flag(&mut self, name: &str, on: bool) -> &mut Self {
        if on {
            self.0.push(name.into());
        }
        self
    }

    pub(crate) fn finish(&self) -> String {
        self.0
            .iter()
            .map(|w| quote(w))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A structure as shorthand when every value allows it, and always as JSON.
pub(crate) fn pairs(pairs: &[(&str, String)], json: Value) -> (Option<String>, Value) {
    (shorthand_pairs(pairs), json)
}
