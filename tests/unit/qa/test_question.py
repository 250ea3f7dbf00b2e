"""What a question asks for, from general grammar; hurried typing read against a vocabulary."""

from __future__ import annotations

import re

import pytest

from santeqa.qa.hurried import FoldedDictionary, Vocabulary, expand_shorthand, written_words
from santeqa.qa.question import asked, looks_english, salient, without_request


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Combien de lits compte l'hôpital ?", "quantity"),
        ("nb lits hopital", "quantity"),
        ("How many beds does the hospital have?", "quantity"),
        ("Quel est le coût du nouveau tramway ?", "money"),
        ("Quel est le chiffre d'affaires de la brasserie ?", "money"),
        ("Quel est le salaire moyen des guides du musée ?", "money"),
        # « combien » with a verb of paying and no noun counted
        ("Combien la ville a-t-elle investi dans le stade ?", "money"),
        ("Combien le club a-t-il levé auprès des supporters ?", "money"),
        ("Combien de clubs la ville a-t-elle financés ?", "quantity"),
        ("Quel est le tarif d'une entrée au musée ?", "money"),
        ("What is the average salary of a guide?", "money"),
        ("Quelle amende risque un commerçant qui ne trie pas ses déchets ?", "money"),
        ("What fine does a shop face for not sorting its waste?", "money"),
        ("Is it fine to park near the museum?", None),
        ("Combien de salariés compte la brasserie ?", "quantity"),
        # a headcount, an area, a delay; one person by a role; a host or a maker; a town
        ("Quel est l'effectif de musiciens de l'orchestre ?", "quantity"),
        ("Quelle est la superficie du jardin botanique ?", "quantity"),
        ("Quel délai moyen faut-il pour obtenir un permis ?", "duration"),
        ("Quel enseignant-chercheur coordonne le master de géologie ?", "person"),
        ("Nom du responsable à la tête de la médiathèque ?", "person"),
        ("Which researcher leads the glacier survey?", "person"),
        ("Quels chercheurs ont signé la pétition ?", "list"),  # several: a list
        ("Quel hébergeur a été retenu pour le site de la mairie ?", "organisation"),
        ("Quel éditeur publie le guide des randonnées ?", "organisation"),
        ("Which local hospital opened the new wing?", "organisation"),
        ("In which coastal town does the ferry company have its depot?", "place"),
        # a magnitude, an age, a weight among all, a rank
        ("De quel ordre a été la hausse des visites au musée ?", "quantity"),
        ("Quel est l'âge moyen des bénévoles du club ?", "quantity"),
        ("Rapporté à tous les trajets, que pèsent les trajets à vélo ?", "share"),
        ("Which position does the club hold in the league table?", "rank"),
        ("What is the city's position among European ports?", "rank"),
        ("De quels moyens propres dispose le musée, en euros ?", "money"),
        ("Lors de quelle édition du festival la scène a-t-elle brûlé ?", "date"),
        ("Which two main squares does the tram serve?", "list"),
        ("What new trails will the park open?", "list"),
        ("What do hikers think of the trail?", None),
        ("Quel pourcentage des élèves mange à la cantine ?", "share"),
        ("Quelle fraction de son temps un guide passe-t-il au musée ?", "share"),
        ("Le plan vise tous les niveaux (C,E,P) : que désignent ces lettres ?", "meaning"),
        ("What do the letters C, E, P stand for?", "meaning"),
        ("CEP, ça donne quoi selon le glossaire ?", "meaning"),
        ("Dans le lexique, à quoi correspond le CEP ?", "meaning"),
        ("À quels organismes correspond le sigle CEP ?", "meaning"),
        ("Quelle entreprise désigne l'acronyme CEP ?", "meaning"),
        ("Quels organismes financent le CEP ?", "organisation"),  # no meaning cue
        ("Quand le musée a-t-il ouvert ?", "date"),
        ("En quelle année la piscine a-t-elle fermé ?", "date"),
        # how Apertium puts "In what year …?" into French, the second reading of an English one
        ("En quel an était la chorale fondée ?", "date"),
        ("When did the museum open?", "date"),
        ("Pendant combien de temps le pont reste-t-il fermé ?", "duration"),
        ("Quelle est la durée du bail de la boulangerie ?", "duration"),
        ("bail boulangerie duree ?", "duration"),
        ("duree travaux pont", "duration"),
        ("Combien de bus circulent pendant la durée des travaux ?", "quantity"),
        # « quel est le X » asks what « quel X » asks
        ("Quel est le taux de réussite au brevet du collège ?", "share"),
        ("Quelle était la date d'ouverture de la piscine ?", "date"),
        ("Quelle est l'entreprise qui fabrique les rames ?", "organisation"),
        ("Quelle est la ville où siège le syndicat ?", "place"),
        ("Quels sont les sports pratiqués au stade ?", "list"),
        ("Qui dirige le club de football ?", "person"),
        ("Qui est à la tête de la chorale municipale ?", "person"),
        ("C'est qui le président du club ?", "person"),
        ("Le président du club, c'est qui ?", "person"),
        # who or what a named thing is: an organisation as often as a person
        ("Le SIVOM du lac, c'est qui au juste ?", None),
        ("Who is at the head of the sailing club?", "person"),
        ("Qui finance la chorale municipale ?", "agent"),
        ("Qui finance la rénovation du stade ?", "agent"),
        ("Who built the bridge?", "agent"),
        ("Quelle entreprise fabrique les rames ?", "organisation"),
        # the generic nouns of a body: an entity, a grouping, a local authority
        ("Quelle entité municipale gère la piscine ?", "organisation"),
        ("Quel groupement de communes finance le tram ?", "organisation"),
        ("Quelle collectivité a voté le projet de piste cyclable ?", "organisation"),
        ("Which entity manages the harbour?", "organisation"),
        # one « acteur » is an organisation; several are as often roles: a list
        ("Quel acteur local gère la patinoire ?", "organisation"),
        ("Quels acteurs répondent d'un accident de tram ?", "list"),
        # English puts its adjectives before the noun
        ("Which regional agency runs the trams?", "organisation"),
        ("Which local bus company won the tender?", "organisation"),
        ("Which bus company serves the airport?", "organisation"),
        # … unless a noun follows: the organisation noun is its modifier
        ("Which university diploma does the conservatory award?", None),
        ("What company car does the mayor drive?", None),
        ("What does the agency do?", None),
        ("Dans quelle ville se trouve le siège ?", "place"),
        # a postal address; not a web address (a source), not the verb
        ("Quelle est l'adresse de la mairie ?", "address"),
        ("À quelle adresse écrire au syndicat des eaux ?", "address"),
        ("What is the address of the town hall?", "address"),
        ("Quelle adresse web donne le guide pour la piscine ?", None),
        ("Quelle est l'adresse électronique du club ?", None),
        ("À qui s'adresse l'atelier de poterie ?", None),
        ("How does the plan address noise?", None),
        # how a thing is made up; not how it is defined, not how to organise something
        ("Comment s'organise le festival de la BD ?", "structure"),
        ("Comment est structuré le cursus de musique ?", "structure"),
        ("Comment le plan vélo est-il organisé ?", "structure"),
        ("Comment les ateliers se répartissent-ils sur la semaine ?", "structure"),
        ("How is the cycling plan structured?", "structure"),
        ("Comment le guide définit-il une voie verte ?", "definition"),
        ("Comment organiser un vide-grenier ?", None),
        ("Comment est structuré le plan : combien de volets ?", "quantity"),
        # an example asked; « quels exemples … » asks a list
        ("Un exemple de jeu coopératif ?", "example"),
        ("Can you give me an example of it?", "example"),
        ("Quels exemples de jeux le guide cite-t-il ?", "list"),
        ("Que veut dire OTAN ?", "meaning"),
        ("What does NATO stand for?", "meaning"),
        ("Que signifie concrètement OTAN ?", "meaning"),
        # the plural of a word asking a meaning asks it too
        ("Dans la liste des sigles, que désigne SNCF ?", "meaning"),
        ("In the list of abbreviations, what is NATO?", "meaning"),
        # the long form asked by how it is written
        ("Le club RCN, c'est quoi en toutes lettres ?", "meaning"),
        ("What is RCN in full?", "meaning"),
        # « où en est / sont » asks how far a thing has come, not where
        ("Où en sont les travaux du tramway ?", None),
        ("Où en est-on dans la rénovation du musée ?", None),
        ("Où se trouve le musée ?", "place"),
        # « significatif » and "significantly" ask no meaning
        ("La hausse des visites est-elle significative ?", None),
        ("Did the museum grow significantly?", None),
        # the meaning of a statement is no acronym's long form: what a defining sentence says
        ("Que veut dire concrètement que les rames sont climatisées ?", "definition"),
        ("Que signifie le fait que la piscine soit municipale ?", "definition"),
        ("Qu'est-ce qu'un tramway ?", "definition"),
        ("tramway c koi", "definition"),
        ("Quels fruits pousse-t-on dans le verger ?", "list"),
        # which one of several: read among them; not the relative pronoun
        ("Lequel d'entre eux ouvre le dimanche ?", "list"),
        ("Et laquelle est la plus ancienne ?", "list"),
        ("Quelle est la salle dans laquelle joue l'orchestre ?", None),
        ("Pourquoi le pont est-il fermé ?", None),
        # what the question sets aside is not what it asks for
        ("Au-delà des montants, quelles orientations le plan vélo retient-il ?", "list"),
        ("Hormis le budget, que prévoit le plan vélo ?", None),
        ("Apart from the cost, what does the cycling plan include?", None),
        ("Quel est le budget du plan vélo ?", "money"),
        # a figure pointed to as given is not what is asked when another noun is
        ("2,5 millions d'euros : à quel chantier correspond ce montant ?", None),
        ("Quel est ce montant ?", "money"),
    ],
)
def test_the_kind_of_answer_asked(question: str, kind: str | None) -> None:
    assert asked(question).kind == kind


