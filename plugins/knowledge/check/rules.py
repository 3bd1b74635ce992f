"""The rules beyond the schema: what loaders cannot see file by file.

Every rule is documented in ``RULES.md`` next to this module (one line of meaning,
a failing and a passing example, how to fix). :func:`rule_problems` is the one
entry point: ``knowledge check`` calls it after the loaders, and the MkDocs
plugin calls the same function so ``mkdocs build --strict`` fails on the same
problems.

Pages are read here with the shared :mod:`knowledge.yamlio` functions (front
matter split, positions); whether their front matter is *valid* is the site
loader's business, and its problems are not repeated: a rule only compares values
that are there and well-formed.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from knowledge.cachedir import cache_dir  # noqa: F401 - also this module's name for it, as before
from knowledge.cachedir import option_value as cache_option
from knowledge.check import markdown_scan as md
from knowledge.features import Feature, PageContext, SiteContext
from knowledge.problems import Problem, relpath
from knowledge.symlinks import link_report
from knowledge.yamlio import YamlDocument, parse_front_matter, read_text

# Rule ids and their levels: the one list RULES.md documents and tests cover.
RULE_LEVELS: dict[str, str] = {
    "missing-translation": "warning",  # FAQ entries: the FAQ loader reports it as an error
    "translation-drift": "warning",
    "duplicate-question": "warning",
    "variant-answers-elsewhere": "warning",
    "answer-too-long": "warning",
    "broken-link": "error",
    "image-alt": "warning",
    "slug": "error",
    "invalid-option": "error",
    "unsafe-html": "error",
    "symlink": "error",
    # faq/_questions.yml (knowledge.faq.questions)
    "question-answered-elsewhere": "error",
    "question-suggested": "warning",
    "question-unanswered": "error",
    "question-out-of-scope-answered": "error",
    "unknown-entry": "error",
    "missing-locale-string": "warning",
}

# Defaults of the plugin's `faq` options these rules read (mkdocs.yml:
# plugins: - knowledge: {faq: {duplicate_threshold: 90, answer_max_chars: 700}}).
DEFAULT_DUPLICATE_THRESHOLD = 90
DEFAULT_ANSWER_MAX_CHARS = 700
DEFAULT_CHECK_VARIANTS = True

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
BLOG_PREFIX = "blog/"
# Front matter a translation must share with its original, compared as written.
SHARED_FIELDS = ("date", "updated", "author", "draft")
MAX_PAGE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class PageSource:
    """A page of the site model, with what the rules need to scan it."""

    page: Any  # knowledge.site.model.Page
    file: Path  # absolute path on disk
    scanned: str = field(repr=False, default="")  # body with code blanked out

    @property
    def path(self) -> str:  # relative to the project dir ("content/es/blog/x.md")
        return self.page.src_path

    @property
    def rel(self) -> str:  # relative to docs_dir ("es/blog/x.md")
        return self.page.src_uri

    @property
    def lang(self) -> str:
        return self.page.lang

    @property
    def key(self) -> str:
        return self.page.key

    @property
    def body(self) -> str:
        return self.page.body

    @property
    def body_line(self) -> int:
        return self.page.body_line

    def context(self, site: SiteContext) -> PageContext:
        return PageContext(
            lang=self.lang,
            key=self.key,
            url=site.page_url(self.lang, self.key),
            is_post=self.page.is_post,
            meta=self.page.meta,
            src_path=self.path,
            body_line=self.body_line,
        )

    def front_matter(self) -> YamlDocument:
        """The page's front matter parsed again, for positions (only when reporting)."""
        text, _ = read_text(self.file, self.path, max_bytes=MAX_PAGE_BYTES)
        return parse_front_matter(text or "", self.path).meta


@dataclass(frozen=True)
class RuleOptions:
    duplicate_threshold: int = DEFAULT_DUPLICATE_THRESHOLD
    answer_max_chars: int = DEFAULT_ANSWER_MAX_CHARS
    check_variants: bool = DEFAULT_CHECK_VARIANTS
    trusted_html: bool = False  # `unsafe-html` off: every author of the site is trusted


