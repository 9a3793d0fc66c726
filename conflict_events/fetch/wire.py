"""One GET on the wire: credentials moved from the URL to an Authorization header, the source's cookies sent
and kept in its own jar, the body streamed under the size cap, and the whole hop bounded by the fetch's deadline
(a per-read timeout alone lets a server dripping bytes hold a fetch forever)."""

from __future__ import annotations

import asyncio

import httpx

from conflict_events.fetch.exchange import FetchRequest, HopResponse
from conflict_events.fetch.urls import split_credentials

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


async def one_hop(
    client: httpx.AsyncClient, request: FetchRequest, url: str, headers: dict[str, str], max_bytes: int
) -> HopResponse:
    """One GET, body read under the size cap. The read timeout applies to each chunk, so a server
    dripping bytes could hold us forever: the fetch's deadline bounds connect and all reads."""
    remaining = request.remaining()
    if remaining <= 0:
        raise httpx.ReadTimeout("no time left within the request deadline")
    try:
        async with asyncio.timeout(remaining):
            plain_url, authorization = split_credentials(url)
            hop_headers = {**headers, "Authorization": authorization} if authorization else headers
            # the URL handed to httpx carries no credentials: httpx logs the URLs it requests
            outgoing = client.build_request("GET", plain_url, headers=hop_headers)
            request.cookies.set_cookie_header(outgoing)
            response = await client.send(outgoing, stream=True)
            try:
                # the source's own jar keeps the cookies; the shared client keeps none
                request.cookies.extract_cookies(response)
                client.cookies.clear()
                response_headers = dict(response.headers.items())
                if response.status_code in REDIRECT_STATUSES:
                    return HopResponse(url, response.status_code, response_headers, b"", False)
                body, too_large = await read_capped(response, max_bytes)
                return HopResponse(url, response.status_code, response_headers, body, too_large)
            finally:
                await response.aclose()
    except TimeoutError as exc:
        raise httpx.ReadTimeout(f"exchange not complete within the {remaining:.3g}s left of its deadline") from exc


async def read_capped(response: httpx.Response, limit: int) -> tuple[bytes, bool]:
    """The body and whether it went past `limit` (then cut: refused on its declared length, or read a
    little past the cap)."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return b"", True
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        chunks.append(chunk)
        if size > limit:
            return b"".join(chunks), True  # kept only to record how much arrived
    return b"".join(chunks), False
