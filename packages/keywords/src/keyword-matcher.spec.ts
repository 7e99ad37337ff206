import { parseKeywordList, type KeywordListInput } from './keyword-list';
import { CONTEXT_WINDOW, KeywordMatcher } from './keyword-matcher';
import { segmentsOf, tokenize } from './tokenizer';

const list = parseKeywordList({
  version: 'test-1',
  keywords: [
    { name: 'kubernetes', aliases: ['k8s'] },
    { name: 'typescript', aliases: ['ts'] },
    { name: 'javascript', aliases: ['js'] },
    { name: 'java' },
    { name: 'python', aliases: ['py'] },
    { name: 'pandas' },
    { name: 'pytorch', aliases: ['torch'] },
    { name: 'tensorflow', aliases: ['tf.keras'] },
    { name: 'keras' },
    { name: 'scikit-learn', aliases: ['sklearn'] },
    { name: 'aws' },
    { name: 's3' },
    { name: 'bigquery' },
    { name: 'kafka', aliases: ['apache kafka'] },
    { name: 'postgresql', aliases: ['postgres'] },
    { name: 'postgis', aliases: ['st_distance', 'st_dwithin'] },
    { name: 'redis' },
    { name: 'boto3' },
    { name: 'react', aliases: ['react.js'] },
    { name: 'react native', aliases: ['react-native'] },
    { name: 'c++', aliases: ['cpp'] },
    { name: 'c#' },
    { name: '.net', aliases: ['dotnet', 'asp.net'] },
    { name: 'node.js', aliases: ['nodejs'] },
    { name: 'next.js' },
    { name: 'websocket', aliases: ['socket.io'] },
    { name: 'llama.cpp' },
    { name: 'machine learning' },
    { name: 'ci/cd' },
    { name: 'ios', matchName: false, exact: ['iOS'] },
    {
      name: 'go',
      matchName: false,
      aliases: ['golang'],
      contextualExact: ['Go'],
      context: ['developer', 'written'],
      vetoNext: ['to', 'getter'],
    },
    {
      name: 'spark',
      matchName: false,
      aliases: ['apache spark', 'pyspark', 'spark sql'],
      contextual: ['spark'],
      context: ['job', 'jobs', 'etl', 'cluster'],
      vetoNext: ['of', 'joy'],
    },
    {
      name: 'ray',
      matchName: false,
      aliases: ['ray cluster'],
      contextual: ['ray'],
      context: ['serve', 'tune'],
      vetoNext: ['tracing'],
    },
    {
      name: 'c',
      matchName: false,
      contextualExact: ['C'],
      context: ['embedded', 'library'],
      vetoPrevious: ['series'],
    },
    { name: 'r', matchName: false, contextualExact: ['R'], context: ['tidyverse'] },
  ],
});
const matcher = new KeywordMatcher(list);
const found = (text: string) => matcher.match(text).sort();

describe('KeywordMatcher: whole words', () => {
  it.each([
    ['Deploying to K8S on Monday', ['kubernetes']],
    ['kubernetes/kubernetes', ['kubernetes']],
    ['tests and tsconfig and its', []],
    ['ts-node setup', ['typescript']],
    ['typescripts', []],
    ['tsé', []],
    ['a tsunami warning', []],
    ['google it, or go home', []],
    ['javascript is not java', ['java', 'javascript']],
    ['Written in GO or go', []],
    ['golang', ['go']],
    ['c++ vs cpp vs c', ['c++']],
    ['C# and F#', ['c#']],
    ['.NET 8 with ASP.NET core', ['.net']],
    ['bump node.js and nodejs', ['node.js']],
    ['iOS and ios', ['ios']],
    ['', []],
  ])('%j → %j', (text, expected) => {
    expect(found(text)).toEqual([...expected].sort());
  });
});

