"""Site definitions of the demo web, read from ``demoweb/sites.yaml``."""
from __future__ import annotations

import logging
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

logger = logging.getLogger(__name__)

SITES_FILE = Path(__file__).resolve().parent / "sites.yaml"
FAMILIES = ("payam", "sepehr", "baran", "niroo", "kar", "aflak")


@dataclass(frozen=True)
class Section:
    slug: str
    fa: str
    num: int


@dataclass(frozen=True)
class SiteConfig:
    """One site: identity, renderer family and the knobs its renderer reads."""

    id: str
    name: str
    kind: str
    level: str
    family: str
    name_en: str = ""
    encoding: str = "utf-8"
    date_format: str = "{d} {month} {yyyy}، {HH}:{MM}"
    list_date_format: str | None = None
    time_format: str | None = None
    digits: str = "persian"
    numbering_base: int = 1000
    minutes_per_number: int = 1
    menu: tuple[str, ...] = ()
    tag_ids: dict[str, int] = field(default_factory=dict)
    head: dict[str, bool] = field(default_factory=dict)
    gzip: bool = False
    feed_link_on_homepage: bool = False
    robots_disallow: tuple[str, ...] = ("/admin/",)
    search_probe: str | None = None
    source: dict[str, Any] = field(default_factory=dict)
    traps: tuple[str, ...] = ()
    layout_id: str = ""

    def has(self, head_feature: str) -> bool:
        """Whether the article page head carries ``head_feature`` (canonical, og, jsonld, ...)."""
        return bool(self.head.get(head_feature, False))


@dataclass(frozen=True)
class SiteCatalog:
    sites: tuple[SiteConfig, ...]
    sections: dict[str, Section]

    def section(self, slug: str) -> Section:
        """The section for ``slug``; unknown slugs get a stable number and their slug as name."""
        if slug in self.sections:
            return self.sections[slug]
        return Section(slug=slug, fa=slug, num=50 + zlib.crc32(slug.encode()) % 900)

    def get(self, site_id: str) -> SiteConfig:
        for site in self.sites:
            if site.id == site_id:
                return site
        raise KeyError(f"unknown site {site_id!r}; known: {', '.join(s.id for s in self.sites)}")


def load_sites(path: Path | str | None = None) -> SiteCatalog:
    """Read and validate the site definitions."""
    path = Path(path) if path else SITES_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    sections = {
        slug: Section(slug=slug, fa=str(value["fa"]), num=int(value["num"]))
        for slug, value in (data.get("sections") or {}).items()
    }
    sites = []
    for raw in data.get("sites") or []:
        sites.append(site_from_mapping(raw, where=str(path)))
    ids = [s.id for s in sites]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path}: duplicate site ids in {ids}")
    return SiteCatalog(sites=tuple(sites), sections=sections)


def site_from_mapping(raw: dict[str, Any], where: str = "sites") -> SiteConfig:
    """Build a :class:`SiteConfig` from one YAML mapping, naming the site in every error."""
    missing = [key for key in ("id", "name", "kind", "level", "family") if not raw.get(key)]
    if missing:
        raise ValueError(f"{where}: site {raw.get('id', '?')}: missing {', '.join(missing)}")
    if raw["family"] not in FAMILIES:
        raise ValueError(f"{where}: site {raw['id']}: family {raw['family']!r} is not one of {', '.join(FAMILIES)}")
    numbering = raw.get("numbering") or {}
    return SiteConfig(
        id=raw["id"], name=raw["name"], kind=raw["kind"], level=raw["level"], family=raw["family"],
        name_en=raw.get("name_en", ""), encoding=raw.get("encoding", "utf-8"),
        date_format=raw.get("date_format", SiteConfig.date_format),
        list_date_format=raw.get("list_date_format"), time_format=raw.get("time_format"),
        digits=raw.get("digits", "persian"),
        numbering_base=int(numbering.get("base", 1000)),
        minutes_per_number=max(1, int(numbering.get("minutes_per_number", 1))),
        menu=tuple(raw.get("menu") or ()), tag_ids=dict(raw.get("tag_ids") or {}),
        head=dict(raw.get("head") or {}), gzip=bool(raw.get("gzip", False)),
        feed_link_on_homepage=bool(raw.get("feed_link_on_homepage", False)),
        robots_disallow=tuple(raw.get("robots_disallow") or ("/admin/",)),
        search_probe=raw.get("search_probe"), source=dict(raw.get("source") or {}),
        traps=tuple(raw.get("traps") or ()), layout_id=raw.get("layout_id", ""),
    )
