//! A RON parser that keeps where every value starts, so that every problem found later —
//! by the lenient deserializer or by the semantic checks — can be reported at its line and
//! column. It never panics: malformed, truncated or absurdly nested input is a located error.

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

/// Nesting deeper than this is rejected (no scenario needs more than a dozen levels).
pub const MAX_DEPTH: usize = 64;

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: Kind,
    pub pos: Pos,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub name: String,
    pub name_pos: Pos,
    pub value: Node,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Char(char),
    /// A bare identifier: a unit enum variant, `None`, or a unit struct's name.
    Ident(String),
    /// `()`
    Unit,
    List(Vec<Node>),
    Map(Vec<(Node, Node)>),
    /// `Name(a, b)` or `(a, b)`.
    Tuple {
        name: Option<String>,
        items: Vec<Node>,
    },
    /// `Name(field: value, …)` or `(field: value, …)`.
    Struct {
        name: Option<String>,
        fields: Vec<Field>,
    },
}

impl Kind {
    /// What this value looks like, for "expected X, found Y" messages.
    pub fn describe(&self) -> String {
        match self {
            Kind::Bool(b) => format!("the boolean {b}"),
            Kind::Int(i) => format!("the integer {i}"),
            Kind::Float(f) => format!("the number {f}"),
            Kind::Str(s) => format!("the string \"{}\"", clip(s)),
            Kind::Char(c) => format!("the character '{c}'"),
            Kind::Ident(i) => format!("the identifier {i}"),
            Kind::Unit => "()".into(),
            Kind::List(_) => "a list [...]".into(),
            Kind::Map(_) => "a map {...}".into(),
            Kind::Tuple { name: Some(n), .. } => format!("{n}(...)"),
            Kind::Tuple { name: None, .. } => "a tuple (...)".into(),
            Kind::Struct { name: Some(n), .. } => format!("{n}(field: ...)"),
            Kind::Struct { name: None, .. } => "a struct (field: ...)".into(),
        }
    }
}

fn clip(s: &str) -> String {
    if s.chars().count() > 30 {
        format!("{}…", s.chars().take(30).collect::<String>())
    } else {
        s.to_string()
    }
}

/// A syntax error: where, and what was expected.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
}

/// Parses a whole RON document (one value, surrounded by whitespace and comments).
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut p = Parser {
        chars: text.chars().collect(),
        i: 0,
        line: 1,
        col: 1,
    };
    p.skip_ws()?;
    if p.peek() == Some('#') {
        return Err(p.error("RON extensions (#![enable(...)]) are not used in scenario files"));
    }
    let node = p.value(0)?;
    p.skip_ws()?;
    if let Some(c) = p.peek() {
        return Err(p.error(format!(
            "expected the end of the file after the scenario, found '{c}'"
        )));
    }
    Ok(node)
}

struct Parser {
    chars: Vec<char>,
    i: usize,
    line: usize,
    col: usize,
}

