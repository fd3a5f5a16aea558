package io.managedkvs.api.crd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates the CEL rules ({@code x-kubernetes-validations}) of a CRD schema against an object, the
 * way the API server does: each rule sees the value it is declared on as {@code self}; a rule that
 * mentions {@code oldSelf} is a transition rule, checked only on update and only where an old value
 * exists. The API server uses cel-go; this uses cel-java, which implements the same language. Only
 * the standard library and macros are available, so a rule that needs a Kubernetes extension
 * library fails to compile here, loudly.
 */
public final class CelRules {

    /** A rule that evaluated to false: the field that holds the rule, and the rule's message. */
    public record Violation(String field, String message) {
    }

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .addVar("oldSelf", SimpleType.DYN)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private final JsonNode schema;
    private final Map<String, CelRuntime.Program> programs = new HashMap<>();

    /** @param schema an openAPIV3Schema */
    public CelRules(JsonNode schema) {
        this.schema = schema;
    }

    /** The rules {@code object} breaks when it is created. */
    public List<Violation> onCreate(JsonNode object) {
        return onUpdate(null, object);
    }

    /** The rules {@code object} breaks when it replaces {@code old}. */
    public List<Violation> onUpdate(JsonNode old, JsonNode object) {
        List<Violation> out = new ArrayList<>();
        walk(schema, object, old, "", out);
        return out;
    }

    /** Every rule and message expression in the schema, compiled; throws naming the first that does not compile. */
    public int compileAll() {
        List<String> expressions = new ArrayList<>();
        collectExpressions(schema, expressions);
        expressions.forEach(this::program);
        return expressions.size();
    }

    private void walk(JsonNode schemaNode, JsonNode value, JsonNode old, String path, List<Violation> out) {
        if (schemaNode == null || value == null || value.isMissingNode() || value.isNull()) {
            return;
        }
        for (JsonNode rule : schemaNode.path("x-kubernetes-validations")) {
            check(rule, value, old, path, out);
        }
        JsonNode properties = schemaNode.get("properties");
        if (properties != null && value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> property = it.next();
                walk(property.getValue(), value.get(property.getKey()), old == null ? null : old.get(property.getKey()),
                        join(path, property.getKey()), out);
            }
        }
        JsonNode items = schemaNode.get("items");
        if (items != null && value.isArray()) {
            // The API server correlates old list items only for map- and set-typed lists; this schema has none.
            for (int i = 0; i < value.size(); i++) {
                walk(items, value.get(i), null, path + "[" + i + "]", out);
            }
        }
        JsonNode values = schemaNode.get("additionalProperties");
        if (values != null && values.isObject() && value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                walk(values, entry.getValue(), old == null ? null : old.get(entry.getKey()), join(path, entry.getKey()), out);
            }
        }
    }

    private void check(JsonNode rule, JsonNode value, JsonNode old, String path, List<Violation> out) {
        String expression = rule.get("rule").asText();
        boolean transition = expression.contains("oldSelf");
        if (transition && (old == null || old.isNull())) {
            return;
        }
        Map<String, Object> variables = new HashMap<>();
        variables.put("self", toCel(value));
        if (transition) {
            variables.put("oldSelf", toCel(old));
        }
        Object result = eval(expression, variables);
        if (!(result instanceof Boolean holds)) {
            throw new IllegalStateException("rule '" + expression + "' at " + path + " gave " + result + ", not a boolean");
        }
        if (!holds) {
            String message = rule.hasNonNull("messageExpression")
                    ? String.valueOf(eval(rule.get("messageExpression").asText(), variables))
                    : rule.path("message").asText();
            // A rule may name the field it is about (fieldPath, relative to where it sits), as the API server reports it.
            String field = rule.hasNonNull("fieldPath") ? join(path, rule.get("fieldPath").asText().replaceFirst("^\\.", "")) : path;
            out.add(new Violation(field, message));
        }
    }

    private Object eval(String expression, Map<String, Object> variables) {
        try {
            return program(expression).eval(variables);
        } catch (CelEvaluationException e) {
            throw new IllegalStateException("cannot evaluate '" + expression + "': " + e.getMessage(), e);
        }
    }

    private CelRuntime.Program program(String expression) {
        return programs.computeIfAbsent(expression, text -> {
            try {
                return RUNTIME.createProgram(COMPILER.compile(text).getAst());
            } catch (CelValidationException | CelEvaluationException e) {
                throw new IllegalStateException("CEL expression does not compile: " + text + "\n" + e.getMessage(), e);
            }
        });
    }

    private static void collectExpressions(JsonNode node, List<String> out) {
        if (node.isObject()) {
            for (JsonNode rule : node.path("x-kubernetes-validations")) {
                out.add(rule.get("rule").asText());
                if (rule.hasNonNull("messageExpression")) {
                    out.add(rule.get("messageExpression").asText());
                }
            }
        }
        if (node.isContainerNode()) {
            node.forEach(child -> collectExpressions(child, out));
        }
    }

    /** JSON as CEL sees it: objects as maps, integers as int (long), other numbers as double. */
    private static Object toCel(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), toCel(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(e -> list.add(toCel(e)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isNull()) {
            return NullValue.NULL_VALUE;
        }
        return node.asText();
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
