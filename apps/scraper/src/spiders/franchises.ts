/**
 * The 30 NBA franchises as both sources name them: basketball-reference's abbreviation (in its game
 * ids and `div#shots-{ABBR}`), stats.nba.com's abbreviation and TEAM_ID. Three abbreviations differ
 * (BRK/BKN, CHO/CHA, PHO/PHX). Items carry stats.nba.com's, whatever the source.
 */
const FRANCHISES: readonly (readonly [bbref: string, nba: string, teamId: number])[] = [
  ['ATL', 'ATL', 1610612737],
  ['BOS', 'BOS', 1610612738],
  ['BRK', 'BKN', 1610612751],
  ['CHO', 'CHA', 1610612766],
  ['CHI', 'CHI', 1610612741],
  ['CLE', 'CLE', 1610612739],
  ['DAL', 'DAL', 1610612742],
  ['DEN', 'DEN', 1610612743],
  ['DET', 'DET', 1610612765],
  ['GSW', 'GSW', 1610612744],
  ['HOU', 'HOU', 1610612745],
  ['IND', 'IND', 1610612754],
  ['LAC', 'LAC', 1610612746],
  ['LAL', 'LAL', 1610612747],
  ['MEM', 'MEM', 1610612763],
  ['MIA', 'MIA', 1610612748],
  ['MIL', 'MIL', 1610612749],
  ['MIN', 'MIN', 1610612750],
  ['NOP', 'NOP', 1610612740],
  ['NYK', 'NYK', 1610612752],
  ['OKC', 'OKC', 1610612760],
  ['ORL', 'ORL', 1610612753],
  ['PHI', 'PHI', 1610612755],
  ['PHO', 'PHX', 1610612756],
  ['POR', 'POR', 1610612757],
  ['SAC', 'SAC', 1610612758],
  ['SAS', 'SAS', 1610612759],
  ['TOR', 'TOR', 1610612761],
  ['UTA', 'UTA', 1610612762],
  ['WAS', 'WAS', 1610612764],
];

export interface Franchise {
  bbref: string;
  nba: string;
  teamId: number;
}

const byBbref = new Map(FRANCHISES.map(([bbref, nba, teamId]) => [bbref, { bbref, nba, teamId }]));
const byNba = new Map(FRANCHISES.map(([bbref, nba, teamId]) => [nba, { bbref, nba, teamId }]));

/** A franchise by basketball-reference abbreviation; an unknown one keeps its abbreviation, without id. */
export function franchiseByBbref(abbr: string): { nba: string; teamId: number | null } {
  const franchise = byBbref.get(abbr);
  return franchise ? { nba: franchise.nba, teamId: franchise.teamId } : { nba: abbr, teamId: null };
}

/** basketball-reference's abbreviation for a stats.nba.com one (unknown ones unchanged). */
export function bbrefAbbrOf(nbaAbbr: string): string {
  return byNba.get(nbaAbbr)?.bbref ?? nbaAbbr;
}
