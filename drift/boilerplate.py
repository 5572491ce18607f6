"""Mark the sentences of a version that are web page cruft rather than the story.

Copied web articles carry search boxes, "Read more" links, share buttons, photo credits,
agency sign-offs, bylines, editor's notes, lists of related headlines and author bios.
Aligning them against another version would report them as additions, so they are marked
(``Sentence.boilerplate``) and left out of alignment and scoring. They are never removed:
offsets keep pointing into the original text.

A *line* here is a run of sentences with no line break between them (a paragraph, a
headline, a credit). Headlines,
standfirsts, subheads and photo captions carry the story's content and stay content (the
story gold's convention: a caption tells the fact of its picture, and versions align it);
their credits do not. The rules, in the order they apply:

1. **Patterns** (:data:`RULES`, data: one regex and one reason each): a line or a sentence
   that matches one whole is boilerplate. A line that announces a list of links ("Meer over
   dit onderwerp", "Related stories") takes with it the headline lines right after it
   (lines without a sentence mark, of at most :data:`MAX_TITLE_WORDS` words).
2. **Repeats.** A line that repeats an earlier line word for word (of at least
   :data:`MIN_REPEAT_WORDS` words) is a scraping artefact (a standfirst printed twice).
3. **Author bios.** A paragraph that starts with a name and says the person "is a ...
   journalist/reporter/editor" or "is our ... correspondent" (per language) is boilerplate
   when a lone name line stands before it (name line included) or when it is the last
   paragraph of the article; a sentence about a journalist inside the story stays content.
4. **The tail.** After the last body paragraph (a line ending with a sentence mark, not
   already boilerplate), lines without final punctuation of at most
   :data:`MAX_TITLE_WORDS` words are related-headline lists when there are two or more of
   them or when page furniture stands between them and the body, and tags or sign-offs
   ("AF China Bond") when they have at most :data:`MAX_TAG_WORDS` words. Section headings
   inside the article ("Armaments") and the title come before the last body paragraph and
   stay content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drift.errors import InputError, LanguageError
from drift.languages import normalise_language

# Five words: shorter repeated lines ("Advertisement", "Share") are caught by the patterns.
MIN_REPEAT_WORDS = 5
# Related headlines run 6 to 12 words in the example story (v002); 15 leaves room.
MAX_TITLE_WORDS = 15
# A tag or sign-off after the body ("AF China Bond", "Jim Pollard").
MAX_TAG_WORDS = 4


@dataclass(frozen=True)
class Rule:
    """One boilerplate pattern: ``pattern`` must match a whole line or a whole sentence.

    ``kind`` is ``"list"`` for a line that announces a list of links (the headline lines
    after it are links too), ``""`` otherwise.
    """

    name: str
    pattern: re.Pattern[str]
    kind: str = ""


def _rule(name: str, regex: str, *, kind: str = "", flags: int = re.IGNORECASE) -> Rule:
    return Rule(name, re.compile(regex, flags), kind)


# News agencies that sign wire copy (AFP, AP, Reuters, ANP, Belga, dpa, EFE, ANSA, ...).
_AGENCY = (
    r"(?:AFP|AP|Reuters|ANP|Belga|dpa|EFE|ANSA|APA|SDA|ATS|Keystone-ATS|Bloomberg|Xinhua|"
    r"Kyodo|Yonhap|UPI|PA|TASS|Interfax|Europa\s+Press|Agencies|agences|agentschappen|"
    r"Agenturen|agencias|agenzie)"
)
# A capitalised personal name of one to four words ("Jim Pollard", "Jean-Paul de Vries").
_NAME = (
    r"[A-ZÀ-ÖØ-Þ][\w'’.-]+"
    r"(?:\s+(?:(?:de|van|der|den|von|le|la|du|di|da)\s+)*[A-ZÀ-ÖØ-Þ][\w'’.-]+){0,3}"
)
# After a byline's name: the outlet or role, with no sentence mark ("By Jim Pollard, Reuters").
_AFFILIATION = r"(?:\s*[,|–-]\s*[^.!?]{0,60})?"

# Networks a page offers to share the article on.
_NETWORK = r"(?:facebook|twitter|x|whatsapp|linkedin|e-?mail|messenger|telegram|reddit|pinterest|bluesky)"

# Patterns by language; "*" applies to every text, and English to every text too, because
# web page furniture is often left in English on sites in other languages.
RULES: dict[str, tuple[Rule, ...]] = {
    "*": (
        # a news agency alone on a line, as a sign-off: "AFP", "(AFP)", "Reuters/AFP", "— ANP"
        _rule(
            "agency",
            rf"[(\[—–-]?\s*(?:(?:with|avec|met|mit|con|com|source|bron|quelle)\s*:?\s*)?"
            rf"{_AGENCY}(?:\s*(?:[/,&+]|and|et|en|und|y|e)\s*{_AGENCY})*\s*[)\]]?\.?",
        ),
        # a photo credit in capitals opening a short line with no sentence mark at its end:
        # "PHOTO ALEXANDER ZEMLIANICHENKO, ASSOCIATED PRESS"
        _rule("photo-credit", r"(?:PHOTOS?|FOTOS?|FOTO'S)(?:\s+\S+){1,14}(?<![.!?])", flags=0),
        # a labelled credit line: "Photo: Reuters", "Photograph: Wire Images", "Foto: ANP"
        _rule(
            "photo-credit-label",
            r"(?:photo(?:graph)?s?|fotos?|foto's|image|picture|bild|illustration|"
            r"(?:photo\s+)?credits?|crédits?(?:\s+photo)?|beeld)\s*[:©|]\s*\S.{0,120}",
        ),
        # a credit in brackets on a line of its own: "(Suez Canal Authority via Global Press)"
        _rule("credit-via", r"\([^()]{1,80}\bvia\b[^()]{1,60}\)"),
        # copyright lines: "© 2023 AFP", "(c) Reuters", "Copyright 2023 The Associated Press"
        _rule("copyright", r"(?:©|\(c\)|copyright\s+(?:©\s*)?\d{4}\b).{0,150}"),
        # share buttons: "Share this article: Facebook | Twitter | WhatsApp | Email",
        # "Deel dit artikel via Facebook, Twitter of WhatsApp"
        _rule(
            "share",
            rf"(?:[^.!?:]{{0,40}}?(?::\s*|\s))?{_NETWORK}"
            rf"(?:\s*(?:[|·•,/]|\b(?:or|of|ou|oder|and|en|et|und)\b)?\s*{_NETWORK})+\W*"
            rf"|(?:share|partager|partagez|deel|delen|teilen)\b[^.!?]{{0,30}}?\b{_NETWORK}\W*",
        ),
    ),
    "en": (
        # a site's search box: "Type to search", "Search news, topics and people" (search
        # and words naming what it searches only: "Search for survivors goes on" is news)
        _rule(
            "search",
            r"(?:type (?:here )?to search|type (?:your|a) search(?: term| query)?(?: here)?"
            r"(?: and (?:press|hit) enter)?|enter (?:a |your )?search (?:term|query)|"
            r"search(?:\s*(?:,|and|for|in|on|the|our|this|all|news|topics?|people|articles?|"
            r"stories|site|website|archives?))*|search\s*(?:\.\.\.|…))\W*",
        ),
        # links to other articles: "ALSO SEE: ...", "READ MORE: ...", "Related: ..."
        _rule(
            "see-also",
            r"(?:also see|see also|also read|read more|read also|related(?: articles?| stories)?|"
            r"more on this(?: story)?|recommended|you may also like)\s*[:>»|–-].*"
            r"|(?:read more|continue reading|read the full (?:story|article))\W*",
        ),
        # a list of links announced on a line of its own: "More on this topic", "Related"
        _rule(
            "link-list",
            r"(?:more on this (?:topic|subject|story)|related(?: articles| stories| coverage)?|"
            r"most read|recommended(?: for you)?|you may also like|also read|see also)\W*",
            kind="list",
        ),
        # page furniture: advertising, sharing, subscribing, navigation
        _rule(
            "page-furniture",
            r"(?:advertisement|advertising|sponsored(?: content)?|"
            r"share(?: this(?: article| story)?)?|print|comments?|follow us.{0,60}|"
            r"subscribe.{0,160}|sign up.{0,160}|newsletter|get (?:our|the) .{0,40}newsletter.{0,80}|"
            r"skip to (?:main )?content|menu|home|back to top|click here.{0,80})\W*",
        ),
        # wire credits: "• Reuters with additional reporting and editing by Jim Pollard",
        # "(Reporting by Jim Pollard; Editing by Ed Davies)", "... contributed to this report."
        _rule(
            "credits",
            rf"[•*–-]?\s*\(?(?:{_AGENCY}\s+with\s+)?(?:additional\s+)?"
            r"(?:reporting|editing|writing|compiled|edited|written)"
            r"(?:\s+and\s+(?:editing|writing|reporting))?\s+by\b.{0,160}"
            r"|.{0,160}\bcontributed(?: reporting)?(?: to this (?:report|story|article))\W*",
        ),
        # a byline: "By Jim Pollard", "By Jim Pollard, Reuters" (a name, no sentence mark)
        _rule("byline", rf"(?i:by)\s+{_NAME}(?:\s+and\s+{_NAME})?{_AFFILIATION}", flags=0),
        # editor's notes: "NOTE: Further details were added ...", "Correction: ..."
        _rule(
            "editor-note",
            r"(?:note|editor'?s'? note|update[ds]?|correction|clarification)\s*[:—–]\s*.*"
            r"|this (?:article|story|report) (?:was|has been) (?:updated|amended|corrected)\b.*",
        ),
        _rule("rights", r".{0,100}\ball rights reserved\b.{0,50}"),
    ),
    "fr": (
        _rule(
            "search",
            r"(?:recherche(?:r)?(?:\s*(?:,|et|dans|sur|le|la|les|l'|des|du|de|un|une|nos|notre|"
            r"ce|site|actualités?|articles?|sujets?|personnes?|archives?))*|"
            r"tapez (?:votre|une) recherche(?: et appuyez sur entrée)?)\W*",
        ),
        _rule(
            "see-also",
            r"(?:à lire aussi|lire aussi|lire également|voir aussi|à voir aussi|"
            r"sur le même sujet|à lire|notre dossier)\s*[:>»|–-].*|lire la suite\W*",
        ),
        _rule(
            "link-list",
            r"(?:sur le même sujet|à lire aussi|lire aussi|les plus lus|"
            r"articles? (?:liés|similaires)|nos recommandations)\W*",
            kind="list",
        ),
        _rule(
            "page-furniture",
            r"(?:publicité|partager(?: cet article| l'article)?|partagez|imprimer|commentaires?|"
            r"abonnez-vous.{0,160}|inscrivez-vous.{0,160}|suivez-nous.{0,60}|accueil|retour en haut)\W*",
        ),
        # "Par Jean Dupont", "Propos recueillis par ...", "(avec AFP)" is the agency rule
        _rule("byline", rf"(?i:par)\s+{_NAME}(?:\s+et\s+{_NAME})?{_AFFILIATION}", flags=0),
        _rule(
            "credits",
            r"(?:propos recueillis|rédigé|édité|traduit)\s+par\b.{0,120}"
            r"|.{0,160}\bont? (?:contribué|participé) à (?:cet article|ce reportage)\W*",
        ),
        _rule(
            "editor-note",
            r"(?:note de la rédaction|n\.?d\.?l\.?r\.?|mise à jour|rectificatif|précision)"
            r"\s*[:—–]\s*.*|cet article a été (?:mis à jour|modifié|corrigé)\b.*",
        ),
        _rule("rights", r".{0,100}\btous droits réservés\b.{0,50}"),
    ),
    "nl": (
        _rule(
            "search",
            r"(?:zoek(?:en)?(?:\s*(?:,|en|in|op|naar|het|de|onze|deze|nieuws|artikelen|"
            r"onderwerpen|personen|site|website|archief))*|"
            r"typ (?:hier )?(?:je|uw) zoek(?:term|opdracht)(?: en druk op enter)?)\W*",
        ),
        _rule(
            "see-also",
            r"(?:lees ook|lees meer|zie ook|meer over|ook interessant|bekijk ook)\s*[:>»|–-].*"
            r"|lees verder\W*",
        ),
        _rule(
            "link-list",
            r"(?:meer over dit (?:onderwerp|thema|artikel)|lees ook|meest gelezen|"
            r"gerelateerde artikelen|ook interessant)\W*",
            kind="list",
        ),
        _rule(
            "page-furniture",
            r"(?:advertentie|delen|deel dit artikel|printen|reacties|reageer|"
            r"abonneer.{0,160}|schrijf je in.{0,160}|meld je aan.{0,160}|volg ons.{0,60})\W*",
        ),
        # "Door Jan Jansen", "Door onze correspondent", "Bewerkt door ..."
        _rule("byline", rf"(?i:door)\s+(?:{_NAME}|onze\s+\w+){_AFFILIATION}", flags=0),
        _rule(
            "credits",
            r"(?:bewerkt|vertaald|geschreven)\s+door\b.{0,120}"
            r"|.{0,160}\b(?:werkten?|hebben) mee(?:gewerkt)? aan (?:dit artikel|deze reportage)\W*",
        ),
        _rule(
            "editor-note",
            r"(?:noot van de redactie|correctie|update)\s*[:—–]\s*.*"
            r"|dit artikel is (?:bijgewerkt|aangepast|gecorrigeerd)\b.*",
        ),
        _rule("rights", r".{0,100}\balle rechten voorbehouden\b.{0,50}"),
    ),
    "de": (
        _rule(
            "search",
            r"(?:such(?:e|en)(?:\s*(?:,|und|in|nach|im|den|der|die|nachrichten|artikeln?|"
            r"themen|personen|archiv))*|suchbegriff eingeben)\W*",
        ),
        _rule(
            "see-also",
            r"(?:lesen sie auch|mehr zum thema|auch interessant|das könnte sie auch "
            r"interessieren)\s*[:>»|–-].*|weiterlesen\W*",
        ),
        _rule(
            "link-list",
            r"(?:mehr zum thema|lesen sie auch|meistgelesen|das könnte sie auch interessieren)\W*",
            kind="list",
        ),
        _rule(
            "page-furniture",
            r"(?:anzeige|werbung|teilen|drucken|kommentare|abonnieren.{0,160}|folgen sie uns.{0,60})\W*",
        ),
        _rule("byline", rf"(?i:von)\s+{_NAME}(?:\s+und\s+{_NAME})?{_AFFILIATION}", flags=0),
        _rule(
            "credits",
            r"mit material von\b.{0,120}|.{0,160}\bhaben? zu diesem (?:bericht|artikel) beigetragen\W*",
        ),
        _rule(
            "editor-note",
            r"(?:anmerkung der redaktion|hinweis der redaktion|korrektur|aktualisierung)"
            r"\s*[:—–]\s*.*|dieser artikel wurde (?:aktualisiert|korrigiert)\b.*",
        ),
        _rule("rights", r".{0,100}\balle rechte vorbehalten\b.{0,50}"),
    ),
}

# What follows a name at the start of an author bio: "is an Australian journalist".
_BIO = {
    "en": r"\s+(?:is|was)\s+(?:an?|the|our)\s+(?:[\w-]+\s+){0,6}?"
    r"(?:journalist|reporter|editor|correspondent|writer|columnist|photographer|contributor)",
    "fr": r"\s+est\s+(?:(?:un|une|le|la|notre)\s+)?(?:[\w-]+\s+){0,6}?"
    r"(?:journaliste|reporter|rédact(?:eur|rice)|correspondante?|chroniqueu(?:r|se))",
    "nl": r"\s+is\s+(?:(?:een|de|onze|ons)\s+)?(?:[\w-]+\s+){0,6}?"
    r"(?:journalist|verslaggever|redacteur|correspondent|columnist)",
    "de": r"\s+(?:ist|war)\s+(?:\w+\s+){0,6}?"
    r"(?:Journalist|Redakteur|Korrespondent|Reporter|Autor)",
}
_NAME_LINE = re.compile(_NAME)
# A line ends its last sentence when it ends with one of these, closing quotes aside.
_FINAL_MARKS = ".!…。！"
_CLOSING = "\"'”’»)]"


@dataclass(frozen=True)
class _Line:
    """A line: spans ``first`` to ``last`` (indices) and its text."""

    first: int
    last: int
    start: int
    end: int
    text: str

    @property
    def indices(self) -> range:
        return range(self.first, self.last + 1)

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def ends_sentence(self) -> bool:
        last = self.text.rstrip(_CLOSING)[-1:]
        return bool(last) and last in _FINAL_MARKS


def base_language(language: str) -> str:
    """The code rule tables are keyed by: ``"fr-CA"`` gives ``"fr"``.

    Lenient, unlike :func:`drift.languages.normalise_language`: an unknown code passes
    through (lower case) and gets the generic rules, so segmentation never refuses a text.
    """
    try:
        return normalise_language(language)
    except LanguageError:
        return language.strip().lower()


def rules_for(language: str) -> tuple[Rule, ...]:
    """The patterns that apply to a text in ``language``."""
    code = base_language(language)
    return RULES["*"] + RULES["en"] + (RULES.get(code, ()) if code != "en" else ())


def mark_boilerplate(text: str, spans: list[tuple[int, int]], language: str) -> list[bool]:
    """Which of ``spans`` are web page cruft (see the module docstring for the rules).

    Args:
        text: the version's original text.
        spans: sentence spans ``[start, end)`` in order, as :func:`drift.segment.split_sentences`
            returns them.
        language: ISO 639-1 code of the text; picks the language's patterns.

    Returns one flag per span, True for boilerplate.
    """
    _check_spans(text, spans)
    rules = rules_for(language)
    lines = _lines(text, spans)
    kinds = [_kind(text[start:end], rules) for start, end in spans]
    flags = [kind is not None for kind in kinds]
    marked: list[_Line] = []
    for position, line in enumerate(lines):
        kind = kinds[line.first] if line.first == line.last else _kind(line.text, rules)
        if kind is not None:
            marked.append(line)
        if kind == "list":
            marked += _listed(lines, position)
    _set(flags, marked + _repeated(lines) + _bio_lines(lines, language))
    _set(flags, _closing_bio(lines, flags, language))
    _set(flags, _tail(lines, flags))
    return flags


def _set(flags: list[bool], lines: list[_Line]) -> None:
    for line in lines:
        for index in line.indices:
            flags[index] = True


def _check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    previous_end = 0
    for start, end in spans:
        if not previous_end <= start <= end <= len(text):
            raise InputError(
                f"sentence span ({start}, {end}) is out of order or outside the text "
                f"(length {len(text)}, previous span ended at {previous_end}); expected "
                "ordered, non-overlapping spans as split_sentences returns them"
            )
        previous_end = end


def _line_breaks(gap: str) -> int:
    """How many line breaks (as ``str.splitlines`` counts them) the whitespace ``gap`` holds."""
    return len((gap + "x").splitlines()) - 1


def _lines(text: str, spans: list[tuple[int, int]]) -> list[_Line]:
    """Group the spans into lines: sentences with no line break between them."""
    lines: list[_Line] = []
    for index, (start, end) in enumerate(spans):
        if lines and _line_breaks(text[lines[-1].end : start]) == 0:
            last = lines.pop()
            lines.append(_Line(last.first, index, last.start, end, text[last.start : end]))
            continue
        lines.append(_Line(index, index, start, end, text[start:end]))
    return lines


def _kind(text: str, rules: tuple[Rule, ...]) -> str | None:
    """The kind of the first rule that matches all of ``text``, or None."""
    for rule in rules:
        if rule.pattern.fullmatch(text):
            return rule.kind
    return None


def _listed(lines: list[_Line], position: int) -> list[_Line]:
    """The headline lines right after a line that announces a list of links."""
    out = []
    for line in lines[position + 1 :]:
        if line.ends_sentence or line.words > MAX_TITLE_WORDS:
            break
        out.append(line)
    return out


def _repeated(lines: list[_Line]) -> list[_Line]:
    """Lines that repeat an earlier line word for word (the first one stays content)."""
    seen: set[str] = set()
    repeats = []
    for line in lines:
        if line.text in seen and line.words >= MIN_REPEAT_WORDS:
            repeats.append(line)
        seen.add(line.text)
    return repeats


def _bio_pattern(language: str) -> str:
    return f"(?:{_BIO.get(base_language(language), _BIO['en'])}|{_BIO['en']})"


def _bio_lines(lines: list[_Line], language: str) -> list[_Line]:
    """A lone name line and the bio paragraph after it that starts with that name."""
    bio = _bio_pattern(language)
    found = []
    for name_line, paragraph in zip(lines, lines[1:]):
        if name_line.first != name_line.last or not _NAME_LINE.fullmatch(name_line.text):
            continue
        words = name_line.text.split()
        # the full name or its tail: "Jim Pollard", "Pollard", "De Vries" for "Jan de Vries"
        names = "|".join(re.escape(" ".join(words[i:])) for i in range(len(words)))
        if re.match(f"(?i:{names}){bio}", paragraph.text):
            found += [name_line, paragraph]
    return found


def _last_paragraph(lines: list[_Line], flags: list[bool]) -> int | None:
    """Position of the last body paragraph: a line that ends with a sentence mark and is
    not all boilerplate."""
    body = [k for k, line in enumerate(lines) if line.ends_sentence and not _all_marked(line, flags)]
    return body[-1] if body else None


def _all_marked(line: _Line, flags: list[bool]) -> bool:
    return all(flags[i] for i in line.indices)


def _closing_bio(lines: list[_Line], flags: list[bool], language: str) -> list[_Line]:
    """The article's last paragraph when it is an author bio without a name line
    ("Sarah Whitfield is our Middle East correspondent ...")."""
    last = _last_paragraph(lines, flags)
    if last is not None and re.match(f"{_NAME}{_bio_pattern(language)}", lines[last].text):
        return [lines[last]]
    return []


def _tail(lines: list[_Line], flags: list[bool]) -> list[_Line]:
    """Headline lists, tags and sign-offs after the last body paragraph."""
    last = _last_paragraph(lines, flags)
    if last is None:
        return []
    after = lines[last + 1 :]
    titles = [
        (k, line) for k, line in enumerate(after)
        if not _all_marked(line, flags) and not line.ends_sentence and line.words <= MAX_TITLE_WORDS
    ]
    if len(titles) >= 2:
        return [line for _, line in titles]
    # one headline is a link when page furniture stands between it and the body
    return [
        line for k, line in titles
        if line.words <= MAX_TAG_WORDS or any(_all_marked(m, flags) for m in after[:k])
    ]
