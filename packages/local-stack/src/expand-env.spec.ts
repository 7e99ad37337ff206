import { expandEnvValue } from './expand-env';

it('takes the caller’s variable when set and non-empty, else the default', () => {
  const value = '${GITHUB_API_URL:-http://127.0.0.1:19200}';
  expect(expandEnvValue(value, {})).toBe('http://127.0.0.1:19200');
  expect(expandEnvValue(value, { GITHUB_API_URL: '' })).toBe('http://127.0.0.1:19200');
  expect(expandEnvValue(value, { GITHUB_API_URL: 'https://api.github.com' })).toBe(
    'https://api.github.com',
  );
  expect(expandEnvValue('plain', {})).toBe('plain');
});
