"""The web server's settings: command line first, then environment, then the config file's [server]."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agent.llm_settings import DEFAULT_CONFIG, ENV_CONFIG
from tools.errors import InputError
from tools.settings import Limits

ENV = {
    "database": "FISCAL_REVIEW_DATABASE_URL",
    "token": "FISCAL_REVIEW_TOKEN",
    "max_upload_mb": "FISCAL_REVIEW_MAX_UPLOAD_MB",
    "workers": "FISCAL_REVIEW_WORKERS",
}


class ServerSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=0, le=65535)
    database: str | None = None
    """SQLAlchemy URL; None: SQLite under ~/.local/share/fiscal-review."""
    token: str | None = None
    """When set, every page and API call needs it (Bearer header, cookie or ?token=)."""
    max_upload_mb: float = Field(default_factory=lambda: Limits.from_env().max_file_mb, gt=0)
    workers: int = Field(default_factory=lambda: max(1, min(2, os.cpu_count() or 1)), ge=1, le=32)
    """Review processes: uploads are read and checked in parallel, outside the server process."""
    profile: str = "national"
    review_timeout: float = Field(300, gt=0)
    """Seconds one upload may take before it is given up."""


def _config_table(env: dict[str, str]) -> dict:
    path = Path(env[ENV_CONFIG]) if env.get(ENV_CONFIG) else DEFAULT_CONFIG
    path = path.expanduser()
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as fh:
            table = tomllib.load(fh).get("server", {})
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"配置文件 {path} 无法读取：{exc}") from None
    if not isinstance(table, dict):
        raise InputError(f"配置文件 {path} 的 [server] 应为一个表")
    return table


def resolve(cli: dict, env: dict[str, str] | None = None) -> ServerSettings:
    """Merge the sources; a wrong value is one Chinese line (InputError)."""
    env = dict(os.environ) if env is None else env
    values = _config_table(env)
    values.update({k: env[v] for k, v in ENV.items() if env.get(v)})
    values.update({k: v for k, v in cli.items() if v is not None})
    try:
        return ServerSettings.model_validate(values)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(x) for x in err["loc"])
        raise InputError(f"服务设置 {where} 无效：{err['input']!r}") from None
