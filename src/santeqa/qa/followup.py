"""Follow-up questions resolved with the earlier turns of a conversation, by grammar, no model.

A conversation is a list of earlier questions, oldest first (the server keeps none). Each
earlier question is resolved against the one before it, so that a chain of follow-ups keeps
its referent; then the new question is resolved against the last of them, and what is
searched reads as a complete question:

- **Ellipsis** — a question that opens with « Et … », « Qu'en est-il de … », "And …", "What
  about …" is the earlier question with one part of the same kind swapped (``qa.ellipsis``:
  « Et en 2022 ? », « Et à Rouen ? », « Et les infirmiers ? »). A fragment that is a clause
  of its own (« Et combien ont fermé ? ») counts what the earlier question counted and gets
  the rest of it, less its question phrase and predicate, as context after a « — ».
- **Anaphora** — a pronoun, possessive or demonstrative for something the question does not
  name (« Quand a-t-elle été créée ? », « Quel est son budget ? », « ce baromètre », "Who
  funds it?") is replaced by the earlier phrase it agrees with (``qa.antecedent`` finds the
  phrases, ``qa.putback`` writes the question in full). What has no place of its own (« y »,
  « ce chiffre », an English question after a French one) gets it as context after a « — ».
- Anything else is a **complete question** and is searched as it is: a question naming its
  own subject (an acronym, a proper noun, a subject before an inverted verb: « Quel budget le
  programme a-t-il reçu ? ») or what its pronouns stand for ignores the history.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from santeqa.qa.antecedent import (
    ARTICLES,
    ATTRIBUTES,
    FEMININE,
    ORDINALS,
    PREPOSITIONS,
    Mention,
    _asked_for,
    inverted_verb,
    join,
    mentions,
    opener_in_lower_case,
    phrase_before,
    plain,
    spaced,
    subject_before,
    tokens,
)
from santeqa.qa.ellipsis import CLITIC, COUNTED_EN, swap
from santeqa.qa.hurried import expand_shorthand
from santeqa.qa.putback import before_infinitive, demonstrative, put_back
from santeqa.qa.question import asked
from santeqa.text import MARKED_NAME, Analyzer, fold, shared_analyzer

#: most earlier questions a follow-up may come with (the API refuses more)
MAX_HISTORY = 5
#: between a resolved follow-up and the context it was given (« Qui y a accès ? — SNDS »)
CONTEXT_MARK = " — "

_LEAD = re.compile(
    r"^\s*(?:(?:et\s+)?(?:qu['’]en\s+est-il\s+|pour\s+ce\s+qui\s+(?:est|concerne)\s+|"
    # « et côté X ? », « et du côté de X ? », « et au niveau de X ? » (spoken: « concernant »;
    # « cote » as typed in a hurry)
    r"s['’]agissant\s+|(?:du\s+)?c[oô]t[ée]\s+|(?:au\s+)?niveau\s+)|et\s+(?:concernant\s+|sinon\s+)?|"
    r"and\s+(?:what|how)\s+about\s+|(?:what|how)\s+about\s+|and\s+)",
    re.IGNORECASE,
)
# after « qu'en est-il », « pour ce qui est »: « de » belongs to the lead (« des infirmiers »)
_GOVERNED = re.compile(r"^(?:d['’]|de\s+(?=la\s|l['’]|[A-ZÀ-Ý])|du\s+|des\s+)", re.IGNORECASE)
_UNGOVERNED = {"du": "le ", "des": "les "}
# a lead naming what a clause after a comma is about (« Et côté X, … », « Et au niveau des X,
# … », « Et concernant X, … »; ``_LEAD`` leaves « de » to the topic)
_TOPIC_LEAD = re.compile(r"(?:c[oô]t[ée]|niveau|concernant|agissant|est|concerne)\s+$", re.I)
_GOVERNING = re.compile(r"(?:est-il|est|concerne|agissant|c[oô]t[ée]|niveau)\s+$", re.IGNORECASE)
# words of a question that ask rather than say what it is about (dropped from a topic)
_ASKING = re.compile(
    r"\b(?:qu['’]est[- ]ce\s+qu(?:e|['’])|est[- ]ce\s+qu(?:e|['’])|"
    r"c['’]est\s+(?=quoi|qui|quand|o[uù]|combien|comment)|que\s+signifie|"
    r"que\s+veut\s+dire|veut\s+dire|signifie|[àa]\s+quoi\s+sert|pendant\s+combien\s+de\s+temps|"
    r"depuis\s+quand|combien\s+de|combien\s+d['’]|combien|quel(?:le)?s?|lequel|laquelle|"
    r"qui|quoi|o[uù]|quand|comment|pourquoi|sigle|acronyme|est|sont|"
    r"how\s+many|how\s+much|what|which|who|when|where|why|how|does|do|did|is|are|was|were|"
    r"stand\s+for|"
    r"mean|acronym)\b|^\s*que\b|^\s*qu['’]|\?",
    re.IGNORECASE,
)
# a fragment naming a value of something (« le montant octroyé », « le nombre de X en 2020 »,
# « la date de lancement »): it asks for that value
_VALUE_ASKED = re.compile(
    r"^(le|la|l['’])\s*(?:montant|nombre|budget|taux|coût|cout|date|durée|part|pourcentage)\b",
    re.IGNORECASE,
)
# a possessive and a noun of what a thing has (« ses missions », « son budget », « sa
# directrice »): a question about the thing talked about (``antecedent.ATTRIBUTES``)
_OWNED = re.compile(
    rf"^(son|sa|ses|leurs?)\s+((?:{'|'.join(sorted(ATTRIBUTES))})\b[^,?]*)$", re.IGNORECASE
)
# the same in English ("And its budget?", "What about their partners?")
_OWNED_ENGLISH = re.compile(
    r"^(its|their)\s+((?:budget|role|missions?|goals?|aims?|objectives?|funding|cost|price|name|"
    r"head|director|president|capacity|size|status|history|origin|team|number|amount|rate|"
    r"share|date|duration|purpose|tasks?|partners?|members?|founders?)\b[^,?]*)$",
    re.IGNORECASE,
)
# a question word (« combien », « quel », « qui », "how many", …)
_ASKS = re.compile(
    r"\b(?:combien|quel(?:le)?s?|qui|quoi|o[uù]|quand|comment|pourquoi|how|what|which|who|"
    r"when|where|why)\b",
    re.IGNORECASE,
)
# a part set before the clause that says for whom or among whom it asks
_FOR_WHOM = re.compile(
    r"^(?:pour|chez|parmi|concernant|quant\s+[àa]|for|among|as\s+for|regarding)\s", re.I
)
# an aside after the swapped part: a complement opening with a preposition, then a few words
# with no verb nor question word (« en pleine crise sanitaire », « pendant le confinement »,
# "during the pandemic")
_ASIDE = re.compile(
    r"^(?:en|pendant|durant|lors|avant|après|apr[eè]s|pour|dans|sur|avec|sans|during|in|before|"
    r"after|with|without)\s+(?!(?:combien|quel|quelle|quels|quelles|qui|quoi|how|what|which|who)"
    r"\b)[\w’'-]+(?:\s+[\w’'-]+){0,4}\s*\??\s*$",
    re.IGNORECASE,
)
_INVERTED = re.compile(r"\b(\w+)-(?:t-)?(?:il|elle|ils|elles|on)\b", re.IGNORECASE)
_SUBJECT = re.compile(
    r"(?:^|[\s,'’])(?:il|elle|ils|elles)\s(?!y\b|faut\b|s['’]agit\b|semble\b)", re.IGNORECASE
)
# « y » standing for « à … » (« Qui y a accès ? »), not the impersonal « il y a », « y a-t-il »
_CLITIC_Y = re.compile(r"(?<!\bil\s)\by\s+(?!a-t-|avait-|aura-)\w", re.IGNORECASE)
# a demonstrative of time (« ces dernières années », « cette année »): no earlier turn
_TEMPORAL = re.compile(
    r"\b(?:ce|cet|cette|ces)\s+(?:[\wÀ-ÿ]+\s+)?(?:(?:derni|prochain)[\wÀ-ÿ]*\s+)?"
    r"(?:années?|ans|mois|jours?|semaines?|temps|période|fois|moment|siècle|décennies?)\b",
    re.IGNORECASE,
)
_DEMONSTRATIVE = re.compile(
    r"\b(?:cet|cette|ces|ce)\s+(?!que\b|qui\b|qu['’]|dont\b|sont\b|est\b|n['’]|sera\b)\w|"
    r"\b(?:celui|celle|ceux|celles)-(?:ci|là)\b|\b(?:ce|cette|ces)\s+derni[eè]re?s?\b",
    re.IGNORECASE,
)
_ENGLISH_ANAPHOR = re.compile(
    r"\b(?:it|its|they|them|their|he|she|his|her|him|this|these|those)\b|"
    # « that » as a pronoun or determiner (« in that », « has that status »), not as the
    # conjunction or relative (« says that the », « the tool that runs »)
    r"\b(?:in|about|of|for|from|with|by|on|to|behind|against|after|before)\s+that\b"
    r"(?!\s+(?:the|a|an|it|they|he|she|we|you|i|there|this|these|those|its|their|his|her)\b)|"
    # after a verb, « that » before « a »/« an » is its subject too ("Why is that a
    # problem?", "Was that an exception?"); questions do not write "the point is that a …"
    r"\b(?:has|have|had|is|was|are|were|does|did|do)\s+that\b(?!\s+(?:the|it|they|he|she|"
    r"we|you|i|there|this|these|those|its|their|his|her)\b)|\bthat\s*\?|\bthat\s+[a-z]+\s*\?|"
    # "the first one", "the cybersecurity one": « one » standing for a noun said before
    r"\bthe\s+(?:[a-z-]+\s+)?ones?\b(?!\s+(?:of|who|which|that)\b)|"
    # "such a condition", "such tools" (not "such as")
    r"\bsuch\s+(?!as\b)(?:an?\s+)?[a-z]",
    re.IGNORECASE,
)
# what points back whatever else the question names: « ce dispositif … l'Assurance Maladie »,
# "What share of them are with GPs?", « Combien l'État met dedans ? », « selon lui »
_STRONG_ENGLISH = re.compile(r"\b(?:they|them|their|these|those)\b", re.IGNORECASE)
_ADVERBIAL = re.compile(
    r"\b(?:là-)?(?:dedans|dessus|dessous)\b|"
    r"\b(?:selon|d['’]après|pour|chez|avec|par)\s+(?:lui|eux)\b|"
    # « ça vient de quel document ? » (« ca » typed in a hurry), « cela coûte combien ? »
    r"\b(?:ça|ca|cela)\b",
    re.IGNORECASE,
)
# « c'est » about what was said (« C'est tiré de quelle source ? », « c'est financé par
# qui ? »), when the question names nothing of its own; not « c'est quoi / qui … » (« X,
# c'est quoi ? » asks about X: « c'est quoi le DMP ? » names it)
_IT_IS = re.compile(
    r"\bc['’]est\s+(?!quoi|qui|quand|o[uù]|combien|comment|pourquoi|quel)", re.IGNORECASE
)
# « s'en servent », « m'en occupe »: « en » stands for « de » and what was said before
_REFLEXIVE_EN = re.compile(r"\b[smt]['’]en\s+[a-zà-ÿ]", re.IGNORECASE)
# an object pronoun before an auxiliary (« La France l'a adopté quand ? », « L'État les
# a financés ? »): it is never the subject before it, it stands for what was said before
_CLITIC_AUXILIARY = re.compile(
    r"\bl['’](?:a|ont|avait|avaient|aura|auront)\b|"
    r"\bles\s+(?:a|ont|avait|avaient|aura|auront)\b(?!-)",
    re.IGNORECASE,
)
# « quel autre X », "which other X": another one than what the last turn found
_OTHER_ASKED = re.compile(
    r"\b(?:quel|quelle|quels|quelles)\s+autres?\b|\b(?:which|what)\s+other\b", re.IGNORECASE
)
# a question that is only a preposition and the thing asked (« Au sein de quel diplôme ? »,
# « Grâce à quel type de suivi ? », "Thanks to what kind of funding?"): it has no verb, so it
# asks something of what the last turn said
_FRAGMENT_ASKED = re.compile(
    r"^\s*(?:(?:et|and)\s+)?(?:"
    r"(?:grâce|grace|jusqu['’]|quant)\s*(?:à|a|au|aux)|au\s+sein\s+(?:de|d['’]|du|des)|"
    r"auprès\s+(?:de|d['’]|du|des)|lors\s+(?:de|d['’]|du|des)|à\s+partir\s+(?:de|d['’]|du|des)|"
    r"à|a|au|aux|de|d['’]|du|des|pour|par|avec|dans|sur|en|chez|vers|selon|sous|entre|parmi|"
    r"depuis|pendant|contre)\s*quel(?:le)?s?\s+[\wÀ-ÿ'’-]+(?:\s+(?:de|d['’]|du|des)\s*[\wÀ-ÿ'’-]+)?"
    r"\s*\??\s*$|"
    r"^\s*(?:and\s+)?(?:thanks\s+to|according\s+to|for|in|with|by|from|under|through|within|"
    r"during|to|on)\s+(?:what|which|whose)\s+[a-z'-]+(?:\s+of\s+[a-z'-]+)?\s*\??\s*$",
    re.IGNORECASE,
)
# « C'est quel type de structure ? »: what « c' » is, the thing the last turn was about,
# asked with nothing else named (not « C'est quel organisme qui finance X ? », whose clause
# names it)
_IT_IS_WHICH = re.compile(
    r"\bc['’]est\s+quel(?:le)?s?\s+(?:(?!qui\b|que\b|qu['’]|dont\b)[\wÀ-ÿ'’-]+\s*){1,4}\??\s*$",
    re.IGNORECASE,
)
# a dative clitic, written back as « à » and its phrase (``qa.putback``): « Combien l'État
# lui a-t-il accordé ? », « Qui leur a versé … ? »
_DATIVE = re.compile(
    r"\blui\b(?!-)|\bleur\s+(?:a|ont|avait|avaient|est|sont|sera|seront)\b", re.IGNORECASE
)
_ENGLISH_DEMONSTRATIVE = re.compile(
    r"\b(?:this|these|those)\s+[a-z]|\bthat\b|\bsuch\s+(?!as\b)(?:an?\s+)?[a-z]", re.IGNORECASE
)
# an interrogative pronoun for a set the conversation named (« Lesquels en Normandie ? »,
# « Lequel d'entre eux … », "Which one …?"), « ça » / « cela » for what was said (« la source
# pour ça »)
_CHOICE = re.compile(
    r"^\W*(?:lequel|laquelle|lesquels|lesquelles|auquel|auxquels|auxquelles|duquel|desquels|"
    r"desquelles)\b(?!\s+(?:de|d['’]|des|du)\s+(?!entre\b)(?:[^\W\d_]+))|"
    r"\bd['’]entre\s+(?:eux|elles)\b|\b(?:pour|de|sur|à|a|avec|par)\s+(?:ça|cela)\b|"
    # "Which one is …?", English's « Laquelle … ? » (not "which one of the tools", which
    # names its set)
    r"^\W*which\s+ones?\b(?!\s+of\b)",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"\b[A-ZÀ-Ý]{2,}[A-Za-zÀ-ÿ]*\b")
_PROPER = re.compile(r"(?<=\s)[A-ZÀ-Ý][a-zà-ÿ]+")
_DETERMINER = frozenset(
    "le la les l' l’ un une des du au aux ce cet cette ces sa son ses leur leurs "
    "the a an this these its their".split()
)
_PREPOSITION = frozenset(
    "à a en dans pour par sur chez avec entre vers depuis pendant selon de d' d’ "
    "in on for of to by with among from at during".split()
)


@dataclass(frozen=True)
class Resolution:
    """What is searched for a question asked after ``history``."""

    question: str  # as asked
    resolved: str  # what is searched (the question itself when it is complete)
    # a second reading: the question as typed with what the conversation said as context,
    # searched when the first reading finds no answer. A question the grammar found complete
    # (« For how many hours? », « Sous quelle condition ? » name nothing to point back with)
    # gets one unless it names its subject; a resolved one always does, since its pronoun may
    # have been given the wrong referent (« Il vise qui ? » read as « Le montant vise qui ? »)
    fallback: str | None = None
    # what an elliptical follow-up brings to the earlier question it was written into (« Et
    # pour la télésurveillance ? » -> « la télésurveillance »): the answer must be about it
    brought: str | None = None
    # a third reading: the follow-up on its own, without the « Et », « Mais » or marker that
    # links it to the conversation, when it uses no pronoun or demonstrative for something it
    # does not name (« Et combien de solutions de télésurveillance seront remboursables ? »):
    # searched when both other readings find nothing, since what the conversation lent it
    # (an earlier year, plan or place) may be what kept it from its answer
    alone: str | None = None

    @property
    def changed(self) -> bool:
        return self.resolved != self.question


def resolve(question: str, history: Sequence[str], analyzer: Analyzer | None = None) -> Resolution:
    """The question as it is meant after the earlier questions ``history`` (oldest first)."""
    analyzer = analyzer or Analyzer()
    typed = question.strip()
    earlier = [
        _without_persona(expand_shorthand(without_discourse_marker(h.strip())))
        for h in history[-MAX_HISTORY:]
        if h.strip()
    ]
    if not earlier:
        return Resolution(typed, _persona_as_context(typed))
    # the turns read with their shorthand written out (« et le nb de X ? » names a value as
    # « le nombre de X » does, « les infos » repeats « l'info ») and without a discourse marker
    # (« Sinon, … »); a question the history leaves as it is stays as typed
    question = expand_shorthand(without_discourse_marker(typed))
    state = _complete(earlier[0])
    for earlier_turn in earlier[1:]:
        state = _resolve_one(earlier_turn, state, analyzer)
    last = _resolve_one(question, state, analyzer)
    resolved = typed if last.resolved == question else last.resolved
    if (resolved == typed and _names_subject(question)) or last.own_subject:
        return Resolution(typed, resolved)
    said = _said(state)
    if last.put_back:
        # « Combien de partenaires réunit-il ? » then « Qui l'héberge ? »: the partners asked
        # before would find the earlier answer again
        said = topic(join(_without_question_phrase(tokens(state.resolved))))
    context = _with_context(question, said)
    fallback = context if context not in (typed, resolved) else None
    alone = _on_its_own(question, analyzer)
    if alone in (resolved, fallback):
        alone = None
    return Resolution(typed, resolved, fallback, last.brought, alone)


# what links a follow-up to the conversation and says nothing of what is asked
_LINK = re.compile(r"^\s*(?:et|mais|puis|and|but)\b[\s,]*(?=\S)", re.IGNORECASE)
# an object pronoun after « qui », a modal or an auxiliary (« Qui va le fournir ? », « Qui
# peut les consulter ? »), or « en » after a subject pronoun (« on en est où ? »): it stands
# for something of the conversation, whatever ``_points_back`` makes of the noun before it
_CLITIC_AFTER = re.compile(
    r"\b(?:qui|va|vont|peut|peuvent|doit|doivent|veut|veulent|pourra|pourrait|devra|devrait|"
    r"faut|ne|n['’])\s*(?:le|la|les|l['’]|lui|leur|y|en)\b|\b(?:on|il|elle|ils|elles)\s+en\b",
    re.IGNORECASE,
)


# words that move an earlier question in time or number (« Et deux ans plus tard ? », "And
# the year after?"): a follow-up of these alone says nothing on its own
_SHIFT_WORDS = (
    "an ans annee annees mois jour jours semaine semaines plus moins tard tot avant apres "
    "ensuite depuis suivant suivante precedent precedente un une deux trois quatre cinq dix "
    "year years month months later earlier before after next previous one two three"
)


@functools.cache
def _shift_terms() -> frozenset[str]:
    """The index terms of ``_SHIFT_WORDS``, analysed once (as ``_source_terms``)."""
    return frozenset(shared_analyzer().terms(_SHIFT_WORDS))


def _on_its_own(question: str, analyzer: Analyzer) -> str | None:
    """``question`` without its opening link word (``_LINK``), capitalised, when it points
    back to nothing (``_points_back``, ``_CLITIC_AFTER``) and names two things or more beyond
    a shift in time or number; else None."""
    rest = _LINK.sub("", question, count=1)
    if _points_back(rest, analyzer) or _CLITIC_AFTER.search(rest):
        return None
    shift = _shift_terms()
    named = [t for t in analyzer.terms(rest) if t not in shift and not t.isdigit()]
    if len(named) < 2:
        return None
    return rest[:1].upper() + rest[1:]


# nouns of a person's role or trade, masculine and feminine, accents optional
_ROLE = (
    r"(?:[ée]tudiante?|b[ée]n[ée]vole|[ée]lue?|fondat(?:eur|rice)|infirmi(?:er|[èe]re)|m[ée]decin|"
    r"pharmacien(?:ne)?|journaliste|chercheu(?:r|se)|retrait[ée]e?|doctorante?|"
    r"direct(?:eur|rice)|cheffe?|kin[ée]|sage-femme|aide-soignante?|interne|professeure?|"
    r"enseignante?|consultante?|patiente?|citoyenne?|entrepreneu(?:r|se)|dirigeante?|"
    r"ing[ée]nieure?|assistante?|responsable|charg[ée]e? de mission|conseill(?:er|[èe]re)|"
    r"d[ée]put[ée]e?|"
    r"maire|adjointe?|cadre|praticien(?:ne)?|g[ée]n[ée]raliste|dentiste|psychologue|aidante?|"
    r"lyc[ée]en(?:ne)?|porteu(?:r|se) de projets?|gestionnaire|investisseu(?:r|se)|"
    r"usag(?:er|[èe]re)|technicien(?:ne)?|coordinat(?:eur|rice)|secr[ée]taire|"
    r"kin[ée]sith[ée]rapeute|orthophoniste|ergoth[ée]rapeute|manipulat(?:eur|rice)|"
    r"sp[ée]cialiste|\w{3,}logue)\b"
)
# a discourse marker opening a turn, set off by a comma (« Sinon, la France, elle se classe où
# ? », « Du coup, qui le finance ? », "By the way, who…?"): it links the turn to the
# conversation and says nothing of what is asked; read as a word of the question, it was put
# where a pronoun stood (« La France, Sinon se classe où … ? », « Qui finance Du coup ? »).
# « Et sinon … » is an ellipsis's lead (``_LEAD``), not this
_DISCOURSE_MARKER = re.compile(
    r"^\s*(?:sinon|au\s+fait|du\s+coup|bon|alors|ok(?:ay)?|d['’]accord|justement|bref|"
    r"en\s+fait|d['’]ailleurs|par\s+ailleurs|au\s+passage|tiens|ah(?:\s+bon)?|"
    r"merci(?:\s+beaucoup)?|super|parfait|tr[èe]s\s+bien|concr[èe]tement|en\s+gros|en\s+clair|"
    r"finalement|au\s+final|franchement|"
    r"so|well|also|by\s+the\s+way|thanks|thank\s+you|great|right)\s*[,!]\s*(?=\S)",
    re.IGNORECASE,
)


def without_discourse_marker(question: str) -> str:
    """``question`` without the discourse marker it opens with (``_DISCOURSE_MARKER``), its
    next word capitalised; else as it is."""
    found = _DISCOURSE_MARKER.match(question)
    if found is None:
        return question
    rest = question[found.end() :]
    return rest[:1].upper() + rest[1:]


# who asks, said before the question (« Je suis infirmière libérale dans le Calvados : quel
# outil … ? », « Ma mère demande : … »): context, not what is asked
_PERSONA = re.compile(
    r"^((?:je suis|je travaille|je pr[ée]pare|je fais|j['’]enseigne|ma (?:m[èe]re|fille|s[œo]e?ur)|"
    # what the asker runs or does for a living (« Je dirige un EHPAD : … », « Je tiens une
    # officine … : … »; not « je bosse sur X », « je m'intéresse à X »: what is asked about)
    r"(?:je (?:dirige|tiens|g[èe]re|coordonne|repr[ée]sente|encadre|forme)|j['’](?:exerce|encadre)|"
    r"je bosse (?:dans|[àa]|en|chez))\b(?:(?!\bet\b|\bj['’]|\bje\b)[^:?]){0,80}?(?=\s*:)|"
    r"mon (?:p[èe]re|fils|fr[èe]re|m[ée]decin|g[ée]n[ée]raliste|patient)|mes (?:parents|patients)|"
    r"pour (?:mon|ma|mes) |en tant que|"
    # « Mon cabinet est dans le Calvados : … »: where the asker works
    r"mon (?:cabinet|officine|service|h[ôo]pital|entreprise|association|labo(?:ratoire)?)\b)"
    r"[^:?]{0,100}?|" + _ROLE + r"(?:(?!\bje\b|\bj['’])[^:?]){0,100}?|"
    # « Étudiant en éthique médicale : … », « Bénévole dans une asso : … »: one person's role
    # or trade, no article, opening the question (« Les infirmiers : … », « Infirmiers : … »
    # name what is asked about; « Pharmacien, j'emploie un dispositif X : … » says part of
    # what is asked)
    # « Une retraitée de Cherbourg demande : … », « Un collègue voudrait savoir : … »
    r"[^:?]{3,80}?\b(?:demande|demandent|se demande|voudrait savoir|aimerait savoir)|"
    # who asks, then the text they are writing, in the first person (« RSSI dans un GHT, je
    # prépare une note pour la direction : … », « Élue régionale, je rédige un discours : … »;
    # not what they do, which may be part of what is asked: « Guide, je fais visiter … »)
    r"[^:?,]{2,60},\s*(?:je|j['’]|nous)\s*(?:pr[ée]pare|r[ée]dige|[ée]cris|pr[ée]parons|"
    r"r[ée]digeons)\b[^:?]{0,80}?)"
    r"\s*:\s*(?=\S)(.+)$",
    re.IGNORECASE,
)


def _split_persona(question: str) -> tuple[str, str] | None:
    """(the question asked, who asks) for a French question said after who asks; None for
    any other (an English question's context is not put into French with it: its words
    would be lost to the French reading)."""
    found = _PERSONA.match(question)
    if found is None or not found.group(2).strip() or asked(question).english:
        return None
    own = found.group(2).strip()
    return own[:1].upper() + own[1:], found.group(1).strip()


def _persona_as_context(question: str) -> str:
    """``question`` with who asks, said before it, moved after ``CONTEXT_MARK``: its words
    weigh as a follow-up's context does, and what is asked is read from the question's own
    words (a place where the asker works is no restriction of the answer); else as typed."""
    split = _split_persona(question)
    return question if split is None else f"{split[0]}{CONTEXT_MARK}{split[1]}"


def _without_persona(question: str) -> str:
    """An earlier turn without who asks (« Une retraitée demande : quels hôpitaux … ? » →
    « Quels hôpitaux … ? »): a later fragment is swapped into the question, not into it."""
    split = _split_persona(question)
    return question if split is None else split[0]


@dataclass(frozen=True)
class _Turn:
    resolved: str  # the turn as searched
    topic: str  # what the conversation is about after it (its words without question words)
    mentions: tuple[Mention, ...]  # what a pronoun may point to, most salient first
    english: bool
    # a name set before the question is its subject (« Et Sanofi, combien … ? »): no context
    own_subject: bool = False
    # the fragment an ellipsis swapped into the earlier question (``Resolution.brought``)
    brought: str | None = None
    # a pronoun of the turn was put back (« Qui l'héberge ? »): it asks its own thing of what
    # the conversation is about, so its context leaves out what the earlier turn asked
    put_back: bool = False


def _complete(question: str) -> _Turn:
    return _Turn(question, topic(question), tuple(mentions(question)), _english(question))


_ENGLISH_START = re.compile(
    r"^\s*(?:who|what|which|when|where|why|how|and|does|do|did|is|are|can|could)\b", re.I
)


def _english(question: str) -> bool:
    """Is the question English? (a short one, « Who runs it? », by its first word)"""
    return asked(question).english or _ENGLISH_START.match(question) is not None


def _resolve_one(question: str, before: _Turn, analyzer: Analyzer) -> _Turn:
    # said of the turn read last only
    before = dataclasses.replace(before, own_subject=False, put_back=False, brought=None)
    lead = _LEAD.match(question)
    set_before = _dislocated(
        _owner_put_back(question[lead.end() :] if lead else question, before, analyzer), analyzer
    )
    if set_before is not None and _CLITIC_AUXILIARY.search(set_before.resolved):
        # « Et la France, elle l'a adopté quand ? »: « l' » is still what was said before
        resolved = _with_context(set_before.resolved, _said(before))
        return dataclasses.replace(set_before, resolved=resolved)
    if set_before is not None:
        return set_before
    if lead and lead.end() < len(question.rstrip(" ?")):
        rest = question[lead.end() :].strip()
        if _GOVERNING.search(lead.group(0)):
            rest = _GOVERNED.sub(lambda m: _UNGOVERNED.get(m.group(0).strip().lower(), ""), rest)
        fragment = rest.rstrip(" ?").strip()
        head, comma, clause = fragment.partition(",")
        # « Et ce modèle-là, il … », « Et selon lui, … »: the part points back, no swap
        pointing = bool(_DEMONSTRATIVE.match(head.strip()) or _ADVERBIAL.search(head))
        with_aside = None if pointing else _with_aside(head, clause, before, analyzer)
        if with_aside is not None:
            return with_aside
        if (
            comma
            and clause.strip()
            and not pointing
            and swap(clause.strip(), before.resolved, analyzer) is None
        ):
            mark = rest[len(rest.rstrip(" ?")) :]
            if _TOPIC_LEAD.search(lead.group(0)) and not _points_back(head, analyzer):
                # « Et côté remboursement, c'est pris en charge ? »: what the clause is about,
                # kept before it, not swapped into the earlier question (where it replaced
                # another word and the clause lost it: « C'est pris en charge ? — … »)
                head = head.strip()
                fragment = f"{head[:1].upper()}{head[1:]} : {clause.strip()}"
                rest = fragment + mark
            elif _FOR_WHOM.match(head.strip()) and not _points_back(head, analyzer):
                # « Et pour les aidants, quel est le bénéfice ? »: whom the clause asks about,
                # not a part of the earlier question (« … pour le cancer des aidants »)
                fragment = f"{clause.strip()} {head.strip()}"
                rest = fragment + mark
            else:
                # « Et l'année suivante, combien ont fermé ? »: the part first, then the clause
                moved = swap(head.strip(), before.resolved, analyzer)
                if moved is not None:
                    before = dataclasses.replace(before, resolved=moved, topic=topic(moved))
                    fragment, rest = clause.strip(), clause.strip() + mark
        value = _VALUE_ASKED.match(fragment)
        if value is not None and not _VALUE_ASKED.search(before.resolved.split(CONTEXT_MARK)[0]):
            # « Et le montant octroyé ? » after « Combien de guichets … ? »: that value of what
            # the conversation is about, not a part of the earlier question swapped
            which = "Quelle" if value.group(1).lower() == "la" else "Quel"
            asked_anew = f"{which} est {fragment[:1].lower()}{fragment[1:]} ?"
            return dataclasses.replace(before, resolved=_clause(asked_anew, before.resolved))
        owned = _OWNED.match(fragment)
        owned_english = _OWNED_ENGLISH.match(fragment)
        if owned is not None:
            # « Et ses missions ? », « Et son budget ? »: what the thing talked about has, asked
            # anew (not « Quel est le rôle de ses missions ? »), its possessive put back below
            plural = owned.group(1).lower() in ("ses", "leurs")
            verb = "sont" if plural else "est"
            which = "Quel" + ("le" if FEMININE.search(owned.group(2)) else "") + ("s" * plural)
            rest = f"{which} {verb} {fragment[:1].lower()}{fragment[1:]} ?"
        elif owned_english is not None:  # "And its budget?": "What is its budget?"
            plural = owned_english.group(2).lower().endswith("s")
            rest = f"What {'are' if plural else 'is'} {fragment[:1].lower()}{fragment[1:]}?"
        # « Et qui la dirige ? »: a question with an object pronoun, no phrase to swap in
        # (« la dirige » is no noun phrase); an English fragment is no part of a French
        # question, nor a French one of an English question
        has_clitic = _object_clitic(tokens(fragment)) is not None
        # (a year or a name is no language: "What about 2020?", "What about EDeTeN?" are the
        # earlier question asked of it)
        other_language = _english(question) != before.english and any(
            len(w) > 3 and w.isalpha() and w.islower() for w in tokens(fragment)
        )
        # « Et elle coûte combien ? », "And it comes as a complement to what?": a subject
        # pronoun and its verb make a clause of its own, no part to swap in; so does a verb
        # inverted with its pronoun (« Et comment ce projet se finance-t-il ? »),
        # and an English clause inside the phrase ("And the risk it sees for carers?": swapped
        # in, the earlier question's verb would govern it)
        has_subject = (
            _SUBJECT_CLAUSE.match(fragment) is not None
            or inverted_verb(tokens(fragment)) is not None
            or _EMBEDDED_ENGLISH_CLAUSE.search(fragment) is not None
        )
        swapped = (
            None
            if has_clitic or has_subject or owned or owned_english or other_language
            else _swap_in(fragment, before.resolved, analyzer)
        )
        if swapped is not None:
            turn = dataclasses.replace(_complete(swapped), brought=fragment)
            return turn if turn.mentions else dataclasses.replace(turn, mentions=before.mentions)
        if not _points_back(rest, analyzer):
            # what the clause names itself (« how many projects … ») comes first for a later
            # pronoun (« How much did they get? »), then what the conversation named before
            named = tuple(m for m in mentions(rest) if m not in before.mentions)
            return dataclasses.replace(
                before, resolved=_clause(rest, before.resolved), mentions=named + before.mentions
            )
        question = rest[:1].upper() + rest[1:]  # « Et quand a-t-elle ouvert ? »
    if _needs_context(question, analyzer):
        # the referent stays what it was: « Qui la dirige ? » after « Quand a-t-elle ouvert ? »
        full = _put_back(question, before, analyzer)  # « Elle … » -> « la plateforme … »
        return dataclasses.replace(
            before, resolved=full[:1].upper() + full[1:], put_back=CONTEXT_MARK not in full
        )
    turn = _complete(question)
    if _names_subject(question):
        return turn  # a new topic
    # « For how many hours? » names no subject: what the conversation was about stays in its
    # topic, the context of a later « in that »
    # and what it named stays what a later pronoun may stand for (« C'est la première ? »)
    return dataclasses.replace(
        turn,
        topic=_with_context(turn.topic, before.topic),
        mentions=turn.mentions or (before.mentions if turn.english == before.english else ()),
    )


# a subject pronoun then another word: a clause (« elle coûte … », "it comes …"), not a
# phrase (« Et elle ? »)
_SUBJECT_CLAUSE = re.compile(r"^(?:il|elle|ils|elles|it|they|he|she)\s+[^\W\d_]", re.IGNORECASE)
_EMBEDDED_ENGLISH_CLAUSE = re.compile(
    r"\b(?:it|they|he|she)\s+(?:[a-z]+s|[a-z]+ed|can|will|would|should|must|does|do|did|is|are|"
    r"was|were|has|have|had)\b"
)


def _with_aside(head: str, aside: str, before: _Turn, analyzer: Analyzer) -> _Turn | None:
    """« Et deux ans plus tard, en pleine crise sanitaire ? »: the earlier question with
    ``head`` swapped in, and the aside after the comma, a complement with no question of its
    own, said of the whole of it; None when ``aside`` is no such complement or ``head`` no
    part to swap."""
    aside = aside.strip()
    if not _ASIDE.match(aside) or CLITIC.match(aside) or _INVERTED.search(aside):
        return None
    moved = swap(head.strip(), before.resolved, analyzer)
    if moved is None:
        return None
    said = moved.rstrip(" ?")
    turn = dataclasses.replace(
        _complete(f"{said}, {aside.rstrip(' ?')}{moved[len(said) :]}"), brought=head.strip()
    )
    return turn if turn.mentions else dataclasses.replace(turn, mentions=before.mentions)


# words that make a phrase set before a comma a clause or a complement, not a noun phrase
# a time set before the question (« De nos jours, … », "These days, …"): no thing it is about
_TIME_SET_BEFORE = re.compile(
    r"^(?:(?:and|et)\s+)?(?:these\s+days|nowadays|today|currently|at\s+present|now|so\s+far|"
    r"this\s+year|last\s+year|since\s+then|de\s+nos\s+jours|aujourd['’]hui|actuellement|"
    r"à\s+ce\s+jour|a\s+ce\s+jour|désormais|maintenant|depuis)$",
    re.IGNORECASE,
)
_NOT_IN_PHRASE = frozenset(
    "quel quelle quels quelles combien qui que quoi où ou quand comment pourquoi est sont a ont "
    "what which who when where why how is are was were does do did can has have".split()
)


# the longest phrase read as set before the question: 8 words, or 12 when none of them
# points back (« Et un hébergement cloud 100 % français pour nos données, c'est prévu quand
# ? »; not « Et la référence en bas de page pour ces défis, c'est laquelle ? », which is
# about what was said)
_MAX_DISLOCATED_WORDS = 8
_MAX_NAMING_DISLOCATED_WORDS = 12
_DEMONSTRATIVES = frozenset("ce cet cette ces".split())  # with ``_POSSESSIVES``: pointing back
# a phrase opened by these sets aside or adds to what is asked (« Outre la formation, … »,
# "Apart from safety, what else …"): it is no referent ("Regarding X, …" is one)
_SET_ASIDE = frozenset("apart besides except beyond aside unlike outre hormis sauf excepté".split())
# a subject pronoun opens a clause, not a noun phrase (« Elles soulèvent aussi des soucis,
# lesquels ? »: capitalised as the question's first word, no name)
_SUBJECT_PRONOUNS = frozenset("je tu il elle on nous vous ils elles i it we they he she".split())
# words that announce the phrase set before the question as its topic (« Quant à l'agence, … »,
# "As for the agency, …"): not part of the phrase a pronoun stands for
_TOPIC_OPENER = re.compile(
    r"^\s*(?:(?:and|et)\s+)?(?:quant\s+(?:à|a|au|aux)|concernant|s['’]agissant\s+(?:de|d['’]|du|des)|"
    r"au\s+sujet\s+(?:de|d['’]|du|des)|à\s+propos\s+(?:de|d['’]|du|des)|as\s+for|as\s+to|"
    r"as\s+regards|regarding|concerning|speaking\s+of)\s+",
    re.IGNORECASE,
)


def _dislocated(question: str, analyzer: Analyzer) -> _Turn | None:
    """A noun phrase set before the question, which a pronoun of the question stands for
    (« La téléradiologie, qui la finance ? », « Le programme X, il a commencé quand ? »,
    "And telepharmacy, who regulates it?"): the question is complete, the phrase its referent,
    written in the pronoun's place when the grammar finds it (« Qui finance la
    téléradiologie ? »). None for any other question, and for a time or a place set before
    (« Et en 2022, combien … ? », "And for nurses, …"): those are ellipses."""
    head, comma, clause = question.strip().partition(",")
    opener = _TOPIC_OPENER.match(head)
    if opener is not None:
        # « Quant à la », « au »: the article the opener took with it stays with the phrase
        taken = {"au": "le ", "aux": "les ", "du": "le ", "des": "les "}
        last = tokens(opener.group(0))[-1].lower()
        head = taken.get(last, "") + head[opener.end() :]
    words, clause = tokens(head), clause.strip()
    if not comma or not clause or not words or len(words) > _MAX_NAMING_DISLOCATED_WORDS:
        return None
    points_back = _DEMONSTRATIVES | _POSSESSIVES
    if len(words) > _MAX_DISLOCATED_WORDS and any(plain(w) in points_back for w in words):
        return None
    if _TIME_SET_BEFORE.match(head.strip()):
        return None
    english = _english(clause)
    first = plain(words[0])
    opens = first in ARTICLES or (words[0][:1].isupper() and first not in PREPOSITIONS)
    if not (opens or (english and first not in PREPOSITIONS)) or first in ("ce", "cet", "cette"):
        return None
    if first in _SET_ASIDE or first in _SUBJECT_PRONOUNS:
        return None
    if any(plain(w) in _NOT_IN_PHRASE for w in words) or plain(words[-1]) in ORDINALS:
        return None  # « La première, elle … »: one of the things said before, not named
    one_of = len(words) > 2 and plain(words[2]) in ("of", "de", "d'", "du", "des")
    if one_of and first in ARTICLES and plain(words[1]) in ORDINALS:
        return None  # "The first of those two, …", « La première de ces sociétés, … »
    pointing = _ENGLISH_ANAPHOR.search(clause) if english else _points_back(clause, analyzer)
    if not pointing and not _named_topic(words, clause, analyzer):
        return None
    gender, plural = ARTICLES.get(first, (None, None))
    words = opener_in_lower_case(words, ARTICLES.keys() | _POSSESSIVES)
    named = any(w[:1].isupper() for w in words if plain(w) not in ARTICLES.keys() | _POSSESSIVES)
    referent = Mention(join(words), gender, plural, named)
    written = put_back(clause, lambda _g, _p: referent, english=english)
    full = written if written is not None else f"{join(words)}, {clause}"
    turn = _complete(full[:1].upper() + full[1:])
    return dataclasses.replace(turn, mentions=(referent, *turn.mentions), own_subject=named)


# a phrase set before the question that opens with a possessive (« Et leur qualité, elle est
# homogène ? », "And its budget, how big is it?")
_POSSESSIVE_HEAD = re.compile(r"^\s*(?:son|sa|ses|leur|leurs|its|their)\s+\w", re.IGNORECASE)


def _owner_put_back(question: str, before: _Turn, analyzer: Analyzer) -> str:
    """A phrase set before the question with its possessive written as its owner (« leur
    qualité, elle … » → « la qualité des bases, elle … »), so that it can be read as
    dislocated (``_dislocated``); the question as it is otherwise."""
    head, comma, clause = question.partition(",")
    if not comma or not clause.strip() or not _POSSESSIVE_HEAD.match(head):
        return question
    phrase = _put_back(head.strip(), before, analyzer)
    if phrase == head.strip() or CONTEXT_MARK in phrase:
        return question
    return f"{phrase},{clause}"


def _named_topic(words: Sequence[str], clause: str, analyzer: Analyzer) -> bool:
    """A name set before a question of its own (« Et Sanofi, combien de salariés en
    Normandie ? »): the name is what the question is about, no part of the earlier one. A
    clause that needs the earlier question (« Et Rouen, combien ? ») is no question of its
    own."""
    if not all(w[:1].isupper() for w in words if w[:1].isalpha()):
        return False
    return _ASKS.search(clause) is not None and len(analyzer.terms(clause)) >= 2


def _put_back(question: str, before: _Turn, analyzer: Analyzer) -> str:
    """The follow-up written in full: its pronoun or demonstrative replaced by what it
    points to; else (« y », a demonstrative of a noun the conversation never used, a
    question in another language than its antecedent) the follow-up with that as context."""
    english = _english(question)
    if english and not before.english:
        return _with_context(question, before.topic)  # no French phrase inside English
    shown = demonstrative(question, before.resolved, analyzer)
    if shown is not None:
        return shown
    if _DEMONSTRATIVE.search(_TEMPORAL.sub(" ", question)) or _points_to_what_was_said(question):
        # « ce dispositif » (a noun the conversation never used), « selon lui », « dedans »: no
        # phrase to write in its place, what the last turn said is the context
        return _with_context(question, _said(before))

    missed: list[bool] = []

    def pick(gender: str | None, plural: bool | None) -> Mention | None:
        agreeing = [m for m in before.mentions if m.agrees(gender, plural)]
        missed.append(not agreeing)
        return agreeing[0] if agreeing else None

    full = put_back(question, pick, english=english)
    if full is not None and not english and COUNTED_EN.search(full[1:]):
        # « Combien la Manche en comptait-elle ? »: « en » still stands for what was counted
        return _with_context(full, _said(before))
    if full is not None:
        return full
    if any(missed):  # nothing the pronoun agrees with: what the conversation is about
        return _with_context(question, before.topic)
    if (
        _DEMONSTRATIVE.search(question)
        or _CHOICE.search(question)
        or COUNTED_EN.search(question[1:])  # « combien y en a-t-il ? »: of what was counted
        or (english and _ENGLISH_DEMONSTRATIVE.search(question))
        or not before.mentions
    ):
        # « ce chiffre », « cette décision »: what the last turn said
        return _with_context(question, _said(before))
    return _with_context(question, before.mentions[0].text)


def _points_to_what_was_said(question: str) -> bool:
    """Does the question point back with no phrase to write in the pronoun's place: « selon
    lui », « dedans », « C'est quel type de X ? », « Au sein de quel diplôme ? », « s'en
    servent », « quel autre X », an object pronoun before its auxiliary with no subject
    pronoun (« Combien l'ont déjà utilisé ? »), or before a verb whose subject is inverted
    (« Le guide la cite-t-il ? »: not to be put in the subject's place)?"""
    return bool(
        _ADVERBIAL.search(question)
        or _IT_IS_WHICH.search(question)
        or _FRAGMENT_ASKED.match(question)
        or _REFLEXIVE_EN.search(question)
        or _OTHER_ASKED.search(question)
        or (_CLITIC_AUXILIARY.search(question) and not _SUBJECT.search(question))
        or _clitic_before_inverted(tokens(question))
    )


def _swap_in(fragment: str, resolved: str, analyzer: Analyzer) -> str | None:
    """``swap`` into the earlier turn as searched; a fragment opening with a preposition its
    question uses (« Et pour le médico-social ? » after « Combien pour le numérique ? — le
    Ségur … ») takes the place of that phrase in the question, not of one in its context."""
    asked, mark, context = resolved.partition(CONTEXT_MARK)
    words = tokens(fragment)
    opening = plain(words[0]) if words else ""
    if mark and opening in PREPOSITIONS and opening in (plain(w) for w in tokens(asked)):
        swapped = swap(fragment, asked, analyzer)
        if swapped is not None:
            return swapped + mark + context
    return swap(fragment, resolved, analyzer)


def _names_subject(question: str) -> bool:
    """Does the question name its own subject (an acronym, a capitalised name)?"""
    return _ACRONYM.search(question) is not None or _PROPER.search(question) is not None


def _said(turn: _Turn) -> str:
    """What the turn was about: the topic of what it searched, with the context it kept when it
    named no subject of its own (« For how many hours? »)."""
    searched = topic(turn.resolved)
    return turn.topic if turn.topic.startswith(searched) else searched


def _clause(rest: str, antecedent: str) -> str:
    """An elliptical clause (« combien ont fermé ? ») in full: « combien » takes the noun the
    antecedent counted, and what the antecedent asked about, less its question phrase and its
    predicate (the clause brings its own), is the context."""
    words = tokens(rest)
    ante = tokens(antecedent.strip().rstrip(" ?"))
    counted = _counted_noun(ante)
    bare = len(words) > 1 and words[1].lower() not in ("de", "d'", "d’")
    if counted and bare and words[0].lower() == "combien":
        words = [words[0], "de", *counted, *words[1:]]
    text = join(words, spaced_mark=spaced(rest))
    context = _without_predicate(_without_question_phrase(ante))
    return _with_context(text[:1].upper() + text[1:], topic(join(context)))


# an auxiliary or copula and the participle or attribute after it: the antecedent's
# predicate, which the elliptical clause replaces with its own
_PREDICATE_HEADS = frozenset(
    "a ont avait avaient aura auront est sont était étaient sera seront fut furent été "
    "peut peuvent doit doivent".split()
)


def _without_predicate(words: Sequence[str]) -> list[str]:
    """The words less the antecedent's predicate (« a-t-il reçu », « seront dispensées »)."""
    out: list[str] = []
    skip_next = False
    for w in words:
        low = w.lower()
        inverted = _INVERTED.fullmatch(w)
        if skip_next and w[:1].islower() and low not in _PREPOSITION | _DETERMINER:
            skip_next = low in _PREDICATE_HEADS  # « a-t-il été créé »
            continue
        skip_next = False
        if inverted is not None or low in _PREDICATE_HEADS:
            verb = inverted.group(1).lower() if inverted is not None else low
            skip_next = verb in _PREDICATE_HEADS
            continue
        out.append(w)
    return out


def _counted_noun(words: Sequence[str]) -> list[str]:
    for i, w in enumerate(words[:-2]):
        if w.lower() == "combien" and words[i + 1].lower() in ("de", "d'", "d’"):
            return [words[i + 2]]
    return []


def _without_question_phrase(words: Sequence[str]) -> list[str]:
    """The words less the question word and its noun (« Quel montant », « combien de lits »)."""
    for i, w in enumerate(words):
        low = w.lower()
        if low in ("quel", "quelle", "quels", "quelles", "combien", "which", "what"):
            end = i + 1
            if low == "combien" and end < len(words) and words[end].lower() in ("de", "d'", "d’"):
                end += 1
            if i and words[i - 1].lower() in _PREPOSITION:
                i -= 1  # « À combien s'élève … »: the preposition goes with its question word
            return [*words[:i], *words[end + 1 :]] if end < len(words) else list(words[:i])
    return list(words)


def _points_back(question: str, analyzer: Analyzer) -> bool:
    """Does the question use a pronoun or a demonstrative for something it does not name?"""
    text = _TEMPORAL.sub(" ", question)  # « ces dernières années » points to no earlier turn
    words = tokens(text)
    if _inverted_points_back(words):
        return True
    if _CLITIC_Y.search(text) or _DEMONSTRATIVE.search(text) or _ENGLISH_ANAPHOR.search(text):
        return True
    if _CHOICE.search(text) or _ADVERBIAL.search(text):
        return True
    if _SUBJECT.search(text) or _DATIVE.search(text) or _IT_IS.search(text):
        return True
    if _IT_IS_WHICH.search(text) or _REFLEXIVE_EN.search(text) or _OTHER_ASKED.search(text):
        return True
    if _CLITIC_AUXILIARY.search(text) and inverted_verb(words) is None:
        return True
    for i, w in enumerate(words[:-1]):
        low = w.lower()
        if low in _POSSESSIVES and _IDIOM.match(join(words[i - 1 : i + 2]) if i else ""):
            return True  # « à son sujet », « à leur propos »: always the conversation's topic
        if low in _POSSESSIVES and _MEMBER_OF.search(join(words[:i])):
            return True  # « La santé fait-elle partie de ses priorités ? »: not its own
        if low in _POSSESSIVES and words[i + 1][:1].isalpha():
            # « … chaque citoyen sur ses données »: the question names the possessor itself
            many = low in ("leur", "leurs")
            if not phrase_before(words, i, None, many, complements=True):
                return True
    if _clitic_before_inverted(words):
        return True
    clitic = _object_clitic(words)
    if clitic is not None and inverted_verb(words) is None:
        gender, plural = _CLITIC_SHAPE[words[clitic].lower().replace("’", "'")]
        return not phrase_before(words, clitic, gender, plural, complements=False)
    return False


_POSSESSIVES = frozenset("son sa ses leur leurs".split())
# a predicate of belonging before a possessive: what belongs is not the possessor (« X
# fait-il partie de ses missions ? », « X figure-t-il parmi leurs priorités ? », « l'un de ses
# axes », « cite une de ses publications », « plusieurs de leurs sites »); nor is what comes
# out of the possessor's doing (« la norme issue de leurs échanges »)
_MEMBER_OF = re.compile(
    r"(?:\bpartie\s+(?:de|d['’])|\bparmi|\bau\s+nombre\s+de"
    r"|(?:\bl['’]\s*)?\b(?:une?|certaine?s|plusieurs|quelques-une?s|chacune?|aucune?)"
    r"\s+(?:de|d['’])"
    r"|\b(?:issue?|née?|tirée?)s?\s+(?:de|d['’]))\s*$",
    re.IGNORECASE,
)
_IDIOM = re.compile(r"^(?:à|a|en)\s+(?:son|sa|leur)\s+(?:sujet|propos|égard|sein)$", re.I)
_CLITIC_SHAPE: dict[str, tuple[str | None, bool | None]] = {
    "le": ("m", False),
    "la": ("f", False),
    "l'": (None, False),
    "les": (None, True),
}
_PRONOUN_SHAPE: dict[str, tuple[str | None, bool | None]] = {
    "il": ("m", False),
    "elle": ("f", False),
    "ils": (None, True),
    "elles": ("f", True),
}


def _object_clitic(words: Sequence[str]) -> int | None:
    """Where an object pronoun stands before its verb (« Qui *la* finance ? »)."""
    for i in range(1, len(words) - 1):
        prev, low, nxt = (w.lower().replace("’", "'") for w in words[i - 1 : i + 2])
        if low not in _CLITIC_SHAPE or not words[i + 1][:1].islower():
            continue
        if prev in ("qui", "ne", "n'", "comment", "pourquoi") or before_infinitive(prev, low, nxt):
            return i
        if prev.endswith(("s", "x")) and nxt.endswith(("ent", "ont")):
            return i
    return None


def _clitic_before_inverted(words: Sequence[str]) -> bool:
    """An object pronoun before a verb whose subject is inverted (« Le guide *la*
    cite-t-il ? », « Pourquoi l'État *les* finance-t-il ? »): it stands for something the
    question does not name (the phrase before it is the verb's subject, never its object)."""
    verb = inverted_verb(words)
    return verb is not None and verb > 0 and plain(words[verb - 1]) in _CLITIC_SHAPE


def _inverted_points_back(words: Sequence[str]) -> bool:
    """An inverted pronoun with no subject of its own (« Quand a-t-il ouvert ? »), unless an
    earlier clause of the question names what it is (« …, et qu'ont-elles montré ? »)."""
    verb = inverted_verb(words)
    if verb is None or subject_before(words, verb) is not None:
        return False
    pronoun = words[verb].rsplit("-", 1)[-1].lower()
    breaks = [i for i in range(verb) if words[i].lower() in (",", "et", "mais", ";")]
    if breaks and pronoun in _PRONOUN_SHAPE:
        shape = _PRONOUN_SHAPE[pronoun]
        return not phrase_before(words, breaks[-1], *shape, complements=False, asked=True)
    return True


def _needs_context(question: str, analyzer: Analyzer) -> bool:
    """Does the question point back to something it does not name?"""
    if _inverted_points_back(tokens(question)):
        return True  # « De quelle aide de l'État bénéficie-t-il ? »: no subject of its own
    if _CHOICE.search(question):
        return True  # « Lesquels sont à Cherbourg ? »: a place, not what is chosen among
    text = _TEMPORAL.sub(" ", question)
    if _DEMONSTRATIVE.search(text) or _STRONG_ENGLISH.search(text) or _ADVERBIAL.search(text):
        return True
    if _DATIVE.search(text):  # « Combien la Région lui a-t-elle versé ? »: its subject named
        return True
    if asked(question).source and not set(analyzer.terms(question)) - _source_terms():
        return True  # « Quelle note donne la référence ? »: a source of what was said
    if _names_subject(question):
        return False
    if _FRAGMENT_ASKED.match(question):
        return True
    if len(analyzer.terms(question)) <= 1:  # « Et alors ? », « Combien ? »
        return True
    return _points_back(question, analyzer)


# the words a source question uses for a source and its giving: no topic of its own
_SOURCE_WORDS = (
    "note notes référence références source sources document documents lien liens site sites "
    "url adresse page étude enquête publication rapport donne donnent cite citent indique "
    "indiquent fournit fournissent mentionne renvoie renvoient vient viennent tire tiré sort "
    "sert appuie appuient reference references footnote link website study report gives cites"
)


@functools.cache
def _source_terms() -> frozenset[str]:
    """The index terms of ``_SOURCE_WORDS`` (analysed once: the analysis is the same for every
    analyzer)."""
    return frozenset(shared_analyzer().terms(_SOURCE_WORDS))


_ASKED_AFTER_PREPOSITION = re.compile(
    r"\b([àa]|de|pour|par|avec|dans|sur|en|chez|vers|selon|sous|entre|parmi)\s+"
    r"(quel|quelle|quels|quelles)\s+(?=([^\W\d_]))",
    re.IGNORECASE,
)


def _as_article(m: re.Match[str]) -> str:
    determiner, first = m.group(2).lower(), m.group(3).lower()
    if determiner.endswith("s"):
        article = "les "
    elif first in "aeiouhàâéèêîôû":
        article = "l'"
    else:
        article = "la " if determiner == "quelle" else "le "
    preposition = m.group(1)
    joined = _CONTRACTED.get((preposition.lower(), article))
    if joined is not None:  # « à quel projet » → « au projet », « de quels … » → « des … »
        return (joined.capitalize() if preposition[:1].isupper() else joined) + " "
    return f"{preposition} {article}"


# a preposition and the article after it, as French writes them together
_CONTRACTED = {
    ("à", "le "): "au",
    ("a", "le "): "au",
    ("à", "les "): "aux",
    ("a", "les "): "aux",
    ("de", "le "): "du",
    ("de", "les "): "des",
}


def topic(question: str) -> str:
    """The words of a question that say what it is about (its question words dropped)."""
    text = question.replace(" — ", " ")  # a follow-up's context is part of what it is about
    text = _INVERTED.sub(lambda m: m.group(1), text)  # « a-t-il reçu » -> « a reçu »
    # after a preposition the question's determiner becomes an article, so the context reads
    # « à la société … », not « à société … »
    text = _ASKED_AFTER_PREPOSITION.sub(_as_article, text)
    text = _ASKING.sub(_unless_acronym, text)
    return re.sub(r"\s+", " ", text).strip(" ,;:-")


def _unless_acronym(m: re.Match[str]) -> str:
    """A question word dropped, unless it is written in capitals: then it is an acronym
    ("According to the WHO, …" is about the World Health Organization)."""
    word = m.group()
    return word if len(word) > 2 and word.isalpha() and word.isupper() else " "


def _with_context(question: str, context: str) -> str:
    if not context or fold(context) in fold(question):
        return question
    return f"{question.rstrip()}{CONTEXT_MARK}{context}"


# a capitalised word after another word of its sentence (not its first)
_CAPITALISED_INSIDE = re.compile(r"(?<=[\w,;)»] )([A-ZÉ][a-zéèêàç]+)\b")


# an English verb that may follow "the first of them" (its subject)
_VERB_AFTER = "(?:is|are|was|were|has|have|had|does|do|did|can|will|runs?|operates?)"
# a thing named by its place among those the earlier answer named (« Combien de bornes a la
# première ? », « Et la seconde, elle en a combien ? », « Que veut dire le premier de ces
# sigles ? », "How many kiosks does the first one run?"): the ordinal stands alone, as a
# pronoun — at the end, before a comma, « d'entre … », « de ces … », « des deux » or an
# inverted verb (« la première revendique-t-elle »), not before its noun (« la première
# opération »)
_ORDINAL_PRONOUN = re.compile(
    r"\b(?:(?:la|le)\s+(premi[eè]re|premier|seconde?|deuxi[eè]me)"
    # « d'entre elles », « de ces sigles », « des deux »: part of the pronoun, replaced with it
    r"(?:\s+(?:d['’]entre\s+(?:eux|elles)|de\s+ces\s+[^\W\d_]+|des\s+deux)\b|"
    r"(?=\s*(?:[?,!.]|$)|\s+[^\W\d_]+-(?:t-)?(?:il|elle|ils|elles)\b))|"
    r"the\s+(first|second)(?:\s+one\b|(?=\s*(?:[?,!.]|$))|"
    # "the first of them", "the second of those two", "the first of these companies"
    rf"\s+of\s+(?:them|those|these)(?:\s+(?!{_VERB_AFTER}\b)[^\W\d_]+)?"
    rf"(?=\s*(?:[?,!.]|$)|\s+{_VERB_AFTER}\b)))",
    re.IGNORECASE,
)


def ordinal_pronoun(question: str) -> tuple[re.Match[str], int] | None:
    """The ordinal standing for one of the things the earlier answer named, and which of
    them (0: the first); None when the question has none."""
    m = _ORDINAL_PRONOUN.search(question)
    if m is None:
        return None
    word = fold(next(g for g in m.groups() if g))
    return m, 0 if word.startswith(("premi", "first")) else 1


def answered_names(answer: str, earlier: str, common: frozenset[str] = frozenset()) -> list[str]:
    """The names an answer gives that the earlier question did not, in the answer's order
    (« … les sociétés METADOM (…) et TESSAN (…) » → METADOM, TESSAN); ``common`` as for
    ``with_answered_names``."""
    known = {fold(w) for w in tokens(earlier)}
    found = [(m.start(), m.end()) for m in MARKED_NAME.finditer(answer)]
    if common:
        found += [
            (m.start(1), m.end(1))
            for m in _CAPITALISED_INSIDE.finditer(answer)
            if fold(m.group(1)) not in common
        ]
    # names one space apart are one (« Claire Dubois », « TESSAN MED »)
    spans: list[tuple[int, int]] = []
    for start, end in sorted(set(found)):
        if spans and answer[spans[-1][1] : start] == " ":
            spans[-1] = (spans[-1][0], end)
        elif not spans or start >= spans[-1][1]:
            spans.append((start, end))
    names = (answer[a:b] for a, b in spans)
    return list(dict.fromkeys(n for n in names if fold(n) not in known))


def named_by_place(question: str, names: Sequence[str]) -> str | None:
    """``question`` with its ordinal pronoun written as the name it stands for (« Combien de
    bornes a la première ? » → « Combien de bornes a METADOM ? »), or None (no ordinal, or
    too few names)."""
    found = ordinal_pronoun(question)
    if found is None or len(names) <= found[1]:
        return None
    m, place = found
    return question[: m.start()] + names[place] + question[m.end() :]


def named_by_place_in(question: str, names: Sequence[str], earlier: str) -> str | None:
    """``named_by_place`` with the earlier question as context: the name alone says little
    of what it was named for (« … a METADOM ? — Quelles sociétés ont obtenu l'agrément »)."""
    named = named_by_place(question, names)
    return None if named is None else _with_context(named, earlier.strip().rstrip(" ?"))


def asks_unnamed_acronym(question: str) -> bool:
    """Does the follow-up ask what an acronym stands for without writing one, naming it by a
    noun or a pronoun (« Et que veut dire ce sigle ? », « Que signifie son sigle ? », « Ça
    veut dire quoi ? », "What does it stand for?")? Not « Que veut dire son nom ? »: a name
    put back is asked as it is."""
    # the patterns first: reading what is asked analyses the question, on every follow-up
    if _ACRONYM.search(question) is not None:
        return False
    if _ACRONYM_NOUN.search(question) is None and _IT_STANDS.match(question) is None:
        return False
    return asked(question).kind == "meaning"


# what calls an acronym by its kind (« ce sigle », "that acronym")
_ACRONYM_NOUN = re.compile(
    r"\b(?:sigles?|acronymes?|abr[ée]viations?|acronyms?|abbreviations?|initials)\b", re.I
)
# « Ça veut dire quoi ? », « Et que veut dire cela ? », "What does it stand for?"
_IT_STANDS = re.compile(
    r"^\s*(?:and\s+|et\s+)?(?:what\s+does\s+(?:it|that|this)\s+(?:stand|mean)|"
    r"(?:ça|ca|cela)\s+(?:veut\s+dire|signifie)|que\s+(?:veut\s+dire|signifie)\s+(?:ça|ca|cela))\b",
    re.I,
)


def acronym_answered(
    question: str, answer: str, earlier: str, spelled_out: dict[str, str]
) -> str | None:
    """The follow-up asked of the acronym the earlier answer gave (``spelled_out``: the
    glossary's acronyms, folded, and their long forms). Not one the earlier question names,
    by the acronym or its long form; of the others, one the answer spells out in place (« un
    collecteur (CAD) », « EDeTeN (Enjeux du …) »), else the first (« Quel outil analyse les
    données via l'IA ? » answered « … via l'IA, un collecteur (CAD) … »: « Que veut dire ce
    sigle ? » asks of CAD). None when the answer gives none."""
    said = fold(earlier)
    found = []
    for m in _ACRONYM.finditer(answer):
        key = fold(m.group())
        long_form = spelled_out.get(key)
        if long_form is None or re.search(rf"\b{re.escape(key)}\b", said):
            continue
        if fold(long_form) in said:
            continue  # the earlier question names it in full
        found.append((not _spelled_out_in_place(answer, m), m.start(), m.group()))
    if not found:
        return None
    word = min(found)[2]
    return f"What does {word} stand for?" if _english(question) else f"Que signifie {word} ?"


def _spelled_out_in_place(text: str, acronym: re.Match[str]) -> bool:
    """Is the acronym set in brackets after its long form, or followed by it in brackets?"""
    after = text[acronym.end() :].lstrip()
    return after.startswith("(") or text[: acronym.start()].rstrip().endswith("(")


def points_to_what_was_asked(resolved: str, earlier: str) -> bool:
    """Was the follow-up's pronoun written back as what the earlier question asked for
    (« Quelle entreprise a été retenue … ? » then « Elle est spécialisée dans quoi ? » →
    « L'entreprise est spécialisée dans quoi ? »), with no context of its own?"""
    if CONTEXT_MARK in resolved:
        return False
    wanted = _asked_for(tokens(earlier.strip().rstrip(" ?")))
    if wanted:
        return fold(wanted[0].text) in fold(resolved)
    sought = _SOUGHT.search(fold(earlier).replace("’", "'"))
    return sought is not None and sought.group(1) in fold(resolved).replace("’", "'")


# a thing asked for as what the asker looks for (« Je cherche l'organisme qui … », "I'm
# looking for the company that …"): the answer names it
_SOUGHT = re.compile(
    r"\b(?:je (?:re)?cherche|je voudrais (?:savoir|connaitre|trouver)|"
    r"j'aimerais (?:savoir|connaitre|trouver)|(?:i'm|i am) (?:looking|searching) for|"
    r"i (?:want|would like|need) to (?:know|find))\s+"
    r"((?:l'|le |la |les |the )[a-z-]+)\s+(?:qui|que|qu'|dont|that|which|who)\b"
)


def with_answered_names(
    resolved: str, earlier: str, answer: str, common: frozenset[str] = frozenset()
) -> str:
    """``resolved`` (see ``points_to_what_was_asked``) with the names the earlier turn's
    answer gave as context (« — BODYCAP »): the thing asked for is the one the answer named.
    When the answer names nothing the earlier question did not (« santé mentale et perte
    d'autonomie »), the earlier question is the context, as for other follow-ups that lean on
    it: the pronoun's phrase alone (« les deux chantiers ») says too little. ``common``: words
    the text writes in lower case (folded); a capitalised word inside a sentence that is
    none of them is a name too (« Tessan »)."""
    names = answered_names(answer, earlier, common)
    return _with_context(resolved, " ".join(names[:3]) if names else earlier.strip().rstrip(" ?"))
