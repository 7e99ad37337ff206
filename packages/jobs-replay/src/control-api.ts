import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { FaultRequest } from './faults';
import type { JobsReplayServer } from './replay-server';
import { SOURCES, type SourceName } from './sources';
import { computeTruth, isTruthSource } from './truth';

export interface ControlResult {
  status: number;
  body: unknown;
}

const Advance = z
  .object({
    ms: z.number().nonnegative().optional(),
    seconds: z.number().nonnegative().optional(),
    hours: z.number().nonnegative().optional(),
    days: z.number().nonnegative().optional(),
    /** Jump to an instant (ISO 8601 or epoch ms) instead. */
    to: z.union([z.iso.datetime({ offset: true }), z.number().int()]).optional(),
    speed: z.number().nonnegative().optional(),
  })
  .strict();

const LimitChange = z
  .object({
    source: z.enum(SOURCES),
    count: z.number().int().positive().optional(),
    windowS: z.number().positive().optional(),
    penaltyFactor: z.number().min(1).optional(),
    maxBlockS: z.number().positive().optional(),
  })
  .strict();

const MissingBoards = z.object({ boards: z.array(z.string().min(1)) }).strict();

const Source = z.enum(SOURCES);

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return {};
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

function clockBody(server: JobsReplayServer): Record<string, unknown> {
  const now = server.clock.now();
  return { now, iso: new Date(now).toISOString(), speed: server.clock.getSpeed() };
}

function limitsBody(server: JobsReplayServer): Record<string, unknown> {
  return Object.fromEntries(
    [...server.limits.entries()].map(([source, limit]) => [
      source,
      { ...limit, state: server.limiter.snapshot(source) },
    ]),
  );
}

function optionalSource(url: URL): SourceName | undefined {
  const raw = url.searchParams.get('source');
  return raw === null ? undefined : Source.parse(raw);
}

/**
 * `/_control/*`, for tests and operators:
 * - `GET clock`, `POST clock` / `POST advance` `{ms|seconds|hours|days|to, speed}`
 * - `GET|POST|DELETE faults` (`POST` takes one `{source, fault, times, pathContains}` or a list)
 * - `GET|POST|DELETE limits` (`POST` takes `{source, count, windowS, penaltyFactor, maxBlockS}`)
 * - `GET requests?source=&since=`, `GET stats`
 * - `GET truth?source=&tenant=&at=`
 * - `GET|PUT missing-boards` `{boards}`
 * - `POST reset`
 */
export async function handleControl(
  server: JobsReplayServer,
  request: IncomingMessage,
  url: URL,
): Promise<ControlResult> {
  try {
    const body = request.method === 'GET' ? {} : await readJson(request);
    const route = `${request.method ?? 'GET'} ${url.pathname.replace(/^\/_control/, '')}`;
    switch (route) {
      case 'GET /clock':
        return { status: 200, body: clockBody(server) };
      case 'POST /clock':
      case 'POST /advance': {
        const change = Advance.parse(body);
        if (change.to !== undefined)
          server.clock.set(typeof change.to === 'number' ? change.to : Date.parse(change.to));
        const ms =
          (change.ms ?? 0) +
          (change.seconds ?? 0) * 1000 +
          (change.hours ?? 0) * 3_600_000 +
          (change.days ?? 0) * 86_400_000;
        if (ms > 0) server.clock.advance(ms);
        if (change.speed !== undefined) server.clock.setSpeed(change.speed);
        return { status: 200, body: clockBody(server) };
      }
      case 'GET /faults':
        return {
          status: 200,
          body: { faults: server.faults.list(), pending: server.faults.pending() },
        };
      case 'POST /faults': {
        const requests = z.union([FaultRequest, z.array(FaultRequest)]).parse(body);
        for (const entry of Array.isArray(requests) ? requests : [requests])
          server.faults.add(entry);
        return { status: 200, body: { pending: server.faults.pending() } };
      }
      case 'DELETE /faults':
        server.faults.clear(optionalSource(url));
        return { status: 200, body: { pending: server.faults.pending() } };
      case 'GET /limits':
        return { status: 200, body: limitsBody(server) };
      case 'POST /limits':
      case 'PUT /limits': {
        const changes = z.union([LimitChange, z.array(LimitChange)]).parse(body);
        for (const { source, ...limit } of Array.isArray(changes) ? changes : [changes]) {
          server.setLimit(source, limit);
        }
        return { status: 200, body: limitsBody(server) };
      }
      case 'DELETE /limits':
        server.resetLimits();
        server.limiter.reset();
        return { status: 200, body: limitsBody(server) };
      case 'GET /requests': {
        const since = url.searchParams.get('since');
        return {
          status: 200,
          body: {
            requests: server.log.list({
              source: optionalSource(url),
              sinceMs: since === null ? undefined : Number(since),
            }),
          },
        };
      }
      case 'GET /stats':
        return {
          status: 200,
          body: {
            ...server.log.snapshot(),
            pendingFaults: server.faults.pending(),
            drifted: server.drifts.length,
            clock: clockBody(server),
          },
        };
      case 'GET /truth': {
        const source = url.searchParams.get('source') ?? undefined;
        if (source !== undefined && !isTruthSource(source)) {
          return { status: 400, body: { error: `unknown source "${source}"` } };
        }
        const tenant = url.searchParams.get('tenant');
        const atParam = url.searchParams.get('at');
        const tenants = new Map(
          [...server.tenantsSeen.entries()].map(([key, set]) => [key, new Set(set)]),
        );
        if (tenant && source && source !== 'hn') {
          const ats = Source.parse(source);
          if (
            ats === 'greenhouse' ||
            ats === 'lever' ||
            ats === 'ashby' ||
            ats === 'smartrecruiters'
          ) {
            tenants.set(ats, new Set([tenant]));
          }
        }
        const at =
          atParam === null
            ? server.clock.now()
            : Number.isNaN(Number(atParam))
              ? Date.parse(atParam)
              : Number(atParam);
        return {
          status: 200,
          body: computeTruth(server.world, server.hn, {
            at,
            tenants,
            source,
            drifts: server.drifts,
          }),
        };
      }
      case 'GET /missing-boards':
        return { status: 200, body: { boards: server.world.missingBoards() } };
      case 'PUT /missing-boards':
      case 'POST /missing-boards':
        server.world.setMissingBoards(MissingBoards.parse(body).boards);
        return { status: 200, body: { boards: server.world.missingBoards() } };
      case 'POST /reset':
        server.reset();
        return { status: 200, body: clockBody(server) };
      default:
        return { status: 404, body: { error: `no control route ${route}` } };
    }
  } catch (error) {
    if (error instanceof z.ZodError) {
      return { status: 400, body: { error: 'invalid request', issues: error.issues } };
    }
    if (error instanceof SyntaxError)
      return { status: 400, body: { error: `invalid JSON: ${error.message}` } };
    throw error;
  }
}
