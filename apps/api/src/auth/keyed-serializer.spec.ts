import { KeyedSerializer } from './keyed-serializer';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('KeyedSerializer', () => {
  it('runs tasks of one key one after the other, in order, and different keys side by side', async () => {
    const s = new KeyedSerializer();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([
      s.run('a', task('a1')),
      s.run('a', task('a2')),
      s.run('b', task('b1')),
    ]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(log.indexOf('a1 end')).toBeLessThan(log.indexOf('a2 start'));
    expect(log.indexOf('b1 start')).toBeLessThan(log.indexOf('a1 end'));
  });

  it('a failing task passes its error to its caller and does not block the next one; keys are forgotten', async () => {
    const s = new KeyedSerializer();
    const failing = s.run('a', () => Promise.reject(new Error('boom')));
    const next = s.run('a', () => Promise.resolve(42));
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe(42);
    await tick();
    expect(s.size).toBe(0);
  });
});
