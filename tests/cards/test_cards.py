"""Social cards on real builds of a copy of the sample site (its content, FAQ and
mkdocs.yml), with the project's cache in a temporary folder (KNOWLEDGE_CACHE_DIR).

Every post, the home page and the FAQ page of both languages get a 1200×630 PNG,
named with absolute URLs in Open Graph and Twitter meta; an unchanged card is
copied from the cache, an edited title draws that card again; the build makes no
network connection; options turn cards off, set colours and a logo, and reject bad
values with a message.
"""

from __future__ import annotations

import io
import re
import shutil
import socket
from pathlib import Path

import pytest
from conftest import REPO, failed_build, mkdocs_build
from PIL import Image

import knowledge.cards.store as store

SITE_URL = "https://pairprogramming.example/"
POST = "blog/fine-tuning-when-worth-it"


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    """One cache for the module: the matcher trains once, cards start empty."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KNOWLEDGE_CACHE_DIR", str(folder))
        yield folder


def copy_project(root: Path, extra_options: str = "") -> Path:
    for name in ("content", "faq"):
        shutil.copytree(REPO / name, root / name)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if extra_options:  # the test's own cards option replaces the sample's `cards: true`
        config = "".join(line for line in config.splitlines(keepends=True) if not line.startswith("      cards: true"))
        config = config.replace("  - knowledge:\n", "  - knowledge:\n" + extra_options, 1)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root / "mkdocs.yml"


class DrawCounter:
    def __init__(self, monkeypatch) -> None:
        self.titles: list[str] = []
        real = store.render_card

        def counting(text, options):
            self.titles.append(text.title)
            return real(text, options)

        monkeypatch.setattr(store, "render_card", counting)


def meta(html: str) -> dict[str, str]:
    return {name: value for name, value in re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html)}


def published_posts(lang: str) -> list[str]:
    keys = []
    for path in sorted((REPO / "content" / lang / "blog").glob("*.md")):
        if not re.search(r"^draft:\s*true", path.read_text(encoding="utf-8"), re.M):
            keys.append(f"blog/{path.stem}")
    return keys


def page_file(site: Path, lang: str, key: str) -> Path:
    return site / lang / ("" if key == "index" else key.removesuffix("/index")) / "index.html"


def test_every_post_home_and_faq_page_has_a_card_named_with_absolute_urls(cache, tmp_path, monkeypatch) -> None:
    config = copy_project(tmp_path / "project")
    built = mkdocs_build(config, tmp_path / "site", strict=True)
    checked = 0
    for lang in ("es", "en"):
        keys = published_posts(lang) + ["index", "faq/index"]
        assert len(keys) >= 5
        for key in keys:
            html = page_file(built.site_dir, lang, key).read_text(encoding="utf-8")
            tags = meta(html)
            url = tags["og:image"]
            assert url == SITE_URL + f"assets/knowledge/cards/{lang}/{key}.png", (lang, key)
            assert tags["twitter:image"] == url and tags["twitter:card"] == "summary_large_image"
            assert (tags["og:image:width"], tags["og:image:height"], tags["og:image:type"]) == ("1200", "630", "image/png")
            title = re.search(r'<meta property="og:title" content="([^"]*)"', html).group(1)
            assert tags["og:image:alt"].startswith(title) and tags["twitter:image:alt"] == tags["og:image:alt"]
            with Image.open(built.site_dir / url.removeprefix(SITE_URL)) as image:
                assert (image.format, image.size) == ("PNG", (1200, 630))
            checked += 1
    assert checked == len(published_posts("es")) + len(published_posts("en")) + 4
    # The alt text is in the page's language: the Spanish post's names its Spanish category and date.
    es_alt = meta(page_file(built.site_dir, "es", POST).read_text(encoding="utf-8"))["og:image:alt"]
    assert "Inteligencia Artificial" in es_alt and "20 de febrero de 2026" in es_alt and "Esteban Aleart" in es_alt
    # Pages without a card keep the small summary.
    tag_page = meta((built.site_dir / "es/tag/fine-tuning/index.html").read_text(encoding="utf-8"))
    assert "og:image" not in tag_page and tag_page["twitter:card"] == "summary"


def test_unchanged_cards_are_reused_and_an_edited_title_redraws_its_card(cache, tmp_path, monkeypatch) -> None:
    config = copy_project(tmp_path / "project")
    mkdocs_build(config, tmp_path / "first")  # fills the cache (or finds it filled by the test above)
    first = (tmp_path / "first/assets/knowledge/cards/es" / f"{POST}.png").read_bytes()

    draws = DrawCounter(monkeypatch)
    mkdocs_build(config, tmp_path / "second")
    assert draws.titles == []  # nothing changed: every card came from the cache
    assert (tmp_path / "second/assets/knowledge/cards/es" / f"{POST}.png").read_bytes() == first

    article = tmp_path / "project/content/es" / f"{POST}.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(re.sub(r"^title: .*$", 'title: "Fine-tuning: cuándo sí, cuándo no y por qué cuesta tanto"', text, count=1, flags=re.M), encoding="utf-8")
    mkdocs_build(config, tmp_path / "third")
    assert draws.titles == ["Fine-tuning: cuándo sí, cuándo no y por qué cuesta tanto"]  # that card only
    third = (tmp_path / "third/assets/knowledge/cards/es" / f"{POST}.png").read_bytes()
    assert third != first
    assert (tmp_path / "third/assets/knowledge/cards/en" / f"{POST}.png").read_bytes() == (tmp_path / "first/assets/knowledge/cards/en" / f"{POST}.png").read_bytes()
    # The cache holds this build's cards only: the old title's card is gone.
    assert len(list((cache / "cards").glob("*.png"))) == len(list((tmp_path / "third/assets/knowledge/cards").rglob("*.png")))


def test_the_build_makes_no_network_connection(cache, tmp_path, monkeypatch) -> None:
    attempts: list[object] = []
    real_connect = socket.socket.connect

    def refuse(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            attempts.append(address)
            raise OSError(f"test: no network ({address})")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda address, *a, **k: refuse(socket.socket(), address))
    # A fresh cache: every card is drawn (fonts loaded, logo read) while connections are refused.
    monkeypatch.setenv("KNOWLEDGE_CACHE_DIR", str(tmp_path / "fresh-cache"))
    shutil.copytree(cache, tmp_path / "fresh-cache", ignore=shutil.ignore_patterns("cards"))
    draws = DrawCounter(monkeypatch)
    built = mkdocs_build(copy_project(tmp_path / "project"), tmp_path / "site")
    assert len(draws.titles) >= 10
    assert len(list((built.site_dir / "assets/knowledge/cards").rglob("*.png"))) == len(draws.titles)
    assert attempts == []
    # The trap does catch a connection (the assertion above could not pass by accident).
    with pytest.raises(OSError, match="no network"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    assert attempts == [("192.0.2.1", 80)]


def test_cards_can_be_turned_off(cache, tmp_path) -> None:
    built = mkdocs_build(copy_project(tmp_path / "project", "      cards: false\n"), tmp_path / "site")
    tags = meta(page_file(built.site_dir, "es", POST).read_text(encoding="utf-8"))
    assert "og:image" not in tags and tags["twitter:card"] == "summary"
    assert not (built.site_dir / "assets/knowledge/cards").exists()


def test_colours_and_logo_come_from_the_options(cache, tmp_path) -> None:
    project = tmp_path / "project"
    config = copy_project(project, '      cards:\n        background: "#004d40"\n        accent: "#ff7043"\n        logo: logo.png\n')
    Image.new("RGBA", (200, 200), (255, 0, 255, 255)).save(project / "logo.png")
    built = mkdocs_build(config, tmp_path / "site")
    with Image.open(built.site_dir / "assets/knowledge/cards/en" / f"{POST}.png") as card:
        card = card.convert("RGB")
        assert card.getpixel((5, 5)) == (0x00, 0x4D, 0x40)  # the background
        # The logo, scaled into its box at the top right.
        assert card.getpixel((1200 - 80 - 40, 104)) == (255, 0, 255)
        # The accent rule above the footer.
        assert card.getpixel((100, 630 - 116)) == (0xFF, 0x70, 0x43)


def test_a_logo_replaced_under_the_same_name_reaches_the_cards(cache, tmp_path, monkeypatch) -> None:
    """In one `mkdocs serve` process (the plugin and its module caches live on), a
    logo file overwritten with another image gives new cards, not the old logo's."""
    from mkdocs.config.defaults import MkDocsConfig

    monkeypatch.setattr(MkDocsConfig.plugins, "plugin_cache", {})
    project = tmp_path / "project"
    config = copy_project(project, "      cards:\n        logo: logo.png\n")
    logo_pixel = (1200 - 80 - 40, 104)
    for n, colour in enumerate([(255, 0, 255), (0, 200, 0)]):
        Image.new("RGBA", (200, 200), (*colour, 255)).save(project / "logo.png")
        built = mkdocs_build(config, tmp_path / f"site{n}", command="serve")
        with Image.open(built.site_dir / "assets/knowledge/cards/es" / f"{POST}.png") as card:
            assert card.convert("RGB").getpixel(logo_pixel) == colour


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ('      cards:\n        background: "not-a-colour"\n', "cards.background: 'not-a-colour' is not a colour"),
        ("      cards:\n        logo: missing.png\n", "cards.logo: 'missing.png' does not exist"),
        ("      cards:\n        colour: red\n", "cards: unknown option(s) colour"),
        ("      cards: yes-please\n", "cards"),
    ],
)
def test_bad_options_stop_the_build_with_a_clear_message(cache, tmp_path, options, message) -> None:
    error, logged = failed_build(copy_project(tmp_path / "project", options), tmp_path / "site")
    text = f"{error}\n{logged}"
    assert message in text
    assert "Traceback" not in text


