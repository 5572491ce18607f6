"""Boilerplate marking: each rule on real lines, and the example story's web cruft."""

from __future__ import annotations

import pytest

from drift import ingest
from drift.boilerplate import RULES, mark_boilerplate, rules_for
from drift.errors import InputError
from drift.segment import segment, split_sentences

EXAMPLE = ingest.example_story_path()

BODY_EN = (
    "North Korean leader Kim Jong Un has arrived in the Russian Far East for talks with "
    "Vladimir Putin. The Kremlin said Kim would meet the president this week."
)
BODY_FR = (
    "Le dirigeant nord-coréen Kim Jong-un est arrivé mardi en Russie pour rencontrer "
    "Vladimir Poutine. Le Kremlin n'a pas précisé la date de la rencontre."
)
BODY_NL = (
    "De Noord-Koreaanse leider Kim Jong Un is dinsdag in Rusland aangekomen voor een "
    "ontmoeting met Poetin. Het Kremlin heeft de datum niet bekendgemaakt."
)
BODY_DE = (
    "Der nordkoreanische Machthaber Kim Jong Un ist am Dienstag in Russland eingetroffen. "
    "Er will Präsident Wladimir Putin treffen."
)
BODIES = {"en": BODY_EN, "fr": BODY_FR, "nl": BODY_NL, "de": BODY_DE}
# A second paragraph per language (a repeated paragraph would be marked as a repeat).
MORE = {
    "en": "Washington fears that Russia will obtain weapons from North Korea. Seoul agrees.",
    "fr": "Washington craint que la Russie obtienne des armes de la Corée du Nord. Séoul aussi.",
    "nl": "Washington vreest dat Rusland wapens krijgt van Noord-Korea. Seoul ook.",
    "de": "Washington befürchtet, dass Russland Waffen aus Nordkorea erhält. Seoul auch.",
}


def marked(text: str, language: str) -> list[tuple[str, bool]]:
    spans = split_sentences(text, language)
    flags = mark_boilerplate(text, spans, language)
    return [(text[start:end], flag) for (start, end), flag in zip(spans, flags)]


def boilerplate_lines(text: str, language: str) -> list[str]:
    return [sentence for sentence, flag in marked(text, language) if flag]


