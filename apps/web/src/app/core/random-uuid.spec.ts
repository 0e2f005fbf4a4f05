import { randomUuid } from './random-uuid';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('randomUuid', () => {
  it('falls back to getRandomValues where randomUUID is missing (plain http on a LAN address)', () => {
    const insecure = {
      getRandomValues: <T extends ArrayBufferView | null>(a: T) =>
        crypto.getRandomValues(a as Uint8Array) as T,
    };
    const ids = new Set(Array.from({ length: 200 }, () => randomUuid(insecure)));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(UUID_V4);
  });

  it('sets the version and variant bits even from all-ones or all-zero bytes', () => {
    const fixed = (value: number) => ({
      getRandomValues: <T extends ArrayBufferView | null>(a: T) => {
        (a as Uint8Array).fill(value);
        return a;
      },
    });
    expect(randomUuid(fixed(0))).toBe('00000000-0000-4000-8000-000000000000');
    expect(randomUuid(fixed(255))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });

  it('uses randomUUID where the browser has it', () => {
    const secure = {
      getRandomValues: () => {
        throw new Error('not used');
      },
      randomUUID: () => '11111111-2222-4333-8444-555555555555' as const,
    };
    expect(randomUuid(secure as never)).toBe('11111111-2222-4333-8444-555555555555');
  });
});
