"""Why the judge withholds questions typed in a hurry (issue 11, hurried typing).

For every answerable gold question that is neither ``messy`` nor ``english`` and each of its
perturbed variants (``benchmarks/messy.py``'s), the judge's inputs are read on the original
and on the variant, with one model (the committed one by default: fitted on these very
questions, so its confidences are optimistic, but the same model for both). For the
variants the original answers and the variant withholds, the script prints each judge
feature's mean contribution to the change of the judge's log-odds (coefficient ×
standardised change), and, with ``--show``, the questions with what the reading changed
(kind, names, salient terms).

    python benchmarks/messy_judge.py [--kinds accents typo] [--show 10] [--model FILE]
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

import numpy as np
from messy import GOLD, variants

from santeqa.evaluate import load_gold
from santeqa.qa.answer import scored, terms_reader, unknown_mass
from santeqa.qa.examples import Example
from santeqa.qa.judging import question_features
from santeqa.qa.model import AnswerModel, load_model
from santeqa.service.engine import Engine
from santeqa.settings import Settings


def judge_inputs(engine: Engine, model: AnswerModel, e: Example) -> tuple[np.ndarray, float]:
    """The judge's feature row and its confidence for one example."""
    idx = engine.live.current().index
    res = engine.resources(idx)
    cands, probs, confidence = scored(idx, res, model, e.evidence, e.fused)
    if not cands:
        return np.zeros(len(model.judge.features)), 0.0
    row = question_features(
        e.evidence, cands, probs, unknown_mass(e.evidence.weights, idx.idf), terms_reader(idx, res)
    )
    return np.asarray(row, dtype=np.float64), confidence


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--kinds", nargs="*", default=["accents", "apostrophes", "typo", "hurried"])
    ap.add_argument("--show", type=int, default=0, help="print this many withheld variants")
    ap.add_argument("--model", type=Path, help="a model file instead of the committed one")
    ap.add_argument("--variants", type=int, default=2)
    args = ap.parse_args()
    engine = Engine(Settings())
    model = load_model(args.model) if args.model else engine.answer_model
    golds = [g for f in ("dev.jsonl", "train.jsonl") for g in load_gold(GOLD / f)]
    tested = [g for g in golds if g.answerable and g.category not in ("messy", "english")]
    perturbed = [v for v in variants(tested, args.variants) if v.kind in args.kinds]
    originals = {e.gold.id: e for e in engine.training_examples(tested)}
    rewritten = engine.training_examples([v.gold for v in perturbed])
    weight = np.asarray(model.judge.coef) / np.asarray(model.judge.scale)
    names = model.judge.features
    base = {i: judge_inputs(engine, model, e) for i, e in originals.items()}
    by_kind: dict[str, list[np.ndarray]] = defaultdict(list)
    shown = 0
    for v, e in zip(perturbed, rewritten, strict=True):
        row0, conf0 = base[v.gold.id]
        row1, conf1 = judge_inputs(engine, model, e)
        if not (conf0 >= model.threshold > conf1):
            continue
        delta = weight * (row1 - row0)
        by_kind[v.kind].append(delta)
        if shown < args.show:
            shown += 1
            o = originals[v.gold.id].evidence
            top = np.argsort(delta)[:4]
            print(f"\n[{v.kind}] {conf0:.2f} → {conf1:.2f}  {v.gold.question}")
            print(f"  original: {originals[v.gold.id].gold.question}")
            print(
                f"  kind {o.asked.kind} → {e.evidence.asked.kind}; names {sorted(o.names)} → "
                f"{sorted(e.evidence.names)}"
            )
            print(f"  terms {sorted(o.weights)} → {sorted(e.evidence.weights)}")
            print("  " + ", ".join(f"{names[i]} {delta[i]:+.2f}" for i in top))
    for kind, deltas in by_kind.items():
        mean = np.mean(deltas, axis=0)
        order = np.argsort(mean)
        print(f"\n{kind}: {len(deltas)} variants answered as typed properly, withheld as typed")
        for i in order[:8]:
            print(f"  {names[i]:28s} {mean[i]:+.3f}")


if __name__ == "__main__":
    main()
