"""A local Neo4j Community 5 server that the repo installs and runs itself.

Neo4j's own tarballs cannot be downloaded here, so the server comes from Maven
Central: ``kg/stores/neo4j-pom.xml`` pulls ``org.neo4j:neo4j`` (Community: kernel,
Cypher, Bolt, the HTTP server and the ``neo4j-admin`` commands incl. the bulk
importer) and the Neo4j Browser jar into ``.neo4j/lib``.  The server is Neo4j's
own entry point, ``org.neo4j.server.CommunityEntryPoint`` (what ``bin/neo4j
console`` runs), configured by a ``neo4j.conf`` we write, so no launcher class of
our own is needed.

Layout (``GOVKG_NEO4J_HOME``, default ``<repo>/.neo4j``, git-ignored)::

    lib/                   jars (install())
    credentials            the generated password (0600)
    data/                  data dir of the default server (port 7687)
    data-<port>/           default data dir of a server on any other port
    import/                server.directories.import, for LOAD CSV 'file:///...'
    instances/<port>/      neo4j.conf, neo4j.pid, console.log (JVM stdout/err),
                           logs/neo4j.log, logs/debug.log, info.json

Typical use::

    python -c "import kg.stores.neo4j_server as s; print(s.start())"   # idempotent
    python -c "import kg.stores.neo4j_server as s; print(s.status())"
    python -c "import kg.stores.neo4j_server as s; s.stop()"
    python -m kg.stores.neo4j_server install|start|stop|status        # same, from a shell

Credentials: user ``neo4j`` (``NEO4J_USER``) and a password generated with
``secrets`` the first time one is needed (install or first start), kept in
``<home>/credentials`` (mode 0600; home, data and instance dirs are 0700, and the
server runs with umask 077).  ``NEO4J_PASSWORD`` or ``NEO4J_PASSWORD_FILE`` override
it.  The password is never put on a command line: ``neo4j-admin dbms
set-initial-password`` reads it from an ``@argfile`` (picocli), clients send it over
Bolt.  It is fixed when a data dir is first started; a data dir made with the old
fixed password is switched to the generated one over Bolt on the next start.
HTTP (Neo4j Browser) is off unless ``http_port`` is given (``kg neo4j start`` asks
for 7474 when that port is free).
Memory: ``GOVKG_NEO4J_HEAP`` (default 1g) and ``GOVKG_NEO4J_PAGECACHE`` (512m).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

NEO4J_VERSION = "5.26.30"  # keep in step with kg/stores/neo4j-pom.xml
DEFAULT_PORT = 7687
DEFAULT_HTTP_PORT = 7474
DEFAULT_URI = f"bolt://localhost:{DEFAULT_PORT}"
DEFAULT_USER = os.environ.get("NEO4J_USER", "neo4j")
# The fixed password of earlier versions, public in their README: kept only so that
# start() can replace it in data dirs made with it.
LEGACY_PASSWORD = "govkg-local"
PASSWORD_ENV = ("NEO4J_PASSWORD", "NEO4J_PASSWORD_FILE")

POM = Path(__file__).with_name("neo4j-pom.xml")  # package data: a wheel carries it too
CHECKOUT = Path(__file__).resolve().parents[2]
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"

# JVM flags from the default neo4j.conf of the 5.x distribution: without the
# --add-opens the page cache and transaction logs fall back to slower paths.
JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
)


class Neo4jServerError(RuntimeError):
    """The local Neo4j server could not be installed, started or used."""


class CredentialsRejected(Neo4jServerError):
    """The server answers Bolt but refuses the user and password."""


@dataclass(frozen=True)
class ServerInfo:
    uri: str
    user: str
    password: str = field(repr=False)
    port: int
    http_port: int | None
    pid: int
    data_dir: Path
    log_file: Path
    migrated: bool = False  # the old fixed password was replaced by the generated one

    @property
    def auth(self) -> tuple[str, str]:
        return (self.user, self.password)

    @property
    def browser_url(self) -> str | None:
        return f"http://localhost:{self.http_port}/browser/" if self.http_port else None


# --------------------------------------------------------------------- paths


def home() -> Path:
    """GOVKG_NEO4J_HOME; else `.neo4j/` in a source checkout (git-ignored), else the user's data
    directory (an installed wheel has no checkout to write into)."""
    if os.environ.get("GOVKG_NEO4J_HOME"):
        return Path(os.environ["GOVKG_NEO4J_HOME"]).resolve()
    if (CHECKOUT / "pyproject.toml").is_file() and (CHECKOUT / ".git").exists():
        return CHECKOUT / ".neo4j"
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return (base / "govkg" / "neo4j").resolve()


def lib_dir() -> Path:
    return home() / "lib"


def instance_dir(port: int) -> Path:
    return home() / "instances" / str(port)


def default_data_dir(port: int) -> Path:
    return home() / ("data" if port == DEFAULT_PORT else f"data-{port}")


def _pid_file(port: int) -> Path:
    return instance_dir(port) / "neo4j.pid"


def _log_file(port: int) -> Path:
    return instance_dir(port) / "logs" / "neo4j.log"


def credentials_file() -> Path:
    return home() / "credentials"


def _private_dir(path: Path) -> Path:
    """mkdir -p, then mode 0700: data, logs and the password are the user's alone."""
    path.mkdir(parents=True, exist_ok=True)
    # A dir of someone else's cannot be tightened; the server then fails to write it anyway.
    with contextlib.suppress(PermissionError):
        path.chmod(0o700)
    return path


