"""The wording review (issue 12): every phrase it retired is gone from the string catalogue,
and one thing has one name in each language."""

from __future__ import annotations

import re

import pytest

from ui.i18n import catalog


def texts(lang: str) -> dict[str, str]:
    return {key: entry[lang] for key, entry in catalog().items()}


# (phrase that must be gone, what replaced it): a case-insensitive substring of any text.
RETIRED_ID = [
    ("Laporan saya berbeda, kirim tetap", "Laporan saya berbeda, tetap kirim"),
    ("karakter pemeriksa", "Sepertinya ada salah ketik."),
    ("benar formatnya", "Format kode {ticket} benar, tetapi"),
    ("Muat ulang laporan", "Buka ulang laporan ini."),
    ("Angka yang diwarnai", "Warna peta menurut"),
    ("dari data batas", None),
    ("perkiraan / approximate", "batas: perkiraan"),
    ("Terlambat saat ini", "Melewati tenggat saat ini"),
    ("Nomor tiket", "Kode tiket"),
    ("Median hari kerja hingga selesai", "Lama penyelesaian (median, hari kerja)"),
    ("Triwulan {quarter}", "Triwulan {roman} {year}"),
    ("Foto ukuran penuh", None),
]


@pytest.mark.parametrize(("retired", "better"), RETIRED_ID, ids=[r for r, _ in RETIRED_ID])
def test_retired_indonesian_phrase_is_gone_and_its_replacement_is_there(retired, better):
    indonesian = texts("id")
    found = [key for key, text in indonesian.items() if retired.lower() in text.lower()]
    assert not found, f"{retired!r} still in {found}"
    if better is not None:
        assert any(better in text for text in indonesian.values()), better


def test_form_section_says_what_to_tell():
    assert texts("id")["submit.section.details"] == "3. Ceritakan masalahnya"


def test_each_ui_speaks_one_language_at_a_time():
    """No Indonesian text carries its English twin ("perkiraan / approximate")."""
    for key, text in texts("id").items():
        assert "approximate" not in re.sub(r"\*approximate\*|`[^`]*`", "", text), key


@pytest.mark.parametrize(
    ("lang", "name", "other_names"),
    [
        ("id", "kode tiket", ("nomor tiket", "no. tiket")),
        ("en", "ticket code", ("ticket number", "ticket no.")),
        ("id", "melewati tenggat", ("terlambat saat ini", "lewat tenggat")),
        ("en", "overdue", ("late now", "past deadline now")),
    ],
)
def test_one_thing_has_one_name_everywhere(lang, name, other_names):
    strays = {
        key: text
        for key, text in texts(lang).items()
        if any(other in text.lower() for other in other_names)
    }
    assert not strays, f"say {name!r}: {strays}"
