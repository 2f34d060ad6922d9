"""The search form of Persian text, table-driven, and its agreement with the classifier's normaliser."""

from __future__ import annotations

import pytest

from store.searchtext import MAX_QUERY_WORDS, Query, document, parse_query, search_form

CASES = [
    ("روابط‌عمومی", "روابط عمومی"),                          # ZWNJ is a word gap
    ("روابط\u200bعمومی", "روابط عمومی"),                    # so is a zero-width space
    ("كوهدشت", "کوهدشت"),                                    # Arabic kaf
    ("بهزيستي", "بهزیستی"),                                  # Arabic yeh
    ("۱۴۰۴/۰۹/۰۴", "1404 09 04"),                            # Persian digits, punctuation splits
    ("٣٤٥", "345"),                                          # Arabic-Indic digits
    ("خُرَّم‌آباد", "خرم اباد"),                               # diacritics, madda
    ("جشنوارهٔ فرهنگی", "جشنواره فرهنگی"),                   # hamza above
    ("خانۀ مردم", "خانه مردم"),
    ("رئیس سازمان", "رییس سازمان"),
    ("مؤسسه", "موسسه"),
    ("لرســـتان", "لرستان"),                                # tatweel
    ("«خبر» (ویژه)، گزارش؛ NEAR", "خبر ویژه گزارش near"),  # punctuation, case
    ("\ufee0\ufeae\ufeb3\ufe98\ufe8e\ufee5", "لرستان"),     # presentation forms
    ("", ""),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_search_form(text: str, expected: str) -> None:
    assert search_form(text) == expected


@pytest.mark.parametrize("text", [
    "روابط عمومي اداره كل بهزيستي استان لرستان؛ ۱۲ مدرسه می شود",
    "خرّم‌آباد‌ ـ  لُرستان", "رئیس اداره تأمین اجتماعی آبادان", "کتاب ها و خانه ی ما", "ﷲ ﻻ ﷼",
])
def test_agrees_with_the_classifier_normaliser(text: str) -> None:
    """What the classifier reads (``fold(normalize(text))``) has the same search form as the raw text."""
    from classify.normalize import fold, normalize

    assert search_form(fold(normalize(text))) == search_form(text)


def test_document_joins_title_lead_and_text() -> None:
    assert document("عنوان", None, "متن") == "عنوان متن"
    assert document("عنوان", "لید", "") == "عنوان لید"


def test_parse_query() -> None:
    assert parse_query("روابط عمومی") == Query(("روابط", "عمومی"))
    assert parse_query('"روابط عمومی" كوهدشت') == Query(("کوهدشت",), (("روابط", "عمومی"),))
    assert parse_query("«روابط عمومی»") == Query((), (("روابط", "عمومی"),))
    assert parse_query('"تک"') == Query(("تک",))       # a one-word phrase is a word
    assert parse_query('"باز نشده') == Query(("باز", "نشده"))  # an unclosed quote is ignored
    assert parse_query("لرستان لرستان") == Query(("لرستان",))
    assert not parse_query('" * ( ) ؟')
    assert len(parse_query(" ".join(f"واژه{i}" for i in range(100))).words) == MAX_QUERY_WORDS
