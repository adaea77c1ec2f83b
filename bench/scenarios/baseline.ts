// The baseline side of every row: the same provider resources written by hand, without the library.
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import * as fs from 'fs';
import * as path from 'path';
import { clusterName, parseRow, restHostPortBase, ROW_SHAPE } from './shapes';

/** The Kubernetes baseline, when it exists (it is written against the Kubernetes renderer's output). */
interface KubernetesBaseline {
  preload(): void;
  buildProduction(app: App): TerraformStack[];
  buildClusters(app: App, count: number): void;
}
export function kubernetesBaseline(): KubernetesBaseline | undefined {
  const file = path.join(__dirname, '..', 'baseline', 'kubernetes');
  if (!fs.existsSync(`${file}.js`) && !fs.existsSync(`${file}.ts`)) return undefined;

  return require(file) as KubernetesBaseline;
}

export function preload(row: string): void {
  const r = parseRow(row);
  if ((r.kind === 'clusters' && r.target === 'kubernetes') || (r.kind === 'example' && r.example.startsWith('kubernetes'))) {
    kubernetesBaseline()?.preload();
    return;
  }
  // The Docker baseline (and the provider classes it imports) only on Docker rows, as the library side loads
  // only the row's renderer.
  require('../baseline/docker');
  require('@cdktf/provider-docker/lib/provider');
}

function dockerBaseline(): typeof import('../baseline/docker') {
  return require('../baseline/docker');
}

/** Required when used, not imported: a Kubernetes row must not load the Docker provider classes. */
function dockerProvider(): typeof import('@cdktf/provider-docker/lib/provider').DockerProvider {
  return (require('@cdktf/provider-docker/lib/provider') as typeof import('@cdktf/provider-docker/lib/provider')).DockerProvider;
}

/**
 * The quick start written by hand, in the example's own shape (a build function constructing a TerraformStack
 * subclass), so that the row compares the library with hand-written resources and nothing else.
 */
class DockerQuickstartBaseline extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new (dockerProvider())(this, 'docker');
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
    dockerBaseline().baselineDockerCluster(this, 'quickstart', {
      zookeeperNodes: 1,
      brokers: 1,
      workers: 1,
      restHostPortBase: 8083,
      connectors: [
        {
          name: 'inventory-postgres',
          // The password is resolved by the worker's env config provider; `$${` keeps Terraform off it.
          config: JSON.stringify({
            'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
            'database.dbname': 'inventory',
            'database.hostname': dbHost.stringValue,
            'database.port': '5432',
            'database.user': 'debezium',
            'plugin.name': 'pgoutput',
            'schema.include.list': 'public',
            'slot.name': 'inventory_quickstart',
            'topic.prefix': 'inventory',
            'database.password': '$${env:SECRET_INVENTORY_POSTGRES_DATABASE_PASSWORD}',
          }),
          state: 'RUNNING',
          secretEnv: { SECRET_INVENTORY_POSTGRES_DATABASE_PASSWORD: dbPassword.stringValue },
        },
      ],
    });
  }
}

function buildDockerQuickstart(app: App): TerraformStack[] {
  return [new DockerQuickstartBaseline(app, 'docker-quickstart')];
}

export function build(app: App, row: string): void {
  const r = parseRow(row);
  if (r.kind === 'example' && r.example === 'docker-quickstart') {
    buildDockerQuickstart(app);
    return;
  }
  // Only on Kubernetes rows: requiring it loads the Kubernetes provider classes.
  const k8s = r.kind === 'example' || r.target === 'kubernetes' ? kubernetesBaseline() : undefined;
  if (r.kind === 'example') {
    if (!k8s) throw new Error('no Kubernetes baseline (bench/baseline/kubernetes.ts)');
    k8s.buildProduction(app);
    return;
  }
  if (r.target === 'kubernetes') {
    if (!k8s) throw new Error('no Kubernetes baseline (bench/baseline/kubernetes.ts)');
    k8s.buildClusters(app, r.count);
    return;
  }
  const stack = new TerraformStack(app, 'bench');
  new (dockerProvider())(stack, 'docker');
  for (let i = 1; i <= r.count; i++) {
    dockerBaseline().baselineDockerCluster(stack, clusterName(i), { ...ROW_SHAPE, restHostPortBase: restHostPortBase(i) });
  }
}
