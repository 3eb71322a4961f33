export * from './document.model';
export * from './legal-date';
export * from './amendment';
