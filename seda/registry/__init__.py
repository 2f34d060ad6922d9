"""The province's registry: its agencies (with every name form) and its places (with their ambiguities).

The registry is data, not code: ``agencies.yaml`` and ``places.yaml`` beside this module are derived from
the shared reference by ``tools/build_registry.py``; another province runs Seda with its own files
(``province.agencies_file`` / ``province.places_file`` in config.yaml). Files are validated when loaded:
an invalid registry stops start-up with one line that names the file and the record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from seda.errors import RegistryError

HERE = Path(__file__).resolve().parent
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
AGENCY_KINDS = ("agency", "speaker", "outlet")
PLACE_TYPES = ("province", "county", "city", "district", "landmark", "demonym")

__all__ = ["Agency", "Place", "Registry", "load_registry", "AGENCY_KINDS", "PLACE_TYPES"]


@dataclass(frozen=True)
class Agency:
    id: str
    name_fa: str
    kind: str = "agency"
    sector: str = ""
    parent: str | None = None
    parent_body: str | None = None
    aliases: tuple[str, ...] = ()
    title_forms: tuple[str, ...] = ()
    pr_forms: tuple[str, ...] = ()
    sub_units: tuple[str, ...] = ()
    website: Any = None
    confidence: str = ""
    note: str | None = None


@dataclass(frozen=True)
class Place:
    id: str
    name_fa: str
    type: str
    county: str | None = None
    variants: tuple[str, ...] = ()
    ambiguous: bool = False
    # Free-text notes: what else the name can mean (another province's city, a common word, a surname).
    ambiguity: tuple[str, ...] = ()
    former_names: tuple[str, ...] = ()
    # False for landmarks just outside the province (سد سیمره in Ilam): a mention is not Lorestan.
    inside: bool = True


@dataclass(frozen=True)
class Registry:
    province_id: str
    province_name: str
    agencies: tuple[Agency, ...]
    places: tuple[Place, ...]
    title_heads: dict[str, str] = field(default_factory=dict)

    def agency(self, agency_id: str) -> Agency:
        for a in self.agencies:
            if a.id == agency_id:
                return a
        raise KeyError(agency_id)

    @property
    def agency_ids(self) -> frozenset[str]:
        return frozenset(a.id for a in self.agencies)

    def counties(self) -> list[Place]:
        return [p for p in self.places if p.type == "county"]


def load_registry(agencies_file: str | Path | None = None, places_file: str | Path | None = None) -> Registry:
    """Load and validate the registry; the shipped files by default."""
    agencies_path = Path(agencies_file) if agencies_file else HERE / "agencies.yaml"
    places_path = Path(places_file) if places_file else HERE / "places.yaml"
    agencies_doc = _read(agencies_path)
    places_doc = _read(places_path)
    agencies, heads = parse_agencies(agencies_doc, agencies_path.name)
    province_id, province_name, places = parse_places(places_doc, places_path.name)
    return Registry(province_id, province_name, agencies, places, heads)


def _read(path: Path) -> dict[str, Any]:
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except FileNotFoundError:
        raise RegistryError(f"registry file not found: {path}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise RegistryError(f"{path}{line}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(doc, dict):
        raise RegistryError(f"{path}: expected a mapping at the top level")
    return doc


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RegistryError(f"{where}: must be a list of non-empty strings")
    return tuple(value)


def parse_agencies(doc: dict[str, Any], name: str = "agencies.yaml") -> tuple[tuple[Agency, ...], dict[str, str]]:
    records = doc.get("agencies")
    if not isinstance(records, list) or not records:
        raise RegistryError(f"{name}: 'agencies' must be a non-empty list")
    out: list[Agency] = []
    seen: set[str] = set()
    for i, r in enumerate(records):
        if not isinstance(r, dict) or not isinstance(r.get("id"), str) or not r["id"]:
            raise RegistryError(f"{name}: agencies[{i}] has no id")
        aid = r["id"]
        where = f"{name}: agency {aid!r}"
        if aid in seen:
            raise RegistryError(f"{where}: duplicate id")
        seen.add(aid)
        if not isinstance(r.get("name_fa"), str) or not r["name_fa"].strip():
            raise RegistryError(f"{where}: missing name_fa")
        kind = r.get("kind", "agency")
        if kind not in AGENCY_KINDS:
            raise RegistryError(f"{where}: kind {kind!r} is not allowed; allowed values: {', '.join(AGENCY_KINDS)}")
        out.append(Agency(
            id=aid, name_fa=r["name_fa"], kind=kind, sector=str(r.get("sector") or ""),
            parent=r.get("parent"), parent_body=r.get("parent_body"),
            aliases=_strings(r.get("aliases"), f"{where}: aliases"),
            title_forms=_strings(r.get("title_forms"), f"{where}: title_forms"),
            pr_forms=_strings(r.get("pr_forms"), f"{where}: pr_forms"),
            sub_units=_strings(r.get("sub_units"), f"{where}: sub_units"),
            website=r.get("website"), confidence=str(r.get("confidence") or ""), note=r.get("note"),
        ))
    for a in out:
        if a.parent is not None and a.parent not in seen:
            raise RegistryError(f"{name}: agency {a.id!r}: unknown parent {a.parent!r} (not an agency id in the registry)")
    by_id = {a.id: a for a in out}
    for a in out:  # a parent chain must end
        chain, cur = [a.id], a.parent
        while cur is not None:
            if cur in chain:
                raise RegistryError(f"{name}: agency {a.id!r}: parent cycle {' -> '.join([*chain, cur])}")
            chain.append(cur)
            cur = by_id[cur].parent
    heads = doc.get("title_heads") or {}
    return tuple(out), {str(k): str(v) for k, v in heads.items()}


def parse_places(doc: dict[str, Any], name: str = "places.yaml") -> tuple[str, str, tuple[Place, ...]]:
    province = doc.get("province")
    if not isinstance(province, dict) or not province.get("id") or not province.get("name_fa"):
        raise RegistryError(f"{name}: 'province' with id and name_fa is required")
    places: list[Place] = [Place(
        id=province["id"], name_fa=province["name_fa"], type="province",
        variants=_strings(province.get("variants"), f"{name}: province variants"),
        ambiguity=tuple(str(a.get("form", "")) + ": " + str(a.get("note", "")) for a in province.get("ambiguity") or []),
    )]
    for d in doc.get("demonyms") or []:
        places.append(Place(
            id=f"demonym/{d['form']}", name_fa=d["form"], type="demonym",
            variants=_strings(d.get("variants"), f"{name}: demonym {d['form']!r} variants"),
            ambiguous=bool(d.get("ambiguous")), ambiguity=(str(d["note"]),) if d.get("note") else (),
        ))
    counties = doc.get("counties")
    if not isinstance(counties, list) or not counties:
        raise RegistryError(f"{name}: 'counties' must be a non-empty list")
    county_ids: set[str] = set()
    for c in counties:
        cid = c.get("id")
        if not cid or not c.get("name_fa"):
            raise RegistryError(f"{name}: every county needs id and name_fa (got {c.get('name_fa') or cid!r})")
        county_ids.add(cid)
        notes = tuple(_note(a) for a in c.get("ambiguity") or [])
        places.append(Place(
            id=cid, name_fa=c["name_fa"], type="county",
            variants=_strings((c.get("variants") or []) + (c.get("county_forms") or []), f"{name}: county {cid!r}"),
            ambiguous=bool(notes), ambiguity=notes,
        ))
        for city in c.get("cities") or []:
            cnotes = tuple(_note(a) for a in city.get("ambiguity") or [])
            places.append(Place(
                id=f"{cid}/{city['name_fa']}", name_fa=city["name_fa"], type="city", county=cid,
                variants=_strings(city.get("variants"), f"{name}: city {city['name_fa']!r}"),
                ambiguous=bool(cnotes), ambiguity=cnotes,
                former_names=_strings(city.get("former_names"), f"{name}: city {city['name_fa']!r} former_names"),
            ))
        for district in c.get("districts") or []:
            dname = str(district).split(" (")[0].strip()
            places.append(Place(id=f"{cid}/district/{dname}", name_fa=dname, type="district", county=cid))
    for lm in doc.get("landmarks") or []:
        county, inside = _landmark_county(lm.get("county"), county_ids, f"{name}: landmark {lm.get('name_fa')!r}")
        notes = tuple(_note(a) for a in lm.get("ambiguity") or [])
        places.append(Place(
            id=f"landmark/{lm['name_fa']}", name_fa=lm["name_fa"], type="landmark", county=county,
            variants=_strings(lm.get("variants"), f"{name}: landmark {lm['name_fa']!r}"),
            ambiguous=bool(notes) or not inside, ambiguity=notes, inside=inside,
        ))
    seen: set[str] = set()
    for p in places:
        if p.id in seen:
            raise RegistryError(f"{name}: duplicate place id {p.id!r}")
        seen.add(p.id)
    return str(province["id"]), str(province["name_fa"]), tuple(places)


def _landmark_county(value: Any, county_ids: set[str], where: str) -> tuple[str | None, bool]:
    """``county`` of a landmark: county ids joined by '/', optionally with a note in brackets, or a
    text starting 'outside province' / 'border' for landmarks beyond the province's edge."""
    if value is None:
        return None, True
    text = str(value).strip()
    if text.startswith(("outside", "border")):
        return None, False
    ids = text.split(" (")[0].strip()
    if not set(ids.split("/")) <= county_ids:
        raise RegistryError(f"{where}: unknown county {text!r} (county ids: {', '.join(sorted(county_ids))})")
    return ids, True


def _note(item: Any) -> str:
    if isinstance(item, dict):
        return str(item.get("collides_with") or item.get("note") or item)
    return str(item)
