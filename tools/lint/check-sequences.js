#!/usr/bin/env node
// Checks what bpmnlint cannot know about Relance's sequences (bpmn/**/*.bpmn):
//  - every element that says it was made from one of our element templates
//    (camunda:modelerTemplate) still carries exactly what that template writes: the hidden
//    values unchanged, dropdown values among the choices, required fields filled and matching
//    their pattern, as Camunda Modeler would check them;
//  - a sequence drawn with the templates uses them for every task (a plain task does nothing);
//  - the message templates a step names exist in templates/ (at least in the default locale,
//    en, or without locale), and a LinkedIn connection note stays under 300 characters once
//    rendered with long sample values;
//  - a Wait step calls a process that is in bpmn/;
//  - the gateway after a Branch or an A/B split step tests the variable the step sets;
//  - stop messages are spelled as the engine sends them and interrupt the sequence.
// Usage: node check-sequences.js [repo root]. Prints "<file> <element id>: <problem>", exits 1 on any.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const { BpmnModdle } = require('bpmn-moddle');
const camundaDescriptor = require('camunda-bpmn-moddle/resources/camunda.json');

const ROOT = path.resolve(process.argv[2] || path.join(__dirname, '../..'));
const BPMN_DIR = path.join(ROOT, 'bpmn');
const TEMPLATES_DIR = path.join(BPMN_DIR, 'element-templates');
const MESSAGES_DIR = path.join(ROOT, 'templates');

// the default locale of relance.templates.default-locale: the fallback every prospect can get
const DEFAULT_LOCALE = 'en';

// messages the engine correlates to stop a prospect's sequences
const STOP_MESSAGES = [ 'ProspectReplied', 'MeetingBooked', 'ProspectBounced', 'ProspectUnsubscribed' ];

const CONNECTION_NOTE_LIMIT = 300;

// long but realistic values, to measure a rendered LinkedIn note
const LONG_SAMPLES = {
  firstName: 'Marie-Charlotte',
  lastName: 'de La Rochefoucauld',
  company: 'Établissements Durand & Fils',
  title: 'Head of Business Development',
  name: 'Camille Martin-Leclerc',
  email: 'camille.martin-leclerc@yourcompany.com'
};
const LONG_DEFAULT_SAMPLE = 'a thirty characters long value';

const problems = [];

function report(file, elementId, message) {
  problems.push(`${file}${elementId ? ' ' + elementId : ''}: ${message}`);
}

// ---------------------------------------------------------------------------------------------
// files

function listFiles(dir, predicate, found = []) {
  if (!fs.existsSync(dir)) {
    return found;
  }
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') {
        listFiles(full, predicate, found);
      }
    } else if (predicate(entry.name)) {
      found.push(full);
    }
  }
  return found.sort();
}

function loadTemplates() {
  const byKey = new Map();
  for (const file of listFiles(TEMPLATES_DIR, name => name.endsWith('.json'))) {
    let content;
    try {
      content = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      continue; // validate-templates.js reports it
    }
    for (const template of [].concat(content)) {
      byKey.set(`${template.id}@${template.version}`, template);
    }
  }
  return byKey;
}

// ---------------------------------------------------------------------------------------------
// reading what a binding wrote on an element

function extensionValues(element, type) {
  const extensionElements = element.get('extensionElements');
  const values = (extensionElements && extensionElements.get('values')) || [];
  return values.filter(value => value.$instanceOf(type));
}

function inputParameter(element, name) {
  const inputOutput = extensionValues(element, 'camunda:InputOutput')[0];
  const parameters = (inputOutput && inputOutput.get('inputParameters')) || [];
  return parameters.find(parameter => parameter.get('name') === name);
}

/** { present, value } for one template property on one element, as Modeler would read it. */
function boundValue(element, binding) {
  switch (binding.type) {
  case 'property': {
    const value = element.get(binding.name);
    return { present: value !== undefined, value };
  }
  case 'camunda:inputParameter': {
    const parameter = inputParameter(element, binding.name);
    if (!parameter) {
      return { present: false };
    }
    if (parameter.get('definition')) {
      return { present: true, value: undefined, complex: true };
    }
    return { present: true, value: parameter.get('value') || '' };
  }
  case 'camunda:executionListener': {
    const implementation = binding.implementationType || 'class';
    const listeners = extensionValues(element, 'camunda:ExecutionListener')
      .filter(listener => listener.get('event') === binding.event);
    return { present: listeners.length > 0, values: listeners.map(listener => listener.get(implementation)) };
  }
  case 'camunda:in': {
    const camundaIn = extensionValues(element, 'camunda:In').find(candidate => candidate.get('target') === binding.target);
    if (!camundaIn) {
      return { present: false };
    }
    return { present: true, value: binding.expression ? camundaIn.get('sourceExpression') : camundaIn.get('source') };
  }
  case 'camunda:in:businessKey': {
    const camundaIn = extensionValues(element, 'camunda:In').find(candidate => candidate.get('businessKey') !== undefined);
    return camundaIn ? { present: true, value: camundaIn.get('businessKey') } : { present: false };
  }
  default:
    return { present: false, unsupported: true };
  }
}

