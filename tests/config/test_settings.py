"""A broken config.toml gets a message naming the file, the key and what was expected."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from lobby.settings import ConfigError, all_settings, load_settings
from signage.transport import check_port

ROOT = Path(__file__).resolve().parents[2]


def error_for(write_config, text: str) -> str:
    path = write_config(text)
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    message = str(caught.value)
    assert str(path) in message
    return message


def test_toml_syntax_error_names_the_line(write_config):
    message = error_for(write_config, '[sign]\nport = "/dev/ttyUSB0"\nbaudrate = = 9600\n')
    assert "line 3" in message and "syntax" in message


def test_unknown_key_is_named_with_the_known_ones(write_config):
    message = error_for(write_config, "[sign]\nbaud = 9600\n")
    assert "[sign] baud" in message and "baudrate" in message


def test_unknown_section_is_named(write_config):
    assert "[signs]" in error_for(write_config, "[signs]\nport = ''\n")


def test_wrong_type_says_what_was_expected(write_config):
    message = error_for(write_config, '[admin]\nport = "8080"\n')
    assert "[admin] port" in message and "whole number" in message


def test_value_out_of_range_says_the_range(write_config):
    message = error_for(write_config, "[admin]\nport = 70000\n")
    assert "[admin] port" in message and "1 to 65535" in message


def test_value_not_among_choices_lists_them(write_config):
    message = error_for(write_config, "[sign]\nbytesize = 6\n")
    assert "[sign] bytesize" in message and "7" in message and "8" in message


def test_port_that_does_not_parse_is_refused(write_config):
    message = error_for(write_config, '[sign]\nport = "socket://sign-host"\n')
    assert "[sign] port" in message and "host:port" in message


def test_nested_protocol_option_is_checked(write_config):
    message = error_for(write_config, '[sign.alpha]\naddress = "100"\n')
    assert "[sign.alpha] address" in message


def test_missing_file_is_named(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "absent.toml")


@pytest.mark.parametrize(
    "port",
    [
        "",
        "/dev/ttyUSB0",
        "/dev/serial/by-id/usb-FTDI-if00",
        "COM3",
        "loop://",
        "socket://192.0.2.10:10001",
        "rfc2217://localhost:7000",
        "spy:///dev/ttyS0",
    ],
)
def test_ports_that_pyserial_opens_are_accepted(port):
    assert check_port(port) is None


@pytest.mark.parametrize(
    "port", ["ttyUSB0", "socket://host", "socket://host:99999", "nosuch://x", "spy://", "COM0"]
)
def test_ports_that_do_not_parse_are_refused(port):
    assert check_port(port) is not None


def test_shipped_config_documents_every_key_with_its_default():
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    lines = text.splitlines()
    for setting in all_settings():
        table = data
        for part in setting.section.split("."):
            table = table[part]
        assert table[setting.key] == setting.default, setting.dotted
        heading = lines.index(f"[{setting.section}]")
        key_line = next(
            i for i in range(heading + 1, len(lines)) if re.match(rf"{setting.key}\s*=", lines[i])
        )
        assert lines[key_line - 1].startswith("#") or lines[key_line - 2].startswith("#"), (
            f"{setting.dotted} has no comment above it in config.toml"
        )


def test_relative_sqlite_path_is_relative_to_the_config_file(write_config, tmp_path):
    settings = load_settings(write_config('[store]\nurl = "sqlite:///var/x.db"\n'))
    assert settings.store_url == f"sqlite:///{tmp_path / 'var' / 'x.db'}"