describe('KeywordMatcher: identifiers', () => {
  it.each([
    ['pandas.DataFrame', ['pandas']],
    ['torch.nn.functional', ['pytorch']],
    ['pyspark.sql.functions', ['spark']],
    ['aws_s3_bucket', ['aws', 's3']],
    ['google_bigquery_dataset', ['bigquery']],
    ['kafka_consumer', ['kafka']],
    ['postgres_fdw', ['postgresql']],
    ['redis.Redis', ['redis']],
    ['sklearn.linear_model', ['scikit-learn']],
    ['SELECT ST_Distance(a, b)', ['postgis']],
    ["boto3.client('s3')", ['boto3', 's3']],
    ['React.useState', ['react']],
    ['k8s.io/api', ['kubernetes']],
    ['__init__.py', ['python']],
  ])('%j → %j', (text, expected) => {
    expect(found(text)).toEqual([...expected].sort());
  });

  it('matches the longest run of segments first and not its parts again', () => {
    // node.js is a term: its `js` segment is not javascript; llama.cpp is not c++.
    expect(found('node.js, next.js, react.js, socket.io and llama.cpp')).toEqual(
      ['llama.cpp', 'next.js', 'node.js', 'react', 'websocket'].sort(),
    );
    expect(found('app.js')).toEqual(['javascript']);
    // tf.keras is one dotted term (TensorFlow's Keras); keras.layers is keras.
    expect(found('tf.keras and keras.layers')).toEqual(['keras', 'tensorflow']);
    expect(found('ASP.NET.Core')).toEqual(['.net']);
  });

  it('matches one-letter terms only as whole tokens', () => {
    expect(found('Send your C.V. and R.I.P. to jobs@acme.io')).toEqual([]);
    expect(found('C embedded library, and R with the tidyverse')).toEqual(['c', 'r']);
  });

  it('tries a token again without its trailing + or #', () => {
    expect(found('React+TS and python+kafka')).toEqual(['kafka', 'python', 'react', 'typescript']);
    expect(found('c++ and c#')).toEqual(['c#', 'c++']);
  });
});

