"""XML documents of the demo web: RSS 2.0, Atom 1.0, sitemaps (index, plain, Google News)."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from email.utils import format_datetime
from typing import Iterable
from xml.sax.saxutils import escape

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedEntry:
    title: str
    link: str
    summary: str
    published: dt.datetime
    guid: str
    category: str = ""
    content_html: str | None = None
    author: str | None = None


def _e(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def rss(*, title: str, link: str, description: str, entries: Iterable[FeedEntry], self_url: str,
        language: str = "fa", generator: str | None = None, wordpress: bool = False) -> str:
    """An RSS 2.0 channel; ``wordpress`` adds content:encoded and dc:creator as WordPress does."""
    entries = list(entries)
    built = max((e.published for e in entries), default=dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc))
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"'
           + (' xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"'
              if wordpress else "") + ">",
           "<channel>",
           f"<title>{_e(title)}</title>", f"<link>{_e(link)}</link>",
           f"<description>{_e(description)}</description>", f"<language>{language}</language>",
           f'<atom:link href="{_e(self_url)}" rel="self" type="application/rss+xml"/>',
           f"<lastBuildDate>{format_datetime(built)}</lastBuildDate>"]
    if generator:
        out.append(f"<generator>{_e(generator)}</generator>")
    for entry in entries:
        out += ["<item>", f"<title>{_e(entry.title)}</title>", f"<link>{_e(entry.link)}</link>",
                f"<description>{_e(entry.summary)}</description>",
                f"<pubDate>{format_datetime(entry.published)}</pubDate>",
                f'<guid isPermaLink="{"true" if entry.guid == entry.link else "false"}">{_e(entry.guid)}</guid>']
        if entry.category:
            out.append(f"<category>{_e(entry.category)}</category>")
        if wordpress:
            out.append(f"<dc:creator><![CDATA[{entry.author or 'admin'}]]></dc:creator>")
            if entry.content_html is not None:
                out.append(f"<content:encoded><![CDATA[{entry.content_html}]]></content:encoded>")
        out.append("</item>")
    out += ["</channel>", "</rss>", ""]
    return "\n".join(out)


def atom(*, title: str, site_url: str, feed_url: str, entries: Iterable[FeedEntry], author: str) -> str:
    entries = list(entries)
    updated = max((e.published for e in entries), default=dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc))
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fa">',
           f"<title>{_e(title)}</title>", f'<link href="{_e(site_url)}"/>',
           f'<link rel="self" href="{_e(feed_url)}"/>', f"<id>{_e(site_url)}</id>",
           f"<updated>{updated.isoformat()}</updated>", f"<author><name>{_e(author)}</name></author>"]
    for entry in entries:
        out += ["<entry>", f"<title>{_e(entry.title)}</title>", f'<link rel="alternate" href="{_e(entry.link)}"/>',
                f"<id>{_e(entry.guid)}</id>", f"<published>{entry.published.isoformat()}</published>",
                f"<updated>{entry.published.isoformat()}</updated>",
                f'<summary type="text">{_e(entry.summary)}</summary>']
        if entry.category:
            out.append(f'<category term="{_e(entry.category)}"/>')
        out.append("</entry>")
    out += ["</feed>", ""]
    return "\n".join(out)


def sitemap_index(sitemaps: Iterable[tuple[str, dt.datetime | None]]) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for loc, lastmod in sitemaps:
        out.append(f"<sitemap><loc>{_e(loc)}</loc>"
                   + (f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else "") + "</sitemap>")
    out += ["</sitemapindex>", ""]
    return "\n".join(out)


def urlset(urls: Iterable[tuple[str, dt.datetime | None]], *, changefreq: str | None = None) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for loc, lastmod in urls:
        out.append(f"<url><loc>{_e(loc)}</loc>"
                   + (f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else "")
                   + (f"<changefreq>{changefreq}</changefreq>" if changefreq else "") + "</url>")
    out += ["</urlset>", ""]
    return "\n".join(out)


def news_urlset(urls: Iterable[tuple[str, str, dt.datetime]], *, publication: str, language: str = "fa") -> str:
    """A Google News sitemap: ``(loc, title, published)`` per article."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
           ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">']
    for loc, title, published in urls:
        out.append(f"<url><loc>{_e(loc)}</loc><news:news><news:publication><news:name>{_e(publication)}"
                   f"</news:name><news:language>{language}</news:language></news:publication>"
                   f"<news:publication_date>{published.isoformat()}</news:publication_date>"
                   f"<news:title>{_e(title)}</news:title></news:news></url>")
    out += ["</urlset>", ""]
    return "\n".join(out)
