"""Passage ranking alone, cross-validated: the fused order against the fitted passage ranker
(``qa.rerank``), hit@1 / hit@5 / MRR over the answerable gold questions, k-fold by question,
averaged over several splits. Question vectors are cached as in ``fit_answer.py``.

    python benchmarks/rerank.py [--depth 10 15] [--c 0.1] [--seeds 4]
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import numpy as np

from benchmarks.fit_answer import GOLD, cached_encoder
from santeqa.evaluate import load_gold
from santeqa.qa.question import looks_english
from santeqa.qa.rerank import fit_passage_ranker, passage_labels, passage_rows, ranked_order
from santeqa.qa.retrieve import Question, RetrievalScores, fuse
from santeqa.qa.train import _folds
from santeqa.service.engine import Engine
from santeqa.settings import Settings


def _metrics(labels: Sequence[Sequence[int]]) -> tuple[float, float, float]:
    ranks = [next((i + 1 for i, y in enumerate(ys) if y), None) for ys in labels]
    n = len(ranks)
    return (
        sum(r == 1 for r in ranks) / n,
        sum(r is not None and r <= 5 for r in ranks) / n,
        sum(1 / r for r in ranks if r is not None and r <= 5) / n,
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--depth", type=int, nargs="*", default=[10])
    ap.add_argument("--c", type=float, nargs="*", default=[0.1])
    ap.add_argument("--seeds", type=int, default=4)
    ap.add_argument("--cv", type=int, default=5)
    args = ap.parse_args()
    settings = Settings()
    engine = Engine(settings)
    idx = engine.live.current().index
    res = engine.resources(idx)
    golds = [g for f in ("dev.jsonl", "train.jsonl") for g in load_gold(GOLD / f)]

    encode = cached_encoder(engine)
    examples = engine.training_examples(golds, 0, encode)
    ans = [e for e in examples if e.gold.answerable]
    for depth in args.depth:
        data = []
        for e in ans:
            ev = e.evidence
            english = looks_english(e.gold.question)
            q = Question(e.gold.question, e.gold.question, (), english)
            s = RetrievalScores(
                q, ev.chunk_dense, ev.sentence_dense, ev.lexical, ev.sentence_query_dense
            )
            fused = fuse(idx, s, depth=depth, rrf_k=settings.rrf_k, weights=engine.tunables.fusion)
            rows = passage_rows(idx, res.passage_terms, ev, fused, english)
            data.append((e, fused, rows, passage_labels(idx, e.gold, fused)))
        base = _metrics([y for _e, _f, _r, y in data])
        pool = sum(any(y) for *_x, y in data) / len(data)
        print(
            f"depth {depth}: pool recall {pool:.3f}; fused hit@1 {base[0]:.3f} "
            f"hit@5 {base[1]:.3f} mrr {base[2]:.3f}"
        )
        for c in args.c:
            got = []
            for seed in range(args.seeds):
                out: list[list[int]] = [[] for _ in data]
                for test in _folds(len(data), args.cv, seed=7 + seed):
                    held = set(int(i) for i in test)
                    train = [
                        (r, y) for i, (_e, _f, r, y) in enumerate(data) if i not in held and any(y)
                    ]
                    model = fit_passage_ranker(train, c)
                    for i in test:
                        _e, fused, rows, ys = data[int(i)]
                        order = ranked_order(model, rows)
                        out[int(i)] = [ys[j] for j in order]
                got.append(_metrics(out))
            m = np.asarray(got).mean(axis=0)
            print(f"  C {c}: hit@1 {m[0]:.3f} hit@5 {m[1]:.3f} mrr {m[2]:.3f}")
        if args.c:
            model = fit_passage_ranker([(r, y) for _e, _f, r, y in data if any(y)], args.c[0])
            for name, w in sorted(
                zip(model.features, model.coef, strict=True), key=lambda t: -abs(t[1])
            ):
                print(f"    {name:24s} {w:+.3f}")


if __name__ == "__main__":
    main()
