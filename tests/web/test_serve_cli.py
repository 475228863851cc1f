"""`fiscal-review serve` as a user starts it: a real process on loopback, and bad settings."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from agent.cli import main
from tests.web.conftest import EXAMPLE


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_serve_starts_on_loopback_reviews_an_upload_and_keeps_it(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "FISCAL_REVIEW_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "FISCAL_REVIEW_CONFIG": str(tmp_path / "none.toml")}
    cmd = [sys.executable, "-m", "agent.cli", "serve", "--port", str(port), "--workers", "1"]
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            line = proc.stderr.readline()
            lines.append(line)
            if "已启动" in line or not line:
                break
        assert f"http://127.0.0.1:{port}/" in "".join(lines), lines
        boundary = "----fr"
        body = (
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.pdf\"\r\n"
            "Content-Type: application/pdf\r\n\r\n"
        ).encode() + EXAMPLE.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
        req = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/reviews", data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )
        with urllib.request.urlopen(req, timeout=120) as resp:
            rid = json.load(resp)["id"]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/reviews/{rid}", timeout=30) as resp:
            assert json.load(resp)["summary"]["error"] == 4
    finally:
        proc.send_signal(signal.SIGINT)  # Ctrl-C
        rest = proc.communicate(timeout=30)[1]
    assert proc.returncode == 0 and "Traceback" not in rest, rest
    from agent.web.store import Store

    assert Store(env["FISCAL_REVIEW_DATABASE_URL"]).review(rid) is not None


def test_port_in_use_is_one_chinese_line(capsys, tmp_path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        code = main(["serve", "--port", str(port), "--database", f"sqlite:///{tmp_path / 'db.sqlite3'}"])
    err = capsys.readouterr().err
    assert code == 2 and "端口被占用" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--database", "not a url"], "数据库地址无法识别"),
        (["--workers", "0"], "workers"),
        (["--max-upload-mb", "-1"], "max_upload_mb"),
        (["--llm", "nosuch:model"], ""),
    ],
)
def test_bad_settings_are_one_chinese_line(capsys, tmp_path, args, words) -> None:
    code = main(["serve", "--database", f"sqlite:///{tmp_path / 'db.sqlite3'}", *args])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("fiscal-review：") and words in err and err.count("\n") == 1