def test_a_word_quand_inside_the_sentence_is_not_a_date_question() -> None:
    assert asked("Quels sports pratique-t-on quand il pleut ?").kind == "list"


@pytest.mark.parametrize(
    "question",
    [
        "De quand date la charte des cyclistes ?",
        "À quand remonte l'ouverture du musée ?",
        "Le stade a été rénové quand ?",
        "la piste cyclable ouvre quand",
    ],
)
def test_de_quand_a_quand_and_a_final_quand_ask_a_date(question: str) -> None:
    assert asked(question).kind == "date"


@pytest.mark.parametrize(
    "question",
    ["Pourquoi le coût du stade a-t-il doublé ?", "Why would cutting parking fees help shops?"],
)
def test_a_why_question_asks_a_reason_not_the_figure_it_names(question: str) -> None:
    assert asked(question).kind is None and asked(question).counted is None


def test_a_second_part_keeps_its_own_kind_after_a_why() -> None:
    assert asked("Combien coûte le stade, et pourquoi ?").kind == "money"


def test_the_counted_noun_of_a_headcount() -> None:
    assert asked("Quel est l'effectif de musiciens de l'orchestre ?").counted == "musiciens"


def test_the_counted_noun() -> None:
    assert asked("Combien de lits compte l'hôpital ?").counted == "lits"
    assert asked("nb velos gare").counted == "velos"
    assert asked("How many beds are there?").counted == "beds"
    # an English phrase's head is its plural, not a noun or adjective before it
    assert asked("How many bicycle lanes does the town have?").counted == "lanes"
    assert asked("How many electric buses run in winter?").counted == "buses"
    assert asked("How many hours of lessons do pupils get?").counted == "hours"
    assert asked("How many people ride to work?").counted == "people"
    assert asked("Combien de temps dure le trajet ?").counted is None
    # past the partitive and the determiner: the noun, or none after a pronoun
    assert asked("Combien de ces écoles ont une cantine ?").counted == "ecoles"
    assert asked("Combien d'entre les écoles ont une cantine ?").counted == "ecoles"
    assert asked("Combien d'entre elles ont une cantine ?").counted is None
    assert asked("Combien d'entreprises recrutent ?").counted == "entreprises"
    # a preposition after « combien d' » counts nothing (« d'après », « d'ici »)
    assert asked("Il y a combien de musées d'après le guide ?").counted == "musees"
    assert asked("Il y en a combien d'après le guide ?").counted is None
    assert asked("On en ouvrira combien d'ici 2030 ?").counted is None
    # an auxiliary after "how much" is no counted noun
    assert asked("How much did the town spend on bicycles?").counted is None


def test_how_much_money_asks_an_amount_not_a_count() -> None:
    """« combien d'argent / de fonds / de financement » asks an amount (written « 2 M€ »,
    never « 2 argents »); a plural noun counts things (« combien de financements … »)."""
    for question in (
        "Combien d'argent le club a-t-il reçu ?",
        "La brasserie a levé combien de fonds ?",
        "Et le musée, il a obtenu combien de financement ?",
    ):
        read = asked(question)
        assert (read.kind, read.counted) == ("money", None), question
    counted = asked("Combien de financements la Ville a-t-elle accordés ?")
    assert (counted.kind, counted.counted) == ("quantity", "financements")


