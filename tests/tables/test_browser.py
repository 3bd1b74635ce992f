"""A phone-sized Chromium: the page never scrolls sideways and every column of a table is reachable."""

from __future__ import annotations

import pytest

from conftest import mkdocs_build, serve_directory, tab_until
from tables_helpers import write_site

pytestmark = pytest.mark.browser

ARTICLES = {
    "article": "Intro.\n\n<!-- comparison: rag-vs-fine-tuning -->\n\n<!-- comparison: hosted-vs-open-models -->\n",
    "wide": "A table with four options:\n\n<!-- comparison: four-ways -->\n",
}

# For each table of the page: the page's and the box's widths, and whether the last
# column can be brought fully into the box's view by scrolling the box.
MEASURE = """\
() => Array.from(document.querySelectorAll('.kn-cmp__scroll')).map((box) => {
  box.scrollLeft = box.scrollWidth;
  const view = box.getBoundingClientRect();
  const last = box.querySelector('thead th:last-child').getBoundingClientRect();
  const result = {
    pageScrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    boxRight: view.right,
    overflows: box.scrollWidth > box.clientWidth,
    lastColumnVisible: last.left >= view.left - 1 && last.right <= view.right + 1,
    overflowX: getComputedStyle(box).overflowX,
    // What sticks out of the viewport (names the culprit when the page scrolls sideways).
    outside: Array.from(document.body.querySelectorAll('*'))
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
      .map((el) => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '')),
  };
  box.scrollLeft = 0;
  return result;
})
"""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("tables-browser")
    built = mkdocs_build(write_site(root, articles=ARTICLES), root / "site")
    with serve_directory(built.site_dir) as url:
        yield url


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("path", ["es/blog/article/", "en/blog/article/", "en/blog/wide/"])
def test_no_sideways_page_scroll_and_every_column_reachable(phone, site_url, path):
    phone.goto(site_url + path)
    phone.wait_for_load_state("load")
    tables = phone.evaluate(MEASURE)
    assert tables, "no comparison table on the page"
    for table in tables:
        # The table itself never sticks out of the viewport, whatever the rest of the page does.
        assert not [name for name in table["outside"] if "kn-cmp" in name], table["outside"]
        assert table["pageScrollWidth"] <= table["innerWidth"], f"the page scrolls sideways; sticking out: {table['outside']}"
        assert table["boxRight"] <= table["innerWidth"], table
        assert table["overflowX"] == "auto"
        assert table["lastColumnVisible"], table


def test_wide_table_scrolls_in_its_box_with_the_keyboard(phone, site_url):
    phone.goto(site_url + "en/blog/wide/")
    box = phone.locator(".kn-cmp__scroll")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth"), "the four-option table should be wider than a phone"
    # Keyboard users reach the box with Tab and scroll it with the arrow keys.
    tab_until(phone, "el.classList.contains('kn-cmp__scroll')", limit=40)
    assert box.evaluate("b => b.getAttribute('aria-labelledby') && document.getElementById(b.getAttribute('aria-labelledby')).textContent") == "Four ways"
    for _ in range(10):
        phone.keyboard.press("ArrowRight")
    phone.wait_for_function("() => document.querySelector('.kn-cmp__scroll').scrollLeft > 0")
    # Row headers stay in view while the cells scroll under them.
    sticky = phone.evaluate(
        "() => { const b = document.querySelector('.kn-cmp__scroll'); const th = b.querySelector('tbody th');"
        " return Math.abs(th.getBoundingClientRect().left - b.getBoundingClientRect().left) <= 2; }"
    )
    assert sticky
