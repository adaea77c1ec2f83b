"""An invalid cluster, as parity.ts builds it in TypeScript: writes the error synth raises to argv[2], or exits 3."""
import json
import sys

from cdktf import App, TerraformStack
from cdktf_cdktf_provider_docker.provider import DockerProvider

from cdktf_debezium_connect import ConnectCluster, ConnectWorkersOptions, HeapOptions, Size, Target, ZooKeeperOptions

app = App(outdir=sys.argv[1])
stack = TerraformStack(app, "invalid")
DockerProvider(stack, "docker")
ConnectCluster(
    stack,
    "cdc",
    cluster_name="cdc",
    target=Target.docker(),
    zookeeper=ZooKeeperOptions(nodes=2),
    connect=ConnectWorkersOptions(heap=HeapOptions(maximum=Size.gibibytes(2)), memory_limit=Size.gibibytes(1)),
)
try:
    app.synth()
except Exception as error:  # jsii raises a JavaScript error as RuntimeError("<name>: <message>")
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        json.dump({"type": type(error).__name__, "text": str(error)}, out)
    sys.exit(0)
print("synth succeeded although the cluster is invalid")
sys.exit(3)
