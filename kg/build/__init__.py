"""The build: extractions in, a build directory out, and that directory read back.

In: `Extraction`s (kg.pipeline). Out: a directory (kg.build.layout: records, entities, the
mapped graph, RDF files, the SPARQL store, kept answers, a manifest with its format number),
swapped in whole (kg.build.publish). `open_build(dir)` is how every later stage reads it.
"""

from kg.build.layout import FORMAT, Build, BuildError, BuildLayout, is_build, open_build
from kg.build.publish import PublishError
from kg.build.run import (
    BuildResult,
    build,
    build_files,
    distinct_documents,
    entity_records,
    graph_of,
    indicator_records,
    write_rdf,
)

__all__ = ["FORMAT", "Build", "BuildError", "BuildLayout", "BuildResult", "PublishError", "build", "build_files",
           "distinct_documents", "entity_records", "graph_of", "indicator_records", "is_build", "open_build",
           "write_rdf"]
