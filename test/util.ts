// The one place tests build stacks, synthesize them and read their errors. Test files keep only the
// fixtures of their own subject; anything two files need lives here.
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Testing, TerraformStack, TerraformVariable } from 'cdktf';
import { ConnectCluster, ConnectClusterProps, Secret } from '../src';
import { ClusterInput, ClusterModel, resolveCluster } from '../src/model/cluster-model';
import { NetworkInput } from '../src/model/network';
import { Component, NodeSpec } from '../src/model/nodes';
import { PluginsModel } from '../src/model/plugin-types';
import { ConnectClusterValidationError, formatProblem, Problems } from '../src/model/validation';
import { dockerNetwork } from '../src/docker/policy';
import { kubernetesNetwork } from '../src/kubernetes/policy';
import { _pluginsInput, NODE_LOCAL_FILES, PluginsOptions } from '../src/plugin';
import { resolvePlugins as resolvePluginsModel } from '../src/model/plugin';

// ---- stacks and synthesis ----

/** The providers a test stack gets; a stack holds only the ones its clusters' targets need. */
export type ProviderName = 'docker' | 'kubernetes';

/** A stack with the id "stack" in a fresh test app, with one provider per name given. */
export function testStack(...providers: ProviderName[]): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'stack');
  if (providers.includes('docker')) new DockerProvider(stack, 'docker');
  if (providers.includes('kubernetes')) new KubernetesProvider(stack, 'kubernetes', {});
  return stack;
}

/** Synthesizes a stack with validation and returns the parsed Terraform JSON. */
export function synthJson(stack: TerraformStack): any {
  return JSON.parse(Testing.synth(stack, true));
}

/** Synthesizes one cluster with the id "cdc" (named "cdc" unless props say otherwise) in a scope of its own, without validation. */
export function synthCluster(props: Partial<ConnectClusterProps>): string {
  return Testing.synthScope((scope) => {
    new ConnectCluster(scope, 'cdc', { clusterName: 'cdc', ...props } as ConnectClusterProps);
  });
}

/** Builds a stack with the given providers and synthesizes it with validation; the error message, or '' when synth succeeds. */
export function synthError(providers: ProviderName[], build: (stack: TerraformStack) => void): string {
  const stack = testStack(...providers);
  build(stack);
  try {
    Testing.synth(stack, true);
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

/** Like {@link synthError}, but fails the test when synth succeeds. */
export function validationError(providers: ProviderName[], build: (stack: TerraformStack) => void): string {
  const message = synthError(providers, build);
  if (message === '') throw new Error('expected synth to fail');
  return message;
}

/** A secret from a sensitive string variable of the stack. */
export function variableSecret(stack: TerraformStack, name: string): Secret {
  return Secret.fromVariable(new TerraformVariable(stack, name, { type: 'string', sensitive: true }));
}

/** A Docker container's `NAME=value` environment list as a record. */
export function dockerEnv(container: { env: string[] }): Record<string, string> {
  return Object.fromEntries(container.env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
}

// ---- the target-neutral model ----

/** The network facts of a Docker bridge network (the default), host networking, or a Kubernetes namespace. */
export const networks = {
  bridge: (o: { publishRestOnAllInterfaces?: boolean; restHostPortBase?: number } = {}): NetworkInput =>
    dockerNetwork({ hostNetwork: false, ...o }),
  host: (o: { publishRestOnAllInterfaces?: boolean } = {}): NetworkInput => dockerNetwork({ hostNetwork: true, ...o }),
  kubernetes: (namespace = 'default'): NetworkInput => kubernetesNetwork(namespace),
};

/** The model of a cluster "cdc" at stack/cdc on a Docker bridge network, with `overrides`; throws its problems. */
export function resolve(overrides: Partial<ClusterInput> = {}): ClusterModel {
  const { model, problems } = resolveCluster({
    constructPath: 'stack/cdc',
    clusterName: 'cdc',
    network: networks.bridge(),
    ...overrides,
  });
  if (!model || problems.length > 0) throw new ConnectClusterValidationError(problems);
  return model;
}

export function nodesOf(model: ClusterModel, c: Component): NodeSpec[] {
  return model.components.find((x) => x.component === c)?.nodes ?? [];
}

/** The validation error of `overrides`, or fails the test. */
export function problemsOf(overrides: Parameters<typeof resolve>[0]): string {
  try {
    resolve(overrides);
  } catch (e) {
    if (e instanceof ConnectClusterValidationError) return e.message;
    throw e;
  }
  throw new Error('expected a validation error, got none');
}

// ---- plugins ----

/** Resolves plugin props of stack/cdc for a network; the model and the formatted problems. */
export function resolvePlugins(
  options: PluginsOptions,
  network: NetworkInput = dockerNetwork({ hostNetwork: false }),
): { plugins?: PluginsModel; errors: string[] } {
  const problems = new Problems('stack/cdc');
  const plugins = resolvePluginsModel(problems, _pluginsInput(options), { target: network, files: NODE_LOCAL_FILES });
  return { plugins: problems.empty ? plugins : undefined, errors: problems.list.map(formatProblem) };
}

/** The plugins model of valid options, or fails the test. */
export function pluginsOk(options: PluginsOptions, network: NetworkInput = dockerNetwork({ hostNetwork: false })): PluginsModel {
  const r = resolvePlugins(options, network);
  expect(r.errors).toEqual([]);
  return r.plugins!;
}
