import { Container, ContainerConfig } from '@cdktf/provider-docker/lib/container';
import { DataDockerLogs } from '@cdktf/provider-docker/lib/data-docker-logs';
import { Image } from '@cdktf/provider-docker/lib/image';
import { Network } from '@cdktf/provider-docker/lib/network';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { isIP } from 'net';
import {
  DefaultTokenResolver,
  ITerraformDependable,
  Lazy,
  StringConcat,
  TerraformStack,
  TerraformVariable,
  Token,
  Tokenization,
} from 'cdktf';
import { Construct } from 'constructs';
import { terraformLiteral } from '../private/escape';
import { ClusterModel, loggersOf } from '../model/cluster-model';
import { COMPONENT_GROUP_IDS, TASK_CONSTRUCT_IDS } from '../model/construct-ids';
import { Component, ComponentSpec, FileMountSpec, HealthCheckSpec, IMAGE_ENTRYPOINT, IMAGE_USER_ID, NodeSpec } from '../model/nodes';
import { TERRAFORM_VARIABLE } from '../model/secret-ref';
import { DOCKER_VOLUME_FILES } from './secret-sources';
import {
  DECLARATION_BEAT_ENV,
  DECLARATION_CHECK_SECONDS_ENV,
  TASK_HEALTH,
  TASK_KEEP_ALIVE_ENV,
  TASK_REFUSED_PREFIX,
  SecretEnv,
  TaskKind,
  TaskSpec,
} from '../model/tasks';
import { Problems, ValidationProblem } from '../model/validation';
import { PeerRenderers, TargetRenderer } from '../private/target-renderer';
import { LOGGER_LEVELS_PATH, loggerLevelsFile, LOGGERS } from '../model/loggers';
import { clusterSecretEnv, clusterTopicsTask } from '../model/declarations';
import { deferredString } from '../private/deferred';
import { RenderedTasks } from '../private/task-dependencies';
import { shellScript } from '../scripts/load';
import { DockerNetworkMode, DockerTargetOptions } from './options';
import { renderDockerPlugins } from './plugins';
import {
  clusterLabels,
  containerLabels,
  DEFAULT_HEALTH_WAIT_TIMEOUT_SECONDS,
  DECLARATION,
  DEFAULT_RESTART_POLICY,
  DOCKER_HOST_ALIAS,
  dockerNames,
  EXTRA_HOST_NAME,
  HOST_GATEWAY,
  MAX_HEALTH_START_INTERVAL_SECONDS,
  namesDockerHost,
  LOGGER_LEVELS_HOLDER,
  TASK_REPORT_LOG,
} from './policy';

/** Renders one cluster's model to Docker resources; tasks are added as the user declares them. */
export class DockerRenderer implements TargetRenderer {
  /** The bridge network's `name` (none with host networking), read once: every read of a resource attribute creates a new token. */
  private networkName?: string;
  private readonly byComponent = new Map<Component, Container[]>();
  /** Image reference → the `imageId` of its Image resource, for task containers. */
  private readonly taskImageIds = new Map<string, string>();
  private scope!: Construct;
  private model!: ClusterModel;
  /** The tasks rendered so far (what a later task waits for). */
  private readonly tasks = new RenderedTasks<Container>((c) => this.dependables(c));
  private connectorsNameHostAnswer?: boolean;
  private hostNetwork = false;

  constructor(private readonly options: DockerTargetOptions) {}

  /** The options Docker itself takes as they are (ports and networking are the model's checks). */
  public validate(constructPath: string, _model: ClusterModel): ValidationProblem[] {
    const problems = new Problems(constructPath);
    problems.integer('target.healthWaitTimeoutSeconds', this.options.healthWaitTimeoutSeconds, 1, 86400);
    problems.integer('target.healthStartIntervalSeconds', this.options.healthStartIntervalSeconds, 1, MAX_HEALTH_START_INTERVAL_SECONDS);
    this.validateExtraHosts(problems);
    return problems.list;
  }

