"""Which 404 page `mkdocs serve` answers with (the live server test covers the wiring)."""

from __future__ import annotations

import pytest

from knowledge.site.notfound import served_page

LANGUAGES = ("es", "en")


@pytest.mark.parametrize(
    ("path", "mount", "expected"),
    [
        ("/en/blog/missing/", "/", "en/404.html"),
        ("/es", "/", "es/404.html"),
        ("/blog/en/missing/", "/blog/", "en/404.html"),
        ("/blog/en/missing/", "/blog", "en/404.html"),  # a mount path without its slash
        ("/fr/missing/", "/", None),  # not a language of the site: the root 404 page
        ("/english/missing/", "/", None),  # a folder that only starts like a language
        ("/missing.html", "/", None),
        ("/en/missing/", "/blog/", None),  # outside the mount path
        ("", "/", None),
    ],
)
def test_the_404_page_of_the_requested_language_folder(path, mount, expected) -> None:
    assert served_page(path, mount, LANGUAGES) == expected
