"""Whole decisions on news written the way national outlets print it, none of it from the corpus or the
demo web: the datelines and credit lines of IRNA, ISNA, Mehr, YJC and Tasnim, short releases, national
stories that name the province once, other provinces' offices and look-alike names."""

from __future__ import annotations

import pytest

from classify import Classifier

CASES = [
    # (name, title, text, relevance, agency, kind)
    ("yjc desk", "افزایش ۳۰ درصدی خرید گندم در لرستان",
     "به گزارش خبرنگار گروه استان‌های باشگاه خبرنگاران جوان از خرم آباد؛ رئیس سازمان جهاد کشاورزی لرستان "
     "صبح امروز در جمع خبرنگاران اظهار کرد: پیش بینی می شود امسال ۸۰۰ هزار تن گندم از کشاورزان استان خریداری "
     "شود.\n\nوی افزود: ۴۵ مرکز خرید در استان آماده دریافت محصول هستند.",
     "about", "jahad_keshavarzi", "news"),
    ("isna dateline", "کاهش ۲۰ درصدی تصادفات در جاده‌های لرستان",
     "ایسنا/لرستان رئیس پلیس راه استان با اشاره به کاهش ۲۰ درصدی تصادفات فوتی در محورهای استان گفت: نصب "
     "دوربین‌های ثبت تخلف در این کاهش موثر بوده است.\n\nوی افزود: محور خرم‌آباد - پلدختر همچنان پرحادثه‌ترین "
     "محور استان است.", "about", "police", "news"),
    ("mehr dateline", "آغاز طرح زمستانه راهداری",
     "خرم آباد - مدیرکل راهداری و حمل و نقل جاده ای لرستان از آغاز اجرای طرح زمستانه راهداری در محورهای استان "
     "خبر داد.\n\nبه گزارش خبرنگار مهر، وی ظهر امروز در نشست خبری اظهار کرد: ۹۰ راهدارخانه آماده‌اند.",
     "about", "rahdari", "news"),
    ("short release", "توزیع ۲ هزار بسته بهداشتی",
     "به گزارش روابط عمومی جمعیت هلال احمر لرستان، ۲ هزار بسته بهداشتی میان عشایر توزیع شد.",
     "about", "helal_ahmar", "news"),
    ("national inflation list", "نرخ تورم نقطه‌ای به ۳۲ درصد رسید",
     "تهران- ایرنا- مرکز آمار ایران اعلام کرد نرخ تورم نقطه به نقطه در آبان ماه به ۳۲ درصد رسید.\n\nبه گزارش "
     "ایرنا، بیشترین تورم نقطه‌ای مربوط به استان‌های کردستان با ۳۸ درصد و لرستان با ۳۶ درصد و کمترین آن مربوط "
     "به استان هرمزگان است.", "mention", None, "news"),
    ("minister names the county once", "وزیر کشور: سامانه هشدار سیل در ۱۲ استان نصب می‌شود",
     "وزیر کشور در نشست ستاد مدیریت بحران کشور گفت: سامانه هشدار سریع سیلاب در ۱۲ استان سیل‌خیز کشور نصب "
     "می‌شود.\n\nوی افزود: تجربه سیل سال ۹۸ در پلدختر و آق‌قلا نشان داد که هشدار به موقع جان انسان‌ها را نجات "
     "می‌دهد.", "mention", None, "news"),
    ("another province's office", "ساخت ۲۰۰ واحد مسکن محرومان در ایلام",
     "مدیرکل بنیاد مسکن انقلاب اسلامی استان ایلام گفت: ۲۰۰ واحد مسکن برای خانواده‌های محروم در دهلران و "
     "آبدانان ساخته می‌شود.", "none", None, "news"),
    ("ordinary words only", "برگزاری دوره آموزشی مدیران در تهران",
     "دوره آموزشی مدیریت بحران ویژه مدیران دستگاه‌های اجرایی استان تهران برگزار شد.\n\nدر این دوره سلسله "
     "مباحثی درباره مدیریت ریسک ارائه شد و شرکت‌کنندگان از امکانات شبیه‌ساز برخوردار بودند.",
     "none", None, "news"),
    ("a surname", "خرم‌آبادی مدیرعامل بانک توسعه صادرات شد",
     "با حکم وزیر اقتصاد، محمد خرم‌آبادی به عنوان مدیرعامل بانک توسعه صادرات منصوب شد.", "none", None, "news"),
    ("a village of the same name", "مرمت قنات روستای خرم‌آباد رفسنجان",
     "عملیات مرمت قنات تاریخی روستای خرم‌آباد از توابع شهرستان رفسنجان با مشارکت اهالی آغاز شد.",
     "none", None, "news"),
    ("county mayor", "آسفالت ۵۰ کیلومتر معابر بروجرد",
     "شهردار بروجرد از آسفالت ۵۰ کیلومتر از معابر این شهر از ابتدای سال خبر داد.\n\nوی گفت: اعتبار این طرح "
     "۲۰۰ میلیارد ریال بوده است.", "about", "shahrdari_khorramabad", "news"),
    ("a ministry's release quoting the governor", "سفر وزیر نیرو به لرستان",
     "به گزارش روابط عمومی وزارت نیرو، وزیر نیرو در سفر به لرستان از سد معشوره بازدید کرد.\n\nاستاندار "
     "لرستان نیز در این بازدید گفت: تکمیل این سد مطالبه مردم پلدختر است.", "about", None, "news"),
    ("an opinion piece", "چرا گردشگری لرستان رونق نمی‌گیرد؟",
     "یادداشت- علی رضایی، کارشناس گردشگری\n\nلرستان با آبشار بیشه و دریاچه گهر ظرفیت بزرگی دارد اما "
     "گردشگر یک‌روزه می‌آید و می‌رود.", "about", None, "note"),
    ("an interview lead", "برنامه‌های زمستانی هلال احمر لرستان",
     "مدیرعامل جمعیت هلال احمر لرستان در گفت‌وگو با خبرنگار ایرنا گفت: ۳۶ پایگاه امداد جاده‌ای آماده‌اند.",
     "about", "helal_ahmar", "interview"),
]


@pytest.mark.parametrize(("name", "title", "text", "relevance", "agency", "kind"), CASES, ids=[c[0] for c in CASES])
def test_realistic_decisions(classifier: Classifier, name: str, title: str, text: str, relevance: str,
                             agency: str | None, kind: str) -> None:
    d = classifier.classify(title, text)
    assert (d.relevance, d.agency, d.kind) == (relevance, agency, kind)
    assert 0.0 <= d.score <= 1.0
    if relevance == "about":
        assert d.score > 0.5
    if relevance == "none":
        assert d.score < 0.5 and d.evidence["relevance"] is None
