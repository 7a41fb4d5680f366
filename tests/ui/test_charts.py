"""Status colours: one per status, the same on badges and charts, and readable."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from streamlit.testing.v1 import AppTest

from data_layer.queries.public import ReportFilter
from data_layer.queries.status import every_month
from data_layer.states import Status
from ui import charts


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def test_every_status_has_a_colour_from_the_theme():
    assert set(charts.STATUS_COLOUR_NAMES) == set(Status)
    for status in Status:
        assert charts.status_colour(status).startswith("#"), status


def test_selesai_and_ditutup_look_different_on_the_status_chart():
    figure = charts.status_breakdown(
        (("selesai", 10), ("ditutup", 5), ("diproses", 3)), "id", "Status"
    )
    colours = dict(zip(figure.data[0].y, figure.data[0].marker.color, strict=True))
    selesai, ditutup = _rgb(colours["Selesai"]), _rgb(colours["Ditutup"])
    distance = sum((a - b) ** 2 for a, b in zip(selesai, ditutup, strict=True)) ** 0.5
    assert distance > 100, (colours["Selesai"], colours["Ditutup"])


def test_statuses_sharing_a_colour_are_told_apart_by_a_hatch():
    figure = charts.status_breakdown((("diteruskan", 4), ("diproses", 3)), "id", "Status")
    bar = figure.data[0]
    assert bar.marker.color[0] == bar.marker.color[1]
    assert list(bar.marker.pattern.shape) == ["", "/"]


def test_badges_and_charts_paint_a_status_the_same_colour():
    def page():
        from ui.widgets import status_badge

        for status in ("selesai", "ditutup", "diproses", "ditolak", "perlu_info"):
            status_badge(status, "id")

    at = AppTest.from_function(page).run()
    badges = [m.value for m in at.markdown]
    for status, text in zip(
        (Status.SELESAI, Status.DITUTUP, Status.DIPROSES, Status.DITOLAK, Status.PERLU_INFO),
        badges,
        strict=True,
    ):
        assert text.startswith(f":{charts.STATUS_COLOUR_NAMES[status]}-badge["), text


def test_the_breakdown_names_both_parts_of_each_bar_in_a_legend():
    table = pd.DataFrame({"key": ["jalan", "banjir"], "reports": [10, 6], "resolved": [7, 1]})
    figure = charts.breakdown(
        table, {"jalan": "Jalan", "banjir": "Banjir"}, "Kategori", "Selesai", "Belum selesai"
    )
    assert figure.layout.showlegend is not False
    assert [trace.name for trace in figure.data] == ["Selesai", "Belum selesai"]
    assert list(figure.data[1].x) == [3, 5]
    assert figure.data[0].marker.color == charts.status_colour(Status.SELESAI)


def test_long_breakdown_names_wrap_instead_of_being_cut_off():
    """In a third of a laptop screen "Administrasi kependudukan (KTP/KK/akta)" lost its
    first letters: long names go on two lines, each short enough for the column."""
    name = "Administrasi kependudukan (KTP/KK/akta)"
    table = pd.DataFrame({"key": ["adm", "jalan"], "reports": [10, 6], "resolved": [7, 1]})
    figure = charts.breakdown(
        table, {"adm": name, "jalan": "Jalan"}, "Kategori", "Selesai", "Belum selesai"
    )
    labels = list(figure.data[0].y)
    assert labels[1] == "Jalan"
    lines = labels[0].split("<br>")
    assert len(lines) == 2 and " ".join(lines) == name
    assert max(len(line) for line in lines) <= charts.LABEL_LINE_CHARS
    # The hover and the chart's data table still name it in one line.
    assert name in list(figure.data[0].customdata)
    from ui.chart_table import figure_table

    assert name in list(figure_table(figure, "Laporan").iloc[:, 0])


# The monthly trend: a date axis, every month, month names, the running month marked.


def _trend(rows):
    return pd.DataFrame(rows, columns=["month", "status", "reports"])


# As the query returns them: sorted by month, but the first status only in the last month.
SPARSE = _trend(
    [
        ("2026-08", "selesai", 4),
        ("2026-10", "selesai", 2),
        ("2026-12", "diterima", 3),
        ("2026-12", "selesai", 1),
    ]
)


def test_every_month_of_the_period_is_present_in_order_with_zeros():
    series = every_month(SPARSE, report_filter=ReportFilter(), today=dt.date(2026, 12, 5))
    assert list(series.counts.index) == [dt.date(2026, m, 1) for m in range(8, 13)]
    assert series.counts["selesai"].tolist() == [4, 0, 2, 0, 1]
    assert series.counts["diterima"].tolist() == [0, 0, 0, 0, 3]
    assert series.partial_month == dt.date(2026, 12, 1)


def test_a_filtered_period_spans_the_filter_and_a_past_period_has_no_partial_month():
    series = every_month(
        SPARSE.iloc[:2],
        report_filter=ReportFilter(start=dt.date(2026, 7, 15), end=dt.date(2026, 11, 30)),
        today=dt.date(2026, 12, 5),
    )
    assert list(series.counts.index) == [dt.date(2026, m, 1) for m in range(7, 12)]
    assert series.counts["selesai"].tolist() == [0, 4, 0, 2, 0]
    assert series.partial_month is None


def test_the_trend_chart_draws_months_in_calendar_order_on_a_date_axis():
    series = every_month(SPARSE, report_filter=ReportFilter(), today=dt.date(2026, 12, 5))
    figure = charts.monthly_trend(series, "id", "Tren")
    assert figure.layout.xaxis.type == "date"
    for trace in figure.data:
        assert list(trace.x) == sorted(trace.x) and len(trace.x) == 5
    assert list(figure.layout.xaxis.ticktext) == [
        "Agu 2026",
        "Sep 2026",
        "Okt 2026",
        "Nov 2026",
        "Des 2026<br>(bulan berjalan)",
    ]
    english = charts.monthly_trend(series, "en", "Trend")
    assert list(english.layout.xaxis.ticktext)[-1] == "Dec 2026<br>(month so far)"


def test_the_running_month_is_marked_as_partial():
    series = every_month(SPARSE, report_filter=ReportFilter(), today=dt.date(2026, 12, 5))
    figure = charts.monthly_trend(series, "id", "Tren")
    assert figure.layout.xaxis.ticktext[-1] == "Des 2026<br>(bulan berjalan)"
    opacity = list(figure.data[0].marker.opacity)
    assert opacity[-1] < 1 and opacity[0] == 1
    assert figure.data[0].customdata[-1] == "Desember 2026 (bulan berjalan)"


def test_a_long_chart_title_goes_on_two_lines_that_fit_a_phone():
    """At 390 px "Laporan per bulan (WIB): diterima dan selesai diperbaiki" lost its end."""
    series = every_month(SPARSE, report_filter=ReportFilter(), today=dt.date(2026, 12, 5))
    title = "Laporan per bulan (WIB): diterima dan selesai diperbaiki"
    for figure in (
        charts.monthly_trend(series, "id", title),
        charts.received_and_fixed(series, "id", title),
    ):
        lines = figure.layout.title.text.split("<br>")
        assert " ".join(lines) == title
        assert max(len(line) for line in lines) <= charts.TITLE_LINE_CHARS
        assert figure.layout.margin.t >= 56  # room for the second line
    short = charts.monthly_trend(series, "id", "Tren")
    assert short.layout.title.text == "Tren"


def test_years_of_months_keep_few_enough_ticks_for_a_phone():
    rows = [(f"{y}-{m:02d}", "selesai", 1) for y in (2024, 2025, 2026) for m in range(1, 13)]
    series = every_month(_trend(rows), report_filter=ReportFilter(), today=dt.date(2026, 12, 5))
    figure = charts.monthly_trend(series, "id", "Tren")
    assert len(figure.data[0].x) == 36
    assert 4 <= len(figure.layout.xaxis.ticktext) <= 5
    assert figure.layout.xaxis.ticktext[-1].startswith("Des 2026")


# Each chart's figures as a table (ui/chart_table.py), read from the figure itself.


def test_a_bar_chart_reads_as_a_table_of_the_same_figures():
    from ui.chart_table import figure_table

    figure = charts.status_breakdown((("selesai", 10), ("diproses", 3)), "id", "Status")
    table = figure_table(figure, "Laporan")
    assert table.to_dict("records") == [
        {"": "Diproses", "Laporan": 3},
        {"": "Selesai", "Laporan": 10},
    ]


def test_the_trend_table_has_a_row_per_month_named_in_words():
    from ui.chart_table import figure_table

    series = every_month(SPARSE, report_filter=ReportFilter(), today=dt.date(2026, 12, 5))
    table = figure_table(charts.monthly_trend(series, "id", "Tren"), "Laporan")
    assert table[""].tolist()[0] == "Agustus 2026"
    assert table[""].tolist()[-1] == "Desember 2026 (bulan berjalan)"
    assert table["Selesai"].tolist() == [4, 0, 2, 0, 1]
