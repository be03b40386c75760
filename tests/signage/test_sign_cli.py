"""The command line, run as a real process: encode, send to a pty, simulate, and config errors."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from lobby.store import Store
from tests.helpers_wait import wait_for

ROOT = Path(__file__).resolve().parents[2]

# Memory configuration: a pool of 16 text files A..P, unlocked, 0x0100 bytes each, always run.
CONFIG_A_HEX = (
    "00 00 00 00 00 01 5A 30 30 02 45 24 41 41 55 30 31 30 30 46 46 30 30 42 41 55 30 31 30 30"
    " 46 46 30 30 43 41 55 30 31 30 30 46 46 30 30 44 41 55 30 31 30 30 46 46 30 30 45 41 55 30"
    " 31 30 30 46 46 30 30 46 41 55 30 31 30 30 46 46 30 30 47 41 55 30 31 30 30 46 46 30 30 48"
    " 41 55 30 31 30 30 46 46 30 30 49 41 55 30 31 30 30 46 46 30 30 4A 41 55 30 31 30 30 46 46"
    " 30 30 4B 41 55 30 31 30 30 46 46 30 30 4C 41 55 30 31 30 30 46 46 30 30 4D 41 55 30 31 30"
    " 30 46 46 30 30 4E 41 55 30 31 30 30 46 46 30 30 4F 41 55 30 31 30 30 46 46 30 30 50 41 55"
    " 30 31 30 30 46 46 30 30 03 32 39 32 36 04"
)
# Run sequence "E.SU" + "A", then the empty write clearing the priority file.
RUN_A_HEX = "00 00 00 00 00 01 5A 30 30 02 45 2E 53 55 41 03 30 31 36 31 04"
CLEAR_PRIORITY_HEX = "00 00 00 00 00 01 5A 30 30 02 41 30 04"
# "Biết nghe dân nói" as file A, one rotating segment; checksum 0x0722 = sum of STX..ETX.
BIET_NGHE_HEX = (
    "00 00 00 00 00 01 5A 30 30 02 41 41 1B 20 61 42 69 65 74 20 6E 67 68 65 20 64 61 6E 20 6E 6F"
    " 69 03 30 37 32 32 04"
)


def signage(*args: str, cwd: Path = ROOT, timeout: float = 20) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "signage", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_encode_prints_the_frame_as_uppercase_hex(tmp_path):
    result = signage("encode", "Biết", "nghe", "dân", "nói", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        CONFIG_A_HEX,
        BIET_NGHE_HEX,
        RUN_A_HEX,
        CLEAR_PRIORITY_HEX,
    ]
    body = bytes.fromhex(BIET_NGHE_HEX.replace(" ", ""))[9:-5]
    assert f"{sum(body):04X}" == "0722"


def test_encode_takes_protocol_options_from_the_command_line(tmp_path):
    result = signage("encode", "--address", "1F", "--sign-type", "1", "x", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("00 00 00 00 00 01 31 31 46 02")


def test_encode_takes_defaults_from_the_config_file(write_config):
    config = write_config('[sign.alpha]\naddress = "07"\n')
    result = signage("--config", str(config), "encode", "x")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("00 00 00 00 00 01 5A 30 37 02")


def test_send_writes_to_the_port_and_the_simulator_decodes_it(board, tmp_path):
    result = signage("send", "--port", board.port, "Biết nghe dân nói", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert board.wait_until(lambda b: b.showing() == ["Biet nghe dan noi"], timeout=2)
    assert board.frames_bad == 0


def test_send_to_a_port_that_cannot_be_opened_exits_1_with_one_line(tmp_path):
    result = signage("send", "--port", "/dev/does-not-exist-sign", "x", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "python -m signage: cannot open /dev/does-not-exist-sign: No such file or directory"
    ]


def test_broken_config_exits_2_naming_the_key(write_config):
    config = write_config("[sign]\nbaudrate = 1234\n")
    for command in (["encode", "x"], ["send", "--port", "/dev/null", "x"], ["simulate"], ["run"]):
        result = signage(command[0], "--config", str(config), *command[1:])
        assert result.returncode == 2, (command, result.stderr)
        assert "[sign] baudrate" in result.stderr
        assert "1234" in result.stderr


def test_missing_explicit_config_exits_2(tmp_path):
    result = signage("encode", "--config", str(tmp_path / "nope.toml"), "x")
    assert result.returncode == 2
    assert "nope.toml: file not found" in result.stderr


def test_bad_option_on_the_command_line_exits_2(tmp_path):
    result = signage("encode", "--address", "XYZ", "x", cwd=tmp_path)
    assert result.returncode == 2
    assert "--address" in result.stderr


def test_run_without_a_subcommand_reads_the_config_given_first(write_config):
    result = signage("--config", str(write_config("[sign]\nparity = 'X'\n")))
    assert result.returncode == 2
    assert "[sign] parity" in result.stderr


def test_simulate_prints_its_port_and_what_the_board_shows(write_config, tmp_path):
    url = f"sqlite:///{tmp_path / 'sim.db'}"
    config = write_config(f'[store]\nurl = "{url}"\n')
    process = subprocess.Popen(
        [sys.executable, "-m", "signage", "simulate", "--config", str(config)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        first = process.stdout.readline()
        assert first.startswith("Simulated board on /dev/"), first + process.stderr.read()
        port = first.split()[-1]
        result = signage("send", "--port", port, "Xin chào", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        deadline = time.monotonic() + 10
        lines = []
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            lines.append(line)
            if line.startswith("Board shows: Xin chao"):
                break
        assert lines[-1].startswith("Board shows: Xin chao"), lines
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
    assert process.returncode == 0
    store = Store.open(url)
    try:
        assert store.get_board_view().texts == ["Xin chao"]
    finally:
        store.close()


def test_run_keeps_a_simulated_board_in_step_with_the_store(write_config, tmp_path):
    url = f"sqlite:///{tmp_path / 'run.db'}"
    store = Store.open(url)
    store.add_sign_message("Biết nghe dân nói")
    always = '[sign]\noffice_days = "1-7"\noffice_hours = "00:00-23:59"\n'
    ascii_board = 'simulated_board = "configured"\n'
    config = write_config(f'[store]\nurl = "{url}"\n' + always + ascii_board)
    process = subprocess.Popen(
        [sys.executable, "-m", "signage", "--config", str(config)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        first = process.stdout.readline()
        assert first.startswith("Sign service running (simulated board on /dev/"), first
        wait_for(
            lambda: store.get_board_view().texts == ["Biet nghe dan noi"],
            10,
            "the board to show the message",
            every=0.05,
        )
        # The board shows the bytes a moment before the service records that it wrote them.
        wait_for(
            lambda: store.get_sign_status("simulated").connected,
            10,
            "the service to report the write",
            every=0.05,
        )
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
        store.close()
    assert process.returncode == 0
    assert "Simulated board shows: Biet nghe dan noi" in process.stderr.read()


def test_encode_takes_label_position_mode_colour_and_speed(tmp_path):
    options = "--label C --position top --mode hold --color amber --speed 5".split()
    result = signage("encode", *options, "Giờ", "làm", "việc", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text_frame = bytes.fromhex(result.stdout.splitlines()[1].replace(" ", ""))
    assert b"AC\x1b\x22b\x1c3\x19Gio lam viec\x03" in text_frame


def test_encode_with_a_bad_colour_exits_2_naming_it(tmp_path):
    result = signage("encode", "--color", "purple", "x", cwd=tmp_path)
    assert result.returncode == 2
    assert "colour" in result.stderr and "purple" in result.stderr


def test_encode_of_an_urgent_notice_writes_the_priority_file(tmp_path):
    result = signage("encode", "--label", "0", "KHẨN", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert bytes.fromhex(result.stdout.splitlines()[-1].replace(" ", "")).find(b"A0\x1b a") > 0


def test_send_with_style_reaches_the_board_with_that_style(board, tmp_path):
    result = signage(
        "send", "--port", board.port, "--mode", "flash", "--color", "green", "Biết", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert board.wait_until(lambda b: b.showing() == ["Biet"], timeout=2)
    [item] = board.snapshot().items
    assert (item.mode, item.colour, item.speed) == ("flash", "green", None)


def test_send_p10_bitmap_to_a_simulated_p10_board_waits_for_its_acks(tmp_path):
    from signage.items import BoardProfile
    from signage.render import render_text
    from signage.simulator import PtyBoard

    profile = BoardProfile(rows=16, columns=96, colours=1, text_mode="bitmap")
    with PtyBoard(protocol="p10", board=profile, poll_seconds=0.02) as p10_board:
        line = "--protocol p10 --rows 16 --columns 96 --text-mode bitmap --bytesize 8 --parity N"
        result = signage("send", "--port", p10_board.port, *line.split(), "5 biết", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "Sent to" in result.stdout and "5 biết" in result.stdout
        [item] = p10_board.snapshot().items
        assert item.pixels == render_text("5 biết", 16)


def test_label_is_refused_for_a_protocol_without_labels(tmp_path):
    result = signage("encode", "--protocol", "p10", "--label", "B", "x", cwd=tmp_path)
    assert result.returncode == 2
    assert "--label" in result.stderr


def test_simulate_a_p10_board_over_tcp_and_send_to_it(write_config, tmp_path):
    url = f"sqlite:///{tmp_path / 'sim.db'}"
    config = write_config(f'[store]\nurl = "{url}"\n')
    process = subprocess.Popen(
        [sys.executable, "-m", "signage", "simulate", "--config", str(config)]
        + ["--protocol", "p10", "--tcp", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        first = process.stdout.readline()
        assert first.startswith("Simulated board on socket://127.0.0.1:"), first
        port = first.split()[-1]
        line = ["--protocol", "p10", "--bytesize", "8", "--parity", "N"]
        result = signage("send", "--port", port, *line, "Xin chào", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        deadline = time.monotonic() + 10
        lines = []
        while time.monotonic() < deadline:
            lines.append(process.stdout.readline())
            if lines[-1].startswith("Board shows: Xin chao"):
                break
        assert lines[-1].startswith("Board shows: Xin chao"), lines
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
    assert process.returncode == 0
