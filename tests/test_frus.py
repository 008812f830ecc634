"""The FRUS TEI reader: small hostile fixtures, a loopback web server, and three real volumes."""

import dataclasses
import functools
import http.server
import threading
from pathlib import Path

import pandas as pd
import pytest
from lxml import etree

from helpers import DocumentError, load_memorandum, load_text
from helpers import frus
from helpers.frus import load_document, load_volume

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "frus"
MEMO_TEXT = ROOT / "data" / "frus1940v03-d264.txt"
SHARED = ROOT.parent / "shared" / "frus"
VOLUMES = {"frus1934v05.xml": 639, "frus1936v03.xml": 586, "frus1894Nicaragua.xml": 138}
needs_shared = pytest.mark.skipif(
    not (SHARED / "frus1934v05.xml").exists(),
    reason=f"the real FRUS volumes are not here ({SHARED}); they ship beside the repository",
)


def words(texts) -> list[str]:
    return [word for text in texts for word in text.split()]


# -- small fixtures ---------------------------------------------------------------------------

def test_volume_table_columns_and_values():
    table = load_volume(FIXTURES / "tiny.xml")
    assert table.columns.tolist() == frus.DOCUMENT_COLUMNS
    first = table.iloc[0]
    assert (first["doc_id"], first["n"], first["source_note"]) == ("d1", "1", "711.00/0: Telegram")
    assert (first["author"], first["recipient"], first["kind"]) == ("Smith", "Secretary of State",
                                                                    "telegram")
    assert (first["date"], first["place"]) == ("1934-01-05T18:00:00", "Strelsau")
    assert table["kind"].dtype == "category" and table.attrs["volume_id"] == "frus0000tiny"


def test_a_second_load_gives_the_same_table_untouched_by_changes_to_the_first():
    first = load_volume(FIXTURES / "tiny.xml")
    first.loc[0, "head"] = "changed"
    first.attrs["title"] = "changed"
    second = load_volume(FIXTURES / "tiny.xml")
    assert second.loc[0, "head"] != "changed" and second.attrs["title"] != "changed"
    frus.clear_cache()
    assert load_volume(FIXTURES / "tiny.xml").equals(second)


def test_document_has_the_memorandums_tables_and_columns():
    memo, doc = load_text(MEMO_TEXT), load_document(FIXTURES / "tiny.xml", "d1")
    full = load_memorandum()  # analyses (speakers) may add columns after the reader
    for name in ("paragraphs", "sentences", "pages", "footnotes", "tokens", "blocks"):
        mine, theirs = getattr(doc, name), getattr(memo, name)
        assert mine.columns.tolist() == theirs.columns.tolist(), name
        assert set(mine.columns) <= set(getattr(full, name).columns), name
        shared = [c for c in mine.columns if mine[c].notna().all() and theirs[c].notna().all()]
        assert mine[shared].dtypes.equals(theirs[shared].dtypes), name
    assert doc.footnotes[["n", "text", "sent_id", "where"]].values.tolist() == [
        [7, "A note.", 2, "body"]]  # sentence 1 is the telegram's number, "1."
    assert doc.metadata["signature"] == "Smith" and doc.metadata["file_number"] == \
        "711.00/0: Telegram"
    assert "711.00/0" not in doc.footnotes["text"].tolist()  # the source note is no footnote


def test_the_two_front_doors_agree_on_a_small_document():
    doc = load_document(FIXTURES / "tiny.xml", "d1")
    source = doc.to_source_text()
    assert source == ("711.00/0: Telegram\n\nThe Minister in Ruritania (Smith) to the Secretary "
                      "of State\n\n1. Arrived today.7\n\nSmith\n  1. A note.")
    again = load_text(source, first_page=doc.metadata["first_page"])
    for name in ("paragraphs", "sentences", "footnotes", "tokens"):
        assert getattr(doc, name).equals(getattr(again, name)), name


@pytest.fixture(scope="module")
def rich():
    return load_document(FIXTURES / "rich.xml", "d1")


