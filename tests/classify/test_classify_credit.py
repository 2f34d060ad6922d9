"""Credit: each attribution shape of phrases.yaml, county offices, chains, two agencies, outlet desks."""

from __future__ import annotations

import pytest

from classify.credit import NEEDS_REVIEW_BELOW, credit
from classify.document import Analyzer
from classify.evidence import phrase
from classify.kind import coverage_kind
from seda.registry import Registry


def credited(analyzer: Analyzer, registry: Registry, text: str, title: str = "", kicker: str | None = None):
    doc = analyzer.analyse(title, text, kicker=kicker)
    kind, _ = coverage_kind(doc)
    speakers = frozenset(a.id for a in registry.agencies if a.kind == "speaker")
    outlets = frozenset(a.id for a in registry.agencies if a.kind == "outlet")
    c = credit(doc, kind, speakers, outlets)
    return c, (phrase(doc, *c.span) if c.span else None)


@pytest.mark.parametrize(("text", "agency", "shape", "evidence"), [
    # به گزارش روابط عمومی {AGENCY}
    ("به گزارش روابط عمومی شرکت آب منطقه‌ای لرستان، حجم سدها کاهش یافت.", "ab_mantaghei", "pr_release",
     "به گزارش روابط عمومی شرکت آب منطقه‌ای لرستان"),
    # به گزارش اداره کل روابط عمومی و امور بین‌الملل {AGENCY}
    ("به گزارش اداره کل روابط عمومی و امور بین‌الملل استانداری لرستان، جلسه شورای اداری برگزار شد.",
     "ostandari_lorestan", "pr_release", "به گزارش اداره کل روابط عمومی و امور بین‌الملل استانداری لرستان"),
    # به گزارش {OUTLET} به نقل از روابط عمومی {AGENCY}
    ("به گزارش ایرنا به نقل از روابط عمومی اداره کل کانون پرورش فکری کودکان و نوجوانان استان لرستان، "
     "کتابخانه سیار به روستاها رفت.", "kanoon", "pr_release",
     "به نقل از روابط عمومی اداره کل کانون پرورش فکری کودکان و نوجوانان استان لرستان"),
    # chained: credit the innermost PR source
    ("به گزارش سایت قطره و به نقل از خبرگزاری مهر به نقل از روابط عمومی اداره کل استاندارد استان لرستان، "
     "۲۱۰ بخاری غیراستاندارد جمع شد.", "standard", "pr_release",
     "به نقل از روابط عمومی اداره کل استاندارد استان لرستان"),
    # روابط عمومی {AGENCY} اعلام کرد / در اطلاعیه‌ای
    ("روابط عمومی دانشگاه علوم پزشکی لرستان اعلام کرد: واکسن آنفلوانزا رسید.", "lums", "pr_subject",
     "روابط عمومی دانشگاه علوم پزشکی لرستان اعلام کرد"),
    ("روابط عمومی اداره کل تبلیغات اسلامی استان لرستان در اطلاعیه‌ای فراخوان داد.", "tablighat", "pr_subject",
     "روابط عمومی اداره کل تبلیغات اسلامی استان لرستان در اطلاعیه‌ای"),
    # مدیر روابط عمومی {AGENCY} گفت
    ("مدیر روابط عمومی شرکت گاز استان لرستان گفت: مصرف ۲۵ درصد بیشتر شد.", "gas", "pr_head_quoted",
     "مدیر روابط عمومی شرکت گاز استان لرستان گفت"),
    # به گزارش پایگاه اطلاع‌رسانی {AGENCY}
    ("به گزارش پایگاه اطلاع‌رسانی اداره کل هواشناسی استان لرستان، برف می‌بارد.", "havashenasi",
     "agency_website", "به گزارش پایگاه اطلاع‌رسانی اداره کل هواشناسی استان لرستان"),
    # منبع: روابط عمومی {AGENCY}
    ("۶ میلیون لیتر نفت سفید در روستاهای لرستان توزیع شد.\n\nمنبع: روابط عمومی شرکت ملی پخش فرآورده‌های "
     "نفتی منطقه لرستان", "pakhsh_naft", "source_line",
     "منبع: روابط عمومی شرکت ملی پخش فرآورده‌های نفتی منطقه لرستان"),
    # a quoted official in the lead
    ("خرم‌آباد- ایرنا- مدیرکل راه و شهرسازی لرستان گفت: ۱۸ کیلومتر چهارخطه افتتاح می‌شود.", "rah_shahrsazi",
     "official_lead", "مدیرکل راه و شهرسازی لرستان"),
    ("مدیرعامل شرکت شهرک‌های صنعتی استان لرستان از واگذاری ۸۵ هکتار زمین خبر داد.", "shahrakha",
     "official_lead", "مدیرعامل شرکت شهرک‌های صنعتی استان لرستان"),
    # county offices
    ("فرماندار پلدختر گفت: دیواره سیل‌بند ۷۰ درصد پیشرفت دارد.", "farmandari_counties", "official_lead",
     "فرماندار پلدختر"),
    ("رئیس اداره بهزیستی شهرستان کوهدشت گفت: ۱۲ کارگاه راه‌اندازی شد.", "behzisti", "official_lead",
     "رئیس اداره بهزیستی شهرستان کوهدشت"),
    # an outlet's reporter is not a source: the official quoted is
    ("به گزارش خبرنگار مهر از خرم‌آباد، فرماندار دورود گفت: فاضلاب چالانچولان تکمیل می‌شود.",
     "farmandari_counties", "official_lead", "فرماندار دورود"),
    # appointment
    ("با حکم مدیرکل منابع طبیعی و آبخیزداری استان لرستان، رئیس اداره منابع طبیعی کوهدشت منصوب شد.",
     "manabe_tabiei", "appointment", "مدیرکل منابع طبیعی و آبخیزداری استان لرستان"),
])
def test_credit_shapes(analyzer: Analyzer, registry: Registry, text: str, agency: str, shape: str,
                       evidence: str) -> None:
    c, ev = credited(analyzer, registry, text)
    assert (c.agency, c.shape, ev) == (agency, shape, evidence)
    assert not c.needs_review