  /** Each extra host a name `/etc/hosts` takes, once, and an IP address or `host-gateway`. */
  private validateExtraHosts(problems: Problems): void {
    const hosts = this.options.extraHosts;
    if (hosts === undefined) return;
    if (!Array.isArray(hosts)) {
      problems.add(
        'target.extraHosts',
        `${JSON.stringify(hosts)} is not a list`,
        'give a list such as [{ hostName: "db.internal", ip: "10.0.0.5" }]',
      );
      return;
    }
    const seen = new Set<string>();
    hosts.forEach((h, i) => {
      const field = `target.extraHosts[${i}]`;
      const name = h?.hostName;
      if (typeof name !== 'string' || !EXTRA_HOST_NAME.test(name)) {
        problems.add(
          `${field}.hostName`,
          `${JSON.stringify(name)} is not a host name`,
          'use dot-separated labels of letters, digits and "-", e.g. "db.internal"',
        );
      } else if (seen.has(name.toLowerCase())) {
        problems.add(`${field}.hostName`, `"${name}" is listed twice`, 'give each host name one address');
      } else seen.add(name.toLowerCase());
      const ip = h?.ip;
      if (typeof ip !== 'string' || (ip !== HOST_GATEWAY && isIP(ip) === 0)) {
        problems.add(
          `${field}.ip`,
          `${JSON.stringify(ip)} is neither an IP address nor "${HOST_GATEWAY}"`,
          `give an IPv4 or IPv6 address, or "${HOST_GATEWAY}" for the Docker host`,
        );
      }
    });
  }

  /**
   * The `/etc/hosts` lines of a container: `extraHosts`, and `host.docker.internal:host-gateway` when the
   * container's settings name the Docker host by its alias (Docker Engine on Linux does not resolve it).
   */
  private hostEntries(namesHost: boolean): { host: string; ip: string }[] | undefined {
    const entries = (this.options.extraHosts ?? []).map((h) => ({ host: h.hostName, ip: h.ip }));
    if (namesHost && !entries.some((e) => e.host.toLowerCase() === DOCKER_HOST_ALIAS))
      entries.push({ host: DOCKER_HOST_ALIAS, ip: HOST_GATEWAY });
    return entries.length > 0 ? entries : undefined;
  }

  public warnings(): string[] {
    return [];
  }

  public renderCluster(scope: Construct, model: ClusterModel, _peers: PeerRenderers): void {
    this.scope = scope;
    this.model = model;
    this.hostNetwork = this.options.networkMode === DockerNetworkMode.HOST;
    this.networkName = this.hostNetwork
      ? undefined
      : new Network(scope, 'network', { name: model.name, driver: 'bridge', provider: this.options.provider, labels: this.labels() }).name;
    for (const spec of model.components) this.renderComponent(spec, spec.dependsOnTopicsTask ? [this.topicsTask()] : []);
  }

  public topicsTask(): Container {
    return this.tasks.topicsTask(
      () => clusterTopicsTask(this.model),
      (task) => this.taskContainer(new Construct(this.scope, TASK_CONSTRUCT_IDS[task.kind]), task),
    );
  }

  /** The containers of a component (to depend on). */
  public dependables(component: Component): ITerraformDependable[] {
    return this.byComponent.get(component) ?? [];
  }

  /** The containers of a component, in node order (the users' escape hatch). */
  public workloads(component: Component): Container[] {
    return this.byComponent.get(component) ?? [];
  }

