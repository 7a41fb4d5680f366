"""The rollup tables: counts of reports by month, place, OPD and state, kept exact by the
triggers of data_layer/tally.py and never written by the app.

Imported by data_layer/models.py, so one metadata holds every table.
"""

from __future__ import annotations

from sqlalchemy import (
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from data_layer.model_base import Base


class ReportTally(Base):
    """Counts of non-confidential reports per local month of receipt and current state.

    Kept exact by database triggers on `report` (data_layer/tally.py), so the
    live status page answers its unfiltered questions from ~100k rows instead
    of scanning a million reports. Never written by application code.
    """

    __tablename__ = "report_tally"

    # The key: NOT NULL throughout, so the triggers' upserts always find their row.
    month: Mapped[str] = mapped_column(
        String(7), primary_key=True
    )  # 'YYYY-MM' received, local time
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), primary_key=True)
    channel: Mapped[str] = mapped_column(String(20), primary_key=True)
    category_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    opd_key: Mapped[int] = mapped_column(
        Integer, primary_key=True, autoincrement=False
    )  # opd_id or 0
    # The counts.
    reports: Mapped[int] = mapped_column(Integer)
    resolve_days_known: Mapped[int] = mapped_column(Integer)  # rows with resolve_working_days
    proofed: Mapped[int] = mapped_column(Integer, server_default="0")  # with an after photo


class ReportTallyTotal(Base):
    """`ReportTally` without the month: ~100 times fewer rows, for the figures over all time.

    Kept exact by the same triggers (data_layer/tally.py).
    """

    __tablename__ = "report_tally_total"

    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), primary_key=True)
    channel: Mapped[str] = mapped_column(String(20), primary_key=True)
    category_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    opd_key: Mapped[int] = mapped_column(
        Integer, primary_key=True, autoincrement=False
    )  # opd_id or 0
    reports: Mapped[int] = mapped_column(Integer)
    resolve_days_known: Mapped[int] = mapped_column(Integer)  # rows with resolve_working_days
    proofed: Mapped[int] = mapped_column(Integer, server_default="0")  # with an after photo


class ReportTallyPlace(Base):
    """Counts of non-confidential reports per local month, kelurahan, kind and current state.

    The place rollup: the map, the open-data table per kelurahan and any filter on
    a kecamatan or kelurahan read ~60k rows here instead of a million reports.
    Kept exact by the same triggers (data_layer/tally.py).
    """

    __tablename__ = "report_tally_place"

    month: Mapped[str] = mapped_column(
        String(7), primary_key=True
    )  # 'YYYY-MM' received, local time
    kelurahan_code: Mapped[str] = mapped_column(String(10), primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    reports: Mapped[int] = mapped_column(Integer)
    resolve_days_known: Mapped[int] = mapped_column(Integer)
    proofed: Mapped[int] = mapped_column(Integer)


class ReportTallyPlaceCategory(Base):
    """`ReportTallyPlace` by category instead of kind: the map and tables filtered on a category."""

    __tablename__ = "report_tally_place_category"

    category_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    kelurahan_code: Mapped[str] = mapped_column(String(10), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    reports: Mapped[int] = mapped_column(Integer)
    resolve_days_known: Mapped[int] = mapped_column(Integer)
    proofed: Mapped[int] = mapped_column(Integer)


# What each `report_tally_opd` row counts (see ReportTallyOpd).
OPD_TALLY_MEASURES = (
    "reports",
    "verify_met",
    "verify_done",
    "response_met",
    "response_done",
    "resolve_met",
    "resolve_done",
    "ever_resolved",
    "reopened",
    "proofed",
    "response_days_known",
    "resolve_days_known",
)


class ReportTallyOpd(Base):
    """Kinerja OPD's rollup: non-confidential reports per local month, responsible OPD,
    current state, kind, channel and category.

    Besides the count it holds what the scorecard sums: per SLA deadline the reports
    whose event happened (`*_done`, the deadline known) and those on time (`*_met`),
    reports ever resolved and of those reopened, reports with an after photo, and
    reports with a response / resolution time. Deadlines passed without the event are
    counted at read time (they change with the clock). Kept exact by the same triggers
    (data_layer/tally.py).
    """

    __tablename__ = "report_tally_opd"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    opd_key: Mapped[int] = mapped_column(
        Integer, primary_key=True, autoincrement=False
    )  # responsible_opd_id or 0
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), primary_key=True)
    channel: Mapped[str] = mapped_column(String(20), primary_key=True)
    category_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    reports: Mapped[int] = mapped_column(Integer)
    verify_met: Mapped[int] = mapped_column(Integer)
    verify_done: Mapped[int] = mapped_column(Integer)
    response_met: Mapped[int] = mapped_column(Integer)
    response_done: Mapped[int] = mapped_column(Integer)
    resolve_met: Mapped[int] = mapped_column(Integer)
    resolve_done: Mapped[int] = mapped_column(Integer)
    ever_resolved: Mapped[int] = mapped_column(Integer)
    reopened: Mapped[int] = mapped_column(Integer)
    proofed: Mapped[int] = mapped_column(Integer)
    response_days_known: Mapped[int] = mapped_column(Integer)
    resolve_days_known: Mapped[int] = mapped_column(Integer)


class ReportTallyOpdPlace(Base):
    """`ReportTallyOpd` by kelurahan instead of kind, channel and category: Kinerja OPD
    filtered on a kecamatan. Kept exact by the same triggers (data_layer/tally.py)."""

    __tablename__ = "report_tally_opd_place"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    kelurahan_code: Mapped[str] = mapped_column(String(10), primary_key=True)
    opd_key: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    reports: Mapped[int] = mapped_column(Integer)
    verify_met: Mapped[int] = mapped_column(Integer)
    verify_done: Mapped[int] = mapped_column(Integer)
    response_met: Mapped[int] = mapped_column(Integer)
    response_done: Mapped[int] = mapped_column(Integer)
    resolve_met: Mapped[int] = mapped_column(Integer)
    resolve_done: Mapped[int] = mapped_column(Integer)
    ever_resolved: Mapped[int] = mapped_column(Integer)
    reopened: Mapped[int] = mapped_column(Integer)
    proofed: Mapped[int] = mapped_column(Integer)
    response_days_known: Mapped[int] = mapped_column(Integer)
    resolve_days_known: Mapped[int] = mapped_column(Integer)


# The heat rollup's cell for a report without a point (never read as a cell).
UNLOCATED_CELL = -1_000_000


class ReportTallyHeat(Base):
    """Non-confidential reports per cell of the heat map's grid (their public point,
    `queries.public.public_cell`) and current state: the unfiltered heat layer reads
    some tens of thousands of rows instead of every located report. Reports without a
    point count in the UNLOCATED_CELL row. Kept exact by the same triggers.
    """

    __tablename__ = "report_tally_heat"

    cell_row: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    cell_col: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    reports: Mapped[int] = mapped_column(Integer)
