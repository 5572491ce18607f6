"""French: the abbreviations and words that the segmenter and the detectors look for."""

# MM. (messieurs), Mme(s), Mlle(s), Me (maître), Mgr, Pr, St(e); p. ex. / par ex., env.
# (environ), av./apr. (J.-C.), hab., éd., coll. (c.-à-d. is dotted and needs no entry).
ABBREVIATIONS = frozenset(
    "mm mme mmes mlle mlles me mgr dr pr prof st ste "
    "p ex etc cf env av apr hab éd coll sq sqq réf tél gén col lt cdt cne adj bd vs".split()
)
NUMBERED_ABBREVIATIONS = frozenset("janv févr fév avr juil sept oct nov déc chap".split())
# Abbreviations that usually close an enumeration, and so end a sentence before a capital.
SENTENCE_FINAL_ABBREVIATIONS = frozenset({"etc"})

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")
MONTH_ABBREVIATIONS = {"janv": 1, "févr": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11, "déc": 12}
# "Mars" is also the planet: a month only next to a day or a year, as the abbreviations.
AMBIGUOUS_MONTHS = ("mars",)
# Parts of the day (drift.score.detectors.time); "ce soir" is evening.
PARTS_OF_DAY = {"matin": "morning", "matinée": "morning", "aube": "dawn", "après-midi": "afternoon",
                "soir": "evening", "soirée": "evening", "nuit": "night", "minuit": "night"}
# Relative days, weeks, months and years: (unit, offset from the story's day).
RELATIVE_DATES = {("hier",): ("day", -1), ("aujourd'hui",): ("day", 0), ("demain",): ("day", 1),
                  ("semaine", "dernière"): ("week", -1), ("cette", "semaine"): ("week", 0),
                  ("semaine", "prochaine"): ("week", 1), ("mois", "dernier"): ("month", -1),
                  ("mois", "prochain"): ("month", 1), ("an", "dernier"): ("year", -1),
                  ("année", "dernière"): ("year", -1), ("cette", "année"): ("year", 0),
                  ("année", "prochaine"): ("year", 1)}

# "un" is left out: also the indefinite article.
NUMBER_WORDS = {
    **{w: n for n, w in enumerate("deux trois quatre cinq six sept huit neuf dix onze douze treize "
                                  "quatorze quinze seize dix-sept dix-huit dix-neuf".split(), start=2)},
    **{w: 10 * n for n, w in enumerate("vingt trente quarante cinquante soixante soixante-dix "
                                       "quatre-vingt quatre-vingt-dix".split(), start=2)},
    "cent": 100, "mille": 1000,
}

# Words before a figure that make it a bound or an approximation (drift.score.detectors.number).
QUANTITY_QUALIFIERS = {
    "approx": ("environ", "quelque", "quelques", "à peu près", "autour de", "approximativement", "env."),
    "nearly": ("près de", "presque", "pratiquement", "quasiment", "près d'"),
    "at_least": ("au moins", "au minimum", "pas moins de", "pas moins d'"),
    "more": ("plus de", "plus d'", "au-delà de", "un peu plus de", "un peu plus d'"),
    "at_most": ("jusqu'à", "jusqu’à", "au maximum", "au plus"),
    "less": ("moins de", "moins d'", "un peu moins de", "un peu moins d'"),
}
RANGE_WORDS = (("à", ""), ("et", "entre"), ("ou", ""))
# "une quinzaine": about 15.
APPROXIMATE_NUMBER_WORDS = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30, "quarantaine": 40,
    "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000,
}
PLURAL_NUMBER_WORDS = {"dizaines": 10, "centaines": 100, "milliers": 1000}
# Fractions of an hour written as words ("un quart d'heure": 15 minutes), in hours.
HOUR_FRACTIONS = {"quart d'heure": 0.25, "demi-heure": 0.5, "trois quarts d'heure": 0.75}
ONE_WORDS = ("un", "une")
# The thousands separator when a single separator precedes exactly three digits (4.281 is
# 4281; "," is the decimal mark).
THOUSANDS_SEPARATOR = "."
# Unit words that are common words in other languages ("an", a year, is the article in
# English: "400 million an hour"), read as units only in this language.
OWN_UNITS = ("an", "ans")

# Words after a clock time that name its zone as the place's own (part of the time, not a detail).
LOCAL_TIME = ("heure locale", "heures locales", "heure de Paris", "heure française")
# Words before a clock time that make it approximate or put it just before or after
# (drift.score.detectors.time).
CLOCK_QUALIFIERS = {
    "around": ("vers", "environ", "aux alentours de", "autour de"),
    "before": ("peu avant", "juste avant", "un peu avant"),
    "after": ("peu après", "juste après", "un peu après"),
}

# Attribution (drift.score.detectors.attribution): "selon", the reporting verbs, "Pour" opening
# a sentence that credits the view to a name (AFP copy translated from French), and hedges.
ACCORDING_TO = (("selon",), ("d'", "apres"), ("d'apres",))
REPORTING_VERBS = ("dit déclare déclaré affirme affirmé indique indiqué estime estimé ajoute ajouté "
                   "annonce annoncé assure assuré précise précisé explique expliqué souligne souligné "
                   "observe confirme confirmé rapporte rapporté")
