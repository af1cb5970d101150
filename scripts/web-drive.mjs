// Drives headless Chromium through the DevTools protocol (run by scripts/test-web.sh), as a
// first-time browser player would: the loading screen (download throttled so its progress
// shows), the title in English and in Korean (a touch on the language switch, a click back), the tutorial's
// card, the briefing, then the tutorial's first two steps by mouse clicks on the map (the page
// runs with ?probe, so the game publishes where every node and menu action is, as the desktop
// probe does), the window at 1280×577, and the round ended from the pause menu. The round's
// replay (localStorage) goes to <dist>/replay.ron; the page is then loaded with
// ?verify=replay.ron and the browser's verdict is written to <out>/browser-replay.json.
// Any panic, uncaught exception or console error fails the run. Node ≥ 20, --experimental-websocket.
//
// usage: node web-drive.mjs <page url> <debug port> <screenshot dir> <dist dir> <result json>
import { writeFileSync } from "node:fs";

const [, , pageUrl, debugPort, outDir, distDir, resultPath] = process.argv;
const log = (...a) => console.log("[web-test]", ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const targets = await (await fetch(`http://127.0.0.1:${debugPort}/json/list`)).json();
const page = targets.find((t) => t.type === "page");
const ws = new WebSocket(page.webSocketDebuggerUrl);
await new Promise((r, j) => { ws.onopen = r; ws.onerror = j; });
let id = 0;
const pending = new Map();
const consoleLines = [];
const problems = []; // panics, uncaught exceptions, console errors
ws.onmessage = (m) => {
  const msg = JSON.parse(m.data);
  if (msg.id && pending.has(msg.id)) {
    const { resolve, reject } = pending.get(msg.id);
    pending.delete(msg.id);
    msg.error ? reject(new Error(JSON.stringify(msg.error))) : resolve(msg.result);
  } else if (msg.method === "Runtime.consoleAPICalled") {
    const line = msg.params.args.map((a) => a.value ?? a.description ?? "").join(" ");
    consoleLines.push(`${msg.params.type}: ${line}`);
    // Bevy's log lines all come as console.log, the level in the text: `%cERROR%c …`
    if (msg.params.type === "error" || msg.params.type === "assert" || line.includes("panicked") ||
        line.startsWith("%cERROR")) {
      problems.push(`console ${msg.params.type}: ${line}`);
    }
  } else if (msg.method === "Runtime.exceptionThrown") {
    const d = msg.params.exceptionDetails;
    const line = "EXCEPTION " + (d.exception?.description ?? d.text);
    consoleLines.push(line);
    problems.push(line);
  } else if (msg.method === "Log.entryAdded" && msg.params.entry.level === "error") {
    const line = `browser error: ${msg.params.entry.text} ${msg.params.entry.url ?? ""}`;
    consoleLines.push(line);
    problems.push(line);
  }
};
const send = (method, params = {}) => new Promise((resolve, reject) => {
  const i = ++id;
  pending.set(i, { resolve, reject });
  ws.send(JSON.stringify({ id: i, method, params }));
});
const evaluate = async (expr) => (await send("Runtime.evaluate", { expression: expr, returnByValue: true })).result.value;
const shot = async (name) => {
  const { data } = await send("Page.captureScreenshot", { format: "png" });
  writeFileSync(`${outDir}/${name}`, Buffer.from(data, "base64"));
  log("screenshot", `${outDir}/${name}`);
};
const checkConsole = () => {
  if (problems.length > 0) throw new Error(`the browser console reports a problem: ${problems[0]}`);
};
const waitFor = async (expr, seconds, what) => {
  const t0 = Date.now();
  while (Date.now() - t0 < seconds * 1000) {
    const v = await evaluate(expr);
    if (v) return v;
    checkConsole();
    await sleep(250);
  }
  throw new Error(`timed out after ${seconds} s waiting for ${what}; load state ${JSON.stringify(await evaluate("window.gamedayLoad"))}`);
};
const tap = async (x, y) => {
  const p = [{ x, y, radiusX: 4, radiusY: 4, force: 1, id: 1 }];
  await send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: p });
  await sleep(120);
  await send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
};
const click = async (x, y) => {
  await send("Input.dispatchMouseEvent", { type: "mouseMoved", x, y });
  await sleep(80);
  await send("Input.dispatchMouseEvent", { type: "mousePressed", x, y, button: "left", clickCount: 1 });
  await sleep(80);
  await send("Input.dispatchMouseEvent", { type: "mouseReleased", x, y, button: "left", clickCount: 1 });
  await sleep(400);
};
const center = (r) => [r[0] + r[2] / 2, r[1] + r[3] / 2];
const viewport = (width, height) =>
  send("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile: false });

// The probe's text as the desktop writes it: `screen S`, `minute M`, `score X`, `tutorial N`
// and `name x y w h` per node and button (logical pixels = CSS pixels at a ratio of 1).
const probe = async () => {
  const text = (await evaluate("window.gamedayProbeText")) ?? "";
  const p = { rects: {} };
  for (const line of text.split("\n")) {
    const f = line.split(" ");
    if (f.length === 5) p.rects[f[0]] = f.slice(1).map(Number);
    else if (f.length === 2) p[f[0]] = f[0] === "screen" ? f[1] : Number(f[1]);
  }
  return p;
};
const appears = async (name, seconds = 10) => {
  const t0 = Date.now();
  while (Date.now() - t0 < seconds * 1000) {
    const r = (await probe()).rects[name];
    if (r) return r;
    checkConsole();
    await sleep(250);
  }
  return null;
};
const clickName = async (name, seconds = 10) => {
  let r = await appears(name, seconds);
  if (!r) throw new Error(`${name} is not on screen (probe: ${Object.keys((await probe()).rects).join(" ")})`);
  // a menu or window that just opened may still move (egui sizes it on its first frame)
  await sleep(700);
  r = (await probe()).rects[name] ?? r;
  log("click", name, "at", ...center(r).map(Math.round));
  await click(...center(r));
};
const tutorialStep = async (n, seconds, what) => {
  // the line `tutorial N` (two fields: the title's `tutorial x y w h` card is another line)
  await waitFor(`(m => m && +m[1] >= ${n})(window.gamedayProbeText.match(/(?:^|\\n)tutorial (\\d+)\\n/))`, seconds, what);
  const p = await probe();
  log(`tutorial: ${p.tutorial} step(s) done at minute ${p.minute}, score ${p.score}`);
};

let ok = true;
try {
  await send("Runtime.enable");
  await send("Page.enable");
  await send("Log.enable");
  await send("Network.enable");
  await viewport(1280, 720);
  await send("Emulation.setTouchEmulationEnabled", { enabled: true, maxTouchPoints: 5 });
  // 1. the loading screen: the download throttled to 4 MB/s so its progress can be seen
  await send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: 4e6, uploadThroughput: -1 });
  const t0 = Date.now();
  await send("Page.navigate", { url: `${pageUrl}?probe` });
  const bytes = await waitFor("window.gamedayLoad && window.gamedayLoad.bytes > 4e6 && window.gamedayLoad.bytes", 60, "the download under way");
  log(`loading screen: ${await evaluate("document.getElementById('status').textContent")} (bar ${await evaluate("document.getElementById('fill').style.width")}, ${bytes} bytes)`);
  await shot("web-loading.png");
  await send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await waitFor("window.gamedayScreen === 'Title'", 600, "the title screen");
  log(`title screen after ${((Date.now() - t0) / 1000).toFixed(1)} s; canvas ${await evaluate("(c => c && `${c.width}x${c.height}`)(document.querySelector('canvas'))")}`);
  await waitFor("!document.getElementById('loading')", 10, "the loading screen to go");
  await sleep(2000);
  await shot("web-title-en.png");

  // 2. the language switch: to Korean by touch, back by a mouse click
  const lang = await waitFor("window.gamedayButtons && window.gamedayButtons.language", 60, "the language switch");
  await tap(...center(lang));
  await waitFor("window.gamedayLanguage === 'Korean'", 30, "Korean after a tap on the language switch");
  await sleep(2000);
  await shot("web-title-ko.png");
  await click(...center(await evaluate("window.gamedayButtons.language")));
  await waitFor("window.gamedayLanguage === 'English'", 30, "English after a click");
  log("language switch: English → Korean by touch, back to English by a click");

  // 3. the tutorial: its card on the title (the first run may have selected it already),
  // the briefing, Start
  await clickName("tutorial", 30);
  await clickName("briefing", 30);
  await waitFor("window.gamedayScreen === 'Briefing'", 60, "the briefing");
  await clickName("start", 30);
  await waitFor("window.gamedayScreen === 'Playing'", 120, "the round");
  if (!(await appears("node:public-b", 30))) throw new Error("the tutorial's map has no public-b");
  await tutorialStep(0, 5, "the tutorial's progress");
  await sleep(1500);
  await shot("web-tutorial-step1.png");

  // step 1: tap public-b → "Launch 2 × tutorial-web here"
  await clickName("node:public-b");
  await clickName("menu:subnet.launch");
  await tutorialStep(1, 30, "step 1 (RunInstances) done");

  // step 2: a target group hangs off an Application Load Balancer on the map: tap a public
  // subnet → "Application Load Balancer here + …", then tap the new ALB → "Target group"
  const before = new Set(Object.keys((await probe()).rects));
  await clickName("node:public-a");
  if (!(await appears("menu:subnet.alb", 3))) {
    await clickName("menu:close");
    await clickName("node:public-b");
  }
  await clickName("menu:subnet.alb");
  let alb = null;
  for (let i = 0; i < 60 && !alb; i++) {
    alb = Object.keys((await probe()).rects).find((n) => n.startsWith("node:") && !before.has(n));
    if (!alb) await sleep(250);
  }
  if (!alb) throw new Error("no load balancer appeared on the map");
  log("the new load balancer on the map:", alb);
  await clickName(alb);
  await clickName("menu:lb.target_group");
  await tutorialStep(2, 30, "step 2 (CreateTargetGroup) done");
  await sleep(1500);
  await shot("web-tutorial-step3.png");

  // 4. a short browser window: the card folds to one line, the map shows around it
  await viewport(1280, 577);
  await sleep(2500);
  const canvas = await evaluate("(c => `${c.clientWidth}x${c.clientHeight}`)(document.querySelector('canvas'))");
  if (canvas !== "1280x577") throw new Error(`the canvas is ${canvas}, not 1280x577`);
  const nodes = Object.entries((await probe()).rects).filter(([n, r]) => n.startsWith("node:") && r[1] >= 0 && r[1] + r[3] <= 577);
  log(`canvas ${canvas}: ${nodes.length} map nodes inside the window (${nodes.map(([n]) => n).join(" ")})`);
  if (nodes.length < 4) throw new Error("the map is not visible at 1280x577");
  await shot("web-1280x577.png");
  await viewport(1280, 720);
  await sleep(1000);

  // 5. end the round from the pause menu; its replay is saved in localStorage
  await clickName("top:menu");
  await clickName("pause:end");
  await waitFor("window.gamedayScreen === 'Results'", 60, "the results screen");
  const replay = await waitFor("localStorage.getItem('gameday/last-replay.ron')", 20, "the round's replay in localStorage");
  writeFileSync(`${distDir}/replay.ron`, replay);
  log(`the round's replay (${replay.length} bytes) → ${distDir}/replay.ron`);
  await sleep(1500);
  await shot("web-results.png");
  checkConsole();

  // 6. the browser verifies that replay: ?verify=replay.ron
  await send("Page.navigate", { url: `${pageUrl}?verify=replay.ron` });
  const result = await waitFor("window.gamedayReplayResult", 600, "the browser's verdict on the replay");
  writeFileSync(resultPath, result + "\n");
  const r = JSON.parse(result);
  if (r.error) throw new Error(`the browser could not verify the replay: ${r.error}`);
  log(`browser: replay of ${r.scenario} (seed ${r.seed}, ${r.commands} commands) re-runs to score ${r.score}; recorded ${r.recorded_score}: ${r.matches ? "match" : "MISMATCH"}`);
  if (!r.matches) throw new Error("the browser's re-run does not match the recorded score");
  await waitFor("window.gamedayScreen === 'Title'", 120, "the title after verifying");
  await sleep(1000);
  checkConsole();
} catch (e) {
  ok = false;
  log("FAILED:", e.message);
  await shot("web-failure.png").catch(() => {});
} finally {
  writeFileSync(`${outDir}/web-console.log`, consoleLines.join("\n") + "\n");
  log(`browser console: ${consoleLines.length} lines in ${outDir}/web-console.log; problems: ${problems.length}`);
  ws.close();
  process.exit(ok ? 0 : 1);
}
