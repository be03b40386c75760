"""What a new store starts with: the plan's sign messages and the sample public information.

Migration 0010 marks a store being created (``meta`` key ``seed_defaults`` = ``pending``); the
first entry point to open it (kiosk, admin web, sign service) calls ``seed_new_store``, which
claims the mark and adds, in the same transaction, the "5 biết" and "3 thể hiện" as ordinary sign
messages and the public information of assets/public_info.toml, each only if the store has none
of its kind yet. The mark then says ``done``: what an editor deletes afterwards never comes back,
and a store upgraded from an older version (never marked) gets nothing.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import func, select, update

from lobby import clock
from lobby.public_info import DEFAULT_PATH, PublicItem, load_public_info
from lobby.settings import ConfigError
from lobby.slogans import sign_texts
from lobby.store.models import Meta, PublicItemModel, SignMessage
from lobby.store.public import public_item_models
from lobby.store.sign import ALL_DAYS
from lobby.vntext import clean_sign_text

log = logging.getLogger(__name__)

SEED_KEY = "seed_defaults"
PENDING = "pending"
DONE = "done"


def _sample_public_info(path: Path) -> list[PublicItem]:
    try:
        return load_public_info(path)
    except ConfigError as exc:
        log.warning("Chưa nạp được thông tin công khai mẫu: %s", exc)
        return []


def _sign_messages(now) -> list[SignMessage]:
    return [
        SignMessage(
            text=clean_sign_text(text),
            enabled=True,
            position=position,
            weekdays=ALL_DAYS,
            mode="rotate",
            created_at=now,
            updated_at=now,
        )
        for position, text in enumerate(sign_texts(), start=1)
    ]


def seed_new_store(store, public_info: Path | None = DEFAULT_PATH) -> bool:
    """Fill a store marked new with the plan's sign messages and the sample public information
    (none when ``public_info`` is None), once; return whether this call did it (False for a
    store seeded before or never marked)."""
    items = _sample_public_info(public_info) if public_info is not None else []
    with store.session() as s:
        # Claiming the mark takes the write lock: of two processes opening a new store at once,
        # one seeds and the other finds the mark already done.
        claimed = s.execute(
            update(Meta)
            .where(Meta.key == SEED_KEY, Meta.value == PENDING)
            .values(value=DONE)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not claimed:
            return False
        messages = public = 0
        if not s.scalar(select(func.count()).select_from(SignMessage)):
            rows = _sign_messages(clock.utcnow())
            s.add_all(rows)
            messages = len(rows)
        if not s.scalar(select(func.count()).select_from(PublicItemModel)):
            s.add_all(public_item_models(items))
            public = len(items)
    log.info(
        "Kho dữ liệu mới: đã thêm %d thông điệp bảng chạy chữ và %d mục thông tin công khai mẫu.",
        messages,
        public,
    )
    return True