# --------------------------------------------------------------- credentials


def read_password_file(path: str | Path) -> str:
    """The first line of a password file, without its line break."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise Neo4jServerError(f"cannot read the Neo4j password file {path}: {exc.strerror}") from None
    password = text.splitlines()[0] if text else ""
    if not password:
        raise Neo4jServerError(f"the Neo4j password file {path} is empty")
    return password


def ensure_password() -> str:
    """The password in credentials_file(), generated and written (0600) if there is none."""
    path = credentials_file()
    if path.exists():
        with contextlib.suppress(PermissionError):
            if path.stat().st_mode & 0o077:  # copied or restored with looser modes
                path.chmod(0o600)
        return read_password_file(path)
    _private_dir(home())
    tmp = path.with_name(f".credentials.{os.getpid()}")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(secrets.token_urlsafe(24) + "\n")
    try:
        os.link(tmp, path)  # fails if another process wrote one first: theirs wins
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return read_password_file(path)


def password_source(password: str | None = None) -> str:
    """Where resolve_password() takes the password from, for messages (never the secret)."""
    if password:
        return "the given password"
    for name in PASSWORD_ENV:
        if os.environ.get(name):
            return name
    return str(credentials_file())


def resolve_password(password: str | None = None, *, create: bool = False) -> str:
    """The given password, else NEO4J_PASSWORD, NEO4J_PASSWORD_FILE, the credentials file.

    create=True generates the credentials file if it is missing (server side);
    clients get a one-line error instead.
    """
    if password:
        return password
    if os.environ.get("NEO4J_PASSWORD"):
        return os.environ["NEO4J_PASSWORD"]
    if os.environ.get("NEO4J_PASSWORD_FILE"):
        return read_password_file(os.environ["NEO4J_PASSWORD_FILE"])
    if create or credentials_file().exists():
        return ensure_password()
    raise Neo4jServerError(
        f"no Neo4j password: `kg neo4j start` generates one into {credentials_file()}; "
        "or set NEO4J_PASSWORD / NEO4J_PASSWORD_FILE")


def _child_env(**extra: str) -> dict[str, str]:
    # Child JVMs have no use for the secret; /proc/<pid>/environ is the user's alone
    # anyway, but what is not there cannot leak.
    env = {k: v for k, v in os.environ.items() if k not in PASSWORD_ENV}
    return {**env, **extra}


# ------------------------------------------------------------------- install


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    if not java or not Path(java).exists():
        raise Neo4jServerError("java not found: Neo4j 5 needs Java 17 or 21 (apt-get install "
                               "openjdk-17-jre-headless) on PATH or in JAVA_HOME")
    out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    m = re.search(r'version "(\d+)', out)
    if not m or int(m.group(1)) < 17:
        raise Neo4jServerError(f"Neo4j 5 needs Java 17 or 21, {java} is: {out.splitlines()[:1]}")
    return java


def _pom_digest() -> str:
    return hashlib.sha256(POM.read_bytes()).hexdigest()[:16]


def is_installed() -> bool:
    marker = lib_dir() / ".installed"
    return POM.exists() and marker.exists() and marker.read_text().strip() == _pom_digest()


def install_plan() -> dict[str, str | bool | None]:
    """What `install` would do, without doing it: where, from which pom, with which tools."""
    return {"home": str(home()), "lib": str(lib_dir()), "pom": str(POM), "pom_present": POM.exists(),
            "installed": is_installed(), "mvn": shutil.which("mvn"), "java": shutil.which("java"),
            "neo4j": NEO4J_VERSION}


def install(*, force: bool = False) -> Path:
    """Download the Neo4j jars from Maven Central into .neo4j/lib; returns that dir."""
    if not POM.exists():
        raise Neo4jServerError(f"{POM} missing: the govkg package is incomplete; reinstall it")
    if is_installed() and not force:
        ensure_password()
        return lib_dir()
    mvn = shutil.which("mvn")
    if not mvn:
        raise Neo4jServerError("mvn not found: Maven is needed once to fetch Neo4j "
                               "(apt-get install maven)")
    _java()
    ensure_password()
    # Fill a temporary dir and rename it, so a broken download never looks installed.
    tmp = home() / "lib.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    # Maven writes beside the pom it reads: give it a copy in our home, not the package
    pom = home() / "pom.xml"
    shutil.copyfile(POM, pom)
    cmd = [mvn, "-B", "-q", "-f", str(pom), "dependency:copy-dependencies",
           f"-DoutputDirectory={tmp}"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = " | ".join((proc.stdout + proc.stderr).strip().splitlines()[-5:])
        raise Neo4jServerError(f"Maven could not fetch Neo4j {NEO4J_VERSION}: {tail}")
    (tmp / ".installed").write_text(_pom_digest() + "\n")
    shutil.rmtree(lib_dir(), ignore_errors=True)
    tmp.rename(lib_dir())
    return lib_dir()


def _classpath() -> str:
    return str(lib_dir() / "*")


# --------------------------------------------------------------- processes


def _read_pid(port: int) -> int | None:
    try:
        return int(_pid_file(port).read_text().strip())
    except (OSError, ValueError):
        return None


def _alive(pid: int, port: int) -> bool:
    """True if pid is a live (non-zombie) Neo4j JVM of *this* instance."""
    with contextlib.suppress(ChildProcessError, OSError):
        if os.waitpid(pid, os.WNOHANG)[0] == pid:  # our own child that exited: reap it
            return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return False
    state = stat.rsplit(")", 1)[1].split()[0]
    # The pid may have been reused by an unrelated process after a crash.
    return state not in ("Z", "X") and ENTRY_POINT in cmdline and \
        f"--home-dir={instance_dir(port)}\0" in cmdline


def _running_pid(port: int) -> int | None:
    pid = _read_pid(port)
    return pid if pid is not None and _alive(pid, port) else None


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@contextlib.contextmanager
def _locked(port: int) -> Iterator[None]:
    # Serialises start/stop of one instance across processes (e.g. pytest-xdist).
    _private_dir(home() / "instances")
    _private_dir(instance_dir(port))
    with open(instance_dir(port) / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _log_lines(path: Path, offset: int = 0) -> list[str]:
    # Messages only: Java stack frames ("\tat ...", "... 7 more") are noise here.
    try:
        data = path.read_bytes()
    except OSError:
        return []
    text = data[offset if offset <= len(data) else 0:].decode(errors="replace")
    return [ln.strip()[:300] for ln in text.splitlines() if ln.strip() and not ln[0].isspace()]


def _log_tail(port: int) -> str:
    """A one-line reason from the instance's logs: first error and its root cause."""
    # neo4j.log is appended to across runs: read only what this run wrote.
    offset = _info(port).get("log_offset", 0)
    lines = _log_lines(instance_dir(port) / "console.log") + _log_lines(_log_file(port), offset)
    errors = [ln for ln in lines if " ERROR " in ln or "Exception" in ln or "Error:" in ln]
    causes = [ln for ln in errors if ln.startswith("Caused by:")]
    picked = errors[:1] + causes[-1:] if errors else lines[-3:]
    return " | ".join(picked) or f"no log output in {instance_dir(port)}"


