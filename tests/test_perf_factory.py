"""Tests of the synthetic 绩效自评表 factory: consistent sets, ingestible renderings, single-error mutations."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from tests.factory.perf_build import build_forms
from tests.factory.perf_model import FormSet, FormSpec, IndicatorSpec, audit, fmt_num
from tests.factory.perf_mutations import MUTATIONS, NotApplicable
from tests.factory.perf_render import sections, total_text
from tests.factory.perf_render_docx import render_forms_docx
from tests.factory.perf_render_pdf import render_forms_pdf
from tests.factory.perf_render_text import render_forms_text
from tests.factory.perf_render_xlsx import render_forms_xlsx
from tools.document import Document, Row
from tools.ingest import ingest
from tools.text import normalize

LAYOUTS = ("2020", "2024")
RENDER = {
    "pdf": lambda fs, p: render_forms_pdf(fs, p).path,
    "docx": render_forms_docx,
    "xlsx": render_forms_xlsx,
    "txt": render_forms_text,
}
# (name column → weight, score columns) in each layout's indicator grid.
OFFSETS = {"2020": (3, 4), "2024": (2, 8)}


def _variants(seed: int) -> dict:
    return {"many": seed % 7 == 0, "long_names": seed % 2 == 0, "no_satisfaction": True if seed % 11 == 0 else None}


# ---------------------------------------------------------------- (a) builder invariants


def _met(i: IndicatorSpec) -> bool:
    """Independent reading of the comparator ('' is a plain target to be reached)."""
    if i.kind == "qualitative":
        return True
    if i.kind == "date":
        return i.actual_date <= i.target_date
    return {"≥": i.actual >= i.target, "": i.actual >= i.target, "≤": i.actual <= i.target,
            "=": i.actual == i.target}[i.comparator]


def _check_form(f: FormSpec) -> None:
    assert sum((i.weight for i in f.indicators), f.execution_weight) == 100
    assert f.execution_weight == 10
    assert f.total == sum((i.score for i in f.indicators), f.execution_score)
    assert len({i.name for i in f.indicators}) == len(f.indicators)
    by_level = {}
    for i in f.indicators:
        by_level[i.level1] = by_level.get(i.level1, 0) + i.weight
    assert by_level in ({"产出指标": 50, "效益指标": 30, "满意度指标": 10}, {"产出指标": 55, "效益指标": 35},
                        {"产出指标": 60, "效益指标": 30}), by_level
    t = f.funds.total
    assert t.executed <= t.received <= t.budget
    rate = (t.executed * 100 / t.budget).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert f.rate == rate
    if f.layout == "2024":
        expected = Decimal(10) if rate >= 95 else (rate / 10).quantize(Decimal("0.01"), ROUND_HALF_UP)
    else:
        expected = (min(rate, Decimal(100)) / 10).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert f.execution_score == expected
    for i in f.indicators:
        assert Decimal(0) <= i.score <= i.weight, i.name
        assert i.met == _met(i), i.name
        assert (i.status == "完成") == _met(i), i.name
        assert f.layout == "2024" or i.comparator != "=", "2020 forms print '=' targets plainly"
        assert f.layout == "2020" or i.comparator != "" or not i.quantitative
        if not _met(i):
            ratio = i.target / i.actual if i.comparator == "≤" else i.actual / i.target
            assert i.score < i.weight and i.score <= i.weight * ratio, i.name
            assert re.search(r"受.+影响.*涉及资金\d+\.\d{2}万元.*整改措施：由.+于\d{4}年\d{1,2}月底前", i.reason), i.reason
        elif i.kind == "qualitative":
            assert i.score >= (i.weight * Decimal("0.81")).quantize(Decimal("0.01")), i.name
        elif i.quantitative:
            if i.actual >= i.target * Decimal("1.3") and i.comparator == "≥":
                # Exceeded by 30% or more: 2024 reduces the score, 2020 keeps it; both state the 偏差原因.
                assert "偏差原因" in i.reason and "偏离度" in i.reason, i.name
                assert i.score < i.weight if f.layout == "2024" else i.score == i.weight, i.name
            elif i.name == "项目支出总额" and f.needs_money_reason:
                assert i.score == i.weight and "偏差原因" in i.reason and "资金" in i.reason, i.name
            else:
                assert i.score == i.weight and not i.reason, i.name
        else:
            assert i.actual_date <= i.target_date and i.score == i.weight
    band = "优" if f.total >= 90 else "良" if f.total >= 80 else "中" if f.total >= 60 else "差"
    assert f.grade == band


@pytest.mark.parametrize("layout", LAYOUTS)
def test_builder_invariants(layout):
    kinds, comps, grades = set(), set(), set()
    for seed in range(40):
        fs = build_forms(seed, layout, n_forms=2 + seed % 4, **_variants(seed))
        for f in fs.forms:
            _check_form(f)
            kinds |= {i.kind for i in f.indicators}
            comps |= {i.comparator for i in f.indicators if i.quantitative}
        assert [(r.project, r.score, r.grade) for r in fs.summary.rows] == [(f.project, f.total, f.grade)
                                                                            for f in fs.forms]
        assert audit(fs) == []
        first = fs.forms[0]
        assert any(not i.met for i in first.indicators)
        assert first.wrong_base != first.true_rate
        grades |= {r.grade for r in fs.summary.rows}
    assert kinds == {"percent", "count", "amount", "date", "qualitative"}
    assert comps == ({"≥", "≤", ""} if layout == "2020" else {"≥", "≤", "="})
    assert grades == {"优", "良", "中", "差"}


def test_builder_is_deterministic_and_notes_carry_the_profile_evidence():
    assert build_forms(5, "2024") == build_forms(5, "2024")
    assert build_forms(5, "2024") != build_forms(6, "2024")
    notes24 = normalize("".join(build_forms(1, "2024").forms[0].notes))
    assert re.search(r"预算执行进度[≥>=]+95%", notes24) and "偏离度达到30%" in notes24
    notes20 = normalize("".join(build_forms(1, "2020").forms[0].notes))
    assert all(s in notes20 for s in ("100-81%", "80-51%", "50-0%"))
    many = build_forms(2, "2020", many=True)
    assert all(len(f.indicators) >= 25 for f in many.forms)
    assert all(sum(i.weight for i in f.indicators if i.level1 == "满意度指标") == 0
               for f in build_forms(2, "2024", no_satisfaction=True).forms)


# ---------------------------------------------------------------- (b) renderers ingest


def _form_tables(doc: Document, fs: FormSet) -> dict[int, list]:
    """Tables of each form: from the one naming its project (not the 汇总表) up to the next form."""
    projects = {normalize(f.project): k for k, f in enumerate(fs.forms)}
    out: dict[int, list] = {}
    current = None
    for t in doc.tables():
        cells = {c.norm for r in t.rows for c in r.cells}
        if "自评等级" in cells:
            current = None
        elif "项目名称" in cells:
            current = next(projects[p] for p in projects if p in cells)
        if current is not None:
            out.setdefault(current, []).append(t)
    return out


def _indicator_rows(tables: list, f: FormSpec) -> dict[str, tuple[Row, int]]:
    """Indicator name → (ingested row, column of the name) in one form's tables."""
    out: dict[str, tuple[Row, int]] = {}
    names = {normalize(i.name): i.name for i in f.indicators}
    for t in tables:
        for r in t.rows:
            for c, cell in enumerate(r.cells):
                if cell.norm in names and not cell.merged:
                    out.setdefault(names[cell.norm], (r, c))
    return out


