"""What a site and the central server say to each other: paths, bodies and the visit's form.

A visit travels as its journal line (``VisitRecord.to_json``) plus what the site's store decided
when it wrote the visit: its office day and its two repeat flags, so the central server counts it
exactly as the site did. Bodies are JSON, gzip-compressed on the way up.
"""

from __future__ import annotations

import gzip
import json
import zlib
from dataclasses import fields
from datetime import UTC, date, datetime
from typing import Any

from lobby.visit_record import AnswerRecord, VisitRecord

API_PREFIX = "/api/central/v1"
PUSH_PATH = f"{API_PREFIX}/push"
PULL_PATH = f"{API_PREFIX}/pull"
PHOTO_PATH = f"{API_PREFIX}/photo"
FILE_PATH = f"{API_PREFIX}/file"
# Fields a visit carries besides its VisitRecord.
SITE_FIELDS = ("local_day", "is_repeat", "dossier_repeat")
_ANSWER_FIELDS = tuple(f.name for f in fields(AnswerRecord))
# Largest body a push may decompress to (a batch of letters with their DOCX files).
MAX_BODY_BYTES = 256 * 1024 * 1024


class WireError(ValueError):
    """A body or a field that is not what the protocol says."""


def iso(moment: datetime | None) -> str | None:
    """Return an aware moment as ISO 8601 in UTC (None stays None)."""
    return None if moment is None else moment.astimezone(UTC).isoformat()


def parse_moment(text: Any, what: str = "time") -> datetime:
    """Return the aware UTC moment of an ISO 8601 text (WireError if it is not one)."""
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError) as exc:
        raise WireError(f"{what}: not an ISO 8601 time: {text!r}") from exc
    if moment.tzinfo is None:
        raise WireError(f"{what}: a time without its zone: {text!r}")
    return moment.astimezone(UTC)


def optional_moment(text: Any, what: str = "time") -> datetime | None:
    """Like ``parse_moment``, with None and "" read as no time."""
    return None if text in (None, "") else parse_moment(text, what)


def visit_to_wire(record: VisitRecord, local_day: date, is_repeat: bool, dossier_repeat: bool):
    """Return the dict a push carries for one visit: the fields ``VisitRecord.to_json`` writes
    (built directly: a batch of 500 through dataclasses.asdict costs a third of a second)."""
    data: dict[str, Any] = {f.name: getattr(record, f.name) for f in fields(VisitRecord)}
    data["created_at"] = iso(record.created_at)
    data["answers"] = [{name: getattr(a, name) for name in _ANSWER_FIELDS} for a in record.answers]
    data["reasons"] = list(record.reasons)
    data.update(
        local_day=local_day.isoformat(),
        is_repeat=bool(is_repeat),
        dossier_repeat=bool(dossier_repeat),
    )
    return data


def visit_from_wire(data: Any) -> tuple[VisitRecord, dict[str, Any]]:
    """Return the VisitRecord of a pushed visit and its site fields (WireError if malformed)."""
    if not isinstance(data, dict):
        raise WireError("a visit must be a JSON object")
    body = {k: v for k, v in data.items() if k not in SITE_FIELDS}
    try:
        record = VisitRecord.from_json(json.dumps(body))
        fields = {
            "local_day": date.fromisoformat(data["local_day"]),
            "is_repeat": bool(data.get("is_repeat", False)),
            "dossier_repeat": bool(data.get("dossier_repeat", False)),
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise WireError(f"visit {data.get('id')!r}: {exc}") from exc
    return record, fields


def encode_body(payload: Any, compress: bool = True) -> bytes:
    """Return a payload as UTF-8 JSON, gzip-compressed when ``compress``."""
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return gzip.compress(raw, compresslevel=5) if compress else raw


def decode_body(raw: bytes, content_encoding: str | None, limit: int = MAX_BODY_BYTES) -> Any:
    """Return the JSON of a request body, gunzipped first when its encoding says gzip."""
    if (content_encoding or "").strip().lower() == "gzip":
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        try:
            raw = inflater.decompress(raw, limit)
        except zlib.error as exc:
            raise WireError(f"not gzip data: {exc}") from exc
        if inflater.unconsumed_tail:
            raise WireError(f"the body is larger than {limit} bytes once decompressed")
    elif content_encoding not in (None, "", "identity"):
        raise WireError(f"unknown Content-Encoding {content_encoding!r}")
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WireError(f"not JSON: {exc}") from exc


def letter_key(letter: dict[str, Any]) -> tuple[str, int, int]:
    """Return the (kind, year, number) that names an issued letter on the wire."""
    try:
        return str(letter["kind"]), int(letter["year"]), int(letter["number"])
    except (KeyError, TypeError, ValueError) as exc:
        raise WireError(f"a letter without its kind, year and number: {exc}") from exc
