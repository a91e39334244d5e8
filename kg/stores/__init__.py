"""Loaders: RDF (rdflib, pyoxigraph), Neo4j, networkx."""
