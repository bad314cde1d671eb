/** Registrations import screen strings: Korean first; English must have the same keys. */
export const importKo = {} as const;
export const importEn: Record<keyof typeof importKo, string> = {};
