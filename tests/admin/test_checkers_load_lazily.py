"""The admin runs inside the kiosk's process: the checkers of passwords (zxcvbn), photos
(Pillow) and attachments (pypdf, olefile) load only when something is checked."""

from __future__ import annotations

import subprocess
import sys

CHECKERS = ("zxcvbn", "PIL", "pypdf", "olefile")
PROBE = """
import sys
from admin_web import create_app
app = create_app(settings=__import__("lobby.settings").settings.load_settings(sys.argv[1]))
app.test_client().get("/login")
print(",".join(m for m in {names!r} if m in sys.modules))
"""


def test_starting_the_admin_loads_no_checker_library(write_config):
    config = write_config("")
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(names=CHECKERS), str(config)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert out.stdout.strip() == ""
