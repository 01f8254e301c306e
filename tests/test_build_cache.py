"""The build's cache (macros/core/cache.py) keeps what a clean build made and nothing else: values
only of the types it lists, files only while unchanged, nothing from a build that warned or failed,
nothing across a change of the shared inputs; and a cache folder git tracks is not used."""

from __future__ import annotations

import os
import pickle
import subprocess
from pathlib import Path

import pytest

from macros.core.cache import CACHE_DIR, Cache, cache_wanted, unpickled
from macros.core.files import SourceFile
from macros.core.frontmatter import read_source
from macros.core.messages import load_messages
from macros.core.problems import Problem
from macros.load.reuse import packed, unpacked
from macros.plugin.cache import tracked_by_git

KIND, KEY = "page", "ab" + "0" * 62
MESSAGES = load_messages(Path(__file__).resolve().parent.parent)


class Unlisted:  # a type no cached value may hold
    pass


@pytest.mark.parametrize("value", [os.system, Unlisted(), Path("/etc/passwd")], ids=["function", "class", "path"])
def test_a_cached_value_of_a_type_it_does_not_list_is_refused(value):
    with pytest.raises(pickle.UnpicklingError, match="is not a type a cached value may hold"):
        unpickled(pickle.dumps(value))


def test_plain_data_comes_back_as_it_was():
    value = ({"meta": {"id": "x", "tags": ["a"]}, "line": 3}, True, frozenset({"b"}))
    assert unpickled(pickle.dumps(value)) == value


def kept_file(folder: Path, written: Path) -> None:
    """One clean build that wrote ``written`` and kept it."""
    cache = Cache(folder, "shared")
    cache.keep(KIND, KEY, written)
    cache.commit()


def test_a_kept_file_is_reused_until_it_is_changed_in_place(tmp_path):
    written = tmp_path / "site" / "index.html"
    written.parent.mkdir()
    written.write_text("<p>第一版</p>", encoding="utf-8")
    kept_file(tmp_path / "cache", written)
    found = Cache(tmp_path / "cache", "shared").file(KIND, KEY)
    assert found is not None and found.read_text(encoding="utf-8") == "<p>第一版</p>"
    os.utime(written, ns=(1, 1))  # the site's file is the cached one (a hard link): touched in place
    assert Cache(tmp_path / "cache", "shared").file(KIND, KEY) is None


def test_a_build_that_warned_keeps_nothing(tmp_path):
    written = tmp_path / "page.html"
    written.write_text("<p>x</p>", encoding="utf-8")
    cache = Cache(tmp_path / "cache", "shared")
    cache.keep(KIND, KEY, written)
    cache.put_value("record", KEY, {"id": "x"})
    cache.abandon()
    again = Cache(tmp_path / "cache", "shared")
    assert again.file(KIND, KEY) is None and again.value("record", KEY) is None
    assert again.everything  # nothing was ever committed


def committed(root: Path, shared_key: str, value: object) -> None:
    cache = Cache(root, shared_key)
    cache.put_value("record", KEY, value)
    cache.commit()


def test_a_changed_shared_key_reuses_nothing_and_the_last_two_keys_are_kept(tmp_path):
    committed(tmp_path / "cache", "preview-address", "preview")
    assert Cache(tmp_path / "cache", "preview-address").value("record", KEY) == "preview"
    changed = Cache(tmp_path / "cache", "release-address")
    assert changed.everything and changed.value("record", KEY) is None
    committed(tmp_path / "cache", "release-address", "release")
    assert Cache(tmp_path / "cache", "preview-address").value("record", KEY) == "preview"  # alternating: both kept
    committed(tmp_path / "cache", "a-third-address", "third")
    assert Cache(tmp_path / "cache", "preview-address").value("record", KEY) is None  # the oldest is dropped
    assert Cache(tmp_path / "cache", "release-address").value("record", KEY) == "release"


def test_a_build_keeps_only_what_it_used(tmp_path):
    cache = Cache(tmp_path / "cache", "shared")
    cache.put_value("record", KEY, 1)
    cache.put_value("record", "c" + KEY[1:], 2)
    cache.commit()
    second = Cache(tmp_path / "cache", "shared")
    assert second.value("record", KEY) == 1
    second.commit()
    third = Cache(tmp_path / "cache", "shared")
    assert third.value("record", KEY) == 1 and third.value("record", "c" + KEY[1:]) is None


@pytest.mark.parametrize("setting, wanted", [("", True), ("off", False), ("0", False), ("OFF", False), ("on", True)])
def test_portal_cache_off_turns_it_off(monkeypatch, setting, wanted):
    monkeypatch.setenv("PORTAL_CACHE", setting)
    assert cache_wanted() is wanted


def test_a_cache_folder_in_the_repository_is_not_used(tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    assert not tracked_by_git(tmp_path, CACHE_DIR)
    (tmp_path / CACHE_DIR).mkdir(parents=True)
    (tmp_path / CACHE_DIR / "record-0.pickle").write_bytes(b"from a pull request")
    assert not tracked_by_git(tmp_path, CACHE_DIR)  # untracked: the build's own
    subprocess.run(["git", "add", "-f", str(CACHE_DIR)], cwd=tmp_path, check=True)
    assert tracked_by_git(tmp_path, CACHE_DIR)


RECORD = "---\nid: x\ntitle: 一条政策\n---\n正文第一段。\n\n正文第二段。\n"


@pytest.mark.parametrize("raw", [
    RECORD.encode(),
    b"\xef\xbb\xbf" + RECORD.encode(),  # a BOM: the text is not the bytes as UTF-8
    RECORD.replace("\n", "\r\n").encode(),  # CRLF, normalised
    RECORD.encode("gb18030"),  # not UTF-8 at all
    b"no front matter\n",
], ids=["utf-8", "bom", "crlf", "gb18030", "no-front-matter"])
def test_a_record_kept_without_its_bytes_reads_back_as_it_was_read(raw):
    read = read_source("docs/policies/renshe/x.md", raw, MESSAGES)
    kept = packed(read, raw)
    again = SourceFile(read.path, MESSAGES, **unpacked(unpickled(pickle.dumps(kept), (Problem,)), raw))
    assert again == read and again.text == read.text and again.body == read.body
    assert (kept["text"] is None) == (raw == RECORD.encode() or raw == b"no front matter\n")
