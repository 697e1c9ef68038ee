package io.strata.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateSyntaxException;
import com.hubspot.jinjava.lib.tag.Tag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;

/**
 * Jinja2's filter block, which Jinjava lacks: {@code {% filter upper %}…{% endfilter %}} renders the body and
 * passes it through the filters named, with their arguments ({@code {% filter replace('a', 'b') | trim %}}).
 */
final class FilterTag implements Tag {
    /** The rendered body, under a name no template can spell. */
    private static final String BODY = "__strata_filter_body__";

    @Override
    public String getName() {
        return "filter";
    }

    @Override
    public String getEndTagName() {
        return "endfilter";
    }

    @Override
    public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
        String filters = tagNode.getHelpers().trim();
        if (filters.isEmpty()) {
            throw new TemplateSyntaxException(tagNode.getMaster().getImage(),
                    "the filter tag needs a filter: {% filter upper %}…{% endfilter %}", tagNode.getLineNumber(), tagNode.getStartPosition());
        }
        StringBuilder body = new StringBuilder();
        for (Node child : tagNode.getChildren()) {
            body.append(child.render(interpreter).getValue());
        }
        try (var scope = interpreter.enterScope()) {
            interpreter.getContext().put(BODY, body.toString());
            return interpreter.getAsString(interpreter.resolveELExpression(BODY + " | " + filters, tagNode.getLineNumber()));
        }
    }
}
