#!/usr/bin/env python3
"""Checks a round the play-through scripts played in the real window, without looking at a
pixel: reads the replay the game saved and re-runs prefixes of it headless. Command k
succeeded when the run with commands 0..=k has as many command errors as the run with 0..k-1.
Then: the re-run score equals the window's, the score rises at the end, playing beat doing
nothing, and at least two targets are healthy.

usage: scripts/check-replay.py GAMEDAY_BINARY LAST_REPLAY_RON EXPECTATIONS
EXPECTATIONS: one line per command the round should hold, in order:
    step description | EventName | ok        (or `error` where the step expects a failure)
"""
import json, re, subprocess, sys, tempfile

bin_, path, expect_path = sys.argv[1], sys.argv[2], sys.argv[3]
try:
    text = open(path).read().strip()
except OSError as e:
    print(f"FAIL  the game saved no replay: {e}")
    sys.exit(1)
# the persisted file is a replay `( … )`; older builds wrapped it as `(Some(( … )))`
if text.startswith("(Some((") and text.endswith(")))"):
    body = text[len("(Some("):-2]
else:
    assert text.startswith("(") and text.endswith(")"), "unexpected replay file"
    body = text
lines = body.split("\n")
# one command entry per "        (" … "        )," block inside `commands: [`
start = next(i for i, l in enumerate(lines) if l.strip() == "commands: [")
end = next(i for i in range(start, len(lines)) if lines[i] == "    ],")
entries, cur = [], None
for l in lines[start + 1:end]:
    if l == "        (":
        cur = [l]
    elif l in ("        ),", "        )"):
        cur.append("        ),")
        entries.append(cur)
        cur = None
    elif cur is not None:
        cur.append(l)
head, tail = lines[:start + 1], lines[end:]
ats = [int(re.search(r"at: (\d+)", "\n".join(e)).group(1)) for e in entries]
names = [re.search(r"command: (\w+)", "\n".join(e)).group(1) for e in entries]
end_seconds = int(re.search(r"end_seconds: (\d+)", body).group(1))
shown = re.search(r"score: Some\(([-\d.]+)\)", body)
shown = float(shown.group(1)) if shown else None

def run(n, until):
    """The report of the round's first n commands, played to simulated second `until`."""
    t = [l for l in tail]
    t = [re.sub(r"end_seconds: \d+", f"end_seconds: {until}", l) for l in t]
    doc = "\n".join(head + [l for e in entries[:n] for l in e] + t)
    with tempfile.NamedTemporaryFile("w", suffix=".ron") as f:
        f.write(doc)
        f.flush()
        out = subprocess.run([bin_, "--replay", f.name, "--json"], capture_output=True, text=True)
    lines = out.stdout.strip().splitlines()
    if not lines:
        sys.exit(f"FAIL  the headless re-run printed nothing: {out.stderr.strip()[-400:]}")
    return json.loads(lines[0])

expect = []
for raw in open(expect_path):
    if raw.strip() and not raw.lstrip().startswith("#"):
        step, name, want = (p.strip() for p in raw.split("|"))
        expect.append((step, name, want == "error"))
results = []
for i, (step, name, want_error) in enumerate(expect):
    if i >= len(names) or names[i] != name:
        got = names[i] if i < len(names) else "nothing"
        results.append((False, f"{step}: expected {name}, the replay has {got}"))
        continue
    until = ats[i] + 2
    before = run(i, until)["command_errors"]
    after = run(i + 1, until)["command_errors"]
    failed = after > before
    ok = failed == want_error
    what = "failed as expected" if failed and want_error else ("failed" if failed else "succeeded")
    results.append((ok, f"{step}: {name} at simulated {ats[i] // 60}:{ats[i] % 60:02d} {what}"))
extra = names[len(expect):]
results.append((not extra, f"no unexpected commands ({', '.join(extra) or 'none'})"))

final = run(len(entries), end_seconds)
results.append((shown is not None and abs(final["score"] - shown) < 0.05,
                f"re-run score {final['score']} = the window's {shown}"))
earlier = run(len(entries), end_seconds - 600)
ppm = (final["score"] - earlier["score"]) / 10
results.append((ppm > 0, f"score rising: {earlier['score']} -> {final['score']} over the last "
                f"10 simulated minutes ({ppm:+.0f} points/min)"))
if "ChangeResourceRecordSets" in names:
    alias_at = ats[names.index("ChangeResourceRecordSets")]
    # the ten minutes before the alias (fewer when it came earlier; the first minute counts)
    start = max(alias_at - 600, 60)
    a, b = run(len(entries), start), run(len(entries), alias_at)
    before = (b["score"] - a["score"]) / max((alias_at - start) / 60, 1)
    results.append((ppm > before, f"the score turned: {before:+.0f} points/min in the 10 minutes "
                    f"before www moved to the ALB, {ppm:+.0f} in the last 10"))
idle = run(0, end_seconds)
results.append((final["score"] > idle["score"], f"doing nothing would have scored {idle['score']} "
                f"by minute {idle['sim_minutes']} ({final['score'] - idle['score']:+.1f} for the play)"))
results.append((final["healthy_targets"] >= 2,
                f"{final['healthy_targets']} healthy targets, {final['instances_running']} instances "
                f"at minute {final['sim_minutes']}"))
print()
for ok, line in results:
    print(("PASS  " if ok else "FAIL  ") + line)
sys.exit(0 if all(ok for ok, _ in results) else 1)
