import {
  Controller,
  Get,
  Header,
  HttpException,
  HttpStatus,
  Injectable,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { metricsContentType, scrapeMetrics, shutdownTracing } from '@newsgraph/observability';

/** Resolves when a dependency is usable; rejects (or throws) with the reason when not. */
export type ReadinessCheck = () => Promise<void> | void;

// A probe must answer quickly even when a dependency hangs.
const CHECK_TIMEOUT_MS = 2_000;

function withTimeout(check: ReadinessCheck): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    Promise.resolve().then(check),
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`)),
        CHECK_TIMEOUT_MS,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Whether the service can do its work: it has finished starting and every
 * registered check (Kafka consumers running, database answering) passes now.
 */
@Injectable()
export class Readiness {
  private ready = false;
  private readonly checks = new Map<string, ReadinessCheck>();

  markReady(): void {
    this.ready = true;
  }

  get isReady(): boolean {
    return this.ready;
  }

  addCheck(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  /** Runs every check; each is 'ok' or the reason it failed. */
  async evaluate(): Promise<{ ready: boolean; checks: Record<string, string> }> {
    const names = [...this.checks.keys()];
    const results = await Promise.allSettled(names.map((n) => withTimeout(this.checks.get(n)!)));
    const checks: Record<string, string> = {};
    results.forEach((r, i) => {
      checks[names[i]!] =
        r.status === 'fulfilled' ? 'ok' : String((r.reason as Error)?.message ?? r.reason);
    });
    return { ready: this.ready && results.every((r) => r.status === 'fulfilled'), checks };
  }
}

@Controller('health')
export class HealthController {
  constructor(private readonly readiness: Readiness) {}

  /** Liveness: the process answers. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: started, consumers running and dependencies answering. */
  @Get('ready')
  async ready(): Promise<{ status: 'ready'; checks: Record<string, string> }> {
    const { ready, checks } = await this.readiness.evaluate();
    if (!ready) {
      throw new HttpException(
        { status: this.readiness.isReady ? 'unavailable' : 'starting', checks },
        HttpStatus.SERVICE_UNAVAILABLE,
      );
    }
    return { status: 'ready', checks };
  }
}

@Controller()
export class MetricsController {
  /** Prometheus text exposition of this process's metrics. */
  @Get('metrics')
  @Header('Content-Type', metricsContentType)
  metrics(): Promise<string> {
    return scrapeMetrics();
  }
}

/** Flushes buffered spans (when exporting) as the service stops. */
@Injectable()
export class TracingShutdown implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await shutdownTracing();
  }
}
