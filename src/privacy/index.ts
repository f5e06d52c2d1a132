// Data subject requests: everything held about one e-mail address, exported as a zip or erased. Each domain
// contributes its `PersonalDataProvider` through its index.ts.
export {
  ERASED_LABEL,
  needlePattern,
  type PersonalDataContext,
  type PersonalDataPart,
  type PersonalDataProvider,
  type PersonalDataSubject,
} from "../db/personal-data.js";
export { privacyRoutes } from "./routes.js";
export {
  addressHash,
  erasePersonalData,
  exportPersonalData,
  type PersonalDataExport,
  requirePrivacyAccess,
} from "./service.js";
