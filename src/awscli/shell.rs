//! Shell-style word splitting for one command line (quotes, escapes, comments) and quoting back.

/// Why a line could not be split into words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ShellError {
    UnterminatedSingleQuote,
    UnterminatedDoubleQuote,
    /// The text ends in a backslash: the command continues on the next line.
    TrailingBackslash,
    /// An unquoted `|`, `;`, `&`, `<`, `>`, `(` or `)`: pipes, redirection and lists.
    Operator(char),
}

impl ShellError {
    /// True when more text (a next line) could complete the command.
    #[cfg(test)]
    pub(crate) fn is_incomplete(&self) -> bool {
        !matches!(self, ShellError::Operator(_))
    }

    pub(crate) fn message(&self) -> String {
        match self {
            ShellError::UnterminatedSingleQuote => {
                "aws: error: unterminated quote: a single quote (') is opened but never closed"
                    .into()
            }
            ShellError::UnterminatedDoubleQuote => {
                "aws: error: unterminated quote: a double quote (\") is opened but never closed"
                    .into()
            }
            ShellError::TrailingBackslash => {
                "aws: error: the line ends with a backslash (\\) but no line follows".into()
            }
            ShellError::Operator(c) => format!(
                "aws: error: unquoted '{c}': pipes, redirection and command lists are not \
                 supported; put the value in quotes if '{c}' is part of it"
            ),
        }
    }
}