def _check_ingested(doc: Document, fs: FormSet) -> None:
    assert doc.warnings == []
    text = [normalize(c.text) for t in doc.tables() for r in t.rows for c in r.cells]
    tables = _form_tables(doc, fs)
    for k, f in enumerate(fs.forms):
        found = _indicator_rows(tables[k], f)
        assert set(found) == {i.name for i in f.indicators}, set(found) ^ {i.name for i in f.indicators}
        dw, ds = OFFSETS[f.layout]
        for i in f.indicators:
            row, c = found[i.name]
            cells = row.texts()
            assert cells[c + dw] == fmt_num(i.weight) and cells[c + ds] == fmt_num(i.score), (i.name, cells)
        assert total_text(f.total, f.layout) in text
    for r in fs.summary.rows:
        assert normalize(r.project) in text and total_text(r.score, fs.layout) in text


@pytest.mark.parametrize("fmt", sorted(RENDER))
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("opts", [{}, {"many": True, "long_names": True}], ids=["plain", "long"])
def test_rendered_files_ingest_with_their_values(tmp_path, fmt, layout, opts):
    fs = build_forms(3, layout, n_forms=3, **opts)
    doc = ingest(RENDER[fmt](fs, tmp_path / f"forms.{fmt}"))
    _check_ingested(doc, fs)
    # Each form starts on a page of its own.
    tables = _form_tables(doc, fs)
    starts = [tables[k][0].page for k in range(len(fs.forms))]
    assert starts == sorted(set(starts))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_pdf_reports_the_page_of_every_indicator_row(tmp_path, layout):
    fs = build_forms(8, layout, n_forms=3, many=True, long_names=True)
    lay = render_forms_pdf(fs, tmp_path / "forms.pdf")
    doc = ingest(lay.path)
    tables = _form_tables(doc, fs)
    for k, f in enumerate(fs.forms):
        assert len(lay.form_pages[k]) >= 2, "a form with many indicators runs over two pages"
        assert tables[k][0].page == lay.form_pages[k][0]
        found = _indicator_rows(tables[k], f)
        assert {n: r.page for n, (r, _) in found.items()} == lay.pages[k]
        assert len(set(lay.pages[k].values())) >= 2
    assert lay.summary_pages == [max(p for pages in lay.form_pages.values() for p in pages) + 1]
    landscape = {p.number for p in doc.pages if p.width > p.height}
    assert landscape == ({p for pages in lay.form_pages.values() for p in pages} if layout == "2020" else set())


