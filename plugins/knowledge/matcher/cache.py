"""Training once per FAQ content: in the process, and on disk across processes.

A build trains the model for the assistant's index and the content rules run the
same model on every variant (``variant-answers-elsewhere``); ``mkdocs serve``
rebuilds after every edit; ``knowledge check`` runs again after each fix; a new
``mkdocs build`` starts a new process. All of them ask :func:`trained_model`,
which trains only when something training depends on changed.

The key (:func:`model_digest`) is a hash of everything the model depends on: the
texts and their languages, the spec version, the default tunables and training
options, and the training code itself (``TRAINER_VERSION`` when
``knowledge.matcher.train`` defines one, and the source of the matcher modules
training runs), so a changed trainer never reuses an old model.

On disk (``knowledge.cachedir.cache_dir``, ``.cache/knowledge`` by default): one JSON file per
model, ``matcher-<digest>.json``, holding the digest and the model; at most
:data:`DISK_FILES` of them (the build and the check, or two sites' languages, may
want different models), written atomically. A file that does not hold a
well-formed model for exactly this digest, spec and ids (corrupt, truncated,
another key's, hand-edited) is ignored and the model trained again.
"""

from __future__ import annotations

import json
import os
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Sequence

import knowledge.matcher.train as _train_module
from knowledge.cachedir import write_atomically
from knowledge.matcher.engine import DEFAULT_TUNABLES, SPEC_VERSION, TUNABLE_NAMES
from knowledge.matcher.train import MatchEntry, train

_MEMORY_SIZE = 2  # the current content and the one before it (serve flips between them)
_memory: OrderedDict[str, dict] = OrderedDict()
#: How many times this process trained (the MkDocs adapter reports a training).
trainings = 0

#: Model files kept on disk, most recently used first: enough for the build's and
#: the check's models of a couple of FAQ versions, never one file per edit.
DISK_FILES = 4
#: The layout of a cache file; bump when it changes.
FILE_FORMAT = 1
#: The matcher modules training runs; their source is part of the key.
_TRAINING_MODULES = ("train.py", "engine.py", "codec.py", "text.py")


def trained_model(entries: Sequence[MatchEntry], cache_dir: Path | None = None) -> dict:
    """``train(entries)``, remembered by :func:`model_digest`.

    In memory always; also in ``cache_dir`` when given. Any disk-cache failure just
    trains again. Training is deterministic, so a remembered model is the model
    training would give. Callers must not mutate the result.
    """
    entries = list(entries)
    digest = model_digest(entries)
    model = _memory.get(digest)
    if model is None:
        model = _from_disk(cache_dir, digest, entries)
    if model is None:
        global trainings
        model = train(entries)
        trainings += 1
        _to_disk(cache_dir, digest, model)
    _memory[digest] = model
    _memory.move_to_end(digest)
    while len(_memory) > _MEMORY_SIZE:
        _memory.popitem(last=False)
    return model


