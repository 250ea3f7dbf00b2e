"""Measuring token-level late-interaction features for the answer ranker (issue 11).

The question's token vectors and every sentence's (the same multilingual-e5 graph, before
pooling) are computed once and cached in ``var/maxsim_cache.pkl``; extra candidate features
are appended to the 36 of ``qa.features`` by wrapping ``candidates`` (the ranker itself is
unchanged), and each variant is measured with the 4-split cross-validation of
``fit_answer.py``.

Variants (feature names in ``EXTRA``):
- ``ms_*``: ColBERT MaxSim: mean over the question's tokens of the best cosine with a
  sentence's tokens (``all``: every content piece; ``content``: pieces of words the analyser
  keeps; ``idf``: weighted by the question term's salient weight), against the sentence
  encoded alone, the union of its passage's sentences, or the sentence's tokens as read inside
  its whole passage (``ctx``); ``*_gap``: minus the best candidate's value;
- ``sim_ctx``: the sentence's tokens inside the passage encoding, mean-pooled (late chunking);
  ``sim_window``: the sentence encoded with the one before and after; ``sim_section``: the
  sentence encoded after its section title.

    python benchmarks/maxsim.py [--seeds 4] [--variants base ms_sent ...]
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).parent))

import fit_answer

import santeqa.qa.answer as answer_module
import santeqa.qa.examples as examples_module
import santeqa.qa.features as features_module
import santeqa.qa.train as train_module
from santeqa.evaluate import load_gold
from santeqa.qa.answer import read_question
from santeqa.qa.features import Candidate, Evidence, Passage
from santeqa.qa.train import FitOptions
from santeqa.service.engine import Engine
from santeqa.settings import Settings
from santeqa.text import Analyzer

CACHE = Path(__file__).resolve().parent.parent / "var" / "maxsim_cache.pkl"
Matrix = npt.NDArray[np.float32]
BASE_FEATURES = features_module.CANDIDATE_FEATURES
ORIGINAL_CANDIDATES = features_module.candidates


class TokenReader:
    """Token vectors of texts from the engine's own graph (no pooling), with their piece ids."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        encoder = engine.embedder.inner._encoder  # type: ignore[attr-defined]
        self.tokenizer = encoder.tokenizer
        self.run = encoder._run
        spec = json.loads((Path(settings.model) / "tokenizer.json").read_text("utf-8"))
        self.pieces = [p for p, _s in spec["model"]["vocab"]]

    def ids(self, text: str) -> list[int]:
        ids, _mask = self.tokenizer.encode([text])
        return [int(i) for i in ids[0]]

    def vectors(self, text: str) -> tuple[list[int], Matrix]:
        """Ids and L2-normalised token vectors of ``text`` (special tokens included)."""
        ids, mask = self.tokenizer.encode([text])
        tokens = np.asarray(self.run(ids, mask), dtype=np.float32)[0]
        tokens /= np.maximum(np.linalg.norm(tokens, axis=1, keepdims=True), 1e-9)
        return [int(i) for i in ids[0]], tokens

    def content_length(self, text: str) -> int:
        """Number of pieces of ``text`` between the special tokens."""
        return len(self.ids(text)) - 2


def _pooled(tokens: Matrix) -> Matrix:
    v = tokens.mean(axis=0)
    return np.asarray(v / max(float(np.linalg.norm(v)), 1e-9), dtype=np.float32)


def _centre(tokens: Matrix, mean: Matrix) -> Matrix:
    t = tokens - mean
    return np.asarray(t / np.maximum(np.linalg.norm(t, axis=1, keepdims=True), 1e-9), np.float32)


