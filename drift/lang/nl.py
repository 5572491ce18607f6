"""Dutch: the abbreviations and words that the segmenter and the detectors look for."""

# dhr., mevr., mw., mr. (meester), drs., ir., ing., dr., prof., jhr.; bijv., bv., ca., nl.
# (namelijk), enz., blz., zgn., resp., evt., incl., excl., jl., vnl.
ABBREVIATIONS = frozenset(
    "dhr mevr mw mr drs ir ing dr prof jhr st "
    "bijv bv ca nl enz etc blz zgn zg resp evt incl excl jl vnl mln mld max min vs".split()
)
NUMBERED_ABBREVIATIONS = frozenset("jan feb mrt apr jun jul aug sep sept okt nov dec".split())
# Abbreviations that usually close an enumeration, and so end a sentence before a capital.
SENTENCE_FINAL_ABBREVIATIONS = frozenset({"enz", "etc"})

WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
                       "sept": 9, "okt": 10, "nov": 11, "dec": 12}
# Parts of the day (drift.score.detectors.time); "morgen" is left out (mostly "tomorrow").
PARTS_OF_DAY = {"ochtend": "morning", "voormiddag": "morning", "vanochtend": "morning", "dageraad": "dawn",
                "middag": "afternoon", "namiddag": "afternoon", "vanmiddag": "afternoon",
                "avond": "evening", "vanavond": "evening", "nacht": "night", "vannacht": "night",
                "middernacht": "night"}
# Parts of the day as the end of a weekday compound (zondagavond).
COMPOUND_PARTS = {"ochtend": "morning", "middag": "afternoon", "avond": "evening", "nacht": "night"}
# Relative days, weeks, months and years: (unit, offset from the story's day).
RELATIVE_DATES = {("gisteren",): ("day", -1), ("vandaag",): ("day", 0), ("morgen",): ("day", 1),
                  ("vorige", "week"): ("week", -1), ("afgelopen", "week"): ("week", -1),
                  ("deze", "week"): ("week", 0), ("volgende", "week"): ("week", 1),
                  ("vorige", "maand"): ("month", -1), ("volgende", "maand"): ("month", 1),
                  ("vorig", "jaar"): ("year", -1), ("verleden", "jaar"): ("year", -1),
                  ("dit", "jaar"): ("year", 0), ("volgend", "jaar"): ("year", 1)}

# "een" is left out: also the indefinite article.
NUMBER_WORDS = {
    **{w: n for n, w in enumerate("twee drie vier vijf zes zeven acht negen tien elf twaalf dertien "
                                  "veertien vijftien zestien zeventien achttien negentien".split(), start=2)},
    **{w: 10 * n for n, w in enumerate("twintig dertig veertig vijftig zestig zeventig tachtig "
                                       "negentig".split(), start=2)},
    "honderd": 100, "duizend": 1000,
}

# Words before a figure that make it a bound or an approximation (drift.score.detectors.number).
QUANTITY_QUALIFIERS = {
    "approx": ("ongeveer", "zo'n", "zo’n", "circa", "ca.", "rond", "rond de", "omstreeks", "pakweg", "naar schatting"),
    "nearly": ("bijna", "nagenoeg", "vrijwel"),
    "at_least": ("zeker", "minstens", "ten minste", "tenminste", "minimaal"),
    "more": ("meer dan", "ruim", "boven de"),
    "at_most": ("tot", "tot wel", "maximaal", "hooguit", "tot maximaal"),
    "less": ("minder dan", "nog geen", "krap"),
}
RANGE_WORDS = (("tot", ""), ("à", ""), ("en", "tussen"), ("of", ""))
APPROXIMATE_NUMBER_WORDS = {"dozijn": 12, "tiental": 10}
PLURAL_NUMBER_WORDS = {"tientallen": 10, "honderden": 100, "duizenden": 1000, "tienduizenden": 10**4, "honderdduizenden": 10**5}
# Fractions of an hour written as words ("een kwartier": 15 minutes), in hours.
HOUR_FRACTIONS = {"kwartier": 0.25, "halfuur": 0.5, "half uur": 0.5, "drie kwartier": 0.75}
ONE_WORDS = ("een", "één")
# The thousands separator when a single separator precedes exactly three digits (4.281 is
# 4281; "," is the decimal mark).
THOUSANDS_SEPARATOR = "."

# Words after a clock time that name its zone as the place's own (part of the time, not a detail).
LOCAL_TIME = ("lokale tijd", "plaatselijke tijd", "Nederlandse tijd", "Belgische tijd")
# Words before a clock time that make it approximate or put it just before or after
# (drift.score.detectors.time).
CLOCK_QUALIFIERS = {
    "around": ("rond", "omstreeks", "ongeveer", "circa", "tegen"),
    "before": ("kort voor", "vlak voor", "even voor"),
    "after": ("kort na", "vlak na", "even na"),
}
# Clock times in words ("half acht" is 7:30, "kwart over zeven" 7:15, "vijf voor half
# acht" 7:25): the words for half, quarter, past and to; the prepositions that mark a
# "<n> over/voor <hour>" as a time; and the words after it that fix the half of the day.
CLOCK_WORDS = {"half": "half", "quarter": "kwart", "past": "over", "to": "voor"}
CLOCK_PREPOSITIONS = ("om", "rond", "omstreeks", "tegen", "vanaf", "tot")
DAY_HALVES = {"'s ochtends": "am", "'s morgens": "am", "'s nachts": "am", "'s middags": "pm", "'s avonds": "pm"}

