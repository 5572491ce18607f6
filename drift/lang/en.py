"""English: the abbreviations and words that the segmenter and the detectors look for."""

# Titles and ranks; companies, and Latin and other common shortenings (AP style guide and
# the project's development texts). Lower case, without the final period.
ABBREVIATIONS = frozenset(
    "mr mrs ms messrs mm dr prof st mt ft gen col lt sgt capt cmdr adm maj cpl pvt brig "
    "rep reps sen sens gov pres supt insp det rev hon jr sr "
    "inc corp ltd co bros plc llc vs etc approx dept est univ assn ave blvd rd al "
    "cf viz".split()
)
# Abbreviations that end no sentence when a number follows ("Sept. 12", "ch. 3").
NUMBERED_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec ch sec para".split())
# Abbreviations that usually close an enumeration, and so end a sentence before a capital.
SENTENCE_FINAL_ABBREVIATIONS = frozenset({"etc"})

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
                       "sept": 9, "oct": 10, "nov": 11, "dec": 12}
# Month names that are also common words (the verbs "may" and "march"): months only next to
# a day or a year, as the abbreviations.
AMBIGUOUS_MONTHS = ("may", "march")
# Parts of the day (drift.score.detectors.time); "tonight" is evening.
PARTS_OF_DAY = {"morning": "morning", "dawn": "dawn", "daybreak": "dawn", "afternoon": "afternoon",
                "evening": "evening", "tonight": "evening", "night": "night",
                "overnight": "night", "midnight": "night"}
# Relative days, weeks, months and years: (unit, offset from the story's day).
RELATIVE_DATES = {("yesterday",): ("day", -1), ("today",): ("day", 0), ("tomorrow",): ("day", 1),
                  ("last", "week"): ("week", -1), ("this", "week"): ("week", 0),
                  ("next", "week"): ("week", 1), ("last", "month"): ("month", -1),
                  ("next", "month"): ("month", 1), ("last", "year"): ("year", -1),
                  ("this", "year"): ("year", 0), ("next", "year"): ("year", 1)}

# "one" is left out: mostly a pronoun.
NUMBER_WORDS = {
    **{w: n for n, w in enumerate("two three four five six seven eight nine ten eleven twelve thirteen "
                                  "fourteen fifteen sixteen seventeen eighteen nineteen".split(), start=2)},
    **{w: 10 * n for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)},
    "hundred": 100, "thousand": 1000,
}

# Words before a figure that make it a bound or an approximation (drift.score.detectors.number):
# "more than 100" excludes 100, "at least 113" includes it, "some 50" is 45-55 ("under" is
# left out: more often a preposition than a bound).
QUANTITY_QUALIFIERS = {
    "approx": ("about", "around", "some", "roughly", "approximately", "an estimated", "circa", "ca."),
    "nearly": ("nearly", "almost", "close to", "just under", "just short of"),
    "at_least": ("at least", "no fewer than", "no less than", "a minimum of"),
    "more": ("more than", "over", "past", "upwards of", "in excess of"),
    "at_most": ("up to", "as many as", "as much as", "as far as", "at most", "a maximum of"),
    "less": ("less than", "fewer than", "a little less than", "a little under"),
}
# A range "3 to 5", "between 3 and 5": the word between the figures, and the word before
# the first when the range needs one.
RANGE_WORDS = (("to", ""), ("and", "between"), ("or", ""))
# Number words that round ("a dozen": about 12).
APPROXIMATE_NUMBER_WORDS = {"dozen": 12}
# Plurals of a round number: some multiple of it ("dozens", "hundreds"; drift.score.detectors.number).
PLURAL_NUMBER_WORDS = {"tens": 10, "dozens": 12, "hundreds": 100, "thousands": 1000}
# Fractions of an hour written as words ("a quarter of an hour": 15 minutes), in hours.
HOUR_FRACTIONS = {"quarter of an hour": 0.25, "quarter-hour": 0.25, "half an hour": 0.5, "half-hour": 0.5,
                  "three quarters of an hour": 0.75}
# The indefinite article, read as 1 right before a unit ("a day of mourning", "an hour").
ONE_WORDS = ("a", "an", "one")
# The thousands separator when a single separator precedes exactly three digits (4,281 is 4281).
THOUSANDS_SEPARATOR = ","

