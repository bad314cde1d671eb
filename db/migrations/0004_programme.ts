/** 0004_programme: reserved for its issue's tables. Frozen once landed; never import app code. */
import type { Kysely } from 'kysely';

export async function up(_db: Kysely<any>): Promise<void> {}
