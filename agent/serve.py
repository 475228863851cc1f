"""`fiscal-review serve`: the web app on this machine (127.0.0.1:8000 unless told otherwise)."""

from __future__ import annotations

import argparse
import ipaddress
import socket
import sys


def add_arguments(p: argparse.ArgumentParser) -> None:
    from agent.cli import _llm_options

    p.add_argument("--host", default=None, help="监听地址（默认 127.0.0.1，仅本机可访问）")
    p.add_argument("--port", type=int, default=None, help="端口（默认 8000）")
    p.add_argument(
        "--database",
        metavar="URL",
        help="数据库地址（默认 SQLite：~/.local/share/fiscal-review/reviews.sqlite3；共享部署用 postgresql+psycopg://…；或环境变量 FISCAL_REVIEW_DATABASE_URL）",
    )
    p.add_argument("--token", help="访问令牌：设置后每个页面和接口都需要它（或环境变量 FISCAL_REVIEW_TOKEN）")
    p.add_argument("--max-upload-mb", type=float, default=None, help="上传文件大小上限（默认 50 MB）")
    p.add_argument("--workers", type=int, default=None, help="并行审核的进程数（默认 2 或 CPU 核数）")
    p.add_argument("--profile", default=None, help="审核配置：内置名称（默认 national）或 .toml 文件路径")
    _llm_options(p)


def build(args: argparse.Namespace):
    """The ASGI app and its parts for these arguments; InputError for a bad setting."""
    from agent.api import choose_model
    from agent.llm_settings import resolve as resolve_llm
    from agent.web.app import create_app
    from agent.web.service import Reviewer
    from agent.web.settings import resolve
    from agent.web.store import Store

    settings = resolve(
        {
            "host": args.host,
            "port": args.port,
            "database": args.database,
            "token": args.token,
            "max_upload_mb": args.max_upload_mb,
            "workers": args.workers,
            "profile": args.profile,
        }
    )
    llm_settings = resolve_llm(args.llm, args.llm_base_url)
    choice = choose_model(settings=llm_settings, use_cache=False)
    store = Store(settings.database)
    reviewer = Reviewer(settings, store, llm_settings, choice.llm)
    return settings, store, reviewer, create_app(settings, reviewer, store), choice.notices


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from agent.cli import EXIT_OK
    from tools.errors import InputError

    settings, store, reviewer, app, notices = build(args)
    for notice in notices:
        print(f"fiscal-review：{notice}", file=sys.stderr)
    try:
        with socket.create_server((settings.host, settings.port)):
            pass
    except OSError as exc:
        raise InputError(f"无法在 {settings.host}:{settings.port} 启动服务：{exc.strerror or exc}（端口被占用？可用 --port 换一个）") from None
    if not _loopback(settings.host) and not settings.token:
        print("fiscal-review：注意：服务对本机以外开放且未设访问令牌（--token），同一网络中的任何人都能上传和查看审核", file=sys.stderr)
    print(f"fiscal-review：数据库 {store.describe()}", file=sys.stderr)
    print(f"fiscal-review：正在启动审核进程（{settings.workers} 个）…", file=sys.stderr)
    reviewer.warm_up()
    shown = "127.0.0.1" if settings.host in ("0.0.0.0", "::") else settings.host

    class Server(uvicorn.Server):
        async def startup(self, sockets=None) -> None:
            await super().startup(sockets)
            if self.started:  # only now does the address answer
                print(f"fiscal-review：已启动，请在浏览器中打开 http://{shown}:{settings.port}/ （Ctrl-C 停止）", file=sys.stderr)

    config = uvicorn.Config(app, host=settings.host, port=settings.port, log_level="warning", timeout_graceful_shutdown=5)
    try:
        Server(config).run()
    except KeyboardInterrupt:  # Ctrl-C is how a server is stopped, not an interruption of work
        pass
    finally:
        reviewer.close()
        store.close()
    print("fiscal-review：服务已停止", file=sys.stderr)
    return EXIT_OK
