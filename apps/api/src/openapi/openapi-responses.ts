import type { ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** What tools/scripts/api-doc.mjs reads from the controllers (responses.generated.ts). */
export interface OpenApiResponses {
  /** named response types of libs/domain (and the error shape `ApiError`), as JSON schemas */
  schemas: Record<string, SchemaObject>;
  /**
   * per operation id (`CasesController_get`): the media type and schema of its 2xx answer; `{}`
   * for a handler that answers without a body (204)
   */
  operations: Record<string, { mediaType?: string; schema?: SchemaObject | ReferenceObject }>;
}
