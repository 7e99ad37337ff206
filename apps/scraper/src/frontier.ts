// The durable frontier on its own, for benchmarks (decision 0030).
export { KafkaFrontierStore } from './kafka/kafka-frontier-store';
export type { FrontierRecord, PageEntry } from './engine/frontier/entries';
