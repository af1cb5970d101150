//! Saves as named RON documents: files in the platform's data directory on desktop (written
//! atomically: temp file, fsync, rename), `localStorage` in the browser. A save that cannot be
//! read is moved aside as a backup so the game starts clean.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Where saves live. On desktop a directory; in the browser a key prefix in `localStorage`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Store {
    #[cfg(not(target_arch = "wasm32"))]
    pub dir: std::path::PathBuf,
    #[cfg(target_arch = "wasm32")]
    pub prefix: String,
}

/// What loading a save found.
#[derive(Debug, PartialEq)]
pub enum Loaded<T> {
    /// The document was read and parsed.
    Ok(T),
    /// There is no such save yet (first run).
    Missing,
    /// The save was unreadable (truncated, corrupted, wrong shape): it was moved aside to
    /// `backup` (when that worked) and the caller should start from defaults.
    Corrupt {
        reason: String,
        backup: Option<String>,
    },
}

impl<T> Loaded<T> {
    /// The value, or `fallback` when missing or corrupt; and the problem to report, if any.
    pub fn or_default_reporting(self, name: &str) -> (T, Option<String>)
    where
        T: Default,
    {
        match self {
            Loaded::Ok(v) => (v, None),
            Loaded::Missing => (T::default(), None),
            Loaded::Corrupt { reason, backup } => (
                T::default(),
                Some(match backup {
                    Some(b) => format!(
                        "the saved {name} could not be read ({reason}); it was kept as {b} and the game started clean"
                    ),
                    None => format!(
                        "the saved {name} could not be read ({reason}) nor moved aside; the game started clean"
                    ),
                }),
            ),
        }
    }
}

/// Serialises a value as pretty RON.
pub fn to_ron<T: Serialize>(value: &T) -> Result<String, String> {
    ron::ser::to_string_pretty(value, ron::ser::PrettyConfig::default()).map_err(|e| e.to_string())
}

impl Store {
    /// Loads and parses `name`; a document that does not parse is moved aside.
    pub fn load<T: DeserializeOwned>(&self, name: &str) -> Loaded<T> {
        let text = match self.read(name) {
            Ok(Some(text)) => text,
            Ok(None) => return Loaded::Missing,
            Err(e) => {
                return Loaded::Corrupt {
                    reason: e,
                    backup: self.move_aside(name).ok(),
                };
            }
        };
        match ron::from_str::<T>(&text) {
            Ok(v) => Loaded::Ok(v),
            Err(e) => Loaded::Corrupt {
                reason: if text.trim().is_empty() {
                    "the file is empty".into()
                } else {
                    e.to_string()
                },
                backup: self.move_aside(name).ok(),
            },
        }
    }

    /// Serialises `value` as RON and writes it atomically under `name`.
    pub fn save<T: Serialize>(&self, name: &str, value: &T) -> Result<(), String> {
        let text = to_ron(value)?;
        self.write(name, &text)
    }

    /// Like [`Store::save`], but first keeps the current document, when it reads as a `T`,
    /// as `<name>.prev` (its own atomic write): one good earlier generation survives a
    /// damaged latest one. In the browser both are `localStorage` items.
    pub fn save_keeping_previous<T: Serialize + DeserializeOwned>(
        &self,
        name: &str,
        value: &T,
    ) -> Result<(), String> {
        if let Ok(Some(current)) = self.read(name)
            && ron::from_str::<T>(&current).is_ok()
        {
            self.write(&previous_name(name), &current)?;
        }
        self.save(name, value)
    }
}

/// The name the previous good generation of `name` is kept under.
pub fn previous_name(name: &str) -> String {
    format!("{name}.prev")
}

/// Reads the items of the list `field: [ (…), (…), … ]` in a RON document one by one, so that
/// one bad item, or a file cut short, loses only what is bad: the items that parse (and pass
/// `keep`), and how many did not.
pub fn salvage_list<T: DeserializeOwned>(
    text: &str,
    field: &str,
    keep: impl Fn(&T) -> bool,
) -> (Vec<T>, usize) {
    let mut items = Vec::new();
    let mut dropped = 0;
    let Some(start) = list_start(text, field) else {
        return (items, dropped);
    };
    for item in list_items(&text[start..]) {
        match ron::from_str::<T>(item) {
            Ok(v) if keep(&v) => items.push(v),
            _ => dropped += 1,
        }
    }
    (items, dropped)
}

