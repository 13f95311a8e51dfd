/**
 * Every service operation takes one object, `verbEntity({ ctx, input })` (or `({ ctx })` when it
 * has no input), read from the source so it stays true (docs/architecture.md, issue 15). An
 * operation is an exported function of src/services that is handed a context or a database
 * (a parameter named ctx, db or deps, or typed with a context, Db or Transact). Exported pure
 * helpers (functions of their inputs: `pickAgent`, `dayRows`, the error constructors …) take
 * what they compute from and are not operations. The exceptions are listed with their reason.
 * Module-private functions may be positional: the ingest path keeps a few so that it builds no
 * argument object per message (chats.ts findChat, online/loads/putInList).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const SERVICES = join(ROOT, "src/services");

/** name → why it keeps its own signature */
const EXCEPTIONS: Record<string, string> = {
  "runtime-context.ts createServiceContext": "it builds the context the operations receive: its input is the runtime's parts (deps)",
  "compliance-statements.ts complianceStatements": "prepared statements of one database connection, cached per connection (as src/store/statements.ts): a store helper, handed the Db",
  "compliance.ts complianceAfterStore": "a hook of ctx.afterStore: its signature is AfterStore's `(ctx, shop, event)`, called for every stored event, where an argument object per event would be an allocation on the ingest path",
};

interface Finding {
  where: string;
  params: string;
}

const CONTEXT_TYPE = /\b(ServiceContext|ComplianceContext|Db|Transact)\b/;

function takesContext(params: readonly ts.ParameterDeclaration[]): boolean {
  return params.some((p) => {
    if (ts.isIdentifier(p.name) && ["ctx", "db", "deps"].includes(p.name.text)) return true;
    if (ts.isObjectBindingPattern(p.name) && p.name.elements.some((e) => (e.propertyName ?? e.name).getText() === "ctx")) return true;
    return p.type !== undefined && CONTEXT_TYPE.test(p.type.getText());
  });
}

/** one parameter: `{ ctx, input }` / `{ ctx }` destructured, or typed `{ ctx: …; input: … }` */
function isCtxInput(params: readonly ts.ParameterDeclaration[]): boolean {
  if (params.length !== 1) return false;
  const p = params[0]!;
  const names = ts.isObjectBindingPattern(p.name) ? p.name.elements.map((e) => (e.propertyName ?? e.name).getText()) : p.type && ts.isTypeLiteralNode(p.type) ? p.type.members.map((m) => m.name?.getText() ?? "") : [];
  return names.includes("ctx") && names.every((n) => n === "ctx" || n === "input");
}

/** Exported functions of one module (declarations and `export const f = (…) =>`) not in the `{ ctx, input }` form. */
function positionalOperations(file: string, source: string): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const out: Finding[] = [];
  const check = (name: string, params: ts.NodeArray<ts.ParameterDeclaration>) => {
    if (takesContext(params) && !isCtxInput(params)) out.push({ where: `${file} ${name}`, params: params.map((p) => p.getText()).join(", ") });
  };
  for (const st of sf.statements) {
    if (!ts.canHaveModifiers(st) || !ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    if (ts.isFunctionDeclaration(st) && st.name) check(st.name.text, st.parameters);
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        const init = d.initializer;
        if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) && ts.isIdentifier(d.name)) check(d.name.text, init.parameters);
      }
    }
  }
  return out;
}

function serviceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return serviceFiles(path);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [path] : [];
  });
}

const findings = serviceFiles(SERVICES).flatMap((path) => positionalOperations(relative(SERVICES, path), readFileSync(path, "utf8")));

describe("service operations take ({ ctx, input })", () => {
  it("every exported function handed a context takes one { ctx, input } object, or is a listed exception", () => {
    const unexpected = findings.filter((f) => !(f.where in EXCEPTIONS)).map((f) => `${f.where}(${f.params})`);
    expect(unexpected).toEqual([]);
  });

  it("every listed exception still exists and still needs its place on the list", () => {
    const found = new Set(findings.map((f) => f.where));
    expect(Object.keys(EXCEPTIONS).filter((k) => !found.has(k))).toEqual([]);
  });

  it("the reader tells the forms apart", () => {
    const src = `
      export async function good({ ctx, input }: { ctx: ServiceContext; input: { id: number } }) {}
      export function noInput({ ctx }: { ctx: ServiceContext }) {}
      export function typed(args: { ctx: ServiceContext; input: X }) {}
      export function pure(a: number, b: string) {}
      export async function positional(ctx: ServiceContext, shop: string) {}
      export const arrow = async (ctx) => {};
      export function withDb(db: Db, id: string) {}
      export function extra({ ctx, input, more }: { ctx: ServiceContext; input: X; more: Y }) {}
      function privateOne(ctx: ServiceContext, shop: string) {}
    `;
    expect(positionalOperations("probe.ts", src).map((f) => f.where)).toEqual(["probe.ts positional", "probe.ts arrow", "probe.ts withDb", "probe.ts extra"]);
  });
});
