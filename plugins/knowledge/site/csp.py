"""The Content-Security-Policy the site ships, and Material's inline scripts as files.

The policy is strict: ``script-src 'self'`` and ``style-src 'self'`` allow no inline
script, no inline ``style=""`` attribute and no other host. Material writes small
inline ``<script>`` blocks from its ``partials/javascripts/*.html`` (the
``__md_scope``/``__md_get``/``__md_set`` helpers, the palette, content tabs, …).
Our theme overrides those partials with ``<script src>`` tags, and the build writes
the script files from *Material's own partials*, read at build time: a Material
update that changes a script's text changes the shipped file with it, and one that
changes a partial's shape (another script, another template expression) stops the
build with a clear error instead of shipping a stale copy.

The policy reaches browsers twice: as ``<meta http-equiv>`` in every page (GitHub
Pages and ``file://`` have no headers) and in ``_headers`` (Netlify, Cloudflare
Pages), which can also carry ``frame-ancestors`` (ignored, with a console error,
in a ``<meta>``). No MkDocs here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)
HEADER_ONLY = "frame-ancestors 'none'"  # a <meta> policy cannot carry it
# Directives browsers ignore in a <meta>, each with a console error: kept out of it.
NOT_IN_META = ("frame-ancestors", "sandbox", "report-uri")
HEADERS_FILE = "_headers"
SCRIPTS_DIR = "assets/knowledge/material"


class MaterialChanged(Exception):
    """Material's partials no longer have the shape we turn into files."""


@dataclass(frozen=True)
class MaterialScript:
    dest: str  # where the build writes it, relative to the site root
    partial: str  # Material's partial, relative to its templates folder
    index: int  # which <script> of that partial
    expression: str | None = None  # the one Jinja expression inside it, passed as data-value


# Every inline script Material's partials can emit. Our overrides in
# theme/partials/javascripts/ reference these files, in the same places.
MATERIAL_SCRIPTS = (
    MaterialScript(f"{SCRIPTS_DIR}/base.js", "partials/javascripts/base.html", 0, "config.extra.scope | d(base_url)"),
    MaterialScript(f"{SCRIPTS_DIR}/palette.js", "partials/javascripts/palette.html", 0),
    MaterialScript(f"{SCRIPTS_DIR}/tabs-link.js", "partials/javascripts/content.html", 0),
    MaterialScript(f"{SCRIPTS_DIR}/content.js", "partials/javascripts/content.html", 1),
    MaterialScript(f"{SCRIPTS_DIR}/announce.js", "partials/javascripts/announce.html", 0),
    MaterialScript(f"{SCRIPTS_DIR}/outdated.js", "partials/javascripts/outdated.html", 0, "base_url"),
    MaterialScript(f"{SCRIPTS_DIR}/consent.js", "partials/javascripts/consent.html", 0),
)
EXPECTED_COUNT = {"partials/javascripts/content.html": 2}  # every other partial: one script

_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_EXPRESSION = re.compile(r'"\{\{\s*(.*?)\s*\}\}"')
# What the quoted template expression becomes in the file: the value our override
# puts on the <script> tag. `currentScript` is the running classic script, so this
# works from file:// as over http.
DATA_VALUE = 'document.currentScript.getAttribute("data-value")'


def meta_policy(policy: str = POLICY) -> str:
    """The policy as a page's <meta> carries it (no header-only directive)."""
    return "; ".join(d.strip() for d in policy.split(";") if d.strip() and d.split()[0].lower() not in NOT_IN_META)


def with_connect_src(policy: str, origin: str) -> str:
    """``policy`` also allowing ``origin`` in ``connect-src`` (what ``sendBeacon`` and
    ``fetch`` obey), and nothing else: an existing ``connect-src`` gets the origin
    added (``'none'`` replaced); without one, it is written from ``default-src`` (the
    fallback browsers used until now) plus the origin. An empty policy stays empty."""
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    if not directives:
        return policy
    names = [d.split()[0].lower() for d in directives]
    if "connect-src" in names:
        i = names.index("connect-src")
        sources = [v for v in directives[i].split()[1:] if v != "'none'"]
    else:
        fallback = directives[names.index("default-src")].split()[1:] if "default-src" in names else ["'self'"]
        sources = [v for v in fallback if v != "'none'"]
        i = names.index("default-src") + 1 if "default-src" in names else len(directives)
        directives.insert(i, "")
    if origin not in sources:
        sources.append(origin)
    directives[i] = " ".join(["connect-src", *sources])
    return "; ".join(directives)


def header_policy(policy: str = POLICY) -> str:
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    if not any(d.split()[0].lower() == "frame-ancestors" for d in directives):
        directives.append(HEADER_ONLY)
    return "; ".join(directives)


def headers_file(policy: str = POLICY) -> str:
    """``_headers`` for Netlify and Cloudflare Pages: the policy on every path."""
    return (
        "# Written by the knowledge plugin: the site's Content-Security-Policy (README, \"Security headers\").\n"
        "/*\n"
        f"  Content-Security-Policy: {header_policy(policy)}\n"
        "  X-Content-Type-Options: nosniff\n"
    )


def material_scripts(templates_dir: Path) -> dict[str, str]:
    """dest -> JavaScript, taken from the partials in Material's ``templates_dir``."""
    out: dict[str, str] = {}
    for script in MATERIAL_SCRIPTS:
        path = templates_dir / script.partial
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise MaterialChanged(f"knowledge: Material's {script.partial} cannot be read ({exc.strerror}); the CSP overrides need it") from exc
        bodies = _SCRIPT.findall(text)
        expected = EXPECTED_COUNT.get(script.partial, 1)
        if len(bodies) != expected:
            raise MaterialChanged(
                f"knowledge: Material's {script.partial} now has {len(bodies)} inline scripts (expected {expected}); "
                "update knowledge.site.csp.MATERIAL_SCRIPTS and theme/partials/javascripts/ to match"
            )
        body = bodies[script.index]
        expressions = _EXPRESSION.findall(body)
        if expressions != ([script.expression] if script.expression else []):
            raise MaterialChanged(
                f"knowledge: Material's {script.partial} script {script.index} uses the template values {expressions}, "
                f"expected {[script.expression] if script.expression else []}; update knowledge.site.csp.MATERIAL_SCRIPTS"
            )
        if "{{" in _EXPRESSION.sub("", body) or "{%" in body:
            raise MaterialChanged(f"knowledge: Material's {script.partial} script {script.index} has template logic inside; cannot ship it as a file")
        out[script.dest] = _EXPRESSION.sub(DATA_VALUE, body) + "\n"
    return out