def build_cache(engine: Engine, settings: Settings, questions: Sequence[str]) -> dict[str, Any]:
    """Every vector the variants need, computed once (minutes on two cores)."""
    known: dict[str, Any] = pickle.loads(CACHE.read_bytes()) if CACHE.exists() else {}
    if known.get("questions_done", set()) >= set(questions):
        return known
    reader = TokenReader(engine, settings)
    idx = engine.live.current().index
    qp, pp = settings.query_prefix, settings.passage_prefix
    n_qp, n_pp = reader.content_length(qp.rstrip()), reader.content_length(pp.rstrip())
    out: dict[str, Any] = {"pieces": reader.pieces, "questions": {}}
    for q in dict.fromkeys(questions):
        ids, vecs = reader.vectors(qp + q)
        out["questions"][q] = (ids[1 + n_qp : -1], vecs[1 + n_qp : -1], vecs)
    sent_alone, sent_ctx, sim_window, sim_section = [], [], [], []
    mismatched = 0
    for chunk in idx.chunks:
        texts = [chunk.text[s.start : s.end] for s in chunk.sentences]
        full_ids, full = reader.vectors(pp + chunk.text)
        for j, s in enumerate(chunk.sentences):
            ids, vecs = reader.vectors(pp + texts[j])
            sent_alone.append(vecs[1 + n_pp : -1])
            # the sentence's pieces inside the passage's encoding: counted from the pieces of
            # the text before it (pieces split at spaces, so the counts add up)
            lo = 1 + reader.content_length((pp + chunk.text[: s.start]).rstrip())
            hi = 1 + reader.content_length((pp + chunk.text[: s.end]).rstrip())
            lo, hi = min(lo, len(full) - 1), min(max(hi, lo + 1), len(full) - 1)
            if full_ids[lo:hi] != ids[1 + n_pp : -1]:
                mismatched += 1
            sent_ctx.append(full[lo:hi] if hi > lo else vecs[1 + n_pp : -1])
            window = " ".join(texts[max(0, j - 1) : j + 2])
            sim_window.append(_pooled(reader.vectors(pp + window)[1]))
            title = " ".join(chunk.section)
            sim_section.append(_pooled(reader.vectors(pp + f"{title}\n{texts[j]}")[1]))
    print(f"sentences whose pieces differ inside the passage encoding: {mismatched}")
    out.update(
        sent_alone=sent_alone,
        sent_ctx=sent_ctx,
        sim_window=np.stack(sim_window),
        sim_section=np.stack(sim_section),
        questions_done=set(questions),
    )
    CACHE.parent.mkdir(exist_ok=True)
    CACHE.write_bytes(pickle.dumps(out))
    return out


def question_weights(
    ids: Sequence[int], pieces: Sequence[str], ev: Evidence, analyzer: Analyzer, how: str
) -> npt.NDArray[np.float64]:
    """A weight per question piece: ``all`` 1 each (punctuation pieces 0), ``content`` 1 for
    pieces of words the analyser keeps, ``idf`` the word's salient weight."""
    words: list[list[int]] = []
    for k, i in enumerate(ids):
        if pieces[i].startswith("▁") or not words:
            words.append([])
        words[-1].append(k)
    out = np.zeros(len(ids))
    for word in words:
        text = "".join(pieces[ids[k]] for k in word).replace("▁", "")
        if not any(ch.isalnum() for ch in text):
            continue
        terms = analyzer.terms(text)
        if how == "all":
            w = 1.0
        elif how == "content":
            w = 1.0 if terms else 0.0
        else:
            w = max((ev.weights.get(t, 0.0) for t in terms), default=0.0)
        out[word] = w
    if not out.sum():
        out[:] = 1.0
    return out


def maxsim(question: Matrix, weights: npt.NDArray[np.float64], sentence: Matrix) -> float:
    """Weighted mean over question tokens of the best cosine with the sentence's tokens."""
    best = (question @ sentence.T).max(axis=1)
    return float((best * weights).sum() / weights.sum())