# ---------------------------------------------------------------- config


def _write_conf(port: int, http_port: int | None, data_dir: Path) -> Path:
    inst = _private_dir(instance_dir(port))
    conf_dir = _private_dir(inst / "conf")
    _private_dir(inst / "logs")
    _private_dir(home() / "import")
    lines = [
        "# Written by kg/stores/neo4j_server.py on every start; edits are overwritten.",
        "server.default_listen_address=127.0.0.1",
        "server.default_advertised_address=localhost",
        "server.bolt.enabled=true",
        f"server.bolt.listen_address=127.0.0.1:{port}",
        f"server.bolt.advertised_address=localhost:{port}",
        f"server.http.enabled={'true' if http_port else 'false'}",
        "server.https.enabled=false",
        "dbms.security.auth_enabled=true",
        f"server.directories.data={data_dir}",
        f"server.directories.logs={inst / 'logs'}",
        f"server.directories.run={inst / 'run'}",
        f"server.directories.plugins={inst / 'plugins'}",
        f"server.directories.import={home() / 'import'}",
        f"server.memory.pagecache.size={os.environ.get('GOVKG_NEO4J_PAGECACHE', '512m')}",
        "dbms.usage_report.enabled=false",
        # Otherwise every database preallocates 256 MB of transaction log up front.
        "db.tx_log.preallocate=false",
        # Bolt's netty event loops otherwise idle 2x5 s before a stop completes.
        "internal.dbms.bolt.netty_server_shutdown_quiet_period=0",
    ]
    if http_port:
        lines += [f"server.http.listen_address=127.0.0.1:{http_port}",
                  f"server.http.advertised_address=localhost:{http_port}"]
    (conf_dir / "neo4j.conf").write_text("\n".join(lines) + "\n")
    return conf_dir


