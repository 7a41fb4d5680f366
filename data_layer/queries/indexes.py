"""Which index SQLite reads reports through, where its planner would pick a worse one.

SQLite's planner weighs an index by the equality columns it can use and often
prefers a narrow index on `status` (then a sort, or a million table lookups)
over a wide covering index that answers the whole query in order. These hints
name the covering index for the queries measured to go wrong
(`make bench-pages`); PostgreSQL ignores them and plans for itself.
"""

from __future__ import annotations

from sqlalchemy.sql import Select

from data_layer.models import Report

# Resolution times in order, every filtered column included (medians by offset).
RESOLVE_DAYS = "ix_report_resolve_days"
# Reports received in a period (the edge days of the rollups).
RECEIVED = "ix_report_received_cover"
# Open reports by due moment ("overdue now").
OVERDUE = "ix_report_overdue"
# One kelurahan's resolution times in order (the map's medians).
KELURAHAN_DAYS = "ix_report_kelurahan_status"
# Located reports (heat map and clusters).
LOCATION = "ix_report_location"
# One responsible OPD's reports of a period, durations included (Kinerja OPD).
RESPONSIBLE = "ix_report_responsible"
# One responsible OPD's durations in order, every filtered column too (its medians
# over a long period are index walks: Kinerja OPD's page per OPD).
RESPONSIBLE_RESPONSE_DAYS = "ix_report_responsible_response_days"
RESPONSIBLE_RESOLVE_DAYS = "ix_report_responsible_resolve_days"
# One responsible OPD's reports still in progress, by resolution due moment (overdue list).
RESPONSIBLE_OVERDUE = "ix_report_responsible_overdue"
# Resolved reports newest first (the before-and-after gallery).
GALLERY = "ix_report_gallery"


def through(query: Select, index: str) -> Select:
    """`query` reading the report table through `index` on SQLite."""
    return query.with_hint(Report, f"INDEXED BY {index}", "sqlite")
