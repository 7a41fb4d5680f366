"""The status vocabulary and the workflow rules, enforced on real databases.

Every allowed transition is made once through a realistic route; every forbidden
one is refused without touching the report; every role is held to its rights.
"""

from __future__ import annotations

import datetime as dt

import pytest
from factories import (
    ROUTE_TO,
    VERIFIER,
    make_report,
    natural_actor,
    opd_actor,
    prepared_photo,
    reach,
)
from sqlalchemy import func, select

from data_layer.commands import (
    Actor,
    NotPermitted,
    TransitionNotAllowed,
    add_progress_update,
    transition,
)
from data_layer.models import Photo, Report, StatusHistory
from data_layer.states import (
    ALLOWED_BY_ROLE,
    AWAITING_VERIFICATION_STATUSES,
    CLOSED_OTHERWISE_STATUSES,
    CLOSED_STATUSES,
    FIXED_STATUSES,
    LISTED_STATUSES,
    OPEN_STATUSES,
    PUBLIC_STATUSES,
    REMOVED_STATUSES,
    STATUS_LABELS,
    TRANSITIONS,
    Destination,
    PhotoKind,
    RejectReason,
    Role,
    Status,
    can_transition,
    status_label,
)

S = Status
RECEIVED = dt.datetime(2025, 3, 3, 2, 0)  # Monday 09:00 WIB

# The workflow as the issue states it, written out independently of states.py.
EXPECTED_TRANSITIONS = {
    S.DITERIMA: {S.DIVERIFIKASI, S.PERLU_INFO, S.DITOLAK, S.BUKAN_WEWENANG},
    S.PERLU_INFO: {S.DIVERIFIKASI, S.DITOLAK},
    S.DIVERIFIKASI: {S.DITERUSKAN},
    S.DITERUSKAN: {S.DIPROSES},
    S.DIPROSES: {S.SELESAI},
    S.SELESAI: {S.DITUTUP, S.DIBUKA_KEMBALI, S.ARSIP},
    S.DITUTUP: {S.DIBUKA_KEMBALI, S.ARSIP},
    S.DIBUKA_KEMBALI: {S.DIPROSES},
    S.DITOLAK: {S.ARSIP},
    S.BUKAN_WEWENANG: {S.ARSIP},
    S.ARSIP: set(),
}
# A take-down (issue 8) is possible from every state, and is final.
EXPECTED_TRANSITIONS = {
    source: {*targets, S.DITARIK} for source, targets in EXPECTED_TRANSITIONS.items()
}
EXPECTED_TRANSITIONS[S.DITARIK] = set()
ALLOWED = sorted(
    ((source, target) for source, targets in TRANSITIONS.items() for target in targets),
    key=lambda pair: (list(Status).index(pair[0]), pair[1].value),
)
FORBIDDEN = [
    (source, target) for source in Status for target in Status if target not in TRANSITIONS[source]
]


# --- the vocabulary itself ------------------------------------------------------


def test_transitions_are_exactly_the_documented_workflow():
    assert {source: set(targets) for source, targets in TRANSITIONS.items()} == EXPECTED_TRANSITIONS


def test_every_closed_state_can_be_archived_and_archive_is_final():
    for status in CLOSED_STATUSES:
        assert can_transition(status, S.ARSIP)
    assert TRANSITIONS[S.ARSIP] == frozenset({S.DITARIK})  # only a take-down follows
    assert TRANSITIONS[S.DITARIK] == frozenset()
    assert not can_transition("diterima", "selesai")  # plain strings work too


def test_status_sets_partition_the_vocabulary():
    assert FIXED_STATUSES | CLOSED_OTHERWISE_STATUSES == CLOSED_STATUSES
    assert not FIXED_STATUSES & CLOSED_OTHERWISE_STATUSES
    assert set(Status) == OPEN_STATUSES | CLOSED_STATUSES | REMOVED_STATUSES
    assert not OPEN_STATUSES & REMOVED_STATUSES and not CLOSED_STATUSES & REMOVED_STATUSES
    assert not OPEN_STATUSES & CLOSED_STATUSES


def test_unverified_and_archived_reports_are_never_public():
    assert {S.DITERIMA, S.PERLU_INFO, S.ARSIP}.isdisjoint(PUBLIC_STATUSES)
    assert {S.DIVERIFIKASI, S.DIPROSES, S.SELESAI, S.DITUTUP} <= PUBLIC_STATUSES


