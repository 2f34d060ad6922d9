"""classify_jsonl: the `seda classify` input/output contract, malformed lines reported and skipped."""

from __future__ import annotations

import json
from pathlib import Path

from classify import Classifier
from classify.cli_io import classify_jsonl

KEYS = {"id", "relevance", "score", "agency", "agencies", "kind", "evidence"}


def test_classify_jsonl_keeps_going_past_malformed_lines(classifier: Classifier, tmp_path: Path) -> None:
    good = {"id": "a1", "title": "مانور سیل در پلدختر برگزار شد",
            "text": "به گزارش روابط عمومی اداره کل مدیریت بحران استانداری لرستان، مانور سیل در پلدختر برگزار شد.",
            "url": "https://example.ir/1", "source": "irna"}
    other = {"id": 7, "title": "افتتاح خط ۷ مترو تهران", "text": "شهردار تهران دو ایستگاه مترو افتتاح کرد."}
    lines = [json.dumps(good, ensure_ascii=False), "{not json", json.dumps({"id": "x", "title": "بی‌متن"}),
             "", json.dumps(["a", "list"]), json.dumps(other, ensure_ascii=False)]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    stats = classify_jsonl(src, out, classifier)
    assert [n for n, _ in stats.malformed] == [2, 3, 5]
    assert "not valid JSON" in stats.malformed[0][1] and "'text'" in stats.malformed[1][1]
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a1", "7"]
    assert all(set(r) == KEYS for r in rows)
    first = rows[0]
    assert first["relevance"] == "about" and first["agency"] == "modiriat_bohran"
    assert 0.0 <= first["score"] <= 1.0 and first["kind"] == "news"
    assert first["evidence"]["agency"] == "به گزارش روابط عمومی اداره کل مدیریت بحران استانداری لرستان"
    assert set(first["evidence"]) >= {"relevance", "agency", "kind", "places", "needs_review", "confidence"}
    assert rows[1]["relevance"] == "none" and rows[1]["agency"] is None
    assert (stats.read, stats.written) == (5, 2)


def test_decision_to_json_is_the_design_line(classifier: Classifier) -> None:
    d = classifier.classify("برف‌روبی در الیگودرز", "مدیرکل راهداری و حمل و نقل جاده‌ای لرستان گفت: "
                            "۶۰۰ کیلومتر راه روستایی الیگودرز برف‌روبی شد.")
    row = json.loads(d.to_json("z9"))
    assert set(row) == KEYS and row["id"] == "z9" and row["agency"] == "rahdari"
    assert "رستان" in row["evidence"]["agency"]
