"""Lighthouse's accessibility, best-practices and SEO audits on the built sample site.

Pass or fail of each audit, not scores: a page passes when no scored audit of those
three categories is below 1 (nothing is skipped or filtered). Lighthouse (npm, pinned
in package-lock.json) drives Debian's Chromium. One Lighthouse run costs about 15 s
here, most of it Lighthouse waiting for the page to settle, so the test covers each
page kind once, the languages alternating, in two Chromiums at a time; every kind in
both languages, with performance, is `make bench-lighthouse` (tests/bench/lighthouse.py).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from lighthouse import OUR_PAGES, failed_audits, run_lighthouse_many

pytestmark = pytest.mark.browser

CATEGORIES = ("accessibility", "best-practices", "seo")
# Each kind once; both languages. The post carries the header, search, the FAQ
# section, a comparison table and the assistant; the home page is a listing.
PAGES = [("es", "post"), ("en", "home"), ("es", "faq"), ("en", "category")]


def test_no_lighthouse_audit_fails_on_any_page_kind(served) -> None:
    urls = [served + OUR_PAGES[lang][kind] for lang, kind in PAGES]
    halves = [urls[0::2], urls[1::2]]
    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = [report for half in pool.map(lambda batch: run_lighthouse_many(batch, CATEGORIES), halves) for report in half]
    by_url = dict(zip(urls[0::2] + urls[1::2], reports))
    failures = {}
    for (lang, kind), url in zip(PAGES, urls):
        report = by_url[url]
        # The report is of the page we meant (not a redirect or an error page), in its language.
        assert report["finalDisplayedUrl"] == url
        assert set(report["categories"]) == set(CATEGORIES)
        audited = sum(len(c["auditRefs"]) for c in report["categories"].values())
        assert audited > 50, f"{lang} {kind}: only {audited} audits ran"
        failing = failed_audits(report)
        if failing:
            failures[f"{lang} {kind}"] = failing
    assert failures == {}
