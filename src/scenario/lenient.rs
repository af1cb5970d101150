//! A serde deserializer over the located RON tree that does not stop at the first mistake.
//!
//! A value of the wrong type, an unknown field, an unknown enum variant or a number out of
//! range is recorded with its field path and position, and a neutral placeholder is used in
//! its place so that the rest of the file is still checked. A missing required field is
//! found by serde only when the struct ends; it is recorded, the field is injected as a
//! placeholder, and deserialization runs again — so one pass reports every problem.

use super::tree::{Kind, Node, Pos, join};
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt;

/// One structural problem: the field path, where it is, and what was expected.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub path: String,
    pub pos: Pos,
    pub message: String,
}

#[derive(Debug)]
pub struct DeError {
    message: String,
    missing: Option<String>,
    located: bool,
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError {
            message: msg.to_string(),
            missing: None,
            located: false,
        }
    }

    fn missing_field(field: &'static str) -> Self {
        DeError {
            message: format!("missing field `{field}`"),
            missing: Some(field.to_string()),
            located: false,
        }
    }
}

#[derive(Default)]
struct Sink {
    problems: Vec<Problem>,
    /// `(struct path, field)` pairs to supply as placeholders.
    inject: BTreeSet<(String, String)>,
    new_missing: Option<(String, String, Pos)>,
}

/// Deserializes `T` from the tree, collecting every problem. The value is returned whenever
/// deserialization completed (with placeholders where problems were found).
pub fn deserialize<T: DeserializeOwned>(root: &Node) -> (Option<T>, Vec<Problem>) {
    let mut inject = BTreeSet::new();
    let mut missing = Vec::new();
    // Each round finds at most one new missing field; a scenario has far fewer fields.
    for _ in 0..1000 {
        let sink = RefCell::new(Sink {
            inject: inject.clone(),
            ..Default::default()
        });
        let result = T::deserialize(De {
            node: Some(root),
            path: String::new(),
            pos: root.pos,
            sink: &sink,
        });
        let mut sink = sink.into_inner();
        match result {
            Ok(v) => {
                missing.append(&mut sink.problems);
                return (Some(v), missing);
            }
            Err(e) => {
                if let Some((path, field, pos)) = sink.new_missing.take()
                    && !inject.contains(&(path.clone(), field.clone()))
                {
                    missing.push(Problem {
                        path: join(&path, &field),
                        pos,
                        message: format!("missing field `{field}`"),
                    });
                    inject.insert((path, field));
                    continue;
                }
                missing.append(&mut sink.problems);
                missing.push(Problem {
                    path: String::new(),
                    pos: root.pos,
                    message: e.message,
                });
                return (None, missing);
            }
        }
    }
    missing.push(Problem {
        path: String::new(),
        pos: root.pos,
        message: "too many missing fields".into(),
    });
    (None, missing)
}

struct De<'a> {
    /// `None` is a placeholder standing in for a value that was missing or wrong.
    node: Option<&'a Node>,
    path: String,
    pos: Pos,
    sink: &'a RefCell<Sink>,
}

impl<'a> De<'a> {
    fn child(&self, node: &'a Node, path: String) -> De<'a> {
        De {
            node: Some(node),
            path,
            pos: node.pos,
            sink: self.sink,
        }
    }

    fn placeholder(&self, path: String) -> De<'a> {
        De {
            node: None,
            path,
            pos: self.pos,
            sink: self.sink,
        }
    }

    fn report(&self, message: impl Into<String>) {
        if self.node.is_some() {
            self.sink.borrow_mut().problems.push(Problem {
                path: self.path.clone(),
                pos: self.pos,
                message: message.into(),
            });
        }
    }

    fn found(&self) -> String {
        self.node
            .map(|n| n.kind.describe())
            .unwrap_or_else(|| "nothing".into())
    }

