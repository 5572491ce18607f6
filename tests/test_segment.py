"""Sentence segmentation: offsets, per-language rules, and the example story."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from drift import ingest
from drift.segment import SUPPORTED_LANGUAGES, segment, split_sentences

DATA = Path(__file__).resolve().parent / "data"  # excerpts of ../shared (tests/data/README.md)
EXAMPLE = ingest.example_story_path()
NBSP, NNBSP = "\u00a0", "\u202f"


def sentences(text: str, language: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text, language)]


def example_line(version: str, starts_with: str) -> str:
    text = (EXAMPLE / f"{version}.txt").read_text(encoding="utf-8")
    return next(line for line in text.splitlines() if line.startswith(starts_with))


# (rule, language, text, expected sentences). Sentences from the example story are quoted
# exactly; the rest are REFreSD (French side), Text+Berg or written news sentences.
CASES = [
    # titles and honorifics
    ("title Mr.", "en", "He had already met Mr. Putin during his previous trip abroad, to "
     "Vladivostok in 2019. Mr. Kim is expected to meet him in the coming days.",
     ["He had already met Mr. Putin during his previous trip abroad, to Vladivostok in 2019.",
      "Mr. Kim is expected to meet him in the coming days."]),
    ("title MM.", "en", example_line("v000", "His spokesperson, Dmitri Peskov"), None),
    ("ranks", "en", "Gen. Mark Milley met Gov. Gavin Newsom, Sen. Jon Tester and Dr. Anthony "
     "Fauci on Tuesday. They spoke for an hour.",
     ["Gen. Mark Milley met Gov. Gavin Newsom, Sen. Jon Tester and Dr. Anthony Fauci on Tuesday.",
      "They spoke for an hour."]),
    ("company", "en", "Samsung Electronics Co. Ltd. said profits fell. Apple Inc. Chief "
     "Executive Tim Cook declined to comment.",
     ["Samsung Electronics Co. Ltd. said profits fell.",
      "Apple Inc. Chief Executive Tim Cook declined to comment."]),
    # initials
    ("initial", "en", example_line("v000", "For Siemon T. Wezeman"), None),
    ("initials spaced", "fr",
     "AVEC NOTES COMPLÉMENTAIRES SUR LES ANNÉES PRÉCÉDENTES PAR G. O. DYHRENFURTH", None),
    ("initials Tolkien", "en", "J. R. R. Tolkien wrote The Hobbit. It appeared in 1937.",
     ["J. R. R. Tolkien wrote The Hobbit.", "It appeared in 1937."]),
    # dotted abbreviations
    ("U.S. President", "en", "He has also employed his personal train for meetings with Putin, "
     "Chinese President Xi Jinping, and former U.S. President Donald Trump, symbolizing his "
     "family’s dynastic rule.", None),
    ("U.N. and U.S.-led", "en", "Both Russia and China have thwarted U.S.-led efforts at the "
     "U.N. Security Council to intensify sanctions against North Korea.", None),
    ("p.m.", "en", "The train had not crossed the bridge as of 7 p.m. local time (1000 GMT). "
     "Reporters waited.",
     ["The train had not crossed the bridge as of 7 p.m. local time (1000 GMT).",
      "Reporters waited."]),
    ("e.g.", "en", "Some shells, e.g. Soviet-era ones, are scarce. Others, i.e. rockets, "
     "are not.",
     ["Some shells, e.g. Soviet-era ones, are scarce.", "Others, i.e. rockets, are not."]),
    ("av. J.-C.", "fr", "La mise au jour à Tehuacán, dans la région mexicaine de Puebla, de "
     "metates datant du VIIe millénaire av. J.-C. permet de penser qu'on consommait "
     "peut-être déjà des tortillas à cette époque.", None),
    # numbers after abbreviations, decimals and times
    ("No. 5", "en", "He was ranked No. 5 in the world. He retired in 2019.",
     ["He was ranked No. 5 in the world.", "He retired in 2019."]),
    ("Sept.", "en", "NOTE: Further details were added to this report on Sept. 12, 2023.", None),
    ("answer no", "en", "The answer was no. Nobody asked again.",
     ["The answer was no.", "Nobody asked again."]),
    ("time", "en", example_line("v003", "KCNA footage showed"), None),
    ("decimals", "en", "Growth was 3.5 percent, or 1,000.5 tons. Prices rose 18:30 minutes "
     "later.", ["Growth was 3.5 percent, or 1,000.5 tons.", "Prices rose 18:30 minutes later."]),
    ("decimal comma", "nl", "De inflatie steeg met 3,5 %. Daarna daalde ze weer.",
     ["De inflatie steeg met 3,5 %.", "Daarna daalde ze weer."]),
    ("unit m.", "fr", "L'observatoire est un télescope de type Cassegrain de 2,6 m. "
     "L'observatoire possède également un télescope solaire.",
     ["L'observatoire est un télescope de type Cassegrain de 2,6 m.",
      "L'observatoire possède également un télescope solaire."]),
    ("German ordinal", "de", "Am 7. Juli erreichten sie den Gipfel. Dr. Toni Hiebeler "
     "bestätigte es.",
     ["Am 7. Juli erreichten sie den Gipfel.", "Dr. Toni Hiebeler bestätigte es."]),
    ("spaced z. B.", "de", "Ähnlich ging es später z. B. mit dem Riesen-Panda. Das war neu.",
     ["Ähnlich ging es später z. B. mit dem Riesen-Panda.", "Das war neu."]),
    ("year", "en", "He was born in 1956. He left in 1999.",
     ["He was born in 1956.", "He left in 1999."]),
    ("list number", "en", "1. Introduction", None),
    ("etc. before capital", "en", "They need shells, rockets, food, etc. The talks go on.",
     ["They need shells, rockets, food, etc.", "The talks go on."]),
    ("etc. before lower case", "fr", "médaille de la Vierge , etc. et ils restèrent une heure "
     "au sommet .", None),
    # quotes: the closing quote belongs to the sentence it closes
    ("curly quote", "en", example_line("v001", "“Obviously, as neighbours"),
     ["“Obviously, as neighbours, our countries also co-operate in sensitive areas that should "
      "not be the subject of public disclosure and announcements.",
      "This is perfectly normal for neighbouring states,” Mr Peskov said."]),
    ("quote closes", "en", "Wezeman said “it is entirely credible that North Korea has "
     "significant stocks of munitions.” Such an agreement would be a violation.",
     ["Wezeman said “it is entirely credible that North Korea has significant stocks of "
      "munitions.”", "Such an agreement would be a violation."]),
    ("straight quotes", "en", 'He said: "It is over." Then he left. \'Really.\' Yes.',
     ['He said: "It is over."', "Then he left.", "'Really.'", "Yes."]),
    ("quote then period", "en", "According to Peskov, the leaders will “cooperate in sensitive "
     "areas that will not be made public”. KCNA footage showed the train.",
     ["According to Peskov, the leaders will “cooperate in sensitive areas that will not be "
      "made public”.", "KCNA footage showed the train."]),
    ("guillemets NBSP", "fr", f"«{NBSP}Une visite de ce niveau est un bon message.{NBSP}» Le "
     "Kremlin n'a pas précisé la date.",
     [f"«{NBSP}Une visite de ce niveau est un bon message.{NBSP}»",
      "Le Kremlin n'a pas précisé la date."]),
    ("guillemets narrow NBSP", "fr", f"Il a dit{NNBSP}: «{NNBSP}C'est fini{NNBSP}!{NNBSP}» "
     "Puis il est parti.", [f"Il a dit{NNBSP}: «{NNBSP}C'est fini{NNBSP}!{NNBSP}»",
                            "Puis il est parti."]),
    ("guillemet question, lower case", "fr", f"«{NBSP}Pourquoi maintenant{NBSP}?{NBSP}» a "
     "demandé le journaliste.", None),
    ("Dutch quotes", "nl", "„Dit is een goed signaal voor onze betrekkingen.” Dat zei dhr. "
     "Peskov dinsdag.", ["„Dit is een goed signaal voor onze betrekkingen.”",
                         "Dat zei dhr. Peskov dinsdag."]),
    ("German quotes", "de", "Er sagte: „Das ist gut.“ Dann ging er. »Wir kommen.« Sie kamen.",
     ["Er sagte: „Das ist gut.“", "Dann ging er.", "»Wir kommen.«", "Sie kamen."]),
    # per-language abbreviations
    ("French titles", "fr", "Selon M. Macron, MM. Poutine et Kim ont reçu Mme Martin et "
     "Mlle Dupont. Le Dr Durand, p. ex., n'est pas venu.",
     ["Selon M. Macron, MM. Poutine et Kim ont reçu Mme Martin et Mlle Dupont.",
      "Le Dr Durand, p. ex., n'est pas venu."]),
    ("Dutch titles", "nl", "Volgens mevr. Jansen en dhr. De Vries, o.a. bekend van de krant, "
     "is het bezoek bijv. belangrijk. Mr. A. de Groot en drs. P. Bakker, d.w.z. de advocaten, "
     "spreken nl. Engels. Prof. Ir. Smit blijft ca. drie dagen, enz. Het bezoek is kort.",
     ["Volgens mevr. Jansen en dhr. De Vries, o.a. bekend van de krant, is het bezoek bijv. "
      "belangrijk.", "Mr. A. de Groot en drs. P. Bakker, d.w.z. de advocaten, spreken nl. Engels.",
      "Prof. Ir. Smit blijft ca. drie dagen, enz.", "Het bezoek is kort."]),
    ("Spanish titles", "es", "El Sr. García habló con la Dra. López. La reunión fue breve.",
     ["El Sr. García habló con la Dra. López.", "La reunión fue breve."]),
    ("St.", "fr", "Il fonde l'église St. John's à Terre-Neuve. Elle ferme en 1900.",
     ["Il fonde l'église St. John's à Terre-Neuve.", "Elle ferme en 1900."]),
    # ellipses
    ("elision", "en", example_line("v000", "“A visit of this level"), None),
    ("elision dots", "fr", "Il a dit que (...) les Russes sont venus [...] hier.", None),
    ("elision before a capital", "en", "“A visit of this level is a good message (…) North "
     "Korea is our neighbour [...] Moscow agrees,” he said.", None),
    ("ellipsis ends", "en", "He hesitated... Then he spoke… Nobody listened.",
     ["He hesitated...", "Then he spoke…", "Nobody listened."]),
    # question and exclamation marks, lower case after a mark
    ("question", "en", "What can North Korea offer Russia? At the beginning of September, "
     "Washington spoke. Stop! Really?! yes.",
     ["What can North Korea offer Russia?", "At the beginning of September, Washington spoke.",
      "Stop!", "Really?! yes."]),
    ("lower case next", "en", "The talks ended. and then nothing happened.", None),
    # datelines
    ("dateline (city)", "en", example_line("v000", "(Moscow)"), None),
    ("dateline agency", "en", "MOSCOW (Reuters) - North Korean leader Kim Jong Un has arrived "
     "in Russia. He will meet Putin.",
     ["MOSCOW (Reuters) - North Korean leader Kim Jong Un has arrived in Russia.",
      "He will meet Putin."]),
    ("dateline capitals", "fr", "PARIS. – Le président est arrivé. Il a parlé.",
     ["PARIS. – Le président est arrivé.", "Il a parlé."]),
    # lines: every line break ends a sentence; headlines have no final mark
    ("headline lines", "en", "Kim Jong-un in Russia for talks with Vladimir Putin\nKim Jong-un "
     "was in Russia on Tuesday night.\n\nArmaments\nHis spokesperson spoke.",
     ["Kim Jong-un in Russia for talks with Vladimir Putin",
      "Kim Jong-un was in Russia on Tuesday night.", "Armaments", "His spokesperson spoke."]),
    ("abbreviation at line end", "en", "He now lives in the U.S.\r\nThe next line.",
     ["He now lives in the U.S.", "The next line."]),
    ("bullets", "en",
     "  • Reuters with additional reporting\n- first point. Second.\n* third\n– fourth",
     ["• Reuters with additional reporting", "- first point.", "Second.", "* third",
      "– fourth"]),
    # other scripts
    ("Chinese", "zh", "金正恩抵达俄罗斯。他将会见普京！会谈何时举行？",
     ["金正恩抵达俄罗斯。", "他将会见普京！", "会谈何时举行？"]),
    ("Japanese quotes", "ja", "「会談は近い。」プーチン氏が述べた。",
     ["「会談は近い。」", "プーチン氏が述べた。"]),
    ("Korean", "ko", "김정은이 러시아에 도착했다. 그는 푸틴을 만날 것이다.",
     ["김정은이 러시아에 도착했다.", "그는 푸틴을 만날 것이다."]),
    ("Russian", "ru", "Ким Чен Ын прибыл в Россию. Он встретится с Путиным.",
     ["Ким Чен Ын прибыл в Россию.", "Он встретится с Путиным."]),
    ("generic Polish", "pl", "Dr. Kowalski przyjechał wczoraj. Spotkał się z prezydentem.",
     ["Dr. Kowalski przyjechał wczoraj.", "Spotkał się z prezydentem."]),
]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_rule(language, text, expected):
    assert sentences(text, language) == (expected if expected is not None else [text.strip()])


def check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    """Ordered, non-overlapping, trimmed, and every non-whitespace character in one span."""
    covered = [False] * len(text)
    previous = 0
    for start, end in spans:
        assert previous <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        covered[start:end] = [True] * (end - start)
        previous = end
    assert all(covered[i] or ch.isspace() for i, ch in enumerate(text))


def example_texts() -> list[tuple[str, str]]:
    paths = sorted(EXAMPLE.glob("v*.txt"))
    return [(path.stem, path.read_text(encoding="utf-8")) for path in paths]


@pytest.mark.parametrize(("name", "text"), example_texts())
@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_spans_cover_the_example(name, text, line_end):
    text = text.replace("\n", line_end)
    check_spans(text, split_sentences(text, "en"))


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\n\n\r\n", "a", "...", "。", " x. Y ", "U.S.", "« »", "•", "\u2028A.\u2029B."],
)
@pytest.mark.parametrize("language", ["en", "fr", "nl", "de", "zh", "xx"])
def test_spans_cover_edge_cases(text, language):
    check_spans(text, split_sentences(text, language))


def test_supported_languages():
    assert {"en", "fr", "nl", "de", "es", "it", "pt"} <= SUPPORTED_LANGUAGES
    assert "zh" not in SUPPORTED_LANGUAGES  # generic rules, still segmented (see CASES)


def test_segment_the_example_story():
    story = ingest.load_example()
    segmented = segment(story)
    assert all(v.sentences == () for v in story.versions)  # a new Story, the input untouched
    counts = {}
    for version in segmented.versions:
        assert [s.index for s in version.sentences] == list(range(len(version.sentences)))
        for s in version.sentences:
            assert s.version == version.id
            assert version.text[s.start : s.end] == s.text
        check_spans(version.text, [(s.start, s.end) for s in version.sentences])
        counts[version.id] = (len(version.content_sentences), len(version.sentences))
    # (content, all) sentences per version, each checked by reading the texts.
    assert counts == {
        "v000": (64, 66), "v001": (26, 28), "v002": (41, 55), "v003": (30, 30), "v004": (51, 51),
    }


def french_refresd_sentences() -> list[str]:
    path = DATA / "refresd" / "dev.tsv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r["french"].strip() for r in rows if r["french"].strip()[-1:] in ".!?"]


def test_refresd_french_boundaries_are_recovered():
    """Sentences of REFreSD's French side, joined by spaces eight at a time, split back."""
    found = expected = spurious = 0
    gold_sentences = french_refresd_sentences()
    for i in range(0, len(gold_sentences), 8):
        group = gold_sentences[i : i + 8]
        text = " ".join(group)
        gold, position = set(), 0
        for sentence in group[:-1]:
            position += len(sentence)
            gold.add(position)
            position += 1
        predicted = {end for _, end in split_sentences(text, "fr")[:-1]}
        found += len(gold & predicted)
        expected += len(gold)
        spurious += len(predicted - gold)
    # Measured: 469 of 469 found, 5 extra cuts, all true sentence ends inside one REFreSD line.
    assert found == expected
    assert spurious <= 5


