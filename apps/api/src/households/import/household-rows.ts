import {
  HOUSEHOLD_IMPORT_COLUMNS,
  type HouseholdImportField,
  type HouseholdTag,
  type DetailCode,
  type DetailParams,
  detailOfConstraints,
  type ImportRowError,
  isImportExampleRow,
  normalizeHouseholdTag,
} from '@tenplusn/domain';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { CreateHouseholdDto } from '../household.dto';
import type { SheetRow } from './spreadsheet';

/** A valid row of the file, as it goes into the database. */
export interface HouseholdRow {
  row: number;
  code: string;
  headName: string;
  phone: string | null;
  address: string;
  villageGroup: string | null;
  size: number | null;
  tags: HouseholdTag[];
}

export interface ParsedHouseholdFile {
  rows: HouseholdRow[];
  errors: ImportRowError[];
  /** the optional columns the file has: only those are changed on existing households */
  fields: HouseholdImportField[];
  ignoredColumns: string[];
}

const normalizeHeader = (h: string): string =>
  h
    .replace(/^\uFEFF/, '')
    .replace(/[\s*＊]/g, '')
    .toLowerCase();

/** 'code' / 'CODE' / '户号' / '户号*' → code */
const FIELD_OF_HEADER = new Map<string, HouseholdImportField>(
  HOUSEHOLD_IMPORT_COLUMNS.flatMap((c) => [
    [c.field.toLowerCase(), c.field],
    [c.zh, c.field],
  ]),
);

/** Tags are separated by ';' in the contract; Chinese files also use '；', '、' or commas. */
const TAG_SEPARATOR = /[;；、,，]/;

/** A cell as the create DTO would receive it in JSON: '' means "no value" for optional fields. */
function toPlain(field: HouseholdImportField, raw: string): unknown {
  const value = raw.trim();
  switch (field) {
    case 'phone':
      return value === '' ? null : value.replace(/\s+/g, '');
    case 'villageGroup':
      return value === '' ? null : value;
    case 'size':
      if (value === '') return null;
      // '4' and Excel's '4.0' are 4; anything else stays text and fails @IsInt with its message
      return /^\d+(\.0+)?$/.test(value) ? Number(value) : value;
    case 'tags':
      return [
        ...new Set(
          value
            .split(TAG_SEPARATOR)
            .map((t) => t.trim())
            .filter(Boolean)
            .map(normalizeHouseholdTag),
        ),
      ];
    default:
      return value;
  }
}

type Problem = { field: string; message: string; code: DetailCode; params?: DetailParams };

/** One problem per field, coded by its most basic failed rule. */
function flatten(errors: ValidationError[]): Problem[] {
  return errors.map((e) => {
    const constraints = e.constraints ?? {};
    return {
      field: e.property,
      message: Object.values(constraints).join('; '),
      ...detailOfConstraints(constraints),
    };
  });
}

/**
 * Turns the rows of a sheet into households, validating each one with exactly the rules of
 * POST /api/households (the CreateHouseholdDto), so an import can never store what the form
 * would refuse. Errors carry the spreadsheet row number and the field.
 */
export function parseHouseholdRows(sheet: readonly SheetRow[], branchId: string): ParsedHouseholdFile {
  const errors: ImportRowError[] = [];
  const nonEmpty = sheet.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const header = nonEmpty[0];
  if (!header) {
    return {
      rows: [],
      errors: [
        {
          row: 1,
          field: 'file',
          message: 'the file is empty: it needs a header row and households',
          code: 'FILE_EMPTY',
        },
      ],
      fields: [],
      ignoredColumns: [],
    };
  }

  const columnOf = new Map<HouseholdImportField, number>();
  const ignoredColumns: string[] = [];
  header.cells.forEach((cell, index) => {
    const field = FIELD_OF_HEADER.get(normalizeHeader(cell));
    if (!field) {
      if (cell.trim()) ignoredColumns.push(cell.trim());
    } else if (columnOf.has(field)) {
      errors.push({
        row: header.row,
        field,
        message: `the column ${cell.trim()} appears twice`,
        code: 'COLUMN_TWICE',
        params: { column: cell.trim() },
      });
    } else {
      columnOf.set(field, index);
    }
  });
  for (const c of HOUSEHOLD_IMPORT_COLUMNS) {
    if (c.required && !columnOf.has(c.field)) {
      errors.push({
        row: header.row,
        field: c.field,
        message: `the column ${c.field} (${c.zh}) is missing`,
        code: 'COLUMN_MISSING',
        params: { column: c.zh },
      });
    }
  }
  const fields = HOUSEHOLD_IMPORT_COLUMNS.map((c) => c.field).filter((f) => columnOf.has(f));
  if (errors.length) return { rows: [], errors, fields, ignoredColumns };

  const rows: HouseholdRow[] = [];
  const rowOfCode = new Map<string, number>();
  for (const line of nonEmpty.slice(1)) {
    const raw = Object.fromEntries([...columnOf].map(([field, index]) => [field, line.cells[index] ?? '']));
    if (isImportExampleRow(raw)) {
      // the template's example: imported unchanged it must never create or update a household
      errors.push({
        row: line.row,
        field: 'code',
        message: "this is the template's example row: delete it before importing",
        code: 'EXAMPLE_ROW',
      });
      continue;
    }
    const plain: Record<string, unknown> = { branchId };
    const blankRequired = new Set<string>();
    for (const [field, index] of columnOf) {
      const raw = line.cells[index] ?? '';
      plain[field] = toPlain(field, raw);
      if (raw.trim() === '' && HOUSEHOLD_IMPORT_COLUMNS.some((c) => c.field === field && c.required)) {
        blankRequired.add(field);
      }
    }
    const dto = plainToInstance(CreateHouseholdDto, plain);
    const problems = flatten(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true })).map((p) =>
      blankRequired.has(p.field)
        ? { field: p.field, message: `${p.field} is required`, code: 'REQUIRED' as const }
        : p,
    );
    if (!problems.some((p) => p.field === 'code')) {
      // codes are unique in a branch: a second row with the same code is an error, not an update
      const firstRow = rowOfCode.get(dto.code);
      if (firstRow === undefined) rowOfCode.set(dto.code, line.row);
      else
        problems.push({
          field: 'code',
          message: `the code ${dto.code} is already used in row ${firstRow}`,
          code: 'CODE_REPEATED',
          params: { code: dto.code, row: firstRow },
        });
    }
    if (problems.length) {
      errors.push(...problems.map((p) => ({ row: line.row, ...p })));
      continue;
    }
    rows.push({
      row: line.row,
      code: dto.code,
      headName: dto.headName,
      phone: dto.phone ?? null,
      address: dto.address,
      villageGroup: dto.villageGroup ?? null,
      size: dto.size ?? null,
      tags: dto.tags ?? [],
    });
  }
  if (rows.length === 0 && errors.length === 0) {
    errors.push({
      row: header.row + 1,
      field: 'file',
      message: 'the file has a header row but no households',
      code: 'FILE_NO_ROWS',
    });
  }
  return { rows, errors, fields, ignoredColumns };
}
