from factories import make_report, advance
from data_layer.states import Status
from data_layer.models import Report

def test_smoke(db):
    with db.write().begin() as s:
        r = make_report(s, settings=db.settings)
        advance(s, report_id=r.report_id, to=Status.DITUTUP, settings=db.settings)
    with db.read() as s:
        rep = s.get(Report, r.report_id)
        print(rep.status, rep.verify_due_at, rep.received_at, rep.resolve_working_days, len(rep.history))
