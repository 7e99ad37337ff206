/** A city a company can have an office in, with what the sources print about it. */
export interface City {
  city: string;
  /** State or province as written in postings ("CA", "Ontario"); empty where nobody writes one. */
  region: string;
  regionCode: string;
  country: string;
  countryCode: string;
  currency: string;
  /** Salary level relative to the US (1.0), used to keep generated ranges plausible. */
  payFactor: number;
  latitude: number;
  longitude: number;
  /** UTC offset in hours (standard time), for Himalayas' timezone restrictions. */
  utcOffset: number;
}

function city(
  name: string,
  region: string,
  regionCode: string,
  country: string,
  countryCode: string,
  currency: string,
  payFactor: number,
  latitude: number,
  longitude: number,
  utcOffset: number,
): City {
  return {
    city: name,
    region,
    regionCode,
    country,
    countryCode,
    currency,
    payFactor,
    latitude,
    longitude,
    utcOffset,
  };
}

export const CITIES: readonly City[] = [
  city(
    'San Francisco',
    'California',
    'CA',
    'United States',
    'US',
    'USD',
    1.15,
    37.7749,
    -122.4194,
    -8,
  ),
  city('New York', 'New York', 'NY', 'United States', 'US', 'USD', 1.1, 40.7128, -74.006, -5),
  city('Seattle', 'Washington', 'WA', 'United States', 'US', 'USD', 1.08, 47.6062, -122.3321, -8),
  city('Austin', 'Texas', 'TX', 'United States', 'US', 'USD', 0.95, 30.2672, -97.7431, -6),
  city('Boston', 'Massachusetts', 'MA', 'United States', 'US', 'USD', 1.0, 42.3601, -71.0589, -5),
  city('Chicago', 'Illinois', 'IL', 'United States', 'US', 'USD', 0.92, 41.8781, -87.6298, -6),
  city('Denver', 'Colorado', 'CO', 'United States', 'US', 'USD', 0.9, 39.7392, -104.9903, -7),
  city('Toronto', 'Ontario', 'ON', 'Canada', 'CA', 'CAD', 0.8, 43.6532, -79.3832, -5),
  city('Vancouver', 'British Columbia', 'BC', 'Canada', 'CA', 'CAD', 0.8, 49.2827, -123.1207, -8),
  city('Montréal', 'Quebec', 'QC', 'Canada', 'CA', 'CAD', 0.72, 45.5019, -73.5674, -5),
  city('London', 'England', 'ENG', 'United Kingdom', 'GB', 'GBP', 0.62, 51.5072, -0.1276, 0),
  city('Manchester', 'England', 'ENG', 'United Kingdom', 'GB', 'GBP', 0.5, 53.4808, -2.2426, 0),
  city('Dublin', '', '', 'Ireland', 'IE', 'EUR', 0.62, 53.3498, -6.2603, 0),
  city('Berlin', 'Berlin', 'BE', 'Germany', 'DE', 'EUR', 0.55, 52.52, 13.405, 1),
  city('München', 'Bavaria', 'BY', 'Germany', 'DE', 'EUR', 0.62, 48.1351, 11.582, 1),
  city('Hamburg', 'Hamburg', 'HH', 'Germany', 'DE', 'EUR', 0.56, 53.5511, 9.9937, 1),
  city('Amsterdam', 'North Holland', 'NH', 'Netherlands', 'NL', 'EUR', 0.6, 52.3676, 4.9041, 1),
  city('Paris', 'Île-de-France', 'IDF', 'France', 'FR', 'EUR', 0.52, 48.8566, 2.3522, 1),
  city('Lyon', 'Auvergne-Rhône-Alpes', 'ARA', 'France', 'FR', 'EUR', 0.45, 45.764, 4.8357, 1),
  city('Madrid', 'Community of Madrid', 'MD', 'Spain', 'ES', 'EUR', 0.4, 40.4168, -3.7038, 1),
  city('Barcelona', 'Catalonia', 'CT', 'Spain', 'ES', 'EUR', 0.4, 41.3874, 2.1686, 1),
  city('Lisbon', '', '', 'Portugal', 'PT', 'EUR', 0.35, 38.7223, -9.1393, 0),
  city('Stockholm', '', '', 'Sweden', 'SE', 'SEK', 0.55, 59.3293, 18.0686, 1),
  city('Copenhagen', '', '', 'Denmark', 'DK', 'DKK', 0.62, 55.6761, 12.5683, 1),
  city('Oslo', '', '', 'Norway', 'NO', 'NOK', 0.62, 59.9139, 10.7522, 1),
  city('Helsinki', '', '', 'Finland', 'FI', 'EUR', 0.5, 60.1699, 24.9384, 2),
  city('Zürich', 'Zürich', 'ZH', 'Switzerland', 'CH', 'CHF', 1.0, 47.3769, 8.5417, 1),
  city('Warsaw', 'Masovian Voivodeship', 'MZ', 'Poland', 'PL', 'PLN', 0.38, 52.2297, 21.0122, 1),
  city(
    'Kraków',
    'Lesser Poland Voivodeship',
    'MA',
    'Poland',
    'PL',
    'PLN',
    0.35,
    50.0647,
    19.945,
    1,
  ),
  city('Prague', '', '', 'Czechia', 'CZ', 'CZK', 0.35, 50.0755, 14.4378, 1),
  city('Tallinn', '', '', 'Estonia', 'EE', 'EUR', 0.38, 59.437, 24.7536, 2),
  city('Tel Aviv', '', '', 'Israel', 'IL', 'ILS', 0.7, 32.0853, 34.7818, 2),
  city('Bengaluru', 'Karnataka', 'KA', 'India', 'IN', 'INR', 0.18, 12.9716, 77.5946, 5.5),
  city('Singapore', '', '', 'Singapore', 'SG', 'SGD', 0.7, 1.3521, 103.8198, 8),
  city('Tokyo', '', '', 'Japan', 'JP', 'JPY', 0.55, 35.6762, 139.6503, 9),
  city('Sydney', 'New South Wales', 'NSW', 'Australia', 'AU', 'AUD', 0.75, -33.8688, 151.2093, 10),
  city('Melbourne', 'Victoria', 'VIC', 'Australia', 'AU', 'AUD', 0.72, -37.8136, 144.9631, 10),
  city('São Paulo', 'São Paulo', 'SP', 'Brazil', 'BR', 'BRL', 0.25, -23.5558, -46.6396, -3),
  city('Mexico City', 'CDMX', 'CDMX', 'Mexico', 'MX', 'MXN', 0.25, 19.4326, -99.1332, -6),
  city('Buenos Aires', '', '', 'Argentina', 'AR', 'USD', 0.22, -34.6037, -58.3816, -3),
];