def test_a_one_megabyte_line_is_cut_into_bounded_pieces():
    """A 1 MB line with no sentence mark becomes pieces of at most MAX_SENTENCE_CHARS cut at
    spaces, so every later stage sees sentences of bounded length."""
    from drift.segment import MAX_SENTENCE_CHARS

    words = " ".join((EXAMPLE / "v000.txt").read_text(encoding="utf-8").split())
    words = re.sub(r"[.!?…]", "", words)
    text = ((words + " ") * (1_000_000 // len(words) + 1))[:1_000_000].strip()
    spans = split_sentences(text, "en")
    assert len(spans) >= 1_000_000 // MAX_SENTENCE_CHARS
    assert max(end - start for start, end in spans) <= MAX_SENTENCE_CHARS
    check_spans(text, spans)
    assert all(text[end].isspace() for _, end in spans[:-1])  # cut at spaces, words kept whole


MIXED = (
    "Le président est arrivé à Moscou mardi pour des entretiens avec son homologue.\n"
    "He said the visit would strengthen ties between the two countries.\n"
    "Les discussions ont duré trois heures et se sont terminées sans déclaration commune.\n"
    "Le porte-parole a refusé de commenter les détails de la rencontre.\n"
)
ENGLISH = (
    "The president arrived in Moscow on Tuesday for talks with his counterpart.\n"
    "He said the visit would strengthen ties between the two countries.\n"
    "The talks lasted three hours and ended without a joint statement.\n"
)


def test_a_version_mixing_languages_gets_each_sentence_s_own():
    story = segment(ingest.story_from_texts({"mixed": MIXED, "en": ENGLISH}))
    mixed, english = story.versions
    assert mixed.language == "fr"  # the version keeps its main language
    assert [s.language for s in mixed.sentences] == [None, "en", None, None]
    assert mixed.sentences[1].to_dict()["language"] == "en" and "language" not in mixed.sentences[0].to_dict()
    assert all(s.language is None for s in english.sentences)


def test_the_example_story_has_no_sentence_in_another_language():
    story = segment(ingest.load_example())
    assert [s.text for v in story.versions for s in v.sentences if s.language] == []


def test_a_pair_reads_a_mixed_version_s_sentence_in_its_own_language(encoder, tmp_path):
    """chrF/BLEU between the English sentence of a French version and its English version;
    the report and its dataset export say which language each side was read in."""
    import json

    import jsonschema

    from drift.export import to_pandas
    from drift.pipeline import analyze
    from drift.report.json import schema

    report = analyze(ingest.story_from_texts({"mixed": MIXED, "en": ENGLISH}), encoder=encoder)
    data = report.to_dict()
    jsonschema.validate(json.loads(json.dumps(data)), schema())
    (pair,) = [p for p in data["pairs"] if p["a"]["sentences"] == [1]]
    assert pair["a"]["language"] == "en" and pair["metrics"]["chrf"] == 100.0
    others = [p for p in data["pairs"] if p["a"]["sentences"] != [1]]
    assert others and all(p["metrics"]["chrf"] is None and "language" not in p["a"] for p in others)
    rows = to_pandas(report, "pairs")
    assert sorted(rows["language_a"]) == sorted(["en"] + ["fr"] * len(others))
    assert list(to_pandas(report, "sentences")["language"])[:4] == ["fr", "en", "fr", "fr"]