def test_lists_tables_quotes_postscripts_and_enclosures_become_paragraphs(rich):
    assert rich.paragraphs["text"].tolist() == [
        "The troops came today. We need:", "(a) a ship;", "(b) a […] flag.", "So I asked.",
        "He wrote as follows:", "“Come at once.”", "And he left.", "Ships | 2", "Men | 300",
        "I am, etc., Seat", "P.S. Send word.", "[Enclosure]", "Mr. Brown to Mr. Seat",
        "Enclosed text.", "Brown"]


def test_heading_signature_and_dates_go_to_metadata(rich):
    meta = rich.metadata
    assert meta["signature"] == "For the Consul: John Doe Clerk" and meta["signed"] == ["John Doe"]
    assert (meta["opener"], meta["dateline"]) == ("[Telegram.]", "Bluefields, January 25, 1894.")
    assert (meta["date"], meta["date_min"]) == ("1894-01-25", "1894-01-25T00:00:00-05:00")
    assert meta["title"] == "The Consul at Bluefields (Seat) to the Secretary of State"
    assert meta["url"] == "https://history.state.gov/historicaldocuments/frus0000rich/d1"


def test_footnotes_keep_printed_numbers_and_where_they_stand(rich):
    notes = rich.footnotes
    assert notes["n"].tolist() == [3, 4, 5, 6, "6a"]
    assert notes["where"].tolist() == ["title", "title", "dateline", "body", "body"]
    title_len, dateline = len(rich.metadata["title"]), rich.metadata["dateline"]
    assert notes["char"].tolist()[:3] == [title_len, title_len, len(dateline)]
    assert rich.text[:notes["char"].iat[3]] == "The troops"
    assert rich.text[notes["char"].iat[4] - 10:notes["char"].iat[4]] == "Send word."


def test_page_breaks_inline_standalone_and_after_the_text(rich):
    pages = rich.pages
    assert pages["page"].tolist() == [10, 11, 12, 13, 14]
    assert pages["marker_kind"].tolist() == ["none", "inline", "standalone", "standalone",
                                             "standalone"]
    assert rich.text[pages["char_start"].iat[1]:].startswith("today.")
    assert pages["char_start"].iat[4] == len(rich.text)  # page 14 holds only the closer
    table = load_volume(FIXTURES / "rich.xml")
    assert table["first_page"].tolist() == [10, 15]  # the break after d1's text begins d2
    assert table["last_page"].tolist() == [14, 15]


def test_volume_counts_match_the_documents():
    """load_volume counts without building text; load_document builds it: they must agree."""
    for name in ("tiny.xml", "rich.xml", "edge.xml"):
        table = load_volume(FIXTURES / name)
        for row in table.itertuples():
            doc = load_document(FIXTURES / name, row.doc_id)
            assert (row.n_paragraphs, row.n_footnotes) == (len(doc.paragraphs),
                                                           len(doc.footnotes))
            assert (row.first_page, row.last_page) == (doc.metadata["first_page"],
                                                       doc.metadata["last_page"])


CORNERS = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0"
    xml:id="frus0000corners"><teiHeader><fileDesc><titleStmt><title type="complete">Corners
    </title></titleStmt></fileDesc></teiHeader><text><body><pb n="1"/>
  <div type="document" xml:id="d1" n="1">
    <note type="source">700.1/1</note><note n="1">On the title.</note>
    <head>The Consul <note n="2">A note.</note> to the <persName type="to">Secretary</persName>
    </head>
    <opener><seg>[Telegram.<note n="3">In the opener.</note>]</seg><dateline><placeName>Lima,
      </placeName> <date when="1934-01-02">January 2</date><note n="4">Dated.</note></dateline>
    </opener>
    <!-- a comment between the heading and the body --> words after the comment
    <p>\u00a0</p>
    <p><note n="5">Only a note<pb n="2"/> with a break <note n="6">and a note</note>.</note></p>
    <p>He said <quote>inline</quote> and <quote><p>a block</p></quote> after it.</p>
    <list><label>1.</label><item><list><label>a.</label><item>inner</item></list></item>
      <label>2.</label><note type="source">[A source note after a label]</note>
      <item>two</item><label>3.</label></list>
    <p>  <hi> </hi>  <lb/> </p>
    <table><row><cell> </cell></row><row><cell>a</cell><cell/></row></table>
    <frus:attachment><note type="source">[Enclosure]</note><head>Enclosed</head>
      <p>Text<pb n="3"/></p><closer><salute>Yours,</salute><signed>B</signed></closer>
    </frus:attachment>
    <closer><signed>Consul</signed></closer><pb n="4"/>
  </div>
  <div type="document" xml:id="d2" n="2"><head>Note to the Consul</head>
    <dateline><placeName><hi>Paris</hi>,<lb/>France</placeName></dateline>
    <p>One.</p><pb n="5"/>  text after the last break
  </div>
