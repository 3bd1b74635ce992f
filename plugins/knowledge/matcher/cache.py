"""Training once per FAQ content: in the process, and optionally on disk.

A build trains the model for the assistant's index and the content rules run the
same model on every variant (``variant-answers-elsewhere``); ``mkdocs serve``
rebuilds after every edit; ``knowledge check`` runs again after each fix. All of
them ask :func:`trained_model`, which trains only when the training texts change.
"""

from __future__ import annotations

import json
import os
from collections import OrderedDict
from pathlib import Path
from typing import Sequence

from knowledge.matcher.engine import SPEC_VERSION
from knowledge.matcher.train import MatchEntry, train

_MEMORY_SIZE = 2  # the current content and the one before it (serve flips between them)
_memory: OrderedDict[str, dict] = OrderedDict()


def trained_model(entries: Sequence[MatchEntry], cache_dir: Path | None = None) -> dict:
    """``train(entries)``, remembered by a hash of its input.

    In memory always; also in ``cache_dir`` when given (one file, replaced when the
    content changes). Any disk-cache failure just trains again. Training is
    deterministic, so a remembered model is the model training would give. Callers
    must not mutate the result.
    """
    import hashlib  # OpenSSL's start-up is 30 ms: paid only when the matcher runs

    payload = json.dumps([SPEC_VERSION, [[e.id, e.texts] for e in entries]], sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]
    model = _memory.get(digest)
    if model is None:
        model = _from_disk(cache_dir, digest)
    if model is None:
        model = train(list(entries))
        _to_disk(cache_dir, digest, model)
    _memory[digest] = model
    _memory.move_to_end(digest)
    while len(_memory) > _MEMORY_SIZE:
        _memory.popitem(last=False)
    return model


def _cache_file(cache_dir: Path | None, digest: str) -> Path | None:
    return cache_dir / f"matcher-{digest}.json" if cache_dir else None


def _from_disk(cache_dir: Path | None, digest: str) -> dict | None:
    cache_file = _cache_file(cache_dir, digest)
    if cache_file is None:
        return None
    try:
        return json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _to_disk(cache_dir: Path | None, digest: str, model: dict) -> None:
    cache_file = _cache_file(cache_dir, digest)
    if cache_file is None:
        return
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        for old in cache_file.parent.glob("matcher-*.json"):  # keep one model, not one per edit
            old.unlink(missing_ok=True)
        temporary = cache_file.with_suffix(".tmp")
        temporary.write_text(json.dumps(model), encoding="utf-8")
        os.replace(temporary, cache_file)
    except OSError:
        pass
