"""The site's HTTP client of the central server: one call per request, each with a time-out.

Every socket operation is bounded by ``timeout`` seconds, so a link that drops without a word
(no FIN) ends in ``Unreachable`` rather than a hang. Failures are classed for the forwarder:
``TokenRefused`` (401: never retried as if it were the network), ``Unreachable`` (the network or
a time-out) and ``ServerFailed`` (any other answer than 200).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from lobby.sync.wire import FILE_PATH, PHOTO_PATH, PULL_PATH, PUSH_PATH, encode_body

USER_AGENT = "lobby-sync/1"
REFUSED_MESSAGE = (
    "Máy chủ trung tâm từ chối mã truy cập của điểm này (401): kiểm tra [central] token."
)


class SyncError(Exception):
    """A request to the central server that did not succeed; the message is for staff."""


class TokenRefused(SyncError):
    """The central server refused this site's token (401)."""


class Unreachable(SyncError):
    """The central server could not be reached or did not answer in time."""


class ServerFailed(SyncError):
    """The central server answered, but not with success."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class CentralClient:
    """Talks to the central server at ``url`` with the site token ``token``."""

    def __init__(self, url: str, token: str, timeout: float = 10.0) -> None:
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout
        # No proxy from the environment: the site talks to the address it was given.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def push(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send one batch (gzip JSON) and return the server's answer with what it acknowledged."""
        body = encode_body(payload)
        headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        return _json(self._call(PUSH_PATH, body, headers))

    def pull(self, etag: str | None = None) -> tuple[dict[str, Any] | None, str | None]:
        """Return what the centre manages for this site (survey, officials, sign, public info)
        and its tag; (None, tag) when it is still what the tag ``etag`` named."""
        headers = {"If-None-Match": f'"{etag}"'} if etag else {}
        status, body, reply = self._open(PULL_PATH, None, headers)
        tag = (reply.get("ETag") or "").strip().strip('"') or None
        return (None, tag or etag) if status == 304 else (_json(body), tag)

    def photo(self, official_code: str) -> bytes:
        """Return the photo of one of the site's officials."""
        return self._call(f"{PHOTO_PATH}/{urllib.parse.quote(official_code, safe='')}")

    def public_file(self, sha256: str) -> bytes:
        """Return a public item's form by its SHA-256."""
        return self._call(f"{FILE_PATH}/{urllib.parse.quote(sha256, safe='')}")

    def _call(self, path: str, body: bytes | None = None, headers: dict | None = None) -> bytes:
        return self._open(path, body, headers)[1]

    def _open(self, path: str, body: bytes | None, headers: dict | None) -> tuple[int, bytes, Any]:
        """Send one request; return (status, body, headers) of a 200 or a 304 answer."""
        # The scheme is http(s): [central] url is checked when the config is read.
        request = urllib.request.Request(  # noqa: S310
            self.url + path,
            data=body,
            method="POST" if body is not None else "GET",
            headers={
                "Authorization": f"Bearer {self.token}",
                "Accept": "application/json",
                "User-Agent": USER_AGENT,
                **(headers or {}),
            },
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as reply:
                return reply.status, reply.read(), reply.headers
        except urllib.error.HTTPError as error:
            if error.code == 304:
                error.close()
                return 304, b"", error.headers
            raise _http_failure(error) from None
        except TimeoutError as exc:
            raise Unreachable(
                f"Máy chủ trung tâm không trả lời trong {self.timeout:g} giây ({self.url})."
            ) from exc
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError):
                raise Unreachable(
                    f"Máy chủ trung tâm không trả lời trong {self.timeout:g} giây ({self.url})."
                ) from exc
            raise Unreachable(f"Không kết nối được máy chủ trung tâm {self.url}: {reason}") from exc


def _json(body: bytes) -> Any:
    """Return the JSON of a 200 answer; ServerFailed when it is not JSON (a captive portal's
    page, a proxy's error page)."""
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ServerFailed(
            f"Máy chủ trung tâm trả lời không phải dữ liệu JSON ({exc}); kiểm tra [central] url.",
            200,
        ) from exc


def _http_failure(error: urllib.error.HTTPError) -> SyncError:
    try:
        detail = json.loads(error.read(64 * 1024).decode("utf-8")).get("error", "")
    except (OSError, ValueError, AttributeError):
        detail = ""
    finally:
        error.close()
    if error.code == 401:
        return TokenRefused(REFUSED_MESSAGE)
    if error.code == 404:
        return ServerFailed(
            "Máy chủ trung tâm không nhận dữ liệu của điểm (404): kiểm tra [central] url của"
            ' điểm và [central] role = "central" của máy chủ.',
            404,
        )
    text = f": {detail}" if detail else ""
    return ServerFailed(f"Máy chủ trung tâm báo lỗi {error.code}{text}", error.code)
