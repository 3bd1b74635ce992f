"""``assistant.report_url``: where the assistant may send its question and feedback
records (opt-in; without it nothing leaves the visitor's browser).

The records are the ``knowledge:question`` / ``knowledge:feedback`` event details
(README, "What the assistant tells the page"), sent with ``navigator.sendBeacon``.
Setting the option widens the site's Content-Security-Policy by exactly the
endpoint's origin in ``connect-src`` (:func:`knowledge.site.csp.with_connect_src`).
No MkDocs here.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

# Plain http only to this machine (a local collector while testing): from an https
# page the browser would block it anyway, and on the open network it leaks.
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
# Characters that would end a CSP source expression or an attribute.
_FORBIDDEN = frozenset(" \t\r\n;,'\"<>\\`")


class ReportUrlError(ValueError):
    """The option's value cannot be used; the message says why."""


def report_endpoint(value: Any) -> tuple[str, str] | None:
    """``(url, origin)`` for ``assistant.report_url``, or None when unset.

    Raises :class:`ReportUrlError` for anything but an absolute https URL (http only
    on a loopback host) without credentials."""
    if value is None or value == "" or value is False:
        return None
    if not isinstance(value, str):
        raise ReportUrlError(f"expected an https:// URL, found {type(value).__name__} {value!r}")
    url = value.strip()
    if any(ch in _FORBIDDEN for ch in url):
        raise ReportUrlError(f"{value!r} contains spaces, quotes, ';' or ','; write the URL percent-encoded")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise ReportUrlError(f"{value!r} is not a URL: {exc}") from None
    host = parts.hostname or ""
    if parts.scheme not in ("https", "http") or not host:
        raise ReportUrlError(f"{value!r}: expected an absolute https:// URL such as https://stats.example.com/knowledge")
    if parts.scheme == "http" and host not in LOOPBACK:
        raise ReportUrlError(f"{value!r}: use https:// (plain http is only accepted for 127.0.0.1 or localhost)")
    if parts.username is not None or parts.password is not None:
        raise ReportUrlError(f"{value!r}: credentials in the URL would be published in every page")
    shown_host = f"[{host}]" if ":" in host else host
    origin = f"{parts.scheme}://{shown_host}" + (f":{port}" if port is not None else "")
    return url, origin


def report_policy(policy: str, assistant_options: Any) -> str:
    """The site's policy with the report endpoint's origin in ``connect-src`` when the
    assistant is on and ``report_url`` is usable; otherwise ``policy`` unchanged."""
    from knowledge.site.csp import with_connect_src

    options = assistant_options if isinstance(assistant_options, dict) else {}
    if not options.get("enabled", True):
        return policy
    try:
        found = report_endpoint(options.get("report_url"))
    except ReportUrlError:
        return policy
    return with_connect_src(policy, found[1]) if found else policy
