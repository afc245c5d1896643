"""A fake VIVO API on 127.0.0.1 (test support): VIVO's SPARQL Update and Query APIs over a pyoxigraph store.

It answers as Vitro's ``SparqlUpdateApiController`` and ``SparqlQueryApiController`` do (read in
vivo-project/Vitro, ``api/src/main/java/edu/cornell/mannlib/vitro/webapp/controller/api/``, and
VIVO's documentation, "SPARQL Update API" / "SPARQL Query API"), under ``/vivo``:

- ``POST /vivo/api/sparqlUpdate``, form fields ``email``, ``password``, ``update``
  (``application/x-www-form-urlencoded``; since VIVO 1.13 also an ``application/sparql-update``
  body): 403 ``email/password combination is not valid`` (checked first); 400 ``No 'update'
  parameter.``; 400 ``SPARQL update must specify a GRAPH ( or WITH) URI.`` (VIVO's own test: the
  text contains neither word); 400 ``Failed to parse SPARQL update`` (parsed by pyoxigraph); 200
  ``SPARQL update accepted.``; 405 for any other method. Answers are VIVO's short HTML,
  ``<H1>code message</H1>``. Stricter than VIVO: an operation other than ``INSERT DATA`` /
  ``DELETE DATA`` with every triple inside a ``GRAPH``, or a ``DELETE``/``INSERT … WHERE`` naming
  a ``GRAPH`` or ``WITH``, is refused (400), since VIVO shows only named graphs and applies
  changes through its RDFService; the update is applied to the store atomically.
- ``GET``/``POST /vivo/api/sparqlQuery``, ``email``, ``password``, ``query`` and an Accept header,
  negotiated as Vitro's ``ContentTypeUtil`` does (no match: 406; no header: the first type):
  SELECT/ASK as ``text/plain``, ``text/csv``, ``text/tab-separated-values``,
  ``application/sparql-results+xml``, ``application/sparql-results+json``; CONSTRUCT/DESCRIBE as
  ``text/plain`` (N-Triples), ``application/rdf+xml``, ``text/n3``, ``text/turtle``,
  ``application/json``, ``application/ld+json`` (not ``application/n-triples``: VIVO answers 406).
  Wrong credentials: 401 with ``WWW-Authenticate: Basic`` (what current Vitro sends to a client that
  is not logged in; VIVO 1.10's documentation says 403). The default graph is the union of all graphs.
- Form fields are read as Tomcat reads them: from the query string and, for a form body of at most
  ``max_post`` bytes (Tomcat's ``maxPostSize``, 2 MiB), from the body; a larger body's fields are
  dropped (so VIVO answers 403).

Every request is recorded (:attr:`FakeVivo.requests`) with its path, headers and form fields.
"""
from __future__ import annotations

import contextlib
import http.server
import re
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from support.servers import serve_handler

KB2 = "http://vitro.mannlib.cornell.edu/default/vitro-kb-2"
MAX_POST = 2 * 1024 * 1024
FORM = "application/x-www-form-urlencoded"
RESULT_TYPES = {"text/plain": ox.QueryResultsFormat.TSV, "text/csv": ox.QueryResultsFormat.CSV,
                "text/tab-separated-values": ox.QueryResultsFormat.TSV,
                "application/sparql-results+xml": ox.QueryResultsFormat.XML,
                "application/sparql-results+json": ox.QueryResultsFormat.JSON}
RDF_TYPES = {"text/plain": ox.RdfFormat.N_TRIPLES, "application/rdf+xml": ox.RdfFormat.RDF_XML,
             "text/n3": ox.RdfFormat.TURTLE, "text/turtle": ox.RdfFormat.TURTLE,
             "application/json": ox.RdfFormat.JSON_LD, "application/ld+json": ox.RdfFormat.JSON_LD}

_MASK = re.compile(r'<[^<>\s]*>|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                   r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*')
_PROLOGUE = re.compile(r"^\s*(?:(?:PREFIX\s+[^\s:]*:\s*<>|BASE\s+<>)\s*)*", re.IGNORECASE)
_GRAPH_BLOCK = re.compile(r"GRAPH\s+(?:<>|[\w.-]*:[\w.-]*)\s*\{[^{}]*\}", re.IGNORECASE)