describe('KeywordMatcher: context rules', () => {
  it('needs context for a contextual term', () => {
    expect(found('a spark of genius')).toEqual([]);
    expect(found('the spark that started it')).toEqual([]);
    expect(found('Apache Spark and Spark SQL, via PySpark')).toEqual(['spark']);
  });

  it('counts a context word of the keyword within the window on either side', () => {
    expect(found('spark jobs')).toEqual(['spark']);
    expect(found('our nightly etl runs on spark')).toEqual(['spark']);
    const far = `etl ${'word '.repeat(CONTEXT_WINDOW)}spark`;
    expect(found(far)).toEqual([]);
    const near = `etl ${'word '.repeat(CONTEXT_WINDOW - 1)}spark`;
    expect(found(near)).toEqual(['spark']);
  });

  it('counts another accepted match within the window on either side', () => {
    expect(found('Python, Go and Kubernetes')).toEqual(['go', 'kubernetes', 'python']);
    expect(found('spark and kafka')).toEqual(['kafka', 'spark']);
    expect(found('kafka and then after that spark')).toEqual(['kafka']);
  });

  it('lets a confirmed contextual match confirm the next one', () => {
    // Go is confirmed by `developer`; ray is within the window of that accepted Go only.
    expect(found('Go developer, ray')).toEqual(['go', 'ray']);
  });

  it('counts a version number right after the term', () => {
    expect(found('Go 1.23 is out')).toEqual(['go']);
    expect(found('upgraded spark to 3.5.1')).toEqual([]);
    expect(found('spark 3.5.1 upgrade')).toEqual(['spark']);
    expect(found('Go v2.1')).toEqual(['go']);
  });

  it('counts a segment of a dotted or underscored identifier, but not an e-mail name', () => {
    expect(found('spark.read.parquet(path)')).toEqual(['spark']);
    expect(found('ray_cluster_config')).toEqual(['ray']);
    expect(found('mail ray.smith@acme.io about python')).toEqual(['python']);
  });

  it('does not carry context across a sentence end or a blank line', () => {
    expect(found('We use Python. Go to the settings page')).toEqual(['python']);
    expect(found('We use Python. Go developer wanted')).toEqual(['go', 'python']);
    expect(found('Python\n\nspark')).toEqual(['python']);
    expect(found('Python\n- spark')).toEqual(['python', 'spark']);
  });

  it('applies case rules: exact and contextual-exact terms', () => {
    expect(found('Go developer')).toEqual(['go']);
    expect(found('go developer')).toEqual([]);
    expect(found('GO developer')).toEqual([]);
  });

  it('drops a contextual term followed or preceded by a veto word', () => {
    expect(found('Go to Settings, then Kubernetes')).toEqual(['kubernetes']);
    expect(found('ray tracing with Python')).toEqual(['python']);
    expect(found('ray_tracing.py')).toEqual(['python']);
    expect(found('Ray cluster, Ray Serve and ray tune')).toEqual(['ray']);
    expect(found('a Series C startup using C++')).toEqual(['c++']);
    expect(found('C and C++')).toEqual(['c', 'c++']);
    expect(found('go-getter with Python')).toEqual(['python']);
    // Plain terms of the same keywords are never vetoed.
    expect(found('from golang to Rust, Spark SQL of course')).toEqual(['go', 'spark']);
    expect(found('a Ray cluster tracing')).toEqual(['ray']);
  });

  it("counts the list's common context words for every contextual term", () => {
    const withCommon = new KeywordMatcher(
      parseKeywordList({
        version: '1',
        context: ['bump'],
        keywords: [
          { name: 'celery', matchName: false, contextual: ['celery'], context: ['worker'] },
          { name: 'kafka' },
        ],
      }),
    );
    expect(withCommon.match('bump celery from 5.3 to 5.4')).toEqual(['celery']);
    expect(withCommon.match('celery worker')).toEqual(['celery']);
    expect(withCommon.match('celery and carrots')).toEqual([]);
  });

  it('reports a confirmed match once per occurrence, like every other match', () => {
    const seen: string[] = [];
    matcher.scan('spark jobs and spark clusters', (keyword) => seen.push(keyword));
    expect(seen).toEqual(['spark', 'spark']);
  });
});

describe('KeywordMatcher: phrases and occurrences', () => {
  it.each([
    ['a React Native app in react-native', ['react', 'react native']],
    ['machine  learning\nmodels', ['machine learning']],
    ['machine code learning', []],
    ['machine. learning', []],
    ['CI/CD pipelines', ['ci/cd']],
    ['the Apache Kafka docs', ['kafka']],
  ])('%j → %j', (text, expected) => {
    expect(found(text)).toEqual([...expected].sort());
  });

  it('matches phrases of a list that has no one-word terms', () => {
    const phrasesOnly = new KeywordMatcher(
      parseKeywordList({ version: '1', keywords: [{ name: 'machine learning' }] }),
    );
    expect(phrasesOnly.match('Machine Learning engineers')).toEqual(['machine learning']);
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
    expect(matcher.match(`${'x_'.repeat(3000)}kafka`)).toEqual(['kafka']);
  });
});

describe('KeywordMatcher: list errors', () => {
  const build = (keywords: KeywordListInput['keywords']) =>
    new KeywordMatcher(parseKeywordList({ version: '1', keywords }));

  it('refuses a term listed under two keywords, in two cases, or both plain and contextual', () => {
    expect(() =>
      build([
        { name: 'a', aliases: ['x'] },
        { name: 'b', aliases: ['X'] },
      ]),
    ).toThrow('term "x" is listed for both "a" and "b"');
    expect(() => build([{ name: 'a', aliases: ['x'], exact: ['X'] }])).toThrow(
      'keyword "a": term "X" is listed both in any case and with exact case',
    );
    expect(() => build([{ name: 'spark', contextual: ['spark'] }])).toThrow(
      'keyword "spark": term "spark" is listed both as a plain and as a contextual term',
    );
    expect(() =>
      build([
        { name: 'a', exact: ['Go'] },
        { name: 'b', exact: ['GO'] },
      ]),
    ).toThrow('term "go" is listed for both "a" and "b"');
  });

  it('refuses exact and contextual terms of several words, and terms that cannot match', () => {
    expect(() => build([{ name: 'a', exact: ['Big Data'] }])).toThrow(
      'exact and contextual term "Big Data" must be a single word',
    );
    expect(() => build([{ name: 'a', matchName: false, contextual: ['big data'] }])).toThrow(
      'must be a single word',
    );
    expect(() => build([{ name: 'a', aliases: ['foo_'] }])).toThrow(
      'term "foo_" starts or ends with a segment separator',
    );
    expect(() => build([{ name: 'a', aliases: ['+'] }])).toThrow(
      'keyword "a": term "+" contains no word characters',
    );
  });
});

