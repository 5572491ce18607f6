"""Mark the sentences of a version that are web page cruft rather than the story.

Copied web articles carry search boxes, "Read more" links, photo credits and captions,
agency sign-offs, bylines, editor's notes, lists of related headlines and author bios.
Aligning them against another version would report them as additions, so they are marked
(``Sentence.boilerplate``) and left out of alignment and scoring. They are never removed:
offsets keep pointing into the original text.

A *line* here is a run of sentences with no line break between them (a paragraph, a
headline, a credit); a *block* is a run of lines with no blank line between them. The
rules, in the order they apply:

1. **Patterns** (:data:`RULES`, data: one regex and one reason each): a line or a sentence
   that matches one whole is boilerplate; a match on a sentence marks its whole line.
2. **Captions.** The line right after a photo credit line ("PHOTO ALEXANDER ZEMLIANICHENKO,
   ASSOCIATED PRESS", "Photo: Reuters") is the picture's caption when it is one sentence
   of at most :data:`MAX_CAPTION_CHARS`: captions describe a picture, not the story, even
   when they are real sentences. A sentence that ends with its own credit ("... (via
   Reuters).") is a caption, and so is a line holding a credit sentence ("Kim in 2019.
   Photo: AFP"); so are the other lines of that block when the text separates paragraphs
   with blank lines and the block is short (a caption block).
3. **Repeats.** A line that repeats an earlier line word for word (of at least
   :data:`MIN_REPEAT_WORDS` words) is a scraping artefact (a standfirst printed twice).
4. **Author bios.** A lone name line followed by a paragraph that starts with that name
   and says the person "is a ... journalist/reporter/editor" (per language) is boilerplate,
   name line included.
5. **The tail.** After the last body paragraph (a line ending with a sentence mark, not
   already boilerplate), lines without final punctuation of at most
   :data:`MAX_TITLE_WORDS` words are related-headline lists when there are two or more of
   them, and tags or sign-offs ("AF China Bond") when they have at most
   :data:`MAX_TAG_WORDS` words. Section headings inside the article ("Armaments") and the
   title come before the last body paragraph and stay content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drift.errors import InputError, LanguageError
from drift.languages import normalise_language

# A caption is one sentence; 200 characters hold the captions of the example story
# (72 and 118 characters) with room, while most body paragraphs are longer or multi-sentence.
MAX_CAPTION_CHARS = 200
# Blocks of at most three lines can be a picture's caption (caption, credit, alt text).
MAX_CAPTION_BLOCK_LINES = 3
# Five words: shorter repeated lines ("Advertisement", "Share") are caught by the patterns.
MIN_REPEAT_WORDS = 5
# Related headlines run 6 to 12 words in the example story (v002); 15 leaves room.
MAX_TITLE_WORDS = 15
# A tag or sign-off after the body ("AF China Bond", "Jim Pollard").
MAX_TAG_WORDS = 4


@dataclass(frozen=True)
class Rule:
    """One boilerplate pattern: ``pattern`` must match a whole line or a whole sentence.

    ``kind`` is ``"credit"`` for a photo credit line (the caption follows it),
    ``"caption"`` for a sentence that carries its own picture credit, ``""`` otherwise.
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
        _rule("photo-credit", r"(?:PHOTOS?|FOTOS?|FOTO'S)(?:\s+\S+){1,14}(?<![.!?])",
              kind="credit", flags=0),
        # a labelled credit line: "Photo: Reuters", "Crédit photo : AFP", "Foto: ANP"
        _rule(
            "photo-credit-label",
            r"(?:photos?|fotos?|image|picture|bild|illustration|(?:photo\s+)?credits?|"
            r"crédits?(?:\s+photo)?|beeld)\s*[:©|]\s*\S.{0,120}",
            kind="credit",
        ),
        # a sentence ending with the picture's credit: "... from Pyongyang (via Reuters)."
        _rule(
            "captioned",
            r".{0,400}\((?:via|photo|foto|crédit photo|image)\b[^)]{0,60}\)\.?",
            kind="caption",
        ),
        # copyright lines: "© 2023 AFP", "(c) Reuters", "Copyright 2023 The Associated Press"
        _rule("copyright", r"(?:©|\(c\)|copyright\s+(?:©\s*)?\d{4}\b).{0,150}"),
    ),
    "en": (
        # a site's search box
        _rule("search", r"(?:type (?:here )?to search|search(?: for)?|search\s*(?:\.\.\.|…))\W*"),
        # links to other articles: "ALSO SEE: ...", "READ MORE: ...", "Related: ..."
        _rule(
            "see-also",
            r"(?:also see|see also|also read|read more|read also|related(?: articles?| stories)?|"
            r"more on this(?: story)?|recommended|you may also like)\s*[:>»|–-].*"
            r"|(?:read more|continue reading|read the full (?:story|article))\W*",
        ),
        # page furniture: advertising, sharing, subscribing, navigation
        _rule(
            "page-furniture",
            r"(?:advertisement|advertising|sponsored(?: content)?|"
            r"share(?: this(?: article| story)?)?|print|comments?|follow us.{0,60}|"
            r"subscribe.{0,80}|sign up.{0,80}|newsletter|"
            r"skip to (?:main )?content|menu|home|back to top|click here.{0,80})\W*",
        ),
        # wire credits: "• Reuters with additional reporting and editing by Jim Pollard",
        # "(Reporting by Jim Pollard; Editing by Ed Davies)"
        _rule(
            "credits",
            rf"[•*–-]?\s*\(?(?:{_AGENCY}\s+with\s+)?(?:additional\s+)?"
            r"(?:reporting|editing|writing|compiled|edited|written)"
            r"(?:\s+and\s+(?:editing|writing|reporting))?\s+by\b.{0,160}",
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
        _rule("search", r"(?:rechercher|recherche|tapez votre recherche)\W*"),
        _rule(
            "see-also",
            r"(?:à lire aussi|lire aussi|lire également|voir aussi|à voir aussi|"
            r"sur le même sujet|à lire|notre dossier)\s*[:>»|–-].*|lire la suite\W*",
        ),
        _rule(
            "page-furniture",
            r"(?:publicité|partager|partagez|imprimer|commentaires?|abonnez-vous.{0,80}|"
            r"inscrivez-vous.{0,80}|accueil|retour en haut)\W*",
        ),
        # "Par Jean Dupont", "Propos recueillis par ...", "(avec AFP)" is the agency rule
        _rule("byline", rf"(?i:par)\s+{_NAME}(?:\s+et\s+{_NAME})?{_AFFILIATION}", flags=0),
        _rule("credits", r"(?:propos recueillis|rédigé|édité|traduit)\s+par\b.{0,120}"),
        _rule(
            "editor-note",
            r"(?:note de la rédaction|n\.?d\.?l\.?r\.?|mise à jour|rectificatif|précision)"
            r"\s*[:—–]\s*.*",
        ),
        _rule("rights", r".{0,100}\btous droits réservés\b.{0,50}"),
    ),
    "nl": (
        _rule("search", r"(?:zoeken|zoek)\W*"),
        _rule(
            "see-also",
            r"(?:lees ook|lees meer|zie ook|meer over|ook interessant|bekijk ook)\s*[:>»|–-].*"
            r"|lees verder\W*",
        ),
        _rule(
            "page-furniture",
            r"(?:advertentie|delen|deel dit artikel|printen|reacties|reageer|"
            r"abonneer.{0,80}|schrijf je in.{0,80})\W*",
        ),
        # "Door Jan Jansen", "Door onze correspondent", "Bewerkt door ..."
        _rule("byline", rf"(?i:door)\s+(?:{_NAME}|onze\s+\w+){_AFFILIATION}", flags=0),
        _rule("credits", r"(?:bewerkt|vertaald|geschreven)\s+door\b.{0,120}"),
        _rule("editor-note", r"(?:noot van de redactie|correctie|update)\s*[:—–]\s*.*"),
        _rule("rights", r".{0,100}\balle rechten voorbehouden\b.{0,50}"),
    ),
    "de": (
        _rule("search", r"(?:suchen|suche|suchbegriff eingeben)\W*"),
        _rule(
            "see-also",
            r"(?:lesen sie auch|mehr zum thema|auch interessant|das könnte sie auch "
            r"interessieren)\s*[:>»|–-].*|weiterlesen\W*",
        ),
        _rule(
            "page-furniture",
            r"(?:anzeige|werbung|teilen|drucken|kommentare|abonnieren.{0,80})\W*",
        ),
        _rule("byline", rf"(?i:von)\s+{_NAME}(?:\s+und\s+{_NAME})?{_AFFILIATION}", flags=0),
        _rule("credits", r"mit material von\b.{0,120}"),
        _rule(
            "editor-note",
            r"(?:anmerkung der redaktion|hinweis der redaktion|korrektur|aktualisierung)"
            r"\s*[:—–]\s*.*",
        ),
        _rule("rights", r".{0,100}\balle rechte vorbehalten\b.{0,50}"),
    ),
}

