"""A triple store as publish sees it: where to send queries, updates and Graph Store requests.

:class:`Client` sends every request through :func:`cvgraph.http.request` (credentials, TLS,
retries, progress, one-line errors). Two ways to authenticate:

- HTTP (every store but VIVO): credentials are answered to the server's 401 challenge, Digest or
  Basic as it asks, never sent unasked;
- form fields (``--store vivo``): VIVO's ``/api/sparqlUpdate`` and ``/api/sparqlQuery`` take the
  account's ``email`` and ``password`` as form fields of the POST body, next to ``update`` or
  ``query`` (Vitro's ``SparqlUpdateApiController``: 200 success, 400 a parse error or an update
  that names no GRAPH, 403 wrong email/password or an account without the SPARQL update
  permission). The body is never printed: a dry run shows the fields' names, not their values.
"""
from __future__ import annotations

import re
import ssl
import urllib.parse
from dataclasses import dataclass
from typing import TextIO

from cvgraph.errors import PublishError
from cvgraph.http import HINTS, RETRIES, Auth, check_url, in_clear, join_path, redact, request, with_param
from cvgraph.store.presets import PRESETS

__all__ = ["PRESETS", "Client", "Endpoints", "endpoints"]

FORM = "application/x-www-form-urlencoded"
DATASET_POST = ("oxigraph",)  # stores whose Graph Store URL, without ?graph=, adds N-Quads to their graphs
_HEADING = re.compile(r"</?[Hh]1>")
STORE_HINTS = {**HINTS, 403: "the user may not write here", 404: "check the URL (or --store)"}
_VIVO_ACCOUNT = "check CVGRAPH_USER (the account's email) and CVGRAPH_PASSWORD, or ~/.netrc"
VIVO_HINTS = {**STORE_HINTS, 401: _VIVO_ACCOUNT,
              403: _VIVO_ACCOUNT + ", and that the account may use VIVO's SPARQL API",
              406: "VIVO cannot answer in the format asked for"}


@dataclass(frozen=True)
class Endpoints:
    query: str | None
    update: str | None
    gsp: str | None
    form_auth: bool = False  # VIVO: email/password as form fields
    dataset: bool = False  # the Graph Store URL takes a POST of N-Quads into many graphs (Oxigraph)


def endpoints(base: str | None, store: str = "oxigraph", query_url: str | None = None,
              update_url: str | None = None, gsp_url: str | None = None) -> Endpoints:
    """The URLs to use: the store's preset paths under ``base``, explicit URLs winning."""
    if store not in PRESETS:
        raise PublishError(f"unknown store {store!r}; use one of {', '.join(PRESETS)}")
    preset = PRESETS[store]
    q = u = g = None
    if base:
        check_url(base)  # before joining: the error names the URL given
    if base and preset:
        q, u, g = (None if path is None else join_path(base, path) for path in preset)
    result = Endpoints(query_url or q, update_url or u, gsp_url or g, form_auth=store == "vivo",
                       dataset=store in DATASET_POST)
    for url in (result.query, result.update, result.gsp):
        if url is not None:
            check_url(url)
    return result