def test_funding_named_in_english_asks_an_amount_only_when_asked_how_much() -> None:
    assert asked("How much city funding did the choir receive?").kind == "money"
    assert asked("What is the cost of the new bridge?").kind == "money"
    assert asked("How many funding rounds did the museum open?").kind == "quantity"
    assert asked("What must happen to the town's approach to funding the arts?").kind is None


def test_source_cues() -> None:
    assert asked("D'où vient ce chiffre sur les vélos ?").source
    assert asked("Quelle étude est citée à propos du trafic ?").source
    assert asked("Where does the figure on bicycles come from?").source
    assert not asked("Combien de vélos ?").source
    # « d'après quel(le) X » asks whose words these are, as « selon quelle étude »
    assert asked("D'après quelle étude les cyclistes roulent-ils plus ?").source
    assert not asked("D'après la mairie, combien de vélos ?").source
    # who carried out a survey or a study: its note names them; not who carried out a project
    assert asked("Qui a conduit ce sondage sur les cyclistes ?").source
    assert asked("Quel cabinet a mené l'étude sur le trafic ?").source
    # the maker named with a complement or an adjective
    assert asked("Quel cabinet de conseil a mené l'étude sur le trafic ?").source
    assert asked("Quel bureau municipal a publié ce baromètre des mobilités ?").source
    assert not asked("Quel bureau municipal a publié les horaires ?").source
    # which document shows a figure
    assert asked("Le taux de 40 % de cyclistes : quelle étude l'établit ?").source
    assert asked("Quelle enquête montre ce chiffre sur les vélos ?").source
    assert asked("Which survey shows that figure on cycling?").source
    assert not asked("Quelle étude a été menée à Caen sur les vélos ?").source
    assert asked("Who conducted the survey on cycling?").source
    assert not asked("Qui a réalisé la nouvelle piste cyclable ?").source
    assert not asked("Qui a publié les horaires des navettes ?").source
    assert not asked("Qu'y a-t-il derrière la gare ?").source
    assert not asked("Which company produced the new bikes?").source
    assert not asked("Quel numéro porte l'article de loi sur les pistes ?").source
    # « cité » asks for a source when what is cited is a document, not people or actions
    assert asked("Quelle vidéo le guide cite-t-il sur les pistes ?").source
    assert asked("Which survey is cited about cyclists?").source
    assert not asked("Quels artistes cités exposent au musée ?").source
    assert not asked("Quels peintres le rapport cite-t-il ?").source
    assert not asked("Quelles mesures le plan cite-t-il en exemple ?").source
    # « à l'origine du chiffre » asks where a figure comes from; « à l'origine du projet »
    # asks who started it
    assert asked("Quel sondage est à l'origine des chiffres sur les cyclistes ?").source
    assert asked("Quelle étude est à l'origine de ce taux de vols ?").source
    assert not asked("Qui est à l'origine du festival de jazz ?").source
    # « sur quelle publication / quel ouvrage repose … » asks what backs a claim; « sur quel
    # article du code … » asks for a law's article
    assert asked("Sur quelle publication repose le chiffre des vols de vélos ?").source
    assert asked("Sur quel sondage s'appuie la mairie pour parler des cyclistes ?").source
    assert not asked("Sur quel article du code repose l'interdiction ?").source
    # a link asked for, and the publication « documenting » a claim
    assert asked("Le guide donne-t-il un lien vers le plan des pistes ?").source
    assert asked("Is there a link to the cycling survey?").source
    assert asked("Le doublement du trafic, c'est documenté par quelle étude ?").source
    assert not asked("Quel lien entre le vélo et la santé ?").source
    # a document asked for where the guide's notes are named: what a note holds
    assert asked("Quel site le guide donne-t-il en note pour ce parking ?").source
    assert asked("Quel document est mis en note pour ce tarif ?").source
    assert asked("Which website does the footnote give for the bike map?").source
    assert asked("La note de bas de page renvoie vers quelle page du club ?").source
    assert not asked("Quel site permet de louer un vélo ?").source
    assert not asked("Quel tarif la note donne-t-elle en bas de page ?").source
    # « d'où sort », « dans quel rapport »: the document something comes from
    assert asked("D'où sort ce tarif des parkings ?").source
    # the passive: « d'où est tiré … », « d'où sont tirées … »
    assert asked("D'où est tiré ce chiffre des vols ?").source
    assert asked("D'où sont tirées ces statistiques sur les cyclistes ?").source
    # the subject between « d'où » and its verb; « issu »; a departure is no source
    assert asked("D'où la mairie tient-elle ce chiffre des vols ?").source
    assert asked("D'où le guide tire-t-il ce tarif ?").source
    assert asked("D'où sont issus les comptages de vélos ?").source
    assert asked("D'où sont issus les comptages de vélos ?").kind is None
    assert not asked("D'où part la navette des cyclistes ?").source
    assert asked("Dans quelle étude la mairie lit-elle ça ?").source
    # a web address is what a note holds; a website named in the text is not asked as one
    assert asked("Quelle adresse web le guide donne-t-il pour la carte des pistes ?").source
    assert asked("Quelle est l'URL du portail des vélos ?").source
    assert asked("What is the URL of the bicycle portal?").source
    assert not asked("Quel lien entre les cyclistes et la mairie ?").source
    assert not asked("Through which website can cyclists report a theft?").source
    assert asked("De quel rapport ces chiffres sont-ils tirés ?").source
    assert not asked("Dans quelle ville le musée a-t-il ouvert ?").source
    # what backs a figure (« à l'appui »); another report cited is a document, the text
    # itself (« le rapport cite-t-il … ») is not
    assert asked("Quelle enquête vient à l'appui du chiffre des vols ?").source
    assert asked("Le rapport municipal cité date de quelle année ?").source
    assert asked("Quand le rapport de la préfecture cité est-il paru ?").source
    assert not asked("Quels peintres le rapport cite-t-il en exemple ?").source
    # « réalisé / mené par » asks who made a document, not who made a thing
    assert asked("Quelle enquête a été réalisée par la mairie sur le vélo ?").source
    assert asked("Le sondage sur les pistes a été mené par qui ?").source
    assert not asked("En quelle année eut lieu la première livraison réalisée par drone ?").source
    # a footnote may explain rather than credit: asking what it says is no source question
    assert not asked("What does the museum's pass include, according to the footnote?").source