def test_cards_drawn_in_worker_processes_are_the_cards_drawn_in_the_build(tmp_path) -> None:
    """A large build draws in worker processes (python -m knowledge.cards.worker); their
    PNGs are byte for byte the ones the build's own process draws, and they land in
    the cache. This test module has no `if __name__ == "__main__"` guard, and needs
    none: the workers never import the program that started them."""
    from knowledge.cards import CardOptions, CardText, start_cards
    from knowledge.cards.render import render_card

    options = CardOptions()
    texts = {
        f"assets/knowledge/cards/{lang}/blog/post-{n}.png": CardText(lang, f"Título número {n}: año, señal y migración", "Inteligencia artificial", "PairProgramming", "Núñez", "7 de diciembre de 2026")
        for n in range(5)
        for lang in ("es", "en")
    }
    cards = start_cards(texts, options, tmp_path / "cache", workers_from=1)
    workers = list(cards.workers)
    assert len(workers) >= 1 and len(cards.to_draw) == 10
    built = cards.finish()
    assert cards.workers == [] and [worker.returncode for worker in workers] == [0] * len(workers)
    for dest, text in texts.items():
        assert built[dest].png == render_card(text, options)
        assert not built[dest].reused and built[dest].path.parent == tmp_path / "cache/cards"
    assert sorted(path.name for path in (tmp_path / "cache/cards").glob("*.png")) == sorted(f"{card.key}.png" for card in built.values())
    assert sorted(path.name for path in (tmp_path / "cache/cards").iterdir()) == sorted(f"{card.key}.png" for card in built.values())  # no job file left
    again = start_cards(texts, options, tmp_path / "cache", workers_from=1)
    assert again.workers == [] and again.to_draw == []  # all from the cache: no worker started


