/** Printing screen strings: Korean first; English must have the same keys. */
export const printingKo = {} as const;
export const printingEn: Record<keyof typeof printingKo, string> = {};
