/** One NBA franchise as both upstreams name it. */
export interface Team {
  /** basketball-reference abbreviation: game ids, `div#shots-{abbr}`, `/teams/{abbr}/`. */
  abbr: string;
  /** stats.nba.com abbreviation (HTM/VTM, GAMECODE); differs for BRK/BKN, CHO/CHA, PHO/PHX. */
  nbaAbbr: string;
  /** basketball-reference's short name, used on its pages and in shot tips ("LA Lakers"). */
  shortName: string;
  /** Full name, as in stats.nba.com TEAM_NAME ("Los Angeles Lakers"). */
  fullName: string;
  city: string;
  /** stats.nba.com TEAM_ID. */
  teamId: number;
}

function team(
  abbr: string,
  nbaAbbr: string,
  shortName: string,
  city: string,
  nickname: string,
  teamId: number,
): Team {
  return { abbr, nbaAbbr, shortName, fullName: `${city} ${nickname}`, city, teamId };
}

export const TEAMS: readonly Team[] = [
  team('ATL', 'ATL', 'Atlanta', 'Atlanta', 'Hawks', 1610612737),
  team('BOS', 'BOS', 'Boston', 'Boston', 'Celtics', 1610612738),
  team('BRK', 'BKN', 'Brooklyn', 'Brooklyn', 'Nets', 1610612751),
  team('CHO', 'CHA', 'Charlotte', 'Charlotte', 'Hornets', 1610612766),
  team('CHI', 'CHI', 'Chicago', 'Chicago', 'Bulls', 1610612741),
  team('CLE', 'CLE', 'Cleveland', 'Cleveland', 'Cavaliers', 1610612739),
  team('DAL', 'DAL', 'Dallas', 'Dallas', 'Mavericks', 1610612742),
  team('DEN', 'DEN', 'Denver', 'Denver', 'Nuggets', 1610612743),
  team('DET', 'DET', 'Detroit', 'Detroit', 'Pistons', 1610612765),
  team('GSW', 'GSW', 'Golden State', 'Golden State', 'Warriors', 1610612744),
  team('HOU', 'HOU', 'Houston', 'Houston', 'Rockets', 1610612745),
  team('IND', 'IND', 'Indiana', 'Indiana', 'Pacers', 1610612754),
  team('LAC', 'LAC', 'LA Clippers', 'LA', 'Clippers', 1610612746),
  team('LAL', 'LAL', 'LA Lakers', 'Los Angeles', 'Lakers', 1610612747),
  team('MEM', 'MEM', 'Memphis', 'Memphis', 'Grizzlies', 1610612763),
  team('MIA', 'MIA', 'Miami', 'Miami', 'Heat', 1610612748),
  team('MIL', 'MIL', 'Milwaukee', 'Milwaukee', 'Bucks', 1610612749),
  team('MIN', 'MIN', 'Minnesota', 'Minnesota', 'Timberwolves', 1610612750),
  team('NOP', 'NOP', 'New Orleans', 'New Orleans', 'Pelicans', 1610612740),
  team('NYK', 'NYK', 'New York', 'New York', 'Knicks', 1610612752),
  team('OKC', 'OKC', 'Oklahoma City', 'Oklahoma City', 'Thunder', 1610612760),
  team('ORL', 'ORL', 'Orlando', 'Orlando', 'Magic', 1610612753),
  team('PHI', 'PHI', 'Philadelphia', 'Philadelphia', '76ers', 1610612755),
  team('PHO', 'PHX', 'Phoenix', 'Phoenix', 'Suns', 1610612756),
  team('POR', 'POR', 'Portland', 'Portland', 'Trail Blazers', 1610612757),
  team('SAC', 'SAC', 'Sacramento', 'Sacramento', 'Kings', 1610612758),
  team('SAS', 'SAS', 'San Antonio', 'San Antonio', 'Spurs', 1610612759),
  team('TOR', 'TOR', 'Toronto', 'Toronto', 'Raptors', 1610612761),
  team('UTA', 'UTA', 'Utah', 'Utah', 'Jazz', 1610612762),
  team('WAS', 'WAS', 'Washington', 'Washington', 'Wizards', 1610612764),
];

const byAbbr = new Map(TEAMS.map((entry) => [entry.abbr, entry]));

export function teamByAbbr(abbr: string): Team | undefined {
  return byAbbr.get(abbr);
}