def test_a_worker_that_dies_costs_a_redraw_not_the_build(tmp_path, monkeypatch) -> None:
    """A worker killed mid-way (out of memory, a signal) leaves cards missing; finish()
    draws them in the build's process. A cached file cut short is drawn again."""
    from knowledge.cards import CardOptions, CardText, start_cards
    from knowledge.cards.render import render_card

    options = CardOptions()
    texts = {f"assets/knowledge/cards/en/p{n}.png": CardText("en", f"Post {n}", "AI", "Site") for n in range(4)}
    cards = start_cards(texts, options, tmp_path / "cache", workers_from=1)
    cards.abandon()  # kills the workers, as a failed build does
    built = cards.finish()
    assert all(built[dest].png == render_card(text, options) for dest, text in texts.items())
    first = next(iter(built.values()))
    first.path.write_bytes(first.path.read_bytes()[:100])  # truncated
    again = start_cards(texts, options, tmp_path / "cache", workers_from=99)
    assert again.to_draw == [next(iter(texts))]
    assert again.finish()[next(iter(texts))].png == render_card(next(iter(texts.values())), options)


def test_a_stuck_worker_is_stopped_and_its_cards_drawn_here(tmp_path, monkeypatch) -> None:
    """finish() waits for the workers a bounded time: a worker that never ends is
    killed, and the build draws its cards itself instead of hanging."""
    import subprocess
    import sys

    import knowledge.cards.store as store_module
    from knowledge.cards import CardOptions, CardText, start_cards
    from knowledge.cards.render import render_card

    options = CardOptions()
    texts = {f"assets/knowledge/cards/en/p{n}.png": CardText("en", f"Post {n}", "AI", "Site") for n in range(3)}
    cards = start_cards(texts, options, tmp_path / "cache", workers_from=99)  # none started…
    stuck = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    cards.workers = [stuck]  # …and one that never ends stands in
    monkeypatch.setattr(store_module, "WORKER_GRACE_S", 0.5)
    monkeypatch.setattr(store_module, "WORKER_S_PER_CARD", 0.0)
    built = cards.finish()
    assert stuck.returncode is not None  # killed
    assert all(built[dest].png == render_card(text, options) for dest, text in texts.items())


