"""Would the answer model gain from the own questions as training data? (quality log, round
of stop 35: not kept.)

Fits on the gold files alone and on the gold files with the own sets 1–4, and prints
answer_hit / false_abstain / oos_abstain by set (the first letter of the ids): 5-fold CV for
the questions fitted on, the fitted model for the ones held out (own-5). The own sets are
answered without the passage reordering in both columns, so compare columns, not these
figures with `santeqa eval`'s.

    python -m benchmarks.more_data [SEEDS, e.g. 7,8] [base|more|both]
"""

from __future__ import annotations

import os
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from benchmarks.fit_answer import GOLD, _hit, cached_encoder
from santeqa.evaluate import load_gold
from santeqa.qa.answer import choose
from santeqa.qa.passage_fit import Reordering
from santeqa.qa.train import Example, FitOptions, Judged, cross_validate, fit
from santeqa.service import Engine
from santeqa.settings import Settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
DATA = Path(__file__).parent / "data"
OWN = [DATA / f"questions-own{n}.jsonl" for n in ("", "-2", "-3", "-4")]
HELD = DATA / "questions-own-5.jsonl"


def by_set(judged: Sequence[Judged], label: str) -> None:
    """answer_hit / false_abstain / oos_abstain for each id prefix."""
    groups: dict[str, list[Judged]] = defaultdict(list)
    for j in judged:
        groups[j.gold.id[0]].append(j)
    cells = []
    for prefix, js in sorted(groups.items()):
        ans = [j for j in js if j.gold.answerable]
        oos = [j for j in js if not j.gold.answerable]
        hit = sum((not j.abstained) and _hit(j) for j in ans) / max(1, len(ans))
        withheld = sum(j.abstained for j in ans) / max(1, len(ans))
        oos_withheld = sum(j.abstained for j in oos) / max(1, len(oos))
        cells.append(f"{prefix}:{hit:.3f}/{withheld:.3f}/{oos_withheld:.3f}")
    print(label, " ".join(cells), flush=True)


def main() -> None:
    seeds = [int(s) for s in sys.argv[1].split(",")] if len(sys.argv) > 1 else [7]
    mode = sys.argv[2] if len(sys.argv) > 2 else "both"
    engine = Engine(Settings())
    idx = engine.live.current().index
    res = engine.resources(idx)
    encode = cached_encoder(engine)
    options = FitOptions()

    def examples(paths: Sequence[Path]) -> list[Example]:
        golds = [g for p in paths for g in load_gold(p)]
        return engine.training_examples(golds, options.augment_variants, encode)

    def answered(model, items: Sequence[Example]) -> list[Judged]:  # type: ignore[no-untyped-def]
        out = []
        for e in items:
            choice = choose(idx, res, model, e.evidence, e.fused)
            out.append(Judged(e.gold, choice, choice.confidence < model.threshold, tuple(e.fused)))
        return out

    gold = examples([GOLD / "dev.jsonl", GOLD / "train.jsonl"])
    own, held = examples(OWN), examples([HELD])
    runs = {"base": (gold, own + held), "more": (gold + own, held)}
    for name, (fitted_on, answered_by_fit) in runs.items():
        if mode not in (name, "both"):
            continue
        for seed in seeds:
            by_set(
                cross_validate(idx, res, fitted_on, 5, seed=seed, options=options),
                f"{name} cv{seed}",
            )
        model = fit(fitted_on, sha256="-", names=(), options=options, reorder=Reordering(idx, res))
        by_set(answered(model, answered_by_fit), f"{name} fit")


if __name__ == "__main__":
    main()