def test_language() -> None:
    assert looks_english("Which towns share their buses with the region?")
    # few function words, but an English question word first and no French one
    assert looks_english("Which museum lends paintings?")
    assert looks_english("Who funds bike lanes?")
    assert not looks_english("Who est le maire de la ville ?")
    assert not looks_english("Quelles villes partagent leurs bus avec la région ?")
    # a request or a yes/no question opens in English too
    assert looks_english("Give an example of a toll road.")
    assert looks_english("List bridge repairs.")
    assert looks_english("Is tram ticket free?")
    assert not looks_english("Liste des ponts réparés en 2020")
    assert not looks_english("Name de la rue du musée ?")
    assert asked("Which towns share their buses?").english


def test_shorthand_is_written_out() -> None:
    assert expand_shorthand("nb velos gare") == "nombre velos gare"
    assert expand_shorthand("tramway c koi") == "tramway c'est quoi"
    assert expand_shorthand("Numéro de la ligne") == "Numéro de la ligne"


def test_clipped_nouns_are_written_out_in_lower_case_only() -> None:
    assert expand_shorthand("nb pros du club") == "nombre professionnels du club"
    assert expand_shorthand("appli du musée sert a quoi") == "application du musée sert a quoi"
    assert expand_shorthand("infos rdv mairie") == "informations rendez-vous mairie"
    assert expand_shorthand("pb etab scolaire") == "problème établissement scolaire"
    assert expand_shorthand("ca vient de quel doc") == "ca vient de quel document"
    # capitals are names or acronyms; a hyphen or an apostrophe makes another word
    assert expand_shorthand("la société PRO MED") == "la société PRO MED"
    assert expand_shorthand("une loi pro-vélo") == "une loi pro-vélo"
    assert expand_shorthand("site gouv.fr") == "site gouv.fr"
    assert expand_shorthand("la DOC du musée, docs.fr") == "la DOC du musée, docs.fr"


def test_the_clipped_name_of_the_health_insurance_is_written_as_texts_name_it() -> None:
    assert expand_shorthand("Soins dentaires remboursés par la Sécu ?") == (
        "Soins dentaires remboursés par l'Assurance maladie ?"
    )
    assert expand_shorthand("tarif lunettes secu") == "tarif lunettes Assurance maladie"
    # the whole word only: « la Sécurité sociale », « sécu.fr » stay
    assert expand_shorthand("la Sécurité sociale, secu.fr") == "la Sécurité sociale, secu.fr"


VOCAB = Vocabulary(
    "La médiathèque prête des livres numériques et des tablettes à la région".split()
)


def test_unaccented_words_get_the_documents_spelling() -> None:
    assert VOCAB.correct("mediatheque livres numeriques") == "médiathèque livres numériques"


def test_a_misspelt_word_is_matched_to_the_nearest_word_of_the_document() -> None:
    assert VOCAB.correct("mediateque tablettes") == "médiathèque tablettes"
    assert VOCAB.correct("numeriqes") == "numériques"


def test_short_unknown_and_typed_words_are_kept() -> None:
    assert VOCAB.correct("les bus") == "les bus"  # short, and unknown
    assert VOCAB.correct("piscine") == "piscine"  # nothing close enough
    assert VOCAB.correct("Médiatheque") == "Médiatheque"  # typed with capitals: meant


def test_words_of_the_dictionary_are_never_corrected() -> None:
    vocab = Vocabulary(["tablettes", "livres"], dictionary=frozenset({"tablette"}))
    assert vocab.correct("tablette livre") == "tablette livres"


def test_an_english_word_is_not_read_as_a_french_word_the_document_does_not_use() -> None:
    # « garden », typed in a question that mixes languages, is one edit from the French
    # list's « gardon », a word the document never uses: it was meant as English
    words = ["musée", "horaires", "normand"]
    vocab = Vocabulary(words, dictionary=frozenset({"gardon"}))
    assert vocab.correct("musée garden horaires") == "musée gardon horaires"
    english = Vocabulary(
        words, dictionary=frozenset({"gardon"}), english=frozenset({"garden", "normandy"})
    )
    assert english.correct("musée garden horaires") == "musée garden horaires"
    # a word of the document one edit away is still what was meant, English or not
    assert english.correct("musee normandy") == "musée normand"


def test_salient_weights_unknown_terms_as_the_rarest() -> None:
    assert salient(["bus", "gare", "bus"], {"bus": 1.5}, rarest=5.0) == {"bus": 1.5, "gare": 5.0}


def test_framing_words_are_not_salient() -> None:
    from santeqa.qa.question import framing_terms
    from santeqa.text import Analyzer

    analyzer = Analyzer()
    framing = framing_terms(analyzer.terms)
    terms = analyzer.terms("Quel nom désigne précisément l'acronyme TGV dans le document ?")
    weights = salient(terms, {"tgv": 2.0, "nom": 1.0}, rarest=5.0, framing=framing)
    assert set(weights) == {"nom", "tgv"}
    # without the framing list the same words weigh as the rarest terms
    assert len(salient(terms, {}, rarest=5.0)) > len(weights)
    # « source » frames a source question: a note does not use the word, a credit line
    # (« Source : … ») does whatever it credits
    terms = analyzer.terms("Quelle est la source du chiffre sur les vélos ?")
    assert "sourc" not in salient(terms, {}, rarest=5.0, framing=framing)


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("Quand la piscine a-t-elle ouvert ?", 1),
        ("Quand la piscine a-t-elle ouvert, et combien coûte l'entrée ?", 2),
        ("Qui gère le port et quelles lignes en partent ?", 2),
        ("Where is the castle, and who owns it today?", 2),
        ("Le tram est-il gratuit ? Depuis quand ?", 2),
        ("Quels fruits et légumes pousse-t-on ici ?", 1),
        # a preposition before the second question word
        ("Quelle est la spécialité du marché, et depuis quand existe-t-il ?", 2),
        ("Le musée a-t-il fermé, et pour quelle raison ?", 2),
    ],
)
def test_questions_asking_several_things_count_their_parts(question: str, parts: int) -> None:
    assert asked(question).parts == parts


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("Quand la piscine a-t-elle ouvert ?", ()),
        ("Quelle est la spécialité du marché, et depuis quand existe-t-il ?", (None, "date")),
        ("Quand la piscine a-t-elle ouvert, et combien coûte l'entrée ?", ("date", "money")),
        # a yes/no part asks what the next one asks
        ("Le club a-t-il reçu une subvention, et pour quel montant ?", ("money",)),
        ("Est-ce que le club a reçu une subvention, et de combien ?", ("quantity",)),
    ],
)
def test_each_part_of_a_question_asking_several_things_is_read_alone(
    question: str, kinds: tuple[str | None, ...]
) -> None:
    assert asked(question).part_kinds == kinds


