"""Small real documents for the tests that upload forms: each opens in its real parser."""

from __future__ import annotations

import io

from pypdf import PdfWriter


def pdf_bytes(pages: int = 1) -> bytes:
    """A real PDF of blank A4 pages, as pypdf writes it."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
