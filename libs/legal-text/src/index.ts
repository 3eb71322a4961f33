export * from './document.model';
