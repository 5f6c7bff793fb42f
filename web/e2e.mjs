// The browser test: BioDental's dist/ served on 127.0.0.1 and played in
// headless Chromium the way a player would. Run it through `web/test.sh`,
// which builds dist/ and installs what this needs.
//
//   node web/e2e.mjs [--dist DIR] [--shots DIR] [--chromium PATH]
//
// It checks that
//   1. the page loads, and nothing is written to the console as an error
//      (from the page or the game) at any point;
//   2. after "Click to start", the title screen renders: a screenshot that
//      is not blank; and once a game starts, its first room is drawn (the
//      screen is not mostly the clear colour around the rooms);
//   3. a key starts a new game, and Mira walks: the arrow keys move her,
//      which two saves show, one before and one after (the pause menu's
//      Save, Slots 1 and 2, driven by keys);
//   4. that save is still there after the page is reloaded: Continue on the
//      title loads it, and quitting to the title saves her where she stood.
// The game tells the page where it is through `data-` attributes on
// <body> (`src/screens/page.rs`): the screen, the activity, the pause menu
// and the button with the focus; the test waits on them.

import { createServer } from "node:http";
import { readFile, mkdir, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { extname, join, normalize, resolve, dirname } from "node:path";
import { inflateSync } from "node:zlib";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  if (i + 1 >= args.length) usage(`${name} needs a value`);
  return args[i + 1];
}
function usage(message) {
  console.error(`e2e: ${message}\nusage: node web/e2e.mjs [--dist DIR] [--shots DIR] [--chromium PATH]`);
  process.exit(2);
}
for (let i = 0; i < args.length; i += 2) {
  if (!["--dist", "--shots", "--chromium"].includes(args[i])) usage(`unknown option '${args[i]}'`);
}
const dist = resolve(option("--dist", join(here, "..", "dist")));
const shots = resolve(option("--shots", join(here, ".e2e")));
const chromiumPath = option("--chromium", process.env.CHROMIUM || "/usr/bin/chromium");
if (!existsSync(join(dist, "index.html"))) usage(`${dist} has no index.html: build it with web/build.sh`);
if (!existsSync(chromiumPath)) usage(`no Chromium at ${chromiumPath} (install the package chromium, or pass --chromium)`);

// playwright-core is installed by web/test.sh into web/.tools/playwright.
const playwrightEntry = join(here, ".tools", "playwright", "node_modules", "playwright-core", "index.mjs");
if (!existsSync(playwrightEntry)) usage("playwright-core is missing: run web/test.sh, which installs it");
const { chromium } = await import(pathToFileURL(playwrightEntry).href);

// --- a static server for dist/ ----------------------------------------------

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".ogg": "audio/ogg",
  ".ron": "text/plain; charset=utf-8",
  ".ldtk": "application/json",
  ".json": "application/json",
};

const server = createServer(async (request, response) => {
  const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
  const file = normalize(join(dist, path.endsWith("/") ? `${path}index.html` : path));
  if (!file.startsWith(dist)) {
    response.writeHead(403).end();
    return;
  }
  try {
    const body = await readFile(file);
    response.writeHead(200, { "Content-Type": TYPES[extname(file)] || "application/octet-stream" });
    response.end(body);
  } catch {
    response.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const url = `http://127.0.0.1:${server.address().port}/`;

// --- checks ------------------------------------------------------------------

const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
const say = (message) => console.log(`e2e [${seconds()} s] ${message}`);
const problems = [];
const consoleErrors = [];

function check(ok, message) {
  if (ok) {
    say(`ok: ${message}`);
  } else {
    say(`FAILED: ${message}`);
    problems.push(message);
  }
  return ok;
}

// Reads an 8-bit RGB or RGBA PNG (what Chromium's screenshots are).
function decodePng(buffer) {
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const data = [];
  while (offset < buffer.length) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString("ascii", offset + 4, offset + 8);
    const body = buffer.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colour, , , interlace] = body.subarray(8, 13);
      channels = { 2: 3, 6: 4 }[colour];
      if (depth !== 8 || !channels || interlace) throw new Error("unexpected PNG format");
    } else if (type === "IDAT") {
      data.push(body);
    }
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[y * stride + x - channels] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
      let value = line[x];
      if (filter === 1) value += a;
      else if (filter === 2) value += b;
      else if (filter === 3) value += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        value += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      pixels[y * stride + x] = value & 255;
    }
  }
  return { width, height, channels, pixels };
}

