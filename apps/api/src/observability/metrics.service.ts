import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { routeOf } from './logging';

/** The pg pool inside TypeORM's PostgreSQL driver. */
interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/**
 * The app's Prometheus metrics, in a registry of its own (one per app: the tests run several).
 * Other modules inject it to time their work: `metrics.timeImport(() => …)`,
 * `metrics.timeExport('csv', () => …)`, `metrics.sweepRan('inbox')`.
 */
@Injectable()
export class MetricsService implements OnModuleDestroy {
  readonly registry = new Registry();

  private readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  private readonly duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly importDuration = new Histogram({
    name: 'tenplusn_import_duration_seconds',
    help: 'Household import (upload to answer) duration, by outcome',
    labelNames: ['outcome'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });

  private readonly exportDuration = new Histogram({
    name: 'tenplusn_export_duration_seconds',
    help: 'Report export duration by format and outcome',
    labelNames: ['format', 'outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });

  private readonly sweeps = new Counter({
    name: 'tenplusn_sweep_runs_total',
    help: 'Scheduled sweeps run (e.g. the inbox/overdue sweep), by job and outcome',
    labelNames: ['job', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor(@InjectDataSource() private readonly db: DataSource) {
    const pool = (): PgPool | null => {
      const driver = this.db.isInitialized ? (this.db.driver as unknown as { master?: PgPool }) : null;
      return driver?.master ?? null;
    };
    new Gauge({
      name: 'db_pool_connections_in_use',
      help: 'Database pool connections checked out',
      registers: [this.registry],
      collect() {
        const p = pool();
        this.set(p ? p.totalCount - p.idleCount : 0);
      },
    });
    new Gauge({
      name: 'db_pool_connections_idle',
      help: 'Database pool connections open and idle',
      registers: [this.registry],
      collect() {
        this.set(pool()?.idleCount ?? 0);
      },
    });
    new Gauge({
      name: 'db_pool_requests_waiting',
      help: 'Queries waiting for a pool connection',
      registers: [this.registry],
      collect() {
        this.set(pool()?.waitingCount ?? 0);
      },
    });
    // process CPU/memory, GC, and nodejs_eventloop_lag_seconds (+ p50/p90/p99)
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
  }

  /** Express middleware: counts and times every request by its route pattern when it ends. */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const end = this.duration.startTimer();
    res.once('finish', () => {
      const route = routeOf(req) ?? (req.path.startsWith('/api') ? 'unmatched' : 'static');
      const labels = { method: req.method, route, status: String(res.statusCode) };
      this.requests.inc(labels);
      end(labels);
    });
    next();
  };

  /** Times one household import; the outcome is "error" when `work` throws. */
  timeImport<T>(work: () => Promise<T>): Promise<T> {
    return this.timed((outcome, s) => this.importDuration.observe({ outcome }, s), work);
  }

  /** Times one export (csv, xlsx, monthly…). */
  timeExport<T>(format: string, work: () => Promise<T>): Promise<T> {
    return this.timed((outcome, s) => this.exportDuration.observe({ format, outcome }, s), work);
  }

  /** Counts one run of a scheduled sweep. */
  sweepRan(job: string, outcome: 'ok' | 'error' = 'ok'): void {
    this.sweeps.inc({ job, outcome });
  }

  async render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  onModuleDestroy(): void {
    this.registry.clear();
  }

  private async timed<T>(
    observe: (outcome: string, seconds: number) => void,
    work: () => Promise<T>,
  ): Promise<T> {
    const start = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - start) / 1e9;
    try {
      const result = await work();
      observe('ok', seconds());
      return result;
    } catch (e) {
      observe('error', seconds());
      throw e;
    }
  }
}
