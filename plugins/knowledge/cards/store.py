"""Cards drawn once per content: keyed by a hash of everything that shapes the image
(its texts, colours, the logo's bytes, the fonts' bytes and ``RENDER_VERSION``), kept
in ``<cache>/cards/<hash>.png``. A build copies a cached card instead of drawing it;
cards no page of the build uses are deleted at the end, so the folder holds one
build's cards at most."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Mapping

from knowledge.cards.model import CARD_HEIGHT, CARD_WIDTH, CardOptions, CardText
from knowledge.cards.render import BOLD, REGULAR, RENDER_VERSION, render_card


@dataclass(frozen=True)
class BuiltCard:
    text: CardText
    png: bytes
    key: str
    reused: bool  # True: copied from the cache, not drawn
    width: int = CARD_WIDTH
    height: int = CARD_HEIGHT


CARDS_DIR = "assets/knowledge/cards"


def card_dest(lang: str, key: str) -> str:
    """Where a page's card goes in the site: ``assets/knowledge/cards/es/blog/rag.png``."""
    return f"{CARDS_DIR}/{lang}/{key}.png"


@functools.cache
def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def card_key(text: CardText, options: CardOptions) -> str:
    parts = {
        "text": asdict(text),
        "colours": [options.background, options.foreground, options.accent],
        "logo": _file_digest(options.logo) if options.logo else None,
        "fonts": [_file_digest(REGULAR), _file_digest(BOLD)],
        "render": RENDER_VERSION,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _read_cached(path: Path) -> bytes | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    # A truncated or foreign file is drawn again, not shipped.
    return data if data.startswith(b"\x89PNG\r\n\x1a\n") and data.endswith(b"IEND\xaeB`\x82") else None


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".card-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build_cards(texts: Mapping[str, CardText], options: CardOptions, cache: Path | None) -> dict[str, BuiltCard]:
    """One card per ``dest -> text``: from ``cache/cards`` when it is there, drawn
    (and stored) when not. ``cache=None`` draws every card and stores nothing."""
    folder = cache / "cards" if cache is not None else None
    built: dict[str, BuiltCard] = {}
    for dest, text in texts.items():
        key = card_key(text, options)
        cached = _read_cached(folder / f"{key}.png") if folder is not None else None
        if cached is not None:
            built[dest] = BuiltCard(text, cached, key, reused=True)
            continue
        png = render_card(text, options)
        if folder is not None:
            try:
                _write_atomically(folder / f"{key}.png", png)
            except OSError:
                pass  # a read-only cache costs a redraw next time, never the build
        built[dest] = BuiltCard(text, png, key, reused=False)
    if folder is not None and folder.is_dir():
        used = {f"{card.key}.png" for card in built.values()}
        for stale in folder.glob("*.png"):
            if stale.name not in used:
                stale.unlink(missing_ok=True)
    return built
