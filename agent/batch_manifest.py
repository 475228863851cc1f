"""The batch manifest: one JSON line per finished report, appended and synced, so a run can resume.

OUT_DIR/manifest.jsonl is only ever appended to; the last line for a path wins. A line cut short
by kill -9 is skipped when read (and the next append starts on a fresh line), so what was written
before survives. A report is skipped when its last line says ok under the same key — the content
hash, the rules version and the settings — and its output files are still there.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

MANIFEST = "manifest.jsonl"
FORMAT = 1
"""Bump when the per-report outputs change shape: every report is then reviewed again."""


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _text_hash(parts: Iterable[tuple[str, bytes]]) -> str:
    h = hashlib.sha256()
    for name, data in parts:
        h.update(name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()[:12]


def rules_version() -> str:
    """'package version + rule catalog hash + prompt files hash': a new rule or prompt re-reviews."""
    from importlib import metadata, resources

    from tools.checks.catalog import rules_text

    try:
        version = metadata.version("fiscal-review")
    except metadata.PackageNotFoundError:
        version = "0+unknown"
    catalog = _text_hash([("rules", rules_text().encode("utf-8"))])
    files = sorted(
        (p for p in resources.files("prompts").iterdir() if p.name.endswith((".md", ".yaml"))),
        key=lambda p: p.name,
    )
    prompts = _text_hash((p.name, p.read_bytes()) for p in files)
    return f"{version}+rules.{catalog}+prompts.{prompts}"


def settings_identity(profile: Any, scoring: str | None, commentary: bool, settings: Any) -> dict:
    """What of the run's settings decides a report's outputs (never the API key)."""
    scoring_file = None
    if scoring and Path(scoring).is_file():
        scoring_file = hashlib.sha256(Path(scoring).read_bytes()).hexdigest()[:12]
    model = None
    if commentary and settings is not None and not settings.offline:
        model = {
            "provider": settings.provider,
            "vendor": settings.vendor,
            "model": settings.model,
            "base_url": settings.base_url,
            "temperature": settings.temperature,
        }
    return {
        "profile": profile.model_dump(mode="json"),
        "scoring": scoring,
        "scoring_file": scoring_file,
        "commentary": commentary,
        "model": model,
    }


def review_key(sha256: str, rules: str, settings: dict) -> str:
    payload = {"format": FORMAT, "content": sha256, "rules": rules, "settings": settings}
    data = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


class Manifest:
    """Append-only record of finished reports; `latest` holds the last record per input path."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / MANIFEST
        self.latest: dict[str, dict] = read(self.path)
        self._fh = None

    def _open(self):
        if self._fh is None:
            fh = self.path.open("a+b")
            fh.seek(0, os.SEEK_END)
            if fh.tell():
                fh.seek(-1, os.SEEK_END)
                if fh.read(1) != b"\n":  # a line cut short by a kill: start afresh after it
                    fh.write(b"\n")
            self._fh = fh
        return self._fh

    def append(self, record: dict) -> None:
        line = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
        fh = self._open()
        fh.write(line.encode("utf-8"))
        fh.flush()
        os.fsync(fh.fileno())
        self.latest[record["path"]] = record

    def done(self, path: str, key: str, out_dir: Path) -> dict | None:
        """The ok record of `path` under `key` when its outputs still exist, else None."""
        rec = self.latest.get(path)
        if not rec or rec.get("status") != "ok" or rec.get("key") != key:
            return None
        outputs = rec.get("outputs") or []
        if not outputs or not all((out_dir / o).is_file() for o in outputs):
            return None
        return rec

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def read(path: Path) -> dict[str, dict]:
    """The last complete record per input path; unreadable lines are ignored."""
    latest: dict[str, dict] = {}
    if not path.is_file():
        return latest
    with path.open("rb") as fh:
        for raw in fh:
            try:
                rec = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                continue
            if isinstance(rec, dict) and isinstance(rec.get("path"), str):
                latest[rec["path"]] = rec
    return latest
