/** Printing channels and push events. (Filled in by its issue.) */
export const printingChannels = {};

export type PrintingEvent = never;
