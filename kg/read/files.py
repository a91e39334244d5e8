"""Which files a run reads, and reading one safely: regular files only, under a size limit.

A folder contributes every file of a known format below it (recursively, sorted); what it
holds but govkg does not read is listed as skipped, with the reason, never dropped silently.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.read.text import InputError, quote_name

# Well above any real document (the largest county table we have seen is under 5 MB); a
# file above it is refused before it is read, so one odd file cannot exhaust memory.
DEFAULT_MAX_MB = 200.0
MAX_MB_ENV = "GOVKG_MAX_FILE_MB"
# Suffixes a folder's files are read for, compared in lower case (`.TXT` is text too); an
# explicit file is read whatever its name, in the format its bytes show.
KNOWN_SUFFIXES = frozenset({
    ".txt", ".text",  # text
    ".docx", ".doc", ".wps", ".rtf",  # Word, WPS Writer
    ".xlsx", ".xlsm", ".xls",  # Excel
    ".pdf",
    ".html", ".htm", ".shtml", ".xhtml",  # web pages
})


@dataclass(frozen=True, slots=True)
class Skipped:
    path: Path
    reason: str

    def message(self) -> str:
        return f"{quote_name(str(self.path))}: skipped: {self.reason}"


def max_bytes() -> int:
    raw = os.environ.get(MAX_MB_ENV)
    try:
        mb = float(raw) if raw else DEFAULT_MAX_MB
    except ValueError:
        mb = DEFAULT_MAX_MB
    return int(mb * 1024 * 1024)


def expand(paths: Iterable[str | Path], suffixes: frozenset[str] = KNOWN_SUFFIXES) -> tuple[list[Path], list[Skipped]]:
    """Files as given; folders contribute their files of a known format, recursively and
    sorted. Returns (files to read, skipped entries with the reason)."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            _walk(path, suffixes, files, skipped)
        else:
            files.append(path)  # missing or odd: reading says what is wrong, as that file's error
    return files, skipped


def _walk(folder: Path, suffixes: frozenset[str], files: list[Path], skipped: list[Skipped]) -> None:
    def refused(exc: OSError) -> None:
        skipped.append(Skipped(Path(exc.filename or folder), f"cannot list: {exc.strerror or exc}"))

    # followlinks=False: a link to a folder above would loop; linked files are still read
    for root, dirs, names in os.walk(folder, onerror=refused):
        dirs.sort()
        base = Path(root)
        for name in sorted(names):
            path = base / name
            if name.startswith("~$"):
                skipped.append(Skipped(path, "an Office lock file, not a document"))
            elif path.suffix.lower() not in suffixes:
                skipped.append(Skipped(path, f"not a known format ({path.suffix or 'no suffix'})"))
            elif not path.exists():
                skipped.append(Skipped(path, "dangling link"))
            else:
                files.append(path)
        for name in dirs:
            if (base / name).is_symlink():
                skipped.append(Skipped(base / name, "link to a folder, not followed"))


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The file's bytes; InputError (one line naming it) for anything but a readable regular
    file within the size limit. Opened without blocking, so a FIFO cannot hang the run."""
    limit = max_bytes() if limit is None else limit
    shown = quote_name(str(path))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except IsADirectoryError:
        raise InputError(f"{shown}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{shown}: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{shown}: not a regular file ({_kind(info.st_mode)})")
        if info.st_size > limit:
            raise InputError(f"{shown}: {info.st_size / 2**20:.0f} MB, above the limit of "
                             f"{limit / 2**20:.0f} MB (set {MAX_MB_ENV} to read it)")
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(fd, 1 << 20):
            size += len(chunk)
            if size > limit:  # grew while we read
                raise InputError(f"{shown}: above the limit of {limit / 2**20:.0f} MB")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(f"{shown}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a file"
