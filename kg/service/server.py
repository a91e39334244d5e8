"""Running the service: bind the socket, start the query workers, serve with uvicorn until stopped."""

from __future__ import annotations

import ipaddress
import shutil
import socket
import tempfile
from collections.abc import Callable
from pathlib import Path

from kg.service.app import Service, Settings, create_app

__all__ = ["serve", "bind", "is_loopback"]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0: a free one the system picks)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto given explicitly: asyncio sets TCP_NODELAY only on sockets whose proto says TCP, and without
    # it every keep-alive answer waits 40 ms (Nagle against the client's delayed ACK)
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def serve(build_dir: Path, *, host: str = "127.0.0.1", port: int = 8000, settings: Settings | None = None,
          announce: Callable[[str], None] = print, log_level: str = "warning") -> None:
    """Serve `build_dir` until interrupted. `announce` gets the URL once the socket is bound and
    every worker has opened the store (BuildError / PoolError / OSError before that)."""
    import uvicorn

    settings = settings or Settings()
    scratch = Path(tempfile.mkdtemp(prefix="govkg-serve-"))
    try:
        service = Service(build_dir, settings, scratch)
        sock = bind(host, port)
        try:
            service.start()
            try:
                config = uvicorn.Config(create_app(service), log_level=log_level, access_log=False, lifespan="on",
                                        server_header=False, timeout_keep_alive=5, backlog=2048)
                server = uvicorn.Server(config)
                announce(url_of(sock))
                server.run(sockets=[sock])
            finally:
                service.close()
        finally:
            sock.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
