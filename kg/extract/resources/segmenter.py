"""jieba's dictionary and part-of-speech segmentation, loaded once per process from one file.

jieba builds its word frequencies at first use from dict.txt (0.55 s) and keeps them in
`jieba.cache` in the shared temp directory, which it then trusts: anyone who can write there
decides how the next process segments (and `marshal` is not meant for untrusted bytes). govkg
never lets jieba initialise: the frequencies are read from the dict.txt jieba ships, with jieba's
own `gen_pfdict`, and the tags as `jieba.posseg` reads them (which also loads its HMM tables,
0.2 s). What govkg reads of them (frequencies, total, tags) is kept in one JSON file in the user's
own cache directory (`~/.cache/govkg/`, mode 0700; the file 0600) and loads in about 0.25 s. It is
read only when it is a regular file of this user that no one else may write, and used only when
its structure and types are right and it was made from the same dictionary; anything else is
rebuilt from dict.txt.

`PosTokenizer.cut` is jieba's `posseg.POSTokenizer.cut(text, HMM=False)`, step for step, over
these tables (tests/test_targets.py checks it against jieba on every task text of the corpus).
"""

from __future__ import annotations

import logging
import os
import re
import stat
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import orjson

_FORMAT = 2
Dictionary = tuple[dict[str, int], int, dict[str, str]]


def _dict_file() -> Path:
    import jieba

    return Path(str(jieba.__file__)).resolve().parent / str(jieba.DEFAULT_DICT_NAME)


def _key() -> str:
    import jieba

    stat_ = _dict_file().stat()
    return f"{_FORMAT}:{jieba.__version__}:{stat_.st_size}:{int(stat_.st_mtime)}"


def cache_path() -> Path:
    """In the user's own cache directory, never a shared temp dir."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "govkg" / "jieba.json"


def private_cache_dir() -> Path | None:
    """govkg's cache directory, made 0700 if need be; None when it cannot be trusted (a
    symlink, another user's) or made."""
    path = cache_path().parent
    return path if _private_dir(path) else None


def _from_jieba() -> Dictionary:
    """jieba's default dictionary as jieba reads it, from the dict.txt it ships: not through
    `jieba.initialize()`, which would load (and write) jieba.cache in the shared temp dir."""
    import jieba
    import jieba.posseg  # its tags: read from the same dict.txt, without initialising jieba

    jieba.setLogLevel(logging.WARNING)
    freq, total = jieba.Tokenizer.gen_pfdict(jieba.Tokenizer().get_dict_file())
    return freq, int(total), dict(jieba.posseg.dt.word_tag_tab)


def _own(st: os.stat_result) -> bool:
    """This user's, and no one else may write it."""
    mine = not hasattr(os, "getuid") or st.st_uid == os.getuid()
    return mine and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _private_dir(path: Path) -> bool:
    """Make `path` a directory only this user can enter (0700); False if it is not ours to
    trust (a symlink, another user's, or it cannot be made so)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.mkdir(mode=0o700, exist_ok=True)
        st = os.lstat(path)
        if not stat.S_ISDIR(st.st_mode):
            return False
        if hasattr(os, "getuid") and st.st_uid != os.getuid():
            return False
        if stat.S_IMODE(st.st_mode) & 0o077:  # made by an older govkg, or under a wide umask
            os.chmod(path, 0o700)
    except OSError:
        return False
    return True


def _read(path: Path) -> bytes | None:
    """The file's bytes if it is a regular file of this user that no one else may write."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))  # a symlink: refused
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())  # of the file opened, not of what the path names now
            if not stat.S_ISREG(st.st_mode) or not _own(st):
                return None
            return fh.read()
    except OSError:
        return None


def _valid(data: Any, key: str) -> Dictionary | None:
    """(freq, total, tags) if `data` is [key, {str: int >= 0}, int > 0, {str: str}]."""
    if not isinstance(data, list) or len(data) != 4:
        return None
    stored_key, freq, total, tags = data
    if stored_key != key or type(total) is not int or total <= 0:
        return None
    if not isinstance(freq, dict) or not isinstance(tags, dict) or not freq or not tags:
        return None
    # JSON object keys are always str; the values are checked by type in C (map, set), not
    # in a Python loop: a bool is not an int here
    if set(map(type, freq.values())) != {int} or min(freq.values()) < 0:
        return None
    if set(map(type, tags.values())) != {str}:
        return None
    return freq, total, tags


def _load(path: Path, key: str) -> Dictionary | None:
    raw = _read(path)
    if raw is None:
        return None
    try:
        data = orjson.loads(raw)  # a parser safe on any bytes, unlike marshal
    except orjson.JSONDecodeError:
        return None
    return _valid(data, key)


def _store(path: Path, key: str, dictionary: Dictionary) -> None:
    if not _private_dir(path.parent):
        return  # no cache directory of our own: jieba's dictionary is read again next time
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".jieba.")  # 0600
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(orjson.dumps([key, *dictionary]))
        os.replace(tmp, path)  # whole or not at all: workers may race to write it
    except OSError:
        Path(tmp).unlink(missing_ok=True)  # a full disk: no half-written file stays behind


@cache
def dictionary() -> Dictionary:
    """jieba's default dictionary: (word -> frequency, total frequency, word -> POS tag).
    Shared: callers copy before they change it."""
    key, path = _key(), cache_path()
    found = _load(path, key)
    if found is None:
        found = _from_jieba()
        _store(path, key, found)
    return found


def frequency(word: str) -> int:
    """The word's frequency in jieba's dictionary (0 when absent)."""
    return dictionary()[0].get(word, 0)


class PosTokenizer:
    """jieba's segmentation with user words, tagged with parts of speech (no HMM)."""

    def __init__(self, user_words: dict[str, tuple[int, str]]):
        import jieba

        freq, total, tags = dictionary()
        self.tokenizer: Any = jieba.Tokenizer()
        self.tokenizer.FREQ, self.tokenizer.total = dict(freq), total
        self.tokenizer.initialized = True
        self.tags = dict(tags)
        for word, (count, tag) in user_words.items():
            self.tokenizer.add_word(word, freq=count, tag=tag)
        self.tags.update(self.tokenizer.user_word_tag_tab)

    def cut(self, sentence: str) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for block in _HAN.split(sentence):
            if not block:
                continue
            if _HAN.match(block):
                self._cut_dag(block, out)
                continue
            for piece in _SKIP.split(block):
                if _SKIP.match(piece):
                    out.append((piece, "x"))
                    continue
                for ch in piece:
                    if _NUM.match(ch):
                        out.append((ch, "m"))
                    elif _ENG.match(piece):
                        out.append((ch, "eng"))
                    else:
                        out.append((ch, "x"))
        return out

    def _cut_dag(self, block: str, out: list[tuple[str, str]]) -> None:
        dag = self.tokenizer.get_DAG(block)
        route: dict[int, tuple[float, int]] = {}
        self.tokenizer.calc(block, dag, route)
        x, n, buf = 0, len(block), ""
        while x < n:
            y = route[x][1] + 1
            word = block[x:y]
            if _ENG1.match(word):
                buf += word
            else:
                if buf:
                    out.append((buf, "eng"))
                    buf = ""
                out.append((word, self.tags.get(word, "x")))
            x = y
        if buf:
            out.append((buf, "eng"))


# jieba.posseg's own patterns
_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
_SKIP = re.compile("(\r\n|\\s)")
_ENG = re.compile("[a-zA-Z0-9]+")
_NUM = re.compile("[\\.0-9]+")
_ENG1 = re.compile("^[a-zA-Z0-9]$", re.U)
