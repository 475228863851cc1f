"""ASGI guards in front of the app: the upload size limit and the optional access token.

The size limit is enforced on the raw request body, before any multipart parsing: a declared
Content-Length over the limit is refused at once, and a body that turns out longer (chunked
uploads declare none) is cut off as soon as it passes the limit, so nothing oversized is stored.
"""

from __future__ import annotations

import json
import secrets
from http.cookies import CookieError, SimpleCookie
from urllib.parse import parse_qs, urlencode

COOKIE = "fiscal_review_token"
OPEN_PATHS = ("/login", "/static/", "/healthz")


class _TooLarge(Exception):
    pass


def _wants_html(scope) -> bool:
    path = scope.get("path", "")
    return not path.startswith("/api/")


async def _send_problem(send, status: int, message: str, html: bool, extra: list | None = None) -> None:
    if html:
        from html import escape

        body = (
            '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>fiscal-review</title>'
            '<link rel="stylesheet" href="/static/app.css"></head><body><main class="narrow">'
            f'<p class="problem" role="alert">{escape(message)}</p><p><a href="/">返回上传页</a></p></main></body></html>'
        ).encode()
        ctype = b"text/html; charset=utf-8"
    else:
        body = json.dumps({"detail": message}, ensure_ascii=False).encode("utf-8")
        ctype = b"application/json"
    headers = [(b"content-type", ctype), (b"content-length", str(len(body)).encode()), (b"connection", b"close")]
    await send({"type": "http.response.start", "status": status, "headers": headers + (extra or [])})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuses request bodies over `limit` bytes with 413 and a Chinese message."""

    def __init__(self, app, limit: int) -> None:
        self.app = app
        self.limit = limit
        # Room for the multipart envelope around a file of exactly the limit.
        self.allowance = limit + 64 * 1024

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        message = f"文件过大：上传上限为 {self.limit / (1 << 20):g} MB"
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.allowance:
            await _send_problem(send, 413, message, _wants_html(scope))
            return
        received = 0
        over = False
        replaced = False

        async def limited_receive():
            nonlocal received, over
            msg = await receive()
            if msg["type"] == "http.request":
                received += len(msg.get("body", b""))
                if received > self.allowance:
                    over = True
                    raise _TooLarge
            return msg

        async def guarded_send(msg):
            # The body parser turns our exception into its own 400; the client should hear why.
            nonlocal replaced
            if over:
                if msg["type"] == "http.response.start" and not replaced:
                    replaced = True
                    await _send_problem(send, 413, message, _wants_html(scope))
                return
            await send(msg)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except _TooLarge:
            if not replaced:
                replaced = True
                await _send_problem(send, 413, message, _wants_html(scope))


class TokenGate:
    """When a token is configured, every request must carry it: Bearer header, cookie, or ?token= once."""

    def __init__(self, app, token: str | None) -> None:
        self.app = app
        self.token = token

    def _ok(self, value: str | None) -> bool:
        return bool(value) and secrets.compare_digest(value.encode("utf-8"), self.token.encode("utf-8"))  # type: ignore[union-attr]

    async def __call__(self, scope, receive, send) -> None:
        if not self.token or scope["type"] != "http" or scope.get("path", "").startswith(OPEN_PATHS):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        auth = headers.get(b"authorization", b"").decode("latin-1")
        if auth.lower().startswith("bearer ") and self._ok(auth[7:].strip()):
            await self.app(scope, receive, send)
            return
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get(b"cookie", b"").decode("latin-1"))
        except CookieError:
            cookie = SimpleCookie()
        if COOKIE in cookie and self._ok(cookie[COOKIE].value):
            await self.app(scope, receive, send)
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        given = (query.get("token") or [None])[0]
        if given is not None and self._ok(given) and scope["method"] == "GET":
            # Trade the token in the link for a cookie, and drop it from the address bar.
            rest = urlencode({k: v for k, v in query.items() if k != "token"}, doseq=True)
            location = scope["path"] + (f"?{rest}" if rest else "")
            set_cookie = f"{COOKIE}={given}; Path=/; HttpOnly; SameSite=Strict".encode("latin-1")
            await send({"type": "http.response.start", "status": 303, "headers": [(b"location", location.encode("utf-8")), (b"set-cookie", set_cookie), (b"content-length", b"0")]})
            await send({"type": "http.response.body", "body": b""})
            return
        if _wants_html(scope) and scope["method"] == "GET":
            await send({"type": "http.response.start", "status": 303, "headers": [(b"location", b"/login"), (b"content-length", b"0")]})
            await send({"type": "http.response.body", "body": b""})
            return
        await _send_problem(send, 401, "需要访问令牌：请在请求头中携带 Authorization: Bearer <令牌>", _wants_html(scope), [(b"www-authenticate", b"Bearer")])