# --- entry point --------------------------------------------------------------------

def rule_problems(site: SiteContext, model: Any, features: Sequence[Feature], *, pages: Sequence[PageSource] | None = None) -> list[Problem]:
    """Every problem of the rules beyond the schema, for the whole site.

    ``model`` is the site loader's model (kept for rules that need it; the rules
    here read pages through :func:`read_pages`); ``features`` are the loaded
    features (the FAQ feature's ``entries`` feed the FAQ rules). ``pages`` may be
    passed when the caller has already read them.
    """
    options, problems = rule_options(site)
    if pages is None:
        pages = read_pages(site, model)
    problems += unreadable_problems(site, features)
    problems += link_report(content_trees(site, features), site.project_dir).problems
    problems += locale_problems(site)
    problems += slug_problems(site, pages)
    problems += link_problems(site, pages)
    if not options.trusted_html:
        problems += unsafe_html_problems(pages)
    problems += translation_problems(site, pages)
    entries = faq_entries(features)
    if entries:
        def faq_problems() -> list[Problem]:
            from knowledge.check import faq_rules  # rapidfuzz and the matcher load only when needed

            found = faq_rules.duplicate_question_problems(entries, site.languages, options.duplicate_threshold, cache_dir(site))
            found += faq_rules.answer_too_long_problems(entries, site.languages, options.answer_max_chars)
            if options.check_variants:
                found += faq_rules.variant_problems(entries, site.languages, cache_dir(site))  # the build's cache too
            return found

        # They read the FAQ and the options only: a `mkdocs serve` rebuild with an
        # unchanged FAQ reuses them (the FAQ feature forgets them when it reloads).
        remembered = next((getattr(f, "remembered", None) for f in features if f.name == "faq"), None)
        problems += list(remembered("rules", site, faq_problems) if remembered else faq_problems())
        problems += question_problems(site, features, entries)
    return problems


def question_problems(site: SiteContext, features: Sequence[Feature], entries: Sequence[Any]) -> list[Problem]:
    """``faq/_questions.yml`` run through the shipped model (:mod:`knowledge.faq.questions`);
    the per-language score goes to the FAQ feature's ``question_summary``."""
    feature = next((f for f in features if f.name == "faq"), None)
    tests = getattr(feature, "questions", None)
    if feature is None or not tests:
        return []
    from knowledge.faq.questions import run_questions, summary_lines

    def run() -> tuple[list[Problem], list[str]]:
        found, scores = run_questions(tests, entries, site.languages, cache_dir(site))
        return found, summary_lines(scores)

    remembered = getattr(feature, "remembered", None)
    found, summary = remembered("questions", site, run) if remembered else run()
    feature.question_summary = list(summary)  # type: ignore[attr-defined]
    return list(found)

def locale_problems(site: SiteContext) -> list[Problem]:
    """A configured language without some interface string shows it in English:
    one warning per language, so the site owner knows what to translate."""
    from knowledge import locales

    locales.use_site_dir(site.project_dir / locales.SITE_DIR)
    problems = locales.site_file_problems(site.project_dir)
    for lang in site.languages:
        missing = locales.missing(lang)
        if not missing:
            continue
        where = f"{locales.SITE_DIR}/{lang}.yml next to mkdocs.yml"
        what = f"no interface strings for {lang!r}" if not locales.has_locale(lang) else f"{len(missing)} interface string(s) missing for {lang!r} ({', '.join(missing[:3])}{', …' if len(missing) > 3 else ''})"
        problems.append(Problem(
            "mkdocs.yml", 1, 1, "missing-locale-string",
            f"{what}: those show in English; translate them in {where} (copy the package's locales/en.yml; README, \"Add a language\")",
            RULE_LEVELS["missing-locale-string"],  # type: ignore[arg-type]
        ))
    return problems


