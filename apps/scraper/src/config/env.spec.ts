import { ConfigError } from '@tributary/runtime';
import { frontierTopic, loadConfig, topicName } from './env';

const base = { TRIBUTARY_KAFKA_BROKERS: '127.0.0.1:19092' };

describe('scraper config', () => {
  it('has polite defaults and an identifying User-Agent with the contact URL', () => {
    const config = loadConfig({ ...base, SCRAPER_CONTACT_URL: 'https://example.org/contact' });
    expect(config).toMatchObject({
      spiders: ['shot-charts'],
      userAgent: 'tributary-scraper/0.1 (+https://example.org/contact)',
      robotsAgent: 'tributary-scraper',
      concurrencyPerDomain: 1,
      maxRequestsPerMinute: 15,
      autoThrottle: true,
      maxAttempts: 4,
      scheduleCron: '0 30 6 * * *',
    });
    expect(config.initialRange).toBeUndefined();
    expect(
      loadConfig({ ...base, SCRAPER_MAX_REQUESTS_PER_MINUTE: '0' }).maxRequestsPerMinute,
    ).toBeNull();
  });

  it('names topics behind an optional namespace', () => {
    const config = loadConfig({ ...base, SCRAPER_TOPIC_NAMESPACE: 'it-1234' });
    expect(topicName(config, 'scraper.shot-charts')).toBe('it-1234.scraper.shot-charts');
    expect(frontierTopic(config)).toBe('it-1234.scraper.frontier');
    expect(frontierTopic(loadConfig(base))).toBe('scraper.frontier');
  });

  it('reports every bad variable at once, by name', () => {
    let error: unknown;
    try {
      loadConfig({
        SCRAPER_SPIDERS: 'shot-charts,basketball',
        SCRAPER_INITIAL_FROM: '2024-11-05',
        SCRAPER_CONCURRENCY_PER_DOMAIN: '0',
        SCRAPER_TOPIC_NAMESPACE: 'Bad.Name',
        SCRAPER_ROBOTS_AGENT: 'my bot',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as ConfigError).issues.join('\n');
    for (const variable of [
      'TRIBUTARY_KAFKA_BROKERS',
      'SCRAPER_SPIDERS',
      'SCRAPER_INITIAL_TO',
      'SCRAPER_CONCURRENCY_PER_DOMAIN',
      'SCRAPER_TOPIC_NAMESPACE',
      'SCRAPER_ROBOTS_AGENT',
    ]) {
      expect(text).toContain(variable);
    }
  });
});
