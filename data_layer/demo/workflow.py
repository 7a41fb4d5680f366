"""The workflow simulator: each report walked along its shape through data_layer.states."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from data_layer.demo import text
from data_layer.demo.calibration import (
    ARCHIVE_RESOLVED_SHARE,
    ARCHIVE_SPAM_SHARE,
    CHANNELS,
    CITIZEN_CLOSE_SHARE,
    FINAL_CLOSE_SHARE,
    FIRST_RESPONSE_DAYS,
    HOUR,
    MACHINE_CHANNELS,
    MINUTE,
    NEVER_ANSWERED_SHARE,
    NEVER_RESOLVED_SHARE,
    NEVER_VERIFIED_SHARE,
    NOT_AUTHORITY,
    NULL,
    OFFICE_HOURS,
    REJECT_AFTER_INFO,
    REJECT_DIRECT,
    REJECT_REASON_SHARES,
    REOPEN_AFTER_CLOSE_SHARE,
    REOPEN_SHARES,
    VERIFY_AFTER_INFO,
    VERIFY_DAYS,
    VERIFY_OUTCOME_SHARES,
)
from data_layer.demo.codes import ACTOR_STRINGS, STATUS_STRINGS, Strings
from data_layer.demo.reference import Reference
from data_layer.sla import SlaPolicy, WorkingCalendar
from data_layer.states import (
    STATUS_RULES,
    Kind,
    RejectReason,
    Stamp,
)
from data_layer.states import Status as S


@dataclass(frozen=True)
class Clock:
    """The SLA calendar and policy the simulation moves on: `data_layer.sla`'s one rule,
    over arrays, plus where in office hours a simulated person acts."""

    calendar: WorkingCalendar
    policy: SlaPolicy

    def office_moment(
        self, after: np.ndarray, working_days, rng: np.random.Generator
    ) -> np.ndarray:
        """A moment in office hours `working_days` working days after `after`, and later than it."""
        calendar = self.calendar
        day = np.busday_offset(
            calendar.local_days(after), working_days, roll="forward", busdaycal=calendar.busdaycal
        )
        time_of_day = rng.integers(*OFFICE_HOURS, size=len(after)).astype("timedelta64[s]")
        moment = day + time_of_day - calendar.offset
        too_early = moment <= after + 5 * MINUTE
        next_day = np.busday_offset(day[too_early], 1, roll="forward", busdaycal=calendar.busdaycal)
        moment[too_early] = next_day + time_of_day[too_early] - calendar.offset
        return moment


@dataclass
class History:
    report_index: np.ndarray
    step: np.ndarray
    at: np.ndarray
    from_status: np.ndarray
    to_status: np.ndarray
    actor_label: np.ndarray
    opd_id: np.ndarray
    public_note: np.ndarray
    internal_note: np.ndarray
    notes: Strings
    first_row: np.ndarray  # per report, the index of its first (diterima) row
    ids: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))


def _branches(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    outcome = rng.choice(5, size=n, p=VERIFY_OUTCOME_SHARES)
    verified = outcome <= VERIFY_AFTER_INFO
    rejected = (outcome == REJECT_DIRECT) | (outcome == REJECT_AFTER_INFO)
    reasons = list(REJECT_REASON_SHARES)
    reason_index = rng.choice(len(reasons), size=n, p=list(REJECT_REASON_SHARES.values()))
    reason_index[outcome == REJECT_AFTER_INFO] = reasons.index(RejectReason.TIDAK_LENGKAP)
    reason = np.array([r.value for r in reasons], dtype=object)[reason_index]
    spam = reason == RejectReason.SPAM.value
    archive_u = rng.random(n)
    archive = np.where(
        verified,
        archive_u < ARCHIVE_RESOLVED_SHARE,
        rejected & spam & (archive_u < ARCHIVE_SPAM_SHARE),
    )
    return {
        "outcome": outcome,
        "reopens": np.where(verified, rng.choice(3, size=n, p=REOPEN_SHARES), 0),
        "reopen_after_close": verified & (rng.random(n) < REOPEN_AFTER_CLOSE_SHARE),
        "final_close": verified & (rng.random(n) < FINAL_CLOSE_SHARE),
        "archive": archive,
        "reject_reason": np.where(rejected, reason, NULL),
        "citizen_close": rng.random(n) < CITIZEN_CLOSE_SHARE,
        "never_verified": rng.random(n) < NEVER_VERIFIED_SHARE,
        "never_answered": rng.random(n) < NEVER_ANSWERED_SHARE,
        "never_resolved": rng.random(n) < NEVER_RESOLVED_SHARE,
    }


def _shape(
    outcome: int, reopens: int, reopen_after_close: bool, final_close: bool, archive: bool
) -> tuple[S, ...]:
    """The statuses a report passes through, in order, if nothing stops it."""
    start = (
        (S.DITERIMA, S.PERLU_INFO)
        if outcome in (VERIFY_AFTER_INFO, REJECT_AFTER_INFO)
        else (S.DITERIMA,)
    )
    if outcome in (REJECT_DIRECT, REJECT_AFTER_INFO):
        return (*start, S.DITOLAK, *((S.ARSIP,) if archive else ()))
    if outcome == NOT_AUTHORITY:
        return (*start, S.BUKAN_WEWENANG)
    path = [*start, S.DIVERIFIKASI, S.DITERUSKAN, S.DIPROSES, S.SELESAI]
    for _ in range(reopens):
        path += [S.DITUTUP] if reopen_after_close else []
        path += [S.DIBUKA_KEMBALI, S.DIPROSES, S.SELESAI]
    path += [S.DITUTUP] if final_close else []
    path += [S.ARSIP] if archive else []
    return tuple(path)


def internal_note_for_opd(history: History, columns: dict[str, np.ndarray]) -> np.ndarray:
    """The rule of commands.internal_note_audience, per history row: an OPD's notes are
    shared; Diskominfo's too unless the reporter is anonymous; a reporter's never."""
    code = ACTOR_STRINGS.positions
    label = history.actor_label
    anonymous = np.asarray(columns["anonymous"], dtype=bool)[history.report_index]
    diskominfo = np.isin(label, [code["verifikator"], code["admin"]])
    return (label == code["opd"]) | (diskominfo & ~anonymous)


def status_code(status: S | None) -> int:
    return -1 if status is None else STATUS_STRINGS.positions[status.value]


class _NotePicker:
    """Public notes for each step, as codes into `self.strings`, chosen with the seeded generator."""

    def __init__(self, rng: np.random.Generator, reference: Reference) -> None:
        self.rng = rng
        self.strings = Strings()
        self.opd_position = {opd_id: i for i, opd_id in enumerate(reference.opd_ids.tolist())}
        self.opd_names = reference.opd_short_names
        self.codes = reference.category_codes
        self.not_authority = reference.not_authority_notes

    def pick(self, options: tuple[str, ...], size: int) -> np.ndarray:
        return self.strings.codes(options)[self.rng.integers(len(options), size=size)]

    def with_opd(self, templates: tuple[str, ...], opd_ids: np.ndarray) -> np.ndarray:
        table = np.array(
            [self.strings.codes(t.format(opd=name) for t in templates) for name in self.opd_names]
        )
        rows = np.array([self.opd_position[o] for o in opd_ids.tolist()], dtype=np.int64)
        return table[rows, self.rng.integers(len(templates), size=len(opd_ids))]

    def resolved(self, category: np.ndarray, kind: np.ndarray) -> np.ndarray:
        aduan = np.array(
            [
                self.strings.codes((text.NOTES_SELESAI.get(code, text.GENERIC_SELESAI) * 2)[:2])
                for code in self.codes
            ]
        )
        notes = aduan[category, self.rng.integers(2, size=len(category))]
        notes = np.where(
            kind == Kind.ASPIRASI.value, self.pick(text.NOTES_SELESAI_ASPIRASI, len(kind)), notes
        )
        return np.where(
            kind == Kind.INFORMASI.value, self.pick(text.NOTES_SELESAI_INFORMASI, len(kind)), notes
        )

    def rejected(self, reasons: np.ndarray) -> np.ndarray:
        return self.strings.codes(text.NOTES_DITOLAK[r][0] for r in reasons.tolist())

    def none(self, size: int) -> np.ndarray:
        return np.full(size, -1, dtype=np.int32)


def simulate(
    rng: np.random.Generator,
    clock: Clock,
    reference: Reference,
    base: dict[str, np.ndarray],
    now: np.datetime64,
) -> tuple[dict[str, np.ndarray], History]:
    """Walk every report along its shape, stopping where the next step would pass `now`."""
    n = len(base["received"])
    branch = _branches(rng, n)
    opd_factor = _opd_factors(rng, reference)
    notes = _NotePicker(rng, reference)
    nat = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    state = {
        "status": np.full(n, S.DITERIMA.value, dtype=object),
        "updated_at": base["received"].copy(),
        "verified_at": nat.copy(),
        "forwarded_at": nat.copy(),
        "first_response_at": nat.copy(),
        "resolved_at": nat.copy(),
        "closed_at": nat.copy(),
        "opd_id": np.full(n, None, dtype=object),
        "reopen_count": np.zeros(n, dtype=np.int64),
        "reject_reason": np.full(n, None, dtype=object),
    }
    pieces: list[dict[str, np.ndarray]] = []
    keys = np.stack(
        [
            branch["outcome"],
            branch["reopens"],
            branch["reopen_after_close"],
            branch["final_close"],
            branch["archive"],
        ],
        axis=1,
    ).astype(np.int64)
    # One int per combination (each branch value is below 10), grouped without sorting rows.
    key_of_row = keys @ (10 ** np.arange(keys.shape[1] - 1, -1, -1))
    rows_by_key = np.argsort(key_of_row, kind="stable")
    boundaries = np.flatnonzero(np.diff(key_of_row[rows_by_key])) + 1
    for rows in np.split(rows_by_key, boundaries):
        key = keys[rows[0]].tolist()
        shape = _shape(key[0], key[1], bool(key[2]), bool(key[3]), bool(key[4]))
        walk = _Walk(rng, clock, base, branch, opd_factor, notes, rows)
        moment = base["received"][rows]
        for step, to in enumerate(shape):
            if step:
                moment = walk.next_moment(shape, step, moment)
            kept = moment <= now  # NaT (never) compares False
            if not kept.any():
                break
            walk.apply(state, to, moment, kept)
            pieces.append(walk.history_rows(shape, step, moment, kept))
    # Order the rows by report, then step, without sorting five million rows: every
    # report keeps a prefix of its shape, so its rows are steps 0..k-1 and each row's
    # place is the report's first row plus its step.
    columns = {name: np.concatenate([piece[name] for piece in pieces]) for name in pieces[0]}
    counts = np.bincount(columns["report_index"], minlength=n)
    first_row = np.cumsum(counts) - counts
    place = first_row[columns["report_index"]] + columns["step"]
    ordered = {}
    for name, values in columns.items():
        ordered[name] = np.empty_like(values)
        ordered[name][place] = values
    history = History(**ordered, notes=notes.strings, first_row=first_row)
    history.ids = np.arange(1, len(place) + 1)
    return state, history


def _opd_factors(rng: np.random.Generator, reference: Reference) -> dict[int, float]:
    """Each OPD's speed (1.0 = typical): the scorecard should have something to rank."""
    factors = np.clip(rng.lognormal(0.0, 0.3, size=len(reference.opd_ids)), 0.55, 1.9)
    return dict(zip(reference.opd_ids.tolist(), factors.tolist(), strict=True))


