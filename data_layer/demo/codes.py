"""Repeated strings kept once as int codes: five million history rows, a few hundred texts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from data_layer.states import Status as S


class Strings:
    """Repeated strings kept once; columns hold their int codes (-1 for NULL).

    A million reports make five million history rows, but only a few hundred
    distinct statuses, actors and notes: codes keep the arrays small and fast,
    and become Python strings only batch by batch on their way to the database.
    """

    def __init__(self, values: Iterable[str] = ()) -> None:
        self.values: list[str] = []
        self.positions: dict[str, int] = {}
        for value in values:
            self.code(value)

    def code(self, value: str) -> int:
        if value not in self.positions:
            self.positions[value] = len(self.values)
            self.values.append(value)
        return self.positions[value]

    def codes(self, values: Iterable[str]) -> np.ndarray:
        return np.array([self.code(value) for value in values], dtype=np.int32)

    def column(self, codes: np.ndarray) -> Coded:
        return Coded(codes, np.array([*self.values, None], dtype=object))


@dataclass(frozen=True)
class Coded:
    """A column of codes into `table`, whose last entry is None (code -1)."""

    codes: np.ndarray
    table: np.ndarray

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, rows: slice) -> np.ndarray:
        return self.table[self.codes[rows]]


STATUS_STRINGS = Strings(status.value for status in S)
ACTOR_STRINGS = Strings(("warga", "sistem", "verifikator", "opd", "admin"))
