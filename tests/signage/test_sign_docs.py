"""The sign documents against the code: P10's worked hex examples and the plug-in guide's steps."""

from __future__ import annotations

import inspect
import json
import re
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import pytest

from lobby.settings import declare
from signage.items import SignItem
from signage.protocols import PROTOCOLS, REQUIRED, WireTiming, p10, register_protocol

ROOT = Path(__file__).resolve().parents[2]
P10_DOC = (ROOT / "docs" / "sign-p10-protocol.md").read_text(encoding="utf-8")
GUIDE = (ROOT / "docs" / "sign-plugins.md").read_text(encoding="utf-8")
FRAME = re.compile(r"AA 55(?: [0-9A-F]{2})+")


def hex_bytes(text: str) -> bytes:
    return bytes.fromhex(text.replace("|", " ").replace(" ", ""))


def documented(pattern: str) -> tuple[re.Match, bytes]:
    """Return the document's sentence matching ``pattern`` and the first frame written after it."""
    match = re.search(pattern, P10_DOC)
    assert match, f"docs/sign-p10-protocol.md no longer says {pattern!r}"
    return match, hex_bytes(FRAME.search(P10_DOC, match.end()).group())


# --- docs/sign-p10-protocol.md -------------------------------------------------------------------


def test_the_crc_values_the_document_states():
    stated = re.findall(r"CRC over `([0-9A-F ]+)` = `0x([0-9A-F]{4})`", P10_DOC)
    assert len(stated) == 2
    for data, crc in stated:
        assert p10.crc16(hex_bytes(data)) == int(crc, 16), data
    [(text, crc)] = re.findall(r"CRC of ASCII `(\w+)` is `0x([0-9A-F]{4})`", P10_DOC)
    assert p10.crc16(text.encode("ascii")) == int(crc, 16)


def ping_example() -> tuple[bytes, bytes]:
    ping, frame = documented(r"PING with sequence number (\d+)")
    return frame, p10.ping(int(ping[1]))


def ack_example() -> tuple[bytes, bytes]:
    ping, _ = documented(r"PING with sequence number (\d+)")
    _, frame = documented(r"The board's ACK of it")
    return frame, p10.ack(int(ping[1]))


def bitmap_example() -> tuple[bytes, bytes]:
    pattern = (
        r"Example: slot (\d+), (\w+), a (\d+)x(\d+) picture with rows `([01]+)` and `([01]+)`,"
        r" seq (\d+)"
    )
    example, frame = documented(pattern)
    slot, mode, rows, columns, first, second, seq = example.groups()
    assert (int(rows), int(columns)) == (2, len(first)) == (2, len(second))
    [payload] = p10.bitmap_payloads(int(slot), SignItem("x", mode=mode), [first, second])
    doc_payload = re.search(r"payload: ([0-9A-F |]+)\n", P10_DOC[example.end() :])[1]
    assert hex_bytes(doc_payload) == payload
    return frame, p10.encode_frame(p10.BITMAP, payload, seq=int(seq))


def text_example() -> tuple[bytes, bytes]:
    pattern = r'TEXT example: slot (\d+), (\w+), speed (\d+), (\w+), "([^"]+)", seq (\d+)'
    example, frame = documented(pattern)
    slot, mode, speed, colour, text, seq = example.groups()
    item = SignItem(text, mode=mode, speed=int(speed), colour=colour)
    return frame, p10.encode_frame(p10.TEXT, p10.text_payload(int(slot), item, text), seq=int(seq))


def nak_example() -> tuple[bytes, bytes]:
    example, frame = documented(r"Example: NAK of seq (\d+), slot out of range")
    return frame, p10.nak(int(example[1]), p10.E_BAD_SLOT)


# Each worked example: the frame the document writes, and what the code encodes for its input.
EXAMPLES = {
    "ping": ping_example,
    "ack": ack_example,
    "bitmap": bitmap_example,
    "text": text_example,
    "nak": nak_example,
}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_documents_frame_is_what_the_code_encodes(name):
    in_document, encoded = EXAMPLES[name]()
    assert in_document.hex(" ").upper() == encoded.hex(" ").upper()


def test_every_frame_in_the_document_is_a_checked_example_and_decodes():
    written = [hex_bytes(text) for text in FRAME.findall(P10_DOC)]
    assert sorted(written) == sorted(example()[0] for example in EXAMPLES.values())
    for frame in written:
        [decoded] = p10.decode(frame)
        assert p10.encode_frame(decoded.command, decoded.payload, seq=decoded.seq) == frame


