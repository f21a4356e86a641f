import type { ChildProcess } from 'node:child_process';
import type autocannon from 'autocannon';

export interface Measure {
  rps: number;
  p50: number;
  p99: number;
  rssMb: number;
  /** SQL statements per request (pg_stat_statements, background activity subtracted). */
  qpr: number;
  requests: number;
  /** Replies with another status than expected, plus errors and timeouts. */
  bad: number;
  statuses: Record<string, number>;
}

export interface Row {
  scenario: string;
  server: 'app' | 'baseline';
  available: boolean;
  note?: string;
  reps: Measure[];
  median: Omit<Measure, 'statuses'>;
  /** Median of same-repetition ratios app/baseline (req/s) and app/baseline (p99). */
  ratio?: number;
  p99Ratio?: number;
}

export interface Growth {
  name: string;
  small: string;
  large: string;
  available: boolean;
  smallRps?: number;
  largeRps?: number;
  /** Median of same-repetition ratios small req/s ÷ large req/s: 1 = no slow-down with size. */
  ratio?: number;
  note?: string;
}

export interface Target {
  port: number;
  /** The process whose peak RSS a measure reports (none behind a balancer). */
  proc?: ChildProcess;
}

export interface Shot {
  method?: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Many different requests, one after another (webhook deliveries). */
  setupRequest?: autocannon.Request['setupRequest'];
  amount?: number;
}
