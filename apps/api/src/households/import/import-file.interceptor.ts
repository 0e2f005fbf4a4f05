import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { Observable } from 'rxjs';
import { ApiException, badRequest } from '../../common/api-exception';

/** Household lists are far smaller: 20,000 rows of CSV are about 1.5 MB. */
export const MAX_IMPORT_FILE_BYTES = 10 * 1024 * 1024;

/** The uploaded file as multer's memory storage hands it over (the default without `dest`). */
export interface UploadedImportFile {
  buffer: Buffer;
  originalname: string;
  mimetype: string;
  size: number;
}

const Multipart = FileInterceptor('file', {
  limits: { fileSize: MAX_IMPORT_FILE_BYTES, files: 1, fields: 10, fieldSize: 1024, parts: 12 },
});

/**
 * Reads the multipart field `file` into memory (at most 10 MB) and turns every upload
 * failure into the contract's error shape: too large → 413 PAYLOAD_TOO_LARGE, anything else
 * (wrong field name, broken multipart) → 400, never a 500.
 */
@Injectable()
export class ImportFileInterceptor implements NestInterceptor {
  private readonly multipart = new Multipart();

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      // resolves once the upload is read; errors of the handler itself come later, unchanged
      return await this.multipart.intercept(context, next);
    } catch (err) {
      if (err instanceof HttpException && err.getStatus() === 413) {
        throw new ApiException(
          'PAYLOAD_TOO_LARGE',
          `the file is larger than ${MAX_IMPORT_FILE_BYTES / 1024 / 1024} MB: split it into several files`,
        );
      }
      const message = err instanceof Error ? err.message : 'the upload could not be read';
      throw badRequest('file', `the upload could not be read: ${message}`, 'FILE_UNREADABLE');
    }
  }
}