def test_no_more_parts_are_read_than_are_counted() -> None:
    many = " ".join(f"Quand le musée {i} a-t-il ouvert ?" for i in range(40))
    read = asked(many)
    assert read.parts == 3 and read.part_kinds == ("date", "date", "date")


@pytest.mark.parametrize(
    ("question", "target"),
    [
        ("Quels légumes pousse-t-on au jardin ?", "legumes"),
        ("Quels sont les horaires de la piscine ?", "horaires"),
        ("Quelle est la capacité du stade ?", "capacite"),
        ("Which tools does the workshop lend?", "tools"),
        ("What is the name of the bridge?", "name"),
        ("What can the library lend?", None),
        ("Combien de lits compte l'hôpital ?", None),
        # the source asked is what a note holds, not a word a sentence must use
        ("Quelle est la source du chiffre sur les vélos ?", None),
        ("Which source gives the number of bikes?", None),
    ],
)
def test_the_noun_a_which_question_asks_for(question: str, target: str | None) -> None:
    assert asked(question).target == target


@pytest.mark.parametrize(
    ("question", "defined"),
    [
        ("Qu'est-ce que la médiation culturelle ?", "mediation culturelle"),
        ("Qu'est-ce qu'un tiers-lieu selon la mairie ?", "tiers-lieu"),
        ("En quoi consiste le compostage partagé ?", "compostage partage"),
        ("Que recouvre l'expression « circuit court » ?", "circuit court"),
        ("Qu'appelle-t-on une ressourcerie ?", "ressourcerie"),
        ("Que désigne-t-on par éco-pâturage ?", "eco-paturage"),
        ("Comment la mairie définit-elle le compostage partagé ?", "compostage partage"),
        ("Comment le guide définit-il une ressourcerie ?", "ressourcerie"),
        ("Qu'est-ce que la mobilité dite douce ?", "mobilite douce"),
        ("C'est quoi une mobilité dite « douce » ?", "mobilite douce"),
        ("Qu'appelle-t-on la PA centrale ?", "pa centrale"),
        ("Qu'est-ce que la médiation dans les musées ?", "mediation"),
        ("En quoi consiste la mobilité douce partagée ?", "mobilite douce partagee"),
        ("Qu'est-ce que l'éco-pâturage exactement ?", "eco-paturage"),
        ("Qu'est-ce que la PA ?", None),
        ("Comment le plan caractérise-t-il les soins dits primaires ?", "soins primaires"),
        ("C'est quoi exactement le compostage partagé ?", "compostage partage"),
        ("Que veut dire ressourcerie dans le guide ?", "ressourcerie"),
        ("Qu'entend la mairie par mobilité douce ?", "mobilite douce"),
        ("Qu'entend-on par circuit court ?", "circuit court"),
        ("Que veut dire concrètement ressourcerie ?", "ressourcerie"),
        # « à quoi renvoie / correspond … » asks what a term means; a term pointing back
        # (« ces chiffres ») is none
        ("À quoi renvoie la notion de circuit court ?", "circuit court"),
        ("À quoi fait référence l'éco-pâturage ?", "eco-paturage"),
        ("À quoi correspondent ces chiffres ?", None),
        ("Qu'est-ce que cette ressourcerie ?", None),
        # the term after its framing noun's « de »
        ("Que recouvre la notion de circuit court ?", "circuit court"),
        ("Qu'est-ce que le concept d'éco-pâturage ?", "eco-paturage"),
        ("Que désigne le terme de ressourcerie ?", "ressourcerie"),
        # the meaning of a statement has no one term
        ("Que veut dire concrètement que les rames sont climatisées ?", None),
        ("Que veut dire que le marché est couvert ?", None),
        # « c'est quoi comme X » asks what kind of X: the term is set before it
        (
            "Les ressourceries municipales, c'est quoi exactement comme lieu ?",
            "ressourceries municipales",
        ),
        ("C'est quoi comme lieu ?", None),
        # the term after the cue only: a postfix cue, a question on something else, English
        ("compostage c'est quoi", None),
        ("Qu'est-ce qui distingue le marché du mardi ?", None),
        ("Combien de bénévoles compte la ressourcerie ?", None),
        ("What is a repair café?", None),
    ],
)
def test_the_term_a_definition_question_asks_about(question: str, defined: str | None) -> None:
    assert asked(question).defined == defined


# hurried typing (issue 11): a small document about a town's transport, and a few French
# words it does not use, standing in for the dictionary
TOWN = Vocabulary(
    re.findall(
        r"[^\W\d_]+",
        "Le SIVOM de la ville gère le tramway et l'IA du réseau prévoit l'affluence . "
        "La ligne Traméo dessert la gare ; l'expérience des usagers compte . Les abonnés "
        "non inscrits paient davantage . La ligne existe depuis 2019 et peut transporter "
        "4000 voyageurs . Les usagers apprécient la régularité du réseau",
    ),
    dictionary=frozenset(
        "peut existe ouvert expérience après ici en inscrits abonnés formes porte a".split()
    ),
)


def test_an_elision_typed_without_its_apostrophe_is_read_as_two_words() -> None:
    assert TOWN.correct("lexperience des usagers") == "l'expérience des usagers"
    # a dictionary word: its one accented spelling
    assert TOWN.correct("dapres la ville") == "d'après la ville"
    assert TOWN.correct("dici 2030") == "d'ici 2030"


def test_an_inversion_typed_without_its_hyphens_is_read_as_one() -> None:
    assert TOWN.correct("combien la ligne peutelle transporter") == (
        "combien la ligne peut-elle transporter"
    )
    assert TOWN.correct("depuis quand existetil") == "depuis quand existe-t-il"


def test_two_known_words_run_together_are_cut() -> None:
    assert TOWN.correct("abonnes noninscrits") == "abonnés non inscrits"


def test_an_acronym_or_a_name_typed_in_lower_case_gets_its_capitals_back() -> None:
    assert TOWN.correct("role du sivom") == "role du SIVOM"
    assert TOWN.correct("lia du reseau") == "l'IA du réseau"
    assert TOWN.correct("gare ligne trameo") == "gare ligne Traméo"
    # a question typed with capitals elsewhere meant its lower-case name (accents given back)
    assert TOWN.correct("La ligne trameo") == "La ligne traméo"


def test_a_swap_of_two_letters_is_one_edit() -> None:
    assert TOWN.correct("regualrite") == "régularité"
    assert TOWN.correct("usagres") == "usagers"


def test_of_equally_close_words_the_commonest_of_the_document_wins() -> None:
    vocab = Vocabulary("sable santé santé santé".split())
    assert vocab.correct("sabte") == "santé"