</body></text></TEI>"""


def whole_walk_rows(path) -> list[tuple]:
    """load_volume's rows made by the full text walk (load_document's) instead of its count."""
    volume = dataclasses.replace(frus._volume(path, None, frus.TIMEOUT), private_use=True)
    return [frus._row(volume, doc_id) for doc_id in volume.order]


def table_rows(table) -> list[tuple]:
    def plain(value):
        return None if not isinstance(value, str) and pd.isna(value) else value
    return [tuple(map(plain, row)) for row in table.astype(object).itertuples(index=False,
                                                                              name=None)]


def test_counting_agrees_with_the_whole_walk_in_corner_cases(tmp_path):
    """load_volume counts without building text: on every corner it must find what the text
    walk of load_document finds (paragraphs, notes, pages, and the heading's values)."""
    corners = tmp_path / "corners.xml"
    corners.write_text(CORNERS, encoding="utf-8")
    for path in [corners] + [FIXTURES / name for name in ("tiny.xml", "rich.xml", "edge.xml")]:
        assert table_rows(load_volume(path)) == whole_walk_rows(path), path.name
    d1, d2 = table_rows(load_volume(corners))
    # notes 1-5 (6 is inside 5); the break inside a note and the one after the text not counted
    assert d1[-4:] == (1, 3, 14, 5) and d1[7] == "Lima" and d1[10] == "telegram"
    assert d2[-4:] == (4, 4, 1, 0)  # page 4 began after d1's text


def test_the_parser_loads_no_external_dtd(tmp_path):
    """Not even from a local file (lxml's ``collect_ids=False`` would load it)."""
    dtd = tmp_path / "local.dtd"
    dtd.write_text('<!ENTITY secret "SECRET">', encoding="utf-8")
    xml = f'<?xml version="1.0"?>\n<!DOCTYPE TEI SYSTEM "{dtd}">\n<TEI/>'.encode()
    tree = etree.fromstring(xml, frus._parser()).getroottree()
    assert tree.docinfo.externalDTD is None


def test_a_label_without_its_item_drops_nothing_after_it():
    doc = load_document(FIXTURES / "edge.xml", "d1")
    assert doc.paragraphs["text"].tolist()[3:6] == ["1. one", "2.", "[Enclosure 1]"]
    assert doc.paragraphs["text"].iat[-1] == "A postscript after the closer."
    assert load_document(FIXTURES / "edge.xml", "d2").paragraphs["text"].tolist() == ["(a)"]


def test_placeholder_characters_in_the_text_are_reported_by_load_volume_too(tmp_path):
    """U+E000/U+E001 are the reader's own placeholders: a file holding them takes the full walk."""
    text = (FIXTURES / "tiny.xml").read_text(encoding="utf-8")
    bad = tmp_path / "placeholder.xml"
    bad.write_text(text.replace("Arrived today.", "Arrived &#xE000;today."), encoding="utf-8")
    for load in (lambda: load_volume(bad), lambda: load_document(bad, "d1")):
        with pytest.raises(DocumentError, match="private-use character"):
            load()


# -- safety -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name, line, problem", [
    ("billion_laughs.xml", 3, "declares entities"),
    ("external_entity.xml", 3, "declares entities"),
    ("external_dtd.xml", 2, "external DTD"),
    ("malformed.xml", 5, "not well-formed XML"),
    ("not_frus.xml", None, "not a FRUS volume"),
    ("not_tei.xml", 2, "not a TEI file"),
])
def test_hostile_files_raise_a_clear_error(name, line, problem):
    with pytest.raises(DocumentError) as caught:
        load_volume(FIXTURES / name)
    error = caught.value
    assert (error.source, error.line) == (name, line) and problem in error.problem
    assert "SECRET" not in str(error)


