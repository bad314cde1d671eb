/**
 * The one contract: every channel the renderer, preload and router know about.
 * Handlers are registered by looping over this object, so a channel cannot exist on
 * one side only. Feature issues add their `*.channels.ts` here.
 */
import type { z } from 'zod';
import { systemChannels } from './system.channels';
import { visitorsChannels } from './visitors.channels';
import { checkinChannels } from './checkin.channels';
import { importChannels } from './import.channels';
import { printingChannels } from './printing.channels';
import { kioskChannels } from './kiosk.channels';
import { rallyChannels } from './rally.channels';
import { programmeChannels } from './programme.channels';
import { paperBadgeChannels } from './paper-badge.channels';
import { eventChannels } from './event.channels';
import { offlineChannels } from './offline.channels';
import { consultationsChannels } from './consultations.channels';
import { sessionsChannels } from './sessions.channels';
import { reportsChannels } from './reports.channels';
import { privacyChannels } from './privacy.channels';
import { dashboardChannels } from './dashboard.channels';
import { stationsChannels } from './stations.channels';
import { badgeDesignChannels } from './badge-design.channels';
import { boothChannels } from './booth.channels';
import { itineraryChannels } from './itinerary.channels';

export const contract = {
  ...systemChannels,
  ...visitorsChannels,
  ...checkinChannels,
  ...importChannels,
  ...printingChannels,
  ...kioskChannels,
  ...rallyChannels,
  ...programmeChannels,
  ...paperBadgeChannels,
  ...eventChannels,
  ...offlineChannels,
  ...consultationsChannels,
  ...sessionsChannels,
  ...reportsChannels,
  ...privacyChannels,
  ...dashboardChannels,
  ...stationsChannels,
  ...badgeDesignChannels,
  ...boothChannels,
  ...itineraryChannels,
};

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type InputOf<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInputOf<C extends Channel> = z.output<Contract[C]['input']>;
export type OutputOf<C extends Channel> = z.output<Contract[C]['output']>;
export const CHANNELS = Object.keys(contract) as Channel[];
export const isChannel = (name: string): name is Channel => Object.prototype.hasOwnProperty.call(contract, name);

export * from './result';
export * from './roles';
export * from './events';
export * from './common.schema';
export * from './system.channels';
export * from './visitors.channels';
export * from './checkin.channels';
export * from './import.channels';
export * from './printing.channels';
export * from './kiosk.channels';
export * from './rally.channels';
export * from './programme.channels';
export * from './paper-badge.channels';
export * from './event-visibility';
export * from './text-guard';
export * from './event.channels';
export * from './offline.channels';
export * from './consultations.channels';
export * from './sessions.channels';
export * from './reports.channels';
export * from './privacy.channels';
export * from './dashboard.channels';
export * from './badge-design.channels';
export * from './display-mask';
export * from './stations.channels';
export * from './booth.channels';
export * from './itinerary.channels';
