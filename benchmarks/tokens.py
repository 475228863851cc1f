"""Benchmark: tokens a model reads per report with the commentary's selected facts, against sending it the
whole document text.

Run: python benchmarks/tokens.py [--tokenizer URL] [FILE ...]
     (default files: examples/example-review.pdf, ../shared/seeds/*.txt and ../shared/corpus/*.pdf)

Ours: every first request of the three capabilities exactly as sent — system prompt, facts of the
batch and the structured-output tool schema. Baseline, measured in the same run: the same three
requests with the whole extracted document text (headings, paragraphs, table rows) in place of the
selected facts — what a tool without the deterministic layer would send. The figure of merit is
ours ÷ baseline (lower is better). Tokens come from a real tokenizer when --tokenizer names a llama.cpp server
(its /extras/tokenize/count, e.g. the recording server of scripts/record_cassettes.sh); otherwise
they are estimated from characters (CJK 1 token each, other text 1 per 4 characters), and the
output says so. The ratio is what matters; it moves little between the two counts.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from langchain_core.utils.function_calling import convert_to_openai_tool

from agent.commentary import planned_requests
from tools.document import Document, Table
from tools.profiles import load
from tools.review import review

SHARED = ROOT.parent / "shared"
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


class Counter:
    def __init__(self, url: str | None) -> None:
        self.url = url.rstrip("/") if url else None

    @property
    def label(self) -> str:
        return "tokenizer of the llama.cpp server" if self.url else "estimate from characters"

    def __call__(self, text: str) -> int:
        if self.url is None:
            cjk = len(_CJK.findall(text))
            return cjk + (len(text) - cjk + 3) // 4
        root = re.sub(r"/v1$", "", self.url)
        req = urllib.request.Request(
            f"{root}/extras/tokenize/count",
            data=json.dumps({"input": text}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=120) as resp:
            return int(json.load(resp)["count"])


def whole_text(doc: Document) -> str:
    """The document as plain text: headings and paragraphs, table rows with tab-separated cells."""
    lines: list[str] = []
    for page in doc.pages:
        for block in page.blocks:
            if isinstance(block, Table):
                if block.title:
                    lines.append(block.title)
                lines += ["\t".join(c.text for c in row.cells) for row in block.rows if row.page == page.number]
            else:
                lines.append(block.text)
    return "\n".join(lines)


def measure(path: Path, count: Counter) -> tuple[int, int, int, int]:
    """(pages, requests, our tokens, baseline tokens) for one report."""
    profile = load()
    result = review(path, profile=profile)
    whole = whole_text(result.document)
    ours = base = 0
    requests = planned_requests(result, profile)
    for _prompt, schema, messages in requests:
        tool = json.dumps(convert_to_openai_tool(schema), ensure_ascii=False)
        system, user = (str(m.content) for m in messages)
        ours += count(system) + count(user) + count(tool)
        data = re.sub(r"<data>.*</data>", lambda _: "<data>\n" + whole + "\n</data>", user, flags=re.DOTALL)
        base += count(system) + count(data) + count(tool)
    return len(result.document.pages), len(requests), ours, base


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tokenizer", metavar="URL", help="llama.cpp server base URL (e.g. http://127.0.0.1:8765/v1)")
    ap.add_argument("files", nargs="*", type=Path)
    args = ap.parse_args(argv)
    files = args.files or [
        ROOT / "examples" / "example-review.pdf",
        *sorted((SHARED / "seeds").glob("*.txt")),
        *sorted((SHARED / "corpus").glob("*.pdf")),
    ]
    count = Counter(args.tokenizer)
    print(f"tokens: {count.label}")
    print(f"{'file':<52} {'pages':>5} {'calls':>5} {'ours':>8} {'whole text':>10} {'ratio':>6}")
    ratios = []
    for path in files:
        pages, calls, ours, base = measure(path, count)
        ratio = ours / base if base else 0.0
        ratios.append(ratio)
        print(f"{path.name[:52]:<52} {pages:>5} {calls:>5} {ours:>8} {base:>10} {ratio:>6.3f}")
    if ratios:
        print(f"median ratio {statistics.median(ratios):.3f}; max {max(ratios):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
