"""Session-wide real Neo4j server for tests (port 7688, data in .neo4j/test-data).

Use from tests/conftest.py: ``from tests.neo4j_fixture import neo4j_server  # noqa: F401``.
The fixture yields ``(uri, user, password)``; the password is the generated one of
``.neo4j/credentials`` (or NEO4J_PASSWORD).  HTTP is off.
GOVKG_NEO4J_TEST_PORT overrides the port; tests use the next few ports for short-lived
servers of their own (+1, +2, +3).  The data dir is wiped once per session,
so tests start from an empty graph; clean up what you create if other tests care.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.stores import neo4j_server as server

TEST_PORT = int(os.environ.get("GOVKG_NEO4J_TEST_PORT", "7688"))

# The fixture may be imported into conftest.py and into a test module at once;
# pytest then holds two fixture definitions, so the one server is ref-counted.
_users = 0


def data_dir_for_tests() -> Path:
    return server.home() / "test-data"


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[tuple[str, str, str]]:
    global _users
    if _users == 0:
        # A server left over from an aborted run would hold the files we wipe.
        server.stop(port=TEST_PORT)
        shutil.rmtree(data_dir_for_tests(), ignore_errors=True)
    info = server.start(port=TEST_PORT, data_dir=data_dir_for_tests(), http_port=None)
    _users += 1
    try:
        yield info.uri, info.user, info.password
    finally:
        _users -= 1
        if _users == 0:
            server.stop(port=TEST_PORT)
