"""`kg serve` as its users meet it: the real command in a subprocess on a free loopback port, over a
build of the example corpus, asked by real clients (SPARQLWrapper, rdflib's SPARQLStore, plain HTTP,
headless Chromium) and loaded by 32 concurrent clients.

Runtime: about 65 s on 2 busy cores (two services started, the views prepared once, Chromium, a 5 s load test:
GOVKG_SERVE_LOAD_SECONDS sets its length; bench/serve_load.py runs the full 30 s).
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import sys
import time
import urllib.error
import urllib.request
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.build import build, open_build
from kg.cli import cli
from kg.pipeline import read_documents
from kg.service import is_update
from kg.service.rows import excel_csv
from kg.stores.sparql import _python, bind_sparql, named_queries
from kg.views.browser import Probe, open_url
from tests.conftest import needs_chromium

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
INJECTION = Path(__file__).resolve().parent / "data" / "injection-tasks.txt"
PAYLOADS = ("<svg/onload=alert(1)>局", "<imgsrc=xonerror=alert(1)>局")
TIMEOUT = 4.0  # the services' time limit in these tests
MAX_ROWS = 5000  # below the corpus's 22,601 triples, above every named answer
MAX_BODY = 65536
LOAD_SECONDS = float(os.environ.get("GOVKG_SERVE_LOAD_SECONDS", "5"))


SELECT = """SELECT ?county ?unit (COUNT(?task) AS ?tasks) WHERE {
  ?u gk:leads ?task ; rdfs:label ?unit ; gk:inCounty ?c . ?c rdfs:label ?county .
} GROUP BY ?county ?unit ORDER BY DESC(?tasks) ?county ?unit LIMIT 25"""
CONSTRUCT = "CONSTRUCT { ?c ?p ?o } WHERE { ?c a gk:County ; ?p ?o }"


def _load_bench():
    spec = importlib.util.spec_from_file_location("bench_serve_load", ROOT / "bench" / "serve_load.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


serve_load = _load_bench()


def _build(paths: list[Path], out: Path) -> Path:
    docs, failures = read_documents(paths)[:2]
    assert docs and not failures
    build(docs, out)
    return out


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build([CORPUS], tmp_path_factory.mktemp("serve") / "govkg-data")


@pytest.fixture(scope="module")
def url(corpus_build: Path):
    with serve_load.running_service(corpus_build, "--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS),
                                    "--max-body", str(MAX_BODY), "--workers", "2") as base:
        yield base


@pytest.fixture(scope="module")
def store(corpus_build: Path):
    return open_build(corpus_build).store()


def fetch(address: str, *, data: bytes | None = None, headers: dict[str, str] | None = None,
          method: str | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(address, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def kg_query(*args: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(cli, ["query", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def _term(binding: dict[str, str]) -> Any:
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if "xml:lang" in binding:
        return ox.Literal(value, language=binding["xml:lang"])
    if "datatype" in binding:
        return ox.Literal(value, datatype=ox.NamedNode(binding["datatype"]))
    return ox.Literal(value)


def _cases() -> list[tuple[str, dict[str, str]]]:
    cases = []
    for query in named_queries().values():
        cases.append((query.name, {}))
        if "county" in query.params:
            cases.append((query.name, {"county": "平陆县"}))
    return cases


# --- real clients


def test_sparqlwrapper_gets_the_rows_of_kg_query(url: str, corpus_build: Path) -> None:
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    for name, params in _cases():
        text = bind_sparql(named_queries()[name].sparql, params)
        expected = kg_query("--data", str(corpus_build), "--sparql", text)
        for method in ("GET", POST):
            client = SPARQLWrapper(url + "sparql")
            client.setQuery(text)
            client.setMethod(method)
            client.setReturnFormat(JSON)
            answer = client.queryAndConvert()
            columns = answer["head"]["vars"]
            bindings = answer["results"]["bindings"]
            rows = [{c: _python(_term(b[c])) if c in b else None for c in columns} for b in bindings]
            assert rows == expected, (name, params, method)
        # the corpus answers every whole question but amplification (it holds no government
        # together with its parent for the same year) and task-lineage (one year)
        assert expected or params or name in ("amplification", "task-lineage"), name


def _rdflib_value(term: Any) -> Any:
    value = term.toPython() if term is not None else None
    if isinstance(value, Decimal):
        return float(value)
    return str(value) if hasattr(value, "n3") else value


def test_rdflib_sparqlstore_gets_the_rows_of_kg_query(url: str, corpus_build: Path, store) -> None:
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(SPARQLStore(url + "sparql"))
    for name, params in _cases():
        text = bind_sparql(named_queries()[name].sparql, params)
        expected = kg_query("--data", str(corpus_build), "--sparql", text)
        result = graph.query(text)
        columns = [str(v) for v in result.vars]
        rows = [{c: _rdflib_value(row[c]) for c in columns} for row in result]
        assert rows == expected, (name, params)
    # CONSTRUCT goes through RDF/XML, which SPARQLStore asks for
    constructed = graph.query("PREFIX gk: <https://govkg.org/ontology#>\n" + CONSTRUCT).graph
    direct = list(store.query(CONSTRUCT, prefixes={"gk": "https://govkg.org/ontology#"}))
    assert len(constructed) == len(set(direct)) > 0


def test_named_question_api_is_kg_query(url: str, corpus_build: Path) -> None:
    for name, params in _cases():
        args = [f"--param={k}={v}" for k, v in params.items()]
        expected = kg_query(name, "--data", str(corpus_build), *args)
        query = "?" + urlencode(params) if params else ""
        status, headers, body = fetch(f"{url}q/{name}.json{query}")
        assert status == 200 and headers["content-type"].startswith("application/json")
        assert json.loads(body) == expected, (name, params)
        status, headers, body = fetch(f"{url}q/{name}.csv{query}")
        assert status == 200 and headers["content-type"] == "text/csv; charset=utf-8"
        assert "attachment" in headers["content-disposition"]
        assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads the Chinese right
        text = body.decode("utf-8-sig")
        assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
        printed = CliRunner().invoke(cli, ["query", name, "--data", str(corpus_build), *args, "--format", "csv"]).stdout
        assert list(csv.reader(io.StringIO(text, newline=""))) == list(csv.reader(io.StringIO(printed)))
        # the same answer by content negotiation and format=
        assert json.loads(fetch(f"{url}q/{name}{query}", headers={"Accept": "application/json"})[2]) == expected
        assert fetch(f"{url}q/{name}?{urlencode({**params, 'format': 'csv'})}")[2] == body


def test_question_parameters_are_values_not_query_text(url: str) -> None:
    sneaky = '平陆县" } ?s ?p ?o . { "'
    status, _, body = fetch(f"{url}q/tasks-by-unit.json?county={quote(sneaky)}")
    assert status == 200 and json.loads(body) == []
    status, _, body = fetch(f"{url}q/tasks-by-unit.json?nation=1")
    assert status == 400 and b"no parameter nation" in body
    status, _, body = fetch(f"{url}q/no-such-question.json")
    assert status == 404 and b"unknown question" in body


def test_excel_csv_lists_and_formulas() -> None:
    rows = [{"unit": "教育局", "roles": ["县长", "副县长"], "note": "=HYPERLINK(1)", "n": -3, "x": None}]
    joined = excel_csv(["unit", "roles", "note", "n", "x"], rows).decode("utf-8-sig")
    assert joined == 'unit,roles,note,n,x\r\n教育局,县长; 副县长,\'=HYPERLINK(1),-3,\r\n'
    split = excel_csv(["unit", "roles"], rows, lists="rows").decode("utf-8-sig")
    assert split == "unit,roles\r\n教育局,县长\r\n教育局,副县长\r\n"


# --- the protocol

RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
SHORT = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
         "tsv": "text/tab-separated-values", "turtle": "text/turtle", "ntriples": "application/n-triples",
         "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml"}


def _rows(body: bytes, fmt: ox.QueryResultsFormat) -> list[tuple[str, ...]]:
    if fmt == ox.QueryResultsFormat.CSV:  # pyoxigraph does not parse CSV (it is lossy): the csv module does
        return [tuple(row) for row in list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))[1:]]
    parsed = ox.parse_query_results(body, format=fmt)
    assert isinstance(parsed, ox.QuerySolutions)
    # CSV keeps only lexical forms, so compare those
    return [tuple(t.value if t is not None else "" for t in solution) for solution in parsed]


def test_every_result_format_by_accept_and_by_format(url: str, store) -> None:
    prefixes = {"gk": "https://govkg.org/ontology#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
    expected = [tuple(t.value for t in s) for s in store.query(SELECT, prefixes=prefixes)]
    assert len(expected) == 25
    get = f"{url}sparql?{urlencode({'query': SELECT})}"
    short = {media: name for name, media in SHORT.items()}
    for media, fmt in RESULT_TYPES.items():
        for status, headers, body in (fetch(get, headers={"Accept": media}), fetch(f"{get}&format={short[media]}"),
                                      fetch(url + "sparql", data=SELECT.encode(), headers={
                                          "Content-Type": "application/sparql-query", "Accept": media}),
                                      fetch(url + "sparql", data=urlencode({"query": SELECT}).encode(), headers={
                                          "Content-Type": "application/x-www-form-urlencoded", "Accept": media})):
            assert status == 200, body
            assert headers["content-type"].split(";")[0] == media
            assert _rows(body, fmt) == expected, media
    direct = set(store.query(CONSTRUCT, prefixes=prefixes))
    for media, rdf in GRAPH_TYPES.items():
        construct = f"{url}sparql?{urlencode({'query': CONSTRUCT})}"
        for status, headers, body in (fetch(construct, headers={"Accept": media}),
                                      fetch(f"{construct}&format={rdf.file_extension}")):
            assert status == 200, body
            assert headers["content-type"].split(";")[0] == media
            assert {q.triple for q in ox.parse(body, format=rdf)} == direct, media
    for name, media in SHORT.items():
        query = CONSTRUCT if media in GRAPH_TYPES else SELECT
        status, headers, _ = fetch(f"{url}sparql?{urlencode({'query': query, 'format': name})}")
        assert status == 200 and headers["content-type"].split(";")[0] == media, name
    ask = f"{url}sparql?{urlencode({'query': 'ASK { ?c a gk:County }'})}"
    assert json.loads(fetch(ask)[2]) == {"head": {}, "boolean": True}
    assert b"<boolean>true</boolean>" in fetch(ask, headers={"Accept": "application/sparql-results+xml"})[2]
    status, _, body = fetch(get, headers={"Accept": "image/png"})
    assert status == 406 and b"application/sparql-results+json" in body
    # the protocol's dataset: a default graph that is not in the store holds nothing
    status, _, body = fetch(f"{get}&default-graph-uri={quote('https://example.org/none')}")
    assert status == 200 and json.loads(body)["results"]["bindings"] == []


def test_update_is_refused(url: str, store) -> None:
    from SPARQLWrapper import POST, SPARQLWrapper

    before = len(store)
    update = "PREFIX ex: <https://example.org/>\n# a comment\nINSERT DATA { ex:a ex:b ex:c }"
    client = SPARQLWrapper(url + "sparql")
    client.setQuery(update)
    client.setMethod(POST)
    with pytest.raises(urllib.error.HTTPError) as refused:
        client.query()
    assert refused.value.code == 403
    for data, media in ((update.encode(), "application/sparql-update"),
                        (urlencode({"update": update}).encode(), "application/x-www-form-urlencoded"),
                        (urlencode({"query": update}).encode(), "application/x-www-form-urlencoded"),
                        (update.encode(), "application/sparql-query")):
        status, _, body = fetch(url + "sparql", data=data, headers={"Content-Type": media})
        assert status == 403 and b"read-only" in body, media
    assert fetch(f"{url}sparql?{urlencode({'update': update})}")[0] == 403
    count = fetch(f"{url}sparql?{urlencode({'query': 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'})}")[2]
    assert int(json.loads(count)["results"]["bindings"][0]["n"]["value"]) == before
    assert is_update("PREFIX a: <b:>\nBASE <c:> # x\n  delete where { ?s ?p ?o }")
    assert not is_update("# INSERT DATA would be refused\nSELECT * WHERE { ?s ?p ?o }")
    assert not is_update("PREFIX insert: <x:> SELECT ?s WHERE { ?s insert:p ?o }")


def test_limits_end_a_query_with_a_clear_error(url: str) -> None:
    status, headers, body = fetch(f"{url}sparql?{urlencode({'query': 'SELECT * WHERE { ?s ?p ?o }'})}")
    assert status == 422 and f"more than {MAX_ROWS} rows".encode() in body
    assert headers["content-type"].startswith("text/plain")
    status, _, body = fetch(f"{url}sparql?{urlencode({'query': 'CONSTRUCT WHERE { ?s ?p ?o }'})}")
    assert status == 422 and b"row limit" in body
    status, _, body = fetch(f"{url}sparql?{urlencode({'query': 'SELECT * WHERE { ?s ?p ?o } LIMIT 5000'})}")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 5000
    big = "SELECT * WHERE { ?s ?p ?o } LIMIT 1 #" + "x" * MAX_BODY
    status, _, body = fetch(url + "sparql", data=big.encode(), headers={"Content-Type": "application/sparql-query"})
    assert status == 413 and b"request size limit" in body
    status, _, body = fetch(f"{url}sparql?{urlencode({'query': 'SELEC nothing'})}")
    assert status == 400 and b"syntax error" in body
    # SPARQLWrapper sees the same refusals as errors
    from SPARQLWrapper import SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    client = SPARQLWrapper(url + "sparql")
    with pytest.warns(RuntimeWarning):  # SPARQLWrapper cannot tell the query's type either
        client.setQuery("SELEC nothing")
    with pytest.raises(QueryBadFormed):
        client.query()


def test_service_description_and_browsers(url: str) -> None:
    from rdflib import Graph, URIRef
    from rdflib.namespace import Namespace

    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    status, headers, body = fetch(url + "sparql", headers={"Accept": "text/turtle"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=body.decode("utf-8"), format="turtle")
    endpoint = URIRef(url + "sparql")
    assert (endpoint, sd.endpoint, endpoint) in graph
    assert (endpoint, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert (endpoint, sd.resultFormat, URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON")) in graph
    declared = {str(p) for p in graph.objects(None, URIRef("http://www.w3.org/ns/shacl#prefix"))}
    assert {"gk", "rdfs", "org", "prov", "skos"} <= declared
    request = urllib.request.Request(url + "sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    with urllib.request.urlopen(request, timeout=60) as response:  # a browser is sent to the editor
        assert response.url == url + "editor"


def test_manifest_health_and_safety_headers(url: str, corpus_build: Path) -> None:
    status, headers, body = fetch(url + "manifest")
    manifest = json.loads(body)
    built = open_build(corpus_build).manifest
    assert status == 200 and {k: manifest[k] for k in built} == built
    assert sorted(manifest["documents"]) == sorted(p.name for p in CORPUS.iterdir() if p.suffix == ".txt")
    assert manifest["service"]["govkg"] == metadata.version("govkg")
    assert manifest["service"]["limits"]["timeout"] == TIMEOUT
    assert sorted(manifest["service"]["questions"]) == sorted(named_queries())
    status, _, body = fetch(url + "healthz")
    health = json.loads(body)
    assert status == 200 and health["status"] == "ok" and health["workers"] == 2
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "access-control-allow-origin" not in fetch(url + "sparql?query=ASK%7B%7D",
                                                      headers={"Origin": "https://elsewhere.example"})[1]


def _wait_prepared(url: str) -> None:
    deadline = time.monotonic() + 180
    while True:
        status, headers, body = fetch(url + "views/")
        if status == 200:
            return
        assert status == 503 and headers.get("retry-after") == "3", body[:300]
        assert time.monotonic() < deadline, "the views were not prepared in 180 s"
        time.sleep(0.5)


def test_views_and_tables_are_served(url: str, corpus_build: Path) -> None:
    _wait_prepared(url)
    status, _, body = fetch(url + "views/")
    assert b'href="overview.html"' in body and b'href="county-140829.html"' in body
    status, headers, body = fetch(url + "views/overview.html")
    assert status == 200 and headers["content-type"].startswith("text/html") and b"govkg-data" in body
    assert fetch(url + "views/assets/vis-network.min.js")[0] == 200
    assert fetch(url + "views/..%2F..%2Fmanifest.json")[0] == 404
    status, _, body = fetch(url + "tables/")
    assert status == 200 and b'href="/tables/units"' in body
    from kg.analytics import analyze

    tables = analyze(open_build(corpus_build).graph()).tables
    for name, rows in tables.items():
        served = json.loads(fetch(f"{url}tables/{name}.json")[2])
        assert len(served) == len(rows), name
        status, headers, body = fetch(f"{url}tables/{name}.csv")
        assert status == 200 and body.startswith(b"\xef\xbb\xbf")
        assert len(list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))) == len(rows) + 1
    assert fetch(url + "tables/nope")[0] == 404


# --- in a browser


def _open(chromium, address: str, base: str, *, ready: str | None = None) -> Probe:
    """A page of the service; every request not to the service is refused, and recorded."""
    return open_url(chromium, address, (base,), ready)


def _clean(probe: Probe, base: str) -> None:
    assert [u for u in probe.requests if not u.startswith(base)] == []
    assert probe.console_errors == [] and probe.page_errors == []
    assert probe.dialogs == []


def _screenshot(probe: Probe, name: str) -> None:
    folder = os.environ.get("GOVKG_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        probe.page.screenshot(path=str(Path(folder) / name))


@needs_chromium
def test_editor_runs_a_query_and_shows_rows(chromium, url: str) -> None:
    probe = _open(chromium, url + "editor", url, ready="body[data-ready='1']")
    try:
        probe.page.click(".yasqe_queryButton")
        probe.page.wait_for_selector(".yasr table tbody tr", timeout=60_000)
        cells = probe.page.locator(".yasr table tbody tr").first.inner_text()
        assert "县" in cells  # a county's name in the first row
        assert probe.page.locator(".yasr table tbody tr").count() == 20  # the example query's LIMIT
        assert any(u == url + "sparql" for u in probe.requests)
        _screenshot(probe, "serve-editor.png")
        _clean(probe, url)
    finally:
        probe.page.context.close()


@needs_chromium
def test_question_page_with_a_parameter(chromium, url: str) -> None:
    probe = _open(chromium, url + "q/tasks-by-unit", url, ready="form.gk-form")
    try:
        probe.page.fill("input[name=county]", "平陆县")
        with probe.page.expect_navigation():
            probe.page.click("form.gk-form button[type=submit]")
        expected = json.loads(fetch(f"{url}q/tasks-by-unit.json?county={quote('平陆县')}")[2])
        assert len(expected) > 10
        rows = probe.page.locator("table.gk-rows tbody tr")
        assert rows.count() == len(expected)
        assert rows.first.locator("td").all_inner_texts() == [str(v) for v in expected[0].values()]
        assert probe.page.inner_text("#gk-count").startswith(f"{len(expected)} rows")
        csv_link = probe.page.get_attribute("#gk-csv", "href")
        assert csv_link == f"/q/tasks-by-unit.csv?county={quote('平陆县')}"
        _clean(probe, url)
    finally:
        probe.page.context.close()


@needs_chromium
def test_view_page_is_served_and_drawn(chromium, url: str) -> None:
    _wait_prepared(url)
    probe = _open(chromium, url + "views/county-140829-units.html", url, ready="body[data-ready='1']")
    try:
        data = probe.js("() => ({nodes: window.govkg.data.nodes.length, drawn: window.govkg.network.body.data.nodes"
                        ".length})")
        assert data["nodes"] > 10 and data["drawn"] == data["nodes"]
        _clean(probe, url)  # the page's own scripts run under the service's Content-Security-Policy
    finally:
        probe.page.context.close()


@pytest.fixture(scope="module")
def injection_url(tmp_path_factory: pytest.TempPathFactory):
    built = _build([INJECTION], tmp_path_factory.mktemp("serve-inject") / "govkg-data")
    with serve_load.running_service(built, "--timeout", str(TIMEOUT), "--workers", "2") as base:
        yield base


@needs_chromium
def test_injection_document_runs_no_script(chromium, injection_url: str) -> None:
    url = injection_url
    county = json.loads(fetch(f"{url}q/tasks-by-unit.json")[2])[0]["county"]
    units = {r["unit"] for r in json.loads(fetch(f"{url}q/tasks-by-unit.json?county={quote(county)}")[2])}
    assert set(PAYLOADS) <= units  # the markup is in the data: the pages must show it as text
    probe = _open(chromium, f"{url}q/tasks-by-unit?county={quote(county)}", url, ready="table.gk-rows")
    try:
        shown = probe.page.inner_text("table.gk-rows")
        assert all(payload in shown for payload in PAYLOADS)
        assert probe.page.locator("main img, main svg, main iframe").count() == 0
        _clean(probe, url)
    finally:
        probe.page.context.close()
    probe = _open(chromium, url + "editor", url, ready="body[data-ready='1']")
    try:
        probe.page.click(".yasqe_queryButton")
        probe.page.wait_for_selector(".yasr table tbody tr", timeout=60_000)
        shown = probe.page.inner_text(".yasr table")
        assert any(payload in shown for payload in PAYLOADS)
        assert probe.page.locator(".yasr img, .yasr iframe, .yasr table svg").count() == 0
        # YASR's table parses cell text as HTML off the page (for sorting and search); there the
        # <svg/onload=…> of a unit name asks to run, and the service's Content-Security-Policy refuses it
        refused = [e for e in probe.console_errors if "Content Security Policy" in e and "inline event handler" in e]
        assert refused and len(refused) == len(probe.console_errors)
        probe.console_errors.clear()
        _clean(probe, url)
    finally:
        probe.page.context.close()
    _wait_prepared(url)
    for page in ("tables/units", "views/index.html"):
        probe = _open(chromium, url + page, url, ready="body")
        try:
            probe.page.wait_for_load_state("load")
            assert probe.page.locator("main img, main svg, table img, table svg").count() == 0
            _clean(probe, url)
        finally:
            probe.page.context.close()


# --- under load


def test_load_and_a_runaway_query(url: str) -> None:
    result = serve_load.run_load(url, clients=32, seconds=LOAD_SECONDS, runaway_at=1.0)
    figures = {k: v for k, v in vars(result).items() if k != "errors"}
    print(f"\nkg serve load: {json.dumps(figures, ensure_ascii=False)}")
    assert result.errors == []
    assert result.requests > 32
    assert result.runaway_status == 503 and "time limit" in result.runaway_message
    assert TIMEOUT <= result.runaway_seconds < TIMEOUT + 10  # ended at the limit (plus waiting for a worker)
    assert result.served_during_runaway > 0  # the others were served meanwhile
    health = json.loads(fetch(url + "healthz")[2])
    assert health["workers"] == 2 and health["timed_out"] >= 1  # the killed worker was replaced


# --- the command's own errors


def test_serve_refuses_with_one_line(tmp_path: Path, corpus_build: Path) -> None:
    import socket

    runner = CliRunner()
    result = runner.invoke(cli, ["serve", str(tmp_path / "nothing")])
    assert result.exit_code == 2 and "no such build directory" in result.output
    assert len(result.output.strip().splitlines()) == 1
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = runner.invoke(cli, ["serve", str(corpus_build), "--port", str(port)])
    assert result.exit_code == 2 and f"cannot listen on 127.0.0.1:{port}" in result.output
    assert "Traceback" not in result.output


def test_a_worker_that_dies_is_replaced(corpus_build: Path) -> None:
    import asyncio
    import signal
    from concurrent.futures import ThreadPoolExecutor

    from kg.service.pool import QueryPool
    from kg.service.worker import SparqlJob

    pool = QueryPool(corpus_build, size=1, timeout=TIMEOUT, max_rows=MAX_ROWS)
    pool.start()
    try:
        (pid,) = pool.pids()
        os.kill(pid, signal.SIGKILL)  # as the out-of-memory killer would
        time.sleep(0.2)
        with ThreadPoolExecutor(1) as thread:  # its own event loop: Playwright's may be running in this thread
            reply = thread.submit(lambda: asyncio.run(pool.run(SparqlJob("ASK { ?c a gk:County }")))).result()
        assert reply.status == 200 and json.loads(reply.body)["boolean"] is True
        assert pool.pids() != [pid] and pool.alive() == 1 and pool.stats["restarted"] == 1
    finally:
        pool.close()
    assert pool.alive() == 0
