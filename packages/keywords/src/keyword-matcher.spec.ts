import { loadDefaultKeywordList, parseKeywordList } from './keyword-list';
import { KeywordMatcher, tokenize } from './keyword-matcher';

const list = parseKeywordList({
  version: 'test-1',
  keywords: [
    { name: 'kubernetes', aliases: ['k8s'] },
    { name: 'typescript', aliases: ['ts'] },
    { name: 'go', matchName: false, aliases: ['golang'], exact: ['Go'] },
    { name: 'c++', aliases: ['cpp'] },
    { name: 'c#' },
    { name: '.net', aliases: ['dotnet', 'asp.net'] },
    { name: 'node.js', aliases: ['nodejs'] },
    { name: 'react native', aliases: ['react-native'] },
    { name: 'react' },
    { name: 'machine learning' },
    { name: 'ci/cd' },
    { name: 'apache kafka', aliases: ['kafka', 'kafka streams api'] },
  ],
});
const matcher = new KeywordMatcher(list);

describe('tokenize', () => {
  it('keeps the punctuation technology names are written with, and nothing else', () => {
    expect(tokenize('Use C++ and C# with .NET, Node.js. Done.')).toEqual([
      'Use',
      'C++',
      'and',
      'C#',
      'with',
      '.NET',
      'Node.js',
      'Done',
    ]);
    expect(tokenize('ts-node/k8s_io: (vue-router)')).toEqual([
      'ts',
      'node',
      'k8s_io',
      'vue',
      'router',
    ]);
    expect(tokenize('naïve café—tsé “ts”')).toEqual(['naïve', 'café', 'tsé', 'ts']);
    expect(tokenize('')).toEqual([]);
  });
});

describe('KeywordMatcher', () => {
  it.each([
    ['Deploying to K8S on Monday', ['kubernetes']],
    ['kubernetes/kubernetes', ['kubernetes']],
    ['Rewrite in TS', ['typescript']],
    ['tests and tsconfig and its', []],
    ['ts-node setup', ['typescript']],
    ['Let us go home', []],
    ['Written in Go, also golang', ['go']],
    ['c++ vs cpp vs c', ['c++']],
    ['C# and F#', ['c#']],
    ['.NET 8 with ASP.NET core', ['.net']],
    ['bump node.js and nodejs', ['node.js']],
    ['a React Native app in react-native', ['react', 'react native']],
    ['machine  learning\nmodels', ['machine learning']],
    ['machine code learning', []],
    ['CI/CD pipelines', ['ci/cd']],
    ['the Kafka Streams API', ['apache kafka']],
    ['typescripts', []],
    ['tsé', []],
    ['', []],
  ])('%j → %j', (text, expected) => {
    expect(matcher.match(text).sort()).toEqual([...expected].sort());
  });

  it('reports every occurrence to scan and each keyword once to match', () => {
    const seen: string[] = [];
    matcher.scan('k8s k8s kubernetes', (keyword) => seen.push(keyword));
    expect(seen).toEqual(['kubernetes', 'kubernetes', 'kubernetes']);
    expect(matcher.match('k8s k8s kubernetes')).toEqual(['kubernetes']);
  });

  it('matches text whose lower-case form has another length', () => {
    // 'İ' lower-cases to two code units; words after it must still be found.
    expect(matcher.match('İstanbul meetup about Kubernetes and TS')).toEqual([
      'kubernetes',
      'typescript',
    ]);
  });

  it('skips words longer than any term without losing the words around them', () => {
    expect(matcher.match(`${'x'.repeat(5000)} k8s`)).toEqual(['kubernetes']);
  });

  it('refuses a term listed under two keywords and an exact term of several words', () => {
    expect(
      () =>
        new KeywordMatcher(
          parseKeywordList({
            version: '1',
            keywords: [
              { name: 'a', aliases: ['x'] },
              { name: 'b', aliases: ['X'] },
            ],
          }),
        ),
    ).toThrow('term "x" is listed for both "a" and "b"');
    expect(
      () =>
        new KeywordMatcher(
          parseKeywordList({ version: '1', keywords: [{ name: 'a', exact: ['Big Data'] }] }),
        ),
    ).toThrow('exact term "Big Data" must be a single word');
  });
});

describe('keyword lists', () => {
  it('loads the shipped list, which builds a matcher', () => {
    const shipped = loadDefaultKeywordList();
    expect(shipped.keywords.length).toBeGreaterThan(100);
    const shippedMatcher = new KeywordMatcher(shipped);
    expect(shippedMatcher.match('Deploy the k8s operator written in Rust')).toEqual([
      'kubernetes',
      'rust',
    ]);
  });

  it('names the offending field of an invalid list', () => {
    expect(() => parseKeywordList({ version: '', keywords: [] }, 'list.json')).toThrow(
      /list\.json is invalid: version: .*; keywords: /,
    );
    expect(() =>
      parseKeywordList({
        version: '1',
        keywords: [{ name: 'a' }, { name: 'a' }, { name: 'b', matchName: false }],
      }),
    ).toThrow(
      /keywords\.1\.name: duplicate keyword name "a"; keywords\.2: keyword "b" has no term/,
    );
  });
});

describe('the hashed scan agrees with a plain word-by-word reference', () => {
  /** The obvious implementation: tokenize, lower-case, look every 1–3 word run up in a map. */
  function reference(text: string): string[] {
    const terms = new Map<string, string>();
    const exact = new Map<string, string>();
    for (const entry of list.keywords) {
      for (const term of entry.matchName ? [entry.name, ...entry.aliases] : entry.aliases) {
        terms.set(tokenize(term.toLowerCase()).join(' '), entry.name);
      }
      for (const term of entry.exact) exact.set(term, entry.name);
    }
    const words = tokenize(text);
    const found = new Set<string>();
    words.forEach((word, index) => {
      const exactName = exact.get(word);
      if (exactName) found.add(exactName);
      for (let n = 1; n <= 3 && index + n <= words.length; n++) {
        const name = terms.get(
          words
            .slice(index, index + n)
            .join(' ')
            .toLowerCase(),
        );
        if (name) found.add(name);
      }
    });
    return [...found].sort();
  }

  it('on random text built from terms, near-misses and punctuation', () => {
    const pieces = [
      'k8s',
      'K8S',
      'kubernetes',
      'ts',
      'TS',
      'tsx',
      'Go',
      'go',
      'golang',
      'c++',
      'C#',
      'c',
      '.NET',
      'asp.net',
      'node.js',
      'nodejs',
      'React',
      'Native',
      'react-native',
      'machine',
      'learning',
      'ci/cd',
      'kafka',
      'Streams',
      'API',
      'apache',
      'naïve',
      'tsé',
      'İ',
      '—',
      '.',
      ',',
      '/',
      '-',
      ' ',
      '\n',
      '(',
      '"',
      'x'.repeat(40),
      'reactnative',
      'typescript',
      'java',
      'script',
    ];
    let seed = 12345;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let round = 0; round < 3_000; round++) {
      let text = '';
      const count = 1 + Math.floor(random() * 12);
      for (let i = 0; i < count; i++) {
        text += pieces[Math.floor(random() * pieces.length)];
        if (random() < 0.6) text += ' ';
      }
      expect([text, matcher.match(text).sort()]).toEqual([text, reference(text)]);
    }
  });
});
