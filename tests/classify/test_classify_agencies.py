"""Agency mentions: literal registry forms and the compositional titles real leads use."""

from __future__ import annotations

import pytest

from classify.agencies import ANCHORED
from classify.document import Analyzer


def mentioned(analyzer: Analyzer, text: str, title: str = "") -> list[str]:
    doc = analyzer.analyse(title, text)
    return sorted({m.agency_id for m in doc.agencies if m.anchor in ANCHORED})


@pytest.mark.parametrize(("text", "expected"), [
    # README 'Matching agencies in real text'
    ("مدیر کمیته امداد شهرستان چگنی گفت: ۲۰۰ طرح اشتغال اجرا شد.", ["emdad"]),
    ("رییس مخابرات پلدختر از قطع تلفن ۸۰۰ مشترک خبر داد.", ["mokhaberat"]),
    ("فرماندار خرم آباد گفت: بازار تنظیم می‌شود.", ["farmandari_counties"]),
    ("مدیر روابط عمومی اداره راه و ترابری لرستان گفت: محور باز است.", ["rahdari"]),
    ("مدیر فرهنگی دانشگاه پیام نور لرستان گفت: جشنواره برگزار می‌شود.", ["pnu_lorestan"]),
    # literal forms, ي/ك and joined spellings
    ("به گزارش روابط عمومي اداره كل بهزيستي استان لرستان، طرح آغاز شد.", ["behzisti"]),
    ("معاون آموزش ابتدایی آموزشوپرورش لرستان گفت: سنجش آغاز شد.", ["amoozesh_parvaresh"]),
    ("به گزارش روابط‌عمومی شرکت آب منطقه‌ای لرستان، سد پر شد.", ["ab_mantaghei"]),
    # county offices of provincial agencies
    ("رئیس اداره تعاون، کار و رفاه اجتماعی شهرستان بروجرد گفت: بازرسی ادامه دارد.", ["taavon_kar"]),
    ("رئیس آموزش و پرورش ناحیه دو خرم‌آباد گفت: ۱۴ مدرسه دو نوبته است.", ["amoozesh_parvaresh"]),
    ("رئیس ناحیه پخش فرآورده‌های نفتی بروجرد گفت: نفت سفید توزیع شد.", ["pakhsh_naft"]),
    ("مدیر توزیع برق شهرستان الیگودرز گفت: برق روستاها وصل شد.", ["tozi_bargh"]),
    # place before the office, level words between
    ("مدیرکل جدید تأمین اجتماعی استان لرستان منصوب شد.", ["tamin_ejtemaei"]),
    ("کمیته امداد امام خمینی استان لرستان ۲۰۰ بسته توزیع کرد.", ["emdad"]),
    # the same title in another province is not a Lorestan agency
    ("مدیرعامل آب منطقه‌ای همدان گفت: سد اکباتان کم‌آب است.", []),
    ("مدیرکل مدیریت بحران استانداری خوزستان گفت: آماده‌ایم.", []),
    ("رئیس سازمان بهزیستی کشور گفت: مستمری افزایش می‌یابد.", []),
    ("مدیرکل تعاون، کار و رفاه اجتماعی چهارمحال و بختیاری گفت: ۵۰۰ قالیباف بیمه شدند.", []),
    # a bare office with no place names no Lorestan agency
    ("مدیرکل بهزیستی گفت: طرح ادامه دارد.", []),
    # plural, generic «استانداری‌ها» in a national list
    ("بر اساس تصمیم استانداری‌ها ادارات خوزستان، بوشهر، ایلام و لرستان تعطیل است.", []),
    # speakers are mentioned too (they are never credited)
    ("امام جمعه خرم‌آباد در خطبه‌ها گفت: مردم صبور باشند.", ["vali_faghih_representative"]),
    ("نماینده مردم کوهدشت و رومشکان در مجلس گفت: جاده تکمیل می‌شود.", ["majlis_representatives"]),
])
def test_agency_mentions(analyzer: Analyzer, text: str, expected: list[str]) -> None:
    assert mentioned(analyzer, text) == expected


def test_home_province_makes_a_bare_province_office_lorestans(analyzer: Analyzer) -> None:
    text = "مدیرکل بهزیستی استان در خرم‌آباد گفت: ۴۰۰ معلول در لرستان صاحب مسکن شدند."
    assert mentioned(analyzer, text) == ["behzisti"]


def test_title_role_is_read(analyzer: Analyzer) -> None:
    doc = analyzer.analyse("", "مدیرکل راه و شهرسازی استان لرستان گفت: کار ادامه دارد.")
    (m,) = [m for m in doc.agencies if m.agency_id == "rah_shahrsazi"]
    assert m.role == "title" and m.anchor == "place"
    assert doc.tk.phrase(m.w0, m.w1) == "مدیرکل راه و شهرسازی استان لرستان"
