"""First contentful paint and transferred bytes of built pages, from the browser's
own performance API (Playwright driving Debian's Chromium).

    .venv/bin/python tests/bench/paint.py SITE_DIR [SITE_DIR ...] [--runs 7] [--pages es/blog/x/ en/]

Each site folder is served on 127.0.0.1; every page is loaded ``--runs`` times in a
fresh browser context (empty cache), under a throttled network (150 ms round trip,
1.6 Mbit/s down: Lighthouse's "slow 4G") and a 4x slower CPU, so that the number of
requests a page makes weighs as it does on a phone. Sites are measured interleaved
(site A, site B, site A, …) so machine drift hits all of them. Prints, per page and
site, the median FCP, the bytes transferred (document and every resource, headers
included) and the stylesheets requested.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from contextlib import ExitStack
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))

from conftest import CHROMIUM_ARGS, chromium_path, serve_directory  # noqa: E402

DEFAULT_PAGES = ["es/blog/fine-tuning-when-worth-it/", "en/blog/fine-tuning-when-worth-it/", "es/", "en/faq/"]
THROTTLE = {"offline": False, "latency": 150, "downloadThroughput": 1.6 * 1024 * 1024 / 8, "uploadThroughput": 750 * 1024 / 8}

PROBE = """() => new Promise(resolve => {
  const done = () => {
    const nav = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource');
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    resolve({
      fcp: fcp ? fcp.startTime : null,
      bytes: nav.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0),
      css: resources.filter(r => r.initiatorType === 'link' && /\\.css(\\?|$)/.test(r.name)).map(r => r.name.replace(location.origin, '')),
    });
  };
  // Late resources (the search index, the assistant) are counted once the page is idle.
  setTimeout(done, 1500);
})"""


def measure(browser, url: str) -> dict:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", THROTTLE)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        page.goto(url, wait_until="load")
        return page.evaluate(PROBE)
    finally:
        context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sites", nargs="+", type=Path, help="built site folders (mkdocs build -d …)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pages", nargs="+", default=DEFAULT_PAGES)
    args = parser.parse_args(argv)
    for site in args.sites:
        if not (site / "index.html").is_file():
            parser.error(f"{site} is not a built site (no index.html)")
    from playwright.sync_api import sync_playwright

    results: dict[tuple[str, str], list[dict]] = {}
    with ExitStack() as stack, sync_playwright() as playwright:
        bases = [stack.enter_context(serve_directory(site)) for site in args.sites]
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        for _ in range(args.runs):
            for path in args.pages:
                for site, base in zip(args.sites, bases):
                    results.setdefault((path, str(site)), []).append(measure(browser, base + path))
        browser.close()
    print(f"{'page':42} {'site':28} {'FCP ms (median)':>16} {'bytes (median)':>15}  stylesheets")
    for (path, site), runs in results.items():
        fcps = [r["fcp"] for r in runs if r["fcp"] is not None]
        fcp = f"{statistics.median(fcps):.0f}" if fcps else "none"
        nbytes = statistics.median(r["bytes"] for r in runs)
        print(f"{path:42} {site[-28:]:28} {fcp:>16} {nbytes:>15.0f}  {len(runs[0]['css'])}: {' '.join(Path(c).name for c in runs[0]['css'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
