"""French word lists the layout rules read: glossary titles, caption words, function words."""

from __future__ import annotations

import re

GLOSSARY_TITLES = frozenset(
    {
        "sigles",
        "glossaire",
        "acronymes",
        "abréviations",
        "abreviations",
        "liste des sigles",
        "liste des abréviations",
        "liste des acronymes",
        "sigles et abréviations",
        "sigles et acronymes",
        "table des sigles",
    }
)
CAPTION_WORDS = frozenset(
    {
        "source",
        "sources",
        "site",
        "figure",
        "fig",
        "graphique",
        "tableau",
        "schéma",
        "carte",
        "illustration",
        "photo",
        "image",
        "crédit",
        "crédits",
    }
)
#: words after which a line cannot end a sentence or a list item
FUNCTION_WORDS = frozenset(
    {
        "le",
        "la",
        "les",
        "l",
        "un",
        "une",
        "des",
        "de",
        "du",
        "d",
        "et",
        "ou",
        "à",
        "a",
        "au",
        "aux",
        "en",
        "pour",
        "par",
        "sur",
        "dans",
        "avec",
        "sans",
        "que",
        "qui",
        "ce",
        "cet",
        "cette",
        "ces",
        "son",
        "sa",
        "ses",
        "leur",
        "leurs",
        "notre",
        "nos",
        "votre",
        "vos",
        "mon",
        "ma",
        "mes",
        "entre",
        "vers",
        "chez",
        "dont",
        "sous",
        "selon",
        "comme",
    }
)
#: words that often precede a bare number that is not a note marker
NUMBER_WORDS = FUNCTION_WORDS | frozenset(
    {
        "art",
        "article",
        "page",
        "p",
        "pp",
        "n",
        "no",
        "chapitre",
        "tome",
        "vol",
        "fig",
        "figure",
        "annexe",
        "tableau",
        "environ",
        "près",
        "plus",
        "moins",
        "soit",
        "top",
        "niveau",
        "étape",
        "phase",
        "groupe",
        "axe",
        "priorité",
        "objectif",
    }
)
ARTICLES = frozenset({"le", "la", "les", "l", "un", "une", "des", "du", "de", "d"})


def last_word(text: str) -> str:
    """The last word of ``text``, lower-cased ("" when there is none)."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    return words[-1] if words else ""
