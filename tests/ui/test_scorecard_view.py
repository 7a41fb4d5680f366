"""How Kinerja OPD names its periods, in each language."""

from ui.scorecard_view import period_label


def test_quarters_read_as_indonesians_write_them():
    assert period_label("2026-Q4", "id") == "Triwulan IV 2026"
    assert period_label("2026-Q1", "id") == "Triwulan I 2026"
    assert period_label("2026-Q4", "en") == "Q4 2026"


def test_months_are_named_in_the_visitors_language():
    assert period_label("2025-02", "id") == "Februari 2025"
    assert period_label("2025-02", "en") == "February 2025"
