/** Rally channels and push events. (Filled in by its issue.) */
export const rallyChannels = {};

export type RallyEvent = never;