def test_content_is_listed_only_after_verification():
    """Rejected or declined reports are counted, never listed: they were never verified.

    The listing rule is by status, which holds only while rejecting is possible
    before verification alone; a transition that rejects a verified report would
    need the rule to look at the report's history instead.
    """
    assert CLOSED_OTHERWISE_STATUSES <= PUBLIC_STATUSES
    assert CLOSED_OTHERWISE_STATUSES.isdisjoint(LISTED_STATUSES)
    assert LISTED_STATUSES < PUBLIC_STATUSES
    for source, targets in TRANSITIONS.items():
        if targets & CLOSED_OTHERWISE_STATUSES:
            assert source in AWAITING_VERIFICATION_STATUSES, source
    # Everything listed has passed verification.
    assert LISTED_STATUSES.isdisjoint(AWAITING_VERIFICATION_STATUSES)


def test_every_status_has_indonesian_and_english_labels():
    for status in Status:
        assert set(STATUS_LABELS[status]) == {"id", "en"}
        assert all(STATUS_LABELS[status].values())
    assert status_label("selesai") == "Selesai"
    assert status_label(S.DIBUKA_KEMBALI, "en") == "Reopened"


def test_every_route_is_a_chain_of_allowed_transitions():
    for status, route in ROUTE_TO.items():
        previous = S.DITERIMA
        for target in route:
            assert can_transition(previous, target), (status, previous, target)
            previous = target
        assert previous is status


# --- on the databases -----------------------------------------------------------


def _history_count(session, report_id: int) -> int:
    return session.scalar(
        select(func.count()).select_from(StatusHistory).where(StatusHistory.report_id == report_id)
    )


def _photo_count(session, report_id: int) -> int:
    return session.scalar(
        select(func.count()).select_from(Photo).where(Photo.report_id == report_id)
    )


@pytest.mark.parametrize(("source", "target"), ALLOWED, ids=lambda s: s.value)
def test_every_allowed_transition_is_made_and_recorded(db, source, target):
    with db.write().begin() as session:
        report_id = make_report(session, settings=db.settings, now=RECEIVED).report_id
        moment = reach(session, report_id=report_id, status=source, settings=db.settings)
        history_before = _history_count(session, report_id)
    at = moment + dt.timedelta(hours=3)
    photos = ((PhotoKind.AFTER, prepared_photo(db.settings)),) if target is S.SELESAI else ()
    with db.write().begin() as session:
        actor = natural_actor(session, report_id=report_id, target=target)
        transition(
            session,
            report_id=report_id,
            to=target,
            actor=actor,
            settings=db.settings,
            now=at,
            photos=photos,
            public_note=f"Menuju {target.value}",
            internal_note="Alasan penarikan" if target is S.DITARIK else None,
            reject_reason=RejectReason.DUPLIKAT if target is S.DITOLAK else None,
            destination=Destination.NATIONAL if target is S.BUKAN_WEWENANG else None,
        )
    with db.read() as session:
        report = session.get(Report, report_id)
        assert report.status == target.value
        assert report.updated_at == at
        assert _history_count(session, report_id) == history_before + 1
        last = session.scalars(
            select(StatusHistory)
            .where(StatusHistory.report_id == report_id)
            .order_by(StatusHistory.id.desc())
        ).first()
        assert (last.from_status, last.to_status) == (source.value, target.value)
        assert last.at == at
        assert last.actor_label == actor.label
        # bukan_wewenang's note starts with the destination (commands write it).
        assert last.public_note.endswith(f"Menuju {target.value}")


def test_every_forbidden_transition_is_refused_and_changes_nothing(db):
    """All 116 forbidden moves, by an admin (who may do anything the workflow allows),
    bringing an after photo; the caller even commits after catching each error."""
    with db.write().begin() as session:
        reports = {}
        for source in Status:
            report_id = make_report(session, settings=db.settings, now=RECEIVED).report_id
            reach(session, report_id=report_id, status=source, settings=db.settings)
            reports[source] = report_id
    with db.read() as session:
        before = {
            source: (
                session.get(Report, report_id).status,
                _history_count(session, report_id),
                _photo_count(session, report_id),
            )
            for source, report_id in reports.items()
        }
    admin = Actor.operator(operator_id=None, role=Role.ADMIN)  # type: ignore[arg-type]
    after_photo = ((PhotoKind.AFTER, prepared_photo(db.settings)),)
    refused = []
    with db.write().begin() as session:
        for source, target in FORBIDDEN:
            with pytest.raises(TransitionNotAllowed) as error:
                transition(
                    session,
                    report_id=reports[source],
                    to=target,
                    actor=admin,
                    settings=db.settings,
                    photos=after_photo,
                    public_note="tidak boleh",
                    reject_reason=RejectReason.SPAM,
                )
            assert error.value.code == "transition_not_allowed"
            assert error.value.details == {"current": source, "target": target}
            refused.append((source, target))
    assert len(refused) == len(FORBIDDEN) == 12 * 12 - 17 - 11
    with db.read() as session:
        after = {
            source: (
                session.get(Report, report_id).status,
                _history_count(session, report_id),
                _photo_count(session, report_id),
            )
            for source, report_id in reports.items()
        }
    assert after == before
    assert all(status == source.value for source, (status, _, _) in after.items())