/// The byte just after the `[` of `field: [`.
fn list_start(text: &str, field: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = text[from..].find(field).map(|i| i + from) {
        let rest = text[at + field.len()..].trim_start();
        if let Some(rest) = rest.strip_prefix(':')
            && let Some(body) = rest.trim_start().strip_prefix('[')
        {
            return Some(text.len() - body.len());
        }
        from = at + field.len();
    }
    None
}

/// The text of each top-level item of a list body (after its `[`), up to its `]` or the end
/// of a cut-short text. Brackets inside strings and char literals do not count.
fn list_items(body: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut start: Option<usize> = None;
    let mut end = body.len();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                start.get_or_insert(i);
                while let Some((_, s)) = chars.next() {
                    match s {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '(' | '[' | '{' => {
                start.get_or_insert(i);
                depth += 1;
            }
            ')' | ']' | '}' if depth > 0 => depth -= 1,
            ']' => {
                end = i;
                break;
            }
            ',' if depth == 0 => {
                if let Some(s) = start.take() {
                    items.push(body[s..i].trim());
                }
            }
            c if c.is_whitespace() => {}
            _ => {
                start.get_or_insert(i);
            }
        }
    }
    if let Some(s) = start {
        items.push(body[s..end].trim());
    }
    items.retain(|t| !t.is_empty());
    items
}

#[cfg(not(target_arch = "wasm32"))]
mod desktop {
    use super::Store;
    use crate::data::input;
    use std::fs::{self, File, OpenOptions};
    use std::io::{ErrorKind, Write};
    use std::path::{Path, PathBuf};

    /// The platform's per-user data directory for the game: `$GAMEDAY_DATA_DIR` when set,
    /// else `$XDG_DATA_HOME/gameday` or `~/.local/share/gameday` (Linux),
    /// `~/Library/Application Support/GameDay` (macOS), `%APPDATA%\GameDay` (Windows).
    pub fn data_dir() -> PathBuf {
        if let Some(d) = std::env::var_os("GAMEDAY_DATA_DIR").filter(|d| !d.is_empty()) {
            return PathBuf::from(d);
        }
        let home = std::env::var_os("HOME").map(PathBuf::from);
        if cfg!(windows) {
            if let Some(a) = std::env::var_os("APPDATA") {
                return PathBuf::from(a).join("GameDay");
            }
        } else if cfg!(target_os = "macos") {
            if let Some(h) = &home {
                return h.join("Library/Application Support/GameDay");
            }
        } else if let Some(x) = std::env::var_os("XDG_DATA_HOME").filter(|x| !x.is_empty()) {
            return PathBuf::from(x).join("gameday");
        } else if let Some(h) = &home {
            return h.join(".local/share/gameday");
        }
        PathBuf::from("gameday-data")
    }

    impl Store {
        /// The store in the platform's data directory.
        pub fn default_location() -> Self {
            Self { dir: data_dir() }
        }

        pub fn at(dir: impl Into<PathBuf>) -> Self {
            Self { dir: dir.into() }
        }

        pub fn path_of(&self, name: &str) -> PathBuf {
            self.dir.join(format!("{name}.ron"))
        }

        fn temp_path_of(&self, name: &str) -> PathBuf {
            self.dir.join(format!("{name}.ron.tmp"))
        }

        /// The document's text; `None` if it does not exist. A stray temp file from an
        /// interrupted write is ignored (the previous complete document is read).
        /// Bounded like every input: over 16 MiB is refused unread, a byte-order mark skipped.
        pub fn read(&self, name: &str) -> Result<Option<String>, String> {
            let path = self.path_of(name);
            match fs::metadata(&path) {
                Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
                Err(e) => return Err(e.to_string()),
                Ok(_) => {}
            }
            let file = path.display().to_string();
            let bytes = input::read_bounded_bytes(&file).map_err(|e| e.to_string())?;
            let text = input::text_of_bytes(bytes, &file).map_err(|e| e.to_string())?;
            Ok(Some(input::strip_bom(&text).to_string()))
        }