  private renderComponent(spec: ComponentSpec, extraDependsOn: ITerraformDependable[]): void {
    const provider = this.options.provider;
    const group = new Construct(this.scope, COMPONENT_GROUP_IDS[spec.component]);
    const dependsOn = [...spec.dependsOn.flatMap((c) => this.dependables(c)), ...extraDependsOn];
    // Kept locally: destroying a cluster must not delete an image other stacks (or an air-gapped mirror) need.
    const image = new Image(group, 'image', { name: spec.nodes[0].image, keepLocally: true, provider });
    // Tasks run in the cluster's own images (Kafka tools, the Connect image's bash).
    this.taskImageIds.set(spec.nodes[0].image, image.imageId);
    // Workers run the derived image with the declared plugins, when there are any; tasks keep the stock one.
    // And every image whose nodes export metrics, the agent.
    const pluginImage = renderDockerPlugins(group, this.model, spec.component === Component.CONNECT ? this.model.plugins : undefined, {
      provider,
      dependsOn: [image],
      buildNetworkMode: this.hostNetwork ? 'host' : undefined,
      metrics: spec.nodes[0].metricsAgent ? this.model.metrics : undefined,
      component: spec.component,
    });
    const runImage = (pluginImage?.image ?? image).imageId;
    // The levels file the nodes read at start, written before they start.
    const levels = spec.nodes[0].loggerLevels ? this.loggerLevelsHolder(group, spec.component, image.imageId) : undefined;
    const nodesDependOn = levels ? [...dependsOn, levels.holder] : dependsOn;
    const rendered: Container[] = [];
    const labels = this.labels();
    for (const node of spec.nodes) {
      const nodeScope = new Construct(group, node.name);
      // A loop, not map(): every token a resource creates records the whole call stack (cdktf), so each frame
      // between the user's code and the constructor costs time and memory per token.
      const mounts: { volumeName: string; containerPath: string; readOnly?: boolean }[] = [];
      for (const v of node.volumes) {
        const volume = new Volume(nodeScope, v.name, { name: dockerNames.volume(this.model.name, node.name, v.name), provider, labels });
        mounts.push({ volumeName: volume.name, containerPath: v.mountPath });
      }
      mounts.push(...existingVolumeMounts(node.fileMounts));
      if (levels) mounts.push({ volumeName: levels.volume.name, containerPath: LOGGERS.mountPath, readOnly: true });
      const plainEnv = Object.entries(node.env).map(([k, v]) => terraformLiteral(`${k}=${v}`));
      const config: ContainerConfig = {
        ...this.common(spec.component, node.name, runImage),
        hostname: this.hostNetwork ? undefined : node.name,
        env:
          spec.component === Component.CONNECT
            ? Lazy.listValue({ produce: () => [...plainEnv, ...secretEntries(clusterSecretEnv(this.model))] })
            : plainEnv,
        // The workers run the connectors: what they name is known once every connector is declared.
        host:
          spec.component === Component.CONNECT
            ? Lazy.anyValue({ produce: () => this.hostEntries(namesDockerHost(Object.values(node.env)) || this.connectorsNameHost()) })
            : this.hostEntries(namesDockerHost(Object.values(node.env))),
        entrypoint: node.startupScript
          ? ['bash', '-c', terraformLiteral(`${node.startupScript}\nexec ${IMAGE_ENTRYPOINT} start`)]
          : undefined,
        networksAdvanced: this.networkName ? [{ name: this.networkName, aliases: [spec.serviceHost, node.name] }] : undefined,
        ports: this.publishedPorts(node),
        volumes: mounts,
        // A node that names everything it writes besides its volumes (its scratch directories) runs with a
        // read-only root filesystem, the scratch directories as tmpfs (exec: the JVM loads the native libraries it
        // unpacks there).
        ...(node.scratchVolumes
          ? {
              readOnly: true,
              tmpfs: Object.fromEntries(node.scratchVolumes.map((v) => [v.mountPath, `rw,exec,nosuid,nodev,size=${v.size.inMebibytes}m`])),
            }
          : {}),
        memory: node.memoryLimit.inMebibytes,
        // No swap for the JVMs (Docker would otherwise allow as much swap as memory, and report a drift).
        memorySwap: node.memoryLimit.inMebibytes,
        healthcheck: healthcheck(node.health, this.options.healthStartIntervalSeconds),
        // `apply` waits at least as long as a node's start-up budget (a broker recovering a large log).
        waitTimeout:
          this.options.healthWaitTimeoutSeconds ?? Math.max(DEFAULT_HEALTH_WAIT_TIMEOUT_SECONDS, node.health.startupBudgetSeconds ?? 0),
        dependsOn: nodesDependOn,
      };
      rendered.push(new Container(nodeScope, 'container', config));
    }
    this.byComponent.set(spec.component, rendered);
  }

