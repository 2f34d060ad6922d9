"""The registry: the shipped files load and keep the reference ids; broken files are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from seda.errors import RegistryError
from seda.registry import load_registry, parse_agencies

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "agencies.yaml"


def test_shipped_registry_loads() -> None:
    reg = load_registry()
    assert reg.province_id == "lorestan"
    assert len(reg.agencies) == 69
    assert len(reg.counties()) == 11
    ab = reg.agency("ab_mantaghei")
    assert ab.pr_forms and ab.title_forms and ab.aliases
    assert reg.agency("modiriat_bohran").parent == "ostandari_lorestan"
    assert {a.id for a in reg.agencies if a.kind == "speaker"} >= {"majlis_representatives", "press_house"}
    outside = {p.name_fa for p in reg.places if not p.inside}
    assert "سد سیمره" in outside
    khorramabad = next(p for p in reg.places if p.id == "khorramabad")
    assert khorramabad.ambiguous and "خرم آباد" in khorramabad.variants


@pytest.mark.skipif(not REFERENCE.exists(), reason=f"shared reference not present at {REFERENCE}")
def test_agency_ids_match_the_reference() -> None:
    ref = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    assert [a["id"] for a in ref["agencies"]] == [a.id for a in load_registry().agencies]


def _doc(*records: dict) -> dict:
    return {"agencies": list(records)}


@pytest.mark.parametrize(("doc", "message"), [
    (_doc({"id": "a", "name_fa": "الف"}, {"id": "a", "name_fa": "ب"}), "agency 'a': duplicate id"),
    (_doc({"id": "a", "name_fa": "الف", "parent": "zzz"}), "unknown parent 'zzz'"),
    (_doc({"id": "a", "name_fa": "الف", "parent": "b"}, {"id": "b", "name_fa": "ب", "parent": "a"}), "parent cycle"),
    (_doc({"id": "a"}), "missing name_fa"),
    (_doc({"id": "a", "name_fa": "الف", "kind": "ngo"}), "kind 'ngo'"),
    (_doc({"id": "a", "name_fa": "الف", "aliases": "one string"}), "aliases: must be a list"),
    ({"agencies": []}, "non-empty list"),
])
def test_invalid_agencies_are_refused(doc: dict, message: str) -> None:
    with pytest.raises(RegistryError, match=message):
        parse_agencies(doc)


def test_unknown_landmark_county_is_refused(tmp_path: Path) -> None:
    places = yaml.safe_load((Path(__file__).resolve().parents[2] / "seda/registry/places.yaml").read_text("utf-8"))
    places["landmarks"][0]["county"] = "atlantis"
    path = tmp_path / "places.yaml"
    path.write_text(yaml.safe_dump(places, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RegistryError, match="unknown county 'atlantis'"):
        load_registry(places_file=path)


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "agencies.yaml"
    path.write_text("agencies:\n  - id: a\n    name_fa: [oops\n", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"line \d+"):
        load_registry(agencies_file=path)