# (rule, language, a line that is boilerplate) placed inside an article, between body text.
LINES = [
    ("search box", "en", "Type to search"),
    ("search box", "en", "Search"),
    ("search box", "fr", "Rechercher"),
    ("search box", "nl", "Zoeken"),
    ("search box", "de", "Suche"),
    ("search prompt", "en", "Search news, topics and people"),
    ("search prompt", "en", "Type your search and press Enter"),
    ("search prompt", "nl", "Zoeken in het nieuws"),
    ("search prompt", "fr", "Rechercher dans les actualités"),
    ("share buttons", "en", "Share this article: Facebook | Twitter | WhatsApp | Email"),
    ("share buttons", "nl", "Deel dit artikel: Facebook · Twitter · WhatsApp"),
    ("share buttons", "fr", "Partager sur Facebook, Twitter ou LinkedIn"),
    ("share buttons", "en", "Share: Facebook Twitter Email"),
    ("share button", "nl", "Deel op Facebook"),
    ("share article", "fr", "Partager cet article"),
    ("follow us", "fr", "Suivez-nous sur Twitter"),
    ("follow us", "nl", "Volg ons op Twitter"),
    ("newsletter", "en", "Get our morning newsletter"),
    ("update note", "fr", "Cet article a été mis à jour mardi."),
    ("update note", "nl", "Dit artikel is bijgewerkt met de laatste cijfers."),
    ("update note", "de", "Dieser Artikel wurde aktualisiert."),
    ("newsletter", "nl", "Schrijf je in voor onze nieuwsbrief en ontvang elke ochtend het "
     "belangrijkste buitenlandnieuws."),
    ("contributors", "en", "Global Press writers Lena Haddad in Cairo and Joost Verhagen in "
     "Amsterdam contributed to this report."),
    ("credit via", "en", "(Suez Canal Authority via Global Press)"),
    ("see also", "en", "ALSO SEE:\u00a0US ‘Weather Weapon’, AI in New Phase of Disinformation – NYT"),
    ("read more", "en", "READ MORE: North Korea Hackers Targeted Crypto in US Tech Firm Attack"),
    ("lire aussi", "fr", "Lire aussi\u00a0: Kim Jong-un en Russie, un voyage sous haute surveillance"),
    ("à lire aussi", "fr", "À lire aussi : Pyongyang promet un soutien total à Moscou"),
    ("lees ook", "nl", "Lees ook: Poetin ontvangt Kim in Vladivostok"),
    ("lesen Sie auch", "de", "Lesen Sie auch: Kim Jong Un reist im Panzerzug nach Russland"),
    ("see also in English on a French page", "fr", "READ MORE: Kim in Russia"),
    ("photo credit", "en", "PHOTO ALEXANDER ZEMLIANICHENKO, ASSOCIATED PRESS"),
    ("photo credit label", "en", "Photo: Reuters/Sputnik/Vladimir Smirnov"),
    ("photo credit label", "fr", "Crédit photo : AFP"),
    ("photo credit label", "nl", "Foto: ANP"),
    ("photograph label", "en", "Photograph: staff photographer / Wire Images"),
    ("agency alone", "en", "AFP"),
    ("agency alone", "fr", "(avec AFP)"),
    ("agency alone", "nl", "ANP"),
    ("agencies", "de", "dpa/AFP"),
    ("wire credits", "en", "  • Reuters with additional reporting and editing by Jim Pollard"),
    ("wire credits", "en", "(Reporting by Guy Faulconbridge; Editing by Alex Richardson)"),
    ("byline", "en", "By Jim Pollard"),
    ("byline", "en", "By Jim Pollard, Reuters"),
    ("byline", "fr", "Par Jean-Paul Dubois"),
    ("byline", "nl", "Door Jan de Vries"),
    ("byline", "nl", "Door onze correspondent"),
    ("byline", "de", "Von Anna Schmidt, Moskau"),
    ("editor's note", "en", "NOTE: Further details were added to this report on Sept 12, 2023."),
    ("editor's note", "fr", "Note de la rédaction : cet article a été mis à jour mardi."),
    ("editor's note", "nl", "Noot van de redactie: dit artikel is aangepast."),
    ("editor's note", "de", "Anmerkung der Redaktion: Der Artikel wurde aktualisiert."),
    ("copyright", "en", "© 2023 Agence France-Presse"),
    ("rights", "fr", "Tous droits réservés."),
    ("page furniture", "en", "Advertisement"),
    ("page furniture", "fr", "Publicité"),
    ("page furniture", "nl", "Advertentie"),
    ("page furniture", "de", "Anzeige"),
]


@pytest.mark.parametrize(("language", "line"), [c[1:] for c in LINES], ids=[c[0] for c in LINES])
def test_line_rule(language, line):
    body = BODIES[language]
    text = f"{body}\n\n{line}\n\n{MORE[language]}\n"
    assert boilerplate_lines(text, language) == [line.strip()]


# Lines that look like cruft but are the story: they must stay content.
CONTENT = [
    ("section heading", "en", "Armaments"),
    ("section heading", "en", "Historical links"),
    ("question heading", "en", "What can North Korea offer Russia?"),
    ("photos in a sentence", "en", "Photos released by state media showed military honour "
     "guards and crowds of people waving flowers and flags as Kim boarded the train."),
    ("by in a sentence", "en", "By Tuesday, the train had crossed the border."),
    ("door in a Dutch headline", "nl", "Door de regen afgelast"),
    ("par in a French sentence", "fr", "Par ailleurs, le Kremlin a confirmé la visite."),
    ("von in a German headline", "de", "Von der Leyen warnt Pjöngjang"),
    ("agency in a sentence", "en", "He told AFP that the visit was planned."),
    ("note in a sentence", "en", "Notes from the meeting were not released."),
    ("search in a headline", "en", "Search for survivors goes on in the rubble"),
    ("zoeken in a sentence", "nl", "Reddingswerkers zoeken nog naar vermisten."),
    ("via in brackets in a sentence", "en", "The ship was towed north (via the Great Bitter Lake) on Monday."),
    ("networks in a sentence", "en", "The video spread on Facebook and Twitter within minutes."),
    ("journalist in the story", "en", "Evan Gershkovich is an American journalist who was "
     "detained in Russia."),
]