  /**
   * A component's levels file (connect.loggers, kafka.loggers): its volume, in memory (tmpfs), owned by the images'
   * user, kept while its holder or a node has it mounted; and the holder, which writes it before the nodes start
   * (`LOGGER_LEVELS_HOLDER`).
   */
  private loggerLevelsHolder(group: Construct, c: Component, imageId: string): { volume: Volume; holder: Container } | undefined {
    const loggers = loggersOf(this.model, c);
    if (!loggers) return undefined;
    const volume = new Volume(group, 'loggers', {
      name: dockerNames.volume(this.model.name, c, 'loggers'),
      driver: 'local',
      driverOpts: DECLARATION.volumeOptions(IMAGE_USER_ID),
      labels: this.labels(),
      provider: this.options.provider,
    });
    const name = LOGGER_LEVELS_HOLDER.nodeName(c);
    const holder = new Container(group, 'loggers-file', {
      ...this.common(name, name, imageId),
      entrypoint: ['bash', '-c', terraformLiteral(shellScript(LOGGER_LEVELS_HOLDER.script))],
      env: [
        terraformLiteral(`${LOGGERS.levelsEnv}=${loggerLevelsFile(loggers.levels)}`),
        `${LOGGERS.fileEnv}=${LOGGER_LEVELS_PATH}`,
        `${TASK_KEEP_ALIVE_ENV}=1`,
      ],
      // Writes nothing but the levels file and its done marker (/tmp).
      readOnly: true,
      tmpfs: { '/tmp': 'rw,noexec,nosuid,nodev,size=64k' },
      volumes: [{ volumeName: volume.name, containerPath: LOGGERS.mountPath }],
      memory: LOGGER_LEVELS_HOLDER.memoryMebibytes,
      memorySwap: LOGGER_LEVELS_HOLDER.memoryMebibytes,
      healthcheck: healthcheck(TASK_HEALTH, this.options.healthStartIntervalSeconds),
      destroyGraceSeconds: 5,
      stopTimeout: 5,
    });
    return { volume, holder };
  }

  /**
   * A task container: it does its work, then stays up and healthy, so `terraform apply` fails when the work
   * fails (the container never turns healthy) and a sentinel's stop (removal, destroy) can undo its work.
   *
   * A task that can refuse its work (a connector config Connect's validation rejects) prints its report and turns
   * healthy. Provider 3.6.2 reports a container that never turns healthy only as "container failed to be in
   * healthy state", after the whole wait; instead the stack reads the container's log back (`docker_logs`) and a
   * postcondition fails the apply at once when the log ends with the report, with the report as its error. While
   * the refused config stays declared, every plan fails with it too.
   */
  public renderTask(scope: Construct, task: TaskSpec): Container {
    return this.tasks.render(task, (t) => this.taskContainer(scope, t));
  }

  private taskContainer(scope: Construct, task: TaskSpec): Container {
    let imageId = this.taskImageIds.get(task.image);
    if (!imageId) {
      imageId = new Image(new Construct(this.scope, `task-image-${this.taskImageIds.size + 1}`), 'image', {
        name: task.image,
        keepLocally: true,
        provider: this.options.provider,
      }).imageId;
      this.taskImageIds.set(task.image, imageId);
    }
    // A sentinel's declaration: the volume it reads the beat from (the container follows the sentinel).
    const declaration =
      task.keepAlive && task.declaration !== undefined
        ? new Volume(scope, 'declaration-volume', {
            name: dockerNames.declaration(this.model.name, task.declaration),
            driver: 'local',
            driverOpts: DECLARATION.volumeOptions(IMAGE_USER_ID),
            labels: this.labels(),
            provider: this.options.provider,
          })
        : undefined;
    const env = {
      ...task.env,
      [TASK_KEEP_ALIVE_ENV]: '1',
      ...(declaration
        ? { [DECLARATION_BEAT_ENV]: DECLARATION.beatFile, [DECLARATION_CHECK_SECONDS_ENV]: String(DECLARATION.checkSeconds) }
        : {}),
    };
    const volumes = [
      // The REST API's certificates, as the workers mount them.
      ...existingVolumeMounts(task.fileMounts),
      ...(declaration ? [{ volumeName: declaration.name, containerPath: DECLARATION.mountPath, readOnly: true }] : []),
    ];
    const container = new Container(scope, 'task', {
      ...this.common(task.name, task.name, imageId),
      entrypoint: ['bash', '-c', terraformLiteral(shellScript(task.script))],
      env: [
        ...Object.entries(env).map(([k, v]) => terraformLiteral(`${k}=${deferredString(v)}`)),
        // A SASL password, as the workers receive it.
        ...secretEntries(task.secrets ?? {}),
      ],
      // The topics task reaches the brokers (an existing Kafka may be on the host); a connector's tasks reach only
      // the workers, and the config they carry is data.
      host: this.hostEntries(
        task.kind === TaskKind.TOPICS && namesDockerHost(Object.values(task.env).filter((v): v is string => typeof v === 'string')),
      ),
      networksAdvanced: this.networkName ? [{ name: this.networkName }] : undefined,
      volumes: volumes.length > 0 ? volumes : undefined,
      memory: task.memoryLimit.inMebibytes,
      memorySwap: task.memoryLimit.inMebibytes,
      healthcheck: healthcheck(task.health, this.options.healthStartIntervalSeconds),
      destroyGraceSeconds: task.stopGraceSeconds,
      stopTimeout: task.stopGraceSeconds,
      ...(task.reportsRefusal
        ? { logDriver: TASK_REPORT_LOG.driver, logOpts: { ...TASK_REPORT_LOG.options }, tty: TASK_REPORT_LOG.tty }
        : {}),
    });
    if (task.reportsRefusal) this.renderRefusalCheck(scope, container);
    if (declaration) this.renderDeclaration(scope, task, imageId, declaration, container);
    return container;
  }

