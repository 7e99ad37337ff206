import { segmentsOf, tokenize } from './tokenizer';

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

  it('keeps dotted identifiers and & between letters in one token', () => {
    expect(tokenize("boto3.client('s3') and torch.nn.functional")).toEqual([
      'boto3.client',
      's3',
      'and',
      'torch.nn.functional',
    ]);
    expect(tokenize('R&D at AT&T; Q & A')).toEqual(['R&D', 'at', 'AT&T', 'Q', 'A']);
    expect(tokenize('end of sentence. Next')).toEqual(['end', 'of', 'sentence', 'Next']);
  });
});

describe('segmentsOf', () => {
  it.each([
    ['aws_s3_bucket', ['aws', 's3', 'bucket']],
    ['torch.nn.functional', ['torch', 'nn', 'functional']],
    ['__init__', ['init']],
    ['.net', ['.net']],
    ['asp.net', ['asp', 'net']],
    ['c++', ['c++']],
    ['R&D', ['R&D']],
    ['a__b', ['a', 'b']],
  ])('%s → %j', (token, segments) => {
    expect(segmentsOf(token)).toEqual(segments);
  });
});