def test_missing_document_and_missing_file():
    with pytest.raises(DocumentError, match=r"tiny.xml: no document with xml:id 'd9' .*d1 to d2"):
        load_document(FIXTURES / "tiny.xml", "d9")
    with pytest.raises(DocumentError, match="no such file"):
        load_volume(FIXTURES / "absent.xml")
    with pytest.raises(DocumentError, match="only http"):
        load_volume("ftp://example.org/frus.xml")


def test_parser_never_expands_entities():
    parser = frus._parser()
    from lxml import etree
    tree = etree.fromstring((FIXTURES / "external_entity.xml").read_bytes(), parser)
    assert "SECRET" not in etree.tostring(tree, encoding=str)


# -- fetching over http, from a loopback server ----------------------------------------------

@pytest.fixture()
def server():
    handler = functools.partial(_QuietHandler, directory=str(FIXTURES))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    requests: list = []

    def log_message(self, *args) -> None:
        _QuietHandler.requests.append(self.path)


def test_urls_are_fetched_once_into_the_cache_then_work_offline(server, tmp_path):
    httpd, base = server
    url = f"{base}/tiny.xml"
    _QuietHandler.requests.clear()
    table = load_volume(url, cache_dir=tmp_path, timeout=5)
    assert table["doc_id"].tolist() == ["d1", "d2"]
    cached = frus.cache_path(url, tmp_path)
    assert cached.read_bytes() == (FIXTURES / "tiny.xml").read_bytes()
    frus.clear_cache()
    httpd.shutdown()  # offline from here: the cached copy is used
    doc = load_document(url, "d2", cache_dir=tmp_path, timeout=5)
    assert doc.paragraphs["text"].tolist() == ["I spoke. He left."]
    assert _QuietHandler.requests == ["/tiny.xml"]


def test_fetch_errors_name_the_url(server, tmp_path, monkeypatch):
    _, base = server
    with pytest.raises(DocumentError, match=r"404.*no cached copy") as caught:
        load_volume(f"{base}/absent.xml", cache_dir=tmp_path, timeout=5)
    assert caught.value.source == f"{base}/absent.xml"
    assert list(tmp_path.iterdir()) == []  # nothing half-written is left
    with pytest.raises(DocumentError, match="declares entities"):
        load_volume(f"{base}/billion_laughs.xml", cache_dir=tmp_path, timeout=5)
    monkeypatch.setenv("FRUS_CACHE_DIR", str(tmp_path / "env"))
    assert frus.cache_path(f"{base}/x.xml").parent == tmp_path / "env"


# -- the real volumes -------------------------------------------------------------------------

@needs_shared
@pytest.mark.parametrize("name", list(VOLUMES))
def test_every_document_of_every_volume_loads_and_drops_no_word(name):
    table = load_volume(SHARED / name)
    assert len(table) == VOLUMES[name] and table["doc_id"].is_unique
    assert table["head"].str.len().gt(0).all() and table["first_page"].notna().all()
    agree = 0
    for row in table.itertuples():
        doc = load_document(SHARED / name, row.doc_id)
        assert words(doc.paragraphs["text"]) == words(doc.sentences["text"]), row.doc_id
        for para in doc.paragraphs.itertuples():
            assert doc.text[para.char_start:para.char_end] == para.text
        assert (row.n_paragraphs, row.n_footnotes) == (len(doc.paragraphs), len(doc.footnotes))
        assert (row.first_page, row.last_page) == (doc.metadata["first_page"],
                                                   doc.metadata["last_page"])
        # the text layout cannot show every document (e.g. footnotes in the dateline, titles
        # ending in a full stop); wherever the text reader finds the same structure, the
        # tables must be the same
        try:
            again = load_text(doc.to_source_text(), first_page=doc.metadata["first_page"])
        except DocumentError:
            continue
        same_heading = all(again.metadata[k] == doc.metadata[k] for k in ("file_number", "title"))
        if same_heading and len(again.paragraphs) == len(doc.paragraphs) and \
                len(again.footnotes) == len(doc.footnotes):
            for part in ("paragraphs", "sentences", "footnotes"):
                assert getattr(doc, part).equals(getattr(again, part)), (row.doc_id, part)
            agree += 1
    assert agree >= {"frus1934v05.xml": 400, "frus1936v03.xml": 380,
                     "frus1894Nicaragua.xml": 1}[name]


