"""data/report/index.html: one self-contained page (inline SVG and CSS, no script, no external request)."""

from __future__ import annotations

from html import escape

import polars as pl

STATUS_MARK = {"ok": "✓", "partial": "◐", "blocked": "⊘", "failed": "✗"}

CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 960px; color: #222; }
h1 { font-size: 1.6em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border-bottom: 1px solid #e4e4e4; padding: 4px 6px; text-align: left; vertical-align: top; }
.status-ok { color: #1a7f37; } .status-partial { color: #9a6700; }
.status-blocked, .status-failed { color: #cf222e; }
blockquote { margin: 4px 0 4px 1em; color: #444; font-size: 0.9em; border-left: 3px solid #ccc; padding-left: 8px; }
.event { margin-bottom: 1em; } .meta { color: #666; font-size: 0.85em; }
svg { max-width: 100%; height: auto; }
"""


def sources_health_html(runs: pl.DataFrame) -> str:
    rows = []
    for r in runs.sort("source_id").iter_rows(named=True):
        status = r["status"] or "unknown"
        errors = escape((r["errors"] or "").splitlines()[0] if r["errors"] else "")
        rows.append(
            f'<tr class="source" data-status="{escape(status)}"><td>{escape(r["source_id"])}</td>'
            f'<td>{escape(r["source_type"] or "")}</td>'
            f'<td class="status-{escape(status)}">{STATUS_MARK.get(status, "?")} {escape(status)}</td>'
            f'<td>{r["requested"]}</td><td>{r["downloaded"]}</td><td>{r["not_modified"]}</td><td>{r["items"]}</td>'
            f"<td>{errors}</td></tr>"
        )
    head = ("<tr><th>source</th><th>type</th><th>status</th><th>requests</th><th>downloaded</th>"
            "<th>not modified</th><th>items</th><th>first problem</th></tr>")
    return f'<table id="sources">{head}{"".join(rows)}</table>'


def sources_health_markdown(runs: pl.DataFrame) -> str:
    lines = ["| source | status | requests | items | first problem |", "|---|---|---|---|---|"]
    for r in runs.sort("source_id").iter_rows(named=True):
        problem = ((r["errors"] or "").splitlines() or [""])[0].replace("|", " ")[:100]
        lines.append(f"| {r['source_id']} | {r['status']} | {r['requested']} | {r['items']} | {problem} |")
    return "\n".join(lines)


def latest_events_html(latest: pl.DataFrame, evidence: pl.DataFrame) -> str:
    """latest: event rows (event_id, event_type, sub_type, date_start, location_name, summary);
    evidence: event_id, sentence, url, source_id."""
    by_event = evidence.group_by("event_id", maintain_order=True).agg("sentence", "url", "source_id")
    joined = latest.join(by_event, on="event_id", how="left", maintain_order="left")
    blocks = []
    for r in joined.iter_rows(named=True):
        quotes = "".join(
            f'<blockquote class="evidence">{escape(s)} <a href="{escape(u)}">{escape(src)}</a></blockquote>'
            for s, u, src in zip(r["sentence"] or [], r["url"] or [], r["source_id"] or [], strict=True)
        )
        where = f" · {escape(r['location_name'])}" if r["location_name"] else ""
        blocks.append(
            f'<div class="event" data-event-id="{escape(r["event_id"])}"><div class="meta">'
            f"{r['date_start'] or 'undated'} · {escape(r['event_type'])}/{escape(r['sub_type'] or '')}{where}</div>"
            f"<div>{escape(r['summary'] or '')}</div>{quotes}</div>"
        )
    return f'<section id="latest">{"".join(blocks)}</section>'


def page(*, title: str, built: str, db_path: str, counts: dict[str, int], timeline: str, strikes_map: str,
         sources: str, latest: str) -> str:
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        # No request may leave the machine: only inline content, and links only on click.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "img-src data:\">"
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f"<h1>{escape(title)}</h1><p class=\"meta\">Built {escape(built)} from <code>{escape(db_path)}</code>: "
        f"{escape(summary)}.</p>"
        f"<h2>Events by type and week</h2>{timeline}"
        f"<h2>Strikes</h2>{strikes_map}"
        f"<h2>Sources</h2>{sources}"
        f"<h2>Latest events and their evidence</h2>{latest}"
        "</body></html>\n"
    )
