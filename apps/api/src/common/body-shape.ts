import type { NextFunction, Request, Response } from 'express';
import { ApiException } from './api-exception';

/** Keys that reach into prototypes: class-transformer treats a nested `constructor` as a class (500). */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** No DTO nests deeper than a few levels; a deeper body is refused before any recursive code sees it. */
export const MAX_BODY_DEPTH = 16;

/** The first problem with a parsed JSON body's shape, or null (iterative: no recursion on hostile input). */
export function bodyShapeProblem(body: unknown): string | null {
  const stack: { value: unknown; depth: number }[] = [{ value: body, depth: 0 }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { value, depth } = item;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_BODY_DEPTH) return `the request body is nested deeper than ${MAX_BODY_DEPTH} levels`;
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return `the key "${key}" is not allowed in a request body`;
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1 });
    }
  }
  return null;
}

/** Express middleware for right after the JSON parser (its errors go to bodyParserErrors). */
export function checkBodyShape(req: Request, _res: Response, next: NextFunction): void {
  const problem = bodyShapeProblem(req.body);
  next(problem ? new ApiException('VALIDATION_FAILED', problem) : undefined);
}