# Attribution (drift.score.detectors.attribution). "zou" also hedges but is left to the
# modality detector, which reads it as a modal verb (MODALS).
ACCORDING_TO = (("volgens",), ("aldus",))
REPORTING_VERBS = ("zei zegt zeggen verklaarde verklaart stelde stelt meldde meldt liet bevestigde "
                   "voegde benadrukte schreef waarschuwde")
OPENING_FOR = "voor"
HEDGES = (("naar", "verluidt"), ("vermoedelijk",))
SKIP_BEFORE_VERB = frozenset("heeft hebben had".split())
INSIDE_SOURCE = frozenset("de het een van".split())

# Modal words by class (drift.score.detectors.modality).
MODALS = {
    "possibility": "kan kunnen kon konden mogelijk misschien wellicht eventueel",
    "probability": "waarschijnlijk vermoedelijk verwacht",
    "future": "zal zullen",
    "conditional": "zou zouden",
    "necessity": "moet moeten",
    "volition": "wil willen wilde wilden",
}

# Negation (drift.score.detectors.negation).
NEGATORS = "niet geen nooit niets niemand nergens"
RULE_OUT = ("uitsluiten uitgesloten uitsluit", "sluit sluiten sloot sloten", "uit", "worden helemaal volledig")
CONTRAST = ("maar", False)
# Focus particles after a negator that make it additive ("niet alleen", "niet enkel").
NOT_ONLY = "alleen enkel slechts"
# Negative implicatives (see drift.lang.en): Dutch verbs of this kind take no particle;
# "de eerste X sinds Y".
NEGATIVE_IMPLICATIVES = (
    "weigert weigeren weigerde weigerden geweigerd ontkent ontkennen ontkende ontkenden ontkend "
    "zonder verbiedt verbieden verbood verboden verhindert verhinderen verhinderde verhinderd "
    "belet beletten vermijdt vermijden vermeed vermeden",
    {"sinds": "eerste"},
    {"zonder": "twijfel mankeren"},  # "zonder twijfel", "zonder mankeren" (without fail)
)
SUBJECT_PRONOUNS = "ik jij je hij zij ze wij we jullie"

# Names (drift.score.detectors.name_variant): capitalised words that are no names, and roles
# and titles by meaning (see drift.lang.en).
NOT_NAMES = frozenset("""
    de het een dit dat deze die hij zij ze wij we jij u hun haar zijn in op aan van voor
    met zonder volgens maar en of dus want als toen ook nog al er daar hier wat wie waar
    """.split())
ROLES = {
    "spokesperson": "woordvoerder woordvoerster",
    "president": "president voorzitter",
    "prime_minister": "premier",
    "minister": "minister",
    "professor": "professor hoogleraar",
    "researcher": "onderzoeker onderzoekster",
    "expert": "expert experts analist specialist deskundige",
    "director": "directeur manager managers",
    "secretary": "secretaris",
    "governor": "gouverneur",
    "leader": "leider",
    "ambassador": "ambassadeur",
    "general": "generaal",
    "diplomat": "diplomat",
    "advisor": "adviseur",
    "journalist": "journalist reporter",
    "mayor": "burgemeester",
    "prosecutor": "aanklager openbaar-aanklager",
    "judge": "rechter",
    "commander": "commandant bevelhebber",
}

# Capitalised adjectives of nationality and the country each names (see en.py).
DEMONYMS = {
    "franse": "france", "frans": "france", "britse": "united kingdom", "brits": "united kingdom",
    "amerikaanse": "united states", "amerikaans": "united states", "russische": "russia",
    "chinese": "china", "japanse": "japan", "duitse": "germany", "duits": "germany",
    "nederlandse": "netherlands", "nederlands": "netherlands", "belgische": "belgium",
    "spaanse": "spain", "italiaanse": "italy", "zwitserse": "switzerland", "oostenrijkse": "austria",
    "griekse": "greece", "zweedse": "sweden", "noorse": "norway", "deense": "denmark",
    "poolse": "poland", "hongaarse": "hungary", "oekraïense": "ukraine", "turkse": "turkey",
    "libanese": "lebanon", "egyptische": "egypt", "israëlische": "israel", "iraanse": "iran",
    "iraakse": "iraq", "syrische": "syria", "saoedische": "saudi arabia", "indiase": "india",
    "braziliaanse": "brazil", "mexicaanse": "mexico", "canadese": "canada",
}

# Points of the compass (drift.score.detectors.direction): word -> the points it names.
DIRECTIONS = {
    **dict.fromkeys(("noord", "noorden", "noordelijk", "noordelijke", "noordwaarts"), "n"),
    **dict.fromkeys(("zuid", "zuiden", "zuidelijk", "zuidelijke", "zuidwaarts"), "s"),
    **dict.fromkeys(("oost", "oosten", "oostelijk", "oostelijke", "oostwaarts"), "e"),
    **dict.fromkeys(("west", "westen", "westelijk", "westelijke", "westwaarts"), "w"),
    **dict.fromkeys(("noordoost", "noordoosten", "noordoostelijk", "noordoostelijke"), "ne"),
    **dict.fromkeys(("noordwest", "noordwesten", "noordwestelijk", "noordwestelijke"), "nw"),
    **dict.fromkeys(("zuidoost", "zuidoosten", "zuidoostelijk", "zuidoostelijke"), "se"),
    **dict.fromkeys(("zuidwest", "zuidwesten", "zuidwestelijk", "zuidwestelijke"), "sw"),
}
