"""A short document of fresh text (not the report's) for the LibreOffice-made test PDFs.

``benchmarks/lo_edition.py fixture OUT.pdf [--docx] [--word-like]`` lays it out with
LibreOffice; the PDFs under ``tests/unit/ingest/fixtures/`` were made so, and
``tests/unit/ingest/test_pdf_libreoffice.py`` checks that santeqa reads this structure back
from them. It holds what a word processor's export of a report holds: headings on two
levels, paragraphs, a bulleted list, notes (two on a page, URLs printed or only linked, one
a file name too long for a line), a page turning inside a paragraph, and a glossary table
long enough to turn a page; optionally a note long enough to go on over the next page.
"""

from __future__ import annotations

import re

from santeqa.records import Document, Footnote, GlossaryEntry, Marker, Page, Paragraph

NAME = "mediatheques.txt"
FIXTURE_HEADER = "Réseau des médiathèques du bocage"
_MARK = re.compile(r"\[(\d+)\]")

#: (section path, paragraph with ``[n]`` where note n is cited)
PARAGRAPHS: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        ("Un réseau de médiathèques rurales", "Origines du projet"),
        "En 2019, sept communes du bocage ont décidé de mettre en commun leurs fonds de "
        "livres, de disques et de jeux afin que chaque habitant puisse emprunter un document "
        "dans n’importe quelle antenne du territoire[1]. Le syndicat intercommunal a pris en "
        "charge la navette hebdomadaire qui relie les sites, tandis que chaque commune garde "
        "la gestion de ses locaux et de ses horaires d’ouverture.",
    ),
    (
        ("Un réseau de médiathèques rurales", "Origines du projet"),
        "Le catalogue commun compte aujourd’hui près de 48 000 notices, dont un tiers "
        "provient de l’ancienne bibliothèque départementale de prêt. Les bénévoles, "
        "nombreux dans les petites antennes, ont suivi une formation de trois jours au "
        "logiciel de gestion partagé[2]. Les horaires ont été harmonisés pour qu’une antenne "
        "au moins soit ouverte chaque soir de la semaine, y compris pendant les vacances "
        "scolaires, ce qui a demandé de longues négociations avec les mairies.",
    ),
    (
        ("Un réseau de médiathèques rurales", "Services proposés"),
        "Outre le prêt, le réseau propose plusieurs services aux habitants :",
    ),
    (
        ("Un réseau de médiathèques rurales", "Services proposés"),
        "• le portage de documents à domicile pour les personnes âgées ou isolées",
    ),
    (
        ("Un réseau de médiathèques rurales", "Services proposés"),
        "• des ateliers d’initiation aux outils numériques, animés par un conseiller "
        "itinérant qui se déplace d’une antenne à l’autre selon un calendrier trimestriel[3]",
    ),
    (
        ("Un réseau de médiathèques rurales", "Services proposés"),
        "• une grainothèque où chacun dépose et prend librement des semences potagères",
    ),
    (
        ("Un réseau de médiathèques rurales", "Services proposés"),
        "La fréquentation a progressé de 22 % en quatre ans, surtout chez les adolescents, "
        "qui viennent pour les jeux de société et les mangas. Le rapport d’activité le plus "
        "récent[4] souligne toutefois que les communes les plus éloignées restent en retrait, "
        "faute de transport en commun le samedi. Une expérimentation de bibliobus est à "
        "l’étude pour desservir les hameaux, avec un arrêt mensuel devant chaque école "
        "primaire et un second arrêt, le samedi matin, sur la place du marché.",
    ),
    (
        ("Financement et gouvernance",),
        "Le budget de fonctionnement, de 310 000 euros par an, est couvert aux deux tiers "
        "par les communes au prorata de leur population ; le reste vient du département et "
        "de la direction régionale des affaires culturelles[5]. Un comité de pilotage réunit "
        "deux fois par an les élus, les bibliothécaires salariés et des représentants des "
        "bénévoles ; il arrête la politique d’acquisition et les tarifs, qui restent "
        "gratuits pour les moins de dix-huit ans.",
    ),
    (
        ("Financement et gouvernance",),
        "Les investissements suivent un plan pluriannuel. La rénovation de l’antenne de la "
        "vallée, ancienne école de garçons, a coûté 640 000 euros, dont la moitié financée "
        "par une dotation de l’État au titre de la revitalisation des bourgs[6]. Le conseil "
        "syndical a retenu une isolation en fibre de bois et une chaufferie commune avec la "
        "salle des fêtes voisine, pour réduire la facture d’énergie des deux bâtiments.",
    ),
    (
        ("Financement et gouvernance",),
        "Les prochaines étapes portent sur l’accessibilité des locaux et sur la numérisation "
        "des archives paroissiales conservées à l’antenne du bourg, un fonds de registres "
        "anciens que les généalogistes consultent souvent. Une convention avec les archives "
        "départementales fixera les conditions de prêt du matériel de prise de vue et la "
        "diffusion des images en ligne, sous une licence ouverte.",
    ),
)

