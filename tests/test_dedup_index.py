"""DuplicateIndex: add/query, save/load round trip, incremental growth, bad files, Redis."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest

from cleaner.dedup import DuplicateIndex, DuplicateMatch, find_duplicates
from cleaner.errors import DuplicateIndexError, InputError

STORIES = Path(__file__).resolve().parent.parent / "fixtures" / "dedup"


@pytest.fixture(scope="module")
def stories() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(STORIES.glob("*.txt"))}


def matched_ids(matches: list[DuplicateMatch]) -> list[str]:
    return [match.id for match in matches]


def test_query_finds_the_same_story_and_not_the_sibling_story(stories):
    index = DuplicateIndex()
    index.add_many({k: v for k, v in stories.items() if k != "mill_fire_3.txt"})
    matches = index.query(stories["mill_fire_3.txt"])
    assert sorted(matched_ids(matches)) == ["mill_fire_1.txt", "mill_fire_2.txt"]
    assert [m.similarity for m in matches] == sorted((m.similarity for m in matches), reverse=True)
    assert all(index.threshold <= m.similarity <= 1 for m in matches)
    assert index.query(stories["mill_fire_3.txt"], limit=1) == matches[:1]
    assert index.query(stories["mill_fire_3.txt"], threshold=0.99) == []


def test_query_agrees_with_find_duplicates_on_the_same_corpus(stories):
    index = DuplicateIndex()
    index.add_many({k: v for k, v in stories.items() if k != "warehouse_fire_2.txt"})
    (match,) = index.query(stories["warehouse_fire_2.txt"])
    groups = find_duplicates(stories)
    (pair,) = [g for g in groups if "warehouse_fire_2.txt" in g.ids][0].pairs
    assert match.id == "warehouse_fire_1.txt"
    assert match.similarity == pytest.approx(pair.similarity)  # same corpus, same IDF, same score


def test_len_contains_and_repeated_ids(stories):
    index = DuplicateIndex()
    assert len(index) == 0 and "mill_fire_1.txt" not in index
    index.add("mill_fire_1.txt", stories["mill_fire_1.txt"])
    index.add(7, "An integer id is fine too.")
    assert len(index) == 2 and "mill_fire_1.txt" in index and 7 in index and 8 not in index
    with pytest.raises(InputError, match="already in the index"):
        index.add("mill_fire_1.txt", "again")
    with pytest.raises(InputError):
        index.add_many([("new", "x"), ("mill_fire_1.txt", "y")])
    assert len(index) == 2 and "new" not in index  # nothing of a failed batch was added
    with pytest.raises(InputError):
        index.add(("tuple", "id"), "ids must be str or int")
    with pytest.raises(InputError):
        index.query(b"bytes")


def test_save_load_round_trip_then_grow_incrementally(stories, tmp_path):
    path = tmp_path / "stories.dedup"
    first_batch = {k: stories[k] for k in ("council_budget.txt", "mill_fire_1.txt", "warehouse_fire_1.txt")}
    index = DuplicateIndex(threshold=0.09, num_perm=64, seed=3)
    index.add_many(first_batch)
    before = index.query(stories["mill_fire_2.txt"])
    index.save(path)
    assert [p.name for p in tmp_path.iterdir()] == ["stories.dedup"]  # no temporary file left

    loaded = DuplicateIndex.load(path)
    assert (loaded.threshold, loaded.num_perm, loaded.seed, len(loaded)) == (0.09, 64, 3, 3)
    assert loaded.query(stories["mill_fire_2.txt"]) == before
    assert matched_ids(before) == ["mill_fire_1.txt"]

    loaded.add("mill_fire_2.txt", stories["mill_fire_2.txt"])  # grows without a rebuild
    assert sorted(matched_ids(loaded.query(stories["mill_fire_3.txt"]))) == ["mill_fire_1.txt",
                                                                              "mill_fire_2.txt"]
    loaded.save(path)  # overwrite in place
    again = DuplicateIndex.load(path)
    assert len(again) == 4 and "mill_fire_2.txt" in again
    assert again.query(stories["warehouse_fire_2.txt"]) == loaded.query(stories["warehouse_fire_2.txt"])


def test_load_reports_a_missing_or_corrupt_file_by_name(tmp_path, stories):
    missing = tmp_path / "missing.dedup"
    with pytest.raises(DuplicateIndexError, match="missing.dedup"):
        DuplicateIndex.load(missing)

    garbage = tmp_path / "garbage.dedup"
    garbage.write_bytes(b"\x00not an index at all\xff" * 10)
    with pytest.raises(DuplicateIndexError, match="garbage.dedup"):
        DuplicateIndex.load(garbage)

    good = tmp_path / "good.dedup"
    index = DuplicateIndex()
    index.add_many(stories)
    index.save(good)
    truncated = tmp_path / "truncated.dedup"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(DuplicateIndexError, match="truncated.dedup"):
        DuplicateIndex.load(truncated)


def _rewrite(source: Path, target: Path, **changes) -> None:
    with np.load(source, allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    for name, value in changes.items():
        arrays[name] = value
    with open(target, "wb") as handle:
        np.savez(handle, **arrays)


def _json_array(value) -> np.ndarray:
    return np.frombuffer(json.dumps(value).encode(), dtype=np.uint8)


def test_load_rejects_another_version_and_inconsistent_arrays(tmp_path, stories):
    good = tmp_path / "good.dedup"
    index = DuplicateIndex()
    index.add_many(stories)
    index.save(good)
    with np.load(good, allow_pickle=False) as archive:
        meta = json.loads(archive["meta"].tobytes())

    newer = tmp_path / "newer.dedup"
    _rewrite(good, newer, meta=_json_array({**meta, "version": 99}))
    with pytest.raises(DuplicateIndexError, match=r"newer\.dedup.*version 99"):
        DuplicateIndex.load(newer)

    alien = tmp_path / "alien.dedup"
    _rewrite(good, alien, meta=_json_array({**meta, "format": "something-else"}))
    with pytest.raises(DuplicateIndexError, match="alien.dedup"):
        DuplicateIndex.load(alien)

    short = tmp_path / "short.dedup"
    _rewrite(good, short, signatures=np.zeros((2, 128), dtype=np.uint32))
    with pytest.raises(DuplicateIndexError, match="short.dedup"):
        DuplicateIndex.load(short)

    bad_settings = tmp_path / "settings.dedup"
    _rewrite(good, bad_settings, meta=_json_array({**meta, "threshold": 7}))
    with pytest.raises(DuplicateIndexError, match="settings.dedup"):
        DuplicateIndex.load(bad_settings)


def test_bad_constructor_arguments_are_cleaner_errors():
    from cleaner.errors import CleanerError
    for options in ({"threshold": 0}, {"num_perm": 0}, {"redis_url": "http://x"}, {"name": ""}):
        with pytest.raises(CleanerError):
            DuplicateIndex(**options)


# --- Redis: a real server on a free loopback port -------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """Start redis-server in a temporary directory; skip, saying why, if it cannot run here."""
    pytest.importorskip("redis", reason="the redis extra (pip install 'cleaner[redis]') is not installed")
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    directory = tmp_path_factory.mktemp("redis")
    port = _free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(directory),
         "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis
    client = redis.Redis(host="127.0.0.1", port=port)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.skip(f"redis-server could not start on 127.0.0.1:{port}")
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


def test_two_workers_share_one_redis_index(redis_url, stories):
    worker_one = DuplicateIndex(redis_url=redis_url, name="shared-test")
    worker_two = DuplicateIndex(redis_url=redis_url, name="shared-test")
    worker_one.add_many({k: v for k, v in stories.items() if k.startswith(("mill_fire_1", "council"))})
    worker_two.add("warehouse_fire_1.txt", stories["warehouse_fire_1.txt"])
    assert len(worker_one) == len(worker_two) == 3
    assert "warehouse_fire_1.txt" in worker_one and "mill_fire_1.txt" in worker_two

    # Worker two sees worker one's documents, features and frequencies: same exact scores.
    from_two = worker_two.query(stories["mill_fire_2.txt"])
    assert matched_ids(from_two) == ["mill_fire_1.txt"]
    assert worker_one.query(stories["mill_fire_2.txt"]) == from_two
    assert matched_ids(worker_one.query(stories["warehouse_fire_2.txt"])) == ["warehouse_fire_1.txt"]

    # The same scores as an in-memory index over the same documents.
    memory = DuplicateIndex()
    memory.add_many({k: stories[k] for k in ("mill_fire_1.txt", "council_budget.txt", "warehouse_fire_1.txt")})
    assert memory.query(stories["mill_fire_2.txt"]) == from_two

    with pytest.raises(InputError, match="already in the index"):
        worker_two.add("mill_fire_1.txt", "taken by worker one")
    with pytest.raises(DuplicateIndexError, match="Redis"):
        worker_one.save("/tmp/never-written.dedup")


def test_redis_index_rejects_other_settings_and_names_keep_indexes_apart(redis_url, stories):
    DuplicateIndex(redis_url=redis_url, name="settings-test", num_perm=128).add("a", stories["mill_fire_1.txt"])
    with pytest.raises(DuplicateIndexError, match="num_perm"):
        DuplicateIndex(redis_url=redis_url, name="settings-test", num_perm=64)
    other = DuplicateIndex(redis_url=redis_url, name="another-index")
    assert len(other) == 0 and other.query(stories["mill_fire_2.txt"]) == []


def test_unreachable_redis_is_a_duplicate_index_error():
    pytest.importorskip("redis", reason="the redis extra is not installed")
    with pytest.raises(DuplicateIndexError, match=r"127\.0\.0\.1"):
        DuplicateIndex(redis_url=f"redis://127.0.0.1:{_free_port()}/0")


@pytest.mark.parametrize("bands, rows", [(64, 2), (128, 1), (42, 3)])
def test_band_index_proposes_exactly_what_minhashlsh_proposes(bands, rows):
    from datasketch import LeanMinHash, MinHashLSH
    from cleaner.dedup.candidates import BandIndex
    rng = np.random.default_rng(bands)
    high = 3000 if rows == 1 else 40  # few distinct values: many shared buckets
    signatures = rng.integers(0, high, (2500, 128)).astype(np.uint32)
    lsh, index = MinHashLSH(num_perm=128, params=(bands, rows)), BandIndex(bands, rows)
    for first in range(0, len(signatures), 600):  # batches: merged arrays and an unmerged tail
        block = signatures[first:first + 600]
        for offset, row in enumerate(block):
            lsh.insert(first + offset, LeanMinHash(seed=1, hashvalues=row, scheme="affine32"),
                       check_duplication=False)
        index.add(block, np.arange(first, first + len(block)))
        for query in rng.integers(0, len(signatures), 15):
            minhash = LeanMinHash(seed=1, hashvalues=signatures[query], scheme="affine32")
            assert index.query(signatures[query]) == set(lsh.query(minhash))