function describe(binding) {
  switch (binding.type) {
  case 'property': return binding.name;
  case 'camunda:inputParameter': return `input ${binding.name}`;
  case 'camunda:executionListener': return `${binding.event} listener`;
  case 'camunda:in': return `in mapping to ${binding.target}`;
  case 'camunda:in:businessKey': return 'business key mapping';
  default: return binding.type;
  }
}

function patternOf(constraints) {
  const pattern = constraints && constraints.pattern;
  if (!pattern) {
    return null;
  }
  return typeof pattern === 'string' ? { value: pattern } : pattern;
}

/** The values the template's fields hold on the element, by binding name / target. */
function checkTemplatedElement(file, element, template) {
  const id = element.get('id');
  const fields = {};

  const expectedType = template.elementType && template.elementType.value;
  if (expectedType && element.$type !== expectedType) {
    report(file, id, `is a ${element.$type}, template ${template.id} makes a ${expectedType}`);
  }

  for (const property of template.properties) {
    const { binding, type, value: defaultValue, choices, constraints, label } = property;
    const what = `${describe(binding)}${label ? ` ("${label}")` : ''}`;
    const found = boundValue(element, binding);

    if (found.unsupported) {
      report(file, id, `template ${template.id}: binding ${binding.type} is not checked by this script`);
      continue;
    }

    if (binding.type === 'camunda:executionListener') {
      if (!found.values.includes(defaultValue)) {
        report(file, id, `missing the ${binding.event} execution listener ${defaultValue} of template ${template.id}`);
      }
      continue;
    }

    if (!found.present) {
      report(file, id, `missing the ${what} that template ${template.id} writes`);
      continue;
    }
    if (found.complex) {
      report(file, id, `${what} holds a script, template ${template.id} writes a plain value`);
      continue;
    }

    const actual = found.value === undefined || found.value === null ? '' : String(found.value);
    fields[binding.name || binding.target || binding.type] = actual;

    if (type === 'Hidden') {
      if (actual !== String(defaultValue)) {
        report(file, id, `${what} is "${actual}", template ${template.id} sets "${defaultValue}" (hidden, not to be edited)`);
      }
      continue;
    }

    if (type === 'Dropdown' && !choices.some(choice => choice.value === actual)) {
      report(file, id, `${what} is "${actual}", not one of ${choices.map(choice => choice.value).join(', ')}`);
      continue;
    }

    if (constraints && constraints.notEmpty && !actual.trim()) {
      report(file, id, `${what} must not be empty`);
      continue;
    }

    const pattern = patternOf(constraints);
    if (pattern && !new RegExp(pattern.value).test(actual)) {
      report(file, id, `${what} "${actual}": ${pattern.message || `must match ${pattern.value}`}`);
    }
  }

  return fields;
}

// ---------------------------------------------------------------------------------------------
// message templates

function templateFiles(folder, name, extension) {
  const dir = path.join(MESSAGES_DIR, folder);
  if (!fs.existsSync(dir)) {
    return [];
  }
  const prefix = `${name}.`;
  return fs.readdirSync(dir)
    .filter(file => file.startsWith(prefix) && file.endsWith(`.${extension}`))
    .filter(file => {
      const middle = file.slice(prefix.length, file.length - extension.length - 1);
      return middle === '' || /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(middle);
    })
    .map(file => path.join(dir, file));
}

function requireMessageTemplate(file, id, folder, name, extension) {
  const fallbacks = [ `${name}.${DEFAULT_LOCALE}.${extension}`, `${name}.${extension}` ];
  const found = templateFiles(folder, name, extension);
  if (!found.some(candidate => fallbacks.includes(path.basename(candidate)))) {
    report(file, id, `template "${name}" has no templates/${folder}/${fallbacks[0]} (nor ${fallbacks[1]}): ` +
      'a prospect in any other language would have no version to fall back on');
  }
  return found;
}

