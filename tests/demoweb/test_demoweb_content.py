"""Loading and validating article records; errors name the file and the record id."""
from __future__ import annotations

from pathlib import Path

import pytest

from demoweb.content import CONTENT_DIR, ContentError, load_content

FIXTURE_DIR = Path(__file__).resolve().parent / "content"

GOOD = """
articles:
  - id: payam-x01
    site: payam
    published: "1404-09-04 10:23"
    section: provinces
    tags: [لرستان]
    kind: news
    relevance: about
    agency: ab_mantaghei
    agencies: [ab_mantaghei]
    evidence: "به گزارش روابط عمومی"
    homepage: 1
    duplicate_of: null
    title: "عنوان"
    lead: "به گزارش روابط عمومی شرکت آب منطقه‌ای لرستان، خبر."
    body: ["بند یک.", "بند دو."]
"""


def write(tmp_path: Path, text: str, name: str = "articles_t.yaml") -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_fixture_loads_and_covers_every_site():
    articles = load_content(FIXTURE_DIR)
    assert {a.site for a in articles} == {"payam", "sepehr", "baran", "niroo", "kar", "aflak"}
    payam = next(a for a in articles if a.id == "payam-f01")
    assert payam.published.isoformat() == "2025-11-25T10:23:00+03:30"
    assert payam.text == "\n".join((payam.lead, *payam.body))
    assert any(a.duplicate_of for a in articles)


def test_good_record(tmp_path):
    [article] = load_content(write(tmp_path, GOOD))
    assert article.homepage == 1 and article.agencies == ("ab_mantaghei",)


@pytest.mark.parametrize("change, message", [
    (("site: payam", "site: irna"), "site 'irna' is not one of"),
    (('published: "1404-09-04 10:23"', 'published: "2025-11-25 10:23"'), "not a Jalali year"),
    (('published: "1404-09-04 10:23"', "published: 1404-09-04"), "must be a quoted string"),
    (("kind: news", "kind: rumour"), "kind 'rumour' is not one of"),
    (("relevance: about", "relevance: maybe"), "relevance 'maybe'"),
    (('evidence: "به گزارش روابط عمومی"', 'evidence: "به نقل از ایرنا"'), "evidence is not a substring"),
    (("homepage: 1", "homepage: 0"), "'homepage' must be a positive position"),
    (("duplicate_of: null", "duplicate_of: payam-nope"), "duplicate_of names unknown id 'payam-nope'"),
    (('    title: "عنوان"\n', ""), "missing or empty 'title'"),
    (('body: ["بند یک.", "بند دو."]', "body: []"), "'body' must be a non-empty list"),
])
def test_errors_name_file_and_record(tmp_path, change, message):
    with pytest.raises(ContentError) as raised:
        load_content(write(tmp_path, GOOD.replace(*change)))
    text = str(raised.value)
    assert "articles_t.yaml: payam-x01: " in text
    assert message in text


def test_all_problems_are_reported_together(tmp_path):
    write(tmp_path, GOOD.replace("kind: news", "kind: rumour"), "a.yaml")
    write(tmp_path, GOOD.replace("relevance: about", "relevance: maybe"), "b.yaml")
    write(tmp_path, GOOD, "c.yaml")
    write(tmp_path, GOOD, "d.yaml")
    with pytest.raises(ContentError) as raised:
        load_content(tmp_path)
    problems = raised.value.problems
    assert any(p.startswith("a.yaml: payam-x01: kind") for p in problems)
    assert any(p.startswith("b.yaml: payam-x01: relevance") for p in problems)
    assert any("duplicate id" in p and "also in c.yaml" in p for p in problems)


def test_unreadable_and_misshapen_files(tmp_path):
    write(tmp_path, "articles: [unclosed", "broken.yaml")
    write(tmp_path, "- just a list\n", "list.yaml")
    with pytest.raises(ContentError) as raised:
        load_content(tmp_path)
    assert any(p.startswith("broken.yaml: cannot read") for p in raised.value.problems)
    assert any(p.startswith("list.yaml: expected a mapping") for p in raised.value.problems)


def test_missing_directory(tmp_path):
    with pytest.raises(ContentError, match="does not exist"):
        load_content(tmp_path / "nope")


def test_real_content_is_valid():
    if not sorted(CONTENT_DIR.glob("*.yaml")):
        pytest.skip("demoweb/content/ has no article files yet (they are written by the content helpers)")
    articles = load_content()
    assert len({a.id for a in articles}) == len(articles)
