import { countriesOf, workplaceOf } from './location';

describe('countriesOf', () => {
  it.each([
    ['San Francisco, CA', ['US']],
    ['Toronto, ON, Canada', ['CA']],
    ['Berlin, DE', ['DE']],
    ['Dover, DE', ['US']],
    ['München, Germany', ['DE']],
    ['Hybrid - London', ['GB']],
    ['London, United Kingdom (Hybrid)', ['GB']],
    ['Remote - US & Canada', ['US', 'CA']],
    ['Remote (UK)', ['GB']],
    ['REMOTE (US/Canada)', ['US', 'CA']],
    ['Zürich, Switzerland', ['CH']],
    ['Remote - Europe', []],
    ['Worldwide', []],
    ['Remote, EMEA', []],
    ['Bengaluru, Karnataka, India', ['IN']],
    ['New York, NY or REMOTE (US)', ['US']],
    ['São Paulo, Brazil', ['BR']],
  ])('%s → %j', (text, expected) => {
    expect(countriesOf([text])).toEqual(expected);
  });

  it("adds the source's own codes first, UK as GB", () => {
    expect(countriesOf(['Dublin'], ['uk', 'IE'])).toEqual(['GB', 'IE']);
  });
});

describe('workplaceOf', () => {
  it.each([
    ['Remote - Anywhere', 'remote'],
    ['Berlin or REMOTE (EU)', 'remote'],
    ['Hybrid - London', 'hybrid'],
    ['ONSITE (New York, NY)', 'onsite'],
    ['San Francisco, CA', null],
  ])('%s → %s', (text, expected) => {
    expect(workplaceOf([text])).toBe(expected);
  });
});
