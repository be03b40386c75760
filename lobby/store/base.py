"""The store's connection handling, shared by its areas (visits, officials, sign, users...)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import Connection, Engine, delete
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from lobby.store import db
from lobby.store.models import Meta

# Meta key of the kiosk id that earlier versions shared between every kiosk of the store.
SHARED_DEVICE_ID_KEY = "device_id"


class StoreError(Exception):
    """The store could not be read or written (disk full, database down, file locked...)."""


class BaseStore:
    """Owns the engine and hands out sessions; areas of the store are mixed into ``Store``."""

    def __init__(self, engine: Engine, tz_name: str = "Asia/Ho_Chi_Minh") -> None:
        self.engine = engine
        self.tz_name = tz_name
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # The session of the unit of work open in this thread (or task), which store calls join.
        self._unit: ContextVar[Session | None] = ContextVar(f"store-unit-{id(self)}", default=None)

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
        """Yield a session that commits on success, rolls back on error (raised as StoreError).

        Inside ``unit_of_work`` the session is the unit's: the call's changes are kept for the
        unit's commit, and a failing call undoes only its own changes (a savepoint).
        """
        unit = self._unit.get()
        if unit is not None:
            try:
                with unit.begin_nested():
                    yield unit
            except SQLAlchemyError as exc:
                raise StoreError(str(exc)) from exc
            return
        session = self._sessions()
        try:
            yield session
            session.commit()
        except SQLAlchemyError as exc:
            session.rollback()
            raise StoreError(str(exc)) from exc
        finally:
            session.close()

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """Like ``session`` for Core statements: yield a connection in a transaction (for the
        vote path, which an ORM session would slow down)."""
        if self._unit.get() is not None:
            with self.session() as session:
                yield session.connection()
            return
        try:
            with self.engine.begin() as connection:
                yield connection
        except SQLAlchemyError as exc:
            raise StoreError(str(exc)) from exc

    @contextmanager
    def unit_of_work(self) -> Iterator[None]:
        """Make every store call in the block one transaction: all its changes are committed at
        the end of the block, or none of them if the block raises (StoreError for the store's
        own failures). A unit opened inside another joins it."""
        if self._unit.get() is not None:
            yield
            return
        session = self._sessions()
        token = self._unit.set(session)
        try:
            if self.engine.dialect.name == "sqlite":
                # The driver would start the transaction only at the first write, so savepoints
                # taken before it would commit on release; IMMEDIATE also takes the write lock
                # now, so the unit's reads and writes see one state of the store.
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
            yield
            session.commit()
        except SQLAlchemyError as exc:
            session.rollback()
            raise StoreError(str(exc)) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            self._unit.reset(token)
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

    def take_shared_device_id(self) -> str | None:
        """Hand the one kiosk id that earlier versions kept in the store for every kiosk to the
        first kiosk that asks, and forget it: None to every later caller (and when there is
        none). One statement decides, so of two kiosks asking at once exactly one gets it."""
        with self.connection() as connection:
            taken = connection.execute(
                delete(Meta).where(Meta.key == SHARED_DEVICE_ID_KEY).returning(Meta.value)
            ).scalar()
        return taken or None
