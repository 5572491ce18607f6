"""Headings join the unit of the paragraph they head (drift.align.story.headings)."""

from __future__ import annotations

import numpy as np
import pytest

from drift.align.story.calibration import load_link_model
from drift.align.story.clustering import average_linkage
from drift.align.story.headings import is_heading, is_title, join_headings, version_headings


@pytest.mark.parametrize(
    "text, heading",
    [
        ("« Comme Hiroshima »", True),
        ("Officials under house arrest", True),
        ("- Pluie de dons -", True),
        ("'Het lijkt Hiroshima wel'", True),
        ("Storm of stuurfout?", False),  # a question reads as a sentence
        ("The governor said half of Beirut was destroyed.", False),
        ("« C'est une catastrophe nationale », a-t-il déclaré.", False),
        ('"It is a national catastrophe," he declared, "a disaster."', False),
        ("a line without a stop that runs on for far too many words to be any heading of a news article", False),
    ],
)
def test_a_heading_is_a_short_line_without_a_sentence_mark(text: str, heading: bool) -> None:
    assert is_heading(text, 3) is heading
    assert not is_heading(text, 0)  # a version's first line is its title


def test_a_version_without_sentence_marks_has_no_headings() -> None:
    """Subheads among sentences are headings; in a text stripped of its punctuation every
    line would be one, and none is."""
    story = ["Blast in Beirut", "At least 113 people died.", "Like Hiroshima", "The governor wept.", "He compared it to Hiroshima."]
    assert version_headings(story).tolist() == [False, False, True, False, False]
    stripped = [t.rstrip(".") for t in story]
    assert not version_headings(stripped).any()


def test_a_title_is_the_first_line_without_a_sentence_mark() -> None:
    assert is_title("Beirut port explosion: at least 113 dead, ammonium nitrate blamed, port officials under house arrest", 0)
    assert not is_title("BEIRUT (Reuters) - At least 113 people were killed on Tuesday.", 0)  # no title: the lead
    assert not is_title("Officials under house arrest", 4)


def test_titles_group_only_with_titles() -> None:
    """Two titles and two leads that all link strongly: the titles form one unit and the
    leads another, instead of one unit of four."""
    sure = np.array([[0.9, 0.8], [0.8, 0.9]])
    prob = {(0, 1): sure}
    titles = [np.array([True, False]), np.array([True, False])]
    assert average_linkage([2, 2], prob, threshold=0.4, max_per_version=3) == [[(0, 0), (0, 1), (1, 0), (1, 1)]]
    assert average_linkage([2, 2], prob, threshold=0.4, max_per_version=3, apart=titles) == [
        [(0, 0), (1, 0)], [(0, 1), (1, 1)]
    ]


@pytest.fixture(scope="module")
def versions(encoder):
    """Two versions, each with a heading over a paragraph: the English heading names the
    fact of the paragraph below it, the French one a fact the paragraph does not tell."""
    en = ["Beirut blast kills 113", "Like Hiroshima", '"This reminds me of Hiroshima and Nagasaki," the governor of Beirut added.',
          "Firefighters worked through the night."]
    fr = ["L'explosion de Beyrouth fait 113 morts", "Élan de solidarité", "« Cela me rappelle Hiroshima et Nagasaki », a ajouté le gouverneur de Beyrouth.",
          "Les pompiers ont travaillé toute la nuit."]
    out = []
    for texts in (en, fr):
        vectors = np.asarray(encoder.encode_sentences(texts))
        out.append((np.array([is_heading(t, k) for k, t in enumerate(texts)]), vectors))
    return out


def test_a_heading_joins_the_unit_of_the_paragraph_it_heads(versions) -> None:
    headings, vectors = zip(*versions)
    threshold = load_link_model().heading_threshold
    # the two quotes form a unit, the two night shifts another; the headings are alone
    clusters = [[(0, 2), (1, 2)], [(0, 3), (1, 3)], [(0, 1)], [(1, 1)]]
    cosine_en = float(vectors[0][1] @ vectors[0][2])
    cosine_fr = float(vectors[1][1] @ vectors[1][2])
    assert cosine_en >= threshold > cosine_fr  # the English heading reads like its paragraph, the French not
    joined = join_headings(clusters, headings, vectors, threshold, max_per_version=3)
    assert [(0, 1), (0, 2), (1, 2)] in joined  # "Like Hiroshima" joined the quote's unit
    assert [(1, 1)] in joined  # "Élan de solidarité" heads no paragraph of that fact: alone
    assert [(0, 3), (1, 3)] in joined