/** Renders a Thymeleaf TEXT template roughly, with long sample values, to measure it. */
function renderWithLongValues(text) {
  return text.replace(/\[\(([\s\S]*?)\)\]|\[\[([\s\S]*?)\]\]/g, (match, unescaped, escaped) => {
    const expression = unescaped || escaped;
    const field = /\$\{\s*[A-Za-z]+\.([A-Za-z]+)/.exec(expression);
    let sample = field && LONG_SAMPLES[field[1]] || LONG_DEFAULT_SAMPLE;
    const literal = /\?:\s*'([^']*)'/.exec(expression);
    if (literal && literal[1].length > sample.length) {
      sample = literal[1];
    }
    return sample;
  }).trim();
}

function checkConnectionNote(file, id, templatePath) {
  const rendered = renderWithLongValues(fs.readFileSync(templatePath, 'utf8'));
  if ([ ...rendered ].length > CONNECTION_NOTE_LIMIT) {
    report(file, id, `${path.relative(ROOT, templatePath)} renders to ${[ ...rendered ].length} characters with long ` +
      `names; LinkedIn refuses connection notes over ${CONNECTION_NOTE_LIMIT}`);
  }
}

// ---------------------------------------------------------------------------------------------
// diagrams

function flowElementsOf(container, found = []) {
  for (const element of container.get('flowElements') || []) {
    found.push(element);
    if (element.$instanceOf('bpmn:SubProcess')) {
      flowElementsOf(element, found);
    }
  }
  return found;
}

function conditionOf(flow) {
  const condition = flow.get('conditionExpression');
  return condition ? (condition.get('body') || '') : null;
}

/** The exclusive gateway right after a step must test `variable` on each of its conditional flows. */
function checkGatewayAfter(file, step, variable, expectedValues) {
  const id = step.get('id');
  const outgoing = step.get('outgoing') || [];
  const gateway = outgoing.length === 1 ? outgoing[0].get('targetRef') : null;

  if (!gateway || !gateway.$instanceOf('bpmn:ExclusiveGateway')) {
    report(file, id, `should be followed by one exclusive gateway that tests \${${variable}}`);
    return;
  }

  const defaultFlow = gateway.get('default');
  const pattern = new RegExp(`(^|[^A-Za-z0-9_.])${variable.replace(/\$/g, '\\$')}([^A-Za-z0-9_]|$)`);

  for (const flow of gateway.get('outgoing') || []) {
    const condition = conditionOf(flow);
    if (flow === defaultFlow && condition === null) {
      continue;
    }
    if (condition === null || !pattern.test(condition)) {
      report(file, flow.get('id'), `leaves gateway ${gateway.get('id')} after ${id}: its condition should test ` +
        `\${${variable}} (it is ${condition === null ? 'missing' : `"${condition}"`})`);
    }
  }

  for (const value of expectedValues || []) {
    const tested = (gateway.get('outgoing') || []).some(flow => (conditionOf(flow) || '').includes(`'${value}'`));
    if (!tested && !defaultFlow) {
      report(file, gateway.get('id'), `no outgoing flow takes variant '${value}' of ${id}, and there is no default flow`);
    }
  }
}