def test_a_word_missing_only_its_accents_is_a_word_of_the_dictionary() -> None:
    vocab = Vocabulary(["réserve"], dictionary=frozenset({"réservée", "formes", "formés"}))
    # not "corrected" to « réserve »: the dictionary's one spelling, accents given back
    assert vocab.correct("reservee") == "réservée"
    assert vocab.correct("formes") == "formes"  # a word as typed


def test_a_word_of_two_accented_spellings_stays_as_typed() -> None:
    vocab = Vocabulary(["gare"], dictionary=frozenset({"élève", "élevé"}))
    assert vocab.correct("eleve") == "eleve"


def test_the_folded_dictionary_gives_the_one_accented_spelling() -> None:

    d = FoldedDictionary(frozenset({"année", "été", "ete", "élève", "élevé", "bus"}))
    assert d.accented("annee") == "année"
    assert d.accented("ete") is None  # « ete » is a word as written too
    assert d.accented("eleve") is None  # two spellings
    assert d.accented("bus") is None and d.accented("anne") is None and d.accented("") is None


def test_a_word_written_without_accents_only_in_web_addresses_gets_them_back() -> None:
    text = "La santé des nageurs (voir sante.gouv.fr et piscine-sante.pdf) : santé, santé."
    written = written_words([text])
    assert "sante" not in written.prose and "santé" in written.prose
    words = re.findall(r"[^\W\d_]+", text)
    assert Vocabulary(words, frozenset(), *written).correct("sante piscine") == "santé piscine"
    # every word counted as written: « sante » of the address is kept as typed
    assert Vocabulary(words).correct("sante") == "sante"


PORT = "Le port-musée ouvre aujourd'hui ; l'e-ticket et le rendez-vous. Le bienfait. Bien-fait."


def test_compounds_typed_with_spaces_or_run_together_are_written_as_the_document_does() -> None:
    written = written_words([PORT])
    assert "e-ticket" in written.compounds and "l'e-ticket" not in written.compounds
    vocab = Vocabulary(re.findall(r"[^\W\d_]+", PORT), frozenset({"bienfait"}), *written)
    assert vocab.correct("prendre rendez vous au port musee") == (
        "prendre rendez-vous au port-musée"
    )
    assert vocab.correct("un eticket") == "un e-ticket"
    assert vocab.correct("un bienfait") == "un bienfait"  # a word itself: as typed


def test_a_prefixed_word_the_document_writes_apart_is_read_as_two() -> None:
    words = "la cyber sécurité du réseau contre les attaques et les pannes".split()
    vocab = Vocabulary(words, frozenset({"cyberattaques", "cyberpannes", "cybercafé"}))
    assert vocab.correct("les cyberattaques du reseau") == "les cyber attaques du réseau"
    # the rest must be a word of the document; a word of the document stays whole
    assert vocab.correct("un cybercafe") == "un cybercafé"  # the dictionary's word, whole
    assert Vocabulary([*words, "cyberpannes"]).correct("cyberpannes") == "cyberpannes"
    # a prefix the document never writes apart: as typed
    assert Vocabulary(["attaques"], frozenset({"microattaques"})).correct("microattaques") == (
        "microattaques"
    )


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("la gare compte telle un parking", "la gare compte-t-elle un parking"),
        ("le bus devrat il passer", "le bus devra-t-il passer"),
        ("la ligne pourrait elle rouvrir", "la ligne pourrait-elle rouvrir"),
        ("une telle ligne", "une telle ligne"),
        ("le quai dont il part", "le quai dont il part"),
        ("comment elle roule", "comment elle roule"),
        ("les trains sontils a l'heure", "les trains sont-ils a l'heure"),
    ],
)
def test_inversions_typed_with_a_space_are_joined(typed: str, read: str) -> None:
    vocab = Vocabulary(
        "la gare compte un parking le bus devra passer ligne pourrait rouvrir sont".split(),
        frozenset({"devra", "compte", "pourrait", "sont", "une", "telle", "dont", "il"}),
    )
    assert vocab.correct(typed) == read


def test_years_and_common_compounds_typed_hurriedly() -> None:
    assert expand_shorthand("plan 20242030 vis a vis du port") == "plan 2024-2030 vis-à-vis du port"
    assert expand_shorthand("ouvert aujourd hui") == "ouvert aujourd'hui"


def test_a_typo_of_a_word_the_document_does_not_use_is_read_in_the_dictionary() -> None:
    vocab = Vocabulary(["gare"], dictionary=frozenset({"ponctualité"}))
    assert vocab.correct("ponctualitr") == "ponctualite"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("quest ce quun abonnement", "definition"),
        ("qu est ce que le pass navigo", "definition"),
        ("cb de rames", "quantity"),
        ("cbn de voyageurs par jour", "quantity"),
        ("part des usagers satisfaits 2022", "share"),
        ("taux ponctualite trains", "share"),
        ("a part le tram, que prendre ?", None),
    ],
)
def test_hurried_question_words(question: str, kind: str | None) -> None:
    assert asked(expand_shorthand(question)).kind == kind


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("kels horaires pr la piscine svp", "quels horaires pour la piscine"),
        ("kelle ligne va ds le centre", "quelle ligne va dans le centre"),
        ("pk le pont est ferme", "pourquoi le pont est ferme"),
        ("pourkoi tt est ferme", "pourquoi tout est ferme"),
        ("c ki le chef de gare", "c'est qui le chef de gare"),
        ("ya bcp de monde ts les soirs", "il y a beaucoup de monde tous les soirs"),
        ("cmt venir ke faire stp", "comment venir que faire"),
        ("le tps de trajet c kwa", "le temps de trajet c'est quoi"),
        ("nbre de places", "nombre de places"),
        ("Le PR et la DS à TT", "Le PR et la DS à TT"),  # capitals: names, acronyms
        ("il y a combien de quais", "il y a combien de quais"),
    ],
)
def test_chat_shortcuts_are_written_out(typed: str, written: str) -> None:
    assert expand_shorthand(typed) == written


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("c ki le chef de gare", "person"),
        ("reouverture piscine c qd", "date"),
        ("kels fruits au marche", "list"),
        ("ya cb de quais ds la gare", "quantity"),
    ],
)
def test_chat_shortcuts_ask_what_they_stand_for(question: str, kind: str) -> None:
    assert asked(expand_shorthand(question)).kind == kind


def test_cb_in_capitals_is_not_combien() -> None:
    assert asked("Paiement par CB accepté ?").kind is None


