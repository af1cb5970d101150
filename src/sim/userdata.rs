//! Runs a launch template's user-data script the way cloud-init would, line by line, and
//! says what the instance ends up doing: whether the app runs, on which port, with how many
//! workers, with which database — plus the console log a player can read to find the bug.

use crate::scenario::AppSpec;

/// What a user-data script does when an instance boots.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BootPlan {
    pub app_running: bool,
    pub port: u16,
    pub workers: u32,
    /// `DB_HOST` points at the real database.
    pub db_ok: bool,
    /// Seconds the script takes.
    pub script_seconds: f64,
    /// What `/var/log/cloud-init-output.log` would show.
    pub log: Vec<String>,
    /// The line that broke the boot, if one did.
    pub failure: Option<String>,
    /// The script starts a cryptominer (GuardDuty's finding; read once, at launch).
    pub runs_miner: bool,
}

/// Words in a user-data script that mean a cryptominer (its binary or its pool protocol).
const MINER_MARKERS: [&str; 3] = ["xmrig", "stratum+tcp://", "minerd"];

/// True if a user-data script starts a miner (GuardDuty's finding; the findings read it).
pub fn runs_miner(user_data: &str) -> bool {
    let text = user_data.as_bytes();
    MINER_MARKERS.iter().any(|m| {
        text.windows(m.len())
            .any(|w| w.eq_ignore_ascii_case(m.as_bytes()))
    })
}

/// Interprets `script` for `app`.
pub fn plan_boot(script: &str, app: &AppSpec) -> BootPlan {
    let mut plan = BootPlan {
        port: app.port,
        workers: 1,
        runs_miner: runs_miner(script),
        ..Default::default()
    };
    let mut lines = script.lines().enumerate().peekable();
    let first = lines.peek().map(|(_, l)| l.trim()).unwrap_or("");
    if !(first.starts_with("#!/bin/bash") || first.starts_with("#!/bin/sh")) {
        plan.log.push(
            "cloud-init: user-data does not start with #!/bin/bash; it was not run as a script"
                .into(),
        );
        plan.failure = Some("missing #!/bin/bash on the first line".into());
        return plan;
    }
    let mut errexit = false;
    let mut installed = false;
    let mut db_host: Option<String> = None;
    // What the service read from its environment when it started (None until it starts).
    let mut started_with: Option<(u16, u32, Option<String>)> = None;
    for (index, raw) in lines {
        let line = raw.trim();
        let n = index + 1;
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let status: Result<(), String> = match words.as_slice() {
            ["set", flags @ ..] => {
                if flags.iter().any(|f| f.starts_with('-') && f.contains('e')) {
                    errexit = true;
                }
                Ok(())
            }
            [mgr, "install", rest @ ..] if matches!(*mgr, "yum" | "dnf" | "apt-get") => {
                let pkgs: Vec<&str> = rest
                    .iter()
                    .copied()
                    .filter(|w| !w.starts_with('-'))
                    .collect();
                match pkgs.iter().find(|p| **p != app.package) {
                    Some(bad) => Err(format!(
                        "No match for argument: {bad}\nError: Unable to find a match: {bad}"
                    )),
                    None => {
                        plan.script_seconds += app.install_seconds;
                        installed = installed || pkgs.contains(&app.package.as_str());
                        plan.log.push(format!("Installed: {}", pkgs.join(" ")));
                        Ok(())
                    }
                }
            }
            ["sleep", secs] => {
                plan.script_seconds += secs.parse::<f64>().unwrap_or(0.0).clamp(0.0, 3600.0);
                Ok(())
            }
            ["echo", ..] => {
                if let Some((key, value)) = echoed_setting(line) {
                    apply_setting(&key, &value, &mut plan, &mut db_host);
                } else {
                    plan.log.push(echo_text(line));
                }
                Ok(())
            }
            ["systemctl", verb, rest @ ..] if matches!(*verb, "start" | "enable" | "restart") => {
                let unit = rest
                    .iter()
                    .copied()
                    .find(|w| !w.starts_with('-'))
                    .unwrap_or("");
                let unit_name = unit.trim_end_matches(".service");
                let starts = *verb != "enable" || rest.contains(&"--now");
                if unit_name != app.service || !installed {
                    Err(format!(
                        "Failed to {verb} {unit_name}.service: Unit {unit_name}.service not found."
                    ))
                } else {
                    if starts {
                        plan.app_running = true;
                        started_with.get_or_insert((plan.port, plan.workers, db_host.clone()));
                        plan.script_seconds += app.start_seconds;
                        plan.log.push(format!("Started {unit_name}.service."));
                    }
                    Ok(())
                }
            }
            [assignment, ..] if assignment.contains('=') || *assignment == "export" => {
                let text = line.trim_start_matches("export").trim();
                if let Some((k, v)) = text.split_once('=') {
                    apply_setting(k.trim(), unquote(v.trim()), &mut plan, &mut db_host);
                }
                Ok(())
            }
            [cmd, ..] => Err(format!("{cmd}: command not found")),
            [] => Ok(()),
        };
        if let Err(message) = status {
            plan.log.push(format!(
                "/var/lib/cloud/instance/scripts/part-001: line {n}: {message}"
            ));
            if errexit {
                plan.log.push(
                    "cloud-init: the script exited with an error; later lines did not run".into(),
                );
                plan.failure = Some(format!("line {n}: {line}"));
                plan.app_running = false;
                break;
            }
            plan.failure.get_or_insert(format!("line {n}: {line}"));
        }
    }
    // A service reads its environment when it starts: settings written later do not apply.
    if let Some((port, workers, host)) = started_with {
        plan.port = port;
        plan.workers = workers;
        db_host = host;
    }
    plan.db_ok = db_host.as_deref().is_none_or(|h| h == app.db_host);
    if plan.app_running {
        plan.log.push(format!(
            "{} listening on port {} with {} worker(s)",
            app.service, plan.port, plan.workers
        ));
    }
    plan
}

