import { ConfigError } from '@tributary/runtime';
import { loadSinkConfig } from './env';

const required = {
  SINK_TOPICS: 'github.events.matched',
  TRIBUTARY_KAFKA_BROKERS: '127.0.0.1:1',
  TRIBUTARY_S3_BUCKET: 'bronze',
};

describe('SINK_DECODER', () => {
  it('is native by default, and the native addon loads', () => {
    expect(loadSinkConfig(required).decoder).toBe('native');
  });

  it('selects the JavaScript decoder explicitly', () => {
    expect(loadSinkConfig({ ...required, SINK_DECODER: 'js' }).decoder).toBe('js');
  });

  it('names itself and its values when it is wrong', () => {
    let thrown: unknown;
    try {
      loadSinkConfig({ ...required, SINK_DECODER: 'wasm' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).issues.join('\n')).toMatch(/SINK_DECODER: .*"native"\|"js"/);
  });
});

describe('SINK_DECODER=native without the addon', () => {
  it('refuses to start, naming SINK_DECODER and the way out, instead of decoding another way', () => {
    jest.isolateModules(() => {
      jest.doMock('@tributary/sink-native', () => ({
        loadSinkNative: () => {
          throw new Error('dist/sink-native.node is not built');
        },
      }));
      const isolated = jest.requireActual<typeof import('./env')>('./env');
      expect(() => isolated.loadSinkConfig(required)).toThrow(
        /SINK_DECODER: the native decoder cannot be loaded \(dist\/sink-native.node is not built\); run \.\/tributary setup, or set SINK_DECODER=js/,
      );
      expect(isolated.loadSinkConfig({ ...required, SINK_DECODER: 'js' }).decoder).toBe('js');
    });
  });
});
