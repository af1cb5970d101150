//! A deterministic mutation fuzzer over every parser a player, an author or a file on disk
//! can feed: the `aws …` line, the commands file, the scenario loader, the saves (leaderboard,
//! settings) and replays. Seeded ChaCha, so a failure names a seed and an input that repeat.
//! Each input must return (no panic, no abort) within a time bound.
//!
//! `cargo test` runs a few thousand inputs per parser. For a longer run:
//! `GAMEDAY_FUZZ_ROUNDS=200000 cargo test --release --test integration fuzz -- --nocapture`
//! (the count is per parser; `GAMEDAY_FUZZ_SEED` picks another seed).

use gameday::awscli::{parse_commands_file, parse_line};
use gameday::platform::persist::{Leaderboard, LeaderboardEntry, Settings};
use gameday::platform::replay::Replay;
use gameday::platform::storage::salvage_list;
use gameday::scenario::{EMBEDDED, parse_scenario_bytes};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use std::time::{Duration, Instant};

/// The longest one input may take (a debug build on a busy 2-core machine; a linear parser
/// needs milliseconds, the quadratic and exponential cases this guards against take seconds).
const BOUND: Duration = Duration::from_secs(2);

fn rounds(default: usize) -> usize {
    std::env::var("GAMEDAY_FUZZ_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn seed() -> u64 {
    std::env::var("GAMEDAY_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20261203)
}

/// Bytes that matter to the parsers: brackets, quotes, escapes, separators, digits.
const ALPHABET: &[u8] = b"()[]{}<>:,;=\"'`\\-+.0123456789eE_#/*|&$ \n\r\txyzSomeNoneNaNinf";

struct Mutator {
    rng: ChaCha8Rng,
}

impl Mutator {
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.rng.next_u64() % n as u64) as usize
        }
    }

    fn byte(&mut self) -> u8 {
        ALPHABET[self.below(ALPHABET.len())]
    }

    /// One to four edits: delete, insert, replace, duplicate a chunk, a long run of one
    /// byte (deep nesting, long lines, many lines), or a byte that is not UTF-8.
    fn mutate(&mut self, seed: &[u8]) -> Vec<u8> {
        let mut b = seed.to_vec();
        for _ in 0..1 + self.below(4) {
            let at = self.below(b.len() + 1);
            match self.below(8) {
                0 if !b.is_empty() => {
                    let end = (at + 1 + self.below(16)).min(b.len());
                    b.drain(at.min(end)..end);
                }
                1 => {
                    let x = self.byte();
                    b.insert(at, x);
                }
                2 if at < b.len() => b[at] = self.byte(),
                3 if !b.is_empty() => {
                    let from = self.below(b.len());
                    let end = (from + 1 + self.below(64)).min(b.len());
                    let chunk = b[from..end].to_vec();
                    b.splice(at..at, chunk);
                }
                4 => {
                    let x = self.byte();
                    let long = self.below(8) == 0;
                    let n = 1 + self.below(if long { 100_000 } else { 300 });
                    b.splice(at..at, std::iter::repeat_n(x, n));
                }
                5 => {
                    let x = [0xff, 0xc3, 0x80, 0x00, 0xef][self.below(5)];
                    b.insert(at, x);
                }
                6 => b.truncate(at),
                _ => {
                    let x = self.byte();
                    b.insert(at, x);
                }
            }
        }
        b
    }
}

/// Runs `check` on `n` mutants of the seeds; fails naming the round and the input's start.
fn fuzz(name: &str, seeds: &[&[u8]], default_rounds: usize, check: impl Fn(&[u8])) {
    let n = rounds(default_rounds);
    let mut m = Mutator {
        rng: ChaCha8Rng::seed_from_u64(seed() ^ name.len() as u64),
    };
    let mut slowest = Duration::ZERO;
    for round in 0..n {
        let pick = m.below(seeds.len());
        let input = m.mutate(seeds[pick]);
        let started = Instant::now();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&input)));
        let spent = started.elapsed();
        let shown = String::from_utf8_lossy(&input[..input.len().min(200)]).into_owned();
        assert!(
            result.is_ok(),
            "{name}: round {round} panicked on {shown:?}"
        );
        assert!(
            spent < BOUND,
            "{name}: round {round} took {spent:?} ({} bytes) on {shown:?}",
            input.len()
        );
        slowest = slowest.max(spent);
    }
    eprintln!("fuzz {name}: {n} inputs, slowest {slowest:?}");
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const COMMANDS: &[&str] = &[
    include_str!("../../scenarios/unicorn-rentals.commands"),
    include_str!("../../scenarios/security-incident.commands"),
    include_str!("../../scenarios/finops.commands"),
    include_str!("../../scenarios/fan-event-spike.commands"),
];

