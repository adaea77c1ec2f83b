import {
  NetworkPolicyV1,
  NetworkPolicyV1SpecIngress,
  NetworkPolicyV1SpecIngressFrom,
} from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { Construct } from 'constructs';
import { ClusterModel } from '../model/cluster-model';
import { componentLabels, kubernetesNames, selectorLabels, taskSelectorLabels } from './policy';
import { Component, ComponentSpec, PortSpec } from '../model/nodes';
import { KubernetesTargetOptions, PeerSelector } from './options';
import { METRICS } from '../model/metrics';

/**
 * Who may connect to a component: its own peers on all its ports, and on its client port the components
 * that use it plus the user's selectors. Everything else is denied (`policyTypes: [Ingress]`).
 */
export function renderNetworkPolicy(
  scope: Construct,
  model: ClusterModel,
  spec: ComponentSpec,
  namespace: string,
  options: KubernetesTargetOptions,
): NetworkPolicyV1 {
  const c = spec.component;
  const ports = spec.nodes[0].ports;
  const pods = (of: Component): NetworkPolicyV1SpecIngressFrom => ({ podSelector: { matchLabels: selectorLabels(model.name, of) } });
  // Components whose nodes use this one (Kafka uses ZooKeeper, Connect uses Kafka), from the model's start order.
  const users = model.components.filter((o) => o.dependsOn.includes(c)).map((o) => pods(o.component));
  // The cluster's tasks: the topics task talks to the brokers, connector tasks to the REST API.
  if (c === Component.KAFKA || c === Component.CONNECT) users.push({ podSelector: { matchLabels: taskSelectorLabels(model.name, c) } });
  const userSelectors = (c === Component.KAFKA ? options.kafkaClients : c === Component.CONNECT ? options.restClients : undefined) ?? [];
  const ipBlocks = c === Component.CONNECT ? (options.restClientIpBlocks ?? []) : [];
  const clientFrom = [...users, ...userSelectors.map(peer), ...ipBlocks.map((cidr) => ({ ipBlock: { cidr } }))];
  const ingress: NetworkPolicyV1SpecIngress[] = [{ from: [pods(c)], ports: ports.map(tcp) }];
  if (clientFrom.length > 0) ingress.push({ from: clientFrom, ports: [tcp(ports[0])] });
  // The scrapers the user names, on the metrics port only.
  const metricsPort = ports.find((p) => p.name === METRICS.portName);
  const scrapers = options.metricsScrapers ?? [];
  if (metricsPort !== undefined && scrapers.length > 0) ingress.push({ from: scrapers.map(peer), ports: [tcp(metricsPort)] });
  return new NetworkPolicyV1(scope, 'network-policy', {
    metadata: {
      name: kubernetesNames.statefulSet(model.name, c),
      namespace,
      labels: { ...options.labels, ...componentLabels(model.name, c) },
      annotations: options.annotations,
    },
    spec: { podSelector: { matchLabels: selectorLabels(model.name, c) }, policyTypes: ['Ingress'], ingress },
    provider: options.provider,
  });
}

function tcp(p: PortSpec) {
  return { port: String(p.containerPort), protocol: 'TCP' };
}

/** Unset pod labels: any pod; unset namespace labels: the cluster's namespace (no namespace selector). */
function peer(s: PeerSelector): NetworkPolicyV1SpecIngressFrom {
  return {
    podSelector: { matchLabels: s.podLabels },
    ...(s.namespaceLabels !== undefined ? { namespaceSelector: { matchLabels: s.namespaceLabels } } : {}),
  };
}
