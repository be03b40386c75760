"""The store's connection handling, shared by its areas (visits, officials, sign, users...)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from lobby.store import db
from lobby.store.models import Meta


class StoreError(Exception):
    """The store could not be read or written (disk full, database down, file locked...)."""


class BaseStore:
    """Owns the engine and hands out sessions; areas of the store are mixed into ``Store``."""

    def __init__(self, engine: Engine, tz_name: str = "Asia/Ho_Chi_Minh") -> None:
        self.engine = engine
        self.tz_name = tz_name
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str, tz_name: str = "Asia/Ho_Chi_Minh", migrate: bool = True):
        """Connect to the database at ``url`` and, unless told not to, apply pending migrations."""
        try:
            engine = db.make_engine(url)
            if migrate:
                db.upgrade(engine)
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(f"cannot open the store at {url}: {exc}") from exc
        return cls(engine, tz_name)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """Yield a session that commits on success, rolls back on error (raised as StoreError)."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except SQLAlchemyError as exc:
            session.rollback()
            raise StoreError(str(exc)) from exc
        finally:
            session.close()

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()

    def get_meta(self, key: str) -> str | None:
        """Return a stored fact by key, or None."""
        with self.session() as s:
            row = s.get(Meta, key)
            return row.value if row else None

    def set_meta(self, key: str, value: str) -> None:
        """Store a fact by key, replacing any previous value."""
        with self.session() as s:
            s.merge(Meta(key=key, value=value))

    def device_id(self) -> str:
        """Return this store's kiosk device id, generating and keeping one on first use."""
        existing = self.get_meta("device_id")
        if existing:
            return existing
        new = f"kiosk-{uuid.uuid4()}"
        with self.session() as s:
            if s.scalar(select(Meta).where(Meta.key == "device_id")) is None:
                s.add(Meta(key="device_id", value=new))
        return self.get_meta("device_id") or new
