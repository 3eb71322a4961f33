import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';

/**
 * A validated body leaves the HTTP layer as plain JSON data: DTO class instances become plain objects
 * and optional fields that were left out disappear (the ES2022 class fields would otherwise carry them
 * as `undefined`). Commands, the domain and the store then only ever see JSON.
 */
export function toPlainJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

@Injectable()
export class PlainBodyPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.type === 'body' && value !== null && typeof value === 'object'
      ? toPlainJson(value)
      : value;
  }
}
