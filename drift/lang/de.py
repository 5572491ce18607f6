"""German: the abbreviations and words that the segmenter and the detectors look for."""

# Hr./Fr. (Herr/Frau), Dipl., Ing., St. (Sankt), v./n. Chr., s. (siehe); z.B., u.a., d.h.
# are dotted and need no entry.
ABBREVIATIONS = frozenset(
    "dr prof hr fr dipl ing mag st str ca bzw usw vgl evtl ggf inkl exkl zzgl bspw sog "
    "geb gest verh allg bzgl ehem eigtl österr einschl entspr gegr jh jhd mio mrd tsd min max "
    "v n s abs bd kap tel".split()
)
NUMBERED_ABBREVIATIONS = frozenset("jan feb febr mär apr jun jul aug sep sept okt nov dez".split())
# Abbreviations that usually close an enumeration, and so end a sentence before a capital.
SENTENCE_FINAL_ABBREVIATIONS = frozenset({"usw"})

WEEKDAYS = ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")
MONTHS = ("januar", "februar", "märz", "april", "mai", "juni", "juli", "august",
          "september", "oktober", "november", "dezember")
MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mär": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
                       "sept": 9, "okt": 10, "nov": 11, "dez": 12}
# Parts of the day (drift.score.detectors.time); "Morgen" is morning only when capitalised,
# which the detector checks.
PARTS_OF_DAY = {"vormittag": "morning", "morgengrauen": "dawn", "nachmittag": "afternoon", "abend": "evening",
                "nacht": "night", "mitternacht": "night"}
# Parts of the day as the end of a weekday compound (Sonntagabend, Montagmorgen).
COMPOUND_PARTS = {"morgen": "morning", "vormittag": "morning", "nachmittag": "afternoon", "abend": "evening",
                  "nacht": "night"}
# Relative days, weeks, months and years: (unit, offset from the story's day).
RELATIVE_DATES = {("gestern",): ("day", -1), ("heute",): ("day", 0), ("morgen",): ("day", 1),
                  ("letzte", "woche"): ("week", -1), ("vergangene", "woche"): ("week", -1),
                  ("vergangenen", "woche"): ("week", -1), ("diese", "woche"): ("week", 0),
                  ("nächste", "woche"): ("week", 1), ("nächsten", "woche"): ("week", 1),
                  ("letzten", "monat"): ("month", -1), ("nächsten", "monat"): ("month", 1),
                  ("letztes", "jahr"): ("year", -1), ("vergangenes", "jahr"): ("year", -1),
                  ("vergangenen", "jahres"): ("year", -1), ("dieses", "jahr"): ("year", 0),
                  ("nächstes", "jahr"): ("year", 1)}

# "ein" is left out: also the indefinite article.
NUMBER_WORDS = {
    **{w: n for n, w in enumerate("zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn "
                                  "vierzehn fünfzehn sechzehn siebzehn achtzehn neunzehn".split(), start=2)},
    **{w: 10 * n for n, w in enumerate("zwanzig dreißig vierzig fünfzig sechzig siebzig achtzig "
                                       "neunzig".split(), start=2)},
    "hundert": 100, "tausend": 1000,
}

# Words before a figure that make it a bound or an approximation (drift.score.detectors.number).
QUANTITY_QUALIFIERS = {
    "approx": ("etwa", "rund", "ungefähr", "circa", "ca.", "zirka", "gut"),
    "nearly": ("fast", "beinahe", "knapp", "nahezu"),
    "at_least": ("mindestens", "wenigstens", "zumindest"),
    "more": ("mehr als", "über"),
    "at_most": ("bis zu", "höchstens", "maximal"),
    "less": ("weniger als",),
}
RANGE_WORDS = (("bis", ""), ("und", "zwischen"), ("oder", ""))
APPROXIMATE_NUMBER_WORDS = {"dutzend": 12}
PLURAL_NUMBER_WORDS = {"dutzende": 12, "hunderte": 100, "tausende": 1000, "zehntausende": 10**4, "hunderttausende": 10**5}
# Fractions of an hour written as words ("eine Viertelstunde": 15 minutes), in hours.
HOUR_FRACTIONS = {"viertelstunde": 0.25, "halbe stunde": 0.5, "dreiviertelstunde": 0.75}
ONE_WORDS = ("ein", "eine", "einen", "einem", "einer")
# The thousands separator when a single separator precedes exactly three digits (4.281 is
# 4281; "," is the decimal mark).
THOUSANDS_SEPARATOR = "."