def test_pr_source_beats_a_mentioned_agency(analyzer: Analyzer, registry: Registry) -> None:
    text = ("به گزارش روابط عمومی بنیاد مسکن انقلاب اسلامی استان لرستان، ۵۰۰ واحد مسکن برای مددجویان "
            "کمیته امداد و بهزیستی لرستان ساخته می‌شود. مدیرکل بهزیستی لرستان گفت: سهم ما ۲۰۰ واحد است.")
    assert credited(analyzer, registry, text)[0].agency == "bonyad_maskan"


def test_lead_speaker_beats_later_ones(analyzer: Analyzer, registry: Registry) -> None:
    text = ("مدیرکل مدیریت بحران استان لرستان گفت: مانور سیل در پلدختر برگزار شد.\n\n"
            "فرماندار پلدختر نیز گفت: ساکنان حاشیه رود هشدارها را جدی بگیرند.")
    assert credited(analyzer, registry, text)[0].agency == "modiriat_bohran"


def test_speakers_are_never_credited(analyzer: Analyzer, registry: Registry) -> None:
    text = "امام جمعه خرم‌آباد در خطبه‌های نماز جمعه گفت: مسئولان به فکر سیل‌زدگان باشند."
    assert credited(analyzer, registry, text)[0].agency is None


def test_provincial_desk_of_a_registry_outlet_is_the_outlet(analyzer: Analyzer, registry: Registry) -> None:
    """IRIB Lorestan's desk is an outlet: never credited itself; like any outlet's reporter, the official it
    quotes is (REGISTRY_OUTLET_DESK_CREDITS_SPEAKER)."""
    desk_only = "به گزارش خبرگزاری صدا و سیمای مرکز لرستان، بازار میوه خرم‌آباد در شب یلدا شلوغ است."
    assert credited(analyzer, registry, desk_only)[0].agency is None
    quoting = ("به گزارش خبرگزاری صدا و سیمای مرکز لرستان، مدیر توزیع برق شهرستان الیگودرز گفت: "
               "برق ۳۲ روستا وصل شد.")
    assert credited(analyzer, registry, quoting)[0].agency == "tozi_bargh"


def test_an_outlet_reporting_its_own_activity_is_credited(analyzer: Analyzer, registry: Registry) -> None:
    text = "به گزارش روابط عمومی صدا و سیمای مرکز لرستان، شبکه افلاک ۲۰ برنامه تازه پخش می‌کند."
    assert credited(analyzer, registry, text)[0].agency == "irib_lorestan"


def test_another_provinces_pr_is_not_credited(analyzer: Analyzer, registry: Registry) -> None:
    text = "به گزارش روابط عمومی شرکت آب منطقه‌ای همدان، حجم سد اکباتان به ۱۶ درصد رسید."
    assert credited(analyzer, registry, text)[0].agency is None


def test_a_bare_mention_is_flagged_for_review(analyzer: Analyzer, registry: Registry) -> None:
    c, _ = credited(analyzer, registry, "کتابخانه‌های سیار کانون پرورش فکری لرستان به ۴۰ روستا می‌روند.")
    assert c.agency == "kanoon" and c.confidence < NEEDS_REVIEW_BELOW and c.needs_review


def test_opinion_notes_have_no_source(analyzer: Analyzer, registry: Registry) -> None:
    text = "نویسنده: سارا امیری، پژوهشگر\n\nشرکت آب منطقه‌ای لرستان باید برنامه کم‌آبی را جدی بگیرد."
    assert credited(analyzer, registry, text, kicker="یادداشت")[0].agency is None


def test_home_province_credits_an_office_named_without_a_place(analyzer: Analyzer, registry: Registry) -> None:
    text = ("خرم‌آباد- ایرنا- مدیرکل بهزیستی در جمع خبرنگاران گفت: ۴۰۰ معلول در لرستان صاحب مسکن شدند.\n\n"
            "وی افزود: سهم شهرستان‌های کوهدشت و دلفان ۱۲۰ واحد است.")
    c, ev = credited(analyzer, registry, text)
    assert c.agency == "behzisti" and ev == "مدیرکل بهزیستی"
    assert NEEDS_REVIEW_BELOW <= c.confidence < 0.8  # lower than a title that names the province


def test_evidence_is_quoted_as_written(analyzer: Analyzer, registry: Registry) -> None:
    text = "به گزارش روابط عمومي اداره كل اوقاف و امور خيريه استان لرستان، ۵ ميليارد تومان صرف دانش‌آموزان شد."
    c, ev = credited(analyzer, registry, text)
    assert c.agency == "oghaf"
    assert ev == "به گزارش روابط عمومي اداره كل اوقاف و امور خيريه استان لرستان"
