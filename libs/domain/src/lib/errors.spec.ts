import { CODE_OF_STATUS, ERROR_CODES, STATUS_OF_CODE } from './errors';

describe('error codes and statuses', () => {
  it('each status maps to a code that answers with that status', () => {
    for (const [status, code] of Object.entries(CODE_OF_STATUS)) {
      expect({ code, status: code && STATUS_OF_CODE[code] }).toEqual({ code, status: Number(status) });
    }
  });

  it('every status a code answers with has a code to fall back on', () => {
    for (const code of ERROR_CODES) expect(CODE_OF_STATUS[STATUS_OF_CODE[code]]).toBeDefined();
  });
});
