"""`kg serve`: a build as a read-only local web service.

In: a build directory (`open_build`). Out: HTTP on 127.0.0.1 (unless told otherwise): a SPARQL 1.1
Protocol endpoint (`/sparql`, every result format pyoxigraph writes, Update refused), the named
questions as pages and an API (`/q/NAME`, CSV for Excel and JSON), the views and analytics tables,
an offline query editor (YASGUI, bundled), `/manifest` and `/healthz`.

Starlette and uvicorn serve; every query runs in a worker process (kg.service.pool) that is ended
at the time limit, since pyoxigraph cannot cancel a query. docs/serve.md has the whole story.
"""

from kg.service.app import CSP, EXAMPLE_QUERY, Service, Settings, create_app, is_update
from kg.service.pool import QueryPool
from kg.service.server import bind, is_loopback, serve

__all__ = ["CSP", "EXAMPLE_QUERY", "QueryPool", "Service", "Settings", "bind", "create_app", "is_loopback",
           "is_update", "serve"]
