"""Issue 13, "your own site in five minutes", from the wheel a user would install.

The wheel is built from this checkout and installed into a fresh virtual
environment in a temporary folder outside the repository; its `knowledge` and
`mkdocs` commands then create sites in three language sets, add a post and an FAQ
entry, check and build them strictly, and the output is read back: per-page
`lang`/`dir`, reciprocal `hreflang`, dates in each language.

Dependencies: installing numpy, scipy, MkDocs, Material… into every fresh
environment takes minutes on a shared machine, so the fresh environment sees the
repository environment's site-packages through a `.pth` line (a plain path entry:
the `.pth` files there, such as this checkout's editable install, are not run).
The package itself (code, theme, assets, schemas, locales, templates) comes only
from the wheel: the test asserts `knowledge` is imported from the fresh
environment. `.github/workflows/release.yml` installs the wheel with its
dependencies from PyPI.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path
from urllib.parse import quote

import pytest
from babel.dates import format_date

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
ENV.pop("PYTHONPATH", None)
LANGUAGE_SETS = ["es,en", "en,pt", "en,ar,es", "pt-BR,en"]  # pt-BR: a region, in folder names and Babel


def run(args: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=timeout)
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The fresh environment's bin folder, with the wheel installed."""
    root = tmp_path_factory.mktemp("wheel")
    assert not root.resolve().is_relative_to(REPO)
    dist = root / "dist"
    built = run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-w", str(dist), "-q"], cwd=root)
    assert built.returncode == 0, built.stderr
    wheels = list(dist.glob("mkdocs_knowledge_plugin-*.whl"))
    assert len(wheels) == 1, list(dist.iterdir())

    env_dir = root / "env"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    bin_dir = env_dir / "bin"
    python = bin_dir / "python"
    purelib = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=root).stdout.strip())
    install = run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "--find-links", str(dist), "mkdocs-knowledge-plugin", "-q"],
        cwd=root,
    )
    assert install.returncode == 0, install.stderr
    # Only now: before, pip would see this checkout's editable install through it
    # and call the wheel "already satisfied".
    (purelib / "zz-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    where = run([str(python), "-c", "import knowledge; print(knowledge.__file__)"], cwd=root).stdout.strip()
    assert Path(where).is_relative_to(purelib), where  # the wheel's copy, not this checkout
    for data in ("theme/main.html", "theme/sitemap.xml", "assets/assistant.js", "schemas/faq-entry.schema.json", "locales/pt.yml", "templates/site/github/workflows/pages.yml.tmpl"):
        assert (purelib / "knowledge" / data).is_file(), data
    return bin_dir


def test_version_comes_from_the_installed_distribution(installed, tmp_path):
    from importlib.metadata import version

    result = run([str(installed / "knowledge"), "--version"], cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"knowledge {version('mkdocs-knowledge-plugin')} (mkdocs-knowledge-plugin)"


def pages(site: Path, lang: str) -> list[Path]:
    return sorted(p for p in (site / lang).rglob("index.html"))


def alternates(page_html: str) -> dict[str, str]:
    return {m.group(1): html.unescape(m.group(2)) for m in re.finditer(r'<link rel="alternate " hreflang="([^"]+)" href="([^"]+)"', page_html)}


@pytest.mark.parametrize("languages", LANGUAGE_SETS)
def test_new_site_from_the_wheel_checks_and_builds(installed, tmp_path, languages):
    langs = languages.split(",")
    url = "https://example.org/"
    knowledge = str(installed / "knowledge")
    mkdocs = [str(installed / "python"), "-m", "mkdocs"]  # MkDocs is a dependency (see the module's docstring)
    created = run([knowledge, "new", "site", "mysite", "--languages", languages, "--name", "Demo", "--url", url], cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    project = tmp_path / "mysite"
    for rel in ("mkdocs.yml", ".github/workflows/pr.yml", ".github/workflows/pages.yml", "CONTRIBUTING.md", "content/authors.yml", "faq/contact.yml"):
        assert (project / rel).is_file(), rel
    assert (project / "faq" / "contact.yml").read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../.schemas/faq-entry.schema.json")

    # The editor schemas the site ships fit its languages: its own data files validate.
    import jsonschema
    import yaml

    for data, schema in (("faq/contact.yml", "faq-entry"), ("faq/_topics.yml", "faq-topics"), ("content/authors.yml", "authors")):
        first = (project / data).read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema={'../' * data.count('/')}.schemas/{schema}.schema.json", (data, first)
        schema_json = json.loads((project / ".schemas" / f"{schema}.schema.json").read_text(encoding="utf-8"))
        jsonschema.validate(yaml.safe_load((project / data).read_text(encoding="utf-8")), schema_json)
    entry_schema = json.loads((project / ".schemas" / "faq-entry.schema.json").read_text(encoding="utf-8"))
    assert set(entry_schema["required"]) == set(langs)

    post = run([knowledge, "new", "post", "second-post", "--title", "Second post"], cwd=project)
    assert post.returncode == 0, post.stderr
    faq = run([knowledge, "new", "faq", "opening-hours"], cwd=project)
    assert faq.returncode == 0, faq.stderr
    for lang in langs:
        assert (project / "content" / lang / "blog" / "second-post.md").is_file()

    check = run([knowledge, "check", "--strict"], cwd=project)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "no problems found" in check.stdout
    build = run([*mkdocs, "build", "--strict"], cwd=project)
    assert build.returncode == 0, build.stdout + build.stderr

    site = project / "site"
    today = dt.date.today()
    urls: dict[str, dict[str, str]] = {}
    for lang in langs:
        direction = "rtl" if lang == "ar" else "ltr"
        found = pages(site, lang)
        assert len(found) >= 6, found  # home, about, contact, two posts, FAQ, listings
        for page in found:
            text = page.read_text(encoding="utf-8")
            root = re.search(r"<html[^>]*>", text).group(0)
            assert f'lang="{lang}"' in root and f'dir="{direction}"' in root, (page, root)
            assert f'<body dir="{direction}"' in text, page  # Material's layout follows the page
            urls[url + quote(page.relative_to(site).parent.as_posix()) + "/"] = alternates(text)
        # Dates in the page's language, by Babel.
        post_html = (site / lang / "blog" / "second-post" / "index.html").read_text(encoding="utf-8")
        assert f'datetime="{today.isoformat()}">{html.escape(format_date(today, format="long", locale=lang.replace("-", "_")), quote=False)}<' in post_html
    if "ar" in langs:  # a category in Arabic gets its own page, not the slug "x" every such name shared
        assert (site / "ar" / "category" / "عام" / "index.html").is_file()

    # hreflang: every page names all its translations, and each names it back.
    translated = {page: links for page, links in urls.items() if len(links) > 1}
    assert len(translated) >= 6 * len(langs) - len(langs)
    for page, links in translated.items():
        assert set(links) == {*langs, "x-default"}, (page, links)
        # x-default: the default language's page; for the home pages, the root that
        # sends a visitor to their language's home.
        assert links["x-default"] in (links[langs[0]], url if links[langs[0]] == f"{url}{langs[0]}/" else None), (page, links)
        own = [lang for lang, href in links.items() if href == page and lang != "x-default"]
        assert len(own) == 1, (page, links)
        for lang in langs:
            assert urls.get(links[lang], {}).get(own[0]) == page, (page, lang, links[lang])