# What follows a name at the start of an author bio: "is an Australian journalist".
_BIO = {
    "en": r"\s+(?:is|was)\s+(?:an?|the)\s+(?:[\w-]+\s+){0,6}?"
    r"(?:journalist|reporter|editor|correspondent|writer|columnist|photographer|contributor)",
    "fr": r"\s+est\s+(?:(?:un|une|le|la)\s+)?(?:[\w-]+\s+){0,6}?"
    r"(?:journaliste|reporter|rédact(?:eur|rice)|correspondante?|chroniqueu(?:r|se))",
    "nl": r"\s+is\s+(?:(?:een|de)\s+)?(?:[\w-]+\s+){0,6}?"
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
    """A line: spans ``first`` to ``last`` (indices), its text, and its block number."""

    first: int
    last: int
    start: int
    end: int
    text: str
    block: int

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
    line_kinds = [_kind(line.text, rules) for line in lines]
    flags = [False] * len(spans)
    marked: list[_Line] = []
    for position, (line, kind) in enumerate(zip(lines, line_kinds)):
        if kind == "credit":
            marked += [line, *_caption_after(lines, line_kinds, position)]
        elif kind is not None:
            marked.append(line)
        sentence_kinds = [_kind(text[spans[i][0] : spans[i][1]], rules) for i in line.indices]
        for index, sentence_kind in zip(line.indices, sentence_kinds):
            flags[index] = sentence_kind is not None
        if kind == "caption" or (kind is None and {"credit", "caption"} & set(sentence_kinds)):
            marked += [line, *_caption_block(lines, position)]  # the caption and its credit
    _set(flags, marked + _repeated(lines) + _bio_lines(lines, language))
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
    """Group the spans into lines, and the lines into blank-line separated blocks."""
    lines: list[_Line] = []
    block = 0
    for index, (start, end) in enumerate(spans):
        if lines:
            breaks = _line_breaks(text[lines[-1].end : start])
            if breaks == 0:
                last = lines.pop()
                lines.append(
                    _Line(last.first, index, last.start, end, text[last.start : end], last.block)
                )
                continue
            if breaks > 1:
                block += 1
        lines.append(_Line(index, index, start, end, text[start:end], block))
    return lines


def _kind(text: str, rules: tuple[Rule, ...]) -> str | None:
    """The kind of the first rule that matches all of ``text``, or None."""
    for rule in rules:
        if rule.pattern.fullmatch(text):
            return rule.kind
    return None


def _caption_after(lines: list[_Line], kinds: list[str | None], position: int) -> list[_Line]:
    """The caption under a credit line: the next line, if it is one short sentence."""
    if position + 1 == len(lines) or kinds[position + 1] is not None:
        return []
    caption = lines[position + 1]
    if caption.first != caption.last or len(caption.text) > MAX_CAPTION_CHARS:
        return []
    return [caption]


def _caption_block(lines: list[_Line], position: int) -> list[_Line]:
    """The other lines of a caption's block, when blocks are paragraphs and it is short."""
    if not any(line.block for line in lines):
        return []  # no blank lines: blocks say nothing about layout here
    block = [line for line in lines if line.block == lines[position].block]
    return block if len(block) <= MAX_CAPTION_BLOCK_LINES else []


def _repeated(lines: list[_Line]) -> list[_Line]:
    """Lines that repeat an earlier line word for word (the first one stays content)."""
    seen: set[str] = set()
    repeats = []
    for line in lines:
        if line.text in seen and line.words >= MIN_REPEAT_WORDS:
            repeats.append(line)
        seen.add(line.text)
    return repeats


def _bio_lines(lines: list[_Line], language: str) -> list[_Line]:
    """A lone name line and the bio paragraph after it that starts with that name."""
    bio = f"(?:{_BIO.get(base_language(language), _BIO['en'])}|{_BIO['en']})"
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


def _tail(lines: list[_Line], flags: list[bool]) -> list[_Line]:
    """Headline lists, tags and sign-offs after the last body paragraph."""

    def is_content(line: _Line) -> bool:
        return not all(flags[i] for i in line.indices)

    body = [i for i, line in enumerate(lines) if line.ends_sentence and is_content(line)]
    if not body:
        return []
    after = [line for line in lines[body[-1] + 1 :] if is_content(line)]
    titles = [line for line in after if not line.ends_sentence and line.words <= MAX_TITLE_WORDS]
    if len(titles) >= 2:
        return titles
    return [line for line in titles if line.words <= MAX_TAG_WORDS]
