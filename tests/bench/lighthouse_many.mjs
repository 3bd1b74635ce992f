// Lighthouse on several URLs with one Chromium: the browser starts once, so each
// page costs its audit only (the CLI starts a browser and loads its config per URL).
// Used by tests/a11y/test_lighthouse.py through tests/bench/lighthouse.py.
//   node tests/bench/lighthouse_many.mjs OUT_DIR CATEGORIES URL [URL ...]
// Writes OUT_DIR/<n>.json (Lighthouse's report of the n-th URL, from 0). Chromium is
// CHROME_PATH, with the flags in CHROME_FLAGS (space-separated).
import fs from "node:fs";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const [outDir, categories, ...urls] = process.argv.slice(2);
if (!outDir || !categories || urls.length === 0) {
  console.error("usage: node lighthouse_many.mjs OUT_DIR CATEGORIES URL [URL ...]");
  process.exit(2);
}
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: (process.env.CHROME_FLAGS || "--headless=new").split(/\s+/).filter(Boolean),
});
try {
  for (const [n, url] of urls.entries()) {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: categories.split(","),
      // Accessibility, best practices and SEO do not depend on the network's speed.
      throttlingMethod: "provided",
      disableFullPageScreenshot: true,
    });
    fs.writeFileSync(path.join(outDir, `${n}.json`), result.report);
  }
} finally {
  await chrome.kill();
}
