"""Substack comments (`/api/v1/post/<id>/comments`): the nested reply trees, and their depth-first flattening.
Pure functions over one payload."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from conflict_events.parse.html_text import CleanText, plain_text_to_clean
from conflict_events.sources.substack.settings import SubstackParseError, id_field, parse_utc, text_field


@dataclass(frozen=True)
class Comment:
    comment_id: str
    author: str | None
    published_at: dt.datetime | None
    body: CleanText
    replies: list[Comment] = field(default_factory=list)


def _parse_comment(data: Any, depth: int) -> Comment | None:
    if not isinstance(data, dict) or depth > 200:
        return None
    comment_id = id_field(data.get("id"))
    if comment_id is None:
        return None
    children = data.get("children")
    replies = (
        [c for c in (_parse_comment(child, depth + 1) for child in children or []) if c is not None]
        if (isinstance(children, list))
        else []
    )
    body = data.get("body")
    return Comment(
        comment_id=comment_id,
        author=text_field(data, "name"),
        published_at=parse_utc(data.get("date")),
        body=plain_text_to_clean(body if isinstance(body, str) else None),
        replies=replies,
    )


def parse_comments(data: Any) -> list[Comment]:
    """`/api/v1/post/<id>/comments`: {"comments": [...]} with nested `children` replies."""
    items = data.get("comments") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise SubstackParseError("comments JSON has no 'comments' list")
    return [c for c in (_parse_comment(item, 0) for item in items) if c is not None]


def flatten_comments(comments: list[Comment]) -> list[Comment]:
    """Every comment and reply, depth first, in the order the site gives them."""
    flat: list[Comment] = []
    stack = list(reversed(comments))
    while stack:
        comment = stack.pop()
        flat.append(comment)
        stack.extend(reversed(comment.replies))
    return flat