# Words after a clock time that name its zone as the place's own (part of the time, not a detail).
LOCAL_TIME = ("local time",)
# Words before a clock time that make it approximate or put it just before or after
# (drift.score.detectors.time).
CLOCK_QUALIFIERS = {
    "around": ("around", "about", "at about", "at around", "approximately", "roughly"),
    "before": ("shortly before", "just before", "soon before"),
    "after": ("shortly after", "just after", "soon after"),
}

# Attribution (drift.score.detectors.attribution): the phrases that credit a claim to a
# source and the reporting verbs (the common verbs of attribution in wire copy: the AP and
# AFP style guides favour "said"); the word that opens a sentence crediting the view to a
# name ("For Andrei Lankov of Kookmin University, ..."); hedges that put a claim on unnamed
# others (journalistic distancing).
ACCORDING_TO = (("according", "to"),)
REPORTING_VERBS = ("say says said tells told claimed stated added adds noted notes warned warns asserted "
                   "announced reported confirmed believes believed observes observed explained insisted "
                   "argued")
OPENING_FOR = "for"
HEDGES = (("reportedly",), ("allegedly",), ("is", "said", "to"), ("are", "said", "to"),
          ("was", "said", "to"), ("supposedly",))
# Auxiliaries and adverbs between a subject and its reporting verb ("Washington has said",
# "the US has already warned").
SKIP_BEFORE_VERB = frozenset(
    "has have had is was were will would could can may might should must also already only "
    "again then later further".split()
)
# Reporting verbs whose following noun is the one told, not the teller ("he told AFP").
NO_INVERSION = frozenset({"tells", "told"})
# Articles and particles that may stand inside a source phrase ("the governor of the region").
INSIDE_SOURCE = frozenset("the a an of".split())

# Modal words by class (drift.score.detectors.modality; the modal verbs and epistemic
# adverbs of the grammar; "reportedly"-type hearsay is attribution's). "may" counts only in
# lower case (the month is "May"); "can" and "could" are both possibility. Ability ("able",
# "capable") says what something can do, not how sure the claim is: it matches a
# possibility on the other side (able to carry = kan vervoeren) but is never itself a
# difference. Volition: words that as often take a noun ("plans")
# are left out; "want" is in, since quotes use it and its translation must not read as a
# change, but only before an infinitive (BEFORE_TO).
MODALS = {
    "possibility": "could can may might possibly possible perhaps maybe potentially",
    "ability": "able capable",
    "probability": "likely probably unlikely expected presumably should",
    "future": "will won't shall",
    "conditional": "would",
    "necessity": "must",
    "volition": "intends intend want wants",
}
# Volition words that are modal only before an infinitive ("wants to go", "want it to be
# finished"; not "wants advanced technology"): they count when "to" is one of the next two words.
BEFORE_TO = frozenset({"want", "wants"})

# Negation (drift.score.detectors.negation): explicit negators (closed class of the
# grammar; "n't" endings are read by the detector); the word of "not X but Y", which
# corrects X rather than negates it, and whether a comma must precede it; the subject
# pronouns, after which the contrast opens a clause of its own ("not over but it is close").
NEGATORS = "not never no nor neither none nobody nothing nowhere cannot"
# Verbs whose negation asserts a possibility ("did not rule out foul play": foul play may be
# involved; drift.score.detectors.negation): (forms complete in themselves, forms that need
# the particle, the particle, words that may stand between the negator and the verb besides
# SKIP_BEFORE_VERB: "has not yet been ruled out").
RULE_OUT = ("exclude excludes excluded excluding", "rule rules ruled ruling", "out",
            "be been being yet entirely completely fully formally officially")
