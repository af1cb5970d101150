//! Leaderboard names typed at the booth: 3–10 letters or digits, no control characters, and
//! nothing rude (checked after undoing the usual letter-for-digit disguises).

/// Why a name was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameError {
    TooShort,
    TooLong,
    /// A character outside A–Z, 0–9 (control characters included).
    BadCharacter,
    Rude,
}

pub const MIN_LEN: usize = 3;
pub const MAX_LEN: usize = 10;

/// Words refused anywhere inside a name (English, and romanised Korean swearing).
const BLOCKED_INSIDE: &[&str] = &[
    "FUCK",
    "FUK",
    "FCK",
    "SHIT",
    "CUNT",
    "DICK",
    "COCK",
    "PUSSY",
    "BITCH",
    "WHORE",
    "SLUT",
    "NIGG",
    "NIGA",
    "FAGG",
    "RAPE",
    "NAZI",
    "HITLER",
    "PENIS",
    "VAGINA",
    "TWAT",
    "WANK",
    "ANUS",
    "BOOB",
    "PORN",
    "JIZZ",
    "DILDO",
    "ASSHOLE",
    "SIBAL",
    "SSIBAL",
    "SHIBAL",
    "SIBBAL",
    "BYUNGSIN",
    "BYEONGSIN",
    "GAESAEKI",
    "GAESAEKKI",
    "JOTBAP",
    "JIRAL",
    "NIGGER",
];

/// Short words refused only as the whole name (they hide inside innocent names: CLASS).
const BLOCKED_WHOLE: &[&str] = &[
    "ASS", "FAG", "CUM", "SEX", "KKK", "TIT", "TITS", "JOT", "XXX", "POO", "PEE", "GAY", "SS",
    "SSS", "HOE", "KYS",
];

/// Undoes digit/symbol disguises (5H1T → SHIT) and drops repeated letters' echo.
fn normalise(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '0' => 'O',
            '1' => 'I',
            '3' => 'E',
            '4' => 'A',
            '5' => 'S',
            '6' => 'G',
            '7' => 'T',
            '8' => 'B',
            '9' => 'G',
            c => c,
        })
        .collect()
}

fn squeeze(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// Checks a typed name; returns it upper-cased and trimmed when acceptable.
pub fn check_name(raw: &str) -> Result<String, NameError> {
    let name: String = raw.trim().to_uppercase();
    if name.chars().any(|c| !c.is_ascii_alphanumeric()) {
        return Err(NameError::BadCharacter);
    }
    let n = name.chars().count();
    if n < MIN_LEN {
        return Err(NameError::TooShort);
    }
    if n > MAX_LEN {
        return Err(NameError::TooLong);
    }
    let plain = normalise(&name);
    // "I" also stands for "L" and "1": check both readings
    let variants = [plain.clone(), plain.replace('I', "L"), squeeze(&plain)];
    for v in &variants {
        if BLOCKED_INSIDE.iter().any(|w| v.contains(w)) || BLOCKED_WHOLE.contains(&v.as_str()) {
            return Err(NameError::Rude);
        }
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_names_pass_upper_cased() {
        assert_eq!(check_name("ada"), Ok("ADA".into()));
        assert_eq!(check_name(" Grace99 "), Ok("GRACE99".into()));
        assert_eq!(check_name("CLASS"), Ok("CLASS".into()));
        assert_eq!(check_name("SUSSEX"), Ok("SUSSEX".into()));
    }

    #[test]
    fn length_and_characters_are_enforced() {
        assert_eq!(check_name("AB"), Err(NameError::TooShort));
        assert_eq!(check_name("ABCDEFGHIJK"), Err(NameError::TooLong));
        assert_eq!(check_name("AB\u{7}C"), Err(NameError::BadCharacter));
        assert_eq!(check_name("A\nBC"), Err(NameError::BadCharacter));
        assert_eq!(check_name("AB\u{202e}CD"), Err(NameError::BadCharacter));
        assert_eq!(check_name("한글이름"), Err(NameError::BadCharacter));
        assert_eq!(check_name("A B C"), Err(NameError::BadCharacter));
    }

    #[test]
    fn rude_names_are_refused_even_disguised() {
        for bad in [
            "FUCK", "xfuckx", "5H1T", "sh1t", "ASS", "B1TCH", "SIBAL", "SSIBAL", "KKK",
        ] {
            assert_eq!(check_name(bad), Err(NameError::Rude), "{bad}");
        }
    }
}
