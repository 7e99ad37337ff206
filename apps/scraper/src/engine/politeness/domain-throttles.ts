import { DomainThrottle, type ThrottleOptions } from './domain-throttle';

/** One throttle per domain, shared by every crawl of the process (two spiders on one site share it). */
export class DomainThrottles {
  private readonly throttles = new Map<string, DomainThrottle>();

  constructor(
    readonly options: ThrottleOptions,
    private readonly random: () => number = Math.random,
  ) {}

  get(domain: string): DomainThrottle {
    let throttle = this.throttles.get(domain);
    if (!throttle) {
      throttle = new DomainThrottle(domain, this.options, this.random);
      this.throttles.set(domain, throttle);
    }
    return throttle;
  }

  all(): IterableIterator<DomainThrottle> {
    return this.throttles.values();
  }
}
