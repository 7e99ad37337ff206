import { envExports } from './env-exports';

const stack = {
  TRIBUTARY_KAFKA_BROKERS: '127.0.0.1:19092',
  AWS_ACCESS_KEY_ID: 'tributary-1234',
  AWS_SECRET_ACCESS_KEY: "s3cr'et",
  AWS_REGION: 'us-east-1',
};

describe('envExports', () => {
  it('prints every variable, shell-quoted, when the caller has no AWS identity', () => {
    expect(envExports(stack, {}, false)).toEqual({
      lines: [
        "export TRIBUTARY_KAFKA_BROKERS='127.0.0.1:19092'",
        "export AWS_ACCESS_KEY_ID='tributary-1234'",
        "export AWS_SECRET_ACCESS_KEY='s3cr'\\''et'",
        "export AWS_REGION='us-east-1'",
      ],
      kept: [],
    });
  });

  it("keeps the caller's own credentials as a pair, and a region of its own", () => {
    const result = envExports(
      stack,
      { AWS_ACCESS_KEY_ID: 'AKIAREAL', AWS_REGION: 'eu-west-1' },
      false,
    );
    expect(result).toEqual({
      lines: ["export TRIBUTARY_KAFKA_BROKERS='127.0.0.1:19092'"],
      kept: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION'],
    });
  });

  it('treats a profile as an identity of its own (exported keys would override it)', () => {
    expect(envExports(stack, { AWS_PROFILE: 'work' }, false).kept).toEqual([
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
    ]);
  });

  it("prints them again when the shell holds the stack's own values (a second eval)", () => {
    expect(envExports(stack, { ...stack }, false).kept).toEqual([]);
  });

  it('replaces them when asked', () => {
    const result = envExports(stack, { AWS_ACCESS_KEY_ID: 'AKIAREAL' }, true);
    expect(result.kept).toEqual([]);
    expect(result.lines).toContain("export AWS_ACCESS_KEY_ID='tributary-1234'");
  });
});
