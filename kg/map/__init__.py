"""Mapping: extractions + resolved entities -> the graph (`GraphData`: nodes, edges).

In: `Extraction`s (kg.pipeline) and `Entities` (kg.resolve). Out: `GraphData`, plain data
whose labels, properties and relationship types come from one table (kg.map.terms), so the
RDF writer and the Neo4j loader, which both read it, cannot drift apart.
"""

from kg.map.graph import MapFailure, build_graph, map_graph
from kg.map.graphdata import Edge, GraphData, GraphDataError, Node, read_graphdata, write_graphdata

__all__ = ["MapFailure", "build_graph", "map_graph", "GraphData", "Node", "Edge", "GraphDataError",
           "read_graphdata", "write_graphdata"]
