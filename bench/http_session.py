"""A small HTTP client for the bench scripts (standard library only): cookies, the CSRF token of
a form page, sign-in. Only for the local server (127.0.0.1)."""
from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Session:
    def __init__(self, base: str, timeout: float = 30):
        assert base.startswith(("http://127.0.0.1", "http://localhost")), "local servers only"
        self.base, self.timeout = base.rstrip("/"), timeout
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def request(self, method: str, path: str, data: dict | None = None, body: bytes | None = None,
                content_type: str | None = None) -> tuple[int, str, dict]:
        if data is not None:
            body, content_type = urllib.parse.urlencode(data).encode(), "application/x-www-form-urlencoded"
        request = urllib.request.Request(self.base + path, data=body, method=method)
        if content_type:
            request.add_header("Content-Type", content_type)
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return response.status, response.read().decode("utf-8", "replace"), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace"), dict(error.headers)

    def get(self, path: str):
        return self.request("GET", path)

    def token(self, path: str) -> str:
        status, page, _headers = self.get(path)
        match = TOKEN.search(page)
        assert match, f"no CSRF token on {path} ({status})"
        return match.group(1) or match.group(2)

    def post_form(self, path: str, fields: dict, form_page: str | None = None):
        return self.request("POST", path, data={"csrf_token": self.token(form_page or path), **fields})

    def post_file(self, path: str, fields: dict, name: str, filename: str, content: bytes, form_page: str | None = None):
        boundary = "----consult-bench-boundary"
        fields = {"csrf_token": self.token(form_page or path), **fields}
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
                 for key, value in fields.items()]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: text/csv\r\n\r\n".encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request("POST", path, body=body, content_type=f"multipart/form-data; boundary={boundary}")

    def login(self, email: str, password: str) -> None:
        status, _page, headers = self.post_form("/accounts/login", {"email": email, "password": password})
        assert status == 302, f"sign-in refused for {email} ({status})"
