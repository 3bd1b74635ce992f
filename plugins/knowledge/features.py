"""The seam between the site core and the features that ride on it.

The site core (``knowledge.site``, driven by the MkDocs adapter in
``knowledge.plugin``) builds the bilingual blog. Features (the FAQ engine, the
comparison tables) plug into it through the small protocol below, so that:

- none of them imports MkDocs (the adapter turns their output into MkDocs files,
  pages and log records), and the core can move to another engine later;
- each feature owns its package and its data files, and the core only calls hooks.

Every hook has a do-nothing default in :class:`Feature`; a feature overrides only
what it needs. Hooks return problems instead of raising for bad content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any, Mapping

from knowledge.problems import Problem
from knowledge.site import urls

# Import paths of the features the site runs, in the order their hooks are called.
FEATURES: tuple[str, ...] = (
    "knowledge.tables.feature:TablesFeature",
    "knowledge.faq.feature:FaqFeature",
)


@dataclass(frozen=True)
class SiteContext:
    """What a feature may know about the site being built."""

    project_dir: Path  # the folder holding mkdocs.yml
    docs_dir: Path  # content/
    languages: tuple[str, ...]  # e.g. ("es", "en"); the first is the default
    site_url: str  # absolute base URL ending in "/", or "" when unset
    use_directory_urls: bool
    options: Mapping[str, Any]  # the knowledge plugin's options from mkdocs.yml
    serve: bool = False  # True under `mkdocs serve` (drafts are shown)

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def page_url(self, lang: str, key: str) -> str:
        """Site-root-relative URL of the page ``key`` in ``lang``, as MkDocs writes it.

        ``key`` is a language-neutral page key: the path below ``content/<lang>/``
        without ``.md`` ("blog/fine-tuning", "faq/index", "index"). Without
        directory URLs an index page is its file ("es/faq/index.html"), so links
        also work from file://.
        """
        return urls.page_url(lang, key, self.use_directory_urls)

    def absolute_url(self, url: str) -> str:
        return urls.absolute_url(self.site_url, url)


@dataclass(frozen=True)
class PageContext:
    """The page being rendered, as features see it."""

    lang: str
    key: str  # language-neutral page key, see SiteContext.page_url
    url: str  # this page's URL relative to the site root ("es/blog/x/")
    is_post: bool = False
    meta: Mapping[str, Any] = field(default_factory=dict)
    src_path: str = ""  # path relative to the project dir, for problems ("content/es/blog/x.md")
    body_line: int = 1  # line of the Markdown body's first line in src_path

    def relative(self, target: str) -> str:
        """A link from this page to ``target`` (site-root-relative, may carry #frag).

        Relative links keep working under a sub-path ``site_url`` and from file://.
        """
        return urls.relative_url(target, self.url)


@dataclass(frozen=True)
class GeneratedPage:
    """A page a feature adds to the site, in one language."""

    lang: str
    key: str  # e.g. "faq/index" -> /<lang>/faq/
    title: str
    markdown: str  # rendered like any page (may contain raw, already-sanitized HTML)
    meta: Mapping[str, Any] = field(default_factory=dict)  # extra page meta (e.g. jsonld)


@dataclass(frozen=True)
class GeneratedFile:
    """A static file a feature adds to the site output (served by `mkdocs serve` too)."""

    dest: str  # path relative to the site root, e.g. "assets/knowledge/assistant.js"
    content: bytes | str


class Feature:
    """Base class: every hook does nothing. Subclasses override what they need."""

    name = "feature"

    def load(self, site: SiteContext) -> list[Problem]:
        """Read and validate the feature's data files. Called once per build, first."""
        return []

    def check_references(self, site: SiteContext, page_keys: Mapping[str, frozenset[str]]) -> list[Problem]:
        """Cross-file checks once the pages are known: ``page_keys[lang]`` holds the
        keys of every page (drafts included) in that language. E.g. an FAQ entry's
        ``articles`` naming no page."""
        return []

    def data_files(self, site: SiteContext) -> list[str]:
        """Paths relative to docs_dir that are data, never published as raw files."""
        return []

    def watch_paths(self, site: SiteContext) -> list[Path]:
        """Extra paths `mkdocs serve` watches (e.g. the faq/ folder)."""
        return []

    def generated_pages(self, site: SiteContext) -> list[GeneratedPage]:
        return []

    def generated_files(self, site: SiteContext) -> list[GeneratedFile]:
        return []

    def page_markdown(self, markdown: str, page: PageContext, site: SiteContext) -> tuple[str, list[Problem]]:
        """Rewrite a page's Markdown body before it is rendered (e.g. expand markers)."""
        return markdown, []

    def page_problems(self, markdown: str, page: PageContext, site: SiteContext) -> list[Problem]:
        """The problems :meth:`page_markdown` reports, for the check, which throws the
        rewritten Markdown away. Override when the rewrite is costly to produce."""
        return self.page_markdown(markdown, page, site)[1]

    def post_sections(self, page: PageContext, site: SiteContext) -> dict[str, str]:
        """HTML blocks for named slots of a post page; known slots: "faq"."""
        return {}

    def stylesheet(self, site: SiteContext) -> str:
        """CSS this feature adds to the site's one stylesheet (``knowledge.site.styles``):
        every page loads a single file of ours, so a feature never links its own."""
        return ""

    def head_html(self, page: PageContext, site: SiteContext) -> str:
        """Markup for <head>. Use page.relative() for URLs; styles go in :meth:`stylesheet`."""
        return ""

    def body_end_html(self, page: PageContext, site: SiteContext) -> str:
        """Markup placed at the end of <body> on every page (e.g. the assistant)."""
        return ""


def load_features(paths: tuple[str, ...] = FEATURES) -> list[Feature]:
    features = []
    for spec in paths:
        module_name, _, class_name = spec.partition(":")
        features.append(getattr(import_module(module_name), class_name)())
    return features
