"""Benchmark: ingestion time per page and peak memory vs pdfplumber's own extract_text + extract_tables.

Run: python benchmarks/ingest.py [PDF ...]   (default: every PDF in ../shared/corpus)
Each measurement runs in a fresh subprocess so peak RSS belongs to that job alone.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
REPEATS = 3
LARGE_PAGES = 100

_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
mode, path = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
if mode == "baseline":
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        n = len(pdf.pages)
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
            page.close()
else:
    from tools.ingest import ingest
    from tools.settings import Limits
    n = len(ingest(path, Limits(max_pages=10_000)).pages)
elapsed = time.perf_counter() - t0
print(json.dumps({{"seconds": elapsed, "pages": n, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def _run(mode: str, path: Path) -> dict:
    code = _CHILD.format(root=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code, mode, str(path)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _best(mode: str, path: Path) -> dict:
    runs = [_run(mode, path) for _ in range(REPEATS)]
    return {"seconds": min(r["seconds"] for r in runs), "pages": runs[0]["pages"],
            "rss_mb": max(r["rss_mb"] for r in runs)}


def _large_pdf(sources: list[Path], pages: int) -> Path:
    """A long report made by repeating the corpus pages (pypdfium2 ships with pdfplumber)."""
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    docs = [pdfium.PdfDocument(str(p)) for p in sources]
    k = 0
    while len(out) < pages:
        src = docs[k % len(docs)]
        take = min(len(src), pages - len(out))
        out.import_pages(src, list(range(take)))
        k += 1
    path = Path(tempfile.mkdtemp()) / f"large-{pages}.pdf"
    out.save(str(path))
    return path


def main(argv: list[str]) -> int:
    pdfs = [Path(a) for a in argv] or sorted(CORPUS.glob("*.pdf"))
    if not pdfs:
        print("没有可测的 PDF：请传入文件，或把 ../shared/corpus 放在项目旁边")
        return 2
    print(f"{'file':<58} {'pages':>5} {'ours s/page':>12} {'base s/page':>12} {'ratio':>6} {'ours MB':>8} {'base MB':>8}")
    ratios = []
    cases = [(p.name, p) for p in pdfs]
    cases.append((f"(corpus pages repeated to {LARGE_PAGES} pages)", _large_pdf(pdfs, LARGE_PAGES)))
    for name, path in cases:
        ours, base = _best("ours", path), _best("baseline", path)
        ratio = ours["seconds"] / base["seconds"]
        ratios.append(ratio)
        print(f"{name:<58} {ours['pages']:>5} {ours['seconds'] / ours['pages']:>12.4f} "
              f"{base['seconds'] / base['pages']:>12.4f} {ratio:>6.2f} {ours['rss_mb']:>8.0f} {base['rss_mb']:>8.0f}")
    print(f"median ratio (ours / pdfplumber extract_text+extract_tables): {statistics.median(ratios):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
