import { describe, expect, it } from 'vitest';
import { scenarioSchema } from '../../../local/scenario';

const scenario = (caller: unknown) => ({ name: 'caller id', locale: 'en-US', caller, steps: [] });

describe('scenario caller ID', () => {
  it.each([
    ['+15550123', 'a synthetic E.164 number'],
    ['+266696687', 'a keypad placeholder, written as a number'],
    ['anonymous', 'the address a withheld call arrives with'],
    [null, 'no customer endpoint at all'],
  ])('accepts %j (%s)', (caller, _why) => {
    // Prepare / Act
    const parsed = scenarioSchema.safeParse(scenario(caller));
    // Assess
    expect(parsed.success).toBe(true);
    expect(parsed.data?.caller).toBe(caller);
  });

  it.each(['15550123', '+0123456789', 'Anonymous ', 'private', ''])(
    'rejects the caller %j',
    (caller, _why) => {
      // Prepare / Act
      const parsed = scenarioSchema.safeParse(scenario(caller));
      // Assess
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toMatch(/E\.164.*withheld caller ID/);
    },
  );

  it('rejects a scenario without a caller, because withheld must be said explicitly', () => {
    const { caller: _omitted, ...rest } = scenario(null);
    expect(scenarioSchema.safeParse(rest).success).toBe(false);
  });
});
