/** A validation rule that refuses queries nested deeper than `max` fields (fragments followed). */
import { GraphQLError, Kind, type ASTNode, type FragmentDefinitionNode, type ValidationContext, type ValidationRule } from "graphql";
import { statusName } from "@dsp/core";

export function depthLimit(max: number): ValidationRule {
  return (context: ValidationContext) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    const depthOf = (node: ASTNode, seen: Set<string>): number => {
      if (node.kind === Kind.FIELD) {
        return node.selectionSet ? 1 + Math.max(0, ...node.selectionSet.selections.map((s) => depthOf(s, seen))) : 1;
      }
      if (node.kind === Kind.INLINE_FRAGMENT || node.kind === Kind.OPERATION_DEFINITION) {
        return Math.max(0, ...node.selectionSet.selections.map((s) => depthOf(s, seen)));
      }
      if (node.kind === Kind.FRAGMENT_SPREAD) {
        const f = fragments.get(node.name.value);
        if (!f || seen.has(f.name.value)) return 0;
        return Math.max(0, ...f.selectionSet.selections.map((s) => depthOf(s, new Set([...seen, f.name.value]))));
      }
      return 0;
    };
    return {
      OperationDefinition(op) {
        const depth = depthOf(op, new Set());
        if (depth > max) {
          context.reportError(new GraphQLError(`query depth ${depth} exceeds the limit of ${max}`, {
            nodes: [op], extensions: { code: 40000, codeName: statusName(40000) },
          }));
        }
      },
    };
  };
}
