"""Public information shown on the kiosk: kept in the store, seeded once from assets/."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from lobby.public_info import KINDS, PublicItem, load_public_info
from lobby.store.models import PublicItem as PublicItemModel


class PublicInfoMixin:
    """Seeding and reading the public information."""

    def seed_public_info(self, path: str | Path) -> int:
        """Fill the public information from a TOML file if the store has none; return how many
        items were added (0 when some were already there: the office's edits are kept)."""
        items = load_public_info(path)
        with self.session() as s:
            if s.scalar(select(func.count()).select_from(PublicItemModel)):
                return 0
            s.add_all(
                PublicItemModel(
                    kind=i.kind,
                    title=i.title,
                    body=i.body,
                    code=i.code,
                    url=i.url,
                    phone=i.phone,
                    email=i.email,
                    position=i.position,
                    published=i.published,
                )
                for i in items
            )
        return len(items)

    def list_public_items(
        self, kind: str | None = None, published_only: bool = True
    ) -> list[PublicItem]:
        """Return the public information (of one kind when given) in display order."""
        if kind is not None and kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}; expected one of {KINDS}")
        query = select(PublicItemModel).order_by(PublicItemModel.position, PublicItemModel.id)
        if kind is not None:
            query = query.where(PublicItemModel.kind == kind)
        if published_only:
            query = query.where(PublicItemModel.published.is_(True))
        with self.session() as s:
            return [
                PublicItem(
                    p.kind,
                    p.title,
                    p.body,
                    p.code,
                    p.url,
                    p.phone,
                    p.email,
                    p.position,
                    p.published,
                )
                for p in s.scalars(query)
            ]
