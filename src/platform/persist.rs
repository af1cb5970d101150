//! What the game keeps between runs: settings (language, volume, panel layout, speed), the
//! leaderboard (each entry with its replay) and the last round's replay. Loaded at startup
//! (a broken save is reported once, kept as a backup, and the game starts clean), saved
//! whenever they change.

use super::replay::{LastReplay, Replay};
use super::storage::{Loaded, Store};
use crate::i18n::Language;
use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const SETTINGS: &str = "settings";
pub const LEADERBOARD: &str = "leaderboard";
pub const LAST_REPLAY: &str = "last-replay";

/// A panel's remembered state (the HUD names its panels).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PanelPrefs {
    pub open: bool,
    /// Width or height in logical pixels, when the player resized it.
    pub size: Option<f32>,
}

/// Player settings.
#[derive(Resource, Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub language: Language,
    /// 0.0 ..= 1.0
    pub volume: f32,
    /// Panel name → state.
    pub panels: BTreeMap<String, PanelPrefs>,
    /// Preferred game speed (simulated seconds per real second); `None`: the scenario's.
    pub speed: Option<f64>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            language: Language::English,
            volume: 0.8,
            panels: BTreeMap::new(),
            speed: None,
        }
    }
}

/// One leaderboard line, with the replay that produced it (so a score can be verified).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeaderboardEntry {
    pub name: String,
    pub score: f64,
    pub scenario: String,
    /// Days since 1970-01-01 (UTC) when the round was played.
    pub day: u32,
    pub replay: Option<Replay>,
}

/// All scores, best first. Bounded so a booth running for weeks does not grow without end.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Leaderboard {
    pub entries: Vec<LeaderboardEntry>,
}

impl Leaderboard {
    pub const CAPACITY: usize = 500;

    /// Adds an entry; returns its 0-based rank among the day's entries. Past capacity, the
    /// lowest score from an earlier day goes first, else the lowest of the day.
    pub fn add(&mut self, entry: LeaderboardEntry) -> usize {
        let day = entry.day;
        let at = self
            .entries
            .iter()
            .position(|e| e.score < entry.score)
            .unwrap_or(self.entries.len());
        self.entries.insert(at, entry);
        while self.entries.len() > Self::CAPACITY {
            let victim = self
                .entries
                .iter()
                .rposition(|e| e.day != day)
                .unwrap_or(self.entries.len() - 1);
            self.entries.remove(victim);
        }
        self.entries[..at.min(self.entries.len())]
            .iter()
            .filter(|e| e.day == day)
            .count()
    }

    /// The best `n` of one day.
    pub fn top_of_day(&self, day: u32, n: usize) -> Vec<&LeaderboardEntry> {
        self.entries
            .iter()
            .filter(|e| e.day == day)
            .take(n)
            .collect()
    }

    /// Removes one day's entries (the operator's "reset today").
    pub fn reset_day(&mut self, day: u32) {
        self.entries.retain(|e| e.day != day);
    }
}

/// Days since 1970-01-01 in UTC, now.
pub fn today() -> u32 {
    #[cfg(not(target_arch = "wasm32"))]
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as f64)
        .unwrap_or(0.0);
    #[cfg(target_arch = "wasm32")]
    let ms = web_sys::js_sys::Date::now();
    (ms / 86_400_000.0) as u32
}

/// Where this run's saves go.
#[derive(Resource, Clone, Debug)]
pub struct SaveStore(pub Store);

/// Save problems found this run (shown once by the title screen, logged once).
#[derive(Resource, Default, Clone, Debug)]
pub struct SaveProblems(pub Vec<String>);

/// System sets of persistence.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PersistSystems {
    Save,
}

pub fn plugin(app: &mut App) {
    if !app.world().contains_resource::<SaveStore>() {
        app.insert_resource(SaveStore(Store::default_location()));
    }
    let store = app.world().resource::<SaveStore>().0.clone();
    let mut problems = Vec::new();
    let settings: Settings = load_reporting(&store, SETTINGS, "settings", &mut problems);
    let board: Leaderboard = load_reporting(&store, LEADERBOARD, "leaderboard", &mut problems);
    let last: LastReplay = load_reporting(&store, LAST_REPLAY, "last replay", &mut problems);
    app.insert_resource(settings.language)
        .insert_resource(settings)
        .insert_resource(board)
        .insert_resource(last)
        .insert_resource(SaveProblems(problems))
        .add_systems(
            PostUpdate,
            (
                language_into_settings.run_if(resource_changed::<Language>),
                save_changed::<Settings>(SETTINGS),
                save_changed::<Leaderboard>(LEADERBOARD),
                save_changed::<LastReplay>(LAST_REPLAY),
            )
                .chain()
                .in_set(PersistSystems::Save),
        );
}

/// Loads a save, or defaults; a broken save is logged and added to `problems`.
pub fn load_reporting<T: serde::de::DeserializeOwned + Default>(
    store: &Store,
    name: &str,
    what: &str,
    problems: &mut Vec<String>,
) -> T {
    let loaded: Loaded<T> = store.load(name);
    let (value, problem) = loaded.or_default_reporting(what);
    if let Some(p) = problem {
        warn!("{p}");
        problems.push(p);
    }
    value
}

fn language_into_settings(lang: Res<Language>, mut settings: ResMut<Settings>) {
    if settings.language != *lang {
        settings.language = *lang;
    }
}

/// A system that writes resource `T` under `name` whenever it changed after startup.
fn save_changed<T: Resource + Serialize>(name: &'static str) -> impl FnMut(Res<T>, Res<SaveStore>) {
    move |value: Res<T>, store: Res<SaveStore>| {
        if value.is_changed()
            && !value.is_added()
            && let Err(e) = store.0.save(name, &*value)
        {
            error!("cannot save the {name}: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, score: f64, day: u32) -> LeaderboardEntry {
        LeaderboardEntry {
            name: name.into(),
            score,
            scenario: "booth-5min".into(),
            day,
            replay: None,
        }
    }

    #[test]
    fn leaderboard_orders_ranks_and_stays_bounded() {
        let mut b = Leaderboard::default();
        assert_eq!(b.add(entry("AAA", 10.0, 5)), 0);
        assert_eq!(b.add(entry("BBB", 30.0, 5)), 0);
        assert_eq!(b.add(entry("OLD", 100.0, 4)), 0);
        assert_eq!(b.add(entry("CCC", 20.0, 5)), 1);
        let top: Vec<_> = b.top_of_day(5, 10).iter().map(|e| e.name.clone()).collect();
        assert_eq!(top, ["BBB", "CCC", "AAA"]);
        for i in 0..(Leaderboard::CAPACITY + 20) {
            b.add(entry("X", i as f64, 6));
        }
        assert_eq!(b.entries.len(), Leaderboard::CAPACITY);
        assert!(b.entries.iter().all(|e| e.day == 6), "older days go first");
        b.reset_day(6);
        assert!(b.entries.is_empty());
    }

    #[test]
    fn settings_with_missing_fields_load_with_defaults() {
        let s: Settings = ron::from_str("(language: Korean)").unwrap();
        assert_eq!(s.language, Language::Korean);
        assert_eq!(s.volume, Settings::default().volume);
    }
}
