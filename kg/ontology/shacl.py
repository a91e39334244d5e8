"""SHACL validation of a built graph against kg/ontology/shapes.ttl (pyshacl)."""

from __future__ import annotations

from importlib import resources
from typing import Any


def shapes_graph() -> Any:
    from rdflib import Graph

    g = Graph()
    g.parse(data=resources.files("kg.ontology").joinpath("shapes.ttl").read_text(encoding="utf-8"),
            format="turtle")
    return g


def validate(data_graph: Any) -> tuple[bool, str]:
    """(conforms, human-readable report) for an rdflib graph."""
    from pyshacl import validate as run

    conforms, _report_graph, text = run(data_graph, shacl_graph=shapes_graph(), inference="none",
                                        advanced=False, allow_warnings=False)
    return bool(conforms), str(text)