fn unquote(v: &str) -> &str {
    v.trim_matches('"').trim_matches('\'')
}

fn echo_text(line: &str) -> String {
    unquote(line.trim_start_matches("echo").trim()).to_string()
}

/// `echo "KEY=VALUE" >> /etc/…` writes a setting into the app's environment file.
fn echoed_setting(line: &str) -> Option<(String, String)> {
    let (text, target) = line.split_once('>')?;
    if !target.trim_start_matches('>').trim().starts_with("/etc/") {
        return None;
    }
    let body = echo_text(text.trim());
    let (k, v) = body.split_once('=')?;
    Some((k.trim().to_string(), unquote(v.trim()).to_string()))
}

fn apply_setting(key: &str, value: &str, plan: &mut BootPlan, db_host: &mut Option<String>) {
    match key {
        "APP_PORT" | "PORT" => {
            if let Ok(p) = value.parse() {
                plan.port = p;
            }
        }
        "WORKERS" | "WEB_CONCURRENCY" => {
            if let Ok(w) = value.parse::<u32>() {
                plan.workers = w.clamp(1, 64);
            }
        }
        "DB_HOST" => *db_host = Some(value.to_string()),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app() -> AppSpec {
        AppSpec {
            package: "unicorn-rentals".into(),
            service: "unicorn-rentals".into(),
            port: 80,
            db_host: "db.internal".into(),
            install_seconds: 20.0,
            start_seconds: 5.0,
        }
    }

    #[test]
    fn a_good_script_starts_the_app() {
        let p = plan_boot(
            "#!/bin/bash\nset -e\nyum install -y unicorn-rentals\necho \"DB_HOST=db.internal\" >> /etc/unicorn-rentals.env\nsystemctl enable --now unicorn-rentals\n",
            &app(),
        );
        assert!(p.app_running && p.db_ok && p.failure.is_none(), "{p:?}");
        assert_eq!(p.script_seconds, 25.0);
    }

    #[test]
    fn a_typo_in_the_unit_name_leaves_the_app_down_and_says_why() {
        let p = plan_boot(
            "#!/bin/bash\nset -e\nyum install -y unicorn-rentals\nsystemctl start unicorn-rental\n",
            &app(),
        );
        assert!(!p.app_running);
        assert!(
            p.log
                .iter()
                .any(|l| l.contains("Unit unicorn-rental.service not found")),
            "{:?}",
            p.log
        );
        assert!(p.failure.unwrap().starts_with("line 4"));
    }

    #[test]
    fn a_wrong_database_host_keeps_the_app_up_but_broken() {
        let p = plan_boot(
            "#!/bin/bash\nyum install -y unicorn-rentals\nexport DB_HOST=localhost\nexport WORKERS=4\nsystemctl start unicorn-rentals\n",
            &app(),
        );
        assert!(p.app_running && !p.db_ok);
        assert_eq!(p.workers, 4);
    }

    #[test]
    fn settings_written_after_the_service_started_do_not_apply() {
        let p = plan_boot(
            "#!/bin/bash\nyum install -y unicorn-rentals\nsystemctl start unicorn-rentals\necho \"WORKERS=4\" >> /etc/unicorn-rentals.env\n",
            &app(),
        );
        assert!(p.app_running);
        assert_eq!(
            p.workers, 1,
            "the app started with the default of one worker"
        );
    }

    #[test]
    fn no_shebang_means_nothing_runs() {
        assert!(!plan_boot("yum install -y unicorn-rentals", &app()).app_running);
    }
}
