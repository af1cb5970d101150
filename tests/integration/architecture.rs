//! The layers hold: no import cycle among the top-level modules of `src/`, none among the
//! files of `src/sim/` or of `src/awscli/`, and the simulation uses nothing above it (only
//! `sim`, `scenario` and `data`). Reads every `use crate::…`, `super::…`, `self::…` and
//! child-module path in `src/` (test modules included) and prints the cycle it finds, with
//! the line of each import.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A module path from the crate root (`["sim", "api", "ec2"]`).
type ModPath = Vec<String>;

/// One import: which file uses which module path, and where.
#[derive(Clone, Debug)]
struct Use {
    target: ModPath,
    line: usize,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Punct(&'static str),
    Other,
}

/// Tokens with their line numbers; comments, strings and chars are dropped.
fn tokenize(src: &str) -> Vec<(Tok, usize)> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < b.len() {
        let c = b[i];
        match c {
            b'\n' => {
                line += 1;
                i += 1;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut depth = 0;
                while i < b.len() {
                    if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        if b[i] == b'\n' {
                            line += 1;
                        }
                        i += 1;
                    }
                }
            }
            b'"' => i = skip_string(b, i + 1, 0, &mut line),
            b'r' | b'b' if raw_string_start(b, i).is_some() => {
                let (start, hashes) = raw_string_start(b, i).unwrap();
                i = skip_string(b, start, hashes, &mut line);
            }
            b'b' if b.get(i + 1) == Some(&b'"') => i = skip_string(b, i + 2, 0, &mut line),
            b'\'' => {
                // a char literal ('a', '\n', '\'') or a lifetime ('a)
                if b.get(i + 1) == Some(&b'\\') {
                    i += 2;
                    while i < b.len() && b[i] != b'\'' {
                        i += 1;
                    }
                    i += 1;
                } else {
                    let len = std::str::from_utf8(&b[i + 1..])
                        .ok()
                        .and_then(|s| s.chars().next())
                        .map_or(1, char::len_utf8);
                    if b.get(i + 1 + len) == Some(&b'\'') {
                        i += len + 2;
                    } else {
                        i += 1;
                    }
                }
            }
            c if c == b'_' || c.is_ascii_alphabetic() => {
                let s = i;
                while i < b.len() && (b[i] == b'_' || b[i].is_ascii_alphanumeric()) {
                    i += 1;
                }
                out.push((Tok::Ident(src[s..i].to_string()), line));
            }
            b':' if b.get(i + 1) == Some(&b':') => {
                out.push((Tok::Punct("::"), line));
                i += 2;
            }
            b'{' | b'}' | b';' | b',' | b'*' | b'<' => {
                let p = match c {
                    b'{' => "{",
                    b'}' => "}",
                    b';' => ";",
                    b',' => ",",
                    b'*' => "*",
                    _ => "<",
                };
                out.push((Tok::Punct(p), line));
                i += 1;
            }
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                out.push((Tok::Other, line));
                i += 1;
            }
        }
    }
    out
}

/// `r"`, `r#"`, `br##"` …: where the text starts and how many `#` close it.
fn raw_string_start(b: &[u8], i: usize) -> Option<(usize, usize)> {
    if i > 0 && (b[i - 1] == b'_' || b[i - 1].is_ascii_alphanumeric()) {
        return None;
    }
    let mut j = i;
    if b[j] == b'b' {
        j += 1;
    }
    if b.get(j) != Some(&b'r') {
        return None;
    }
    j += 1;
    let mut hashes = 0;
    while b.get(j) == Some(&b'#') {
        hashes += 1;
        j += 1;
    }
    (b.get(j) == Some(&b'"')).then_some((j + 1, hashes))
}

/// Skips a string body from `i` to after its closing quote (and `hashes` × `#`).
fn skip_string(b: &[u8], mut i: usize, hashes: usize, line: &mut usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'\\' if hashes == 0 => i += 2,
            b'"' if b[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&c| c == b'#')
                .count()
                == hashes =>
            {
                return i + 1 + hashes;
            }
            c => {
                if c == b'\n' {
                    *line += 1;
                }
                i += 1;
            }
        }
    }
    i
}

