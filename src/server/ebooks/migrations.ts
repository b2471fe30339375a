// The cloud e-books' tables (issue 20): numbered 205x.
import type { Migration } from '#server/db/migrations';

export const EBOOK_MIGRATIONS: readonly Migration[] = [];
