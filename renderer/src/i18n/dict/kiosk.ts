/** Kiosk screen strings: Korean first; English must have the same keys. */
export const kioskKo = {} as const;
export const kioskEn: Record<keyof typeof kioskKo, string> = {};
