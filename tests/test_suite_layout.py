"""The test suite's own layout: helpers shared by several test modules live in a conftest.py or
a helper module, never in a test module that others import, and polling has one owner."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
# Polling with a deadline lives in tests/helpers_wait.py only.
POLLING_NAMES = {"wait_for", "wait_until", "eventually"}


def modules() -> list[tuple[Path, ast.Module]]:
    """Return every Python file of the suite with its syntax tree."""
    return [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in TESTS.rglob("*.py")]


def test_no_test_module_or_conftest_is_imported():
    found = []
    for path, tree in modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                last = node.module.rsplit(".", 1)[-1]
                if last.startswith("test_") or last == "conftest":
                    found.append(f"{path.relative_to(TESTS)}:{node.lineno} {node.module}")
    assert found == []


def test_polling_helpers_are_not_copied():
    copies = [
        f"{path.relative_to(TESTS)}:{node.lineno} {node.name}"
        for path, tree in modules()
        if path.name != "helpers_wait.py"
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name in POLLING_NAMES
    ]
    assert copies == []
