import { z } from 'zod';
import { util } from 'zod/v4/core';
import type { BronzeType, TopicSpec } from '@tributary/schemas';

/*
 * A topic's zod schema and columns as data, for the native decoder (packages/sink-native): the rules
 * are read from the registry's schema itself, never written by hand, and mean what zod means. A
 * schema with anything that is code rather than data (a refinement, a transform, a URL check) or a
 * column without a declarative path cannot be decoded natively; such a topic is decoded by zod.
 */

/** One rule of the tree the native decoder checks (packages/sink-native/src/rules.rs). */
export type NativeRule =
  | { kind: 'unknown' | 'undefined' | 'null' | 'boolean' | 'never' }
  | {
      kind: 'string';
      min_length?: number;
      max_length?: number;
      patterns: { source: string; flags: string }[];
    }
  | {
      kind: 'number';
      integer: boolean;
      safe_integer: boolean;
      bounds: { lower: boolean; value: number; inclusive: boolean }[];
    }
  | { kind: 'literal'; values: (string | number | boolean | null)[] }
  | { kind: 'optional' | 'nullable'; inner: NativeRule }
  | { kind: 'array'; element: NativeRule; min_length?: number; max_length?: number }
  | { kind: 'object'; shape: [string, NativeRule][]; catchall?: NativeRule }
  | { kind: 'record'; key: NativeRule; value: NativeRule }
  | { kind: 'union'; options: NativeRule[] };

export interface NativeProgram {
  schema: NativeRule;
  columns: { name: string; type: BronzeType; path: string[] }[];
  eventTimePath: string[] | null;
}

export type NativeSupport =
  { native: true; program: NativeProgram } | { native: false; reason: string };

/** Thrown inside the compiler for a construct that has no native rule. */
class NotNative extends Error {}

/** String formats that are a regular expression and nothing else (zod's `$ZodStringFormat` without a check of its own). */
const PATTERN_FORMATS = new Set([
  'regex',
  'datetime',
  'date',
  'time',
  'duration',
  'email',
  'uuid',
  'guid',
  'nanoid',
  'cuid',
  'cuid2',
  'ulid',
  'xid',
  'ksuid',
  'ipv4',
  'cidrv4',
  'e164',
  'lowercase',
  'uppercase',
]);

type Schema = z.core.$ZodTypes;
type Check = z.core.$ZodChecks | z.core.$ZodStringFormatChecks;

function pattern(regex: RegExp | undefined, where: string): { source: string; flags: string } {
  if (!regex) throw new NotNative(`${where} has no pattern`);
  return { source: regex.source, flags: regex.flags };
}

function stringRule(schema: z.core.$ZodString, checks: readonly Check[]): NativeRule {
  const rule: Extract<NativeRule, { kind: 'string' }> = { kind: 'string', patterns: [] };
  const all: { def: Check['_zod']['def'] }[] = [...checks.map((check) => check._zod)];
  // A format schema (z.iso.datetime(), z.email()) is a string with its own format check.
  if ('check' in schema._zod.def) all.unshift({ def: schema._zod.def as Check['_zod']['def'] });
  for (const { def } of all) {
    switch (def.check) {
      case 'min_length':
        rule.min_length = Math.max(rule.min_length ?? 0, def.minimum);
        break;
      case 'max_length':
        rule.max_length = Math.min(rule.max_length ?? Infinity, def.maximum);
        break;
      case 'length_equals':
        rule.min_length = Math.max(rule.min_length ?? 0, def.length);
        rule.max_length = Math.min(rule.max_length ?? Infinity, def.length);
        break;
      case 'string_format':
        if (!PATTERN_FORMATS.has(def.format))
          throw new NotNative(`the string format '${def.format}' is code`);
        rule.patterns.push(pattern(def.pattern, `the string format '${def.format}'`));
        break;
      default:
        throw new NotNative(`the string check '${def.check}' is code`);
    }
  }
  return rule;
}

function numberRule(checks: readonly Check[]): NativeRule {
  const rule: Extract<NativeRule, { kind: 'number' }> = {
    kind: 'number',
    integer: false,
    safe_integer: false,
    bounds: [],
  };
  for (const { _zod } of checks) {
    const def = _zod.def;
    switch (def.check) {
      case 'number_format': {
        const format = def.format;
        const [minimum, maximum] = util.NUMBER_FORMAT_RANGES[format];
        rule.integer ||= format.includes('int');
        rule.safe_integer ||= format === 'safeint';
        rule.bounds.push({ lower: true, value: minimum, inclusive: true });
        rule.bounds.push({ lower: false, value: maximum, inclusive: true });
        break;
      }
      case 'greater_than':
      case 'less_than':
        if (typeof def.value !== 'number') throw new NotNative('a bound that is not a number');
        rule.bounds.push({
          lower: def.check === 'greater_than',
          value: def.value,
          inclusive: def.inclusive,
        });
        break;
      default:
        throw new NotNative(`the number check '${def.check}' is code`);
    }
  }
  return rule;
}

