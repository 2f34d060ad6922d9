"""Exports of the coverage database: JSONL (the contract), CSV (UTF-8 with BOM, for Excel) and XLSX."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

from store.queries import EXPORT_FIELDS

FORMATS = ("jsonl", "csv", "xlsx")
# Excel cells hold at most 32,767 characters.
XLSX_CELL_LIMIT = 32_767


# A cell starting with one of these is a formula to Excel and LibreOffice: a crawled title must never be.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _flat(value: Any) -> Any:
    if isinstance(value, list):
        value = ";".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False) if value else ""
    elif value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_jsonl(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """CSV for Excel: a UTF-8 BOM first so Persian shows; lists joined with ';'."""
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=list(EXPORT_FIELDS), extrasaction="ignore")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: _flat(row.get(k)) for k in EXPORT_FIELDS})
        n += 1
    return n


def write_xlsx(rows: Iterable[dict[str, Any]], out: IO[bytes]) -> int:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("articles")
    ws.sheet_view.rightToLeft = True
    ws.append(list(EXPORT_FIELDS))
    n = 0
    for row in rows:
        values = []
        for k in EXPORT_FIELDS:
            v = _flat(row.get(k))
            values.append(v[:XLSX_CELL_LIMIT] if isinstance(v, str) else v)
        ws.append(values)
        n += 1
    wb.save(out)
    return n
