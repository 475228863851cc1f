"""Where the web app keeps everything: reviews, uploaded files, chat turns, drafts and model answers.

SQLite by default, PostgreSQL by URL (SQLAlchemy), so a restart loses nothing and a shared
deployment can run several servers on one database. Review ids are 128-bit random tokens: they
cannot be guessed or enumerated, and every query is keyed by the id in the URL.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    create_engine,
    event,
    func,
    select,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from tools.errors import InputError

DEFAULT_SQLITE = Path("~/.local/share/fiscal-review/reviews.sqlite3")


class Base(DeclarativeBase):
    pass


class ReviewRow(Base):
    __tablename__ = "reviews"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    profile: Mapped[str] = mapped_column(String(255))
    report: Mapped[str] = mapped_column(Text)
    """The findings contract JSON, commentary included, exactly as GET /api/reviews/{id} serves it."""


class FileRow(Base):
    """The uploaded bytes, apart from the review row so listing reviews never loads them."""

    __tablename__ = "files"

    review_id: Mapped[str] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class TurnRow(Base):
    __tablename__ = "chat_turns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    review_id: Mapped[str] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    """agent.chat.ChatAnswer as JSON."""


class DraftRow(Base):
    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    review_id: Mapped[str] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    findings: Mapped[str] = mapped_column(Text)
    """JSON list of the finding ids asked for (empty: all problems)."""
    drafts: Mapped[str] = mapped_column(Text)
    """JSON list of tools.commentary.Draft."""
    info: Mapped[str] = mapped_column(Text)
    """tools.commentary.CommentaryInfo as JSON."""


class AnswerRow(Base):
    """Model answers by content-addressed key (agent.cache.cache_key)."""

    __tablename__ = "llm_cache"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    prompt: Mapped[str] = mapped_column(String(255))
    value: Mapped[str] = mapped_column(Text)


@dataclass(frozen=True)
class StoredReview:
    id: str
    created: datetime
    filename: str
    size: int
    sha256: str
    profile: str
    report: str


@dataclass(frozen=True)
class StoredTurn:
    question: str
    answer: str
    created: datetime


@dataclass(frozen=True)
class StoredDrafts:
    findings: list[str]
    drafts: str
    info: str
    created: datetime


def default_url() -> str:
    path = DEFAULT_SQLITE.expanduser()
    return f"sqlite:///{path}"


def _now() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    """128 random bits, URL-safe: unguessable, and never derived from the file or the time."""
    return secrets.token_urlsafe(16)


class Store:
    """All persistence of the web app; safe to share between threads."""

    def __init__(self, url: str | None = None) -> None:
        url = url or default_url()
        try:
            parsed = make_url(url)
        except ArgumentError:
            raise InputError(f"数据库地址无法识别：{url}（示例：sqlite:///reviews.sqlite3 或 postgresql+psycopg://用户@主机/库名）") from None
        self.url = parsed
        try:
            if parsed.get_backend_name() == "sqlite":
                if parsed.database and parsed.database != ":memory:":
                    Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
                engine = create_engine(parsed, connect_args={"check_same_thread": False, "timeout": 30})
                event.listen(engine, "connect", _sqlite_pragmas)
            else:
                engine = create_engine(parsed, pool_pre_ping=True)
            Base.metadata.create_all(engine)
        except ModuleNotFoundError as exc:
            raise InputError(f"连接数据库所需的驱动未安装（{exc.name}）；PostgreSQL 请安装 fiscal-review[postgres]") from None
        except ArgumentError:
            raise InputError(f"不支持的数据库类型：{parsed.drivername}（可用 sqlite 或 postgresql+psycopg）") from None
        except (SQLAlchemyError, OSError) as exc:
            raise InputError(f"无法打开数据库 {parsed.render_as_string(hide_password=True)}：{_first_line(exc)}") from None
        self.engine: Engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def describe(self) -> str:
        """The database for the log, without its password."""
        return self.url.render_as_string(hide_password=True)

    # ------------------------------------------------------------------ reviews

    def add_review(self, *, filename: str, content: bytes, sha256: str, profile: str, report: str) -> str:
        with self._sessions.begin() as s:
            while True:
                rid = new_id()
                if s.get(ReviewRow, rid) is None:
                    break
            s.add(
                ReviewRow(
                    id=rid, created=_now(), filename=filename, size=len(content), sha256=sha256, profile=profile, report=report
                )
            )
            s.flush()
            s.add(FileRow(review_id=rid, content=content))
        return rid

    def review(self, rid: str) -> StoredReview | None:
        with self._sessions() as s:
            row = s.get(ReviewRow, rid)
            return _stored(row) if row is not None else None

    def update_report(self, rid: str, report: str) -> None:
        with self._sessions.begin() as s:
            row = s.get(ReviewRow, rid)
            if row is not None:
                row.report = report

    def content(self, rid: str) -> bytes | None:
        with self._sessions() as s:
            row = s.get(FileRow, rid)
            return bytes(row.content) if row is not None else None

    def recent(self, limit: int = 50) -> list[StoredReview]:
        with self._sessions() as s:
            rows = s.scalars(select(ReviewRow).order_by(ReviewRow.created.desc()).limit(limit))
            return [_stored(r) for r in rows]

    def count(self) -> int:
        with self._sessions() as s:
            return int(s.scalar(select(func.count()).select_from(ReviewRow)) or 0)

    # ------------------------------------------------------------------ chat and drafts

    def add_turn(self, rid: str, question: str, answer: str) -> None:
        with self._sessions.begin() as s:
            s.add(TurnRow(review_id=rid, created=_now(), question=question, answer=answer))

    def turns(self, rid: str) -> list[StoredTurn]:
        with self._sessions() as s:
            rows = s.scalars(select(TurnRow).where(TurnRow.review_id == rid).order_by(TurnRow.id))
            return [StoredTurn(question=r.question, answer=r.answer, created=r.created) for r in rows]

    def add_drafts(self, rid: str, findings: list[str], drafts: str, info: str) -> None:
        with self._sessions.begin() as s:
            s.add(DraftRow(review_id=rid, created=_now(), findings=json.dumps(findings), drafts=drafts, info=info))

    def drafts(self, rid: str) -> list[StoredDrafts]:
        with self._sessions() as s:
            rows = s.scalars(select(DraftRow).where(DraftRow.review_id == rid).order_by(DraftRow.id))
            return [StoredDrafts(json.loads(r.findings), r.drafts, r.info, r.created) for r in rows]

    # ------------------------------------------------------------------ model answer cache

    def cache(self) -> DbCache:
        return DbCache(self)

    def close(self) -> None:
        self.engine.dispose()


class DbCache:
    """agent.cache.Cache's interface over the store's database, so a shared server shares answers."""

    def __init__(self, store: Store) -> None:
        self._sessions = store._sessions

    def get(self, key: str) -> dict | None:
        with self._sessions() as s:
            row = s.get(AnswerRow, key)
            return json.loads(row.value) if row is not None else None

    def put(self, key: str, prompt: str, value: dict) -> None:
        data = json.dumps(value, ensure_ascii=False, sort_keys=True)
        try:
            with self._sessions.begin() as s:
                row = s.get(AnswerRow, key)
                if row is None:
                    s.add(AnswerRow(key=key, prompt=prompt, value=data))
                else:
                    row.value = data
        except IntegrityError:  # another server stored the same answer first
            pass

    def __len__(self) -> int:
        with self._sessions() as s:
            return int(s.scalar(select(func.count()).select_from(AnswerRow)) or 0)


def _stored(row: ReviewRow) -> StoredReview:
    created = row.created if row.created.tzinfo else row.created.replace(tzinfo=UTC)
    return StoredReview(row.id, created, row.filename, row.size, row.sha256, row.profile, row.report)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cur = dbapi_connection.cursor()
    # WAL lets readers go on while an upload is written; foreign keys make deletes cascade.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _first_line(exc: BaseException) -> str:
    return str(getattr(exc, "orig", None) or exc).strip().splitlines()[0][:200]
