import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { ScriptedFault } from './faults';
import { dateOfGameId, datesBetween, isoDateToMs } from './schedule';
import { SiteConfigPatch } from './site-config';
import type { ShotChartSite } from './site-server';
import { truthGame, truthShots, type TruthGame, type TruthShot } from './truth';

/** `GET /_control/truth`: the games by date and, when asked, every shot's normalized facts. */
export interface TruthResponse {
  seed: number;
  from: string;
  to: string;
  dates: { date: string; games: TruthGame[] }[];
  shots?: TruthShot[];
}

/** A control request that cannot be carried out; answered 400 with this code and message. */
export class ControlRequestError extends Error {
  readonly code = 'CONTROL_BAD_REQUEST';
  readonly retriable = false;

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'ControlRequestError';
  }
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ControlRequestError('body is not JSON', { cause: error });
  }
}

function parse<Schema extends z.ZodType>(schema: Schema, value: unknown): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ControlRequestError(z.prettifyError(result.error), { cause: result.error });
}

const TruthQuery = z.object({
  date: z.string().optional(),
  gameId: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  shots: z.enum(['true', 'false']).optional(),
});

/**
 * Truth for one game (`gameId`), one date (`date`) or a range (`from`/`to`, default the whole
 * season). Shots come with a game or a date unless `shots=false`, and with a range only if
 * `shots=true` (a season is hundreds of thousands of shots).
 */
export function buildTruth(site: ShotChartSite, query: URLSearchParams): TruthResponse {
  const { league } = site;
  const params = parse(TruthQuery, Object.fromEntries(query));
  let dates: string[];
  if (params.gameId !== undefined) {
    const date = dateOfGameId(params.gameId);
    if (date === undefined || !league.game(params.gameId)) {
      throw new ControlRequestError(`no game ${params.gameId} in ${league.from}..${league.to}`);
    }
    dates = [date];
  } else if (params.date !== undefined) {
    if (isoDateToMs(params.date) === undefined)
      throw new ControlRequestError(`bad date ${params.date}`);
    dates = [params.date];
  } else {
    const from = params.from ?? league.from;
    const to = params.to ?? league.to;
    if (isoDateToMs(from) === undefined || isoDateToMs(to) === undefined || from > to) {
      throw new ControlRequestError(`bad range ${from}..${to}`);
    }
    dates = datesBetween(from < league.from ? league.from : from, to > league.to ? league.to : to);
  }
  const single = params.gameId !== undefined || params.date !== undefined;
  const withShots = params.shots === undefined ? single : params.shots === 'true';
  const shots: TruthShot[] = [];
  const byDate = dates.map((date) => {
    const games = league
      .day(date)
      .filter((game) => params.gameId === undefined || game.gameId === params.gameId);
    if (withShots) for (const game of games) shots.push(...truthShots(game));
    return { date, games: games.map(truthGame) };
  });
  return {
    seed: league.seed,
    from: league.from,
    to: league.to,
    dates: byDate,
    ...(withShots ? { shots } : {}),
  };
}

const ResetBody = z.object({ config: z.boolean().default(false) }).strict();
const LogQuery = z.object({
  since: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().positive().max(200_000).default(10_000),
});

/** `/_control/*`: JSON in, JSON out; never rate limited, never logged. */
export async function handleControl(
  site: ShotChartSite,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const reply = (status: number, value: unknown): void => {
    response
      .writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
      .end(JSON.stringify(value));
  };
  try {
    const route = `${request.method ?? 'GET'} ${url.pathname}`;
    switch (route) {
      case 'GET /_control/log': {
        const { since, limit } = parse(LogQuery, Object.fromEntries(url.searchParams));
        const entries = site.log.since(since, limit);
        return reply(200, { entries, next: entries.at(-1)?.seq ?? since });
      }
      case 'GET /_control/stats':
        return reply(200, {
          ...site.log.stats,
          clients: site.limiter.snapshot(),
          pendingFaults: site.faults.list(),
          config: site.currentConfig(),
        });
      case 'GET /_control/truth':
        return reply(200, buildTruth(site, url.searchParams));
      case 'GET /_control/crawl-size':
        return reply(200, site.league.crawlSize());
      case 'GET /_control/faults':
        return reply(200, site.faults.list());
      case 'POST /_control/faults': {
        site.addFaults(parse(z.array(ScriptedFault), await readJson(request)));
        return reply(200, { pending: site.faults.list() });
      }
      case 'DELETE /_control/faults':
        site.faults.clear();
        return reply(200, { pending: [] });
      case 'GET /_control/config':
        return reply(200, site.currentConfig());
      case 'POST /_control/config':
        return reply(200, site.updateConfig(parse(SiteConfigPatch, await readJson(request))));
      case 'POST /_control/reset':
        site.reset(parse(ResetBody, await readJson(request)));
        return reply(200, { config: site.currentConfig() });
      default:
        return reply(404, { error: 'CONTROL_NOT_FOUND', message: `no control route ${route}` });
    }
  } catch (error) {
    if (!(error instanceof ControlRequestError)) throw error;
    return reply(400, { error: error.code, message: error.message });
  }
}
