//! Localisation: English and Korean text tables (assets/i18n/*.ron, compiled in), `t(key)`
//! for the current language with English as the fallback, and the `Language` resource.

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

const EN_RON: &str = include_str!("../../assets/i18n/en.ron");
const KO_RON: &str = include_str!("../../assets/i18n/ko.ron");

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
        let font = super::super::fonts::HANGUL_FONT;
        let face = ttf_has_glyph_checker(font);
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

    /// Reads the font's cmap (format 4) and answers whether a BMP character has a glyph.
    fn ttf_has_glyph_checker(font: &'static [u8]) -> impl Fn(char) -> bool {
        let u16_at = move |o: usize| u16::from_be_bytes([font[o], font[o + 1]]) as usize;
        let u32_at = move |o: usize| {
            u32::from_be_bytes([font[o], font[o + 1], font[o + 2], font[o + 3]]) as usize
        };
        let num_tables = u16_at(4);
        let cmap = (0..num_tables)
            .map(|i| 12 + 16 * i)
            .find(|&r| &font[r..r + 4] == b"cmap")
            .map(|r| u32_at(r + 8))
            .expect("font has a cmap");
        let sub = (0..u16_at(cmap + 2))
            .map(|i| cmap + 4 + 8 * i)
            .map(|r| cmap + u32_at(r + 4))
            .find(|&s| u16_at(s) == 4)
            .expect("font has a format 4 cmap");
        move |ch: char| {
            let c = ch as usize;
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
                    let g = u16_at(offsets + 2 * i + ro + 2 * (c - start));
                    if g == 0 {
                        0
                    } else {
                        (g + u16_at(deltas + 2 * i)) & 0xffff
                    }
                };
                glyph != 0
            })
        }
    }
}