async function checkDiagram(moddle, templates, processIds, bpmnPath) {
  const file = path.relative(ROOT, bpmnPath);
  let definitions;

  try {
    ({ rootElement: definitions } = await moddle.fromXML(fs.readFileSync(bpmnPath, 'utf8')));
  } catch (error) {
    report(file, null, `cannot be read: ${error.message.split('\n')[0]}`);
    return;
  }

  const processes = definitions.get('rootElements').filter(element => element.$instanceOf('bpmn:Process'));
  const elements = processes.flatMap(process => flowElementsOf(process));
  const templated = elements.some(element => element.get('camunda:modelerTemplate'));

  for (const element of elements) {
    const id = element.get('id');
    const templateId = element.get('camunda:modelerTemplate');
    const isTask = element.$instanceOf('bpmn:Activity') && !element.$instanceOf('bpmn:SubProcess');

    if (!templateId) {
      if (templated && isTask) {
        report(file, id, 'this sequence uses the element templates: apply one to this task too ' +
          '(Template → Select in Modeler)');
      }
      if (element.$instanceOf('bpmn:ServiceTask') && element.get('camunda:delegateExpression') === '${sendEmail}') {
        const parameter = inputParameter(element, 'template');
        if (parameter && parameter.get('value')) {
          requireMessageTemplate(file, id, 'email', parameter.get('value'), 'html');
        }
      }
      continue;
    }

    const version = element.get('camunda:modelerTemplateVersion');
    const template = templates.get(`${templateId}@${version}`);

    if (!template) {
      report(file, id, `made from template ${templateId} version ${version}, which is not in bpmn/element-templates`);
      continue;
    }

    const fields = checkTemplatedElement(file, element, template);

    switch (templateId) {
    case 'relance.step.email': {
      if (fields.template) {
        const variants = (fields.variants || '').split(',').filter(Boolean).map(pair => pair.split(':')[0]);
        const names = variants.length ? variants.map(variant => `${fields.template}-${variant.toLowerCase()}`) : [ fields.template ];
        names.forEach(name => requireMessageTemplate(file, id, 'email', name, 'html'));
      }
      break;
    }
    case 'relance.step.linkedin': {
      if (!fields.template) {
        if (fields.action && fields.action !== 'VISIT_PROFILE') {
          report(file, id, `LinkedIn action ${fields.action} needs a message template`);
        }
        break;
      }
      const found = requireMessageTemplate(file, id, 'linkedin', fields.template, 'txt');
      if (fields.action === 'CONNECTION_REQUEST') {
        found.forEach(templatePath => checkConnectionNote(file, id, templatePath));
      }
      break;
    }
    case 'relance.step.call':
      if (fields.script) {
        requireMessageTemplate(file, id, 'call-scripts', fields.script, 'html');
      }
      break;
    case 'relance.step.wait':
      if (!processIds.has(element.get('calledElement'))) {
        report(file, id, `calls process ${element.get('calledElement')}, which no file in bpmn/ defines`);
      }
      break;
    case 'relance.step.branch':
      if (fields.resultVariable) {
        checkGatewayAfter(file, element, fields.resultVariable);
      }
      break;
    case 'relance.step.abSplit':
      checkGatewayAfter(file, element, 'variant',
        (fields.weights || '').split(',').filter(Boolean).map(pair => pair.split(':')[0]));
      break;
    default:
      break;
    }
  }

  // stop messages
  for (const element of elements) {
    if (!element.$instanceOf('bpmn:StartEvent')) {
      continue;
    }
    for (const definition of element.get('eventDefinitions') || []) {
      if (!definition.$instanceOf('bpmn:MessageEventDefinition')) {
        continue;
      }
      const message = definition.get('messageRef');
      const name = message && message.get('name');
      if (!name) {
        report(file, element.get('id'), 'message start event without a message name');
        continue;
      }
      if (!STOP_MESSAGES.includes(name)) {
        const close = STOP_MESSAGES.find(known => known.toLowerCase() === name.toLowerCase().replace(/[^a-z]/g, ''));
        report(file, element.get('id'), `message "${name}" is never sent by Relance` +
          (close ? `; did you mean "${close}"?` : `; the stop messages are ${STOP_MESSAGES.join(', ')}`));
        continue;
      }
      const inEventSubProcess = element.$parent && element.$parent.$instanceOf('bpmn:SubProcess') &&
        element.$parent.get('triggeredByEvent');
      if (inEventSubProcess && element.get('isInterrupting') === false) {
        report(file, element.get('id'), `the "${name}" start event must be interrupting: a non-interrupting one ` +
          'lets the other steps go on after it');
      }
    }
  }
}

async function main() {
  const moddle = new BpmnModdle({ camunda: camundaDescriptor });
  const templates = loadTemplates();
  const diagrams = listFiles(BPMN_DIR, name => name.endsWith('.bpmn'));

  // process ids of every diagram, for the Wait step's called element
  const processIds = new Set();
  for (const diagram of diagrams) {
    for (const match of fs.readFileSync(diagram, 'utf8').matchAll(/<(?:bpmn2?:)?process\b[^>]*\bid="([^"]+)"/g)) {
      processIds.add(match[1]);
    }
  }

  for (const diagram of diagrams) {
    await checkDiagram(moddle, templates, processIds, diagram);
  }

  if (problems.length) {
    problems.forEach(problem => console.error(problem));
    console.error(`✖ sequences: ${problems.length} problem(s) in ${diagrams.length} diagram(s)`);
    process.exit(1);
  }

  console.log(`✔ sequences: ${diagrams.length} diagram(s) use the element templates as Modeler writes them, ` +
    'and every message template they name exists');
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
