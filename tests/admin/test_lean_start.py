"""The admin runs inside the lobby PC's kiosk process: the document libraries (python-docx,
openpyxl and lxml under them) load only when someone asks for a document, not at start."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("docx", "openpyxl", "lxml")
PROBE = """
import sys
from admin_web import create_app
app = create_app(settings=__import__("lobby.settings").settings.load_settings(sys.argv[1]))
print(",".join(m for m in {heavy!r} if m in sys.modules))
"""


def test_starting_the_admin_loads_no_document_library(write_config):
    config = write_config("")
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), str(config)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert out.stdout.strip() == ""


def test_a_document_still_loads_them_when_asked(staff):
    response = staff.get("/cong-khai/poster.docx")
    assert response.status_code == 200
    assert response.data[:2] == b"PK"
