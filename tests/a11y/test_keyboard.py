"""Keyboard and motion checks that axe cannot make.

Not repeated here (tests/faq/test_faq_assistant_browser.py has them): Tab reaches
the launcher, Enter opens it, Escape closes it and focus returns, 320 px layout,
the panel's own animation under reduced motion.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import tab_until
from a11y_support import (
    ANSWERED,
    INPUT,
    LAUNCHER,
    PANEL,
    POST_KEY,
    Box,
    ask,
    ask_until_abstention_with_suggestions,
    open_assistant,
)

pytestmark = pytest.mark.browser

# What the focused element looks like and what covers it. It first waits for the
# transitions that move things (Material's drawer slides in while a link in it has
# focus, and out after), never for long (this context does not ask for reduced motion).
FOCUS_PROBE = """async () => {
  const el = document.activeElement;
  const geometry = /^(transform|translate|left|right|top|bottom|width|height|max-width|max-height)$/;
  // getAnimations() updates styles first, so the transitions this focus started are listed.
  const moving = document.getAnimations().filter(a => geometry.test(a.transitionProperty || '') && a.playState === 'running'
                                                   && a.effect.getComputedTiming().duration > 0);
  await Promise.race([Promise.all(moving.map(a => a.finished)), new Promise(r => setTimeout(r, 400))]);
  const r = el.getBoundingClientRect();
  const launcher = document.querySelector('.knowledge-assistant__launcher');
  const lr = launcher.getBoundingClientRect();
  // The topmost element at the centre of the focused element's visible part.
  const x = (Math.max(r.left, 0) + Math.min(r.right, innerWidth)) / 2;
  const y = (Math.max(r.top, 0) + Math.min(r.bottom, innerHeight)) / 2;
  const top = document.elementFromPoint(x, y);
  const coveredBy = top && !el.contains(top) && !top.contains(el) ? top.closest('[class]') : null;
  return {
    name: el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
          + ' "' + (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40) + '"',
    isBody: el === document.body,
    isLauncher: el === launcher,
    box: {left: r.left, top: r.top, right: r.right, bottom: r.bottom},
    launcher: {left: lr.left, top: lr.top, right: lr.right, bottom: lr.bottom},
    launcherShown: launcher.checkVisibility({visibilityProperty: true, opacityProperty: true}),
    viewport: {left: 0, top: 0, right: innerWidth, bottom: innerHeight},
    coveredBy: coveredBy ? coveredBy.tagName.toLowerCase() + '.' + String(coveredBy.className).trim().split(/\\s+/).join('.') : null,
  };
}"""


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def focus_obstructions(step: dict[str, Any]) -> list[str]:
    """Why the focused element of ``step`` is (partly) hidden, if it is."""
    problems = []
    box = Box.of(step["box"])
    if step["launcherShown"] and not step["isLauncher"] and box.intersects(Box.of(step["launcher"])):
        problems.append("under the assistant's launcher (WCAG 2.4.11)")
    if not box.intersects(Box.of(step["viewport"])):
        problems.append(f"outside the viewport at {step['box']} (WCAG 2.4.7)")
    elif step["coveredBy"]:
        problems.append(f"covered by {step['coveredBy']} (WCAG 2.4.11)")
    return problems


# Spanish only: its launcher ("Preguntanos") is the wider one, and the layout rules
# under test do not depend on the language. Keeps the folder under a minute.
@pytest.mark.parametrize("lang", ["es"])
def test_nothing_hides_the_focused_element_when_tabbing_through_a_post_at_360px(phone, served, lang) -> None:
    """Forward to the launcher (content scrolls up towards it), then back to the top
    (content scrolls down under Material's sticky header and its back-to-top button)."""
    phone.goto(served + f"{lang}/{POST_KEY}/")
    seen: list[str] = []
    hidden: list[str] = []
    for key in ("Tab", "Shift+Tab"):
        for _ in range(300):
            phone.keyboard.press(key)
            step = phone.evaluate(FOCUS_PROBE)
            if step["isBody"] or (key == "Tab" and step["isLauncher"]):
                break
            seen.append(step["name"])
            hidden += [f"{key} → {step['name']}: {why}" for why in focus_obstructions(step)]
        else:
            pytest.fail(f"{key} never got through the page")
    # The walk really went through the article: its FAQ, its table, the footer.
    assert any(name.startswith("summary") for name in seen), seen
    assert any("kn-cmp__scroll" in name for name in seen), seen
    assert any("Material for MkDocs" in name for name in seen), seen
    assert hidden == []
    # Links in running text stay underlined after having had focus (Material's
    # focus-visible polyfill adds a class to them). The category link is told apart
    # by weight and case instead, which axe accepts.
    plain = phone.evaluate(
        """() => [...document.querySelectorAll('.md-content :is(p, li) a[href]:not(.knowledge-post__category)')]
          .filter(a => a.closest('p, li').textContent.trim() !== a.textContent.trim())
          .filter(a => !getComputedStyle(a).textDecorationLine.includes('underline'))
          .map(a => a.outerHTML.slice(0, 120))"""
    )
    assert plain == []


def outline_contrast(page, selector: str) -> dict[str, Any]:
    """The focused element's outline (or box-shadow) and the colour behind it."""
    return page.evaluate(
        """sel => {
          const el = document.querySelector(sel);
          const cs = getComputedStyle(el);
          const opaque = c => { const m = c.match(/[\\d.]+/g); return m && (m.length < 4 || +m[3] > 0); };
          // The outline is drawn outside the element unless its offset is negative.
          let bgEl = parseFloat(cs.outlineOffset) < 0 ? el : el.parentElement;
          while (bgEl && !opaque(getComputedStyle(bgEl).backgroundColor)) bgEl = bgEl.parentElement;
          return {
            focused: document.activeElement === el,
            focusVisible: el.matches(':focus-visible'),
            outlineStyle: cs.outlineStyle, outlineWidth: parseFloat(cs.outlineWidth), outlineColor: cs.outlineColor,
            boxShadow: cs.boxShadow,
            behind: bgEl ? getComputedStyle(bgEl).backgroundColor : 'rgb(255, 255, 255)',
          };
        }""",
        selector,
    )


def luminance(css_color: str) -> float:
    r, g, b = (float(v) / 255 for v in re.findall(r"[\d.]+", css_color)[:3])
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def assert_focus_visible(page, selector: str, unfocused_shadow: str | None = None) -> None:
    style = outline_contrast(page, selector)
    assert style["focused"] and style["focusVisible"], (selector, style)
    if style["outlineStyle"] != "none" and style["outlineWidth"] >= 2:
        ratio = contrast(style["outlineColor"], style["behind"])
        assert ratio >= 3, f"{selector}: focus outline {style['outlineColor']} on {style['behind']} is {ratio:.2f}:1"
    else:
        assert style["boxShadow"] not in ("none", unfocused_shadow), (selector, style)


# The focus styles do not depend on the language: these two tests split the
# languages between them.
@pytest.mark.parametrize("lang", ["es"])
def test_focus_is_visible_on_the_assistant_and_the_comparison_table(desktop, served, lang) -> None:
    page = desktop
    page.goto(served + f"{lang}/{POST_KEY}/")
    tab_until(page, "el.classList.contains('kn-cmp__scroll')")
    assert_focus_visible(page, ".kn-cmp__scroll")

    launcher_shadow = page.evaluate(f"getComputedStyle(document.querySelector({LAUNCHER!r})).boxShadow")
    tab_until(page, "el.classList.contains('knowledge-assistant__launcher')")
    assert_focus_visible(page, LAUNCHER, launcher_shadow)

    page.keyboard.press("Enter")
    assert_focus_visible(page, INPUT)
    page.keyboard.press("Tab")
    assert_focus_visible(page, ".knowledge-assistant__send")
    # Backwards through the panel: the log (scrollable, focusable), the note's link, the close button.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert_focus_visible(page, "[role=log]")
    page.keyboard.press("Shift+Tab")
    assert_focus_visible(page, ".knowledge-assistant__note a")
    page.keyboard.press("Shift+Tab")
    assert_focus_visible(page, ".knowledge-assistant__close")


@pytest.mark.parametrize("lang", ["en"])
def test_faq_disclosures_and_the_launcher_work_with_enter_and_space(desktop, served, lang) -> None:
    page = desktop
    page.goto(served + f"{lang}/{POST_KEY}/")
    tab_until(page, "el.tagName === 'SUMMARY' && !!el.closest('.knowledge-faq__entry')")
    details = page.locator(".knowledge-faq__entry:has(> summary:focus)")
    answer = details.locator(".knowledge-faq__answer")
    assert details.evaluate("d => d.open") is False and answer.is_hidden()
    assert_focus_visible(page, ".knowledge-faq__entry > summary:focus")
    page.keyboard.press("Enter")
    assert details.evaluate("d => d.open") is True and answer.is_visible()
    page.keyboard.press("Space")
    assert details.evaluate("d => d.open") is False
    page.keyboard.press("Space")
    assert details.evaluate("d => d.open") is True
    # Links inside an open answer are next in the tab order.
    if answer.locator("a[href]").count():
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('.knowledge-faq__answer') !== null")

    # The launcher is a real button: Space toggles it as well as Enter.
    tab_until(page, "el.classList.contains('knowledge-assistant__launcher')")
    page.keyboard.press("Space")
    assert page.locator(LAUNCHER).get_attribute("aria-expanded") == "true"
    assert page.locator(PANEL).is_visible()
    assert page.evaluate("document.activeElement.id") == INPUT[1:]
    page.keyboard.press("Shift+Tab")  # the log
    page.keyboard.press("Shift+Tab")  # the note's link
    page.keyboard.press("Shift+Tab")  # the close button
    page.keyboard.press("Space")
    assert page.locator(PANEL).is_hidden()
    assert page.evaluate("document.activeElement.classList.contains('knowledge-assistant__launcher')")


# Every element of the assistant (launcher, panel, messages, suggestions) that moves.
MOTION_PROBE = """() => {
  const root = document.getElementById('knowledge-assistant');
  const moving = [];
  for (const el of [root, ...root.querySelectorAll('*')]) {
    const cs = getComputedStyle(el);
    const durations = cs.transitionDuration.split(',').map(parseFloat);
    const name = el.tagName.toLowerCase() + '.' + String(el.className.baseVal ?? el.className).trim().split(/\\s+/).join('.');
    if (cs.animationName !== 'none') moving.push(name + ' animation ' + cs.animationName);
    if (durations.some(d => d > 0)) moving.push(name + ' transition ' + cs.transitionProperty + ' ' + cs.transitionDuration);
    if (cs.scrollBehavior === 'smooth') moving.push(name + ' smooth scrolling');
  }
  return moving;
}"""


def assistant_motion(browser, served, motion: str, *, converse: bool) -> list[str]:
    context = browser.new_context(reduced_motion=motion, viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.goto(served + f"es/{POST_KEY}/")
        page.hover(LAUNCHER)
        open_assistant(page)
        if converse:  # every kind of message and the suggestion buttons, hovered
            ask(page, ANSWERED["es"])
            ask_until_abstention_with_suggestions(page, "es")
            page.hover(".knowledge-assistant__suggestion")
        return page.evaluate(MOTION_PROBE)
    finally:
        context.close()


def test_the_assistant_does_not_move_when_reduced_motion_is_asked(browser, served) -> None:
    assert assistant_motion(browser, served, "reduce", converse=True) == []
    # The probe does see motion when motion is allowed (the panel's entrance).
    allowed = assistant_motion(browser, served, "no-preference", converse=False)
    assert any("animation knowledge-assistant-in" in m for m in allowed), allowed


MENU_BUTTON = 'button.md-header__button[data-knowledge-toggle="__drawer"]'
SEARCH_BUTTON = 'button.md-header__button[data-knowledge-toggle="__search"]'


@pytest.mark.parametrize(("lang", "menu", "search"), [("es", "Menú", "Buscar"), ("en", "Menu", "Search")])
def test_material_menu_and_search_buttons_work_from_the_keyboard_at_360px(phone, served, lang, menu, search) -> None:
    """Material's header controls are labels over hidden checkboxes; ours are real buttons
    (theme/partials/header.html) that toggle those checkboxes."""
    phone.goto(served + f"{lang}/{POST_KEY}/")
    button = phone.locator(MENU_BUTTON)
    # A real button: no role to add (a role on a label is what Lighthouse rejected).
    assert (button.evaluate("b => b.tagName"), button.get_attribute("role"), button.get_attribute("aria-label")) == ("BUTTON", None, menu)
    assert button.get_attribute("aria-expanded") == "false"
    tab_until(phone, "el.matches('button[data-knowledge-toggle=\"__drawer\"]')")
    phone.keyboard.press("Enter")
    assert phone.evaluate("document.getElementById('__drawer').checked") is True
    assert button.get_attribute("aria-expanded") == "true"
    # Focus moves into the drawer (the button is under it now), which is on screen.
    assert phone.evaluate("document.activeElement.closest('.md-sidebar--primary') !== null")
    phone.wait_for_function("() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0")
    phone.keyboard.press("Escape")
    assert phone.evaluate("document.getElementById('__drawer').checked") is False
    assert button.get_attribute("aria-expanded") == "false"
    phone.wait_for_function("() => document.activeElement.matches('button[data-knowledge-toggle=\"__drawer\"]')", timeout=5000)
    phone.keyboard.press("Space")  # Space opens it as well
    assert phone.evaluate("document.getElementById('__drawer').checked") is True
    phone.keyboard.press("Escape")
    assert phone.evaluate("document.getElementById('__drawer').checked") is False

    # Every dialog (Material's search; the assistant's panel is an <aside>) is named in the page's language.
    dialogs = phone.evaluate(
        """() => [...document.querySelectorAll('[role=dialog]')].map(d =>
          d.getAttribute('aria-label') || (document.getElementById(d.getAttribute('aria-labelledby') || '') || {}).textContent || '')"""
    )
    assert len(dialogs) >= 1 and dialogs[0] == search and all(name.strip() for name in dialogs), dialogs

    searcher = phone.locator(SEARCH_BUTTON)
    assert (searcher.evaluate("b => b.tagName"), searcher.get_attribute("role"), searcher.get_attribute("aria-label")) == ("BUTTON", None, search)
    tab_until(phone, "el.matches('button[data-knowledge-toggle=\"__search\"]')")
    phone.keyboard.press("Enter")
    assert phone.evaluate("document.getElementById('__search').checked") is True
    assert searcher.get_attribute("aria-expanded") == "true"
    # Material moves focus into its search box; Escape closes it and focus comes back.
    phone.wait_for_function("() => document.activeElement && document.activeElement.matches('input.md-search__input')")
    phone.keyboard.press("Escape")
    assert phone.evaluate("document.getElementById('__search').checked") is False
    assert searcher.get_attribute("aria-expanded") == "false"
    phone.wait_for_function("() => document.activeElement.matches('button[data-knowledge-toggle=\"__search\"]')", timeout=5000)
