package io.strata.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateSyntaxException;
import com.hubspot.jinjava.lib.tag.ElseTag;
import com.hubspot.jinjava.lib.tag.ForTag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import com.hubspot.jinjava.tree.parse.TagToken;
import com.hubspot.jinjava.util.ForLoop;
import com.hubspot.jinjava.util.ObjectIterator;
import com.hubspot.jinjava.util.ObjectTruthValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;

/**
 * Jinjava's {@code for} with two parts of Jinja2's that Jinjava reads differently. The filter: in
 * {@code {% for x in items if x.active %}} the loop goes over the items the condition keeps, so {@code loop.index},
 * {@code loop.last} and {@code loop.length} count those only (Jinjava would read {@code items if x.active} as the
 * iterable). The else branch: {@code {% for %}…{% else %}…{% endfor %}} renders the else part when no item was
 * looped over (Jinjava renders it in every pass). And a string is looped over by character, as in Python.
 */
final class Jinja2ForTag extends ForTag {
    @Override
    public String interpretUnchecked(TagNode tagNode, JinjavaInterpreter interpreter) {
        String helpers = tagNode.getHelpers();
        int in = Keywords.find(helpers, "in", 0);
        int condition = in < 0 ? -1 : Keywords.find(helpers, "if", in + 2);
        int recursive = in < 0 ? -1 : Keywords.find(helpers, "recursive", in + 2);
        if (recursive >= 0) {
            throw new TemplateSyntaxException(helpers.trim(), "a recursive for loop is not supported yet",
                    tagNode.getLineNumber(), tagNode.getStartPosition());
        }
        if (in < 0) {
            return super.interpretUnchecked(tagNode, interpreter);
        }
        int otherwise = elseIndex(tagNode);
        String targets = helpers.substring(0, in).trim();
        if (targets.startsWith("(") && targets.endsWith(")")) {
            targets = targets.substring(1, targets.length() - 1);
        }
        List<String> loopVariables = Arrays.stream(targets.split(",")).map(String::trim).filter(name -> !name.isEmpty()).toList();
        if (loopVariables.isEmpty()) {
            return super.interpretUnchecked(tagNode, interpreter);
        }
        String iterable = condition < 0 ? helpers.substring(in + 2) : helpers.substring(in + 2, condition);
        Object items = interpreter.resolveELExpression(iterable, tagNode.getLineNumber());
        if (items instanceof String text) {
            // Jinja2 loops over a string's characters; Jinjava would loop once, over the whole string.
            items = text.chars().mapToObj(c -> String.valueOf((char) c)).toList();
        }
        if (condition < 0 && otherwise < 0) {
            return renderForCollection(tagNode, interpreter, loopVariables, items);
        }
        List<Object> kept = condition < 0 ? all(items) : kept(interpreter, tagNode, loopVariables, items, helpers.substring(condition + 2));
        if (otherwise < 0) {
            return renderForCollection(tagNode, interpreter, loopVariables, kept);
        }
        List<Node> children = tagNode.getChildren();
        if (kept.isEmpty()) {
            StringBuilder rendered = new StringBuilder();
            for (Node child : children.subList(otherwise + 1, children.size())) {
                rendered.append(child.render(interpreter).getValue());
            }
            return rendered.toString();
        }
        TagNode body = new TagNode(tagNode.getTag(), (TagToken) tagNode.getMaster(), tagNode.getSymbols());
        body.setChildren(new LinkedList<>(children.subList(0, otherwise)));
        return renderForCollection(body, interpreter, loopVariables, kept);
    }

    /** The position of the loop's own {@code {% else %}} among its children, or -1. */
    private static int elseIndex(TagNode tagNode) {
        int index = 0;
        for (Node child : tagNode.getChildren()) {
            if (child instanceof TagNode tag && tag.getTag() instanceof ElseTag) {
                return index;
            }
            index++;
        }
        return -1;
    }

    private static List<Object> all(Object items) {
        List<Object> all = new ArrayList<>();
        ForLoop loop = ObjectIterator.getLoop(items);
        while (loop.hasNext()) {
            all.add(loop.next());
        }
        return all;
    }

    private static List<Object> kept(JinjavaInterpreter interpreter, TagNode tagNode, List<String> loopVariables,
                                     Object items, String test) {
        List<Object> kept = new ArrayList<>();
        ForLoop loop = ObjectIterator.getLoop(items);
        while (loop.hasNext()) {
            Object item = interpreter.wrap(loop.next());
            try (var scope = interpreter.enterScope()) {
                bind(interpreter, loopVariables, item);
                if (ObjectTruthValue.evaluate(interpreter.resolveELExpression(test, tagNode.getLineNumber()))) {
                    kept.add(item);
                }
            }
        }
        return kept;
    }

    /** The loop variables for one item, unpacked as the loop body will see them. */
    private static void bind(JinjavaInterpreter interpreter, List<String> variables, Object item) {
        if (variables.size() == 1) {
            interpreter.getContext().put(variables.getFirst(), item);
            return;
        }
        List<?> parts = switch (item) {
            case Map.Entry<?, ?> entry -> Arrays.asList(entry.getKey(), entry.getValue());
            case List<?> list -> list;
            case null, default -> List.of();
        };
        for (int i = 0; i < variables.size(); i++) {
            interpreter.getContext().put(variables.get(i), i < parts.size() ? parts.get(i) : null);
        }
    }
}
