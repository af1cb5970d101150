//! Bounded reading of text inputs (scenarios, commands files, saves, replays): a file over
//! 16 MiB is refused before it is read, a line over 64 KiB is refused, a UTF-8 byte-order
//! mark is skipped, and every refusal names the file, line and column.

use std::io::Read;

/// The largest text file the game reads.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// The longest line the game reads (bytes, without the line break).
pub const MAX_LINE_BYTES: usize = 64 * 1024;
/// The UTF-8 byte-order mark some editors write at the start of a file.
pub const BOM: char = '\u{feff}';

/// Why a text input was refused, and where (1-based line and column; column in characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for InputError {}

fn at(file: &str, line: usize, column: usize, message: String) -> InputError {
    InputError {
        file: file.to_string(),
        line,
        column,
        message,
    }
}

/// The text without a leading byte-order mark.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix(BOM).unwrap_or(text)
}

/// Skips a byte-order mark and refuses text with a line longer than [`MAX_LINE_BYTES`].
pub fn check_text<'t>(text: &'t str, file: &str) -> Result<&'t str, InputError> {
    let text = strip_bom(text);
    for (n, line) in text.split('\n').enumerate() {
        if line.len() > MAX_LINE_BYTES {
            let mut cut = MAX_LINE_BYTES;
            while !line.is_char_boundary(cut) {
                cut -= 1;
            }
            return Err(at(
                file,
                n + 1,
                line[..cut].chars().count() + 1,
                format!(
                    "the line is {} bytes long; lines longer than {} KiB are refused",
                    line.len(),
                    MAX_LINE_BYTES / 1024
                ),
            ));
        }
    }
    Ok(text)
}

/// Checks raw bytes as UTF-8 text: the error names the line and column of the first bad byte.
pub fn text_of_bytes(bytes: Vec<u8>, file: &str) -> Result<String, InputError> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let bytes = e.as_bytes();
            let bad = e.utf8_error().valid_up_to();
            let good = std::str::from_utf8(&bytes[..bad]).unwrap_or("");
            let line = good.matches('\n').count() + 1;
            let column = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err(at(
                file,
                line,
                column,
                format!(
                    "the file is not UTF-8 text (invalid byte 0x{:02x})",
                    bytes.get(bad).copied().unwrap_or(0)
                ),
            ))
        }
    }
}

/// Reads at most [`MAX_FILE_BYTES`] from `path`; a bigger file (or an endless one such as
/// `/dev/zero`) is refused without reading more than that.
pub fn read_bounded_bytes(path: &str) -> Result<Vec<u8>, InputError> {
    let file =
        std::fs::File::open(path).map_err(|e| at(path, 1, 1, format!("cannot read it: {e}")))?;
    if let Ok(meta) = file.metadata()
        && meta.is_file()
        && meta.len() > MAX_FILE_BYTES
    {
        return Err(too_big(path, meta.len()));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| at(path, 1, 1, format!("cannot read it: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(at(
            path,
            1,
            1,
            format!(
                "the file is longer than {} MiB; refused",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    Ok(bytes)
}

fn too_big(path: &str, len: u64) -> InputError {
    at(
        path,
        1,
        1,
        format!(
            "the file is {len} bytes; files larger than {} MiB are refused before reading",
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
}

/// Reads a text file with every bound: size, UTF-8, byte-order mark, line length.
pub fn read_text_file(path: &str) -> Result<String, InputError> {
    let text = text_of_bytes(read_bounded_bytes(path)?, path)?;
    check_text(&text, path)?;
    Ok(match text.strip_prefix(BOM) {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str, bytes: &[u8]) -> String {
        let dir = std::env::temp_dir().join(format!("gameday-input-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path.display().to_string()
    }

    #[test]
    fn a_bom_is_skipped() {
        let path = temp("bom.txt", "\u{feff}hello\n".as_bytes());
        assert_eq!(read_text_file(&path).unwrap(), "hello\n");
        assert_eq!(check_text("\u{feff}x", "f").unwrap(), "x");
    }

    #[test]
    fn a_line_over_64_kib_is_refused_with_file_line_and_column() {
        let text = format!("ok\n{}\n", "a".repeat(MAX_LINE_BYTES + 1));
        let e = check_text(&text, "x.commands").unwrap_err();
        assert_eq!((e.line, e.column), (2, MAX_LINE_BYTES + 1));
        assert!(e.to_string().starts_with("x.commands:2:65537: "), "{e}");
        assert!(e.message.contains("64 KiB"), "{e}");
        let fits = format!("{}\n", "a".repeat(MAX_LINE_BYTES));
        assert!(check_text(&fits, "x").is_ok());
    }

    #[test]
    fn a_file_over_16_mib_is_refused_before_reading() {
        let path = temp("big.txt", &vec![b'a'; MAX_FILE_BYTES as usize + 1]);
        let e = read_text_file(&path).unwrap_err();
        assert_eq!((e.line, e.column), (1, 1));
        assert!(e.message.contains("refused before reading"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn dev_zero_is_refused_after_16_mib_not_read_until_memory_runs_out() {
        let e = read_text_file("/dev/zero").unwrap_err();
        assert!(e.message.contains("longer than 16 MiB"), "{e}");
        assert!(e.to_string().starts_with("/dev/zero:1:1: "), "{e}");
    }

    #[test]
    fn non_utf8_names_line_and_column() {
        let e = text_of_bytes(b"ab\ncd\xffe".to_vec(), "f.ron").unwrap_err();
        assert_eq!((e.line, e.column), (2, 3));
        assert!(e.message.contains("0xff"));
    }

    #[test]
    fn a_missing_file_is_an_error_naming_it() {
        let e = read_text_file("/nonexistent/gameday.ron").unwrap_err();
        assert!(
            e.to_string().starts_with("/nonexistent/gameday.ron:"),
            "{e}"
        );
    }
}
