"""Pure functions: bot-wall / rate-limit / content-kind detection and body decoding."""

from __future__ import annotations

import codecs

import pytest

from conflict_events.fetch.decode import decode_body
from conflict_events.fetch.detect import bot_wall_reason, content_mismatch, is_rate_limit_page

CLOUDFLARE_ATTENTION = (
    b"<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head>"
    b"<body><h1>Sorry, you have been blocked</h1></body></html>"
)
DATADOME = (
    b"<html><head><title>news.example</title></head><body>"
    b"<iframe src='https://geo.captcha-delivery.com/captcha/?initialCid=abc'></iframe></body></html>"
)
RECAPTCHA_WALL = (
    b"<html><head><title>Are you a robot?</title></head><body><div class='g-recaptcha'></div></body></html>"
)
ORDINARY = b"<html><head><title>Evening summary</title></head><body><p>Nothing unusual.</p></body></html>"


@pytest.mark.parametrize("page", [CLOUDFLARE_ATTENTION, DATADOME, RECAPTCHA_WALL])
def test_bot_walls_are_recognised(page: bytes) -> None:
    assert bot_wall_reason(200, {}, page) is not None


def test_cloudflare_challenge_header_alone_is_a_wall() -> None:
    assert bot_wall_reason(403, {"CF-Mitigated": "challenge"}, b"") is not None


@pytest.mark.parametrize(
    "page",
    [
        ORDINARY,
        b'{"title": "Just a moment..."}',  # JSON that quotes a wall title is data, not a wall
        b"<rss><channel><title>Access Denied</title></channel></rss>",
        b"<html><head><title>Minister: access denied to inspectors</title></head><body>" + b"x" * 400_000,
    ],
)
def test_ordinary_answers_are_not_walls(page: bytes) -> None:
    assert bot_wall_reason(200, {}, page) is None


def test_rate_limit_page_is_recognised_only_when_small() -> None:
    assert is_rate_limit_page(b"<html><body><pre>Too Many Requests</pre></body></html>")
    assert not is_rate_limit_page(b"<p>" + b"a" * 10_000 + b"<pre>Too Many Requests</pre>")
    assert not is_rate_limit_page(ORDINARY)


@pytest.mark.parametrize(
    ("expect", "ctype", "body", "bad"),
    [
        ("json", "application/json", b'  {"a": 1}', False),
        ("json", "application/json", b"[]", False),
        ("json", "application/json", b'{"body_html": "<html><body>x</body></html>"}', False),
        ("json", "text/html", b"<!DOCTYPE html><html><body>Error</body></html>", True),
        ("json", "text/plain", b"Service temporarily unavailable", True),
        ("json", "", b"", True),
        ("xml", "application/rss+xml", b'<?xml version="1.0"?><rss version="2.0"></rss>', False),
        ("xml", "application/atom+xml", codecs.BOM_UTF8 + b"<feed xmlns='http://www.w3.org/2005/Atom'/>", False),
        ("xml", "text/xml", b"<!-- generated --><rss></rss>", False),
        ("xml", "text/html", b"<!doctype html><html><head></head></html>", True),
        ("xml", "application/json", b'{"items": []}', True),
        ("html", "text/html", b"<p>fragment</p>", False),
        ("html", "application/json", b'{"a": 1}', True),
        ("html", "application/pdf", b"%PDF-1.7", True),
        ("any", "application/octet-stream", b"\x00\x01", False),
    ],
)
def test_content_mismatch(expect: str, ctype: str, body: bytes, bad: bool) -> None:
    assert (content_mismatch(expect, ctype, body) is not None) is bad  # type: ignore[arg-type]


TEXT = "Запоріжжя — «тиша» до ранку; café"
PLAIN = "Запоріжжя: тиша до ранку"  # encodable in koi8-u


@pytest.mark.parametrize(
    ("body", "ctype", "expected"),
    [
        (TEXT.encode("utf-8"), "text/html; charset=utf-8", TEXT),
        (TEXT.encode("utf-8"), "text/html; charset=ISO-8859-1", TEXT),  # wrong single-byte label on UTF-8
        (TEXT.encode("utf-8"), "text/html; charset=x-unknown-thing", TEXT),  # unknown label
        (TEXT.encode("utf-8"), None, TEXT),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "text/html; charset=windows-1251", TEXT),  # the BOM wins
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "text/html", TEXT),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), None, TEXT),
        (TEXT.encode("cp1251", "replace"), "text/html; charset=windows-1251", TEXT.replace("é", "?")),
        (
            b'<?xml version="1.0" encoding="koi8-u"?>' + PLAIN.encode("koi8-u"),
            "application/xml",
            '<?xml version="1.0" encoding="koi8-u"?>' + PLAIN,
        ),
    ],
)
def test_decoding_finds_the_real_encoding(body: bytes, ctype: str | None, expected: str) -> None:
    assert decode_body(body, ctype) == expected


def test_meta_charset_is_used_when_the_header_has_none() -> None:
    html = "<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1251'></head>"
    body = (html + "<p>Донецьк</p>").encode("cp1251")
    assert decode_body(body, "text/html").endswith("<p>Донецьк</p>")


def test_utf16_declared_in_ascii_markup_is_ignored() -> None:
    body = "<meta charset='utf-16'><p>Одеса</p>".encode()
    assert decode_body(body, "text/html; charset=utf-16").endswith("<p>Одеса</p>")


def test_undecodable_bytes_are_replaced_not_raised() -> None:
    text = decode_body(b"ok \x81\x8d\x8f\x90\x9d \xff\xfe\xfa end", "text/plain; charset=utf-8")
    assert text.startswith("ok ") and text.endswith(" end")


def test_empty_body_is_empty_text() -> None:
    assert decode_body(b"", "text/html; charset=utf-8") == ""


# ---- declarations that lie about single-byte encodings -------------------------------------------

UKRAINIAN = "Росія вночі завдала удару по Харкову, повідомили у Генштабі. Загинули троє людей, ще дев'ятеро поранені."


def test_koi8r_meta_over_cp1251_bytes_is_decoded_as_cp1251() -> None:
    body = (
        b'<html><head><meta charset="koi8-r"><title>News</title></head><body><p>'
        + UKRAINIAN.encode("cp1251")
        + b"</p></body></html>"
    )
    assert UKRAINIAN in decode_body(body, "text/html")


def test_a_true_koi8r_declaration_is_kept() -> None:
    russian = "Министерство обороны сообщило о перехвате беспилотников над областью этой ночью."
    body = b'<html><head><meta charset="koi8-r"></head><body><p>' + russian.encode("koi8-r") + b"</p></body></html>"
    assert russian in decode_body(body, "text/html")


def test_a_cp1251_header_over_koi8r_bytes_is_decoded_as_koi8r() -> None:
    russian = "Министерство обороны сообщило о перехвате беспилотников над областью этой ночью."
    assert russian in decode_body(russian.encode("koi8-r"), "text/html; charset=windows-1251")


def test_binary_declared_as_html_is_not_text_but_a_page_is() -> None:
    import random

    from conflict_events.fetch.detect import not_text_reason

    noise = random.Random(3).randbytes(4000)
    assert "binary bytes served as text/html" in (not_text_reason("html", "text/html", noise) or "")
    page = b"<html><body><p>Text with a tab\tand lines\r\n</p></body></html>"
    assert not_text_reason("html", "text/html", page) is None
    assert not_text_reason("any", "image/png", noise) is None  # declared binary: not our business
    utf16 = codecs.BOM_UTF16_LE + "<p>Текст</p>".encode("utf-16-le")
    assert not_text_reason("html", "text/html", utf16) is None
