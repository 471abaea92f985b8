// Lighthouse's performance category for one URL, as `make bench` reports it:
//
//   node end2end/bench/lighthouse.mjs <url>
//   -> {"performance":0..100,"lcp_ms":..,"fcp_ms":..,"tbt_ms":..,"cls":..,"si_ms":..}
//
// Lighthouse's default settings: a mobile device with simulated throttling (slow 4G, 4x CPU),
// so the numbers are comparable with those of PageSpeed Insights. Only the JSON line goes to
// stdout; Lighthouse's own log and errors go to stderr.
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  // Nothing that talks to Google in the background: this machine has no internet.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

async function main() {
  const url = process.argv[2];
  if (!url) throw new Error('usage: node lighthouse.mjs <url>');

  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    chromeFlags: CHROME_FLAGS,
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance'],
    });
    const lhr = result?.lhr;
    if (!lhr) throw new Error('Lighthouse returned no result');
    // A page that failed to load still yields a report, with a runtime error and no scores.
    if (lhr.runtimeError) throw new Error(`${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
    const score = lhr.categories.performance.score;
    if (score === null) throw new Error('Lighthouse computed no performance score');

    const metric = (id) => {
      const value = lhr.audits[id]?.numericValue;
      if (typeof value !== 'number') throw new Error(`Lighthouse has no value for "${id}"`);
      return Number(value.toFixed(id === 'cumulative-layout-shift' ? 4 : 0));
    };
    const out = {
      performance: Math.round(score * 100),
      lcp_ms: metric('largest-contentful-paint'),
      fcp_ms: metric('first-contentful-paint'),
      tbt_ms: metric('total-blocking-time'),
      cls: metric('cumulative-layout-shift'),
      si_ms: metric('speed-index'),
    };
    for (const warning of lhr.runWarnings) console.error(`[lighthouse] warning: ${warning}`);
    console.log(JSON.stringify(out));
  } finally {
    await chrome.kill();
  }
}

main().catch((err) => {
  console.error(`lighthouse.mjs: ${err.message}`);
  process.exit(1);
});
