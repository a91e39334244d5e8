"""Which serialisation a client gets: the `format=` parameter first, then the `Accept` header.

SELECT and ASK answers are SPARQL results (JSON, XML, CSV, TSV); CONSTRUCT and DESCRIBE answers
are RDF graphs (Turtle, N-Triples, JSON-LD, RDF/XML, and pyoxigraph's other RDF formats). Media
types and their aliases are pyoxigraph's own (`QueryResultsFormat.from_media_type`,
`RdfFormat.from_media_type`), so what is named is what pyoxigraph writes.
"""

from __future__ import annotations

from typing import Literal

import pyoxigraph as ox

__all__ = ["Kind", "Format", "NotAcceptable", "choose", "results_format", "graph_format", "content_type", "offered"]

Kind = Literal["results", "graph"]
Format = ox.QueryResultsFormat | ox.RdfFormat

RESULTS: tuple[ox.QueryResultsFormat, ...] = (ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML,
                                                ox.QueryResultsFormat.CSV, ox.QueryResultsFormat.TSV)
GRAPHS: tuple[ox.RdfFormat, ...] = (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.JSON_LD,
                                     ox.RdfFormat.RDF_XML, ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG, ox.RdfFormat.N3)

# short names for `format=` (also accepted: any media type, and each format's file extension)
_NAMES: dict[Kind, dict[str, Format]] = {
    "results": {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV},
    "graph": {"turtle": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
              "n-triples": ox.RdfFormat.N_TRIPLES, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
              "json-ld": ox.RdfFormat.JSON_LD, "json": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML,
              "rdf": ox.RdfFormat.RDF_XML, "xml": ox.RdfFormat.RDF_XML, "nquads": ox.RdfFormat.N_QUADS,
              "nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "n3": ox.RdfFormat.N3},
}
# legacy media types some clients send for a graph
_GRAPH_ALIASES: dict[str, ox.RdfFormat] = {"text/plain": ox.RdfFormat.N_TRIPLES,
                                          "application/json": ox.RdfFormat.JSON_LD}


class NotAcceptable(Exception):
    """No format the client accepts; the message lists what is offered."""


def offered(kind: Kind) -> list[str]:
    return [f.media_type.split(";")[0] for f in (RESULTS if kind == "results" else GRAPHS)]


def content_type(fmt: Format) -> str:
    media = fmt.media_type.split(";")[0]
    binary_safe = media in ("application/sparql-results+json", "application/ld+json")  # JSON is UTF-8 by definition
    return media if binary_safe else f"{media}; charset=utf-8"


def _by_media_type(kind: Kind, media: str) -> Format | None:
    supported = RESULTS if kind == "results" else GRAPHS
    if kind == "graph" and media in _GRAPH_ALIASES:
        return _GRAPH_ALIASES[media]
    found: Format | None = (ox.QueryResultsFormat.from_media_type(media) if kind == "results"
                            else ox.RdfFormat.from_media_type(media))
    return found if found is not None and found in supported else None


def _by_name(kind: Kind, name: str) -> Format | None:
    key = name.strip().lower()
    if key in _NAMES[kind]:
        return _NAMES[kind][key]
    if "/" in key:
        return _by_media_type(kind, key)
    return None


def _accepted(header: str) -> list[str]:
    """Media ranges of an Accept header, most preferred first (q=0 left out; ties keep their order)."""
    ranges: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, position, media.lower()))
    return [media for _, _, media in sorted(ranges)]


def choose(kind: Kind, accept: str | None, fmt: str | None) -> Format:
    """The format to write: `format=` if given, else the best of `Accept`, else JSON / Turtle."""
    default: Format = ox.QueryResultsFormat.JSON if kind == "results" else ox.RdfFormat.TURTLE
    if fmt:
        chosen = _by_name(kind, fmt)
        if chosen is None:
            names = ", ".join(sorted({k for k in _NAMES[kind] if "-" not in k}))
            raise NotAcceptable(f"format={fmt} is not offered for this query (offered: {names}, or a media type: "
                                f"{', '.join(offered(kind))})")
        return chosen
    if not accept:
        return default
    for media in _accepted(accept):
        if media in ("*/*", "*"):
            return default
        if media.endswith("/*"):
            major = media[:-1]
            candidates: list[Format] = [default, *(RESULTS if kind == "results" else GRAPHS)]
            for candidate in candidates:
                if candidate.media_type.startswith(major):
                    return candidate
            continue
        found = _by_media_type(kind, media)
        if found is not None:
            return found
    raise NotAcceptable(f"none of the accepted types ({accept}) is offered for this query; offered: "
                        f"{', '.join(offered(kind))}")


def results_format(accept: str | None, fmt: str | None) -> ox.QueryResultsFormat:
    chosen = choose("results", accept, fmt)
    assert isinstance(chosen, ox.QueryResultsFormat)
    return chosen


def graph_format(accept: str | None, fmt: str | None) -> ox.RdfFormat:
    chosen = choose("graph", accept, fmt)
    assert isinstance(chosen, ox.RdfFormat)
    return chosen
