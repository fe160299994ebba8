#!/usr/bin/env node
// Validates Relance's element templates (bpmn/element-templates/*.json):
//  1. against the Camunda 7 element template JSON schema, with validateAll of
//     @bpmn-io/element-templates-validator (what Camunda Modeler checks when it loads them);
//  2. against the checks Modeler makes beyond the schema (unique id and version, elementType
//     among appliesTo);
//  3. against our own conventions: one template per file, a version, domain id
//     "relance.step.<name>", defaults that pass their own constraints, dropdown defaults among
//     the choices, existing groups, and a value on every hidden property.
// Usage: node validate-templates.js [folder]
// Prints every problem as "<file> <template id> <where>: <message>" and exits 1 if there is any.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const { validateAll } = require('@bpmn-io/element-templates-validator');

// the folder may be given as the first argument (tests of this script); bpmn/element-templates otherwise
const TEMPLATES_DIR = path.resolve(process.argv[2] || path.join(__dirname, '../../bpmn/element-templates'));
const REPO_ROOT = path.resolve(__dirname, '../..');
const ID_PATTERN = /^relance\.step\.[a-z][A-Za-z0-9]*$/;

const problems = [];

function report(file, templateId, where, message) {
  problems.push(`${file} ${templateId || '(no id)'}${where ? ' ' + where : ''}: ${message}`);
}

function patternOf(constraints) {
  const pattern = constraints && constraints.pattern;
  if (!pattern) {
    return null;
  }
  return typeof pattern === 'string' ? pattern : pattern.value;
}

// Like Camunda Modeler, keep the errors that carry the schema's own message and the data type
// errors; the others only restate them (failed if/then and oneOf branches). Keep all when
// that would leave nothing.
function relevantErrors(errors) {
  const relevant = errors.filter(error =>
    error.keyword === 'errorMessage' || (error.keyword === 'type' && /^\/\d+\//.test(error.instancePath || '')));

  return relevant.length ? relevant : errors;
}

function checkConventions(file, template) {
  const id = template.id;

  if (!ID_PATTERN.test(id || '')) {
    report(file, id, '/id', `template id must look like relance.step.<name>, e.g. relance.step.email`);
  }
  if (!Number.isInteger(template.version)) {
    report(file, id, '/version', 'every template needs an integer version (Modeler records it on each element)');
  }
  if (!template.description) {
    report(file, id, '/description', 'every template needs a description (shown in the template chooser)');
  }
  if (template.elementType && Array.isArray(template.appliesTo) &&
      !template.appliesTo.includes('bpmn:Task') && !template.appliesTo.includes(template.elementType.value)) {
    report(file, id, '/appliesTo', `elementType ${template.elementType.value} is not among appliesTo`);
  }

  const groupIds = new Set((template.groups || []).map(group => group.id));

  (template.properties || []).forEach((property, index) => {
    const where = `/properties/${index}` + (property.label ? ` (${property.label})` : '');
    const { type, value, constraints, choices, group } = property;

    if (group && !groupIds.has(group)) {
      report(file, id, where, `group "${group}" is not declared in groups`);
    }
    if (type === 'Hidden' && (value === undefined || value === '')) {
      report(file, id, where, 'a hidden property needs a value');
    }
    if (type !== 'Hidden' && !property.label) {
      report(file, id, where, 'a visible property needs a label');
    }
    if (type === 'Dropdown' && value !== undefined && !(choices || []).some(choice => choice.value === value)) {
      report(file, id, where, `default "${value}" is not one of the choices`);
    }

    const pattern = patternOf(constraints);
    if (pattern) {
      let regexp;
      try {
        regexp = new RegExp(pattern);
      } catch (error) {
        report(file, id, where, `pattern is not a valid regular expression: ${error.message}`);
      }
      if (regexp && value !== undefined && !regexp.test(String(value))) {
        report(file, id, where, `default "${value}" does not match its own pattern ${pattern}`);
      }

      // Modeler tests the pattern against '' when the field is empty: an optional field's
      // pattern must accept '', or Modeler shows an error on a field the user may leave empty.
      if (regexp && !(constraints && constraints.notEmpty) && !regexp.test('')) {
        report(file, id, where, `optional field: its pattern must accept an empty value, e.g. ^(...)?$`);
      }
    }
    if (constraints && constraints.notEmpty && type === 'Hidden') {
      report(file, id, where, 'constraints on a hidden property are never checked by Modeler');
    }
  });
}

function main() {
  const files = fs.readdirSync(TEMPLATES_DIR).filter(name => name.endsWith('.json')).sort();

  if (!files.length) {
    report(path.relative(REPO_ROOT, TEMPLATES_DIR), null, '', 'no element template found');
  }

  // each entry: { file, template } with the template as an object
  const entries = [];

  // the files' text, so that validateAll reports lines of the files themselves
  const sources = [];

  for (const name of files) {
    const file = path.relative(REPO_ROOT, path.join(TEMPLATES_DIR, name));
    const text = fs.readFileSync(path.join(TEMPLATES_DIR, name), 'utf8');
    let content;

    try {
      content = JSON.parse(text);
    } catch (error) {
      report(file, null, '', `not valid JSON: ${error.message}`);
      continue;
    }

    if (!Array.isArray(content) || content.length !== 1) {
      report(file, null, '', 'each file must hold a JSON array with exactly one template');
    }

    const templates = Array.isArray(content) ? content : [ content ];
    templates.forEach(template => entries.push({ file, template }));
    sources.push({ file, text, templates, isArray: Array.isArray(content) });
  }

  // (1) JSON schema, as Camunda Modeler validates templates
  const { results } = validateAll(sources.map(source => source.text));

  results.forEach((result, index) => {
    const { file, templates, isArray } = sources[index];

    const templateAt = instancePath => {
      const match = isArray && /^\/(\d+)/.exec(instancePath || '');
      return match ? templates[Number(match[1])] : templates[0];
    };

    const relevant = relevantErrors(result.errors || []);

    relevant.forEach(error => {
      const template = templateAt(error.instancePath);
      const line = error.dataPointer && error.dataPointer.value ? ` (line ${error.dataPointer.value.line + 1})` : '';
      report(file, template && template.id, error.instancePath || '/', `${error.message}${line}`);
    });

    (result.warnings || []).forEach(warning => {
      const template = templateAt(warning.instancePath);
      report(file, template && template.id, warning.instancePath || '/', `schema warning: ${warning.message}`);
    });
  });

  // (2) what Modeler checks on top of the schema: unique id + version
  const seen = new Map();

  entries.forEach(({ file, template }) => {
    const key = `${template.id}@${template.version}`;
    if (seen.has(key)) {
      report(file, template.id, '/id', `id and version ${template.version} already used in ${seen.get(key)}`);
    } else {
      seen.set(key, file);
    }
  });

  // (3) our conventions
  entries.forEach(({ file, template }) => checkConventions(file, template));

  if (problems.length) {
    problems.forEach(problem => console.error(problem));
    console.error(`✖ element templates: ${problems.length} problem(s) in ${files.length} file(s)`);
    process.exit(1);
  }

  console.log(`✔ element templates: ${entries.length} template(s) in ${files.length} file(s) are valid ` +
    `(${entries.map(entry => entry.template.id).join(', ')})`);
}

main();
