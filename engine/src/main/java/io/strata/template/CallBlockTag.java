package io.strata.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateSyntaxException;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import com.hubspot.jinjava.lib.tag.CallTag;
import com.hubspot.jinjava.tree.TagNode;

import java.util.LinkedHashMap;

/**
 * Jinjava's call block, which also takes the arguments Jinja2 lets a macro pass back to the block:
 * {@code {% call(user) list_users(users) %}{{ user }}{% endcall %}} with {@code caller(user)} in the macro.
 */
final class CallBlockTag extends CallTag {
    @Override
    public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
        String helpers = tagNode.getHelpers().trim();
        if (!helpers.startsWith("(")) {
            return super.interpret(tagNode, interpreter);
        }
        int close = Keywords.closing(helpers, 0);
        if (close < 0) {
            throw new TemplateSyntaxException(helpers, "the call block's arguments are not closed: expected ')'",
                    tagNode.getLineNumber(), tagNode.getStartPosition());
        }
        LinkedHashMap<String, Object> parameters = new LinkedHashMap<>();
        String list = helpers.substring(1, close);
        for (int start = 0, comma; start < list.length(); start = comma + 1) {
            comma = Keywords.find(list, ",", start);
            comma = comma < 0 ? list.length() : comma;
            String parameter = list.substring(start, comma).trim();
            int equals = Keywords.find(parameter, "=", 0);
            if (equals < 0) {
                parameters.put(parameter, null);
            }
            else {
                parameters.put(parameter.substring(0, equals).trim(),
                        interpreter.resolveELExpression(parameter.substring(equals + 1), tagNode.getLineNumber()));
            }
        }
        try (var scope = interpreter.enterNonStackingScope()) {
            interpreter.getContext().addGlobalMacro(new MacroFunction(tagNode.getChildren(), "caller", parameters, true,
                    interpreter.getContext(), tagNode.getLineNumber(), tagNode.getStartPosition()));
            return interpreter.render("{{" + helpers.substring(close + 1) + "}}");
        }
    }
}
