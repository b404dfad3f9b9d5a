"""`parallax batch` on a simulated cluster: three Ray nodes on this machine (Ray's own test helper).

Two nodes have the (fake) model; the third's is missing: its worker says so
and gets no work, and the sets are translated on the other two.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest
from batch_fakes import CONTROL, MISSING, fake_backend, write_set
from fakes import FakeEmbedder

from compare.batch import BatchOptions, run_batch
from compare.batch.spec import Backends

if importlib.util.find_spec("ray") is None:
    pytest.skip("ray is not installed (pip install -e '.[cluster]')", allow_module_level=True)


@pytest.fixture(scope="module")
def three_nodes(tmp_path_factory):
    from compare.batch import cluster

    cluster.local_env()  # before Ray is imported: every node on loopback
    control = tmp_path_factory.mktemp("control")
    os.environ[CONTROL] = str(control)
    from ray.cluster_utils import Cluster

    sim = Cluster(initialize_head=True, head_node_args=dict(num_cpus=1, include_dashboard=False,
                                                            node_ip_address="127.0.0.1"))
    sim.add_node(num_cpus=1, node_ip_address="127.0.0.1")
    broken = sim.add_node(num_cpus=1, node_ip_address="127.0.0.1", env_vars={MISSING: "1"})
    import ray

    ray.init(address=sim.address, log_to_driver=False)
    yield control, broken.node_id
    ray.shutdown()
    sim.shutdown()
    os.environ.pop(CONTROL, None)


def test_work_spreads_over_the_nodes_that_have_the_model(tmp_path, three_nodes):
    control, broken = three_nodes
    (control / "slow").write_text("0.2")
    for n in range(4):
        write_set(tmp_path / "sets", n)
    import ray

    assert {n["NodeManagerAddress"] for n in ray.nodes()} == {"127.0.0.1"}
    options = BatchOptions(backends=Backends(make=fake_backend), embedder=FakeEmbedder(), cross_lingual=False,
                           cache_path=str(tmp_path / "c.sqlite"), cpus_per_worker=1)
    result = run_batch([tmp_path / "sets"], tmp_path / "out", options)
    assert [r.status for r in result.rows] == ["done"] * 4
    nodes = {node for node, _, _ in result.workers}
    assert len(nodes) == 3
    problems = {node: problem for node, _, problem in result.workers}
    assert problems[broken] == "the fake model is not installed on this node"
    assert broken not in result.per_node
    assert len(result.per_node) == 2 and all(n >= 5 for n in result.per_node.values())
    assert sum(result.per_node.values()) == 20
    index = json.loads((Path(tmp_path) / "out" / "index.json").read_text())
    assert all(r["status"] == "done" for r in index["sets"])
