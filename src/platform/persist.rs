//! What the game keeps between runs: settings (language, volume, panel layout, speed), the
//! leaderboard (each entry with its replay) and the last round's replay. Loaded at startup
//! (a broken save is reported once, kept as a backup, and the game starts clean), saved
//! whenever they change.

use super::replay::{LastReplay, Replay};
use super::storage::{Loaded, Store, previous_name, salvage_list};
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
    /// The soft ambient loop under the round (sound effects play at `volume` either way).
    pub ambient: bool,
    /// Panel name → state.
    pub panels: BTreeMap<String, PanelPrefs>,
    /// Preferred game speed (simulated seconds per real second); `None`: the scenario's.
    pub speed: Option<f64>,
    /// The player finished the tutorial or chose another scenario: the title screen no longer
    /// selects the tutorial. False on a first run (no settings saved yet); a settings file
    /// written before this flag existed belongs to a returning player, so it reads as true.
    #[serde(default = "returning_player")]
    pub tutorial_done: bool,
}

/// `tutorial_done` of a settings file that does not mention it.
fn returning_player() -> bool {
    true
}

impl Settings {
    /// The most a remembered game speed may be (simulated seconds per real second).
    pub const MAX_SPEED: f64 = 10_000.0;
    /// The largest remembered panel size in logical pixels.
    pub const MAX_PANEL_SIZE: f32 = 100_000.0;