/// The module a file defines (`src/sim/api/mod.rs` → `sim::api`; `src/lib.rs` → root).
fn module_of(rel: &str) -> ModPath {
    let rel = rel.trim_end_matches(".rs");
    let mut parts: Vec<String> = rel.split('/').map(str::to_string).collect();
    if parts.last().is_some_and(|p| p == "mod") || rel == "lib" {
        parts.pop();
    }
    parts
}

/// Every module path a file uses, with its line. `children` are the modules it declares
/// with `mod name;` (paths may start with their names).
fn uses_of(file: &ModPath, src: &str) -> Vec<Use> {
    let toks = tokenize(src);
    let mut children: BTreeSet<String> = BTreeSet::new();
    for w in toks.windows(3) {
        if let [
            (Tok::Ident(m), _),
            (Tok::Ident(name), _),
            (Tok::Punct(";"), _),
        ] = w
            && m == "mod"
        {
            children.insert(name.clone());
        }
    }
    let mut out = Vec::new();
    // inline modules (`mod tests { … }`): (name, brace depth inside it)
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < toks.len() {
        let scope: ModPath = file
            .iter()
            .cloned()
            .chain(inline.iter().map(|(n, _)| n.clone()))
            .collect();
        match &toks[i].0 {
            Tok::Punct("{") => depth += 1,
            Tok::Punct("}") => {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
            }
            Tok::Ident(k)
                if k == "mod"
                    && matches!(toks.get(i + 2), Some((Tok::Punct("{"), _)))
                    && matches!(toks.get(i + 1), Some((Tok::Ident(_), _))) =>
            {
                if let Some((Tok::Ident(name), _)) = toks.get(i + 1) {
                    inline.push((name.clone(), depth + 1));
                }
            }
            Tok::Ident(k) if k == "use" => {
                let mut targets = Vec::new();
                let mut j = i + 1;
                use_tree(&toks, &mut j, &[], &mut targets);
                for t in targets {
                    if let Some(abs) = absolute(&t, &scope, &children, inline.is_empty()) {
                        out.push(Use {
                            target: abs,
                            line: toks[i].1,
                        });
                    }
                }
                i = j;
                continue;
            }
            Tok::Ident(first) => {
                let starts_path = i == 0 || toks[i - 1].0 != Tok::Punct("::");
                let head = first == "crate"
                    || first == "super"
                    || first == "self"
                    || (inline.is_empty() && children.contains(first));
                if starts_path && head && matches!(toks.get(i + 1), Some((Tok::Punct("::"), _))) {
                    let mut path = vec![first.clone()];
                    let mut j = i + 1;
                    while let (Some((Tok::Punct("::"), _)), Some((Tok::Ident(s), _))) =
                        (toks.get(j), toks.get(j + 1))
                    {
                        path.push(s.clone());
                        j += 2;
                    }
                    if let Some(abs) = absolute(&path, &scope, &children, inline.is_empty()) {
                        out.push(Use {
                            target: abs,
                            line: toks[i].1,
                        });
                    }
                    i = j;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Reads a use tree (`a::b::{c, d::e}`, `a::*`, `a as b`) into full paths.
fn use_tree(toks: &[(Tok, usize)], j: &mut usize, prefix: &[String], out: &mut Vec<Vec<String>>) {
    let mut path: Vec<String> = prefix.to_vec();
    loop {
        match toks.get(*j).map(|t| &t.0) {
            Some(Tok::Ident(s)) if s != "as" => {
                path.push(s.clone());
                *j += 1;
            }
            Some(Tok::Punct("::")) => *j += 1,
            Some(Tok::Punct("{")) => {
                *j += 1;
                loop {
                    use_tree(toks, j, &path, out);
                    match toks.get(*j).map(|t| &t.0) {
                        Some(Tok::Punct(",")) => *j += 1,
                        Some(Tok::Punct("}")) => {
                            *j += 1;
                            break;
                        }
                        _ => break,
                    }
                    if matches!(toks.get(*j).map(|t| &t.0), Some(Tok::Punct("}"))) {
                        *j += 1;
                        break;
                    }
                }
                break;
            }
            Some(Tok::Punct("*")) => {
                *j += 1;
                out.push(path.clone());
                break;
            }
            Some(Tok::Ident(_)) => {
                // `as alias`
                *j += 2;
                out.push(path.clone());
                break;
            }
            _ => {
                if path.len() > prefix.len() {
                    out.push(path.clone());
                }
                break;
            }
        }
    }
    if matches!(toks.get(*j).map(|t| &t.0), Some(Tok::Punct(";"))) && prefix.is_empty() {
        *j += 1;
    }
}

/// A path as seen from `scope`, made absolute; `None` for an external crate's path.
fn absolute(
    path: &[String],
    scope: &ModPath,
    children: &BTreeSet<String>,
    at_file_level: bool,
) -> Option<ModPath> {
    let (first, rest) = path.split_first()?;
    let mut base: ModPath = match first.as_str() {
        "crate" => vec![],
        "self" => scope.clone(),
        "super" => scope[..scope.len().checked_sub(1)?].to_vec(),
        name if at_file_level && children.contains(name) => {
            let mut p = scope.clone();
            p.push(name.to_string());
            p
        }
        _ => return None,
    };
    let mut rest = rest;
    while let Some((s, r)) = rest.split_first() {
        if s == "super" {
            base.pop();
            rest = r;
        } else {
            break;
        }
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

/// The import graph between files: for each file, the files it uses, with one line each.
struct Graph {
    /// module path → file name (for messages)
    files: BTreeMap<ModPath, String>,
    edges: BTreeMap<ModPath, BTreeMap<ModPath, usize>>,
}

impl Graph {
    fn build(sources: &[(String, String)]) -> Graph {
        let files: BTreeMap<ModPath, String> = sources
            .iter()
            .map(|(rel, _)| (module_of(rel), format!("src/{rel}")))
            .collect();
        let mut edges: BTreeMap<ModPath, BTreeMap<ModPath, usize>> = BTreeMap::new();
        for (rel, text) in sources {
            let from = module_of(rel);
            let entry = edges.entry(from.clone()).or_default();
            for u in uses_of(&from, text) {
                // the longest prefix that is a file
                let Some(to) = (1..=u.target.len())
                    .rev()
                    .map(|n| u.target[..n].to_vec())
                    .find(|p| files.contains_key(p))
                else {
                    continue;
                };
                if to != from {
                    entry.entry(to).or_insert(u.line);
                }
            }
        }
        Graph { files, edges }
    }

    /// The graph folded by `key` (a top-level module, a sim file); nodes without a key are
    /// left out. Edge evidence: "file:line".
    fn fold(
        &self,
        key: impl Fn(&ModPath) -> Option<String>,
    ) -> BTreeMap<String, BTreeMap<String, String>> {
        let mut g: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for (from, tos) in &self.edges {
            let Some(a) = key(from) else { continue };
            g.entry(a.clone()).or_default();
            for (to, line) in tos {
                let Some(b) = key(to) else { continue };
                if a != b {
                    g.entry(a.clone())
                        .or_default()
                        .entry(b)
                        .or_insert_with(|| format!("{}:{line}", self.files[from]));
                }
            }
        }
        g
    }
}

/// A cycle in the graph, as "a → b (file:line) → … → a", or `None`.
fn find_cycle(g: &BTreeMap<String, BTreeMap<String, String>>) -> Option<String> {
    fn dfs(
        g: &BTreeMap<String, BTreeMap<String, String>>,
        node: &str,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(k) = stack.iter().position(|n| n == node) {
            let mut cycle = stack[k..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_string());
        for next in g.get(node).into_iter().flat_map(|m| m.keys()) {
            if let Some(c) = dfs(g, next, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for start in g.keys() {
        if let Some(cycle) = dfs(g, start, &mut vec![], &mut done) {
            let mut text = cycle[0].clone();
            for w in cycle.windows(2) {
                text.push_str(&format!(" → {} (used at {})", w[1], g[&w[0]][&w[1]]));
            }
            return Some(text);
        }
    }
    None
}

/// Every problem with the layering of a source tree (relative paths under `src/`).
fn problems(sources: &[(String, String)]) -> Vec<String> {
    let graph = Graph::build(sources);
    let mut found = Vec::new();
    let top = graph.fold(|m| m.first().cloned());
    if let Some(c) = find_cycle(&top) {
        found.push(format!("import cycle among top-level modules: {c}"));
    }
    for dir in ["sim", "awscli"] {
        let files =
            graph.fold(|m| (m.first().map(String::as_str) == Some(dir)).then(|| m.join("/")));
        if let Some(c) = find_cycle(&files) {
            found.push(format!("import cycle among src/{dir}/'s files: {c}"));
        }
    }
    for (to, at) in top.get("sim").into_iter().flatten() {
        if !["scenario", "data"].contains(&to.as_str()) {
            found.push(format!(
                "src/sim/ uses `{to}` at {at}: the simulation may use only sim, scenario and data"
            ));
        }
    }
    found
}

fn read_tree(root: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                // the binary is a crate of its own, above everything
                if rel != "main.rs" {
                    out.push((rel, std::fs::read_to_string(&p).unwrap()));
                }
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_layers_have_no_cycle_and_the_simulation_knows_no_screen() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let tree = read_tree(&src);
    assert!(tree.len() > 100, "read {} files", tree.len());
    let found = problems(&tree);
    assert!(found.is_empty(), "\n{}\n", found.join("\n"));
}

#[test]
fn a_cycle_or_a_screen_in_the_simulation_is_found_and_printed() {
    let file = |p: &str, t: &str| (p.to_string(), t.to_string());
    let clean = vec![
        file("lib.rs", "pub mod sim; pub mod view; pub mod data;"),
        file("data/mod.rs", "pub fn x() {}"),
        file(
            "sim/mod.rs",
            "pub mod a; pub mod b;\nfn p() { a::run(); b::run(); }",
        ),
        file("sim/a.rs", "use super::b::Thing;\nuse crate::data::x;"),
        file(
            "sim/b.rs",
            "// use crate::view::Bad; (a comment)\nlet s = \"crate::view::Bad\";\n\
             #[cfg(test)]\nmod tests { use super::*; }",
        ),
        file("view/mod.rs", "use crate::sim::a::Thing;"),
    ];
    assert_eq!(problems(&clean), Vec::<String>::new());

    // b uses a back: a cycle inside sim, printed with the line of each import
    let mut cyclic = clean.clone();
    cyclic[4]
        .1
        .push_str("\nuse crate::sim::{a::{self, Other}};");
    let found = problems(&cyclic);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .ends_with("sim/a → sim/b (used at src/sim/a.rs:1) → sim/a (used at src/sim/b.rs:5)"),
        "{}",
        found[0]
    );

    // the simulation reaches into the view: both the rule and the top-level cycle fail
    let mut screen = clean.clone();
    screen[3]
        .1
        .push_str("\nfn f() { super::super::view::draw(); }");
    let found = problems(&screen).join("\n");
    assert!(
        found.contains("import cycle among top-level modules"),
        "{found}"
    );
    assert!(
        found.contains("src/sim/ uses `view` at src/sim/a.rs:3"),
        "{found}"
    );
}

/// Modules that use `devtools` (only the binary may: it sits above everything).
fn devtools_users(sources: &[(String, String)]) -> Vec<String> {
    let top = Graph::build(sources).fold(|m| m.first().cloned());
    top.iter()
        .filter(|(from, _)| *from != "devtools")
        .filter_map(|(from, tos)| tos.get("devtools").map(|at| format!("{from} (at {at})")))
        .collect()
}

#[test]
fn only_the_binary_uses_the_developer_tools() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let users = devtools_users(&read_tree(&src));
    assert!(
        users.is_empty(),
        "src/devtools/ is used by {users:?}: only main.rs may use it"
    );
    let file = |p: &str, t: &str| (p.to_string(), t.to_string());
    let tree = vec![
        file("lib.rs", "pub mod devtools; pub mod view;"),
        file("devtools/mod.rs", "use crate::view::draw;"),
        file("view/mod.rs", "fn f() { crate::devtools::bench(); }"),
    ];
    assert_eq!(devtools_users(&tree), ["view (at src/view/mod.rs:1)"]);
}
