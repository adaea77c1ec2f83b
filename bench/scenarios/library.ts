// The library side of every row: what a user writes with cdktf-debezium-connect.
import { App, TerraformStack } from 'cdktf';
import * as path from 'path';
import { ConnectCluster, Target } from '../../src';
import { clusterName, parseRow, restHostPortBase, ROW_SHAPE } from './shapes';

/**
 * Loads what synth will need so the timed region holds construction and synthesis only (module loading is
 * measured on its own, as the import cost). The renderers are loaded lazily by ConnectCluster otherwise.
 */
export function preload(row: string): void {
  const r = parseRow(row);
  const target = r.kind === 'clusters' ? r.target : r.example.startsWith('docker') ? 'docker' : 'kubernetes';
  // Only the row's target: a Docker user never loads the Kubernetes provider classes, and vice versa.
  require(target === 'docker' ? '../../src/docker/render' : '../../src/kubernetes/render');
  require(target === 'docker' ? '@cdktf/provider-docker/lib/provider' : '@cdktf/provider-kubernetes/lib/provider');
  // The example's own module too, so that build() only constructs (the baseline's code is loaded likewise).
  if (r.kind === 'example') require(path.join(__dirname, '..', '..', 'examples', r.example, 'main'));
}

export function build(app: App, row: string): void {
  const r = parseRow(row);
  if (r.kind === 'example') {
    const mod = require(path.join(__dirname, '..', '..', 'examples', r.example, 'main')) as { build(app: App): TerraformStack[] };
    mod.build(app);
    return;
  }
  const stack = new TerraformStack(app, 'bench');
  if (r.target === 'docker') {
    const { DockerProvider } = require('@cdktf/provider-docker/lib/provider') as typeof import('@cdktf/provider-docker/lib/provider');
    new DockerProvider(stack, 'docker');
  } else {
    const { KubernetesProvider } =
      require('@cdktf/provider-kubernetes/lib/provider') as typeof import('@cdktf/provider-kubernetes/lib/provider');
    new KubernetesProvider(stack, 'kubernetes');
  }
  for (let i = 1; i <= r.count; i++) {
    const name = clusterName(i);
    new ConnectCluster(stack, name, {
      clusterName: name,
      target: r.target === 'docker' ? Target.docker({ restHostPortBase: restHostPortBase(i) }) : Target.kubernetes({ namespace: name }),
      zookeeper: { nodes: ROW_SHAPE.zookeeperNodes },
      kafka: { brokers: ROW_SHAPE.brokers },
      connect: { workers: ROW_SHAPE.workers },
    });
  }
}