CONTRAST = ("but", False)
# Focus particles after a negator that make it additive, not negative: "not just one shipment
# but many" asserts the one and the many, with or without a comma before "but".
NOT_ONLY = "just only merely simply"
# Negative implicatives (Karttunen 1971): words that assert the negation of what follows
# ("refused to comment", "without warning", "bars it from selling"), and "the first X since
# Y", which says that there was no X since Y: a side that says with one of them what the
# other says with "not" has not flipped the polarity. (forms that negate alone, {particle:
# forms that negate with the particle a few words after them}, {form: the next words with
# which it makes an idiom that asserts}.)
NEGATIVE_IMPLICATIVES = (
    "refuse refuses refused refusing deny denies denied denying fail fails failed failing "
    "without unable lack lacks lacked lacking",
    {
        "from": "prevent prevents prevented preventing bar bars barred barring ban bans banned banning "
                "stop stops stopped stopping keep keeps kept keeping dissuade dissuades dissuaded dissuading "
                "deter deters deterred deterring prohibit prohibits prohibited prohibiting",
        "since": "first",
    },
    # idioms that assert: "without doubt", "without fail", "without question"
    {"without": "doubt fail question"},
)
SUBJECT_PRONOUNS = "i you he she it we they"

# Names (drift.score.detectors.name_variant): capitalised words that are no names (sentence-
# opening function words, pronouns and honorifics: closed classes of the grammar), and roles
# and titles by meaning (never part of a name; what the entity detector compares when the
# same person holds a different role on the two sides).
NOT_NAMES = frozenset("""
    a an the this that these those it its he she they we i you his her their our my your
    there here what which who whom whose when where while why how whatever if as and but or
    nor so yet for in on at to of from by with without about after before during since
    until under over into onto against among between through despite according also
    however although though even only not no yes all some any each every both either
    neither many most more such other another then thus still meanwhile moreover instead
    mr mrs ms miss dr prof sir madam messrs jr sr gen col lt sgt st
    """.split())
ROLES = {
    "spokesperson": "spokesperson spokesman spokeswoman",
    "president": "president",
    "prime_minister": "premier",
    "minister": "minister",
    "professor": "professor",
    "researcher": "researcher scientist",
    "expert": "expert experts analyst specialist",
    "director": "director head chief manager managers",
    "secretary": "secretary",
    "governor": "governor",
    "leader": "leader",
    "ambassador": "ambassador",
    "general": "general",
    "diplomat": "diplomat",
    "advisor": "advisor adviser",
    "journalist": "journalist reporter",
    "mayor": "mayor",
    "prosecutor": "prosecutor",
    "judge": "judge",
    "commander": "commander",
}

# Capitalised adjectives of nationality and the country each names (drift.score.detectors.
# name_variant: "the French presidency" and "France" name one entity), countries as in the
# name detector's exonym groups.
DEMONYMS = {
    "french": "france", "british": "united kingdom", "american": "united states", "russian": "russia",
    "chinese": "china", "japanese": "japan", "german": "germany", "dutch": "netherlands",
    "belgian": "belgium", "spanish": "spain", "italian": "italy", "swiss": "switzerland",
    "austrian": "austria", "greek": "greece", "swedish": "sweden", "norwegian": "norway",
    "danish": "denmark", "polish": "poland", "hungarian": "hungary", "ukrainian": "ukraine",
    "turkish": "turkey", "lebanese": "lebanon", "egyptian": "egypt", "israeli": "israel",
    "iranian": "iran", "iraqi": "iraq", "syrian": "syria", "saudi": "saudi arabia",
    "indian": "india", "brazilian": "brazil", "mexican": "mexico", "canadian": "canada",
}

# Points of the compass (drift.score.detectors.direction): word -> the points it names.
DIRECTIONS = {
    **dict.fromkeys(("north", "northern", "northward", "northwards", "northbound"), "n"),
    **dict.fromkeys(("south", "southern", "southward", "southwards", "southbound"), "s"),
    **dict.fromkeys(("east", "eastern", "eastward", "eastwards", "eastbound"), "e"),
    **dict.fromkeys(("west", "western", "westward", "westwards", "westbound"), "w"),
    **dict.fromkeys(("north-east", "northeast", "north-eastern", "northeastern"), "ne"),
    **dict.fromkeys(("north-west", "northwest", "north-western", "northwestern"), "nw"),
    **dict.fromkeys(("south-east", "southeast", "south-eastern", "southeastern"), "se"),
    **dict.fromkeys(("south-west", "southwest", "south-western", "southwestern"), "sw"),
}
