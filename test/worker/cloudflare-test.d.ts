/**
 * The part of `cloudflare:test` (@cloudflare/vitest-pool-workers) these tests use, typed
 * without the Workers globals, which clash with the DOM and Node types of the root tsconfig.
 */
declare module "cloudflare:test" {
  import type { D1Database, DurableObjectId, DurableObjectNamespace, DurableObjectState, DurableObjectStub, ExecutionContext } from "@cloudflare/workers-types/latest/index.js";

  export const env: Record<string, unknown>;
  export const SELF: { fetch(input: string | Request, init?: RequestInit): Promise<Response> };
  export interface D1Migration {
    name: string;
    queries: string[];
  }
  export function applyD1Migrations(db: D1Database, migrations: D1Migration[], migrationsTableName?: string): Promise<void>;
  export function listDurableObjectIds(namespace: DurableObjectNamespace): Promise<DurableObjectId[]>;
  export function runInDurableObject<R>(stub: DurableObjectStub, callback: (instance: unknown, state: DurableObjectState) => R | Promise<R>): Promise<R>;
  export function runDurableObjectAlarm(stub: DurableObjectStub): Promise<boolean>;
  export function createExecutionContext(): ExecutionContext;
  export function waitOnExecutionContext(ctx: ExecutionContext): Promise<void>;
  export function createScheduledController(options?: { scheduledTime?: number; cron?: string }): unknown;
}
