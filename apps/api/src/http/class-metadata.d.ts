// Types of the two modules compiled-parameters.ts reads the DTOs' decorator metadata from: each
// package ships its declarations under types/ and its code under cjs/, and declares neither path.
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
declare module 'class-validator/cjs/validation/ValidationUtils' {
  export { ValidationUtils } from 'class-validator/types/validation/ValidationUtils';
}
