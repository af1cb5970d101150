//! The headless runner: a scenario, a seed and an optional commands file in, a report out,
//! as fast as the CPU allows. Tests, benchmarks and tools rely on this contract.

mod report;

pub use report::{Report, human_summary};

use crate::awscli::{FileArea, answer_text, parse_request_in, parse_script_in};
use crate::bots::{Autopilot, Bot};
use crate::scenario::{self, Scenario};
use crate::sim::api::{CommandQueue, CommandResults};
use crate::sim::clock::SimClock;
use crate::sim::command::{CallerContext, Command, Principal, Ticket};
use crate::sim::round::start_round;
use bevy::prelude::*;

/// What to run.
#[derive(Clone, Debug)]
pub struct HeadlessOptions {
    pub scenario: String,
    pub seed: u64,
    /// Stop after this many simulated minutes (default: the scenario's duration).
    pub minutes: Option<u32>,
    /// `MM:SS aws …` lines, already parsed, with the file they came from.
    pub commands: Vec<(u32, Command)>,
    /// A bot playing alongside (or instead of) the commands.
    pub autopilot: Option<Autopilot>,
}

/// Input that cannot be run (exit code 2): a bad scenario, commands file or option.
#[derive(Debug)]
pub struct BadInput(pub Vec<String>);

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.join("\n"))
    }
}

/// Reads and parses a commands file; errors name the file and line.
pub fn read_commands_file(path: &str) -> Result<Vec<(u32, Command)>, BadInput> {
    let text =
        crate::data::input::read_text_file(path).map_err(|e| BadInput(vec![e.to_string()]))?;
    let script = parse_script_in(&text, &files_of(path))
        .map_err(|e| BadInput(vec![format!("{path}: {e}")]))?;
    Ok(script.into_iter().map(|(at, _, cmd)| (at, cmd)).collect())
}

/// Reads a commands file keeping each command's text: `(time, text)` and the commands, in
/// the same order (for `--transcript`).
#[allow(clippy::type_complexity)]
pub fn read_script(path: &str) -> Result<(Vec<(u32, Command)>, Vec<String>), BadInput> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| BadInput(vec![format!("{path}: cannot read it: {e}")]))?;
    let script = parse_script_in(&text, &files_of(path))
        .map_err(|e| BadInput(vec![format!("{path}: {e}")]))?;
    Ok(script
        .into_iter()
        .map(|(at, line, cmd)| ((at, cmd), line))
        .unzip())
}

/// What `file://` reads for a commands file: paths relative to the file's directory (and
/// `~/` there too), then the home directory the game ships.
pub fn files_of(commands_file: &str) -> FileArea {
    let dir = std::path::Path::new(commands_file)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(
            || std::path::PathBuf::from("."),
            std::path::Path::to_path_buf,
        );
    FileArea::directory(dir)
}

/// An App with the simulation only (no window, no GPU).
pub fn headless_app() -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .add_plugins(crate::sim::plugin);
    app.finish();
    app.cleanup();
    app
}

/// Loads a scenario and starts it in a fresh headless App.
pub fn start(name_or_path: &str, seed: u64) -> Result<App, BadInput> {
    let scenario = scenario::load(name_or_path)
        .map_err(|errs| BadInput(errs.iter().map(|e| e.to_string()).collect()))?;
    start_loaded(scenario, seed)
}

pub fn start_loaded(scenario: Scenario, seed: u64) -> Result<App, BadInput> {
    let mut app = headless_app();
    start_round(app.world_mut(), scenario, seed).map_err(|e| BadInput(vec![e.to_string()]))?;
    Ok(app)
}

/// Runs ticks until `until` simulated seconds, feeding commands due at or before each tick;
/// returns the tickets of the commands it fed, in order.
pub fn run_until(
    app: &mut App,
    commands: &[(u32, Command)],
    next: &mut usize,
    until: f64,
) -> Vec<Ticket> {
    let mut tickets = Vec::new();
    let world = app.world_mut();
    loop {
        let clock = world.resource::<SimClock>();
        if clock.now >= until || clock.finished() {
            break;
        }
        let now = clock.now;
        // `aws … wait` blocks the terminal: later commands wait for the waiter's answer
        while *next < commands.len()
            && commands[*next].0 as f64 <= now
            && !crate::sim::waiters::player_waiting(world)
        {
            let cmd = commands[*next].1.clone();
            let waits = matches!(cmd, Command::Wait { .. });
            tickets.push(world.resource_mut::<CommandQueue>().push(
                Principal::Player,
                CallerContext::default(),
                cmd,
            ));
            *next += 1;
            if waits {
                // its first poll runs this tick; nothing after it before then
                break;
            }
        }
        crate::sim::step(world);
    }
    tickets
}

/// Runs a whole headless game and reports.
pub fn run(opts: &HeadlessOptions) -> Result<Report, BadInput> {
    run_app(opts).map(|(report, _, _)| report)
}