ACTORS = {
    "warga": lambda session, report_id: Actor.citizen(),
    "admin": lambda session, report_id: Actor.operator(operator_id=None, role=Role.ADMIN),
    "verifikator": lambda session, report_id: VERIFIER,
    "opd": lambda session, report_id: Actor.operator(
        operator_id=None, role=Role.OPD, opd_id=session.get(Report, report_id).opd_id
    ),
}
ROLE_OF = {"warga": None, "admin": Role.ADMIN, "verifikator": Role.VERIFIKATOR, "opd": Role.OPD}


def test_each_role_makes_exactly_the_moves_it_is_allowed(db):
    """Every allowed transition, tried by each kind of actor inside a savepoint: it is
    made exactly when ALLOWED_BY_ROLE grants the target, and otherwise NotPermitted."""
    with db.write().begin() as session:
        sources = {
            source: make_report(session, settings=db.settings, now=RECEIVED).report_id
            for source in TRANSITIONS
            if TRANSITIONS[source]
        }
        for source, report_id in sources.items():
            reach(session, report_id=report_id, status=source, settings=db.settings)
    after_photo = ((PhotoKind.AFTER, prepared_photo(db.settings)),)
    outcomes = {}
    with db.write().begin() as session:
        for who, make_actor in ACTORS.items():
            for source, target in ALLOWED:
                report_id = sources[source]
                savepoint = session.begin_nested()
                try:
                    transition(
                        session,
                        report_id=report_id,
                        to=target,
                        actor=make_actor(session, report_id),
                        settings=db.settings,
                        photos=after_photo,
                        reject_reason=RejectReason.SPAM,
                        internal_note="Alasan penarikan",
                        public_note="Catatan untuk pelapor",
                        destination=Destination.NATIONAL,
                    )
                    outcomes[(who, source, target)] = "made"
                except NotPermitted:
                    outcomes[(who, source, target)] = "not_permitted"
                savepoint.rollback()
    expected = {
        (who, source, target): "made"
        if target in ALLOWED_BY_ROLE[ROLE_OF[who]]
        else "not_permitted"
        for who in ACTORS
        for source, target in ALLOWED
    }
    assert outcomes == expected
    # The reporter may only close or reopen; an OPD only works and resolves.
    assert {
        key for key, outcome in outcomes.items() if outcome == "made" and key[0] == "warga"
    } == {
        ("warga", S.SELESAI, S.DITUTUP),
        ("warga", S.SELESAI, S.DIBUKA_KEMBALI),
        ("warga", S.DITUTUP, S.DIBUKA_KEMBALI),
    }
    with db.read() as session:
        for source, report_id in sources.items():
            assert session.get(Report, report_id).status == source.value


def test_role_rights_match_the_division_of_work():
    assert ALLOWED_BY_ROLE[Role.ADMIN] == frozenset(Status)
    assert ALLOWED_BY_ROLE[Role.OPD] == {S.DIPROSES, S.SELESAI}
    assert ALLOWED_BY_ROLE[None] == {S.DITUTUP, S.DIBUKA_KEMBALI}
    assert {S.DIPROSES, S.SELESAI}.isdisjoint(ALLOWED_BY_ROLE[Role.VERIFIKATOR])
    assert {S.DIVERIFIKASI, S.DITERUSKAN, S.DITOLAK} <= ALLOWED_BY_ROLE[Role.VERIFIKATOR]


