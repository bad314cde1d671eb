/** Rally screen strings: Korean first; English must have the same keys. */
export const rallyKo = {} as const;
export const rallyEn: Record<keyof typeof rallyKo, string> = {};