@dataclass
class Client:
    """Sends publish's requests: ``auth`` answered to the server's challenge (or VIVO's form fields),
    ``timeout`` seconds per request, ``retries`` for the idempotent ones, the TLS ``context``
    (:func:`cvgraph.http.tls_context`), large uploads' ``progress`` on that stream if a terminal;
    ``allow_insecure_auth``: the password may go over plain http (see :func:`cvgraph.http.request`)."""

    urls: Endpoints
    auth: Auth | None
    timeout: float
    retries: int = RETRIES
    context: ssl.SSLContext | None = None
    progress: TextIO | None = None
    allow_insecure_auth: bool = False

    def __post_init__(self) -> None:
        if self.urls.form_auth and self.auth is None:
            raise PublishError("VIVO needs the account's email and password: set CVGRAPH_USER (the email) "
                               "and CVGRAPH_PASSWORD, or put them in ~/.netrc for the host")
        if self.urls.form_auth:
            for url in (self.urls.update, self.urls.query):  # before anything is sent
                self._form_may_go_to(url)

    def _form_may_go_to(self, url: str | None) -> None:
        if url is not None and in_clear(url) and not self.allow_insecure_auth:
            raise PublishError(f"{redact(url)}: VIVO takes the password as a form field, which over plain "
                               "http would be readable on the way; use https, or --allow-insecure-auth")

    def send(self, method: str, url: str, body: bytes, headers: dict[str, str], *, idempotent: bool,
             auth: Auth | None, endpoint: str | None = None) -> bytes:
        """One request with this client's settings (the one place publish's requests go out);
        errors name ``endpoint`` (default: ``url``)."""
        try:
            return request(method, url, body, headers, timeout=self.timeout, auth=auth, endpoint=endpoint,
                           retries=self.retries, idempotent=idempotent, context=self.context,
                           progress=self.progress, hints=VIVO_HINTS if self.urls.form_auth else STORE_HINTS,
                           allow_insecure_auth=self.allow_insecure_auth)
        except PublishError as exc:
            if self.urls.form_auth:  # VIVO answers "<H1>403 email/password combination is not valid</H1>"
                raise PublishError(_HEADING.sub("", str(exc))) from None
            raise

    @property
    def where(self) -> str:
        """The query URL as messages show it (redacted)."""
        return redact(self.urls.query or "")

    def _post(self, url: str | None, field: str, text: str, accept: str | None, idempotent: bool) -> bytes:
        if url is None:
            raise PublishError(f"no --{field}-url (give it, or --endpoint with --store)")
        headers = {"Accept": accept} if accept else {}
        auth = self.auth
        if self.urls.form_auth and auth is not None:
            self._form_may_go_to(url)
            fields = {"email": auth[0], "password": auth[1], field: text}
            body, auth = urllib.parse.urlencode(fields).encode(), None
            headers["Content-Type"] = FORM
        elif field == "query":
            body = urllib.parse.urlencode({"query": text}).encode()
            headers["Content-Type"] = FORM
        else:
            body = text.encode("utf-8")
            headers["Content-Type"] = "application/sparql-update"
        return self.send("POST", url, body, headers, idempotent=idempotent, auth=auth)

    def query(self, text: str, accept: str = "application/sparql-results+json") -> bytes:
        """A read-only query (so retried on transient failures)."""
        return self._post(self.urls.query, "query", text, accept, True)

    def update(self, text: str, idempotent: bool = True) -> None:
        self._post(self.urls.update, "update", text, None, idempotent)

    def put(self, graph: str, body: bytes, content_type: str = "application/n-triples") -> None:
        """Graph Store Protocol PUT (replaces ``graph``; idempotent)."""
        if self.urls.gsp is None:
            raise PublishError("no --gsp-url (give it, or --endpoint with --store)")
        self.send("PUT", gsp_target(self.urls.gsp, graph), body, {"Content-Type": content_type},
                  idempotent=True, auth=self.auth, endpoint=self.urls.gsp)

    def post(self, graph: str, body: bytes) -> None:
        """Graph Store Protocol POST of N-Triples into ``graph`` (adds them; idempotent: adding the
        same triples again leaves the same graph)."""
        if self.urls.gsp is None:
            raise PublishError("no --gsp-url (give it, or --endpoint with --store)")
        self.send("POST", gsp_target(self.urls.gsp, graph), body, {"Content-Type": "application/n-triples"},
                  idempotent=True, auth=self.auth, endpoint=self.urls.gsp)

    def post_quads(self, body: bytes) -> None:
        """Graph Store Protocol POST of N-Quads to the store's dataset (``Endpoints.dataset``): adds
        each quad to its graph, in one transaction (Oxigraph). Idempotent: adding the same quads
        again leaves the same graphs."""
        if self.urls.gsp is None:
            raise PublishError("no --gsp-url (give it, or --endpoint with --store)")
        self.send("POST", self.urls.gsp, body, {"Content-Type": "application/n-quads"}, idempotent=True,
                  auth=self.auth, endpoint=self.urls.gsp)

    def preview(self, kind: str, text: str | bytes, graph: str | None = None, lines: int = 6) -> str:
        """What a dry run prints for one request: method, URL, size, the first lines; no secrets."""
        body = text.encode("utf-8") if isinstance(text, str) else text
        if kind in ("put", "post"):
            method, url, ctype = kind.upper(), gsp_target(self.urls.gsp or "", graph or ""), "application/n-triples"
        elif kind == "post-quads":
            method, url, ctype = "POST", self.urls.gsp or "", "application/n-quads"
        else:
            method, url = "POST", self.urls.update or ""
            ctype = (FORM + " (fields email, password, update)" if self.urls.form_auth
                     else "application/sparql-update")
        head = body.decode("utf-8").removesuffix("\n").split("\n")  # N-Triples lines end at LF only
        shown = "\n".join("  " + ln for ln in head[:lines]) + ("\n  …" if len(head) > lines else "")
        if self.auth is None:
            cred = ""
        elif self.urls.form_auth:
            cred = "  email=[redacted] password=[redacted] (form fields)\n"
        else:
            cred = "  Authorization: [redacted] (Digest or Basic, if the server asks)\n"
        return f"{method} {redact(url)} ({ctype}, {len(body):,} bytes, {len(head):,} lines)\n{cred}{shown}"


def gsp_target(gsp: str, graph: str) -> str:
    """The Graph Store Protocol URL of ``graph`` (``?graph=…`` added after any query the URL has)."""
    return with_param(gsp, "graph", graph)
