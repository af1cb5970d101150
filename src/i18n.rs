//! Localisation: English and Korean text tables (assets/i18n/*.ron, compiled in), `t(key)`
//! for the current language with English as the fallback, the `Language` resource, and the
//! Hangul font the Korean table needs (the platform registers it with egui).

use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

/// The languages the game speaks.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Language {
    #[default]
    English,
    Korean,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::English, Language::Korean];

    /// The language's own name ("English", "한국어"), for a language switch.
    pub fn native_name(self) -> &'static str {
        tr(self, "language.name")
    }

    fn code(self) -> u8 {
        match self {
            Language::English => 0,
            Language::Korean => 1,
        }
    }
}

/// `assets/fonts/GameDayHangul-Regular.ttf`: ASCII + the 2,350 KS X 1001 Hangul syllables.
pub const HANGUL_FONT: &[u8] = include_bytes!("../assets/fonts/GameDayHangul-Regular.ttf");

const EN_RON: &str = include_str!("../assets/i18n/en.ron");
const KO_RON: &str = include_str!("../assets/i18n/ko.ron");

type Table = HashMap<String, &'static str>;

fn parse_table(text: &str, file: &str) -> Table {
    match ron::from_str::<HashMap<String, String>>(text) {
        Ok(map) => map
            .into_iter()
            .map(|(k, v)| (k, &*Box::leak(v.into_boxed_str())))
            .collect(),
        Err(e) => {
            // Tests catch this before a release; a broken table must not crash a booth.
            error!("assets/i18n/{file}: {e}");
            Table::new()
        }
    }
}

fn table(lang: Language) -> &'static Table {
    static EN: OnceLock<Table> = OnceLock::new();
    static KO: OnceLock<Table> = OnceLock::new();
    match lang {
        Language::English => EN.get_or_init(|| parse_table(EN_RON, "en.ron")),
        Language::Korean => KO.get_or_init(|| parse_table(KO_RON, "ko.ron")),
    }
}

/// The text for `key` in `lang`; English when the language lacks it; the key itself when
/// no table has it (so a missing text is visible, never a crash).
pub fn tr(lang: Language, key: &str) -> &'static str {
    if let Some(s) = table(lang).get(key) {
        return s;
    }
    if let Some(s) = table(Language::English).get(key) {
        return s;
    }
    static UNKNOWN: OnceLock<std::sync::Mutex<HashMap<String, &'static str>>> = OnceLock::new();
    let mut unknown = UNKNOWN
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    unknown
        .entry(key.to_string())
        .or_insert_with(|| Box::leak(key.to_string().into_boxed_str()))
}

/// The current language for `t` (mirrors the `Language` resource; UI code calls `t`).
static CURRENT: AtomicU8 = AtomicU8::new(0);

/// The language `t` uses now.
pub fn current() -> Language {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Language::Korean,
        _ => Language::English,
    }
}

/// The text for `key` in the current language.
pub fn t(key: &str) -> &'static str {
    tr(current(), key)
}

/// `t(key)` with `{name}` placeholders replaced.
pub fn tf(key: &str, args: &[(&str, &str)]) -> String {
    let mut s = t(key).to_string();
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

/// Scenario text in the current language: the Korean field when the language is Korean and
/// the scenario has one, the English field otherwise.
pub fn pick<'a>(english: &'a str, korean: &'a str) -> &'a str {
    if current() == Language::Korean && !korean.trim().is_empty() {
        korean
    } else {
        english
    }
}

/// Every key English has, sorted.
pub fn keys() -> Vec<&'static str> {
    let mut k: Vec<&'static str> = table(Language::English)
        .keys()
        .map(|k| &*Box::leak(k.clone().into_boxed_str()))
        .collect();
    k.sort();
    k
}

/// Keys English has and `lang` lacks (a complete table returns none).
pub fn missing_keys(lang: Language) -> Vec<String> {
    let other = table(lang);
    let mut missing: Vec<String> = table(Language::English)
        .keys()
        .filter(|k| !other.contains_key(*k))
        .cloned()
        .collect();
    missing.sort();
    missing
}

#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum I18nSystems {
    Sync,
}

pub fn plugin(app: &mut App) {
    app.init_resource::<Language>().add_systems(
        PreUpdate,
        sync_language
            .run_if(resource_changed::<Language>)
            .in_set(I18nSystems::Sync),
    );
}

