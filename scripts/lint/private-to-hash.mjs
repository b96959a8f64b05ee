#!/usr/bin/env node
// One-off codemod: turns TypeScript `private` class members into ECMAScript private names
// (`private x` → `#x`, `this.x` → `this.#x`), so the tree has one style for private members
// (enforced by scripts/lint/no-ts-private.grit).
//
// It needs the TypeScript 5 language service (TypeScript 7, the project's compiler, has no
// JavaScript API yet) to find every reference of each member:
//
//   npm install --no-save --prefix /tmp/ts5 typescript@5.9
//   node scripts/lint/private-to-hash.mjs /tmp/ts5/node_modules/typescript
//
// A member is left as it is, and listed, when a reference cannot name a `#` member
// (destructuring, a string key outside `x['name']`) or the class already has that `#` name.
// Constructor parameter properties become a field plus an assignment at the top of the
// constructor. Run `npm run typecheck` and the tests after it.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const tsPath = process.argv[2];
if (tsPath === undefined) {
  console.error('usage: node scripts/lint/private-to-hash.mjs <path to a TypeScript 5 package>');
  process.exit(2);
}
const ts = createRequire(import.meta.url)(resolve(tsPath));
const root = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');

const configFile = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
const files = parsed.fileNames.filter((f) => !f.endsWith('.d.ts'));
const versions = new Map(files.map((f) => [f, 0]));
const host = {
  getScriptFileNames: () => files,
  getScriptVersion: (f) => String(versions.get(f) ?? 0),
  getScriptSnapshot: (f) => (ts.sys.fileExists(f) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(f)) : undefined),
  getCurrentDirectory: () => root,
  getCompilationSettings: () => ({ ...parsed.options, noEmit: true }),
  getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
  fileExists: ts.sys.fileExists,
  readFile: ts.sys.readFile,
  readDirectory: ts.sys.readDirectory,
  directoryExists: ts.sys.directoryExists,
  getDirectories: ts.sys.getDirectories,
};
const service = ts.createLanguageService(host, ts.createDocumentRegistry());
const program = service.getProgram();

/** file → [{ start, end, text }] */
const edits = new Map();
const skipped = [];
const edit = (file, start, end, text) => {
  const list = edits.get(file) ?? [];
  list.push({ start, end, text });
  edits.set(file, list);
};

const isPrivate = (node) => node.modifiers?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword) ?? false;
const privateKeyword = (node) => node.modifiers.find((m) => m.kind === ts.SyntaxKind.PrivateKeyword);

/** Removes `private ` (the keyword and the blanks after it). */
function dropKeyword(sf, keyword) {
  const text = sf.text;
  let end = keyword.end;
  while (text[end] === ' ') end++;
  edit(sf.fileName, keyword.getStart(sf), end, '');
}

/** Edits for every reference of `nameNode`, or a reason it cannot become `#name`. */
function referenceEdits(sf, nameNode) {
  const name = nameNode.text;
  const constructorOf = ts.isParameter(nameNode.parent) ? nameNode.parent.parent : undefined;
  const out = [];
  const refs = service.findReferences(sf.fileName, nameNode.getStart(sf)) ?? [];
  for (const ref of refs) {
    for (const entry of ref.references) {
      const refFile = program.getSourceFile(entry.fileName);
      if (refFile === undefined) return { reason: `reference in ${entry.fileName}` };
      const node = findNode(refFile, entry.textSpan.start);
      if (node === undefined) return { reason: `unresolvable reference in ${entry.fileName}` };
      const parent = node.parent;
      const inConstructor = constructorOf !== undefined && entry.fileName === sf.fileName && node.pos >= constructorOf.pos && node.end <= constructorOf.end;
      if (inConstructor && ts.isIdentifier(node) && !(ts.isPropertyAccessExpression(parent) && parent.name === node)) {
        // the constructor's own parameter, not the property
      } else if (ts.isIdentifier(node) && ts.isPropertyAccessExpression(parent) && parent.name === node) {
        out.push({ file: entry.fileName, start: node.getStart(refFile), end: node.end, text: `#${name}` });
      } else if (ts.isStringLiteral(node) && ts.isElementAccessExpression(parent) && parent.argumentExpression === node) {
        // x['name'] → x.#name
        const open = refFile.text.lastIndexOf('[', node.getStart(refFile));
        out.push({ file: entry.fileName, start: open, end: parent.end, text: `.#${name}` });
        if (parent.questionDotToken !== undefined) return { reason: `optional element access in ${entry.fileName}` };
      } else if (
        node === nameNode ||
        (ts.isIdentifier(node) &&
          (ts.isPropertyDeclaration(parent) ||
            ts.isMethodDeclaration(parent) ||
            ts.isGetAccessorDeclaration(parent) ||
            ts.isSetAccessorDeclaration(parent) ||
            ts.isParameter(parent)) &&
          parent.name === node)
      ) {
        // declarations are handled by the caller
      } else {
        return {
          reason: `${ts.SyntaxKind[parent.kind]} reference in ${entry.fileName}:${refFile.getLineAndCharacterOfPosition(node.getStart(refFile)).line + 1}`,
        };
      }
    }
  }
  return { edits: out };
}