def _admin(args: Sequence[str], conf_dir: Path, *, what: str) -> str:
    """Run a neo4j-admin command (org.neo4j.cli.AdminTool) against conf_dir."""
    env = _child_env(NEO4J_HOME=str(conf_dir.parent), NEO4J_CONF=str(conf_dir))
    cmd = [_java(), "-Xmx1g", *JVM_FLAGS, "-cp", _classpath(), ADMIN_TOOL, *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env,
                          stdin=subprocess.DEVNULL, umask=0o077)
    out = (proc.stdout + proc.stderr).strip()
    if proc.returncode != 0:
        # Keep the messages, drop Java stack frames ("\tat ...", "... 3 more").
        msgs = [ln.strip() for ln in out.splitlines() if ln.strip() and not ln[0].isspace()]
        raise Neo4jServerError(f"{what} failed: {' | '.join(msgs[-3:])}")
    return out


def _set_initial_password(conf_dir: Path, data_dir: Path, password: str) -> None:
    # Only a data dir without a system database takes an initial password.
    if (data_dir / "databases" / "system").exists():
        return
    # The tool takes the password only as an argument, which every user could read in
    # /proc/<pid>/cmdline; picocli reads arguments from an @file instead (quoted, as
    # the password may hold blanks, quotes or '#').
    argfile = conf_dir / ".initial-password"
    argfile.unlink(missing_ok=True)
    fd = os.open(argfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write('"' + password.replace("\\", "\\\\").replace('"', '\\"') + '"\n')
    try:
        _admin(["dbms", "set-initial-password", f"@{argfile}"], conf_dir,
               what="neo4j-admin dbms set-initial-password")
    finally:
        argfile.unlink(missing_ok=True)


# ----------------------------------------------------------------- bolt


def _bolt_ping(uri: str, user: str, password: str) -> None:
    """RETURN 1 over Bolt; raises the driver's exception if that fails."""
    from neo4j import GraphDatabase

    # A plain session, not execute_query: that one retries for 30 s on its own.
    with GraphDatabase.driver(uri, auth=(user, password), connection_timeout=3) as driver, \
            driver.session() as session:
        session.run("RETURN 1 AS ok").consume()


def _ensure_user(uri: str, user: str, password: str) -> None:
    # set-initial-password only knows user 'neo4j'; other names are created once.
    from neo4j import GraphDatabase

    with GraphDatabase.driver(uri, auth=("neo4j", password)) as driver:
        driver.execute_query(
            "CREATE USER $user IF NOT EXISTS SET PASSWORD $password CHANGE NOT REQUIRED",
            user=user, password=password, database_="system")


def _wait_for_bolt(port: int, pid: int, user: str, password: str, timeout: float,
                   source: str = "the given password") -> None:
    from neo4j.exceptions import AuthError, DriverError, Neo4jError

    uri = f"bolt://localhost:{port}"
    deadline = time.monotonic() + timeout
    while True:
        try:
            _bolt_ping(uri, user, password)
            return
        except AuthError as exc:
            raise CredentialsRejected(
                f"Neo4j on port {port} is up but rejects user {user!r} with the password from "
                f"{source} ({exc.code}); the data dir was initialised with other credentials: set "
                f"NEO4J_PASSWORD/NEO4J_PASSWORD_FILE to those, or stop and delete the data dir"
            ) from exc
        except (DriverError, Neo4jError, OSError) as exc:
            if not _alive(pid, port):
                raise Neo4jServerError(
                    f"Neo4j on port {port} exited during start-up: {_log_tail(port)}") from exc
            if time.monotonic() > deadline:
                raise Neo4jServerError(
                    f"Neo4j on port {port} did not answer Bolt within {timeout:.0f}s: "
                    f"{_log_tail(port)}") from exc
            time.sleep(0.5)


def _replace_legacy_password(port: int, user: str, password: str) -> bool:
    """Switch a data dir made with the old fixed password to the generated one, over Bolt."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError

    uri = f"bolt://localhost:{port}"
    try:
        _bolt_ping(uri, user, LEGACY_PASSWORD)
    except AuthError:
        return False
    with GraphDatabase.driver(uri, auth=(user, LEGACY_PASSWORD)) as driver:
        driver.execute_query("ALTER CURRENT USER SET PASSWORD FROM $old TO $new",
                             old=LEGACY_PASSWORD, new=password, database_="system")
    return True


def _connect(port: int, pid: int, user: str, password: str, *, source: str,
             timeout: float) -> bool:
    """Wait for Bolt with the credentials; True if the legacy password had to be replaced.

    Only the generated password (source: the credentials file, not given, not from the
    environment) replaces the old fixed one of a data dir made before it existed.
    """
    try:
        _wait_for_bolt(port, pid, user, password, timeout, source)
        return False
    except CredentialsRejected:
        if source != str(credentials_file()) or not _replace_legacy_password(port, user, password):
            raise
    _wait_for_bolt(port, pid, user, password, timeout, source)
    return True


# ---------------------------------------------------------------- public API


def _info(port: int) -> dict[str, Any]:
    try:
        info = json.loads((instance_dir(port) / "info.json").read_text())
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def http_port_free(port: int = DEFAULT_HTTP_PORT) -> bool:
    """True if nothing listens on 127.0.0.1:port (for an HTTP port chosen only if free)."""
    return _port_free(port)


def start(*, port: int = DEFAULT_PORT, data_dir: str | Path | None = None,
          http_port: int | None = None, user: str | None = None,
          password: str | None = None, timeout: float = 120) -> ServerInfo:
    """Start (or find running) the Neo4j server on 127.0.0.1:port and wait for Bolt.

    Installs the jars first if needed.  HTTP (and the Browser) is off unless http_port
    is given.  The password is resolve_password(password): without one, the generated
    password of credentials_file().  The server runs in its own session and outlives
    the calling process.
    """
    user = user or os.environ.get("NEO4J_USER", DEFAULT_USER)
    source = password_source(password)
    password = resolve_password(password, create=True)
    data = Path(data_dir).resolve() if data_dir else default_data_dir(port)
    install()
    if _running_pid(port) is None:  # checked before _locked() creates the instance dir
        for p in (port, http_port):
            if p and not _port_free(p):
                raise Neo4jServerError(f"port {p} on 127.0.0.1 is in use by another process")
    with _locked(port):
        pid = _running_pid(port)
        if pid is not None:
            running = _info(port)
            if running.get("data_dir") != str(data):
                raise Neo4jServerError(
                    f"Neo4j already runs on port {port} with data dir "
                    f"{running.get('data_dir')}, not {data}: stop(port={port}) first")
            migrated = _connect(port, pid, user, password, source=source, timeout=timeout)
            return _server_info(port, pid, user, password, migrated)

        if (other := _port_using(data)) is not None:
            raise Neo4jServerError(f"data dir {data} is in use by the server on port {other}")
        _private_dir(data)
        conf_dir = _write_conf(port, http_port, data)
        fresh = not (data / "databases" / "system").exists()
        _set_initial_password(conf_dir, data, password)
        pid = _launch(port, http_port, data, conf_dir)
        try:
            if fresh and user != "neo4j":
                _wait_for_bolt(port, pid, "neo4j", password, timeout, source)
                _ensure_user(f"bolt://localhost:{port}", user, password)
            migrated = _connect(port, pid, user, password, source=source, timeout=timeout)
        except Neo4jServerError:
            _stop_locked(port)
            raise
        return _server_info(port, pid, user, password, migrated)


def _launch(port: int, http_port: int | None, data: Path, conf_dir: Path) -> int:
    """Run the server JVM detached; its pid."""
    inst = instance_dir(port)
    heap = os.environ.get("GOVKG_NEO4J_HEAP", "1g")
    argv = [_java(), f"-Xms{heap}", f"-Xmx{heap}", *JVM_FLAGS, "-cp", _classpath(),
            ENTRY_POINT, f"--home-dir={inst}", f"--config-dir={conf_dir}"]
    # 'sh ... &' daemonises: the JVM is re-parented away from us, so it survives
    # our exit and never lingers as our zombie; setsid keeps Ctrl-C away from it.
    # umask 077: the stores, logs and transaction files it writes are the user's alone.
    script = '"$@" >"$LOG" 2>&1 </dev/null & echo $!'
    log = inst / "console.log"
    log_offset = _log_file(port).stat().st_size if _log_file(port).exists() else 0
    out = subprocess.run(["sh", "-c", script, "sh", *argv], capture_output=True, text=True,
                         env=_child_env(LOG=str(log)), start_new_session=True, umask=0o077,
                         cwd=inst, check=True).stdout
    pid = int(out.strip())
    _pid_file(port).write_text(f"{pid}\n")
    (inst / "info.json").write_text(json.dumps(
        {"pid": pid, "port": port, "http_port": http_port, "data_dir": str(data),
         "started": time.time(), "log_offset": log_offset}))
    return pid


def _port_using(data_dir: Path) -> int | None:
    """The port of a running instance of ours that serves data_dir, if any."""
    for inst in (home() / "instances").glob("*"):
        port = int(inst.name) if inst.name.isdigit() else None
        if port and _running_pid(port) and _info(port).get("data_dir") == str(data_dir):
            return port
    return None


def _server_info(port: int, pid: int, user: str, password: str,
                 migrated: bool = False) -> ServerInfo:
    info = _info(port)
    return ServerInfo(uri=f"bolt://localhost:{port}", user=user, password=password, port=port,
                      http_port=info.get("http_port"), pid=pid,
                      data_dir=Path(info.get("data_dir", default_data_dir(port))),
                      log_file=_log_file(port), migrated=migrated)


def _stop_locked(port: int, timeout: float = 60) -> bool:
    pid = _running_pid(port)
    stopped = False
    if pid is not None:
        # SIGTERM runs Neo4j's shutdown hook: checkpoint, close stores, release locks.
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _alive(pid, port) and time.monotonic() < deadline:
            time.sleep(0.1)
        if _alive(pid, port):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            while _alive(pid, port):
                time.sleep(0.1)
        stopped = True
    _pid_file(port).unlink(missing_ok=True)
    return stopped


def stop(*, port: int = DEFAULT_PORT, timeout: float = 60) -> bool:
    """Stop the server on port (SIGTERM, wait, then SIGKILL). True if one was running."""
    if not instance_dir(port).exists():
        return False
    with _locked(port):
        return _stop_locked(port, timeout)


def status(*, port: int = DEFAULT_PORT, user: str | None = None,
           password: str | None = None) -> dict[str, Any]:
    """running: the JVM is alive; bolt: it answers RETURN 1 with the credentials."""
    user = user or os.environ.get("NEO4J_USER", DEFAULT_USER)
    pid = _running_pid(port)
    info = _info(port)
    bolt, error = False, None
    if pid is not None:
        try:
            _bolt_ping(f"bolt://localhost:{port}", user, resolve_password(password))
            bolt = True
        except Exception as exc:  # report, don't raise: status is a diagnostic
            error = f"{type(exc).__name__}: {exc}"
    return {
        "installed": is_installed(),
        "version": NEO4J_VERSION,
        "running": pid is not None,
        "bolt": bolt,
        "error": error,
        "pid": pid,
        "uri": f"bolt://localhost:{port}",
        "http_port": info.get("http_port") if pid else None,
        "data_dir": info.get("data_dir", str(default_data_dir(port))),
        "log_file": str(_log_file(port)),
        "credentials": str(credentials_file()),
    }


def import_csv(csv_dir: str | Path, *, data_dir: str | Path, database: str = "neo4j",
               nodes: Sequence[str | Path] | None = None,
               relationships: Sequence[str | Path] | None = None,
               extra_args: Sequence[str] = ()) -> str:
    """Bulk-load CSVs with ``neo4j-admin database import full`` into data_dir.

    Replaces the database (``--overwrite-destination``); no server may be running on
    data_dir.  Start a server on that data_dir afterwards to query it.  Without
    explicit lists, ``nodes*.csv`` are node files and ``rels*.csv`` /
    ``relationships*.csv`` relationship files of csv_dir; they use the importer's
    header syntax (``id:ID``, ``:LABEL``, ``:START_ID``, ``:END_ID``, ``:TYPE``).
    Community can only serve the default database ``neo4j``.  Returns the tool's output.
    """
    csv_dir, data = Path(csv_dir).resolve(), Path(data_dir).resolve()
    node_files = [Path(p) for p in nodes] if nodes is not None else sorted(
        csv_dir.glob("nodes*.csv"))
    rel_files = [Path(p) for p in relationships] if relationships is not None else sorted(
        [*csv_dir.glob("rels*.csv"), *csv_dir.glob("relationships*.csv")])
    if not node_files:
        raise Neo4jServerError(f"no node CSV files (nodes*.csv) in {csv_dir}")
    install()
    if (other := _port_using(data)) is not None:
        raise Neo4jServerError(f"the server on port {other} uses {data}: stop it first")
    _private_dir(data)
    _private_dir(home() / "instances")
    _private_dir(home() / "instances" / "import")
    conf_dir = _private_dir(home() / "instances" / "import" / "conf")
    (conf_dir / "neo4j.conf").write_text(
        f"server.directories.data={data}\n"
        f"server.directories.logs={conf_dir.parent / 'logs'}\n")
    # The database name goes first: --nodes/--relationships take several values
    # each and would swallow a trailing positional argument.
    args = ["database", "import", "full", database, "--overwrite-destination",
            f"--report-file={conf_dir.parent / 'import.report'}",  # default: the cwd
            *(f"--nodes={(csv_dir / f).resolve()}" for f in node_files),
            *(f"--relationships={(csv_dir / f).resolve()}" for f in rel_files),
            *extra_args]
    out = _admin(args, conf_dir, what="neo4j-admin database import")
    return out[out.find("IMPORT DONE"):] if "IMPORT DONE" in out else out


if __name__ == "__main__":  # python -m kg.stores.neo4j_server [install|start|stop|status]
    import sys

    cmd = sys.argv[1] if len(sys.argv) > 1 else "status"
    if cmd == "install":
        print(install(force="--force" in sys.argv))
    elif cmd == "start":
        started = {k: v for k, v in asdict(start()).items() if k != "password"}
        print(json.dumps(started, default=str, indent=2))
    elif cmd == "stop":
        print("stopped" if stop() else "not running")
    else:
        print(json.dumps(status(), indent=2))
