"""What a card says and how it looks: the texts, the options from mkdocs.yml, and
their validation (a bad colour or a missing logo is a clear message, never a
traceback). No Pillow here beyond colour parsing: the check imports this."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CARD_WIDTH, CARD_HEIGHT = 1200, 630  # what Open Graph and X's large card expect (1.91:1)

DEFAULT_BACKGROUND = "#283593"  # a darker tone of Material's indigo: white text at 12:1
DEFAULT_FOREGROUND = "#ffffff"
DEFAULT_ACCENT = "#ffd54f"


@dataclass(frozen=True)
class CardText:
    """Everything written on one card, already in the page's language."""

    lang: str
    title: str
    kicker: str  # above the title: the post's category, or what the page is
    site_name: str
    author: str = ""
    date: str = ""  # formatted for the language ("20 de febrero de 2026")

    def alt(self) -> str:
        """The image's description (og:image:alt): what the card shows, in order."""
        details = ", ".join(part for part in (self.author, self.date) if part)
        return " — ".join(part for part in (self.title, self.kicker, details, self.site_name) if part)


@dataclass(frozen=True)
class CardOptions:
    enabled: bool = True
    background: tuple[int, int, int] = (0x28, 0x35, 0x93)
    foreground: tuple[int, int, int] = (0xFF, 0xFF, 0xFF)
    accent: tuple[int, int, int] = (0xFF, 0xD5, 0x4F)
    logo: Path | None = None  # a PNG (or any image Pillow reads), drawn top right
    # The logo's sha256, read with the options at each build: card keys and the drawing
    # caches follow a logo replaced under the same name (during `mkdocs serve` too).
    logo_digest: str | None = None


def _colour(name: str, value: Any) -> tuple[tuple[int, int, int] | None, str | None]:
    from PIL import ImageColor

    if not isinstance(value, str) or not value.strip():
        return None, f"cards.{name} must be a colour such as \"#283593\", got {value!r}"
    try:
        rgb = ImageColor.getrgb(value.strip())
    except ValueError:
        return None, f"cards.{name}: {value!r} is not a colour; write it as \"#rrggbb\" (e.g. \"#283593\") or a CSS colour name"
    return tuple(rgb[:3]), None  # type: ignore[return-value]


def card_options(raw: Any, project_dir: Path) -> tuple[CardOptions, list[str]]:
    """``cards:`` from mkdocs.yml as options, and a message per bad value (the
    plugin stops the build on any). ``logo`` is relative to mkdocs.yml's folder."""
    if raw is False:
        return CardOptions(enabled=False), []
    if raw is None or raw == {}:
        # On unless turned off: a card takes about 4 ms to draw, in worker processes
        # beside the build, and an unchanged card is copied from the cache.
        return CardOptions(), []
    if raw is True:
        return CardOptions(), []
    if not isinstance(raw, Mapping):
        return CardOptions(enabled=False), [f"cards must be true, false or a mapping (enabled, background, foreground, accent, logo), got {raw!r}"]
    errors: list[str] = []
    unknown = sorted(set(map(str, raw)) - {"enabled", "background", "foreground", "accent", "logo"})
    if unknown:
        errors.append(f"cards: unknown option(s) {', '.join(unknown)}; known: enabled, background, foreground, accent, logo")
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        errors.append(f"cards.enabled must be true or false, got {enabled!r}")
        enabled = True
    colours = {}
    for name, default in (("background", DEFAULT_BACKGROUND), ("foreground", DEFAULT_FOREGROUND), ("accent", DEFAULT_ACCENT)):
        rgb, error = _colour(name, raw.get(name, default))
        if error:
            errors.append(error)
        colours[name] = rgb or _colour(name, default)[0]
    logo = raw.get("logo")
    logo_path, logo_digest = None, None
    if logo is not None:
        if not isinstance(logo, str) or not logo.strip():
            errors.append(f"cards.logo must be a path to an image file, relative to mkdocs.yml, got {logo!r}")
        else:
            logo_path = (project_dir / logo.strip()).resolve()
            if not logo_path.is_file():
                errors.append(f"cards.logo: {logo!r} does not exist (looked for {logo_path}); the path is relative to mkdocs.yml")
                logo_path = None
            else:
                from PIL import Image, UnidentifiedImageError

                try:
                    with Image.open(logo_path) as image:
                        image.verify()
                    logo_digest = hashlib.sha256(logo_path.read_bytes()).hexdigest()
                except (UnidentifiedImageError, OSError) as exc:
                    errors.append(f"cards.logo: {logo!r} is not an image Pillow can read (PNG, JPEG, …): {exc}")
                    logo_path = None
    return CardOptions(enabled, colours["background"], colours["foreground"], colours["accent"], logo_path, logo_digest if logo_path else None), errors