    /// Puts every value out of range back to its default; returns one line per value reset.
    pub fn sanitize(&mut self) -> Vec<String> {
        let mut reset = Vec::new();
        let default = Settings::default();
        if !(self.volume.is_finite() && (0.0..=1.0).contains(&self.volume)) {
            reset.push(format!(
                "settings: volume {} is outside 0..=1; using {}",
                self.volume, default.volume
            ));
            self.volume = default.volume;
        }
        if let Some(speed) = self.speed
            && !(speed.is_finite() && speed > 0.0 && speed <= Self::MAX_SPEED)
        {
            reset.push(format!(
                "settings: speed {speed} is outside (0, {}]; using the scenario's",
                Self::MAX_SPEED
            ));
            self.speed = None;
        }
        for (name, panel) in &mut self.panels {
            if let Some(size) = panel.size
                && !(size.is_finite() && size > 0.0 && size <= Self::MAX_PANEL_SIZE)
            {
                reset.push(format!(
                    "settings: panel {name} size {size} is outside (0, {}]; using the default",
                    Self::MAX_PANEL_SIZE
                ));
                panel.size = None;
            }
        }
        reset
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            language: Language::English,
            volume: 0.8,
            ambient: false,
            panels: BTreeMap::new(),
            speed: None,
            tutorial_done: false,
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

impl LeaderboardEntry {
    /// The longest name an entry may carry (the kiosk's keyboard allows far fewer).
    pub const MAX_NAME_CHARS: usize = 64;

    /// True when the entry could have been written by the game: a finite score, a name.
    pub fn is_valid(&self) -> bool {
        self.score.is_finite()
            && !self.name.is_empty()
            && self.name.chars().count() <= Self::MAX_NAME_CHARS
    }
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
    let mut settings: Settings = load_reporting(&store, SETTINGS, "settings", &mut problems);
    for line in settings.sanitize() {
        warn!("{line}");
    }
    let board = load_leaderboard(&store, &mut problems);
    let last = load_last_replay(&store, &mut problems);
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
                save_leaderboard,
                save_last_replay,
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

/// Loads the leaderboard keeping every valid entry: a damaged file (one bad value, cut
/// short) loses only its bad entries and is kept as a backup; when nothing in it is readable
/// the previous generation (`leaderboard.prev.ron`) is loaded. Reports what was dropped.
pub fn load_leaderboard(store: &Store, problems: &mut Vec<String>) -> Leaderboard {
    let mut report = |p: String| {
        warn!("{p}");
        problems.push(p);
    };
    let text = match store.read(LEADERBOARD) {
        Ok(Some(text)) => text,
        Ok(None) => return load_previous_leaderboard(store).unwrap_or_default(),
        Err(e) => {
            let backup = store.move_aside(LEADERBOARD).ok();
            let prev = load_previous_leaderboard(store).unwrap_or_default();
            report(format!(
                "the saved leaderboard could not be read ({e}){}; the previous generation \
                 was loaded with {} entries",
                backup.map_or(String::new(), |b| format!(" and was kept as {b}")),
                prev.entries.len()
            ));
            return prev;
        }
    };
    let reason = match ron::from_str::<Leaderboard>(&text) {
        Ok(mut board) => {
            let before = board.entries.len();
            board.entries.retain(LeaderboardEntry::is_valid);
            let dropped = before - board.entries.len();
            if dropped > 0 {
                report(format!(
                    "the saved leaderboard had {dropped} invalid entries (dropped); {} kept",
                    board.entries.len()
                ));
            }
            return board;
        }
        Err(e) => e.to_string(),
    };
    let (mut entries, dropped) =
        salvage_list::<LeaderboardEntry>(&text, "entries", LeaderboardEntry::is_valid);
    let backup = store.move_aside(LEADERBOARD).ok();
    let kept_as = backup.map_or(String::new(), |b| {
        format!("; the damaged file was kept as {b}")
    });
    if entries.is_empty() {
        let prev = load_previous_leaderboard(store).unwrap_or_default();
        report(format!(
            "the saved leaderboard could not be read ({reason}) and no entry in it was \
             readable{kept_as}; the previous generation was loaded with {} entries",
            prev.entries.len()
        ));
        return prev;
    }
    entries.sort_by(|a, b| b.score.total_cmp(&a.score));
    entries.truncate(Leaderboard::CAPACITY);
    let board = Leaderboard { entries };
    report(format!(
        "the saved leaderboard was damaged ({reason}): {} entries kept, {dropped} unreadable \
         entries dropped{kept_as}",
        board.entries.len()
    ));
    if let Err(e) = store.save(LEADERBOARD, &board) {
        report(format!("cannot save the recovered leaderboard: {e}"));
    }
    board
}

/// `leaderboard.prev.ron`, every valid entry of it.
fn load_previous_leaderboard(store: &Store) -> Option<Leaderboard> {
    let text = store.read(&previous_name(LEADERBOARD)).ok()??;
    let mut entries = match ron::from_str::<Leaderboard>(&text) {
        Ok(b) => b.entries,
        Err(_) => salvage_list(&text, "entries", LeaderboardEntry::is_valid).0,
    };
    entries.retain(LeaderboardEntry::is_valid);
    Some(Leaderboard { entries })
}

fn save_leaderboard(board: Res<Leaderboard>, store: Res<SaveStore>) {
    if board.is_changed()
        && !board.is_added()
        && let Err(e) = store.0.save_keeping_previous(LEADERBOARD, &*board)
    {
        error!("cannot save the leaderboard: {e}");
    }
}

/// `last-replay.ron` is a plain replay document (what `gameday --replay` reads); the old
/// `(Some((…)))` form still loads.
fn load_last_replay(store: &Store, problems: &mut Vec<String>) -> LastReplay {
    let text = match store.read(LAST_REPLAY) {
        Ok(Some(text)) => text,
        Ok(None) => return LastReplay(None),
        Err(e) => {
            let p =
                format!("the saved last replay could not be read ({e}); the game started clean");
            warn!("{p}");
            problems.push(p);
            return LastReplay(None);
        }
    };
    match Replay::from_ron(&text) {
        Ok(r) => LastReplay(Some(r)),
        Err(reason) => {
            let backup = store.move_aside(LAST_REPLAY).ok();
            let loaded: Loaded<LastReplay> = Loaded::Corrupt { reason, backup };
            let (_, problem) = loaded.or_default_reporting("last replay");
            if let Some(p) = problem {
                warn!("{p}");
                problems.push(p);
            }
            LastReplay(None)
        }
    }
}

fn save_last_replay(last: Res<LastReplay>, store: Res<SaveStore>) {
    if last.is_changed()
        && !last.is_added()
        && let Some(replay) = &last.0
        && let Err(e) = store.0.save(LAST_REPLAY, replay)
    {
        error!("cannot save the last replay: {e}");
    }
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

    fn temp_store(tag: &str) -> Store {
        let dir =
            std::env::temp_dir().join(format!("gameday-persist-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        Store::at(dir)
    }

    fn board_of(n: usize) -> Leaderboard {
        let mut b = Leaderboard::default();
        for i in 0..n {
            b.add(entry(&format!("P{i:02}"), 100.0 + i as f64, 7));
        }
        b
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn one_bad_value_in_48_entries_loses_that_entry_only() {
        let s = temp_store("onebad");
        let board = board_of(48);
        s.save(LEADERBOARD, &board).unwrap();
        let text = std::fs::read_to_string(s.path_of(LEADERBOARD)).unwrap();
        // entry P20's score becomes text: on main the whole board was moved aside
        let bad = text.replacen("score: 120.0", "score: \"oops\"", 1);
        assert_ne!(bad, text);
        std::fs::write(s.path_of(LEADERBOARD), bad).unwrap();
        let mut problems = vec![];
        let loaded = load_leaderboard(&s, &mut problems);
        assert_eq!(loaded.entries.len(), 47);
        assert!(loaded.entries.iter().all(|e| e.name != "P20"));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("47 entries kept, 1 unreadable"),
            "{problems:?}"
        );
        assert!(problems[0].contains("corrupt-1.ron"), "{problems:?}");
        // the recovered board was written back: the next start reads it cleanly
        let mut again = vec![];
        assert_eq!(load_leaderboard(&s, &mut again).entries.len(), 47);
        assert!(again.is_empty(), "{again:?}");
        let _ = std::fs::remove_dir_all(&s.dir);
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn a_leaderboard_cut_in_half_keeps_the_first_half() {
        let s = temp_store("half");
        s.save(LEADERBOARD, &board_of(48)).unwrap();
        let text = std::fs::read_to_string(s.path_of(LEADERBOARD)).unwrap();
        std::fs::write(s.path_of(LEADERBOARD), &text[..text.len() / 2]).unwrap();
        let mut problems = vec![];
        let loaded = load_leaderboard(&s, &mut problems);
        assert!(
            (22..=24).contains(&loaded.entries.len()),
            "{}",
            loaded.entries.len()
        );
        assert_eq!(loaded.entries[0].name, "P47", "best first, as saved");
        assert!(problems[0].contains("entries kept"), "{problems:?}");
        let _ = std::fs::remove_dir_all(&s.dir);
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn every_write_keeps_the_previous_good_generation() {
        let s = temp_store("prev");
        s.save_keeping_previous(LEADERBOARD, &board_of(3)).unwrap();
        assert!(
            !s.path_of("leaderboard.prev").exists(),
            "nothing before the first"
        );
        s.save_keeping_previous(LEADERBOARD, &board_of(4)).unwrap();
        let prev: Leaderboard = match s.load("leaderboard.prev") {
            Loaded::Ok(b) => b,
            other => panic!("{other:?}"),
        };
        assert_eq!(prev, board_of(3));
        // the latest generation destroyed entirely: the previous one is loaded
        std::fs::write(s.path_of(LEADERBOARD), "\u{0}garbage").unwrap();
        let mut problems = vec![];
        assert_eq!(load_leaderboard(&s, &mut problems), board_of(3));
        assert!(problems[0].contains("previous generation"), "{problems:?}");
        // a damaged latest document is not copied over the good previous one
        std::fs::write(s.path_of(LEADERBOARD), "(entries: [(name: ").unwrap();
        s.save_keeping_previous(LEADERBOARD, &board_of(5)).unwrap();
        assert_eq!(
            s.load::<Leaderboard>("leaderboard.prev"),
            Loaded::Ok(board_of(3))
        );
        let _ = std::fs::remove_dir_all(&s.dir);
    }

    #[test]
    fn settings_out_of_range_fall_back_to_defaults() {
        let mut s: Settings = ron::from_str(
            "(volume: 1e308, speed: Some(NaN), panels: {\"cli\": (open: true, size: Some(-5.0))})",
        )
        .unwrap();
        let reset = s.sanitize();
        assert_eq!(reset.len(), 3, "{reset:?}");
        assert_eq!(s.volume, Settings::default().volume);
        assert_eq!(s.speed, None);
        assert_eq!(s.panels["cli"].size, None);
        let mut fine = Settings {
            volume: 0.3,
            speed: Some(4.0),
            ..Settings::default()
        };
        assert!(fine.sanitize().is_empty());
        assert_eq!((fine.volume, fine.speed), (0.3, Some(4.0)));
    }

    #[test]
    fn settings_with_missing_fields_load_with_defaults() {
        let s: Settings = ron::from_str("(language: Korean)").unwrap();
        assert_eq!(s.language, Language::Korean);
        assert_eq!(s.volume, Settings::default().volume);
    }
}
