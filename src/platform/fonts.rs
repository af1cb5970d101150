//! The game's fonts, compiled in (desktop and browser alike): subsets of egui's default fonts
//! (Latin, punctuation, arrows, and the few symbols the game draws; built by
//! scripts/subset-ui-fonts.py) and the Hangul font (a renamed NanumGothic subset, OFL); see
//! assets/fonts/README.md. egui's own `default_fonts` would add 1.4 MB, mostly emoji.

use crate::i18n::HANGUL_FONT;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

/// Every bundled font: its name in egui, its bytes, and its scale (the two symbol fonts are
/// drawn smaller, as egui draws them).
const FONTS: [(&str, &[u8], f32); 5] = [
    // Ubuntu Light, subset: the proportional text
    (
        "GameDay Sans",
        include_bytes!("../../assets/fonts/GameDaySans-Light.ttf"),
        1.0,
    ),
    // Hack, subset: the CLI, logs and tables
    (
        "GameDay Mono",
        include_bytes!("../../assets/fonts/GameDayMono-Regular.ttf"),
        1.0,
    ),
    // Noto Emoji, subset to the symbols the game draws
    (
        "GameDay Symbols",
        include_bytes!("../../assets/fonts/GameDaySymbols-Regular.ttf"),
        0.81,
    ),
    // emoji-icon-font, subset likewise
    (
        "GameDay Icons",
        include_bytes!("../../assets/fonts/GameDayIcons-Regular.ttf"),
        0.90,
    ),
    ("GameDay Hangul", HANGUL_FONT, 1.0),
];

/// The fallback order of each family, by name in [`FONTS`].
const PROPORTIONAL: [&str; 5] = [
    "GameDay Sans",
    "GameDay Symbols",
    "GameDay Icons",
    "GameDay Mono",
    "GameDay Hangul",
];
const MONOSPACE: [&str; 5] = [
    "GameDay Mono",
    "GameDay Sans",
    "GameDay Symbols",
    "GameDay Icons",
    "GameDay Hangul",
];

/// Set once the fonts are in egui's font definitions.
#[derive(Resource, Default, Debug)]
pub struct FontsInstalled;

#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FontSystems {
    Register,
}

pub fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        install_fonts
            .run_if(not(resource_exists::<FontsInstalled>))
            .in_set(FontSystems::Register),
    );
}

/// The font families as egui's defaults order them (text font, then the two symbol fonts,
/// scaled as egui scales them); the proportional family falls back to the monospace font
/// too (its ▸ ▼ ■), and the Hangul font is every family's last fallback.
pub fn definitions() -> egui::FontDefinitions {
    let mut defs = egui::FontDefinitions::empty();
    for (name, bytes, scale) in FONTS {
        let tweak = egui::FontTweak {
            scale,
            ..Default::default()
        };
        let data = egui::FontData::from_static(bytes).tweak(tweak);
        defs.font_data.insert(name.into(), data.into());
    }
    let family = |names: [&str; 5]| names.map(String::from).to_vec();
    defs.families
        .insert(egui::FontFamily::Proportional, family(PROPORTIONAL));
    defs.families
        .insert(egui::FontFamily::Monospace, family(MONOSPACE));
    defs
}

/// Gives a context the game's fonts (from its next pass on).
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}

fn install_fonts(mut commands: Commands, mut contexts: EguiContexts) -> Result {
    install(contexts.ctx_mut()?);
    commands.insert_resource(FontsInstalled);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::cmap_checker;

    /// Whether a family draws a character: one of its fonts (the first has priority) has it.
    /// (egui's own `has_glyph` answers no for characters of the font that also draws its
    /// replacement box.)
    fn family_draws(family: &egui::FontFamily) -> impl Fn(char) -> bool {
        let bytes = |name: &str| {
            let font = FONTS.iter().find(|(n, _, _)| *n == name);
            font.unwrap_or_else(|| panic!("unknown font {name}")).1
        };
        let checkers: Vec<_> = definitions().families[family]
            .iter()
            .map(|name| cmap_checker(bytes(name)))
            .collect();
        move |ch| checkers.iter().any(|has| has(ch))
    }

    /// Every character outside ASCII that the game's sources, texts and scenarios hold.
    fn characters_the_game_uses() -> Vec<(char, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = vec![];
        let mut dirs = vec![root.join("src")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("readable source tree") {
                let path = entry.expect("directory entry").path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    files.push(path);
                }
            }
        }
        for dir in ["assets/i18n", "scenarios"] {
            for entry in std::fs::read_dir(root.join(dir)).expect("readable directory") {
                let path = entry.expect("directory entry").path();
                if path
                    .extension()
                    .is_some_and(|e| e == "ron" || e == "commands")
                {
                    files.push(path);
                }
            }
        }
        let mut seen = std::collections::BTreeMap::new();
        for path in files {
            let text = std::fs::read_to_string(&path).expect("UTF-8 text");
            // what can reach the screen: not comments, not a file's tests (its last module)
            let drawn: String = text
                .split("#[cfg(test)]")
                .next()
                .unwrap_or_default()
                .lines()
                .map(|line| match line.find("//") {
                    Some(i) if path.extension().is_some_and(|e| e == "rs") => &line[..i],
                    _ => line,
                })
                .collect();
            for ch in drawn
                .chars()
                .filter(|c| !c.is_ascii() && !c.is_whitespace())
            {
                seen.entry(ch)
                    .or_insert_with(|| path.strip_prefix(root).unwrap().display().to_string());
            }
        }
        seen.into_iter().collect()
    }

    #[test]
    fn every_character_the_game_writes_is_in_a_bundled_font() {
        let used = characters_the_game_uses();
        // the Hangul font, the emoji and the arrows are all among them
        assert!(used.len() > 100, "only {} characters found", used.len());
        for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
            let draws = family_draws(&family);
            let missing: Vec<_> = used
                .iter()
                .filter(|(ch, _)| !draws(*ch))
                .map(|(ch, file)| format!("'{ch}' (U+{:04X}, {file})", *ch as u32))
                .collect();
            assert!(
                missing.is_empty(),
                "{family:?}: no bundled font draws {}; run scripts/subset-ui-fonts.py",
                missing.join(", ")
            );
        }
    }

    #[test]
    fn egui_draws_its_menus_warnings_and_missing_glyph_box_with_the_bundled_fonts() {
        for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
            let draws = family_draws(&family);
            for ch in ['⏵', '⏷', '⚠', '◻', '…', '→', 'é', 'Ω', '한', '📋'] {
                assert!(draws(ch), "{family:?}: '{ch}' is not drawn");
            }
            // what the subsets dropped: an emoji nobody in the game uses
            assert!(!draws('\u{1F984}'), "a unicorn emoji");
        }
    }
}
