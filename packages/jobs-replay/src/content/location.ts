import { cityLabel, type City, type RemoteRegion } from './places';

export type Workplace = 'onsite' | 'hybrid' | 'remote';

/** Where a posting's work happens: offices (first = primary), and the region a remote role is open to. */
export interface PostingLocation {
  workplace: Workplace;
  offices: readonly City[];
  remote: RemoteRegion | null;
  /** Which of the equivalent spellings this posting uses. */
  variant: number;
}

function remoteLabel(region: RemoteRegion, variant: number): string {
  return region.labels[variant % region.labels.length] as string;
}

/** One location string as an ATS prints it: "San Francisco, CA", "Remote - US", "Hybrid - London". */
export function primaryLocationLabel(location: PostingLocation): string {
  const office = location.offices[0];
  if (location.workplace === 'remote' && location.remote) {
    return remoteLabel(location.remote, location.variant);
  }
  if (!office) return 'Remote';
  if (location.workplace === 'hybrid') {
    return location.variant % 2 === 0 ? `Hybrid - ${office.city}` : `${cityLabel(office)} (Hybrid)`;
  }
  return cityLabel(office);
}

/** Every location a posting is listed in, as separate strings (Lever `allLocations`). */
export function allLocationLabels(location: PostingLocation): string[] {
  const labels = location.offices.map((office) =>
    location.workplace === 'hybrid' ? `${cityLabel(office)} (Hybrid)` : cityLabel(office),
  );
  if (location.remote) labels.unshift(remoteLabel(location.remote, location.variant));
  return labels.length > 0 ? labels : ['Remote'];
}

/** Several locations in one string, the way Greenhouse boards often write them. */
export function joinedLocationLabel(location: PostingLocation): string {
  const labels = allLocationLabels(location);
  if (labels.length === 1) return labels[0] as string;
  const separator = location.variant % 3 === 0 ? '; ' : location.variant % 3 === 1 ? ' | ' : ' or ';
  return labels.join(separator);
}

/** What an aggregator prints for a remote role's allowed region ("USA", "Europe", "Worldwide"). */
export function feedRegionLabel(location: PostingLocation): string {
  if (location.remote) return location.remote.feedLabel;
  const office = location.offices[0];
  return office ? office.country : 'Worldwide';
}
