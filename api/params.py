"""What every public route reads from its query string: the language and the report filter."""

from __future__ import annotations

from starlette.requests import Request

from api.database import read_session
from data_layer.filters import invalid_params, report_filter_from_params
from data_layer.queries.public import ReportFilter
from data_layer.queries.reference import ReferenceLists, reference_lists


class BadFilter(ValueError):
    """A filter parameter a machine sent that names nothing (a typo, an unknown code)."""

    def __init__(self, params: list[str]) -> None:
        super().__init__(", ".join(params))
        self.params = params


def language(request: Request) -> str:
    """Bahasa Indonesia unless the client asks for English with `?lang=en`."""
    return "en" if request.query_params.get("lang") == "en" else "id"


def load_reference() -> ReferenceLists:
    with read_session() as session:
        return reference_lists(session)


def report_filter(request: Request, reference: ReferenceLists) -> ReportFilter:
    """The pages' own filter parameters (`?kecamatan=`, `?kategori=` …) as a `ReportFilter`.

    The pages drop a value that names nothing and show "all"; a machine gets a
    400 instead, so a typo never silently widens a download or a feed.
    """
    params = {key: value for key, value in request.query_params.items()}
    bad = invalid_params(params, reference)
    if bad:
        raise BadFilter(bad)
    return report_filter_from_params(params, reference)


def bad_filter_message(error: BadFilter, lang: str) -> str:
    names = ", ".join(error.params)
    if lang == "en":
        return f"Unknown or malformed filter value in: {names}. Use the codes the pages put in their URLs."
    return f"Nilai filter tidak dikenal atau salah format: {names}. Gunakan kode seperti di URL halaman."
