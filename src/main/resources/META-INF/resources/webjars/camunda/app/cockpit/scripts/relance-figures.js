// Cockpit plugin: on a process definition's diagram, each activity shows what the campaigns running this
// sequence counted (touches sent, replies, meetings attributed to it) and how many prospects wait there now.
// The figures come from Relance (GET /dashboard/data/activities), with the login session Cockpit runs in.
const FIGURES_URL = new URL('../../../../dashboard/data/activities', import.meta.url);

function badge(figures) {
  const element = document.createElement('div');
  element.className = 'relance-activity-figures';
  element.dataset.activityId = figures.activityId;
  element.title = `Relance: ${figures.touches} touches sent, ${figures.replies} replies, `
    + `${figures.meetings} meetings, ${figures.waiting} prospects waiting now`;
  element.textContent = `${figures.touches} sent · ${figures.replies} replies · ${figures.meetings} meetings`
    + ` · ${figures.waiting} waiting`;
  Object.assign(element.style, {
    background: '#1d2733', color: '#fff', borderRadius: '4px', padding: '1px 5px', fontSize: '11px',
    whiteSpace: 'nowrap', fontFamily: 'system-ui, sans-serif', opacity: '0.9'
  });
  return element;
}

export default {
  id: 'relance.activityFigures',
  pluginPoint: 'cockpit.processDefinition.diagram.plugin',
  priority: 10,
  render: (viewer, { processDefinitionId }) => {
    const url = new URL(FIGURES_URL);
    url.searchParams.set('processDefinitionId', processDefinitionId);
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then((response) => (response.ok ? response.json() : []))
      .then((activities) => {
        const overlays = viewer.get('overlays');
        const elements = viewer.get('elementRegistry');
        activities.filter((figures) => elements.get(figures.activityId)).forEach((figures) => {
          overlays.add(figures.activityId, 'relance-figures', {
            position: { bottom: -8, left: 0 },
            html: badge(figures)
          });
        });
      })
      .catch((error) => console.warn('Relance figures unavailable', error));
  }
};
