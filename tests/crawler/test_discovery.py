"""Discovery strategies on hand-written pages: links, feeds, sitemaps, pagination, top blocks."""

from __future__ import annotations

import datetime

from crawler import discovery
from crawler.placements import placements

BASE = "https://news.example.ir/"

HOME = """<html><head>
<link rel="alternate" type="application/rss+xml" href="/rss">
</head><body>
<header><nav><a href="/service/economy">اقتصادی</a><a href="/service/provinces">استان‌ها</a>
<a href="/news/700001/menu-item">خبر منو</a></nav></header>
<main>
<section class="top-news">
  <a href="/news/712345/a">استاندار لرستان از آغاز عملیات اجرایی طرح آبرسانی خبر داد</a>
  <a href="/news/712346/b?utm_source=home">مدیرکل راهداری لرستان: محورهای کوهستانی بازگشایی شد</a>
</section>
<div class="latest-news"><a href="/news/712347/c">آخرین خبر درباره بازار</a></div>
</main>
<footer><a href="/about">درباره ما</a><a href="/logo.png">لوگو</a><a href="https://other.ir/news/1">دیگر</a></footer>
</body></html>"""


def test_page_links_marks_articles_and_listings() -> None:
    doc = discovery.parse_html(HOME, BASE)
    links = {ln.url: ln for ln in discovery.page_links(doc, BASE)}
    assert links["https://news.example.ir/news/712346/b"].article  # tracker dropped
    assert links["https://news.example.ir/service/provinces"].listing
    assert "https://news.example.ir/logo.png" not in links and "https://other.ir/news/1" not in links
    assert not links["https://news.example.ir/about"].article


def test_feed_links_from_head() -> None:
    assert discovery.feed_links(discovery.parse_html(HOME, BASE), BASE) == ["https://news.example.ir/rss"]


def test_top_block_in_order() -> None:
    found = placements(HOME, BASE)
    assert found == [("https://news.example.ir/news/712345/a", "top", 1),
                     ("https://news.example.ir/news/712346/b", "top", 2)]


def test_slider_block_on_a_portal() -> None:
    page = """<html><body><div id="header"><a href="/Portal/Home/ShowPage.aspx?Object=News&ID=1">x</a></div>
    <div class="news-slider owl-carousel"><div class="item"><a href="/Portal/Home/ShowPage.aspx?Object=News&ID=7">
    وزیر نیرو در سفر به لرستان از طرح‌های آبرسانی بازدید کرد</a></div></div></body></html>"""
    assert placements(page, BASE) == [("https://news.example.ir/Portal/Home/ShowPage.aspx?Object=News&ID=7", "slider", 1)]


def test_next_page_variants() -> None:
    rel = '<html><head><link rel="next" href="?page=3"></head><body></body></html>'
    assert discovery.next_page(discovery.parse_html(rel, BASE + "list?page=2"), BASE + "list?page=2") == BASE + "list?page=3"
    text = '<html><body><a href="/archive?page=2">صفحه بعد</a></body></html>'
    assert discovery.next_page(discovery.parse_html(text, BASE + "archive"), BASE + "archive") == BASE + "archive?page=2"
    numbered = ('<html><body><ul class="pagination"><li class="active"><span>۲</span></li>'
                '<li><a href="/tags/452/1/x">۱</a></li><li><a href="/tags/452/3/x">۳</a></li></ul></body></html>')
    url = BASE + "tags/452/2/x"
    assert discovery.next_page(discovery.parse_html(numbered, url), url) == BASE + "tags/452/3/x"


def test_rss_and_atom() -> None:
    rss = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>
    <item><title>t</title><link>https://news.example.ir/news/1</link><pubDate>Tue, 25 Nov 2025 06:53:00 GMT</pubDate></item>
    <item><title>t2</title><guid>https://news.example.ir/news/2</guid></item></channel></rss>"""
    entries = discovery.parse_feed(rss, BASE + "rss")
    assert [e.url for e in entries] == [BASE + "news/1", BASE + "news/2"]
    assert entries[0].published == datetime.datetime(2025, 11, 25, 6, 53, tzinfo=datetime.UTC)
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="alternate" href="/news/9"/>
    <updated>2025-11-25T10:23:00+03:30</updated></entry></feed>"""
    entries = discovery.parse_feed(atom, BASE + "atom.xml")
    assert entries[0].url == BASE + "news/9" and entries[0].published.utcoffset() == datetime.timedelta(hours=3, minutes=30)
    assert discovery.parse_feed(b"<html><body>not a feed</body></html>", BASE) is None


def test_sitemap_index_and_news_sitemap() -> None:
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>https://news.example.ir/sitemap-news.xml</loc><lastmod>2025-11-25</lastmod></sitemap></sitemapindex>"""
    result = discovery.parse_sitemap(index, BASE + "sitemap.xml")
    assert [s.url for s in result.sitemaps] == [BASE + "sitemap-news.xml"] and result.urls == []
    news = """<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
      xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://news.example.ir/news/5</loc>
      <lastmod>2025-11-26T00:00:00Z</lastmod><news:news><news:publication_date>2025-11-25T10:23:00+03:30</news:publication_date>
      <news:title>خبر</news:title></news:news></url></urlset>""".encode()
    result = discovery.parse_sitemap(news, BASE + "sitemap-news.xml")
    assert result.urls[0].published.isoformat() == "2025-11-25T10:23:00+03:30"


def test_robots_sitemaps() -> None:
    body = b"User-agent: *\nDisallow: /admin/\nSitemap: https://news.example.ir/sitemap.xml\nsitemap: /s2.xml\n"
    assert discovery.robots_sitemaps(body, BASE + "robots.txt") == [BASE + "sitemap.xml", BASE + "s2.xml"]
