import { Construct } from 'constructs';
import { ClusterModel } from '../model/cluster-model';
import { KubernetesTargetOptions } from '../target';

export function renderKubernetes(_scope: Construct, _model: ClusterModel, _options: KubernetesTargetOptions): void {
  throw new Error('the Kubernetes target is not implemented yet');
}
