"""The ASGI application: the SPARQL 1.1 Protocol endpoint, named questions, views, tables, the
editor page, the manifest and a health check, over one build (Starlette; served by uvicorn).

Everything that touches the store runs in the worker processes of kg.service.pool (time limit,
row limit); views and tables are files prepared once by kg.service.prepare. Pages are Jinja
templates with autoescaping, and every response forbids scripts from anywhere but this service
(Content-Security-Policy), so document text is shown as text and no page reaches off the machine.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import jinja2
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.build import open_build
from kg.build.layout import Build
from kg.ontology.namespaces import PREFIXES
from kg.service.description import service_description
from kg.service.negotiate import NotAcceptable, graph_format
from kg.service.pool import PoolError, QueryPool, default_workers, process_context
from kg.service.prepare import HEAD_ROWS, Prepared
from kg.service.worker import TEXT, QuestionJob, Reply, SparqlJob
from kg.stores.sparql import NamedQuery, named_queries
from kg.views.html import script_json

__all__ = ["Settings", "Service", "create_app", "EXAMPLE_QUERY", "CSP"]

EXAMPLE_QUERY = """PREFIX gk: <https://govkg.org/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
# Which units lead the most tasks? (gk:, rdfs:, org:, prov:, skos:, dcterms:, foaf:, xsd: are predeclared)
SELECT ?county ?unit (COUNT(?task) AS ?tasks) WHERE {
  ?u gk:leads ?task ; rdfs:label ?unit_label ; gk:inCounty ?c .
  ?c rdfs:label ?county_label .
  BIND(STR(?county_label) AS ?county)
  BIND(STR(?unit_label) AS ?unit)
}
GROUP BY ?county ?unit
ORDER BY DESC(?tasks) ?county ?unit
LIMIT 20
"""

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
RESERVED = frozenset({"format", "lists"})  # query-string keys of a question that are not its parameters


@dataclass(frozen=True, slots=True)
class Settings:
    """The service's limits; each is a `kg serve` option."""

    timeout: float = 10.0  # seconds a query may run (and wait for a free worker)
    max_rows: int = 500_000  # rows an answer may have (above the largest kept whole-nation answer)
    max_body: int = 1_000_000  # bytes of a request body or query string
    workers: int = field(default_factory=default_workers)
    cors_origins: tuple[str, ...] = ()  # none: browsers refuse other sites' pages the answers
    page_rows: int = HEAD_ROWS  # rows shown on an HTML page (downloads have all)


class TooLarge(Exception):
    pass


class Service:
    """One build served: its manifest, the query workers, the prepared views and tables."""

    def __init__(self, build_dir: Path, settings: Settings, scratch: Path) -> None:
        self.build: Build = open_build(build_dir)
        self.settings = settings
        context = process_context()
        self.pool = QueryPool(self.build.root, size=settings.workers, timeout=settings.timeout,
                              max_rows=settings.max_rows, context=context)
        self.prepared = Prepared(self.build.root, scratch, context)
        self.questions: dict[str, NamedQuery] = named_queries()
        self.started = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S%z")

    def start(self) -> None:
        self.pool.start()

    def close(self) -> None:
        self.pool.close()
        self.prepared.close()

    def manifest(self) -> dict[str, Any]:
        return {**self.build.manifest, "service": {
            "govkg": _version("govkg"), "pyoxigraph": _version("pyoxigraph"), "started": self.started,
            "limits": asdict(self.settings) | {"cors_origins": list(self.settings.cors_origins)},
            "questions": sorted(self.questions)}}


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


@cache
def _templates() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("kg.service", "templates"), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=False)


def _root(request: Request) -> str:
    return str(request.scope.get("root_path", "")) + "/"


def _page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    service: Service = request.app.state.service
    html = _templates().get_template(template).render(
        root=_root(request), limits=service.settings, manifest=service.build.manifest, **context)
    return HTMLResponse(html, status_code=status)


def _text(status: int, message: str) -> Response:
    return Response((message.rstrip() + "\n").encode("utf-8"), status_code=status, media_type=TEXT)


def _reply(reply: Reply, *, filename: str | None = None) -> Response:
    headers = {"Content-Type": reply.content_type}
    if filename and reply.status == 200:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return Response(reply.body, status_code=reply.status, headers=headers)


async def _ask(request: Request, job: SparqlJob | QuestionJob) -> Reply | Response:
    pool: QueryPool = request.app.state.service.pool
    try:
        return await pool.run(job)
    except PoolError as exc:
        return _text(exc.status, str(exc))


async def _body(request: Request, limit: int) -> bytes:
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        raise TooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


# --- the SPARQL endpoint

_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*|(?i:PREFIX)\s*[A-Za-z0-9_.\-]*:\s*<[^>]*>|(?i:BASE)\s*<[^>]*>)*")
_UPDATE_WORD = re.compile(r"(?i:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b")
_UPDATE_TYPES = ("application/sparql-update",)


def is_update(text: str) -> bool:
    """Whether a request text is a SPARQL Update (its first keyword after the prologue)."""
    prologue = _PROLOGUE.match(text)
    return bool(_UPDATE_WORD.match(text, prologue.end() if prologue else 0))