  /** A sentinel's declaration (`DECLARATION`): beats as long as the connector is declared; waits for the sentinel. */
  private renderDeclaration(scope: Construct, task: TaskSpec, imageId: string, volume: Volume, sentinel: Container): void {
    new Container(scope, 'declaration', {
      ...this.common(task.name, dockerNames.declarationNode(task.declaration!), imageId),
      entrypoint: ['bash', '-c', terraformLiteral(shellScript(DECLARATION.script))],
      env: [`${DECLARATION_BEAT_ENV}=${DECLARATION.beatFile}`],
      readOnly: true,
      volumes: [{ volumeName: volume.name, containerPath: DECLARATION.mountPath }],
      memory: DECLARATION.memoryMebibytes,
      memorySwap: DECLARATION.memoryMebibytes,
      healthcheck: healthcheck({ ...TASK_HEALTH, command: ['test', '-s', DECLARATION.beatFile] }, this.options.healthStartIntervalSeconds),
      networkMode: 'none',
      dependsOn: [sentinel],
      lifecycle: { ignoreChanges: ['image'] },
    });
  }

  /** The task's log read back; the apply (and any later plan) fails when it ends with a refusal report. */
  private renderRefusalCheck(scope: Construct, container: Container): void {
    // Through a TTY each line ends with "\r". A restarted container's log holds every run: only one that ends
    // with a report counts, and its lines are shown once.
    const line = (l: string) => `trimsuffix(${l}, "\\r")`;
    const last = line('try(self.logs_list_string[length(self.logs_list_string) - 1], "")');
    const prefix = JSON.stringify(TASK_REFUSED_PREFIX);
    new DataDockerLogs(scope, 'refusal', {
      // The container's id, not its name: the name is known while the container is being replaced, and the log
      // would then be read at plan time, from the container about to go.
      name: container.id,
      // A TTY's log has no stream headers to drop (dropping 8 bytes of each line would cut the report's prefix,
      // and a shorter line would crash the provider).
      discardHeaders: false,
      lifecycle: {
        postcondition: [
          {
            condition: `\${!startswith(${last}, ${prefix})}`,
            errorMessage: `\${join("\\n", distinct([for l in self.logs_list_string : trimprefix(${line('l')}, ${prefix}) if startswith(l, ${prefix})]))}`,
          },
        ],
      },
      provider: this.options.provider,
    });
  }

  /** `imageId`: the image's attribute, read once per image by the caller. */
  private common(component: string, nodeName: string, imageId: string) {
    return {
      // The images run as uid 1001 on unprivileged ports: no capability is needed, and no process may gain one.
      capabilities: { drop: ['ALL'] },
      securityOpts: ['no-new-privileges:true'],
      name: dockerNames.container(this.model.name, nodeName),
      image: imageId,
      networkMode: this.hostNetwork ? 'host' : undefined,
      restart: this.options.restartPolicy ?? DEFAULT_RESTART_POLICY,
      wait: true,
      waitTimeout: this.options.healthWaitTimeoutSeconds ?? DEFAULT_HEALTH_WAIT_TIMEOUT_SECONDS,
      mustRun: true,
      labels: dockerLabels(containerLabels(this.model.name, component, nodeName)),
      provider: this.options.provider,
    };
  }

