"""Loading stories: folders with manifests, JSONL corpora, datasets, decoding, languages."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from drift import ingest
from drift.errors import (
    CorpusLineError,
    EncodingError,
    InputError,
    LanguageError,
    ManifestError,
    MarkupError,
    TooFewVersionsError,
)
from drift.languages import detect_language, normalise_language

EXAMPLE = ingest.example_story_path()

EN = "Kim Jong Un arrived in Russia on Tuesday for talks with Vladimir Putin."
FR = "Le dirigeant nord-coréen Kim Jong-un est arrivé mardi en Russie pour rencontrer Vladimir Poutine."
NL = "De Noord-Koreaanse leider Kim Jong Un is dinsdag in Rusland aangekomen voor een ontmoeting met Poetin."


def write_story(folder: Path, files: dict[str, bytes | str], manifest: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    if manifest is not None:
        (folder / "story.toml").write_text(manifest, encoding="utf-8")
    return folder


def test_example_story_loads_with_manifest_order_and_provenance():
    story = ingest.load_example()
    assert story.id == "kim-putin-2023"
    assert story.version_ids == ("v000", "v001", "v002", "v003", "v004")
    v000 = story.version("v000")
    assert v000.language == "en" and not v000.language_detected
    assert v000.translated_from == "fr"
    assert story.version("v003").translated_from == "nl"
    assert story.metadata["published"] == "2023-09-12"
    # The text is kept exactly as in the file.
    assert v000.text == (EXAMPLE / "v000.txt").read_text(encoding="utf-8")


def test_folder_without_manifest_reads_all_txt_by_name_and_detects_language(tmp_path):
    folder = write_story(tmp_path / "s", {"b.txt": FR, "a.txt": EN, "c.txt": NL, "notes.md": "x"})
    story = ingest.load_folder(folder)
    assert story.id == "s"
    assert story.version_ids == ("a", "b", "c")
    assert [v.language for v in story.versions] == ["en", "fr", "nl"]
    assert all(v.language_detected for v in story.versions)


def test_manifest_gives_ids_order_and_metadata(tmp_path):
    manifest = """
id = "summit"
title = "Summit"
license = "CC-BY-4.0"

[[versions]]
id = "french"
file = "b.txt"
language = "fr"
outlet = "Le Devoir"
published = 2023-09-12
metadata = { wire = "AFP" }

