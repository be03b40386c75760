"""Render office documents (DOCX, XLSX) with LibreOffice headless and read back where the text fell.

A module rather than fixtures so that every test package can use it (letters, paper form, poster,
reports). LibreOffice is the renderer a Vietnamese office most often prints from after Word; its
layout of Times New Roman (Liberation Serif, same metrics) is what these tests check.

API::

    pdfs = render_pdfs({"letter.docx": data, "report.xlsx": other}, tmp_path)
    # one soffice call for all of them -> {"letter.docx": Path(".../letter.pdf"), ...}
    doc = read_layout(pdfs["letter.docx"])         # Layout: pages of lines with boxes (pt)
    len(doc.pages)                                  # page count
    doc.lines_with("CỘNG HÒA XÃ HỘI")              # every Line whose text contains it
    doc.pages[0].lines[0].text, .x0, .y0, .x1, .y1  # a line's text and box, origin top left
    doc.outside(left_mm=30, right_mm=15, top_mm=20, bottom_mm=20)  # lines past those margins
    render_pngs(pdfs["letter.docx"], tmp_path / "png", dpi=60)       # page images, to look at

Keep LibreOffice calls few: start-up costs seconds, so batch every document of a test module into
one ``render_pdfs`` call (a module-scoped fixture). Each call uses its own throwaway LibreOffice
profile, so parallel runs and a user's own LibreOffice do not meet, and is killed after
``timeout`` seconds. ``scripts/system-deps.sh test`` installs LibreOffice and poppler-utils;
``require_renderer()`` fails a test naming what is missing.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

PT_PER_MM = 72 / 25.4
_XHTML = "{http://www.w3.org/1999/xhtml}"


def require_renderer() -> None:
    """Fail (not skip) when soffice, pdftotext or pdftoppm is missing: CI installs them."""
    missing = [tool for tool in ("soffice", "pdftotext", "pdftoppm") if not shutil.which(tool)]
    if missing:
        raise AssertionError(
            f"missing {', '.join(missing)}: run scripts/system-deps.sh test "
            "(Debian packages libreoffice-writer-nogui, libreoffice-calc-nogui, poppler-utils)"
        )


def render_pdfs(documents: dict[str, bytes], folder: Path, timeout: float = 180) -> dict[str, Path]:
    """Write ``documents`` (file name -> bytes) to ``folder`` and convert all of them to PDF in
    one LibreOffice call; return file name -> PDF path. AssertionError if one did not convert."""
    require_renderer()
    folder.mkdir(parents=True, exist_ok=True)
    sources = []
    for name, data in documents.items():
        path = folder / name
        path.write_bytes(data)
        sources.append(path)
    out = folder / "pdf"
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        command = [
            "soffice",
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, sources),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    result = {}
    for name, path in zip(documents, sources, strict=True):
        pdf = out / (path.stem + ".pdf")
        if not pdf.exists():
            raise AssertionError(
                f"LibreOffice did not convert {name} (status {done.returncode}): "
                f"{done.stderr.strip()[-500:]}"
            )
        result[name] = pdf
    return result


@dataclass(frozen=True)
class Line:
    """One printed line: its text (words joined by spaces) and its box in points."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        """Return the line box's height in points (about the font size)."""
        return self.y1 - self.y0


@dataclass
class Page:
    """One page: its size in points and its lines from top to bottom."""

    width: float
    height: float
    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Return the page's lines joined by newlines."""
        return "\n".join(line.text for line in self.lines)


@dataclass
class Layout:
    """The pages of a rendered PDF."""

    pages: list[Page]

    @property
    def text(self) -> str:
        """Return the whole text, pages separated by form feeds."""
        return "\f".join(page.text for page in self.pages)

    def lines_with(self, text: str) -> list[Line]:
        """Return every line, on any page, whose text contains ``text``."""
        return [line for page in self.pages for line in page.lines if text in line.text]

    def pages_with(self, text: str) -> list[int]:
        """Return the indexes of the pages having a line that contains ``text``."""
        return [i for i, page in enumerate(self.pages) if any(text in ln.text for ln in page.lines)]

    def outside(
        self, left_mm: float, right_mm: float, top_mm: float, bottom_mm: float, slack_mm=1.0
    ) -> list[tuple[int, Line]]:
        """Return (page index, line) for every line reaching past the given margins."""
        found = []
        for index, page in enumerate(self.pages):
            left = (left_mm - slack_mm) * PT_PER_MM
            right = page.width - (right_mm - slack_mm) * PT_PER_MM
            top = (top_mm - slack_mm) * PT_PER_MM
            bottom = page.height - (bottom_mm - slack_mm) * PT_PER_MM
            for line in page.lines:
                if line.x0 < left or line.x1 > right or line.y0 < top or line.y1 > bottom:
                    found.append((index, line))
        return found


def read_layout(pdf: Path, timeout: float = 60) -> Layout:
    """Return the lines of every page of ``pdf`` with their boxes (pdftotext -bbox-layout)."""
    done = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"],
        capture_output=True,
        timeout=timeout,
        check=True,
    )
    root = ET.fromstring(done.stdout)
    pages = []
    for page in root.iter(f"{_XHTML}page"):
        current = Page(float(page.get("width")), float(page.get("height")))
        for line in page.iter(f"{_XHTML}line"):
            words = [word.text or "" for word in line.iter(f"{_XHTML}word")]
            current.lines.append(
                Line(
                    " ".join(words),
                    float(line.get("xMin")),
                    float(line.get("yMin")),
                    float(line.get("xMax")),
                    float(line.get("yMax")),
                )
            )
        current.lines.sort(key=lambda ln: (round(ln.y0), ln.x0))
        pages.append(current)
    return Layout(pages)


def render_pngs(pdf: Path, folder: Path, dpi: int = 60, timeout: float = 60) -> list[Path]:
    """Write every page of ``pdf`` as a PNG into ``folder``; return their paths in page order."""
    folder.mkdir(parents=True, exist_ok=True)
    prefix = folder / pdf.stem
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(prefix)],
        capture_output=True,
        timeout=timeout,
        check=True,
    )
    return sorted(folder.glob(f"{pdf.stem}-*.png"))
