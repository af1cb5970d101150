//! CloudWatch metric math for `get-metric-data`, the simple part: numbers, the ids of other
//! queries, `+ - * /` with parentheses, and `SUM`, `AVG`, `MIN`, `MAX` of a list of ids
//! (`SUM([m1, m2])`). A series meets a series at the timestamps both have; a number applies
//! to every point. Anything else answers CloudWatch's `ValidationError`.

use crate::sim::command::ApiError;
use std::collections::BTreeMap;

/// A time series: (timestamp, value), by timestamp.
pub(super) type Series = BTreeMap<i64, f64>;

/// A value of the expression: one number or a series.
#[derive(Clone, Debug, PartialEq)]
enum Term {
    Number(f64),
    Series(Series),
}

/// Evaluates `expression` of query `id` given the series of the other queries by id.
pub(super) fn evaluate(
    id: &str,
    expression: &str,
    series: &dyn Fn(&str) -> Option<Series>,
) -> Result<Series, ApiError> {
    let tokens = tokenize(expression).map_err(|e| invalid(id, &e))?;
    let mut p = Parser {
        tokens,
        at: 0,
        series,
    };
    let term = p.sum().map_err(|e| invalid(id, &e))?;
    if p.at != p.tokens.len() {
        return Err(invalid(id, "unexpected text after the expression"));
    }
    match term {
        Term::Series(s) => Ok(s),
        Term::Number(_) => Err(invalid(
            id,
            "the expression gives one number, not a time series: name at least one metric",
        )),
    }
}

fn invalid(id: &str, why: &str) -> ApiError {
    ApiError::new(
        "ValidationError",
        format!(
            "Error in expression '{id}': {why}. GameDay's metric math takes numbers, query \
             ids, + - * / and parentheses, and SUM, AVG, MIN or MAX of [id, …]"
        ),
    )
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Number(f64),
    Name(String),
    Op(char),
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let mut out = vec![];
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() || c == '.' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            out.push(Token::Number(
                word.parse()
                    .map_err(|_| format!("'{word}' is not a number"))?,
            ));
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token::Name(chars[start..i].iter().collect()));
        } else if "+-*/()[],".contains(c) {
            out.push(Token::Op(c));
            i += 1;
        } else {
            return Err(format!("unexpected character '{c}'"));
        }
    }
    Ok(out)
}

struct Parser<'a> {
    tokens: Vec<Token>,
    at: usize,
    series: &'a dyn Fn(&str) -> Option<Series>,
}