/// Every `aws …` line of the shipped commands files, plus a few with shorthand and JSON.
fn cli_lines() -> Vec<String> {
    let mut lines: Vec<String> = parse_commands_file(COMMANDS[0])
        .unwrap()
        .into_iter()
        .chain(
            COMMANDS[1..]
                .iter()
                .flat_map(|t| parse_commands_file(t).unwrap()),
        )
        .map(|(_, c)| gameday::awscli::to_cli(&c))
        .collect();
    lines.push(
        "aws ec2 run-instances --image-id ami-1 --tag-specifications \
         'ResourceType=instance,Tags=[{Key=Name,Value=web}]'"
            .into(),
    );
    lines.push(
        "aws autoscaling put-scaling-policy --auto-scaling-group-name web --policy-name t \
         --policy-type TargetTrackingScaling --target-tracking-configuration \
         '{\"TargetValue\":50,\"PredefinedMetricSpecification\":{\"PredefinedMetricType\":\"ASGAverageCPUUtilization\"}}'"
            .into(),
    );
    lines
}

#[test]
fn fuzz_the_cli_line_parser() {
    let lines = cli_lines();
    let seeds: Vec<&[u8]> = lines.iter().map(|l| l.as_bytes()).collect();
    fuzz("cli line", &seeds, 4_000, |b| {
        let _ = parse_line(&text(b));
    });
}

#[test]
fn fuzz_the_commands_file() {
    let seeds: Vec<&[u8]> = COMMANDS.iter().map(|t| t.as_bytes()).collect();
    fuzz("commands file", &seeds, 2_000, |b| {
        let _ = parse_commands_file(&text(b));
    });
}

#[test]
fn fuzz_the_scenario_loader() {
    let seeds: Vec<&[u8]> = EMBEDDED.iter().map(|(_, t)| t.as_bytes()).collect();
    fuzz("scenario", &seeds, 1_500, |b| {
        let _ = parse_scenario_bytes(b, "fuzz.ron");
    });
}

fn sample_board() -> String {
    let mut board = Leaderboard::default();
    let commands = parse_commands_file(COMMANDS[0]).unwrap();
    for i in 0..6 {
        board.add(LeaderboardEntry {
            name: format!("P{i}"),
            score: 1000.0 * i as f64 - 2500.5,
            scenario: "booth-5min".into(),
            day: 20_000 + i,
            replay: Some(Replay {
                scenario: "booth-5min".into(),
                seed: u64::from(i),
                commands: commands
                    .iter()
                    .take(3)
                    .map(|(at, command)| gameday::platform::replay::TimedCommand {
                        at: *at,
                        command: command.clone(),
                    })
                    .collect(),
                end_seconds: 300,
                score: Some(12.5),
                scenario_sha256: Some("ab".repeat(32)),
                build: Some("gameday 0.1.0".into()),
            }),
        });
    }
    gameday::platform::storage::to_ron(&board).unwrap()
}

#[test]
fn fuzz_the_save_files() {
    let board = sample_board();
    let settings = gameday::platform::storage::to_ron(&Settings::default()).unwrap();
    let seeds: Vec<&[u8]> = vec![board.as_bytes(), settings.as_bytes()];
    fuzz("saves", &seeds, 2_000, |b| {
        let t = text(b);
        if let Ok(board) = ron::from_str::<Leaderboard>(&t) {
            let _ = board.entries.iter().filter(|e| e.is_valid()).count();
        }
        let (kept, _) = salvage_list::<LeaderboardEntry>(&t, "entries", LeaderboardEntry::is_valid);
        assert!(kept.iter().all(LeaderboardEntry::is_valid));
        if let Ok(mut s) = ron::from_str::<Settings>(&t) {
            s.sanitize();
            assert!(s.volume.is_finite() && (0.0..=1.0).contains(&s.volume));
            assert!(s.speed.is_none_or(|x| x.is_finite() && x > 0.0));
        }
    });
}

#[test]
fn fuzz_replays() {
    let board = sample_board();
    let (entries, _) = salvage_list::<LeaderboardEntry>(&board, "entries", |_| true);
    let replay = entries[0].replay.clone().unwrap();
    let text_of = gameday::platform::storage::to_ron(&replay).unwrap();
    let legacy = format!("(Some({text_of}))");
    let seeds: Vec<&[u8]> = vec![text_of.as_bytes(), legacy.as_bytes()];
    fuzz("replays", &seeds, 2_000, |b| {
        if let Ok(r) = Replay::from_ron(&text(b)) {
            // a replay that reads is checked before it is re-run: never a panic
            let _ = r.unverifiable();
        }
    });
}
