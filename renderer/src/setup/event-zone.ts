/**
 * The fair's time zone for screens that show wall-clock times (board, floor). Set
 * from system.hello whenever the app (re)loads it; the event, not the code, decides.
 */
let zone = 'Asia/Seoul';
export const eventZone = (): string => zone;
export function setEventZone(timeZone: string): void {
  zone = timeZone;
}
