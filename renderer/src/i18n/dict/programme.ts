/** Programme screen strings: Korean first; English must have the same keys. */
export const programmeKo = {} as const;
export const programmeEn: Record<keyof typeof programmeKo, string> = {};
