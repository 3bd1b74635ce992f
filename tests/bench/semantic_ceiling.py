"""What a semantic signal would add to the matcher (DEV splits only): SPEC.md §11.

An experiment, not part of the product or of CI. It answers "what would it take"
with a figure: the shipped matcher's confidence, fused with the similarity a small
sentence encoder gives between the query and each entry's texts, scored on the dev
splits of ../shared/bench/ and on the dev half of the sample FAQ query set.

The encoder is far outside what the browser can carry (all-MiniLM-L6-v2: 22 M
parameters, 90 MB of weights, plus a tokenizer and a runtime, against a 15 KB gz
budget for the matcher's script and 2x MiniSearch's index for its data), so this
measures the ceiling of that direction, not something to ship.

Needs sentence-transformers (and torch) in the environment, which the project does
not depend on; run it from a separate virtualenv with the project on the path:

    python -m venv /tmp/semvenv
    /tmp/semvenv/bin/pip install sentence-transformers rapidfuzz snowballstemmer numpy pyyaml pydantic
    PYTHONPATH=plugins /tmp/semvenv/bin/python tests/bench/semantic_ceiling.py \\
        --model sentence-transformers/all-MiniLM-L6-v2     # or a local model folder

Fusion: our top 3 candidates plus the encoder's top 3 are re-ranked by
``conf + lam * sem`` (``sem``: mean of the entry's two most similar texts, cosine;
an entry only the encoder proposes gets our lowest candidate's ``conf`` minus 1).
One abstention threshold per ``lam``, calibrated on pooled dev for the best mean
group bal, as the matcher's own threshold is (SPEC.md §8).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "matcher"))
from matcher_dev import BENCH, GROUPS, SETS, load_entries  # noqa: E402
from metrics import Prediction, score  # noqa: E402
from sample_faq import FAQ_DIR, REPO, load_queries  # noqa: E402

from knowledge.matcher import MatchEntry, Matcher, match_entries, train  # noqa: E402

LAMBDAS = (0, 2, 4, 6, 8, 12)


def entry_similarity(encoder, entries: list[MatchEntry], queries: list[str]) -> np.ndarray:
    """queries x entries: mean of the two highest cosines with the entry's texts."""
    texts, owner = [], []
    for i, e in enumerate(entries):
        for ts in e.texts.values():
            texts.extend(ts)
            owner.extend([i] * len(ts))
    t = encoder.encode(texts, batch_size=128, normalize_embeddings=True, convert_to_numpy=True)
    q = encoder.encode(queries, batch_size=128, normalize_embeddings=True, convert_to_numpy=True)
    sims = q @ t.T
    owner_arr = np.array(owner)
    out = np.empty((len(queries), len(entries)))
    for i in range(len(entries)):
        cols = -np.sort(-sims[:, owner_arr == i], axis=1)
        out[:, i] = cols[:, :2].mean(axis=1)
    return out


def fused(cands: list[dict], sem: np.ndarray, ids: list[str], lam: float) -> Prediction:
    if lam == 0:
        return Prediction(tuple(c["id"] for c in cands), cands[0]["conf"] if cands else float("-inf"))
    floor = min((c["conf"] for c in cands), default=0.0) - 1.0
    pool = {c["id"]: c["conf"] for c in cands}
    for k in np.argsort(-sem)[:3]:
        pool.setdefault(ids[k], floor)
    index = {x: k for k, x in enumerate(ids)}
    ranked = sorted(((conf + lam * sem[index[i]], i) for i, conf in pool.items()), key=lambda x: (-x[0], x[1]))
    return Prediction(tuple(i for _, i in ranked[:3]), ranked[0][0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="sentence-transformers model name or folder")
    args = parser.parse_args(argv)
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        print("semantic_ceiling: needs sentence-transformers (see the docstring)", file=sys.stderr)
        return 2
    encoder = SentenceTransformer(args.model, device="cpu")

    runs: dict[str, tuple[list, list, np.ndarray, list[str]]] = {}
    for name in SETS:
        entries = load_entries(name)
        matcher = Matcher(train(entries))
        queries = json.loads((BENCH / name / "dev.json").read_text(encoding="utf-8"))
        texts = [q["query"] for q in queries]
        runs[name] = ([matcher.signals(t) for t in texts], [q["expected_id"] for q in queries],
                      entry_similarity(encoder, entries, texts), [e.id for e in entries])

    from knowledge.faq.loader import load_faq

    faq, _ = load_faq(FAQ_DIR, root=REPO, require_all_languages=False)
    sample_entries = match_entries(faq)
    sample_matcher = Matcher(train(sample_entries))
    rows = load_queries("dev")
    sample = ([sample_matcher.signals(r["q"]) for r in rows], [r["expected"] for r in rows],
              entry_similarity(encoder, sample_entries, [r["q"] for r in rows]), [e.id for e in sample_entries])

    print(f"dev splits, encoder {args.model}; per group top1 / bal / prec@t at one pooled threshold")
    for lam in LAMBDAS:
        preds = {n: [fused(c, s, ids, lam) for c, s in zip(cands, sem)] for n, (cands, _, sem, ids) in runs.items()}
        grid = sorted({round(p.confidence, 3) for ps in preds.values() for p in ps if np.isfinite(p.confidence)})
        grid = grid[:: max(1, len(grid) // 400)]

        def groups_at(t: float) -> dict[str, np.ndarray]:
            per_set = {n: score(preds[n], runs[n][1], t) for n in SETS}
            return {g: np.mean([[per_set[n].top1, per_set[n].bal, per_set[n].prec or 0] for n in names], axis=0)
                    for g, names in GROUPS.items()}

        t = max(grid, key=lambda t: np.mean([v[1] for v in groups_at(t).values()]))
        g = groups_at(t)
        cells = "  ".join(f"{k} {v[0]:.1f}/{v[1]:.1f}/{v[2]:.1f}" for k, v in g.items())
        avg = np.mean([v[0] for v in g.values()]), np.mean([v[1] for v in g.values()])
        label = "ours alone" if lam == 0 else f"fused, lam {lam}"
        print(f"{label:16} {cells}  avg {avg[0]:.2f}/{avg[1]:.2f}")

        cands, expected, sem, ids = sample
        sp = [fused(c, s, ids, lam) for c, s in zip(cands, sem)]
        n_in = sum(e is not None for e in expected)
        best = None
        for t in sorted({p.confidence for p in sp if np.isfinite(p.confidence)}):
            right = sum(p.best == e and p.confidence >= t for p, e in zip(sp, expected) if e is not None) / n_in
            quiet = sum(p.confidence < t for p, e in zip(sp, expected) if e is None) / (len(expected) - n_in)
            if best is None or min(right, quiet) > min(best[0], best[1]):
                best = (right, quiet)
        top = score(sp, expected, float("inf")).top1
        print(f"{'':16} sample FAQ dev half: top1 {top:.1f}; best balanced point: in scope correct "
              f"{100 * best[0]:.1f} %, out of scope abstained {100 * best[1]:.1f} %")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