impl Parser {
    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            col: self.col,
        }
    }

    fn error(&self, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            pos: self.pos(),
            message: message.into(),
        }
    }

    fn error_at(pos: Pos, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            pos,
            message: message.into(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn peek_at(&self, k: usize) -> Option<char> {
        self.chars.get(self.i + k).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn skip_ws(&mut self) -> Result<(), SyntaxError> {
        loop {
            match self.peek() {
                Some(c) if c.is_whitespace() => {
                    self.bump();
                }
                Some('/') if self.peek_at(1) == Some('/') => {
                    while let Some(c) = self.peek() {
                        if c == '\n' {
                            break;
                        }
                        self.bump();
                    }
                }
                Some('/') if self.peek_at(1) == Some('*') => {
                    let start = self.pos();
                    self.bump();
                    self.bump();
                    let mut depth = 1usize;
                    while depth > 0 {
                        match self.peek() {
                            None => {
                                return Err(Self::error_at(
                                    start,
                                    "this /* comment is never closed",
                                ));
                            }
                            Some('*') if self.peek_at(1) == Some('/') => {
                                self.bump();
                                self.bump();
                                depth -= 1;
                            }
                            Some('/') if self.peek_at(1) == Some('*') => {
                                self.bump();
                                self.bump();
                                depth += 1;
                            }
                            _ => {
                                self.bump();
                            }
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn expect(&mut self, want: char, context: &str) -> Result<(), SyntaxError> {
        self.skip_ws()?;
        match self.peek() {
            Some(c) if c == want => {
                self.bump();
                Ok(())
            }
            Some(c) => Err(self.error(format!("expected '{want}' {context}, found '{c}'"))),
            None => Err(self.error(format!("the file ends early: expected '{want}' {context}"))),
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        self.skip_ws()?;
        let pos = self.pos();
        if depth > MAX_DEPTH {
            return Err(self.error(format!("values are nested deeper than {MAX_DEPTH} levels")));
        }
        let Some(c) = self.peek() else {
            return Err(self.error("the file ends early: expected a value"));
        };
        let kind = match c {
            '"' => Kind::Str(self.string()?),
            'r' if matches!(self.peek_at(1), Some('"' | '#')) => Kind::Str(self.raw_string()?),
            '\'' => Kind::Char(self.char_literal()?),
            '[' => self.list(depth)?,
            '{' => self.map(depth)?,
            '(' => self.parens(None, depth)?,
            '+' | '-' | '.' | '0'..='9' => self.number()?,
            c if c.is_alphabetic() || c == '_' => {
                let name = self.ident();
                match name.as_str() {
                    "true" => Kind::Bool(true),
                    "false" => Kind::Bool(false),
                    "inf" => Kind::Float(f64::INFINITY),
                    "NaN" => Kind::Float(f64::NAN),
                    _ => {
                        self.skip_ws()?;
                        if self.peek() == Some('(') {
                            self.parens(Some(name), depth)?
                        } else {
                            Kind::Ident(name)
                        }
                    }
                }
            }
            other => {
                return Err(self.error(format!(
                    "expected a value (a number, \"string\", [list], (struct) or Name), found '{other}'"
                )));
            }
        };
        Ok(Node { kind, pos })
    }

    fn ident(&mut self) -> String {
        let mut s = String::new();
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' {
                s.push(c);
                self.bump();
            } else {
                break;
            }
        }
        s
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        let start = self.pos();
        self.bump();
        let mut s = String::new();
        loop {
            match self.bump() {
                None => return Err(Self::error_at(start, "this string is never closed")),
                Some('"') => return Ok(s),
                Some('\\') => {
                    let at = self.pos();
                    match self.bump() {
                        Some('n') => s.push('\n'),
                        Some('t') => s.push('\t'),
                        Some('r') => s.push('\r'),
                        Some('0') => s.push('\0'),
                        Some('\\') => s.push('\\'),
                        Some('"') => s.push('"'),
                        Some('\'') => s.push('\''),
                        Some('\n') => {
                            while matches!(self.peek(), Some(c) if c.is_whitespace()) {
                                self.bump();
                            }
                        }
                        Some('u') => s.push(self.unicode_escape(at)?),
                        Some(c) => {
                            return Err(Self::error_at(at, format!("unknown escape '\\{c}'")));
                        }
                        None => return Err(Self::error_at(start, "this string is never closed")),
                    }
                }
                Some(c) => s.push(c),
            }
        }
    }

    fn unicode_escape(&mut self, at: Pos) -> Result<char, SyntaxError> {
        let bad = || Self::error_at(at, "expected a unicode escape like \\u{AC00}");
        if self.bump() != Some('{') {
            return Err(bad());
        }
        let mut v: u32 = 0;
        let mut digits = 0;
        loop {
            match self.bump() {
                Some('}') if digits > 0 => break,
                Some(c) if c.is_ascii_hexdigit() && digits < 6 => {
                    v = v * 16 + c.to_digit(16).unwrap_or(0);
                    digits += 1;
                }
                _ => return Err(bad()),
            }
        }
        char::from_u32(v).ok_or_else(bad)
    }

    fn raw_string(&mut self) -> Result<String, SyntaxError> {
        let start = self.pos();
        self.bump(); // r
        let mut hashes = 0;
        while self.peek() == Some('#') {
            self.bump();
            hashes += 1;
        }
        if self.bump() != Some('"') {
            return Err(Self::error_at(start, "expected '\"' to open a raw string"));
        }
        let mut s = String::new();
        loop {
            match self.bump() {
                None => return Err(Self::error_at(start, "this raw string is never closed")),
                Some('"') => {
                    let closes = (0..hashes).all(|k| self.peek_at(k) == Some('#'));
                    if closes {
                        for _ in 0..hashes {
                            self.bump();
                        }
                        return Ok(s);
                    }
                    s.push('"');
                }
                Some(c) => s.push(c),
            }
        }
    }

    fn char_literal(&mut self) -> Result<char, SyntaxError> {
        let start = self.pos();
        self.bump();
        let c = match self.bump() {
            Some('\\') => match self.bump() {
                Some('n') => '\n',
                Some('t') => '\t',
                Some('\\') => '\\',
                Some('\'') => '\'',
                _ => return Err(Self::error_at(start, "unknown escape in a character")),
            },
            Some(c) => c,
            None => return Err(Self::error_at(start, "this character is never closed")),
        };
        if self.bump() != Some('\'') {
            return Err(Self::error_at(start, "expected ' to close the character"));
        }
        Ok(c)
    }

    fn number(&mut self) -> Result<Kind, SyntaxError> {
        let start = self.pos();
        let mut text = String::new();
        if let Some(c @ ('+' | '-')) = self.peek() {
            text.push(c);
            self.bump();
        }
        if self.peek() == Some('i') {
            let word = self.ident();
            return if word == "inf" {
                Ok(Kind::Float(if text == "-" {
                    f64::NEG_INFINITY
                } else {
                    f64::INFINITY
                }))
            } else {
                Err(Self::error_at(
                    start,
                    format!("expected a number, found '{text}{word}'"),
                ))
            };
        }
        let negative = text == "-";
        if self.peek() == Some('0') && matches!(self.peek_at(1), Some('x' | 'b' | 'o')) {
            self.bump();
            let radix = match self.bump() {
                Some('x') => 16,
                Some('b') => 2,
                _ => 8,
            };
            let mut v: i128 = 0;
            let mut any = false;
            while let Some(c) = self.peek() {
                if c == '_' {
                    self.bump();
                    continue;
                }
                let Some(d) = c.to_digit(radix) else { break };
                self.bump();
                any = true;
                v = v
                    .checked_mul(radix as i128)
                    .and_then(|v| v.checked_add(d as i128))
                    .ok_or_else(|| Self::error_at(start, "this number is too large"))?;
            }
            if !any {
                return Err(Self::error_at(
                    start,
                    "expected digits after the radix prefix",
                ));
            }
            return Ok(Kind::Int(if negative { -v } else { v }));
        }
        let mut float = false;
        let mut digits = 0;
        while let Some(c) = self.peek() {
            match c {
                '0'..='9' => {
                    text.push(c);
                    digits += 1;
                }
                '_' => {}
                '.' if !float && matches!(self.peek_at(1), Some('0'..='9')) => {
                    float = true;
                    text.push(c);
                }
                'e' | 'E' => {
                    float = true;
                    text.push(c);
                    self.bump();
                    if let Some(s @ ('+' | '-')) = self.peek() {
                        text.push(s);
                        self.bump();
                    }
                    continue;
                }
                _ => break,
            }
            self.bump();
        }
        if digits == 0 {
            return Err(Self::error_at(
                start,
                format!("expected a number, found '{text}'"),
            ));
        }
        if let Some(c) = self.peek()
            && (c.is_alphanumeric() || c == '_')
        {
            return Err(self.error(format!("unexpected '{c}' in a number")));
        }
        if float {
            let v: f64 = text
                .parse()
                .map_err(|_| Self::error_at(start, format!("'{text}' is not a number")))?;
            Ok(Kind::Float(v))
        } else {
            text.parse::<i128>()
                .map(Kind::Int)
                .map_err(|_| Self::error_at(start, format!("the integer {text} is too large")))
        }
    }

    fn list(&mut self, depth: usize) -> Result<Kind, SyntaxError> {
        let open = self.pos();
        self.bump();
        let mut items = Vec::new();
        loop {
            self.skip_ws()?;
            match self.peek() {
                Some(']') => {
                    self.bump();
                    return Ok(Kind::List(items));
                }
                None => return Err(Self::error_at(open, "this '[' is never closed")),
                _ => {}
            }
            items.push(self.value(depth + 1)?);
            self.skip_ws()?;
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some(']') => {}
                Some(c) => {
                    return Err(self.error(format!("expected ',' or ']' in a list, found '{c}'")));
                }
                None => return Err(Self::error_at(open, "this '[' is never closed")),
            }
        }
    }

    fn map(&mut self, depth: usize) -> Result<Kind, SyntaxError> {
        let open = self.pos();
        self.bump();
        let mut entries = Vec::new();
        loop {
            self.skip_ws()?;
            match self.peek() {
                Some('}') => {
                    self.bump();
                    return Ok(Kind::Map(entries));
                }
                None => return Err(Self::error_at(open, "this '{' is never closed")),
                _ => {}
            }
            let key = self.value(depth + 1)?;
            self.expect(':', "between a map key and its value")?;
            let value = self.value(depth + 1)?;
            entries.push((key, value));
            self.skip_ws()?;
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some('}') => {}
                Some(c) => {
                    return Err(self.error(format!("expected ',' or '}}' in a map, found '{c}'")));
                }
                None => return Err(Self::error_at(open, "this '{' is never closed")),
            }
        }
    }

    /// After `(`: a struct if the first thing is `ident:`, otherwise a tuple.
    fn is_struct_body(&self) -> bool {
        let mut k = self.i;
        while matches!(self.chars.get(k), Some(c) if c.is_whitespace()) {
            k += 1;
        }
        match self.chars.get(k) {
            Some(c) if c.is_alphabetic() || *c == '_' => {}
            _ => return false,
        }
        while matches!(self.chars.get(k), Some(c) if c.is_alphanumeric() || *c == '_') {
            k += 1;
        }
        while matches!(self.chars.get(k), Some(c) if c.is_whitespace()) {
            k += 1;
        }
        self.chars.get(k) == Some(&':')
    }

    fn parens(&mut self, name: Option<String>, depth: usize) -> Result<Kind, SyntaxError> {
        let open = self.pos();
        self.bump();
        self.skip_ws()?;
        if self.peek() == Some(')') {
            self.bump();
            return Ok(match name {
                None => Kind::Unit,
                Some(n) => Kind::Tuple {
                    name: Some(n),
                    items: vec![],
                },
            });
        }
        let unclosed = || Self::error_at(open, "this '(' is never closed");
        if self.is_struct_body() {
            let mut fields: Vec<Field> = Vec::new();
            loop {
                self.skip_ws()?;
                match self.peek() {
                    Some(')') => {
                        self.bump();
                        return Ok(Kind::Struct { name, fields });
                    }
                    None => return Err(unclosed()),
                    _ => {}
                }
                let name_pos = self.pos();
                let field = self.ident();
                if field.is_empty() {
                    let c = self.peek().unwrap_or(' ');
                    return Err(self.error(format!("expected a field name, found '{c}'")));
                }
                self.expect(':', &format!("after the field name '{field}'"))?;
                let value = self.value(depth + 1)?;
                fields.push(Field {
                    name: field,
                    name_pos,
                    value,
                });
                self.skip_ws()?;
                match self.peek() {
                    Some(',') => {
                        self.bump();
                    }
                    Some(')') => {}
                    Some(c) => {
                        return Err(
                            self.error(format!("expected ',' or ')' after a field, found '{c}'"))
                        );
                    }
                    None => return Err(unclosed()),
                }
            }
        }
        let mut items = Vec::new();
        loop {
            self.skip_ws()?;
            match self.peek() {
                Some(')') => {
                    self.bump();
                    return Ok(Kind::Tuple { name, items });
                }
                None => return Err(unclosed()),
                _ => {}
            }
            items.push(self.value(depth + 1)?);
            self.skip_ws()?;
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some(')') => {}
                Some(c) => {
                    return Err(self.error(format!("expected ',' or ')' in a tuple, found '{c}'")));
                }
                None => return Err(unclosed()),
            }
        }
    }
}

/// Every value's position by field path (`estate.subnets[2].cidr`, `traffic.curve[3].1`,
/// `prices.instance_types["t3.micro"]`), in the same spelling the deserializer and the
/// semantic checks use.
pub fn index_paths(root: &Node) -> std::collections::BTreeMap<String, Pos> {
    let mut out = std::collections::BTreeMap::new();
    walk(root, String::new(), &mut out);
    out
}

pub fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

fn walk(node: &Node, path: String, out: &mut std::collections::BTreeMap<String, Pos>) {
    out.entry(path.clone()).or_insert(node.pos);
    match &node.kind {
        Kind::List(items) => {
            for (k, n) in items.iter().enumerate() {
                walk(n, format!("{path}[{k}]"), out);
            }
        }
        Kind::Map(entries) => {
            for (key, v) in entries {
                let key = match &key.kind {
                    Kind::Str(s) => format!("{s:?}"),
                    other => other.describe(),
                };
                walk(v, format!("{path}[{key}]"), out);
            }
        }
        Kind::Tuple { name, items } => {
            // `Some(x)` and newtype variants are transparent: `dns` is the alias inside.
            if items.len() == 1 && name.is_some() {
                walk(&items[0], path, out);
            } else {
                for (k, n) in items.iter().enumerate() {
                    walk(n, join(&path, &k.to_string()), out);
                }
            }
        }
        Kind::Struct { fields, .. } => {
            for f in fields {
                walk(&f.value, join(&path, &f.name), out);
            }
        }
        _ => {}
    }
}
