import { hashKey, pick, randomFor } from '../random';

/** Display names the token alone cannot give ("doordash" is "DoorDash"). */
const DISPLAY_NAMES: Readonly<Record<string, string>> = {
  doordash: 'DoorDash',
  gitlab: 'GitLab',
  openai: 'OpenAI',
  posthog: 'PostHog',
  elevenlabs: 'ElevenLabs',
  revenuecat: 'RevenueCat',
  coreweave: 'CoreWeave',
  getyourguide: 'GetYourGuide',
  planetscale: 'PlanetScale',
  deepmind: 'Google DeepMind',
  livekit: 'LiveKit',
  deepsource: 'DeepSource',
  logrocket: 'LogRocket',
  servicenow: 'ServiceNow',
  hmgroup: 'H&M Group',
  scalablegmbh: 'Scalable Capital',
  deliveryhero: 'Delivery Hero',
  abbvie: 'AbbVie',
  boschgroup: 'Bosch Group',
  ubisoft2: 'Ubisoft',
  rexel1: 'Rexel',
  ecovadis: 'EcoVadis',
  wintermute: 'Wintermute',
  'wintermute-trading': 'Wintermute',
  dlocal: 'dLocal',
  whoop: 'WHOOP',
  neo4j: 'Neo4j',
  '1password': '1Password',
  smartsheet: 'Smartsheet',
};

/** A company as the generator describes it. */
export interface Company {
  name: string;
  slug: string;
  /** A fictional domain under `.example` for links in descriptions and HN comments. */
  domain: string;
  industry: string;
  mission: string;
  founded: number;
  employees: string;
}

const INDUSTRIES = [
  ['fintech', 'move money safely for millions of small businesses'],
  ['developer tools', 'help engineers ship software faster and sleep better'],
  ['health tech', 'make healthcare less confusing for patients and clinicians'],
  ['logistics', 'get goods across borders on time and with less waste'],
  ['climate tech', 'help industry measure and cut its emissions'],
  ['e-commerce', 'give independent brands the tools big retailers have'],
  ['data infrastructure', 'turn raw events into decisions in seconds'],
  ['security', 'keep attackers out of the systems people depend on'],
  ['edtech', 'make learning to code accessible to everyone'],
  ['AI', 'build assistants that do real work for real teams'],
  ['mobility', 'make cities easier to move around in'],
  ['gaming', 'build worlds that millions of players call home'],
] as const;

/** Fictional companies for the aggregator feeds (ATS tenants are named after their token). */
export const FEED_COMPANIES: readonly string[] = [
  'Northwind Analytics',
  'Bluefin Labs',
  'Parcelly',
  'Lumen Health',
  'Orbital Freight',
  'Quill & Ledger',
  'Tidewater Energy',
  'Kestrel Security',
  'Marigold Commerce',
  'Nimbus Compute',
  'Fernhill Robotics',
  'Copperline Payments',
  'Sable Games',
  'Driftwood Data',
  'Halcyon Bio',
  'Juniper Mobility',
  'Lattice Learning',
  'Obsidian AI',
  'Pinecrest Insurance',
  'Riverstone Media',
  'Saffron Foods',
  'Tessellate',
  'Umbra Networks',
  'Vantage Point Labs',
  'Wildflower Health',
  'Yarrow Finance',
  'Zephyr Cloud',
  'Acme Corp',
  'Brightline Devices',
  'Cobalt Systems',
  'Deepwell Research',
  'Evergreen Logistics',
  'Foxglove Software',
  'Granite Peak',
  'Harbor & Co',
  'Ironbark Studios',
  'Jade Mountain AI',
  'Kiln Labs',
  'Larkspur',
  'Meridian Climate',
  'Nova Ledger',
  'Oakmont Health',
  'Prism Data',
  'Quasar Robotics',
  'Redwood Remote',
  'Silverline Travel',
  'Trellis',
  'Upstream Energy',
  'Verdant Agritech',
  'Waypoint Maps',
  'Xylo Audio',
  'Yonder Labs',
  'Zenith Pay',
  'Müller & Söhne Digital',
  'Café Numérique',
  'Høst Analytics',
  'Łódź Software House',
  'São Code',
];

export function displayNameFor(token: string): string {
  const known = DISPLAY_NAMES[token.toLowerCase()];
  if (known) return known;
  return token
    .replace(/%20/g, ' ')
    .split(/[-_\s.]+/)
    .filter((part) => part.length > 0)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(' ');
}

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The same name always describes the same company. */
export function companyFor(name: string): Company {
  const random = randomFor(hashKey('company', name));
  const [industry, mission] = pick(random, INDUSTRIES);
  const slug = slugify(name) || 'company';
  return {
    name,
    slug,
    domain: `${slug.replace(/-/g, '')}.example`,
    industry,
    mission,
    founded: 2005 + Math.floor(random() * 18),
    employees: pick(random, ['11-50', '51-200', '201-500', '501-1000', '1001-5000', '5000+']),
  };
}