class Extras:
    """The extra candidate features, per question (keyed by its Evidence object)."""

    def __init__(self, cache: dict[str, Any], names: Sequence[str]) -> None:
        self.cache = cache
        self.names = tuple(names)
        self.by_evidence: dict[int, tuple[str, npt.NDArray[np.float32]]] = {}
        self.analyzer = Analyzer()
        self.weights: dict[tuple[int, str], npt.NDArray[np.float64]] = {}
        # token vectors of a mean-pooled model share one strong common direction (every
        # cosine is high): ``msz_*`` reads them with the corpus's mean token removed
        tokens = np.concatenate(cache["sent_alone"])
        self.mean_token = tokens.mean(axis=0)
        self.centred = [_centre(t, self.mean_token) for t in cache["sent_alone"]]

    def _wants(self, prefix: str) -> bool:
        return any(n.startswith(prefix) for n in self.names)

    def register(self, ev: Evidence, expanded: str, vector: npt.NDArray[np.float32]) -> None:
        self.by_evidence[id(ev)] = (expanded, vector)

    def _qw(self, ev: Evidence, how: str) -> npt.NDArray[np.float64]:
        key = (id(ev), how)
        if key not in self.weights:
            expanded, _v = self.by_evidence[id(ev)]
            ids = self.cache["questions"][expanded][0]
            self.weights[key] = question_weights(ids, self.cache["pieces"], ev, self.analyzer, how)
        return self.weights[key]

    def values(self, ev: Evidence, passages: Sequence[Passage]) -> list[dict[str, float]]:
        expanded, qvec = self.by_evidence[id(ev)]
        qtok = self.cache["questions"][expanded][1]
        qz = _centre(qtok, self.mean_token)
        rows: list[dict[str, float]] = []
        alone, ctx = self.cache["sent_alone"], self.cache["sent_ctx"]
        for p in passages:
            n = len(p.chunk.sentences)
            srows = range(p.first_sentence_row, p.first_sentence_row + n)
            per_passage = {}
            if self._wants("msp_"):
                union = np.concatenate([alone[r] for r in srows])
                for how in ("all", "content", "idf"):
                    per_passage[f"msp_{how}"] = maxsim(qtok, self._qw(ev, how), union)
            if self._wants("mszp_"):
                union = np.concatenate([self.centred[r] for r in srows])
                for how in ("content", "idf"):
                    per_passage[f"mszp_{how}"] = maxsim(qz, self._qw(ev, how), union)
            for r in srows:
                v = dict(per_passage)
                for how in ("all", "content", "idf"):
                    w = self._qw(ev, how)
                    v[f"ms_{how}"] = maxsim(qtok, w, alone[r])
                    v[f"msc_{how}"] = maxsim(qtok, w, ctx[r])
                    v[f"msz_{how}"] = maxsim(qz, w, self.centred[r])
                v["sim_ctx"] = float(_pooled(ctx[r]) @ qvec)
                v["sim_window"] = float(self.cache["sim_window"][r] @ qvec)
                v["sim_section"] = float(self.cache["sim_section"][r] @ qvec)
                rows.append(v)
        for key in [k for k in rows[0] if k.startswith(("ms", "sim_"))] if rows else []:
            best = max(v[key] for v in rows)
            for v in rows:
                v[key + "_gap"] = v[key] - best
        return rows

    def candidates(self, ev: Evidence, passages: Sequence[Passage]) -> list[Candidate]:
        cands = ORIGINAL_CANDIDATES(ev, passages)
        if not self.names:
            return cands
        extra = self.values(ev, passages)
        return [
            Candidate(c.rank, c.row, c.sentence, c.features + tuple(v[n] for n in self.names))
            for c, v in zip(cands, extra, strict=True)
        ]


def use(extras: Extras) -> None:
    """Route the fitting pipeline and the answer step through ``extras``."""
    names = BASE_FEATURES + extras.names
    answer_module.candidates = extras.candidates  # type: ignore[assignment]
    examples_module.make_candidates = extras.candidates  # type: ignore[assignment]
    train_module.CANDIDATE_FEATURES = names  # type: ignore[misc]


def rebuild(examples: list[train_module.Example], idx: Any, res: Any) -> list[Any]:
    """Examples with candidates recomputed through the current ``candidates``."""
    return [train_module.make_example(idx, res, e.gold, e.evidence, e.fused) for e in examples]


VARIANTS: dict[str, tuple[str, ...]] = {
    "base": (),
    "ms_all": ("ms_all", "ms_all_gap"),
    "ms_content": ("ms_content", "ms_content_gap"),
    "ms_idf": ("ms_idf", "ms_idf_gap"),
    "ms_idf_passage": ("ms_idf", "ms_idf_gap", "msp_idf"),
    "ms_content_passage": ("ms_content", "ms_content_gap", "msp_content"),
    "msc_content": ("msc_content", "msc_content_gap"),
    "msc_idf": ("msc_idf", "msc_idf_gap"),
    "sim_ctx": ("sim_ctx", "sim_ctx_gap"),
    "sim_window": ("sim_window", "sim_window_gap"),
    "sim_section": ("sim_section", "sim_section_gap"),
    "ms_content+window": ("ms_content", "ms_content_gap", "sim_window", "sim_window_gap"),
    "ms_content+ctx": ("ms_content", "ms_content_gap", "sim_ctx", "sim_ctx_gap"),
    "msz_content": ("msz_content", "msz_content_gap"),
    "msz_idf": ("msz_idf", "msz_idf_gap"),
    "msz_all": ("msz_all", "msz_all_gap"),
    "msz_idf_passage": ("msz_idf", "msz_idf_gap", "mszp_idf"),
    "msc_idf+section": ("msc_idf", "msc_idf_gap", "sim_section", "sim_section_gap"),
    "msc_idf+msz_idf+ctx": (
        "msc_idf",
        "msc_idf_gap",
        "msz_idf",
        "msz_idf_gap",
        "sim_ctx",
        "sim_ctx_gap",
    ),
    "ms_idf+window+section": (
        "ms_idf",
        "ms_idf_gap",
        "sim_window",
        "sim_window_gap",
        "sim_section",
        "sim_section_gap",
    ),
}