@dataclass
class Request:
    """One request as the fake VIVO got it: ``path`` with its query string, the ``fields`` it read."""

    method: str
    path: str
    headers: dict[str, str]
    fields: dict[str, str]
    status: int = 0  # what it answered, and as what media type
    media: str = ""


class Refused(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.headers = status, headers or {}


def _masked(text: str) -> str:
    """``text`` with IRIs as ``<>``, strings as ``""`` and no comments (so braces and ``;`` are syntax)."""
    return _MASK.sub(lambda m: "" if m.group().startswith("#") else ("<>" if m.group().startswith("<") else '""'), text)


def _operations(masked: str) -> list[str]:
    ops, depth, start = [], 0, 0
    for i, ch in enumerate(masked):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == ";" and depth == 0:
            ops.append(masked[start:i])
            start = i + 1
    ops.append(masked[start:])
    return [op for op in (_PROLOGUE.sub("", o).strip() for o in ops) if op]


def check_operations(update: str) -> None:
    """Refuse (400) an operation this fake VIVO does not take (see the module)."""
    for op in _operations(_masked(update)):
        data = re.match(r"(?is)(INSERT|DELETE)\s+DATA\s*\{(.*)\}$", op)
        if data:
            inner = data.group(2)
            while _GRAPH_BLOCK.search(inner):
                inner = _GRAPH_BLOCK.sub("", inner)
            if inner.strip():
                raise Refused(400, f"{data.group(1).upper()} DATA outside a GRAPH: VIVO shows only named graphs")
            continue
        if re.match(r"(?is)(WITH\s+<>|DELETE\s+WHERE\s*\{|DELETE\s*\{|INSERT\s*\{)", op) and re.search(
                r"(?i)\b(GRAPH|WITH)\b", op):
            continue
        raise Refused(400, f"not accepted by this fake VIVO: {op.split(None, 1)[0].upper()} …")


def best_type(accept: str | None, available: list[str]) -> str:
    """Vitro's ContentTypeUtil.bestContentType: specificity first, then q; 406 when nothing fits."""
    accepted: list[tuple[str, float]] = []
    for part in (accept or "*/*").split(","):
        name, *params = (p.strip() for p in part.split(";"))
        q = next((float(p[2:]) for p in params if p.startswith("q=")), 1.0)
        accepted.append((name or "*/*", q))
    best, fit = None, 0.0
    for name, q in accepted:
        kind, _, sub = name.partition("/")
        for candidate in available:
            ckind, _, csub = candidate.partition("/")
            quality = 1 if "*" in (kind, ckind) else 2 if kind == ckind and "*" in (sub or "*", csub) \
                else 3 if (kind, sub) == (ckind, csub) else 0
            if quality and quality + 1.0 + q > fit:
                best, fit = candidate, quality + 1.0 + q
    if best is None:
        raise Refused(406, f"The accept header does not include any available content type: {accept}")
    return best


@dataclass
class FakeVivo:
    """The fake VIVO's state: its store (named graphs), the one account, the requests it got."""

    email: str = "vivo_root@example.edu"
    password: str = "Vivo-Root-Pw1"
    max_post: int = MAX_POST
    store: ox.Store = field(default_factory=ox.Store)
    requests: list[Request] = field(default_factory=list)
    base: str = ""  # http://127.0.0.1:PORT/vivo once serving
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def update_url(self) -> str:
        return self.base + "/api/sparqlUpdate"

    @property
    def query_url(self) -> str:
        return self.base + "/api/sparqlQuery"

    def updates(self) -> list[str]:
        """The update texts that were accepted, in order."""
        return [r.fields["update"] for r in self.requests if r.path.startswith("/vivo/api/sparqlUpdate")
                and r.status == 200]

    def graph(self, iri: str = KB2) -> set[str]:
        """The named graph's triples as N-Triples lines (without the final newline)."""
        return {f"{q.subject} {q.predicate} {q.object} ." for q in
                self.store.quads_for_pattern(None, None, None, ox.NamedNode(iri))}

    def as_vivo_sees_it(self) -> ox.Store:
        """A new store holding every graph's triples in its default graph (VIVO reads its whole store):
        what the VIVO harness (support.vivo_reasoner, support.vivo_listviews) expects."""
        out = ox.Store()
        out.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in self.store)
        return out

    # --- the API ----------------------------------------------------------------------------------

    def authorised(self, fields: dict[str, str]) -> bool:
        return fields.get("email") == self.email and fields.get("password") == self.password

    def update(self, method: str, fields: dict[str, str], content_type: str, body: bytes) -> tuple[str, bytes]:
        if method != "POST":
            raise Refused(405, "Method not allowed")
        if not self.authorised(fields):
            raise Refused(403, "email/password combination is not valid")
        if content_type == "application/sparql-update":
            text = body.decode("utf-8")
        else:
            text = fields.get("update", "")
            if not text.strip():
                raise Refused(400, "No 'update' parameter.")
            if "graph" not in text.lower() and "with" not in text.lower():
                raise Refused(400, "SPARQL update must specify a GRAPH ( or WITH) URI.")
        check_operations(text)
        with self.lock:
            try:
                self.store.update(text)
            except SyntaxError:
                raise Refused(400, "Failed to parse SPARQL update") from None
            except Exception:  # noqa: BLE001 - VIVO's do500response: any other failure
                raise Refused(500, "Unknown error") from None
        return "text/html", b"<H1>200 SPARQL update accepted.</H1>\n"

    def query(self, fields: dict[str, str], accept: str | None) -> tuple[str, bytes]:
        if not self.authorised(fields):
            raise Refused(401, "email/password combination is not valid",
                          {"WWW-Authenticate": 'Basic realm="Secure Servlet Realm"'})
        text = fields.get("query")
        if text is None or not text.strip():
            raise Refused(400, "Query string was not supplied." if text is None else "Query string is empty.")
        with self.lock:
            try:
                result = self.store.query(text, use_default_graph_as_union=True)
            except SyntaxError:
                raise Refused(400, f"Failed to parse query: '{text}'") from None
            if isinstance(result, ox.QueryTriples):
                media = best_type(accept, list(RDF_TYPES))
                return media, result.serialize(format=RDF_TYPES[media]) or b""
            media = best_type(accept, list(RESULT_TYPES))
            return media, result.serialize(format=RESULT_TYPES[media]) or b""


