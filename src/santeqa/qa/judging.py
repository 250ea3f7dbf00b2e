"""The judge's features (is the question answered at all?): ``question_features`` reads, for
one question, how good the ranker's best candidate is and what it lacks; the evidence below
is read from grammar and retrieval.

Most questions the report does not answer are near-topic: the best sentence names the plan,
the company or the agency, and even holds a number or a date, but not *the* one asked for.
What tells them apart, in general terms:

- **where the asked kind stands** (``kind_near``): in an answer the number (the date, the
  amount, the name…) stands among the question's own words (« le musée a accueilli 12 000
  visiteurs » for « combien de visiteurs le musée a-t-il accueillis ? »); near-topic, the
  sentence's number belongs to another part of it (« le musée, rénové par la ville après la
  crue, a reçu 3 prix »);
- **what is missing, without the kind's own noun** (``top_missing_content``,
  ``best_missing_content``): « en quelle ANNÉE », « quel POURCENTAGE », « quel NOMBRE » name
  the kind asked, which an answer holds as a figure, not as that word; so they are not
  counted as missing (a missing « année » told the judge a dated answer lacked something);
- **whether the retrievers agree** (``retrievers_agree``): the dense and the lexical
  retrievers putting the same passage first;
- **a state or a past event asked of a target** (``now_of_target``): « combien … aujourd'hui
  ? » or « en quelle année X a-t-il été lancé ? » read where the best sentence only states a
  target (« l'objectif est d'atteindre 400 … d'ici 2030 »).

Nothing here knows the report: the kinds' spans are ``qa.facts``'s patterns, the kind nouns
are general French and English.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from santeqa.qa.anaphor import opens_with_anaphor
from santeqa.qa.facts import FLAG_OF_KIND, SOFT_KINDS, kind_spans
from santeqa.qa.features import CANDIDATE_FEATURES, Candidate, Evidence, indicator, logit
from santeqa.qa.scope import missing_share, states_target_only
from santeqa.text import shared_analyzer
from santeqa.tunables import AnswerShape

JUDGE_FEATURES = (
    "kind_near",
    "top_missing_content",
    "best_missing_content",
    "retrievers_agree",
    "now_of_target",
)

NEAR_WORDS = AnswerShape.judge_near_words  # either side of a span of the asked kind
NEAR_CANDIDATES = AnswerShape.judge_near_candidates  # the likeliest sentences read
NEAR_TIE = AnswerShape.judge_near_tie  # log-odds within which a neighbour is quoted too
# nouns that name the kind asked rather than a thing of the report (folded)
_KIND_NOUNS = frozenset(
    "annee annees date dates periode duree nombre chiffre montant somme part proportion "
    "pourcentage taux nom year years number amount share percentage rate name".split()
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


@lru_cache(maxsize=16_384)
def _word_terms(word: str) -> tuple[str, ...]:
    return tuple(shared_analyzer().terms(word))


def near_mass(
    text: str, kind: str | None, weights: dict[str, float], common: frozenset[str] = frozenset()
) -> float:
    """The largest share of the question's salient weight standing within ``NEAR_WORDS``
    words of one span of the asked kind in ``text`` (0 when the text holds none, or when
    nothing precise is asked)."""
    flag = FLAG_OF_KIND.get(kind or "")
    total = sum(weights.values())
    if flag is None or not total:
        return 0.0
    spans = kind_spans(text, flag, common)
    if not spans:
        return 0.0
    words = [(m.start(), m.end(), _word_terms(m.group())) for m in _WORD.finditer(text)]
    best = 0.0
    for start, end in spans:
        inside = [i for i, (a, b, _t) in enumerate(words) if a < end and b > start]
        if inside:
            lo, hi = inside[0] - NEAR_WORDS, inside[-1] + NEAR_WORDS
        else:  # a span of no word (« € » alone): placed before the next word
            after = next((i for i, w in enumerate(words) if w[0] >= end), len(words))
            lo, hi = after - NEAR_WORDS, after + NEAR_WORDS - 1
        near = {t for _a, _b, terms in words[max(lo, 0) : hi + 1] for t in terms}
        best = max(best, sum(w for t, w in weights.items() if t in near) / total)
    return best


def content_weights(weights: dict[str, float]) -> dict[str, float]:
    """The salient question terms without the nouns that name the kind asked (« en quelle
    ANNÉE », "what PERCENTAGE")."""
    kinds = _kind_stems()
    return {t: w for t, w in weights.items() if t not in kinds}


@lru_cache(maxsize=1)
def _kind_stems() -> frozenset[str]:
    return frozenset(t for w in _KIND_NOUNS for t in shared_analyzer().terms(w))


def judge_features(
    ev: Evidence,
    cands: Sequence[Candidate],
    order: Sequence[int],
    terms_of: Callable[[Candidate], tuple[frozenset[str], frozenset[str]]],
) -> dict[str, float]:
    """The values of ``JUDGE_FEATURES`` for one question; ``order``: the candidates by
    decreasing ranker score (at least one)."""
    window, passage = terms_of(cands[order[0]])
    content = content_weights(ev.weights)
    total = sum(content.values())
    absent = [w for t, w in content.items() if t not in window]
    dense_top = int(ev.chunk_dense.argmax()) if len(ev.chunk_dense) else -1
    lexical_top = int(ev.lexical.argmax()) if len(ev.lexical) else -2
    return {
        "kind_near": max(
            near_mass(cands[i].text, ev.asked.kind, ev.weights, ev.common_words)
            for i in order[:NEAR_CANDIDATES]
        ),
        "top_missing_content": max(absent, default=0.0) / AnswerShape.unknown_term_idf,
        "best_missing_content": (
            sum(w for t, w in content.items() if t not in passage and t not in window) / total
            if total
            else 0.0
        ),
        "retrievers_agree": 1.0 if dense_top == lexical_top else 0.0,
        # « combien … aujourd'hui ? », « en quelle année … a-t-il été lancé ? » read where only
        # a target is stated (« l'objectif est d'atteindre 400 … d'ici 2030 »): neither the
        # state of things now nor what happened is said
        "now_of_target": indicator(
            (ev.asks_now or ev.asks_past) and states_target_only(cands[order[0]].text)
        ),
    }


QUESTION_FEATURES = (
    "best",
    "margin",
    "typed_cov",
    "focused",
    "counted_number_any",
    "best_counted_number",
    "names_missing",
    "names_missing_passage",
    "best_sim",
    "closest",
    "best_cov",
    "best_type_miss",
    "best_counted_miss",
    "unknown_mass",
    "english",
    "english_type_miss",
    "kind_none",
    "factual",
    "target_missing",
    "restriction_missing_window",
    "counted_elsewhere",
    "two_parts",
    *JUDGE_FEATURES,  # qa.judging
)
#: the answer kinds that are a fact a sentence visibly holds (a count, a date, a name…); not
#: a soft kind, which a description may answer too
FACTUAL_KINDS = frozenset(FLAG_OF_KIND) - SOFT_KINDS


def _type_miss_quoted(
    cands: Sequence[Candidate],
    scores: Sequence[float],
    best: int,
    name: dict[str, int],
    counted: bool = False,
) -> float:
    """The best candidate's ``type_miss``, read over what is quoted with it: a lead-in
    (« … donne les chiffres suivants : ») is quoted with its items, which may hold the asked
    kind (« 72 % … ») where the lead-in does not; a next or previous sentence of its passage
    nearly as likely (within ``NEAR_TIE`` log-odds) is quoted with it too
    (``qa.spans.join_neighbours``), and may hold it (« Le projet X a été retenu … . Doté de
    4 M€ … »)."""
    top = cands[best]
    if not top.features[name["type_miss"]]:
        return 0.0
    floor = logit(scores[best]) - NEAR_TIE
    # a count lent must be one of the thing counted (« 6 M€ » answers no « combien de chercheurs »)
    lends = "counted_number" if counted else "type_match"
    for c, p in zip(cands, scores, strict=True):
        beside = c.row == top.row and abs(c.sentence - top.sentence) == 1
        if beside and c.features[name[lends]] and logit(p) >= floor:
            return 0.0
    if opens_with_anaphor(top.text):
        # quoted after the sentence it refers to (``qa.spans.with_antecedent``: « BODYCAP
        # développe … . Certaines de ses capsules … »), which may hold the kind asked
        before = next(
            (c for c in cands if c.row == top.row and c.sentence == top.sentence - 1), None
        )
        if before is not None and before.features[name["type_match"]]:
            return 0.0
    if not top.features[name["lead_in"]]:
        return top.features[name["type_miss"]]
    by_sentence = {c.sentence: c for c in cands if c.row == top.row}
    k = top.sentence + 1
    while k in by_sentence and by_sentence[k].features[name["bullet"]]:
        if by_sentence[k].features[name["type_match"]]:
            return 0.0
        k += 1
    return top.features[name["type_miss"]]


def question_features(
    ev: Evidence,
    cands: Sequence[Candidate],
    scores: Sequence[float],
    unknown_mass: float,
    terms_of: Callable[[Candidate], tuple[frozenset[str], frozenset[str]]],
) -> tuple[float, ...]:
    """Evidence for answerability: how good the best candidate is and what it lacks."""
    name = {n: i for i, n in enumerate(CANDIDATE_FEATURES)}
    order = sorted(range(len(cands)), key=lambda i: -scores[i])
    if not order:
        return tuple(0.0 for _ in QUESTION_FEATURES)
    top = cands[order[0]].features
    second = scores[order[1]] if len(order) > 1 else 0.0
    closest = float(ev.sentence_dense.max()) if len(ev.sentence_dense) else 0.0
    window, passage = terms_of(cands[order[0]])
    names = ev.names
    # a question asking several things, one of them no precise kind (« Quelle est la cause
    # de X, et depuis quand … ? »): a sentence answering that part misses no kind asked
    open_part = any(k is None or k in SOFT_KINDS for k in ev.asked.part_kinds)
    factual = ev.asked.kind in FACTUAL_KINDS and not open_part
    typed = [
        c.features[name["cov_window"]] * (c.features[name["type_match"]] if factual else 1.0)
        for c in cands
    ]
    focused = 0.0
    for c in cands:
        if factual and not c.features[name["type_match"]]:
            continue
        win, _p = terms_of(c)
        named = 1.0 - (len(names - win) / len(names) if names else 0.0)
        counted = ev.counted_stem is None or ev.counted_stem in win
        focused = max(focused, named * c.features[name["cov_window"]] * (1.0 if counted else 0.5))
    type_miss = (
        0.0
        if open_part
        else _type_miss_quoted(cands, scores, order[0], name, ev.asked.counted is not None)
    )
    values = {
        "best": logit(scores[order[0]]),
        "focused": focused,
        "counted_number_any": max(c.features[name["counted_number"]] for c in cands),
        "best_counted_number": top[name["counted_number"]],
        "margin": logit(scores[order[0]]) - logit(second),
        "typed_cov": max(typed),
        "names_missing": len(names - window) / len(names) if names else 0.0,
        "names_missing_passage": len(names - passage) / len(names) if names else 0.0,
        "best_sim": top[name["sim"]],
        "closest": closest,
        "best_cov": top[name["cov"]],
        "best_type_miss": type_miss,
        "best_counted_miss": top[name["counted_miss"]],
        "unknown_mass": unknown_mass,
        "english": indicator(ev.asked.english),
        # an English question's words rarely stand in the French text, so the judge lifts it
        # (``english``); a kind asked and not held is no less a miss in English
        "english_type_miss": indicator(ev.asked.english) * type_miss,
        "kind_none": indicator(ev.asked.kind is None),
        # a question asking two things (« quand … et combien … ? »): its best sentence answers
        # one part, so it covers less of the question than one answering a single question
        "two_parts": indicator(ev.parts_asked > 1),
        "factual": indicator(ev.asked.kind in FACTUAL_KINDS),
        # the thing a « quel … » question asks for, absent from where the answer is read
        "target_missing": indicator(ev.target_stem is not None and not ev.target_stems & window),
        # a year, a place, « annuel » the question restricts to, absent where the answer is read
        # and from the notes it cites (« … se déclinera en 4 axes »¹⁶ for « … la feuille de
        # route 2023-2027 ? », note 16 being « Feuille de route … 2023-2027 »)
        "restriction_missing_window": missing_share(
            ev.restrictions, window | cands[order[0]].cited
        ),
        # the best sentence names the counted thing and holds a number, but not « N things »:
        # its number counts something else (« 19 spécialités … de téléconsultation »)
        "counted_elsewhere": indicator(
            ev.asked.kind == "quantity"
            and bool(top[name["type_match"]])
            and bool(top[name["counted_in"]])
            and not top[name["counted_number"]]
        ),
    }
    # what the asked kind stands near, what is missing but the kind's own noun, whether the
    # retrievers agree (qa.judging)
    values.update(judge_features(ev, cands, order, terms_of))
    return tuple(values[n] for n in QUESTION_FEATURES)
