import { NoSuchImage, type ImageRecord } from '@skiff/contracts';
import { describe, expect, it } from 'vitest';

import { imageFilter, type ImageFilterContext } from './image-filters.js';
import { summarizeImages, type ImageSummary } from './image-summary.js';

function image(id: string, names: string[], created: string, labels?: Record<string, string>) {
  return {
    id: id.repeat(64).slice(0, 64),
    names,
    digest: `sha256:${'d'.repeat(64)}`,
    created,
    size: 1000,
    layers: [{ diffId: `sha256:${id}`, size: 1000 }],
    config: { architecture: 'amd64', os: 'linux', config: { Labels: labels } },
  } as unknown as ImageRecord;
}

const RECORDS = [
  image('1', ['localhost/busybox:latest', 'quay.io/x/busybox:2'], '2026-01-01T00:00:01Z'),
  image('2', ['docker.io/library/alpine:3'], '2026-01-01T00:00:02Z', { k: 'v', z: '1' }),
  image('3', [], '2026-01-01T00:00:03Z'),
];
const IMAGES = summarizeImages(RECORDS, (record) => (record.id.startsWith('1') ? 2 : 0));

const context: ImageFilterContext = {
  async resolve(typed) {
    const found = RECORDS.find((r) => r.names.some((n) => n.includes(typed)) || r.id === typed);
    if (!found) throw new NoSuchImage(typed);
    return found;
  },
  now: () => Date.parse('2026-01-01T00:00:10Z'),
};

async function ids(...filters: string[]): Promise<string[]> {
  const keep = await imageFilter(filters, context);
  return IMAGES.filter(keep).map((summary: ImageSummary) => summary.id[0]);
}

async function failure(...filters: string[]): Promise<string> {
  return imageFilter(filters, context).then(
    () => 'no error',
    (error: Error) => error.message,
  );
}

describe('imageFilter', () => {
  it('matches references as Podman: full, without registry, last component, with path globs', async () => {
    expect(await ids('reference=busybox')).toEqual(['1']);
    expect(await ids('reference=busybox:latest')).toEqual(['1']);
    expect(await ids('reference=x/busybox')).toEqual(['1']);
    expect(await ids('reference=localhost/*')).toEqual(['1']);
    expect(await ids('reference=quay.io/*/*')).toEqual(['1']);
    expect(await ids('reference=*')).toEqual(['1', '2']);
    expect(await ids('reference=library/alpine:3')).toEqual(['2']);
    expect(await ids('reference=docker.io/*')).toEqual([]);
    expect(await ids('reference=busybox', 'reference=alpine')).toEqual(['1', '2']);
  });

  it('ORs labels and negates with !=', async () => {
    expect(await ids('label=k=v', 'label=z=2')).toEqual(['2']);
    expect(await ids('label!=k')).toEqual(['1', '3']);
    expect(await ids('reference!=busybox')).toEqual(['2', '3']);
  });

  it('reads booleans as Go does, refusing two different values and bad ones in Podman words', async () => {
    expect(await ids('dangling=true')).toEqual(['3']);
    expect(await ids('dangling=F')).toEqual(['1', '2']);
    expect(await failure('dangling=bogus')).toBe(
      'non-boolean value "dangling" for bogus filter: strconv.ParseBool: parsing "bogus": invalid syntax',
    );
    expect(await failure('intermediate=true', 'intermediate=false')).toBe(
      'specifying "intermediate" filter more than once with different values is not supported',
    );
  });

  it('selects by containers, id, before, since and until', async () => {
    expect(await ids('containers=true')).toEqual(['1']);
    expect(await ids('containers=false')).toEqual(['2', '3']);
    expect(await failure('containers=bogus')).toBe(
      'unsupported value "bogus" for containers filter',
    );
    expect(await ids(`id=${'2'.repeat(64)}`)).toEqual(['2']);
    expect(await ids('id=222')).toEqual([]);
    expect(await ids('before=alpine')).toEqual(['1']);
    expect(await ids('since=busybox')).toEqual(['2', '3']);
    expect(await ids('until=8s')).toEqual(['1']);
    expect(await failure('before=nothere')).toBe(
      'could not find local image for filter filter "before"="nothere"',
    );
  });

  it('refuses unknown keys and values without a key in Podman words', async () => {
    expect(await failure('bogus=1')).toBe('unsupported image filter "bogus"');
    expect(await failure('digest=sha256:1')).toBe('unsupported image filter "digest"');
    expect(await failure('dangling')).toBe(
      'invalid image filter "dangling": must be in the format "filter=value or filter!=value"',
    );
  });
});

describe('summarizeImages', () => {
  it('makes an image the parent of one stacking a layer on it, hiding it when nameless', () => {
    const base = { ...image('4', [], '2026-01-01T00:00:01Z') };
    const child = { ...image('5', ['localhost/app:1'], '2026-01-01T00:00:02Z') };
    child.layers = [...base.layers, { diffId: 'sha256:5', size: 1 }];
    const [summaryOfBase, summaryOfChild] = summarizeImages([base, child], () => 0);
    expect(summaryOfBase).toMatchObject({ intermediate: true, dangling: false, parentId: '' });
    expect(summaryOfChild).toMatchObject({ intermediate: false, parentId: base.id });
  });
});

describe('reference globs', () => {
  it('reads Go path.Match classes and escapes, and matches nothing for a malformed pattern', async () => {
    expect(await ids('reference=[a-c]usybox')).toEqual(['1']);
    expect(await ids('reference=[^b]usybox')).toEqual([]);
    expect(await ids('reference=busybo\\x')).toEqual(['1']);
    expect(await ids('reference=[busybox')).toEqual([]);
    expect(await ids('reference=busybox\\')).toEqual([]);
  });
});
