import { randomBytes, randomInt } from 'node:crypto';

// Word lists for generated container names (`adjective_noun`, as Podman and Docker name
// containers); our own words, chosen to be short and inoffensive.
const ADJECTIVES = [
  'agile', 'amber', 'bold', 'brave', 'bright', 'brisk', 'calm', 'clever', 'cosmic', 'crisp',
  'daring', 'deft', 'eager', 'fair', 'fleet', 'fond', 'gentle', 'glad', 'golden', 'grand',
  'happy', 'hardy', 'humble', 'jolly', 'keen', 'kind', 'lively', 'loyal', 'lucid', 'merry',
  'mellow', 'nimble', 'noble', 'patient', 'placid', 'plucky', 'proud', 'quiet', 'quick',
  'rapid', 'serene', 'sharp', 'shy', 'silent', 'sleepy', 'steady', 'sunny', 'swift', 'tidy',
  'upbeat', 'vivid', 'warm', 'wise', 'witty', 'zealous',
];
const NOUNS = [
  'albatross', 'anchor', 'barge', 'beacon', 'buoy', 'canoe', 'capstan', 'cutter', 'dinghy',
  'dory', 'ferry', 'frigate', 'galley', 'gull', 'harbor', 'heron', 'hull', 'jetty', 'keel',
  'kayak', 'ketch', 'lagoon', 'lantern', 'mast', 'mooring', 'narwhal', 'oar', 'otter', 'pelican',
  'pier', 'puffin', 'raft', 'reef', 'rudder', 'schooner', 'seal', 'shoal', 'sloop', 'sounding',
  'spinnaker', 'starboard', 'tern', 'tide', 'tiller', 'trawler', 'walrus', 'wharf', 'whale',
  'yawl', 'yacht',
];

/** newContainerId returns a random 64-character hex id, the shape Podman uses. */
export function newContainerId(): string {
  return randomBytes(32).toString('hex');
}

/** newContainerName returns a random `adjective_noun` name; callers retry on a clash. */
export function newContainerName(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]}_${NOUNS[randomInt(NOUNS.length)]}`;
}
