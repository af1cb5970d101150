//! Timed command scripts: lines of `MM:SS aws …` (or `HH:MM:SS aws …`) run at those times.

use super::files::FileArea;
use super::parse::parse_request_in;
use super::shell;
use crate::sim::command::Command;

/// Why a commands file was refused, and on which (1-based) line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandsFileError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for CommandsFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for CommandsFileError {}

/// `MM:SS` or `HH:MM:SS` as seconds. Minutes in `MM:SS` may exceed 59 (`90:00`).
fn parse_time(text: &str) -> Result<u32, String> {
    let bad = || format!("invalid time '{text}': expected MM:SS or HH:MM:SS, e.g. 02:30");
    let parts: Vec<u32> = text
        .split(':')
        .map(|p| {
            if !p.is_empty() && p.len() <= 6 && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        })
        .collect::<Result<_, _>>()?;
    match parts[..] {
        [m, s] if s < 60 => Ok(m * 60 + s),
        [h, m, s] if m < 60 && s < 60 => Ok(h * 3600 + m * 60 + s),
        _ => Err(bad()),
    }
}

fn format_time(seconds: u32) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// Parses a commands file: one `MM:SS aws …` command per line, `#` comment lines and
/// blank lines skipped. A command continues onto the next line after a trailing
/// backslash or while a quote is open. Times must never go backwards.
pub fn parse_commands_file(text: &str) -> Result<Vec<(u32, Command)>, CommandsFileError> {
    Ok(parse_script(text)?
        .into_iter()
        .map(|(at, _, cmd)| (at, cmd))
        .collect())
}

/// [`parse_commands_file`] keeping each command's own text (without its time), as typed:
/// what a transcript shows after `$ `.
pub fn parse_script(text: &str) -> Result<Vec<(u32, String, Command)>, CommandsFileError> {
    parse_script_in(text, &FileArea::home())
}

