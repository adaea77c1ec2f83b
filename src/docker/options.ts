import type { TerraformProvider } from 'cdktf';

/** How the Docker containers of a cluster are networked. */
export enum DockerNetworkMode {
  /** One user-defined bridge network per cluster; the service names (`zookeeper`, `kafka`, `connect`) and node names (`kafka-2`) are network aliases. */
  BRIDGE = 'bridge',
  /** Host networking: every service on 127.0.0.1 with its own port (single host, no port mapping). */
  HOST = 'host',
}

/** Restart policy of the Docker containers. */
export enum DockerRestartPolicy {
  /** Never restarted. */
  NO = 'no',
  /** Restarted when the process exits with an error. */
  ON_FAILURE = 'on-failure',
  /** Always restarted, also after a manual stop once the daemon restarts. */
  ALWAYS = 'always',
  /** Restarted unless stopped by hand. */
  UNLESS_STOPPED = 'unless-stopped',
}

/** A line added to the containers' `/etc/hosts` (Docker's `--add-host host:ip`). */
export interface DockerExtraHost {
  /** The name to resolve, e.g. `db.internal` or `host.docker.internal`. */
  readonly hostName: string;
  /**
   * The IPv4 or IPv6 address it resolves to, or `host-gateway`: the Docker host's address as the containers
   * reach it (Docker Engine 20.10 or later).
   */
  readonly ip: string;
}

/** Options of `Target.docker()`. */
export interface DockerTargetOptions {
  /** How the containers are networked. @default DockerNetworkMode.BRIDGE */
  readonly networkMode?: DockerNetworkMode;
  /**
   * Publish the REST API on all host interfaces. The REST API has no authentication: opt in knowingly.
   * @default false (published on 127.0.0.1 only)
   */
  readonly publishRestOnAllInterfaces?: boolean;
  /**
   * Bridge networking: host port of worker 1's REST API; worker i gets `restHostPortBase + i - 1`.
   * @default 8083
   */
  readonly restHostPortBase?: number;
  /** Restart policy of the ZooKeeper, Kafka and Connect containers. @default DockerRestartPolicy.UNLESS_STOPPED */
  readonly restartPolicy?: DockerRestartPolicy;
  /**
   * Seconds `terraform apply` waits for each container to report healthy.
   * @default 300, or a broker's or controller's start-up budget (`kafka.startupTimeoutSeconds`,
   * `kraft.startupTimeoutSeconds`) where that is longer
   */
  readonly healthWaitTimeoutSeconds?: number;
  /**
   * Seconds between health checks while a container starts (Docker's `start_interval`, used during the start
   * period only; the steady-state interval is unchanged): a service is seen healthy — and `apply` starts what
   * waits for it — within this many seconds of serving, instead of within its check interval (5–15 s). Needs
   * Docker Engine 25 or later (API 1.44); older engines refuse to create the containers.
   * @default not set: Docker runs the first check one interval after the container starts
   */
  readonly healthStartIntervalSeconds?: number;
  /**
   * Names added to every container's `/etc/hosts` (Docker's `--add-host`), e.g. a database outside Docker that
   * DNS does not know. `host.docker.internal` resolves on Docker Desktop but not on Docker Engine on Linux: the
   * Connect workers get `host.docker.internal:host-gateway` when their settings or connectors name it (and the
   * topics task when the bootstrap servers do), unless it is listed here.
   * @default none
   */
  readonly extraHosts?: DockerExtraHost[];
  /**
   * An aliased Docker provider; the library never creates providers.
   * @default the stack's default docker provider
   */
  readonly provider?: TerraformProvider;
}
