/**
 * The query cost limit, beside the depth limit (depth.ts): a shallow query can still ask for a
 * lot (100 files x 100 proofs each), so before a query runs its cost is estimated from the
 * fields and page sizes it asks for, with its real variables, and a query over the limit is
 * refused with 40000 INVALID_PARAMS (as depth and page-size refusals are: the query is a
 * parameter this server will not take), extensions.cost and maxCost saying by how much.
 *
 * The estimate counts the objects and lists a query can make the server produce:
 *   cost(scalar field)       = 0
 *   cost(object or list)     = m x (1 + sum of its selections' costs), where m is
 *     - the field's `first` argument (DEFAULT_PAGE when absent) if it takes one;
 *     - 1 for a list inside a connection (`edges`: the connection's `first` counted it);
 *     - LIST_SIZE for any other list (a file's holders, candidates, an announcement's hashes): a guess;
 *     - 1 for a single object.
 * Fragments are followed. A list of scalars still costs m (each item is a row fetched).
 */
import {
  GraphQLError, Kind, getNamedType, getNullableType, isCompositeType, isListType, isObjectType,
  type DocumentNode, type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLField, type GraphQLSchema,
  type SelectionSetNode, type ValueNode,
} from "graphql";
import { statusName } from "@dsp/core";
import { DEFAULT_PAGE } from "./pages.js";

/** What an unpaged list is taken to hold. */
export const LIST_SIZE = 10;
export const DEFAULT_MAX_COST = 10_000;

export function queryCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> = {}, operationName?: string | null): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const op = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName));
  if (!op || op.kind !== Kind.OPERATION_DEFINITION) return 0;
  const root = op.operation === "query" ? schema.getQueryType() : op.operation === "mutation" ? schema.getMutationType() : schema.getSubscriptionType();
  if (!root) return 0;

  const valueOf = (node: ValueNode): unknown => {
    if (node.kind === Kind.VARIABLE) return variables[node.name.value];
    if (node.kind === Kind.INT) return Number(node.value);
    return undefined;
  };

  const costOf = (set: SelectionSetNode, parent: GraphQLCompositeType, seen: Set<string>): number => {
    let sum = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.INLINE_FRAGMENT) {
        const t = s.typeCondition ? schema.getType(s.typeCondition.name.value) : parent;
        if (t && isCompositeType(t)) sum += costOf(s.selectionSet, t, seen);
      } else if (s.kind === Kind.FRAGMENT_SPREAD) {
        const f = fragments.get(s.name.value);
        const t = f && schema.getType(f.typeCondition.name.value);
        if (f && t && isCompositeType(t) && !seen.has(f.name.value)) sum += costOf(f.selectionSet, t, new Set([...seen, f.name.value]));
      } else {
        const field: GraphQLField<unknown, unknown> | undefined = isObjectType(parent) ? parent.getFields()[s.name.value] : undefined;
        if (!field) continue; // __typename and the like
        const list = isListType(getNullableType(field.type));
        const named = getNamedType(field.type);
        if (!list && !isCompositeType(named)) continue;
        let m = 1;
        if (field.args.some((a) => a.name === "first")) {
          const arg = s.arguments?.find((a) => a.name.value === "first");
          const n = arg ? valueOf(arg.value) : undefined;
          m = typeof n === "number" && Number.isFinite(n) && n > 0 ? n : DEFAULT_PAGE;
        } else if (list && !parent.name.endsWith("Connection")) {
          m = LIST_SIZE;
        }
        const inner = s.selectionSet && isCompositeType(named) ? costOf(s.selectionSet, named, seen) : 0;
        sum += m * (1 + inner);
      }
    }
    return sum;
  };
  return costOf(op.selectionSet, root, new Set());
}

/** The yoga (envelop) plugin: refuses an operation whose cost is above `max` before it runs. */
export function costLimit(max: number) {
  const refusal = (cost: number) => ({
    errors: [new GraphQLError(`query cost ${cost} exceeds the limit of ${max}`, {
      extensions: { code: 40000, codeName: statusName(40000), cost, maxCost: max },
    })],
  });
  type Payload = {
    args: { schema: GraphQLSchema; document: DocumentNode; variableValues?: Record<string, unknown> | null; operationName?: string | null };
    setResultAndStopExecution: (r: ReturnType<typeof refusal>) => void;
  };
  const check = ({ args, setResultAndStopExecution }: Payload) => {
    const cost = queryCost(args.schema, args.document, args.variableValues ?? {}, args.operationName);
    if (cost > max) setResultAndStopExecution(refusal(cost));
  };
  return { onExecute: check, onSubscribe: check };
}
