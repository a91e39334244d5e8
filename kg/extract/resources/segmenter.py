"""jieba's dictionary and part-of-speech segmentation, loaded once per process from one file.

jieba builds its word frequencies at first use from its own cache (0.55 s), and importing
`jieba.posseg` parses dict.txt again for the tags and loads the HMM tables (0.2 s): in every
`kg extract` worker. What govkg reads of them (frequencies, total, tags) is kept in one marshal
file in the user's cache directory (`~/.cache/govkg/`) and loads in 0.25 s; it is rebuilt from
jieba when missing, unreadable or made from another dictionary.

`PosTokenizer.cut` is jieba's `posseg.POSTokenizer.cut(text, HMM=False)`, step for step, over
these tables (tests/test_targets.py checks it against jieba on every task text of the corpus).
"""

from __future__ import annotations

import logging
import marshal
import os
import re
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

_FORMAT = 1


def _dict_file() -> Path:
    import jieba

    return Path(str(jieba.__file__)).resolve().parent / str(jieba.DEFAULT_DICT_NAME)


def _key() -> str:
    import jieba

    stat = _dict_file().stat()
    return f"{_FORMAT}:{jieba.__version__}:{stat.st_size}:{int(stat.st_mtime)}"


def cache_path() -> Path:
    """In the user's cache directory (not a shared temp dir: the file is trusted when read)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "govkg" / "jieba.marshal"


def _from_jieba() -> tuple[dict[str, int], int, dict[str, str]]:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return dict(jieba.dt.FREQ), int(jieba.dt.total), dict(jieba.posseg.dt.word_tag_tab)


@cache
def dictionary() -> tuple[dict[str, int], int, dict[str, str]]:
    """jieba's default dictionary: (word -> frequency, total frequency, word -> POS tag).
    Shared: callers copy before they change it."""
    key, path = _key(), cache_path()
    try:
        stored_key, freq, total, tags = marshal.loads(path.read_bytes())
        if stored_key == key:
            return freq, total, tags
    except (OSError, ValueError, EOFError, TypeError):
        pass  # no cache yet, or another version's
    freq, total, tags = _from_jieba()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".jieba.")
    except OSError:
        return freq, total, tags  # no writable cache directory: jieba is read again next time
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(marshal.dumps((key, freq, total, tags)))
        os.replace(tmp, path)  # whole or not at all: workers may race to write it
    except OSError:
        Path(tmp).unlink(missing_ok=True)  # a full disk: no half-written file stays behind
    return freq, total, tags


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