# --- docs/sign-plugins.md ------------------------------------------------------------------------


def guide_names() -> dict[str, tuple[list[str] | None, bool]]:
    """Return each name the guide's table asks for: (its parameters or None, optional)."""
    names = {}
    for line in GUIDE.splitlines():
        if not line.startswith("| `"):
            continue
        cell = line.split("|")[1]
        for entry in re.findall(r"`([A-Za-z_]+)(?:\(([^)]*)\))?`", cell):
            params = [p.strip() for p in entry[1].split(",")] if entry[1] else None
            names[entry[0]] = (params, "(optional)" in cell)
    return names


def test_the_guide_asks_for_exactly_the_names_registration_requires():
    names = guide_names()
    assert sorted(n for n, (_, optional) in names.items() if not optional) == sorted(REQUIRED)
    assert {n for n, (_, optional) in names.items() if optional} == {"frame_parts", "incremental"}


@pytest.mark.parametrize("name", sorted(PROTOCOLS))
def test_each_protocol_has_the_guides_names_with_the_guides_parameters(name):
    module = PROTOCOLS[name]
    options = {option.key for option in module.OPTIONS}
    assert isinstance(module.TIMING, WireTiming)
    for attribute, (params, optional) in guide_names().items():
        if optional and not hasattr(module, attribute):
            continue
        value = getattr(module, attribute)
        if params is None:
            continue
        signature = inspect.signature(value)
        positional = [p for p in params if not p.startswith("**")]
        assert list(signature.parameters)[: len(positional)] == positional, attribute
        if any(p.startswith("**") for p in params):
            kinds = {p.kind for p in signature.parameters.values()}
            accepted = (
                options
                if inspect.Parameter.VAR_KEYWORD in kinds
                else options & set(signature.parameters)
            )
            assert accepted == options, f"{attribute} does not take every option of {name}"


def guide_skeleton() -> str:
    block = re.search(r"\n( *)```python\n(.*?)\n\1```", GUIDE, re.S)
    assert block, "docs/sign-plugins.md has no python skeleton"
    return textwrap.dedent(block[2])


REGISTER_AND_SHOW = r"""
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("signage.protocols.echo", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
from lobby.settings import ConfigError, all_settings, settings_from_dict
from signage.items import BoardProfile, SignItem
from signage.preview import preview
from signage.protocols import get_protocol, protocol_options, register_protocol
register_protocol(module)
settings = settings_from_dict({"sign": {"protocol": "echo", "echo": {"memory_bytes": 64}}})
options = protocol_options(settings, settings.sign.protocol)
protocol = get_protocol(settings.sign.protocol)
items = [SignItem("Biết nghe dân nói"), SignItem("Biết nói dân hiểu")]
plan = protocol.encode(items, BoardProfile(), **options)
try:
    settings_from_dict({"sign": {"echo": {"memory_bytes": 1}}})
    refused = ""
except ConfigError as exc:
    refused = str(exc)
print(json.dumps({
    "options": options,
    "shown": preview(plan, "echo", BoardProfile(), **options).texts,
    "display": protocol.display_text("Biết cảm ơn", BoardProfile()),
    "registered": ["sign.echo", "memory_bytes"] in [[s.section, s.key] for s in all_settings()],
    "refused": refused,
}))
"""


def test_the_guides_skeleton_registers_and_shows_a_message(tmp_path):
    path = tmp_path / "echo.py"
    path.write_text(guide_skeleton(), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", REGISTER_AND_SHOW, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["options"] == {"memory_bytes": 64}
    assert result["shown"] == ["Biet nghe dan noi", "Biet noi dan hieu"]
    assert result["display"] == "Biet cam on"
    assert result["registered"]
    assert "[sign.echo] memory_bytes" in result["refused"]
    assert "16 to 65536" in result["refused"]


def test_a_module_lacking_part_of_the_interface_is_refused():
    module = types.ModuleType("half")
    module.NAME, module.OPTIONS = "half", ()
    with pytest.raises(ValueError, match="TIMING.*encode"):
        register_protocol(module)
    assert "half" not in PROTOCOLS


def test_an_option_outside_its_own_section_is_refused():
    module = types.ModuleType("stray")
    for name in REQUIRED:
        setattr(module, name, None)
    module.NAME = "stray"
    module.OPTIONS = (declare("sign", "speed", int, 1, "Stray."),)
    with pytest.raises(ValueError, match=r"\[sign\] speed"):
        register_protocol(module)
    assert "stray" not in PROTOCOLS
