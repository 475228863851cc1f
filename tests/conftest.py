"""Shared fixtures: the real documents beside the project (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLDEN = ROOT / "tests" / "golden"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; the calling test is skipped when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared not laid beside the project)")
    return path


# ------------------------------------------------------------------ recorded model answers
# Cassettes live in the top-level cassettes/<test module>/<test name>.yaml; CI only replays them
# (record mode 'none', network blocked: see pyproject addopts). scripts/record_cassettes.sh records.


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    return str(ROOT / "cassettes" / request.module.__name__.rsplit(".", 1)[-1])


@pytest.fixture(scope="module")
def vcr_config() -> dict:
    from tests.cassette_format import scrub_request, scrub_response

    return {
        "filter_headers": [
            ("authorization", "REDACTED"),
            ("api-key", "REDACTED"),
            ("x-api-key", "REDACTED"),
            ("openai-organization", None),
            ("openai-project", None),
            ("cookie", None),
            ("set-cookie", None),
            ("user-agent", None),
        ],
        "before_record_request": scrub_request,
        "before_record_response": scrub_response,
        "decode_compressed_response": True,
        "match_on": ["method", "path", "query", "body"],
    }


def pytest_recording_configure(config: pytest.Config, vcr) -> None:
    from tests import cassette_format

    # Replaces vcrpy's own 'yaml' serializer, so cassettes keep the plain .yaml suffix.
    vcr.register_serializer("yaml", cassette_format)


@pytest.fixture(scope="session", autouse=True)
def _no_live_model(tmp_path_factory: pytest.TempPathFactory):
    """No test reaches a configured model, a tracing service or the user's cache by accident."""
    with pytest.MonkeyPatch.context() as mp:
        for name in (
            "FISCAL_REVIEW_LLM",
            "FISCAL_REVIEW_LLM_BASE_URL",
            "FISCAL_REVIEW_LLM_API_KEY",
            "OPENAI_BASE_URL",
            "OPENAI_API_BASE",
            "OPENAI_API_KEY",
            "DEEPSEEK_API_KEY",
            "DASHSCOPE_API_KEY",
            "LANGSMITH_TRACING",
            "LANGCHAIN_TRACING_V2",
            "LANGSMITH_API_KEY",
        ):
            mp.delenv(name, raising=False)
        home = tmp_path_factory.mktemp("home")
        mp.setenv("FISCAL_REVIEW_CONFIG", str(home / "no-config.toml"))
        mp.setenv("FISCAL_REVIEW_CACHE", str(home / "llm-cache.sqlite3"))
        yield
