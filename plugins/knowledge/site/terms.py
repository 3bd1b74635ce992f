"""Front-matter text that would mislead readers or collide in URLs.

- ``bidi-control``: a bidirectional control character (U+202A–U+202E, U+2066–U+2069,
  U+200E/U+200F, U+061C) in a title, description, category, tag or author name.
  It reorders what readers see ("Trojan Source"): a tag can display as one word and
  be another, a title can hide text. There is no reason for one in a short label.
- ``invisible-text``: a value made only of invisible characters (zero-width spaces,
  joiners, other format characters, whitespace): it looks empty, or like nothing,
  yet makes a page, a listing or a URL.
- ``no-slug``: a category or tag without one letter or digit (".", "..", "++"): no
  URL can be made of it (it used to become "x", shared by all such names).
- ``slug-collision``: two different categories (or tags) of one language that make
  the same URL ("C", "C++" and "C#" -> ``tag/c/``): their posts would be merged under
  one name. Reported on each, naming the other's location.

Positions are the value's in the front matter (``Page.marks``). No MkDocs here.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from typing import Any, Iterable

from knowledge.problems import Problem
from knowledge.site.model import Page, SiteModel
from knowledge.site.text import slugify
from knowledge.yamlio import YamlDocument, dotted_path

BIDI_CONTROLS = frozenset(
    [chr(c) for c in range(0x202A, 0x202F)] + [chr(c) for c in range(0x2066, 0x206A)] + ["\u200e", "\u200f", "\u061c"]
)
_BIDI = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Zs", "Zl", "Zp", "Mn", "Me"})
# Hangul fillers and braille blank render as nothing in most fonts, yet are letters/symbols.
_BLANK_LOOKING = frozenset({"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"})


def hidden_text_problems(doc: YamlDocument, path: tuple[Any, ...]) -> list[Problem]:
    """``bidi-control`` and ``invisible-text`` problems of the text at ``path``."""
    value = doc.get(path)
    if not isinstance(value, str):
        return []
    problems = []
    controls = [(m.start(), m.group()) for m in _BIDI.finditer(value)]  # a regex: thousands of values per check
    if controls:
        shown = ", ".join(f"U+{ord(c):04X} ({unicodedata.name(c, 'bidi control')}) at character {i + 1}" for i, c in controls[:3])
        problems.append(doc.problem(path, "bidi-control", f"{dotted_path(path)}: holds {shown}, which reorders what readers see; delete it (retype the text if unsure)"))
    if value and not value[0].isalnum() and _hidden_only(value):
        codes = " ".join(f"U+{ord(c):04X}" for c in value[:6])
        problems.append(doc.problem(path, "invisible-text", f"{dotted_path(path)}: only invisible characters ({codes}); write the text"))
    return problems


def term_problems(model: SiteModel) -> list[Problem]:
    """``no-slug`` and ``slug-collision`` for the categories and tags of every language."""
    problems: list[Problem] = []
    for lang in model.languages:
        posts = model.posts(lang)
        problems += _kind_problems("category", ((post, ("category",), post.category) for post in posts if post.category))
        problems += _kind_problems("tag", ((post, ("tags", i), tag) for post in posts for i, tag in enumerate(post.tags)))
    return problems


def _kind_problems(kind: str, uses: Iterable[tuple[Page, tuple[Any, ...], str]]) -> list[Problem]:
    problems: list[Problem] = []
    by_slug: dict[str, dict[str, tuple[Page, tuple[Any, ...]]]] = defaultdict(dict)  # slug -> name -> first use
    for page, path, name in uses:
        slug = slugify(name)
        if not slug:
            if name.strip() and not _hidden_only(name):  # invisible-text already says it
                problems.append(_at(page, path, "no-slug", f"{kind} {name!r} has no letter or digit to make its URL from; name it with words"))
            continue
        by_slug[slug].setdefault(name, (page, path))
    for slug, names in sorted(by_slug.items()):
        if len(names) < 2:
            continue
        for name, (page, path) in names.items():
            others = "; ".join(f"{other!r} at {_where(p, q)}" for other, (p, q) in names.items() if other != name)
            problems.append(_at(page, path, "slug-collision",
                                f"{kind} {name!r} makes the same URL ({kind}/{slug}/) as {others}; write the same {kind} the same way, or rename one"))
    return problems


def _hidden_only(name: str) -> bool:
    return all(c.isspace() or c in _BLANK_LOOKING or unicodedata.category(c) in _INVISIBLE_CATEGORIES for c in name)


def _where(page: Page, path: tuple[Any, ...]) -> str:
    line, col = page.marks.get(path, (1, 1))
    return f"{page.src_path}:{line}:{col}"


def _at(page: Page, path: tuple[Any, ...], rule: str, message: str) -> Problem:
    line, col = page.marks.get(path, (1, 1))
    return Problem(page.src_path, line, col, rule, message)
