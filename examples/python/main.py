"""The TypeScript examples docker-quickstart and multi-target, written in Python.

Synthesizes three stacks: docker-quickstart (1 ZooKeeper, 1 Kafka broker, 1 Connect worker on one Docker host,
plus a PostgreSQL source connector whose password comes from a sensitive variable), and multi-target-docker /
multi-target-kubernetes (one cluster description rendered to both targets).

    pip install -r requirements.txt cdktf-debezium-connect
    python main.py            # writes cdktf.out/stacks/<stack>/cdk.tf.json
"""
from cdktf import App, TerraformStack, TerraformVariable
from cdktf_cdktf_provider_docker.provider import DockerProvider
from cdktf_cdktf_provider_kubernetes.provider import KubernetesProvider
from constructs import Construct

from cdktf_debezium_connect import (
    ConnectCluster,
    ConnectorSource,
    ConnectWorkersOptions,
    HeapOptions,
    InternalTopicsOptions,
    KafkaOptions,
    Secret,
    Size,
    Target,
    ZooKeeperOptions,
)


class QuickstartStack(TerraformStack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        DockerProvider(self, "docker")
        self.cluster = ConnectCluster(self, "quickstart", cluster_name="quickstart", target=Target.docker())

        db_host = TerraformVariable(
            self,
            "inventory_db_host",
            type="string",
            default="host.docker.internal",
            description="Host name of the PostgreSQL server, as reachable from the Connect containers",
        )
        db_password = TerraformVariable(
            self,
            "inventory_db_password",
            type="string",
            sensitive=True,
            description="Password of the replication user (the connector reads it through the env config provider)",
        )
        self.cluster.add_connector(
            "inventory-postgres",
            source=ConnectorSource.postgres(
                hostname=db_host.string_value,
                user="debezium",
                password=Secret.from_variable(db_password),
                database_name="inventory",
                topic_prefix="inventory",
                schema_include_list=["public"],
                slot_name="inventory_quickstart",
            ),
        )


# One cluster description, two targets: only `target` differs.
INVENTORY = dict(
    cluster_name="inventory",
    zookeeper=ZooKeeperOptions(nodes=3),
    kafka=KafkaOptions(brokers=3),
    connect=ConnectWorkersOptions(
        workers=2,
        group_id="inventory-connect",
        heap=HeapOptions(maximum=Size.gibibytes(1)),
        internal_topics=InternalTopicsOptions(replication_factor=3),
        worker_properties={"heartbeat.interval.ms": "3000"},
    ),
)


class DockerInventoryStack(TerraformStack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        DockerProvider(self, "docker")
        ConnectCluster(self, "inventory", **INVENTORY, target=Target.docker())


class KubernetesInventoryStack(TerraformStack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        KubernetesProvider(self, "kubernetes", config_path="~/.kube/config")
        ConnectCluster(self, "inventory", **INVENTORY, target=Target.kubernetes())


def build(app: App) -> list:
    return [
        QuickstartStack(app, "docker-quickstart"),
        DockerInventoryStack(app, "multi-target-docker"),
        KubernetesInventoryStack(app, "multi-target-kubernetes"),
    ]


if __name__ == "__main__":
    app = App()
    build(app)
    app.synth()
