// Browser measurements of `make bench`, with Debian's Chromium driven by playwright-core.
//
//   node end2end/bench/browser.mjs hydration <url> <runs>  -> {"hydrated_ms":[...]}
//   node end2end/bench/browser.mjs vitals <url> <runs>     -> {"lcp_ms":[...],"cls":[...]}
//   node end2end/bench/browser.mjs files <url> 1           -> {"files":[["/", ...]]}
//
// Only the JSON line goes to stdout; progress and errors go to stderr.
import { chromium } from 'playwright-core';

const LAUNCH = {
  headless: true,
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  // No sandbox (we run as root in a container); nothing that talks to Google in the background.
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

const log = (...args) => console.error('[browser]', ...args);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (x, digits) => Number(x.toFixed(digits));
const hasHydratedMark = () => performance.getEntriesByName('hydrated').length > 0;

// Page errors (e.g. a panic in the WASM) would otherwise only show up as a timeout.
function reportErrors(page) {
  page.on('pageerror', (err) => log('page error:', err.message));
  page.on('console', (msg) => msg.type() === 'error' && log('console error:', msg.text(), msg.location().url));
}

// Time from navigation start to the app's `performance.mark("hydrated")`, on a CPU slowed down
// 4x (roughly a mid-range phone), with an empty cache each run (a new context is a new profile).
async function hydration(browser, url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    reportErrors(page);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(url, { waitUntil: 'commit', timeout: 60_000 });
    await page.waitForFunction(hasHydratedMark, null, { timeout: 60_000, polling: 50 }).catch(() => {
      throw new Error(`no performance mark "hydrated" within 60 s at ${url}`);
    });
    const ms = await page.evaluate(() => performance.getEntriesByName('hydrated')[0].startTime);
    return round(ms, 1);
  } finally {
    await context.close();
  }
}

// Collects LCP and CLS from the first paint on: observers registered before any page script.
function observeVitals() {
  window.__vitals = { lcp: null, cls: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__vitals.lcp = entry.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__vitals.cls += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
}

// LCP and CLS of a cold load, unthrottled. Waits past 'load' so that late shifts (e.g. from
// hydration) count, and for the "hydrated" mark when the page has scripts (at most 5 s).
async function vitals(browser, url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    reportErrors(page);
    await page.addInitScript(observeVitals);
    await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    const hydrated = page.evaluate(() => document.scripts.length > 0).then((scripted) =>
      scripted &&
      page.waitForFunction(hasHydratedMark, null, { timeout: 5_000, polling: 50 }).catch(() => {
        log('no "hydrated" mark within 5 s; measuring anyway');
      }),
    );
    await Promise.all([sleep(1_500), hydrated]);
    const { lcp, cls } = await page.evaluate(() => window.__vitals);
    if (lcp === null) throw new Error(`no largest-contentful-paint entry at ${url} (empty page?)`);
    return { lcp: round(lcp, 1), cls: round(cls, 4) };
  } finally {
    await context.close();
  }
}

// The path of every same-origin request of a first visit, until the page is hydrated and the
// network is idle: what the visitor downloads, including what a script imports or fetches on
// its own (the HTML does not name everything). Paths only: the harness fetches and compresses
// the files itself.
async function files(browser, url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    reportErrors(page);
    const origin = new URL(url).origin;
    const paths = new Set();
    page.on('request', (request) => {
      const requested = new URL(request.url());
      if (requested.origin === origin) paths.add(requested.pathname);
    });
    await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    await page.waitForFunction(hasHydratedMark, null, { timeout: 60_000, polling: 50 }).catch(() => {
      throw new Error(`no performance mark "hydrated" within 60 s at ${url}`);
    });
    await page.waitForLoadState('networkidle');
    return [...paths];
  } finally {
    await context.close();
  }
}

const MODES = { hydration, vitals, files };

async function main() {
  const [mode, url, runsText] = process.argv.slice(2);
  const runs = Number(runsText);
  if (!(mode in MODES) || !url || !Number.isInteger(runs) || runs < 1) {
    throw new Error('usage: node browser.mjs (hydration|vitals|files) <url> <runs>');
  }
  const browser = await chromium.launch(LAUNCH);
  try {
    const results = [];
    for (let run = 1; run <= runs; run++) {
      const result = await MODES[mode](browser, url);
      log(`${mode} run ${run}/${runs}:`, JSON.stringify(result));
      results.push(result);
    }
    const out = {
      hydration: () => ({ hydrated_ms: results }),
      vitals: () => ({ lcp_ms: results.map((r) => r.lcp), cls: results.map((r) => r.cls) }),
      files: () => ({ files: results }),
    }[mode]();
    console.log(JSON.stringify(out));
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(`browser.mjs: ${err.message}`);
  process.exit(1);
});