def test_spaced_elisions_and_inversions_are_joined() -> None:
    assert expand_shorthand("d ou vient ce chiffre") == "d'ou vient ce chiffre"
    assert asked("d ou vient ce chiffre").source
    assert expand_shorthand("la gare a t elle ferme") == "la gare a-t-elle ferme"
    assert expand_shorthand("vitamine D en hiver") == "vitamine D en hiver"


def test_a_four_letter_typo_is_corrected_only_for_a_letter_left_out() -> None:
    vocab = Vocabulary("santé santé sable gares".split())
    assert vocab.correct("snte") == "santé"
    assert vocab.correct("sabe") == "sable"
    assert vocab.correct("sxnt") == "sxnt"


def test_a_figure_quoted_after_nombre_is_not_a_quantity_asked() -> None:
    # « le nombre 1 200 » quotes a figure and asks what it means
    found = asked("Le nombre 1 200 figure dans le guide des musées : à quoi correspond-il ?")
    assert found.kind != "quantity" and found.counted is None
    assert asked("Quel est le nombre de musées gratuits ?").counted == "musees"


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("Quel nombre minimal de lits l'hôpital doit-il garder ?", "lits"),
        ("Quel est le nombre total d'emplois créés par la gare ?", "emplois"),
        ("Le nombre moyen de visiteurs par jour au musée ?", "visiteurs"),
    ],
)
def test_an_adjective_after_nombre_is_not_what_is_counted(question: str, counted: str) -> None:
    assert asked(question).counted == counted


@pytest.mark.parametrize(
    "question",
    [
        "Le guide des pistes cyclables est cité à l'appui de quel chiffre ?",
        "L'enquête de la mairie est citée en note à propos de quelle mesure ?",
        "Le site velo.fr sert de source à quel comptage ?",
        "Quel chiffre est appuyé par la note renvoyant au site velo.fr ?",
        "À quelle affirmation se rattache la note renvoyant au guide des pistes ?",
        "The cycling survey is cited for which figure?",
        "Which claim does the note on the city's guide back?",
    ],
)
def test_what_a_named_source_backs_is_asked(question: str) -> None:
    found = asked(question)
    assert found.cited_for and found.source, question


@pytest.mark.parametrize(
    "question",
    [
        "Quelle étude est citée à l'appui du chiffre des vols de vélos ?",
        "Quel document est cité en note au sujet des pistes cyclables ?",
        "D'où vient ce chiffre sur les vélos ?",
        "Quelles mesures le plan cite-t-il en exemple ?",
    ],
)
def test_a_source_asked_for_a_claim_is_not_what_a_source_backs(question: str) -> None:
    assert not asked(question).cited_for, question


def test_ou_vient_without_its_d_asks_for_a_source_not_a_place() -> None:
    assert asked("ou vient ce chiffre").source
    assert asked("ou vient ce chiffre").kind is None
    assert asked("ou se trouve la gare").kind == "place"


def test_the_figure_a_source_question_names_is_not_what_it_asks() -> None:
    sourced = asked("Quelle est la source du nombre de lits de l'hôpital ?")
    assert sourced.source and sourced.kind is None and sourced.counted is None
    assert asked("D'où vient le taux de réussite cité ?").kind is None
    # counting sources still asks a quantity
    assert asked("Combien de sources le rapport cite-t-il ?").kind == "quantity"


def test_qu_appelle_t_on_asks_a_definition() -> None:
    assert asked("Qu'appelle-t-on une navette autonome ?").kind == "definition"
    assert asked("qu appelle t on une navette").kind == "definition"
    # « qu'entend X par … » with its subject named, not only « on »
    assert asked("Qu'entend la mairie par navette autonome ?").kind == "definition"


def test_where_asks_a_place_but_not_a_rank_or_an_origin() -> None:
    assert asked("Where is the new library located?").kind == "place"
    # a rank: no place, no source
    ranked = asked("Where does the city stand among the greenest in Europe?")
    assert ranked.kind == "rank" and not ranked.source
    assert not asked("Where does the museum rank nationally?").source
    # an origin: a source, no place
    origin = asked("Where does this survey come from?")
    assert origin.source and origin.kind is None


def test_a_cut_beats_a_dictionary_word_one_edit_away() -> None:
    vocab = Vocabulary(["faut"], dictionary=frozenset({"faut", "faufil"}))
    assert vocab.correct("que fautil savoir") == "que faut-il savoir"


def test_an_elided_acronym_beats_a_rare_dictionary_word() -> None:
    vocab = Vocabulary(re.findall(r"[^\W\d_]+", "L'IA et l'IA"), dictionary=frozenset({"lia"}))
    assert vocab.correct("usages de lia") == "usages de l'IA"


def test_an_acronym_also_written_in_a_web_address_gets_its_capitals_back() -> None:
    vocab = Vocabulary(re.findall(r"[^\W\d_]+", "Le SIVOM gère la ligne (SIVOM, sivom.fr)"))
    assert vocab.correct("role du sivom") == "role du SIVOM"


def test_the_folded_dictionary_answers_membership_and_shapes_like_a_set() -> None:

    words = frozenset({"tramway", "trémie", "trame", "aujourd'hui", "rame", "trames"})
    d = FoldedDictionary(words)
    assert "tremie" in d and "tramway" in d and "aujourd'hui" in d
    assert "trém" not in d and "tram" not in d and "" not in d and "tramwa" not in d
    assert d.shaped("t", 6) == ["trames", "tremie"]
    assert d.shaped("a", 11) == []  # « aujourd'hui » is no word of letters only
    assert d.shaped("z", 3) == []


@pytest.mark.parametrize(
    ("typed", "question"),
    [
        ("Pouvez-vous me dire quand le musée a ouvert ?", "quand le musée a ouvert ?"),
        (
            "Pourriez-vous m’indiquer combien de lits compte l'hôpital ?",
            "combien de lits compte l'hôpital ?",
        ),
        ("Bonjour, je voudrais savoir qui dirige le club", "qui dirige le club"),
        (
            "Je voudrais savoir si la piscine ouvre le dimanche",
            "est-ce que la piscine ouvre le dimanche",
        ),
        ("Je me demande s'il existe une navette", "est-ce qu'il existe une navette"),
        ("Dites-moi ce qu'est un tramway, s'il vous plaît", "qu'est-ce que un tramway"),
        ("Tu peux me dire ce que veut dire OTAN ?", "que veut dire OTAN ?"),
        ("Savez-vous ce qui freine les travaux ?", "qu'est-ce qui freine les travaux ?"),
        ("Could you tell me who built the bridge?", "who built the bridge?"),
        (
            "Do you know whether the museum opens on Sundays?",
            "is it true that the museum opens on Sundays?",
        ),
        ("Quel est le coût du tramway svp ?", "Quel est le coût du tramway?"),
        ("Quel est le coût du tramway ?", "Quel est le coût du tramway ?"),
        ("Dites-nous tout", "Dites-nous tout"),
    ],
)
def test_a_polite_request_is_read_as_the_question_it_holds(typed: str, question: str) -> None:
    assert without_request(typed) == question


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("Pouvez-vous me dire combien de lits compte l'hôpital ?", "quantity"),
        ("J'aimerais savoir quand le musée a ouvert", "date"),
        ("Dites-moi ce que veut dire OTAN", "meaning"),
        ("Could you tell me when the museum opened?", "date"),
    ],
)
def test_the_question_inside_a_request_asks_what_it_asks_alone(typed: str, kind: str) -> None:
    assert asked(without_request(typed)).kind == kind