function lengths(checks: readonly Check[]): { min_length?: number; max_length?: number } {
  const bounds: { min_length?: number; max_length?: number } = {};
  for (const { _zod } of checks) {
    const def = _zod.def;
    if (def.check === 'min_length')
      bounds.min_length = Math.max(bounds.min_length ?? 0, def.minimum);
    else if (def.check === 'max_length')
      bounds.max_length = Math.min(bounds.max_length ?? Infinity, def.maximum);
    else if (def.check === 'length_equals') {
      bounds.min_length = Math.max(bounds.min_length ?? 0, def.length);
      bounds.max_length = Math.min(bounds.max_length ?? Infinity, def.length);
    } else throw new NotNative(`the array check '${def.check}' is code`);
  }
  return bounds;
}

function literalValue(value: unknown): string | number | boolean | null {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
    return value as string | number | boolean | null;
  throw new NotNative(`a ${typeof value} literal has no JSON form`);
}

function compile(schema: Schema): NativeRule {
  const def = schema._zod.def;
  const checks = (def.checks ?? []) as unknown as readonly Check[];
  const noChecks = (what: string) => {
    if (checks.length > 0) throw new NotNative(`${what} with a refinement`);
  };
  switch (def.type) {
    case 'string':
      return stringRule(schema as z.core.$ZodString, checks);
    case 'number':
      if (def.coerce) throw new NotNative('a coerced number');
      return numberRule(checks);
    case 'boolean':
      noChecks('a boolean');
      if (def.coerce) throw new NotNative('a coerced boolean');
      return { kind: 'boolean' };
    case 'null':
    case 'undefined':
    case 'unknown':
    case 'never':
      noChecks(`a ${def.type}`);
      return { kind: def.type };
    case 'any':
      noChecks('any');
      return { kind: 'unknown' };
    case 'literal':
      noChecks('a literal');
      return { kind: 'literal', values: def.values.map(literalValue) };
    case 'enum':
      noChecks('an enum');
      return { kind: 'literal', values: Object.values(def.entries).map(literalValue) };
    case 'optional':
    case 'nullable':
      noChecks(`an ${def.type}`);
      return { kind: def.type, inner: compile(def.innerType as Schema) };
    case 'array':
      return { kind: 'array', element: compile(def.element as Schema), ...lengths(checks) };
    case 'object': {
      noChecks('an object');
      const shape = Object.entries(def.shape).map(([key, value]): [string, NativeRule] => [
        key,
        compile(value as Schema),
      ]);
      return def.catchall
        ? { kind: 'object', shape, catchall: compile(def.catchall as Schema) }
        : { kind: 'object', shape };
    }
    case 'record': {
      noChecks('a record');
      const key = compile(def.keyType as Schema);
      if (key.kind !== 'string' || key.patterns.length > 0 || key.min_length || key.max_length)
        throw new NotNative('a record whose keys are not plain strings');
      return { kind: 'record', key, value: compile(def.valueType as Schema) };
    }
    case 'union':
      noChecks('a union');
      // A discriminated union accepts what one of its options accepts: options differ in the
      // discriminator, so no other option can accept it.
      return { kind: 'union', options: def.options.map((option) => compile(option as Schema)) };
    default:
      throw new NotNative(`a ${def.type} schema`);
  }
}

/** The native program of a registered topic, or why it has none. */
export function nativeProgram(spec: TopicSpec): NativeSupport {
  try {
    const columns = spec.columns.map((column) => {
      if (!column.path) throw new NotNative(`the column ${column.name} has no declarative path`);
      return { name: column.name, type: column.type, path: [...column.path] };
    });
    if (!spec.eventTimePath) throw new NotNative('the event time has no declarative path');
    return {
      native: true,
      program: {
        schema: compile(spec.schema as unknown as Schema),
        columns,
        eventTimePath: [...spec.eventTimePath],
      },
    };
  } catch (error) {
    if (error instanceof NotNative) return { native: false, reason: error.message };
    throw error;
  }
}
