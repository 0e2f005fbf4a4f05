import { Transform } from 'class-transformer';

/** 'true'/'false' query strings → booleans; anything else stays and fails @IsBoolean. */
export const BooleanQuery = (): PropertyDecorator =>
  Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));

/** 'a,b' → ['a', 'b'] */
export const CommaList = (): PropertyDecorator =>
  Transform(({ value }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : value,
  );
