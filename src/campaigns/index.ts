// What other domains may use of campaigns (F7): the plugin, its job registration and command. Anything not
// exported here is the campaigns folder's own business.
export { addCampaignsCommand } from "./cli.js";
export { campaignsPersonalData } from "./personal-data-queries.js";
export { campaignsPlugin, registerCampaignJobs } from "./plugin.js";
export type { CampaignTables } from "./tables.js";
