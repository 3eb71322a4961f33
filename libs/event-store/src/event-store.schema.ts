/**
 * The component under which every adapter records the event store's schema version in its
 * `schema_migrations` table (the read models and the Merkle log record theirs under their own).
 */
export const EVENT_STORE_SCHEMA_COMPONENT = 'event-store';