// How much is on screen: the distinct colours, and the share of the most
// common one (a blank or single-colour canvas is nearly all one colour).
function looks(png) {
  const { width, height, channels, pixels } = decodePng(png);
  const counts = new Map();
  for (let i = 0; i < width * height; i++) {
    const o = i * channels;
    const key = (pixels[o] << 16) | (pixels[o + 1] << 8) | pixels[o + 2];
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  const top = Math.max(...counts.values());
  return { colours: counts.size, topShare: top / (width * height) };
}

// The share of the screen in the game's clear colour (the void around the
// rooms, sRGB 11, 14, 26, give or take 8 per channel for blending): a room
// whose floor and walls are not drawn is mostly that colour.
const VOID = [11, 14, 26];
function voidShare(png) {
  const { width, height, channels, pixels } = decodePng(png);
  let clear = 0;
  for (let i = 0; i < width * height; i++) {
    const o = i * channels;
    if (VOID.every((v, c) => Math.abs(pixels[o + c] - v) <= 8)) clear++;
  }
  return clear / (width * height);
}

// A save's position, from its RON text (`feet: (x, y)`).
function feetOf(ron) {
  const m = ron && /feet:\s*\(\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*\)/.exec(ron);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

// --- the browser ---------------------------------------------------------------

const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: [
    "--no-sandbox",
    "--enable-unsafe-swiftshader",
    "--use-angle=swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--autoplay-policy=no-user-gesture-required",
  ],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
const page = await context.newPage();
page.on("console", (message) => {
  if (message.type() === "error") {
    consoleErrors.push(message.text());
    say(`console error: ${message.text()}`);
  }
});
page.on("pageerror", (error) => {
  consoleErrors.push(String(error));
  say(`page error: ${error}`);
});

const attribute = (name) => page.evaluate((n) => document.body.dataset[n] || "", name);
async function waitFor(what, test, timeoutSeconds = 120) {
  const until = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    const value = await test();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutSeconds} s waiting for ${what}`);
    await page.waitForTimeout(250);
  }
}
const waitForScreen = (screen, seconds) =>
  waitFor(`the ${screen} screen`, async () => (await attribute("screen")) === screen, seconds);
const storage = (key) => page.evaluate((k) => localStorage.getItem(k), key);
// A key held long enough for the game to see it (it reads input once a frame).
async function press(key, holdMs = 150) {
  await page.keyboard.down(key);
  await page.waitForTimeout(holdMs);
  await page.keyboard.up(key);
  await page.waitForTimeout(250);
}
// The caption of the menu button with the focus ("" when none has it).
const focus = () => attribute("focus");
// Moves the focus down the menu a key at a time until its button's caption
// starts with `caption`, then presses Enter, and waits for the press to
// take (the focus leaves that button: a new page, a closed menu). Each key
// waits for the game to show that the focus moved, so that a slow frame,
// which sees two presses as one, costs a retry and not the test.
async function choose(caption) {
  await waitFor("a menu with the focus", async () => (await focus()) !== "", 30);
  for (let tries = 0; !(await focus()).startsWith(caption); tries++) {
    if (tries === 16) throw new Error(`no button "${caption}" in the menu (the focus is on "${await focus()}")`);
    const from = await focus();
    await press("ArrowDown");
    const until = Date.now() + 3000;
    while ((await focus()) === from && Date.now() < until) await page.waitForTimeout(100);
  }
  const chosen = await focus();
  await press("Enter");
  await waitFor(`"${chosen}" to be pressed`, async () => (await focus()) !== chosen, 30);
}
async function screenshot(name) {
  const png = await page.screenshot();
  await writeFile(join(shots, `${name}.png`), png);
  return png;
}

// The pause menu's Save, then the slot (1 to 3), all by keys; back to the
// game. Returns where the save has Mira.
async function saveTo(slot) {
  const key = `biodental.slot${slot}`;
  const old = await storage(key);
  await press("Escape");
  await waitFor("the pause menu", async () => (await attribute("paused")) === "true", 30);
  await choose("Save");
  await choose(`Slot ${slot}`);
  const text = await waitFor(`the save in Slot ${slot}`, async () => {
    const now = await storage(key);
    return now !== old && now;
  }, 30);
  await screenshot(`saved-${slot}`);
  await press("Escape"); // the pause menu
  await press("Escape"); // the game
  await waitFor("the game to go on", async () => (await attribute("paused")) === "false", 30);
  return feetOf(text);
}

// Opens the page and starts the game. Prints how long a player waits: from
// loading the page to "Click to start" (download and compile), and to the
// title screen (the click, the engine's start, the game's files).
async function openAndStart() {
  const loading = Date.now();
  await page.goto(url);
  await page.waitForSelector("#overlay.ready #start", { timeout: 180_000 });
  const ready = (Date.now() - loading) / 1000;
  say(`downloaded in ${ready.toFixed(1)} s; clicking "Click to start"`);
  await page.click("#start");
  await waitForScreen("title", 120);
  say(`time from page load to the title screen: ${((Date.now() - loading) / 1000).toFixed(1)} s (${ready.toFixed(1)} s to "Click to start")`);
  // The title fades in; give it a moment.
  await page.waitForTimeout(2000);
}

await mkdir(shots, { recursive: true });
let failed = false;
try {
  // 1, 2: the page, the title.
  await openAndStart();
  const title = looks(await screenshot("1-title"));
  check(
    title.colours >= 64 && title.topShare < 0.97,
    `the title screen is drawn (${title.colours} colours, the commonest covers ${(100 * title.topShare).toFixed(0)} %)`,
  );

  // 3: a new game by key; Mira walks.
  // Timed from the key going down to the frame the game reports the room,
  // polled every animation frame.
  await page.keyboard.down("Enter");
  const newGame = Date.now();
  const inRoom = page
    .waitForFunction(() => document.body.dataset.screen === "gameplay", null, { polling: "raf", timeout: 60_000 })
    .then(() => Date.now());
  await page.waitForTimeout(150);
  await page.keyboard.up("Enter");
  say(`a new game started: the first room ${((await inRoom - newGame) / 1000).toFixed(2)} s after the key`);
  // Read through the opening scene until Mira is free to walk (and stays
  // so for two seconds: the scene starts a few frames into the game).
  let freeSince = null;
  await waitFor(
    "Mira to be free to walk",
    async () => {
      if ((await attribute("activity")) === "talking") {
        freeSince = null;
        await press("Enter", 80);
        return false;
      }
      freeSince ??= Date.now();
      return Date.now() - freeSince > 2000;
    },
    180,
  );
  const room = await screenshot("2-game");
  const share = voidShare(room);
  check(
    share < 0.5,
    `the first room is drawn, floor and walls: ${(100 * share).toFixed(0)} % of the screen is the empty clear colour`,
  );
  const before = await saveTo(1);
  say(`Mira stands at ${before} (saved in Slot 1)`);
  await press("ArrowUp", 1200);
  await press("ArrowRight", 800);
  await screenshot("3-walked");
  const saved = await saveTo(2);
  const walked = Math.hypot(saved[0] - before[0], saved[1] - before[1]);
  check(walked > 16, `Mira walked ${walked.toFixed(0)} px, from ${before} to ${saved}, and Slot 2 holds where she stands`);

  // 4: the save survives a reload, and the game loads it.
  await openAndStart();
  check(feetOf(await storage("biodental.slot2"))?.join() === saved.join(), "Slot 2 is still in localStorage after a reload");
  await screenshot("5-title-again");
  await choose("Continue"); // the newest save, Slot 2
  await waitForScreen("gameplay", 60);
  await waitFor("the loaded game", async () => (await attribute("activity")) === "exploring", 60);
  await page.waitForTimeout(1000);
  await screenshot("6-continued");
  await press("Escape");
  await waitFor("the pause menu", async () => (await attribute("paused")) === "true", 30);
  await choose("Quit to title");
  await waitForScreen("title", 60);
  const after = feetOf(await storage("biodental.autosave"));
  check(
    after && Math.hypot(after[0] - saved[0], after[1] - saved[1]) < 1,
    `Continue after the reload loaded Slot 2: quitting saved Mira at ${after}, where Slot 2 had her`,
  );
} catch (error) {
  say(`FAILED: ${error.message}`);
  await screenshot("failure").catch(() => {});
  failed = true;
}
check(consoleErrors.length === 0, `no errors in the console (${consoleErrors.length})`);
await browser.close();
server.close();
say(`screenshots in ${shots}`);
if (failed || problems.length > 0) {
  console.error(`e2e: ${problems.length + (failed ? 1 : 0)} check(s) failed`);
  process.exit(1);
}
say("all checks passed");