/// Runs a whole headless game and reports, with the transcript of the player's commands:
/// each of `lines` (the commands' text, in the order of `opts.commands`) after `$ `, as the
/// in-game terminal echoes it, then what the terminal printed for its answer.
pub fn run_with_transcript(
    opts: &HeadlessOptions,
    lines: &[String],
) -> Result<(Report, String), BadInput> {
    let (report, app, tickets) = run_app(opts)?;
    Ok((report, transcript(app.world(), opts, lines, &tickets)))
}

/// The transcript of the commands fed so far (see [`run_with_transcript`]).
pub fn transcript(
    world: &World,
    opts: &HeadlessOptions,
    lines: &[String],
    tickets: &[Ticket],
) -> String {
    let results = world.resource::<CommandResults>();
    let mut out = String::new();
    for (i, ((at, cmd), line)) in opts.commands.iter().zip(lines).enumerate() {
        let answer = match tickets.get(i).and_then(|&t| results.get(t)) {
            Some(a) => {
                // the line parsed when the file was read: its output options parse too
                let output = parse_request_in(line, &FileArea::home())
                    .map(|(_, o)| o)
                    .unwrap_or_default();
                answer_text(cmd.event_name(), &a.result, &output)
            }
            None => "(not run: the round ended first)".to_string(),
        };
        out.push_str(&format!(
            "# {:02}:{:02}\n$ {line}\n{answer}\n",
            at / 60,
            at % 60
        ));
    }
    out
}

fn run_app(opts: &HeadlessOptions) -> Result<(Report, App, Vec<Ticket>), BadInput> {
    let mut app = start(&opts.scenario, opts.seed)?;
    let duration = app.world().resource::<SimClock>().duration;
    // A command after the scenario's end would never run: say so instead of dropping it.
    let late: Vec<String> = opts
        .commands
        .iter()
        .enumerate()
        .filter(|(_, (at, _))| f64::from(*at) >= duration)
        .map(|(k, (at, cmd))| {
            format!(
                "command {} (`{}` at {at} s) is timed at or after the scenario's end ({} \
                 minutes): it would never run",
                k + 1,
                crate::awscli::to_cli(cmd),
                duration / 60.0
            )
        })
        .collect();
    if !late.is_empty() {
        return Err(BadInput(late));
    }
    let until = opts
        .minutes
        .map(|m| (m as f64 * 60.0).min(duration))
        .unwrap_or(duration);
    let mut next = 0;
    let mut tickets = Vec::new();
    match opts.autopilot {
        None => tickets = run_until(&mut app, &opts.commands, &mut next, until),
        Some(level) => {
            let scenario = app.world().resource::<Scenario>().clone();
            let mut bot = Bot::new(level, &scenario, level.name());
            loop {
                let now = app.world().resource::<SimClock>().now;
                if now >= until || app.world().resource::<SimClock>().finished() {
                    break;
                }
                bot.act(app.world_mut());
                tickets.extend(run_until(&mut app, &opts.commands, &mut next, now + 1e-9));
            }
        }
    }
    let mut report = Report::from_world(app.world_mut(), opts.seed);
    let score = report.json["score"].as_f64().unwrap_or(0.0);
    let medal = app.world().resource::<Scenario>().medals.award(score);
    report.json["medal"] = serde_json::json!(medal);
    if let Some(level) = opts.autopilot {
        report.json["autopilot"] = serde_json::json!(level.name());
    }
    Ok((report, app, tickets))
}

/// One finished round: its score and the medal it earned.
#[derive(Clone, Debug, PartialEq)]
pub struct RoundResult {
    pub score: f64,
    pub medal: Option<&'static str>,
}

/// Plays a whole round of `scenario` with a bot.
pub fn play_bot(scenario: &str, seed: u64, level: Autopilot) -> Result<RoundResult, BadInput> {
    let report = run(&HeadlessOptions {
        scenario: scenario.to_string(),
        seed,
        minutes: None,
        commands: vec![],
        autopilot: Some(level),
    })?;
    let s = scenario::load(scenario)
        .map_err(|errs| BadInput(errs.iter().map(|e| e.to_string()).collect()))?;
    let score = report.json["score"].as_f64().unwrap_or(0.0);
    Ok(RoundResult {
        score,
        medal: s.medals.award(score),
    })
}

/// The balance table: every embedded scenario × bot × seed 1–5 → score (and medal).
pub fn balance_table() -> Result<String, BadInput> {
    let mut out = String::from(
        "scenario            bot      seed 1      seed 2      seed 3      seed 4      seed 5   medals\n",
    );
    for (id, _) in scenario::EMBEDDED {
        for level in Autopilot::ALL {
            let mut row = format!("{id:<19} {:<7}", level.name());
            let mut medals = Vec::new();
            for seed in 1..=5 {
                let r = play_bot(id, seed, level)?;
                row.push_str(&format!(" {:>11.0}", r.score));
                medals.push(r.medal.unwrap_or("-"));
            }
            row.push_str(&format!("   {}\n", medals.join(",")));
            out.push_str(&row);
        }
    }
    Ok(out)
}
