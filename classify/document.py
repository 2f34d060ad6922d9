"""An article read once: normalised sections, one gazetteer pass, resolved places and agencies, tokens.

Everything downstream (relevance features, credit, kind) reads a ``Document``; the relevance model's
pipeline accepts either raw items or documents, so training and prediction share this one path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from classify.agencies import AgencyMention, find_agencies
from classify.gazetteer import OTHER, Gazetteer, Hit
from classify.lexicon import Lexicon, load_lexicon
from classify.normalize import Tokenizer, normalize
from classify.places import LORESTAN, PlaceMention, resolve_places
from classify.textkey import TextKey
from seda.registry import Registry

__all__ = ["Document", "Analyzer", "SECTIONS", "split_lead"]

SECTIONS = ("kicker", "title", "lead", "body")
# The relevance model's words come from the top of the article — kicker, title, lead and the first
# paragraphs, ~400 words — where news puts what it is about (the inverted pyramid). Mentions further down
# still count through the gazetteer features, which read the whole text. Halves the tokenising time.
TOKENS_CHARS = 2500
_SECTION_BREAK = "\n\x1e\n"
_FIRST_SENTENCE = re.compile(r"^(.+?[.!؟?])(\s+)(?=\S)", re.S)


@dataclass
class Document:
    original: dict[str, str]            # raw section texts, for evidence
    text: str                           # normalised sections joined by line breaks
    tk: TextKey
    section_ranges: dict[str, tuple[int, int]]   # section → word range [w0, w1)
    section_chars: dict[str, tuple[int, int]]    # section → character range in ``text``
    hits: list[Hit]
    places: list[PlaceMention]
    agencies: list[AgencyMention]
    others: list[Hit]
    tokens: list[str]
    home_is_lorestan: bool
    url: str | None = None
    source: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def section(self, w: int) -> str:
        for name, (w0, w1) in self.section_ranges.items():
            if w0 <= w < w1:
                return name
        return "body"

    def words_of(self, name: str) -> tuple[int, int]:
        return self.section_ranges.get(name, (0, 0))

    @property
    def lorestan_places(self) -> list[PlaceMention]:
        return [m for m in self.places if m.status == LORESTAN]


def split_lead(text: str, lead: str | None) -> tuple[str, str]:
    """(lead, body) of an article text: the given lead, else its first paragraph (first sentence when the
    text is one paragraph).

    >>> split_lead("خرم‌آباد- ایرنا- مدیرکل بهزیستی لرستان گفت: ...\\n\\nوی افزود", None)
    ('خرم‌آباد- ایرنا- مدیرکل بهزیستی لرستان گفت: ...', 'وی افزود')
    """
    text = (text or "").strip()
    if lead:
        lead = lead.strip()
        return lead, text[len(lead):].strip() if text.startswith(lead) else text
    parts = re.split(r"\n\s*\n|\n", text, maxsplit=1)
    if len(parts) == 2:
        return parts[0].strip(), parts[1].strip()
    m = _FIRST_SENTENCE.match(text)
    if m and len(m.group(1)) < len(text) * 0.8:
        return m.group(1).strip(), text[m.end():].strip()
    return text, ""


class Analyzer:
    """Builds ``Document``s; holds the gazetteer and hazm's tokenizer (built once, reused)."""

    def __init__(self, registry: Registry, lexicon: Lexicon | None = None,
                 tokenizer: Tokenizer | None = None) -> None:
        self.lexicon = lexicon or load_lexicon()
        self.gazetteer = Gazetteer(registry, self.lexicon)
        self.tokenizer = tokenizer or Tokenizer()

    def analyse(self, title: str, text: str, lead: str | None = None, kicker: str | None = None,
                url: str | None = None, source: str | None = None) -> Document:
        lead_text, body = split_lead(text, lead)
        original = {"kicker": kicker or "", "title": title or "", "lead": lead_text, "body": body}
        # One normalisation pass over all sections (a record separator keeps them apart).
        parts = [p.strip() for p in normalize(_SECTION_BREAK.join(original[name] for name in SECTIONS))
                 .split("\x1e")]
        if len(parts) != len(SECTIONS):  # a section held the separator itself: normalise one by one
            parts = [normalize(original[name]) for name in SECTIONS]
        joined = "\n".join(parts)
        tk = TextKey(joined)
        ranges, chars, c = {}, {}, 0
        for name, part in zip(SECTIONS, parts, strict=True):
            chars[name] = (c, c + len(part))
            ranges[name] = (tk.word_at_char(c), tk.word_at_char(c + len(part)))
            c += len(part) + 1
        hits = self.gazetteer.scan(tk)
        places = resolve_places(tk, hits, self.gazetteer)
        others = [h for h in hits if h.cat == OTHER]
        n_lorestan = sum(1 for m in places if m.status == LORESTAN)
        # Lorestan is the home province when it outweighs every other province named, twice over:
        # a bare «استان» or «استانداری» then means Lorestan's («... و بخش‌هایی از لرستان» does not).
        home = n_lorestan > 0 and n_lorestan >= 2 * len(others)
        agencies = find_agencies(tk, hits, places, self.gazetteer, home)
        tokens = self.tokenizer.tokenize(joined[:TOKENS_CHARS])
        return Document(original, joined, tk, ranges, chars, hits, places, agencies, others, tokens, home, url,
                        source)
