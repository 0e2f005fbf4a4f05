import { DETAIL_CODES, detailOfConstraint, detailOfConstraints } from './error-details';

describe('error detail codes', () => {
  it('maps class-validator constraints to codes, with the limit a length or size rule states', () => {
    expect(
      detailOfConstraint('maxLength', 'headName must be shorter than or equal to 100 characters'),
    ).toEqual({
      code: 'TOO_LONG',
      params: { limit: 100 },
    });
    expect(detailOfConstraint('min', 'size must not be less than 1')).toEqual({
      code: 'TOO_SMALL',
      params: { limit: 1 },
    });
    expect(detailOfConstraint('arrayMaxSize', 'cases must contain no more than 10 elements')).toEqual({
      code: 'TOO_MANY',
      params: { limit: 10 },
    });
    expect(detailOfConstraint('isUuid', 'householdId must be a UUID')).toEqual({ code: 'WRONG_FORMAT' });
    expect(detailOfConstraint('whitelistValidation', 'property extra should not exist')).toEqual({
      code: 'UNKNOWN_FIELD',
    });
    expect(detailOfConstraint('isIn', 'method must be one of the following values: phone')).toEqual({
      code: 'NOT_ALLOWED',
    });
    expect(detailOfConstraint('somethingCustom', 'whatever 12')).toEqual({ code: 'INVALID' });
  });

  it('tells the most basic of several failed rules', () => {
    expect(
      detailOfConstraints({
        max: 'size must not be greater than 99',
        min: 'size must not be less than 1',
        isInt: 'size must be an integer number',
      }),
    ).toEqual({ code: 'NOT_A_NUMBER' });
    expect(detailOfConstraints({ maxLength: 'x must be shorter than or equal to 5 characters' })).toEqual({
      code: 'TOO_LONG',
      params: { limit: 5 },
    });
    expect(detailOfConstraints({})).toEqual({ code: 'INVALID' });
  });

  it('has every code once', () => {
    expect(new Set(DETAIL_CODES).size).toBe(DETAIL_CODES.length);
  });
});
