"""Putting a finished build in place without losing anything of the user's.

- Only an empty directory or an earlier govkg build is ever replaced; any other directory,
  or one that holds an input, is refused with one line.
- One build at a time per output: a lock file beside it (`.NAME.lock`); a second build of the
  same output refuses at once.
- The new build is assembled in a hidden staging directory beside the output and exchanged
  with the old one in one atomic `renameat2(RENAME_EXCHANGE)` where the system has it; else a
  rename of the old one aside and of the new one in, which the next run completes or undoes
  after a kill. Staging directories of dead builds are removed by the next build.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.build.layout import is_build
from kg.output import honour_umask

__all__ = ["PublishError", "check_replaceable", "locked", "staging", "swap_in"]


class PublishError(Exception):
    """The output cannot be written; the message is one line naming it."""


def _hidden(out_dir: Path, what: str) -> Path:
    return out_dir.with_name(f".{out_dir.name}.{what}")


def check_replaceable(out_dir: Path, inputs: Iterable[str | Path]) -> None:
    """PublishError unless `out_dir` is absent, empty or a govkg build, and holds no input."""
    out_dir = Path(out_dir).resolve()
    for raw in inputs:
        path = Path(raw).resolve()
        if path == out_dir or out_dir in path.parents:
            raise PublishError(f"{out_dir}: holds the input {raw}; choose another output directory")
    if not out_dir.exists() and not out_dir.is_symlink():
        return
    if not out_dir.is_dir() or out_dir.is_symlink():
        raise PublishError(f"{out_dir}: exists and is not a directory; not replaced")
    if any(out_dir.iterdir()) and not is_build(out_dir):
        raise PublishError(f"{out_dir}: exists and is not a govkg build; not replaced (choose an empty "
                           "or new directory)")


@contextmanager
def locked(out_dir: Path, command: str = "kg build") -> Iterator[None]:
    """Hold the output's lock; PublishError at once when another build (or export) holds it.
    Then finish what a killed one left: a half-done swap, staging directories."""
    out_dir = Path(out_dir).resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_path = _hidden(out_dir, "lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError(f"{out_dir}: another {command} is writing it; try again when it has finished") \
                from None
        _recover(out_dir)
        yield
    finally:
        os.close(fd)  # releases the lock; the empty lock file stays for the next build


def _recover(out_dir: Path) -> None:
    """Under the lock: restore a build moved aside by a swap that was killed halfway, and
    remove staging directories of dead builds (with the lock held, no live build owns one)."""
    aside = _hidden(out_dir, "old")
    if aside.exists():
        if out_dir.exists():
            shutil.rmtree(aside, ignore_errors=True)
        else:
            aside.rename(out_dir)
    for stale in out_dir.parent.glob(f".{out_dir.name}.build-*"):
        shutil.rmtree(stale, ignore_errors=True)


@contextmanager
def staging(out_dir: Path) -> Iterator[Path]:
    """A fresh hidden directory beside `out_dir` to assemble the build in; removed on failure."""
    out_dir = Path(out_dir).resolve()
    tmp = Path(tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}.build-"))
    honour_umask(tmp, directory=True)
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def swap_in(staged: Path, out_dir: Path) -> None:
    """Make `staged` the output: atomically where the system can exchange two names, else in
    two renames that `_recover` completes. The old build is deleted afterwards."""
    out_dir = Path(out_dir).resolve()
    if not out_dir.exists():
        staged.rename(out_dir)
        return
    if _exchange(staged, out_dir):
        shutil.rmtree(staged, ignore_errors=True)  # it now holds the old build
        return
    aside = _hidden(out_dir, "old")
    out_dir.rename(aside)
    staged.rename(out_dir)
    shutil.rmtree(aside, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """renameat2(a, b, RENAME_EXCHANGE): True when done, False when the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))
