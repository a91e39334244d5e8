"""kg.extract.resources.segmenter: jieba's dictionary, read from the dict.txt jieba ships and kept in
govkg's own user cache; jieba's shared temp cache (jieba.cache) is never read, and govkg's own file is used
only when it is this user's, private, and well-formed."""

from __future__ import annotations

import json
import marshal
import os
import stat
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from kg.extract.resources import segmenter

ROOT = Path(__file__).resolve().parent.parent

# a build in a fresh process: its dictionary, a frequency and a segmentation
_BUILD = """
import json
from kg.extract.resources.segmenter import PosTokenizer, cache_path, dictionary, frequency
freq, total, tags = dictionary()
print(json.dumps({"发展": frequency("发展"), "total": total, "tags": len(tags),
                  "cut": PosTokenizer({}).cut("推动地区经济高质量发展"), "cache": str(cache_path())}))
"""


def _dict_txt_frequency(word: str) -> int:
    import jieba

    with open(Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(word + " "):
                return int(line.split(" ")[1])
    raise KeyError(word)


def test_a_planted_jieba_cache_is_never_read(tmp_path):
    """jieba.cache in the temp dir would be trusted by jieba.initialize(): a planted one with
    other frequencies changes nothing, is left as it was, and no other file appears there."""
    tmp, cache = tmp_path / "tmp", tmp_path / "cache"
    tmp.mkdir()
    planted = tmp / "jieba.cache"
    poison = ({"发展": 7, "发": 0, "地区经济": 10**9, "地": 0, "地区": 0, "地区经": 0}, 10**9 + 7)
    planted.write_bytes(marshal.dumps(poison))
    before = planted.read_bytes()
    env = {**os.environ, "TMPDIR": str(tmp), "XDG_CACHE_HOME": str(cache)}
    out = subprocess.run([sys.executable, "-c", _BUILD], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True)
    got = json.loads(out.stdout)

    freq, total, tags = segmenter.dictionary()  # this process's: the user's cache or dict.txt
    assert got["发展"] == freq["发展"] == _dict_txt_frequency("发展")
    assert (got["total"], got["tags"]) == (total, len(tags))
    assert got["cut"] == [list(p) for p in segmenter.PosTokenizer({}).cut("推动地区经济高质量发展")]
    assert ["地区", "n"] in got["cut"]  # the planted 地区经济 would have been one word
    assert got["cache"] == str(cache / "govkg" / "jieba.json")
    assert orjson.loads((cache / "govkg" / "jieba.json").read_bytes())[2] == total
    assert sorted(p.name for p in tmp.iterdir()) == ["jieba.cache"]
    assert planted.read_bytes() == before


SMALL = ({"发展": 3, "发": 0}, 3, {"发展": "vn"})


@pytest.fixture
def private_cache(tmp_path, monkeypatch) -> Path:
    """XDG_CACHE_HOME in tmp_path; a rebuild returns SMALL (not jieba's 0.6 s read)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(segmenter, "_from_jieba", lambda: SMALL)
    return tmp_path / "govkg" / "jieba.json"


def _write(path: Path, data: bytes, mode: int = 0o600) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.chmod(path, mode)


def _load():
    return segmenter.dictionary.__wrapped__()  # past the per-process memo


def _is_rebuilt(path: Path) -> bool:
    """The loader rebuilt (SMALL) and stored it, private, in a private directory."""
    return (
        _load() == SMALL
        and orjson.loads(path.read_bytes()) == [segmenter._key(), *map(_json, SMALL)]
        and stat.S_IMODE(path.stat().st_mode) == 0o600
        and stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    )


def _json(x):
    return orjson.loads(orjson.dumps(x))


def test_the_cache_is_written_private_and_read_back(private_cache):
    assert not private_cache.exists()
    assert _is_rebuilt(private_cache)
    # read back without a rebuild
    other = ({"发展": 5}, 5, {"发展": "v"})
    _write(private_cache, orjson.dumps([segmenter._key(), *other]))
    assert _load() == other


def test_a_wide_open_cache_directory_is_closed(private_cache):
    private_cache.parent.mkdir(mode=0o755)
    os.chmod(private_cache.parent, 0o755)  # as older govkg made it
    assert _is_rebuilt(private_cache)


@pytest.mark.parametrize(
    "content",
    [
        b"not json at all",
        marshal.dumps(("key", {"发展": 7}, 7, {"发展": "vn"})),  # the old format, never unmarshalled
        b"[]",
        b'{"freq": {}}',
        "KEY_AND",  # [key, freq, total] without tags
        ["other key", {"发展": 7}, 7, {"发展": "vn"}],
        [None, {"发展": "7"}, 7, {"发展": "vn"}],  # a frequency as text
        [None, {"发展": True}, 7, {"发展": "vn"}],  # a bool is not a frequency
        [None, {"发展": 7.5}, 7, {"发展": "vn"}],
        [None, {"发展": -7}, 7, {"发展": "vn"}],
        [None, {"发展": 7}, "7", {"发展": "vn"}],
        [None, {"发展": 7}, 0, {"发展": "vn"}],
        [None, {"发展": 7}, 7, {"发展": 1}],  # a tag that is not text
        [None, {"发展": 7}, 7, ["vn"]],
        [None, {}, 0, {}],
    ],
    ids=lambda c: repr(c)[:40],
)
def test_a_broken_or_wrong_typed_cache_is_rebuilt(private_cache, content):
    if content == "KEY_AND":
        content = orjson.dumps([segmenter._key(), {"发展": 7}, 7])
    elif isinstance(content, list):
        content = orjson.dumps([content[0] or segmenter._key(), *content[1:]])
    _write(private_cache, content)
    assert _is_rebuilt(private_cache)


def test_a_cache_others_may_write_or_a_symlink_is_not_read(private_cache, tmp_path):
    good = orjson.dumps([segmenter._key(), {"发展": 5}, 5, {"发展": "v"}])
    _write(private_cache, good, mode=0o666)
    assert _is_rebuilt(private_cache)
    elsewhere = tmp_path / "elsewhere.json"
    _write(elsewhere, good)
    private_cache.unlink()
    private_cache.symlink_to(elsewhere)
    assert _is_rebuilt(private_cache)
    assert elsewhere.read_bytes() == good  # replaced the link, not written through it
