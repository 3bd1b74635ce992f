"""Issue 11, point 2: ``unsafe-html`` finds what would run in a page body, however
it is written, ignores code, is reported by `knowledge check` and stops a real
`mkdocs build` at the same path:line:col, and ``trusted_html: true`` turns it off."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, failed_build, mkdocs_build
from knowledge.check import body_html
from knowledge.check.markdown_scan import blank_code
from site_fixtures import page, write_site

FIXTURES = Path(__file__).resolve().parent / "fixtures"

UNSAFE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<ScRiPt\n>alert(1)</sCrIpT>",
    '<img src="x" onerror="alert(1)">',
    "<img/onerror=alert(1) src=x>",
    "<img src=x\nONERROR\n=\nalert(1)>",
    "<svg onload=alert(1)>",
    "<body onpageshow=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="java&#9;script:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;&#x61;vascript&colon;alert(1)">x</a>',
    '<a href=" \x01javascript:alert(1)">x</a>',
    '<a href="jav\nascript:alert(1)">x</a>',
    "<a href='vbscript:msgbox(1)'>x</a>",
    '<a href="data:text/html,x">x</a>',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<img src="data:text/html;base64,PHNjcmlwdD4=" alt="">',
    '<img srcset="ok.png 1x, javascript:alert(1) 2x" alt="">',
    "<iframe src=https://example.org/></iframe>",
    '<object data="x.swf"></object>',
    '<embed src="x.swf">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<META HTTP-EQUIV="Content-Security-Policy" content="">',
    '<base href="https://evil.example/">',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x]( javascript:alert(1) )",
    "[x](java&#x09;script:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "![x](javascript:alert(1))",
    "![x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "## Título {: onclick=\"alert(1)\" }",
    "[x](https://example.org/){: onmouseover=alert(1) }",
    "Párrafo.\n{: href='javascript:alert(1)' }",
]

SAFE = [
    "Texto con <b>negrita</b> y <em>énfasis</em>.",
    '<img src="../assets/x.png" alt="Diagrama">',
    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="Punto">',
    "![Punto](data:image/png;base64,iVBORw0KGgo=)",
    '<a href="https://example.org/javascript:">https</a> <a href="../contact/">contacto</a> <a href="mailto:a@b.c">correo</a>',
    "[Una guía de JavaScript: lo básico](https://example.org/js)",
    "JavaScript: un lenguaje. onclick=alert(1) en texto es texto, y 3 < 4 > 2.",
    '<a title="javascript: un tutorial" href="#x">x</a>',
    "`<script>alert(1)</script>` y `[x](javascript:alert(1))` son código.",
    "```html\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n```",
    "~~~\n[x](javascript:alert(1))\n~~~",
    "<!-- <script>alert(1)</script> -->",
    r"Un \<script> escrito con barra es texto.",
    "<details><summary>Más</summary>Texto</details>",
    '<span class="once" id="online">x</span>',
]


@pytest.mark.parametrize("body", UNSAFE)
def test_unsafe_constructs_are_found(body):
    assert body_html.findings(blank_code(body)), body


@pytest.mark.parametrize("body", SAFE)
def test_safe_html_and_code_pass(body):
    assert body_html.findings(blank_code(body)) == [], body


def test_every_construct_is_reported_not_only_the_first():
    body = "<script>alert(1)</script>\n<img src=x onerror=alert(2)>\n[x](javascript:alert(3))\n<base href=/>\n"
    assert len(body_html.findings(blank_code(body))) == 4


HOSTILE_BODY = (
    "Intro.\n"  # line 5 of the file (front matter is 3 lines, then a blank line)
    "\n"
    '<img src=x alt="" onerror=alert(1)>\n'  # line 7; the attribute at col 19
    "Un [enlace](JaVaScRiPt:alert(2)).\n"  # line 8, col 13
)


def hostile_site(root: Path, **plugin) -> Path:
    files = {"es/index.md": page("Inicio", HOSTILE_BODY), "en/index.md": page("Home")}
    return write_site(root, files, plugin=plugin)


def test_the_build_stops_at_each_construct_and_writes_nothing(tmp_path):
    config = hostile_site(tmp_path)
    error, logged = failed_build(config, tmp_path / "site")
    report = str(error) + "\n" + logged
    assert "content/es/index.md:7:19: [error] event-handler attribute onerror=" in report
    assert "content/es/index.md:8:13: [error] link to a javascript: URL" in report
    assert not (tmp_path / "site").exists()


def test_knowledge_check_reports_the_same_lines(tmp_path):
    config = hostile_site(tmp_path)
    run = subprocess.run([sys.executable, "-m", "knowledge.cli", "check", "--config", str(config), "--format", "parsable"],
                         capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "content/es/index.md:7:19: [error] event-handler attribute onerror= on <img>" in run.stdout
    assert "content/es/index.md:8:13: [error] link to a javascript: URL" in run.stdout
    assert "Traceback" not in run.stderr


def test_trusted_html_turns_the_rule_off(tmp_path):
    config = hostile_site(tmp_path, trusted_html=True)
    result = mkdocs_build(config, tmp_path / "site")
    assert "onerror=alert(1)" in result.read("es/index.html")  # the trusted author's HTML is published as written


def test_trusted_html_must_be_a_boolean(tmp_path):
    config = hostile_site(tmp_path, trusted_html="yes")
    error, logged = failed_build(config, tmp_path / "site")
    assert "trusted_html" in str(error) + logged
