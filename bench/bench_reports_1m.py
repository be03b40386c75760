"""Benchmark: the year's periodic report on 1,000,000 demo visits, DOCX and XLSX. Prints verdicts.

For each file, GET /reports/2026.docx and /reports/2026.xlsx through the Flask test client in a
fresh process: the time to the last byte, the file's size and the peak resident memory during the
request (VmHWM, reset after the login whose argon2 hash takes more). Also the quarter (2026-Q3).
Target: every report in under 60 s (a report that fails fails it). Prints PASS or FAIL per report
and exits with status 1 on a FAIL; ``--visits`` takes a smaller demo for a quick run.

The store is the one bench/bench_results_1m.py builds (the demo writer lobby.demo_data, the year
up to 01/12/2026), cached under the temp folder by seed and size and reused when there.

Run from the repository root:
    .venv/bin/python bench/bench_reports_1m.py [--visits N] [--seed S] [--only sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import time

import _context  # noqa: F401  (first: sys.path and headless set-up)
from _context import machine_context
from _verdict import Verdicts
from bench_results_1m import _app, demo_stores, peak_rss_mb, reset_peak_rss, unmeasured

REPORTS = (
    "/reports/2026-Q3.docx",
    "/reports/2026-Q3.xlsx",
    "/reports/2026.docx",
    "/reports/2026.xlsx",
)
TARGET_S = 60.0


def child(url: str, path: str) -> None:
    """Download one report through the test client; print time, size and peak RSS as JSON."""
    store, browser = _app(url)
    reset = reset_peak_rss()
    before = peak_rss_mb()
    started = time.perf_counter()
    response = browser.get(path)
    assert response.status_code == 200, response.status_code
    size = sum(len(chunk) for chunk in response.response)
    response.close()
    seconds = time.perf_counter() - started
    rss = peak_rss_mb()
    store.close()
    figures = {"bytes": size, "seconds": seconds, "rss_mb": rss, "before_mb": before}
    print(json.dumps({**figures, "reset": reset}))


def check_opens(url: str, path: str) -> str:
    """Return a short description proving the file opens (sheets or paragraphs)."""
    store, browser = _app(url)
    data = browser.get(path).data
    store.close()
    if path.endswith(".xlsx"):
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=True)
        return f"sheets {book.sheetnames}"
    from docx import Document

    doc = Document(io.BytesIO(data))
    return f"{len(doc.paragraphs)} paragraphs, {len(doc.tables)} tables"


def measure(url: str, label: str, verdicts: Verdicts) -> None:
    """Print the figures of every report on one database and their verdicts."""
    for path in REPORTS:
        run = subprocess.run(
            [sys.executable, __file__, "--child", url, path],
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode != 0:
            print(run.stderr.strip()[-2000:])
            verdicts.fail(f"{label}: {path}", "the report failed (its error above)")
            continue
        f = json.loads(run.stdout.strip().splitlines()[-1])
        print(
            f"{label}: {path:<24} {f['seconds']:6.1f} s  {f['bytes'] / 1e6:7.1f} MB"
            f"  peak RSS {f['rss_mb']:.0f} MB"
            + (f" (at the request's start {f['before_mb']:.0f} MB)" if f["reset"] else " (process)")
        )
        verdicts.at_most(f"{label}: {path}", f["seconds"], TARGET_S, "s", 1)
    print(f"{label}: /reports/2026-Q3.docx opens: {check_opens(url, '/reports/2026-Q3.docx')}")


def main() -> None:
    """Build or reuse the demo stores, print the figures and verdicts; exit 1 on a FAIL."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    for line in machine_context():
        print(line)
    verdicts = Verdicts()
    measured = set()
    for url, label in demo_stores(args.visits, args.seed, args.only):
        measure(url, label, verdicts)
        measured.add(label)
    unmeasured(measured, args.only, verdicts)
    verdicts.finish()


if __name__ == "__main__":
    main()
