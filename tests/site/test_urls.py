"""Relative links between site-root-relative URLs (knowledge.site.urls)."""

from __future__ import annotations

import itertools
import posixpath

from knowledge.site.urls import relative_from, relative_url

SEGMENTS = ["es", "en", "blog", "x", "page", "2", "index.html", "feed.xml", "assets", "", ".", ".."]


def reference(target: str, from_url: str) -> str:
    """relative_url as it was written first, on posixpath.relpath (the fast path must agree)."""
    target_path, sep, fragment = target.partition("#")
    from_dir = from_url if (from_url.endswith("/") or not from_url) else posixpath.dirname(from_url) + "/"
    rel = posixpath.relpath("/" + target_path, "/" + from_dir)
    if (target_path.endswith("/") or not target_path) and not rel.endswith("/"):
        rel += "/"
    if rel == "./" and target_path.endswith(".html"):
        rel = posixpath.basename(target_path)
    return rel + (sep + fragment if sep else "")


def urls(depth: int) -> list[str]:
    out = [""]
    for n in range(1, depth + 1):
        for parts in itertools.product(SEGMENTS, repeat=n):
            path = "/".join(parts)
            out += [path, path + "/"]
    return out


def test_relative_url_gives_what_relpath_gives_for_every_shape_of_url():
    every = urls(2)
    assert len(every) > 300
    for target in every:
        for from_url in every:
            for suffix in ("", "#frag"):
                assert relative_url(target + suffix, from_url) == reference(target + suffix, from_url), (target, from_url)


def test_relative_from_remembers_per_page_and_agrees():
    rel = relative_from("es/blog/page/3/")
    assert rel("es/blog/page/5/") == "../5/" == rel("es/blog/page/5/")
    assert rel("es/") == "../../../" and rel("assets/knowledge/site/knowledge.css") == "../../../../assets/knowledge/site/knowledge.css"
    flat = relative_from("es/blog/x.html")
    assert flat("es/blog/x.html#top") == "x.html#top" and flat("es/index.html") == "../index.html"
