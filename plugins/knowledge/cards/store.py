"""Cards drawn once per content: keyed by a hash of everything that shapes the image
(its texts, colours, the logo's bytes, the fonts' bytes and ``RENDER_VERSION``), kept
in ``<cache>/cards/<hash>.png``. A build copies a cached card instead of drawing it;
cards no page of the build uses are deleted at the end, so the folder holds one
build's cards at most.

Drawing runs beside the build: :func:`start_cards` hands the cards to draw to worker
processes (``python -m knowledge.cards.worker``, when there are enough to pay for
starting one) and returns at once; MkDocs renders the pages meanwhile, and
:meth:`CardBuild.finish` waits for the workers at the end of the build. Workers write
each PNG into the card folder themselves, so nothing but a list of texts crosses a
pipe. They are plain subprocesses, not ``multiprocessing``: its spawn start re-runs
the host program's main module, which is not ours to run again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Mapping

from knowledge.cachedir import write_atomically
from knowledge.cards.model import CARD_HEIGHT, CARD_WIDTH, CardOptions, CardText
from knowledge.cards.render import BOLD, REGULAR, RENDER_VERSION, render_card


@dataclass(frozen=True)
class BuiltCard:
    text: CardText
    path: Path  # the PNG, in the card folder
    key: str
    reused: bool  # True: copied from the cache, not drawn
    width: int = CARD_WIDTH
    height: int = CARD_HEIGHT

    @property
    def png(self) -> bytes:
        return self.path.read_bytes()


CARDS_DIR = "assets/knowledge/cards"


def card_dest(lang: str, key: str) -> str:
    """Where a page's card goes in the site: ``assets/knowledge/cards/es/blog/rag.png``."""
    return f"{CARDS_DIR}/{lang}/{key}.png"


@functools.cache
def _file_digest(path: Path) -> str:  # the fonts, which ship with the package (the logo's is in the options)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def card_key(text: CardText, options: CardOptions) -> str:
    parts = {
        "text": asdict(text),
        "colours": [options.background, options.foreground, options.accent],
        "logo": options.logo_digest,
        "fonts": [_file_digest(REGULAR), _file_digest(BOLD)],
        "render": RENDER_VERSION,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _is_card(path: Path) -> bool:
    """A whole PNG: a truncated or foreign file is drawn again, not shipped."""
    try:
        with open(path, "rb") as handle:
            if handle.read(8) != b"\x89PNG\r\n\x1a\n":
                return False
            handle.seek(-12, os.SEEK_END)
            return handle.read(12) == b"\x00\x00\x00\x00IEND\xaeB`\x82"
    except OSError:
        return False


#: Fewer cards to draw than this are drawn in the build's own process, at the end:
#: starting a worker (a fresh interpreter, Pillow, the fonts) costs about as much as
#: drawing this many cards.
WORKERS_FROM = 64
#: How long finish() waits for the workers: far more than drawing takes (about 5 ms a
#: card), so only a stuck worker is stopped; the build never hangs on one.
WORKER_GRACE_S = 60.0
WORKER_S_PER_CARD = 0.1


def _workers() -> int:
    """One core is the build's; the others draw (at least one worker, at most four)."""
    return max(1, min((os.cpu_count() or 1) - 1, 4))


def options_json(options: CardOptions) -> dict:
    return {**asdict(options), "logo": str(options.logo) if options.logo else None}


@dataclass
class CardBuild:
    """One build's cards: ``keys`` (dest -> key) are known at once, the files once
    :meth:`finish` has returned. Cached cards are found at the start; the others are
    being drawn by ``workers`` (or are drawn by ``finish`` when there were few)."""

    texts: dict[str, CardText]
    keys: dict[str, str]
    options: CardOptions
    folder: Path  # <cache>/cards, or a temporary folder when there is no cache
    temporary: bool = False
    cached: set[str] = field(default_factory=set)  # dests found in the folder, or in place (below)
    in_place: set[str] = field(default_factory=set)  # dests already at their place in the site: not placed (their cache file is not read)
    to_draw: list[str] = field(default_factory=list)  # dests, in order
    workers: list[subprocess.Popen] = field(default_factory=list)
    spill: Path | None = None  # a temporary folder for cards the cache folder refused

    def finish(self) -> dict[str, BuiltCard]:
        """Every card, in the folder; then the cache keeps only these."""
        # A worker that failed, or is stopped here for taking far longer than drawing
        # takes, leaves cards missing: drawn below, in this process.
        self._end_workers(WORKER_GRACE_S + WORKER_S_PER_CARD * len(self.to_draw))
        built: dict[str, BuiltCard] = {}
        for dest, text in self.texts.items():
            key = self.keys[dest]
            path = self.folder / f"{key}.png"
            if dest not in self.cached and not _is_card(path):
                png = render_card(text, self.options)
                try:
                    write_atomically(path, png)
                except OSError:
                    path = self._elsewhere(key, png)  # a read-only cache costs a redraw next time
            built[dest] = BuiltCard(text, path, key, reused=dest in self.cached)
        if not self.temporary and self.folder.is_dir():
            used = {f"{key}.png" for key in self.keys.values()}
            for stale in self.folder.glob("*.png"):
                if stale.name not in used:
                    stale.unlink(missing_ok=True)
        return built

    def _elsewhere(self, key: str, png: bytes) -> Path:
        if self.spill is None:
            self.spill = Path(tempfile.mkdtemp(prefix="knowledge-cards-"))
        path = self.spill / f"{key}.png"
        write_atomically(path, png)
        return path

    def _end_workers(self, timeout: float) -> None:
        """Wait up to ``timeout`` seconds for each worker, stop it if it is still
        running, and remove the job files."""
        for worker in self.workers:
            try:
                worker.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        self.workers = []
        for job in self.folder.glob(".cards-job-*.json"):
            job.unlink(missing_ok=True)

    def abandon(self) -> None:
        """Stop the workers (a failed build does not wait for its cards) and remove
        the temporary folders."""
        self._end_workers(0)
        self.discard()

    def discard(self) -> None:
        """Remove the temporary folders, once the cards are in the site."""
        for folder in (self.folder if self.temporary else None, self.spill):
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)


