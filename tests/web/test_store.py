"""Persistence of the web app in SQLite, and in PostgreSQL when a server is given.

CI starts a PostgreSQL server and sets FISCAL_REVIEW_TEST_POSTGRES_URL (with
FISCAL_REVIEW_REQUIRE_POSTGRES=1, so a missing server fails instead of skipping).
"""

from __future__ import annotations

import json
import os
import re
import uuid

import pytest

from agent.web.store import Store, new_id
from tools.errors import InputError

PG_URL = os.environ.get("FISCAL_REVIEW_TEST_POSTGRES_URL")


def _sqlite(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'db.sqlite3'}"


def _postgres(tmp_path) -> str:
    if not PG_URL:
        if os.environ.get("FISCAL_REVIEW_REQUIRE_POSTGRES") == "1":
            pytest.fail("FISCAL_REVIEW_REQUIRE_POSTGRES=1 but FISCAL_REVIEW_TEST_POSTGRES_URL is not set")
        pytest.skip("no PostgreSQL server (set FISCAL_REVIEW_TEST_POSTGRES_URL)")
    # One schema-free database per test run is enough: every test uses fresh ids.
    return PG_URL


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path) -> str:
    return _sqlite(tmp_path) if request.param == "sqlite" else _postgres(tmp_path)


def test_everything_survives_a_new_store_on_the_same_database(url) -> None:
    store = Store(url)
    content = b"%PDF-1.7 " + uuid.uuid4().bytes
    rid = store.add_review(filename="报告.pdf", content=content, sha256="ab" * 32, profile="national", report='{"x": 1}')
    store.add_turn(rid, "第5页有什么问题？", json.dumps({"text": "答"}))
    store.add_turn(rid, "还有吗？", json.dumps({"text": "答2"}))
    store.add_drafts(rid, ["0123456789abcdef"], "[]", "{}")
    store.cache().put(f"key-{rid}", "explain_findings.v1", {"a": [1, "二"]})
    store.close()

    again = Store(url)
    got = again.review(rid)
    assert got is not None and (got.filename, got.size, got.report) == ("报告.pdf", len(content), '{"x": 1}')
    assert again.content(rid) == content
    assert [t.question for t in again.turns(rid)] == ["第5页有什么问题？", "还有吗？"]
    assert again.drafts(rid)[0].findings == ["0123456789abcdef"]
    assert again.cache().get(f"key-{rid}") == {"a": [1, "二"]} and again.cache().get("nope") is None
    assert any(r.id == rid for r in again.recent())
    again.close()


def test_one_reviews_data_is_keyed_by_its_id(url) -> None:
    store = Store(url)
    a = store.add_review(filename="a.pdf", content=b"A", sha256="a" * 64, profile="p", report="{}")
    b = store.add_review(filename="b.pdf", content=b"B", sha256="b" * 64, profile="p", report="{}")
    store.add_turn(a, "问A", "{}")
    assert store.turns(b) == [] and store.content(b) == b"B" and store.review("x" * 22) is None
    store.close()


def test_ids_are_random_url_safe_tokens() -> None:
    ids = {new_id() for _ in range(2000)}
    assert len(ids) == 2000 and all(re.fullmatch(r"[A-Za-z0-9_-]{22}", i) for i in ids)


def test_cache_put_overwrites(url) -> None:
    cache = Store(url).cache()
    key = f"k-{uuid.uuid4().hex}"
    cache.put(key, "p", {"v": 1})
    cache.put(key, "p", {"v": 2})
    assert cache.get(key) == {"v": 2}


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("not a url", "数据库地址无法识别"),
        ("mysql+nosuchdriver://u@h/db", "数据库"),
        ("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2", "无法打开数据库"),
    ],
)
def test_bad_database_urls_are_one_chinese_line(url, words) -> None:
    with pytest.raises(InputError) as err:
        Store(url)
    assert words in err.value.message and "\n" not in err.value.message
