import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

export interface FieldProblem {
  field: string;
  problem: string;
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((problem) => ({
      field,
      problem: problem.startsWith(e.property) ? problem.slice(e.property.length).trim() : problem,
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** A 400 whose body names every field and what is wrong with it. */
export function badRequest(problems: FieldProblem[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: problems.map((p) => `${p.field}: ${p.problem}`).join('; '),
    errors: problems,
  });
}

export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => badRequest(flatten(errors)),
});

/** Validates a plain object against a DTO class outside the pipe (bodies split by job type). */
export function validateDto<T extends object>(cls: new () => T, value: unknown, unknownAllowed = false): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest([{ field: 'body', problem: 'must be a JSON object' }]);
  }
  const instance = plainToInstance(cls, value);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: !unknownAllowed });
  if (errors.length) throw badRequest(flatten(errors));
  return instance;
}
