// What the forum's page routes share: the zones offered, and the URL parameters and query they read.
import { Type } from "typebox";
import { choosableTimeZones } from "./time/zones.js";

/** The time zones a form offers, computed once. */
export const zones = choosableTimeZones();
/** /f/{forum}… */
export const ForumParams = Type.Object({ forum: Type.String() });
/** /f/{forum}/{year}… */
export const CycleParams = Type.Object({
  forum: Type.String(),
  year: Type.String({ pattern: "^[0-9]{4}$" }),
});
/** ?done=… after a redirect: which notice the page shows. */
export const Done = Type.Object({ done: Type.Optional(Type.String()) });