describe('the hashed scan agrees with a plain token-by-token reference', () => {
  /**
   * The obvious implementation of the plain (non-contextual) rules: split sentences, tokenize,
   * look every 1–3 token run up as a phrase, and match each token's segments leftmost-longest.
   */
  function reference(text: string): string[] {
    const terms = new Map<string, string>();
    const exact = new Map<string, string>();
    for (const entry of list.keywords) {
      for (const term of entry.matchName ? [entry.name, ...entry.aliases] : entry.aliases) {
        terms.set(tokenize(term.toLowerCase()).join(' '), entry.name);
      }
      for (const term of entry.exact) exact.set(term, entry.name);
    }
    const lookup = (run: string) => exact.get(run) ?? terms.get(run.toLowerCase());
    const found = new Set<string>();
    for (const sentence of text.split(/[.!?](?=\s|$)|\n[^\S\n]*\n/)) {
      const tokens = tokenize(sentence);
      tokens.forEach((token, index) => {
        for (let n = 2; n <= 3 && index + n <= tokens.length; n++) {
          const name = terms.get(
            tokens
              .slice(index, index + n)
              .join(' ')
              .toLowerCase(),
          );
          if (name) found.add(name);
        }
        const spans = segmentSpans(token);
        for (let s = 0; s < spans.length;) {
          let matched = 0;
          for (let span = spans.length - s; span >= 1 && matched === 0; span--) {
            const run = token.slice(spans[s]![0], spans[s + span - 1]![1]);
            if (spans.length > 1 && run.length === 1) continue;
            const bare = run.replace(/[+#]+$/, '');
            const last = s + span === spans.length;
            const name = lookup(run) ?? (last && bare !== run ? lookup(bare) : undefined);
            if (name) {
              found.add(name);
              matched = span;
            }
          }
          s += matched === 0 ? 1 : matched;
        }
      });
    }
    return [...found].sort();
  }

  /** Where each of segmentsOf(token) starts and ends in the token. */
  function segmentSpans(token: string): [number, number][] {
    const spans: [number, number][] = [];
    let from = 0;
    for (const segment of segmentsOf(token)) {
      const start = token.indexOf(segment, from);
      spans.push([start, start + segment.length]);
      from = start + segment.length;
    }
    return spans;
  }

  it('on random text built from terms, near-misses, identifiers and punctuation', () => {
    const pieces = [
      'k8s',
      'K8S',
      'kubernetes',
      'ts',
      'TS',
      'tsx',
      'golang',
      'c++',
      'C#',
      '.NET',
      'asp.net',
      'node.js',
      'nodejs',
      'app.js',
      'React',
      'Native',
      'react-native',
      'machine',
      'learning',
      'ci/cd',
      'kafka',
      'kafka_consumer',
      'aws_s3_bucket',
      'pandas.DataFrame',
      'tf.keras',
      'llama.cpp',
      'React+',
      'Apache',
      'iOS',
      'ios',
      'naïve',
      'tsé',
      'İ',
      '—',
      '.',
      '. ',
      '\n\n',
      ',',
      '/',
      '-',
      '_',
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