NOTES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Délibération du syndicat intercommunal du 4 mars 2019.", ()),
    (
        "Guide de l’usager du catalogue partagé, https://mediatheques.example.org/guide-usager",
        ("https://mediatheques.example.org/guide-usager",),
    ),
    ("Calendrier des ateliers numériques (site du réseau)", ("https://ateliers.example.org/",)),
    (
        "RapportAnnuelActiviteReseauIntercommunalDesMediathequesEtLudothequesDuBocage"
        "Normand2023VersionDefinitiveAdopteeEnConseilSyndical.pdf (site du syndicat).",
        ("https://syndicat.example.org/rapport-2023.pdf",),
    ),
    ("Convention de financement pluriannuelle, annexe budgétaire.", ()),
    (
        "Dotation de soutien à l’investissement local, notification du préfet.",
        ("https://prefecture.example.org/dsil",),
    ),
)

GLOSSARY: tuple[tuple[str, str], ...] = (
    ("BDP", "Bibliothèque Départementale de Prêt"),
    (
        "CLEA",
        "Contrat Local d’Éducation Artistique signé entre l’État, le département et les communes",
    ),
    ("DRAC", "Direction Régionale des Affaires Culturelles"),
    ("DSIL", "Dotation de Soutien à l’Investissement Local"),
    ("EPCI", "Établissement Public de Coopération Intercommunale"),
    (
        "FabLab",
        "Atelier de Fabrication Numérique ouvert au public, avec imprimantes 3D et découpe laser",
    ),
    ("OPAC", "Catalogue Public en Ligne"),
    ("PCI", "Plan de Conservation et d’Inventaire des fonds patrimoniaux anciens"),
    ("SIGB", "Système Intégré de Gestion des Bibliothèques"),
)


#: with ``long_note``: a note cited on the first page, long enough to go on over the next
#: page's foot, and a short one cited on that page; in the layouts made, the first page's
#: share of the long note ends right before a number (« … la question » / « 8 portait … »),
#: which in a layout without raised note numbers would read as the next note's start
LONG_NOTES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Compte rendu détaillé de la consultation publique menée auprès des usagers des sept "
        "antennes entre septembre et décembre 2022 : "
        + " ".join(
            f"la question {i} portait sur les horaires, les collections, les animations et "
            f"l'accueil, et {40 + i} % des répondants se sont dits satisfaits ou très "
            "satisfaits;"
            for i in range(1, 19)
        )
        + " Le détail des réponses est publié sur https://consultation.example.org/resultats-2022",
        ("https://consultation.example.org/resultats-2022",),
    ),
    ("Projet de convention, version soumise au conseil syndical.", ()),
)
#: where the long notes are cited: (paragraph index, words the marker follows)
LONG_NOTE_MARKERS = ((8, "salle des fêtes voisine"), (9, "archives départementales"))