class _Walk:
    """One shape's reports, moved step by step; every array here is indexed like `rows`."""

    def __init__(
        self,
        rng: np.random.Generator,
        clock: Clock,
        base: dict[str, np.ndarray],
        branch: dict[str, np.ndarray],
        opd_factor: dict[int, float],
        notes: _NotePicker,
        rows: np.ndarray,
    ) -> None:
        self.rng, self.clock, self.notes, self.rows = rng, clock, notes, rows
        self.opd = base["opd"][rows]
        self.kind = base["kind"][rows]
        self.category = base["category"][rows]
        self.channel = base["channel"][rows]
        self.resolve_days = base["resolve_days"][rows]
        self.speed = np.array([opd_factor.get(o, 1.0) for o in self.opd.tolist()])
        needed = (
            "never_verified",
            "never_answered",
            "never_resolved",
            "citizen_close",
            "reject_reason",
        )
        self.branch = {name: branch[name][rows] for name in needed}
        self.verified_step: int | None = None
        self.forwarded = np.full(len(rows), np.datetime64("NaT"), dtype="datetime64[s]")

    def next_moment(self, shape: tuple[S, ...], step: int, previous: np.ndarray) -> np.ndarray:
        """When the step happens (NaT: never), given when the previous one did."""
        if shape[step - 1] is S.DITERUSKAN:
            self.forwarded = previous
        size = len(previous)
        moment = np.full(size, np.datetime64("NaT"), dtype="datetime64[s]")
        happens = ~np.isnat(previous) & ~self._never(shape[step - 1], shape[step], shape[:step])
        if happens.any():
            moment[happens] = self._delay(
                shape[step - 1], shape[step], shape[:step], previous[happens], happens
            )
        return moment

    def _never(self, before: S, to: S, done: tuple[S, ...]) -> np.ndarray:
        b = self.branch
        if before is S.DITERIMA:
            return b["never_verified"]
        if to is S.DIPROSES and S.DIPROSES not in done:
            return b["never_answered"]
        if to is S.SELESAI and S.SELESAI not in done:
            return b["never_resolved"]
        return np.zeros(len(self.rows), dtype=bool)

    def _delay(
        self, before: S, to: S, done: tuple[S, ...], previous: np.ndarray, mask: np.ndarray
    ) -> np.ndarray:
        rng, clock, size = self.rng, self.clock, len(previous)
        if before is S.DITERIMA:  # Diskominfo verifies (or asks, rejects, declines)
            return clock.office_moment(
                previous, rng.choice(VERIFY_DAYS[0], size=size, p=VERIFY_DAYS[1]), rng
            )
        if before is S.PERLU_INFO and to is S.DITOLAK:  # no answer in time
            return clock.office_moment(previous, 10 + rng.integers(0, 4, size=size), rng)
        if before is S.PERLU_INFO:  # the reporter answers, then the verifier acts
            answered = previous + _hours(rng, 30.0, size)
            return clock.office_moment(answered, rng.integers(0, 3, size=size), rng)
        if to is S.DITERUSKAN:  # disposisi: usually right after verification
            soon = previous + rng.integers(5, 180, size=size) * MINUTE
            later = clock.office_moment(previous, rng.integers(1, 3, size=size), rng)
            return np.where(rng.random(size) < 0.8, soon, later)
        if to is S.DIPROSES and S.DIPROSES not in done:  # first response
            days = rng.choice(FIRST_RESPONSE_DAYS[0], size=size, p=FIRST_RESPONSE_DAYS[1])
            return clock.office_moment(
                previous, np.rint(days * self.speed[mask]).astype(np.int64), rng
            )
        if to is S.DIPROSES:  # back to work after a reopening
            return clock.office_moment(previous, rng.integers(0, 4, size=size), rng)
        if to is S.SELESAI and S.SELESAI not in done:
            # The resolution SLA runs from forwarding: aim at a share of the class's days
            # (most within it, a long tail late), but never before the work started.
            share = rng.lognormal(np.log(0.45), 0.6, size=size) * self.speed[mask]
            days = np.rint(self.resolve_days[mask] * share).astype(np.int64)
            target = clock.office_moment(self.forwarded[mask], days, rng)
            soon = clock.office_moment(previous, rng.integers(0, 2, size=size), rng)
            return np.where(target > previous + HOUR, target, soon)
        if to is S.SELESAI:
            days = 1 + np.rint(self.resolve_days[mask] * 0.3 * rng.random(size)).astype(np.int64)
            return clock.office_moment(previous, days, rng)
        if to is S.DITUTUP:  # the reporter confirms, or the system closes after 5 working days
            confirmed = previous + 10 * MINUTE + _hours(rng, 20.0, size)
            automatic = clock.calendar.add_working_days_at(previous, 5)
            return np.where(self.branch["citizen_close"][mask], confirmed, automatic)
        if to is S.DIBUKA_KEMBALI:  # the reporter disputes the fix
            return previous + 10 * MINUTE + _hours(rng, 48.0, size)
        if to is S.ARSIP:
            return clock.office_moment(previous, 5 + rng.integers(0, 26, size=size), rng)
        raise AssertionError(f"no delay for {before} -> {to}")

    def apply(
        self, state: dict[str, np.ndarray], to: S, moment: np.ndarray, kept: np.ndarray
    ) -> None:
        """What `commands.workflow._apply_side_effects` does to the report, for the kept rows."""
        rows, at = self.rows[kept], moment[kept]
        for column, stamp in STATUS_RULES[to].stamps:
            values = state[column]
            if stamp is Stamp.CLEAR:
                values[rows] = np.datetime64("NaT")
            elif stamp is Stamp.LATEST:
                values[rows] = at
            else:
                unset = np.isnat(values[rows])
                values[rows[unset]] = at[unset]
        if to is S.DIVERIFIKASI:
            state["opd_id"][rows] = self.opd[kept]
        if to is S.DITOLAK:
            state["reject_reason"][rows] = self.branch["reject_reason"][kept]
        if to is S.DIBUKA_KEMBALI:
            state["reopen_count"][rows] += 1
        state["status"][rows] = to.value
        state["updated_at"][rows] = at

    def history_rows(
        self, shape: tuple[S, ...], step: int, moment: np.ndarray, kept: np.ndarray
    ) -> dict[str, np.ndarray]:
        to = shape[step]
        count = int(kept.sum())
        if to is S.DIVERIFIKASI:
            self.verified_step = step
        has_opd = self.verified_step is not None and step >= self.verified_step
        return {
            "report_index": self.rows[kept],
            "step": np.full(count, step, dtype=np.int16),
            "at": moment[kept],
            "from_status": np.full(count, status_code(shape[step - 1] if step else None)),
            "to_status": np.full(count, status_code(to)),
            "actor_label": self._actor(to, kept),
            "opd_id": self.opd[kept] if has_opd else np.full(count, -1),
            "public_note": self._public_note(to, shape[:step], kept),
            "internal_note": self._internal_note(to, kept),
        }

    def _actor(self, to: S, kept: np.ndarray) -> np.ndarray:
        """Who made the change, as codes into ACTOR_STRINGS."""
        code = ACTOR_STRINGS.positions
        if to is S.DITERIMA:
            machine = np.array([c in MACHINE_CHANNELS for c in CHANNELS])[self.channel[kept]]
            return np.where(machine, code["sistem"], code["warga"])
        if to is S.DITUTUP:
            return np.where(self.branch["citizen_close"][kept], code["warga"], code["sistem"])
        label = {S.DIPROSES: "opd", S.SELESAI: "opd", S.DIBUKA_KEMBALI: "warga", S.ARSIP: "admin"}
        return np.full(int(kept.sum()), code[label.get(to, "verifikator")])

    def _public_note(self, to: S, done: tuple[S, ...], kept: np.ndarray) -> np.ndarray:
        notes, count = self.notes, int(kept.sum())
        if to is S.DITERIMA:
            return notes.none(count)
        if to is S.DITERUSKAN:
            return notes.with_opd(text.NOTES_DITERUSKAN, self.opd[kept])
        if to is S.DIPROSES:
            again = S.DIPROSES in done
            return notes.with_opd(
                text.NOTES_DIPROSES_AGAIN if again else text.NOTES_DIPROSES, self.opd[kept]
            )
        if to is S.SELESAI:
            return notes.resolved(self.category[kept], self.kind[kept])
        if to is S.DITUTUP:
            return np.where(
                self.branch["citizen_close"][kept],
                notes.pick(text.NOTES_DITUTUP_WARGA, count),
                notes.pick(text.NOTES_DITUTUP_SISTEM, count),
            )
        if to is S.DITOLAK:
            return notes.rejected(self.branch["reject_reason"][kept])
        options = {
            S.PERLU_INFO: text.NOTES_PERLU_INFO,
            S.DIVERIFIKASI: text.NOTES_DIVERIFIKASI,
            S.BUKAN_WEWENANG: notes.not_authority,
            S.DIBUKA_KEMBALI: text.NOTES_DIBUKA_KEMBALI,
            S.ARSIP: text.NOTES_ARSIP,
        }
        return notes.pick(options[to], count)

    def _internal_note(self, to: S, kept: np.ndarray) -> np.ndarray:
        count = int(kept.sum())
        if to is not S.DITERUSKAN:
            return self.notes.none(count)
        with_note = self.rng.random(count) < 0.2
        return np.where(with_note, self.notes.pick(text.INTERNAL_NOTES_DITERUSKAN, count), -1)