def test_a_group_of_headings_joins_the_unit_they_head_within_max_per_version(versions) -> None:
    headings, vectors = zip(*versions)
    clusters = [[(0, 2), (1, 2)], [(0, 3), (1, 3)], [(0, 1), (1, 1)]]
    # with no threshold to pass, what decides is that both headings head the quote's unit
    joined = join_headings(clusters, headings, vectors, threshold=-1.0, max_per_version=3)
    assert [(0, 1), (0, 2), (1, 1), (1, 2)] in joined
    # the unit may not take a second sentence of a version beyond max_per_version
    assert join_headings(clusters, headings, vectors, threshold=-1.0, max_per_version=1) == sorted(
        sorted(c) for c in clusters
    )


def test_headings_never_join_a_sentence_alone(versions) -> None:
    """Only units of two or more versions are joined: a heading and a sentence no other
    version carries stay apart (the heading would make a unit of one version)."""
    headings, vectors = zip(*versions)
    clusters = [[(0, 1)], [(0, 2)], [(0, 3)], [(1, 1)], [(1, 2)], [(1, 3)]]
    assert join_headings(clusters, headings, vectors, threshold=-1.0, max_per_version=3) == sorted(clusters)


def test_a_pair_compares_the_paragraph_not_the_heading_that_restates_it(encoder) -> None:
    """A unit holds a heading and the paragraph it heads in one version, the paragraph
    alone in another: the pair's sides are the two paragraphs (the heading's words are
    no omission from the other version); a version with only its heading keeps it."""
    from drift.ingest import make_story, make_version
    from drift.pipeline import segment, sentence_vectors, unit_pairs
    from drift.types import Unit

    story = segment(make_story("beirut", [
        make_version("en", 'Blast in Beirut\nLike Hiroshima\n"This reminds me of Hiroshima and Nagasaki," the governor added.', language="en"),
        make_version("fr", "Explosion à Beyrouth\n« Cela me rappelle Hiroshima et Nagasaki », a ajouté le gouverneur.", language="fr"),
        make_version("nl", "Explosie in Beiroet\nHet lijkt Hiroshima wel", language="nl"),
    ]))
    units = [Unit(0, {"en": (1, 2), "fr": (1,), "nl": (1,)})]
    pairs = unit_pairs(story, units, sentence_vectors(story, encoder))
    sides = {(p.a.version, p.b.version): (p.a, p.b) for p in pairs}
    en, fr = sides[("en", "fr")]
    assert [s.index for s in en.sentences] == [2] and en.text.startswith('"This reminds me')
    assert [s.index for s in fr.sentences] == [1]
    _, nl = sides[("en", "nl")]
    assert nl.text == "Het lijkt Hiroshima wel"  # a heading alone is its version's side


def test_the_versions_titles_form_one_unit(encoder) -> None:
    """Titles worded too freely to link (mean link probability 0.03 here) still name one
    story: they are compared together, and never with the leads below them."""
    from drift.ingest import story_from_texts
    from drift.pipeline import analyze

    story = story_from_texts(
        {
            "a": "Suez Canal reopens as salvage teams free giant container ship Ever Given\n\n"
                 "Salvage teams freed the giant container ship Ever Given on Monday, reopening the Suez Canal.\n",
            "b": "‘We hebben hem los!’: Nederlandse bergers trekken Ever Given vlot\n\n"
                 "Bergers hebben het containerschip Ever Given maandag losgetrokken; het Suezkanaal is weer open.\n",
            "c": "Canal de Suez : l’Ever Given enfin remis à flot, le trafic reprend\n\n"
                 "Les sauveteurs ont dégagé lundi le porte-conteneurs géant Ever Given et rouvert le canal de Suez.\n",
        },
        languages={"a": "en", "b": "nl", "c": "fr"},
    )
    report = analyze(story, encoder=encoder, progress=False)
    units = {tuple(sorted(u.members.items())) for u in report.units}
    assert (("a", (0,)), ("b", (0,)), ("c", (0,))) in units
    assert all(len({i for _, ids in u for i in ids}) == 1 for u in units)  # titles apart from leads