def test_an_opd_cannot_act_on_another_opds_report(db):
    with db.write().begin() as session:
        report_id = make_report(session, settings=db.settings, now=RECEIVED).report_id
        reach(session, report_id=report_id, status=S.DITERUSKAN, settings=db.settings)
        assert session.get(Report, report_id).opd_id == opd_actor(session, "dpu").opd_id
    with db.read() as session:
        snapshot = _snapshot(session, report_id)
    after_photo = ((PhotoKind.AFTER, prepared_photo(db.settings)),)
    with db.write().begin() as session:
        dishub = opd_actor(session, "dishub")
        with pytest.raises(NotPermitted):
            transition(
                session, report_id=report_id, to=S.DIPROSES, actor=dishub, settings=db.settings
            )
        with pytest.raises(NotPermitted):
            add_progress_update(
                session,
                report_id=report_id,
                actor=dishub,
                public_note="Sedang dikerjakan",
                photos=after_photo,
            )
        unassigned = Actor.operator(operator_id=None, role=Role.OPD, opd_id=None)  # type: ignore[arg-type]
        with pytest.raises(NotPermitted):
            transition(
                session, report_id=report_id, to=S.DIPROSES, actor=unassigned, settings=db.settings
            )
    with db.read() as session:
        assert _snapshot(session, report_id) == snapshot
    # ... while DPU itself can.
    with db.write().begin() as session:
        transition(
            session,
            report_id=report_id,
            to=S.DIPROSES,
            actor=opd_actor(session, "dpu"),
            settings=db.settings,
        )
    with db.read() as session:
        assert session.get(Report, report_id).status == S.DIPROSES.value


def test_an_opd_cannot_resolve_another_opds_report_in_progress(db):
    with db.write().begin() as session:
        report_id = make_report(session, settings=db.settings, now=RECEIVED).report_id
        reach(session, report_id=report_id, status=S.DIPROSES, settings=db.settings)
    with db.read() as session:
        snapshot = _snapshot(session, report_id)
    with db.write().begin() as session, pytest.raises(NotPermitted):
        transition(
            session,
            report_id=report_id,
            to=S.SELESAI,
            actor=opd_actor(session, "disperkim"),
            settings=db.settings,
            photos=((PhotoKind.AFTER, prepared_photo(db.settings)),),
        )
    with db.read() as session:
        assert _snapshot(session, report_id) == snapshot


def _snapshot(session, report_id: int) -> tuple:
    report = session.get(Report, report_id)
    return (
        report.status,
        report.updated_at,
        report.first_response_at,
        report.resolved_at,
        _history_count(session, report_id),
        _photo_count(session, report_id),
    )


# --- one table of what each status means ------------------------------------------------


def test_every_status_appears_in_every_mapping():
    from data_layer.queries.operator import ACTION_ORDER
    from data_layer.states import (
        ALLOWED_BY_ROLE,
        STATUS_COLOUR_NAMES,
        STATUS_LABELS,
        STATUS_RULES,
        TRANSITIONS,
        Deadline,
    )
    from ui.charts import STATUS_ORDER
    from ui.i18n import catalog

    everything = set(Status)
    for name, mapping in {
        "STATUS_RULES": STATUS_RULES,
        "STATUS_LABELS": STATUS_LABELS,
        "STATUS_COLOUR_NAMES": STATUS_COLOUR_NAMES,
        "TRANSITIONS": TRANSITIONS,
        "ui.charts.STATUS_ORDER": STATUS_ORDER,
    }.items():
        assert set(mapping) == everything, f"{name} misses {everything - set(mapping)}"
    assert len(STATUS_ORDER) == len(everything)
    # Every status an operator can move a report into is offered, with a label.
    reachable = {target for targets in TRANSITIONS.values() for target in targets}
    assert set(ACTION_ORDER) == reachable
    assert reachable <= set(ALLOWED_BY_ROLE[Role.ADMIN])
    for status in reachable:
        assert f"op.action.{status.value}" in catalog(), status
    badge_colours = {"red", "orange", "yellow", "blue", "green", "violet", "gray", "primary"}
    columns = set(Report.__table__.columns.keys())
    for status, rule in STATUS_RULES.items():
        assert rule.labels["id"].strip() and rule.labels["en"].strip(), status
        assert rule.colour in badge_colours, status
        assert {column for column, _stamp in rule.stamps} <= columns, status
        # A deadline runs exactly while someone at the city still has to act.
        assert (rule.deadline is not None) == (status in OPEN_STATUSES), status
        assert rule.deadline is None or f"{Deadline(rule.deadline).value}_due_at" in columns
    # Every status a reporter is e-mailed about has its own lead text, and only those.
    from data_layer import notification_texts
    from data_layer.notifications import NOTIFIED_STATUSES

    assert set(notification_texts.LEAD) == NOTIFIED_STATUSES
    # The groups split the statuses: each is open, closed or removed, never two of them.
    groups = (OPEN_STATUSES, CLOSED_STATUSES, REMOVED_STATUSES)
    assert sum(len(g) for g in groups) == len(everything)
    assert set().union(*groups) == everything
