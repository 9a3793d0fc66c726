"""Extraction speed and memory on a synthetic corpus (not a test).

Generates N documents (default 5,000) from templated sentences - strikes, meetings, calls,
statements, proposals, sanctions, aid, hedged and generic sentences, filler - with varied actors,
places, weapons and dates, plus reader comments, then runs `extract_all` twice:
1. plain, for throughput (documents/second) and the process's peak resident memory;
2. with tracemalloc, for seconds and peak traced memory per stage (tracemalloc slows Python
   code, so these seconds are higher than in run 1).

    .venv/bin/python benchmarks/extraction.py [--docs 5000] [--seed 7] [--skip-stages]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import sys
import time
from pathlib import Path

import polars as pl

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from conflict_events import schema  # noqa: E402
from conflict_events.extract.pipeline import extract_all, extract_all_timed  # noqa: E402

LEADERS = ["Vladimir Putin", "Volodymyr Zelensky", "Donald Trump", "Emmanuel Macron", "Keir Starmer", "Friedrich Merz",
           "Recep Tayyip Erdogan", "Sergey Lavrov", "Marco Rubio", "Andrii Sybiha", "Steve Witkoff", "Rustem Umerov",
           "Kirill Dmitriev", "Dmitry Peskov", "Mark Rutte", "Ursula von der Leyen"]  # fmt: skip
MEETING_PLACES = [
    "Geneva",
    "Istanbul",
    "Riyadh",
    "Miami",
    "Anchorage",
    "Berlin",
    "Paris",
    "London",
    "Kyiv",
    "Abu Dhabi",
]
STRIKE_PLACES = ["Kyiv", "Odesa", "Kharkiv", "Dnipro", "Zaporizhzhia", "Lviv", "Sumy", "Kherson", "Poltava"]
RU_PLACES = ["Saratov", "Ryazan", "Novoshakhtinsk", "Tuapse", "Volgograd", "Belgorod", "Bryansk", "Engels", "Samara"]
TARGETS = ["oil refinery", "oil depot", "power plant", "port", "airfield", "ammunition depot"]
RU_WEAPONS = ["Shahed drones", "Iskander-M ballistic missiles", "Kh-101 cruise missiles", "guided aerial bombs",
              "Kalibr missiles", "attack drones"]  # fmt: skip
UA_WEAPONS = ["long-range drones", "Storm Shadow missiles", "Neptune missiles", "ATACMS missiles", "drones"]
DONORS = ["Germany", "the United Kingdom", "France", "the United States", "Norway", "Canada", "Japan"]
SANCTIONERS = ["The European Union", "The United States", "The United Kingdom", "Canada", "Japan"]
WHEN = ["overnight", "on Monday", "on Tuesday", "last night", "on the night of 14 March", "this morning", "yesterday",
        "on 3 April", "earlier this week"]  # fmt: skip
FILLER = [
    "The situation along the front line remained tense.",
    "Analysts expect the winter to be difficult for the energy system.",
    "Markets reacted calmly to the news.",
    "The weather in the region turned cold and wet.",
    "Many readers asked about the economic picture, which deserves a longer piece.",
    "Casualty figures could not be independently verified.",
    "It is a subject I will return to next week.",
    "The debate in parliament lasted well into the evening.",
]


def _sentence(rng: random.Random, when: list[str] = WHEN) -> str:
    """One templated sentence; `when` holds the date phrases to pick from."""
    a, b = rng.sample(LEADERS, 2)
    kind = rng.randrange(12)
    if kind == 0:
        return (f"Russian forces struck the {rng.choice(TARGETS)} in {rng.choice(STRIKE_PLACES)} "
                f"{rng.choice(when)} with {rng.choice(RU_WEAPONS)}.")  # fmt: skip
    if kind == 1:
        return (f"The Defence Forces hit the {rng.choice(RU_PLACES)} {rng.choice(TARGETS)} "
                f"{rng.choice(when)} using {rng.choice(UA_WEAPONS)}.")  # fmt: skip
    if kind == 2:
        return f"{a} met {b} in {rng.choice(MEETING_PLACES)} {rng.choice(when)}."
    if kind == 3:
        return f"{a} will meet {b} in {rng.choice(MEETING_PLACES)} next week."
    if kind == 4:
        return f"{a} had a telephone conversation with {b} {rng.choice(when)}."
    if kind == 5:
        return f"“We will not accept a peace that rewards the aggressor,” {a} said {rng.choice(when)}."
    if kind == 6:
        return f"{a} said that the talks with {b} had been useful but difficult."
    if kind == 7:
        return f"{rng.choice(SANCTIONERS)} imposed new sanctions on Russian oil exporters {rng.choice(when)}."
    if kind == 8:
        return f"{rng.choice(DONORS).capitalize()} pledged a new air defence package to Ukraine."
    if kind == 9:
        return f"If {a} met {b} in {rng.choice(MEETING_PLACES)}, little would change."
    if kind == 10:
        return f"Ukraine presented a revised peace plan to {b} {rng.choice(when)}."
    return rng.choice(FILLER)


def corpus(n: int, seed: int) -> pl.DataFrame:
    rng = random.Random(seed)
    start = dt.datetime(2025, 1, 1, 8, tzinfo=dt.UTC)
    rows = []
    for i in range(n):
        published = start + dt.timedelta(hours=rng.randrange(24 * 330))
        is_comment = i % 10 == 9
        paragraphs = []
        for _ in range(rng.randint(2, 8)):
            paragraphs.append(" ".join(_sentence(rng) for _ in range(rng.randint(1, 4))))
        text = "\n\n".join(paragraphs)
        rows.append(
            {
                "doc_id": f"doc_{i:06d}",
                "source_id": "synthetic",
                "source_kind": "comment" if is_comment else rng.choice(["newsletter", "official_statement"]),
                "url": f"https://synthetic.example/{i}",
                "title": f"Update {i}",
                "published_at": published,
                "fetched_at": published,
                "language": "en",
                "text": text,
                "is_truncated": False,
                "quote_spans": [],
            }
        )
    return schema.conform(pl.DataFrame(rows), schema.DOCUMENTS)


def _peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-stages", action="store_true", help="only the throughput run")
    args = parser.parse_args()

    documents = corpus(args.docs, args.seed)
    chars = documents["text"].str.len_chars().sum()
    print(f"corpus: {documents.height} documents, {chars / 1e6:.1f} M characters; peak RSS {_peak_rss_mb():.0f} MB")
    # Warm-up on a few documents: reference data loading and regex compilation are one-off costs.
    started = time.perf_counter()
    extract_all(documents.head(20))
    print(f"warm-up (reference data, compiled patterns): {time.perf_counter() - started:.2f} s")

    started = time.perf_counter()
    tables = extract_all(documents)
    elapsed = time.perf_counter() - started
    print(
        f"extract_all: {elapsed:.2f} s, {documents.height / elapsed:.0f} documents/s; "
        f"{tables['events'].height} events, {tables['event_mentions'].height} mentions, "
        f"{tables['sentences'].height} sentences; peak RSS {_peak_rss_mb():.0f} MB"
    )
    if args.skip_stages:
        return 0
    _, timing = extract_all_timed(documents)
    print(f"{'stage':<10} {'seconds':>8} {'documents/s':>12} {'peak traced MB':>15}   (with tracemalloc on)")
    for stage, seconds in timing.seconds.items():
        rate = documents.height / seconds if seconds > 0 else float("inf")
        print(f"{stage:<10} {seconds:>8.2f} {rate:>12.0f} {timing.peak_bytes[stage] / 2**20:>15.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