def test_a_hostile_title_is_cut_with_an_ellipsis_after_a_whole_word() -> None:
    """A 100,000-character title (a pull request's front matter) becomes at most five
    lines at the smallest size, the last one ending in "…" after a whole word, and the
    card is drawn (the cut is a binary search, not a word-by-word retreat)."""
    from knowledge.cards import CardOptions, CardText
    from knowledge.cards.render import LINE_HEIGHT, TITLE_BOTTOM, TITLE_MAX_LINES, TITLE_SIZES, TITLE_TOP, fit_title, render_card

    title = " ".join(f"palabra{n}" for n in range(11_000))
    size, lines = fit_title(title, 1040, TITLE_BOTTOM - TITLE_TOP)
    assert size == TITLE_SIZES[-1] and 1 <= len(lines) <= TITLE_MAX_LINES and len(lines) * size * LINE_HEIGHT <= TITLE_BOTTOM - TITLE_TOP
    assert lines[-1].endswith("…") and lines[-1][:-1].split()[-1] in title.split()
    assert " ".join(lines)[:-1].split() == title.split()[: len(" ".join(lines)[:-1].split())]
    png = render_card(CardText("es", title, "x" * 5_000, "Sitio", "y" * 2_000, "z" * 1_000), CardOptions())
    assert png.startswith(b"\x89PNG")


def test_cards_the_cache_refuses_go_to_one_temporary_folder_that_is_removed(tmp_path) -> None:
    """A cache folder that cannot be written (here a file stands where it should be)
    costs a redraw next time, never the build: the cards are drawn into one temporary
    folder, which goes once they are in the site; a build without a cache, abandoned,
    leaves no temporary folder either."""
    from knowledge.cards import CardOptions, CardText, start_cards
    from knowledge.cards.render import render_card

    options = CardOptions()
    texts = {f"assets/knowledge/cards/en/p{n}.png": CardText("en", f"Post {n}", "AI", "Site") for n in range(3)}
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "cards").write_text("not a folder", encoding="utf-8")
    cards = start_cards(texts, options, tmp_path / "cache", workers_from=99)
    built = cards.finish()
    folders = {card.path.parent for card in built.values()}
    assert len(folders) == 1 and folders != {tmp_path / "cache" / "cards"}
    assert all(built[dest].png == render_card(text, options) for dest, text in texts.items())
    cards.discard()
    assert not any(folder.exists() for folder in folders)

    uncached = start_cards(texts, options, None, workers_from=99)
    assert uncached.folder.is_dir()
    uncached.abandon()  # a failed build
    assert not uncached.folder.exists()


def test_a_dirty_serve_rebuild_leaves_its_cards_in_place_without_reading_the_cache(cache, tmp_path, monkeypatch) -> None:
    """`serve --dirty` keeps the site folder: a rebuild does not open the cached card
    of every page again for cards this process already put in the site and still
    there; a card removed from the site is found in the cache (or drawn) again."""
    from mkdocs.config.defaults import MkDocsConfig

    monkeypatch.setattr(MkDocsConfig.plugins, "plugin_cache", {})  # one `mkdocs serve --dirty` process
    config = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    mkdocs_build(config, site, command="serve", dirty=True)
    cards = sorted((site / "assets/knowledge/cards").rglob("*.png"))
    assert len(cards) > 4

    opened: list[Path] = []
    real = store._is_card
    monkeypatch.setattr(store, "_is_card", lambda path: opened.append(path) or real(path))
    mkdocs_build(config, site, command="serve", dirty=True)
    assert opened == []
    assert sorted((site / "assets/knowledge/cards").rglob("*.png")) == cards

    removed = site / "assets/knowledge/cards/es" / f"{POST}.png"
    before = removed.read_bytes()
    removed.unlink()
    mkdocs_build(config, site, command="serve", dirty=True)
    assert len(opened) == 1  # that card alone was looked for in the cache
    assert removed.read_bytes() == before

