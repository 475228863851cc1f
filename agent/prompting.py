"""Prompt files under prompts/: loaded strictly, rendered deterministically, facts as escaped XML.

A prompt file is `<task>.v<N>.md`: YAML front-matter (id, version, description, variables, output)
then the system text, a line `=== user ===`, and the user text. Placeholders are `{{name}}`; a
placeholder not declared, a declared variable never used, or a variable missing at render time
fails loudly, naming every one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any
from xml.sax.saxutils import escape

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_USER_MARK = re.compile(r"^=== user ===\s*$", re.MULTILINE)


class PromptError(ValueError):
    """A prompt file is malformed or a render is missing variables."""


class Prompt(BaseModel):
    """One versioned prompt: front-matter fields plus the system and user templates."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    version: int
    description: str
    variables: list[str] = Field(default_factory=list)
    output: str | None = None
    """Name of the structured-output schema (agent/schemas.py), when the prompt asks for one."""
    system: str = ""
    user: str = ""

    @property
    def name(self) -> str:
        """'explain_findings.v1'."""
        return f"{self.id}.v{self.version}"

    def render(self, **values: str) -> tuple[str, str]:
        """(system, user) with every placeholder filled; raises PromptError naming what is wrong."""
        missing = [v for v in self.variables if v not in values]
        extra = sorted(set(values) - set(self.variables))
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"missing variables {missing}")
            if extra:
                parts.append(f"unknown variables {extra}")
            raise PromptError(f"{self.name}: " + "; ".join(parts))

        def fill(text: str) -> str:
            return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), text)

        return fill(self.system).strip(), fill(self.user).strip()


def parse(text: str, source: str = "<prompt>") -> Prompt:
    """A prompt from the text of its file."""
    if not text.startswith("---\n"):
        raise PromptError(f"{source}: front-matter ('---') missing")
    try:
        head, body = text[4:].split("\n---\n", 1)
        meta = yaml.safe_load(head) or {}
    except (ValueError, yaml.YAMLError) as exc:
        raise PromptError(f"{source}: bad front-matter: {exc}") from None
    if not isinstance(meta, dict):
        raise PromptError(f"{source}: front-matter must be a mapping")
    parts = _USER_MARK.split(body, maxsplit=1)
    system, user = (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])
    used = set(_PLACEHOLDER.findall(system)) | set(_PLACEHOLDER.findall(user))
    declared = list(meta.get("variables") or [])
    undeclared = sorted(used - set(declared))
    unused = sorted(set(declared) - used)
    if undeclared or unused:
        raise PromptError(f"{source}: placeholders not declared {undeclared}, declared but unused {unused}")
    try:
        return Prompt(**meta, system=system, user=user)
    except (ValidationError, TypeError) as exc:  # pydantic's error names the offending front-matter field
        raise PromptError(f"{source}: {exc}") from None


@cache
def load(name: str) -> Prompt:
    """'explain_findings.v1' from the prompts package."""
    path = resources.files("prompts").joinpath(f"{name}.md")
    if not path.is_file():
        raise PromptError(f"prompt {name!r} not found")
    prompt = parse(path.read_text(encoding="utf-8"), name)
    if prompt.name != name:
        raise PromptError(f"{name}: front-matter says {prompt.name!r}")
    return prompt


def available() -> list[str]:
    return sorted(p.name[:-3] for p in resources.files("prompts").iterdir() if p.name.endswith(".md") and ".v" in p.name)


def xml(tag: str, value: Any, indent: int = 0) -> str:
    """Deterministic XML of a value: models in field order, lists as repeated elements, text escaped.

    Empty values are left out, so an absent fact is absent rather than an empty element.
    """
    pad = "  " * indent
    if isinstance(value, BaseModel):
        value = {k: getattr(value, k) for k in type(value).model_fields}
    if isinstance(value, Mapping):
        inner = [xml(k, v, indent + 1) for k, v in value.items() if not _empty(v)]
        body = "\n".join(x for x in inner if x)
        return f"{pad}<{tag}>\n{body}\n{pad}</{tag}>" if body else ""
    if isinstance(value, (list, tuple)):
        item = tag[:-1] if tag.endswith("s") and len(tag) > 1 else "item"
        inner = [xml(item, v, indent + 1) for v in value if not _empty(v)]
        body = "\n".join(x for x in inner if x)
        return f"{pad}<{tag}>\n{body}\n{pad}</{tag}>" if body else ""
    if isinstance(value, bool):
        value = "是" if value else "否"
    return f"{pad}<{tag}>{escape(str(value))}</{tag}>"


def _empty(v: Any) -> bool:
    return v is None or v == "" or (isinstance(v, (list, tuple, dict)) and not v)
