"""The FAQ feature: entries from ``faq/``, the FAQ page, article sections, the assistant.

Options (mkdocs.yml, under the ``knowledge`` plugin):

.. code-block:: yaml

    faq:
      dir: faq                 # relative to the folder holding mkdocs.yml
      cache_dir: .cache/knowledge  # trained models (knowledge.cachedir); false: none
    assistant:
      enabled: true
      name: PairProgramming    # in the default greeting and title; default: the plugin's `brand`
      greeting:                # optional, per language; "{name}" is replaced
        es: "Hola, soy el asistente de {name}. Preguntame…"
        en: "Hi, I'm {name}'s assistant. Ask me…"
      report_url: https://stats.example.com/knowledge  # optional (faq/report.py): beacons of questions and feedback
    contact_page: contact      # page key of the contact page

Nothing here imports MkDocs; the adapter calls the hooks of :class:`Feature`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from knowledge.faq import assistant
from knowledge.faq.loader import folder_fingerprint, load_faq_and_topics
from knowledge.faq.model import FaqEntry
from knowledge.faq.pages import article_section, entries_by_article, faq_page
from knowledge.faq.report import ReportUrlError, report_endpoint
from knowledge.faq.questions import QUESTIONS_FILE, QuestionTest, load_questions, shipped_model, unknown_entry_problems
from knowledge.features import Feature, GeneratedFile, GeneratedPage, PageContext, SiteContext
from knowledge.problems import Problem


class FaqFeature(Feature):
    name = "faq"

    def __init__(self) -> None:
        self.entries: list[FaqEntry] = []
        self.topics: dict[str, dict[str, str]] = {}
        self.faq_dir: Path | None = None
        self._ui: dict[str, dict[str, str]] = {}
        self._by_article: dict[str, list[FaqEntry]] | None = None  # built on first use, per load
        # Kept across `mkdocs serve` rebuilds (MkDocs keeps the plugin, the plugin its
        # features): an unchanged FAQ folder is not parsed, rendered or trained again.
        self.fingerprint: str | None = None  # of the loaded FAQ (folder_fingerprint + where and how it was loaded)
        self._loaded: tuple[Any, ...] | None = None  # (key, entries, topics, problems, question tests)
        self._outputs: dict[str, tuple[Any, Any]] = {}  # hook -> (site, result) for the loaded FAQ
        # faq/_questions.yml (optional): run by the content rules (check.rules), whose
        # per-language score lands in question_summary for `knowledge check` and the build.
        self.questions: list[QuestionTest] = []
        self.question_summary: list[str] = []

    # --- options --------------------------------------------------------------------

    @staticmethod
    def faq_options(site: SiteContext) -> Mapping[str, Any]:
        options = site.options.get("faq") or {}
        return options if isinstance(options, Mapping) else {}

    @staticmethod
    def assistant_options(site: SiteContext) -> Mapping[str, Any]:
        options = site.options.get("assistant") or {}
        return options if isinstance(options, Mapping) else {}

    def assistant_enabled(self, site: SiteContext) -> bool:
        return bool(self.assistant_options(site).get("enabled", True)) and bool(self.entries)

    @staticmethod
    def contact_key(site: SiteContext) -> str:
        return str(site.options.get("contact_page") or "contact").strip("/") or "contact"

    @classmethod
    def resolve_dir(cls, site: SiteContext) -> Path:
        return site.project_dir / str(cls.faq_options(site).get("dir") or "faq")

    # --- hooks ----------------------------------------------------------------------

    def load(self, site: SiteContext) -> list[Problem]:
        self.faq_dir = self.resolve_dir(site)
        self.entries, self.topics, self._ui = [], {}, {}
        self.questions, self.question_summary = [], []
        if not self.faq_dir.is_dir():
            self.fingerprint, self._loaded, self._outputs, self._by_article = None, None, {}, None
            return []  # a site without an FAQ: no FAQ page, no assistant
        key = (folder_fingerprint(self.faq_dir), str(self.faq_dir.resolve()), str(site.project_dir), tuple(site.languages))
        if self._loaded is None or self._loaded[0] != key:
            entries, topics, problems = load_faq_and_topics(self.faq_dir, root=site.project_dir, languages=site.languages)
            questions, question_problems = load_questions(self.faq_dir / QUESTIONS_FILE, root=site.project_dir, languages=site.languages)
            # An entry that failed to load still exists as a file: not "unknown".
            ids = {e.id for e in entries} | {p.stem for p in self.faq_dir.glob("*.yml") if not p.name.startswith("_")}
            problems = problems + question_problems + unknown_entry_problems(questions, ids)
            self._loaded, self._outputs, self._by_article = (key, entries, topics, problems, questions), {}, None
            self.fingerprint = repr(key)
        _, self.entries, self.topics, problems, self.questions = self._loaded
        problems = list(problems)
        options = self.assistant_options(site)
        if not options.get("name") and site.options.get("brand"):
            options = {**options, "name": site.options["brand"]}  # the site's brand, e.g. "PairProgramming"
        self._ui = {lang: assistant.ui_strings(lang, options) for lang in site.languages}
        try:
            report_endpoint(options.get("report_url"))
        except ReportUrlError as exc:
            problems.append(Problem("mkdocs.yml", 1, 1, "invalid-option", f"plugin option assistant.report_url: {exc}"))
        return problems

    def report_url(self, site: SiteContext) -> str | None:
        """``assistant.report_url`` when set and usable (``load`` reports it otherwise)."""
        try:
            found = report_endpoint(self.assistant_options(site).get("report_url"))
        except ReportUrlError:
            return None
        return found[0] if found else None

    def check_references(self, site: SiteContext, page_keys: Mapping[str, frozenset[str]]) -> list[Problem]:
        """``articles`` naming no page (in some language) and ``related`` naming no entry."""
        problems = []
        ids = {entry.id for entry in self.entries}
        if self.faq_dir is not None and self.faq_dir.is_dir():
            # Entries that failed to load still exist as files: do not call them unknown.
            ids |= {p.stem for p in self.faq_dir.glob("*.yml") if not p.name.startswith("_")}
        for entry in self.entries:
            for i, key in enumerate(entry.articles):
                missing = [lang for lang in site.languages if key not in page_keys.get(lang, frozenset())]
                if missing:
                    line, col = entry.marks.get(f"articles[{i}]", (1, 1))
                    where = "in any language" if len(missing) == len(site.languages) else f"in {', '.join(missing)}"
                    problems.append(Problem(entry.path, line, col, "unknown-article", f"articles[{i}]: no page {key!r} {where}"))
            for i, other in enumerate(entry.related):
                if other not in ids:
                    line, col = entry.marks.get(f"related[{i}]", (1, 1))
                    problems.append(Problem(entry.path, line, col, "unknown-related", f"related[{i}]: no FAQ entry {other!r} (faq/{other}.yml)"))
        return problems

    def data_files(self, site: SiteContext) -> list[str]:
        faq_dir = self.faq_dir or self.resolve_dir(site)
        try:
            inside = faq_dir.resolve().relative_to(site.docs_dir.resolve())
        except ValueError:
            return []  # the usual layout: faq/ sits next to content/, not in it
        return [f"{inside.as_posix()}/{p.name}" for p in sorted(faq_dir.glob("*")) if p.is_file()]

    def watch_paths(self, site: SiteContext) -> list[Path]:
        return [self.faq_dir or self.resolve_dir(site)]

    def generated_pages(self, site: SiteContext) -> list[GeneratedPage]:
        if not self.entries:
            return []
        return list(self.remembered("pages", site, lambda: [faq_page(self.entries, self.topics, site, lang, self.contact_key(site)) for lang in site.languages]))

    def generated_files(self, site: SiteContext) -> list[GeneratedFile]:
        if not self.assistant_enabled(site):
            return []
        files = assistant.asset_files()
        files += self.remembered("index", site, lambda: self.index_files(site))
        return files

    def remembered(self, hook: str, site: SiteContext, compute: Any) -> Any:
        """``compute()``, reused while the loaded FAQ and the site's settings (URLs,
        languages, options) are those it was computed for. The content rules keep
        their FAQ problems here too (``check.rules.rule_problems``)."""
        done = self._outputs.get(hook)
        if done is not None and done[0] == site:
            return done[1]
        result = compute()
        self._outputs[hook] = (site, result)
        return result

    def index_files(self, site: SiteContext) -> list[GeneratedFile]:
        """One ``faq-index.<lang>.js`` per language: the trained model plus display texts."""
        from knowledge.cachedir import cache_dir
        from knowledge.matcher.index import index_script, shipped_matcher_json

        # Trained once per FAQ content, in the project's cache (knowledge.cachedir): the
        # build's content rules (variant-answers-elsewhere), `mkdocs serve` rebuilds,
        # the next `mkdocs build` and `knowledge check` reuse this model.
        # faq/_questions.yml runs through this same function (faq.questions).
        model = shipped_model(self.entries, site.languages, cache_dir(site))
        matcher_json = shipped_matcher_json(model)  # the same in every language's file
        return [
            GeneratedFile(assistant.index_dest(lang), index_script(model, assistant.display_entries(self.entries, site, lang), lang, matcher_json=matcher_json))
            for lang in site.languages
        ]

    def post_sections(self, page: PageContext, site: SiteContext) -> dict[str, str]:
        if self._by_article is None:
            self._by_article = entries_by_article(self.entries)
        section = article_section(self.entries, site, page, self._by_article)
        return {"faq": section} if section else {}

    def stylesheet(self, site: SiteContext) -> str:
        return assistant.stylesheet() if self.assistant_enabled(site) else ""

    def body_end_html(self, page: PageContext, site: SiteContext) -> str:
        if not self.assistant_enabled(site):
            return ""
        strings = self._ui.get(page.lang) or assistant.ui_strings(page.lang, self.assistant_options(site))
        return assistant.body_end_html(page, site, strings, self.contact_key(site), self.report_url(site))