# Words after a clock time that name its zone as the place's own (part of the time, not a detail).
LOCAL_TIME = ("Ortszeit", "Lokalzeit", "deutscher Zeit", "MEZ")
# Words before a clock time that make it approximate or put it just before or after
# (drift.score.detectors.time).
CLOCK_QUALIFIERS = {
    "around": ("gegen", "etwa", "ungefähr", "circa", "rund"),
    "before": ("kurz vor", "knapp vor"),
    "after": ("kurz nach", "knapp nach"),
}
# Clock times in words ("halb acht" is 7:30, "Viertel nach sieben" 7:15, "fünf vor halb
# acht" 7:25), as in Dutch (drift.lang.nl).
CLOCK_WORDS = {"half": "halb", "quarter": "viertel", "past": "nach", "to": "vor"}
CLOCK_PREPOSITIONS = ("um", "gegen", "ab", "bis")
DAY_HALVES = {"morgens": "am", "früh": "am", "nachts": "am", "nachmittags": "pm", "abends": "pm"}

# Attribution (drift.score.detectors.attribution). "soll" also hedges but is left to the
# modality detector, which reads it as a modal verb (MODALS).
ACCORDING_TO = (("laut",), ("nach", "angaben"))
REPORTING_VERBS = ("sagte sagt sagten erklärte erklärt betonte betont teilte berichtete berichtet "
                   "bestätigte warnte meinte schrieb")
OPENING_FOR = "für"
HEDGES = (("angeblich",), ("berichten", "zufolge"))
SKIP_BEFORE_VERB = frozenset("hat haben hatte".split())
INSIDE_SOURCE = frozenset("der die das den dem von".split())

# Modal words by class (drift.score.detectors.modality).
MODALS = {
    "possibility": "könnte könnten kann können möglicherweise vielleicht eventuell möglich",
    "probability": "wahrscheinlich vermutlich dürfte dürften voraussichtlich erwartet",
    "future": "wird werden",
    "conditional": "würde würden soll sollen",
    "necessity": "muss müssen",
    "volition": "will wollen möchte möchten",
}

# Negation (drift.score.detectors.negation). "sondern" only corrects, and takes a comma by rule.
NEGATORS = "nicht kein keine keinen keinem keiner keines nie niemals nichts niemand nirgends"
RULE_OUT = ("ausschließen ausgeschlossen auszuschließen", "schließt schließen schloss schlossen", "aus",
            "werden ganz völlig")
CONTRAST = ("sondern", True)
# Focus particles after a negator that make it additive ("nicht nur", "nicht bloß").
NOT_ONLY = "nur bloß lediglich"
# Negative implicatives (see drift.lang.en): German verbs of this kind take no particle;
# "der erste X seit Y".
NEGATIVE_IMPLICATIVES = (
    "weigert weigern weigerte weigerten verweigert verweigerte bestreitet bestreiten bestritt "
    "leugnet leugnen leugnete ohne verbietet verbieten verbot verboten verhindert verhindern "
    "verhinderte vermeidet vermeiden vermied",
    {"seit": "erste ersten erster erstes"},
    {"ohne": "zweifel frage"},  # "ohne Zweifel", "ohne Frage"
)
SUBJECT_PRONOUNS = "ich du er sie es wir ihr"

# Names (drift.score.detectors.name_variant): capitalised words that are no names, and roles
# and titles by meaning (see drift.lang.en).
NOT_NAMES = frozenset("""
    der die das den dem des ein eine einen einem einer er sie es wir ihr ich du sein seine
    ihre im am vom zum zur mit ohne laut nach aber und oder denn als wenn auch noch so
    dort hier was wer wo herr frau
    """.split())
ROLES = {
    "spokesperson": "sprecher sprecherin",
    "president": "präsident präsidentin",
    "minister": "minister ministerin",
    "professor": "professor professorin",
    "researcher": "forscher forscherin",
    "expert": "experte analyst",
    "director": "direktor direktorin manager",
    "secretary": "sekretär sekretärin",
    "leader": "anführer",
    "ambassador": "botschafter botschafterin",
    "general": "general",
    "diplomat": "diplomat",
    "advisor": "berater beraterin",
    "journalist": "journalist reporter",
    "mayor": "bürgermeister bürgermeisterin",
    "prosecutor": "staatsanwalt staatsanwältin",
    "judge": "richter richterin",
    "commander": "kommandant kommandantin befehlshaber",
}

# Points of the compass (drift.score.detectors.direction): word -> the points it names.
DIRECTIONS = {
    **dict.fromkeys(("norden", "nördlich", "nördliche", "nördlichen", "nördlicher", "nördliches"), "n"),
    **dict.fromkeys(("süden", "südlich", "südliche", "südlichen", "südlicher", "südliches"), "s"),
    **dict.fromkeys(("osten", "östlich", "östliche", "östlichen", "östlicher", "östliches"), "e"),
    **dict.fromkeys(("westen", "westlich", "westliche", "westlichen", "westlicher", "westliches"), "w"),
    **dict.fromkeys(("nordosten", "nordöstlich", "nordöstliche", "nordöstlichen"), "ne"),
    **dict.fromkeys(("nordwesten", "nordwestlich", "nordwestliche", "nordwestlichen"), "nw"),
    **dict.fromkeys(("südosten", "südöstlich", "südöstliche", "südöstlichen"), "se"),
    **dict.fromkeys(("südwesten", "südwestlich", "südwestliche", "südwestlichen"), "sw"),
}