def start_cards(
    texts: Mapping[str, CardText], options: CardOptions, cache: Path | None, *, workers_from: int = WORKERS_FROM, in_place: Mapping[str, str] | None = None,
) -> CardBuild:
    """Cards for ``dest -> text``: those in ``cache/cards`` found now, the rest set
    drawing in worker processes when there are at least ``workers_from`` of them.
    ``cache=None`` draws every card into a temporary folder. ``in_place`` (dest ->
    key) names cards already at their place in the site (``serve --dirty``): one
    with the same key is neither read from the cache nor placed again
    (``CardBuild.in_place``)."""
    folder = cache / "cards" if cache is not None else Path(tempfile.mkdtemp(prefix="knowledge-cards-"))
    cards = CardBuild(dict(texts), {dest: card_key(text, options) for dest, text in texts.items()}, options, folder, temporary=cache is None)
    in_place = in_place or {}
    for dest, key in cards.keys.items():
        if in_place.get(dest) == key:
            cards.in_place.add(dest)
            cards.cached.add(dest)
        elif _is_card(folder / f"{key}.png"):
            cards.cached.add(dest)
        else:
            cards.to_draw.append(dest)
    if len(cards.to_draw) < workers_from:
        return cards
    unique = list({cards.keys[dest]: dest for dest in cards.to_draw}.items())  # one drawing per key
    count = min(_workers(), len(unique))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for n in range(count):
            job = {"folder": str(folder), "options": options_json(options),
                   "cards": [[key, asdict(cards.texts[dest])] for key, dest in unique[n::count]]}
            # The job goes in a file, not down a pipe: a pipe holds 64 KB, and the build
            # would wait for the worker's interpreter to start before it could go on.
            fd, job_path = tempfile.mkstemp(prefix=".cards-job-", suffix=".json", dir=folder)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(job, handle, ensure_ascii=False)
            cards.workers.append(subprocess.Popen(
                [sys.executable, "-m", "knowledge.cards.worker", job_path], stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": _import_path()},
            ))
    except OSError:  # no process to be had here: finish() draws what is missing
        pass
    return cards


def place_file(source: Path, target: Path) -> None:
    """``source`` copied to ``target`` (2,000 cards: 0.2 s). A copy, not a hard link:
    a tool that rewrites the site's files in place must not reach into the cache."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def _import_path() -> str:
    """The folder ``knowledge`` is imported from, first, so a worker draws with this code."""
    here = str(Path(__file__).resolve().parents[2])
    return os.pathsep.join([here, *filter(None, [os.environ.get("PYTHONPATH")])])


def build_cards(texts: Mapping[str, CardText], options: CardOptions, cache: Path | None) -> dict[str, BuiltCard]:
    """One card per ``dest -> text``, from ``cache/cards`` when it is there, drawn
    (and stored) when not; waits for all of them."""
    return start_cards(texts, options, cache).finish()
