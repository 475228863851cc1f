"""LLM settings: offline by default, CLI over environment over config file, one notice for remote models."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.llm_settings import ENV_API_KEY, ENV_BASE_URL, ENV_LLM, parse_spec, resolve
from tools.errors import InputError

NO_CONFIG = Path("/nonexistent/fiscal-review.toml")


def test_offline_when_nothing_is_configured() -> None:
    s = resolve(env={}, config=NO_CONFIG)
    assert s.offline and not s.remote and s.notice() is None and s.label == "离线模板"


def test_model_names_keep_their_colons() -> None:
    assert parse_spec("ollama:qwen2.5:7b") == ("ollama", "qwen2.5:7b")
    assert parse_spec("DeepSeek:deepseek-chat") == ("deepseek", "deepseek-chat")


def test_vendor_alias_becomes_openai_protocol_with_its_endpoint_and_key_variable() -> None:
    s = resolve("qwen:qwen-plus", env={"DASHSCOPE_API_KEY": "k-1"}, config=NO_CONFIG)
    assert s.provider == "openai" and s.base_url == "https://dashscope.aliyuncs.com/compatible-mode/v1"
    assert s.api_key is not None and s.api_key.get_secret_value() == "k-1"
    assert s.remote and "dashscope.aliyuncs.com" in (s.notice() or "")
    assert "k-1" not in repr(s)


def test_cli_beats_environment_beats_config_file(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[llm]\nllm = "deepseek:deepseek-chat"\napi_key = "file-key"\ntimeout = 30\n', encoding="utf-8")
    from_file = resolve(env={}, config=cfg)
    assert (from_file.vendor, from_file.model, from_file.timeout) == ("deepseek", "deepseek-chat", 30)
    from_env = resolve(env={ENV_LLM: "moonshot:kimi-k2", ENV_API_KEY: "env-key"}, config=cfg)
    assert from_env.vendor == "moonshot" and from_env.api_key.get_secret_value() == "env-key"  # type: ignore[union-attr]
    from_cli = resolve("none", env={ENV_LLM: "moonshot:kimi-k2"}, config=cfg)
    assert from_cli.offline


def test_local_compatible_server_needs_a_base_url_but_no_key_and_no_notice() -> None:
    with pytest.raises(InputError, match="接口地址"):
        resolve("vllm:qwen2.5-7b", env={}, config=NO_CONFIG)
    s = resolve("vllm:qwen2.5-7b", "http://127.0.0.1:8000/v1/", env={}, config=NO_CONFIG)
    assert s.base_url == "http://127.0.0.1:8000/v1" and not s.remote and s.notice() is None
    assert resolve("ollama:qwen2.5:7b", env={}, config=NO_CONFIG).notice() is None


def test_remote_without_key_and_bad_specs_are_one_chinese_line() -> None:
    with pytest.raises(InputError, match="API 密钥") as exc:
        resolve("deepseek:deepseek-chat", env={}, config=NO_CONFIG)
    assert "\n" not in exc.value.message
    with pytest.raises(InputError, match="不认识的模型提供方"):
        resolve("gemini:x", env={}, config=NO_CONFIG)
    with pytest.raises(InputError, match="请写明模型名"):
        resolve("deepseek", env={}, config=NO_CONFIG)
    with pytest.raises(InputError, match="接口地址"):
        resolve("openai:gpt-x", env={ENV_BASE_URL: ""}, config=NO_CONFIG)


def test_broken_config_file_is_reported(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[llm\n", encoding="utf-8")
    with pytest.raises(InputError, match="无法读取"):
        resolve(env={}, config=cfg)


def test_a_self_hosted_server_elsewhere_needs_no_key_but_gets_the_notice() -> None:
    s = resolve("vllm:qwen2.5-7b", "http://10.0.0.5:8000/v1", env={}, config=NO_CONFIG)
    assert s.api_key is None and s.remote and "10.0.0.5" in (s.notice() or "")
    with pytest.raises(InputError, match="API 密钥"):
        resolve("openai:gpt-x", "https://llm.example.com/v1", env={}, config=NO_CONFIG)
