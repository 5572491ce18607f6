"""French: abbreviations, weekday, month and number words."""

# MM. (messieurs), Mme(s), Mlle(s), Me (maître), Mgr, Pr, St(e); p. ex. / par ex., env.
# (environ), av./apr. (J.-C.), hab., éd., coll. (c.-à-d. is dotted and needs no entry).
ABBREVIATIONS = frozenset(
    "mm mme mmes mlle mlles me mgr dr pr prof st ste "
    "p ex etc cf env av apr hab éd coll sq sqq réf tél gén col lt cdt cne adj bd vs".split()
)
NUMBERED_ABBREVIATIONS = frozenset("janv févr fév avr juil sept oct nov déc chap".split())

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")
MONTH_ABBREVIATIONS = {"janv": 1, "févr": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11, "déc": 12}

# "un" is left out: also the indefinite article.
NUMBER_WORDS = {
    **{w: n for n, w in enumerate("deux trois quatre cinq six sept huit neuf dix onze douze treize "
                                  "quatorze quinze seize dix-sept dix-huit dix-neuf".split(), start=2)},
    **{w: 10 * n for n, w in enumerate("vingt trente quarante cinquante soixante soixante-dix "
                                       "quatre-vingt quatre-vingt-dix".split(), start=2)},
    "douzaine": 12, "cent": 100, "mille": 1000,
}