def faq_entries(features: Sequence[Feature]) -> list[Any]:
    for feature in features:
        entries = getattr(feature, "entries", None)
        if feature.name == "faq" and entries:
            return list(entries.values()) if isinstance(entries, Mapping) else list(entries)
    return []


def rule_options(site: SiteContext) -> tuple[RuleOptions, list[Problem]]:
    """The `faq` options these rules read, with a problem for each unusable value."""
    faq = site.options.get("faq") if isinstance(site.options, Mapping) else None
    faq = faq if isinstance(faq, Mapping) else {}
    problems: list[Problem] = []
    config_path = "mkdocs.yml"

    def number(name: str, default: int, low: int, high: int) -> int:
        value = faq.get(name, default)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            problems.append(Problem(config_path, 1, 1, "invalid-option", f"plugin option faq.{name}: expected a whole number from {low} to {high}, found {value!r}"))
            return default
        return value

    variants = faq.get("check_variants", DEFAULT_CHECK_VARIANTS)
    if not isinstance(variants, bool):
        problems.append(Problem(config_path, 1, 1, "invalid-option", f"plugin option faq.check_variants: expected true or false, found {variants!r}"))
        variants = DEFAULT_CHECK_VARIANTS
    where = cache_option(site)
    if where is not None and where is not False and not (isinstance(where, str) and where.strip()):
        problems.append(Problem(config_path, 1, 1, "invalid-option", f"plugin option faq.cache_dir: expected a folder (relative to mkdocs.yml) or false, found {where!r}"))
    trusted = site.options.get("trusted_html", False) if isinstance(site.options, Mapping) else False
    if not isinstance(trusted, bool):
        # Anything but an explicit `true` keeps the rule on: a typo must not open the site to scripts.
        problems.append(Problem(config_path, 1, 1, "invalid-option", f"plugin option trusted_html: expected true or false, found {trusted!r}"))
        trusted = False
    options = RuleOptions(
        duplicate_threshold=number("duplicate_threshold", DEFAULT_DUPLICATE_THRESHOLD, 50, 100),
        answer_max_chars=number("answer_max_chars", DEFAULT_ANSWER_MAX_CHARS, 1, 1_000_000),
        check_variants=variants,
        trusted_html=trusted,
    )
    return options, problems


# --- pages --------------------------------------------------------------------------

def read_pages(site: SiteContext, model: Any) -> list[PageSource]:
    """Every page the site loader loaded (drafts included), ready to scan."""
    pages = list(model.all_pages())
    for lang in getattr(model, "languages", ()):
        pages += list(getattr(model, "drafts", {}).get(lang, {}).values())
    return [PageSource(page, site.docs_dir / page.src_uri, md.blank_code(page.body)) for page in pages]


# --- files nobody can read ----------------------------------------------------------

DATA_SUFFIXES = (".md", ".yml", ".yaml")


def content_trees(site: SiteContext, features: Sequence[Feature]) -> list[Path]:
    """The folders editors change: docs_dir (pages, assets, data files) and the FAQ folder."""
    faq = next((f for f in features if f.name == "faq"), None)
    faq_dir = getattr(faq, "faq_dir", None) or site.project_dir / "faq"
    return [site.docs_dir] + ([Path(faq_dir)] if Path(faq_dir) != site.docs_dir else [])


def unreadable_problems(site: SiteContext, features: Sequence[Feature]) -> list[Problem]:
    """Content and FAQ files that are dangling symlinks or symlink loops.

    Loaders skip what ``is_file()`` says is not a file, so such a file would vanish
    from the site without a word; here it is one ``unreadable`` problem (the rule
    id ``read_text`` uses for the same failure).
    """
    folders = [site.docs_dir]
    faq = next((f for f in features if f.name == "faq"), None)
    faq_dir = getattr(faq, "faq_dir", None) or site.project_dir / "faq"
    if faq_dir not in folders:
        folders.append(Path(faq_dir))
    problems = []
    for folder in folders:
        for parent, dirs, files in os.walk(folder, followlinks=False):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                if name.startswith(".") or not name.lower().endswith(DATA_SUFFIXES):
                    continue
                path = os.path.join(parent, name)
                try:
                    os.stat(path)
                except OSError as exc:
                    problems.append(Problem(relpath(path, site.project_dir), 1, 1, "unreadable", f"cannot read file: {exc.strerror or exc}"))
    return problems


