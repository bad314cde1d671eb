/** Kiosk channels and push events. (Filled in by its issue.) */
export const kioskChannels = {};

export type KioskEvent = never;
