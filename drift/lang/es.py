"""Spanish: abbreviations."""

ABBREVIATIONS = frozenset(
    "sr sra srta sres dr dra lic ing arq prof ud uds vd vds etc pág págs núm av avda "
    "gral cnel tte cap ej aprox dpto depto excmo excma ilmo sto sta".split()
)
NUMBERED_ABBREVIATIONS = frozenset("ene feb mar abr may jun jul ago sep sept set oct nov dic".split())
# Abbreviations that usually close an enumeration, and so end a sentence before a capital.
SENTENCE_FINAL_ABBREVIATIONS = frozenset({"etc"})
