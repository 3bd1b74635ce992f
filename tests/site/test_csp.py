"""The policy's files: Material's inline scripts shipped as files taken from its own
partials, a clear error when Material changes their shape, the policy's on/off
switch, and no <meta> policy under `mkdocs serve` (its live reload is inline)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import material
import pytest
from conftest import failed_build, mkdocs_build
from site_fixtures import page, write_site

from knowledge.site import csp

MATERIAL_TEMPLATES = Path(material.__file__).resolve().parent / "templates"
FILES = {"es/index.md": page("Inicio"), "en/index.md": page("Home")}


def test_shipped_scripts_are_materials_own(sample_site) -> None:
    for script in csp.MATERIAL_SCRIPTS:
        partial = (MATERIAL_TEMPLATES / script.partial).read_text(encoding="utf-8")
        body = re.findall(r"<script>(.*?)</script>", partial, re.S)[script.index]
        shipped = (sample_site.site_dir / script.dest).read_text(encoding="utf-8").strip()
        if script.expression:
            assert shipped == body.replace('"{{ ' + script.expression + ' }}"', csp.DATA_VALUE)
        else:
            assert shipped == body


def test_a_changed_material_partial_is_a_clear_error(tmp_path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(MATERIAL_TEMPLATES / "partials" / "javascripts", templates / "partials" / "javascripts")
    assert set(csp.material_scripts(templates)) == {s.dest for s in csp.MATERIAL_SCRIPTS}
    palette = templates / "partials/javascripts/palette.html"
    palette.write_text(palette.read_text(encoding="utf-8") + "<script>var extra=1</script>\n", encoding="utf-8")
    with pytest.raises(csp.MaterialChanged, match=r"palette\.html now has 2 inline scripts \(expected 1\)"):
        csp.material_scripts(templates)
    palette.unlink()
    with pytest.raises(csp.MaterialChanged, match=r"palette\.html cannot be read"):
        csp.material_scripts(templates)


def test_policy_can_be_switched_off_and_is_absent_under_serve(tmp_path) -> None:
    config = write_site(tmp_path / "off", FILES, plugin={"content_security_policy": ""})
    site = mkdocs_build(config, tmp_path / "off" / "site")
    assert not (site.site_dir / "_headers").exists()
    assert "Content-Security-Policy" not in site.read("es/index.html")
    # Material's scripts stay files either way: no inline script to allow later.
    assert (site.site_dir / csp.MATERIAL_SCRIPTS[0].dest).is_file()

    config = write_site(tmp_path / "serve", FILES)
    served = mkdocs_build(config, tmp_path / "serve" / "site", command="serve")
    assert "Content-Security-Policy" not in served.read("es/index.html")
    built = mkdocs_build(config, tmp_path / "serve" / "built")
    assert '<meta http-equiv="Content-Security-Policy"' in built.read("es/index.html")


def test_a_policy_that_is_not_text_is_a_config_error(tmp_path) -> None:
    config = write_site(tmp_path, FILES, plugin={"content_security_policy": 42})
    error, logged = failed_build(config, tmp_path / "site")
    assert "configuration error" in str(error)
    assert "option 'content_security_policy': Expected type: <class 'str'>" in logged


def test_meta_and_header_forms_of_a_policy() -> None:
    policy = "default-src 'self'; report-uri /csp; sandbox allow-scripts; Frame-Ancestors 'self'"
    assert csp.meta_policy(policy) == "default-src 'self'"
    assert csp.header_policy(policy) == policy  # a frame-ancestors of its own is kept as it is
    assert csp.header_policy("default-src 'self';") == "default-src 'self'; frame-ancestors 'none'"
    assert csp.headers_file("default-src 'self'").splitlines()[1:] == [
        "/*",
        "  Content-Security-Policy: default-src 'self'; frame-ancestors 'none'",
        "  X-Content-Type-Options: nosniff",
    ]