@pytest.mark.parametrize(
    "question",
    [
        "À quel rang la ville se place-t-elle pour le tri des déchets ?",
        "Quelle place occupe le musée parmi les plus visités ?",
        "Comment la région se classe-t-elle pour le vélo ?",
        "ville rang national recyclage",
        "How does the town rank among the greenest in France?",
        "What position does the club hold in the league?",
        "Où se situe le club parmi les meilleurs du pays ?",
        "Où se plaçait la ville dans le classement du tri ?",
    ],
)
def test_a_rank_is_asked(question: str) -> None:
    assert asked(question).kind == "rank"


def test_where_a_thing_is_set_is_a_place() -> None:
    assert asked("Où se situe le siège du club ?").kind == "place"


@pytest.mark.parametrize(
    "question",
    [
        "Quand un patient consulte à distance, qui paie la séance ?",
        "Quand le train est en retard, le taxi est-il remboursé ?",
        "When the station was opened, who ran it?",
    ],
)
def test_a_clause_of_time_opening_a_question_asks_no_date(question: str) -> None:
    assert asked(question).kind != "date"


@pytest.mark.parametrize(
    "question",
    [
        "Quand le musée a-t-il ouvert, et qui l'a financé ?",
        "Quand la gare sera-t-elle rénovée ?",
        "When did the station open, and who ran it?",
    ],
)
def test_a_question_asking_when_still_asks_a_date(question: str) -> None:
    assert asked(question).kind == "date"


@pytest.mark.parametrize(
    "question",
    [
        "Quelle note ?",
        "quelles notes appuient ce tarif ?",
        "C'est tiré d'où ?",
        "Et ce tarif, ça vient d'où ?",
        "quelle réf pour le tarif ?",
        "Ces tarifs sortent de quel dossier de presse ?",
        "Dans quel communiqué de presse la mairie annonce-t-elle ce tarif ?",
        "La mairie a fait une étude des pistes, ça s'appelle comment son document ?",
        "Quel est le titre de l'étude sur les pistes cyclables ?",
        "Vous tenez ça de quel texte ?",
        "Quand le guide parle des pistes, il renvoie à quelle vidéo ?",
        "Which market research firm produced that number on cyclists?",
        "Who came up with these figures on the bike lanes?",
        "The 40% of cyclists: what document is it footnoted to?",
        "Ce tarif, il est tiré de quelle page web ?",
        "Sur quelle vidéo le guide s'appuie-t-il pour les horaires ?",
        "Quel numéro porte le rapport de la mairie sur les pistes ?",
        "Le rapport de la mairie sur les pistes porte quel numéro ?",
        "Qui a avancé ces chiffres sur les pistes ?",
        "Quel cabinet se trouve derrière ces chiffres de fréquentation ?",
        "Je voudrais lire le document d'origine sur les tarifs, où le trouver ?",
        "Et ce tarif, c'est tiré de quoi ?",
        "Ça a été publié où, ce bilan des pistes ?",
        "Publié où ?",
    ],
)
def test_a_note_or_a_reference_asked_as_spoken_is_a_source_question(question: str) -> None:
    assert asked(question).source


@pytest.mark.parametrize(
    ("question", "source"),
    [
        ("Où le guide renvoie-t-il pour le détail des tarifs ?", True),
        ("Le document renvoie vers quelle page de la mairie pour les horaires ?", True),
        ("Le guide renvoie à quel site pour réserver ?", True),
        # « ou » the conjunction: whether, not where, it was published
        ("Le bilan des pistes a-t-il été publié ou non ?", False),
        # what a word or a figure refers to is its meaning, not a note
        ("À quoi renvoie le terme de ressourcerie ?", False),
        ("Ce tarif renvoie à quel abonnement ?", False),
    ],
)
def test_where_the_text_points_its_reader_is_a_source(question: str, source: bool) -> None:
    assert asked(question).source is source


@pytest.mark.parametrize(
    "question",
    [
        "Où le guide renvoie-t-il pour le détail des tarifs ?",
        "Où le texte renvoie-t-il pour en savoir plus ?",
    ],
)
def test_where_to_read_more_is_a_note_not_a_place(question: str) -> None:
    read = asked(question)
    assert read.source and read.kind is None
    # « où » asking where a thing stands is still a place
    assert asked("Où se trouve la ressourcerie ?").kind == "place"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Qui sont Jeanne Martin et Paul Roux, cités dans le guide ?", None),
        ("Qui est Claire Dubois ?", None),
        ("Who is Claire Dubois?", None),
        ("Qui est le directeur du musée ?", "person"),  # a role: a name is asked
        ("Qui finance le musée ?", "agent"),
    ],
)
def test_who_a_named_person_is_asks_for_no_name(question: str, kind: str | None) -> None:
    assert asked(question).kind == kind


def test_an_item_asked_by_its_rank() -> None:
    assert asked("Le plan du musée : quel était son second objectif ?").ordinal == 2
    assert asked("Quel est le premier d'entre eux ?").ordinal == 1
    assert asked("Quelle troisième salle la ville ouvre-t-elle ?").ordinal == 3
    assert asked("What does the last one stand for?").ordinal == -1
    # a rank that dates or counts is no item asked
    assert asked("Combien de visiteurs les deux premières années ?").ordinal is None
    assert asked("How many visitors in the first two years?").ordinal is None
    assert asked("En première année, combien d'heures de cours ?").ordinal is None
    assert asked("Quel est l'objectif du plan ?").ordinal is None


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("Qui dirige le conservatoire ?", True),
        ("Qui est la directrice du musée ?", True),
        ("Who chairs the festival committee?", True),
        ("Qui finance le conservatoire ?", False),  # an agent, no role
    ],
)
def test_a_role_asked_of_a_person(question: str, role: bool) -> None:
    assert asked(question).role is role
