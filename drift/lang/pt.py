"""Portuguese: abbreviations."""

ABBREVIATIONS = frozenset(
    "sr sra srta dr dra prof profa eng arq etc pág págs núm av ex gen cel ten sto sta "
    "exmo exma".split()
)
NUMBERED_ABBREVIATIONS = frozenset("jan fev mar abr mai jun jul ago set out nov dez".split())
# Abbreviations that usually close an enumeration, and so end a sentence before a capital.
SENTENCE_FINAL_ABBREVIATIONS = frozenset({"etc"})
