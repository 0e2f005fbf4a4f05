import { randomUuid } from './random-uuid';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Source = NonNullable<Parameters<typeof randomUuid>[0]>;

/** A crypto without randomUUID, as in an insecure context; fill decides the bytes. */
function insecure(fill: (bytes: Uint8Array) => void): Source {
  return {
    getRandomValues: ((bytes: Uint8Array) => {
      fill(bytes);
      return bytes;
    }) as Crypto['getRandomValues'],
  };
}

describe('randomUuid', () => {
  it('falls back to getRandomValues where randomUUID is missing (plain http on a LAN address)', () => {
    const source = insecure((bytes) => crypto.getRandomValues(bytes));
    const ids = new Set(Array.from({ length: 200 }, () => randomUuid(source)));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(UUID_V4);
  });

  it('sets the version and variant bits even from all-zero or all-one bytes', () => {
    expect(randomUuid(insecure((b) => b.fill(0)))).toBe('00000000-0000-4000-8000-000000000000');
    expect(randomUuid(insecure((b) => b.fill(255)))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });

  it('uses randomUUID where the browser has it', () => {
    const secure: Source = {
      ...insecure(() => {
        throw new Error('not used');
      }),
      randomUUID: () => '11111111-2222-4333-8444-555555555555',
    };
    expect(randomUuid(secure)).toBe('11111111-2222-4333-8444-555555555555');
  });
});
