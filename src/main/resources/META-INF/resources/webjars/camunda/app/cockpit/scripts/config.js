// Relance's Cockpit configuration: it replaces the (empty) default of the Camunda webapp.
export default {
  // Business figures from MongoDB on the process definition diagram (README "Monitoring")
  customScripts: ['scripts/relance-figures']
};
