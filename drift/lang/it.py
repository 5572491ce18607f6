"""Italian: abbreviations."""

ABBREVIATIONS = frozenset(
    "sig sigg dott prof avv ing arch on sen dr ecc pag pagg es tel cav geom rag mons "
    "gen".split()
)
NUMBERED_ABBREVIATIONS = frozenset("gen feb mar apr mag giu lug ago set ott nov dic".split())
# Abbreviations that usually close an enumeration, and so end a sentence before a capital.
SENTENCE_FINAL_ABBREVIATIONS = frozenset({"ecc"})