    fn int(&self, min: i128, max: i128) -> i128 {
        match self.node.map(|n| &n.kind) {
            Some(Kind::Int(i)) if *i < min && min == 0 => {
                self.report(format!("expected a whole number ≥ 0, found {i}"));
                0
            }
            Some(Kind::Int(i)) if *i < min || *i > max => {
                self.report(format!("{i} is out of range (expected {min}..={max})"));
                0
            }
            Some(Kind::Int(i)) => *i,
            Some(_) => {
                self.report(format!("expected a whole number, found {}", self.found()));
                0
            }
            None => 0,
        }
    }

    fn float(&self) -> f64 {
        match self.node.map(|n| &n.kind) {
            Some(Kind::Int(i)) => *i as f64,
            Some(Kind::Float(f)) => *f,
            Some(_) => {
                self.report(format!("expected a number, found {}", self.found()));
                0.0
            }
            None => 0.0,
        }
    }

    fn seq_of(self, items: Vec<De<'a>>) -> Seq<'a> {
        Seq {
            items: items.into_iter(),
        }
    }

    fn visit_struct<'de, V: Visitor<'de>>(
        self,
        expected: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        let mut entries: Vec<(String, De<'a>)> = Vec::new();
        match self.node.map(|n| &n.kind) {
            Some(Kind::Struct { fields, .. }) => {
                for f in fields {
                    let path = join(&self.path, &f.name);
                    if !expected.contains(&f.name.as_str()) {
                        self.sink.borrow_mut().problems.push(Problem {
                            path,
                            pos: f.name_pos,
                            message: format!(
                                "unknown field `{}`, expected one of: {}",
                                f.name,
                                expected.join(", ")
                            ),
                        });
                    } else if entries.iter().any(|(n, _)| *n == f.name) {
                        self.sink.borrow_mut().problems.push(Problem {
                            path,
                            pos: f.name_pos,
                            message: format!("field `{}` is given twice", f.name),
                        });
                    } else {
                        entries.push((f.name.clone(), self.child(&f.value, path)));
                    }
                }
            }
            Some(Kind::Unit) => {}
            Some(Kind::Tuple { items, .. }) if items.is_empty() => {}
            Some(_) => {
                self.report(format!(
                    "expected a struct (field: value, ...), found {}",
                    self.found()
                ));
                for f in expected {
                    entries.push((f.to_string(), self.placeholder(join(&self.path, f))));
                }
            }
            None => {
                for f in expected {
                    entries.push((f.to_string(), self.placeholder(join(&self.path, f))));
                }
            }
        }
        let injected: Vec<String> = self
            .sink
            .borrow()
            .inject
            .iter()
            .filter(|(p, _)| *p == self.path)
            .map(|(_, f)| f.clone())
            .collect();
        for f in injected {
            if !entries.iter().any(|(n, _)| *n == f) {
                let path = join(&self.path, &f);
                entries.push((f, self.placeholder(path)));
            }
        }
        let (path, pos, sink) = (self.path.clone(), self.pos, self.sink);
        let access = Fields {
            entries: entries.into_iter(),
            value: None,
        };
        v.visit_map(access).map_err(|mut e| {
            if let Some(field) = &e.missing
                && !e.located
            {
                sink.borrow_mut().new_missing = Some((path, field.clone(), pos));
                e.located = true;
            }
            e
        })
    }
}

struct Seq<'a> {
    items: std::vec::IntoIter<De<'a>>,
}

impl<'de> de::SeqAccess<'de> for Seq<'_> {
    type Error = DeError;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        match self.items.next() {
            Some(d) => seed.deserialize(d).map(Some),
            None => Ok(None),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Fields<'a> {
    entries: std::vec::IntoIter<(String, De<'a>)>,
    value: Option<De<'a>>,
}

impl<'de> de::MapAccess<'de> for Fields<'_> {
    type Error = DeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        match self.entries.next() {
            Some((name, d)) => {
                self.value = Some(d);
                seed.deserialize(name.into_deserializer()).map(Some)
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        match self.value.take() {
            Some(d) => seed.deserialize(d),
            None => Err(de::Error::custom("value requested before its key")),
        }
    }
}

struct Entries<'a> {
    entries: std::vec::IntoIter<(De<'a>, De<'a>)>,
    value: Option<De<'a>>,
}

impl<'de> de::MapAccess<'de> for Entries<'_> {
    type Error = DeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        match self.entries.next() {
            Some((k, v)) => {
                self.value = Some(v);
                seed.deserialize(k).map(Some)
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        match self.value.take() {
            Some(d) => seed.deserialize(d),
            None => Err(de::Error::custom("value requested before its key")),
        }
    }
}

macro_rules! int_method {
    ($method:ident, $ty:ty, $visit:ident) => {
        fn $method<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
            let n = self.int(<$ty>::MIN as i128, <$ty>::MAX as i128);
            v.$visit(n as $ty)
        }
    };
}

