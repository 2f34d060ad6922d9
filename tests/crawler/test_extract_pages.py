"""Whole pages of the CMS families Seda meets (hand-written fixtures in tests/crawler/pages/)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from crawler.extract import MAX_HTML_BYTES, extract_article, extract_page

PAGES = Path(__file__).parent / "pages"
NOW = dt.datetime(2025, 12, 3, 12, 0, tzinfo=dt.timezone.utc)
Z = "\u200c"


def load(name: str) -> bytes:
    return (PAGES / name).read_bytes()


# file, url, content type, and what must come out
ARTICLES = {
    "nastooh_article.html": dict(
        url="https://www.navanews.ir/news/6678901/آغاز-عملیات-اجرایی-خط-انتقال-آب-سد-معشوره",
        content_type="text/html; charset=utf-8",
        title=f"آغاز عملیات اجرایی خط انتقال آب سد معشوره به خرم{Z}آباد",
        kicker=f"مدیرعامل آب منطقه{Z}ای لرستان خبر داد",
        lead_start=f"خرم{Z}آباد - مدیرعامل شرکت آب منطقه{Z}ای لرستان",
        first=f"به گزارش خبرگزاری نوا به نقل از روابط{Z}عمومی شرکت آب منطقه{Z}ای لرستان",
        last=f"تاکنون ۴۸ روستا از آب شرب پایدار برخوردار شده{Z}اند.",
        paragraphs=8,
        published="2025-11-25T10:23:00+03:30",
        author="زهره کیانی",
        section=f"استان{Z}ها",
        encoding="utf-8",
        evidence={"og:type=article", "url:numeric-id", "url:news-path", "text:density"},
    ),
    "tabnak_article.html": dict(
        url="https://www.tabnakgolestan.ir/fa/news/1283456/افزایش-صادرات",
        content_type="text/html",
        title=f"افزایش ۴۰ درصدی صادرات محصولات کشاورزی از مرز اینچه{Z}برون",
        kicker=f"با وجود محدودیت{Z}های حمل{Z}ونقل مرزی",
        lead_start="صادرات محصولات کشاورزی از بازارچه مرزی",
        first="به گزارش تابناک گلستان، رئیس سازمان صنعت",
        last="حجم صادرات تا پایان سال از ۵۰۰ هزار تن فراتر برود.",
        paragraphs=4,
        published="2025-11-25T10:45:00+03:30",
        published_source="visible_jalali",
        section="اقتصادی",
        encoding="utf-8",
        evidence={"url:numeric-id", "url:news-path", "text:density"},
    ),
    "echo_detail.html": dict(
        url="https://ofoghdaily.ir/Newspaper/Item/54321",
        content_type="text/html; charset=UTF-8",
        title=f"کم{Z}آبی، کشاورزان دشت سیلاخور را به تغییر الگوی کشت واداشت",
        kicker="گزارش «افق» از بروجرد و دورود",
        lead_start=None,
        first="دشت سیلاخور که روزگاری انبار غله غرب کشور",
        last=f"خسارت{Z}های جبران{Z}ناپذیری به زیرساخت{Z}ها وارد خواهد کرد.",
        paragraphs=5,
        published="2025-11-25T08:00:00+03:30",
        published_source="visible_jalali",
        warning="published dates disagree",
        author="مریم صالحی",
        section="جامعه",
        encoding="utf-8",
    ),
    "ministry_aspx_1256.html": dict(
        url="https://www.mrud.gov.ir/Portal/Home/ShowPage.aspx?page=news&ID=45210",
        content_type="text/html; charset=windows-1256",
        title=f"تکميل قطعه دوم آزادراه خرم{Z}آباد - پل{Z}زال تا پايان سال",
        kicker="معاون وزير راه و شهرسازي در سفر به لرستان:",
        lead_start="معاون وزير راه و شهرسازي در بازديد از آزادراه",
        first=f"به گزارش روابط{Z}عمومي وزارت راه و شهرسازي",
        last="خواستار افزايش سهم استان از اعتبارات ملي بخش حمل و نقل شد.",
        paragraphs=4,
        published="2025-11-25T11:45:00+03:30",
        published_source="visible_jalali",
        section="اخبار",
        encoding="windows-1256",
        evidence={"url:query-id", "text:density"},
    ),
    "wordpress_article.html": dict(
        url="https://sepiddasht.ir/1404/09/04/anar-festival-kakareza/",
        content_type="text/html; charset=UTF-8",
        title="برگزاری جشنواره انار در روستای کاکارضا",
        kicker=None,
        lead_start="نخستین جشنواره انار روستای کاکارضا",
        first="به گزارش پایگاه خبری سپیددشت، این جشنواره",
        last="ثبت آن در تقویم رویدادهای استان در دستور کار قرار دارد.",
        paragraphs=4,
        published="2025-11-25T10:40:00+03:30",
        modified="2025-11-25T12:32:00+03:30",
        author="سمیرا احمدی",
        section=f"اخبار شهرستان{Z}ها",
        encoding="utf-8",
        evidence={"og:type=article", "jsonld:Article", "url:date-path", "text:density"},
    ),
    "jsonld_article.html": dict(
        url="https://www.eghtesadbartar.com/news/2025/11/25/vam-vadie-tamdid",
        canonical="https://www.eghtesadbartar.com/fa/news/88213/%D9%85%D9%87%D9%84%D8%AA-%D8%AB%D8%A8%D8%AA-%D9%86%D8%A7%D9%85-%D9%88%D8%A7%D9%85-%D9%88%D8%AF%DB%8C%D8%B9%D9%87",
        content_type="text/html; charset=utf-8",
        title=f"مهلت ثبت{Z}نام وام ودیعه مسکن مستأجران تمدید شد",
        kicker=None,
        lead_start="وزارت راه و شهرسازی مهلت ثبت",
        first="به گزارش اقتصاد برتر، بر اساس اطلاعیه",
        last="تسهیلات را پرداخت کنند.",
        paragraphs=4,
        published="2025-11-25T16:05:00+03:30",
        published_source="jsonld",
        modified="2025-11-25T18:30:00+03:30",
        author="نرگس فرهادی",
        section="مسکن",
        encoding="utf-8",
        evidence={"jsonld:NewsArticle", "url:date-path", "url:news-path", "text:density"},
    ),
}

# strings of the page furniture that must never reach the text
FURNITURE = [
    "اخبار مرتبط", "بهره‌برداری از ۱۲ طرح آبرسانی", "نظرات", "ممنون از پیگیری", "کلیه حقوق", "تمامی حقوق",
    "تلگرام", "واتساپ", "پربازدید", "پربیننده", "برچسب", "انتهای پیام", "کد خبر", "صفحه اصلی", "صفحه نخست",
    "سایر مطالب", "رشد ۱۸ درصدی صادرات غیرنفتی", "کاهش قیمت انار", "دیدگاه", "نوشته قبلی", "خرید اقساطی",
    "پیشنهاد سردبیر", "رشد ۴۰ درصدی اجاره", "آخرین اخبار", "بازدید معاون وزیر", "نسخه چاپی", "کپی شد",
    "بیشتر بخوانید", "کاهش ۳۰ درصدی بارش", "تاریخ انتشار", "عکس تزئینی",
]


@pytest.fixture(params=sorted(ARTICLES), scope="module")
def case(request: pytest.FixtureRequest) -> tuple[str, dict, object]:
    name = request.param
    spec = ARTICLES[name]
    result = extract_page(load(name), spec["url"], spec["content_type"], now=NOW)
    return name, spec, result


def test_is_an_article(case) -> None:
    name, spec, result = case
    assert result.reason is None, f"{name} rejected as {result.reason}"
    article = result.article
    assert article.language == "fa"
    assert article.encoding == spec["encoding"]
    assert article.url == spec.get("canonical", spec["url"])
    if "evidence" in spec:
        assert spec["evidence"] <= set(article.is_article_evidence)


def test_title_kicker_lead(case) -> None:
    _, spec, result = case
    article = result.article
    assert article.title == spec["title"]
    assert article.kicker == spec["kicker"]
    if spec["lead_start"] is None:
        assert article.lead is None
    else:
        assert article.lead is not None and article.lead.startswith(spec["lead_start"])
        assert article.lead not in article.text


def test_body_text(case) -> None:
    _, spec, result = case
    paragraphs = result.article.text.split("\n")
    assert paragraphs[0].startswith(spec["first"])
    assert paragraphs[-1].endswith(spec["last"])
    assert len(paragraphs) == spec["paragraphs"]
    assert spec["title"] not in result.article.text
    norm = result.article.text.replace("ي", "ی")
    for furniture in FURNITURE:
        assert furniture not in norm, furniture


def test_dates_and_bylines(case) -> None:
    _, spec, result = case
    article = result.article
    assert article.published is not None and article.published.isoformat() == spec["published"]
    if "published_source" in spec:
        assert article.published_source == spec["published_source"]
    if "modified" in spec:
        assert article.modified is not None and article.modified.isoformat() == spec["modified"]
    if "warning" in spec:
        assert any(spec["warning"] in w for w in article.warnings)
    else:
        assert not any("disagree" in w for w in article.warnings)
    assert article.author == spec.get("author")
    assert article.section == spec.get("section")


NOT_ARTICLES = [
    ("tag listing with ten teasers", "listing_tag.html", "https://www.tabnakgolestan.ir/fa/tags/412/1/صادرات"),
    ("tag listing under an article-like URL", "listing_tag.html", "https://www.tabnakgolestan.ir/fa/news/412/1/saderat"),
    ("homepage", "homepage.html", "https://www.navanews.ir/"),
    ("homepage under another path", "homepage.html", "https://www.navanews.ir/fa/home/12345"),
]


@pytest.mark.parametrize(("name", "file", "url"), NOT_ARTICLES, ids=[n[0] for n in NOT_ARTICLES])
def test_not_an_article(name: str, file: str, url: str) -> None:
    result = extract_page(load(file), url, "text/html; charset=utf-8", now=NOW)
    assert result.article is None
    assert result.reason in ("listing", "homepage", "too_short", "no_evidence")


def test_soft_404_is_no_article() -> None:
    html = ('<html lang="fa"><head><meta charset="utf-8"><title>خطا - خبرگزاری نوا</title></head><body>'
            '<nav><a href="/">صفحه اصلی</a></nav><h1>خبر مورد نظر یافت نشد</h1>'
            '<p>ممکن است این خبر حذف شده باشد یا نشانی آن تغییر کرده باشد.</p></body></html>')
    assert extract_article(html.encode(), "https://www.navanews.ir/news/6600000/x", now=NOW) is None


@pytest.mark.parametrize(("lang", "paragraph"), [
    ("en", "The governor said on Tuesday that the new water pipeline will reach the city within two years, "
           "ending the summer shortages that have hit the province since the drought began."),
    ("ar", "قال الوزير في مؤتمر صحفي إن هذه الخطة التي أعلنت الحكومة عنها ستنفذ على مراحل خلال العامين المقبلين "
           "وإن الهدف منها هو توفير المياه الصالحة للشرب لجميع القرى في المحافظة."),
])
def test_non_persian_page_is_no_article(lang: str, paragraph: str) -> None:
    html = (f'<html lang="{lang}"><head><meta charset="utf-8"><meta property="og:type" content="article">'
            f"<title>Headline</title></head><body><h1>Headline of the story here</h1>"
            + f"<p>{paragraph}</p>" * 4 + "</body></html>")
    result = extract_page(html.encode(), "https://example.com/news/12345/slug", now=NOW)
    assert result.article is None and result.reason == "not_persian"


def test_five_megabyte_page_is_fast() -> None:
    nastooh = load("nastooh_article.html").decode()
    filler = '<div class="update"><span class="time">۱۰:۲۳</span><p>به‌روزرسانی: خبرنگاران ما در حال تهیه گزارش از محل هستند.</p></div>\n'
    script = "<script>var x = '" + "a" * 20000 + "';</script>\n"
    head, _, tail = nastooh.partition("</article>")
    body = (head + "</article>" + (filler * 40 + script) * 100 + tail).encode()
    body += b"<!-- " + b"x" * (5 * 1024 * 1024 - len(body)) + b" -->"
    assert len(body) >= 5 * 1024 * 1024 > MAX_HTML_BYTES
    start = time.perf_counter()
    article = extract_article(body, ARTICLES["nastooh_article.html"]["url"], "text/html; charset=utf-8", now=NOW)
    elapsed = time.perf_counter() - start
    assert elapsed < 1.5, f"{elapsed:.2f} s"
    assert article is not None and article.title == ARTICLES["nastooh_article.html"]["title"]


def test_html_cut_at_the_limit_still_decodes() -> None:
    body = load("nastooh_article.html").replace(b"<footer", b"<div>" + "خبر ".encode() * 400_000 + b"</div><footer")
    assert len(body) > MAX_HTML_BYTES
    result = extract_page(body, ARTICLES["nastooh_article.html"]["url"], "text/html; charset=utf-8", now=NOW)
    assert result.article is not None
    assert any("cut to" in w for w in result.article.warnings)
    assert "\ufffd" not in result.article.text


@pytest.mark.parametrize(("canonical", "expected", "warned"), [
    ("/news/6678901/slug", "https://www.navanews.ir/news/6678901/slug", False),
    ("https://navanews.ir/news/6678901/slug", "https://navanews.ir/news/6678901/slug", False),
    ("https://m.navanews.ir/news/6678901/slug", "https://m.navanews.ir/news/6678901/slug", False),
    ("https://www.other-agency.ir/news/1/copy", "https://www.navanews.ir/news/6678901/x", True),
    ("https://www.navanews.ir/", "https://www.navanews.ir/news/6678901/x", True),
])
def test_canonical_url(canonical: str, expected: str, warned: bool) -> None:
    html = load("nastooh_article.html").decode()
    start = html.index('<link rel="canonical"')
    end = html.index(">", start) + 1
    html = html[:start] + f'<link rel="canonical" href="{canonical}">' + html[end:]
    html = html.replace('<meta property="og:url"', '<meta property="og:x"')
    article = extract_article(html.encode(), "https://www.navanews.ir/news/6678901/x", now=NOW)
    assert article is not None
    assert article.url == expected
    assert any("canonical" in w for w in article.warnings) is warned


def test_og_url_when_there_is_no_canonical() -> None:
    html = load("nastooh_article.html").decode()
    start = html.index('<link rel="canonical"')
    html = html[:start] + html[html.index(">", start) + 1:]
    article = extract_article(html.encode(), "https://www.navanews.ir/news/6678901", now=NOW)
    assert article is not None
    assert article.url.startswith("https://www.navanews.ir/news/6678901/")


def test_site_name_is_stripped_from_a_head_only_title() -> None:
    html = ('<html lang="fa"><head><meta charset="utf-8"><title>افزایش ۴۰ درصدی صادرات کشاورزی - خبرگزاری نوا</title>'
            '<meta property="og:type" content="article"></head><body>'
            "<p>به گزارش خبرگزاری نوا، صادرات محصولات کشاورزی از بازارچه مرزی در هشت ماه نخست امسال افزایش یافت و "
            "به بیش از ۳۲۰ هزار تن رسید که نسبت به سال گذشته رشد قابل‌توجهی را نشان می‌دهد.</p>"
            "<p>رئیس سازمان صنعت، معدن و تجارت استان گفت: بیشترین اقلام صادراتی سیب‌زمینی، پیاز و مرکبات بوده است.</p>"
            "</body></html>")
    article = extract_article(html.encode(), "https://www.navanews.ir/news/123456", now=NOW)
    assert article is not None
    assert article.title == "افزایش ۴۰ درصدی صادرات کشاورزی"


def test_result_is_plain_data() -> None:
    import dataclasses
    import pickle

    article = extract_article(load("wordpress_article.html"), ARTICLES["wordpress_article.html"]["url"], now=NOW)
    assert article is not None
    data = dataclasses.asdict(article)
    assert pickle.loads(pickle.dumps(data)) == data


JOOMLA = """<!DOCTYPE html><html lang="fa-ir" dir="rtl"><head><meta charset="utf-8">
<title>شهرداری بروجرد - بهسازی ۱۲ کیلومتر از معابر شهری آغاز شد</title></head><body>
<div id="header"><h1><a href="/">شهرداری بروجرد</a></h1><div class="date">چهارشنبه ۱۲ آذر ۱۴۰۴</div></div>
<div id="mainbody"><div class="item-page">
<h2 class="contentheading">بهسازی ۱۲ کیلومتر از معابر شهری آغاز شد</h2>
<dl class="article-info"><dd class="published">منتشر شده در چهارشنبه, ۰۵ آذر ۱۴۰۴ ۰۹:۳۰</dd><dd class="hits">بازدید: 120</dd></dl>
<div class="articleBody">شهردار بروجرد از آغاز عملیات بهسازی و آسفالت ۱۲ کیلومتر از معابر سطح شهر خبر داد و گفت: این طرح با اعتباری
بالغ بر ۸۰ میلیارد ریال در محله‌های کم‌برخوردار اجرا می‌شود.<br><br>
وی افزود: اولویت با معابری است که در بارندگی‌های سال گذشته بیشترین آسیب را دیده‌اند و شکایت شهروندان درباره آن‌ها بیشتر بوده است.<br><br>
<div class="related"><b>اخبار مرتبط:</b><br><a href="/index.php/news/1200-x">تصویب بودجه عمرانی شهرداری در شورای شهر بروجرد</a><br>
<a href="/index.php/news/1188-y">آغاز طرح جمع‌آوری پسماند خشک در محله‌های بروجرد</a></div>
شهردار بروجرد همچنین از شهروندان خواست در مدت اجرای طرح با رعایت محدودیت‌های ترافیکی با عوامل اجرایی همکاری کنند.<br><br>
منبع: روابط‌عمومی شهرداری بروجرد</div>
</div></div>
<div id="left"><div class="moduletable"><h3>آخرین اخبار</h3><ul class="latestnews">
<li><a href="/index.php/news/1230-z">برگزاری جلسه شورای ترافیک شهرستان با حضور فرماندار</a> ۱۴۰۴/۰۹/۰۳</li>
<li><a href="/index.php/news/1229-w">نصب ۲۰۰ چراغ روشنایی در بلوار اصلی شهر به پایان رسید</a> ۱۴۰۴/۰۹/۰۱</li>
<li><a href="/index.php/news/1227-v">آغاز ثبت‌نام دوره‌های آموزش شهروندی در فرهنگسراها</a> ۱۴۰۴/۰۸/۲۸</li></ul></div></div>
<div id="footer">تمامی حقوق برای شهرداری بروجرد محفوظ است.</div></body></html>"""


def test_page_of_an_unseen_cms() -> None:
    """A Joomla municipal site: logo in h1, headline in h2, br-separated body with an inline related box."""
    article = extract_article(JOOMLA.encode(), "https://www.borujerd.ir/index.php/news/1234-behsazi", now=NOW)
    assert article is not None
    assert article.title == "بهسازی ۱۲ کیلومتر از معابر شهری آغاز شد"
    assert article.published is not None and article.published.isoformat() == "2025-11-26T09:30:00+03:30"
    paragraphs = article.text.split("\n")
    assert paragraphs[0].startswith("شهردار بروجرد از آغاز عملیات بهسازی")
    assert any(p.startswith("شهردار بروجرد همچنین از شهروندان خواست") for p in paragraphs)
    for furniture in ("تصویب بودجه عمرانی", "آخرین اخبار", "برگزاری جلسه شورای ترافیک", "تمامی حقوق", "بازدید"):
        assert furniture not in article.text


def test_lead_taken_from_a_first_paragraph_equal_to_the_description() -> None:
    lead = "استاندار لرستان از تخصیص اعتبار برای تکمیل بیمارستان ۳۲۰ تختخوابی خرم‌آباد خبر داد."
    html = (f'<html lang="fa"><head><meta charset="utf-8"><title>تکمیل بیمارستان خرم‌آباد</title>'
            f'<meta name="description" content="{lead}"></head><body><h1>تکمیل بیمارستان خرم‌آباد</h1>'
            f"<div class='c'><p>{lead}</p><p>به گزارش خبرنگار ما، استاندار در جلسه شورای برنامه‌ریزی استان گفت: "
            "این بیمارستان با پیشرفت فیزیکی ۸۰ درصد تا پایان سال آینده به بهره‌برداری می‌رسد و کمبود تخت درمانی "
            "استان را تا حد زیادی جبران می‌کند.</p><p>وی افزود: تجهیزات پزشکی این بیمارستان از محل اعتبارات ملی "
            "تأمین می‌شود.</p></div></body></html>")
    article = extract_article(html.encode(), "https://www.example.ir/news/555555", now=NOW)
    assert article is not None
    assert article.lead == lead
    assert not article.text.startswith(lead)
    assert article.full_text.startswith(lead + "\n")


def test_selectors_for_every_field() -> None:
    html = """<html><head><meta charset="utf-8"><title>سایت</title></head><body>
    <div class="x1">بازگشایی مدارس در روزهای برفی</div><div class="x2">مدیرکل آموزش و پرورش خبر داد</div>
    <div class="x3">مدارس استان فردا با تأخیر دو ساعته باز می‌شوند.</div><span class="x4">۱۴۰۴/۰۹/۰۴ ۰۷:۱۵</span>
    <div class="x5"><p>مدیرکل آموزش و پرورش استان گفت: با توجه به بارش برف و یخبندان معابر، مدارس همه مقاطع در
    شهرهای سردسیر فردا با دو ساعت تأخیر فعالیت خود را آغاز می‌کنند.</p><p>وی افزود: تصمیم درباره روزهای بعد
    پس از بررسی وضعیت جوی در ستاد مدیریت بحران گرفته و اطلاع‌رسانی می‌شود.</p></div>
    <span class="x6">گروه استان‌ها</span><span class="x7">نرگس مرادی</span></body></html>"""
    selectors = {"title": ".x1", "kicker": ".x2", "lead": ".x3", "date": "//span[@class='x4']", "body": "div.x5",
                 "section": ".x6", "author": ".x7"}
    article = extract_article(html.encode(), "https://example.ir/news/4521", selectors=selectors, now=NOW)
    assert article is not None
    assert article.title == "بازگشایی مدارس در روزهای برفی"
    assert article.kicker == "مدیرکل آموزش و پرورش خبر داد"
    assert article.lead == "مدارس استان فردا با تأخیر دو ساعته باز می‌شوند."
    assert article.published is not None and article.published.isoformat() == "2025-11-25T07:15:00+03:30"
    assert article.text.split("\n")[1].startswith("وی افزود")
    assert (article.section, article.author) == ("گروه استان‌ها", "نرگس مرادی")


def test_feed_is_no_article() -> None:
    feed = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>خبرگزاری نوا</title>'
            "<item><title>خبر</title><description>" + "متن خبر " * 100 + "</description></item></channel></rss>")
    assert extract_page(feed.encode(), "https://www.navanews.ir/rss", "application/rss+xml").reason == "not_html"


def test_doctests_of_the_package() -> None:
    import doctest

    from crawler.extract import decode, jalali, metadata, page

    for module in (decode, jalali, metadata, page):
        assert doctest.testmod(module).failed == 0, module.__name__
