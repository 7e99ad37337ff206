// The keyword filter as other packages (bench/) use it.
export { EventFilter } from './event-filter';
export { forEachEventText } from './event-text';
