"""Public information (niêm yết công khai) read from a TOML file: rules, procedures, contacts."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from lobby.settings import ConfigError
from lobby.vntext import nfc

KINDS = ("rule", "procedure", "contact", "hotline")
# The shipped sample; the store is seeded from it once (Store.seed_public_info) when it has none.
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "assets" / "public_info.toml"
_TEXT_FIELDS = ("body", "code", "url", "phone", "email")


@dataclass(frozen=True)
class PublicItem:
    """One piece of public information, in the order it is shown within its kind."""

    kind: str
    title: str
    body: str = ""
    code: str | None = None
    url: str | None = None
    phone: str | None = None
    email: str | None = None
    position: int = 0
    published: bool = True


def load_public_info(path: str | Path) -> list[PublicItem]:
    """Read ``[[items]]`` from a TOML file; ConfigError naming the file, item and field."""
    source = Path(path)
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{source}: public information file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{source}: cannot read: {exc}") from None
    tables = data.get("items", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ConfigError(f"{source}: items: expected a list of [[items]] tables")
    items = []
    for number, table in enumerate(tables, start=1):
        where = f"{source}: items #{number}"
        kind = table.get("kind")
        if kind not in KINDS:
            raise ConfigError(f"{where} kind: expected one of {', '.join(KINDS)}, got {kind!r}")
        title = table.get("title")
        if not isinstance(title, str) or not title.strip():
            raise ConfigError(f"{where} title: expected non-empty text, got {title!r}")
        fields = {}
        for name in _TEXT_FIELDS:
            value = table.get(name)
            if value is not None and not isinstance(value, str):
                raise ConfigError(f"{where} {name}: expected text, got {value!r}")
            fields[name] = nfc(value.strip()) if value and value.strip() else None
        published = table.get("published", True)
        if not isinstance(published, bool):
            raise ConfigError(f"{where} published: expected true or false, got {published!r}")
        items.append(
            PublicItem(
                kind=kind,
                title=nfc(title.strip()),
                body=fields.pop("body") or "",
                position=number,
                published=published,
                **fields,
            )
        )
    return items