/** A region a remote role is open to, with the ways sources spell it. */
export interface RemoteRegion {
  key: string;
  /** Labels as ATSs print them ("Remote - US", "Remote (US)"). */
  labels: readonly string[];
  /** How aggregators name it in their location field ("USA", "Europe"). */
  feedLabel: string;
  /** Countries, as Himalayas lists them in `locationRestrictions`; empty = anywhere. */
  countries: readonly string[];
  currency: string;
  payFactor: number;
  utcOffsets: readonly number[];
}

export const REMOTE_REGIONS: readonly RemoteRegion[] = [
  {
    key: 'us',
    labels: [
      'Remote - US',
      'Remote (US)',
      'US Remote',
      'Remote, United States',
      'United States (Remote)',
    ],
    feedLabel: 'USA',
    countries: ['United States'],
    currency: 'USD',
    payFactor: 1.0,
    utcOffsets: [-8, -7, -6, -5],
  },
  {
    key: 'na',
    labels: ['Remote - US & Canada', 'Remote (North America)', 'North America'],
    feedLabel: 'USA, Canada',
    countries: ['United States', 'Canada'],
    currency: 'USD',
    payFactor: 0.95,
    utcOffsets: [-8, -7, -6, -5, -4],
  },
  {
    key: 'eu',
    labels: ['Remote - Europe', 'Remote (EU)', 'Europe (Remote)', 'Remote, EMEA'],
    feedLabel: 'Europe',
    countries: ['Germany', 'Netherlands', 'France', 'Spain', 'Portugal', 'Poland', 'Ireland'],
    currency: 'EUR',
    payFactor: 0.55,
    utcOffsets: [0, 1, 2],
  },
  {
    key: 'uk',
    labels: ['Remote - UK', 'Remote (UK)', 'UK Remote'],
    feedLabel: 'UK',
    countries: ['United Kingdom'],
    currency: 'GBP',
    payFactor: 0.6,
    utcOffsets: [0],
  },
  {
    key: 'latam',
    labels: ['Remote - LATAM', 'Remote (Latin America)', 'LATAM'],
    feedLabel: 'LATAM',
    countries: ['Brazil', 'Mexico', 'Argentina', 'Colombia', 'Chile'],
    currency: 'USD',
    payFactor: 0.35,
    utcOffsets: [-6, -5, -4, -3],
  },
  {
    key: 'world',
    labels: ['Remote', 'Remote - Anywhere', 'Anywhere', 'Worldwide'],
    feedLabel: 'Worldwide',
    countries: [],
    currency: 'USD',
    payFactor: 0.7,
    utcOffsets: [],
  },
  {
    key: 'apac',
    labels: ['Remote - APAC', 'Remote (Asia-Pacific)', 'APAC'],
    feedLabel: 'APAC',
    countries: ['India', 'Singapore', 'Australia', 'Japan', 'Philippines'],
    currency: 'USD',
    payFactor: 0.4,
    utcOffsets: [5.5, 8, 9, 10],
  },
];

/** US states print as "San Francisco, CA"; elsewhere "Berlin, Germany". */
export function cityLabel(place: City): string {
  if (place.countryCode === 'US') return `${place.city}, ${place.regionCode}`;
  if (place.countryCode === 'CA') return `${place.city}, ${place.regionCode}, Canada`;
  return `${place.city}, ${place.country}`;
}
