// The seed's evaluation recipe as code: 1 ZooKeeper, 1 Kafka broker, 1 Connect worker on one Docker host.
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ConnectCluster, Target } from '../../src';

export class QuickstartStack extends TerraformStack {
  public readonly cluster: ConnectCluster;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new DockerProvider(this, 'docker');
    this.cluster = new ConnectCluster(this, 'quickstart', {
      clusterName: 'quickstart',
      target: Target.docker(),
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
