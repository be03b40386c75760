"""Protocols as plug-ins: each module has the whole interface; its options reach config.toml."""

from __future__ import annotations

import inspect
from datetime import datetime
from pathlib import Path

import pytest

from lobby.settings import ConfigError, all_settings, load_settings, settings_from_dict
from signage.items import BoardProfile, SignItem
from signage.preview import preview
from signage.protocols import PROTOCOLS, SignPlan, WireTiming, get_protocol, protocol_options

ROOT_CONFIG = Path(__file__).resolve().parents[2] / "config.toml"


@pytest.mark.parametrize("name", sorted(PROTOCOLS))
def test_every_protocol_module_has_the_whole_interface(name):
    module = get_protocol(name)
    assert module.NAME == name
    assert isinstance(module.TIMING, WireTiming)
    assert isinstance(module.needs_reply, bool)
    for function in ("encode", "clock_frames", "display_text", "unsupported_chars", "reply_ok"):
        assert inspect.getdoc(getattr(module, function)), function
    for option in module.OPTIONS:
        assert option.help and option.check(option.default) is None
    board = BoardProfile(rows=16, columns=96, colours=1)
    plan = module.encode([SignItem("Xin chào")], board)
    assert isinstance(plan, SignPlan) and plan.frames and plan.config_key
    assert isinstance(module.clock_frames(datetime(2026, 1, 2, 3, 4)), list)
    assert preview(plan, name, board).texts == ["Xin chao"]


def test_protocol_options_are_registered_under_their_own_section():
    keys = {(s.section, s.key) for s in all_settings()}
    for name, module in PROTOCOLS.items():
        for option in module.OPTIONS:
            assert option.section == f"sign.{name}"
            assert (option.section, option.key) in keys


def test_protocol_name_is_checked_against_the_registry(write_config):
    with pytest.raises(ConfigError) as caught:
        load_settings(write_config('[sign]\nprotocol = "onbon"\n'))
    message = str(caught.value)
    assert "[sign] protocol" in message and "'alpha'" in message and "'p10'" in message


def test_a_bad_p10_option_names_file_key_and_expectation(write_config):
    path = write_config("[sign.p10]\nbrightness = 300\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    message = str(caught.value)
    assert str(path) in message and "[sign.p10] brightness" in message and "0 to 100" in message


def test_protocol_options_come_from_the_settings():
    settings = settings_from_dict({"sign": {"p10": {"brightness": 30}, "alpha": {"address": "0A"}}})
    assert protocol_options(settings, "p10") == {"memory_bytes": 16384, "brightness": 30}
    assert protocol_options(settings, "alpha")["address"] == "0A"


def test_board_profile_keys_default_to_todays_board():
    sign = settings_from_dict({}).sign
    assert (sign.rows, sign.columns, sign.text_mode) == (7, 80, "ascii")


def test_the_repository_config_documents_every_protocol_key():
    settings = load_settings(ROOT_CONFIG)
    assert settings.sign.p10.brightness == 80
    text = open(ROOT_CONFIG, encoding="utf-8").read()
    assert "[sign.p10]" in text


def test_unknown_protocol_is_a_clear_error():
    with pytest.raises(KeyError, match="alpha"):
        get_protocol("onbon")
