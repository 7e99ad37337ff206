import { Rng } from './random';
import { TEAMS, type Team } from './teams';

export interface Player {
  /** stats.nba.com PLAYER_ID, unique in the league. */
  playerId: number;
  /** As printed by both upstreams: may carry a suffix ("Jr."), an apostrophe or accents. */
  name: string;
  /** Share of the team's shots this player takes (0 for those who do not play). */
  usage: number;
  /** Share of this player's shots that are 3-pointers. */
  threeRate: number;
  /** Share of this player's 2-pointers taken at the rim. */
  rimRate: number;
  /** Added to every make probability (a good shooter is +0.04). */
  skill: number;
}

export interface Roster {
  team: Team;
  players: Player[];
}

const FIRST_NAMES = [
  'Aaron',
  'Alperen',
  'Andre',
  'Anthony',
  'Austin',
  'Bam',
  'Bennedict',
  'Bojan',
  'Brandon',
  'Cade',
  'Cam',
  'Caleb',
  'Chet',
  'Christian',
  'Coby',
  'Cole',
  'Dalen',
  'Damian',
  "D'Angelo",
  'Darius',
  "De'Aaron",
  'Dejounte',
  'Derrick',
  'Desmond',
  'Dillon',
  'Domantas',
  'Donte',
  'Dyson',
  'Evan',
  'Franz',
  'Gary',
  'Grayson',
  'Herbert',
  'Isaiah',
  'Ivica',
  'Jabari',
  'Jaden',
  'Jalen',
  'Jamal',
  'Jaren',
  'Jarrett',
  'Jerami',
  'Jonas',
  'Josh',
  'Jrue',
  'Jusuf',
  "Kel'el",
  'Keegan',
  'Kelly',
  'Keldon',
  'Kevin',
  'Killian',
  'Kristaps',
  'Kyle',
  'Lauri',
  'Luguentz',
  'Malik',
  'Marcus',
  'Mikal',
  'Miles',
  'Moritz',
  'Naz',
  'Nikola',
  'Norman',
  'Obi',
  'Onyeka',
  'Paolo',
  'Royce',
  'Scoot',
  'Shaedon',
  'Tari',
  'Terance',
  'Tyrese',
  'Walker',
  'Zach',
  'Ziaire',
  'Luka',
  'Dario',
  'Goga',
  'Théo',
];

const LAST_NAMES = [
  'Adebayo',
  'Anunoby',
  'Ball',
  'Barnes',
  'Beasley',
  'Bogdanović',
  'Bridges',
  'Brooks',
  'Brunson',
  'Caldwell-Pope',
  'Cunningham',
  'Daniels',
  'Dončić',
  'Dosunmu',
  'Edwards',
  'Eubanks',
  'Fox',
  'Garland',
  'Gilgeous-Alexander',
  'Gordon',
  'Green',
  'Haliburton',
  'Harden',
  'Hart',
  'Hayes',
  'Herro',
  'Holiday',
  'Ingles',
  'Isaac',
  'Jackson',
  'Jokić',
  'Jović',
  'Kessler',
  'Kispert',
  'Kuminga',
  'LaVine',
  'Lopez',
  'Markkanen',
  'Mathurin',
  'McCollum',
  'Mitchell',
  'Murray',
  'Nembhard',
  'Nurkić',
  "O'Neale",
  "O'Quinn",
  'Okongwu',
  'Oturu',
  'Poeltl',
  'Porziņģis',
  'Quickley',
  'Randle',
  'Reaves',
  'Reid',
  'Robinson',
  'Šarić',
  'Schröder',
  'Sengün',
  'Sharpe',
  'Siakam',
  'Smart',
  'Strus',
  'Thompson',
  'Toppin',
  'Valančiūnas',
  'VanVleet',
  'Vučević',
  'Wagner',
  'Wembanyama',
  'White',
  'Wiggins',
  'Williamson',
  'Zubac',
  'Hernangómez',
  'Bitadze',
  'Bertāns',
];

const SUFFIXES = ['Jr.', 'Jr.', 'II', 'III', 'Sr.'];

/** Shot shares of a rotation, stars first; the last three of fifteen do not play. */
const USAGE_BY_SLOT = [
  0.2, 0.17, 0.14, 0.11, 0.09, 0.08, 0.06, 0.05, 0.04, 0.03, 0.02, 0.01, 0, 0, 0,
];

/** Every team's fifteen players for a seed; names are unique across the league. */
export function leagueRosters(seed: number): Roster[] {
  const rng = new Rng(seed, 'rosters');
  const used = new Set<string>();
  return TEAMS.map((team, teamIndex) => ({
    team,
    players: USAGE_BY_SLOT.map((usage, slot) => {
      let name: string;
      do {
        name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
        if (rng.chance(0.08)) name = `${name} ${rng.pick(SUFFIXES)}`;
      } while (used.has(name));
      used.add(name);
      const big = rng.chance(0.3);
      return {
        playerId: 1626100 + teamIndex * 100 + slot * 6 + rng.int(0, 5),
        name,
        usage,
        threeRate: big ? rng.uniform(0.02, 0.25) : rng.uniform(0.3, 0.62),
        rimRate: big ? rng.uniform(0.55, 0.8) : rng.uniform(0.3, 0.55),
        skill: rng.uniform(-0.05, 0.05),
      };
    }),
  }));
}
