// The web UI in real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core): a fixture corpus
// is ingested with `storyline ingest`, `storyline serve` answers on 127.0.0.1, and the tests click through it as a
// reader would. STORYLINE_BIN names the binary (default: target/release/storyline, else target/debug/storyline).
//
// Without Chromium the tests are skipped with a message, unless CI is set: then they fail.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

const missing = existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing (apt-get install chromium)`;
if (missing && process.env.CI) {
  throw new Error(`browser tests cannot run in CI: ${missing}`);
}
if (missing) {
  console.log(`skipping the browser tests: ${missing}`);
}

function storylineBinary() {
  if (process.env.STORYLINE_BIN) return resolve(process.env.STORYLINE_BIN);
  for (const profile of ["release", "debug"]) {
    const candidate = join(root, "target", profile, "storyline");
    if (existsSync(candidate)) return candidate;
  }
  throw new Error("no storyline binary: build it (cargo build -p storyline-cli) or set STORYLINE_BIN");
}

function run(command, args) {
  const result = spawnSync(command, args, { encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/** Starts `storyline serve` on a free port and answers its base URL once it listens. */
function serve(bin, db) {
  const child = spawn(bin, ["serve", "--db", db, "--addr", "127.0.0.1:0"], { stdio: ["ignore", "ignore", "pipe"] });
  return new Promise((resolvePromise, reject) => {
    let said = "";
    const timer = setTimeout(() => reject(new Error(`storyline serve did not start:\n${said}`)), 20000);
    child.stderr.on("data", (chunk) => {
      said += chunk;
      const found = said.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (found) {
        clearTimeout(timer);
        resolvePromise({ child, base: found[0] });
      }
    });
    child.on("exit", (code) => reject(new Error(`storyline serve exited (${code}):\n${said}`)));
  });
}

describe("storyline web UI", { skip: missing ? missing : false }, () => {
  let work, server, browser, base;
  const pageErrors = [];

  before(async () => {
    const { chromium } = await import("playwright-core");
    const bin = storylineBinary();
    work = mkdtempSync(join(tmpdir(), "storyline-ui-"));
    const db = join(work, "ui.db");
    run(bin, ["ingest", join(here, "fixtures", "corpus.jsonl"), "--db", db]);
    server = await serve(bin, db);
    base = server.base;
    browser = await chromium.launchPersistentContext(join(work, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) server.child.kill();
    if (work) rmSync(work, { recursive: true, force: true });
    assert.deepEqual(pageErrors, [], "scripts failed in the page");
  });

  /** A fresh tab on `path`, with the page's script done. Any dialog (alert) fails the test. */
  async function open(path) {
    const page = await browser.newPage();
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    page.on("dialog", (dialog) => {
      pageErrors.push(`a dialog opened: ${dialog.message()}`);
      dialog.dismiss();
    });
    const response = await page.goto(base + path);
    await page.waitForSelector("body[data-ready=true]");
    return { page, response };
  }

  async function ready(page) {
    await page.waitForLoadState("load");
    await page.waitForSelector("body[data-ready=true]");
  }

  test("the timeline lists events by date, with a safety policy on the page", async () => {
    const { page, response } = await open("/");
    const headers = response.headers();
    assert.match(headers["content-security-policy"], /script-src 'self'/);
    assert.equal(headers["x-content-type-options"], "nosniff");
    const days = await page.locator(".timeline .day h3").allTextContents();
    assert.deepEqual(days, ["2024-05-20", "2024-06-14", "2024-07-01"]);
    const titles = await page.locator(".event > a").allTextContents();
    assert.equal(titles.length, 3);
    assert.match(titles[1], /Port Elsa|Voss|Norland/);
    assert.match(await page.locator(".count").textContent(), /of 3$/);
    await page.close();
  });

  test("an event shows where its sources disagree, and each claim leads to its sentence", async () => {
    const { page } = await open("/");
    await page.locator(".day", { hasText: "2024-06-14" }).locator(".event > a").click();
    await ready(page);
    assert.match(page.url(), /\/events\//);
    const disputed = page.locator(".fact.disputed");
    assert.equal(await disputed.count(), 1, "one fact is disputed");
    assert.equal(await disputed.locator(".badge.disagreement").textContent(), "disagreement");
    const claims = disputed.locator(".claim");
    assert.ok((await claims.count()) >= 2, "the disputed fact shows each side's claim");
    const sideBySide = await claims.evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect().top));
    assert.equal(sideBySide[0], sideBySide[1], "the conflicting claims stand side by side");
    // However the facts stage words a value, each claim shows the sentence it was read from.
    const said = (await claims.allTextContents()).join(" | ");
    assert.match(said, /two hours/);
    assert.match(said, /five hours/);
    const outlets = new Set(await claims.locator(".outlet").allTextContents());
    assert.deepEqual([...outlets].sort(), ["Harbour Post", "Valley News"]);
    // An agreed fact has no badge.
    assert.equal(await page.locator(".fact:not(.disputed) .badge.disagreement").count(), 0);
    // Coverage: both outlets.
    const covered = await page.locator(".coverage tbody td:first-child").allTextContents();
    assert.deepEqual([...covered].sort(), ["Harbour Post", "Valley News"]);

    // The Valley News claim opens its article with the claim's sentence marked.
    const valley = claims.filter({ hasText: "five hours" }).first();
    const sentence = await valley.locator("blockquote").textContent();
    await valley.locator("a").click();
    await ready(page);
    assert.match(page.url(), /\/articles\/talks-valley-news\?sentence=/);
    assert.equal(await page.locator("#highlight").count(), 1);
    assert.equal((await page.locator("mark").allTextContents()).join(""), sentence);
    assert.match(sentence, /five hours/);
    await page.close();
  });

  test("search finds words in events and articles, and filters narrow the timeline", async () => {
    const { page } = await open("/");
    await page.fill("input[name=q]", "lighthouse");
    await page.click("form.filters button[type=submit]");
    await ready(page);
    assert.match(page.url(), /\?q=lighthouse/);
    const titles = await page.locator(".event > a").allTextContents();
    assert.equal(titles.length, 1);
    assert.match(titles[0], /Cape Rowan lighthouse/);
    const hits = await page.locator(".hit > a:first-child").allTextContents();
    assert.equal(hits.length, 2);
    for (const hit of hits) assert.match(hit, /lighthouse/i);
    await page.close();

    const byOutlet = await open("/?outlet=Valley+News");
    assert.deepEqual(await byOutlet.page.locator(".day h3").allTextContents(), ["2024-06-14"]);
    await byOutlet.page.close();
    const byDates = await open("/?from=2024-06-01&to=2024-07-31");
    assert.deepEqual(await byDates.page.locator(".day h3").allTextContents(), ["2024-06-14", "2024-07-01"]);
    await byDates.page.close();
    const bad = await open("/?from=2024-08-01&to=2024-07-01");
    assert.match(await bad.page.locator(".error").textContent(), /after/);
    await bad.page.close();
  });

  test("an article page highlights its entities, times and quantities", async () => {
    const { page } = await open("/articles/talks-harbour-post");
    assert.equal(await page.locator("h1").textContent(), "Norland and Estavia leaders hold talks in Port Elsa");
    const spans = await page.locator(".text .ann").evaluateAll((nodes) =>
      nodes.map((n) => [n.getAttribute("data-kind"), n.textContent]));
    const has = (kinds, text) => spans.some(([k, t]) => kinds.includes(k) && t.includes(text));
    assert.ok(has(["person"], "Alda Voss"), JSON.stringify(spans));
    assert.ok(has(["person"], "Teo Marr"), JSON.stringify(spans));
    assert.ok(has(["place"], "Port Elsa"), JSON.stringify(spans));
    assert.ok(has(["time"], "Friday"), JSON.stringify(spans));
    // A duration is both a time expression and a quantity; either highlight will do.
    assert.ok(has(["time", "quantity"], "two hours"), JSON.stringify(spans));
    const tip = await page.locator(".text .ann[data-kind=time]", { hasText: "Friday" }).getAttribute("title");
    assert.match(tip, /2024-06-14/);
    // The text is whole: the highlighted spans change nothing of it.
    const shown = await page.locator(".text").textContent();
    assert.match(shown, /^Premier Alda Voss of Norland .* again in September\.$/s);
    await page.close();
  });

  test("hostile markup in a title and a quote is shown as text and runs nothing", async () => {
    const check = async (path, expectText) => {
      const { page } = await open(path);
      const result = await page.evaluate(() => ({
        xss: window.__xss === undefined ? null : String(window.__xss),
        images: document.querySelectorAll("img").length,
        scripts: [...document.scripts].map((s) => s.getAttribute("src")),
        text: document.getElementById("main").textContent,
      }));
      assert.equal(result.xss, null, `${path}: injected code ran`);
      assert.equal(result.images, 0, `${path}: an <img> element was created`);
      assert.deepEqual(result.scripts, ["/assets/app.js"], `${path}: a script element was added`);
      for (const text of expectText) assert.ok(result.text.includes(text), `${path}: ${text} not shown as text`);
      return page;
    };
    const timeline = await check("/", ["<script>window.__xss = 'title'</script> Vellmoor concert"]);
    await timeline.locator(".day", { hasText: "2024-07-01" }).locator(".event > a").click();
    await ready(timeline);
    const eventPath = new URL(timeline.url()).pathname;
    await timeline.close();
    const event = await check(eventPath, ["<img src=x onerror=window.__xss='quote'> was our best night"]);
    assert.match(await event.locator(".quote blockquote").textContent(), /<script>window.__xss='quote-script'<\/script>/);
    await event.close();
    const article = await check("/articles/hostile-night-desk", ["<img src=x onerror=\"window.__xss='title-img'\">"]);
    await article.close();
  });

  test("the storyline page reads /api/stories, or says plainly that it is not there", async () => {
    const status = (await fetch(base + "/api/stories")).status;
    const { page } = await open("/stories");
    if (status === 404) {
      assert.match(await page.locator(".notice").textContent(), /no storylines yet.*404/);
    } else {
      assert.equal(status, 200);
      assert.equal(await page.locator(".error").count(), 0);
      assert.ok((await page.locator(".story").count()) + (await page.locator(".empty").count()) > 0);
    }
    await page.close();
  });

  test("an unknown asset is 404 and an asset path cannot leave the table", async () => {
    for (const path of ["/assets/nope.js", "/assets/..%2F..%2FCargo.toml", "/assets/%2e%2e/Cargo.toml"]) {
      const response = await fetch(base + path);
      assert.equal(response.status, 404, path);
    }
    const script = await fetch(base + "/assets/app.js");
    assert.equal(script.status, 200);
    assert.match(script.headers.get("content-type"), /javascript/);
  });
});
