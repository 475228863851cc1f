"""A content-addressed SQLite cache of model answers: the same request never costs tokens twice.

The key is the SHA-256 of everything that decides an answer — the model's identity (provider,
model, endpoint, sampling), the prompt name, the messages and the output schema — so a changed
prompt, fact or setting is a new key, and a repeated review is answered locally.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from pathlib import Path

ENV_CACHE = "FISCAL_REVIEW_CACHE"
DEFAULT_PATH = Path("~/.cache/fiscal-review/llm-cache.sqlite3")


def cache_key(identity: str, prompt: str, messages: list[tuple[str, str]], schema: dict | None) -> str:
    payload = {"identity": identity, "prompt": prompt, "messages": messages, "schema": schema}
    data = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


class Cache:
    """Answers by key; safe to share between threads of one process."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path).expanduser() if path is not None else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False)
        with self._db:
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, prompt TEXT NOT NULL, value TEXT NOT NULL)"
            )

    def get(self, key: str) -> dict | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM answers WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, key: str, prompt: str, value: dict) -> None:
        data = json.dumps(value, ensure_ascii=False, sort_keys=True)
        with self._lock, self._db:
            self._db.execute("INSERT OR REPLACE INTO answers (key, prompt, value) VALUES (?, ?, ?)", (key, prompt, data))

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM answers").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()


def default_path(env: dict[str, str] | None = None) -> Path:
    env = dict(os.environ) if env is None else env
    return Path(env.get(ENV_CACHE) or DEFAULT_PATH).expanduser()
