//! Command line → what to run: the game window (default), the headless runner, a scenario
//! check, the kiosk, a replay, the balance table or a developer tool. [`Cli`] is the one
//! definition of the run modes and their flags: `--help` is printed from it, and README.md
//! shows that `--help` (tests/integration/runner.rs checks they agree). In the browser there
//! is no command line: the page runs the game window ([`web_main`]), without the desktop's
//! run modes and their argument parser (smaller download).

#[cfg(target_arch = "wasm32")]
fn main() {
    web_main();
}

/// The browser: the title screen of the default scenario (the tutorial on a first run).
/// `?verify=` and `?probe` are read by the page's own systems (src/platform/web.rs).
#[cfg(target_arch = "wasm32")]
fn web_main() {
    let mut app = gameday::app::game_app(gameday::screens::LaunchOptions {
        scenario: DEFAULT_SCENARIO.into(),
        seed: DEFAULT_SEED,
        play: false,
    });
    app.insert_resource(gameday::hud::first_run::ScenarioLeftToTitle);
    app.run();
}

/// The scenario when none is given (the kiosk's comes from kiosk.ron).
const DEFAULT_SCENARIO: &str = "unicorn-rentals";
/// The round's seed when none is given.
const DEFAULT_SEED: u64 = 7;

#[cfg(not(target_arch = "wasm32"))]
mod desktop {
    use super::{DEFAULT_SCENARIO, DEFAULT_SEED};
    use clap::Parser;
    use clap::builder::{PossibleValuesParser, TypedValueParser};
    use gameday::bots::Autopilot;
    use gameday::devtools;
    use gameday::headless::{self, BadInput, HeadlessOptions};
    use std::io::Write;
    use std::process::ExitCode;

    /// One line per run mode (clap prints it after "Usage: "). Every flag here is one of
    /// [`Cli`]'s, with its value name; tests/integration/runner.rs checks that too.
    const USAGE: &str = "\
gameday [--scenario <name|path>] [--seed <u64>] [--play]
       gameday --headless [--scenario <name|path>] [--seed <u64>] [--minutes <n>]
                          [--commands <file> [--transcript <out>]] [--autopilot <bot>]
                          [--json]
       gameday --check-scenario <path>
       gameday --kiosk [--scenario <name|path>]
       gameday --soak-kiosk <hours>
       gameday --replay <file.ron> [--json]
       gameday --balance
       gameday --bench-sim [--instances <n> [--minutes <n>]]
       gameday --bench-render [--instances <n>] [--particles <n>] [--seconds <s>]
                              [--commands <file> --at-minute <m>]
       gameday --screenshot <png> [--at-minute <m>] [--instances <n>] [--commands <file>]
                            [--scenario <name|path>] [--seed <u64>]";

    /// Headings of `--help`, one per group of flags.
    const MODES: &str = "Run modes (the game window when none is given)";
    const ROUND: &str = "Round";
    const HEADLESS: &str = "Headless";
    const STAGED: &str = "Staged window (--bench-render, --screenshot)";

    /// Below the flags.
    const AFTER_HELP: &str = "\
Without a run mode, --json, --minutes, --commands or --autopilot mean --headless. Of several
run modes, the first listed runs. [default: a / b]: a with --bench-render, b with --screenshot.";

