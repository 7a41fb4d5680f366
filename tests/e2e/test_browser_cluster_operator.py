"""Operator sessions through the cluster (issue 11, items 3 and 7): signed in through nginx,
still signed in after a reload, in a new tab and on the other replica; signed out
everywhere at once. Two replicas on one PostgreSQL behind Debian's nginx, in Chromium."""

from __future__ import annotations

import pytest

from tests.e2e.harness import AppServer
from tests.e2e.test_browser_cluster import cluster, fresh_context  # noqa: F401 (fixtures)
from tests.e2e.test_browser_operator_session import sign_in_and_out_everywhere

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.xdist_group("cluster")]


def test_an_operator_stays_signed_in_on_both_replicas_and_signs_out_everywhere(
    cluster,  # noqa: F811 (the imported fixture)
    fresh_context,  # noqa: F811
):
    # Warm the affinity cookie, then find the replica nginx does not send this browser to.
    probe = fresh_context.new_page()
    probe.goto(cluster.server.url + "/lacak")
    probe.wait_for_load_state("networkidle")
    probe.close()
    chosen = cluster.replica_of(fresh_context)
    (other_port,) = [port for port in cluster.replicas if port != chosen]
    other = AppServer(
        f"http://127.0.0.1:{other_port}",
        cluster.server.database_url,
        cluster.seeded,
        cluster.server.log_path,
    )
    # Sign in and open the new tab through nginx; the third tab goes straight to the
    # replica that did not serve the sign-in.
    sign_in_and_out_everywhere(fresh_context, cluster.server, cluster.server, other)
