"""Which LLM to use, if any: --llm / FISCAL_REVIEW_LLM / config file, resolved to one typed setting.

Offline ('none') is the default whenever nothing is configured. Named vendors that speak the OpenAI
protocol (Qwen/DashScope, Moonshot, Zhipu) become the 'openai' provider with their documented base
URL; any other OpenAI-compatible server (vLLM, llama.cpp) is 'openai' with an explicit base URL.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, SecretStr

from tools.errors import InputError

Provider = Literal["none", "deepseek", "openai", "ollama"]
StructuredMethod = Literal["function_calling", "json_schema", "json_mode"]

ENV_LLM = "FISCAL_REVIEW_LLM"
ENV_BASE_URL = "FISCAL_REVIEW_LLM_BASE_URL"
ENV_API_KEY = "FISCAL_REVIEW_LLM_API_KEY"
ENV_CONFIG = "FISCAL_REVIEW_CONFIG"
DEFAULT_CONFIG = Path("~/.config/fiscal-review/config.toml")


class _Vendor(BaseModel):
    provider: Provider
    base_url: str | None = None
    key_env: str | None = None
    label: str


# Vendor aliases → protocol, documented endpoint and the key variable their own SDKs read.
VENDORS: dict[str, _Vendor] = {
    "none": _Vendor(provider="none", label="离线模板"),
    "deepseek": _Vendor(provider="deepseek", base_url="https://api.deepseek.com/v1", key_env="DEEPSEEK_API_KEY", label="DeepSeek"),
    "qwen": _Vendor(provider="openai", base_url="https://dashscope.aliyuncs.com/compatible-mode/v1", key_env="DASHSCOPE_API_KEY", label="通义千问（DashScope）"),
    "dashscope": _Vendor(provider="openai", base_url="https://dashscope.aliyuncs.com/compatible-mode/v1", key_env="DASHSCOPE_API_KEY", label="通义千问（DashScope）"),
    "moonshot": _Vendor(provider="openai", base_url="https://api.moonshot.cn/v1", key_env="MOONSHOT_API_KEY", label="Moonshot（Kimi）"),
    "kimi": _Vendor(provider="openai", base_url="https://api.moonshot.cn/v1", key_env="MOONSHOT_API_KEY", label="Moonshot（Kimi）"),
    "zhipu": _Vendor(provider="openai", base_url="https://open.bigmodel.cn/api/paas/v4", key_env="ZHIPUAI_API_KEY", label="智谱（GLM）"),
    "glm": _Vendor(provider="openai", base_url="https://open.bigmodel.cn/api/paas/v4", key_env="ZHIPUAI_API_KEY", label="智谱（GLM）"),
    "openai": _Vendor(provider="openai", key_env="OPENAI_API_KEY", label="OpenAI 兼容接口"),
    "vllm": _Vendor(provider="openai", label="vLLM（OpenAI 兼容）"),
    "llamacpp": _Vendor(provider="openai", label="llama.cpp（OpenAI 兼容）"),
    "ollama": _Vendor(provider="ollama", base_url="http://localhost:11434", label="Ollama"),
}
_LOOPBACK = ("localhost", "127.0.0.1", "::1", "0.0.0.0")


class LLMSettings(BaseModel):
    """The resolved choice; `none` means every text comes from the deterministic templates."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    provider: Provider = "none"
    vendor: str = "none"
    """The name the user gave ('qwen', 'deepseek', 'vllm'…), for messages and output labels."""
    model: str | None = None
    base_url: str | None = None
    api_key: SecretStr | None = None
    timeout: int = 60
    """Seconds per request."""
    max_retries: int = 2
    """Retries of a failed request (HTTP 429 and 5xx with backoff, timeouts, lost connections)."""
    temperature: float = 0.0
    max_tokens: int = 4096
    """Cap on the length of one answer."""
    structured_output: StructuredMethod | None = None
    """How to ask for structured output; None: the provider's dependable default."""
    tool_calling: bool = True
    """Whether the chat agent may let the model call tools; small local models answer from selected facts."""
    batch_items: int = 40
    """Items (findings, reasons, problems) per commentary call."""
    batch_chars: int = 32000
    """Characters of rendered facts per commentary call (lower it for a model with a small context)."""

    @property
    def offline(self) -> bool:
        return self.provider == "none"

    @property
    def remote(self) -> bool:
        """True when document content would leave this machine."""
        if self.offline:
            return False
        host = urlparse(self.base_url or "").hostname or ""
        return host not in _LOOPBACK

    @property
    def label(self) -> str:
        """'model name (vendor)', the source written next to every model-made text."""
        return "离线模板" if self.offline else f"{self.model}（{VENDORS[self.vendor].label}）"

    def notice(self) -> str | None:
        """The one line, in Chinese, said once before any document content is sent out."""
        if not self.remote:
            return None
        host = urlparse(self.base_url or "").hostname
        return f"注意：已配置远程模型 {self.label}，文档内容将发送至 {host} 进行解释和起草；离线运行请用 --llm none。"


