"""Reference lists for the filter widgets, and the demo-data flag."""

from __future__ import annotations

from data_layer.models import AppMeta
from data_layer.queries.reference import is_demo_data, reference_lists


def test_reference_lists(db):
    with db.read() as session:
        lists = reference_lists(session)
    assert len(lists.kecamatan) == 16 and len(lists.kelurahan) == 177
    assert (
        len(lists.kelurahan_in("337401"))
        == len([k for k in lists.kelurahan if k.kecamatan_code == "337401"])
        > 0
    )
    dpu = lists.opd_by_code("dpu")
    assert dpu is not None and lists.opd_by_id(dpu.id) == dpu
    road = lists.category_by_code("jalan_rusak")
    assert road.name("en") == "Damaged road / pothole" and road.name("id").startswith("Jalan rusak")
    assert lists.category_by_code("nope") is None


def test_demo_flag(db):
    with db.read() as session:
        assert not is_demo_data(session)
    with db.write().begin() as session:
        session.add(AppMeta(key="demo_data", value='{"seed": 1}'))
    with db.read() as session:
        assert is_demo_data(session)