def condense(problems: Iterable[Problem]) -> list[Problem]:
    """One line for a file whose YAML uses anchors or aliases (an alias bomb gives
    hundreds): the first such problem, with the count; the file's other problems
    are hidden, because the values an alias stood for are gone and what is said
    about them would mislead. Everything else is returned as is."""
    items = list(problems)
    anchored: dict[str, list[Problem]] = defaultdict(list)
    for p in items:
        if p.rule == "yaml-anchor":
            anchored[p.path].append(p)
    if not anchored:
        return items
    out = [p for p in items if p.path not in anchored]
    for path, found in anchored.items():
        first = min(found)
        others = sum(1 for p in items if p.path == path) - 1
        more = f" (and {others} more problems in this file, shown once anchors and aliases are gone)" if others else ""
        out.append(Problem(first.path, first.line, first.col, first.rule, first.message + more, first.level))
    return out


# --- slug ---------------------------------------------------------------------------

def slug_problems(site: SiteContext, pages: Iterable[PageSource]) -> list[Problem]:
    """File and folder names of pages: lowercase ASCII kebab-case, ``.md``."""
    problems = []
    for page in pages:
        parts = page.rel.split("/")
        stem, ext = os.path.splitext(parts[-1])
        # The language folder is named by its code, which may be "pt-BR" or "zh-Hant".
        bad = [part for i, part in enumerate(parts[:-1]) if not SLUG.match(part) and not (i == 0 and part in site.languages)]
        if not SLUG.match(stem):
            bad.append(stem)
        if ext != ".md":
            bad.append(parts[-1])
        if bad:
            suggestion = "/".join(p if i == 0 and p in site.languages else suggest_slug(p) for i, p in enumerate(parts[:-1])) + ("/" if len(parts) > 1 else "") + suggest_slug(stem) + ".md"
            problems.append(Problem(
                page.path, 1, 1, "slug",
                f"{', '.join(repr(b) for b in bad)}: page file and folder names are lowercase ASCII letters, digits and single hyphens; "
                f"rename to {suggestion!r} in every language",
                RULE_LEVELS["slug"],  # type: ignore[arg-type]
            ))
    return problems


def suggest_slug(name: str) -> str:
    from knowledge.matcher.text import fold  # accents off, punctuation to spaces

    return "-".join(fold(name).encode("ascii", "ignore").decode().split()) or "page"


# --- links and images ---------------------------------------------------------------

