"""Survey versions: each distinct text of a survey definition is kept, numbered per survey key.

A version saved in the admin's survey editor starts with the line ``# survey-editor: NAME``
(``EDITOR_MARK``): the kiosk's survey file then does not take over again at the kiosk's next
start unless the file itself changed (see ``ensure_survey_version``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lobby import clock
from lobby.store.base import StoreError
from lobby.store.models import SurveyVersion
from lobby.vntext import nfc

EDITOR_MARK = "# survey-editor: "


@dataclass(frozen=True)
class SurveyVersionRow:
    """One stored version of a survey: its key, number, TOML source and when it was added."""

    key: str
    version: int
    source: str
    created_at: datetime

    @property
    def editor(self) -> str | None:
        """Return who saved this version in the admin's survey editor (None: from a file)."""
        first = self.source.split("\n", 1)[0]
        if not first.startswith(EDITOR_MARK):
            return None
        return first[len(EDITOR_MARK) :].strip() or None


def _row(v: SurveyVersion) -> SurveyVersionRow:
    return SurveyVersionRow(v.survey_key, v.version, v.source, v.created_at)


class SurveysMixin:
    """Keeping survey definitions as numbered versions."""

    def ensure_survey_version(self, survey_key: str, source_text: str) -> int:
        """Return the version number of this text, adding a new version only if it differs
        from the latest one of ``survey_key``; when the latest was saved in the admin's survey
        editor, a text already kept as an earlier version gives that version (not a new one)."""
        source = nfc(source_text)
        for _attempt in range(3):
            latest = self.latest_survey_version(survey_key)
            if latest is not None and latest.source == source:
                return latest.version
            if latest is not None and latest.editor is not None:
                # Edited in the admin since: the file (unchanged) does not take over again.
                known = self._version_with_source(survey_key, source)
                if known is not None:
                    return known
            number = (latest.version if latest else 0) + 1
            if self._insert_version(survey_key, number, source):
                return number
            # Another kiosk added this number at the same moment: look again.
        raise StoreError(f"could not add a version of survey {survey_key!r}")

    def add_survey_version(self, survey_key: str, source_text: str, editor: str) -> int:
        """Add ``source_text`` as the next version of ``survey_key``, saved by ``editor`` in the
        admin's survey editor; return its number."""
        name = " ".join(nfc(editor).split()) or "?"
        source = EDITOR_MARK + name + "\n" + nfc(source_text)
        for _attempt in range(3):
            latest = self.latest_survey_version(survey_key)
            number = (latest.version if latest else 0) + 1
            if self._insert_version(survey_key, number, source):
                return number
        raise StoreError(f"could not add a version of survey {survey_key!r}")

    def _insert_version(self, survey_key: str, number: int, source: str) -> bool:
        """Store version ``number``; False when another writer took that number first."""
        try:
            with self.session() as s:
                s.add(
                    SurveyVersion(
                        survey_key=survey_key,
                        version=number,
                        source=source,
                        created_at=clock.utcnow(),
                    )
                )
        except StoreError as exc:
            if not isinstance(exc.__cause__, IntegrityError):
                raise
            return False
        return True

    def _version_with_source(self, survey_key: str, source: str) -> int | None:
        query = select(SurveyVersion.version).where(
            SurveyVersion.survey_key == survey_key, SurveyVersion.source == source
        )
        with self.session() as s:
            return s.scalar(query.order_by(SurveyVersion.version.desc()).limit(1))

    def list_survey_versions(self, survey_key: str) -> list[SurveyVersionRow]:
        """Return every version of ``survey_key``, newest first."""
        query = select(SurveyVersion).where(SurveyVersion.survey_key == survey_key)
        with self.session() as s:
            return [_row(v) for v in s.scalars(query.order_by(SurveyVersion.version.desc()))]

    def latest_survey_version(self, survey_key: str | None = None) -> SurveyVersionRow | None:
        """Return the newest version of ``survey_key`` (of any survey when None), or None."""
        query = select(SurveyVersion).order_by(
            SurveyVersion.created_at.desc(), SurveyVersion.id.desc()
        )
        if survey_key is not None:
            query = select(SurveyVersion).where(SurveyVersion.survey_key == survey_key)
            query = query.order_by(SurveyVersion.version.desc())
        with self.session() as s:
            found = s.scalars(query.limit(1)).first()
            return _row(found) if found else None

    def survey_version(self, survey_key: str, version: int) -> SurveyVersionRow | None:
        """Return one version of a survey, or None."""
        query = select(SurveyVersion).where(
            SurveyVersion.survey_key == survey_key, SurveyVersion.version == version
        )
        with self.session() as s:
            found = s.scalar(query)
            return _row(found) if found else None