OPENING_FOR = "pour"
HEDGES = (("aurait",), ("auraient",), ("prétendument",), ("selon", "certaines", "informations"))
SKIP_BEFORE_VERB = frozenset("a ont avait".split())
INSIDE_SOURCE = frozenset("le la les l' de du des".split())

# Modal words by class (drift.score.detectors.modality). Volition: "wil donderdag naar
# Beiroet" (wants to go) against "se rendra jeudi" (will go); words that as often take a
# noun ("compte") are left out, the first persons ("je veux", "nous voulons") are in.
MODALS = {
    "possibility": "pourrait pourraient peut peuvent pouvait possible possiblement peut-être éventuellement",
    "ability": "capable capables",
    "probability": "probablement vraisemblablement devrait devraient probable",
    "future": "va vont",
    "conditional": "serait seraient",
    "necessity": "doit doivent faut",
    "volition": "veux veut voulons voulez veulent souhaite souhaitons souhaitez souhaitent",
}
# The conditional is a verb ending in French ("débloquerait", "sonneraient", "viendrait"),
# the translation of English "would" and Dutch "zou": (class, endings, endings that are
# not it) for the words no list names, read on the word as written. Endings the imperfect
# shares are left out: "-rait" alone (entourait, comparait, assurait), "-irait" (tirait)
# and "-érait" (opérait, considérait); "-trait" is a noun or adjective (portrait, abstrait).
MODAL_ENDINGS = (("conditional", ("erait", "eraient", "rrait", "rraient", "drait", "draient"), ("érait", "éraient")),)

# Negation (drift.score.detectors.negation). "plus", "rien" and "personne" negate only after
# "ne"/"n'" ("plus de détails" is "more"), and "ne ... que" is "only", so "ne" itself is no
# negator.
NEGATORS = "pas jamais aucun aucune ni nullement guère"
AFTER_NE = "plus rien personne"
RULE_OUT = ("exclure exclu exclue exclus exclues exclut excluent excluait excluaient exclurait excluraient", "", "",
            "été encore totalement complètement formellement")
CONTRAST = ("mais", False)
# Focus particles after a negator that make it additive ("pas seulement", "non seulement").
NOT_ONLY = "seulement uniquement"
# Negative implicatives (see drift.lang.en): refuser, nier, sans, échouer; empêcher,
# dissuader, interdire "de"; "le premier X depuis Y".
NEGATIVE_IMPLICATIVES = (
    "refuse refusent refusé refusée refusait refusaient refuser nie nient nié niait nier sans "
    "échoue échouent échoué échouer incapable incapables",
    {
        "de": "empêche empêchent empêché empêchait empêchaient empêcher dissuade dissuadent dissuadé "
              "dissuader interdit interdisent interdisait interdire",
        "depuis": "premier première premiers premières",
    },
    {"sans": "doute faute"},  # "sans doute" (probably), "sans faute" (without fail)
)
SUBJECT_PRONOUNS = "je j' tu il elle on nous vous ils elles"

# Names (drift.score.detectors.name_variant): capitalised words that are no names, and roles
# and titles by meaning (see drift.lang.en).
NOT_NAMES = frozenset("""
    mm m mme mlle me
    le la les l un une des du de d ce cet cette ces il elle ils elles on nous vous je tu
    son sa ses leur leurs notre nos dans pour par sur sous avec sans selon mais et ou donc
    car ni que qui quand comme si aussi alors ainsi puis cependant toutefois pourtant cela
    ceci lorsque depuis apres avant ensuite enfin bien tout tous toute toutes
    """.split())
ROLES = {
    "spokesperson": "porte-parole",
    "president": "président présidente",
    "prime_minister": "premier",
    "minister": "ministre",
    "professor": "professeur professeure",
    "researcher": "chercheur chercheuse",
    "expert": "expert experts experte analyste spécialiste",
    "director": "directeur directrice",
    "secretary": "secrétaire",
    "governor": "gouverneur gouverneure",
    "leader": "dirigeant dirigeante",
    "ambassador": "ambassadeur ambassadrice",
    "general": "général générale",
    "diplomat": "diplomate",
    "advisor": "conseiller conseillère",
    "journalist": "journaliste reporter",
    "mayor": "maire mairesse",
    "prosecutor": "procureur procureure",
    "judge": "juge",
    "commander": "commandant commandante",
}

# Points of the compass (drift.score.detectors.direction): word -> the points it names
# ("est" only after an elided article: elsewhere it is the verb).
DIRECTIONS = {
    **dict.fromkeys(("nord", "septentrional", "septentrionale", "septentrionaux", "septentrionales"), "n"),
    **dict.fromkeys(("sud", "méridional", "méridionale", "méridionaux", "méridionales"), "s"),
    **dict.fromkeys(("est", "oriental", "orientale", "orientaux", "orientales"), "e"),
    **dict.fromkeys(("ouest", "occidental", "occidentale", "occidentaux", "occidentales"), "w"),
    "nord-est": "ne", "nord-ouest": "nw", "sud-est": "se", "sud-ouest": "sw",
}
