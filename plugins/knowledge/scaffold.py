"""``knowledge new``: write a new site, a new post or a new FAQ entry from templates.

Plain Python (no MkDocs): ``cli.py`` parses the command line and calls these.
Rules every function keeps:

- nothing existing is ever overwritten: every target is checked first and, if any
  exists, :class:`ScaffoldError` names them and nothing at all is written;
- bad input (a language Material or Babel do not know, a slug that is not a URL
  segment, an unknown author) is a :class:`ScaffoldError` with what to do instead;
- what a new site contains passes ``knowledge check --strict`` and
  ``mkdocs build --strict`` as it is: per-language texts come from
  ``knowledge/locales/<lang>.yml`` (section ``scaffold``, English where missing).

The templates live in ``knowledge/templates/site/`` (shipped in the wheel). Their
``@@NAME@@`` placeholders are replaced literally: GitHub workflows are full of
``${{ … }}``, which a Jinja or ``string.Template`` template would have to escape.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

import yaml

from knowledge import __version__, locales

TEMPLATES = Path(__file__).resolve().parent / "templates" / "site"
SCHEMAS = Path(__file__).resolve().parent / "schemas"
SCHEMA_DIR = ".schemas"  # in the new site: editors' schemas, adapted to its languages
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANG_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
FIRST_POST = "welcome"
FIRST_FAQ = "contact"
FIRST_TOPIC = "general"
FIRST_AUTHOR = "editor"


class ScaffoldError(Exception):
    """Input ``knowledge new`` cannot use, or files it would overwrite: exit code 1."""


@dataclass(frozen=True)
class Written:
    root: Path
    files: tuple[Path, ...]
    notes: tuple[str, ...] = ()  # what the user should know (printed, not an error)

    def relative(self) -> list[str]:
        return [path.relative_to(self.root).as_posix() for path in self.files]


# --- languages ------------------------------------------------------------------------


def search_languages(languages: Sequence[str]) -> list[str]:
    """The languages Material's search can stem (lunr-languages ships a file for
    them; English is built in); the others are indexed without stemming."""
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return ["en"]
    lunr = Path(list(spec.submodule_search_locations)[0]) / "templates" / "assets" / "javascripts" / "lunr" / "min"
    found = [lang for lang in languages if lang == "en" or (lunr / f"lunr.{lang}.min.js").is_file()]
    return found or ["en"]


def parse_languages(value: str | Sequence[str]) -> list[str]:
    """``"es,en"`` -> ``["es", "en"]``, checked: two or more, distinct, each known to
    Material (its interface) and to Babel (dates, language names)."""
    from babel import Locale, UnknownLocaleError

    items = [part.strip() for part in (value.split(",") if isinstance(value, str) else value)]
    items = [item for item in items if item]
    if len(items) < 2:
        raise ScaffoldError(f"--languages needs two or more languages separated by commas (e.g. es,en), got {','.join(items) or 'none'!r}")
    duplicates = sorted({lang for lang in items if items.count(lang) > 1})
    if duplicates:
        raise ScaffoldError(f"--languages lists {', '.join(duplicates)} twice")
    material = locales.material_languages()
    for lang in items:
        if not LANG_RE.match(lang):
            raise ScaffoldError(f"{lang!r} is not a language code; use codes like es, en, pt, ar, pt-BR")
        if material and lang not in material:
            raise ScaffoldError(f"Material for MkDocs has no interface in {lang!r}; use one of: {', '.join(sorted(material))}")
        try:
            Locale.parse(lang.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            raise ScaffoldError(f"Babel does not know the language {lang!r} (needed for dates)") from None
    return items


def _yaml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML string


def _flow(values: Sequence[str]) -> str:
    return "[" + ", ".join(values) + "]"


def _fill(template: str, values: Mapping[str, str]) -> str:
    for key, value in values.items():
        template = template.replace(f"@@{key}@@", value)
    leftover = re.search(r"@@[A-Z_]+@@", template)
    if leftover:  # a template naming a value nobody passes: a bug here, not the user's
        raise RuntimeError(f"template placeholder {leftover.group(0)} has no value")
    return template


def _s(lang: str, key: str, /, **values: str) -> str:
    return locales.text(lang, "scaffold", key, **values)


# --- writing, never overwriting ---------------------------------------------------------


def _write_all(root: Path, files: Mapping[str, str]) -> Written:
    """Write every file or none: if any target exists, raise before writing anything."""
    targets = {root / rel: text for rel, text in files.items()}
    existing = [path for path in targets if path.exists() or path.is_symlink()]
    if existing:
        names = "\n  ".join(str(path) for path in existing)
        raise ScaffoldError(f"{len(existing)} file(s) already exist; nothing was written (knowledge new never overwrites):\n  {names}")
    for path, text in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as handle:  # "x": fail rather than overwrite
            handle.write(text)
    return Written(root, tuple(targets))


def _front_matter(fields: Sequence[tuple[str, str, str | None]]) -> str:
    """``---`` block from ``(key, YAML value, trailing comment)``."""
    lines = ["---"]
    for key, value, comment in fields:
        lines.append(f"{key}: {value}" + (f"  # {comment}" if comment else ""))
    lines.append("---")
    return "\n".join(lines) + "\n"


def schema_for_languages(schema: dict, languages: Sequence[str]) -> dict:
    """A shipped schema (written for es and en) rewritten for ``languages``: every
    object whose properties hold both ``es`` and ``en`` gets one property per language."""
    default = ("es", "en")

    def walk(node: object) -> object:
        if isinstance(node, dict):
            node = {key: walk(value) for key, value in node.items()}
            props = node.get("properties")
            if isinstance(props, dict) and all(lang in props for lang in default):
                template = props["en"]
                rest = {key: value for key, value in props.items() if key not in default}
                node["properties"] = {**{lang: template for lang in languages}, **rest}
                if isinstance(node.get("required"), list):
                    others = [key for key in node["required"] if key not in default]
                    node["required"] = [*languages, *others]
            return node
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    return walk(schema)  # type: ignore[return-value]


# --- knowledge new site ------------------------------------------------------------------


def new_site(target: Path, languages: Sequence[str], *, name: str = "My site", url: str = "https://example.com/", today: dt.date | None = None) -> Written:
    """A minimal site in ``target`` (created if needed; existing files are kept and
    make the command fail): mkdocs.yml, home, about and contact pages and one post
    per language, an author, one FAQ entry, workflows, CONTRIBUTING.md, schemas."""
    languages = parse_languages(languages)
    name = " ".join(str(name).split())
    if not name:
        raise ScaffoldError("--name must not be empty")
    if not re.match(r"^https?://[^\s/]+", url or ""):
        raise ScaffoldError(f"--url must be the site's address, starting with https:// (got {url!r})")
    url = url if url.endswith("/") else url + "/"
    today = today or dt.date.today()
    default = languages[0]
    values = {
        "NAME": name,
        "NAME_YAML": _yaml_str(name),
        "URL": url,
        "DEFAULT": default,
        "LANGUAGES": _flow(languages),
        "SEARCH_LANGS": _flow(search_languages(languages)),
        "LANGUAGE_LIST": ", ".join(f"`{lang}`" for lang in languages),
        "VERSION": __version__,
    }
    files: dict[str, str] = {}
    for template in sorted(TEMPLATES.rglob("*.tmpl")):
        rel = template.relative_to(TEMPLATES).as_posix()[: -len(".tmpl")]
        # Dot-names are stored without their dot (a dot-folder is no package for setuptools).
        rel = {"gitignore": ".gitignore"}.get(rel, rel)
        if rel.startswith("github/"):
            rel = "." + rel
        files[rel] = _fill(template.read_text(encoding="utf-8"), values)

    for lang in languages:
        pages = {
            "index": (name, _s(lang, "home_description", name=name), _s(lang, "home_text", name=name, lang=lang)),
            "about": (_s(lang, "about_title"), _s(lang, "about_description"), _s(lang, "about_text", lang=lang)),
            "contact": (_s(lang, "contact_title"), _s(lang, "contact_description"), _s(lang, "contact_text")),
        }
        for key, (title, description, body) in pages.items():
            head = _front_matter([("title", _yaml_str(title), None), ("description", _yaml_str(description), None)])
            files[f"content/{lang}/{key}.md"] = f"{head}\n{body}\n"
        head = _front_matter([
            ("title", _yaml_str(_s(lang, "post_title", name=name)), None),
            ("description", _yaml_str(_s(lang, "post_description", name=name)), None),
            ("date", today.isoformat(), None),
            ("author", FIRST_AUTHOR, "an id from content/authors.yml"),
            ("category", _yaml_str(_s(lang, "category")), None),
        ])
        files[f"content/{lang}/blog/{FIRST_POST}.md"] = f"{head}\n{_s(lang, 'post_text')}\n"

    files["content/authors.yml"] = _data_file(
        "authors",
        {FIRST_AUTHOR: {"name": name, "role": {lang: _s(lang, "author_role") for lang in languages}}},
        "Authors by id; a post's `author:` names one.",
    )
    files["faq/_topics.yml"] = _data_file(
        "faq-topics", {FIRST_TOPIC: {lang: _s(lang, "topic") for lang in languages}}, "FAQ topics: id -> title per language, in the FAQ page's order."
    )
    entry: dict[str, object] = {"topic": FIRST_TOPIC}
    for lang in languages:
        entry[lang] = {
            "question": _s(lang, "faq_question"),
            "variants": [_s(lang, "faq_variant_1"), _s(lang, "faq_variant_2")],
            "answer": _s(lang, "faq_answer"),
        }
    files[f"faq/{FIRST_FAQ}.yml"] = _data_file("faq-entry", entry, "One FAQ entry; its id is the file name.")
    for path in sorted(SCHEMAS.glob("*.schema.json")):
        adapted = schema_for_languages(json.loads(path.read_text(encoding="utf-8")), languages)
        files[f"{SCHEMA_DIR}/{path.name}"] = json.dumps(adapted, indent=2, ensure_ascii=False) + "\n"
    written = _write_all(Path(target), files)
    notes = tuple(
        f"{lang!r} has {'no' if not locales.has_locale(lang) else 'not all'} interface strings in this version: they show in English "
        f"and `knowledge check --strict` warns (missing-locale-string) until you add {locales.SITE_DIR}/{lang}.yml "
        f"(a translated copy of {locales.LOCALES_DIR / 'en.yml'}; README, \"Add a language\")"
        for lang in languages
        if locales.missing(lang)
    )
    return Written(written.root, written.files, notes)


def _data_file(schema: str, data: object, comment: str, depth: int = 1) -> str:
    """A YAML data file whose first line wires the editor schema (yaml-language-server)."""
    up = "../" * depth
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    return f"# yaml-language-server: $schema={up}{SCHEMA_DIR}/{schema}.schema.json\n# {comment}\n{body}"


# --- a project on disk ------------------------------------------------------------------------


def _project(config_file: Path):
    from knowledge.check.project import ConfigError, read_project_config

    try:
        return read_project_config(config_file)
    except ConfigError as exc:
        raise ScaffoldError(f"{exc} (run `knowledge new` in the site's folder, or pass --config)") from None


def _schema_line(project_dir: Path, target: Path, schema: str) -> str:
    """The schema line, when the site has the schemas (``knowledge new site`` wrote them)."""
    if not (project_dir / SCHEMA_DIR / f"{schema}.schema.json").is_file():
        return ""
    rel = Path(*[".."] * (len(target.relative_to(project_dir).parts) - 1), SCHEMA_DIR, f"{schema}.schema.json")
    return f"# yaml-language-server: $schema={rel.as_posix()}\n"


def _humanize(slug: str) -> str:
    words = slug.replace("-", " ")
    return words[:1].upper() + words[1:]


# --- knowledge new post ----------------------------------------------------------------------


def new_post(slug: str, *, config_file: Path = Path("mkdocs.yml"), title: str | None = None, author: str | None = None, today: dt.date | None = None) -> Written:
    """``content/<lang>/<blog_dir>/<slug>.md`` in every language, front matter agreeing:
    same date (today) and author; each language's category from its latest post;
    the title in every language, marked to translate in all but the default."""
    if not SLUG_RE.match(slug or ""):
        raise ScaffoldError(f"{slug!r} is not a slug: use lowercase letters, digits and single hyphens (it becomes the URL), e.g. my-first-post")
    config = _project(Path(config_file))
    from knowledge.check.project import site_context
    from knowledge.site.loader import DEFAULT_BLOG_DIR, authors_path, load_site

    site = site_context(config)
    languages = list(site.languages)
    blog_dir = str(site.options.get("blog_dir") or DEFAULT_BLOG_DIR).strip("/")
    model, _ = load_site(site, include_drafts=True, reading_time=False)  # problems are `knowledge check`'s business

    path = authors_path(site)
    known = list(model.authors)
    display = path.relative_to(config.project_dir).as_posix() if path.is_relative_to(config.project_dir) else str(path)
    if author is None:
        if not known:
            raise ScaffoldError(f"no authors: create {display} with one (<id>: {{name: …, role: {{{', '.join(f'{lang}: …' for lang in languages)}}}}}) or pass --author ID after adding it")
        author = known[0]
    elif author not in known:
        raise ScaffoldError(f"author {author!r} is not in {display}; use one of: {', '.join(known) or 'none (add it there first)'}")

    today = today or dt.date.today()
    title = " ".join((title or _humanize(slug)).split())
    default = languages[0]
    files = {}
    for lang in languages:
        posts = sorted((page for page in model.pages.get(lang, {}).values() if page.is_post and page.category), key=lambda p: (p.date or dt.date.min, p.key))
        posts += sorted((page for page in model.drafts.get(lang, {}).values() if page.is_post and page.category), key=lambda p: (p.date or dt.date.min, p.key))
        category = posts[-1].category if posts else _s(lang, "category")
        mark = None if lang == default else f"translate from {default}"
        head = _front_matter([
            ("title", _yaml_str(title), mark),
            ("description", _yaml_str(_s(lang, "new_post_description")), "one or two sentences"),
            ("date", today.isoformat(), None),
            ("author", author, "an id from " + display),
            ("category", _yaml_str(category), None),
            ("tags", "[]", None),
        ])
        body = _s(lang, "new_post_text")
        note = "" if lang == default else f"<!-- translate from {default}: content/{default}/{blog_dir}/{slug}.md -->\n\n"
        files[f"{lang}/{blog_dir}/{slug}.md"] = f"{head}\n{note}{body}\n"
    written = _write_all(config.docs_dir, files)
    # Reported relative to the project (content/es/blog/x.md), like `knowledge check` does.
    root = config.project_dir if config.docs_dir.is_relative_to(config.project_dir) else config.docs_dir
    return Written(root, written.files)


# --- knowledge new faq ------------------------------------------------------------------------


def new_faq(entry_id: str, *, config_file: Path = Path("mkdocs.yml")) -> Written:
    """``faq/<id>.yml``: a block per language to fill in (question, variants, answer)."""
    if not SLUG_RE.match(entry_id or ""):
        raise ScaffoldError(f"{entry_id!r} is not an FAQ id: use lowercase letters, digits and single hyphens, e.g. shipping-times")
    config = _project(Path(config_file))
    from knowledge.check.project import site_context
    from knowledge.faq.loader import load_topics
    from knowledge.faq.feature import FaqFeature

    site = site_context(config)
    languages = list(site.languages)
    faq_dir = FaqFeature.resolve_dir(site)
    target = faq_dir / f"{entry_id}.yml"
    topics, _ = load_topics(faq_dir / "_topics.yml", root=config.project_dir, languages=site.languages)
    lines = [_schema_line(config.project_dir, target, "faq-entry").rstrip("\n")] if _schema_line(config.project_dir, target, "faq-entry") else []
    lines.append(f"# FAQ entry {entry_id!r}: fill in every language, then run `knowledge check`.")
    if topics:
        lines.append(f"topic: {next(iter(topics))}  # one of faq/_topics.yml: {', '.join(topics)}")
    lines.append("# articles: [blog/my-post]  # pages this entry shows under")
    question = _humanize(entry_id) + "?"
    for lang in languages:
        lines += [
            f"{lang}:",
            f"  question: {_yaml_str(question)}  # the question as visitors ask it" + ("" if lang == languages[0] else f"; translate from {languages[0]}"),
            "  variants: []  # at least 4 other ways to ask it; add visitors' own wordings as they come",
            "  answer: |",
            f"    {_s(lang, 'new_faq_answer')}",
        ]
    root = faq_dir.parent
    return _write_all(root, {target.relative_to(root).as_posix(): "\n".join(lines) + "\n"})


def describe(written: Written) -> str:
    return "\n".join(f"  wrote {rel}" for rel in written.relative())
