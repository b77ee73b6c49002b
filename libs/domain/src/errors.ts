/** Domain errors carry a stable code; the API maps codes to HTTP statuses. */
export type DomainErrorCode =
  | 'not_found'
  | 'invalid'
  | 'conflict'
  | 'forbidden'
  | 'unauthenticated'
  | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** The request field the error is about, when there is one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('not_found', `${what} not found`);
export const invalid = (field: string, problem: string) => new DomainError('invalid', `${field}: ${problem}`, field);
export const conflict = (message: string) => new DomainError('conflict', message);
