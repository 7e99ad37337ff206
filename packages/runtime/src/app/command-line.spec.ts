import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { EXIT_USAGE, parseCommandLine, UsageError } from './command-line';

const APP = join(__dirname, '..', '..', 'test-fixtures', 'command-line-app.mts');

function run(args: string[]) {
  return spawnSync(process.execPath, [APP, ...args], {
    env: { PATH: process.env.PATH ?? '', OPS_PORT: '0' },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('parseCommandLine', () => {
  it('returns the options and positionals', () => {
    const { values, positionals } = parseCommandLine(['greet', '--name', 'Ada'], {
      name: { type: 'string' },
    });
    expect(values.name).toBe('Ada');
    expect(positionals).toEqual(['greet']);
  });

  it("throws Node's complaint about an unknown option as a UsageError", () => {
    expect(() => parseCommandLine(['--colour', 'red'], { name: { type: 'string' } })).toThrow(
      UsageError,
    );
    expect(() => parseCommandLine(['--colour'], { name: { type: 'string' } })).toThrow(/--colour/);
  });
});

describe('runCommandLine', () => {
  it('prints the usage on stdout and exits 0 for help, starting nothing', () => {
    const result = run(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('usage:\n  command-line-app [greet --name <who>]\n');
  });

  it(`exits ${EXIT_USAGE} with the reason and the usage on stderr for a malformed command line`, () => {
    for (const args of [['bogus'], ['greet'], ['--colour', 'red']]) {
      const result = run(args);
      expect(result.status).toBe(EXIT_USAGE);
      expect(result.stderr).toContain('usage:\n  command-line-app');
      expect(result.stdout).toBe('');
    }
    expect(run(['bogus']).stderr).toMatch(/^unknown command "bogus"\n/);
    expect(run(['greet']).stderr).toMatch(/^greet needs --name\n/);
  });

  it('runs a one-off command through the app, then exits 0', () => {
    const result = run(['greet', '--name', 'Ada']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('hello Ada\n');
    expect(result.status).toBe(0);
  });
});