[[versions]]
id = "english"
file = "a.txt"
translated_from = "fr"
url = "https://example.org/a"
"""
    folder = write_story(tmp_path / "s", {"a.txt": EN, "b.txt": FR}, manifest)
    story = ingest.load_folder(folder)
    assert story.id == "summit" and story.title == "Summit"
    assert story.metadata == {"license": "CC-BY-4.0"}
    french, english = story.versions
    assert (french.id, french.language, french.outlet, french.published) == ("french", "fr", "Le Devoir", "2023-09-12")
    assert french.metadata == {"wire": "AFP"}
    assert english.translated_from == "fr" and english.language == "en" and english.language_detected


def test_manifest_naming_a_missing_file_is_an_error(tmp_path):
    manifest = '[[versions]]\nfile = "a.txt"\n[[versions]]\nfile = "gone.txt"\n'
    folder = write_story(tmp_path / "s", {"a.txt": EN}, manifest)
    with pytest.raises(ManifestError, match="missing file 'gone.txt'"):
        ingest.load_folder(folder)


@pytest.mark.parametrize("name", ["/etc/os-release", "../outside.txt", "sub/../../outside.txt", "link.txt"])
def test_version_files_must_lie_inside_the_story_folder(tmp_path, name):
    """A manifest entry (or a symlink) cannot read a file outside the story folder."""
    (tmp_path / "outside.txt").write_text(FR, encoding="utf-8")
    folder = write_story(tmp_path / "s", {"a.txt": EN}, f'[[versions]]\nfile = "a.txt"\n[[versions]]\nfile = "{name}"\n')
    (folder / "sub").mkdir()
    (folder / "link.txt").symlink_to(tmp_path / "outside.txt")
    with pytest.raises(ManifestError, match=f"version file '{name}' lies outside the story folder") as caught:
        ingest.load_folder(folder)
    assert caught.value.path == str(folder / "story.toml")


def test_a_symlinked_txt_outside_the_folder_is_refused_without_a_manifest(tmp_path):
    (tmp_path / "outside.txt").write_text(FR, encoding="utf-8")
    folder = write_story(tmp_path / "s", {"a.txt": EN, "b.txt": NL})
    (folder / "c.txt").symlink_to(tmp_path / "outside.txt")
    with pytest.raises(ManifestError, match="'c.txt' lies outside the story folder"):
        ingest.load_folder(folder)
    (folder / "c.txt").unlink()
    (folder / "c.txt").symlink_to(folder / "a.txt")  # a link inside the folder is fine
    assert [v.id for v in ingest.load_folder(folder).versions] == ["a", "b", "c"]


PAGE = (
    "<!DOCTYPE html>\n<html><head><title>News</title><style>p {color: red}</style>"
    "<script>track('Kim arrives.');</script></head><body>\n"
    f"<p>{EN}</p>\n<p>{EN}</p>\n</body></html>\n"
)
FRAGMENT = f"<div class='story'>\n<p>{EN}</p>\n<p>{EN}</p>\n<p>{EN}</p>\n</div>\n"


@pytest.mark.parametrize("page, tag", [(PAGE, "<!DOCTYPE html>"), (FRAGMENT, "<div class='story'>")])
def test_an_html_page_is_refused_naming_the_file(tmp_path, page, tag):
    folder = write_story(tmp_path / "s", {"a.txt": EN, "page.txt": page})
    with pytest.raises(MarkupError, match=f"version 'page' is an HTML page \\({re.escape(tag)}\\)") as caught:
        ingest.load_folder(folder)
    assert caught.value.path == str(folder / "page.txt") and caught.value.code == "E107"


def test_an_html_version_in_a_corpus_names_its_line(tmp_path):
    corpus = tmp_path / "c.jsonl"
    record = {"id": "s", "versions": [{"id": "a", "text": EN}, {"id": "b", "text": PAGE}]}
    corpus.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(MarkupError) as caught:
        list(ingest.iter_jsonl(corpus))
    assert caught.value.path == f"{corpus}:1"


@pytest.mark.parametrize("text", [
    "The tag <b> makes text bold, and a < b > c holds.",
    "Users typed <script> into the form.\nThe site's <p> tags were broken.\n" + (EN + "\n") * 20,
])
def test_text_that_mentions_tags_is_not_markup(text):
    assert ingest.make_version("v", text, language="en").text == text


def test_malformed_manifest_is_an_error(tmp_path):
    folder = write_story(tmp_path / "s", {"a.txt": EN, "b.txt": FR}, "id = [unclosed\n")
    with pytest.raises(ManifestError, match="malformed TOML"):
        ingest.load_folder(folder)


def test_folder_with_one_version_is_an_error(tmp_path):
    folder = write_story(tmp_path / "s", {"a.txt": EN})
    with pytest.raises(TooFewVersionsError, match="1 version"):
        ingest.load_folder(folder)


@pytest.mark.parametrize("blank", ["", "   \n\t \n"])
def test_empty_version_is_an_error(tmp_path, blank):
    folder = write_story(tmp_path / "s", {"a.txt": EN, "b.txt": blank})
    with pytest.raises(InputError, match="'b' is empty"):
        ingest.load_folder(folder)


def test_binary_file_is_refused(tmp_path):
    folder = write_story(tmp_path / "s", {"a.txt": EN, "b.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"})
    with pytest.raises(EncodingError, match="binary"):
        ingest.load_folder(folder)


def test_cp1252_file_is_decoded_with_a_warning(tmp_path, caplog):
    text = "Le président a déclaré : « c’est un succès »."
    folder = write_story(tmp_path / "s", {"a.txt": EN, "b.txt": text.encode("cp1252")})
    with caplog.at_level("WARNING", logger="drift"):
        story = ingest.load_folder(folder, language="fr")
    assert story.version("b").text == text
    assert "b.txt: not valid UTF-8, decoded as" in caplog.text


# A Russian and a German news sentence, saved by Windows and by an old Latin-1 system.
RUSSIAN = ("Ким Чен Ын прибыл во Владивосток в понедельник вечером для переговоров с Владимиром Путиным, "
           "сообщили в Кремле. Встреча продлится несколько часов.")
GERMAN = ("Der nordkoreanische Machthaber traf am Dienstag in Wladiwostok ein; über die Gespräche "
          "mit Präsident Putin äußerte sich der Kreml zunächst nicht. Größere Abkommen seien nicht geplant.")


@pytest.mark.parametrize("text, encoding, language", [(RUSSIAN, "cp1251", "ru"), (GERMAN, "latin-1", "de")])
def test_legacy_encodings_are_identified_not_garbled(tmp_path, caplog, text, encoding, language):
    folder = write_story(tmp_path / "s", {"a.txt": EN, "b.txt": text.encode(encoding)})
    with caplog.at_level("WARNING", logger="drift"):
        story = ingest.load_folder(folder)
    assert story.version("b").text == text
    assert story.version("b").language == language
    assert "b.txt: not valid UTF-8, decoded as" in caplog.text
    with pytest.raises(EncodingError, match="not valid UTF-8"):
        ingest.load_folder(folder, fallback_encoding=None)


def test_non_utf8_file_is_refused_in_strict_mode(tmp_path):
    folder = write_story(tmp_path / "s", {"a.txt": EN, "b.txt": "déclaré".encode("latin-1")})
    with pytest.raises(EncodingError, match=r"not valid UTF-8 \(byte 0xe9 at offset 1\)"):
        ingest.load_folder(folder, fallback_encoding=None)


def test_undecodable_bytes_are_refused_not_garbled(tmp_path):
    # 0x81 is undefined in cp1252 and invalid as a UTF-8 start byte.
    folder = write_story(tmp_path / "s", {"a.txt": EN, "b.txt": b"caf\x81 au lait"})
    with pytest.raises(EncodingError, match="neither UTF-8 nor cp1252"):
        ingest.load_folder(folder, fallback_encoding="cp1252")


def test_utf8_bom_and_utf16_are_decoded(tmp_path):
    folder = write_story(
        tmp_path / "s",
        {"a.txt": "\ufeff".encode() + EN.encode(), "b.txt": FR.encode("utf-16")},
    )
    story = ingest.load_folder(folder)
    assert story.version("a").text == EN
    assert story.version("b").text == FR


def test_crlf_line_endings_are_kept(tmp_path):
    folder = write_story(tmp_path / "s", {"a.txt": (EN + "\r\n" + EN).encode(), "b.txt": FR})
    assert ingest.load_folder(folder).version("a").text == EN + "\r\n" + EN


def test_huge_file_is_refused(tmp_path):
    folder = write_story(tmp_path / "s", {"a.txt": EN, "b.txt": EN * 100})
    with pytest.raises(InputError, match="over the limit"):
        ingest.load_folder(folder, max_bytes=1000)


def jsonl(path: Path, records: list) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def test_jsonl_corpus_streams_stories(tmp_path):
    corpus = jsonl(tmp_path / "c.jsonl", [
        {"id": "s1", "title": "One", "versions": [
            {"id": "en", "text": EN, "language": "en", "outlet": "AP", "section": "World"},
            {"id": "fr", "text": FR, "translated_from": "en"},
        ]},
        {"id": "s2", "versions": [{"text": EN}, {"text": NL}], "license": "CC0-1.0"},
    ])
    s1, s2 = list(ingest.iter_jsonl(corpus))
    assert s1.title == "One" and s1.version("en").outlet == "AP"
    assert s1.version("en").metadata == {"section": "World"}
    assert s1.version("fr").language == "fr" and s1.version("fr").translated_from == "en"
    assert s2.version_ids == ("v0", "v1") and s2.metadata == {"license": "CC0-1.0"}
    assert ingest.load_story(corpus, story_id="s2").id == "s2"
    with pytest.raises(InputError, match="several stories"):
        ingest.load_story(corpus)


def test_malformed_jsonl_line_names_its_line_number(tmp_path):
    good = {"id": "s1", "versions": [{"text": EN}, {"text": FR}]}
    corpus = jsonl(tmp_path / "c.jsonl", [good, "", '{"id": "s2", "versions": [}'])
    stories = ingest.iter_jsonl(corpus)
    assert next(stories).id == "s1"
    with pytest.raises(CorpusLineError, match=r"c\.jsonl:3: malformed JSON"):
        next(stories)


def test_jsonl_story_with_one_version_is_an_error(tmp_path):
    corpus = jsonl(tmp_path / "c.jsonl", [{"id": "s1", "versions": [{"text": EN}]}])
    with pytest.raises(TooFewVersionsError, match="c.jsonl:1"):
        list(ingest.iter_jsonl(corpus))


def test_hugging_face_dataset_rows_become_stories():
    import datasets

    ds = datasets.Dataset.from_list([
        {"id": "s1", "title": "One", "versions": [
            {"id": "a", "text": EN, "language": "en"}, {"id": "b", "text": FR, "language": "fr"}]},
    ])
    (story,) = ingest.iter_dataset(ds)
    assert story.id == "s1" and story.version("b").text == FR


def test_story_from_texts_for_research_scripts():
    story = ingest.story_from_texts({"en": EN, "nl": NL})
    assert [v.language for v in story.versions] == ["en", "nl"]
    story = ingest.story_from_texts([EN, FR], languages=["en", "fr"], story_id="x")
    assert story.version_ids == ("v0", "v1") and story.version("v1").language == "fr"


@pytest.mark.parametrize(
    "code, expected", [("en", "en"), ("FR", "fr"), ("nl-BE", "nl"), ("pt_BR", "pt")]
)
def test_language_codes_are_normalised(code, expected):
    assert normalise_language(code) == expected


@pytest.mark.parametrize("code", ["english", "xx", "fra", ""])
def test_unknown_language_code_is_an_error(code):
    with pytest.raises(LanguageError, match="unknown language code"):
        normalise_language(code)


@pytest.mark.parametrize("text, expected", [(EN, "en"), (FR, "fr"), (NL, "nl")])
def test_language_detection(text, expected):
    assert detect_language(text) == expected


def test_too_short_text_for_detection_is_an_error():
    with pytest.raises(LanguageError, match="give the language explicitly"):
        detect_language("AFP")


def test_the_cached_language_identifier_classifies_as_the_packaged_one(tmp_path):
    """Written on first use, read memory-mapped after: the same language and probability,
    to the bit, as py3langid's own load, on every line of the example story."""
    import numpy as np

    from drift.languages import _packaged_identifier, cached_identifier

    texts = [line for v in ingest.load_example().versions for line in v.text.splitlines() if line.strip()]
    texts += [EN, FR, NL, "Der Zug hat die Grenze am Dienstagmorgen überquert.", "12:30", "«»"]
    written = cached_identifier(tmp_path / "langid")
    read = cached_identifier(tmp_path / "langid")
    packaged = _packaged_identifier()
    assert isinstance(read.nb_ptc, np.memmap) and isinstance(written.nb_ptc, np.memmap)
    assert len(texts) > 150
    for text in texts:
        assert read.classify(text) == written.classify(text) == packaged.classify(text), text


def test_a_cache_that_cannot_be_written_or_read_costs_time_not_detection(tmp_path, caplog):
    from drift.languages import cached_identifier

    blocked = tmp_path / "a file"
    blocked.write_text("")
    assert cached_identifier(blocked / "langid").classify(FR)[0] == "fr"  # no folder can be made under a file
    assert not (blocked.parent / "langid").exists()
    damaged = tmp_path / "langid"
    cached_identifier(damaged)
    for cut in (1000, 0):  # a table cut short, an empty one
        (damaged / "ptc.npy").write_bytes((damaged / "ptc.npy").read_bytes()[:cut])
        caplog.clear()
        with caplog.at_level("WARNING", logger="drift"):
            assert cached_identifier(damaged).classify(NL)[0] == "nl"
        assert "delete that folder" in caplog.text


def test_example_folder_copy_is_independent_of_the_package(tmp_path):
    folder = tmp_path / "copy"
    shutil.copytree(EXAMPLE, folder)
    assert ingest.load_folder(folder).version_ids == ingest.load_example().version_ids