READ_ONLY = "this service is read-only: SPARQL Update is refused"


async def sparql(request: Request) -> Response:
    service: Service = request.app.state.service
    limit = service.settings.max_body
    if len(request.url.query) > limit:
        return _text(414, f"the query string is longer than {limit} bytes (the request size limit)")
    params = list(request.query_params.multi_items())
    direct: str | None = None
    if request.method == "POST":
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media in _UPDATE_TYPES:
            return _text(403, READ_ONLY)
        try:
            body = await _body(request, limit)
        except TooLarge:
            return _text(413, f"the request body is larger than {limit} bytes (the request size limit)")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return _text(400, "the request body is not UTF-8")
        if media == "application/x-www-form-urlencoded":
            params += parse_qsl(text, keep_blank_values=True)
        elif media == "application/sparql-query":
            direct = text
        else:
            return _text(415, "POST a query as application/x-www-form-urlencoded (query=…) or as "
                              "application/sparql-query (the query as the body)")
    if any(key in ("update", "using-graph-uri", "using-named-graph-uri") for key, _ in params):
        return _text(403, READ_ONLY)
    queries = [value for key, value in params if key == "query"] + ([direct] if direct is not None else [])
    if not queries:
        if request.method == "GET":
            return _description(request)
        return _text(400, "no query: give query=… or POST the query as application/sparql-query")
    if len(queries) > 1:
        return _text(400, "more than one query in one request")
    if is_update(queries[0]):
        return _text(403, READ_ONLY)
    fmt = next((value for key, value in params if key in ("format", "output")), None)
    job = SparqlJob(query=queries[0], accept=request.headers.get("accept"), format=fmt,
                    default_graphs=tuple(v for k, v in params if k == "default-graph-uri"),
                    named_graphs=tuple(v for k, v in params if k == "named-graph-uri"))
    reply = await _ask(request, job)
    return reply if isinstance(reply, Response) else _reply(reply)


def _wants_html(accept: str) -> bool:
    for media in (m.split(";")[0].strip().lower() for m in accept.split(",")):
        if media in ("text/html", "application/xhtml+xml"):
            return True
        if media and media != "*/*":
            return False
    return False


def _description(request: Request) -> Response:
    service: Service = request.app.state.service
    accept = request.headers.get("accept", "")
    if _wants_html(accept) and "format" not in request.query_params:
        return RedirectResponse(f"{_root(request)}editor", status_code=303)
    try:
        fmt = graph_format(accept, request.query_params.get("format"))
    except NotAcceptable as exc:
        return _text(406, str(exc))
    body = service_description(str(request.url.replace(query="")), fmt, timeout=service.settings.timeout,
                               max_rows=service.settings.max_rows)
    return Response(body, media_type=fmt.media_type.split(";")[0])


# --- named questions

def _question_output(name: str, request: Request) -> tuple[str, str]:
    for suffix in ("csv", "json"):
        if name.endswith("." + suffix):
            return name[: -len(suffix) - 1], suffix
    fmt = request.query_params.get("format", "").lower()
    if fmt in ("csv", "json"):
        return name, fmt
    accept = request.headers.get("accept", "")
    if not _wants_html(accept):
        if "application/json" in accept:
            return name, "json"
        if "text/csv" in accept:
            return name, "csv"
    return name, "page"


async def questions(request: Request) -> Response:
    service: Service = request.app.state.service
    listed = [{"name": q.name, "params": list(q.params), "question": q.question, "columns": list(q.columns)}
              for q in service.questions.values()]
    if "application/json" in request.headers.get("accept", "") or request.query_params.get("format") == "json":
        return JSONResponse(listed)
    return _page(request, "questions.html", questions=listed)


async def question(request: Request) -> Response:
    service: Service = request.app.state.service
    name, output = _question_output(request.path_params["name"], request)
    named = service.questions.get(name)
    if named is None:
        message = f"unknown question: {name} (known: {', '.join(service.questions)})"
        return _text(404, message) if output != "page" else _page(
            request, "message.html", 404, title="No such question", message=message, error=True, refresh=None)
    items = [(k, v) for k, v in request.query_params.multi_items() if k not in RESERVED]
    params = {k: v.strip() for k, v in items if v.strip()}  # an empty form field means: any
    error = None
    if len({k for k, _ in items}) != len(items):
        error = "each parameter may be given once"
    lists = request.query_params.get("lists", "join")
    if lists not in ("join", "rows"):
        error = "lists= is join (a list in one cell, items joined by '; ') or rows (one row per item)"
    if error is None:
        job = QuestionJob(name, params, output=output, lists="rows" if lists == "rows" else "join",
                          page_rows=service.settings.page_rows)
        reply = await _ask(request, job)
        if isinstance(reply, Response):
            if output != "page":
                return reply
            error = bytes(reply.body).decode("utf-8").strip()
            status = reply.status_code
        elif output != "page":
            return _reply(reply, filename=f"{name}.{output}")
        elif reply.status != 200:
            error, status = reply.body.decode("utf-8").strip(), reply.status
        else:
            query_string = "?" + urlencode(params) if params else ""
            return _page(request, "question.html", q=named, params=params, error=None, columns=reply.data["columns"],
                         rows=reply.data["rows"], total=reply.data["total"], query_string=query_string)
    else:
        status = 400
        if output != "page":
            return _text(status, error)
    return _page(request, "question.html", status, q=named, params=params, error=error, columns=[], rows=[], total=0,
                 query_string="")