  /**
   * Whether a declared connector's config names the Docker host by its alias, also through the default of a
   * variable it references (read at synth, when every connector is declared).
   */
  private connectorsNameHost(): boolean {
    // Asked by every worker's container at synth, when every connector is declared: answered once.
    if (this.connectorsNameHostAnswer === undefined) {
      const stack = TerraformStack.of(this.scope);
      this.connectorsNameHostAnswer = this.model.connectors.some((c) =>
        namesDockerHost(Object.values(withVariableDefaults(stack, c.config))),
      );
    }
    return this.connectorsNameHostAnswer;
  }

  /** Only ports the model publishes; host networking needs no mapping. */
  private publishedPorts(node: NodeSpec) {
    const published = this.hostNetwork ? [] : node.ports.filter((p) => p.hostPort !== undefined);
    return published.length === 0
      ? undefined
      : published.map((p) => ({ internal: p.containerPort, external: p.hostPort, ip: p.hostIp, protocol: 'tcp' }));
  }

  private labels() {
    return dockerLabels(clusterLabels(this.model.name));
  }
}

/** Docker's label list from a label map. */
/** Existing volumes (keystores, truststores, certificates), by name and read-only: the stack neither creates nor deletes them. */
function existingVolumeMounts(
  mounts: readonly FileMountSpec[] | undefined,
): { volumeName: string; containerPath: string; readOnly: boolean }[] {
  return (mounts ?? [])
    .filter((m) => m.kind === DOCKER_VOLUME_FILES.kind)
    .map((m) => ({ volumeName: m.name, containerPath: m.mountPath, readOnly: true }));
}

function dockerLabels(labels: Record<string, string>): { label: string; value: string }[] {
  return Object.entries(labels).map(([label, value]) => ({ label, value }));
}

/** Docker's health check from the model's; `startInterval`, when set, applies during the start period. */
function healthcheck(health: HealthCheckSpec, startIntervalSeconds: number | undefined) {
  return {
    startInterval: startIntervalSeconds === undefined ? undefined : `${startIntervalSeconds}s`,
    test: ['CMD', ...health.command.map(terraformLiteral)],
    interval: `${health.intervalSeconds}s`,
    timeout: `${health.timeoutSeconds}s`,
    retries: health.retries,
    startPeriod: `${health.startPeriodSeconds}s`,
  };
}

/**
 * A connector config with each reference to a variable of the stack replaced by the variable's default: what the
 * value is at apply time unless the variable is set, for what a renderer must know of it (the Docker host's
 * alias as a database host). Other tokens stay as they are.
 */
function withVariableDefaults(stack: TerraformStack, config: { readonly [key: string]: string }): { [key: string]: string } {
  const out: Record<string, string> = {};
  let defaults: Map<string, string> | undefined;
  for (const [key, value] of Object.entries(config)) {
    if (typeof value !== 'string' || !Token.isUnresolved(value)) {
      out[key] = value;
      continue;
    }
    defaults ??= new Map(
      stack.node
        .findAll()
        .filter((c): c is TerraformVariable => c instanceof TerraformVariable && typeof c.default === 'string')
        .map((v) => [v.friendlyUniqueId, v.default as string]),
    );
    const resolved = Tokenization.resolve(value, { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()) });
    out[key] =
      typeof resolved === 'string'
        ? resolved.replace(/\$\{var\.([A-Za-z0-9_-]+)\}/g, (ref, name: string) => defaults!.get(name) ?? ref)
        : value;
  }
  return out;
}

/** `NAME=${var.x}`: the variable's reference only; Terraform fills it in at apply time. */
function secretEntries(secrets: SecretEnv): string[] {
  return Object.entries(secrets)
    .sort(([a], [b]) => a.localeCompare(b))
    .filter(([, ref]) => ref.source === TERRAFORM_VARIABLE.kind)
    .map(([name, ref]) => `${name}=${ref.expression}`);
}