@needs_shared
@pytest.mark.parametrize("name", list(VOLUMES))
def test_every_row_of_every_volume_equals_the_whole_walks(name):
    table = load_volume(SHARED / name)
    assert table_rows(table) == whole_walk_rows(SHARED / name)


@needs_shared
@pytest.mark.parametrize("volume, doc_id", [
    ("frus1934v05.xml", "d220"), ("frus1934v05.xml", "d274"), ("frus1934v05.xml", "d275"),
    ("frus1934v05.xml", "d221"), ("frus1934v05.xml", "d19"), ("frus1934v05.xml", "d435"),
    ("frus1936v03.xml", "d510"),
])
def test_the_two_front_doors_agree_on_real_documents(volume, doc_id):
    """Telegrams, memoranda, despatches with footnotes and inline and standalone page breaks."""
    doc = load_document(SHARED / volume, doc_id)
    again = load_text(doc.to_source_text(), first_page=doc.metadata["first_page"])
    for part in ("paragraphs", "sentences", "footnotes", "tokens"):
        assert getattr(doc, part).equals(getattr(again, part)), part
    assert again.metadata["file_number"] == doc.metadata["file_number"]
    assert again.metadata["signature"] == doc.metadata["signature"]


@needs_shared
def test_welles_memoranda_of_1934():
    for doc_id, n_paras in (("d220", 5), ("d274", 1)):
        doc = load_document(SHARED / "frus1934v05.xml", doc_id)
        assert doc.metadata["signature"] == "S[umner] W[elles]"
        assert doc.metadata["title"] == "Memorandum by the Assistant Secretary of State (Welles)"
        assert len(doc.paragraphs) == n_paras and doc.metadata["place"] == "Washington"
    d275 = load_document(SHARED / "frus1934v05.xml", "d275")
    assert d275.metadata["signed"] == ["Edwin C. Wilson"]
    assert d275.paragraphs["text"].iat[1].startswith("“Government resolved to pay coupon")
    d220 = load_document(SHARED / "frus1934v05.xml", "d220")
    assert (d220.metadata["first_page"], d220.metadata["last_page"]) == (234, 235)


@needs_shared
def test_both_encodings_give_dates_and_pages():
    early = load_volume(SHARED / "frus1934v05.xml").set_index("doc_id")
    assert early.loc["d221", "date"] == "1934-01-17T17:00:00"
    assert early["date_min"].isna().all()  # the earlier delivery has no doc-dateTime
    published = load_volume(SHARED / "frus1894Nicaragua.xml").set_index("doc_id")
    assert published.loc["d1", "date_min"] == "1894-01-25T00:00:00-05:00"
    assert published.loc["d1", "kind"] == "telegram" and published.loc["d1", "author"] == "Seat"
    assert published["date_min"].notna().all()


# -- the volume shipped with the module -------------------------------------------------------

BUNDLED = ROOT / "data" / "frus" / "frus1934v05.xml"


def test_the_bundled_volume_loads_offline_and_its_digest_is_recorded():
    import hashlib

    digest = hashlib.sha256(BUNDLED.read_bytes()).hexdigest()
    assert f"`{digest}`" in (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    table = load_volume(BUNDLED)
    assert len(table) == VOLUMES["frus1934v05.xml"] and table.attrs["volume_id"] == "frus1934v05"


@needs_shared
def test_the_bundled_volume_is_the_shared_copy_byte_for_byte():
    assert BUNDLED.read_bytes() == (SHARED / "frus1934v05.xml").read_bytes()
