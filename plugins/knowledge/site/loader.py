"""Load every Markdown page of every language and the authors file.

Every problem of every file is collected (never only the first); bad content gives
problems with ``file:line:col``, never an exception.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from knowledge.features import SiteContext
from knowledge.memo import Memo
from knowledge.problems import Problem, relpath
from knowledge.site.frontmatter import PAGE_TEXT_FIELDS, POST_TEXT_FIELDS, AuthorsFile, FrontMatter, PageFrontMatter
from knowledge.site.frontmatter import Author as AuthorModel
from knowledge.site.model import Author, Page, SiteModel
from knowledge.site.terms import hidden_text_problems, term_problems
from knowledge.site.text import reading_minutes
from knowledge.symlinks import outside_problem, read_allowed
from knowledge.yamlio import YamlDocument, load_yaml, parse_front_matter, read_text, validation_problems

DEFAULT_AUTHORS_FILE = "authors.yml"
DEFAULT_BLOG_DIR = "blog"


def load_site(
    site: SiteContext, *, include_drafts: bool = False, reading_time: bool = True, memo: Memo | None = None
) -> tuple[SiteModel, list[Problem]]:
    """Read ``docs_dir/<lang>/**.md`` and the authors file into a :class:`SiteModel`.

    ``reading_time=False`` leaves every page's ``reading_minutes`` at 1: counting the
    words of every page is a third of loading it, and ``knowledge check`` never
    shows a reading time (it changes no problem). ``memo`` (``mkdocs serve``)
    reuses the previous build's parse of every page whose text did not change.
    """
    problems: list[Problem] = []
    authors, author_problems = load_authors(site)
    problems += author_problems
    # A site whose posts name no author needs no authors file: its absence only
    # matters once a post names one, and then it is one problem, not one per post.
    authors_absent = authors is None and not authors_path(site).exists()
    named: dict[str, str] = {}  # author id -> the first post naming it
    blog_dir = str(site.options.get("blog_dir") or DEFAULT_BLOG_DIR).strip("/")
    pages: dict[str, dict[str, Page]] = {lang: {} for lang in site.languages}
    drafts: dict[str, dict[str, Page]] = {lang: {} for lang in site.languages}
    unreadable: dict[str, set[str]] = {lang: set() for lang in site.languages}
    docs_display = relpath(site.docs_dir, site.project_dir)
    for parts, md_path in page_files(site.docs_dir):
        if _hidden(parts):
            continue
        rel = "/".join(parts)
        # relpath(md_path, project_dir), without its cost per file: md_path is docs_dir/rel.
        display = rel if docs_display == "." else f"{docs_display}/{rel}"
        lang, _, key_path = rel.partition("/")
        if lang not in site.languages or not key_path:
            problems.append(Problem(display, 1, 1, "page-language", f"page is outside the language folders; move it under {' or '.join(d + '/' for d in site.languages)} in {site.docs_dir.name}/"))
            continue
        key = key_path[: -len(".md")]
        page, page_problems = load_page(
            md_path, display, lang, key, rel, is_post=_is_post(key, blog_dir), authors=authors, reading_time=reading_time, memo=memo,
            root=site.project_dir,
        )
        problems += page_problems
        if page is None:
            unreadable[lang].add(key)
            continue
        if authors_absent and page.is_post and page.author:
            named.setdefault(page.author, display)
        if page.draft and not include_drafts:
            drafts[lang][key] = page
        else:
            pages[lang][key] = page
    if named:
        problems.append(missing_authors_problem(site, named))
    model = SiteModel(
        languages=tuple(site.languages), pages=pages, authors=authors or {}, drafts=drafts,
        unreadable={lang: frozenset(keys) for lang, keys in unreadable.items()},
    )
    problems += term_problems(model)
    return model, problems


def page_files(docs_dir: Path) -> list[tuple[tuple[str, ...], Path]]:
    """Every ``*.md`` below ``docs_dir`` (as ``Path.rglob`` finds them), with its path
    parts relative to ``docs_dir``, in ``sorted(Path)`` order: sorting 2,000 Paths
    and making each relative again cost more than reading their front matter."""
    prefix = len(str(docs_dir)) + len(os.sep)
    found = []
    for path in docs_dir.rglob("*.md"):
        parts = tuple(str(path)[prefix:].split(os.sep))
        found.append((tuple(os.path.normcase(part) for part in parts), parts, path))  # Path's own sort key
    found.sort(key=lambda item: item[0])
    return [(parts, path) for _, parts, path in found]


def _hidden(parts: tuple[str, ...]) -> bool:
    # Dot-folders and MkDocs' own excluded "templates/" never hold pages.
    return any(part.startswith(".") for part in parts) or bool(parts and parts[0] == "templates")


def _is_post(key: str, blog_dir: str) -> bool:
    return key.startswith(blog_dir + "/") and not key.endswith("/index") and key != f"{blog_dir}/index"


def authors_file(site: SiteContext) -> str:
    """The authors file, relative to the content folder (a data file, never a page)."""
    return str(site.options.get("authors_file") or DEFAULT_AUTHORS_FILE)


def authors_path(site: SiteContext) -> Path:
    return site.docs_dir / authors_file(site)


def missing_authors_problem(site: SiteContext, named: dict[str, str]) -> Problem:
    """The one problem of posts naming authors while the authors file does not exist."""
    display = relpath(authors_path(site), site.project_dir)
    ids = ", ".join(sorted(named))
    first = named[sorted(named)[0]]
    roles = ", ".join(f"{lang}: …" for lang in site.languages)
    return Problem(
        display, 1, 1, "missing-authors-file",
        f"posts name authors ({ids}; first in {first}) but {display} does not exist; "
        f"create it with one entry per author id: <id>: {{name: …, role: {{{roles}}}}}",
    )


def load_authors(site: SiteContext) -> tuple[dict[str, Author] | None, list[Problem]]:
    """The authors file; ``None`` when it cannot be read (posts' authors are then not checked).
    A file that does not exist is no problem here: :func:`load_site` reports it once,
    only if a post names an author.

    Each author is validated on its own, so one bad entry neither hides the others'
    problems nor makes every post naming a good author fail too.
    """
    if not authors_path(site).exists():
        return None, []
    doc = load_yaml(authors_path(site), root=site.project_dir)
    problems = list(doc.problems)
    if doc.data is None:
        return None, problems
    if not isinstance(doc.data, dict):
        try:
            AuthorsFile.model_validate(doc.data)
        except ValidationError as exc:
            problems += validation_problems(doc, exc)
        return None, problems
    authors: dict[str, Author] = {}
    for author_id, value in doc.data.items():
        try:
            author = AuthorModel.model_validate(value)
        except ValidationError as exc:
            problems += validation_problems(doc, exc, prefix=(author_id,))
            authors[author_id] = Author(author_id, author_id, {})  # exists, so posts naming it get no second problem
            continue
        text_paths = [(author_id, "name")] + [(author_id, "role", lang) for lang in site.languages]
        for path in text_paths:
            problem = doc.require_text(path)
            problems += [problem] if problem else hidden_text_problems(doc, path)
        authors[author_id] = Author(author_id, author.name, dict(author.role), author.url)
    return authors, problems


def load_page(
    path: Path,
    display: str,
    lang: str,
    key: str,
    src_uri: str,
    *,
    is_post: bool,
    authors: dict[str, Author] | None,
    reading_time: bool = True,
    memo: Memo | None = None,
    root: Path | None = None,
) -> tuple[Page | None, list[Problem]]:
    """One Markdown file: its front matter validated against the right model.

    With ``memo``, a text parsed for the previous build with the same arguments
    gives the same page and problems without parsing it again: the file is read
    every time (editing it changes its text), only the parsing is saved. A symlink
    leading out of ``root`` (the project) is not read (see knowledge.symlinks)."""
    if not read_allowed(path, root):
        return None, [outside_problem(path, display)]
    text, problems = read_text(path, display)
    if text is None:
        return None, problems
    if memo is None:
        page, found = _parse_page(text, display, lang, key, src_uri, is_post=is_post, authors=authors, reading_time=reading_time)
    else:
        # Of the authors, a page's problems depend only on which ids exist.
        known = None if authors is None else frozenset(authors)
        memo_key = ("page", text, display, lang, key, src_uri, is_post, reading_time, known)
        page, found = memo.get(memo_key, lambda: _parse_page(text, display, lang, key, src_uri, is_post=is_post, authors=authors, reading_time=reading_time))
    return page, problems + found


def _parse_page(
    text: str,
    display: str,
    lang: str,
    key: str,
    src_uri: str,
    *,
    is_post: bool,
    authors: dict[str, Author] | None,
    reading_time: bool,
) -> tuple[Page | None, list[Problem]]:
    problems: list[Problem] = []
    source = parse_front_matter(text, display)
    doc = source.meta
    problems += doc.problems
    if doc.data is None:
        return None, problems
    if not source.has_front_matter:
        what = "a post needs front matter with title, description, date, author and category" if is_post else "a page needs front matter with at least a title"
        problems.append(Problem(display, 1, 1, "missing-front-matter", f"{what}, between '---' lines at the top"))
        return None, problems
    model: type[BaseModel] = FrontMatter if is_post else PageFrontMatter
    text_fields = POST_TEXT_FIELDS if is_post else PAGE_TEXT_FIELDS
    parsed, model_problems = _validate(doc, model)
    problems += model_problems
    flagged = {(p.line, p.col) for p in model_problems}
    problems += _text_problems(doc, text_fields, flagged)
    if is_post:
        problems += _tag_problems(doc, flagged)
        author = doc.data.get("author")
        if isinstance(author, str) and author.strip() and authors is not None and author not in authors:
            known = ", ".join(sorted(authors)) or "none"
            problems.append(doc.problem(("author",), "unknown-author", f"author {author!r} is not in the authors file; use one of: {known}"))
    if parsed is None:
        return None, problems
    data: dict[str, Any] = parsed.model_dump()
    page = Page(
        lang=lang,
        key=key,
        src_uri=src_uri,
        src_path=display,
        title=data["title"],
        body=source.body,
        body_line=source.body_line,
        is_post=is_post,
        description=data.get("description"),
        date=data.get("date"),
        updated=data.get("updated"),
        author=data.get("author"),
        category=data.get("category"),
        tags=tuple(data.get("tags") or ()),
        draft=bool(data.get("draft", False)),
        reading_minutes=reading_minutes(source.body) if reading_time else 1,
        meta=dict(doc.data),
        marks={path: doc.mark(path) for path in doc.value_marks if len(path) <= 2 and path[:1] in _MARKED},
    )
    return page, problems


_MARKED = {("title",), ("description",), ("category",), ("tags",), ("author",)}


def _validate(doc: YamlDocument, model: type[BaseModel]) -> tuple[Any, list[Problem]]:
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, validation_problems(doc, exc)


def _text_problems(doc: YamlDocument, fields: tuple[str, ...], flagged: set[tuple[int, int]]) -> list[Problem]:
    """YAML-1.1 surprises and empty text in text fields (missing ones pydantic reports)."""
    out = []
    for name in fields:
        if name not in doc.data:
            continue
        if doc.mark((name,)) in flagged:
            continue
        problem = doc.require_text((name,))
        if problem:
            out.append(problem)
        else:
            out += hidden_text_problems(doc, (name,))
    return out


def _tag_problems(doc: YamlDocument, flagged: set[tuple[int, int]]) -> list[Problem]:
    tags = doc.data.get("tags")
    if not isinstance(tags, list):
        return []
    out = []
    for index in range(len(tags)):
        if doc.mark(("tags", index)) in flagged:
            continue
        problem = doc.require_text(("tags", index))
        if problem:
            out.append(problem)
        else:
            out += hidden_text_problems(doc, ("tags", index))
    return out
