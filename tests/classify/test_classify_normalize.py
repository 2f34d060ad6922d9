"""Persian normalisation: table-driven, on real-looking inputs (the hazm tests' style)."""

from __future__ import annotations

import re

import pytest
from hazm.constants import AFFIX_SPACING_PATTERNS

from classify.normalize import ZWNJ, Tokenizer, fold, normalize
from classify.textkey import TextKey

Z = ZWNJ


@pytest.mark.parametrize(("raw", "expected"), [
    # Arabic yeh/kaf → Persian
    ("رييس اداره كل بهزيستي", "رییس اداره کل بهزیستی"),
    ("مدیر كل ي", "مدیر کل ی"),
    # Persian and Arabic-Indic digits → ASCII
    ("۱۴۰۴/۰۹/۰۴ و ٣٤ نفر", "1404/09/04 و 34 نفر"),
    ("۴٫۵ ریشتر", "4.5 ریشتر"),
    # diacritics, tatweel, hamza above
    ("خُرَّم‌آباد", "خرم" + Z + "آباد"),
    ("لـــرستان", "لرستان"),
    ("خانهٔ فرهنگ", "خانه فرهنگ"),
    # ة / ۀ
    ("مدرسۀ علمیة", "مدرسه علمیه"),
    # spaces: runs, no-break and thin spaces, around newlines
    ("استان\u00a0لرستان  و   ایلام", "استان لرستان و ایلام"),
    ("بند اول \n بند دوم", "بند اول\nبند دوم"),
    # ZWNJ: runs collapse, lone ones at word edges go, between letters they stay
    ("روابط" + Z + Z + "عمومی", "روابط" + Z + "عمومی"),
    (Z + "سلام" + Z + " به " + Z + "همه" + Z, "سلام به همه"),
    ("\u200bخرم\u200bآباد", "خرم" + Z + "آباد"),  # zero-width space used as half-space
    # half-space affixes (hazm's rules)
    ("می شود و نمی داند", "می" + Z + "شود و نمی" + Z + "داند"),
    ("کتاب ها و خانهها", "کتاب" + Z + "ها و خانه" + Z + "ها"),
    ("بزرگ ترین سد", "بزرگ" + Z + "ترین سد"),
    ("خانه ی ما", "خانه" + Z + "ی ما"),
    # presentation forms and ligatures
    ("ﻻ ﷼", "لا ریال"),
    ("", ""),
])
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("رئیس", "رییس"),
    ("تأمین اجتماعی", "تامین اجتماعی"),
    ("مؤمن‌آباد", "مومن" + Z + "اباد"),
    ("آب و فاضلاب", "اب و فاضلاب"),
])
def test_fold_merges_interchangeable_letters(raw: str, expected: str) -> None:
    assert fold(normalize(raw)) == expected
    assert len(fold(normalize(raw))) == len(normalize(raw))


@pytest.mark.parametrize("spelling", ["روابط عمومی", "روابط" + Z + "عمومی", "روابطعمومی", "روابط  عمومي"])
def test_zwnj_space_and_joined_spellings_share_one_key(spelling: str) -> None:
    assert TextKey(normalize(spelling)).key == "روابطعمومی"


def test_affix_rules_match_hazm() -> None:
    """The literal-first affix regexes give hazm's AFFIX_SPACING_PATTERNS results."""
    samples = ["کتاب ها را می خواند و نمی داند", "خانه ی ما", "بزرگ تر و بزرگ ترین", "خانه ام", "خانهها",
               "سال 1404 ها", "تر و خشک", "مدیر کل گفت: این کار ها", "می" + Z + "شود"]
    for s in samples:
        expected = s
        for pattern, repl in AFFIX_SPACING_PATTERNS:
            expected = re.sub(pattern, repl, expected)
        assert normalize(s) == expected


def test_tokenizer_is_built_once_and_joins_verbs() -> None:
    tok = Tokenizer()
    assert tok.tokenize(normalize("مدیرکل بهزیستی لرستان گفته شده است")) == ["مدیرکل", "بهزیستی", "لرستان",
                                                                               "گفته_شده_است"]