fn sync_language(lang: Res<Language>) {
    CURRENT.store(lang.code(), Ordering::Relaxed);
}

/// Reads a TrueType font's character map (format 12 if it has one, else format 4) and
/// answers whether a character has a glyph: for tests of what the bundled fonts can draw.
#[cfg(test)]
pub(crate) fn cmap_checker(font: &'static [u8]) -> impl Fn(char) -> bool {
    let u16_at = move |o: usize| u16::from_be_bytes([font[o], font[o + 1]]) as usize;
    let u32_at = move |o: usize| {
        u32::from_be_bytes([font[o], font[o + 1], font[o + 2], font[o + 3]]) as usize
    };
    let cmap = (0..u16_at(4))
        .map(|i| 12 + 16 * i)
        .find(|&r| &font[r..r + 4] == b"cmap")
        .map(|r| u32_at(r + 8))
        .expect("font has a cmap");
    let subtables: Vec<usize> = (0..u16_at(cmap + 2))
        .map(|i| cmap + u32_at(cmap + 4 + 8 * i + 4))
        .collect();
    let format12 = subtables.iter().copied().find(|&s| u16_at(s) == 12);
    let format4 = subtables.iter().copied().find(|&s| u16_at(s) == 4);
    move |ch: char| {
        let c = ch as usize;
        if let Some(sub) = format12 {
            // groups of (first char, last char, first glyph)
            return (0..u32_at(sub + 12)).any(|i| {
                let g = sub + 16 + 12 * i;
                (u32_at(g)..=u32_at(g + 4)).contains(&c) && u32_at(g + 8) + c - u32_at(g) != 0
            });
        }
        let sub = format4.expect("font has a format 4 or 12 cmap");
        let segs = u16_at(sub + 6) / 2;
        let ends = sub + 14;
        let starts = ends + 2 * segs + 2;
        let deltas = starts + 2 * segs;
        let offsets = deltas + 2 * segs;
        (0..segs).any(|i| {
            let (end, start) = (u16_at(ends + 2 * i), u16_at(starts + 2 * i));
            if c < start || c > end {
                return false;
            }
            let ro = u16_at(offsets + 2 * i);
            let glyph = if ro == 0 {
                (c + u16_at(deltas + 2 * i)) & 0xffff
            } else {
                match u16_at(offsets + 2 * i + ro + 2 * (c - start)) {
                    0 => 0,
                    g => (g + u16_at(deltas + 2 * i)) & 0xffff,
                }
            };
            glyph != 0
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_parse() {
        assert!(table(Language::English).len() > 40);
        assert!(table(Language::Korean).len() > 40);
    }

    #[test]
    fn korean_is_complete_and_has_no_extra_keys() {
        assert_eq!(missing_keys(Language::Korean), Vec::<String>::new());
        let en = table(Language::English);
        let extra: Vec<_> = table(Language::Korean)
            .keys()
            .filter(|k| !en.contains_key(*k))
            .collect();
        assert!(extra.is_empty(), "keys only in ko.ron: {extra:?}");
    }

    #[test]
    fn placeholders_match_between_languages() {
        let holes = |s: &str| {
            let mut v: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
                .collect();
            v.sort();
            v
        };
        for key in keys() {
            assert_eq!(
                holes(tr(Language::English, key)),
                holes(tr(Language::Korean, key)),
                "placeholders differ for {key}"
            );
        }
    }

    /// Every `.rs` file under `dir`, recursively.
    fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// A file's text without its `#[cfg(test)]` module (tests may use any literal).
    fn non_test_source(path: &std::path::Path) -> String {
        let text = std::fs::read_to_string(path).unwrap();
        match text.find("#[cfg(test)]") {
            Some(i) => text[..i].to_string(),
            None => text,
        }
    }

    #[test]
    fn every_key_the_code_asks_for_is_in_both_tables() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&root, &mut files);
        let call = regex_lite_keys();
        let mut missing = Vec::new();
        let mut seen = 0;
        for f in &files {
            let src = non_test_source(f);
            // only files that use the tables (others may have their own `t(…)`)
            if !src.contains("i18n::") && !f.ends_with("i18n.rs") {
                continue;
            }
            for key in call(&src) {
                seen += 1;
                for lang in Language::ALL {
                    if !table(lang).contains_key(&key) {
                        missing.push(format!("{}: {key} ({lang:?})", f.display()));
                    }
                }
            }
        }
        assert!(
            seen > 250,
            "the scan found only {seen} keys: is it still working?"
        );
        assert!(
            missing.is_empty(),
            "keys missing from the tables: {missing:#?}"
        );
    }

    /// Finds the literal keys of `t("…")`, `tf("…"` and `tr(lang, "…")` calls.
    fn regex_lite_keys() -> impl Fn(&str) -> Vec<String> {
        |src: &str| {
            let mut keys = Vec::new();
            for (pat, skip_arg) in [("t(\"", false), ("tf(\"", false), ("tr(", true)] {
                let mut rest = src;
                while let Some(i) = rest.find(pat) {
                    let before = rest[..i].chars().last();
                    rest = &rest[i + pat.len()..];
                    // `t(` must be the function, not the end of another name (`, print(`…)
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        continue;
                    }
                    let mut lit = rest;
                    if skip_arg {
                        let Some(q) = rest.find(", \"") else { continue };
                        if rest[..q].contains(['(', ')', '"']) {
                            continue;
                        }
                        lit = &rest[q + 3..];
                    }
                    if let Some(end) = lit.find('"') {
                        let key = &lit[..end];
                        if !key.is_empty() && !key.contains(['{', ' ', '\\']) {
                            keys.push(key.to_string());
                        }
                    }
                }
            }
            keys
        }
    }

    /// The calls that put text on screen in egui, as `name(`; the scan looks at the text
    /// literal in their first three arguments.
    const DRAWING_CALLS: &[&str] = &[
        "label(",
        "colored_label(",
        "heading(",
        "button(",
        "small_button(",
        "primary_button(",
        "checkbox(",
        "radio_value(",
        "selectable_label(",
        "selectable_value(",
        "toggle_value(",
        "menu_button(",
        "on_hover_text(",
        "hint_text(",
        "section(",
        "tab(",
        "RichText::new(",
        "Button::new(",
        "Label::new(",
        "Window::new(",
        "CollapsingHeader::new(",
        "selected_text(",
    ];

    /// Literals the HUD may draw as they are: symbols and AWS's own names, which the real
    /// Korean console does not translate either. Anything else must come from the tables.
    const ALLOWED_LITERALS: &[&str] = &["GameDay", "aws", "CloudTrail", "CLI · aws"];

    /// `aws …` command lines and CloudWatch alarm-rule syntax are AWS's, shown as typed.
    fn is_aws_syntax(lit: &str) -> bool {
        lit.starts_with("aws ") || lit.starts_with("ALARM(")
    }

    /// True for text a player could read as (English) words: two ASCII letters in a row
    /// outside `{placeholders}`.
    fn has_words(lit: &str) -> bool {
        let mut depth = 0;
        let mut run = 0;
        for c in lit.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                c if depth == 0 && c.is_ascii_alphabetic() => {
                    run += 1;
                    if run >= 2 {
                        return true;
                    }
                    continue;
                }
                _ => {}
            }
            run = 0;
        }
        false
    }

    /// The untranslated literals drawn in `src`: `(call, literal)` pairs.
    fn untranslated(src: &str) -> Vec<(String, String)> {
        let flat: String = src.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut found = Vec::new();
        for call in DRAWING_CALLS {
            let mut rest = flat.as_str();
            while let Some(i) = rest.find(call) {
                let before = rest[..i].chars().last();
                rest = &rest[i + call.len()..];
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue; // `is_label(`, `my_tab(`…
                }
                // the arguments up to the call's closing parenthesis (first three only)
                let mut depth = 0;
                let mut args = String::new();
                let mut commas = 0;
                let mut in_str = false;
                let mut prev = ' ';
                for c in rest.chars() {
                    if in_str {
                        args.push(c);
                        if c == '"' && prev != '\\' {
                            in_str = false;
                        }
                    } else {
                        match c {
                            '"' => {
                                in_str = true;
                                args.push(c);
                            }
                            '(' | '[' => {
                                depth += 1;
                                args.push(c);
                            }
                            ')' | ']' if depth == 0 => break,
                            ')' | ']' => {
                                depth -= 1;
                                args.push(c);
                            }
                            ',' if depth == 0 => {
                                commas += 1;
                                if commas == 3 {
                                    break;
                                }
                                args.push(c);
                            }
                            c => args.push(c),
                        }
                    }
                    prev = c;
                }
                // literals directly in the arguments, or in a `format!` there
                let direct = args
                    .split(',')
                    .map(str::trim)
                    .filter(|a| a.starts_with('"'))
                    .map(|a| a.trim_matches('"').to_string());
                let formatted = args
                    .split("format!(")
                    .skip(1)
                    .filter_map(|a| a.trim_start().strip_prefix('"'))
                    .filter_map(|a| a.split('"').next())
                    .map(str::to_string);
                for lit in direct.chain(formatted) {
                    if has_words(&lit)
                        && !ALLOWED_LITERALS.contains(&lit.as_str())
                        && !is_aws_syntax(&lit)
                    {
                        found.push((call.trim_end_matches('(').to_string(), lit));
                    }
                }
            }
        }
        found
    }

    #[test]
    fn the_untranslated_text_scan_catches_literals_and_lets_keys_through() {
        let bad = r#"ui.label("Hello there"); ui.checkbox(&mut x.y, "Big buttons");
            ui.label(format!("{n} events")); theme::section(ui, "ACTIONS");"#;
        let found: Vec<String> = untranslated(bad).into_iter().map(|(_, l)| l).collect();
        assert_eq!(found.len(), 4, "{found:?}");
        let good = r#"ui.label(t("x.y")); ui.button("×"); ui.label(format!("{}m", v));
            ui.label(egui::RichText::new("GameDay")); ui.label(tf("a.b", &[("n", "1")]));"#;
        assert_eq!(untranslated(good), Vec::<(String, String)>::new());
    }

    #[test]
    fn hud_draws_no_untranslated_literal() {
        // Deliberate exceptions, all handled by `has_words` and `ALLOWED_LITERALS`: symbols
        // (×, ☰, ▶, ⏷, #, $), numbers and format-only strings ("{}m", "{x:.1}"), the game's
        // name, and AWS's own names (`aws`, CloudTrail; API operation and option names, ids
        // and the `aws` CLI lines come from data, not literals).
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/hud");
        let mut files = Vec::new();
        rust_files(&root, &mut files);
        assert!(files.len() >= 15, "the scan sees the HUD's files");
        let mut report = Vec::new();
        for f in &files {
            for (call, lit) in untranslated(&non_test_source(f)) {
                report.push(format!("{}: {call}(\"{lit}\")", f.display()));
            }
        }
        assert!(
            report.is_empty(),
            "player-visible text must come from assets/i18n (t/tf): {report:#?}"
        );
    }

    #[test]
    fn lookup_falls_back_to_english_then_to_the_key() {
        assert_eq!(tr(Language::Korean, "title.start"), "시작");
        assert_eq!(tr(Language::English, "title.start"), "Start");
        assert_eq!(tr(Language::Korean, "no.such.key"), "no.such.key");
        assert_eq!(Language::Korean.native_name(), "한국어");
    }

    #[test]
    fn korean_texts_are_in_the_bundled_font_subset() {
        // The font is subset to KS X 1001 Hangul + ASCII: every Hangul syllable in ko.ron
        // must be one of the 2,350 (they are all in the EUC-KR range B0A1..C8FE).
        let font = HANGUL_FONT;
        let face = cmap_checker(font);
        assert!(face('한') && face('A') && face('ㄱ'));
        assert!(!face('뷁'), "not KS X 1001: the subset must not have it");
        for key in keys() {
            for ch in tr(Language::Korean, key).chars() {
                if ('\u{AC00}'..='\u{D7A3}').contains(&ch) {
                    assert!(face(ch), "{key}: '{ch}' is not in the bundled font");
                }
            }
        }
    }

    #[test]
    fn the_embedded_scenarios_korean_text_is_in_the_bundled_font_subset() {
        let face = cmap_checker(HANGUL_FONT);
        let mut checked = 0;
        for (id, _) in crate::scenario::EMBEDDED {
            let s = crate::scenario::load(id).expect("embedded scenarios load");
            let hints = s.hints.iter().map(|h| h.text_ko.as_str());
            for text in [s.title_ko.as_str(), &s.story_ko, &s.runbook_ko]
                .into_iter()
                .chain(hints)
            {
                for ch in text.chars() {
                    if ('\u{AC00}'..='\u{D7A3}').contains(&ch) {
                        checked += 1;
                        assert!(face(ch), "{id}: '{ch}' is not in the bundled font");
                    }
                }
            }
        }
        assert!(
            checked > 100,
            "the Korean scenario text was checked ({checked} syllables)"
        );
    }
}