/// [`parse_script`] with `file://` paths read from `files` (a headless run: the commands
/// file's directory).
pub fn parse_script_in(
    text: &str,
    files: &FileArea,
) -> Result<Vec<(u32, String, Command)>, CommandsFileError> {
    let text = crate::data::input::check_text(text, "").map_err(|e| CommandsFileError {
        line: e.line,
        message: format!("column {}: {}", e.column, e.message),
    })?;
    let lines: Vec<&str> = text.lines().collect();
    let mut commands = Vec::new();
    let mut previous: Option<u32> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = i + 1;
        let mut entry = lines[i].to_string();
        i += 1;
        let trimmed = entry.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        // Scanned once, line by line: re-splitting the whole entry at every line was
        // quadratic (an unclosed quote before 40,000 lines took a minute).
        let mut scan = shell::Scan::default();
        scan.feed(&entry);
        while scan.is_incomplete() && i < lines.len() {
            entry.push('\n');
            entry.push_str(lines[i]);
            scan.feed("\n");
            scan.feed(lines[i]);
            i += 1;
        }
        let err = |message: String| CommandsFileError { line, message };
        let body = entry.trim_start();
        let (time, command) = body.split_once(char::is_whitespace).unwrap_or((body, ""));
        let seconds = parse_time(time).map_err(err)?;
        if let Some(prev) = previous.filter(|&p| seconds < p) {
            return Err(err(format!(
                "time {} is earlier than the previous command's time {}; times must not \
                 go backwards",
                format_time(seconds),
                format_time(prev)
            )));
        }
        if command.trim().is_empty() {
            return Err(err(format!("no command after the time {time}")));
        }
        let (cmd, _) = parse_request_in(command, files).map_err(|e| err(e.message))?;
        previous = Some(seconds);
        commands.push((seconds, command.trim().to_string(), cmd));
    }
    Ok(commands)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        assert_eq!(parse_time("00:00"), Ok(0));
        assert_eq!(parse_time("02:30"), Ok(150));
        assert_eq!(parse_time("90:00"), Ok(5400));
        assert_eq!(parse_time("1:02:03"), Ok(3723));
        for bad in [
            "",
            "1",
            "1:60",
            "1:2:3:4",
            "a:00",
            "-1:00",
            "1:60:00",
            "00:+5",
            "9999999:00",
        ] {
            assert!(parse_time(bad).is_err(), "{bad}");
        }
        assert_eq!(format_time(3723), "1:02:03");
        assert_eq!(format_time(150), "02:30");
    }

    #[test]
    fn parses_a_script() {
        let text = "\
# warm-up
00:00 aws ec2 allocate-address

00:30 aws autoscaling set-desired-capacity \\
    --auto-scaling-group-name web \\
    --desired-capacity 4
  # indented comment
01:00:00 aws ec2 run-instances --image-id ami-1 --user-data '#!/bin/bash
echo hi'
01:00:00 aws ec2 delete-subnet --subnet-id subnet-1 # trailing comment
";
        let cmds = parse_commands_file(text).unwrap();
        assert_eq!(cmds.len(), 4);
        assert_eq!(cmds[0], (0, Command::AllocateAddress));
        assert_eq!(
            cmds[1],
            (
                30,
                Command::SetDesiredCapacity {
                    auto_scaling_group_name: "web".into(),
                    desired_capacity: 4,
                    honor_cooldown: false
                }
            )
        );
        assert_eq!(cmds[2].0, 3600);
        match &cmds[2].1 {
            Command::RunInstances { user_data, .. } => {
                assert_eq!(user_data.as_deref(), Some("#!/bin/bash\necho hi"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(cmds[3].0, 3600);
        assert!(parse_commands_file("").unwrap().is_empty());
        assert!(parse_commands_file("\r\n# x\r\n").unwrap().is_empty());
    }

    #[test]
    fn errors_carry_line_numbers() {
        let e =
            parse_commands_file("00:10 aws ec2 allocate-address\n00:05 aws ec2 allocate-address")
                .unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("earlier"), "{e}");
        assert!(e.to_string().starts_with("line 2: time 00:05"));

        let e = parse_commands_file("\n\nsoon aws ec2 allocate-address").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("invalid time 'soon'"));

        let e = parse_commands_file("00:01").unwrap_err();
        assert_eq!(
            (e.line, e.message.as_str()),
            (1, "no command after the time 00:01")
        );

        let e = parse_commands_file("00:01 aws ec2 nope\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("argument operation: Invalid choice"));

        let e = parse_commands_file(
            "00:01 aws ec2 allocate-address\n00:02 aws ec2 run-instances --user-data 'x\n\n",
        )
        .unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("unterminated quote"), "{e}");
    }

    #[test]
    fn an_unclosed_quote_before_40000_lines_is_refused_in_linear_time() {
        let mut text = String::from("00:01 aws ec2 run-instances --user-data 'x\n");
        for _ in 0..40_000 {
            text.push_str("echo line\n");
        }
        let started = std::time::Instant::now();
        let e = parse_commands_file(&text).unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("unterminated quote"), "{e}");
        // was 62 s on main (quadratic); linear, it is milliseconds even in a debug build
        assert!(
            started.elapsed().as_secs_f64() < 2.0,
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn an_option_given_twice_is_an_error_not_the_last_value() {
        let e = parse_commands_file(
            "00:01 aws autoscaling set-desired-capacity --auto-scaling-group-name a \
             --desired-capacity 2 --desired-capacity 40\n",
        )
        .unwrap_err();
        assert_eq!(e.line, 1);
        assert!(
            e.message
                .contains("argument --desired-capacity: given more than once"),
            "{e}"
        );
    }

    #[test]
    fn a_bom_is_skipped_and_a_line_over_64_kib_is_refused() {
        let cmds = parse_commands_file("\u{feff}00:00 aws ec2 allocate-address\n").unwrap();
        assert_eq!(cmds, vec![(0, Command::AllocateAddress)]);
        let long = format!("00:00 aws ec2 allocate-address\n# {}\n", "x".repeat(70_000));
        let e = parse_commands_file(&long).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.to_string().starts_with("line 2: column 65537: "), "{e}");
    }

    #[test]
    fn round_trips_printed_commands() {
        let cmds = vec![
            (5, Command::AllocateAddress),
            (
                65,
                Command::RunInstances {
                    image_id: Some("ami-1".into()),
                    instance_type: None,
                    count: 2,
                    subnet_id: None,
                    security_group_ids: vec![],
                    user_data: Some(
                        "#!/bin/bash\nyum install -y httpd\necho 'it''s up' \\\n".into(),
                    ),
                    launch_template: None,
                    name: Some("web server".into()),
                },
            ),
        ];
        let text: String = cmds
            .iter()
            .map(|(t, c)| format!("{} {}\n", format_time(*t), crate::awscli::print::to_cli(c)))
            .collect();
        assert_eq!(parse_commands_file(&text).unwrap(), cmds);
    }
}
