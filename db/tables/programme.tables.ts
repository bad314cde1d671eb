/** Programme tables (joined into Database in db/schema.ts). */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface ProgrammeTables {}