def parse_spec(spec: str) -> tuple[str, str | None]:
    """'PROVIDER:MODEL' → (vendor, model); the model keeps its own colons ('ollama:qwen2.5:7b')."""
    vendor, _, model = spec.strip().partition(":")
    vendor = vendor.strip().lower().replace("-", "").replace("_", "")
    if vendor not in VENDORS:
        raise InputError(f"不认识的模型提供方 {vendor!r}，可用：{'、'.join(VENDORS)}（写法：提供方:模型名）")
    model = model.strip() or None
    if vendor != "none" and not model:
        raise InputError(f"请写明模型名，例如 --llm {vendor}:模型名")
    return vendor, model


def read_config(path: Path | None) -> dict:
    """The [llm] table of the config file; {} when there is none."""
    if path is None:
        return {}
    path = path.expanduser()
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"配置文件 {path} 无法读取：{exc}") from None
    llm = data.get("llm", {})
    if not isinstance(llm, dict):
        raise InputError(f"配置文件 {path} 的 [llm] 应为一个表")
    return llm


def _tuning(file: dict, path: Path) -> dict:
    """The optional [llm] settings of the config file, checked (one Chinese line when wrong)."""
    out: dict = {}
    try:
        for key, cast in (
            ("timeout", int),
            ("max_retries", int),
            ("temperature", float),
            ("max_tokens", int),
            ("batch_items", int),
            ("batch_chars", int),
        ):
            if key in file:
                out[key] = cast(file[key])
        if "tools" in file:
            out["tool_calling"] = bool(file["tools"])
    except (TypeError, ValueError):
        raise InputError(
            f"配置文件 {path} 的 [llm] 中 timeout、max_retries、max_tokens、batch_items、batch_chars 应为整数，temperature 应为数字"
        ) from None
    method = file.get("structured_output")
    if method is not None:
        if method not in StructuredMethod.__args__:  # type: ignore[attr-defined]
            raise InputError(
                f"配置文件 {path} 的 structured_output 应为 function_calling、json_schema 或 json_mode，而不是 {method!r}"
            )
        out["structured_output"] = method
    return out


def resolve(
    llm: str | None = None,
    base_url: str | None = None,
    env: Mapping[str, str] | None = None,
    config: Path | None = None,
) -> LLMSettings:
    """Command line first, then environment, then the config file; offline when none says otherwise.

    Args:
        llm: --llm value ('deepseek:deepseek-chat', 'qwen:qwen-plus', 'ollama:qwen2.5:7b', 'none').
        base_url: --llm-base-url value.
        env: the environment (os.environ by default).
        config: config file path (default: $FISCAL_REVIEW_CONFIG, else ~/.config/fiscal-review/config.toml).
    """
    env = os.environ if env is None else env
    path = config or (Path(env[ENV_CONFIG]) if env.get(ENV_CONFIG) else DEFAULT_CONFIG)
    file = read_config(path)
    spec = llm or env.get(ENV_LLM) or file.get("llm") or "none"
    vendor, model = parse_spec(str(spec))
    if vendor == "none":
        return LLMSettings()
    info = VENDORS[vendor]
    url = base_url or env.get(ENV_BASE_URL) or file.get("base_url") or info.base_url
    if not url:
        raise InputError(f"{info.label} 需要指定接口地址：--llm-base-url 或环境变量 {ENV_BASE_URL}")
    key = env.get(ENV_API_KEY) or file.get("api_key") or (env.get(info.key_env) if info.key_env else None)
    settings = LLMSettings(
        provider=info.provider,
        vendor=vendor,
        model=model,
        base_url=str(url).rstrip("/"),
        api_key=SecretStr(key) if key else None,
        **_tuning(file, path),
    )
    # Hosted services refuse a request without a key; a self-hosted server (vLLM, llama.cpp) on
    # another machine of the office network usually has none.
    if settings.remote and settings.api_key is None and info.key_env:
        where = f"{ENV_API_KEY} 或 {info.key_env}"
        raise InputError(f"使用 {settings.label} 需要 API 密钥：请设置环境变量 {where}，或写入配置文件 [llm] api_key")
    return settings