    /// The command line. Flags combine freely; when several run modes are given, the first in
    /// this list runs: --bench-sim, --replay, --balance, --check-scenario, --soak-kiosk,
    /// --kiosk, then the window (staged by --bench-render or --screenshot) or --headless.
    #[derive(Parser, Debug)]
    #[command(
    name = "gameday",
    about = "GameDay: a cloud-operations game modelled on AWS GameDay events",
    override_usage = USAGE,
    args_override_self = true,
    allow_negative_numbers = true,
    disable_help_flag = true,
    after_help = AFTER_HELP
)]
    struct Cli {
        /// A round without a window, as fast as the CPU allows; prints a report
        #[arg(long, help_heading = MODES)]
        headless: bool,
        /// Check a scenario file; lists every problem with line and column
        #[arg(long, help_heading = MODES, value_name = "path")]
        check_scenario: Option<String>,
        /// The booth kiosk (kiosk.ron; --scenario sets the attract scenario)
        #[arg(long, help_heading = MODES)]
        kiosk: bool,
        /// The kiosk's loop headless for this many booth hours: entities, memory
        #[arg(long, help_heading = MODES, value_name = "hours", value_parser = booth_hours)]
        soak_kiosk: Option<f64>,
        /// Re-run a saved round headless; exit 1 if its score differs
        #[arg(long, help_heading = MODES, value_name = "file.ron")]
        replay: Option<String>,
        /// Every embedded scenario × bot × seeds 1-5 → scores and medals
        #[arg(long, help_heading = MODES)]
        balance: bool,
        /// Simulation benchmark: ticks/s, a stress estate, rivals' cost per tick
        #[arg(long, help_heading = MODES)]
        bench_sim: bool,
        /// Render benchmark: frames per second over a staged estate
        #[arg(long, help_heading = MODES)]
        bench_render: bool,
        /// Save a picture of the window over a staged estate, then quit
        #[arg(long, help_heading = MODES, value_name = "png")]
        screenshot: Option<String>,
        /// Print this help
        #[arg(short, long, help_heading = MODES, action = clap::ArgAction::Help)]
        help: (),

        /// An embedded scenario's id or a .ron file [default: unicorn-rentals]
        #[arg(long, help_heading = ROUND, value_name = "name|path")]
        scenario: Option<String>,
        /// The round's random seed
        #[arg(long, help_heading = ROUND, value_name = "u64", default_value_t = DEFAULT_SEED)]
        seed: u64,
        /// Skip the title screen
        #[arg(long, help_heading = ROUND)]
        play: bool,

        /// Stop after n simulated minutes [default: the whole round]
        #[arg(long, help_heading = HEADLESS, value_name = "n")]
        minutes: Option<u32>,
        /// The player's commands, lines `MM:SS aws …` (staged windows too)
        #[arg(long, help_heading = HEADLESS, value_name = "file")]
        commands: Option<String>,
        /// Write each command of --commands and what the in-game CLI printed for it to this file
        #[arg(long, help_heading = HEADLESS, value_name = "out", requires = "commands")]
        transcript: Option<String>,
        /// A bot plays through the command API
        #[arg(long, help_heading = HEADLESS, value_name = "bot",
          value_parser = PossibleValuesParser::new(Autopilot::ALL.map(Autopilot::name))
              .map(|name| Autopilot::parse(&name).expect("one of the possible values")))]
        autopilot: Option<Autopilot>,
        /// Print one JSON object (--replay too)
        #[arg(long, help_heading = HEADLESS)]
        json: bool,

        /// Instances behind an ALB in 3 AZs, 0: the scenario's [default: 500 / 0]; --bench-sim: only its stress line
        #[arg(long, help_heading = STAGED, value_name = "n")]
        instances: Option<u32>,
        /// Request particles kept alive, 0: sampled from the flow [default: 10000]
        #[arg(long, help_heading = STAGED, value_name = "n")]
        particles: Option<usize>,
        /// Seconds measured [default: 20]
        #[arg(long, help_heading = STAGED, value_name = "s")]
        seconds: Option<f32>,
        /// Fast-forward to this simulated minute [default: 6 / 1]
        #[arg(long, help_heading = STAGED, value_name = "m")]
        at_minute: Option<f64>,
    }

    impl Cli {
        fn scenario(&self) -> String {
            self.scenario
                .clone()
                .unwrap_or_else(|| DEFAULT_SCENARIO.into())
        }

        /// The player's commands file, read and parsed (none: no commands).
        fn commands(&self) -> Result<Vec<(u32, gameday::sim::command::Command)>, BadInput> {
            match &self.commands {
                Some(path) => headless::read_commands_file(path),
                None => Ok(vec![]),
            }
        }

        /// What a staged window does (`--bench-render`, `--screenshot`), with their defaults.
        fn staging(&self) -> Result<devtools::staging::Staging, BadInput> {
            let bench = self.bench_render;
            Ok(devtools::staging::Staging {
                // 0 instances: the scenario's own estate; 0 particles: the normal sampler
                estate: self.instances.or(bench.then_some(500)).filter(|&n| n > 0),
                commands: self.commands()?,
                at_minute: self.at_minute.unwrap_or(if bench { 6.0 } else { 1.0 }),
                screenshot: self.screenshot.clone(),
                bench_seconds: bench.then_some(self.seconds.unwrap_or(20.0)),
                bench_particles: bench
                    .then_some(self.particles.unwrap_or(10_000))
                    .filter(|&n| n > 0),
            })
        }
    }

    /// Bad input: every problem on stderr, exit code 2.
    /// `--soak-kiosk`'s hours: a finite number above 0 and at most a week (NaN, -1 and 0 did
    /// nothing and exited 0).
    fn booth_hours(text: &str) -> Result<f64, String> {
        let hours: f64 = text
            .trim()
            .parse()
            .map_err(|_| format!("'{text}' is not a number of hours"))?;
        if hours.is_finite() && hours > 0.0 && hours <= 168.0 {
            Ok(hours)
        } else {
            Err(format!(
                "expected hours above 0 and at most 168, found {text}"
            ))
        }
    }

    fn fail(errors: &BadInput) -> ExitCode {
        for e in &errors.0 {
            eprintln!("error: {e}");
        }
        ExitCode::from(2)
    }

    /// Writes a result to stdout; a reader that closed the pipe early (`| head -1`) is no error.
    fn print_out(text: &str) -> ExitCode {
        match std::io::stdout().lock().write_all(text.as_bytes()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                eprintln!("error: writing the output: {e}");
                ExitCode::FAILURE
            }
            _ => ExitCode::SUCCESS,
        }
    }

    pub fn main() -> ExitCode {
        // bad input: clap prints what is wrong and the usage, exit code 2; --help: exit code 0
        let args = Cli::parse();
        if args.bench_sim {
            match args.instances {
                // one stress line only (for a profiler): n instances, --minutes measured
                Some(n) if n > 0 => devtools::bench_sim::stress(n, args.minutes.unwrap_or(10)),
                _ => devtools::bench_sim::run_sim_bench(),
            }
            return ExitCode::SUCCESS;
        }
        if let Some(path) = &args.replay {
            return gameday::platform::replay::replay_command(path, args.json);
        }
        if args.balance {
            return match headless::balance_table() {
                Ok(table) => print_out(&table),
                Err(e) => fail(&e),
            };
        }
        if let Some(path) = &args.check_scenario {
            return match gameday::scenario::load(path) {
                Ok(s) => print_out(&format!(
                    "{path}: OK ({}, {} minutes, {} chaos events)\n",
                    s.title,
                    s.duration_minutes,
                    s.chaos.len()
                )),
                Err(errs) => fail(&BadInput(errs.iter().map(|e| e.to_string()).collect())),
            };
        }
        if let Some(hours) = args.soak_kiosk {
            devtools::soak::soak_command(hours);
            return ExitCode::SUCCESS;
        }
        if args.kiosk {
            gameday::app::kiosk_app(args.scenario).run();
            return ExitCode::SUCCESS;
        }
        let staged = args.bench_render || args.screenshot.is_some();
        let headless = !staged
            && (args.headless
                || args.json
                || args.commands.is_some()
                || args.minutes.is_some()
                || args.autopilot.is_some());
        if !headless {
            let mut app = gameday::app::game_app(gameday::screens::LaunchOptions {
                scenario: args.scenario(),
                seed: args.seed,
                play: args.play || staged,
            });
            // no scenario asked for: a first run's title screen selects the tutorial
            if args.scenario.is_none() && !args.play && !staged {
                app.insert_resource(gameday::hud::first_run::ScenarioLeftToTitle);
            }
            if staged {
                match args.staging() {
                    Ok(staging) => devtools::staging::install(&mut app, staging),
                    Err(e) => return fail(&e),
                }
            }
            app.run();
            return ExitCode::SUCCESS;
        }
        let (commands, lines) = match (&args.commands, &args.transcript) {
            (Some(path), Some(_)) => match headless::read_script(path) {
                Ok(script) => script,
                Err(e) => return fail(&e),
            },
            _ => match args.commands() {
                Ok(c) => (c, vec![]),
                Err(e) => return fail(&e),
            },
        };
        let opts = HeadlessOptions {
            scenario: args.scenario(),
            seed: args.seed,
            minutes: args.minutes,
            commands,
            autopilot: args.autopilot,
        };
        let result = match &args.transcript {
            Some(out) => headless::run_with_transcript(&opts, &lines).and_then(|(report, text)| {
                std::fs::write(out, text)
                    .map(|()| report)
                    .map_err(|e| BadInput(vec![format!("{out}: cannot write the transcript: {e}")]))
            }),
            None => headless::run(&opts),
        };
        match result {
            Ok(report) if args.json => print_out(&format!("{}\n", report.json)),
            Ok(report) => print_out(&headless::human_summary(&report)),
            Err(e) => fail(&e),
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    desktop::main()
}