        /// Writes atomically: the text goes to `<name>.ron.tmp`, is flushed to disk, then
        /// renamed over `<name>.ron` (and the directory is synced), so a reader — or the
        /// next start after a power cut — sees either the old or the new document, whole.
        pub fn write(&self, name: &str, text: &str) -> Result<(), String> {
            fs::create_dir_all(&self.dir)
                .map_err(|e| format!("cannot create {}: {e}", self.dir.display()))?;
            let tmp = self.temp_path_of(name);
            let dest = self.path_of(name);
            let result = (|| -> std::io::Result<()> {
                let mut f = OpenOptions::new()
                    .write(true)
                    .create(true)
                    .truncate(true)
                    .open(&tmp)?;
                f.write_all(text.as_bytes())?;
                f.sync_all()?;
                drop(f);
                fs::rename(&tmp, &dest)?;
                sync_dir(&self.dir);
                Ok(())
            })();
            result.map_err(|e| format!("cannot write {}: {e}", dest.display()))
        }

        /// Renames the document to `<name>.corrupt-<n>.ron` (the first free n); returns
        /// the backup's file name.
        pub fn move_aside(&self, name: &str) -> Result<String, String> {
            let from = self.path_of(name);
            for n in 1..10_000 {
                let file = format!("{name}.corrupt-{n}.ron");
                let to = self.dir.join(&file);
                if !to.exists() {
                    fs::rename(&from, &to).map_err(|e| e.to_string())?;
                    sync_dir(&self.dir);
                    return Ok(to.display().to_string());
                }
            }
            Err("too many backups".into())
        }
    }

