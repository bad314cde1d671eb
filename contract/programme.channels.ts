/** Programme channels and push events. (Filled in by its issue.) */
export const programmeChannels = {};

export type ProgrammeEvent = never;