def _fields(path: str, content_type: str, body: bytes, max_post: int) -> dict[str, str]:
    """Request parameters as Tomcat gives them to a servlet: the query string's, then the form body's."""
    fields = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(path).query, keep_blank_values=True))
    if content_type == FORM and len(body) <= max_post:
        for name, value in urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True):
            fields.setdefault(name, value)
    return fields


@contextlib.contextmanager
def fake_vivo(**settings: object) -> Iterator[FakeVivo]:
    """A fake VIVO serving on 127.0.0.1 (``vivo.base`` is its webapp URL, ``…/vivo``)."""
    vivo = FakeVivo(**settings)  # type: ignore[arg-type]

    class Handler(http.server.BaseHTTPRequestHandler):
        def _any(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            fields = _fields(self.path, content_type, body, vivo.max_post)
            record = Request(self.command, self.path, dict(self.headers.items()), fields)
            with vivo.lock:
                vivo.requests.append(record)
            route = urllib.parse.urlsplit(self.path).path
            extra: dict[str, str] = {}
            try:
                if route == "/vivo/api/sparqlUpdate":
                    media, payload = vivo.update(self.command, fields, content_type, body)
                elif route == "/vivo/api/sparqlQuery" and self.command in ("GET", "POST"):
                    media, payload = vivo.query(fields, self.headers.get("Accept"))
                else:
                    raise Refused(404 if "api/" not in route else 405, "Not found")
                status = 200
            except Refused as exc:
                status, extra = exc.status, exc.headers
                media, payload = "text/html", f"<H1>{exc.status} {exc}</H1>\n".encode()
            record.status, record.media = status, media
            self.send_response(status)
            for name, value in {**extra, "Content-Type": media, "Content-Length": str(len(payload))}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_DELETE = _any

        def log_message(self, *args: object) -> None:
            pass

    with serve_handler(Handler, name="fake-vivo") as root:
        vivo.base = root + "/vivo"
        yield vivo