def _hours(rng: np.random.Generator, mean_hours: float, size: int) -> np.ndarray:
    return np.rint(rng.exponential(mean_hours * 3600, size=size)).astype("timedelta64[s]")


def due_moments(
    clock: Clock, received: np.ndarray, forwarded: np.ndarray, resolve_days: np.ndarray
) -> dict[str, np.ndarray]:
    """SLA due moments, as `submit_report` and the forwarding transition store them."""
    first_due = np.full(len(received), np.datetime64("NaT"), dtype="datetime64[s]")
    resolve_due = first_due.copy()
    sent = ~np.isnat(forwarded)
    first_due[sent] = clock.calendar.add_working_days_at(
        forwarded[sent], clock.policy.first_response_days
    )
    days = resolve_days[sent]
    resolve_due[sent] = clock.calendar.add_working_days_at(forwarded[sent], days)
    return {
        "verify_due_at": clock.calendar.add_working_days_at(received, clock.policy.verify_days),
        "first_response_due_at": first_due,
        "resolve_due_at": resolve_due,
    }


def durations(clock: Clock, received: np.ndarray, state: dict) -> dict[str, np.ndarray]:
    """Working-day durations, as `commands.transition` stores them when each event happens."""
    forwarded = state["forwarded_at"]

    def between(start: np.ndarray, end: np.ndarray) -> np.ndarray:
        values = np.full(len(end), np.nan)
        done = ~np.isnat(end) & ~np.isnat(start)
        values[done] = clock.calendar.working_days_between_at(start[done], end[done])
        return values

    clock_start = np.where(np.isnat(forwarded), received, forwarded)
    return {
        "verify_working_days": between(received, state["verified_at"]),
        "first_response_working_days": between(forwarded, state["first_response_at"]),
        "resolve_working_days": between(clock_start, state["resolved_at"]),
    }
