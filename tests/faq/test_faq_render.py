"""Answers: Markdown to sanitized HTML; an XSS corpus must come out inert; links resolve."""

from __future__ import annotations

import html.parser
from pathlib import Path

import pytest

from knowledge.faq.model import FaqEntry, FaqText
from knowledge.faq.pages import article_section, faq_page
from knowledge.faq.render import language_root, link_rewriter, plain_text, render_answer
from knowledge.features import PageContext, SiteContext

XSS_CORPUS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<a href="#" onclick="alert(1)">click</a>',
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    "[js](javascript:alert(1))",
    "[js-upper](JaVaScRiPt:alert(1))",
    "[js-entity](jav&#x09;ascript:alert(1))",
    '<a href="java\tscript:alert(1)">tab</a>',
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[vbs](vbscript:msgbox(1))",
    "[protocol-relative](//evil.example/path)",
    '<a href="//evil.example">raw protocol-relative</a>',
    '<a href="/\\evil.example">backslash</a>',
    "[http](http://plain.example/)",
    "<!-- a comment --><!--[if IE]><script>alert(1)</script><![endif]-->",
    "</script><script>alert(1)</script>",
    '<form action="https://evil.example"><input name=x></form>',
    '<object data="https://evil.example/x.swf"></object>',
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    '<details open ontoggle=alert(1)>x</details>',
    '<p id="knowledge-assistant" class="x">hijack ids</p>',
]


