"""How fast is article extraction? Pages/s and ms/page over the test fixtures, repeated.

    .venv/bin/python bench/extract_speed.py [--repeat 50]

Prints, per fixture and overall, Seda's ``extract_article`` against trafilatura's own
``bare_extraction`` on the same decoded page, so the cost of Seda's work on top (decoding,
metadata, Jalali dates, article recognition) is the difference.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.extract import extract_article  # noqa: E402
from crawler.extract.decode import decode_html  # noqa: E402

PAGES = ROOT / "tests" / "crawler" / "pages"
URLS = {
    "nastooh_article.html": "https://www.navanews.ir/news/6678901/slug",
    "tabnak_article.html": "https://www.tabnakgolestan.ir/fa/news/1283456/slug",
    "echo_detail.html": "https://ofoghdaily.ir/Newspaper/Item/54321",
    "ministry_aspx_1256.html": "https://www.mrud.gov.ir/Portal/Home/ShowPage.aspx?page=news&ID=45210",
    "wordpress_article.html": "https://sepiddasht.ir/1404/09/04/anar-festival-kakareza/",
    "jsonld_article.html": "https://www.eghtesadbartar.com/fa/news/88213/",
    "listing_tag.html": "https://www.tabnakgolestan.ir/fa/tags/412/1/saderat",
}
NOW = dt.datetime(2025, 12, 3, 12, 0, tzinfo=dt.timezone.utc)


def timed(func, repeat: int) -> float:
    """Best-of-three mean seconds per call over ``repeat`` calls."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(repeat):
            func()
        best = min(best, (time.perf_counter() - start) / repeat)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50, help="calls per fixture per round (default 50)")
    args = parser.parse_args()

    from trafilatura import bare_extraction

    print(f"{'page':28} {'KB':>6} {'seda ms':>9} {'trafilatura ms':>15} {'overhead ms':>12}")
    total_seda = total_traf = 0.0
    for name, url in URLS.items():
        body = (PAGES / name).read_bytes()
        text = decode_html(body).text
        extract_article(body, url, now=NOW)  # warm caches and imports
        seda = timed(lambda b=body, u=url: extract_article(b, u, now=NOW), args.repeat)
        traf = timed(lambda t=text, u=url: bare_extraction(t, url=u, with_metadata=False, include_comments=False),
                     args.repeat)
        total_seda += seda
        total_traf += traf
        print(f"{name:28} {len(body) / 1024:6.1f} {seda * 1000:9.2f} {traf * 1000:15.2f} {(seda - traf) * 1000:12.2f}")
    n = len(URLS)
    print(f"\nall fixtures: {n / total_seda:.0f} pages/s, {total_seda / n * 1000:.2f} ms/page "
          f"(trafilatura alone {total_traf / n * 1000:.2f} ms/page, Seda's own work "
          f"{(total_seda - total_traf) / n * 1000:.2f} ms/page)")


if __name__ == "__main__":
    main()
