"""Body-text quality of the generic article extractor on the bundled fixture pages.

For every true body kept at samples/site/news/expected/<path>.txt, the page
samples/site/news/<path>.html is run through parse.article.extract_article and the extracted text
is compared with the true body as bags of word tokens: precision (how much of what was extracted
is body), recall (how much of the body was extracted), F1. Prints one line per page, the overall
(micro-averaged) scores and the speed.

    .venv/bin/python benchmarks/body_text.py
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from conflict_events.parse.article import extract_article  # noqa: E402

NEWS = PROJECT_ROOT / "samples" / "site" / "news"
EXPECTED = NEWS / "expected"
BASE = "http://127.0.0.1:8765"
_TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> Counter[str]:
    return Counter(token.casefold() for token in _TOKEN.findall(text))


def overlap(extracted: Counter[str], truth: Counter[str]) -> tuple[int, int, int]:
    """(tokens in common, extracted tokens, true tokens), counting repeated tokens."""
    return sum((extracted & truth).values()), sum(extracted.values()), sum(truth.values())


def scores(common: int, extracted: int, truth: int) -> tuple[float, float, float]:
    precision = common / extracted if extracted else 0.0
    recall = common / truth if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main() -> int:
    cases = sorted(EXPECTED.rglob("*.txt"))
    if not cases:
        print(f"no expected bodies under {EXPECTED}")
        return 1
    totals = [0, 0, 0]
    elapsed = 0.0
    print(f"{'page':<78} {'P':>6} {'R':>6} {'F1':>6}")
    for case in cases:
        relative = case.relative_to(EXPECTED).with_suffix(".html")
        page = NEWS / relative
        if not page.is_file():
            print(f"{relative!s:<78} missing page")
            continue
        html = page.read_text(encoding="utf-8").replace("{{BASE}}", BASE)
        started = time.perf_counter()
        article = extract_article(html, f"{BASE}/news/{relative}")
        elapsed += time.perf_counter() - started
        counts = overlap(tokens(article.text), tokens(case.read_text(encoding="utf-8")))
        totals = [t + c for t, c in zip(totals, counts, strict=True)]
        precision, recall, f1 = scores(*counts)
        print(f"{relative!s:<78} {precision:6.3f} {recall:6.3f} {f1:6.3f}")
    precision, recall, f1 = scores(*totals)
    print(f"{'overall (micro-averaged over tokens)':<78} {precision:6.3f} {recall:6.3f} {f1:6.3f}")
    print(f"{len(cases)} pages in {elapsed:.3f} s: {len(cases) / elapsed:.1f} pages/s" if elapsed else "")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