def model_digest(entries: Sequence[MatchEntry]) -> str:
    """The key of the model ``train(entries)`` gives (32 hex digits)."""
    import hashlib  # OpenSSL's start-up is 30 ms: paid only when the matcher runs

    payload = json.dumps(
        {
            "spec": SPEC_VERSION,
            "trainer": trainer_version(),
            "tunables": DEFAULT_TUNABLES,
            "train_options": getattr(_train_module, "TRAIN_DEFAULTS", None),
            "languages": sorted({lang for e in entries for lang in e.texts}),
            "entries": [[e.id, e.texts] for e in entries],
        },
        sort_keys=True,
        ensure_ascii=False,
        default=repr,  # an option that is not JSON still keys the model by its value
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


@lru_cache(maxsize=1)
def trainer_version() -> str:
    """``TRAINER_VERSION`` of the training code (when it defines one) and a hash of
    the matcher modules training runs: editing the trainer retrains even if
    nobody bumps a constant."""
    import hashlib

    source = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in _TRAINING_MODULES:
        try:
            source.update((here / name).read_bytes())
        except OSError:
            source.update(f"missing {name}".encode())
    return f"{getattr(_train_module, 'TRAINER_VERSION', None)!r}:{source.hexdigest()[:16]}"


# --- disk ----------------------------------------------------------------------------

def _cache_file(cache_dir: Path, digest: str) -> Path:
    return cache_dir / f"matcher-{digest}.json"


def _from_disk(cache_dir: Path | None, digest: str, entries: Sequence[MatchEntry]) -> dict | None:
    if cache_dir is None:
        return None
    cache_file = _cache_file(cache_dir, digest)
    try:
        data = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None  # absent, unreadable, truncated, not JSON
    if not isinstance(data, dict) or data.get("format") != FILE_FORMAT or data.get("digest") != digest:
        return None  # another layout, or another key's model copied or renamed here
    model = data.get("model")
    if not well_formed(model, entries):
        return None
    try:
        os.utime(cache_file)  # recently used: kept when older files are pruned
    except OSError:
        pass
    return model


def well_formed(model: Any, entries: Sequence[MatchEntry]) -> bool:
    """A model dict of this spec, for exactly the ids ``entries`` train, with the
    fields the engines read (SPEC.md §5) of the right types and lengths."""
    if not isinstance(model, dict) or model.get("spec") != SPEC_VERSION:
        return False
    ids, n = model.get("ids"), len(model.get("ids") or ())
    if ids != _trained_ids(entries):
        return False
    tunables, stems, bias, texts = model.get("tunables"), model.get("stems"), model.get("bias"), model.get("texts")
    return (
        isinstance(tunables, list) and len(tunables) == len(TUNABLE_NAMES)
        and isinstance(stems, list)
        and isinstance(bias, list) and len(bias) == n
        and isinstance(texts, list) and len(texts) == n and all(isinstance(t, list) for t in texts)
        and isinstance(model.get("weights"), str)
        and isinstance(model.get("scale"), (int, float)) and not isinstance(model.get("scale"), bool)
    )


def _trained_ids(entries: Sequence[MatchEntry]) -> list[str]:
    """The ids training keeps: entries with at least one usable text, sorted."""
    examples = getattr(_train_module, "entry_examples", None)
    if examples is None:  # the trainer's own rule, when it still has it; else any text
        return sorted({e.id for e in entries if any(t.strip() for texts in e.texts.values() for t in texts)})
    return sorted({e.id for e in entries if examples(e)})


def _to_disk(cache_dir: Path | None, digest: str, model: dict) -> None:
    if cache_dir is not None:
        _write_kept(cache_dir, "matcher", _cache_file(cache_dir, digest), {"format": FILE_FORMAT, "digest": digest, "model": model})


def _write_kept(cache_dir: Path, kind: str, target: Path, payload: Any) -> None:
    """``payload`` as JSON in ``target`` (atomically), then keep the :data:`DISK_FILES`
    most recently used ``<kind>-*.json`` files. A read-only or full disk only costs
    the next run the work again."""
    try:
        write_atomically(target, json.dumps(payload).encode("utf-8"))
        _prune(cache_dir, kind)
    except OSError:
        pass


def _prune(cache_dir: Path, kind: str) -> None:
    """Keep the :data:`DISK_FILES` most recently used ``<kind>-*.json`` files."""
    files = []
    for path in cache_dir.glob(f"{kind}-*.json"):
        try:
            files.append((path.stat().st_mtime, path))
        except OSError:
            continue
    for _, old in sorted(files, reverse=True)[DISK_FILES:]:
        try:
            old.unlink(missing_ok=True)
        except OSError:
            pass


def remembered_result(cache_dir: Path | None, kind: str, key: str, compute: Callable[[], Any], valid: Callable[[Any], bool]) -> Any:
    """``compute()``, kept on disk as ``<kind>-<sha256(key)>.json`` beside the models.

    For results that are slow and depend only on ``key`` (the check's run of every
    variant through the model: seconds at a few hundred entries). A file that does
    not parse, names another key or fails ``valid`` is ignored and computed again.
    """
    import hashlib

    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    path = None if cache_dir is None else cache_dir / f"{kind}-{digest}.json"
    if path is not None:
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(stored, dict) and stored.get("key") == digest and valid(stored.get("result")):
                os.utime(path)  # recently used: kept by the pruning
                return stored["result"]
        except (OSError, ValueError):
            pass
    result = compute()
    if cache_dir is not None and path is not None:
        _write_kept(cache_dir, kind, path, {"key": digest, "result": result})
    return result