impl<'de, 'a> de::Deserializer<'de> for De<'a> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let Some(node) = self.node else {
            return v.visit_unit();
        };
        match &node.kind {
            Kind::Bool(b) => v.visit_bool(*b),
            Kind::Int(i) => match i64::try_from(*i) {
                Ok(x) => v.visit_i64(x),
                Err(_) => v.visit_i128(*i),
            },
            Kind::Float(f) => v.visit_f64(*f),
            Kind::Str(s) => v.visit_string(s.clone()),
            Kind::Char(c) => v.visit_char(*c),
            Kind::Ident(i) if i == "None" => v.visit_none(),
            Kind::Ident(i) => v.visit_string(i.clone()),
            Kind::Unit => v.visit_unit(),
            Kind::Tuple {
                name: Some(n),
                items,
            } if n == "Some" && items.len() == 1 => {
                let path = self.path.clone();
                v.visit_some(self.child(&items[0], path))
            }
            Kind::List(items) | Kind::Tuple { items, .. } => {
                let ds = items
                    .iter()
                    .enumerate()
                    .map(|(k, n)| self.child(n, format!("{}[{k}]", self.path)))
                    .collect();
                v.visit_seq(self.seq_of(ds))
            }
            Kind::Map(_) => self.deserialize_map(v),
            Kind::Struct { fields, .. } => {
                let entries: Vec<(String, De)> = fields
                    .iter()
                    .map(|f| {
                        (
                            f.name.clone(),
                            self.child(&f.value, join(&self.path, &f.name)),
                        )
                    })
                    .collect();
                v.visit_map(Fields {
                    entries: entries.into_iter(),
                    value: None,
                })
            }
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        match self.node.map(|n| &n.kind) {
            Some(Kind::Bool(b)) => v.visit_bool(*b),
            Some(_) => {
                self.report(format!("expected true or false, found {}", self.found()));
                v.visit_bool(false)
            }
            None => v.visit_bool(false),
        }
    }

    int_method!(deserialize_i8, i8, visit_i8);
    int_method!(deserialize_i16, i16, visit_i16);
    int_method!(deserialize_i32, i32, visit_i32);
    int_method!(deserialize_i64, i64, visit_i64);
    int_method!(deserialize_u8, u8, visit_u8);
    int_method!(deserialize_u16, u16, visit_u16);
    int_method!(deserialize_u32, u32, visit_u32);
    int_method!(deserialize_u64, u64, visit_u64);

    fn deserialize_f32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let f = self.float();
        v.visit_f32(f as f32)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let f = self.float();
        v.visit_f64(f)
    }

    fn deserialize_char<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        match self.node.map(|n| &n.kind) {
            Some(Kind::Char(c)) => v.visit_char(*c),
            Some(_) => {
                self.report(format!("expected a character 'c', found {}", self.found()));
                v.visit_char(' ')
            }
            None => v.visit_char(' '),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_string(v)
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        match self.node.map(|n| &n.kind) {
            Some(Kind::Str(s)) => v.visit_string(s.clone()),
            Some(_) => {
                self.report(format!("expected a \"string\", found {}", self.found()));
                v.visit_string(String::new())
            }
            None => v.visit_string(String::new()),
        }
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        self.report("byte strings are not used in scenario files");
        v.visit_bytes(&[])
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_bytes(v)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        match self.node.map(|n| &n.kind) {
            Some(Kind::Ident(i)) if i == "None" => v.visit_none(),
            Some(Kind::Tuple {
                name: Some(n),
                items,
            }) if n == "Some" && items.len() == 1 => {
                let path = self.path.clone();
                v.visit_some(self.child(&items[0], path))
            }
            Some(_) => {
                self.report(format!(
                    "expected Some(...) or None, found {}",
                    self.found()
                ));
                v.visit_none()
            }
            None => v.visit_none(),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        if let Some(n) = self.node
            && n.kind != Kind::Unit
        {
            self.report(format!("expected (), found {}", self.found()));
        }
        v.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        v: V,
    ) -> Result<V::Value, DeError> {
        match self.node.map(|n| &n.kind) {
            Some(Kind::Unit) | None => {}
            Some(Kind::Ident(i)) if i == name => {}
            Some(_) => self.report(format!("expected {name}, found {}", self.found())),
        }
        v.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        v: V,
    ) -> Result<V::Value, DeError> {
        if let Some(Kind::Tuple { name: n, items }) = self.node.map(|n| &n.kind)
            && items.len() == 1
            && n.as_deref().is_none_or(|n| n == name)
        {
            let path = self.path.clone();
            return v.visit_newtype_struct(self.child(&items[0], path));
        }
        v.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        match self.node.map(|n| &n.kind) {
            Some(Kind::List(items)) => {
                let ds = items
                    .iter()
                    .enumerate()
                    .map(|(k, n)| self.child(n, format!("{}[{k}]", self.path)))
                    .collect();
                v.visit_seq(self.seq_of(ds))
            }
            Some(_) => {
                self.report(format!("expected a list [...], found {}", self.found()));
                v.visit_seq(self.seq_of(vec![]))
            }
            None => v.visit_seq(self.seq_of(vec![])),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, v: V) -> Result<V::Value, DeError> {
        let items = match self.node.map(|n| &n.kind) {
            Some(Kind::Tuple { name: None, items }) if items.len() == len => items
                .iter()
                .enumerate()
                .map(|(k, n)| self.child(n, join(&self.path, &k.to_string())))
                .collect(),
            Some(_) => {
                self.report(format!(
                    "expected a tuple of {len} values (a, b, ...), found {}",
                    self.found()
                ));
                (0..len)
                    .map(|k| self.placeholder(join(&self.path, &k.to_string())))
                    .collect()
            }
            None => (0..len)
                .map(|k| self.placeholder(join(&self.path, &k.to_string())))
                .collect(),
        };
        v.visit_seq(self.seq_of(items))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        v: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_tuple(len, v)
    }

    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let entries: Vec<(De, De)> = match self.node.map(|n| &n.kind) {
            Some(Kind::Map(entries)) => entries
                .iter()
                .map(|(k, val)| {
                    let key = match &k.kind {
                        Kind::Str(s) => format!("{s:?}"),
                        other => other.describe(),
                    };
                    let path = format!("{}[{key}]", self.path);
                    (self.child(k, path.clone()), self.child(val, path))
                })
                .collect(),
            Some(_) => {
                self.report(format!(
                    "expected a map {{key: value}}, found {}",
                    self.found()
                ));
                vec![]
            }
            None => vec![],
        };
        v.visit_map(Entries {
            entries: entries.into_iter(),
            value: None,
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        if let Some(Kind::Struct { name: Some(n), .. }) = self.node.map(|n| &n.kind)
            && n != name
        {
            self.report(format!("expected {name}(...), found {n}(...)"));
        }
        self.visit_struct(fields, v)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        let given = match self.node.map(|n| &n.kind) {
            Some(Kind::Ident(n)) => Some(n.clone()),
            Some(Kind::Tuple { name: Some(n), .. }) | Some(Kind::Struct { name: Some(n), .. }) => {
                Some(n.clone())
            }
            Some(_) => {
                self.report(format!(
                    "expected one of {}, found {}",
                    variants.join(", "),
                    self.found()
                ));
                None
            }
            None => None,
        };
        let access = match given {
            Some(n) if variants.contains(&n.as_str()) => Variant { name: n, de: self },
            Some(n) => {
                self.report(format!(
                    "unknown variant `{n}`, expected one of: {}",
                    variants.join(", ")
                ));
                Variant {
                    name: variants.first().copied().unwrap_or("").to_string(),
                    de: self.placeholder(self.path.clone()),
                }
            }
            None => Variant {
                name: variants.first().copied().unwrap_or("").to_string(),
                de: self.placeholder(self.path.clone()),
            },
        };
        v.visit_enum(access)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        match self.node.map(|n| &n.kind) {
            Some(Kind::Ident(s)) | Some(Kind::Str(s)) => v.visit_string(s.clone()),
            _ => self.deserialize_string(v),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        v.visit_unit()
    }
}

struct Variant<'a> {
    name: String,
    de: De<'a>,
}

impl<'de, 'a> de::EnumAccess<'de> for Variant<'a> {
    type Error = DeError;
    type Variant = De<'a>;
    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, De<'a>), DeError> {
        let name: de::value::StringDeserializer<DeError> = self.name.into_deserializer();
        Ok((seed.deserialize(name)?, self.de))
    }
}

impl<'de, 'a> de::VariantAccess<'de> for De<'a> {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        if let Some(n) = self.node
            && !matches!(n.kind, Kind::Ident(_))
        {
            self.report("this variant takes no values: write just its name");
        }
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, DeError> {
        match self.node.map(|n| &n.kind) {
            Some(Kind::Tuple { items, .. }) if items.len() == 1 => {
                let path = self.path.clone();
                seed.deserialize(self.child(&items[0], path))
            }
            Some(_) => {
                self.report(format!("expected Name(value), found {}", self.found()));
                let path = self.path.clone();
                seed.deserialize(self.placeholder(path))
            }
            None => seed.deserialize(self),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, v: V) -> Result<V::Value, DeError> {
        let items: Vec<De> = match self.node.map(|n| &n.kind) {
            Some(Kind::Tuple { items, .. }) if items.len() == len => items
                .iter()
                .enumerate()
                .map(|(k, n)| self.child(n, join(&self.path, &k.to_string())))
                .collect(),
            Some(_) => {
                self.report(format!(
                    "expected {len} values in parentheses, found {}",
                    self.found()
                ));
                (0..len)
                    .map(|k| self.placeholder(join(&self.path, &k.to_string())))
                    .collect()
            }
            None => (0..len)
                .map(|k| self.placeholder(join(&self.path, &k.to_string())))
                .collect(),
        };
        v.visit_seq(self.seq_of(items))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        if matches!(self.node.map(|n| &n.kind), Some(Kind::Ident(_))) {
            // `Name` alone: no fields given; the struct reports every missing one.
            return self.visit_struct_from_ident(fields, v);
        }
        self.visit_struct(fields, v)
    }
}

impl De<'_> {
    /// A struct variant written as a bare name: no fields given.
    fn visit_struct_from_ident<'de, V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        static EMPTY: Node = Node {
            kind: Kind::Unit,
            pos: Pos { line: 0, col: 0 },
        };
        let de = De {
            node: Some(&EMPTY),
            path: self.path,
            pos: self.pos,
            sink: self.sink,
        };
        de.visit_struct(fields, v)
    }
}
