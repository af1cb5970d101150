//! Command line → what to run: the game window (default), the headless runner, a scenario
//! check, or the benchmark.

use gameday::headless::{self, BadInput, HeadlessOptions};
use std::process::ExitCode;

const USAGE: &str = "usage:
  gameday [--scenario <name|path>] [--seed <u64>] [--play]      the game in a window
  gameday --headless [--scenario <name|path>] [--seed <u64>] [--minutes <n>] [--commands <file>]
                     [--autopilot idle|novice|expert] [--json]
  gameday --check-scenario <path>
  gameday --kiosk [--scenario <attract scenario>]                 the booth kiosk (settings: kiosk.ron)
  gameday --soak-kiosk <booth hours>                              kiosk loop headless: entity count, RSS
  gameday --replay <file.ron>                                    re-run a saved round, print its score
  gameday --balance                                            scenario × bot × seed 1-5 → score
  gameday --bench-sim
  gameday --bench-render [--instances <n>] [--particles <n>] [--seconds <s>] [--commands <file> --at-minute <m>]
  gameday --screenshot <png> [--at-minute <m>] [--instances <n>] [--commands <file>] [--scenario …] [--seed …]";

#[derive(Debug, Default)]
struct Args {
    scenario: Option<String>,
    seed: Option<u64>,
    minutes: Option<u32>,
    commands: Option<String>,
    json: bool,
    headless: bool,
    play: bool,
    check: Option<String>,
    bench_sim: bool,
    replay: Option<String>,
    bench_render: bool,
    instances: Option<u32>,
    particles: Option<usize>,
    seconds: Option<f32>,
    screenshot: Option<String>,
    at_minute: Option<f64>,
    autopilot: Option<gameday::bots::Autopilot>,
    balance: bool,
    kiosk: bool,
    soak: Option<f64>,
}

fn number<T: std::str::FromStr>(name: &str, v: String) -> Result<T, String> {
    v.parse()
        .map_err(|_| format!("{name} expects a number, got '{v}'"))
}

fn parse_args(argv: &[String]) -> Result<Args, String> {
    let mut a = Args::default();
    let mut it = argv.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or(format!("option {name} needs a value"))
        };
        match arg.as_str() {
            "--headless" => a.headless = true,
            "--play" => a.play = true,
            "--kiosk" => a.kiosk = true,
            "--json" => a.json = true,
            "--bench-sim" => a.bench_sim = true,
            "--bench-render" => a.bench_render = true,
            "--instances" => a.instances = Some(number("--instances", value("--instances")?)?),
            "--particles" => a.particles = Some(number("--particles", value("--particles")?)?),
            "--seconds" => a.seconds = Some(number("--seconds", value("--seconds")?)?),
            "--at-minute" => a.at_minute = Some(number("--at-minute", value("--at-minute")?)?),
            "--screenshot" => a.screenshot = Some(value("--screenshot")?),
            "--balance" => a.balance = true,
            "--autopilot" => {
                let v = value("--autopilot")?;
                a.autopilot = Some(gameday::bots::Autopilot::parse(&v).ok_or(format!(
                    "--autopilot expects idle, novice or expert, got '{v}'"
                ))?);
            }
            "--scenario" => a.scenario = Some(value("--scenario")?),
            "--commands" => a.commands = Some(value("--commands")?),
            "--check-scenario" => a.check = Some(value("--check-scenario")?),
            "--replay" => a.replay = Some(value("--replay")?),
            "--soak-kiosk" => {
                let v = value("--soak-kiosk")?;
                a.soak = Some(
                    v.parse()
                        .map_err(|_| format!("--soak-kiosk expects hours, got '{v}'"))?,
                );
            }
            "--seed" => {
                let v = value("--seed")?;
                a.seed =
                    Some(v.parse().map_err(|_| {
                        format!("--seed expects a whole number 0..2^64, got '{v}'")
                    })?);
            }
            "--minutes" => {
                let v = value("--minutes")?;
                a.minutes = Some(
                    v.parse()
                        .map_err(|_| format!("--minutes expects a whole number, got '{v}'"))?,
                );
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown option '{other}'")),
        }
    }
    Ok(a)
}

fn fail(errors: &BadInput) -> ExitCode {
    for e in &errors.0 {
        eprintln!("error: {e}");
    }
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let args = match parse_args(&argv) {
        Ok(a) => a,
        Err(msg) if msg.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(msg) => {
            eprintln!("gameday: error: {msg}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if args.bench_sim {
        gameday::devtools::bench_sim::run_sim_bench();
        return ExitCode::SUCCESS;
    }
    if let Some(path) = &args.replay {
        return gameday::platform::replay::replay_command(path, args.json);
    }
    if args.balance {
        return match gameday::headless::balance_table() {
            Ok(table) => {
                print!("{table}");
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e),
        };
    }
    if let Some(path) = &args.check {
        return match gameday::scenario::load(path) {
            Ok(s) => {
                println!(
                    "{path}: OK ({}, {} minutes, {} chaos events)",
                    s.title,
                    s.duration_minutes,
                    s.chaos.len()
                );
                ExitCode::SUCCESS
            }
            Err(errs) => fail(&BadInput(errs.iter().map(|e| e.to_string()).collect())),
        };
    }
    let staged = args.bench_render || args.screenshot.is_some();
    let headless = !staged
        && (args.headless
            || args.json
            || args.commands.is_some()
            || args.minutes.is_some()
            || args.autopilot.is_some());
    if let Some(hours) = args.soak {
        gameday::devtools::soak::soak_command(hours);
        return ExitCode::SUCCESS;
    }
    if args.kiosk {
        gameday::app::kiosk_app(args.scenario).run();
        return ExitCode::SUCCESS;
    }
    if !headless {
        let mut app = gameday::app::game_app(gameday::screens::LaunchOptions {
            scenario: args
                .scenario
                .clone()
                .unwrap_or_else(|| "unicorn-rentals".into()),
            seed: args.seed.unwrap_or(7),
            play: args.play || staged,
        });
        if staged {
            let commands = match &args.commands {
                Some(path) => match headless::read_commands_file(path) {
                    Ok(c) => c,
                    Err(e) => return fail(&e),
                },
                None => vec![],
            };
            let bench = args.bench_render;
            gameday::devtools::staging::install(
                &mut app,
                gameday::devtools::staging::Staging {
                    // 0 instances: the scenario's own estate; 0 particles: the normal sampler
                    estate: args.instances.or(bench.then_some(500)).filter(|&n| n > 0),
                    commands,
                    at_minute: args.at_minute.unwrap_or(if bench { 6.0 } else { 1.0 }),
                    screenshot: args.screenshot.clone(),
                    bench_seconds: bench.then_some(args.seconds.unwrap_or(20.0)),
                    bench_particles: bench
                        .then_some(args.particles.unwrap_or(10_000))
                        .filter(|&n| n > 0),
                },
            );
        }
        app.run();
        return ExitCode::SUCCESS;
    }
    let commands = match &args.commands {
        Some(path) => match headless::read_commands_file(path) {
            Ok(c) => c,
            Err(e) => return fail(&e),
        },
        None => vec![],
    };
    let opts = HeadlessOptions {
        scenario: args.scenario.unwrap_or_else(|| "unicorn-rentals".into()),
        seed: args.seed.unwrap_or(7),
        minutes: args.minutes,
        commands,
        autopilot: args.autopilot,
    };
    match headless::run(&opts) {
        Ok(report) if args.json => {
            println!("{}", report.json);
            ExitCode::SUCCESS
        }
        Ok(report) => {
            print!("{}", headless::human_summary(&report));
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}
