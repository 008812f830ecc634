"""The page view shows every word of the reading text, page by page, with the footnotes."""

import re
from html import unescape

from helpers import load_memorandum
from helpers.pageview import page_view


def _paragraph_texts(html: str) -> list[str]:
    texts = []
    for para in re.findall(r"<p><span class=\"para-no\">[^<]*</span>(.*?)</p>", html, re.S):
        texts.append(unescape(re.sub(r"<sup>\d+</sup>", "", para)))
    return texts


def test_page_view_holds_the_whole_text_in_order():
    memo = load_memorandum()
    view = page_view(memo)
    assert repr(view) == "<PageView: 5 printed pages>"
    assert "".join(_paragraph_texts(view.html)) == memo.text.replace("\n\n", "")
    for page in range(327, 332):
        assert f"[Page {page}]" in view.html


def test_page_view_labels_paragraphs_and_continuations():
    html = page_view(load_memorandum()).html
    labels = re.findall(r'<span class="para-no">([^<]*)</span>', html)
    assert [l for l in labels if "cont." not in l] == [f"¶{n}" for n in range(1, 19)]
    assert [l for l in labels if "cont." in l] == ["¶3 (cont.)", "¶6 (cont.)"]


def test_footnotes_sit_on_the_page_of_their_anchor():
    memo = load_memorandum()
    pages = page_view(memo).html.split('<div class="frus-page">')[1:]
    for n, page, text in zip(memo.footnotes["n"], memo.footnotes["page"], memo.footnotes["text"]):
        html = pages[int(page) - 327]
        assert f"<sup>{n}</sup>" in html and f'<li value="{n}">' in html
        assert unescape(re.search(rf'<li value="{n}">(.*?)</li>', html).group(1)) == text
    assert "S[umner] W[elles]" in pages[-1] and "Memorandum of Conversation" in pages[0]


def test_a_selection_of_pages():
    view = page_view(load_memorandum(), pages=[330, 331])
    assert view.n_pages == 2 and "[Page 329]" not in view.html and "¶11" in view.html