def fresh_document(glossary_repeat: int = 3, long_note: bool = False) -> Document:
    """The document (its glossary written ``glossary_repeat`` times with numbered acronyms,
    so that the table turns a page); with ``long_note``, ``LONG_NOTES`` cited too."""
    marked_paragraphs = list(PARAGRAPHS)
    notes_text = NOTES
    if long_note:
        for number, (k, words) in enumerate(LONG_NOTE_MARKERS, len(NOTES) + 1):
            section, marked = marked_paragraphs[k]
            marked_paragraphs[k] = (section, marked.replace(words, f"{words}[{number}]", 1))
        notes_text = NOTES + LONG_NOTES
    paragraphs = []
    for section, marked in marked_paragraphs:
        text, markers = "", []
        pos = 0
        for match in _MARK.finditer(marked):
            text += marked[pos : match.start()]
            markers.append(Marker(len(text), int(match.group(1))))
            pos = match.end()
        text += marked[pos:]
        paragraphs.append(Paragraph(NAME, text, section, ((0, 1),), tuple(markers)))
    notes = tuple(
        Footnote(NAME, number, text, urls, 1) for number, (text, urls) in enumerate(notes_text, 1)
    )
    glossary = tuple(
        GlossaryEntry(NAME, f"{acronym}{i or ''}", expansion, 1)
        for i in range(glossary_repeat)
        for acronym, expansion in GLOSSARY
    )
    return Document(
        name=NAME,
        sha256="0" * 64,
        pages=(Page(NAME, 1, "1", ""),),
        paragraphs=tuple(paragraphs),
        footnotes=notes,
        glossary=glossary,
    )


#: ``fixture --frame``: a frame at the right of the second paragraph, 5 cm wide, the text
#: wrapping around it at its left: empty (a picture's place) or a text box of short lines
FRAME_LINES = ("48 000 notices", "7 antennes", "22 % de fréquentation en plus")
_FRAME_STYLE = (
    '<style:style style:name="Wrapped_20_frame" style:family="graphic">'
    '<style:graphic-properties style:wrap="left" style:number-wrapped-paragraphs="no-limit" '
    'style:vertical-pos="top" style:vertical-rel="paragraph" style:horizontal-pos="right" '
    'style:horizontal-rel="paragraph" fo:border="0.5pt solid #000000" fo:padding="0.1cm"/>'
    "</style:style>"
)
_DRAW = 'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'


def with_frames(fodt: str, starts: list[str], width_cm: float = 6.0) -> str:
    """``fodt`` with an empty frame (``width_cm`` wide, 3 cm high, at the right) opening each
    paragraph whose text starts with one of ``starts`` (XML-escaped already): the text of
    each wraps around a picture's place."""
    fodt = _with_frame_style(fodt)
    for n, head in enumerate(starts):
        at = fodt.find(head)
        if at < 0:
            continue
        tag = fodt.rfind("<text:p ", 0, at)
        end = fodt.find(">", tag) + 1
        fodt = fodt[:end] + _frame(f"Frame{n}", width_cm, 3.0, "<text:p/>") + fodt[end:]
    return fodt


def _frame(name: str, width_cm: float, height_cm: float, inner: str) -> str:
    """A frame of the ``_FRAME_STYLE`` anchored to its paragraph, holding ``inner``."""
    return (
        f'<draw:frame draw:style-name="Wrapped_20_frame" draw:name="{name}" '
        f'text:anchor-type="paragraph" svg:width="{width_cm}cm" svg:height="{height_cm}cm">'
        f"<draw:text-box>{inner}</draw:text-box></draw:frame>"
    )


def _with_frame_style(fodt: str) -> str:
    fodt = fodt.replace(" xmlns:xlink=", f" {_DRAW}\n xmlns:xlink=", 1)
    return fodt.replace("<office:automatic-styles>", "<office:automatic-styles>" + _FRAME_STYLE, 1)


def with_frame(fodt: str, kind: str) -> str:
    """``fodt`` with a frame the second body paragraph wraps around (``kind``: ``picture``,
    an empty frame, or ``box``, a text box holding ``FRAME_LINES``)."""
    inner = (
        "<text:p/>"
        if kind == "picture"
        else "".join(f"<text:p>{line}</text:p>" for line in FRAME_LINES)
    )
    frame = _frame("Frame1", 5.0, 4.0, inner)
    fodt = _with_frame_style(fodt)
    tag = '<text:p text:style-name="Text_20_body">'
    second = fodt.find(tag, fodt.find(tag) + 1) + len(tag)
    return fodt[:second] + frame + fodt[second:]