@pytest.mark.parametrize(
    ("language", "line"), [c[1:] for c in CONTENT], ids=[c[0] for c in CONTENT]
)
def test_content_is_not_boilerplate(language, line):
    body = BODIES[language]
    text = f"Kim Jong Un arrives in Russia\n{body}\n{line}\n{MORE[language]}\n"
    assert boilerplate_lines(text, language) == []


def test_captions_stay_content_and_credits_go():
    """A caption tells its picture's fact (the story gold aligns captions); its credit is
    furniture, whichever side of the caption it stands on."""
    text = (EXAMPLE / "v000.txt").read_text(encoding="utf-8")
    assert boilerplate_lines(text, "en") == ["PHOTO ALEXANDER ZEMLIANICHENKO, ASSOCIATED PRESS"] * 2
    caption = "Tugboats escort the Ever Given after it was refloated in the Suez Canal."
    for credit in ("Photo: AFP", "(Suez Canal Authority via Global Press)", "Photograph: Wire Images"):
        text = f"Ship freed\n\n{caption}\n\n{credit}\n\n{BODY_EN}\n\n{MORE['en']}\n"
        assert boilerplate_lines(text, "en") == [credit]


def test_lead_after_a_credit_stays_content():
    """The lead paragraph below a picture's credit is the story's first fact."""
    lead = "French President Emmanuel Macron said Tuesday that Notre Dame will be rebuilt."
    text = f"{BODY_EN}\nPhoto: Getty Images\n{lead}\n{MORE['en']}\n"
    assert boilerplate_lines(text, "en") == ["Photo: Getty Images"]


def test_repeated_standfirst():
    text = (EXAMPLE / "v001.txt").read_text(encoding="utf-8")
    flags = marked(text, "en")
    lead = "Kim Jong-un was in Russia on Tuesday night to meet Vladimir Putin"
    assert [flag for sentence, flag in flags if sentence.startswith(lead)] == [False, True]


@pytest.mark.parametrize(
    ("language", "name", "bio"),
    [
        ("en", "Jim Pollard", "Jim Pollard is an Australian journalist based in Thailand "
         "since 1999. He was a senior editor at The Nation for 17+ years."),
        ("fr", "Marie Dupont", "Marie Dupont est journaliste au service international depuis "
         "2015. Elle a couvert la Corée."),
        ("nl", "Jan de Vries", "De Vries is een Nederlandse journalist die sinds 2010 in "
         "Moskou woont."),
        ("de", "Anna Schmidt", "Anna Schmidt ist Redakteurin im Ressort Ausland."),
    ],
)
def test_author_bio(language, name, bio):
    text = f"{BODIES[language]}\n\n{name}\n\n{bio}\n"
    assert boilerplate_lines(text, language) == [name, *(s for s, _ in marked(bio, language))]


def test_bio_inside_the_story_needs_a_name_line():
    bio = "Jim Pollard is an Australian journalist based in Thailand since 1999."
    assert boilerplate_lines(f"{BODY_EN}\n{bio}\n{MORE['en']}\n", "en") == []


@pytest.mark.parametrize(
    ("language", "bio"),
    [
        ("en", "Sarah Whitfield is our Middle East correspondent and has been based in Beirut since 2016."),
        ("nl", "Sanne Vermeulen is redacteur buitenland en schrijft over scheepvaart en handel."),
    ],
)
def test_bio_that_closes_the_article(language, bio):
    text = f"{BODIES[language]}\n\n{MORE[language]}\n\n{bio}\n"
    assert boilerplate_lines(text, language) == [bio]


def test_announced_list_of_links():
    """A line that announces links takes the headline lines after it, up to the next paragraph."""
    links = ["Meer over dit onderwerp", "Boskalis-topman: ‘Ever Given kan weken vastzitten’",
             "Omvaren via Kaap de Goede Hoop kost rederijen miljoenen"]
    text = "\n\n".join([BODY_NL, *links, MORE["nl"]]) + "\n"
    assert boilerplate_lines(text, "nl") == links


