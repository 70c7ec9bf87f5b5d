"""SQLAlchemy ORM models. Only the storage package sees them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes stored as naive UTC; read back as aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use an aware one")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class DelegationRow(Base):
    __tablename__ = "delegations"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    names: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    acronyms: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    members: Mapped[list[str]] = mapped_column(JSON, default=list)
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)


class EventRow(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))
    series: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    venue_city: Mapped[str] = mapped_column(Text, default="")
    venue_country: Mapped[str] = mapped_column(String(2), default="")
    is_virtual: Mapped[bool] = mapped_column(Boolean, default=False)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    convener: Mapped[str] = mapped_column(Text, default="")
    general_objectives: Mapped[str] = mapped_column(Text, default="")
    specific_objectives: Mapped[list[str]] = mapped_column(JSON, default=list)
    participants_profile: Mapped[str] = mapped_column(Text, default="")
    desired_results: Mapped[str] = mapped_column(Text, default="")
    comments: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    notes: Mapped[list[NoteRow]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True
    )


class NoteRow(Base):
    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    template_id: Mapped[str] = mapped_column(String(64))
    template_version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(16), default="capturing")
    notetakers: Mapped[list[str]] = mapped_column(JSON, default=list)
    locked: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    merged_from: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    clock_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    clock_paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[EventRow] = relationship(back_populates="notes")
    items: Mapped[list[ItemRow]] = relationship(
        back_populates="note", cascade="all, delete-orphan", passive_deletes=True
    )


class ItemRow(Base):
    __tablename__ = "items"
    __table_args__ = (Index("ix_items_note_section", "note_id", "section", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"))
    section: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer, default=0)
    body: Mapped[str] = mapped_column(Text, default="[]")  # RichText JSON
    person: Mapped[str] = mapped_column(Text, default="")
    on_behalf_of: Mapped[str | None] = mapped_column(
        ForeignKey("delegations.code", ondelete="RESTRICT", onupdate="CASCADE")
    )
    provenance: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list, server_default="[]")
    spoken_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    author: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    modified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    note: Mapped[NoteRow] = relationship(back_populates="items")
    attributions: Mapped[list[ItemDelegationRow]] = relationship(
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ItemDelegationRow.position",
    )


class ItemDelegationRow(Base):
    __tablename__ = "item_delegations"
    __table_args__ = (UniqueConstraint("item_id", "delegation_code"),)

    item_id: Mapped[int] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    delegation_code: Mapped[str] = mapped_column(
        ForeignKey("delegations.code", ondelete="RESTRICT", onupdate="CASCADE"), index=True
    )


class AppStateRow(Base):
    """Small key/value facts about the session, such as the last note opened."""

    __tablename__ = "app_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OpenDecisionRow(Base):
    """A decision a merge left open in a merged note that was imported (its file's
    ``merge.open_decisions``), for the rapporteur to make later."""

    __tablename__ = "open_decisions"
    __table_args__ = (UniqueConstraint("note_id", "decision_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"), index=True)
    decision_id: Mapped[str] = mapped_column(String(64))  # the merge's stable id
    kind: Mapped[str] = mapped_column(String(16))  # duplicate, conflict, text
    section: Mapped[str] = mapped_column(String(64))
    members: Mapped[list[str]] = mapped_column(JSON, default=list)  # uids of the note's items it is about
    reason: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)  # order in the file
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ItemSourceRow(Base):
    """The exchange file an imported item was last read from (a name only, never a path)."""

    __tablename__ = "item_sources"

    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), primary_key=True)
    file: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