# --- views and tables (prepared files)

def _not_ready(request: Request) -> Response | None:
    prepared: Prepared = request.app.state.service.prepared
    if prepared.ready():
        return None
    prepared.ensure()
    failure = prepared.failure()
    if failure:
        return _page(request, "message.html", 500, title="Views and tables could not be prepared",
                     message=failure, error=True, refresh=None)
    response = _page(request, "message.html", 503, title="Preparing the views and tables",
                     message=f"Reading the build's graph and laying out the pages ({prepared.waited():.0f} s so far); "
                             "this page reloads itself.", error=False, refresh=3)
    response.headers["Retry-After"] = "3"
    return response


def _file_under(folder: Path, relative: str) -> Path | None:
    base = folder.resolve()
    target = (base / relative).resolve()
    return target if target.is_relative_to(base) and target.is_file() else None


async def views(request: Request) -> Response:
    waiting = _not_ready(request)
    if waiting is not None:
        return waiting
    relative = request.path_params.get("path") or "index.html"
    target = _file_under(request.app.state.service.prepared.root / "views", relative)
    if target is None:
        return _text(404, f"no view {relative}")
    return FileResponse(target)


async def tables(request: Request) -> Response:
    waiting = _not_ready(request)
    if waiting is not None:
        return waiting
    counts = request.app.state.service.prepared.summary()["tables"]
    return _page(request, "tables.html", tables=counts)


async def table(request: Request) -> Response:
    waiting = _not_ready(request)
    if waiting is not None:
        return waiting
    service: Service = request.app.state.service
    name: str = request.path_params["name"]
    counts = service.prepared.summary()["tables"]
    stem, _, suffix = name.rpartition(".") if name.endswith((".csv", ".json")) else (name, "", "")
    if stem not in counts:
        return _text(404, f"no table {stem} (tables: {', '.join(counts)})")
    folder = service.prepared.root / "tables"
    if suffix == "csv":
        return FileResponse(folder / f"{stem}.csv", media_type="text/csv; charset=utf-8", filename=f"{stem}.csv")
    if suffix == "json":
        return FileResponse(folder / f"{stem}.json", media_type="application/json")
    head = json.loads((folder / f"{stem}.head.json").read_text(encoding="utf-8"))
    return _page(request, "table.html", name=stem, columns=head["columns"], rows=head["rows"], total=head["total"])


# --- the rest

async def home(request: Request) -> Response:
    base = str(request.base_url)
    service: Service = request.app.state.service
    return _page(request, "home.html", endpoint=base + "sparql", base=base, build_name=service.build.root.name,
                 prefixes=sorted(PREFIXES))


async def editor(request: Request) -> Response:
    config = {"endpoint": f"{_root(request)}sparql", "query": EXAMPLE_QUERY, "prefixes": PREFIXES}
    return _page(request, "editor.html", endpoint=str(request.base_url) + "sparql", prefixes=sorted(PREFIXES),
                 config_json=Markup(script_json(config)))


async def manifest(request: Request) -> Response:
    return JSONResponse(request.app.state.service.manifest())


async def healthz(request: Request) -> Response:
    pool: QueryPool = request.app.state.service.pool
    alive = pool.alive()
    body = {"status": "ok" if alive else "no query worker", "workers": alive, "busy": pool.busy(), **pool.stats}
    return JSONResponse(body, status_code=200 if alive else 503)


class SecurityHeaders:
    """Headers on every response: no script or request but this service's (CSP), no MIME sniffing,
    no referrer sent elsewhere."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", CSP)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "no-referrer")
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(service: Service) -> Starlette:
    """The application over a started `Service` (its pool is the caller's to start and close)."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.service = service
        yield

    assets = StaticFiles(directory=str(resources.files("kg.service") / "assets"))
    routes = [
        Route("/", home), Route("/editor", editor), Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/q/", questions), Route("/q", lambda r: RedirectResponse(f"{_root(r)}q/", 308)),
        Route("/q/{name}", question), Route("/views", lambda r: RedirectResponse(f"{_root(r)}views/", 308)),
        Route("/views/", views), Route("/views/{path:path}", views), Route("/tables/", tables),
        Route("/tables", lambda r: RedirectResponse(f"{_root(r)}tables/", 308)), Route("/tables/{name}", table),
        Route("/manifest", manifest), Route("/healthz", healthz), Mount("/assets", app=assets, name="assets"),
    ]
    middleware = [Middleware(SecurityHeaders)]
    if service.settings.cors_origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(service.settings.cors_origins),
                                     allow_methods=["GET", "POST"], allow_headers=["Accept", "Content-Type"]))
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.service = service
    return app