    /// Makes the rename itself durable on POSIX file systems; not possible on Windows. The
    /// save is written either way: a failure here only weakens it against a power cut.
    #[cfg_attr(not(unix), allow(unused_variables))]
    fn sync_dir(dir: &Path) {
        #[cfg(unix)]
        if let Err(e) = File::open(dir).and_then(|d| d.sync_all()) {
            bevy::log::warn!("could not flush {} to disk: {e}", dir.display());
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub use desktop::data_dir;

#[cfg(target_arch = "wasm32")]
mod web {
    use super::Store;

    fn storage() -> Result<web_sys::Storage, String> {
        web_sys::window()
            .ok_or("no window")?
            .local_storage()
            .map_err(|_| "localStorage is not accessible".to_string())?
            .ok_or_else(|| "localStorage is disabled".to_string())
    }

    impl Store {
        pub fn default_location() -> Self {
            Self {
                prefix: "gameday/".into(),
            }
        }

        /// A separate namespace of keys, named like a directory.
        pub fn at(dir: impl AsRef<std::path::Path>) -> Self {
            Self {
                prefix: format!("gameday/{}/", dir.as_ref().display()),
            }
        }

        fn key(&self, name: &str) -> String {
            format!("{}{name}.ron", self.prefix)
        }

        pub fn read(&self, name: &str) -> Result<Option<String>, String> {
            storage()?
                .get_item(&self.key(name))
                .map_err(|_| "localStorage read failed".to_string())
        }

        /// One `setItem` call: the browser replaces the value as a whole.
        pub fn write(&self, name: &str, text: &str) -> Result<(), String> {
            storage()?
                .set_item(&self.key(name), text)
                .map_err(|_| format!("cannot store {name} (storage full or blocked)"))
        }

        pub fn move_aside(&self, name: &str) -> Result<String, String> {
            let s = storage()?;
            let value = s
                .get_item(&self.key(name))
                .map_err(|_| "localStorage read failed".to_string())?
                .unwrap_or_default();
            for n in 1..10_000 {
                let key = format!("{}{name}.corrupt-{n}.ron", self.prefix);
                if matches!(s.get_item(&key), Ok(None)) {
                    s.set_item(&key, &value)
                        .map_err(|_| "cannot store the backup".to_string())?;
                    s.remove_item(&self.key(name))
                        .map_err(|_| "cannot remove the damaged save".to_string())?;
                    return Ok(key);
                }
            }
            Err("too many backups".into())
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Serialize, Deserialize, Debug, PartialEq, Default)]
    struct Doc {
        names: Vec<String>,
        best: f64,
    }

    fn temp_store(tag: &str) -> Store {
        let dir = std::env::temp_dir().join(format!(
            "gameday-storage-{tag}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        Store::at(dir)
    }

    fn doc() -> Doc {
        Doc {
            names: vec!["ADA".into(), "한글".into()],
            best: 1234.5,
        }
    }

    #[test]
    fn round_trips_and_reports_missing() {
        let s = temp_store("roundtrip");
        assert_eq!(s.load::<Doc>("board"), Loaded::Missing);
        s.save("board", &doc()).unwrap();
        assert_eq!(s.load::<Doc>("board"), Loaded::Ok(doc()));
        let _ = std::fs::remove_dir_all(&s.dir);
    }

    #[test]
    fn truncated_save_is_moved_aside_once_and_start_is_clean() {
        let s = temp_store("truncated");
        s.save("board", &doc()).unwrap();
        let full = std::fs::read_to_string(s.path_of("board")).unwrap();
        std::fs::write(s.path_of("board"), &full[..full.len() / 2]).unwrap();
        let Loaded::Corrupt { backup, .. } = s.load::<Doc>("board") else {
            panic!("a truncated save must be reported as corrupt");
        };
        let backup = backup.expect("moved aside");
        assert!(backup.ends_with("board.corrupt-1.ron"), "{backup}");
        assert_eq!(
            std::fs::read_to_string(&backup).unwrap(),
            &full[..full.len() / 2]
        );
        // reported once: the next start finds no save at all
        assert_eq!(s.load::<Doc>("board"), Loaded::Missing);
        let (v, problem) = Loaded::<Doc>::Missing.or_default_reporting("leaderboard");
        assert_eq!((v, problem), (Doc::default(), None));
        let _ = std::fs::remove_dir_all(&s.dir);
    }

    #[test]
    fn garbage_empty_and_non_utf8_saves_are_corrupt() {
        let s = temp_store("garbage");
        std::fs::create_dir_all(&s.dir).unwrap();
        for (i, bytes) in [
            b"(names: [\"A\"], best: \"oops\")".to_vec(),
            vec![],
            vec![0xff, 0xfe, 0x00, 0x41],
        ]
        .into_iter()
        .enumerate()
        {
            std::fs::write(s.path_of("board"), bytes).unwrap();
            match s.load::<Doc>("board") {
                Loaded::Corrupt { backup, reason } => {
                    assert!(
                        backup
                            .unwrap()
                            .ends_with(&format!("board.corrupt-{}.ron", i + 1))
                    );
                    let (_, msg) = Loaded::<Doc>::Corrupt {
                        reason,
                        backup: None,
                    }
                    .or_default_reporting("leaderboard");
                    assert!(msg.unwrap().contains("leaderboard"));
                }
                other => panic!("case {i}: {other:?}"),
            }
            assert!(!s.path_of("board").exists());
        }
        let _ = std::fs::remove_dir_all(&s.dir);
    }

    #[test]
    fn an_interrupted_write_leaves_the_old_document_readable() {
        let s = temp_store("interrupted");
        s.save("board", &doc()).unwrap();
        // A kill between creating the temp file and the rename leaves a partial temp file.
        let mut newer = doc();
        newer.best = 9999.0;
        let text = to_ron(&newer).unwrap();
        std::fs::write(s.temp_path_for_test("board"), &text[..text.len() / 3]).unwrap();
        assert_eq!(s.load::<Doc>("board"), Loaded::Ok(doc()));
        // the next save replaces both the stale temp file and the document
        s.save("board", &newer).unwrap();
        assert_eq!(s.load::<Doc>("board"), Loaded::Ok(newer));
        assert!(!s.temp_path_for_test("board").exists());
        let _ = std::fs::remove_dir_all(&s.dir);
    }

    impl Store {
        fn temp_path_for_test(&self, name: &str) -> std::path::PathBuf {
            self.dir.join(format!("{name}.ron.tmp"))
        }
    }
}
