"""Review profiles: table sets, numbering, thresholds and code mappings per province/year, from TOML."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field

from tools.errors import InputError

DEFAULT = "national"


class _Model(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", use_attribute_docstrings=True
    )


class TableSpec(_Model):
    number: str
    """Printed number, e.g. '公开01表'."""
    titles: list[str]
    """Accepted titles (normalised, without spaces); the first is the canonical one."""
    required: bool = True
    name: str = ""
    """Short name for messages (收支总表…)."""


class Thresholds(_Model):
    change_pct: Decimal = Decimal(10)
    """A change of at least this many percent needs a stated reason (NAR-008)."""
    change_amount: Decimal = Decimal(10)
    """…or of at least this many 万元."""
    reuse_count: int = 3
    """The same cause sentence used for this many items is flagged (NAR-009)."""
    reason_min_chars: int = 4
    """A cause with fewer characters left once stock phrases, the subject and generic words are removed is vague (NAR-009)."""


class EconomicMapping(_Model):
    """Which 经济分类 类 count as 人员经费 and 公用经费 in 公开06表."""

    personnel: list[str] = Field(default_factory=lambda: ["301", "303"])
    public: list[str] = Field(
        default_factory=lambda: ["302", "307", "309", "310", "312", "399"]
    )


class Disclosure(_Model):
    """Completeness settings of the DISC rules."""

    critical_sections: list[str] = Field(
        default_factory=lambda: ["三公", "机关运行经费"]
    )
    """A missing required section whose name contains one of these is an error, others a warning (DISC-002)."""
    depth: dict[str, int] = Field(
        default_factory=lambda: {"T03": 7, "T05": 7, "T06": 5}
    )
    """Table → code length every non-zero branch must reach: 7 = 功能分类项级, 5 = 经济分类款级 (DISC-008)."""
    procurement_elements: list[str] = Field(
        default_factory=lambda: ["总额", "货物", "工程", "服务", "中小企业", "占比"]
    )
    """Elements the 政府采购 text states (DISC-005); names of the patterns in disc005."""
    performance_elements: list[str] = Field(
        default_factory=lambda: [
            "自评项目数",
            "涉及资金金额",
            "覆盖率（占项目支出的比例）",
            "自评结果（得分或等级）",
        ]
    )
    """Elements the 预算绩效 text states (DISC-007); names of the patterns in disc007."""
    asset_elements: list[str] = Field(
        default_factory=lambda: ["车辆", "通用设备", "专用设备"]
    )
    """Elements the 国有资产占用 text states (DISC-006)."""
    template_phrases: list[str] = Field(default_factory=list)
    """Instruction text of the blank template that must not survive into a report (DISC-011)."""


class EvaluationOutline(_Model):
    """What a 绩效评价报告 must contain (EVAL-001), after the outline attached to 财预〔2020〕10号."""

    sections: dict[str, list[str]] = Field(
        default_factory=lambda: {
            "基本情况": ["基本情况", "项目概况", "项目简介"],
            "绩效评价工作开展情况": ["评价工作", "绩效评价情况", "评价情况", "评价过程", "评价方法", "评价组织"],
            "综合评价及结论": ["综合评价", "评价结论", "评价结果", "总体评价"],
            "绩效评价指标分析": ["指标分析", "绩效分析", "指标完成"],
            "主要经验及做法": ["经验", "做法"],
            "存在的问题及原因分析": ["问题"],
            "有关建议": ["建议"],
            "其他需要说明的问题": ["其他需要说明", "其他事项", "其他说明", "需要说明的问题"],
        }
    )
    """Section → keywords, any of which in a heading marks it present."""
    critical: list[str] = Field(
        default_factory=lambda: ["基本情况", "综合评价及结论", "绩效评价指标分析", "存在的问题及原因分析", "有关建议"]
    )
    """Missing sections that are errors; the others are warnings."""


class Profile(_Model):
    name: str
    title: str
    """Chinese description shown in the output."""
    basis: str = ""
    tables: dict[str, TableSpec]
    """T01…T09 → spec; the keys are fixed, numbering and titles vary."""
    thresholds: Thresholds = Thresholds()
    economic: EconomicMapping = EconomicMapping()
    vague_reasons: list[str] = Field(default_factory=list)
    """Stock phrases that alone do not explain a change (NAR-009)."""
    required_sections: dict[str, list[str]] = Field(default_factory=dict)
    """Narrative section → keywords, any of which in a heading marks the section present (DISC-002)."""
    disclosure: Disclosure = Disclosure()
    """Completeness settings (DISC family)."""
    disabled: list[str] = Field(default_factory=list)
    """Rule codes this profile switches off."""
    evaluation: EvaluationOutline = EvaluationOutline()
    """Outline of 绩效评价报告 (EVAL-001)."""
    scoring: str = "auto"
    """Scoring profile for 绩效自评表 (tools/profiles/scoring/), or 'auto': chosen per form from its printed notes."""


def available(folder: str = "") -> list[str]:
    """Names of the bundled TOML files (in a sub-folder such as 'scoring' when given)."""
    root = resources.files(__package__)
    if folder:
        root = root / folder
    return sorted(
        p.name.removesuffix(".toml") for p in root.iterdir() if p.name.endswith(".toml")
    )


def load(name: str = DEFAULT) -> Profile:
    """Load a bundled profile by name, or a TOML file by path; `extends` merges over a base profile."""
    prof = load_data(name, what="审核配置")
    assert isinstance(prof, Profile)
    return prof


def load_data(name: str, *, what: str, folder: str = "", model: type[BaseModel] = Profile) -> BaseModel:
    """Read TOML `name` (bundled name or path), merge it over its `extends` base and validate it.

    Args:
        what: Chinese name of the kind of file, for messages ('审核配置', '评分规则').
        folder: sub-folder of the bundled files.
    """
    data = read_toml(name, what=what, folder=folder)
    base = data.pop("extends", None)
    if base:
        merged = read_toml(base, what=what, folder=folder)
        merged.pop("extends", None)
        data = _merge(merged, data)
    try:
        return model.model_validate(data)
    except ValueError as exc:
        raise InputError(f"{what} {name!r} 内容有误：{str(exc).splitlines()[0]}") from None


def read_toml(name: str, *, what: str, folder: str = "") -> dict:
    """A TOML file by path (ending in .toml) or a bundled one by name; one Chinese line when it fails."""
    if name.endswith(".toml"):
        try:
            with open(name, "rb") as fh:
                return tomllib.load(fh)
        except OSError:
            raise InputError(f"找不到{what}文件：{name}") from None
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"{what} {name!r} 不是有效的 TOML：{exc}") from None
    root = resources.files(__package__)
    resource = (root / folder if folder else root) / f"{name}.toml"
    if not resource.is_file():
        raise InputError(f"没有名为 {name!r} 的{what}，可用：{'、'.join(available(folder))}")
    return tomllib.loads(resource.read_text(encoding="utf-8"))


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out
