// The evaluation recipe of Debezium's tutorial as code: 1 ZooKeeper, 1 Kafka broker, 1 Connect worker on one Docker host,
// and a PostgreSQL source connector for a database outside the stack, its password from a sensitive variable.
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { ConnectCluster, ConnectorSource, Secret, Target } from '../../src';

export class QuickstartStack extends TerraformStack {
  public readonly cluster: ConnectCluster;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new DockerProvider(this, 'docker');
    this.cluster = new ConnectCluster(this, 'quickstart', {
      clusterName: 'quickstart',
      target: Target.docker(),
    });

    const dbHost = new TerraformVariable(this, 'inventory_db_host', {
      type: 'string',
      default: 'host.docker.internal',
      description: 'Host name of the PostgreSQL server, as reachable from the Connect containers',
    });
    const dbPassword = new TerraformVariable(this, 'inventory_db_password', {
      type: 'string',
      sensitive: true,
      description: 'Password of the replication user (the connector reads it through the env config provider)',
    });
    this.cluster.addConnector('inventory-postgres', {
      source: ConnectorSource.postgres({
        hostname: dbHost.stringValue,
        user: 'debezium',
        password: Secret.fromVariable(dbPassword),
        databaseName: 'inventory',
        topicPrefix: 'inventory',
        schemaIncludeList: ['public'],
        slotName: 'inventory_quickstart',
      }),
    });
  }
}

export function build(app: App): TerraformStack[] {
  return [new QuickstartStack(app, 'docker-quickstart')];
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
