"""Sentences whose subject is the previous sentence's topic (anaphora in the report's text).

A sentence may answer without repeating what it is about, because its subject refers back
to the sentence before:

- a pronoun or demonstrative subject: « Celui-ci réunit trois laboratoires. », « Elle
  ouvre en juin. », « Ce dernier compte 40 lits. », « Cette dernière a recruté … »;
- a demonstrative determiner and a noun, then a verb: « Ce réseau relie les écoles. »,
  « Cette plateforme propose … », « Ces ateliers accueillent … »;
- the same after an opening participle or adjective phrase and a comma: « Financé par la
  commune, il accueille 20 enfants. », « Installée au port, cette halle vend … »;
- a possessive subject, perhaps after a quantifier: « Ses ateliers accueillent … »,
  « Certaines de ses capsules ont permis … », « Leur mission est … »;
- in English, cheaply: « It opened … », « They host … », « This network links … ».

Such a sentence lacks its topic: when it is the chosen one, its quote starts with the
sentence before it (``qa.spans.with_antecedent``), so that a reader knows what « celui-ci »
is, and the judge reads the kind asked over that sentence too (``qa.judging``). (Reading
all its features with its antecedent was measured and not kept: README, Quality.)
``opens_with_anaphor`` is grammar only: the cue words are below, in one place.
"""

from __future__ import annotations

import re
from functools import lru_cache

# pronoun subjects that stand for a noun phrase of the sentence before (« celui-ci »,
# « ce dernier »); « il / elle » + verb, not the impersonal « il y a », « il faut », « il
# s’agit de », « il est possible de », which refer to nothing
_IMPERSONAL = (
    r"y\s+a|faut|fallait|s[’']agit|convient|importe|suffit|semble|apparaît|existe|reste"
    r"|(?:est|était|sera)\s+(?:donc\s+)?(?:possible|nécessaire|important|essentiel|difficile|"
    r"intéressant|primordial|indispensable|prévu|envisagé|question|temps|probable|utile|"
    r"à\s+noter)"
)
_PRONOUN = (
    r"(?:celui|celle|ceux|celles)-(?:ci|là)|ce\s+dernier|cette\s+dernière|ces\s+derni[eè]re?s"
    rf"|(?:il|elle)(?!\s+(?:{_IMPERSONAL})\b)|ils|elles"
    # « cela / ceci » standing for what the sentence before says (« Pour les médecins, cela
    # leur garantira … », « Ceci impose : »), not « cela dit », « ceci étant »
    r"|(?:cela|ceci)(?!\s+(?:dit|étant)\b)"
    # a possessive subject, perhaps after a quantifier (« Ses capsules ont permis … »,
    # « Certaines de ses capsules … », « Leur mission … »): whose, the sentence before says
    r"|(?:(?:certain(?:e)?s|plusieurs|l['’]une|l['’]un|une\s+partie)\s+de\s+)?"
    r"(?:son|sa|ses|leurs?)\s+[^\W\d_]{3,}"
)
# « ce / cet / cette / ces » + a noun (and perhaps an adjective), then a verb or a comma, not
# a noun complement (« ce projet vise », « ce réseau, créé en … », not « ce type de … »,
# « ce qui », « ce faisant »)
_NOT_NOUN = r"qui|que|qu[’']|dont|faisant|sont|fut|n[’']"
# nouns of time and framing after « ce / cette »: « Cette année, la ville … », « À cet égard »
_NOT_TOPIC = (
    r"années?|mois|semaines?|périodes?|fois|jours?|moments?|stades?|titres?|effets?|cadres?"
    r"|sens|égards?"
)
_NOT_VERB = r"d[eu]|des|d[’']|à|au|aux|en|et|ou|pour|sur|par|dans|avec"
_DEMONSTRATIVE = (
    rf"(?:ce|cet|cette|ces)\s+(?!(?:{_NOT_NOUN}|{_NOT_TOPIC})\b)[^\W\d_]{{3,}}(?:-[^\W\d_]+)?"
    r"(?:\s+[^\W\d_]+(?:aux|el|elle|ique|al|ale|é|ée|if|ive|eur|aire)s?)?"
    rf"(?=\s*,|\s+(?!(?:{_NOT_VERB})\b)[^\W\d_])"
)
# an opening phrase up to a comma: a participle or adjective phrase (« Porté par la ville, »,
# « Doté d’un budget de 2 M€, », « Créée en 2019, »), an adverb (« Depuis, »)
_OPENING = r"(?:[^,.;:!?]{1,80},\s*)?"
_FRENCH = re.compile(rf"^\W{{0,3}}{_OPENING}(?:{_PRONOUN}|{_DEMONSTRATIVE})\b", re.IGNORECASE)
# English, only as the sentence's first words (« It opened … », « This network links … »)
_ENGLISH = re.compile(
    r"^\W{0,3}(?:it|they|this\s+[a-z]+|these\s+[a-z]+)(?=\s+[a-z])", re.IGNORECASE
)


@lru_cache(maxsize=32_768)  # the report's sentences are read for question after question
def opens_with_anaphor(sentence: str) -> bool:
    """Does the sentence open with a subject standing for the previous sentence's topic
    (« Celui-ci … », « Elle … », « Ce projet vise … », « Porté par X, il … »)?"""
    return _FRENCH.match(sentence) is not None or _ENGLISH.match(sentence) is not None
