import type { Paint } from '../term';

type Level = { name: string; style?: 'red' | 'yellow' | 'dim' };

/** pino writes levels as numbers by default, or as labels when configured to (ours are labels). */
const LEVELS: Record<string, Level> = {
  10: { name: 'TRACE', style: 'dim' },
  20: { name: 'DEBUG', style: 'dim' },
  30: { name: 'INFO' },
  40: { name: 'WARN', style: 'yellow' },
  50: { name: 'ERROR', style: 'red' },
  60: { name: 'FATAL', style: 'red' },
  trace: { name: 'TRACE', style: 'dim' },
  debug: { name: 'DEBUG', style: 'dim' },
  info: { name: 'INFO' },
  warn: { name: 'WARN', style: 'yellow' },
  error: { name: 'ERROR', style: 'red' },
  fatal: { name: 'FATAL', style: 'red' },
};

/** Fields every pino line carries that say nothing new in a terminal. */
const OMITTED = new Set(['level', 'time', 'pid', 'hostname', 'app', 'msg']);
const MAX_VALUE_CHARS = 240;

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /\s|"/.test(value) ? JSON.stringify(value) : value;
  if (value && typeof value === 'object' && 'message' in value) {
    // A serialized error: its message (with its code), not its stack; the file keeps everything.
    const error = value as { message: unknown; code?: unknown };
    const code = typeof error.code === 'string' ? `${error.code}: ` : '';
    return JSON.stringify(`${code}${String(error.message)}`);
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

/**
 * One app output line for a person: a pino JSON line becomes `LEVEL message key=value …` (without
 * time, pid and host); anything else is shown as it came. Log files keep the raw line.
 */
export function formatAppLine(line: string, paint: Paint): string {
  if (!line.startsWith('{')) return line;
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const levelKey = record.level;
  if (
    (typeof levelKey !== 'number' && typeof levelKey !== 'string') ||
    typeof record.msg !== 'string'
  ) {
    return line;
  }
  const level = LEVELS[String(levelKey)] ?? { name: String(levelKey).toUpperCase() };
  const fields = Object.entries(record)
    .filter(([key, value]) => !OMITTED.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${formatValue(value)}`);
  const head = level.style ? paint(level.style, level.name.padEnd(5)) : level.name.padEnd(5);
  return [head, record.msg, ...fields].join(' ');
}