def link_problems(site: SiteContext, pages: Sequence[PageSource]) -> list[Problem]:
    """``broken-link`` (relative links to pages, their anchors, files) and ``image-alt``."""
    by_rel = {page.rel: page for page in pages}
    anchor_cache: dict[str, frozenset[str]] = {}

    def anchors_of(page: PageSource) -> frozenset[str]:
        if page.rel not in anchor_cache:
            anchor_cache[page.rel] = md.anchors(page.scanned)
        return anchor_cache[page.rel]

    problems: list[Problem] = []
    docs_root = os.path.abspath(site.docs_dir)
    exists: dict[str, bool] = {}  # many pages link the same image

    def file_exists(path: str) -> bool:
        if path not in exists:
            exists[path] = os.path.exists(path)
        return exists[path]

    for page in pages:
        lines: list[md.LineIndex] = []  # built only for a page with a problem

        def add(offset: int, rule: str, message: str) -> None:
            if not lines:
                lines.append(md.LineIndex(page.body, page.body_line))
            line, col = lines[0].position(offset)
            problems.append(Problem(page.path, line, col, rule, message, RULE_LEVELS[rule]))  # type: ignore[arg-type]

        for link in md.links(page.scanned):
            if link.is_image and not link.text.strip():
                add(_bang_offset(page.scanned, link), "image-alt", f"image {link.target!r} has no alt text; describe it: ![what it shows]({link.target})")
            if not link.target or md.is_external(link.target):
                continue
            target_path, fragment = md.split_target(link.target)
            if not target_path:  # "#anchor" on this page
                if fragment and fragment not in anchors_of(page):
                    add(link.offset, "broken-link", f"anchor '#{fragment}' is not a heading or id on this page")
                continue
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(page.rel), target_path))
            absolute = os.path.abspath(os.path.join(docs_root, joined))
            if joined.startswith("../") or joined == ".." or not absolute.startswith(docs_root + os.sep):
                add(link.offset, "broken-link", f"{link.target!r} points outside {relpath(site.docs_dir, site.project_dir)}/; link to a page or file inside it")
                continue
            if joined.lower().endswith(".md"):
                target = by_rel.get(joined)
                if target is None and os.path.isfile(absolute):
                    continue  # the page exists but did not load: the site loader reports why
                if target is None:
                    add(link.offset, "broken-link", f"{link.target!r}: no page {relpath(absolute, site.project_dir)!r}{_near_page(joined, by_rel)}")
                elif fragment and fragment not in anchors_of(target):
                    add(link.offset, "broken-link", f"{link.target!r}: {target.path!r} has no heading or id '#{fragment}'")
            elif not target_path.endswith("/") and not file_exists(absolute):
                add(link.offset, "broken-link", f"{link.target!r}: no file {relpath(absolute, site.project_dir)!r}")
        for tag in md.image_tags(page.scanned):
            if tag.alt is None:
                add(tag.offset, "image-alt", "<img> has no alt attribute; add alt=\"what it shows\" (alt=\"\" only for a decorative image)")
    return problems


def _bang_offset(scanned: str, link: md.Link) -> int:
    """Where the ``![`` of an image link starts (the link stores its target offset)."""
    start = scanned.rfind("![", 0, link.offset)
    return start if start >= 0 else link.offset


def _near_page(joined: str, by_rel: Mapping[str, PageSource]) -> str:
    name = posixpath.basename(joined)
    same_name = sorted(rel for rel in by_rel if posixpath.basename(rel) == name)
    return f"; did you mean {same_name[0]!r} (relative to the language folder)?" if same_name else ""


# --- unsafe HTML ------------------------------------------------------------------

def unsafe_html_problems(pages: Sequence[PageSource]) -> list[Problem]:
    """``unsafe-html``: scripts, event handlers and script URLs in page bodies
    (see :mod:`knowledge.check.body_html`), each at its ``path:line:col``."""
    from knowledge.check import body_html

    problems: list[Problem] = []
    for page in pages:
        found = body_html.findings(body_html.scannable(page.body)) if ("<" in page.body or "](" in page.body or "]:" in page.body or "{" in page.body) else []
        if not found:
            continue
        lines = md.LineIndex(page.body, page.body_line)
        for finding in found:
            line, col = lines.position(finding.offset)
            problems.append(Problem(page.path, line, col, body_html.RULE, finding.message, RULE_LEVELS[body_html.RULE]))  # type: ignore[arg-type]
    return problems


# --- translations -------------------------------------------------------------------

def translation_problems(site: SiteContext, pages: Sequence[PageSource]) -> list[Problem]:
    """``missing-translation`` for pages in one language only, ``translation-drift``
    for posts whose translations disagree on what does not get translated."""
    by_key: dict[str, dict[str, PageSource]] = defaultdict(dict)
    for page in pages:
        by_key[page.key][page.lang] = page
    problems: list[Problem] = []
    docs = relpath(site.docs_dir, site.project_dir)
    for key, versions in sorted(by_key.items()):
        for lang in site.languages:
            if lang in versions or (site.docs_dir / lang / f"{key}.md").exists():
                continue  # a translation that exists but did not load: the site loader says why
            source = versions[sorted(versions)[0]]
            problems.append(Problem(
                source.path, 1, 1, "missing-translation",
                f"page {key!r} has no {lang!r} translation; add {docs}/{lang}/{key}.md (same path, translated text)",
                RULE_LEVELS["missing-translation"],  # type: ignore[arg-type]
            ))
    problems += drift_problems(site, by_key)
    return problems


