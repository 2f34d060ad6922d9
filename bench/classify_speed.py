"""How fast Seda classifies: articles per second on one core, and how long the model takes to load.

    python bench/classify_speed.py [--articles N] [--repeat R]

Articles of ~900 tokens are built from the labelled corpus (paragraphs of consecutive items joined until
the length is reached), so the text is real-looking Persian news. Three stages are timed separately and
together: normalisation alone (the fast path against hazm's ``Normalizer.normalize``), the article read
(normalise + gazetteer match + places + agencies + hazm tokens), and the full decision (read + relevance
model + credit + kind + evidence), in ``Classifier.classify_many`` batches. The process is pinned to one
core when the platform allows it, and rates are per second of the process's CPU time (the wall-clock
rate of the full decision is reported too, with the load average: on a shared machine it is lower).
Target: ≥ 500 articles/s per core; model load < 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TARGET_TOKENS = 900
TARGET_PER_S = 500     # articles per second per core, normalise + match + classify
TARGET_LOAD_S = 1.0    # seconds to load the registry, gazetteer and model


def build_articles(n: int) -> list[dict[str, str]]:
    from classify.corpus import load_corpus, load_demo

    items = load_corpus() or load_demo()
    paragraphs = [p for it in items for p in it["text"].split("\n\n") if p.strip()]
    articles: list[dict[str, str]] = []
    i = 0
    while len(articles) < n:
        title = items[len(articles) % len(items)]["title"]
        parts: list[str] = []
        while sum(len(p.split()) for p in parts) < TARGET_TOKENS:
            parts.append(paragraphs[i % len(paragraphs)])
            i += 1
        articles.append({"title": title, "text": "\n\n".join(parts)})
    return articles


def rate(fn, items: list, repeat: int) -> float:  # type: ignore[no-untyped-def]
    """Articles per second of CPU time of this process (best of ``repeat``): per core, and unaffected by
    other processes sharing the machine. ``wall_rate`` is the wall-clock view."""
    best = []
    for _ in range(repeat):
        start = time.process_time()
        fn(items)
        best.append(len(items) / (time.process_time() - start))
    return max(best)


def wall_rate(fn, items: list, repeat: int) -> float:  # type: ignore[no-untyped-def]
    best = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(items)
        best.append(len(items) / (time.perf_counter() - start))
    return max(best)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    t0 = time.perf_counter()
    import hazm  # noqa: F401 - the import cost is reported on its own

    t_import = time.perf_counter() - t0
    from classify import Classifier
    from classify.normalize import normalize
    from seda.registry import load_registry

    t0 = time.perf_counter()
    registry = load_registry()
    classifier = Classifier.load(registry)
    t_load = time.perf_counter() - t0

    articles = build_articles(args.articles)
    tokens = statistics.mean(len(a["text"].split()) for a in articles)
    hazm_normalizer = hazm.Normalizer()
    sample = articles[: max(20, args.articles // 10)]
    classify_per_s = rate(classifier.classify_many, articles, args.repeat)
    results: dict[str, object] = {
        "articles": len(articles),
        "mean_tokens": round(tokens),
        "hazm_import_s": round(t_import, 3),
        "model_load_s": round(t_load, 3),
        "normalize_per_s": round(rate(lambda xs: [normalize(a["text"]) for a in xs], articles, args.repeat)),
        "hazm_normalize_per_s": round(rate(lambda xs: [hazm_normalizer.normalize(a["text"]) for a in xs],
                                           sample, 1)),
        "read_per_s": round(rate(lambda xs: [classifier.analyse(a["title"], a["text"]) for a in xs], articles,
                                 args.repeat)),
        "classify_per_s": round(classify_per_s),
        "classify_wall_per_s": round(wall_rate(classifier.classify_many, articles, args.repeat)),
        "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        "classify_one_by_one_per_s": round(rate(lambda xs: [classifier.classify(a["title"], a["text"])
                                                            for a in xs], sample, 1)),
    }
    results["target_met"] = classify_per_s >= TARGET_PER_S and t_load < TARGET_LOAD_S
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
