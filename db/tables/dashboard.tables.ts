import type { CheckinInfo } from '../../contract/index';

/** The dashboard's running counts (0025), kept by triggers in the fact's own transaction; joined into Database in db/schema.ts. */

/** Check-ins per UTC hour (`at`'s first 13 characters), venue day, station, method and the visitor's current category ('' = no visitor row). */
export interface DashboardCheckinsTable {
  hour: string;
  day: string;
  station_id: string;
  method: CheckinInfo['method'];
  category: string;
  n: number;
}

/** Registrations (visitor_days rows) per day and the visitor's current category. */
export interface DashboardRegisteredTable {
  day: string;
  category: string;
  n: number;
}

/** Rally stamps per day and point. */
export interface DashboardStampsTable {
  day: string;
  point_id: string;
  n: number;
}

export interface DashboardTables {
  dashboard_checkins: DashboardCheckinsTable;
  dashboard_registered: DashboardRegisteredTable;
  dashboard_stamps: DashboardStampsTable;
}
