"""Status colours: one per status, the same on badges and charts, and readable."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

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
