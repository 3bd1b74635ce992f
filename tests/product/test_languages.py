"""A configured language without (all) interface strings: a check warning, English
text in its place, never a crash. Locale files: es and en complete, and every
shipped file has only keys English has (a typo in a key would be dead text)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from knowledge import locales

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=600)


def test_language_without_locale_file_warns_and_falls_back_to_english(tmp_path):
    assert not locales.has_locale("de")  # the test needs a language we ship no strings for
    made = run("knowledge.cli", "new", "site", "s", "--languages", "en,de", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "note: 'de' has no interface strings" in made.stderr  # said up front, not only by the check
    site = tmp_path / "s"
    check = run("knowledge.cli", "check", cwd=site)
    assert check.returncode == 0, check.stdout  # a warning only
    assert check.stdout.count("missing-locale-string") == 1
    assert "no interface strings for 'de'" in check.stdout and "locales/de.yml next to mkdocs.yml" in check.stdout
    assert run("knowledge.cli", "check", "--strict", cwd=site).returncode == 1

    build = run("mkdocs", "build", cwd=site)  # not --strict: the warning is the point
    assert build.returncode == 0, build.stderr
    assert "missing-locale-string" in build.stderr
    faq = (site / "site" / "de" / "faq" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in faq and 'dir="ltr"' in faq
    assert "Frequently asked questions" in faq  # English, in place of the missing German
    home = (site / "site" / "de" / "index.html").read_text(encoding="utf-8")
    assert 'property="og:locale" content="de_DE"' in home


def test_a_sites_own_locale_file_adds_a_language_and_is_checked(tmp_path):
    assert run("knowledge.cli", "new", "site", "s", "--languages", "en,de", cwd=tmp_path).returncode == 0
    site = tmp_path / "s"
    (site / "locales").mkdir()
    english = yaml.safe_load((locales.LOCALES_DIR / "en.yml").read_text(encoding="utf-8"))
    german = {section: dict(strings) for section, strings in english.items()}
    german["faq"]["faq_title"] = "Häufige Fragen"
    german["faq"]["heading_id"] = "haeufige-fragen"
    (site / "locales" / "de.yml").write_text(yaml.safe_dump(german, allow_unicode=True), encoding="utf-8")
    check = run("knowledge.cli", "check", "--strict", cwd=site)
    assert check.returncode == 0, check.stdout
    build = run("mkdocs", "build", "--strict", cwd=site)
    assert build.returncode == 0, build.stderr
    assert "Häufige Fragen" in (site / "site" / "de" / "faq" / "index.html").read_text(encoding="utf-8")
    assert "Frequently asked questions" in (site / "site" / "en" / "faq" / "index.html").read_text(encoding="utf-8")

    del german["site"]["readtime"]
    german["faq"]["no_such_key"] = "x"
    (site / "locales" / "de.yml").write_text(yaml.safe_dump(german, allow_unicode=True), encoding="utf-8")
    check = run("knowledge.cli", "check", cwd=site)
    assert "1 interface string(s) missing for 'de' (site.readtime)" in check.stdout, check.stdout
    assert "locales/de.yml" in check.stdout and "unknown key faq.no_such_key" in check.stdout


def test_partial_locale_counts_what_is_missing_and_uses_english_for_it(tmp_path, monkeypatch):
    folder = tmp_path / "locales"
    folder.mkdir()
    for path in locales.LOCALES_DIR.glob("*.yml"):
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "fr.yml").write_text("faq:\n  faq_title: Questions fréquentes\n", encoding="utf-8")
    monkeypatch.setattr(locales, "LOCALES_DIR", folder)
    locales._file.cache_clear()
    locales._section.cache_clear()
    try:
        assert locales.section("fr", "faq")["faq_title"] == "Questions fréquentes"
        assert locales.section("fr", "faq")["send"] == "Send"
        english = sum(len(v) for v in yaml.safe_load((folder / "en.yml").read_text(encoding="utf-8")).values())
        assert len(locales.missing("fr")) == english - 1
    finally:
        locales._file.cache_clear()
        locales._section.cache_clear()


def test_shipped_locales():
    english = yaml.safe_load((locales.LOCALES_DIR / "en.yml").read_text(encoding="utf-8"))
    for lang in ("es", "en", "pt", "ar"):
        assert locales.missing(lang) == [], lang
    for path in locales.LOCALES_DIR.glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for section, strings in data.items():
            assert section in english, (path.name, section)
            extra = set(strings) - set(english[section])
            assert not extra, (path.name, section, extra)
            for key, value in strings.items():
                # the same {placeholders} as English, or format() would fail at build time
                assert set(_fields(value)) == set(_fields(english[section][key])), (path.name, key)


def _fields(text: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(text) if name]
