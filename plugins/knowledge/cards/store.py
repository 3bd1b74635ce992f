"""Cards drawn once per content: keyed by a hash of everything that shapes the image
(its texts, colours, the logo's bytes, the fonts' bytes and ``RENDER_VERSION``), kept
in ``<cache>/cards/<hash>.png``. A build copies a cached card instead of drawing it;
cards no page of the build uses are deleted at the end, so the folder holds one
build's cards at most.

Drawing runs beside the build: :func:`start_cards` hands the cards to draw to worker
processes (when there are enough to pay for starting one) and returns at once, the
site is rendered meanwhile, and :meth:`CardBuild.finish` collects the images at the
end of the build. Material's social plugin draws in a pool for the same reason.
"""

from __future__ import annotations

import functools
import hashlib
import json
import multiprocessing
import os
import tempfile
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
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


#: Fewer cards to draw than this are drawn in the build's own process, at the end:
#: starting a worker (a fresh interpreter, Pillow, the fonts) costs about as much as
#: drawing this many cards.
POOL_FROM = 64
#: Cards per task sent to a worker: few enough round trips, work spread evenly.
CHUNK = 32


def _draw_chunk(texts: list[CardText], options: CardOptions) -> list[bytes]:
    """A worker's task (module level, so a spawned process can import it)."""
    return [render_card(text, options) for text in texts]


def _workers() -> int:
    """One core is the build's; the others draw (at least one worker, at most four)."""
    return max(1, min((os.cpu_count() or 1) - 1, 4))


@dataclass
class CardBuild:
    """One build's cards: ``keys`` (dest -> key) are known at once, the images once
    :meth:`finish` has collected them. Cached cards are read at the start; the others
    are being drawn in ``pool`` (or are drawn by ``finish`` when there were few)."""

    texts: dict[str, CardText]
    keys: dict[str, str]
    options: CardOptions
    folder: Path | None
    cached: dict[str, bytes] = field(default_factory=dict)  # dest -> PNG read from the cache
    to_draw: list[str] = field(default_factory=list)  # dests, in order
    pool: ProcessPoolExecutor | None = None
    jobs: list[tuple[list[str], Future]] = field(default_factory=list)

    def finish(self) -> dict[str, BuiltCard]:
        """Every card, drawn ones stored in the cache; then the cache keeps only these."""
        drawn: dict[str, bytes] = {}
        try:
            for dests, job in self.jobs:
                drawn.update(zip(dests, job.result()))
        except Exception:  # noqa: BLE001 - a worker that died (killed, out of memory): draw here instead
            drawn = {}
        finally:
            self.abandon()
        for dest in self.to_draw:
            if dest not in drawn:
                drawn[dest] = render_card(self.texts[dest], self.options)
        built: dict[str, BuiltCard] = {}
        for dest, text in self.texts.items():
            key = self.keys[dest]
            if dest in self.cached:
                built[dest] = BuiltCard(text, self.cached[dest], key, reused=True)
                continue
            if self.folder is not None:
                try:
                    _write_atomically(self.folder / f"{key}.png", drawn[dest])
                except OSError:
                    pass  # a read-only cache costs a redraw next time, never the build
            built[dest] = BuiltCard(text, drawn[dest], key, reused=False)
        if self.folder is not None and self.folder.is_dir():
            used = {f"{key}.png" for key in self.keys.values()}
            for stale in self.folder.glob("*.png"):
                if stale.name not in used:
                    stale.unlink(missing_ok=True)
        return built

    def abandon(self) -> None:
        """Stop the workers (a failed build does not wait for its cards)."""
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None


def start_cards(texts: Mapping[str, CardText], options: CardOptions, cache: Path | None, *, pool_from: int = POOL_FROM) -> CardBuild:
    """Cards for ``dest -> text``: cached ones read now, the rest set drawing in
    worker processes when there are at least ``pool_from`` of them. ``cache=None``
    draws every card and stores nothing."""
    folder = cache / "cards" if cache is not None else None
    cards = CardBuild(dict(texts), {dest: card_key(text, options) for dest, text in texts.items()}, options, folder)
    for dest, key in cards.keys.items():
        found = _read_cached(folder / f"{key}.png") if folder is not None else None
        if found is None:
            cards.to_draw.append(dest)
        else:
            cards.cached[dest] = found
    if len(cards.to_draw) >= pool_from:
        try:
            # spawn, not fork: `mkdocs serve` runs threads, and a forked copy of a
            # threaded process can inherit a held lock.
            cards.pool = ProcessPoolExecutor(_workers(), mp_context=multiprocessing.get_context("spawn"))
            for at in range(0, len(cards.to_draw), CHUNK):
                dests = cards.to_draw[at : at + CHUNK]
                cards.jobs.append((dests, cards.pool.submit(_draw_chunk, [cards.texts[d] for d in dests], options)))
        except OSError:  # no processes to be had here: finish() draws them all
            cards.abandon()
            cards.jobs = []
    return cards


def build_cards(texts: Mapping[str, CardText], options: CardOptions, cache: Path | None) -> dict[str, BuiltCard]:
    """One card per ``dest -> text``, from ``cache/cards`` when it is there, drawn
    (and stored) when not; waits for all of them."""
    return start_cards(texts, options, cache).finish()