def _shared_values(page: Any) -> dict[str, Any]:
    """What a post and its translations must share, from the loaded page."""
    return {"date": page.date, "updated": page.updated, "author": page.author, "draft": page.draft}


def _show(value: Any) -> str:
    if value is None:
        return "(not set)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(str(value))


class _Reporter:
    """Problems located on a front-matter key, parsing a file again only when needed."""

    def __init__(self) -> None:
        self._docs: dict[str, YamlDocument] = {}
        self.problems: list[Problem] = []

    def add(self, page: PageSource, name: str, message: str) -> None:
        if page.path not in self._docs:
            self._docs[page.path] = page.front_matter()
        doc = self._docs[page.path]
        self.problems.append(doc.problem((name,), "translation-drift", message, level=RULE_LEVELS["translation-drift"]))


def drift_problems(site: SiteContext, by_key: Mapping[str, Mapping[str, PageSource]]) -> list[Problem]:
    """Posts compared with their version in the default language.

    Compared: ``date``, ``updated``, ``author``, ``draft`` (values), the *number*
    of ``tags`` (tags are translated words, so their count is what compares), and
    ``category`` through consistency: posts sharing a category in one language
    share one in the other.
    """
    base = site.default_language
    report = _Reporter()
    category_pairs: dict[str, list[tuple[str, str, PageSource, PageSource]]] = defaultdict(list)
    for key, versions in sorted(by_key.items()):
        original = versions.get(base)
        if original is None or not original.page.is_post:
            continue
        for lang, translated in sorted(versions.items()):
            if lang == base or not translated.page.is_post:
                continue
            ours, theirs = _shared_values(translated.page), _shared_values(original.page)
            for name in ours:
                if ours[name] != theirs[name]:
                    report.add(translated, name, f"{name} is {_show(ours[name])} here but {_show(theirs[name])} in {original.path}; translations share it")
            n_ours, n_theirs = len(translated.page.tags), len(original.page.tags)
            if n_ours != n_theirs:
                report.add(translated, "tags", f"tags: {n_ours} here but {n_theirs} in {original.path}; translate each tag, no more, no fewer")
            if original.page.category and translated.page.category:
                category_pairs[lang].append((original.page.category, translated.page.category, original, translated))
    for lang, pairs in sorted(category_pairs.items()):
        _category_drift(pairs, lang, base, report)
    return report.problems


def _category_drift(pairs: list[tuple[str, str, PageSource, PageSource]], lang: str, base: str, report: _Reporter) -> None:
    """A category must translate to one category, the same for every post.

    For each category in one language, the usual translation is the most frequent
    one (ties: alphabetical). A post using another is reported on the translated
    file (one base category, two translations) or on the original (two base
    categories, one translation).
    """
    for forward in (True, False):
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for cat_a, cat_b, _, _ in pairs:
            source, target = (cat_a, cat_b) if forward else (cat_b, cat_a)
            counts[source][target] += 1
        for cat_a, cat_b, original, translated in pairs:
            source, target = (cat_a, cat_b) if forward else (cat_b, cat_a)
            if len(counts[source]) < 2:
                continue
            usual = sorted(counts[source].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            if target == usual:
                continue
            page, src_lang, dst_lang = (translated, base, lang) if forward else (original, lang, base)
            report.add(
                page, "category",
                f"category {target!r} ({dst_lang}) stands for {source!r} ({src_lang}), which other posts translate as {usual!r}; use one translation per category",
            )