/// Splits a line into words the way a POSIX shell would, without any expansion:
/// `'…'` is literal, `"…"` honours `\"`, `\\`, `\$` and `` \` ``, a backslash outside
/// quotes escapes the next character (backslash-newline joins lines), and an unquoted
/// `#` at the start of a word begins a comment. Newlines outside quotes separate words.
pub(crate) fn split(line: &str) -> Result<Vec<String>, ShellError> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut operator = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                None => return Err(ShellError::TrailingBackslash),
                Some('\n') => {}
                Some('\r') if chars.peek() == Some(&'\n') => {
                    chars.next();
                }
                Some(next) => {
                    word.push(next);
                    in_word = true;
                }
            },
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        None => return Err(ShellError::UnterminatedSingleQuote),
                        Some('\'') => break,
                        Some(x) => word.push(x),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        None => return Err(ShellError::UnterminatedDoubleQuote),
                        Some('"') => break,
                        Some('\\') => match chars.peek().copied() {
                            Some(n @ ('"' | '\\' | '$' | '`')) => {
                                word.push(n);
                                chars.next();
                            }
                            Some('\n') => {
                                chars.next();
                            }
                            _ => word.push('\\'),
                        },
                        Some(x) => word.push(x),
                    }
                }
            }
            '#' if !in_word => {
                for skipped in chars.by_ref() {
                    if skipped == '\n' {
                        break;
                    }
                }
            }
            '|' | ';' | '&' | '<' | '>' | '(' | ')' => {
                operator.get_or_insert(c);
                word.push(c);
                in_word = true;
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if let Some(c) = operator {
        return Err(ShellError::Operator(c));
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

/// True if `text` stops inside a quote or right after a continuation backslash.
#[cfg(test)]
pub(crate) fn is_incomplete(text: &str) -> bool {
    let mut scan = Scan::default();
    scan.feed(text);
    scan.is_incomplete()
}

/// Where [`split`] would be after reading some text, kept so that text arriving line by
/// line is scanned once (linear), not re-split from its start at every line.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Scan {
    quote: Option<char>,
    /// A backslash was read and its next character has not been.
    backslash: bool,
    /// A backslash then a carriage return: a line feed next continues the line.
    backslash_cr: bool,
    in_word: bool,
    comment: bool,
}

impl Scan {
    pub(crate) fn feed(&mut self, text: &str) {
        for c in text.chars() {
            self.step(c);
        }
    }

    /// True when the text so far stops inside a quote or right after a backslash.
    pub(crate) fn is_incomplete(&self) -> bool {
        self.quote.is_some() || self.backslash
    }

    fn step(&mut self, c: char) {
        if self.comment {
            if c == '\n' {
                self.comment = false;
                self.in_word = false;
            }
            return;
        }
        match self.quote {
            Some('\'') => {
                if c == '\'' {
                    self.quote = None;
                }
            }
            Some(_) => {
                if self.backslash {
                    self.backslash = false;
                } else if c == '\\' {
                    self.backslash = true;
                } else if c == '"' {
                    self.quote = None;
                }
            }
            None => {
                if self.backslash_cr {
                    self.backslash_cr = false;
                    if c == '\n' {
                        return;
                    }
                    // the carriage return was a character of the word
                    self.in_word = true;
                }
                if self.backslash {
                    self.backslash = false;
                    match c {
                        '\n' => {}
                        '\r' => self.backslash_cr = true,
                        _ => self.in_word = true,
                    }
                    return;
                }
                match c {
                    '\\' => self.backslash = true,
                    '\'' | '"' => {
                        self.quote = Some(c);
                        self.in_word = true;
                    }
                    '#' if !self.in_word => self.comment = true,
                    c if c.is_whitespace() => self.in_word = false,
                    _ => self.in_word = true,
                }
            }
        }
    }
}

fn is_safe(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_-./:,=@%+^".contains(c)
}

/// Quotes a word so that [`split`] (and a real shell) reads it back unchanged:
/// as-is when it only holds safe characters, otherwise in single quotes with
/// each `'` written as `'\''`.
pub(crate) fn quote(word: &str) -> String {
    if !word.is_empty() && word.chars().all(is_safe) {
        return word.to_string();
    }
    format!("'{}'", word.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        split(line).unwrap()
    }

    #[test]
    fn splits_on_whitespace_and_quotes() {
        assert_eq!(
            words("aws  ec2\trun-instances"),
            ["aws", "ec2", "run-instances"]
        );
        assert_eq!(words("a 'b c' \"d e\""), ["a", "b c", "d e"]);
        assert_eq!(words("Version='$Latest'x"), ["Version=$Latestx"]);
        assert_eq!(words("'' \"\""), ["", ""]);
        assert_eq!(words("a\\ b"), ["a b"]);
        assert_eq!(words(r#""a\"b\\c\d""#), [r#"a"b\c\d"#]);
        assert_eq!(words(r"'a\b'"), [r"a\b"]);
    }

    #[test]
    fn continuation_and_comments() {
        assert_eq!(
            words("aws ec2 \\\n  run-instances"),
            ["aws", "ec2", "run-instances"]
        );
        assert_eq!(words("aws ec2 \\\r\n  x"), ["aws", "ec2", "x"]);
        assert_eq!(words("a # comment 'x"), ["a"]);
        assert_eq!(words("a#b"), ["a#b"]);
        assert_eq!(words("a\nb"), ["a", "b"]);
    }

    #[test]
    fn errors() {
        assert_eq!(split("a 'b"), Err(ShellError::UnterminatedSingleQuote));
        assert_eq!(split("a \"b"), Err(ShellError::UnterminatedDoubleQuote));
        assert_eq!(split("a \\"), Err(ShellError::TrailingBackslash));
        assert_eq!(split("a | jq"), Err(ShellError::Operator('|')));
        assert_eq!(words("a '|' \"x;y\""), ["a", "|", "x;y"]);
        assert!(is_incomplete("a 'b\nc"));
        assert!(is_incomplete("a \\"));
        assert!(!is_incomplete("a b"));
        assert!(!is_incomplete("a > b"));
        assert!(is_incomplete("a > 'b"));
    }

    /// The split-based definition the scanner replaces (it re-split the whole text).
    fn incomplete_by_split(text: &str) -> bool {
        matches!(split(text), Err(e) if e.is_incomplete())
    }

    #[test]
    fn the_line_by_line_scanner_agrees_with_split_on_every_short_text() {
        let alphabet = ['a', ' ', '\'', '"', '\\', '#', '\n', '\r'];
        let mut text = String::new();
        let mut checked = 0;
        for len in 0..=6u32 {
            for mut n in 0..alphabet.len().pow(len) {
                text.clear();
                for _ in 0..len {
                    text.push(alphabet[n % alphabet.len()]);
                    n /= alphabet.len();
                }
                assert_eq!(is_incomplete(&text), incomplete_by_split(&text), "{text:?}");
                // fed in two pieces, as a commands file's lines arrive
                let cut = text
                    .char_indices()
                    .nth(len as usize / 2)
                    .map_or(0, |(i, _)| i);
                let mut scan = Scan::default();
                scan.feed(&text[..cut]);
                scan.feed(&text[cut..]);
                assert_eq!(scan.is_incomplete(), incomplete_by_split(&text), "{text:?}");
                checked += 1;
            }
        }
        assert_eq!(checked, (0..=6).map(|l| 8usize.pow(l)).sum::<usize>());
    }

    #[test]
    fn quote_round_trips() {
        for w in [
            "plain",
            "",
            "with space",
            "it's",
            "'",
            "$Latest",
            "a\nb",
            "#x",
            "[{Key=Name}]",
            "\\",
            "\"",
            "ünï",
            "a|b",
        ] {
            let q = quote(w);
            assert_eq!(split(&q).unwrap(), [w], "{q}");
        }
        assert_eq!(quote("subnet-1,subnet-2"), "subnet-1,subnet-2");
        assert_eq!(quote("it's"), r"'it'\''s'");
    }
}