impl Parser<'_> {
    fn peek_op(&self) -> Option<char> {
        match self.tokens.get(self.at) {
            Some(Token::Op(c)) => Some(*c),
            _ => None,
        }
    }

    fn expect(&mut self, op: char) -> Result<(), String> {
        if self.peek_op() == Some(op) {
            self.at += 1;
            Ok(())
        } else {
            Err(format!("expected '{op}'"))
        }
    }

    /// sum := product (('+' | '-') product)*
    fn sum(&mut self) -> Result<Term, String> {
        let mut left = self.product()?;
        while let Some(op @ ('+' | '-')) = self.peek_op() {
            self.at += 1;
            let right = self.product()?;
            left = combine(left, right, op);
        }
        Ok(left)
    }

    /// product := unary (('*' | '/') unary)*
    fn product(&mut self) -> Result<Term, String> {
        let mut left = self.unary()?;
        while let Some(op @ ('*' | '/')) = self.peek_op() {
            self.at += 1;
            let right = self.unary()?;
            left = combine(left, right, op);
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Term, String> {
        if self.peek_op() == Some('-') {
            self.at += 1;
            let t = self.unary()?;
            return Ok(combine(Term::Number(0.0), t, '-'));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Term, String> {
        let token = self
            .tokens
            .get(self.at)
            .cloned()
            .ok_or("the expression ends early")?;
        self.at += 1;
        match token {
            Token::Number(n) => Ok(Term::Number(n)),
            Token::Op('(') => {
                let t = self.sum()?;
                self.expect(')')?;
                Ok(t)
            }
            Token::Name(name) if self.peek_op() == Some('(') => {
                self.at += 1;
                let t = self.function(&name)?;
                self.expect(')')?;
                Ok(t)
            }
            Token::Name(id) => self.query(&id),
            Token::Op(c) => Err(format!("unexpected '{c}'")),
        }
    }

    fn query(&self, id: &str) -> Result<Term, String> {
        (self.series)(id)
            .map(Term::Series)
            .ok_or_else(|| format!("'{id}' is not the id of another query"))
    }

    /// `SUM([m1, m2])` and the like: one series, point by point over the list.
    fn function(&mut self, name: &str) -> Result<Term, String> {
        let upper = name.to_ascii_uppercase();
        if !["SUM", "AVG", "MIN", "MAX"].contains(&upper.as_str()) {
            return Err(format!("the function {name} is not modelled"));
        }
        self.expect('[')?;
        let mut members = vec![];
        loop {
            match self.tokens.get(self.at).cloned() {
                Some(Token::Name(id)) => {
                    self.at += 1;
                    match self.query(&id)? {
                        Term::Series(s) => members.push(s),
                        Term::Number(_) => unreachable!("a query is a series"),
                    }
                }
                _ => return Err(format!("{upper} takes a list of query ids, [m1, m2]")),
            }
            if self.peek_op() == Some(',') {
                self.at += 1;
                continue;
            }
            self.expect(']')?;
            break;
        }
        let mut points: BTreeMap<i64, Vec<f64>> = BTreeMap::new();
        for s in &members {
            for (t, v) in s {
                points.entry(*t).or_default().push(*v);
            }
        }
        let fold = |vs: &[f64]| -> f64 {
            match upper.as_str() {
                "SUM" => vs.iter().sum(),
                "AVG" => vs.iter().sum::<f64>() / vs.len() as f64,
                "MIN" => vs.iter().copied().fold(f64::INFINITY, f64::min),
                _ => vs.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            }
        };
        Ok(Term::Series(
            points.into_iter().map(|(t, vs)| (t, fold(&vs))).collect(),
        ))
    }
}

fn apply(a: f64, b: f64, op: char) -> f64 {
    match op {
        '+' => a + b,
        '-' => a - b,
        '*' => a * b,
        _ => a / b,
    }
}

/// `a op b`, point by point; a series meets a series where both have a point, and a
/// division by zero drops the point (CloudWatch leaves it out).
fn combine(a: Term, b: Term, op: char) -> Term {
    let keep = |v: f64| v.is_finite().then_some(v);
    match (a, b) {
        (Term::Number(x), Term::Number(y)) => Term::Number(apply(x, y, op)),
        (Term::Series(s), Term::Number(y)) => Term::Series(
            s.into_iter()
                .filter_map(|(t, x)| keep(apply(x, y, op)).map(|v| (t, v)))
                .collect(),
        ),
        (Term::Number(x), Term::Series(s)) => Term::Series(
            s.into_iter()
                .filter_map(|(t, y)| keep(apply(x, y, op)).map(|v| (t, v)))
                .collect(),
        ),
        (Term::Series(s), Term::Series(r)) => Term::Series(
            s.into_iter()
                .filter_map(|(t, x)| {
                    let y = r.get(&t)?;
                    keep(apply(x, *y, op)).map(|v| (t, v))
                })
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(points: &[(i64, f64)]) -> Series {
        points.iter().copied().collect()
    }

    fn queries(id: &str) -> Option<Series> {
        match id {
            "m1" => Some(series(&[(0, 10.0), (60, 20.0), (120, 30.0)])),
            "m2" => Some(series(&[(0, 2.0), (60, 0.0)])),
            _ => None,
        }
    }

    #[test]
    fn the_documented_average_iops_expression_adds_then_divides() {
        let s = evaluate("m3", "(m1+m2)/300", &queries).unwrap();
        assert_eq!(s, series(&[(0, 12.0 / 300.0), (60, 20.0 / 300.0)]));
    }

    #[test]
    fn sum_and_avg_of_a_list_and_precedence() {
        assert_eq!(
            evaluate("e1", "SUM([m1, m2])", &queries).unwrap(),
            series(&[(0, 12.0), (60, 20.0), (120, 30.0)])
        );
        assert_eq!(
            evaluate("e1", "AVG([m1,m2])", &queries).unwrap(),
            series(&[(0, 6.0), (60, 10.0), (120, 30.0)])
        );
        assert_eq!(
            evaluate("e1", "m1 + 2 * 3", &queries).unwrap(),
            series(&[(0, 16.0), (60, 26.0), (120, 36.0)])
        );
        // m1 / m2 at 60 divides by zero: the point is left out
        assert_eq!(
            evaluate("e1", "100 * m1 / m2", &queries).unwrap(),
            series(&[(0, 500.0)])
        );
    }

    #[test]
    fn what_is_not_modelled_is_named() {
        for (text, why) in [
            ("m9 * 2", "'m9' is not the id"),
            (
                "ANOMALY_DETECTION_BAND(m1)",
                "ANOMALY_DETECTION_BAND is not modelled",
            ),
            ("2 * 3", "not a time series"),
            ("(m1 + m2", "expected ')'"),
            ("m1 % 2", "unexpected character '%'"),
        ] {
            let e = evaluate("e1", text, &queries).unwrap_err();
            assert_eq!(e.code, "ValidationError");
            assert!(e.message.contains(why), "{text}: {}", e.message);
        }
    }
}
