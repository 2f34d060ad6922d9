"""Write the shipped config.yaml from the shared reference's sources.yaml.

    python tools/build_config.py [REFERENCE_DIR] > config.yaml

Entries with URLs seen in published pages come first in each group; feeds, listings and search URLs are
kept only where the reference gives a concrete URL (no unresolved {placeholders}).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

KIND = {"national_news_agency": "news_agency", "national_news_site": "other", "national_newspaper": "newspaper",
        "broadcaster": "broadcaster", "ministry": "ministry", "ministry_news_agency": "ministry",
        "aggregator": "other", "provincial_outlet": "provincial_outlet"}
HEADER = """\
# Seda configuration. Every setting has a default in seda/config.py; this file only overrides.
# Validate with `seda check`. The demo does not use this file: `seda demo` writes its own for the demo web.
database:
  url: sqlite:///data/seda.db          # or postgresql://user@host/seda ; env SEDA_DATABASE_URL overrides

crawl:
  max_age_days: 30                     # items published longer ago are neither followed nor stored
  contact: pr-monitor@example.org      # put the operator's address here: it goes into the User-Agent
  download_delay: 1.0
  concurrent_per_domain: 2

schedule:
  timezone: Asia/Tehran
  crawl: "30 1 * * *"                  # every night at 01:30 Tehran time
  digest: "0 8 * * sat"                # Saturday 08:00: the week that just ended

digest:
  sender: seda@example.org
  recipients: []                       # e.g. [pr-council@ostan-lr.ir]
  smtp:
    host: 127.0.0.1
    port: 25
    security: none                     # none | starttls | ssl ; password from env SEDA_SMTP_PASSWORD

# Sources: national outlets and ministries (from shared/reference/sources.yaml), entries whose URLs were
# seen in published pages first. A source with only `homepage` works: the crawler discovers feeds,
# sitemaps and article links itself.
sources:
"""


def concrete(url: object) -> str | None:
    if isinstance(url, str) and url.startswith("http") and "{" not in url and " " not in url.split("?")[0]:
        return url
    return None


def verified(entry: dict) -> bool:
    return "seen_in_news_pages" in json.dumps(entry, ensure_ascii=False)


def homepage(e: dict) -> str | None:
    domain = e.get("domain", "")
    if "." not in domain:
        return None
    www = f"https://www.{domain}/"
    return www if www[:-1] in json.dumps(e, ensure_ascii=False) else f"https://{domain}/"


def source_entry(e: dict, level: str) -> dict:
    out: dict = {"id": e["id"].replace("_", "-"), "name": e["name_fa"], "kind": KIND.get(e.get("kind", ""), "other"),
                 "level": level, "homepage": homepage(e)}
    feeds = [concrete(r.get("url")) for r in e.get("rss") or [] if isinstance(r, dict)]
    feeds = [f for f in feeds if f]
    if feeds:
        out["feeds"] = feeds
    sm = e.get("sitemap")
    if isinstance(sm, dict) and concrete(sm.get("url")) and sm.get("status") != "assumed_pattern":
        out["sitemaps"] = [sm["url"]]
    listings = []
    prov = e.get("provincial") or {}
    if isinstance(prov, dict):
        listings.append(concrete(prov.get("lorestan_page")))
    tags = e.get("tag_url") or {}
    if isinstance(tags, dict) and isinstance(tags.get("lorestan"), str):
        listings.append(concrete(tags["lorestan"].replace("{page}", "1")))
    for s in e.get("sections") or []:
        listings.append(concrete(str(s).replace("{n}", "1")))
    listings = [u for u in dict.fromkeys(listings) if u]
    if listings:
        out["listings"] = listings
    search = (e.get("search_url") or {}).get("pattern") if isinstance(e.get("search_url"), dict) else None
    if isinstance(search, str) and "لرستان" in search:
        out["search"] = search.replace("لرستان", "{query}")
    return out


def main(argv: list[str]) -> int:
    ref = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "reference"
    doc = yaml.safe_load((ref / "sources.yaml").read_text(encoding="utf-8"))
    parts = [HEADER]
    for group, level in (("national_outlets", "national"), ("ministries_and_national_bodies", "national"),
                         ("provincial_outlets", "provincial")):
        entries = sorted(doc[group], key=lambda e: not verified(e))
        parts.append(f"  # --- {group.replace('_', ' ')} ---\n")
        for e in entries:
            entry = source_entry(e, level)
            if not entry["homepage"]:
                continue
            note = "seen in published pages" if verified(e) else "not verified: check before relying on it"
            text = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=200)
            parts.append(f"  # {e['id']}: {note}\n" + "".join("  " + line + "\n" for line in text.splitlines()))
    sys.stdout.write("".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
