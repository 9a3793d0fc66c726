#!/usr/bin/env python3
"""Build the Substack part of the held-out corpus from one hand-written body fragment.

    python3 eval/build_substack.py

The post body lives in eval/corpus/heldout/src/<pub>-<short>.body.html; Substack serves the same
body in four places (RSS feed, archive JSON, post JSON, post page), so they are generated here to
stay consistent. Re-run after editing the body. Standard library only.
"""
from __future__ import annotations

import html
import json
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus" / "heldout"
PUB = "easternledger"
PUB_TITLE = "The Eastern Ledger"
AUTHOR = "Marta Halloran"
POST_ID = 177204518
SLUG = "ledger-48-oil-busan-and-a-long-night"
TITLE = "Ledger #48: Oil, Busan and a Very Long Night"
SUBTITLE = "Sanctions finally bite, the summit that wasn't, and Russia goes after the grid again"
POST_DATE = "2025-11-01T09:30:00.000Z"
RFC822 = "Sat, 01 Nov 2025 09:30:00 GMT"
BODY_FILE = CORPUS / "src" / "easternledger-ledger-48.body.html"
COMMENTS = [
    {"id": "1772045181", "body": "Great roundup as always. Honestly I think the sanctions will leak like all the "
     "others and the refinery strikes are what really matters. Trump will fold again by Christmas.",
     "name": "Piotr W.", "date": "2025-11-01T11:02:00.000Z", "user_id": "4100001",
     "post_id": str(POST_ID), "ancestor_path": "", "reactions": {"❤": 12}, "children": [], "edited_at": None},
]


def main() -> None:
    body = BODY_FILE.read_text()
    site = CORPUS / "site" / "substack" / PUB
    (site / "api" / "posts").mkdir(parents=True, exist_ok=True)
    (site / "api" / "comments").mkdir(parents=True, exist_ok=True)
    (site / "p").mkdir(parents=True, exist_ok=True)
    canonical = f"{{{{BASE}}}}/{PUB}/p/{SLUG}"
    words = len(html.unescape(body).split())
    post = {
        "id": POST_ID, "publication_id": 2290117, "title": TITLE, "subtitle": SUBTITLE, "description": SUBTITLE,
        "slug": SLUG, "post_date": POST_DATE, "audience": "everyone", "type": "newsletter",
        "canonical_url": canonical, "wordcount": words, "comment_count": len(COMMENTS),
        "publishedBylines": [{"id": 5120044, "name": AUTHOR, "handle": "mhalloran", "is_guest": False}],
        "body_html": body,
    }
    listing = {k: v for k, v in post.items() if k != "body_html"} | {"body_html": None}
    (site / "api" / "posts" / f"{SLUG}.json").write_text(json.dumps(post, ensure_ascii=False, indent=1))
    (site / "api" / "archive-0.json").write_text(json.dumps([listing], ensure_ascii=False))
    (site / "api" / "archive-empty.json").write_text("[]")
    (site / "api" / "comments" / f"{POST_ID}.json").write_text(
        json.dumps({"comments": COMMENTS}, ensure_ascii=False, indent=1))
    (site / "feed.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom" '
        f'version="2.0"><channel><title><![CDATA[{PUB_TITLE}]]></title>'
        "<description><![CDATA[Notes on the war in Ukraine and the politics around it]]></description>"
        f"<link>{{{{BASE}}}}/{PUB}</link><generator>Substack</generator><lastBuildDate>{RFC822}</lastBuildDate>"
        f'<atom:link href="{{{{BASE}}}}/{PUB}/feed" rel="self" type="application/rss+xml"/>\n'
        f"<item><title><![CDATA[{TITLE}]]></title><description><![CDATA[{SUBTITLE}]]></description>\n"
        f'<link>{canonical}</link><guid isPermaLink="false">{canonical}</guid>'
        f"<dc:creator><![CDATA[{AUTHOR}]]></dc:creator>\n<pubDate>{RFC822}</pubDate>\n"
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item>\n</channel></rss>\n")
    (site / "p" / f"{SLUG}.html").write_text(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">\n'
        f'<title>{html.escape(TITLE)} - by {AUTHOR}</title>\n'
        f'<meta property="og:title" content="{html.escape(TITLE)}"><meta name="author" content="{AUTHOR}">\n'
        f'<link rel="canonical" href="{canonical}">\n'
        f'<meta property="article:published_time" content="{POST_DATE}">\n</head><body>\n'
        f'<div class="topbar"><a class="navbar-title-link" href="{{{{BASE}}}}/{PUB}">{PUB_TITLE}</a>'
        "<button>Subscribe</button><button>Sign in</button></div>\n"
        '<div class="single-post-container"><article class="typography newsletter-post post">\n'
        f'<div class="post-header"><h1 class="post-title">{html.escape(TITLE)}</h1>'
        f'<h3 class="subtitle">{html.escape(SUBTITLE)}</h3>'
        f'<div class="byline"><a href="#">{AUTHOR}</a> <time datetime="{POST_DATE}">Nov 01, 2025</time></div></div>\n'
        f'<div class="available-content"><div class="body markup" dir="auto">{body}</div></div>\n'
        "</article></div>\n"
        '<div class="subscribe-footer">Subscribe to The Eastern Ledger to get new posts in your inbox.</div>\n'
        "</body></html>\n")


if __name__ == "__main__":
    main()
