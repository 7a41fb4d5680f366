"""Strings of the tables under the charts (ui/chart_table.py)."""

STRINGS = {
    "chart.data": {"id": "Data grafik: {title}", "en": "Chart data: {title}"},
    "chart.value": {"id": "Laporan", "en": "Reports"},
}
