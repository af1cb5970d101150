//! The files `file://` and `fileb://` read: the player's home directory (`~/`), a small
//! in-memory area holding the files the game ships (`assets/home/`), and — for a headless
//! commands file — the directory the commands file lies in. Errors read like aws-cli v2's
//! ("Unable to load paramfile …: [Errno 2] No such file or directory: '…'").

use std::collections::BTreeMap;
use std::path::PathBuf;

/// Where `file://` paths are looked up.
#[derive(Clone, Debug, Default)]
pub struct FileArea {
    /// A directory on disk: relative paths and `~/` are read from it (headless runs).
    dir: Option<PathBuf>,
    /// Files held in memory, by path relative to the home directory.
    files: BTreeMap<String, Vec<u8>>,
}

/// The files every player finds in `~/` (embedded: the web and kiosk builds need no disk).
const SHIPPED: &[(&str, &str)] = &[
    ("README.txt", include_str!("../../assets/home/README.txt")),
    (
        "user-data.sh",
        include_str!("../../assets/home/user-data.sh"),
    ),
    (
        "target-tracking.json",
        include_str!("../../assets/home/target-tracking.json"),
    ),
];

impl FileArea {
    /// No files at all: every `file://` path is missing.
    pub fn empty() -> Self {
        Self::default()
    }

    /// The player's home directory in the game: the shipped files, in memory.
    pub fn home() -> Self {
        let mut area = Self::default();
        for (name, text) in SHIPPED {
            area.files
                .insert(name.to_string(), text.as_bytes().to_vec());
        }
        area
    }

    /// A headless commands file's area: the shipped home files, then `dir` on disk (a file
    /// there of the same name wins).
    pub fn directory(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: Some(dir.into()),
            ..Self::home()
        }
    }

    /// Adds (or replaces) a file in memory, `path` relative to the home directory.
    pub fn with_file(mut self, path: &str, contents: impl Into<Vec<u8>>) -> Self {
        self.files
            .insert(normalise(path).to_string(), contents.into());
        self
    }

    /// The names of the files held in memory, sorted.
    pub fn names(&self) -> Vec<&str> {
        self.files.keys().map(String::as_str).collect()
    }

    /// The bytes of `path` (as written after `file://`), or aws-cli's reason why not.
    pub fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        let missing = || format!("[Errno 2] No such file or directory: '{path}'");
        if path.is_empty() {
            return Err(missing());
        }
        let key = normalise(path);
        if let Some(dir) = &self.dir {
            let on_disk = if path.starts_with('/') {
                PathBuf::from(path)
            } else {
                dir.join(key)
            };
            if on_disk.is_dir() {
                return Err(format!("[Errno 21] Is a directory: '{path}'"));
            }
            if let Ok(bytes) = std::fs::read(&on_disk) {
                return Ok(bytes);
            }
        }
        if key.is_empty()
            || key.ends_with('/')
            || self.files.keys().any(|k| k.starts_with(&format!("{key}/")))
        {
            return Err(format!("[Errno 21] Is a directory: '{path}'"));
        }
        self.files.get(key).cloned().ok_or_else(missing)
    }

    /// The value an option's word stands for: the file's text for `file://` and
    /// `fileb://`, the word itself otherwise. `None` when the word names no file.
    pub(crate) fn resolve(&self, word: &str) -> Option<Result<String, String>> {
        let (prefix, path) = if let Some(p) = word.strip_prefix("file://") {
            ("file://", p)
        } else if let Some(p) = word.strip_prefix("fileb://") {
            ("fileb://", p)
        } else {
            return None;
        };
        let failed = |why: String| format!("Unable to load paramfile {word}: {why}");
        Some(match self.read(path) {
            Err(why) => Err(failed(why)),
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
                failed(if prefix == "file://" {
                    "the file is not UTF-8 text".into()
                } else {
                    "binary contents are not modelled in GameDay: every value is text".into()
                })
            }),
        })
    }
}

/// `~/a`, `./a` and `a` name the same file of the home directory.
fn normalise(path: &str) -> &str {
    let mut p = path;
    loop {
        if let Some(rest) = p.strip_prefix("~/") {
            p = rest;
        } else if let Some(rest) = p.strip_prefix("./") {
            p = rest;
        } else {
            return p;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_home_directory_holds_the_shipped_files() {
        let home = FileArea::home();
        assert_eq!(
            home.names(),
            ["README.txt", "target-tracking.json", "user-data.sh"]
        );
        let script = home.read("~/user-data.sh").unwrap();
        assert!(String::from_utf8(script).unwrap().contains("WORKERS=2"));
        assert_eq!(home.read("./user-data.sh"), home.read("user-data.sh"));
    }

    #[test]
    fn a_missing_file_is_reported_like_aws_cli() {
        let home = FileArea::home();
        assert_eq!(
            home.resolve("file://nope.json"),
            Some(Err(
                "Unable to load paramfile file://nope.json: [Errno 2] No such file or directory: 'nope.json'"
                    .into()
            ))
        );
        assert_eq!(
            FileArea::empty()
                .resolve("fileb://~/x")
                .unwrap()
                .unwrap_err(),
            "Unable to load paramfile fileb://~/x: [Errno 2] No such file or directory: '~/x'"
        );
        assert!(home.resolve("file://").unwrap().is_err());
        assert!(home.resolve("plain").is_none());
        let binary = FileArea::empty().with_file("b.bin", vec![0xff, 0xfe]);
        assert!(
            binary
                .resolve("file://b.bin")
                .unwrap()
                .unwrap_err()
                .contains("not UTF-8")
        );
    }

    #[test]
    fn a_directory_on_disk_is_read_relative_to_itself() {
        let dir = std::env::temp_dir().join(format!("gameday-files-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("policy.json"), "{\"TargetValue\": 40}").unwrap();
        let area = FileArea::directory(&dir);
        assert_eq!(
            area.resolve("file://policy.json"),
            Some(Ok("{\"TargetValue\": 40}".into()))
        );
        assert_eq!(
            area.resolve("file://~/policy.json"),
            area.resolve("file://policy.json")
        );
        assert!(
            area.resolve("file://sub")
                .unwrap()
                .unwrap_err()
                .contains("[Errno 21] Is a directory")
        );
        // the shipped home files are there too
        assert!(area.resolve("file://user-data.sh").unwrap().is_ok());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