def test_one_headline_after_furniture_in_the_tail():
    text = f"{BODY_EN}\n\nShare this article\n\nWho was Viollet-le-Duc, the architect behind the lost spire?\n"
    assert boilerplate_lines(text, "en") == [
        "Share this article", "Who was Viollet-le-Duc, the architect behind the lost spire?"]


def test_related_headlines_and_tag_after_the_body():
    text = (EXAMPLE / "v002.txt").read_text(encoding="utf-8")
    assert boilerplate_lines(text, "en")[-12:] == [
        "• Reuters with additional reporting and editing by Jim Pollard",
        "NOTE: Further details were added to this report on Sept 12, 2023.",
        "North Korea Leader Kim Orders War Preparations, Sacks General",
        "Biden Likens China to ‘Ticking Time Bomb’ Due to Economic Woes",
        "North Korea Hackers Breached Russian Missile Maker’s Systems",
        "North Korea Hackers Targeted Crypto in US Tech Firm Attack",
        "US Slams ‘Reckless’ North Korean Missile That Caused Japan Alert",
        "Jim Pollard",
        "Jim Pollard is an Australian journalist based in Thailand since 1999.",
        "He worked for News Ltd papers in Sydney, Perth, London and Melbourne before "
        "travelling through SE Asia in the late 90s.",
        "He was a senior editor at The Nation for 17+ years.",
        "AF China Bond",
    ]


def test_one_short_headline_after_the_body_stays_unless_it_is_a_tag():
    one_title = f"{BODY_EN}\nWhat happens next for North Korea and Russia now\n"
    assert boilerplate_lines(one_title, "en") == []
    assert boilerplate_lines(f"{BODY_EN}\nAF China Bond\n", "en") == ["AF China Bond"]


def test_the_example_story():
    story = segment(ingest.load_example())
    content = {v.id: [s.text for s in v.content_sentences] for v in story.versions}
    cruft = {v.id: [s.text for s in v.sentences if s.boilerplate] for v in story.versions}
    assert cruft["v003"] == [] and cruft["v004"] == []
    assert cruft["v001"] == [content["v001"][1], "AFP"]
    assert {"Armaments", "Historical links", "What we know about ties between North Korea and "
            "Russia"} <= set(content["v000"])
    # v002: title, standfirst and section headings are content; the page cruft is not.
    assert content["v002"][:2] == [
        "Kim Jong Un in Russia ‘For Talks on Arms, Tech and Food’",
        "Putin needs artillery shells and anti-tank missiles, while Kim is anxious for help on "
        "technology for satellites and nuclear-powered submarines, plus food for his people, "
        "analysts say",
    ]
    assert "Putin at economic forum in Vladivostok" in content["v002"]
    assert content["v002"][-1] == "“We will continue to strengthen our friendship,” Peskov said."
    assert cruft["v002"][:3] == [
        "Type to search",
        "ALSO SEE:\u00a0US ‘Weather Weapon’, AI in New Phase of Disinformation – NYT",
        "• Reuters with additional reporting and editing by Jim Pollard",
    ]
    # the pictures' captions are content
    assert "He is expected to have arms talks with Vladimir Putin." in content["v002"]
    assert len(cruft["v002"]) == 14 and cruft["v002"][-1] == "AF China Bond"


def test_marking_keeps_offsets():
    text = (EXAMPLE / "v002.txt").read_text(encoding="utf-8")
    spans = split_sentences(text, "en")
    assert len(mark_boilerplate(text, spans, "en")) == len(spans)
    assert mark_boilerplate(text, [], "en") == []


@pytest.mark.parametrize("spans", [[(5, 3)], [(0, 10), (5, 12)], [(0, 10_000)]])
def test_bad_spans_are_refused(spans):
    with pytest.raises(InputError, match="out of order or outside the text"):
        mark_boilerplate(BODY_EN, spans, "en")


def test_rules_by_language():
    assert set(RULES) == {"*", "en", "fr", "nl", "de"}
    assert rules_for("en") == RULES["*"] + RULES["en"]
    assert rules_for("fr-CA") == RULES["*"] + RULES["en"] + RULES["fr"]
    assert rules_for("ja") == RULES["*"] + RULES["en"]