function findNode(sf, pos) {
  let found;
  const visit = (node) => {
    if (pos < node.getStart(sf) || pos >= node.end) return;
    found = node;
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

for (const sf of program.getSourceFiles()) {
  if (!versions.has(sf.fileName)) continue;
  const visit = (node) => {
    if (ts.isClassLike(node)) convertClass(sf, node);
    ts.forEachChild(node, visit);
  };
  visit(sf);
}

function convertClass(sf, cls) {
  const hashNames = new Set(cls.members.filter((m) => m.name !== undefined && ts.isPrivateIdentifier(m.name)).map((m) => m.name.text.slice(1)));
  const byName = new Map();
  for (const member of cls.members) {
    if (ts.isConstructorDeclaration(member)) {
      for (const param of member.parameters) {
        if (isPrivate(param) && ts.isIdentifier(param.name)) byName.set(param.name.text, [...(byName.get(param.name.text) ?? []), param]);
      }
      continue;
    }
    if (!isPrivate(member) || member.name === undefined || !ts.isIdentifier(member.name)) continue;
    if (!(ts.isPropertyDeclaration(member) || ts.isMethodDeclaration(member) || ts.isGetAccessorDeclaration(member) || ts.isSetAccessorDeclaration(member)))
      continue;
    byName.set(member.name.text, [...(byName.get(member.name.text) ?? []), member]);
  }
  const className = cls.name?.text ?? '(anonymous class)';
  const parameterProperties = [];
  for (const [name, declarations] of byName) {
    const where = `${sf.fileName.slice(root.length + 1)}: ${className}.${name}`;
    if (hashNames.has(name)) {
      skipped.push(`${where}: the class already has #${name}`);
      continue;
    }
    if (declarations.some((d) => d.modifiers?.some((m) => m.kind === ts.SyntaxKind.AbstractKeyword || m.kind === ts.SyntaxKind.DeclareKeyword))) {
      skipped.push(`${where}: abstract or declare`);
      continue;
    }
    const refs = referenceEdits(sf, declarations[0].name);
    if (refs.reason !== undefined) {
      skipped.push(`${where}: ${refs.reason}`);
      continue;
    }
    for (const e of refs.edits) edit(e.file, e.start, e.end, e.text);
    for (const decl of declarations) {
      if (ts.isParameter(decl)) parameterProperties.push(decl);
      else {
        dropKeyword(sf, privateKeyword(decl));
        edit(sf.fileName, decl.name.getStart(sf), decl.name.end, `#${name}`);
      }
    }
  }
  if (parameterProperties.length > 0) convertParameterProperties(sf, parameterProperties);
}

/** `constructor(private readonly x: T = d)` → field `readonly #x: T;` and `this.#x = x;` first in the body. */
function convertParameterProperties(sf, params) {
  const ctor = params[0].parent;
  const lineStart = sf.text.lastIndexOf('\n', ctor.getStart(sf)) + 1;
  const indent = sf.text.slice(lineStart, ctor.getStart(sf)).match(/^\s*/)[0];
  const fields = [];
  const assignments = [];
  for (const param of params) {
    const name = param.name.text;
    const readonly = param.modifiers.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword);
    const type = param.type === undefined ? '' : `: ${param.type.getText(sf)}${param.questionToken !== undefined ? ' | undefined' : ''}`;
    // Drop every modifier of the parameter (private, readonly).
    const first = param.modifiers[0];
    const last = param.modifiers[param.modifiers.length - 1];
    let end = last.end;
    while (sf.text[end] === ' ') end++;
    edit(sf.fileName, first.getStart(sf), end, '');
    fields.push(`${indent}${readonly ? 'readonly ' : ''}#${name}${type};\n`);
    assignments.push(`this.#${name} = ${name};`);
  }
  edit(sf.fileName, lineStart, lineStart, `${fields.join('')}\n`);
  const body = ctor.body;
  const superCall = body.statements.find(
    (st) => ts.isExpressionStatement(st) && ts.isCallExpression(st.expression) && st.expression.expression.kind === ts.SyntaxKind.SuperKeyword,
  );
  const lines = assignments.map((a) => `\n${indent}  ${a}`).join('');
  if (body.statements.length === 0 && sf.text.slice(body.getStart(sf), body.end) === '{}') {
    edit(sf.fileName, body.getStart(sf), body.end, `{${lines}\n${indent}}`);
  } else if (superCall !== undefined) {
    edit(sf.fileName, superCall.end, superCall.end, lines);
  } else {
    edit(sf.fileName, body.getStart(sf) + 1, body.getStart(sf) + 1, lines);
  }
}

let changed = 0;
for (const [file, list] of edits) {
  let text = readFileSync(file, 'utf8');
  const seen = new Set();
  list.splice(
    0,
    list.length,
    ...list.filter((e) => {
      const key = `${e.start}:${e.end}:${e.text}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
  );
  // Apply from the end; edits at one position keep their insertion order.
  const ordered = list.map((e, i) => ({ ...e, i })).sort((a, b) => b.start - a.start || b.i - a.i);
  for (const e of ordered) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  writeFileSync(file, text);
  changed++;
}
console.log(`${changed} files changed`);
for (const line of skipped) console.log(`left as private: ${line}`);
