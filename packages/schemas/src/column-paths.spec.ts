import { valueAtPath } from './bronze';
import { sampleRecord } from './samples';
import { TOPIC_REGISTRY } from './topics';

/**
 * A column's declarative `path` (read by the sink's native decoder) must give what its `value`
 * accessor gives (read by the JavaScript decoder), on every sample and on variants with the
 * optional and nullable parts left out.
 */
function variants(record: unknown): unknown[] {
  const copy = () => JSON.parse(JSON.stringify(record)) as Record<string, Record<string, unknown>>;
  const out: unknown[] = [record];
  const withoutOrg = copy();
  if (withoutOrg.event) {
    delete withoutOrg.event.org;
    out.push(withoutOrg);
    const withOrg = copy();
    withOrg.event!.org = { ...(withOrg.event!.actor as object), login: 'the-org' };
    out.push(withOrg);
    const nullType = copy();
    nullType.event!.type = null;
    nullType.event!.created_at = null;
    out.push(nullType);
  }
  return out;
}

describe('declarative column paths agree with the column accessors', () => {
  for (const spec of TOPIC_REGISTRY) {
    const withPaths = spec.columns.filter((column) => column.path !== undefined);
    if (withPaths.length === 0 && !spec.eventTimePath) continue;

    it(`${spec.topic}: every path gives the accessor's value`, () => {
      for (let n = 0; n < 20; n++) {
        for (const record of variants(sampleRecord(spec.topic, n))) {
          const parsed = spec.schema.parse(record);
          for (const column of withPaths)
            expect([column.name, valueAtPath(parsed, column.path!)]).toEqual([
              column.name,
              column.value(parsed) ?? null,
            ]);
          if (spec.eventTimePath)
            expect(valueAtPath(parsed, spec.eventTimePath)).toEqual(spec.eventTime(parsed));
        }
      }
    });
  }

  it('reads null where a step is missing or not an object', () => {
    expect(valueAtPath({ a: { b: 1 } }, ['a', 'b'])).toBe(1);
    expect(valueAtPath({ a: null }, ['a', 'b'])).toBeNull();
    expect(valueAtPath({ a: [1] }, ['a', '0'])).toBeNull();
    expect(valueAtPath({}, ['a'])).toBeNull();
  });
});
