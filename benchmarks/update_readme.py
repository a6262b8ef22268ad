"""Refresh the README's Accuracy and Speed sections from the commands that measure them.

Run from the repository root:  python benchmarks/update_readme.py [--skip-speed]

Accuracy: `extract ingest corpus/pdf` into a temporary folder, then the scorer
behind `extract evaluate --gold annotations`, rendered as markdown.
Speed: `extract bench --runs 3 --out benchmarks/results/bench.json`, and its table.
The text between the `<!-- accuracy -->`/`<!-- speed -->` markers is replaced.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXTRACT = [sys.executable, "-m", "extract"]


def _replace(readme: str, marker: str, body: str) -> str:
    pattern = re.compile(rf"(<!-- {marker}:start -->\n).*?(<!-- {marker}:end -->)", re.S)
    if not pattern.search(readme):
        raise SystemExit(f"README.md has no <!-- {marker}:start/end --> markers")
    return pattern.sub(lambda m: m.group(1) + body.rstrip() + "\n" + m.group(2), readme)


def accuracy_markdown() -> str:
    from extract.evaluate.cli import evaluate_dirs
    from extract.evaluate.report import render_markdown

    with tempfile.TemporaryDirectory() as out:
        subprocess.run([*EXTRACT, "ingest", "corpus/pdf", "--out", out, "--quiet", "--force"],
                       cwd=ROOT, check=True)
        result, _warnings = evaluate_dirs(Path(out), ROOT / "annotations")
        return render_markdown(result)


def speed_text() -> str:
    out = ROOT / "benchmarks" / "results" / "bench.json"
    proc = subprocess.run([*EXTRACT, "bench", "--runs", "3", "--out", str(out)], cwd=ROOT, check=True,
                          capture_output=True, text=True)
    return "```\n" + proc.stdout.strip() + "\n```"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skip-speed", action="store_true", help="refresh the Accuracy section only")
    args = ap.parse_args(argv)
    readme_path = ROOT / "README.md"
    readme = readme_path.read_text(encoding="utf-8")
    readme = _replace(readme, "accuracy", accuracy_markdown())
    if not args.skip_speed:
        readme = _replace(readme, "speed", speed_text())
    readme_path.write_text(readme, encoding="utf-8")
    print("README.md refreshed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