# ---------------------------------------------------------------- (c) rotated pages


def _grids(doc: Document) -> list[tuple[int, list[list[str]]]]:
    return [(t.page, [[c.norm for c in r.cells] for r in t.rows]) for t in doc.tables()]


@pytest.mark.parametrize("many", [False, True])
def test_rotated_landscape_pages_ingest_like_upright_ones(tmp_path, many):
    fs = build_forms(4, "2020", n_forms=2, many=many, long_names=True)
    upright = ingest(render_forms_pdf(fs, tmp_path / "upright.pdf").path)
    rotated_layout = render_forms_pdf(fs, tmp_path / "rotated.pdf", rotate=True)
    rotated = ingest(rotated_layout.path)
    raw = (tmp_path / "rotated.pdf").read_bytes()
    assert b"/Rotate 90" in raw and b"/MediaBox [ 0 0 595.2756 841.8898 ]" in raw
    turned = [p for p in rotated.pages if p.rotation == 90]
    assert turned and all(p.width > p.height for p in turned)
    assert rotated.warnings == []
    assert _grids(rotated) == _grids(upright)
    assert rotated_layout.pages == render_forms_pdf(fs, tmp_path / "again.pdf").pages


# ---------------------------------------------------------------- (d) determinism


@pytest.mark.parametrize("fmt", sorted(RENDER))
def test_same_seed_gives_identical_bytes(tmp_path, fmt):
    for layout in LAYOUTS:
        a = Path(RENDER[fmt](build_forms(11, layout), tmp_path / f"a.{fmt}")).read_bytes()
        b = Path(RENDER[fmt](build_forms(11, layout), tmp_path / f"b.{fmt}")).read_bytes()
        c = Path(RENDER[fmt](build_forms(12, layout), tmp_path / f"c.{fmt}")).read_bytes()
        assert a == b and a != c


# ---------------------------------------------------------------- (e) mutations


def _rows_by_indicator(fs: FormSet) -> dict[tuple[int, str], list[str]]:
    out = {}
    for sec in sections(fs):
        for b in sec.blocks:
            if b.grid is not None and sec.form is not None:
                for r, name in b.grid.keys.items():
                    out[(sec.form, name)] = b.grid.rows[r]
    return out


@pytest.mark.parametrize("name", sorted(MUTATIONS))
@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_mutation_is_one_visible_error(tmp_path, name, layout):
    applied = 0
    for seed in range(6):
        fs = build_forms(seed, layout, n_forms=3, **_variants(seed))
        try:
            mutated, expected = MUTATIONS[name](fs)
        except NotApplicable:
            continue
        applied += 1
        got = audit(mutated)
        assert [(g.form, g.target, g.family) for g in got] == [(expected.form, expected.target, expected.family)]
        before = render_forms_text(fs, tmp_path / "before.txt").read_text(encoding="utf-8")
        after = render_forms_text(mutated, tmp_path / "after.txt").read_text(encoding="utf-8")
        assert before != after
        old, new = _rows_by_indicator(fs), _rows_by_indicator(mutated)
        assert old.keys() == new.keys()
        changed = {key for key in old if old[key] != new[key]}
        assert len(changed) <= 1 and all(form == expected.form for form, _ in changed)
        if expected.target in {i.name for i in fs.forms[expected.form].indicators}:
            # 2024 prints reasons under 五、 rather than in the row, so a dropped reason leaves the row as is.
            assert changed == ({(expected.form, expected.target)} if name != "reason_missing" or layout == "2020"
                               else set())
    rule_layouts = {"status_while_unmet": "2024", "qualitative_band": "2020"}
    assert applied == (6 if rule_layouts.get(name, layout) == layout else 0)
