import { QueryFailedError } from 'typeorm';
import { ErrorFilter } from './error.filter';

const pgError = (code: string) =>
  new QueryFailedError('SELECT 1', [], Object.assign(new Error('pg'), { code }));

describe('ErrorFilter and database errors', () => {
  const filter = new ErrorFilter();

  it.each([
    ['23505', 409, 'CONFLICT'],
    ['23503', 400, 'VALIDATION_FAILED'],
    ['22021', 400, 'VALIDATION_FAILED'],
    ['40P01', 409, 'CONFLICT'],
    ['40001', 409, 'CONFLICT'],
    ['57014', 503, 'SERVICE_UNAVAILABLE'],
  ])('answers PostgreSQL error %s with %i %s, never 500', (code, statusCode, errorCode) => {
    expect(filter.toApiError(pgError(code))).toMatchObject({ statusCode, code: errorCode });
  });

  it('answers an unknown failure with 500 INTERNAL and no details', () => {
    expect(filter.toApiError(new Error('boom'))).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      code: 'INTERNAL',
      message: 'an unexpected error occurred',
    });
  });

  it('answers a lost database connection with 503', () => {
    expect(filter.toApiError(new Error('connect ECONNREFUSED 127.0.0.1:5432'))).toMatchObject({
      statusCode: 503,
      code: 'SERVICE_UNAVAILABLE',
    });
    // a broken connection: no answer within DB_QUERY_TIMEOUT_MS, or a query on the closed client
    for (const message of [
      'Query read timeout',
      'Client has encountered a connection error and is not queryable',
    ]) {
      const lost = new QueryFailedError('SELECT 1', [], new Error(message));
      expect(filter.toApiError(lost)).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE' });
    }
  });
});
