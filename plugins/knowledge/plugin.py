"""The MkDocs adapter: wires MkDocs events to ``knowledge.site`` and the features.

Everything is loaded and validated in ``on_pre_build``, before MkDocs cleans the
site directory, so bad content stops the build with one message listing every
problem. And ``mkdocs build`` writes into a staging folder that replaces
``site_dir`` only once the whole build succeeded (``knowledge.site.publish``), so
no failure (a strict warning, an error while writing, a killed process) ever leaves
a half-written or wrong site where the last good one was.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import Any

from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page as MkPage

from knowledge import locales
from knowledge.cachedir import cache_dir
from knowledge.cards import CardBuild, card_dest, card_options, place_file, start_cards
from knowledge.check.rules import condense, content_trees, rule_problems
from knowledge.config import KnowledgeConfig
from knowledge.faq.pages import FAQ_KEY
from knowledge.faq.report import report_policy
from knowledge.features import Feature, GeneratedFile, PageContext, SiteContext, load_features
from knowledge.memo import Memo
from knowledge.problems import Problem, errors, summarize, warnings
from knowledge.site import csp, notfound, publish, search
from knowledge.site.htmltext import escaped_meta
from knowledge.site.loader import authors_file, load_site
from knowledge.site.options import language_alternates, languages_option, site_root
from knowledge.site.plan import HEADER_SCRIPT, LANG_SCRIPT, STYLESHEET, WORKER_SHIM, SitePlan, plan_site
from knowledge.site.styles import site_stylesheet
from knowledge.symlinks import link_report, unpublishable

log = get_plugin_logger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
THEME_DIR = PACKAGE_DIR / "theme"
SITE_ASSETS = {  # dest in the site -> file shipped in the package
    LANG_SCRIPT: PACKAGE_DIR / "assets" / "site" / "lang-redirect.js",
    WORKER_SHIM: PACKAGE_DIR / "assets" / "site" / "file-worker.js",
    HEADER_SCRIPT: PACKAGE_DIR / "assets" / "site" / "header-buttons.js",
}


class KnowledgePlugin(BasePlugin[KnowledgeConfig]):
    def __init__(self) -> None:
        self.serve = False
        self.ctx: SiteContext | None = None
        self.features: list[Feature] = []
        self.plan: SitePlan | None = None
        self.extra_files: list[GeneratedFile] = []
        self.page_keys: dict[str, tuple[str, str]] = {}  # src_uri -> (lang, key)
        self.rewritten: dict[tuple[str, str], str] = {}  # (lang, key) -> its body after every feature's rewrite
        self.navs: dict[str, Navigation] = {}
        self.env: Any = None
        self.files: Files | None = None
        self.memo = Memo()
        self.stage = False  # build into a staging folder, publish on success (site/publish.py)
        self.staging: Path | None = None
        self.published: str = ""
        self.mkdocs_config: MkDocsConfig | None = None
        self.finished = self.failed = False
        self.cards: CardBuild | None = None  # social cards being drawn beside the build
        self.cards_written: dict[str, str] = {}  # site file -> card key, for `serve --dirty`
        self.dirty_serve = False
        self.fingerprints: dict[str, str] = {}  # listing page src_uri -> what it showed at the last build (serve --dirty)

    # ---- configuration -------------------------------------------------------
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serve = command == "serve"
        self.dirty_serve = self.serve and dirty
        # `mkdocs serve` builds into its own temporary folder, and a dirty build
        # updates the folder in place on purpose: only full builds are staged.
        self.stage = command in ("build", "gh-deploy") and not dirty

    def _stage(self, config: MkDocsConfig) -> None:
        """Point MkDocs at a staging folder next to site_dir; on_shutdown publishes it
        if the build ended well. MkDocs' --strict check runs after every build event
        (on_post_build included) and reaches plugins only through on_build_error, so
        the decision waits for on_shutdown."""
        self.published, self.mkdocs_config = config.site_dir, config
        self.finished = self.failed = False
        try:
            publish.recover(self.published)
            self.staging = publish.staging_dir(self.published)
        except OSError as exc:
            raise PluginError(f"knowledge: cannot prepare a staging folder next to {self.published}: {exc}") from exc
        config.site_dir = str(self.staging)
        log.info(f"Building into {self.staging}; {self.published} is replaced only if the build succeeds")

    def on_build_error(self, *, error: Exception) -> None:
        self.failed = True  # also MkDocs' --strict abort, raised after on_post_build
        if self.cards is not None:
            self.cards.abandon()
            self.cards = None

    def on_shutdown(self) -> None:
        if self.cards is not None:
            self.cards.abandon()
            self.cards = None
        if self.staging is None:
            return
        staging, self.staging = self.staging, None
        if self.mkdocs_config is not None:
            self.mkdocs_config.site_dir = self.published  # gh-deploy reads it after on_shutdown
        if not self.finished or self.failed:
            publish.discard(staging)
            return
        try:
            publish.publish(staging, self.published)
        except OSError as exc:
            raise PluginError(f"knowledge: the site was built in {staging} but could not replace {self.published}: {exc}") from exc

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        languages = languages_option(self.config.languages)
        if not languages:
            raise PluginError("knowledge: 'languages' must list at least one language code (e.g. [es, en])")
        wrong = locales.unsupported(languages)
        if wrong:
            raise PluginError("knowledge: " + "; ".join(wrong))
        dirs = config.theme.dirs
        if str(THEME_DIR) not in dirs:
            # Our overrides sit right above Material's templates and below custom_dir.
            material_index = next((i for i, d in enumerate(dirs) if Path(d).name == "templates" and "material" in Path(d).parts), len(dirs))
            dirs.insert(material_index, str(THEME_DIR))
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        config.extra["alternate"] = language_alternates(languages)
        if self.config.offline:
            config.use_directory_urls = False  # ".../page.html": a folder URL opens a listing from file://
        if self.stage:
            self._stage(config)
        options = dict(self.config)
        options["languages"] = list(languages)
        # assistant.report_url: its origin, and nothing more, joins connect-src (the
        # FAQ feature reports an unusable value when it loads).
        options["content_security_policy"] = self.config.content_security_policy = report_policy(
            self.config.content_security_policy, self.config.assistant
        )
        self.ctx = SiteContext(
            project_dir=Path(config.config_file_path or ".").resolve().parent,
            docs_dir=Path(config.docs_dir),
            languages=languages,
            site_url=site_root(config.site_url),
            use_directory_urls=config.use_directory_urls,
            options=options,
            serve=self.serve,
        )
        locales.use_site_dir(self.ctx.project_dir / locales.SITE_DIR)  # the site's own strings, if any
        return config

    def on_serve(self, server, *, config: MkDocsConfig, builder) -> Any:
        # MkDocs calls on_serve after the first build, so on_pre_build has loaded the features.
        for feature in self.features:
            for path in feature.watch_paths(self.ctx):
                if Path(path).exists():
                    server.watch(str(path))
        self._serve_language_404(server)
        return server

    def _serve_language_404(self, server) -> None:
        """``mkdocs serve`` answers every unknown URL with the root 404 page; answer
        with the 404 page of the URL's language folder, as a static host does. MkDocs
        hands its error handler the status code only, so the WSGI app notes the path."""
        requested = threading.local()
        serve_request, fallback = server.serve_request, server.error_handler
        assert self.ctx is not None  # set in on_config
        languages = self.ctx.languages

        def app(environ, start_response):
            requested.path = environ.get("PATH_INFO", "")
            return serve_request(environ, start_response)

        def error_handler(code: int) -> bytes | None:
            page = notfound.served_page(getattr(requested, "path", ""), server.mount_path, languages) if code == 404 else None
            target = Path(server.root) / page if page else None
            if target is not None and target.is_file():
                return target.read_bytes()
            return fallback(code)

        server.set_app(app)
        server.error_handler = error_handler

    # ---- load and validate everything before the site directory is touched ----
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        ctx = self.ctx
        assert ctx is not None
        problems: list[Problem] = []
        trained_before = _trainings()
        # MkDocs keeps this plugin across `mkdocs serve` rebuilds: the features (which
        # reload in `load`) and the memo reuse what did not change since the last build.
        if not self.features:
            self.features = load_features()
        self.memo.new_build()
        model, found = load_site(ctx, include_drafts=self.serve, memo=self.memo)
        problems += found
        for feature in self.features:
            problems += _call(feature, "load", [], ctx)
        keys = model.page_keys()
        for feature in self.features:
            problems += _call(feature, "check_references", [], ctx, keys)
        try:
            extra_pages = [page for feature in self.features for page in _call(feature, "generated_pages", [], ctx)]
            self.extra_files = [item for feature in self.features for item in _call(feature, "generated_files", [], ctx)]
            # One stylesheet of ours per page: the site's CSS and every feature's, merged.
            self.extra_files.append(GeneratedFile(STYLESHEET, site_stylesheet((f.name, _call(f, "stylesheet", "", ctx)) for f in self.features)))
            plan, found = plan_site(ctx, model, extra_pages, site_name=config.site_name)
            problems += found
            self.plan = plan
            self._start_social_cards(plan, config.site_dir)
            problems += self._dry_run_markdown()
            problems = condense(problems + self._content_rules(model))
        finally:
            _release_matchers()  # also when a feature or rule failed: a serve rebuild goes on
        if _trainings() > trained_before:
            # Training is the slow step of a large FAQ: say when it happened (and so when it did not).
            log.info("trained the FAQ assistant's matcher (the FAQ's questions changed or no cached model fits)")
        for line in (line for feature in self.features for line in getattr(feature, "question_summary", ())):
            log.info(line)  # faq/_questions.yml: the score the shipped model gets
        for problem in sorted(set(warnings(problems))):
            log.warning(problem.parsable())
        if errors(problems):
            raise PluginError(summarize(errors(problems)))

    def _content_rules(self, model: Any) -> list[Problem]:
        """The rules `knowledge check` runs beyond the loaders (links, translation
        drift, FAQ duplicates…), so `mkdocs build --strict` fails on the same problems."""
        assert self.ctx is not None
        try:
            return rule_problems(self.ctx, model, self.features)
        except Exception as exc:  # noqa: BLE001 - a bug in a rule is one clear error, not a traceback
            raise PluginError(f"knowledge: the content rules failed: {type(exc).__name__}: {exc}") from exc

    def _dry_run_markdown(self) -> list[Problem]:
        """Run every feature's Markdown rewrite once now, so its problems stop the build early."""
        assert self.plan is not None and self.ctx is not None
        problems: list[Problem] = []
        self.rewritten = {}
        for (lang, key), entry in self.plan.entries.items():
            if not entry.body:
                continue
            self.rewritten[(lang, key)], found = self._rewrite(entry.body, self.plan.page_context(lang, key))
            problems += found
        return problems

    def _rewrite(self, markdown: str, context: PageContext) -> tuple[str, list[Problem]]:
        """A page's Markdown through every feature's rewrite, in order, with their problems."""
        problems: list[Problem] = []
        for feature in self.features:
            markdown, found = _call(feature, "page_markdown", (markdown, []), markdown, context, self.ctx)
            problems += found
        return markdown, problems

    # ---- files and navigation -------------------------------------------------
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        ctx, plan = self.ctx, self.plan
        assert ctx is not None and plan is not None
        data_files = {authors_file(ctx)}
        for feature in self.features:
            data_files.update(_call(feature, "data_files", [], ctx))
        drafts = plan.draft_src_uris()
        for file in list(files):
            if file.src_uri in data_files or file.src_uri in drafts:
                files.remove(file)
        self._drop_links_out(files)
        self.page_keys = {}
        fingerprints: dict[str, str] = {}
        for (lang, key), entry in plan.entries.items():
            self.page_keys[entry.src_uri] = (lang, key)
            generated = File.generated(config, entry.src_uri, content=entry.generated_source()) if entry.page is None else None
            listing = generated or (files.get_file_from_path(entry.src_uri) if self.dirty_serve and entry.listing is not None else None)
            if self.dirty_serve and listing is not None:
                # `serve --dirty` renders a file MkDocs finds modified. A page that lists
                # posts (generated, or a home page with its listing) is modified when what
                # it shows changed; a home page also when its own file did (MkDocs' test).
                fingerprints[entry.src_uri] = plan.generated_fingerprint(lang, key, listing.url)
                changed = fingerprints[entry.src_uri] != self.fingerprints.get(entry.src_uri) or not os.path.isfile(listing.abs_dest_path)
                own_file = (lambda: False) if generated is not None else listing.is_modified
                listing.is_modified = lambda changed=changed, own_file=own_file: changed or own_file()  # type: ignore[method-assign]
            if generated is not None:
                _add(files, generated)
        self.fingerprints = fingerprints
        for dest, source in SITE_ASSETS.items():
            _add(files, File.generated(config, dest, abs_src_path=str(source)))
        for dest, content in plan.site_files().items():
            _add(files, File.generated(config, dest, content=content))
        for dest, content in self._csp_files(config).items():
            _add(files, File.generated(config, dest, content=content))
        for item in self.extra_files:
            _add(files, File.generated(config, item.dest, content=item.content))
        return files

    def _start_social_cards(self, plan: SitePlan, site_dir: str) -> None:
        """Each post's, the home page's and the FAQ page's card (knowledge.cards): the
        plan learns where they will be now, and they are drawn while the site is
        rendered (``_write_social_cards`` collects them)."""
        options, problems = card_options(self.config.cards, self.ctx.project_dir)
        if problems:
            raise PluginError("knowledge: " + "\n".join(problems))
        plan.social_cards = {}
        if self.cards is not None:
            self.cards.abandon()  # a `serve` rebuild that started before the last one finished
        self.cards = None
        if not options.enabled or not self.ctx.site_url:
            return  # og:image must be an absolute URL: no site_url, no card
        texts = plan.card_texts(("index", FAQ_KEY))
        for (lang, key), text in texts.items():
            plan.social_cards[(lang, key)] = (card_dest(lang, key), text.alt())
        by_dest = {card_dest(lang, key): text for (lang, key), text in texts.items()}
        # `serve --dirty` keeps the site folder: a card this process put there, and still
        # there, is not looked for in the cache again (2,000 files opened per rebuild).
        in_place = {
            dest: self.cards_written[target]
            for dest in by_dest
            if (target := str(Path(site_dir) / dest)) in self.cards_written and os.path.isfile(target)
        }
        self.cards = start_cards(by_dest, options, cache_dir(self.ctx), in_place=in_place)

    def _write_social_cards(self, site_dir: str) -> None:
        if self.cards is None:
            return
        cards, self.cards = self.cards, None
        built = cards.finish()
        for dest, card in built.items():
            if dest in cards.in_place:  # `serve --dirty`: already there, found at the start
                continue
            target = Path(site_dir) / dest
            place_file(card.path, target)
            self.cards_written[str(target)] = card.key
        cards.discard()
        drawn = sum(not card.reused for card in built.values())
        log.debug(f"social cards: {len(built)}, {drawn} drawn, {len(built) - drawn} from the cache")

    def _csp_files(self, config: MkDocsConfig) -> dict[str, str]:
        """Material's inline scripts as files (our partial overrides load them) and
        `_headers` with the policy (see knowledge.site.csp)."""
        templates = next((Path(d) for d in config.theme.dirs if Path(d).name == "templates" and "material" in Path(d).parts), None)
        if templates is None:
            raise PluginError("knowledge: Material's templates folder is not among the theme's folders (theme.name must be material)")
        try:
            out = csp.material_scripts(templates)
        except csp.MaterialChanged as exc:
            raise PluginError(str(exc)) from exc
        policy = self.config.content_security_policy
        if policy.strip():
            out[csp.HEADERS_FILE] = csp.headers_file(policy)
        return out

    def _drop_links_out(self, files: Files) -> None:
        """MkDocs lists docs_dir following symlinks (folders too) and copies every
        static file: a link out of the project would publish what it points to. The
        `symlink` rule stops the build in on_pre_build; this keeps such a file out of
        the site even if a link appeared since (mkdocs serve), and says which."""
        assert self.ctx is not None
        report = link_report(content_trees(self.ctx, self.features), self.ctx.project_dir)
        dropped = set(unpublishable(((f.src_uri, f.abs_src_path) for f in files), self.ctx.docs_dir, report.refused_under(self.ctx.docs_dir)))
        if not dropped:
            return
        for file in [f for f in files if f.src_uri in dropped]:
            files.remove(file)
        problems = report.problems or [Problem(f"{self.ctx.docs_dir.name}/{uri}", 1, 1, "symlink", "reached through a symlink that leads outside the content folder; not published") for uri in sorted(dropped)]
        raise PluginError(summarize(problems))

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """One navigation per language: its home, its pages and feature pages, its
        categories; posts link newer/older posts instead of the nav order."""
        plan = self.plan
        assert plan is not None
        self.navs = {}
        page_of = {pk: file.page for src, pk in self.page_keys.items() if (file := files.get_file_from_path(src))}
        for page in (p for p in page_of.values() if p is not None):
            page.parent = None
            page.previous_page = page.next_page = None
        for lang in plan.languages:
            layout = plan.nav_layout(lang)
            pages_of = lambda keys: [page_of[(lang, key)] for key in keys if page_of.get((lang, key))]  # noqa: E731
            home = page_of.get((lang, layout.home))
            items: list[Any] = [home] if home is not None else []
            items += pages_of(layout.pages)
            categories = pages_of(layout.categories)
            if categories:
                section = Section(layout.categories_title, categories)
                for category in categories:
                    category.parent = section
                items.append(section)
            nav_pages = [item for item in items if isinstance(item, MkPage)] + categories
            lang_nav = Navigation(items, nav_pages)
            lang_nav.homepage = home
            self.navs[lang] = lang_nav
            posts = pages_of(layout.posts)
            for newer, older in zip(posts, posts[1:]):
                newer.next_page, older.previous_page = older, newer
        return self.navs.get(plan.ctx.default_language, nav)

    # ---- pages -----------------------------------------------------------------
    def on_page_markdown(self, markdown: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        # Front-matter text reaches Material's templates and its search index
        # (titles and tags shown with innerHTML) already escaped: see site/htmltext.py.
        page.meta.update(escaped_meta(page.meta))
        found = self.page_keys.get(page.file.src_uri)
        if found is None or self.ctx is None:
            return markdown
        assert self.plan is not None  # page_keys is filled from the plan
        entry = self.plan.entry(*found)
        if found in self.rewritten and entry is not None and entry.body.strip() == markdown.strip():
            return self.rewritten[found]  # already rewritten (and validated) in on_pre_build
        markdown, problems = self._rewrite(markdown, self.plan.page_context(*found))
        if errors(problems):
            raise PluginError(summarize(errors(problems)))
        return markdown

    def on_page_context(self, context: dict, *, page: MkPage, config: MkDocsConfig, nav: Navigation) -> dict:
        found = self.page_keys.get(page.file.src_uri)
        if found is None or self.plan is None:
            context["knowledge"] = {}
            return context
        lang, key = found
        data = self.plan.page_data(lang, key, page.url)
        page_context = self.plan.page_context(lang, key)
        data["head_html"], data["body_end_html"] = self._feature_html(page_context)
        if data["kind"] == "post":
            data["sections"] = {}
            for feature in self.features:
                data["sections"].update(_call(feature, "post_sections", {}, page_context, self.ctx))
        context["knowledge"] = data
        context["nav"] = self.navs.get(lang, nav)
        return context

    def _feature_html(self, page_context: PageContext) -> tuple[str, str]:
        head = "".join(_call(f, "head_html", "", page_context, self.ctx) for f in self.features)
        body = "".join(_call(f, "body_end_html", "", page_context, self.ctx) for f in self.features)
        return head, body

    def on_post_page(self, output: str, *, page: MkPage, config: MkDocsConfig) -> str:
        found = self.page_keys.get(page.file.src_uri)
        if not found:
            return output
        return locales.set_html_dir(search.point_config_at_language(output, found[0]), found[0])

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        if template_name == "404.html" and self.plan is not None:
            lang = self.plan.ctx.default_language
            return locales.set_html_dir(search.point_config_at_language(output_content, lang), lang)
        return output_content

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        self.env, self.files = env, files
        return env

    def on_template_context(self, context: dict, *, template_name: str, config: MkDocsConfig) -> dict:
        if self.plan is None:
            return context
        if template_name == "sitemap.xml":
            context["knowledge_sitemap"] = self.plan.sitemap()
        elif template_name == "404.html":
            lang = self.plan.ctx.default_language
            if self.config.offline:
                base = notfound.offline_base(notfound.ROOT_URL)
                context["base_url"] = notfound.template_base_url(base)  # Material's links, through `| url`
            else:
                base = context.get("base_url", "/")
            context["knowledge"] = self._not_found_data(lang, notfound.ROOT_URL, base)
            context["nav"] = self.navs.get(lang, context.get("nav"))
        return context

    def _not_found_data(self, lang: str, url: str, base_path: str) -> dict[str, Any]:
        assert self.plan is not None
        head, body = self._feature_html(notfound.page_context(lang, url))
        return notfound.not_found_data(self.plan, lang, url, base_path, head_html=head, body_end_html=body)

    @event_priority(-50)  # after Material's search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.plan is None:
            return
        search.split_site_index(config.site_dir, self.plan.languages)
        self._write_not_found_pages(config)
        self._write_social_cards(config.site_dir)
        self.finished = True

    def _write_not_found_pages(self, config: MkDocsConfig) -> None:
        """Each language's own 404 page (see knowledge.site.notfound), rendered like
        MkDocs renders the root 404."""
        if self.plan is None or self.env is None or self.files is None:
            return
        base_path = notfound.base_path(config.site_url)
        template = self.env.get_template("404.html")
        for lang in self.plan.languages:
            if self.config.offline:
                base_path = notfound.offline_base(notfound.page_url(lang))
            context = get_context(self.navs.get(lang), self.files, config, base_url=notfound.template_base_url(base_path))
            context["knowledge"] = self._not_found_data(lang, notfound.page_url(lang), base_path)
            html = search.point_config_at_language(template.render(context), lang)
            notfound.write_page(config.site_dir, lang, locales.set_html_dir(html, lang))


def _call(feature: Feature, hook: str, default: Any, *args: Any) -> Any:
    """A feature hook's result; a feature that crashes is a bug, reported with its name."""
    try:
        result = getattr(feature, hook)(*args)
    except PluginError:
        raise
    except Exception as exc:  # noqa: BLE001 - turn a feature's crash into a clear build error
        raise PluginError(f"knowledge: feature {feature.name!r} failed in {hook}: {type(exc).__name__}: {exc}") from exc
    return default if result is None else result


def _trainings() -> int:
    """Trainings of the matcher so far in this process (0 before the matcher is imported)."""
    return getattr(sys.modules.get("knowledge.matcher.cache"), "trainings", 0)


def _release_matchers() -> None:
    """The FAQ's outputs and rules are made: let the matchers they shared go
    (``engine.release_shared``; nothing to do before the matcher is imported)."""
    engine = sys.modules.get("knowledge.matcher.engine")
    if engine is not None:
        engine.release_shared()


def _add(files: Files, file: File) -> None:
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        files.remove(existing)
    files.append(file)
