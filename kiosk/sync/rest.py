"""A tiny JSON client for Syncthing's REST API, on 127.0.0.1 only.

urllib rather than a third-party HTTP library: the kiosk's dependencies stay as they are, and
the API needs nothing more. The opener is built without a proxy handler, because urllib would
otherwise honour `http_proxy` from the environment and send the API key to a proxy. Every
failure (refused, timed out, HTTP error, not JSON) becomes one `SyncthingError` whose text a
facilitator can read; the cause stays chained for the log.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

HOST = "127.0.0.1"


class SyncthingError(Exception):
    """Something about the room's Syncthing went wrong; `str()` is one readable sentence."""


class RestClient:
    """Calls `http://127.0.0.1:<port><path>` with the API key; returns the parsed JSON body.

    Query parameters whose value is None are left out, so callers can pass optional ones
    straight through (`sub=None`).
    """

    def __init__(self, port: int, api_key: str, timeout: float = 2.0) -> None:
        if not 0 < port < 65536:
            raise SyncthingError(f"Syncthing's control port {port} is not a valid port number.")
        self.port = port
        self.api_key = api_key
        self.timeout = timeout
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def get(self, path: str, **params: object) -> Any:
        return self.request("GET", path, None, params)

    def post(self, path: str, body: object = None, **params: object) -> Any:
        return self.request("POST", path, body, params)

    def put(self, path: str, body: object = None, **params: object) -> Any:
        return self.request("PUT", path, body, params)

    def patch(self, path: str, body: object = None, **params: object) -> Any:
        return self.request("PATCH", path, body, params)

    def delete(self, path: str, **params: object) -> Any:
        return self.request("DELETE", path, None, params)

    def url(self, path: str, params: dict[str, object] | None = None) -> str:
        if not path.startswith("/"):
            path = "/" + path
        query = {key: str(value) for key, value in (params or {}).items() if value is not None}
        suffix = "?" + urllib.parse.urlencode(query) if query else ""
        return f"http://{HOST}:{self.port}{path}{suffix}"

    def request(self, method: str, path: str, body: object, params: dict[str, object]) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url(path, params), data=data, method=method)
        request.add_header("X-API-Key", self.api_key)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        what = f"{method} {path}"
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            detail = _first_line(error.read())
            raise SyncthingError(
                f"Syncthing refused {what} ({error.code}{': ' + detail if detail else ''})."
            ) from error
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            if isinstance(error, TimeoutError) or isinstance(reason, TimeoutError):
                raise SyncthingError(
                    f"Syncthing did not answer {what} within {self.timeout:g} s."
                ) from error
            raise SyncthingError(
                f"Syncthing could not be reached on port {self.port} ({reason})."
            ) from error
        if not raw.strip():
            return None
        try:
            return json.loads(raw)
        except ValueError as error:
            raise SyncthingError(
                f"Syncthing answered {what} with something that is not JSON."
            ) from error


def _first_line(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace").strip()
    return text.splitlines()[0][:200] if text else ""
