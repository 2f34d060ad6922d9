"""Story clustering: syndicated copies of one press release become one story with several placements.

A copy keeps most of the release's wording even when the credit line, the title and the paragraph order
change, so two articles published within a few days of each other whose word 3-shingles overlap enough
are one story.
"""

from __future__ import annotations

import datetime
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.articles import ensure_story
from store.models import Article

# Copies appear within days of the original; a wider window only adds comparisons.
WINDOW = datetime.timedelta(days=4)
# Share of the smaller text's 3-shingles found in the other. Copies in the demo corpus and in real
# republished releases score 0.55-0.95; distinct items on the same topic by the same office stay < 0.25.
CONTAINMENT_THRESHOLD = 0.5
# Texts shorter than this (in shingles) are too short to call copies.
MIN_SHINGLES = 12
MAX_CANDIDATES = 5000
_NORMALISE = str.maketrans({"ي": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "\u200c": "", "\u200f": "", "\u0640": ""})
_WORD = re.compile(r"[\w\u0600-\u06FF]+")


def shingles(text: str, n: int = 3) -> set[str]:
    words = _WORD.findall(text.translate(_NORMALISE))
    return {" ".join(words[i:i + n]) for i in range(max(0, len(words) - n + 1))}


def containment(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def assign_story(session: Session, article_id: int) -> int | None:
    """Put the article into the story of its closest earlier copy, or a new story of its own."""
    article = session.get(Article, article_id)
    if article is None:
        return None
    mine = shingles(f"{article.title}\n{article.text}")
    when = article.published or article.first_seen
    best_story, best_score = None, 0.0
    if len(mine) >= MIN_SHINGLES:
        rows = session.execute(
            select(Article.story_id, Article.title, Article.text)
            .where(Article.id != article.id, Article.story_id.is_not(None),
                   Article.published.between(when - WINDOW, when + WINDOW))
            .limit(MAX_CANDIDATES))
        for story_id, title, text in rows:
            score = containment(mine, shingles(f"{title}\n{text}"))
            if score > best_score:
                best_story, best_score = story_id, score
    if best_story is not None and best_score >= CONTAINMENT_THRESHOLD:
        article.story_id = best_story
    else:
        article.story_id = ensure_story(session, f"a{article.id}", article.title, article.published)
    return article.story_id
