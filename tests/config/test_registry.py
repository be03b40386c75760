"""The settings registry: the core imports no part's code; parts register their keys into it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lobby.settings import SETTINGS, all_settings, declare, one_of, register, settings_from_dict

ROOT = Path(__file__).resolve().parents[2]


def _modules_after(code: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint(' '.join(sorted(sys.modules)))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return set(result.stdout.split())


def test_importing_the_settings_loads_neither_pyserial_nor_the_sign():
    loaded = _modules_after("import lobby.settings")
    assert "lobby.settings" in loaded
    assert not {m for m in loaded if m == "serial" or m.startswith(("serial.", "signage"))}


def test_reading_a_config_registers_the_sign_keys():
    loaded = _modules_after("import lobby.settings\nlobby.settings.settings_from_dict({})")
    assert {"signage.settings", "signage.protocols.alpha", "signage.protocols.p10"} <= loaded


def test_the_core_table_holds_no_sign_key():
    assert not [s.dotted for s in SETTINGS if s.section.split(".")[0] == "sign"]


def test_every_sign_section_is_in_the_registry():
    sections = {s.section for s in all_settings()}
    assert {"sign", "sign.alpha", "sign.p10"} <= sections
    keys = {(s.section, s.key) for s in all_settings()}
    assert ("sign", "port") in keys and ("sign.p10", "brightness") in keys


def test_a_key_declared_twice_is_refused():
    all_settings()  # the sign's keys registered
    with pytest.raises(ValueError, match=r"\[sign\] port"):
        register(declare("sign", "port", str, "", "Again."))
    with pytest.raises(ValueError, match=r"\[admin\] port"):
        register(declare("admin", "port", int, 1, "Again."))


def test_sign_settings_keep_attribute_access():
    sign = settings_from_dict({"sign": {"port": "loop://", "alpha": {"address": "0A"}}}).sign
    assert (sign.port, sign.protocol, sign.alpha.address, sign.p10.brightness) == (
        "loop://",
        "alpha",
        "0A",
        80,
    )


def test_a_rule_answers_what_was_expected():
    check, expected = one_of(1, 3)
    assert check(3) is None and check(2) == expected == "one of 1, 3"