class Inspect(html.parser.HTMLParser):
    """Collects every tag, attribute and comment of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str | None]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value) for name, value in attrs]

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.comments.append(data)


def inspect(fragment: str) -> Inspect:
    parser = Inspect()
    parser.feed(fragment)
    parser.close()
    return parser


SAFE_TAGS = {"p", "br", "strong", "em", "b", "i", "code", "pre", "ul", "ol", "li", "a", "blockquote", "h3", "h4",
             "table", "thead", "tbody", "tr", "th", "td", "hr", "abbr", "sup", "sub", "del", "kbd"}


def assert_inert(fragment: str) -> None:
    found = inspect(fragment)
    assert set(found.tags) <= SAFE_TAGS, found.tags
    assert found.comments == []
    for tag, name, value in found.attributes:
        assert not name.startswith("on"), (tag, name)
        assert name in {"href", "title", "rel", "start", "colspan", "rowspan"}, (tag, name)
        if name == "href":
            assert value is not None
            assert value.startswith(("https://", "mailto:")) or ":" not in value.split("#")[0], value
            assert not value.startswith("//") and "\\" not in value, value


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_xss_corpus_comes_out_inert(payload: str) -> None:
    out = render_answer(f"Antes.\n\n{payload}\n\nDespués *bien*.")
    assert_inert(out)
    lowered = out.lower()
    for needle in ("<script", "onerror", "onload", "javascript:", "vbscript:", "data:text", "//evil", "<!--", "<style", "<iframe", "<svg"):
        assert needle not in lowered, (needle, out)
    assert "<em>bien</em>" in out  # the harmless part survives


def test_allowed_markdown_survives() -> None:
    out = render_answer(
        "Un **precio** con `código`, [un sitio](https://example.org/a?b=c) y [mail](mailto:hola@example.org).\n\n"
        "- uno\n- dos\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nx < y\n```"
    )
    assert "<strong>precio</strong>" in out and "<code>código</code>" in out
    assert 'href="https://example.org/a?b=c"' in out and 'href="mailto:hola@example.org"' in out
    assert "<ul>" in out and "<table>" in out and "x &lt; y" in out
    assert_inert(out)


def test_one_answer_never_leaks_into_the_next() -> None:
    """Answers share one reused Markdown converter: a reference definition or raw
    HTML stashed by one answer must not show up in another."""
    from knowledge.faq.render import markdown_to_html

    first = markdown_to_html("[ref]: https://example.org/x\n\n<div>raw one</div>\n\nok")
    second = markdown_to_html("[link][ref] and <b>bold</b>")
    assert "example.org" not in second and "raw one" not in second
    assert second == "<p>[link][ref] and <b>bold</b></p>"
    assert "raw one" in first and "ok" in first


def site(directory_urls: bool = True) -> SiteContext:
    return SiteContext(project_dir=Path("."), docs_dir=Path("content"), languages=("es", "en"), site_url="https://example.org/sub/", use_directory_urls=directory_urls, options={})


ANSWER = "[Escribinos](contact/), mirá [el artículo](blog/fine-tuning/#costos), [en inglés](../en/contact/), [la lista](/assets/precios.pdf) y [raíz](/es/)."


@pytest.mark.parametrize(
    ("directory_urls", "shown_on", "expected"),
    [
        (True, "es/faq/", ["../contact/", "../blog/fine-tuning/#costos", "../../en/contact/", "../../assets/precios.pdf", "../"]),
        (True, "es/blog/fine-tuning/", ["../../contact/", "./#costos", "../../../en/contact/", "../../../assets/precios.pdf", "../../"]),
        (True, "es/", ["contact/", "blog/fine-tuning/#costos", "../en/contact/", "../assets/precios.pdf", "./"]),
        (False, "es/faq/index.html", ["../contact.html", "../blog/fine-tuning.html#costos", "../../en/contact.html", "../../assets/precios.pdf", "../index.html"]),
        (False, "es/index.html", ["contact.html", "blog/fine-tuning.html#costos", "../en/contact.html", "../assets/precios.pdf", "index.html"]),
    ],
)
def test_relative_links_name_pages_from_the_language_root(directory_urls, shown_on, expected) -> None:
    here = PageContext(lang="es", key="x", url=shown_on)
    out = render_answer(ANSWER, link_rewriter(site(directory_urls), "es", here))
    hrefs = [value for _, name, value in inspect(out).attributes if name == "href"]
    assert hrefs == expected


@pytest.mark.parametrize(
    ("directory_urls", "expected"),
    [
        (True, ["blog/", "faq/#precios", "blog/", "../docs/"]),
        # A section's index page is written as <section>/index.html, not <section>.html.
        (False, ["blog/index.html", "faq/index.html#precios", "blog.html", "../docs/index.html"]),
    ],
)
def test_links_to_a_section_index_page(directory_urls, expected) -> None:
    answer = "[a](blog/index.md) [b](faq/index.md#precios) [c](blog.md) [d](/docs/index.md)"
    out = render_answer(answer, link_rewriter(site(directory_urls), "es", PageContext("es", "index", "es/" if directory_urls else "es/index.html")))
    hrefs = [value for _, name, value in inspect(out).attributes if name == "href"]
    assert hrefs == expected


def test_language_root_context_is_what_the_assistant_index_uses() -> None:
    root = language_root(site(False), "en")
    assert root.url == "en/index.html"
    out = render_answer("[c](contact.md)", link_rewriter(site(False), "en", root))
    assert 'href="contact.html"' in out


def test_links_above_the_site_root_lose_their_href() -> None:
    out = render_answer("[fuera](../../../etc/passwd) [raro](contact?x=1)", link_rewriter(site(), "es", PageContext("es", "x", "es/faq/")))
    assert "href" not in out and "fuera" in out and "raro" in out


def test_plain_text_for_json_ld() -> None:
    safe = render_answer("Cuesta **mucho** &amp; `</script>` <b>más</b>\n\n- a\n- b")
    text = plain_text(safe)
    assert text == "Cuesta mucho & </script> más a b"


def entry(entry_id: str, question: str, answer: str, **kwargs) -> FaqEntry:
    texts = {lang: FaqText(f"{question} ({lang})", (), answer) for lang in ("es", "en")}
    return FaqEntry(id=entry_id, path=f"faq/{entry_id}.yml", topic=kwargs.get("topic"), articles=tuple(kwargs.get("articles", ())), related=tuple(kwargs.get("related", ())), texts=texts)


def test_questions_are_escaped_everywhere() -> None:
    hostile = entry("hostile", "<img src=x onerror=alert(1)>", "<script>alert(1)</script>ok", articles=["blog/x"], topic="t")
    page = faq_page([hostile], {"t": {"es": "<b>T</b>", "en": "T"}}, site(), "es")
    assert "<img" not in page.markdown and "&lt;img src=x onerror=alert(1)&gt;" in page.markdown
    assert "&lt;b&gt;T&lt;/b&gt;" in page.markdown and "<script" not in page.markdown
    section = article_section([hostile], site(), PageContext("es", "blog/x", "es/blog/x/", is_post=True))
    assert "<img" not in section and "<script" not in section
    assert page.meta["jsonld"]["mainEntity"][0]["name"] == "<img src=x onerror=alert(1)> (es)"


def test_article_sections_from_the_index_are_the_scanned_ones() -> None:
    """The build looks entries up by article (entries_by_article) instead of scanning
    every entry for every post: same entries, same order, each once."""
    from knowledge.faq.pages import entries_by_article

    entries = [
        entry("b-second", "Segunda", "Dos", articles=["blog/x", "blog/y"]),
        entry("a-first", "Primera", "Uno", articles=["blog/x", "blog/x"]),
        entry("c-other", "Otra", "Tres", articles=["blog/y"]),
    ]
    index = entries_by_article(entries)
    assert [e.id for e in index["blog/x"]] == ["b-second", "a-first"]
    for key in ("blog/x", "blog/y", "blog/none"):
        page = PageContext("es", key, f"es/{key}/", is_post=True)
        assert article_section(entries, site(), page, index) == article_section(entries, site(), page)
    section = article_section(entries, site(), PageContext("es", "blog/x", "es/blog/x/", is_post=True), index)
    assert section.count('id="a-first"') == 1 and section.index('id="b-second"') < section.index('id="a-first"')


def test_answers_without_relative_links_render_once_for_every_page() -> None:
    """Such answers are sanitized once and reused; answers with relative links are
    still rewritten for each page they are shown on."""
    plain = "Un **precio** con [un sitio](https://example.org/) y [mail](mailto:a@example.org)."
    linked = "Mirá [el artículo](blog/fine-tuning/#costos)."
    here, there = PageContext("es", "blog/a", "es/blog/a/"), PageContext("es", "faq/index", "es/faq/")
    assert render_answer(plain, link_rewriter(site(), "es", here)) == render_answer(plain, link_rewriter(site(), "es", there)) == render_answer(plain, lambda href: href)
    assert 'href="../fine-tuning/#costos"' in render_answer(linked, link_rewriter(site(), "es", here))
    assert 'href="../blog/fine-tuning/#costos"' in render_answer(linked, link_rewriter(site(), "es", there))
    assert 'href="blog/fine-tuning/#costos"' in render_answer(linked)  # no rewriter: as written


HOST_ESCAPES = [
    "/%2F%2Fevil.example",
    "%2F%2Fevil",
    "%2f%2fevil.example/x",
    "%252F%252Fevil",  # encoded twice
    "/%2f/evil",
    "\\\\evil",
    "/\\evil",
    "//evil",
    "/%5Cevil",
    "%5C%5Cevil",
    "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "blog/%2E%2E/%2E%2E/%2E%2E/x",
    "javascript%3Aalert(1)",
    "%0d%0a//evil",
]


@pytest.mark.parametrize("target", HOST_ESCAPES)
@pytest.mark.parametrize("shown_on", ["es/faq/", "es/"])
def test_relative_links_that_decode_to_another_host_or_above_lose_their_href(target, shown_on) -> None:
    """Whatever its percent-encoding, a relative link stays a path below the site:
    the link goes, its text stays (issue 11, point 3)."""
    for markdown in (f"Mirá [esto]({target}) ya.", f'Mirá <a href="{target}">esto</a> ya.'):
        for rewrite in (link_rewriter(site(), "es", PageContext("es", "x", shown_on)), None):
            out = render_answer(markdown, rewrite)
            assert "href" not in out, (markdown, out)
            assert "esto" in out and "Mirá" in out
            assert_inert(out)


def test_plain_percent_encoded_paths_still_link() -> None:
    out = render_answer("[a](assets/precio%20lista.pdf) [b](blog/caf%C3%A9/) [c](contact/)", link_rewriter(site(), "es", PageContext("es", "x", "es/faq/")))
    hrefs = [value for _, name, value in inspect(out).attributes if name == "href"]
    assert hrefs == ["../assets/precio%20lista.pdf", "../blog/caf%C3%A9/", "../contact/"]
