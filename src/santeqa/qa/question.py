"""What a question asks for, read from general French and English grammar.

Nothing here knows the report: the cues are interrogative words and the nouns that follow
them. Examples (none of them is an evaluation question):

- « Combien de lits compte l'hôpital ? », « how many beds » → ``quantity``, counted noun « lits »;
  « quel est l'effectif de guides ? » (« guides »), « quelle superficie ? », « quel âge ? »,
  « de quel ordre … ? » too
- « Quel est le coût du projet ? », « combien d’argent … ? », « how much money » → ``money``
- « Quelle part des élèves… », « quel pourcentage », « what share » → ``share``
- « Quand le musée a-t-il ouvert ? », « de quand date … », « … rénové quand ? »,
  « en quelle année », « by when » → ``date``
- « Pendant combien de temps… », « quelle durée », « quel délai », « how long » → ``duration``
- « Qui dirige le club ? », « who chairs », « quel enseignant-chercheur … ? », « le nom du
  responsable » → ``person``
- « Qui finance le festival ? », "who runs it" alone → ``agent`` (a person or an organisation)
- « Quelle entreprise fabrique… », « quel organisme », « quel hébergeur », "which local
  hospital" → ``organisation``
- « Où se trouve la gare ? », « dans quelle ville », « where » → ``place``
- « Quelle est l'adresse de la mairie ? », « à quelle adresse écrire ? », "what is the
  address of …" → ``address`` (a street and number, a postcode; not a web address: a source)
- « Comment s'organise le festival ? », « comment est structuré le cursus ? », "how is the
  course structured?" → ``structure`` (its parts: « se décline en 3 volets », « s'articule
  autour de … », « comporte 4 modules : »)
- « Un exemple de jeu coopératif ? », "give me an example of it" → ``example`` (what « par
  exemple » introduces, or what « en est un exemple »)
- « Que veut dire OTAN ? », « what does NATO stand for » → ``meaning``
- « Qu'est-ce qu'un tramway ? », « à quoi sert… », « what is » → ``definition``, the term
  defined « tramway » (French, the cue before the term)
- « Quels fruits… », « lesquels », « which tools » → ``list`` (a plural noun is asked for);
  « Lequel (d'entre eux) ouvre le dimanche ? » too: one of several things, read among them
- « D'où vient ce chiffre ? », « d'où sort ce tarif », « quelle source », « dans quelle étude
  le lit-on », « where does … come from » → ``source``
- « Le guide X est cité à l'appui de quel chiffre ? », « À quoi se rapporte la note 4 ? »,
  "The Y survey is cited for which figure?" → ``cited_for``: what a named source backs (the
  sentence citing its note answers, not the note)

- keywords only, no question word: « part eleves cantine », « taux ponctualite » → ``share``;
  other keyword questions are read by ``qa.keywords`` (« horaires piscine dimanche » → a list)

Hurried typing is read back first (``qa.hurried``): shorthand and chat spellings written out
(« c koi », « cb », « pk », « ds »), then, before the kind is read, words matched to the
document's own vocabulary (accents, typos, elisions, inversions, compounds, capitals).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from santeqa.qa.hurried import expand_shorthand
from santeqa.qa.keywords import has_question_word, read_keywords
from santeqa.text import fold

ANSWER_KINDS = (
    "quantity",
    "share",
    "money",
    "date",
    "duration",
    "person",
    "agent",
    "organisation",
    "place",
    "address",
    "structure",
    "example",
    "meaning",
    "definition",
    "list",
)

_ENGLISH = frozenset(
    (
        "the what which who whom whose when where why how does did do is are was were of to in "
        "for by on with from among many much rate share people their than should would could "
        "can will has have been being it its into about"
    ).split()
)
_FRENCH = frozenset(
    (
        "le la les des du de un une est sont quel quelle quels quelles qui que quoi comment "
        "combien pourquoi dans pour par sur avec au aux ce cette ou et en"
    ).split()
)

_W = r"[a-z0-9'’-]+"
# « combien d'argent / de fonds / de financement ? » asks an amount, not how many of a thing
_AMOUNT_NOUNS = ("argent", "fonds", "financement", "credits")
# "where does X rank / stand" asks a rank: no place, no source
_RANK_WORDS = "rank|ranks|ranked|stand|stands"
# an English noun after a singular organisation noun makes that noun a modifier ("which
# university CERTIFICATE", "which company NAME"): a word that is no function word and does
# not end like a verb after its subject (-s, -ed: "which company HOSTS", "which firm CARRIED";
# after a plural, "which partners MAKE up", any word may be the verb)
_NOUN_AFTER = (
    r" (?!(?:is|are|was|were|does|do|did|has|have|had|will|would|can|could|should|may|might|"
    r"of|in|on|at|for|to|from|by|with|and|or|that|which|who|whose|the|a|an|its|their|this|"
    r"these|now|still|also|not|first|most|currently|recently|already|"
    # irregular past tenses, verbs too: "which bus company WON the tender"
    r"won|led|ran|built|made|set|took|gave|got|chose|sold|bought|brought|began|put|held|paid|"
    r"sent|spent|kept|met|left|found|wrote|drew|grew|became|came|went|saw|told|said|lost|"
    r"oversaw|undertook)\b)[a-z-]+(?<!s)(?<!ed)\b"
)


# one person named by a role (singular: several are a list)
_PERSON_ROLES = (
    r"(?:enseignant-)?chercheu(?:r|se)|enseignante?|medecin|professeure?|directeur|directrice|"
    r"responsable|presidente?|ministre|fondat(?:eur|rice)|dirigeante?|coordinat(?:eur|rice)|"
    r"porte-parole|elue?|deputee?|chirurgien(?:ne)?|researcher|professor|doctor|director|"
    r"minister|founder|surgeon|spokes(?:man|woman|person)"
)

_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        (
            # « quelle est la durée du bail ? » (read as « quelle durée », ``_COPULA``),
            # keywords « bail duree ? » / « duree bail »
            "duration",
            # « quel délai (moyen) faut-il … ? »: a length of time
            r"\b(combien de temps|pendant combien|quelle duree|quel delai|how long|"
            r"for what period)\b|"
            r"^la duree\b|^duree\b|\bduree\W*$",
        ),
        (
            # a rank: « à quel rang … ? », « quelle place occupe … ? », « comment X se
            # classe-t-il … ? », "where does X rank / stand?"
            "rank",
            # « où se situe / se place X parmi … ? » asks a rank (« où se situe le siège ? »
            # a place)
            r"\b(quel rang|quelle (place|position)\b|se class\w*|rang\b|"
            r"\bou (?:se )?(?:situ|plac|positionn)\w*\b.*\b(?:parmi|classement|rapport aux?)\b|"
            r"(where|how) (does|do|did|is|are)\b.*\b(" + _RANK_WORDS + r")\b|"
            r"(?:what|which) (rank|position|place)\b|\bposition (?:among|in the)\b)",
        ),
        (
            "money",
            r"\b(combien (coute|coutent|d'euros|d’euros|(de |d'|d’)("
            + "|".join(_AMOUNT_NOUNS)
            + r")\b)|"
            # « combien X a-t-il versé / investi / dépensé … ? »: an amount of money, when
            # « combien » counts no noun
            r"combien\b(?! (?:de|d'|d’))(?=.*\b(?:verse|investi|depense|alloue|accorde|paye|"
            r"paie|leve|debourse|injecte|finance)\w*)|"
            r"quel(le)?s? (montant|budget|cout|prix|"
            r"somme|financement|chiffre d'affaires|enveloppe)|montant|budget|cout|prix|"
            r"chiffres? d'affaires|salaires?|tarifs?|remunerations?|subventions?|dotations?|"
            # a fine is an amount (« quelle amende … ? », "what fine …?")
            r"amendes?|penalites? financieres?|(?:what|which|the) fines?\b|fines\b|penalt(?:y|ies)|"
            # « de quels moyens dispose-t-il, en euros ? »: an amount
            r"en euros|in euros|"
            r"how much (money|does|did|do|is|was)|what (budget|amount|sum|price|cost)|"
            # "funding", "grants" name an amount only when asked how much of it: "which funding
            # schemes …", "how many funding windows …", "the approach to funding …" ask none
            r"(budget|cost|price)s?\b|salary\b|"
            r"how much (?:\w+ ){0,2}(?:funding|revenues?|wages?|fees?|grants?)\b)",
        ),
        (
            "share",
            # (« quelle fraction (maximale) de son temps … ? » as "what fraction")
            # « rapporté à l'ensemble, que pèsent les X ? »: their share of it
            r"\b(quel(le)?s? (part|proportion|pourcentage|taux|fraction)|que pesent?|"
            r"what (share|percentage|"
            r"proportion|rate|fraction)|how much of|pourcentage|proportion)\b|"
            # keywords only: « part eleves cantine bio », « taux reussite bac 2022 »
            r"^(part|taux)\b",
        ),
        # (not « le nombre 4 300 … »: a figure quoted, whose meaning is asked)
        # « quel effectif », « quelle superficie »: a headcount, an area
        (
            "quantity",
            # « de quel ordre est le bond ? » (a magnitude), « quel âge ont … ? »
            r"\b(combien|quel(le)?s? (nombre|volume|chiffre|effectif|superficie|surface|age)|"
            r"nombre(?! ?\d)|de quel ordre|age moyen|how many)\b",
        ),
        (
            "date",
            # « de quand date … ? », « à quand remonte … ? », « … créé quand ? »
            r"(^(depuis )?quand\b|\bc'est quand\b|"
            r"\b(depuis|jusqu'a|a partir de|d'ici|de|a) quand\b|\bquand\s*\?*\s*$|"
            r"\b(en|depuis|a partir de) quelle (annee|date|periode)|\ba quelle date|"
            r"\bquelle (annee|date)\b|\bwhen\b|\b(what|which) (year|date|month)\b|^quand\b|"
            # « en quel an » (how Apertium puts "in what year", the French reading of one)
            r"\ben quel an\b|"
            # « lors de quelle édition du festival … ? », "which edition": a year
            r"\b(?:quelle|which) edition\b)",
        ),
        (
            "person",
            # « qui est à la tête de … ? », « qui se trouve à la tête de … ? » (who heads it)
            # (not « X, c'est qui (au juste) ? »: who or what X is, an organisation as often)
            r"(\bc'est qui\b(?!(?: au juste| exactement| donc| vraiment)?\W*$)|"
            r"\b(?:directeur|directrice|president|presidente|responsable|dirigeante?|chef)s?\b"
            r"[^,]*, c'est qui\b|\bqui (dirige|preside|anime|pilote|coordonne|est (le|la) "
            r"(directeur|directrice|president|presidente|responsable)|(est|se trouve) a la tete\b)|"
            r"\bwho (leads|heads|runs|chairs|directs|is the|is at the head)|"
            # one person by their role (« quel enseignant-chercheur coordonne … ? », « le nom
            # du responsable », "which researcher …"); several (« quels chercheurs ») are a list
            r"\b(?:quel(?:le)?|nom du|nom de la|name of the|which) (?:" + _PERSON_ROLES + r")\b)",
        ),
        # « qui » alone asks for whoever acts: a person or an organisation (« qui finance … »)
        ("agent", r"(^qui\b|^who\b)"),
        (
            "organisation",
            r"\b(quel(le)?s? (institution|organisme|organisation|entreprise|societe|agence|"
            r"structure|etablissement|laboratoire|association|partenaire|instance|"
            r"startup|start-up|universite|operateur|organe|entite|federation|groupement|"
            r"collectivite|syndicat|consortium|ministere|hebergeur|editeur|prestataire|"
            r"fournisseur|fabricant|constructeur|hopital|clinique)s?|"
            # one « acteur » is most often an organisation (« quel acteur normand … »); several
            # « acteurs » are as often roles or kinds (« le concepteur, le praticien »,
            # « des magasins d'optique »): a list, no kind
            r"quel acteur\b|"
            # "which (French, regional …) company": English puts up to two adjectives before
            # the noun (not "what does the …")
            r"(which|what) (?:(?!(?:is|are|was|were|does|do|did|has|have|the|a|an)\b)[a-z-]+ ){0,2}"
            r"(institution|organisation|organization|company|agency|body|bodie|"
            r"firm|university|universitie|partner|startup|start-up|operator|institute|"
            r"laborator(?:y|ie)|association|entity|entitie|federation|ministry|ministrie|"
            r"consortium)(?:s\b|\b(?!" + _NOUN_AFTER + "))|"
            # one host, maker or hospital ("which hospitals …" asks a list)
            r"(which|what) (?:(?!(?:is|are|was|were|does|do|did|has|have|the|a|an)\b)[a-z-]+ ){0,2}"
            r"(?:hospital|clinic|provider|vendor|manufacturer|publisher)\b(?!" + _NOUN_AFTER + "))",
        ),
        (
            # a postal address (not « adresse web / électronique / du site »: a source; not the
            # verb: « à qui s'adresse … ? », "how does the plan address …?")
            "address",
            r"\b(?:quelle|a quelle|l'|son|sa|leur|une) ?adresse\b(?! (?:web|internet|electronique|"
            r"mail|e-mail|courriel|url|ip|du site|de son site|de leur site|en ligne))|"
            r"\b(?:postal|street|mailing) address\b|\b(?:what|which) (?:is the )?address\b|"
            r"\bthe address of\b",
        ),
        (
            "place",
            # « où en est-on / où en sont les travaux ? » asks how far a thing has come, not where
            r"(^ou\b(?! (vien|provien|en (?:est|sont|etait|etaient|sera|seront)\b))|"
            r"(?<!d')\bou (se trouve|est situe|sont)|"
            r"\b(dans|en) quel(le)?s? (ville|region|pays|"
            r"departement|lieu|endroit)|\bquel(le)?s? (ville|region|pays)\b|"
            # "where does it come from" asks a source (_SOURCE), not a place
            r"^where\b(?!.*\b(?:" + _RANK_WORDS + r"|come from|comes from)\b)|"
            # "in which Normandy town …": up to two words before the noun
            r"\b(which|what) (?:[a-z-]+ ){0,2}?(country|city|region|town)\b)",
        ),
        (
            # how a thing is made up (« comment s'organise / se structure / est organisé X ? »,
            # « de quoi se compose X ? », "how is X structured?"), not how it is defined or
            # described (« quelle est la structure de X ? » reads as an organisation, above)
            "structure",
            r"\bcomment\b.*\b(?:(?:se |s')(?:structur|organis|articul|declin|compos|decompos|"
            r"reparti|divis)\w*|(?:est|sont|sera|seront|a ete|ont ete|etait|etaient) "
            r"(?:structur|organis|articul|declin|compos|divis|decoup)\w*|"
            r"(?:structur|organis|articul|declin|compos|divis|decoup)\w*-t-(?:il|elle|ils|elles)|"
            # « comment le plan est-il organisé ? »
            r"(?:est|sont|sera|seront|etait|etaient)-(?:t-)?(?:il|elle|ils|elles) "
            r"(?:structur|organis|articul|declin|compos|divis|decoup)\w*)|"
            r"\bquelle est l'architecture d|"
            r"\bde quoi (?:se compose|est compose)\w*|"
            r"\bhow (?:is|are|was|were|will) (?:\w+ ){1,8}?(?:structured|organi[sz]ed|broken down|"
            r"divided|set out)\b|\bwhat is the structure of\b",
        ),
        (
            "meaning",
            # (not « que veut dire (concrètement) que les données sont X ? », « que signifie le
            # fait que … »: the meaning of a statement, not of a word or an acronym)
            # « signifie(nt) », not « significatif », "significantly"
            r"\b((veut dire|voulait dire|signifi(?!ca)\w*)(?!(?: \w+ment)? (?:que|qu'|le fait))|"
            r"signification|forme (developpee|longue)|"
            # « c'est quoi en toutes lettres ? », "what is it in full?": the long form
            r"en toutes lettres|in full|spel(?:led|t) out|"
            # « dans la liste des sigles, … », "in the list of abbreviations, …"
            r"acronymes?|sigles?|abreviations?|stands? for|acronyms?|abbreviations?|"
            # « que désignent ces lettres ? », « les initiales X, … »: what they stand for
            r"(?:ces|les|des) (?:lettres|initiales)|(?:these|the) (?:letters|initials)|"
            # « X, ça donne quoi selon le glossaire / dans le lexique ? »: the glossary gives
            # long forms
            r"glossaire|glossary|lexique)\b",
        ),
        (
            "definition",
            r"(qu'est-ce qu|qu'est ce qu|c'est quoi|en quoi consiste|a quoi (sert|servent|"
            r"servirai\w*|correspond|renvoi\w*|fait reference|se refere)|sert a quoi|"
            r"que (designe|recouvre|signifie)|"
            r"qu'entend\b|qu'appelle-t-on|qu'appelle t on|"
            # the meaning of a statement (« que veut dire (concrètement) que les données sont
            # X ? »): what its predicate is, as a defining sentence says
            r"(veut dire|voulait dire|signifie)(?: \w+ment)? (?:que|qu')|"
            r"comment (le rapport )?(definit|caracterise|decrit)|\bdefini\w*|"
            # « comment le plan caractérise-t-il … », « comment X décrit-elle … »
            r"\b(caracteris|decri)\w*-t-(il|elle|ils|elles|on)\b|"
            r"\bwhat is (a|an|the)\b|^what is\b|\bwhat (are|kind of)\b|\bdefine\w*|\bdescribe\w*)",
        ),
        (
            "list",
            # « lequel / laquelle (d'entre eux) … ? » asks which one of several things: read
            # among them (not the relative « le projet dans lequel … »)
            r"^(?:et |mais )?(?:lequel|laquelle)\b|\b(?:lequel|laquelle) (?:d'entre|des)\b|"
            r"\b(quels|quelles|lesquels|lesquelles|quels sont|quelles sont|"
            # "what is", "what does" ask for no plural noun
            r"(which|what) (?!(?:is|was|does|has)\b)\w+s\b|name the|list the|"
            # "which two major challenges …", "what new jobs …": a count or an adjective first
            r"(which|what) (?:(?:two|three|four|five|six|seven|eight|nine|ten|several|main|major|"
            r"new|other|key|specific|different|grand|big|particular) ){1,2}[a-z-]+s\b)",
        ),
        (
            # an example asked (« un exemple ? », « quel exemple donne-t-il … ? », "give me an
            # example of it"); « quels exemples … » asks a list, read above
            "example",
            r"\bexemples?\b|\bexamples?\b|\bfor instance\b",
        ),
    )
)
# the kinds an acronym's long form gives: the organisation or the things it names
_NAMED_BY_AN_ACRONYM = frozenset({"organisation", "agent", "list"})
_MEANING = dict(_CUES)["meaning"]
# « où » opening a question that asks a source: where to look (folded text)
_WHERE_TO_LOOK = re.compile(r"^(?:et |mais )?ou\b")
_SOURCE = re.compile(
    # « d'où vient ce chiffre ? », « d'où est tiré ce chiffre ? », « d'où l'auteur
    # tient-il ce chiffre ? » (the subject between: up to three words)
    # « où le rapport renvoie-t-il pour … ? »: where the text points its reader, a note
    r"\b(sources?|(d'|^)ou (?:[\w'-]+ ){0,3}?(vien|provien|sort|tir|tien|issu|renvoi)\w*|"
    r"provien\w*|"
    # « le rapport renvoie vers quelle page … ? » (the text points its reader: not « à quoi
    # renvoie X ? », « ce chiffre renvoie à quel objectif ? », a meaning)
    r"(?:rapport|document|texte|auteur|guide|etude|article|note)s? "
    r"renvoi\w*(?:-t-(?:il|elle))? (?:vers|a) quel\w*|"
    # whoever points, to a document (« il renvoie à quelle vidéo ? »)
    r"renvoi\w*(?:-t-(?:il|elle))? (?:vers|a) quel\w* (?:videos?|pages? web|sites?|documents?|"
    r"etudes?|rapports?|sources?|liens?|publications?|enquetes?)\b|"
    # the same asked after the verb, as spoken: « c'est tiré d'où ? », « ça vient d'où ? »
    r"(?:vien|sort|tir|extrai|issu|repris)\w* d'ou\b|"
    # « ce tarif est tiré de quoi ? », « le bilan a été publié où ? » (not « publié ou non »)
    r"(?:tir|extrai|repris)\w* de quoi\b|publie\w* ou(?=\s*(?:[,?]|$))|"
    r"citation\w*|reference\w*|refs?\b|"
    # what backs a figure (« l'étude citée à l'appui », « à l'appui de ce chiffre »); not
    # « en note », « footnote »: a note may explain rather than credit
    r"a l'appui|"
    r"selon quel\w*|d'apres quel\w*|"
    # who carried out a survey or a study (« qui a conduit ce sondage ? », « quel institut
    # a mené l'étude … ? », « quel institut de sondage / service statistique a publié … »,
    # "who conducted the survey?"): its note names them
    r"(?:qui|quel\w* \w+(?: (?:de |d'|du )?\w+)?) a "
    r"(?:realise|mene|conduit|publie|commande|commandite)\w* "
    r"(?:l'|la |le |les |cette |ce |ces |une |un )?(?:enquete|etude|sondage|barometre)s?|"
    # who put a figure out (« qui a publié cette estimation ? », « qui a avancé ces chiffres
    # ? »): the note names them
    r"qui a (?:publie|avance|produit|fourni|calcule|diffuse|etabli)\w* "
    r"(?:l'|la |le |les |cette |ce |cet |ces )(?:estimations?|chiffres?|statistiques?|"
    r"donnees|pourcentages?|projections?|evaluations?)\b|"
    # who or which body stands behind a figure or a study (« quel institut de sondage est
    # derrière ces chiffres ? », « qui se cache derrière cette enquête ? »)
    r"derriere (?:ce|cette|cet|ces|le|la|les) (?:chiffres?|estimations?|statistiques?|"
    r"donnees|pourcentages?|enquetes?|etudes?|sondages?|barometres?)\b|"
    # what a passage is drawn from (« elle est tirée de quelle page web ? », « extrait de
    # quel rapport ? »)
    r"\b(?:tire|extrai|issu|repris|puise)\w* (?:de|d'|du|des) quel\w* \w+|"
    # a document's number, which its note gives (« quel numéro porte le rapport de X ? »,
    # « le rapport de X porte quel numéro ? »; not a law's article, which the text quotes)
    r"\bquel numero porte (?:le|la|l') ?(?:rapport|document|etude|enquete|publication)|"
    r"\b(?:rapport|document|etude|enquete|publication)\b[^?]* porte quel numero|"
    # the document itself, to read (« je voudrais lire le texte d'origine »)
    r"\b(?:texte|document|rapport|etude)s? (?:d'origine|originale?|integrale?)\b|"
    r"who (?:conducted|carried out|ran|did|published|commissioned) (?:the|this|that) "
    r"(?:survey|study|poll)|"
    # who put a figure out ("which research institute produced that number?", "who came up
    # with these figures?"), what a claim is footnoted to
    r"(?:who|which(?: [a-z-]+){1,3}) (?:produced|published|released|put out|came up with) "
    r"(?:that|this|the|these|those) (?:numbers?|figures?|estimates?|statistics?|data|"
    r"percentages?)\b|\bfootnoted\b|"
    # which document shows a figure (« quelle étude l'établit ? », « quelle enquête montre
    # ce chiffre ? », "which survey shows it?"): its note names it
    r"quel\w* (?:etude|enquete|sondage|rapport|publication|barometre|document)s? "
    r"(?:l'|les |le |la |ce |cet |cette |ces )?\w*\s?"
    r"(?:etabli|montr|indiqu|revel|avanc|fourni|mesur|chiffr|estim|affirm|constat)\w*|"
    r"which (?:study|survey|poll|report|document) (?:shows|establishes|finds|found|gives|"
    r"reports|measured|estimates)\b|"
    # « dans quel rapport le dit-elle ? » (not « dans quelle page », where in the text)
    # (« tu tiens ça de quel texte ? »)
    r"(?:dans|de) quel(le)?s? (document|texte|etude|enquete|rapport|inventaire|publication|ouvrage|"
    r"sondage|(?:dossier|communique)s? de presse)s?|"
    r"sur quel(le)? (site|document|page|video|etude|enquete|rapport|ressource|inventaire|"
    # (not « sur quel article … », a law's article)
    r"publication|ouvrage|sondage|travaux)|come from|"
    r"where (?:does|do|did)\b(?!.*\b(?:" + _RANK_WORDS + r")\b)|"
    r"conducted by|published by|which (site|document|page|study|survey|report)|"
    # a web address is what a note holds (« quelle adresse web … », "what is the URL of …")
    r"quel(le)?s? (?:est (?:l'|le )?)?(adresses? (web|internet|url)|urls?|liens? (web|internet|"
    r"hypertextes?))|(?:which|what) (?:is the |are the )?(urls?|web address(es)?|links?)|"
    # « donne-t-il un lien vers … ? », "is there a link to …?"
    r"\b(?:un|le|des|les) liens? (?:vers|pour acceder|pour consulter)|\ba link to\b|"
    # « c'est documenté / étayé par quel article ? »: the publication backing a claim
    r"\b(?:documente|etaye|justifie)e?s? par (?:quel|quelle|quels|quelles)\b|"
    # « quelle étude est à l'origine du chiffre … ? » (not « … à l'origine du projet ? »,
    # which asks who started it)
    r"a l'origine (?:du|des|de (?:ce|cette|ces)) (?:chiffres?|donnees?|statistiques?|"
    r"estimations?|pourcentages?|taux))\b"
)
# what a named source backs: « cité(e) (en note) à l'appui de / à propos de quel(le) X »,
# « sert de source à quel X », « quel X est appuyé par la note … », « à quelle affirmation se
# rattache la note … », « à quoi se rapporte la note 4 », "cited for / in support of which X",
# "which claim does the note back"
_WH = r"(?:quel|quelle|quels|quelles)"
_CITED_FOR = re.compile(
    r"\b(?:cite|donne|mentionne|invoque)e?s?\s+(?:en note\s+|en reference\s+)?"
    r"(?:a l'appui|a propos|au sujet|pour appuyer|pour etayer|pour illustrer)\s+(?:de|d')\s*"
    + _WH
    + r"\b|\bsert de (?:source|reference) (?:a|au|aux) "
    + _WH
    + r"\b|\b(?:appuye|etaye|soutenu|justifie)e?s? par (?:la|le|cette|ce|une|un) "
    r"(?:note|source|reference|renvoi)\b|"
    r"\b(?:se rattache|se rapporte|renvoie)\w* (?:la |le |cette |ce )?(?:note|source|reference)\b|"
    r"\b(?:a quoi|a " + _WH + r" \w+) (?:se rattache|se rapporte)\w* (?:la |le |cette )?"
    r"(?:note|source|reference)\b|"
    r"\bcited (?:as a source |in a note )?(?:for|in support of|to support|to back) "
    r"(?:what|which)\b|"
    r"\b(?:what|which) (?:claim|figure|statement|fact|idea|point|number)s? (?:does|do|did) "
    r"(?:the |this |that )?(?:note|footnote|source|reference)\b"
)
# « quel site le rapport donne-t-il en note ? », « quel document est mis en note pour ça ? »:
# a document (``_DOCUMENT``) asked for where the text's notes are named is what a note
# holds (« en note » alone is no source cue: a note may explain rather than credit, see
# _SOURCE)
_IN_NOTE = re.compile(
    r"\ben (?:note|bas de page)\b|\bdans (?:la|les|une|sa|ses|cette) notes?\b|\bfootnotes?\b|"
    r"\bnotes? de bas de page\b|"
    r"\bin (?:a|the|its|that) notes?\b"
)
# the title a document bears (« comment s'appelle son document ? », « quel est le titre de
# l'étude ? », « sous quel intitulé … ? »): its note gives it
_TITLED = re.compile(r"\b(?:titres?|intitul\w*|s'appelle(?:nt)?|title[sd]?|called)\b")
# « réalisé / publié / mené par » asks who made a document (« l'enquête réalisée par quel
# institut ? »), not who made a thing (« l'opération réalisée par un robot »)
_MADE_BY = re.compile(r"\b(realise|publie|mene)\w* par\b")
_SURVEYED = re.compile(r"\b(sondages?|barometres?)\b")
# « cité » asks for a source when what is cited is a document (« quelle étude est citée »),
# not when it is people or actions the text mentions (« les chercheurs cités », « les
# actions qu'elle cite en exemple »)
_CITED = re.compile(r"\b(cite\w*|cited?)\b")
_DOCUMENT = re.compile(
    r"\b(rapports?|documents?|videos?|pages?|sites?|etudes?|enquetes?|inventaires?|"
    r"(?:dossier|communique)s? de presse|"
    r"ressources?|articles?|liens?|publications?|ouvrages?|notes?|web|url|reports?|"
    r"stud(y|ies)|surveys?|websites?|papers?|links?)\b"
)
# the text itself, which cites (« le rapport cite-t-il … »), is not what is cited
# (not « le rapport sénatorial », « le rapport de l'OCDE »: another report, which is cited)
_THE_REPORT = re.compile(
    r"\b(le|the|this) (rapport|document|report)\b"
    r"(?!\s+(?:de|du|des|d'|of|by)\b|\s+\w+(?:al|aux|aire|ique|iel|el)\b)"
)
# the noun a « quel(le)(s) … » / "which …" question asks for, past « sont les », « est le »
_TARGET = re.compile(
    rf"\b(?:quel(?:le)?s?|which|what)\s+(?:(?:sont|est|etaient|etait|are|is|were|was)\s+"
    rf"(?:les|le|la|l'|l’|ses|son|sa|leurs?|the|its|their)\s*)?({_W})"
)
_NOT_TARGETS = frozenset(
    (
        "de d' du des est sont a ont the a an is are was were do does did it they can could "
        "would should will may might must has have had "
        # the source asked is what a note or a credit line holds, not a word it must use
        "source sources"
    ).split()
)
# an adjective between « nombre » and what it counts: « le nombre MINIMAL de services »,
# « nombre TOTAL d'emplois »
_NUMBER_ADJECTIVE = (
    r"(?:total|totale|minimal|minimale|minimum|maximal|maximale|maximum|moyen|moyenne|exact|"
    r"global|globale|approximatif|precis|annuel|cumule|requis|necessaire|estime|officiel)"
)
# the noun a count or amount is about: « combien de LITS », « nombre d'ÉLÈVES », « how many BEDS »
_COUNTED = re.compile(
    # (not « combien d'après le texte », « combien d'ici 2027 »: prepositions, no noun)
    rf"\b(?:combien (?:de|d'|d’)\s*(?!(?:apres|ici|ailleurs|abord)\b)|"
    rf"nombre (?:{_NUMBER_ADJECTIVE} (?=de |d'|d’))?"
    rf"(?:de |d'|d’)?\s*(?!\d)|effectif (?:de |d'|d’)\s*|how many |how much )({_W})"
)


_PARTITIVE = re.compile(
    rf"(?:entre\s+(?:(?:eux|elles|nous|vous)\b|(?:les|ces|ses|leurs|nos|vos)\s+({_W}))|"
    rf"(?:ces|ses|leurs|nos|vos)\s+({_W}))"
)


@dataclass(frozen=True)
class Asked:
    """What a question asks for."""

    kind: str | None  # one of ANSWER_KINDS, or None when nothing precise is asked
    source: bool  # asks where something comes from: a note answers
    english: bool
    counted: str | None  # the noun a quantity is about (folded), when there is one
    parts: int = 1  # questions asked in one (« Quand … et combien … ? » asks two)
    # the noun a « quel … » question asks for (folded): « quels LÉGUMES », « quels sont les
    # HORAIRES », « which TOOLS »
    target: str | None = None
    keywords: bool = False  # French typed as keywords: no question word (« nb lits 2023 »)
    # an English « which / what » question's whole noun phrase (folded), whose head English
    # puts last: "which university certificate", "which two major challenges"
    target_phrase: str | None = None
    # asks for several things, whatever their kind: « quels partenaires… », « lesquelles »,
    # "which tools" (a list), « quelles entreprises » (organisations, several of them)
    several: bool = False
    # the term a French definition question asks about (folded): « qu'est-ce que le
    # TRAMWAY … », « en quoi consiste la MÉDIATION … »; None for any other question
    defined: str | None = None
    # asks what a source it names backs (« … est cité à l'appui de quel chiffre ? »): its
    # note is found as a source question's is (``source`` is set too), and the sentence
    # citing that note is quoted
    cited_for: bool = False
    # which item of a list it asks for, counted from 1 (-1: the last): « quel était son
    # SECOND sous-objectif ? », « quel est le PREMIER d'entre eux ? », "the THIRD one"
    ordinal: int | None = None
    # what each question of several asked in one asks, read alone (« Quelle est la cause …,
    # et depuis quand … ? »: None, date); empty for a question asking one thing
    part_kinds: tuple[str | None, ...] = ()
    # asks who holds a role (« qui dirige / préside … ? », « le directeur de … », "who chairs"):
    # a sentence naming people in another role (« des chercheurs reconnus (X, Y) ») is no answer
    role: bool = False


# a role asked of a person (folded)
_ROLE_ASKED = re.compile(
    r"\b(?:dirige\w*|preside\w*|a la tete|directeur|directrice|president|presidente|"
    r"responsable|pilote|coordonne|leads?|heads?|chairs?|runs?|running|director|president|"
    r"in charge)\b"
)


def normalise_typing(question: str) -> str:
    """Fold accents and case and read common hurried spellings (« c koi », « cest »)."""
    # shorthand first: some of it is lower-case only (« cb » is combien, « CB » a bank card)
    return fold(expand_shorthand(re.sub(r"\s+", " ", question.replace("’", "'")).strip()))


# words that open an English question and no French one: question words, auxiliaries of a
# yes/no question, and the imperatives of a request ("Give an example of …", "List the …")
_ENGLISH_OPENING = frozenset(
    (
        "what which who whom whose when where why how does did do is are was were can could "
        "should would give list name describe explain define tell show"
    ).split()
)


# a polite request around the question (« Pouvez-vous me dire combien … », « Je voudrais
# savoir si … », "Could you tell me who …"): what follows it is the question
_REQUEST = re.compile(
    r"^\s*(?:(?:bonjour|bonsoir|salut|hello|hi)\s*[,!.]?\s*)?(?:"
    r"(?:est-ce que\s+)?(?:vous\s+pouvez|tu\s+peux|pouvez[- ]vous|pourriez[- ]vous|peux[- ]tu|"
    r"pourrais[- ]tu|vous\s+pourriez|tu\s+pourrais)\s+(?:me\s+|m'|nous\s+)?"
    r"(?:dire|indiquer|pr[eé]ciser|rappeler)"
    r"|(?:je\s+|j')(?:voudrais|aimerais|souhaite|souhaiterais|veux|voulais|cherche\s+[àa])\s+"
    r"(?:savoir|conna[iî]tre)"
    r"|(?:dites|dis)[- ]moi|(?:savez[- ]vous|sais[- ]tu|est-ce que vous savez)|je me demande"
    r"|(?:can|could|would|will)\s+you\s+(?:please\s+)?(?:tell|show)\s+me|(?:please\s+)?tell\s+me"
    r"|do\s+you\s+know|i(?:\s+would|'d)\s+like\s+to\s+know|i\s+want\s+to\s+know|i\s+wonder"
    r")\s*[,:]?\s+",
    re.IGNORECASE,
)
# what the request's indirect question opens with, and the direct question it stands for
_INDIRECT = (
    (re.compile(r"^si\s+(?=[aeiouyàâéèêh])", re.IGNORECASE), "est-ce qu'"),  # a yes/no question
    (re.compile(r"^si\s+", re.IGNORECASE), "est-ce que "),
    (re.compile(r"^s'(?=ils?\b)", re.IGNORECASE), "est-ce qu'"),
    (re.compile(r"^(?:if|whether)\s+", re.IGNORECASE), "is it true that "),
    (re.compile(r"^ce\s+qu'est\b", re.IGNORECASE), "qu'est-ce que"),  # « ce qu'est X »
    (re.compile(r"^ce\s+qu(e\s+|')", re.IGNORECASE), r"qu\1"),  # « ce que signifie X »
    (re.compile(r"^ce\s+qui\b", re.IGNORECASE), "qu'est-ce qui"),
)
# a courtesy closing it: « …, s'il vous plaît ? », « … svp », "…, please?"
_COURTESY = re.compile(
    r"[,\s]*\b(?:s'il (?:vous|te) pla[iî]t|svp|stp|please)\s*(?=[?.!]*\s*$)", re.IGNORECASE
)


def without_request(question: str) -> str:
    """The question a polite request holds (« Pouvez-vous me dire quand le musée a ouvert,
    s'il vous plaît ? » → « quand le musée a ouvert ? »); any other question as typed."""
    text = question.replace("’", "'")
    wrapped = _REQUEST.match(text)
    closed = _COURTESY.search(text)
    if wrapped is None and closed is None:
        return question
    if closed is not None:
        text = text[: closed.start()] + text[closed.end() :]
    if wrapped is not None:
        text = text[wrapped.end() :]
        for pattern, direct in _INDIRECT:
            text = pattern.sub(direct, text, count=1)
    return text.strip() or question


@lru_cache(maxsize=256)  # a question is read three times (what is asked, analysis, typing)
def looks_english(question: str) -> bool:
    """More English function words than French ones, at least two; or, for a short question
    of content words (« Which regulation defines health data? », « Give an example of weak
    AI. »), an English question word or request first and no French function word."""
    words = re.findall(r"[a-z']+", fold(question))
    en = sum(w in _ENGLISH for w in words)
    fr = sum(w in _FRENCH for w in words)
    opens = bool(words) and words[0] in _ENGLISH_OPENING
    return (en >= 2 and en > fr) or (opens and fr == 0)


# a plural question word: several things are asked for (« quels », « lesquelles », "which
# tools"; « quel » and "which tool" ask for one)
_SEVERAL = re.compile(r"\b(quels|quelles|lesquels|lesquelles|which \w{2,}s|name the|list the)\b")


# a question opening with « pourquoi » / "why": it asks a reason
_WHY = re.compile(r"\W*(pourquoi|why)\b")
# a second question joined to the first: « …, et combien … ? », « … and who … ? », or a
# second question mark after a first one
_SECOND_PART = re.compile(
    r"(?:,?\s+(?:et|puis|and)\s+(?=(?:qu|comment|combien|pourquoi|où|ou|quand|quel|lequel|"
    r"laquelle|lesquel|what|how|which|who|when|where|why)\w*\b"
    # a preposition first: « …, et depuis quand … ? », « … et pour quelle raison ? »
    r"|(?:depuis|pour|dans|de|en|a|à|par|sur|avec|since|for|in|by|from)\s+"
    r"(?:quel\w*|quand|combien|qui|quoi|lequel|laquelle|lesquel\w*|what|how|which|who|whom|"
    r"when|where)\b)|\?\s*(?=\S))",
    re.IGNORECASE,
)


_HOW_MANY = re.compile(r"\b(combien|how (many|much))\b")


def _part_kinds(text: str) -> tuple[str | None, ...]:
    """The kind each question joined in ``text`` asks, read alone (« …, et depuis quand … ? »
    asks a date in its second part only). A yes/no part is left out: what it asks is what the
    next part asks (« X a-t-elle levé des fonds, et pour quel montant ? » asks an amount)."""
    # as many parts as ``Asked.parts`` counts (three at most)
    parts = [p for p in _SECOND_PART.split(text.strip()) if p and p.strip(" ,?")][:3]
    return tuple(
        asked(p if p.rstrip().endswith("?") else p + " ?").kind
        for p in parts
        if _ASKS_ITS_OWN.search(_YES_NO_OPENING.sub(" ", p))
    )


# a question word of a part that asks for something (folded; « où » is « ou », read as the
# conjunction it also is, so left out)
_ASKS_ITS_OWN = re.compile(
    r"\b(?:combien|quel\w*|lequel|laquelle|lesquel\w*|qui|quoi|quand|comment|pourquoi|what|"
    r"which|who|whom|whose|when|where|why|how)\b|\bqu'"
)
# « est-ce que / qu' » opens a yes/no question
_YES_NO_OPENING = re.compile(r"\best-ce qu(?:e\b|')")


# « quel est le taux … ? » asks what « quel taux … ? » asks: the kinds' cues read the shorter
# form (singular only: « quels sont les partenaires … ? » asks for a list)
_COPULA = re.compile(r"\b(quel(?:le)?) (?:est|etait|sera|serait) (?:le |la |l')")


# what ends the English noun phrase a "how many" counts: a preposition, an auxiliary
_PHRASE_END = frozenset(
    "of in on at for to from by with across over per does do did is are was were has have had "
    "will would can could should may might".split()
)


def _counted_noun(text: str, counted: re.Match[str]) -> str:
    """The counted noun: « combien de X » counts X; "how many X Y" counts its head, the first
    plural of the phrase, not a noun or adjective before it ("how many teleconsultation
    KIOSKS", "how many digital health PROJECTS", "how many direct JOBS"); "how many people"
    keeps its first word."""
    noun = counted.group(1).strip("'’")
    if not counted.group(0).startswith("how "):
        # « combien d'entre elles », « combien de ces sociétés », « combien d'entre les
        # écoles »: the noun after the partitive and the determiner; none after a pronoun
        partitive = _PARTITIVE.match(text, counted.start(1))
        if partitive is not None:
            return partitive.group(1) or partitive.group(2) or ""
        return noun
    phrase = _phrase_words(text[counted.start(1) :], _PHRASE_END)
    plural = next((w for w in phrase if w.endswith("s") and len(w) > 3), None)
    return plural.strip("'’") if plural else noun


# a clause of time opening the question (« Quand un patient consulte à distance, qui paie ? »,
# "When the law was passed, who …?"): « quand » there is a conjunction, not the question
# word; a question asking when has its verb inverted (« Quand le musée a-t-il ouvert, … »,
# "When did …") or no comma
_WHEN_CLAUSE = re.compile(
    r"^\W*(?:quand|lorsqu'?e?|when(?!\s+(?:did|does|do|is|are|was|were|will|would|can|could|"
    r"has|have|had|should|shall|may|might)\b))\s+(?P<clause>[^,?]+),\s*(?=\S)"
)
_INVERTED = re.compile(r"-(?:t-)?(?:il|elle|on|ils|elles)\b|\best-ce\b")


def _main_question(text: str) -> str:
    """``text`` without a clause of time opening it (see ``_WHEN_CLAUSE``)."""
    found = _WHEN_CLAUSE.match(text)
    if found is None or _INVERTED.search(found["clause"]):
        return text
    return text[found.end() :]


# « qui est / sont » then a name, as typed (a capital): asks who that is
_WHO_IS_NAMED = re.compile(
    r"^\W*(?i:qui (?:est|sont|était|étaient)(?:-ce)?|who (?:is|are|was|were))\s+[A-ZÀ-Ý]"
)


# what the question sets aside is not what it asks for (« au-delà des montants, quelles
# orientations ? », « hormis le budget, que prévoit … ? », "apart from the cost, …")
_SET_ASIDE = re.compile(
    r"\b(?:au-dela|au dela|en dehors|hormis|a part|sans parler|apart from|beyond|besides)"
    r"\s+(?:(?:des|du|de|d'|les|la|le|l'|the|its|their)\b\s*)?[a-z-]+"
)


# a figure the question points to as given (« ce montant », « cette somme », « ces chiffres »)
_FIGURE_NOUNS = (
    "montant budget cout prix somme chiffre nombre pourcentage taux financement enveloppe".split()
)
_GIVEN_FIGURE = re.compile(r"\b(?:ce|cet|cette|ces) (?:" + "|".join(_FIGURE_NOUNS) + r")s?\b")


def asked(question: str) -> Asked:
    """Read what kind of answer a question expects (see the module's examples)."""
    text = normalise_typing(question)
    # what is asked, read without what the question sets aside
    unset = _SET_ASIDE.sub(" ", text)
    cued = _COPULA.sub(r"\1 ", _main_question(unset))
    if _GIVEN_FIGURE.search(cued) and _target(text) not in (None, *_FIGURE_NOUNS):
        # « à quel programme correspond ce montant ? »: the amount is given, the programme asked
        cued = _GIVEN_FIGURE.sub(" ", cued)
    kind = next((k for k, pattern in _CUES if pattern.search(cued)), None)
    if kind in _NAMED_BY_AN_ACRONYM and _MEANING.search(cued):
        # « à quels organismes correspond le sigle X ? », « quelle entreprise désigne
        # l'acronyme Y ? »: what the letters stand for, which names the organisation
        kind = "meaning"
    counted = _COUNTED.search(text)
    noun = _counted_noun(text, counted) if counted else None
    # no noun counted: « combien de temps », "how much did …"; "how much of …" still reads
    # « of » as its noun: reading none there measured one question worse (quality log)
    if noun in ("", "de", "d", "temps") or noun in _NOT_TARGETS or noun in _AMOUNT_NOUNS:
        noun = None
    english = looks_english(question)
    documents = _THE_REPORT.sub(" ", text)
    source = bool(_SOURCE.search(text)) or bool(
        (_CITED.search(text) or _MADE_BY.search(text) or _TITLED.search(text))
        and (_DOCUMENT.search(documents) or _SURVEYED.search(documents))
    )
    cited_for = bool(_CITED_FOR.search(text))
    source = source or cited_for
    if source and kind in ("quantity", "share", "money") and not _HOW_MANY.search(text):
        # « la source du NOMBRE de lits » asks a note: the figure is what the note backs
        kind, noun = None, None
    if source and kind == "place" and _WHERE_TO_LOOK.match(text):
        # « Où le rapport renvoie-t-il pour … ? », « où trouver la source de … ? »: where to
        # read more is a note, not a place
        kind = None
    target = _target(text)
    source = source or bool(target and _DOCUMENT.fullmatch(target) and _IN_NOTE.search(text))
    # « Quelle note ? », « quelles notes appuient ces chiffres ? »: the note is what is asked
    source = source or target in ("note", "notes")
    # no cue and no question word: the keywords' vocabulary and shape (qa.keywords)
    keyed = None if kind is not None or english else read_keywords(unset, question)
    if keyed is not None:
        kind, source = keyed.kind, source or keyed.source
        noun, target = noun or keyed.counted, target or keyed.target
    if kind == "agent" and _WHO_IS_NAMED.match(question):
        # « Qui sont Jeanne Martin et Paul Roux ? », "Who is Jane Doe?": who they are, what
        # the text says of them, not a name (the question gives it)
        kind = None
    parts = 1 + min(len(_SECOND_PART.findall(text.strip())), 2)
    part_kinds = _part_kinds(text) if parts > 1 else ()
    if parts == 1 and _WHY.match(text):
        # « Pourquoi le coût … ? », "Why would cutting costs …?" ask a reason: the figure
        # named is the subject, not what is asked
        kind, noun = None, None
    return Asked(
        kind=kind,
        source=source,
        english=english,
        counted=noun,
        parts=parts,
        part_kinds=part_kinds,
        target=target,
        keywords=not english and not has_question_word(text),
        several=kind == "list" or bool(_SEVERAL.search(text)),
        defined=_defined(text) if kind in ("definition", "meaning") and not english else None,
        target_phrase=_english_target_phrase(text) if english else None,
        cited_for=cited_for,
        ordinal=_ordinal(text),
        role=kind == "person" and _ROLE_ASKED.search(text) is not None,
    )


_ORDINALS = {
    "premier": 1,
    "premiere": 1,
    "first": 1,
    "second": 2,
    "seconde": 2,
    "deuxieme": 2,
    "troisieme": 3,
    "third": 3,
    "quatrieme": 4,
    "fourth": 4,
    "cinquieme": 5,
    "fifth": 5,
    "dernier": -1,
    "derniere": -1,
    "last": -1,
}
# an ordinal before the item asked (« son second sous-objectif », « le premier d'entre eux »,
# "the third one"), not one that dates or ranks (« les deux premières années », « en première
# année », "the first two years", « la première fois »)
_ORDINAL_ITEM = re.compile(
    r"\b(?:le|la|les|l'|son|sa|ses|leur|quel|quelle|the|its|their)\s*"
    rf"({'|'.join(_ORDINALS)})\b(?!\s+(?:\d|deux|trois|quatre|two|three|four|annee|an\b|ans\b|"
    r"year|fois|time|edition|version|moitie|half|partie|part\b))"
)


def _ordinal(text: str) -> int | None:
    found = _ORDINAL_ITEM.search(text)
    return _ORDINALS[found.group(1)] if found else None


# a definition cue, then the word defined, past its article and a framing noun (« qu'est-ce
# que l'expression « tiers-lieu » … » defines « tiers-lieu »; « comment la loi définit-elle
# le télétravail » « télétravail »)
_DEFINED = re.compile(
    r"(?:qu'est-ce qu(?:e |')|qu'est ce qu(?:e |')|en quoi consistent|en quoi "
    r"consiste|que (?:designe|recouvre|signifie)(?:-t-on| t on)?(?: par)?|qu'entend-on par|"
    # « à quoi correspond / renvoie / fait référence la notion de X »
    r"a quoi (?:correspond(?:ent)?|renvoi(?:e|ent)|fait reference|font reference)|"
    # « c'est quoi (exactement) le télétravail », « que veut dire tiers-lieu », « qu'entend
    # l'OMS par santé »
    r"c'est quoi(?: exactement| au juste| concretement)?|que (?:veut|voulait) dire|"
    r"qu'entend(?: on| l'\w+| (?:le|la|les) \w+)? par|"
    r"qu'appelle-t-on|qu'appelle t on|"
    # « comment le code définit-il LE TÉLÉTRAVAIL », « comment X décrit-elle … »
    r"(?:defini\w*|caracteris\w*|decri\w*)(?:-t)?-(?:il|elle|ils|elles|on))\s*(?:(?:les|le|la|une|un|des|du|de)\s+|[ld]')?"
    # « la notion DE littératie », « le concept d'e-santé »: the term after the framing noun
    r"(?:(?:expression|terme|notion|mot|concept)s?\s*(?:(?:de|du|des)\s+|d')?)?[«\"“]?\s*"
    # « la mobilité dite douce », « dite « douce » »: the term is « mobilité douce »
    r"(?:([a-z0-9-]+)\s+dit(?:e|s|es)?\s+[«\"“]?\s*)?([a-z0-9-]+)((?:\s+[a-z0-9-]+){0,2})"
)


# words that end a defined term rather than qualify it (« la médiation DANS les musées »)
_NOT_QUALIFIER = frozenset(
    "de des du d en dans selon pour par au aux a et ou le la les sur chez avec est sont "
    "consiste consistent exactement precisement concretement".split()
)


# determiners pointing back to what was said: what follows them is no term being asked about
_POINTING = frozenset("ce cet cette ces son sa ses leur leurs".split())


# adverbs between a definition cue and its term
_ADVERBS = frozenset("exactement precisement concretement vraiment".split())


def _defined(text: str) -> str | None:
    """The term a definition question asks about: its word and up to two words after it,
    to the first function word (« médiation culturelle », « IA faible », « intelligence
    artificielle générative »; « médiation » for « la médiation dans les musées »); a lone
    two-letter word is no term."""
    found = _DEFINED.search(text)
    if found is None:
        return None
    named, word, after = found.groups()  # ``named``: the noun before « dit(e) », if any
    words = [word, *after.split()]
    if word in _ADVERBS and len(words) > 1:  # « que veut dire concrètement télétravail »
        words = words[1:]
    if words[0] in ("que", "qu"):
        return None  # the meaning of a statement (« que veut dire (concrètement) que … »)
    if words[0] in _POINTING:
        return None  # what was said before (« à quoi correspondent ces chiffres ? »): no term
    if words[0] == "comme":
        # « les tiers-lieux, c'est quoi comme structure ? »: the kind of thing asked for, the
        # term set before the question
        return _set_before(text[: found.start()])
    if named is not None:  # « la mobilité dite douce »: « mobilité douce »
        words = [named, *words]
    term = list(itertools.takewhile(lambda w: len(w) > 2 and w not in _NOT_QUALIFIER, words[1:]))
    if len(words[0]) <= 2 and not term and named is None:
        return None
    return " ".join([words[0], *term[:2]])


# a phrase set before a question, after its article (« les tiers-lieux, c'est quoi … »)
_SET_BEFORE = re.compile(
    r"^\W*(?:et\s+)?(?:(?:les|le|la|un|une|des)\s+|l')?([a-z0-9-]+(?:\s+[a-z0-9-]+){0,2})\s*,\s*$"
)


def _set_before(text: str) -> str | None:
    """The term of up to three words set before the definition cue, or None."""
    found = _SET_BEFORE.match(text)
    return found.group(1) if found else None


def _english_target_phrase(text: str) -> str | None:
    """The words after "which" / "what" up to a preposition, an auxiliary or a determiner
    (four at most): the noun phrase asked for, with its head somewhere in it."""
    found = _TARGET.search(text)
    if found is None:
        return None
    return " ".join(_phrase_words(text[found.start(1) :], _TARGET_PHRASE_END)) or None


_TARGET_PHRASE_END = _PHRASE_END | frozenset("the a an its their this these that those".split())


def _phrase_words(text: str, end: frozenset[str]) -> list[str]:
    """The words opening ``text`` (four at most) up to one of ``end``: an English noun
    phrase after its question word."""
    return list(itertools.takewhile(lambda w: w not in end, re.findall(_W, text)[:4]))


def _target(text: str) -> str | None:
    found = _TARGET.search(text)
    word = found.group(1).strip("'’") if found else None
    return word if word and word not in _NOT_TARGETS and len(word) > 2 else None


# Words that frame a question rather than name its topic: how the asker refers to the text
# and to the kind of answer wanted (« Quel nom désigne l'acronyme TGV ? », « Que dit le
# texte, précisément, du tarif ? », « what does the document mention about the fares,
# exactly? »). A passage does not use them for the fact asked, so counting them as salient
# would make every sentence look as if it missed part of the question (and a question look
# out of scope). Retrieval still sees them.
_FRAMING = frozenset(
    (
        "sigle acronyme abreviation recouvre recouvrent designe designent consiste consistent "
        "caracterise caracterisent concretement exactement precisement precise precision "
        "mentionne mentionnee evoque evoquee indique indiquee cite citee document texte "
        "rapport auteur auteurs lu explique expliquee entend entendre entendu "
        "stand stands acronym abbreviation mean means meaning exactly text report document "
        "say says said mention mentions mentioned according "
        # « une IA dite « faible » »: « dite » (so-called) names the term, it is no part of it
        "dit dite dits dites "
        # « quelle est la source de … » asks for a note, which does not say « source »; only a
        # figure's credit line (« Source : … ») does, whatever it credits
        "source sources"
    ).split()
)


# Nouns naming the same kind of thing: a « quel … » question may ask for it with one and the
# text name it with another (« Quelle entreprise fabrique ces vélos ? » answered by « La
# société X fabrique … »); an English question about a French text asks with its own word
# ("Which company …?"). One word each, as the analyser reads it.
SAME_KIND = (
    ("entreprise", "société", "firme", "startup", "compagnie", "company", "firm"),
    # a legal text is named by its kind (« Quel texte a créé … ? » — « La loi de … a créé … »)
    ("texte", "loi", "décret", "arrêté", "règlement", "directive", "law", "decree", "regulation"),
)


def salient(
    terms: Sequence[str],
    idf: dict[str, float],
    rarest: float,
    framing: frozenset[str] = frozenset(),
) -> dict[str, float]:
    """Each distinct question term with its weight (IDF; unseen terms weigh as the rarest),
    leaving out the ``framing`` terms (stems of ``_FRAMING``, see ``framing_terms``)."""
    return {t: idf.get(t, rarest) for t in dict.fromkeys(terms) if t not in framing}


def framing_terms(analyse: Callable[[str], Sequence[str]]) -> frozenset[str]:
    """The analysed (stemmed) forms of the framing words, for ``salient``."""
    return frozenset(t for w in _FRAMING for t in analyse(w))
