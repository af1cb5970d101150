// Drives headless Chromium through the DevTools protocol (run by scripts/test-web.sh):
// load the page, wait for the title screen, screenshot it in English, tap the language
// switch (a touch event), screenshot it in Korean, tap the tutorial's card, open the
// briefing, press Start, and screenshot the round. Node ≥ 20 with --experimental-websocket.
import { writeFileSync } from "node:fs";

const [, , pageUrl, debugPort, outDir] = process.argv;
const log = (...a) => console.log("[web-test]", ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const targets = await (await fetch(`http://127.0.0.1:${debugPort}/json/list`)).json();
const page = targets.find((t) => t.type === "page");
const ws = new WebSocket(page.webSocketDebuggerUrl);
await new Promise((r, j) => { ws.onopen = r; ws.onerror = j; });
let id = 0;
const pending = new Map();
const consoleLines = [];
ws.onmessage = (m) => {
  const msg = JSON.parse(m.data);
  if (msg.id && pending.has(msg.id)) {
    const { resolve, reject } = pending.get(msg.id);
    pending.delete(msg.id);
    msg.error ? reject(new Error(JSON.stringify(msg.error))) : resolve(msg.result);
  } else if (msg.method === "Runtime.consoleAPICalled") {
    consoleLines.push(msg.params.args.map((a) => a.value ?? a.description ?? "").join(" "));
  } else if (msg.method === "Runtime.exceptionThrown") {
    consoleLines.push("EXCEPTION " + JSON.stringify(msg.params.exceptionDetails.exception?.description ?? msg.params.exceptionDetails.text));
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
const waitFor = async (expr, seconds, what) => {
  const t0 = Date.now();
  while (Date.now() - t0 < seconds * 1000) {
    const v = await evaluate(expr);
    if (v) return v;
    await sleep(500);
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
  await send("Input.dispatchMouseEvent", { type: "mousePressed", x, y, button: "left", clickCount: 1 });
  await sleep(80);
  await send("Input.dispatchMouseEvent", { type: "mouseReleased", x, y, button: "left", clickCount: 1 });
};
const center = (r) => [r[0] + r[2] / 2, r[1] + r[3] / 2];

let ok = true;
try {
  await send("Runtime.enable");
  await send("Page.enable");
  await send("Emulation.setTouchEmulationEnabled", { enabled: true, maxTouchPoints: 5 });
  const t0 = Date.now();
  await send("Page.navigate", { url: pageUrl });
  await shot("web-loading.png").catch(() => {});
  await waitFor("window.gamedayScreen === 'Title'", 600, "the title screen");
  log(`title screen after ${((Date.now() - t0) / 1000).toFixed(1)} s; dpr ${await evaluate("devicePixelRatio")}, canvas ${await evaluate("(c => c && `${c.width}x${c.height}`)(document.querySelector('canvas'))")}`);
  await sleep(4000);
  await shot("web-title-en.png");
  const rect = await waitFor("window.gamedayButtons && window.gamedayButtons.language", 60, "the language switch");
  const [x, y] = center(rect);
  log("tapping the language switch (touch) at", x, y);
  await tap(x, y);
  let lang = null;
  try { lang = await waitFor("window.gamedayLanguage === 'Korean' && 'Korean'", 30, "Korean"); } catch (e) { log(e.message); }
  if (!lang) {
    ok = false;
    log("touch did not switch the language; trying a mouse click");
    await click(x, y);
    await waitFor("window.gamedayLanguage === 'Korean'", 30, "Korean after a click");
  }
  await sleep(3000);
  await shot("web-title-ko.png");
  // Start the tutorial the way a player does: tap its card, read the briefing, press Start.
  const tutorial = await waitFor("window.gamedayButtons && window.gamedayButtons.tutorial", 30, "the tutorial's card");
  log("tapping the tutorial's card at", ...center(tutorial));
  await tap(...center(tutorial));
  await sleep(1500);
  const briefing = await waitFor("window.gamedayButtons && window.gamedayButtons.briefing", 30, "the briefing button");
  await click(...center(briefing));
  await waitFor("window.gamedayScreen === 'Briefing'", 60, "the briefing");
  await sleep(2000);
  await shot("web-briefing-ko.png");
  const start = await waitFor("window.gamedayScreen === 'Briefing' && window.gamedayButtons && window.gamedayButtons.start", 30, "the Start button");
  log("clicking Start at", ...center(start));
  await click(...center(start));
  await waitFor("window.gamedayScreen === 'Playing'", 120, "the round");
  await sleep(8000);
  await shot("web-round.png");
  // The round must keep running: a Rust panic in the browser shows up in the console.
  await sleep(10000);
  const panics = consoleLines.filter((l) => l.includes("panicked"));
  if (panics.length > 0) throw new Error(`the game panicked in the browser: ${panics[0]}`);
  await shot("web-round-later.png");
} catch (e) {
  ok = false;
  log("FAILED:", e.message);
  await shot("web-failure.png").catch(() => {});
} finally {
  writeFileSync(`${outDir}/web-console.log`, consoleLines.join("\n") + "\n");
  log(`browser console: ${consoleLines.length} lines in ${outDir}/web-console.log`);
  ws.close();
  process.exit(ok ? 0 : 1);
}