def diagnose(
    examples: Sequence[train_module.Example],
    cache: dict[str, Any],
    expanded: Sequence[str],
    qvecs: Sequence[npt.NDArray[np.float32]],
) -> None:
    """How often each raw signal alone puts a right sentence first, per category (answerable
    questions with a right candidate; no fitting, so nothing to cross-validate)."""
    signals = ("ms_all", "ms_content", "ms_idf", "msc_content", "msz_content", "msz_idf")
    signals += ("sim_ctx", "sim_window", "sim_section")
    extras = Extras(cache, signals)
    for e, text, vec in zip(examples, expanded, qvecs, strict=True):
        extras.register(e.evidence, text, vec)
    sim_at = BASE_FEATURES.index("sim")
    cov_at = BASE_FEATURES.index("cov")
    wins: dict[str, dict[str, list[int]]] = {}
    for e in examples:
        if not e.gold.answerable or not any(e.labels):
            continue
        idx_rows = [c.features for c in e.candidates]
        values = extras.values(e.evidence, _passages_of(e))
        columns = {"sim": [f[sim_at] for f in idx_rows], "cov": [f[cov_at] for f in idx_rows]}
        columns.update({n: [v[n] for v in values] for n in signals})
        for name, col in columns.items():
            best = int(np.argmax(col))
            for cat in ("overall", e.gold.category):
                wins.setdefault(name, {}).setdefault(cat, []).append(e.labels[best])
    cats = sorted(wins["sim"])
    print(f"{'signal':14}" + "".join(f"{c[:9]:>10}" for c in cats))
    for name, by_cat in wins.items():
        print(f"{name:14}" + "".join(f"{np.mean(by_cat[c]):>10.3f}" for c in cats))


def _passages_of(e: train_module.Example) -> list[Passage]:
    return PASSAGES_OF(e.fused)


PASSAGES_OF: Any = None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=4)
    ap.add_argument("--cv", type=int, default=5)
    ap.add_argument("--variants", nargs="*", default=list(VARIANTS))
    ap.add_argument("--extra", nargs="*", default=[], help="an ad-hoc variant: feature names")
    ap.add_argument("--ranker-c", type=float, default=FitOptions().ranker_c)
    ap.add_argument("--diagnose", action="store_true", help="each raw signal's top-1 alone")
    args = ap.parse_args()
    settings = Settings()
    engine = Engine(settings)
    idx = engine.live.current().index
    res = engine.resources(idx)
    golds = [g for f in ("dev.jsonl", "train.jsonl") for g in load_gold(fit_answer.GOLD / f)]
    analyzer = Analyzer()
    expanded = [read_question(idx, res, g.question, analyzer)[1].expanded for g in golds]
    cache = build_cache(engine, settings, expanded)

    encode = fit_answer.cached_encoder(engine)
    examples = engine.training_examples(golds, 0, encode)
    qvecs = encode(expanded)
    if args.diagnose:
        global PASSAGES_OF
        PASSAGES_OF = lambda fused: answer_module.passages(idx, res, fused)  # noqa: E731
        diagnose(examples, cache, expanded, qvecs)
        return
    variants = {v: VARIANTS[v] for v in args.variants}
    if args.extra:
        variants["extra"] = tuple(args.extra)
    for name, features in variants.items():
        extras = Extras(cache, features)
        for e, text, vec in zip(examples, expanded, qvecs, strict=True):
            extras.register(e.evidence, text, vec)
        use(extras)
        print(f"--- {name}: {features}", flush=True)
        options = FitOptions(ranker_c=args.ranker_c)
        fit_answer._averaged(idx, res, rebuild(examples, idx, res), args.cv, args.seeds, options)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
